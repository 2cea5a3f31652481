"""SIGKILL at any moment loses only the problems in flight; reruns finish the job exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, read_out, write_jsonl
from tests.scripted import arithmetic_problems

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals"),
              pytest.mark.slow]  # each test kills and reruns star processes


def command(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "star_cli", "generate", str(src), "--task", "gsm8k",
            "--model", "m", "--engine", "tests.scripted:ScriptedEngine", "--engine-arg",
            "delay=0.08", "--chunk-size", "2", "--shard-size", "7", "-n", "3", "-q", "-o",
            str(out)]


def progress(out: Path) -> int:
    """Problems committed so far (sealed shards and whole groups in partial ones). The writer
    renames and deletes files while we look, so a file may vanish between glob and read."""
    data = out / "data"
    if not data.exists():
        return 0
    n = 0
    for path in list(data.glob(".*.idx")) + list(data.glob("*.jsonl")):
        try:
            lines = len(path.read_text().splitlines())
        except FileNotFoundError:
            continue
        n += lines if path.suffix == ".idx" else lines // 3
    return n


@pytest.mark.parametrize("kill_after", [1, 4, 9, 15])
def test_sigkill_then_rerun_gives_each_sample_once(tmp_path, kill_after):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(40))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    for round_ in range(2):  # kill twice, at different depths, then finish
        proc = subprocess.Popen(command(src, out), cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        target = kill_after * (round_ + 1)
        while progress(out) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert proc.poll() is None, "the run ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["status"] == "running"  # a killed run never looks complete
    done = subprocess.run(command(src, out), cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    rows = read_out(out)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) == 40 * 3
    assert not list((out / "data").glob(".*"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 120
    assert sum(s["records"] for s in manifest["shards"]) == 120
    stats = manifest["stats"]  # the killed runs' totals survive their kills
    assert (stats["problems"], stats["samples"]) == (40, 120)
    assert stats["correct"] == sum(r["correct"] for r in rows)


def test_sigterm_closes_the_run_like_ctrl_c(tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(40))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(command(src, out), cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while progress(out) < 5 and time.monotonic() < deadline:
        time.sleep(0.005)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "rerun the same command to resume" in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert not list((out / "data").glob(".*"))  # the open shard was sealed
    done = subprocess.run(command(src, out), cwd=REPO, env=env, capture_output=True)
    assert done.returncode == 0
    assert len({r["id"] for r in read_out(out)}) == len(read_out(out)) == 120
