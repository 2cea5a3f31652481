"""Removing stale records from a rank's sealed shards, safely at any moment of a kill.

`--resume-changed` finds the records OUT holds whose input changed or is gone (io/units.py)
and removes them here, so that the run's normal resume recomputes them. A shard is never
edited in place. For each shard that holds such records:

1. its kept lines (unchanged, byte for byte) go to a new shard name under the rank's next
   sequence number: the journal `ranks/RRRRR.compact.json` first names the shards dropped
   and added, then each new shard is written to a temporary name, fsynced and renamed;
2. the rank's manifest part is rewritten listing the new shards instead of the old ones,
   atomically (`write_atomic`), then the merged manifest: this is the one moment the
   change takes effect;
3. the old shards are deleted, then the journal.

A reader sees the old listing or the new one, each with every listed shard present and
whole; a shard not listed yet (or no more) lies beside them only while the manifest says
`running`, which readers tolerate. The next run of the rank resolves a journal it finds
(`recover`) before anything else: published (no dropped shard is listed) means the old
shards go; not published means the new ones go, and the compaction is simply redone.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from star_cli.errors import UsageError
from star_cli.io.digests import digest
from star_cli.io.files import json_text, write_atomic
from star_cli.io.shard import Shard, parse_shard

log = logging.getLogger("star_cli")


class ShardWriter(Protocol):
    """What a compaction uses of the shard writer (io/shards.py, which calls `recover`)."""

    root: Path
    data: Path
    rank: int
    shards: list[Shard]
    held_problems: set[str]

    def next_shard_name(self) -> str: ...

    def replace_shards(self, new: dict[str, Shard | None]) -> None: ...


def journal_path(root: Path, rank: int) -> Path:
    return root / "ranks" / f"{rank:05d}.compact.json"


def _at(step: str) -> None:
    """A named point of the protocol (journal, written, published, removed): nothing
    happens here; the kill tests stop the process at each."""


def compact(writer: ShardWriter, drop: set[int], unit_of: Callable[[dict[str, Any]], str]
            ) -> int:
    """Remove from `writer`'s rank's sealed shards every record whose unit (`unit_of`: its
    trace key, or its problem id) has its digest in `drop`. Returns the records removed."""
    if not drop:
        return 0
    plan: list[tuple[Shard, str | None, bytes, tuple[int, int]]] = []
    removed = 0
    for shard in list(writer.shards):
        path = writer.root / shard.file
        data = path.read_bytes()
        _verified(data, path, shard)  # never rewrite (and so launder) a damaged shard
        kept, counts, gone = _kept(data, path, drop, unit_of)
        if gone:
            removed += gone
            new = f"{writer.data.name}/{writer.next_shard_name()}" if kept else None
            plan.append((shard, new, kept, counts))
    if not plan:
        return 0
    journal = journal_path(writer.root, writer.rank)
    write_atomic(journal, json_text({"drop": [old.file for old, *_ in plan],
                                     "add": [new for _, new, *_ in plan if new]}) + "\n")
    _at("journal")
    for _, new, kept, _ in plan:
        if new is not None:
            write_atomic(writer.root / new, kept)
            _at("written")
    writer.replace_shards({old.file: _entry(new, kept, counts) for old, new, kept, counts
                           in plan})
    _at("published")
    writer.held_problems = _held_problems(writer)
    for old, *_ in plan:
        (writer.root / old.file).unlink(missing_ok=True)
    _at("removed")
    journal.unlink(missing_ok=True)
    log.info("removed %d stale records from %d shards of %s", removed, len(plan),
             writer.root)
    return removed


def _kept(data: bytes, path: Path, drop: set[int], unit_of: Callable[[dict[str, Any]], str]
          ) -> tuple[bytes, tuple[int, int], int]:
    """The shard's lines that stay, as they were; their (records, problems); how many go."""
    # The lines `parse_shard` parses, split and skipped as it does: one line per record.
    lines = [line for line in data.splitlines() if line.strip()]
    records = list(parse_shard(data, path))
    keep = [digest(unit_of(r)) not in drop for r in records]
    kept = b"".join(line + b"\n" for line, k in zip(lines, keep, strict=True) if k)
    problems = len({r.get("problem_id") for r, k in zip(records, keep, strict=True) if k})
    return kept, (sum(keep), problems), len(keep) - sum(keep)


def _held_problems(writer: ShardWriter) -> set[str]:
    """The problems whose records this rank's shards hold after a compaction: the writer
    counts a problem recomputed in part once, not again with its new group."""
    held: set[str] = set()
    for shard in writer.shards:
        path = writer.root / shard.file
        held.update(str(r["problem_id"]) for r in parse_shard(path.read_bytes(), path)
                    if "problem_id" in r)
    return held


def _verified(data: bytes, path: Path, shard: Shard) -> None:
    """A shard about to be rewritten is first checked against its manifest entry."""
    from star_cli.io.verify import Listed, mismatch

    if (problem := mismatch(data, Listed(path, shard.records, shard.sha256, shard.bytes))):
        raise UsageError(f"{path}: {problem}; its stale records cannot be removed safely: "
                         "restore it, or rerun with --overwrite")


def _entry(new: str | None, kept: bytes, counts: tuple[int, int]) -> Shard | None:
    if new is None:
        return None
    return Shard(new, counts[0], counts[1], hashlib.sha256(kept).hexdigest(), len(kept))


def recover(root: Path, rank: int, listed: set[str]) -> None:
    """Finish or undo a compaction a kill interrupted (`listed`: the shards the rank's part
    lists); drop the temporary files of one killed before its journal."""
    data = root / "data"
    for tmp in data.glob(f".{rank:05d}-*.jsonl.tmp"):
        tmp.unlink(missing_ok=True)
    journal = journal_path(root, rank)
    journal.with_name(f".{journal.name}.tmp").unlink(missing_ok=True)  # killed writing it
    if not journal.exists():
        return
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
        drop, add = list(plan["drop"]), list(plan["add"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        # Written atomically, so only damage makes it unreadable; without it, the shards it
        # added would be taken for this rank's own and their records counted twice.
        raise UsageError(f"{journal}: the journal of an interrupted removal of stale records "
                         f"is unreadable ({e}); rerun with --overwrite") from None
    published = bool(drop) and not any(f in listed for f in drop)
    for name in drop if published else add:
        if Path(name).parts[:1] == ("data",) and ".." not in Path(name).parts:
            (root / name).unlink(missing_ok=True)
    journal.unlink(missing_ok=True)
    log.info("%s: %s an interrupted removal of stale records", root,
             "finished" if published else "undid")
