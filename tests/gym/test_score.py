"""Scoring gym rows with the family's own scorer: exact 1.0 only, errors and deadlines."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("reasoning_gym")

from star_cli.answers.pool import WorkerPool  # noqa: E402
from star_cli.errors import UsageError  # noqa: E402
from star_cli.gym import (  # noqa: E402
    BROKEN,
    GymScore,
    dumps_row,
    extract_answer,
    score_answer,
    score_completion,
)
from star_cli.gym.problems import plan_problems, rows_here  # noqa: E402


def rows(spec: str, size: int = 3, seed: int = 0, **config: str) -> list[dict]:
    # read back from JSON text, as `star check` reads a trace file in another process
    made = rows_here(plan_problems(spec, size, seed, config, allow_broken=True))
    return [json.loads(dumps_row(r)) for r in made]


def score(row: dict, answer: str | None, workers, **kw) -> GymScore:
    return score_answer(row["gym"], answer, workers=workers, **kw)


# -- extraction ---------------------------------------------------------------------------------

COMPLETIONS = [
    "no tags at all",
    "<answer>42</answer>",
    "<answer> 42 </answer>",
    "<answer>\n  42\n</answer>",
    "think... <answer>1</answer> wait, no: <answer>2</answer>",
    "<answer></answer>",
    "<answer>unclosed",
    "<answer>a\nb</answer> trailing text",
    "<answer><answer>x</answer></answer>",
    "<ANSWER>upper</ANSWER>",
]


@pytest.mark.parametrize("completion", COMPLETIONS)
def test_extract_answer_is_reasoning_gyms(completion):
    from reasoning_gym.utils import extract_answer as theirs

    assert extract_answer(completion) == theirs(completion)


def test_extract_answer_takes_the_last_and_none_without_one():
    assert extract_answer("<answer>1</answer> then <answer> 2 </answer>") == "2"
    assert extract_answer("The answer is 2.") is None


# -- exact answers ------------------------------------------------------------------------------

def test_the_gold_scores_one_and_is_correct_on_several_families(gym_workers):
    for family in ("chain_sum", "spell_backward", "word_sorting", "knights_knaves",
                   "tower_of_hanoi", "sudoku"):
        for row in rows(family, size=2):
            verdict = score(row, row["gold"], gym_workers)
            assert verdict == GymScore(1.0, True, "match"), (family, row["gold"], verdict)


def test_a_near_answer_gets_partial_credit_and_is_not_correct(gym_workers):
    row = rows("chain_sum", size=1)[0]
    near = score(row, row["gold"] + "0", gym_workers)
    # reasoning-gym's default scorer: an answer containing the gold gets len(gold)/len(answer)
    expected = len(row["gold"]) / (len(row["gold"]) + 1)
    assert near == GymScore(pytest.approx(expected), False, "mismatch")
    assert 0 < near.score < 1
    sentence = score(row, f"The answer is {row['gold']}", gym_workers)
    assert 0 < sentence.score < 1 and not sentence.correct


def test_a_partial_scorer_of_words_is_not_correct_below_one(gym_workers):
    row = rows("word_sorting", size=1)[0]
    words = row["gold"].split(", ")
    assert len(words) > 2
    shuffled = ", ".join([words[1], words[0], *words[2:]])
    verdict = score(row, shuffled, gym_workers)
    assert not verdict.correct and verdict.reason == "mismatch" and verdict.score < 1.0


def test_correct_only_at_exactly_one():
    class Scripted:
        def __init__(self, value: float) -> None:
            self.value = value

        def call(self, request, timeout):
            return self.value

    row = {"family": "chain_sum", "entry": {"answer": "1", "metadata": {}}}
    assert score_answer(row, "1", workers=Scripted(1.0)) == GymScore(1.0, True, "match")
    below = score_answer(row, "1", workers=Scripted(0.9999999999))
    assert below == GymScore(0.9999999999, False, "mismatch")
    assert score_answer(row, "1", workers=Scripted(1.5)).correct is False


def test_arc_boards_are_compared_as_the_tuples_the_generator_made(gym_workers):
    for family in ("rearc", "arc_1d"):
        row = rows(family, size=1)[0]
        assert score(row, row["gold"], gym_workers).correct, family
    # without the recorded types the scorer compares a tuple board with a list: never equal
    row = rows("rearc", size=1)[0]
    untyped = {**row["gym"], "types": {}}
    assert score_answer(untyped, row["gold"], workers=gym_workers).score == 0.05


def test_a_family_without_gold_is_checked_by_its_scorer(gym_workers):
    row = rows("graph_color", size=1)[0]
    assert row["gold"] is None
    colouring = json.dumps(row["gym"]["entry"]["metadata"]["possible_answer"])
    assert score(row, colouring, gym_workers) == GymScore(1.0, True, "match")
    one_colour = json.dumps({k: 1 for k in row["gym"]["entry"]["metadata"]["possible_answer"]})
    assert not score(row, one_colour, gym_workers).correct


def test_options_stored_in_the_row_rebuild_the_scorers_dataset(gym_workers):
    row = rows("basic_arithmetic", size=1, operators="+,-", whitespace="no_space")[0]
    assert row["gym"]["config"] == {"operators": ["+", "-"], "whitespace": "no_space"}
    assert score(row, row["gold"], gym_workers).correct


def test_score_completion_extracts_then_scores(gym_workers):
    row = rows("chain_sum", size=1)[0]
    answer, verdict = score_completion(row["gym"], f"1 + 1... so <answer>{row['gold']}</answer>",
                                       workers=gym_workers)
    assert answer == row["gold"] and verdict.correct


# -- no answer, errors, deadlines ---------------------------------------------------------------

def test_no_answer_is_not_scored():
    class Unused:
        def call(self, request, timeout):
            raise AssertionError("the scorer ran without an answer")

    row = {"family": "chain_sum", "entry": {"answer": "1", "metadata": {}}}
    assert score_answer(row, None, workers=Unused()) == GymScore(0.0, False, "no_answer")


def test_a_scorer_that_raises_is_an_error_never_a_crash(gym_workers):
    life = rows("game_of_life", size=1)[0]
    verdict = score(life, "{}", gym_workers)
    assert verdict.reason == "error" and not verdict.correct and verdict.score is None
    assert "KeyError" in verdict.detail
    boxnet = rows("boxnet", size=1)[0]
    assert score(boxnet, "0", gym_workers).reason == "error"
    # the worker survives its scorer's exceptions
    row = rows("chain_sum", size=1)[0]
    assert score(row, row["gold"], gym_workers).correct


def test_a_scorer_past_its_deadline_is_a_timeout():
    workers = WorkerPool(1, module="tests.gym.hang_worker")
    try:
        row = {"family": "chain_sum", "entry": {"answer": "1", "metadata": {}}}
        verdict = score_answer(row, "1", workers=workers, timeout=0.5)
        assert verdict == GymScore(None, False, "timeout", "no score within 0.5 s")
        assert workers.timeouts == 1
    finally:
        workers.close()


# -- refused ------------------------------------------------------------------------------------

@pytest.mark.parametrize("family", sorted(BROKEN))
def test_a_broken_familys_rows_are_refused_with_the_reason(family, gym_workers):
    row = rows(family, size=1)[0]
    with pytest.raises(UsageError) as e:
        score(row, row["gold"] or "x", gym_workers)
    assert str(e.value) == f"gym:{family} is refused: {BROKEN[family]}"


def test_a_row_of_an_unknown_family_or_none_is_refused():
    with pytest.raises(UsageError, match="unknown reasoning-gym family 'nope'"):
        score_answer({"family": "nope", "entry": {}}, "1")
    with pytest.raises(UsageError, match="needs gym.family"):
        score_answer({}, "1")
