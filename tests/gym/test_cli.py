"""reasoning-gym through star's commands: `star problems` writes a problem file, `--task gym`
samples and judges by the family's scorer (1.0 only), `star check` re-scores from the trace
file alone, rationalize skips families without a gold, broken families are refused."""

from __future__ import annotations

import json

import pytest

from star_cli.cli import app
from tests.conftest import read_out, write_jsonl

pytestmark = pytest.mark.slow


def problems(runner, tmp_path, spec="gym:basic_arithmetic", size=3, *config):
    path = tmp_path / "p.jsonl"
    args = ["problems", spec, "--size", str(size), "--seed", "1", "-o", str(path), "-q"]
    for c in config:
        args += ["--config", c]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    return path


def test_sample_judge_and_recheck(runner, scripted, tmp_path):
    path = problems(runner, tmp_path)
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    gold = rows[0]["gold"]
    scripted.queue = [f"I compute it. <answer>{gold}</answer>", "<answer>123456</answer>",
                      "No answer tags here."]
    r = runner.invoke(app, ["generate", str(path), "--task", "gym", "--model", "m", "--engine",
                            "scripted", "-n", "3", "--limit", "1", "-o", str(tmp_path / "g"),
                            "-q"])
    assert r.exit_code == 0, r.output
    out = read_out(tmp_path / "g")
    assert [(t["correct"], t["check_reason"], t["gym_score"]) for t in out] == [
        (True, "match", 1.0), (False, "mismatch", out[1]["gym_score"]),
        (False, "no_answer", 0.0)]
    assert out[1]["gym_score"] < 1.0 and out[0]["answer"] == gold
    assert "<answer>answer here</answer>" in out[0]["prompt"]
    r = runner.invoke(app, ["check", str(tmp_path / "g"), "--task", "gym", "-o", "-", "-q"])
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["correct"] for line in r.stdout.splitlines()] == \
        [True, False, False]


def test_partial_credit_is_no_label_of_correct(runner, scripted, tmp_path):
    path = problems(runner, tmp_path, "gym:word_sorting", 1)
    row = json.loads(path.read_text())
    near = ", ".join(reversed(row["gold"].split(", ")))  # the right words, wrong order
    scripted.queue = [f"<answer>{near}</answer>"]
    r = runner.invoke(app, ["generate", str(path), "--task", "gym", "--model", "m", "--engine",
                            "scripted", "-n", "1", "-o", "-", "-q"])
    assert r.exit_code == 0, r.output
    trace = json.loads(r.stdout)
    assert trace["correct"] is False and (trace["gym_score"] or 0) < 1.0


def test_broken_family_and_bad_rows(runner, tmp_path):
    r = runner.invoke(app, ["problems", "gym:game_of_life_halting", "--size", "2", "-o", "-"])
    assert r.exit_code == 2 and "game_of_life_halting" in r.stderr
    r = runner.invoke(app, ["problems", "gym:no_such_family", "--size", "2", "-o", "-"])
    assert r.exit_code == 2 and "no_such_family" in r.stderr
    bad = write_jsonl(tmp_path / "b.jsonl", [{"id": "x", "question": "q", "gold": "1"}])
    r = runner.invoke(app, ["generate", str(bad), "--task", "gym", "--model", "m", "--engine",
                            "transformers", "-o", "-"])
    assert r.exit_code == 2 and "b.jsonl:1: field 'gym'" in r.stderr


def test_rationalize_skips_a_family_without_gold(runner, scripted, tmp_path):
    path = problems(runner, tmp_path, "gym:propositional_logic", 2)
    assert all(json.loads(line)["gold"] is None for line in path.read_text().splitlines())
    scripted.queue = ["<answer>P</answer>"] * 2
    r = runner.invoke(app, ["generate", str(path), "--task", "gym", "--model", "m", "--engine",
                            "scripted", "-n", "1", "-o", str(tmp_path / "g"), "-q"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["rationalize", str(tmp_path / "g"), "-p", str(path), "--task",
                            "gym", "--model", "m", "--engine", "scripted", "-n", "1",
                            "-o", str(tmp_path / "r")])
    said = " ".join(r.stderr.split())
    assert "has no gold answer" in said and "no hint to show" in said
