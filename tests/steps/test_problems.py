"""Problem ids never depend on --skip / --limit; repeated ids never share traces."""

from __future__ import annotations

import json
import logging

from star_cli.cli import app
from star_cli.records import Location
from star_cli.steps.problems import Scope, load_problems
from star_cli.tasks import get_task
from tests.conftest import read_out, write_jsonl


def records(rows):
    return [(r, Location("p.jsonl", i)) for i, r in enumerate(rows, start=1)]


def problem(pid, k):
    return {"id": pid, "question": f"What is {k} + 1?", "answer": f"#### {k + 1}"}


def ids(rows, **selection):
    return [p.id for p in load_problems(records(rows), get_task("gsm8k"), Scope(**selection))]


def test_repeated_id_with_other_content_gets_a_content_suffix_whatever_the_skip():
    rows = [problem("a", 1), problem("b", 2), problem("a", 3), problem("a", 4)]
    every = ids(rows)
    assert every[:2] == ["a", "b"]
    assert all(i.startswith("a~") for i in every[2:]) and len(set(every)) == 4
    # --skip and --limit pick problems; they never rename them
    assert ids(rows, skip=2) == every[2:]
    assert ids(rows, skip=3) == every[3:]
    assert ids(rows, skip=1, limit=2) == every[1:3]
    # the suffix is the content's: the same problem elsewhere in the file gets the same id
    moved = [problem("a", 1), problem("a", 4), problem("b", 2), problem("a", 3)]
    assert dict(zip(ids(moved), [r["question"] for r in moved], strict=True)) == \
        dict(zip(every, [r["question"] for r in rows], strict=True))


def test_exact_repeat_is_read_once_with_one_warning(caplog):
    rows = [problem("a", 1), problem("b", 2)]
    with caplog.at_level(logging.WARNING, logger="star_cli"):
        got = ids(rows + rows + rows)
    assert got == ["a", "b"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "4 exact repeats" in warnings[0].getMessage()
    # the second copy alone (the first skipped) is the same problems, not nothing
    assert ids(rows + rows, skip=2) == ["a", "b"]


def test_int_and_string_ids_of_different_problems_never_share_traces(runner, scripted,
                                                                   tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [
        {"id": 1, "question": "What is 1 + 2?", "answer": "#### 3"},
        {"id": "1", "question": "What is 5 + 6?", "answer": "#### 11"},
    ])
    out = tmp_path / "out"
    result = runner.invoke(app, ["generate", str(src), "--task", "gsm8k", "--engine",
                                 "scripted", "--model", "m", "-n", "2", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.stderr
    rows = read_out(out)
    assert len(rows) == 4 and len({r["id"] for r in rows}) == 4
    by_problem = {}
    for r in rows:
        by_problem.setdefault(r["problem_id"], set()).add(r["question"])
    assert len(by_problem) == 2 and all(len(q) == 1 for q in by_problem.values())
    # the same problem under 1 and "1" is one problem
    same = write_jsonl(tmp_path / "same.jsonl", [
        {"id": 1, "question": "What is 1 + 2?", "answer": "#### 3"},
        {"id": "1", "question": "What is 1 + 2?", "answer": "#### 3"},
    ])
    result = runner.invoke(app, ["generate", str(same), "--task", "gsm8k", "--engine",
                                 "scripted", "--model", "m", "-n", "1", "-o", "-", "-q"])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["problem_id"] for x in result.stdout.splitlines()] == ["1"]


def test_resume_with_another_skip_keeps_each_problem_under_its_own_id(runner, scripted,
                                                                      tmp_path):
    rows = [problem("a", 1), problem("b", 2), problem("a", 3), problem("c", 4)]
    src = write_jsonl(tmp_path / "p.jsonl", rows)
    out = tmp_path / "out"
    base = ["generate", str(src), "--task", "gsm8k", "--engine", "scripted", "--model", "m",
            "-n", "1", "-o", str(out), "-q"]
    assert runner.invoke(app, [*base, "--skip", "2"]).exit_code == 0
    assert runner.invoke(app, base).exit_code == 0
    got = read_out(out)
    assert len(got) == 4
    question = {}
    for r in got:
        assert question.setdefault(r["problem_id"], r["question"]) == r["question"]
    assert sorted(question.values()) == sorted(r["question"] for r in rows)
