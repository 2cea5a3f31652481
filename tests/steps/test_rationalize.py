"""star rationalize: selection, hinted sampling, hint-free storage, leak marks, resume."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.engines import register, unregister
from star_cli.io.few_shot import sampled_prompt
from star_cli.records import Problem
from star_cli.steps.rationalize import TargetRule, choose
from star_cli.tasks import PromptOptions, get_task
from tests.conftest import read_jsonl, read_out, write_jsonl
from tests.scripted import HintEngine, arithmetic_problems


@pytest.fixture
def hint_engine():
    register(HintEngine)
    HintEngine.seen = []
    yield HintEngine
    unregister("hint")


@pytest.fixture
def setup(tmp_path: Path):
    """Six problems; generate traces: p0 1/4 correct, p1 4/4, p2 0/4, p3..p5 absent."""
    rows = arithmetic_problems(6)
    for k, r in enumerate(rows):
        r["id"] = f"p{k}"
    problems = write_jsonl(tmp_path / "problems.jsonl", rows)
    traces = []
    for pid, right in (("p0", 1), ("p1", 4), ("p2", 0)):
        traces += [{"problem_id": pid, "correct": s < right, "gold": "x", "completion": "c",
                    "id": f"{pid}/generate/it0/s{s}"} for s in range(4)]
    gen = write_jsonl(tmp_path / "gen.jsonl", traces)
    return problems, gen, tmp_path


def rat(runner, gen, problems, *args):
    argv = ["rationalize", str(gen), "--problems", str(problems), "--task", "gsm8k",
            "--model", "m", "--engine", "hint", *map(str, args)]
    return runner.invoke(app, argv)


def test_recovers_exactly_the_unsolved_problems_hint_free(runner, hint_engine, setup):
    problems, gen, tmp = setup
    out = tmp / "out"
    result = rat(runner, gen, problems, "-n", 2, "-o", out)
    assert result.exit_code == 0, result.output
    assert "selected 4 of 6 problems" in result.output and "4 unsolved, of which 3" in result.output
    rows = read_out(out)
    assert sorted({r["problem_id"] for r in rows}) == ["p2", "p3", "p4", "p5"]
    assert all(r["correct"] and r["source"] == "rationalize" for r in rows)
    assert all("/rationalize/it0/" in r["id"] for r in rows)
    task = get_task("gsm8k")
    for r in rows:
        problem = Problem(r["problem_id"], r["question"], r["gold"])
        # schema 2: the prompt without exemplars; with the block, exactly what generate
        # would have sampled
        assert r["prompt"] == task.training_prompt(problem, PromptOptions())
        assert sampled_prompt(r, out) == task.prompt(problem, PromptOptions())
        assert "(Answer:" not in r["prompt"]
        assert r["hint"] == f"(Answer: {r['gold']})"
        assert r["hint_leak"] is False and r["hint_leak_rule"] is None
    # the engine did see the hint, in the question and in every exemplar
    seen = hint_engine.seen[0].prompt
    assert seen.count("(Answer: ") == 1 + len(task.exemplars)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == "rationalize" and manifest["status"] == "complete"


def test_selection_rules():
    problems = [Problem(f"p{k}", "q", "1") for k in range(4)]
    counts = {"p0": [4, 1], "p1": [4, 4], "p2": [4, 0]}
    assert [p.id for p in choose(problems, counts, TargetRule()).problems] == ["p2", "p3"]
    rate = choose(problems, counts, TargetRule(max_solve_rate=0.5))
    assert [p.id for p in rate.problems] == ["p0", "p2", "p3"] and rate.low_rate == 1
    assert len(choose(problems, counts, TargetRule(all=True)).problems) == 4
    s = choose(problems, counts, TargetRule())
    assert (s.given, s.unsolved, s.absent) == (4, 2, 1)


def test_max_solve_rate_and_all_on_the_command_line(runner, hint_engine, setup):
    problems, gen, tmp = setup
    r = rat(runner, gen, problems, "-n", 1, "-o", "-", "--max-solve-rate", 0.5, "-q")
    assert sorted(json.loads(x)["problem_id"] for x in r.stdout.splitlines()) == [
        "p0", "p2", "p3", "p4", "p5"]
    r = rat(runner, gen, problems, "-n", 1, "-o", "-", "--all", "-q")
    assert len(r.stdout.splitlines()) == 6


def test_leaks_are_marked(runner, hint_engine, setup):
    problems, gen, tmp = setup
    r = rat(runner, gen, problems, "-n", 2, "-o", "-", "--engine-arg", "leak=1", "-q")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [r["hint_leak"] for r in rows] == [False, True] * 4
    assert {r["hint_leak_rule"] for r in rows if r["hint_leak"]} == {"mentions_hint"}


def test_leaks_inside_a_thought_are_marked(runner, scripted, setup):
    """A thinking model's thought is scanned for leaks too; an unfinished thought is no
    recovery; star filter drops both by default."""
    problems, gen, tmp = setup
    answers = {f"p{k}": 3 * k + 1 for k in range(6)}  # p2..p5 are selected, in order
    scripted.queue += [
        f"<think>The hint says {answers['p2']}, so that is it.</think> The answer is "
        f"{answers['p2']}.",
        f"<think>Adding the two numbers gives {answers['p3']}.</think> The answer is "
        f"{answers['p3']}.",
        f"<think>Hmm, maybe {answers['p4']}, let me see",
        f"{answers['p5']} comes out.</think> The answer is {answers['p5']}.",
    ]
    out = tmp / "rat"
    r = rat(runner, gen, problems, "-n", 1, "-o", out, "--engine", "scripted", "-q")
    assert r.exit_code == 0, r.output
    rows = sorted(read_out(out), key=lambda x: x["problem_id"])
    assert [x["hint_leak_rule"] for x in rows] == ["mentions_hint", None, None, None]
    assert [x["check_reason"] for x in rows] == ["match", "match", "unfinished_thought",
                                                 "match"]
    assert rows[3]["thinking"] == f"{answers['p5']} comes out."
    kept = runner.invoke(app, ["filter", str(out), "-o", "-", "-q"])
    assert sorted(json.loads(x)["problem_id"] for x in kept.stdout.splitlines()) == ["p3", "p5"]


def test_csqa_marks_the_right_choice_and_stores_it_unmarked(runner, hint_engine, tmp_path):
    rows = [{"id": "c0", "answerKey": "B", "question": {"stem": "Where are books lent?",
             "choices": [{"label": "A", "text": "bank"}, {"label": "B", "text": "library"}]}}]
    problems = write_jsonl(tmp_path / "p.jsonl", rows)
    gen = write_jsonl(tmp_path / "g.jsonl", [{"problem_id": "c0", "correct": False}])
    r = runner.invoke(app, ["rationalize", str(gen), "-p", str(problems), "--task", "csqa",
                            "--model", "m", "--engine", "hint", "-n", "1", "-o", "-", "-q"])
    row = json.loads(r.stdout)
    assert row["correct"] is True and row["answer"] == "B"
    assert row["hint"] == "(b) library (CORRECT)"
    assert "(CORRECT)" not in row["prompt"] and "(CORRECT)" in hint_engine.seen[0].prompt


def test_chat_prompts_are_stored_without_the_hint(runner, hint_engine, setup):
    problems, gen, tmp = setup
    r = rat(runner, gen, problems, "-n", 1, "-o", "-", "--chat", "--few-shot", 1, "-q")
    row = json.loads(r.stdout.splitlines()[0])
    assert row["correct"] is True
    assert isinstance(row["prompt"], list)
    assert all("(Answer:" not in m["content"] for m in row["prompt"])
    assert hint_engine.seen[0].prompt[-1]["content"].endswith(f"(Answer: {row['gold']})")


def test_resume_and_refusal(runner, hint_engine, setup):
    problems, gen, tmp = setup
    out = tmp / "out"
    assert rat(runner, gen, problems, "-n", 2, "-o", out).exit_code == 0
    first = read_out(out)
    again = rat(runner, gen, problems, "-n", 2, "-o", out)
    assert again.exit_code == 0 and "nothing to rationalize" in again.output
    assert read_out(out) == first
    other = rat(runner, gen, problems, "-n", 3, "-o", out)
    assert other.exit_code == 2 and "different configuration" in other.output


def test_nothing_unsolved_is_not_an_error(runner, hint_engine, tmp_path):
    problems = write_jsonl(tmp_path / "p.jsonl", [{**arithmetic_problems(1)[0], "id": "p0"}])
    gen = write_jsonl(tmp_path / "g.jsonl", [{"problem_id": "p0", "correct": True}])
    r = rat(runner, gen, problems, "-o", tmp_path / "out")
    assert r.exit_code == 0 and "selected 0 of 1" in r.output
    assert read_out(tmp_path / "out") == []


@pytest.mark.parametrize(
    ("rows", "args", "message"),
    [
        ([{"correct": True}], [], "g.jsonl:1: field 'problem_id': missing"),
        ([{"problem_id": "p0", "correct": "yes"}], [], "g.jsonl:1: field 'correct'"),
        ([{"problem_id": "zz", "correct": False}], [], "none of the problems appears"),
        ([{"problem_id": "p0", "correct": False}], ["--all", "--max-solve-rate", "0.5"],
         "choose one"),
        ([{"problem_id": "p0", "correct": False}], ["--max-solve-rate", "2"],
         "--max-solve-rate must be in (0, 1]"),
    ],
)
def test_bad_input(runner, hint_engine, tmp_path, rows, args, message):
    problems = write_jsonl(tmp_path / "p.jsonl", [{**arithmetic_problems(1)[0], "id": "p0"}])
    gen = write_jsonl(tmp_path / "g.jsonl", rows)
    r = rat(runner, gen, problems, "-o", tmp_path / "out", *args)
    assert r.exit_code == 2 and message in r.output
    assert not (tmp_path / "out").exists()


def test_no_generate_output_is_a_usage_error(runner, hint_engine, setup):
    problems, _, tmp = setup
    r = runner.invoke(app, ["rationalize", "-p", str(problems), "--task", "gsm8k", "--model",
                            "m", "--engine", "hint", "-o", "-"])
    assert r.exit_code == 2 and "Missing argument 'INPUT'" in r.output


def test_generic_hint_template(runner, hint_engine, tmp_path):
    problems = write_jsonl(tmp_path / "p.jsonl", [{"q": "What is 2 + 5?", "a": "7", "k": "g0"}])
    gen = write_jsonl(tmp_path / "g.jsonl", [{"problem_id": "g0", "correct": False}])
    r = runner.invoke(app, ["rationalize", str(gen), "-p", str(problems), "--task", "generic",
                            "--question-field", "q", "--answer-field", "a", "--id-field", "k",
                            "--hint-template", "{question} (Answer: {answer})", "--model", "m",
                            "--engine", "hint", "-n", "1", "-o", "-", "-q"])
    assert r.exit_code == 0, r.output
    row = json.loads(r.stdout)
    assert row["correct"] is True and row["hint"] == "(Answer: 7)"
    assert "(Answer" not in row["prompt"]


def test_reads_a_generate_output_directory(runner, hint_engine, scripted, setup):
    problems, _, tmp = setup
    gen_out = tmp / "gen"
    g = runner.invoke(app, ["generate", str(problems), "--task", "gsm8k", "--model", "m",
                            "--engine", "scripted", "-n", "2", "-o", str(gen_out), "-q"])
    assert g.exit_code == 0
    r = rat(runner, gen_out, problems, "-n", 1, "-o", "-", "--all", "-q")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 6
    assert read_jsonl(gen_out / "data" / "00000-00000.jsonl")[0]["source"] == "generate"


def test_generic_hint_template_keeps_the_choices_in_view():
    from star_cli.records import Choice
    from star_cli.tasks import GenericOptions

    task = get_task("generic", GenericOptions(choices_field="choices",
                                              hint_template="{question} (Answer: {answer})"))
    p = Problem("c", "Where are books lent?", "B", (Choice("A", "bank"), Choice("B", "library")))
    hinted = task.prompt(p, PromptOptions(hinted=True))
    assert "(b) library" in hinted and hinted.rstrip().endswith("(Answer: B)\nA:")
