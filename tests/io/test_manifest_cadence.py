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


class Kill(BaseException):
    """A SIGKILL where the test puts it (nothing after it runs)."""


def counted_writer(out: Path, done: list[int]) -> ShardWriter:
    w = writer(out)
    w.live_stats = lambda: json.dumps({"groups": done[0]})
    return w


def killed(w: ShardWriter) -> None:
    w.lock.release()  # (the process is gone: its lock with it)


def started(out: Path, groups: int) -> tuple[ShardWriter, list[int]]:
    """A writer that logs its totals (the groups written), after `groups` one-group shards."""
    done = [0]
    w = counted_writer(out, done)
    w.open()
    for k in range(groups):
        done[0] += 1
        w.write_group(group(f"p{k}"))
    return w, done


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
    w, _ = started(out, 100)
    unlisted = 100 - listed(out)
    assert unlisted > 0  # (the kill below falls between two rewrites)
    # the indexes of the shards sealed since stay: the newest holds the totals
    assert len(list((out / "data").glob(".*.idx"))) == unlisted
    killed(w)  # no close

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


def test_a_kill_before_a_new_shards_first_group_keeps_the_totals(tmp_path, no_clock):
    """The open shard's index has no entry yet: the last sealed shard's holds the totals."""
    out = tmp_path / "out"
    w, done = started(out, 100)

    def cut(_payload: bytes) -> int:
        raise Kill  # after the group's bytes, before its offset is indexed

    w._new_problem = cut
    with pytest.raises(Kill):
        w.write_group(group("p100"))
    killed(w)
    w2 = writer(out)
    assert len(w2.prepare().problems) == 100
    assert w2.stats == {"groups": 100}


@pytest.mark.parametrize("at", range(10))
def test_a_kill_while_listed_indexes_go_keeps_the_totals(tmp_path, monkeypatch, no_clock, at):
    """Killed after `at` of the indexes a rewrite listed are gone: the newest left holds
    the manifest's totals (the newest going first would leave an older one's)."""
    out = tmp_path / "out"
    w, done = started(out, 150)
    gone = []
    real = Path.unlink

    def unlink(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".idx") and len(gone) == at:
            raise Kill
        gone.append(self.name)
        real(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(Kill):
        while True:  # until the next rewrite drops the indexes it listed
            done[0] += 1
            w.write_group(group(f"p{done[0] - 1}"))
    monkeypatch.setattr(Path, "unlink", real)
    killed(w)
    w2 = writer(out)
    committed = len(w2.prepare().problems)
    assert w2.stats == {"groups": committed}


def test_a_second_kill_while_resuming_keeps_the_totals(tmp_path, monkeypatch, no_clock):
    out = tmp_path / "out"
    w, done = started(out, 100)
    killed(w)
    w2 = writer(out)
    w2.prepare()

    def adopt(self: ShardWriter) -> None:
        raise Kill  # while the shards the first run left unlisted are read

    monkeypatch.setattr(ShardWriter, "_adopt_orphans", adopt)
    with pytest.raises(Kill):
        w2.open()
    monkeypatch.undo()
    killed(w2)
    w3 = writer(out)
    assert len(w3.prepare().problems) == 100
    assert w3.stats == {"groups": 100}


def run_to_end(out: Path, make, groups, kill_after: int | None) -> tuple[int, int]:
    w = make(out)
    w.open()
    for k, records in enumerate(groups):
        if k == kill_after:
            killed(w)
            w = make(out)
            w.prepare()
            w.open()
        w.write_group(records)
    w.close()
    manifest = json.loads((out / "manifest.json").read_text())
    return manifest["records"], manifest["problems"]


def test_shards_adopted_after_a_kill_count_problems_as_their_writer_did(tmp_path, no_clock):
    """An export's records carry no problem id: its writer counts a problem a group, as
    the manifest of an uninterrupted run says; a killed run's adopted shards count the same."""
    def export(out: Path) -> ShardWriter:
        return ShardWriter(out, command="export", config={}, shard_size=3, argv=[], keyed=False)

    groups = [[{"messages": [k]}] for k in range(300)]
    whole = run_to_end(tmp_path / "a", export, groups, None)
    assert whole == (300, 300)
    assert run_to_end(tmp_path / "b", export, groups, 250) == whole


def test_an_explicit_seal_lists_every_sealed_shard(tmp_path, no_clock):
    """`star serve` seals its traffic log every so often: what a burst sealed by size is
    listed then, not at the next request."""
    out = tmp_path / "out"
    w = ShardWriter(out, command="serve", config={}, shard_size=2, argv=[])
    w.open()
    for k in range(20):
        w.write_group(group(f"a{k}"))
        w.seal()
    w.write_group(group("b0"))
    w.write_group(group("b1"))  # fills a shard: sealed, its listing not due
    w.seal()
    assert listed(out) == 21
    w.close()


def test_progress_counts_each_committed_group_once(tmp_path, monkeypatch, no_clock):
    from star_cli.executors.ranks import Poller

    out = tmp_path / "out"
    done = [0]
    w = counted_writer(out, done)  # (index lines with totals: the records' count reads past)
    w.open()
    records, problems = Poller(out, 1, "records"), Poller(out, 1, "problems")
    seen = []
    real = ShardWriter._drop_stray_indexes

    def drop(self: ShardWriter) -> None:  # listed by the part, indexes not gone yet
        seen.append((done[0], records.count() - records.base, problems.count() - problems.base))
        real(self)

    monkeypatch.setattr(ShardWriter, "_drop_stray_indexes", drop)
    for k in range(110):
        done[0] += 1
        w.write_group([*group(f"p{k}"), {"id": f"p{k}/1", "problem_id": f"p{k}", "sample": 1}])
        assert records.count() - records.base == 2 * done[0]
        assert problems.count() - problems.base == done[0]
    assert seen and all(r == 2 * d and p == d for d, r, p in seen)
    w.close()
