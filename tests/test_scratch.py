"""A killed filter/pairs/score/select leaves its spool in TMPDIR; the next star run of this host
removes it, and never one of a live process or of another host."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from star_cli.io import scratch
from tests.conftest import REPO, read_out, write_jsonl
from tests.test_filter import RIGHT, trace

OLD = time.time() - 10 * scratch.GRACE_S


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def make(root: Path, name: str, *, age: float = OLD, file: bool = False) -> Path:
    path = root / name
    if file:
        path.write_text("x")
    else:
        path.mkdir()
        (path / "bucket-00.jsonl").write_text("{}\n")
    os.utime(path, (age, age))
    return path


@pytest.mark.parametrize("name, gone", [
    ("star-filter-{host}-{dead}-abc123", True),
    ("star-pairs-{host}-{dead}-x_y", True),
    ("star-score-{host}-{dead}-q", True),
    ("star-select-{host}-{dead}-q", True),
    ("star-filter-{host}-{live}-abc123", False),   # the parent of this test: alive
    ("star-filter-{host}-{me}-abc123", False),     # this very process
    ("star-filter-otherhost-{dead}-abc123", False),  # a shared TMPDIR: not our pid space
    ("star-generate-{host}-{dead}-abc123", False),  # not a star scratch name
    ("star-filter-abc123", False),                  # the old unnamed form: owner unknown
    ("mything-{host}-{dead}-abc", False),
])
def test_sweep_removes_only_this_hosts_dead_runs(tmp_path, name, gone):
    path = make(tmp_path, name.format(host=scratch._host(), dead=dead_pid(), live=os.getppid(),
                                      me=os.getpid()))
    removed = scratch.sweep(tmp_path)
    assert path.exists() is not gone
    assert removed == ([path] if gone else [])


def test_sweep_spares_young_directories_and_plain_files(tmp_path):
    pid = dead_pid()
    young = make(tmp_path, f"star-filter-{scratch._host()}-{pid}-young", age=time.time())
    plain = make(tmp_path, f"star-filter-{scratch._host()}-{pid}-file", file=True)
    assert scratch.sweep(tmp_path) == []
    assert young.exists() and plain.exists()


def test_sweep_of_a_missing_root_is_harmless(tmp_path):
    assert scratch.sweep(tmp_path / "nope") == []


def test_scratch_dir_is_named_for_its_owner_and_removed(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with scratch.scratch_dir("filter") as tmp:
        assert tmp.parent == tmp_path
        assert scratch._NAME.match(tmp.name)
        assert f"-{os.getpid()}-" in tmp.name
    assert not tmp.exists()


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_a_killed_filter_leaves_a_spool_that_the_next_run_removes(tmp_path):
    rows = [trace(f"p{i:05d}", k, RIGHT + f" Check {i} {k}.") for i in range(4000)
            for k in range(4)]
    src = write_jsonl(tmp_path / "traces.jsonl", rows)
    tmp_root = tmp_path / "tmp"
    tmp_root.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp_root), "CI": "true"}
    argv = [sys.executable, "-m", "star_cli", "filter", str(src), "-q", "-o"]
    proc = subprocess.Popen([*argv, str(tmp_path / "killed")], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not list(tmp_root.glob("star-filter-*")) and proc.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the filter ended before its spool could be seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    (left,) = tmp_root.glob("star-filter-*")
    os.utime(left, (OLD, OLD))  # as if killed a while ago

    done = subprocess.run([*argv, str(tmp_path / "out")], cwd=REPO, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not left.exists()
    assert list(tmp_root.iterdir()) == []  # and its own spool removed on exit
    assert len(read_out(tmp_path / "out")) == len(rows)
