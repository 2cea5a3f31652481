"""How often a writer rewrites its manifest: often enough that a running run's manifest lags
by little, seldom enough that a long run's rewrites cost time linear in it; a kill between
rewrites loses nothing."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from star_cli.io import shards
from star_cli.io.shards import ShardWriter
from star_cli.io.verify import verified_shards
from tests.conftest import read_out


def group(pid: str) -> list[dict]:
    return [{"id": f"{pid}/0", "problem_id": pid, "sample": 0}]


def writer(out: Path) -> ShardWriter:
    # (one record a shard: every group seals the shard it was written to)
    return ShardWriter(out, command="generate", config={"k": 1}, shard_size=1, argv=[])


def listed(out: Path) -> int:
    return len(json.loads((out / "manifest.json").read_text())["shards"])


@pytest.fixture
def no_clock(monkeypatch):
    """Only the share of unlisted shards decides (a slow test machine passes no clock)."""
    monkeypatch.setattr(shards, "MANIFEST_SECONDS", 1e9)


def test_a_long_run_rewrites_its_manifest_a_number_of_times_linear_in_it(
        tmp_path, monkeypatch, no_clock):
    rewrites = []
    real = shards.write_merged
    monkeypatch.setattr(shards, "write_merged", lambda root: rewrites.append(1) or real(root))
    out = tmp_path / "out"
    w = writer(out)
    w.open()
    opened = len(rewrites)
    for k in range(600):
        w.write_group(group(f"p{k}"))
    w.close()
    # At every seal it was 600 rewrites, of up to 600 entries each (quadratic); at each
    # sixteenth of the shards about 16 + ln(600/16)/ln(17/16) = 76, of 16 x 600 entries in all.
    assert len(rewrites) - opened < 90
    assert listed(out) == 600
    assert sorted(r["problem_id"] for r in read_out(out)) == sorted(f"p{k}" for k in range(600))
    assert not list((out / "data").glob(".*"))  # no index left behind


def test_a_running_manifest_lags_by_at_most_a_sixteenth_of_the_shards(tmp_path, no_clock):
    out = tmp_path / "out"
    w = writer(out)
    w.open()
    for sealed in range(1, 300):
        w.write_group(group(f"p{sealed}"))
        behind = sealed - listed(out)
        assert behind == 0 or behind * shards.MANIFEST_SHARE < sealed, sealed
    w.close()
    assert listed(out) == 299


def test_a_slow_run_lists_each_shard_when_it_is_sealed(tmp_path, monkeypatch):
    monkeypatch.setattr(shards, "MANIFEST_SECONDS", 0.0)  # each seal as if seconds apart
    out = tmp_path / "out"
    w = writer(out)
    w.open()
    for sealed in range(1, 60):
        w.write_group(group(f"p{sealed}"))
        assert listed(out) == sealed
    w.close()


def test_a_kill_between_rewrites_loses_nothing_and_keeps_the_totals(tmp_path, no_clock):
    out = tmp_path / "out"
    w = writer(out)
    w.open()
    done = 0
    w.live_stats = lambda: json.dumps({"groups": done})
    for k in range(100):
        done += 1
        w.write_group(group(f"p{k}"))
    unlisted = 100 - listed(out)
    assert unlisted > 0  # (the kill below falls between two rewrites)
    # the indexes of the shards sealed since stay: the newest holds the totals
    assert len(list((out / "data").glob(".*.idx"))) == unlisted
    del w  # killed: no close

    w2 = writer(out)
    assert len(w2.prepare().problems) == 100
    assert w2.stats == {"groups": 100}
    w2.open()
    w2.write_group(group("p100"))
    w2.close()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 101
    assert listed(out) == 101
    assert sorted(r["problem_id"] for r in read_out(out)) == sorted(f"p{k}" for k in range(101))


def test_a_reader_of_a_running_run_skips_the_shards_not_listed_yet_in_one_line(
        tmp_path, no_clock, caplog):
    out = tmp_path / "out"
    w = writer(out)
    w.open()
    for k in range(100):
        w.write_group(group(f"p{k}"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "running" and len(manifest["shards"]) < 99  # of 100
    with caplog.at_level(logging.WARNING, logger="star_cli"):
        got = [path.name for path, _ in verified_shards(out, manifest)]
    assert got == [Path(s["file"]).name for s in manifest["shards"]]
    lines = [r.getMessage() for r in caplog.records if "not listed" in r.getMessage()]
    assert len(lines) == 1 and f"and {99 - len(got)} more" in lines[0], lines
    w.close()
