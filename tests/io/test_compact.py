"""Removing stale records (io/compact.py) is safe at any moment: killed at each step of the
protocol, OUT verifies and holds the records of before or of after, never a mix; the rerun
ends with exactly the right records. The unit log (io/units.py) keeps whole entries, the
last of a key counting, and is verified against its listing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from star_cli.io import compact as compact_module
from star_cli.io.readers import read_records
from star_cli.io.shards import ShardWriter, trace_key
from star_cli.io.units import ENTRY, UnitLog, entry, read_log, source_id, verify
from star_cli.io.verify import verify_directory
from star_cli.steps.check import CheckRun
from tests.conftest import REPO, make_trace, read_jsonl, write_jsonl

STEPS = ("journal", "written", "published", "removed")


class Killed(BaseException):
    """The process died here: nothing after it runs (not even the run frame's close)."""


def traces() -> list[dict[str, Any]]:
    return [make_trace(problem_id=f"p{k}", sample=s, gold=str(k),
                       completion=f"Line {k}.{s} The answer is {k}.")
            for k in range(8) for s in range(2)]


def run(src: Path, out: Path, **options: Any) -> Any:
    return CheckRun(inputs=[str(src)], output=str(out), task="gsm8k", workers=1,
                    shard_size=4, quiet=True, **options).execute()


def held(out: Path) -> list[str]:
    """The ids a reader gets from OUT (its listed, verified shards)."""
    return [trace_key(r) for r, _ in read_records([str(out)])]


@pytest.fixture
def changed(tmp_path: Path) -> tuple[Path, Path, set[str], set[str], set[str]]:
    """OUT checked from 16 traces in 4 shards; then 2 traces (in 2 shards) given another
    gold and 1 (in a third) gone. Returns src, OUT, the ids before, the stale ids, the gone."""
    src, out = write_jsonl(tmp_path / "t.jsonl", traces()), tmp_path / "out"
    run(src, out)
    before = set(held(out))
    stale, gone = {"p0/generate/it0/s1", "p5/generate/it0/s0"}, {"p3/generate/it0/s0"}
    write_jsonl(src, [{**r, "gold": "99"} if r["id"] in stale else r
                      for r in read_jsonl(src) if r["id"] not in gone])
    return src, out, before, stale, gone


@pytest.mark.parametrize("step", STEPS)
def test_a_kill_at_each_step_leaves_before_or_after_and_a_rerun_finishes(
        changed, monkeypatch, step):
    src, out, before, stale, gone = changed

    def reached(at: str) -> None:
        if at == step:
            raise Killed(at)

    def dead(self: ShardWriter, status: str = "complete") -> None:
        self.units.close()  # a dead process writes nothing more; the OS frees its lock
        self.lock.release()

    monkeypatch.setattr(compact_module, "_at", reached)
    monkeypatch.setattr(ShardWriter, "close", dead)
    with pytest.raises(Killed):
        run(src, out, resume_changed=True)
    monkeypatch.undo()

    assert verify_directory(out) == []  # every listed shard there and whole
    now = held(out)
    assert len(now) == len(set(now))  # nothing twice
    assert set(now) in (before, before - stale - gone)  # the old listing or the new one
    journal = out / "ranks" / "00000.compact.json"
    assert journal.exists()
    if step == "journal":  # a temporary shard half written by the killed run
        (out / "data" / ".00000-00099.jsonl.tmp").write_bytes(b'{"torn')

    again = run(src, out, resume_changed=True)
    assert again.checked == len(stale)
    final = held(out)
    assert len(final) == len(set(final)) and set(final) == before - gone
    rows = {trace_key(r): r for r, _ in read_records([str(out)])}
    assert all(rows[k]["gold"] == "99" and rows[k]["correct"] is False for k in stale)
    assert not journal.exists() and not list((out / "data").glob(".*"))
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {s["file"] for s in manifest["shards"]}
    assert {f"data/{p.name}" for p in (out / "data").iterdir()} == listed  # nothing stray
    assert manifest["status"] == "complete" and verify_directory(out) == []


@pytest.mark.slow  # a star process started, killed, and rerun
@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_sigkill_after_publishing_then_rerun(changed):
    """A real SIGKILL between publishing the new listing and deleting the old shards."""
    src, out, before, stale, gone = changed
    code = ("import os, signal, sys\n"
            "from star_cli.io import compact\n"
            "def die(step):\n"
            "    if step == 'published':\n"
            "        os.kill(os.getpid(), signal.SIGKILL)\n"
            "compact._at = die\n"
            "from star_cli.__main__ import main\n"
            "sys.argv = ['star'] + sys.argv[1:]\n"
            "main()\n")
    args = ["check", str(src), "--task", "gsm8k", "--workers", "1", "--shard-size", "4",
            "-q", "-o", str(out), "--resume-changed"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert verify_directory(out) == [] and set(held(out)) == before - stale - gone
    rerun = subprocess.run([sys.executable, "-m", "star_cli", *args], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    final = held(out)
    assert len(final) == len(set(final)) and set(final) == before - gone
    assert verify_directory(out) == []


def test_status_verify_sees_a_damaged_unit_log(runner, changed):
    from star_cli.cli import app

    src, out, *_ = changed
    log = out / "ranks" / "00000.units"
    data = bytearray(log.read_bytes())
    data[3] ^= 1
    log.write_bytes(bytes(data))
    assert any("00000.units" in p for p in verify_directory(out))
    status = runner.invoke(app, ["status", str(out), "--verify"])
    assert status.exit_code != 0 and "00000.units" in status.output
    refused = runner.invoke(app, ["check", str(src), "--task", "gsm8k", "-o", str(out),
                                  "--resume-changed"])
    assert refused.exit_code == 2 and "00000.units" in refused.stderr
    assert "--overwrite" in refused.stderr


def test_unit_log_cuts_a_torn_entry_and_the_last_entry_of_a_key_counts(tmp_path):
    log = UnitLog(tmp_path, 0)
    source = source_id(str(tmp_path / "in.jsonl"))
    log.append(entry("a", source, b"1" * 16) + entry("b", source, b"2" * 16))
    log.append(entry("a", source, b"3" * 16))  # `a` recomputed later
    log.close()
    with log.path.open("ab") as f:  # a kill in the middle of an entry
        f.write(entry("c", source, b"4" * 16)[:11])
    again = UnitLog(tmp_path, 0)
    listing = again.listing()
    assert listing is not None and listing.bytes == 3 * ENTRY
    again.close()
    assert log.path.stat().st_size == 3 * ENTRY
    assert verify(tmp_path, listing.record(), complete=True) is None
    logged = read_log(tmp_path, 0, listing.record())
    from star_cli.io.digests import digest

    contents = {int(k): bytes(lo.tobytes() + hi.tobytes())
                for k, lo, hi in zip(logged["key"], logged["lo"], logged["hi"], strict=True)}
    assert contents == {digest("a"): b"3" * 16, digest("b"): b"2" * 16}


def test_a_damaged_shard_is_not_rewritten(runner, changed):
    """Compaction verifies a shard before rewriting it: a damaged one would otherwise be
    listed anew with the damage's hash."""
    from star_cli.cli import app

    src, out, *_ = changed
    manifest = json.loads((out / "manifest.json").read_text())
    shard = out / manifest["shards"][0]["file"]
    shard.write_bytes(shard.read_bytes().replace(b"Line 0.1", b"Line 0.7"))
    result = runner.invoke(app, ["check", str(src), "--task", "gsm8k", "-o", str(out),
                                 "--workers", "1", "--resume-changed"])
    assert result.exit_code == 2 and shard.name in result.stderr
    assert "sha256" in result.stderr and "--overwrite" in result.stderr
    assert shard.exists() and not (out / "ranks" / "00000.compact.json").exists()
    assert any(shard.name in p for p in verify_directory(out))  # still named as damaged
