"""The output directory: atomic JSONL shards, manifests, a dataset card, and resume.

Layout (see docs/format.md):

    OUT/manifest.json            the merged view: status, every rank's shards, stats
    OUT/ranks/RRRRR.json         rank RRRRR's own part of it
    OUT/README.md                dataset card with the `configs:` header `datasets` reads
    OUT/data/RRRRR-SSSSS.jsonl   shard SSSSS of rank RRRRR
    OUT/few_shot/<name>.json     a few-shot block the traces name (`io/few_shot.py`)
    OUT/.lock-RRRRR              held by the one process writing rank RRRRR

A writer touches only its own rank's files (shards, work files, part), under its rank's lock
(`io/lock.py`), so ranks of a cluster job share one OUT; `io/manifest.py` merges the parts.

A shard is appended to under a hidden `.partial` name. After each group of records (one
problem's samples) the data is flushed and the group's end offset is appended to a `.idx`
file, so a SIGKILL loses at most the group being written: on the next run the partial file is
cut back to its last recorded offset and sealed. Sealing renames the file to its final name;
the manifest is rewritten atomically at the seals where it is due (`manifest_due`: often
enough that it lags by at most a sixteenth of the shards or a few seconds, seldom enough that
its rewrites cost time linear in the run, not quadratic), and always at the end. A shard
sealed since the last rewrite is listed by the next; after a kill, the next run lists it
(`_adopt_orphans`). Only sealed shards match `data/*.jsonl`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from star_cli.errors import InputError, UsageError
from star_cli.interrupts import deferred
from star_cli.io.compact import journal_path
from star_cli.io.compact import recover as recover_compaction
from star_cli.io.few_shot import FEW_SHOT, write_block
from star_cli.io.files import drop_cached, dump_line, json_text, manifest_text, write_atomic
from star_cli.io.lock import RankLock, holder
from star_cli.io.manifest import MANIFEST, RANKS, part_path, read_parts, write_merged
from star_cli.io.shard import Shard, parse_shard
from star_cli.io.units import UnitLog, log_path
from star_cli.records import SCHEMA_VERSION, FewShot, utf8

log = logging.getLogger("star_cli")

DATA = "data"
# A sealed shard this large leaves the page cache (`drop_cached`), and a shard is sent on to
# disk each time it grows by this much; a smaller one stays, read back at no cost by the
# next command of a small run.
DROP_CACHED = 8 << 20
# The manifest is rewritten at a seal once the shards sealed since its last rewrite are this
# share of all (or more), or MANIFEST_SECONDS have passed. Each rewrite costs time in the
# shards listed (a part and a merged manifest encoded, the parts read back, three fsyncs):
# rewritten at every seal, a 1M-trace `star check` (935 shards) spent 23 of its 42 s there,
# and 10M would spend a hundred times that. Rewritten at every sixteenth, the rewrites cost
# at most about sixteen times one of the whole run's: linear.
MANIFEST_SHARE = 16
MANIFEST_SECONDS = 5.0  # how stale a slow run's manifest (`star status`, readers) may get
_SHARD = re.compile(r"^(\d{5})-(\d{5})\.jsonl$")
_WORK_FILE = re.compile(r"^\.\d{5}-\d{5}\.jsonl\.(?:partial|idx|tmp)$")


@dataclass
class Committed:
    """What OUT already holds, as a rerun needs to know it: trace ids (resume by id), each
    problem's gold (a changed gold makes its traces stale), and this rank's record count
    (outputs without ids, such as exports, resume by count)."""

    ids: set[str] = field(default_factory=set)
    problems: dict[str, str | None] = field(default_factory=dict)
    records: int = 0


# Configuration keys added after OUTs were first written: absent in an older run's manifest,
# they are not a difference (the older run could not record them).
ADDED_KEYS = frozenset({"model_files"})


def config_diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The configuration keys whose values differ, as `key: old -> new` lines. A path given
    two ways (`./tiny` and `/home/me/tiny`) is one path."""
    keys = sorted(set(old) | set(new))
    return [f"{k}: {old.get(k)!r} -> {new.get(k)!r}" for k in keys
            if not _same(old.get(k), new.get(k)) and not (k in ADDED_KEYS and k not in old)]


def _same(a: Any, b: Any) -> bool:
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str) and a and b:
        pa, pb = os.path.expanduser(a), os.path.expanduser(b)
        return os.path.exists(pa) and os.path.exists(pb) and os.path.samefile(pa, pb)
    return False


class ShardWriter:
    """Writes groups of records into rotating shards under OUT, resumable after any crash."""

    def __init__(
        self,
        root: Path,
        *,
        command: str,
        config: dict[str, Any],
        shard_size: int = 1000,
        rank: int = 0,
        num_ranks: int = 1,
        overwrite: bool = False,
        argv: list[str] | None = None,
        scope: dict[str, Any] | None = None,
        keyed: bool = True,
    ) -> None:
        self.root, self.data = Path(root), Path(root) / DATA
        self.command, self.config, self.scope = command, config, scope or {}
        self.shard_size, self.rank, self.overwrite = max(1, shard_size), rank, overwrite
        self.num_ranks = max(1, num_ranks)
        self.lock = RankLock(self.root, rank)
        # What each group was computed from (io/units.py), for --resume-changed.
        self.units = UnitLog(self.root, rank)
        # After a compaction (io/compact.py): the problems whose records the shards still
        # hold, so a problem recomputed in part is not counted again in its new shard.
        self.held_problems: set[str] = set()
        self.argv = argv if argv is not None else sys.argv
        # Keyed records are traces with a problem_id, and resume skips problems by id. An
        # exported set (messages, ...) has none: its writer resumes by record count instead.
        self.keyed = keyed
        self.shards: list[Shard] = []
        self._stats: dict[str, Any] = {}
        self._logged: str | None = None  # the totals last logged, newer than `_stats`
        # The step's totals as they stand (this run's and earlier runs'), as JSON text,
        # counting every group handed to `write_lines` so far: logged with each group's
        # offset, so a run killed between seals leaves the totals of what it committed.
        self.live_stats: Callable[[], str] | None = None
        self.started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        self._old: dict[str, Any] | None = None
        self._parts: dict[int, dict[str, Any]] = {}
        self._prepared = False
        self._leftovers = False  # OUT holds only what a first run left before its manifest
        self._file: Any = None
        self._idx: Any = None
        self._records = 0
        self._problems = 0
        self._seq = 0
        self._hash: Any = None  # sha256 of what the open shard holds, as it was appended
        self._size = 0
        self._sent = 0
        self._unlisted = 0  # shards sealed since the manifest was last written
        self._listed_at = time.monotonic()

    # -- opening and recovery -------------------------------------------------------------
    def prepare(self) -> Committed:
        """Check OUT and return what it holds, changing nothing but taking this rank's lock.

        Called before the engine loads, so a refused or failed start leaves OUT as it was;
        a second writer of the same OUT and rank stops here, at once.
        """
        self._prepared = True
        self._parts = read_parts(self.root)
        if not self._parts:
            if not self.root.exists() or (self.root.is_dir() and not any(self.root.iterdir())):
                return Committed()
            if not _star_leftovers(self.root):
                # Another rank of this run may have sealed its first part since we looked
                # (its ranks/ file is what _star_leftovers refused): read them again.
                self._parts = read_parts(self.root)
                if not self._parts:
                    raise UsageError(
                        f"{self.root} exists and is not a star output directory (no "
                        f"{MANIFEST}); star only deletes what it wrote: choose a new or empty -o"
                    )
        if not self._parts:
            # A first run that stopped before its first manifest (a full disk, a kill):
            # what it left is star's own, and its whole groups count as done.
            self._leftovers = True
            self.lock.acquire()
            try:
                if self.overwrite:
                    return Committed()
                self._logged_stats()
                return self._scan_committed()
            except BaseException:
                self.lock.release()
                raise
        self.lock.acquire()
        try:
            self._old = self._parts.get(self.rank)
            if self.overwrite:
                self._check_no_other_writer()
                return Committed()
            self._check_same_ranks()
            self._check_same_run(self._old or self._parts[min(self._parts)])
            self.stats = dict((self._old or {}).get("stats") or {})
            self._logged_stats()
            self.started = (self._old or {}).get("started", self.started)
            return self._scan_committed()
        except BaseException:
            self.lock.release()
            raise

    @property
    def stats(self) -> dict[str, Any]:
        """The step's totals: as last set, or as last logged with a group if that is newer."""
        if self._logged is not None:
            self._stats, self._logged = json.loads(self._logged), None
        return self._stats

    @stats.setter
    def stats(self, value: dict[str, Any]) -> None:
        self._stats, self._logged = value, None

    def _logged_stats(self) -> None:
        """A killed run's totals as its last committed group logged them, in place of the
        manifest's (written at a seal before): they also count the groups of the shards
        sealed since and of the partial one that `open` seals. The newest index of this rank
        that logged any holds them: the partial's, or where the kill came before its first
        group, the last sealed shard's. (Every index left is newer than the manifest's
        totals, or the newest of those it lists: `_drop_stray_indexes` goes oldest first.)"""
        for idx in reversed(self._indexes()):
            if (stats := _last_stats(idx)) is not None:
                self.stats = stats
                return

    def _indexes(self) -> list[Path]:
        """This rank's index files, oldest first (their names sort by sequence)."""
        if not self.data.is_dir():
            return []
        return sorted(idx for idx in self.data.glob(f".{self.rank:05d}-*.jsonl.idx")
                      if _WORK_FILE.match(idx.name))

    def release(self) -> None:
        """Give up a prepared OUT without writing (a start that failed after `prepare`)."""
        self.lock.release()

    def _check_same_ranks(self) -> None:
        """Ranks partition the problems by `--num-shards`; another partition of the same OUT
        would redo (and duplicate) the problems of other ranks' unsealed work."""
        counts = {int(p.get("num_ranks") or 1) for p in self._parts.values()}
        if counts and counts != {self.num_ranks}:
            raise UsageError(
                f"{self.root} was written with --num-shards {min(counts)}; rerun with the same "
                f"--num-shards (this run has {self.num_ranks}), or --overwrite to replace it"
            )

    def _check_no_other_writer(self) -> None:
        """A one-rank --overwrite deletes every rank's files: never while one is written."""
        if self.num_ranks == 1:
            busy = [r for r in self._parts if r != self.rank and holder(self.root, r)]
            if busy:
                raise UsageError(f"{self.root}: rank {busy[0]} is being written by another "
                                 "process; --overwrite would delete its shards")

    @property
    def previous(self) -> dict[str, Any] | None:
        """This rank's manifest part of the run already in OUT (after `prepare`), or None."""
        return self._old

    def open(self) -> None:
        """Make OUT ready for writing: clear it (--overwrite) or recover a killed run."""
        if not self._prepared:
            self.prepare()
        self.root.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        if not self._parts and (parts := read_parts(self.root)):
            self._adopt_started(parts)
        if (self._parts or self._leftovers) and self.overwrite:
            self._clear()
            self._old = None
        self.data.mkdir(parents=True, exist_ok=True)
        if not (self.root / RANKS).is_dir():
            self._split_legacy()
        (self.root / RANKS).mkdir(exist_ok=True)
        listed = (self._old or {}).get("shards", [])
        recover_compaction(self.root, self.rank, {s["file"] for s in listed})
        known = [Shard(**s) for s in listed]
        self.shards = [s for s in known if (self.root / s.file).exists()]
        self._recover_partials()
        self._adopt_orphans()
        self._seq = 1 + max((self._seq_of(s.file) for s in self.shards), default=-1)
        self._write_manifest("running")

    def _adopt_started(self, parts: dict[int, dict[str, Any]]) -> None:
        """Another run created OUT between `prepare` and now (it had no lock to take then).
        Another rank of this run is what ranks started together do: it leaves this rank's
        part alone, so once it is checked to be the same run (ranks, configuration) this
        rank goes on beside it. This rank's own part, or any part under --overwrite, is not
        in what this run planned to skip or replace: refused, to be rerun."""
        try:
            if self.rank in parts or self.overwrite:
                raise UsageError(f"{self.root} was written by another run while this one "
                                 "started; rerun the same command to resume from what it holds")
            self._parts = parts
            self._check_same_ranks()
            self._check_same_run(parts[min(parts)])
        except BaseException:
            self.lock.release()
            raise

    def _split_legacy(self) -> None:
        """An OUT from a star without rank parts: write each other rank's part from the old
        manifest, so merging ours does not drop theirs."""
        (self.root / RANKS).mkdir(exist_ok=True)
        for r, part in self._parts.items():
            if r != self.rank:
                text = manifest_text(part)
                write_atomic(part_path(self.root, r), text)

    def _drop_stray_indexes(self) -> None:
        """The indexes of sealed shards, once the manifest lists them, oldest first: a kill
        in between leaves the newest, whose totals are the manifest's (`_logged_stats`)."""
        for idx in self._indexes():
            if not idx.with_name(idx.name[: -len(".idx")] + ".partial").exists():
                idx.unlink(missing_ok=True)

    def _check_same_run(self, old: dict[str, Any]) -> None:
        if old.get("command") != self.command:
            raise UsageError(f"{self.root} holds a `star {old.get('command')}` run, not a "
                             f"`star {self.command}` one: give another -o (--overwrite "
                             "replaces it)")
        diff = config_diff(old.get("config", {}), self.config)
        if diff:
            raise UsageError(
                f"{self.root} holds a run with a different configuration:\n  "
                + "\n  ".join(diff)
                + "\nRerun with the same options to resume, --overwrite to replace it, "
                "or choose another -o."
            )

    def _mine(self, name: str) -> bool:
        """Whether a file in data/ belongs to this rank (or, for a one-rank run that
        replaces OUT, to any rank: nothing else may be left to merge with)."""
        if self.overwrite and self.num_ranks == 1:
            return True
        return name.lstrip(".").startswith(f"{self.rank:05d}-")

    def _clear(self) -> None:
        """Delete what star wrote in OUT for this rank (for a one-rank run, for every rank,
        once no other process holds one), and nothing else."""
        self._check_no_other_writer()
        if self.data.is_dir():
            for path in self.data.iterdir():
                if (_SHARD.match(path.name) or _WORK_FILE.match(path.name)) and \
                        self._mine(path.name):
                    path.unlink()
        ranks = self._parts if self.num_ranks == 1 else [self.rank]
        for r in ranks:
            part_path(self.root, r).unlink(missing_ok=True)
            log_path(self.root, r).unlink(missing_ok=True)
            journal_path(self.root, r).unlink(missing_ok=True)
        if self.num_ranks == 1:
            for name in (MANIFEST, "README.md"):
                (self.root / name).unlink(missing_ok=True)
            _clear_blocks(self.root)
        self._parts = {}

    def _scan_committed(self) -> Committed:
        """Trace ids and problem golds in every sealed shard and in this rank's partial
        shards' whole groups (other ranks' partials are theirs, still being written)."""
        done = Committed()
        if not self.data.is_dir():
            return done
        listed = {s.get("file"): s for part in (self._parts or {}).values()
                  for s in part.get("shards", []) if isinstance(s, dict)}
        for path in sorted(self.data.iterdir()):
            if _SHARD.match(path.name):
                limit = None
            elif _WORK_FILE.match(path.name) and path.suffix == ".partial" and \
                    self._mine(path.name):
                limit = _last_offset(_idx_of(path))
            else:
                continue
            mine = self._mine(path.name)
            with path.open("rb") as f:
                data = f.read() if limit is None else f.read(limit)
            if limit is None and (entry := listed.get(f"{DATA}/{path.name}")) is not None:
                _check_sealed(path, data, entry)
            for record in parse_shard(data, path, self.keyed):
                done.records += mine
                if "problem_id" in record:  # exported formats (messages, ...) carry no id
                    done.problems[record["problem_id"]] = record.get("gold")
                done.ids.add(trace_key(record))
        return done

    def _recover_partials(self) -> None:
        """Cut each of this rank's partial shards back to its last whole group and seal it
        (another rank's partial may be live: it is never touched)."""
        for partial in sorted(self.data.glob(f".{self.rank:05d}-*.jsonl.partial")):
            final = self.data / partial.name[1 : -len(".partial")]
            if self._cut_and_seal(partial, _idx_of(partial), final):
                log.info("recovered %s from an interrupted run", final.name)

    def _adopt_orphans(self) -> None:
        """The shards a killed run sealed after its manifest's last rewrite: each counted
        as its writer counted it, where its index logged that (`_describe`)."""
        listed = {s.file for s in self.shards}
        for path in sorted(self.data.glob(f"{self.rank:05d}-*.jsonl")):
            rel = f"{DATA}/{path.name}"
            if rel not in listed and _SHARD.match(path.name):
                idx = path.with_name(f".{path.name}.idx")
                self.shards.append(_describe(path, rel, keyed=self.keyed,
                                             problems=_last_problems(idx)))

    @staticmethod
    def _seq_of(file: str) -> int:
        m = _SHARD.match(Path(file).name)
        return int(m.group(2)) if m else -1

    # -- compaction (io/compact.py) ----------------------------------------------------------
    def next_shard_name(self) -> str:
        """A name for a new shard of this rank, never used before in OUT."""
        name = f"{self.rank:05d}-{self._seq:05d}.jsonl"
        self._seq += 1
        return name

    def replace_shards(self, new: dict[str, Shard | None]) -> None:
        """Publish a compaction: each shard named in `new` replaced by its entry there (None:
        dropped), in its place, by one atomic rewrite of this rank's manifest part."""
        self.shards = [n for s in self.shards
                       for n in ([new[s.file]] if s.file in new else [s]) if n is not None]
        self._write_manifest("running")

    # -- writing ----------------------------------------------------------------------------
    def write_few_shot(self, block: FewShot) -> bool:
        """Put a few-shot block in OUT/few_shot/ before any record that names it is written
        (content-addressed: every rank writes the same file, atomically)."""
        self.root.mkdir(parents=True, exist_ok=True)
        with deferred():
            write_block(self.root, block)
        return True

    def write_group(self, records: Iterable[dict[str, Any]], units: bytes = b"") -> None:
        """Append one problem's records; they are committed together or not at all.
        `units`: the unit log's entries for what they were computed from (io/units.py)."""
        self.write_lines("".join(dump_line(r) for r in records).encode("utf-8"), units)

    def write_lines(self, payload: bytes, units: bytes = b"") -> None:
        """`write_group` for records already written as JSON lines (`dump_line`'s bytes,
        each ending in a newline): one problem's, committed together or not at all."""
        if not payload:
            return
        with deferred():
            self._append(payload, units)

    def _append(self, payload: bytes, units: bytes = b"") -> None:
        if self._file is None:
            self._start_shard()
        try:
            if units:  # logged first: every group a kill leaves committed has its entries
                self.units.append(units)
            self._file.write(payload)
            self._file.flush()
            logged = self.live_stats() if self.live_stats is not None else None
            problems = self._problems + (new_problem := self._new_problem(payload))
            # (the shard's problems as this writer counts them, for a run that adopts it
            # sealed but not listed: `_describe`)
            self._idx.write(f"{self._file.tell()}\t{problems}\n" if logged is None else
                            f"{self._file.tell()}\t{problems}\t{logged}\n")
            self._idx.flush()
        except OSError as e:  # a full disk, a quota, an I/O error: named, and left consistent
            self._abandon_current()
            raise OSError(e.errno, e.strerror, str(self._partial)) from None
        if logged is not None:
            self._logged = logged  # (read as the manifest's stats when one is written)
        self._hash.update(payload)
        self._size += len(payload)
        if self._size - self._sent >= DROP_CACHED:  # to disk now, not all at the seal's fsync
            drop_cached(self._file.fileno())
            self._sent = self._size
        self._records += payload.count(b"\n")
        self._problems += new_problem
        if self._records >= self.shard_size:
            self._seal_current()

    def _new_problem(self, payload: bytes) -> int:
        """1 when a group's problem has no records in OUT yet, else 0 (only a compaction
        leaves a problem's records there while its group is written again)."""
        if not self.held_problems:
            return 1
        try:
            problem = json.loads(payload[: payload.index(b"\n")]).get("problem_id")
        except (ValueError, AttributeError):
            return 1
        return 0 if str(problem) in self.held_problems else 1

    def _start_shard(self) -> None:
        name = f"{self.rank:05d}-{self._seq:05d}.jsonl"
        self._seq += 1
        self._final = self.data / name
        self._partial = self.data / f".{name}.partial"
        self._idx_path = _idx_of(self._partial)
        self._file = self._partial.open("wb")
        self._idx = self._idx_path.open("w", encoding="utf-8")
        self._records = self._problems = 0
        self._hash, self._size = hashlib.sha256(), 0
        self._sent = 0  # bytes of the shard last sent on to disk (`drop_cached`)

    def _abandon_current(self) -> None:
        """After a failed write: drop the group being written (it was never indexed) and
        seal the shard's whole groups; when even that fails, the partial and its index stay
        for the next run to recover, as after a kill."""
        for f in (self._file, self._idx):
            with contextlib.suppress(OSError):  # the unflushed tail is cut off below anyway
                f.close()
        self._file = self._idx = None
        try:
            self._cut_and_seal(self._partial, self._idx_path, self._final,
                               counts=(self._records, self._problems))
        except OSError:
            log.warning("could not seal %s; the next run recovers it", self._partial.name)

    def seal(self) -> None:
        """Seal the shard being written now, so readers see its records: for a long-lived
        writer (star serve's traffic log), whose shards would otherwise fill slowly."""
        with deferred():
            self._seal_current()
            if self._unlisted:
                self._write_manifest("running")

    def _seal_current(self) -> None:
        if self._file is None:
            return
        self._file.close()
        self._idx.close()
        self._file = self._idx = None
        # The counters only move once a group's offset is indexed, so they match the cut.
        self._cut_and_seal(self._partial, self._idx_path, self._final,
                           counts=(self._records, self._problems),
                           hashed=(self._size, self._hash.hexdigest()))
        if self.manifest_due():
            self._write_manifest("running")

    def manifest_due(self) -> bool:
        """Whether the shards sealed since the manifest's last rewrite are to be listed now
        (MANIFEST_SHARE, MANIFEST_SECONDS)."""
        return self._unlisted * MANIFEST_SHARE >= len(self.shards) or (
            time.monotonic() - self._listed_at >= MANIFEST_SECONDS)

    def _cut_and_seal(self, partial: Path, idx: Path, final: Path,
                      counts: tuple[int, int] | None = None,
                      hashed: tuple[int, str] | None = None) -> bool:
        """Cut `partial` back to its last indexed group, then rename it to `final` and list
        it; an empty one is removed. `counts` (records, problems), when known, spare a
        re-read; so does `hashed` (size, sha256) of what was appended, when the cut keeps
        exactly that. True when a shard was sealed. Its index stays until a manifest lists
        it (`_write_manifest`): the newest holds the step's totals (`_logged_stats`)."""
        offset = _last_offset(idx)
        with partial.open("r+b") as f:
            f.truncate(offset)
            f.flush()
            os.fsync(f.fileno())
            if offset >= DROP_CACHED:
                drop_cached(f.fileno())  # synced: its pages serve the next shard's writes
        if offset == 0:
            partial.unlink()
            idx.unlink(missing_ok=True)
            return False
        os.replace(partial, final)
        self._unlisted += 1
        rel = f"{DATA}/{final.name}"
        if hashed is not None and counts is not None and hashed[0] == offset:
            self.shards.append(Shard(rel, counts[0], counts[1], hashed[1], offset))
        else:
            self.shards.append(_describe(final, rel, counts, keyed=self.keyed,
                                         problems=_last_problems(idx)))
        return True

    def close(self, status: str = "complete") -> None:
        """Seal the open shard, record `status` (complete / interrupted / failed) and let
        the next writer in."""
        try:
            with deferred():
                self._seal_current()
                try:
                    self._write_manifest(status)
                except OSError as e:
                    if status == "complete":
                        raise
                    # The run already failed (a full disk?): the error that says why is the
                    # one to report. The manifest on disk is the last good one.
                    log.warning("could not record status %r in %s: %s", status, self.root,
                                e.strerror or e)
        finally:
            self.units.close()
            self.lock.release()

    # -- manifest -------------------------------------------------------------------------
    def manifest(self, status: str) -> dict[str, Any]:
        from star_cli.version import __version__

        return {
            "schema_version": SCHEMA_VERSION,
            "star_version": __version__,
            "command": self.command,
            "argv": self.argv,
            "config": self.config,
            "scope": self.scope,
            "rank": self.rank,
            "num_ranks": self.num_ranks,
            "status": status,
            "started": self.started,
            "updated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "python": sys.version.split()[0],
            "records": sum(s.records for s in self.shards),
            "problems": sum(s.problems for s in self.shards),
            "shards": [dict(vars(s)) for s in self.shards],  # asdict's deep copies, without
            "stats": self.stats,
            **({"units": listing.record()} if (listing := self.units.listing()) else {}),
        }

    def _write_manifest(self, status: str) -> None:
        """This rank's part, then the merged manifest and card from every rank's part. The
        indexes of the shards it lists go once it holds the totals they logged (with any a
        kill left while an earlier rewrite dropped them)."""
        text = manifest_text(self.manifest(status))
        write_atomic(part_path(self.root, self.rank), text)
        write_merged(self.root)
        self._drop_stray_indexes()
        self._unlisted, self._listed_at = 0, time.monotonic()


def trace_key(record: dict[str, Any]) -> str:
    """A trace's identity for resuming: its `id`, or for a trace made without one (by hand,
    by `jq`) a digest of its content, so an identical trace given twice is one trace."""
    tid = record.get("id")
    if isinstance(tid, str):
        return tid
    text = json_text(record, sort_keys=True)
    return "sha:" + hashlib.blake2b(utf8(text), digest_size=12).hexdigest()


def _clear_blocks(root: Path) -> None:
    """--overwrite of a one-rank run: the few-shot blocks star wrote go with the shards."""
    folder = root / FEW_SHOT
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        if path.name.endswith(".json") or path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only when nothing of a user's is left in it


_LEFTOVER = re.compile(r"^(?:\.lock-\d{5}|\.manifest\.lock|\.manifest\.json\.tmp)$")


def _star_leftovers(root: Path) -> bool:
    """Whether a directory without a manifest holds only files star writes before its first
    manifest: locks, data/ shards and work files, empty ranks/, few-shot blocks."""
    if not root.is_dir():
        return False
    for path in root.iterdir():
        if path.is_dir():
            allowed = {DATA: lambda n: bool(_SHARD.match(n) or _WORK_FILE.match(n)),
                       RANKS: lambda n: n.startswith(".") and n.endswith(".tmp"),
                       FEW_SHOT: lambda n: n.endswith((".json", ".tmp"))}.get(path.name)
            if allowed is None or not all(allowed(p.name) for p in path.iterdir()):
                return False
        elif not _LEFTOVER.match(path.name):
            return False
    return True


def index_entry(line: str) -> tuple[str, str, str]:
    """(offset, the shard's problems, logged totals) of an index line, `OFFSET<TAB>PROBLEMS`
    and `<TAB>TOTALS` where the step logs them (the problems "" in an index an earlier star
    wrote, `OFFSET[<TAB>TOTALS]`: JSON totals never start with a digit)."""
    offset, _, rest = line.partition("\t")
    problems, tab, logged = rest.partition("\t")
    if not problems.isdigit():
        return offset, "", rest
    return offset, problems, logged if tab else ""


def _last_entry(idx: Path) -> tuple[str, str, str]:
    """`index_entry` of the last complete entry of an index file: all "" when it has none."""
    if not idx.exists():
        return "", "", ""
    # Only newline-terminated entries count: a kill can cut the last one short.
    entries = idx.read_text(encoding="utf-8").split("\n")[:-1]
    if not entries:
        return "", "", ""
    return index_entry(entries[-1])


def _last_offset(idx: Path) -> int:
    """The end of the last complete group recorded in an index file (0 if none)."""
    offset = _last_entry(idx)[0]
    return int(offset) if offset.isdigit() else 0


def _last_problems(idx: Path) -> int | None:
    """The problems its writer counted in a shard, as its index last logged them, or None
    (no index, no entry, or one an earlier star wrote)."""
    try:
        problems = _last_entry(idx)[1]
    except OSError:
        return None
    return int(problems) if problems else None


def _last_stats(idx: Path) -> dict[str, Any] | None:
    """The step's totals logged with the last complete group of an index file, or None (an
    index written without them, or none)."""
    try:
        logged = _last_entry(idx)[2]
        stats = json.loads(logged) if logged else None
    except (OSError, ValueError):
        return None
    return stats if isinstance(stats, dict) else None


def _idx_of(partial: Path) -> Path:
    """`.R-S.jsonl.partial` -> `.R-S.jsonl.idx`: its index of committed group offsets."""
    return partial.with_name(partial.name[: -len(".partial")] + ".idx")


def _check_sealed(path: Path, data: bytes, entry: dict[str, Any]) -> None:
    """A sealed shard a rerun would skip the work of, checked against its manifest entry
    first: a damaged one (edited, cut short) is an error, never work taken as done."""
    from star_cli.io.verify import Listed, mismatch

    if (problem := mismatch(data, Listed.of(path, entry))) is not None:
        raise InputError(f"{problem}: the run in {path.parent.parent} is damaged",
                         path=str(path), fix="restore the shard from where the run wrote "
                         "it, or rerun with --overwrite to start over")


def _describe(path: Path, rel: str, counts: tuple[int, int] | None = None,
              keyed: bool = True, problems: int | None = None) -> Shard:
    """A shard's manifest entry: one read for the hash, the counts parsed only if unknown.
    `problems`: as its writer counted them (one a group, none for a problem a compaction
    left in OUT), where its index logged that; else its distinct problem ids."""
    data = path.read_bytes()
    if counts is None:
        records = list(parse_shard(data, path, keyed))
        counts = (len(records), problems if problems is not None else len(
            {r.get("problem_id") for r in records}))
    return Shard(rel, counts[0], counts[1], hashlib.sha256(data).hexdigest(), len(data))


class StdoutWriter:
    """The `-o -` sink: JSONL on standard output, flushed per group; no resume."""

    def __init__(self) -> None:
        self.stats: dict[str, Any] = {}
        self.live_stats: Callable[[], str] | None = None  # (nowhere to log them)
        self._blocks: set[str] = set()

    def prepare(self) -> Committed:
        return Committed()

    def release(self) -> None:
        pass

    def open(self) -> None:
        pass

    def write_few_shot(self, block: FewShot) -> bool:
        """Standard output has nowhere to keep a block: say so once, on stderr."""
        if block.name not in self._blocks:
            self._blocks.add(block.name)
            log.info("-o -: the traces name few-shot block %s, which is not stored "
                        "(write to a directory to keep it beside them)", block.name)
        return False

    def write_group(self, records: Iterable[dict[str, Any]], units: bytes = b"") -> None:
        text = "".join(dump_line(r) for r in records)
        with deferred():  # a Ctrl-C or SIGTERM mid-write would leave half a record
            sys.stdout.write(text)
            sys.stdout.flush()

    def write_lines(self, payload: bytes, units: bytes = b"") -> None:
        """`write_group` for records already written as JSON lines (UTF-8 bytes): whole,
        a stop signal held until they are out (a pipe takes them in pieces)."""
        with deferred():
            sys.stdout.flush()
            sys.stdout.buffer.write(payload)
            sys.stdout.buffer.flush()

    def close(self, status: str = "complete") -> None:
        sys.stdout.flush()
