"""examples/star_loop.sh end to end: two STaR iterations with scripted models and a stand-in
for the fine-tuning command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, read_out, write_jsonl
from tests.scripted import arithmetic_problems

pytestmark = [pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash"),
              pytest.mark.slow]  # runs examples/star_loop.sh


def test_two_iterations(tmp_path: Path) -> None:
    train = write_jsonl(tmp_path / "train.jsonl", arithmetic_problems(5))
    star = Path(sys.executable).parent / "star"
    if not star.exists():
        pytest.skip("the star command is not installed next to this Python")
    env = {
        **os.environ,
        "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "STAR_SAMPLES": "2",
        "STAR_ARGS": "--engine tests.scripted:HintEngine -q",
        # a stand-in for `trl sft`: record what it was given
        "FINETUNE": "mkdir -p {out} && echo '{base} {data}' > {out}/trained-on",
    }
    runs = tmp_path / "runs"
    proc = subprocess.run(
        ["bash", str(REPO / "examples" / "star_loop.sh"), str(train), "gsm8k", "base-model",
         "2", str(runs)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for i in (0, 1):
        it = runs / f"it{i}"
        # the scripted model never solves a problem unaided, and always with the hint
        assert all(not r["correct"] for r in read_out(it / "gen"))
        rat = read_out(it / "rat")
        assert len(rat) == 5 and all(r["correct"] and r["iteration"] == i for r in rat)
        sft = read_out(it / "sft")
        assert len(sft) == 5 and all(set(r) == {"messages"} for r in sft)
        # always fine-tuned from the base model, on this iteration's data
        assert (it / "model" / "trained-on").read_text().split() == ["base-model", str(it / "sft")]
    manifest = json.loads((runs / "it1" / "gen" / "manifest.json").read_text())
    assert manifest["config"]["model"] == str(runs / "it0" / "model")
    rerun = subprocess.run(
        ["bash", str(REPO / "examples" / "star_loop.sh"), str(train), "gsm8k", "base-model",
         "2", str(runs)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert "+ mkdir" not in rerun.stderr  # finished fine-tunes are not redone


def test_loop_stops_before_fine_tuning_on_nothing(tmp_path: Path) -> None:
    # the scripted oracle answers 0 or 1 to a question that is not "What is A + B?": never 7
    train = write_jsonl(tmp_path / "train.jsonl", [
        {"question": f"How many apples are in basket {k}?", "answer": "#### 7"} for k in range(3)])
    star = Path(sys.executable).parent / "star"
    if not star.exists():
        pytest.skip("the star command is not installed next to this Python")
    env = {
        **os.environ,
        "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "STAR_SAMPLES": "2",
        "STAR_ARGS": "--engine tests.scripted:ScriptedEngine -q",
        "FINETUNE": "mkdir -p {out} && touch {out}/trained",
    }
    runs = tmp_path / "runs"
    proc = subprocess.run(
        ["bash", str(REPO / "examples" / "star_loop.sh"), str(train), "gsm8k", "base-model",
         "2", str(runs)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    assert "star: error: nothing kept" in proc.stderr
    assert "stopping before fine-tuning" in proc.stderr
    assert not (runs / "it0" / "model").exists() and not (runs / "it1").exists()
    manifest = json.loads((runs / "it0" / "sft" / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 0
