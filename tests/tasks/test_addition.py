"""--task addition: prompts, exemplars, both checkers (wrong steps included), the problem maker."""

from __future__ import annotations

import json

import pytest

from star_cli.answers import check, check_many
from star_cli.answers.batch import Pair
from star_cli.errors import InputError
from star_cli.records import Location, Problem
from star_cli.registry import CHECKERS, make_checker
from star_cli.tasks import PromptOptions, get_task
from star_cli.tasks.addition import (
    WIDTH,
    make_problems,
    question,
    scratchpad,
    split_of,
    write_splits,
)

WHERE = Location("p.jsonl", 1)

# 47 + 385 = 432 at width 4, written by hand, in the preset's terse form and the long one.
RIGHT = "7+5+0=12\n4+8+1=13\n0+3+1=04\n0+0+0=00\nThe answer is 00432."
LONG = (
    "7 + 5 + 0 = 12, write 2 carry 1\n"
    "4 + 8 + 1 = 13, write 3 carry 1\n"
    "0 + 3 + 1 = 4, write 4 carry 0\n"
    "0 + 0 + 0 = 0, write 0 carry 0\n"
    "The answer is 432."
)
QUESTION = "0047 + 0385"


def _edit(line: int, new: str, text: str = RIGHT) -> str:
    lines = text.split("\n")
    lines[line] = new
    return "\n".join(lines)


def _drop(line: int) -> str:
    lines = RIGHT.split("\n")
    del lines[line]
    return "\n".join(lines)


# -- prompts and exemplars -----------------------------------------------------------------


def test_question_and_scratchpad_format():
    assert question(47, 385, 4) == "0047 + 0385"
    assert question(47, 385) == "00047 + 00385" and WIDTH == 5
    assert scratchpad(47, 385, 4) == RIGHT
    assert scratchpad(999, 1, 3).splitlines()[-2:] == [
        "9+0+1=10", "The answer is 1000."]
    assert scratchpad(3, 4, 3).splitlines()[-2:] == ["0+0+0=00", "The answer is 0007."]
    with pytest.raises(ValueError):
        question(123456, 1)


def test_prompt_and_hint():
    task = get_task("addition")
    problem = task.read({"question": "0047 + 0385", "gold": "432"}, WHERE)
    plain = task.prompt(problem, PromptOptions(few_shot=0))
    assert plain == "Q: 0047 + 0385\nA:"  # no instruction line: the exemplars teach
    hinted = task.prompt(problem, PromptOptions(hinted=True))
    assert hinted.endswith("Q: 0047 + 0385 (Answer: 432)\nA:")
    assert task.hint(problem) == "(Answer: 432)"
    assert hinted.count("(Answer: ") == len(task.exemplars) + 1  # the exemplars show theirs
    assert task.training_prompt(problem, PromptOptions(hinted=True)) == plain


@pytest.mark.parametrize(("record", "gold"), [
    ({"question": "0047 + 0385", "gold": "432"}, "432"),
    ({"question": " 7 + 5 ", "answer": "12"}, "12"),
    ({"question": "00001 + 00002", "gold": "003"}, "3"),
])
def test_read(record, gold):
    problem = get_task("addition").read(record, WHERE)
    assert problem.gold == gold and problem.question == record["question"].strip()


@pytest.mark.parametrize("record", [
    {"question": "47 - 385", "gold": "-338"},
    {"question": "What is 4 + 5?", "gold": "9"},
    {"question": "47 + 385", "gold": "433"},
    {"question": "47 + 385", "gold": "4.32e2"},
    {"question": "47 + 385"},
])
def test_read_rejects(record):
    with pytest.raises(InputError):
        get_task("addition").read(record, WHERE)


def test_exemplars():
    task = get_task("addition")
    assert 1 <= len(task.exemplars) <= 3
    steps = make_checker("addition-steps")
    for i, ex in enumerate(task.exemplars):
        problem = task.read({"question": ex.question, "gold": task.exemplar_gold(ex)}, WHERE)
        a, b = (int(x) for x in ex.question.split(" + "))
        assert len(str(max(a, b))) == i + 1  # 1, 2 and 3 digits
        assert ex.question == question(a, b) and ex.rationale == scratchpad(a, b)
        assert int(problem.gold) == a + b
        for checker in (task.checker, steps):
            verdict = checker.judge(checker.prepare(problem.gold), ex.rationale)
            assert verdict.correct and verdict.end == len(ex.rationale), (i, verdict)
        assert task.truncate(ex.rationale) == ex.rationale
        assert "\n\n" not in ex.rationale and "Q:" not in ex.rationale


# -- checkers ------------------------------------------------------------------------------

# (completion, numeric correct, steps correct without the question, with it)
CASES = {
    "right": (RIGHT, True, True, True),
    "right, long form": (LONG, True, True, True),
    "right, sums and answer unpadded": (RIGHT.replace("=0", "=").replace("00432", "432"), True,
                                        True, True),
    "steps not one a line": (RIGHT.replace("\n", "; ", 3), True, False, False),
    "final answer on the last step's line": (RIGHT.replace("0\nThe", "0. The"), True, True,
                                             True),
    "answer padded wrongly": (RIGHT.replace("00432", "004320"), False, False, False),
    "long form, and carry": (LONG.replace(" carry", ", and carry"), True, True, True),
    "wrong final answer": (RIGHT.replace("is 00432.", "is 00433."), False, False, False),
    # numeric's fallback reads the last line's last number, 0
    "no final answer": (RIGHT.rpartition("\n")[0], False, False, False),
    "wrong digit sum": (_edit(1, "4+8+1=14"), True, False, False),
    "wrong digit written": (_edit(1, "4 + 8 + 1 = 13, write 4 carry 1", LONG), True, False,
                            False),
    "dropped carry": (_edit(2, "0+3+0=4"), True, False, False),
    "wrong carry out": (_edit(0, "7 + 5 + 0 = 12, write 2 carry 0", LONG), True, False,
                        False),
    "skipped digit": (_drop(1), True, False, False),
    "a line not a step": (_edit(3, "so far so good"), True, False, False),
    "no steps": ("The answer is 432.", True, False, False),
    "digits not the answer": (_edit(3, "0+0+0=0\n1+0+0=1"), True, False, False),
    "two-digit operand": (_edit(0, "17+5+0=22"), True, False, False),
    # The steps add up, to the right sum, but not the question's digits: 47 + 385 is not
    # 385 + 47 digit for digit (swapped), nor 57 + 375 (a digit moved across operands).
    "operands swapped": ("5+7+0=12\n8+4+1=13\n3+0+1=4\n0+0+0=0\nThe answer is 432.", True,
                         True, False),
    "a digit copied wrongly": ("7+5+0=12\n5+7+1=13\n0+3+1=4\n0+0+0=0\nThe answer is 432.",
                               True, True, False),
    "leading zero step left out": (_drop(3), True, True, False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_checkers(name):
    completion, numeric, steps, with_question = CASES[name]
    by_numeric = check("432", completion, task="addition")
    assert by_numeric.correct is numeric, by_numeric
    for asked, expected in ((None, steps), (QUESTION, with_question)):
        verdict = check("432", completion, task="addition-steps", question=asked)
        assert verdict.correct is expected, (asked, verdict)
        assert verdict.reason == ("match" if expected else "mismatch")
        if numeric:  # the final answer was right: the steps decided
            assert verdict.method == "steps" and int(verdict.answer) == 432


def test_steps_checker_registered_and_batched():
    assert "addition-steps" in CHECKERS
    assert make_checker("addition-steps").with_timeout(1.0).name == "addition-steps"
    for asked, column in ((None, 2), (QUESTION, 3)):
        pairs = [Pair("432", row[0], question=asked) for row in CASES.values()]
        got = [v.correct for v in check_many(pairs, "addition-steps", workers=2)]
        assert got == [row[column] for row in CASES.values()]


def test_steps_checker_bounded():
    long = "\n".join(["0+0+0=0"] * 10_000) + "\nThe answer is 0."
    assert check("0", long, task="addition-steps").reason == "mismatch"
    wide = "0" * 100_000
    assert not check("0", long, task="addition-steps", question=f"{wide} + {wide}").correct


@pytest.mark.parametrize(("a", "b", "width"), [(0, 0, 1), (9, 9, 1), (47, 385, 5),
                                               (99999, 1, 5), (12345, 67890, 5), (5, 5, 8)])
def test_scratchpad_round_trip(a, b, width):
    pad = scratchpad(a, b, width)
    verdict = check(str(a + b), pad, task="addition-steps", question=question(a, b, width))
    assert verdict.correct, verdict
    if a != b:  # the other problem's scratchpad does not verify for this one
        other = question(b + 1, a, width) if b + 1 < 10**width else question(b, a + 1, width)
        assert not check(str(a + b), pad, task="addition-steps", question=other).correct


# -- the problem maker ---------------------------------------------------------------------


@pytest.mark.parametrize("digits", [1, 2, 3, 5])
def test_make_problems_deterministic(digits):
    count = 10
    one = make_problems(digits, count, seed=3)
    assert one == make_problems(digits, count, seed=3)
    assert one != make_problems(digits, count, seed=4)
    assert len({r["question"] for r in one}) == count
    task = get_task("addition")
    for r in one:
        problem = task.read(r, WHERE)
        a, b = (int(x) for x in r["question"].split(" + "))
        assert r["question"] == question(a, b) and problem.gold == str(a + b)
        assert all(len(str(x)) == digits for x in (a, b) if digits > 1)
        assert r["digits"] == digits


def test_make_problems_exclude_and_exhaustion():
    first = make_problems(1, 60, seed=0)
    pairs = [tuple(int(x) for x in r["question"].split(" + ")) for r in first]
    rest = make_problems(1, 40, seed=0, exclude=pairs)
    assert not {r["question"] for r in rest} & {r["question"] for r in first}
    with pytest.raises(ValueError):
        make_problems(1, 41, seed=0, exclude=pairs)
    with pytest.raises(ValueError):
        make_problems(6, 1, seed=0)  # wider than WIDTH


@pytest.mark.parametrize("digits", [1, 2, 4])
def test_train_and_test_apart(digits):
    for seed in range(3):
        train = make_problems(digits, 12, seed, split="train")
        test = make_problems(digits, 12, seed + 1, split="test")
        sets = [{frozenset(map(int, r["question"].split(" + "))) for r in s}
                for s in (train, test)]
        assert not sets[0] & sets[1]  # not even a swapped pair
        for r in train:
            assert split_of(*map(int, r["question"].split(" + "))) == "train"
    assert split_of(47, 385) == split_of(385, 47)


def test_write_splits(tmp_path):
    counts = {1: (20, 5), 2: (30, 10), 3: (30, 10)}
    paths = write_splits(tmp_path / "data", counts, seed=7)
    rows = {name: [json.loads(line) for line in p.read_text().splitlines()]
            for name, p in paths.items()}
    assert [len(rows["train"]), len(rows["test"])] == [80, 25]
    questions = [{r["question"] for r in rows[n]} for n in ("train", "test")]
    assert not questions[0] & questions[1]
    assert write_splits(tmp_path / "again", counts, seed=7)["test"].read_text() == \
        paths["test"].read_text()
    problem = get_task("addition").read(rows["test"][0], WHERE)
    assert isinstance(problem, Problem)
