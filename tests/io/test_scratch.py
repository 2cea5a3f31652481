"""A killed filter/pairs/score/select leaves its spool in TMPDIR; the next star run of this host
removes it, and never one of a live process or of another host."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from star_cli.io import scratch
from tests.conftest import REPO, read_out, write_jsonl
from tests.filters.test_filter import RIGHT, trace

OLD = time.time() - 10 * scratch.GRACE_S
HOST = scratch._host()


def make(root: Path, name: str, *, age: float = OLD, owner: bool = True) -> Path:
    """A scratch directory as a run leaves it (a bucket, its unlocked .owner), `age` old."""
    path = root / name.format(host=HOST)
    path.mkdir()
    (path / "bucket-00.jsonl").write_text("{}\n")
    if owner:
        (path / scratch.OWNER).write_text("")
    os.utime(path, (age, age))
    return path


@contextmanager
def held(path: Path):
    """The owner's lock held by another live process, as a running star holds it."""
    code = ("import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('locked', flush=True); time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(path / scratch.OWNER)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        yield
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.parametrize("name, owner, gone", [
    ("star-filter-{host}-123-abc123", True, True),
    ("star-pairs-{host}-123-x_y", True, True),
    ("star-score-{host}-123-q", True, True),
    ("star-select-{host}-123-q", True, True),
    ("star-filter-{host}-123-nolock", False, True),  # killed before it took its lock
    ("star-filter-{host}-99999999999999999999-q", True, True),  # no pid is ever looked up
    ("star-filter-otherhost-123-abc123", True, False),  # a shared TMPDIR: another host's
    ("star-generate-{host}-123-abc123", True, False),  # not a star scratch name
    ("star-filter-abc123", True, False),  # the old unnamed form: owner unknown
    ("mything-{host}-123-abc", True, False),
])
def test_sweep_removes_only_this_hosts_abandoned_runs(tmp_path, name, owner, gone):
    path = make(tmp_path, name, owner=owner)
    assert scratch.sweep(tmp_path) == ([path] if gone else [])
    assert path.exists() is not gone


def test_a_live_owners_directory_is_kept_whatever_its_name_says(tmp_path):
    """A pid in the name may be dead here and alive in another PID namespace sharing this
    TMPDIR: only the lock counts. Released, the directory goes."""
    path = make(tmp_path, "star-filter-{host}-999999-live")
    with held(path):
        assert scratch.sweep(tmp_path) == []
        assert path.exists()
    assert scratch.sweep(tmp_path) == [path]


def test_sweep_spares_young_directories_links_files_and_other_users(tmp_path):
    young = make(tmp_path, "star-filter-{host}-1-young", age=time.time())
    plain = tmp_path / f"star-filter-{HOST}-1-file"
    plain.write_text("x")
    target = make(tmp_path, "elsewhere")
    link = tmp_path / f"star-filter-{HOST}-1-link"
    link.symlink_to(target, target_is_directory=True)
    kept = [young, plain, link, target]
    if os.getuid() == 0:  # root can give a directory away: another user's is never removed
        other = make(tmp_path, "star-filter-{host}-1-other")
        os.chown(other, 12345, -1)
        kept.append(other)
    assert scratch.sweep(tmp_path) == []
    assert all(p.exists() for p in kept)


def test_sweep_of_a_missing_root_is_harmless(tmp_path):
    assert scratch.sweep(tmp_path / "nope") == []


def test_scratch_dir_is_named_and_locked_for_its_owner_and_removed(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    with scratch.scratch_dir("filter") as tmp:
        assert tmp.parent == tmp_path
        assert scratch._NAME.match(tmp.name) and f"-{os.getpid()}-" in tmp.name
        os.utime(tmp, (OLD, OLD))  # however long the run has been going
        assert scratch.sweep(tmp_path) == []  # its own lock keeps it
    assert not tmp.exists()


@pytest.mark.slow  # a filter of 16,000 traces killed, then rerun
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
