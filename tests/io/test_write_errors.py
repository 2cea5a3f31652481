"""A full disk (a file-size limit standing in for it): one line naming the file, exit 1,
the output consistent, and a rerun without the limit writes every sample exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, read_out, write_jsonl
from tests.scripted import arithmetic_problems

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs RLIMIT_FSIZE")


def command(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "star_cli", "generate", str(src), "--task", "gsm8k",
            "--model", "m", "--engine", "tests.scripted:ScriptedEngine", "-n", "3",
            "--chunk-size", "4", "--shard-size", "30", "-q", "-o", str(out)]


def limited(max_bytes: int):
    def preexec() -> None:
        import resource
        import signal

        # Without SIGXFSZ ignored the kernel kills the writer; ignored, write fails (EFBIG).
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, max_bytes))

    return preexec


@pytest.mark.parametrize("max_bytes", [400, 20_000])  # the first manifest / a shard
def test_full_disk_then_rerun(tmp_path, max_bytes):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(40))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    failed = subprocess.run(command(src, out), cwd=REPO, env=env, capture_output=True,
                            text=True, timeout=60, preexec_fn=limited(max_bytes))
    assert failed.returncode == 1, failed.stderr
    assert "Traceback" not in failed.stderr
    errors = [x for x in failed.stderr.splitlines() if x.startswith("star: error:")]
    assert len(errors) == 1 and "cannot write" in errors[0] and str(out) in errors[0]
    assert "File too large" in errors[0]
    manifest = out / "manifest.json"
    if manifest.exists():  # the last good manifest: its shards are there, whole
        m = json.loads(manifest.read_text())
        assert m["status"] != "complete"
        for shard in m["shards"]:
            lines = (out / shard["file"]).read_text().splitlines()
            assert len(lines) == shard["records"] and all(json.loads(x) for x in lines)
    done = subprocess.run(command(src, out), cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    ids = [r["id"] for r in read_out(out)]
    assert len(ids) == len(set(ids)) == 40 * 3
    m = json.loads(manifest.read_text())
    assert m["status"] == "complete" and m["records"] == 120
    assert not list((out / "data").glob(".*"))
