"""Killed mid-write, rerun to completion: check and filter give the uninterrupted run's bytes,
rationalize every trace exactly once. A few of bench/kills.py's trials, at fixed moments
(after the first sealed shards) rather than random ones, so each one surely hits a write."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO

# bench/ is not a package, and putting it on sys.path would let bench/select.py shadow the
# standard library's select: load the one file.
_spec = importlib.util.spec_from_file_location("star_bench_kills", REPO / "bench" / "kills.py")
kills = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = kills  # dataclasses look their module up
_spec.loader.exec_module(kills)

pytestmark = [pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals"),
              pytest.mark.slow]  # reference runs, then runs killed and rerun: many processes


@pytest.fixture(scope="module")
def specs(tmp_path_factory):
    """Inputs and uninterrupted reference runs, shared by the module's tests."""
    return kills.setup(tmp_path_factory.mktemp("kills"), scale=0.25,
                       only={"check/file-1-worker", "filter/traces", "filter/messages",
                             "rationalize/all"})


def spec(specs, command: str, variant: str) -> kills.Spec:
    return next(s for s in specs[command] if s.variant == variant)


def kill_mid_write(s: kills.Spec, out: Path, sig: str, after_shards: int) -> int:
    """Run `s` into `out`, send `sig` once `after_shards` more shards are sealed; its exit."""
    before = len(kills.sealed(out))
    proc = subprocess.Popen(s.argv(out), cwd=REPO, env=kills.env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while (len(kills.sealed(out)) < before + after_shards and proc.poll() is None
           and time.monotonic() < deadline):
        time.sleep(0.001)
    assert proc.poll() is None, "the run ended before it could be killed"
    kills.send(proc, sig)
    _, err = proc.communicate(timeout=60)
    assert not kills.orphans(proc.pid), "the killed run left processes behind"
    assert kills.after_kill(out, proc.returncode) == []
    if sig != "SIGKILL":
        assert proc.returncode == 130 and "rerun the same command to resume" in err
    return proc.returncode


def finish(s: kills.Spec, out: Path) -> None:
    done = subprocess.run(s.argv(out), cwd=REPO, env=kills.env(), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert kills.verify(out, s.ref, s) == []
    # (verify holds the killed runs' totals, `stats`, to the reference's too)


def test_check_killed_twice_gives_the_reference_bytes(specs, tmp_path):
    s, out = spec(specs, "check", "file-1-worker"), tmp_path / "out"
    assert kill_mid_write(s, out, "SIGKILL", 2) == -signal.SIGKILL
    part = json.loads((out / "ranks" / "00000.json").read_text())
    assert part["status"] == "running"  # a killed run never looks complete
    kill_mid_write(s, out, "SIGKILL", 3)
    finish(s, out)
    assert kills.concat(out) == kills.concat(s.ref)


def test_check_sigterm_seals_and_resumes_to_the_reference_bytes(specs, tmp_path):
    s, out = spec(specs, "check", "file-1-worker"), tmp_path / "out"
    kill_mid_write(s, out, "SIGTERM", 2)
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    assert not list((out / "data").glob(".*"))  # the open shard was sealed
    finish(s, out)


@pytest.mark.parametrize("variant", ["traces", "messages"])
def test_filter_killed_gives_the_reference_bytes(specs, tmp_path, variant):
    s, out = spec(specs, "filter", variant), tmp_path / "out"
    kill_mid_write(s, out, "SIGKILL", 2)
    if variant == "traces":
        kill_mid_write(s, out, "CTRL-C", 2)  # SIGINT to the whole group, as a terminal sends
    finish(s, out)
    assert kills.concat(out) == kills.concat(s.ref)


def test_rationalize_killed_twice_writes_each_trace_once(specs, tmp_path):
    s, out = spec(specs, "rationalize", "all"), tmp_path / "out"
    kill_mid_write(s, out, "SIGKILL", 1)
    kill_mid_write(s, out, "SIGKILL", 1)
    finish(s, out)  # every reference id once, nothing else, manifest and hashes right
