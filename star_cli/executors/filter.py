"""`star filter` at scale: the per-trace work in parallel ranks, the decisions in one
process over the features the ranks computed, the same output as one process.

`star filter` in one process (steps/filter.py) reads every trace, runs the quality rules,
spools the survivors in 64 hash buckets by problem with each one's features (exact key,
reasoning path, MinHash signature: filters/features.py), then per problem, in canonical
order, runs the group steps on the features and exports. The per-trace part is
embarrassingly parallel; only the decisions need a problem's traces together. So here:

1. **Ranks** (`Executor.map`: local processes, or Ray tasks). The inputs are cut into
   units (a star directory's shards, a folder's files, byte ranges of a big JSONL file, a
   whole file of any other kind), spread over the ranks by size. Each rank reads its units
   as raw lines and admits each trace exactly as one process does (`FilterRun.admit_line`:
   validation, the trace filters, the spool with its features), into a `LineSpool` of its
   own, and keeps the 8-byte digests of its trace ids.
2. **The decision** (this process): trace ids unique over all ranks (else the usual error,
   naming both places); then `FilterRun`'s own selection over the ranks' spools read as
   one (`SpoolParts`: bucket b is every rank's bucket b), so every group step runs as in
   one process, on the ranks' features, reading no trace. `--max-total` cuts over the
   counts.
3. **The export**: bucket by bucket, problem by problem in the order one process writes,
   through the run's own sink: OUT's manifest, resume, input digest and card are those of
   `star filter`, and the shards are byte for byte the same.

Not here: `--explain` (its order of drops would differ; use one process), and stdin.
Multi-node Ray ranks need the scratch directory on a shared file system (set TMPDIR).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import math
import shutil
import time
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import star_cli.io.readers as readers
from star_cli.errors import InputError, StarError, UsageError
from star_cli.executors.base import Executor, RankFailed
from star_cli.io.digests import digest as id_digest
from star_cli.io.lines import (
    _BOM,
    BLOCK_BYTES,
    BlockReader,
    LineBlock,
    file_blocks,
    folder_files,
    line_blocks,
    shard_blocks,
)
from star_cli.io.spool import LineSpool, SpoolParts
from star_cli.io.verify import FIX, Listed, listed_shards, load_manifest, mismatch

log = logging.getLogger("star_cli")

SPLIT_BYTES = 64 << 20  # a JSONL file above this is read by several ranks, in byte ranges


# -- units of input ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Unit:
    """A piece of the input one rank reads: `kind` is `path` (a whole input, as
    read_records reads it), `file` (one JSONL file of a folder), `shard` (a star
    directory's shard, verified against its manifest entry) or `range` (the lines of a
    JSONL file that start in bytes [start, end))."""

    kind: str
    path: str
    input: int  # which of the run's inputs it belongs to
    size: int = 0
    start: int = 0
    end: int = 0
    listed: Listed | None = None


def plan_units(inputs: list[str], num_ranks: int, allow_partial: bool = False,
               split_bytes: int = SPLIT_BYTES) -> list[Unit]:
    """The units of every input (errors a reader would raise first are raised here: a
    missing path, a star directory's missing or unlisted shards)."""
    units: list[Unit] = []
    for i, path in enumerate(inputs):
        p = Path(path)
        if path == readers.STDIN:
            raise UsageError("star filter in ranks reads files or directories, not -")
        if p.is_dir():
            units += _directory(p, i, allow_partial)
        elif not p.exists():
            raise InputError("no such file or directory", path=path)
        else:
            units += _file(p, i, num_ranks, split_bytes)
    return units


def _directory(p: Path, i: int, allow_partial: bool) -> list[Unit]:
    manifest = load_manifest(p)
    if manifest is None:
        return [Unit("file", str(f), i, f.stat().st_size) for f in folder_files(p)]
    from star_cli.io.verify import _check_unlisted

    readers._warn_unfinished(p, manifest.get("status"))
    listed = listed_shards(p, manifest)
    _check_unlisted(p, {s.path for s in listed}, manifest.get("status") == "complete",
                    allow_partial)
    missing = [s for s in listed if not s.path.is_file()]
    if missing and not allow_partial:
        raise InputError(f"listed in manifest.json but missing ({len(missing)} of "
                         f"{len(listed)} shards)", path=str(missing[0].path), fix=FIX)
    for shard in missing:
        log.warning("%s: missing; skipped (--allow-partial)", shard.path)
    return [Unit("shard", str(s.path), i, s.path.stat().st_size, listed=s)
            for s in listed if s not in missing]


def _file(p: Path, i: int, num_ranks: int, split_bytes: int) -> list[Unit]:
    size = p.stat().st_size
    pieces = min(num_ranks, math.ceil(size / max(1, split_bytes)))
    if pieces <= 1 or not _is_jsonl(p):
        return [Unit("path", str(p), i, size)]
    bounds = [size * k // pieces for k in range(pieces + 1)]
    return [Unit("range", str(p), i, bounds[k + 1] - bounds[k], bounds[k], bounds[k + 1])
            for k in range(pieces)]


def _is_jsonl(p: Path) -> bool:
    """A plain JSON-lines file (not gzip, Parquet, CSV, a JSON array or one document spread
    over lines): its first line is a whole JSON object."""
    if p.name.lower().endswith((".gz", ".parquet", ".csv", ".tsv")):
        return False
    with p.open("rb") as f:
        first = f.readline()
    try:
        return isinstance(json.loads(first.decode("utf-8-sig")), dict)
    except (UnicodeDecodeError, ValueError, RecursionError):
        return False


def assign(units: list[Unit], num_ranks: int) -> list[list[Unit]]:
    """Units to ranks, largest first to the least loaded (ties: the lowest rank)."""
    ranks: list[list[Unit]] = [[] for _ in range(num_ranks)]
    load = [0] * num_ranks
    for unit in sorted(units, key=lambda u: -u.size):
        r = min(range(num_ranks), key=lambda k: (load[k], k))
        ranks[r].append(unit)
        load[r] += unit.size
    return ranks


def unit_blocks(unit: Unit, allow_partial: bool) -> Iterator[LineBlock]:
    """A unit's records as blocks of raw lines, as one process reads them (io/lines.py)."""
    if unit.kind == "path":
        yield from line_blocks([unit.path], allow_partial=allow_partial)
    elif unit.kind == "file":
        yield from file_blocks(unit.path)
    elif unit.kind == "shard":
        assert unit.listed is not None
        data = Path(unit.path).read_bytes()
        problem = mismatch(data, unit.listed)
        if problem is None:
            yield from shard_blocks(unit.path, data)
        elif allow_partial:
            log.warning("%s: %s; skipped (--allow-partial)", unit.path, problem)
        else:
            raise InputError(problem, path=unit.path, fix=FIX)
    else:
        yield from _range_blocks(unit)


def _range_blocks(unit: Unit, size: int = BLOCK_BYTES) -> Iterator[LineBlock]:
    """The lines that start in bytes [start, end) of a JSONL file, numbered as in the file
    (the first block says its first line's number), read as io/lines.py reads a file."""
    with open(unit.path, "rb") as f:
        start = unit.start
        if start > 0:
            f.seek(start - 1)
            start += len(f.readline()) - 1  # to just after the newline at or past start-1
        number = _lines_before(f, start) + 1
        f.seek(start)
        left = max(0, unit.end - start)
        first = True
        pending = b""
        while True:
            chunk = f.read(min(size, left)) if left > 0 else b""
            left -= len(chunk)
            if left <= 0 and chunk and not chunk.endswith(b"\n"):
                chunk += f.readline()  # the line that starts before `end` runs to its end
            data = pending + chunk
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            if cut:
                block = data[:cut]
                if first and start == 0 and block.startswith(_BOM):
                    block = block[len(_BOM):]
                if b"\r" in block:  # text mode reads \r\n and a lone \r as \n
                    block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
                yield LineBlock(unit.path, number if first else None, block)
                first = False
            pending = data[cut:]
            if not chunk:
                return


def _lines_before(f: IO[bytes], offset: int, block: int = 16 << 20) -> int:
    f.seek(0)
    count, left = 0, offset
    while left > 0:
        data = f.read(min(block, left))
        if not data:
            break
        count += data.count(b"\n")
        left -= len(data)
    return count


# -- a rank -----------------------------------------------------------------------------------
@dataclass
class RankSummary:
    """What a rank hands back: its counts (merged into the run's report), its spool's
    digest (summed: the input digest of one process), its bucket sizes, the few-shot blocks
    its traces name."""

    rank: int
    read: int = 0
    check_reasons: Counter[str] = field(default_factory=Counter)
    trace_stats: list[Any] = field(default_factory=list)
    legacy: int = 0
    digest: int = 0
    legacy_digest: int | None = None
    counts: list[int] = field(default_factory=list)
    per_input: list[int] = field(default_factory=list)
    carried: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def filter_rank(run: Any, units: list[Unit], folder: str, rank: int, inputs: int,
                worker: bool = False) -> RankSummary:
    """One rank of the per-trace phase (in a process of its own, or a Ray task): its units
    admitted into a spool of its own, with the features, as one process admits them."""
    from star_cli.executors.ranks import _worker_process
    from star_cli.filters.quality import RequireMarker

    t0 = time.perf_counter()
    root = Path(folder)
    shutil.rmtree(root, ignore_errors=True)  # a resubmitted rank starts over
    root.mkdir(parents=True)
    ids = _Ids()
    try:
        with _worker_process() if worker else contextlib.nullcontext():
            run.check()
            run.begin(root)
            spool = run.spool(root)
            per_input = [0] * inputs
            reader = BlockReader()
            for unit in units:
                for block in unit_blocks(unit, run.allow_partial):
                    per_input[unit.input] += run.admit_block(block, reader, spool, ids)
            run.read_all(spool)
            spool.close()
    except StarError as e:
        raise RankFailed(str(e), e.exit_code, rank) from None
    (root / "ids.u64").write_bytes(ids.digests.tobytes())
    legacy = sum(f.legacy for f in run.filters if isinstance(f, RequireMarker))
    return RankSummary(rank, run.report.read, run.report.check_reasons, run.trace_stats,
                       legacy, spool.digest, spool.legacy_digest, spool.counts, per_input,
                       run.carried, time.perf_counter() - t0)


class _Ids:
    """A rank's trace ids, as 8-byte digests (checked over all ranks at the end)."""

    def __init__(self) -> None:
        self.digests = array("Q")

    def add(self, record: dict[str, Any], loc: Any) -> None:
        from star_cli.io.shards import trace_key

        self.digests.append(id_digest(trace_key(record)))

    def add_keys(self, keys: list[str], path: str, lines: list[int]) -> None:
        self.digests.extend(map(id_digest, keys))


def _filter_rank_task(*args: Any) -> RankSummary:
    """A rank as a Ray task."""
    return filter_rank(*args, worker=True)


# -- the whole run ----------------------------------------------------------------------------
@dataclass
class Timing:
    """Wall seconds of each phase, and this process's CPU seconds in the last two."""

    ranks: float = 0.0
    decide: float = 0.0
    write: float = 0.0
    decide_cpu: float = 0.0
    write_cpu: float = 0.0


def filter_ranks(run: Any, num_ranks: int, executor: Executor | None = None, *,
                 split_bytes: int = SPLIT_BYTES) -> Any:
    """Run `run` (a `FilterRun`) with its per-trace phase in `num_ranks` ranks, by
    `executor` (default: local processes); returns its report, as `run.execute()` does.
    The phases' seconds are in `run.timing`."""
    from star_cli.executors.local import LocalExecutor
    from star_cli.io.scratch import scratch_dir
    from star_cli.io.spool import check_same_input
    from star_cli.steps.base import RunFrame, check_inputs, write_in_order
    from star_cli.steps.spooled import close_groups

    executor = executor or LocalExecutor()
    if num_ranks < 1:
        raise UsageError(f"--num-shards must be at least 1, got {num_ranks}")
    if run.explain:
        raise UsageError("--explain writes the drops in one process's order: leave out "
                         "--num-shards (or --explain)")
    check_inputs(run.inputs)
    # Sent to the ranks before any check built its filters, with counts of its own.
    fresh = dataclasses.replace(run, report=type(run.report)(), carried={})
    run.check()
    units = plan_units(run.inputs, num_ranks, run.allow_partial, split_bytes)
    timing = Timing()
    run.timing = timing
    with RunFrame(run.sink()) as frame, scratch_dir("filter") as tmp:
        frame.check_inputs(run.inputs, run.verify_input)
        run.prepared(frame.sink)
        fresh.legacy_digest = run.legacy_digest  # the ranks' spools sum an old star's too
        run.begin(Path(tmp))  # this process's part of the run's state (its ranks have theirs)
        extra_size = run.features()
        t0 = time.perf_counter()
        folders = [Path(tmp) / f"rank-{r:05d}" for r in range(num_ranks)]
        calls = [(fresh, part, str(folders[r]), r, len(run.inputs))
                 for r, part in enumerate(assign(units, num_ranks))]
        fn = _filter_rank_task if executor.name == "ray" else filter_rank
        summaries, how = executor.map(fn, calls, [f"star filter rank {r}"
                                                  for r in range(num_ranks)])
        timing.ranks = time.perf_counter() - t0
        if how.get("resubmitted"):
            log.warning("filter: %d rank(s) resubmitted after a lost worker (%s)",
                        how["resubmitted"], "; ".join(how.get("lost", [])))
        _merge(run, summaries)
        _check_unique(run, folders)
        run.spooled()
        digest = sum(s.digest for s in summaries) % (1 << 128)
        legacy = (sum(s.legacy_digest or 0 for s in summaries) % (1 << 128)
                  if run.legacy_digest else None)
        check_same_input(frame.sink, digest, output=run.output, overwrite=run.overwrite,
                         command=run.command, tag=LineSpool.TAG, legacy=legacy)
        spool = SpoolParts(folders, [s.counts for s in summaries], extra_size, digest, legacy)
        t0, c0 = time.perf_counter(), time.process_time()
        selected = run._select(spool, run.group_steps, run.group_stats, None)
        timing.decide, timing.decide_cpu = time.perf_counter() - t0, time.process_time() - c0
        frame.open()
        run.opened(frame.sink)
        t0, c0 = time.perf_counter(), time.process_time()
        groups = run._groups(spool, selected)
        try:
            write_in_order(frame.sink, groups)
        finally:
            close_groups(groups)
            frame.stats = run.report.as_dict()
        timing.write, timing.write_cpu = time.perf_counter() - t0, time.process_time() - c0
        run.written()
    log.info("filter: %d ranks (%s) read and filtered in %.1f s; decided in %.1f s; wrote "
             "in %.1f s", num_ranks, how.get("where") or executor.name, timing.ranks,
             timing.decide, timing.write)
    return run.report


def _merge(run: Any, summaries: list[RankSummary]) -> None:
    """The ranks' counts into the run's report, as if one process had read everything."""
    from star_cli.filters.quality import RequireMarker

    for s in summaries:
        run.report.read += s.read
        run.report.check_reasons.update(s.check_reasons)
        for mine, theirs in zip(run.trace_stats, s.trace_stats, strict=True):
            mine.seen += theirs.seen
            mine.kept += theirs.kept
            mine.dropped.update(theirs.dropped)
            mine.seconds += theirs.seconds
        for name, block in s.carried.items():
            run.carried.setdefault(name, block)
        for f in run.filters:
            if isinstance(f, RequireMarker):
                f.legacy += s.legacy
    for i, path in enumerate(run.inputs):
        if sum(s.per_input[i] for s in summaries) == 0 and not readers._is_star_output(path):
            raise InputError("is empty: no records found", path=path,
                             fix="check the file or the filter")


def _check_unique(run: Any, folders: list[Path]) -> None:
    """Trace ids unique over every rank; a repeat is named as one process names it (the
    inputs are read again to find both places: only then)."""
    import numpy as np

    ids = np.concatenate([np.fromfile(f / "ids.u64", dtype=np.uint64) for f in folders])
    ids.sort()
    if len(ids) > 1 and bool((ids[1:] == ids[:-1]).any()):
        readers.UniqueIds(run.inputs, allow_partial=run.allow_partial).reread()


__all__ = ["RankSummary", "Unit", "assign", "filter_rank", "filter_ranks", "plan_units",
           "unit_blocks"]
