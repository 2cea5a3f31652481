"""The shard writer's crash recovery, unit by unit."""

from __future__ import annotations

import json
from pathlib import Path

from star_cli.io.shards import ShardWriter
from tests.conftest import read_out


def group(pid: str, n: int = 2) -> list[dict]:
    return [{"id": f"{pid}/{i}", "problem_id": pid, "sample": i} for i in range(n)]


def writer(out: Path, **kw) -> ShardWriter:
    return ShardWriter(out, command="generate", config={"k": 1}, shard_size=4, argv=[], **kw)


def test_half_written_group_is_cut_back(tmp_path):
    out = tmp_path / "out"
    w = writer(out)
    assert w.prepare().problems == {}
    w.open()
    w.write_group(group("a"))
    w.write_group(group("b"))
    w.write_group(group("c"))  # seals shard 0 (a, b), opens shard 1 with c
    # Simulate a SIGKILL in the middle of writing group d: half a line, no index entry,
    # and an index line cut short.
    w._file.write(b'{"id": "d/0", "problem_id": "d"}\n{"id": "d/1", "pro')
    w._file.flush()
    w._idx.write("99")
    w._idx.flush()
    del w  # no close(): the process died

    w2 = writer(out)
    assert set(w2.prepare().problems) == {"a", "b", "c"}
    w2.open()
    w2.write_group(group("d"))
    w2.close()
    rows = read_out(out)
    assert sorted(r["id"] for r in rows) == sorted(
        f"{p}/{i}" for p in "abcd" for i in range(2)
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 8
    assert not list((out / "data").glob(".*"))


def test_shard_renamed_but_manifest_not_updated_is_adopted(tmp_path):
    out = tmp_path / "out"
    w = writer(out)
    w.open()
    w.write_group(group("a"))
    w.close()
    manifest = json.loads((out / "manifest.json").read_text())
    (out / "manifest.json").write_text(json.dumps({**manifest, "shards": []}))
    w2 = writer(out)
    assert set(w2.prepare().problems) == {"a"}
    w2.open()
    w2.close()
    assert json.loads((out / "manifest.json").read_text())["records"] == 2


def test_a_deleted_shard_is_redone(tmp_path):
    out = tmp_path / "out"
    w = writer(out)
    w.open()
    for pid in "abc":
        w.write_group(group(pid))
    w.close()
    first = sorted((out / "data").glob("*.jsonl"))[0]
    first.unlink()
    assert set(writer(out).prepare().problems) == {"c"}


def test_interrupt_during_a_write_waits_for_the_group(tmp_path, monkeypatch):
    """A Ctrl-C that lands while a group is written is raised after the group is committed."""
    import pytest

    from star_cli import interrupts
    from star_cli.io import shards

    out = tmp_path / "out"
    w = writer(out)
    w.open()
    real = shards.ShardWriter._append

    def append_with_signal(self, payload, units=b""):
        interrupts.handler(2, None)  # the signal arrives as the file is being written
        return real(self, payload, units)

    monkeypatch.setattr(shards.ShardWriter, "_append", append_with_signal)
    with pytest.raises(KeyboardInterrupt):
        w.write_group(group("a"))
    monkeypatch.setattr(shards.ShardWriter, "_append", real)
    w.close("interrupted")
    assert [r["problem_id"] for r in read_out(out)] == ["a", "a"]


def test_a_rank_that_starts_as_another_seals_its_first_part_joins_the_run(tmp_path,
                                                                           monkeypatch):
    # Rank 1 reads OUT's parts (none yet), then rank 0 seals its first shard and part before
    # rank 1 looks at the directory: rank 1 must join the run, not call OUT foreign.
    import star_cli.io.shards as shards

    out = tmp_path / "out"
    first = writer(out, rank=0, num_ranks=2)
    first.prepare()
    first.open()
    first.write_group(group("a"))
    first.write_group(group("b"))
    first.write_group(group("c"))  # seals shard 0 and writes ranks/0's part
    assert shards.read_parts(out)
    real = shards.read_parts
    calls = []

    def late(root):  # the first read comes before rank 0's seal
        calls.append(root)
        return {} if len(calls) == 1 else real(root)

    monkeypatch.setattr(shards, "read_parts", late)
    second = writer(out, rank=1, num_ranks=2)
    assert set(second.prepare().problems) == {"a", "b"}  # what rank 0 sealed counts as done
    second.release()
    assert len(calls) == 2
    first.close()


def test_a_foreign_directory_is_still_refused(tmp_path):
    import pytest

    from star_cli.errors import UsageError

    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(UsageError, match="not a star output directory"):
        writer(out).prepare()
