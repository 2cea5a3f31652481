"""examples/addition: its data maker and report on tables written here, and the whole run at
toy size (real TRL training of a from-scratch model, real star commands) as a smoke test.
The full run is a benchmark (bench/addition.py), not a test."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO, read_out

EXAMPLE = REPO / "examples" / "addition"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"addition_example_{name}",
                                                  EXAMPLE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _pair(question: str) -> frozenset[int]:
    return frozenset(int(x) for x in question.split(" + "))


def test_data_keeps_test_apart_and_prompts_as_star_builds_them(tmp_path: Path) -> None:
    data = _module("data")
    sys.argv = ["data.py", str(tmp_path), "--quick", "--seed", "3"]
    data.main()
    pool, test = _rows(tmp_path / "pool.jsonl"), _rows(tmp_path / "test.jsonl")
    seed = _rows(tmp_path / "seed" / "train.jsonl")
    test_pairs = {_pair(r["question"]) for r in test}
    assert not test_pairs & {_pair(r["question"]) for r in pool}
    seed_questions = {r["prompt"].split("Q: ")[1].split(" (Answer")[0].split("\n")[0]
                      for r in seed}
    assert not test_pairs & {_pair(q) for q in seed_questions}
    assert not seed_questions & {r["question"] for r in pool}  # seed and pool apart too
    by_digits = {d: sum(r["digits"] == d for r in pool) for d in range(1, 6)}
    assert by_digits == {d: n for d, (_, n, _) in data.QUICK.items()}
    # the prompts are the ones star generate and star rationalize --few-shot 0 send
    plain = [r for r in seed if "(Answer:" not in r["prompt"]]
    hinted = [r for r in seed if "(Answer:" in r["prompt"]]
    assert len(plain) == len(seed_questions) and 0 < len(hinted) < len(plain)
    first = plain[0]
    assert first["prompt"].startswith("Q: ") and first["prompt"].endswith("\nA:")
    from star_cli.answers import check

    question = first["prompt"][3:-3]
    a, b = (int(x) for x in question.split(" + "))
    assert check(str(a + b), first["completion"], task="addition-steps", question=question).correct


def _trace(question: str, correct: bool, completion: str = "") -> dict:
    a, b = (int(x) for x in question.split(" + "))
    from star_cli.tasks.addition import scratchpad

    return {"question": question, "gold": str(a + b), "correct": correct,
            "completion": completion or (scratchpad(a, b) if correct else "The answer is 1.")}


def test_report_accuracy_and_frontier() -> None:
    report = _module("report")
    rows = [_trace("00001 + 00002", True), _trace("00011 + 00022", True),
            _trace("00011 + 00023", False), _trace("00111 + 00222", False)]
    # right final answer, wrong step: counted by `answer`, not by `steps`
    wrong_step = "1+2+0=03\n2+1+0=03\n1+2+0=03\n0+0+0=00\n0+0+0=00\nThe answer is 000333."
    rows.append(_trace("00111 + 00222", True, wrong_step))
    acc = report.accuracy(rows)
    assert acc == {"1": {"n": 1, "answer": 1.0, "steps": 1.0},
                   "2": {"n": 2, "answer": 0.5, "steps": 0.5},
                   "3": {"n": 2, "answer": 0.5, "steps": 0.0}}
    assert report.first_failed(acc) is None  # 50% is not failing
    assert report.first_failed({**acc, "3": {"n": 2, "answer": 0.0, "steps": 0.0}}) == "3"
    assert report.digits_of("00047 + 00005") == 2


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.slow  # real training and every star command of examples/addition, toy sized
def test_toy_run_end_to_end(tmp_path: Path) -> None:
    star = Path(sys.executable).parent / "star"
    trl = Path(sys.executable).parent / "trl"
    if not star.exists() or not trl.exists():
        pytest.skip("star and trl must be installed next to this Python")
    env = {**os.environ, "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
           "HF_HOME": str(tmp_path / "hf")}
    out = tmp_path / "run"
    cmd = ["bash", str(EXAMPLE / "run.sh"), "--toy", "--out", str(out)]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert list(results["accuracy"]) == ["base", "M1"]
    assert set(results["accuracy"]["base"]) == {"1", "2", "3"}
    assert results["checker"] == "addition-steps" and results["rationalize"] is True
    assert (out / "results.md").read_text().startswith("# STaR / V-STaR miniature")
    assert (out / "accuracy.png").stat().st_size > 1000
    # every model is a real, loadable checkpoint; M1 was fine-tuned from the base
    for model in ("base", "it0/model"):
        assert (out / model / ".star-done").exists() and (out / model / "config.json").exists()
    log = (out / "it0" / "model.log").read_text()
    assert str(out / "base") in _rows_manifest(out / "it0" / "gen")["config"]["model"]
    assert "Training completed" in log or "train_runtime" in log
    held_out = read_out(out / "eval" / "it1")
    assert len(held_out) == len(_rows(out / "data" / "test.jsonl"))
    assert all(r["sampling"]["temperature"] == 0 for r in held_out)
    # rerun: every finished step is skipped
    again = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    assert again.returncode == 0, again.stderr[-3000:]
    assert (out / "it0" / "model.log").read_text() == log


def _rows_manifest(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text())


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(("args", "says"), [
    (["--checker", "addition"], "--checker must be"),
    (["--seed", "one"], "whole numbers"),
    (["--iterations", "-1"], "whole numbers"),
    (["--frobnicate"], "unknown option"),
    (["--out"], "--out needs a value"),
])
def test_bad_options_exit_2_before_anything_is_written(tmp_path: Path, args: list[str],
                                                       says: str) -> None:
    proc = subprocess.run(["bash", str(EXAMPLE / "run.sh"), *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_states_a_curve_from_a_base_at_zero() -> None:
    report = _module("report")
    results = {"run": "r", "seed": 0, "checker": "addition-steps", "rationalize": True,
               "accuracy": {"base": {"3": {"n": 1, "answer": 0.0, "steps": 0.0}},
                            "M1": {"3": {"n": 1, "answer": 1.0, "steps": 1.0}}},
               "frontier": {"digits": "3", "curve": [0.0, 1.0], "ratio": None, "rising": True},
               "iterations": []}
    text = report.markdown(results)
    assert "First digit count the base fails: **3**: 0.0% → 100.0%." in text
