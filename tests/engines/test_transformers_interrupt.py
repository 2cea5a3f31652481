"""Ctrl-C during `star generate --engine transformers`: exit 130, the shard sealed.

The engine thread was inside torch's generate when the interpreter exited; Python 3.11 ends
such a thread with pthread_exit, which C++ answers with std::terminate (exit 134)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from tests.conftest import REPO, read_out, write_jsonl  # noqa: E402
from tests.scripted import arithmetic_problems  # noqa: E402
from tests.tiny_model import tiny_model_dir  # noqa: E402, F401

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals"),
              pytest.mark.slow]  # a process loading torch and a model, interrupted


def test_ctrl_c_exits_130_with_the_shard_sealed(tmp_path, tiny_model_dir):  # noqa: F811
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(200))
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "star_cli", "generate", str(src), "--task", "gsm8k",
           "--engine", "transformers", "--model", str(tiny_model_dir), "-n", "2",
           "--max-tokens", "8", "--few-shot", "0", "--batch-size", "2", "--chunk-size", "2",
           "--shard-size", "4", "-q", "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    # the first progress: a group indexed in the open shard, or a sealed shard
    while time.monotonic() < deadline and proc.poll() is None and not (
        list((out / "data").glob("*.jsonl")) if (out / "data").exists() else []
    ):
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    # The engine thread is already in its next generate call: it prefetches the next chunk.
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "terminate called" not in err and "rerun the same command to resume" in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    assert not list((out / "data").glob(".*"))  # no .partial, no .idx left
    rows = read_out(out)
    assert rows and sum(s["records"] for s in manifest["shards"]) == len(rows)
