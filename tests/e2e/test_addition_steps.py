"""examples/addition's step-label add-on: the exact labeller, the report's measures, and
steps.sh end to end on a toy run (star steps, --format stepwise, the PRM trained with
transformers, star score --kind prm, star select)."""

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
from tests.scripted_steps import first_wrong, wrong_at

EXAMPLE = REPO / "examples" / "addition"


def _module(name: str) -> ModuleType:
    sys.path.insert(0, str(EXAMPLE))
    try:
        spec = importlib.util.spec_from_file_location(f"addition_steps_{name}",
                                                      EXAMPLE / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXAMPLE))
    return module


def test_exact_first_error_is_where_the_scratchpad_goes_wrong() -> None:
    exact = _module("exact")
    q = "00047 + 00385"
    for k in (None, 0, 1, 2, 3, 4, 5):
        steps = wrong_at(q, k).split("\n")
        assert exact.exact_first_error(q, steps) == (-1 if k is None else k)
        assert exact.exact_first_error(q, steps) == first_wrong(q, wrong_at(q, k))
    right = wrong_at(q, None).split("\n")
    # the right digit sum through the wrong digits: wrong there, though the sum holds
    swapped = ["7+5+0=12", "3+9+1=13", *right[2:]]
    assert exact.exact_first_error(q, swapped) == 1
    assert exact.exact_first_error(q, [*right[:5], "The answer is 432."]) == -1  # unpadded
    assert exact.exact_first_error(q, right[:3]) == 2  # stopped early: its last step
    assert exact.exact_first_error(q, [*right, "More."]) == 6  # run on past the answer
    assert exact.exact_first_error(q, [*right[:4], right[5]]) == 4  # answer too early
    assert exact.exact_labels(q, swapped) == [True, False, False, False, False, False]
    assert exact.question_of("Q: 00047 + 00385\nA:") == q


def test_report_measures_labels_against_the_exact_ones() -> None:
    report = _module("steps_report")
    q = "00047 + 00385"

    def row(k: int | None, found: int) -> dict:
        steps = wrong_at(q, k).split("\n")
        return {"id": f"{k}-{found}", "question": q, "steps": steps, "first_error": found,
                "step_labels": [found < 0 or i < found for i in range(6)],
                "step_rollouts": [2] * 5 + [0], "rollout_tokens": 10}

    rows = [row(None, -1), row(2, 2), row(2, 0), row(4, 5)]
    q_ = report.label_quality(rows)
    assert q_["first_error_agreement"] == 0.5
    assert q_["first_error_agreement_on_errors"] == round(1 / 3, 4)
    assert q_["found_too_early"] == 1 and q_["found_too_late"] == 1
    # wrong steps: truth {2..5} x2, {4,5}; said {2..5}, {0..5}, {5}
    assert q_["wrong_step_precision"] == round(9 / 11, 4)
    assert q_["wrong_step_recall"] == round(9 / 10, 4)
    assert q_["rollouts"] == 40 and q_["first_error_agreement_by_digits"] == {"3": 0.5}
    # a PRM judged as ProcessBench judges one: its first step below 0.5
    scored = [{"question": q, "rationale": wrong_at(q, k), "prm_steps": probs}
              for k, probs in [(None, [0.9] * 6), (2, [0.9, 0.8, 0.2, 0.1, 0.1, 0.1]),
                               (2, [0.9] * 6), (None, [0.9, 0.4, 0.9, 0.9, 0.9, 0.9])]]
    pb = report.processbench(scored)
    assert pb == {"with_error": 2, "accuracy_on_errors": 0.5, "without_error": 2,
                  "accuracy_on_correct": 0.5, "f1": 0.5}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.slow  # a toy run.sh, then steps.sh: real training, every command it runs
def test_steps_sh_on_a_toy_run(tmp_path: Path) -> None:
    star = Path(sys.executable).parent / "star"
    trl = Path(sys.executable).parent / "trl"
    if not star.exists() or not trl.exists():
        pytest.skip("star and trl must be installed next to this Python")
    env = {**os.environ, "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
           "HF_HOME": str(tmp_path / "hf"), "PYTHONPATH": str(REPO)}
    run = tmp_path / "run"
    proc = subprocess.run(["bash", str(EXAMPLE / "run.sh"), "--toy", "--out", str(run)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    cmd = ["bash", str(EXAMPLE / "steps.sh"), "--run", str(run), "--label", "6", "--measure",
           "3", "--rollouts", "2", "--prm-steps", "2"]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = run / "steps"
    full, binary = read_out(out / "labels-full"), read_out(out / "labels-binary")
    assert {r["problem_id"] for r in full} <= {r["problem_id"] for r in binary}
    assert len({r["problem_id"] for r in binary}) == 6
    rows = read_out(out / "stepwise")
    assert len(rows) == len(binary) and all(
        len(r["completions"]) == len(r["labels"]) for r in rows)
    for name in ("prm", "orm", "prm-exact"):
        assert (out / name / ".star-done").exists()
        assert json.loads((out / name / "prm.json").read_text())["rows"] == len(rows)
        assert all("prm_min" in r for r in read_out(out / f"scored-{name}"))
    results = json.loads((out / "steps.json").read_text())
    assert set(results["labels"]) == {"binary", "full"}
    assert "best_of_k:prm_min (prm)" in results["selection"]
    assert "best_of_k:prm_last (orm)" in results["selection"]
    assert (out / "steps.md").read_text().startswith("# Step labels on the addition")
