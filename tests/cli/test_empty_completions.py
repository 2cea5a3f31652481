"""An empty completion (the model emitted EOS at once) is a trace without an answer: every
command reads it, counts it and judges it wrong; none reports it as bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.engines import register, unregister
from tests.conftest import read_jsonl, read_out, write_jsonl
from tests.filters.test_filter import RIGHT, trace
from tests.scripted import HintEngine, arithmetic_problems

EMPTY = {"completion": "", "answer": None, "correct": False, "check_reason": "no_answer",
         "answer_source": None, "tokens": 0}  # and rationale ""


@pytest.fixture
def hint_engine():
    register(HintEngine)
    HintEngine.seen = []
    yield HintEngine
    unregister("hint")


def problems(tmp_path: Path, count: int) -> Path:
    rows = arithmetic_problems(count)
    for k, r in enumerate(rows):
        r["id"] = f"p{k}"
    return write_jsonl(tmp_path / "problems.jsonl", rows)


def test_filter_reads_counts_and_drops_an_empty_completion(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0, RIGHT, check_reason="match",
                                                  answer_source="answer_is"),
                                            trace("a", 1, "", **EMPTY)])
    out = tmp_path / "out"
    r = runner.invoke(app, ["filter", str(src), "-o", str(out), "--explain", "--require-marker"])
    assert r.exit_code == 0, r.output
    assert "error" not in r.output and "predate" not in r.output
    assert "2 traces read, 1 written" in r.output
    stats = json.loads((out / "manifest.json").read_text())["stats"]
    assert stats["read"] == 2 and stats["check_reasons"]["no_answer"] == 1
    steps = {s["step"]: s for s in stats["steps"]}
    assert steps["correct"]["dropped"] == {"incorrect": 1}
    dropped = read_jsonl(out / "dropped" / "dropped.jsonl")
    assert [(d["sample"], d["drop_reason"]) for d in dropped] == [(1, "incorrect")]


@pytest.mark.parametrize("fmt", ["traces", "messages", "prompt-completion"])
def test_filter_exports_an_empty_completion_kept_on_purpose(runner, tmp_path, fmt):
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0, "", **EMPTY)])
    out = tmp_path / "out"
    r = runner.invoke(app, ["filter", str(src), "-o", str(out), "--no-correct", "--format", fmt])
    assert r.exit_code == 0, r.output
    assert len(read_out(out)) == 1


def test_rationalize_selects_a_problem_whose_completions_were_empty(runner, hint_engine,
                                                                      tmp_path):
    gen = write_jsonl(tmp_path / "gen.jsonl", [
        {"problem_id": "p0", "id": "p0/generate/it0/s0", "rationale": "", **EMPTY},
        {"problem_id": "p1", "id": "p1/generate/it0/s0", "rationale": "", **EMPTY,
         "completion": "1 + 3 = 4. The answer is 4.", "correct": True}])
    r = runner.invoke(app, ["rationalize", str(gen), "-p", str(problems(tmp_path, 2)),
                            "--task", "gsm8k", "--model", "m", "--engine", "hint", "-n", "1",
                            "-o", str(tmp_path / "out")])
    assert r.exit_code == 0, r.output
    assert "selected 1 of 2 problems" in r.output
    assert [x["problem_id"] for x in read_out(tmp_path / "out")] == ["p0"]


def test_empty_completions_through_generate_rationalize_and_filter(runner, scripted, tmp_path):
    probs = problems(tmp_path, 2)
    common = ["-p", str(probs), "--task", "gsm8k", "--model", "m", "--engine", "scripted",
              "-n", "2", "-q"]
    scripted.queue = ["", "0 + 1 = 1. The answer is 1.", "", ""]  # p0: one right; p1: EOS
    gen = tmp_path / "gen"
    r = runner.invoke(app, ["generate", str(probs), *common[2:], "-o", str(gen)])
    assert r.exit_code == 0, r.output
    empty = [x for x in read_out(gen) if x["completion"] == ""]
    assert len(empty) == 3 and all(not x["correct"] and x["answer"] is None for x in empty)
    scripted.queue = ["", ""]  # the hinted samples of p1 are empty too
    rat = tmp_path / "rat"
    r = runner.invoke(app, ["rationalize", str(gen), *common, "-o", str(rat)])
    assert r.exit_code == 0, r.output
    assert [(x["problem_id"], x["completion"]) for x in read_out(rat)] == [("p1", "")] * 2
    r = runner.invoke(app, ["filter", str(gen), str(rat), "-o", str(tmp_path / "sft"),
                            "--require-marker"])
    assert r.exit_code == 0, r.output
    stats = json.loads((tmp_path / "sft" / "manifest.json").read_text())["stats"]
    steps = {s["step"]: s for s in stats["steps"]}
    assert steps["correct"]["seen"] == 6 and steps["correct"]["dropped"] == {"incorrect": 5}
    assert steps["require_marker"]["kept"] == 1  # "The answer is 1." is a marker
    assert stats["check_reasons"]["no_answer"] == 5 and stats["check_reasons"]["match"] == 1
    assert [x["problem_id"] for x in read_out(tmp_path / "sft")] == ["p0"]
