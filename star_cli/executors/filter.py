"""`star filter` at scale: the per-trace work in parallel ranks, the dedup decision in one
process over signatures only, the same output as one process.

`star filter` in one process (steps/filter.py) reads every trace, runs the quality rules,
spools the survivors in 64 hash buckets by problem, then per problem, in canonical order,
runs the group steps (exact dedup, MinHash near dedup, diversity, caps) and exports. The
per-trace part is embarrassingly parallel; only the decisions need a problem's traces
together. So here:

1. **Ranks** (`Executor.map`: local processes, or Ray tasks). The inputs are cut into
   units (a star directory's shards, a folder's files, byte ranges of a big JSONL file, a
   whole file of any other kind), spread over the ranks by size. Each rank reads its units,
   validates each trace and runs the trace filters exactly as `FilterRun.admit` does, spools
   its survivors into its own 64 buckets, and writes for each survivor one *signature row*:
   problem id, the canonical sort key, its line in the rank's bucket file, the exact-dedup
   key (16 bytes), the reasoning-path key, and, when near dedup is asked for, the MinHash
   digest (128 x uint32). It also writes the 8-byte digests of its trace ids.
2. **The decision** (this process): trace ids unique over all ranks (else the usual error,
   naming both places); per bucket, per problem in canonical order, exact dedup on the keys
   and MinHash dedup on the digests (LSH bands and the Jaccard confirmation computed from
   the digests exactly as rensa computes them from its MinHash objects), reading no trace.
   Group steps after dedup (`--diversity`, `--max-per-problem`, `--filter` group steps)
   read the survivors' records of one bucket, as one process does. `--max-total` cuts
   over the counts.
3. **The export**: bucket by bucket (all ranks' bucket files of it), problem by problem in
   the order one process writes, through the run's own sink: OUT's manifest, resume, input
   digest and card are those of `star filter`, and the shards are byte for byte the same.

Not here: `--explain` (its order of drops would differ; use one process), and stdin.
Multi-node Ray ranks need the scratch directory on a shared file system (set TMPDIR).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import math
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import star_cli.io.readers as readers
from star_cli.errors import InputError, StarError, UsageError
from star_cli.executors.base import Executor, RankFailed
from star_cli.io.files import dump_line, split_lines
from star_cli.io.shards import trace_key
from star_cli.io.spool import BUCKETS, Spool, bucket_of, canonical
from star_cli.io.verify import FIX, Listed, listed_shards, load_manifest, mismatch
from star_cli.records import Location, utf8

log = logging.getLogger("star_cli")

SPLIT_BYTES = 64 << 20  # a JSONL file above this is read by several ranks, in byte ranges
NUM_PERM = 128  # filters/dedup.py's


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
        data = p / "data" if (p / "data").is_dir() else p
        files = sorted(f for f in data.iterdir() if f.name.endswith((".jsonl", ".jsonl.gz")))
        if not files:
            raise InputError("holds no .jsonl files", path=str(p))
        return [Unit("file", str(f), i, f.stat().st_size) for f in files]
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


def read_unit(unit: Unit, allow_partial: bool) -> Iterator[tuple[dict[str, Any], Location]]:
    if unit.kind == "path":
        yield from readers.read_records([unit.path], allow_partial=allow_partial)
    elif unit.kind == "file":
        with readers._open_text(Path(unit.path)) as f:
            yield from readers._read_text_stream(f, unit.path)
    elif unit.kind == "shard":
        assert unit.listed is not None
        data = Path(unit.path).read_bytes()
        problem = mismatch(data, unit.listed)
        if problem is None:
            yield from readers._read_shard(Path(unit.path), data)
        elif allow_partial:
            log.warning("%s: %s; skipped (--allow-partial)", unit.path, problem)
        else:
            raise InputError(problem, path=unit.path, fix=FIX)
    else:
        yield from _read_range(unit)


def _read_range(unit: Unit) -> Iterator[tuple[dict[str, Any], Location]]:
    """The records on the lines that start in [start, end), numbered as in the file."""
    with open(unit.path, "rb") as f:
        start = unit.start
        if start > 0:
            f.seek(start - 1)
            start += len(f.readline()) - 1  # to just after the newline at or past start-1
        number = _lines_before(f, start)
        f.seek(start)
        while f.tell() < unit.end:
            raw = f.readline()
            if not raw:
                break
            number += 1
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as e:
                raise InputError(f"is not UTF-8 text ({e.reason})", path=unit.path,
                                 line=number) from None
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except RecursionError:
                raise readers.too_deep(line, unit.path, number) from None
            except json.JSONDecodeError as e:
                raise InputError(f"not valid JSON ({e.msg} at column {e.colno})",
                                 path=unit.path, line=number,
                                 fix="each line must be one JSON object") from None
            if not isinstance(obj, dict):
                raise InputError(f"expected a JSON object, got {type(obj).__name__}",
                                 path=unit.path, line=number)
            yield obj, Location(unit.path, number)


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
class SigningSpool(Spool):
    """The run's spool (the same bucket files, the same digest), and beside each bucket the
    signature rows of its traces (`sig-BBB.jsonl`) and, with `digests`, their MinHash
    digests (`sig-BBB.u32`: 128 uint32 each, in row order)."""

    def __init__(self, root: Path, digests: bool) -> None:
        super().__init__(root)
        self.root, self.digests = root, digests
        self.counts = [0] * BUCKETS
        self.rows: list[IO[str] | None] = [None] * BUCKETS
        self.bins: list[IO[bytes] | None] = [None] * BUCKETS

    def add(self, record: dict[str, Any]) -> None:
        b = bucket_of(record["problem_id"])
        n = self.counts[b]
        super().add(record)
        self.counts[b] += 1
        self._sign(b, n, record)

    def _sign(self, b: int, n: int, record: dict[str, Any]) -> None:
        from star_cli.filters.dedup import exact_key, minhash
        from star_cli.filters.diversity import equations
        from star_cli.filters.quality import text_of

        key = list(canonical(record))
        if not isinstance(record.get("id"), str):  # ids are unique: only id-less ones tie
            key[-1] = dump_line(record)
        exact = exact_key(record)
        text = text_of(record)
        eqs = equations(text)
        path = ("e" + hashlib.blake2b(utf8("\x1f".join(eqs)), digest_size=12).hexdigest()
                if eqs else "x" + exact.hex())
        f = self.rows[b]
        if f is None:
            f = self.rows[b] = open(self.root / f"sig-{b:03d}.jsonl", "w",  # noqa: SIM115
                                    encoding="utf-8")
        f.write(json.dumps([record["problem_id"], key, n, exact.hex(), path]) + "\n")
        if self.digests:
            import numpy as np

            g = self.bins[b]
            if g is None:
                g = self.bins[b] = open(self.root / f"sig-{b:03d}.u32", "wb")  # noqa: SIM115
            g.write(np.asarray(minhash(text).digest(), dtype=np.uint32).tobytes())

    def close(self) -> None:
        super().close()
        for f in [*self.rows, *self.bins]:
            if f is not None:
                f.close()


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
    counts: list[int] = field(default_factory=list)
    per_input: list[int] = field(default_factory=list)
    carried: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def filter_rank(run: Any, units: list[Unit], folder: str, rank: int, digests: bool,
                inputs: int, worker: bool = False) -> RankSummary:
    """One rank of the per-trace phase (in a process of its own, or a Ray task)."""
    from star_cli.executors.ranks import _worker_process
    from star_cli.filters.quality import RequireMarker

    t0 = time.perf_counter()
    root = Path(folder)
    shutil.rmtree(root, ignore_errors=True)  # a resubmitted rank starts over
    root.mkdir(parents=True)
    try:
        with _worker_process() if worker else contextlib.nullcontext():
            run.check()
            run.begin(root)
            spool = SigningSpool(root, digests)
            ids: list[int] = []
            per_input = [0] * inputs
            for unit in units:
                for record, loc in read_unit(unit, run.allow_partial):
                    run.admit(record, loc, spool)
                    ids.append(_id_digest(record))
                    per_input[unit.input] += 1
            spool.close()
    except StarError as e:
        raise RankFailed(str(e), e.exit_code, rank) from None
    import numpy as np

    np.save(root / "ids.npy", np.asarray(ids, dtype=np.uint64))
    legacy = sum(f.legacy for f in run.filters if isinstance(f, RequireMarker))
    return RankSummary(rank, run.report.read, run.report.check_reasons, run.trace_stats,
                       legacy, spool.digest, spool.counts, per_input, run.carried,
                       time.perf_counter() - t0)


def _filter_rank_task(*args: Any) -> RankSummary:
    """A rank as a Ray task."""
    return filter_rank(*args, worker=True)


def _id_digest(record: dict[str, Any]) -> int:
    """UniqueIds' digest of a trace's key (io/readers.py)."""
    key = trace_key(record)
    return int.from_bytes(hashlib.blake2b(utf8(key), digest_size=8).digest(), "big")


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
    from star_cli.filters.dedup import ExactDedup, MinHashDedup
    from star_cli.io.scratch import scratch_dir
    from star_cli.io.spool import check_same_input
    from star_cli.steps.base import RunFrame, check_inputs, write_in_order

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
    signature_steps = 0
    for step in run.group_steps:
        if not isinstance(step, ExactDedup | MinHashDedup):
            break
        signature_steps += 1
    digests = any(isinstance(s, MinHashDedup) for s in run.group_steps[:signature_steps])
    units = plan_units(run.inputs, num_ranks, run.allow_partial, split_bytes)
    timing = Timing()
    run.timing = timing
    with RunFrame(run.sink()) as frame, scratch_dir("filter") as tmp:
        frame.check_inputs(run.inputs, run.verify_input)
        run.begin(Path(tmp))  # this process's part of the run's state (its ranks have theirs)
        t0 = time.perf_counter()
        calls = [(fresh, part, str(tmp / f"rank-{r:05d}"), r, digests, len(run.inputs))
                 for r, part in enumerate(assign(units, num_ranks))]
        fn = _filter_rank_task if executor.name == "ray" else filter_rank
        summaries, how = executor.map(fn, calls, [f"star filter rank {r}"
                                                  for r in range(num_ranks)])
        timing.ranks = time.perf_counter() - t0
        if how.get("resubmitted"):
            log.warning("filter: %d rank(s) resubmitted after a lost worker (%s)",
                        how["resubmitted"], "; ".join(how.get("lost", [])))
        _merge(run, summaries)
        _check_unique(run, tmp, num_ranks)
        run.spooled()
        digest = sum(s.digest for s in summaries) % (1 << 128)
        check_same_input(frame.sink, digest, output=run.output, overwrite=run.overwrite,
                         command=run.command)
        t0, c0 = time.perf_counter(), time.process_time()
        counts = [s.counts for s in summaries]
        selected = _decide(run, Path(tmp), counts, signature_steps)
        timing.decide, timing.decide_cpu = time.perf_counter() - t0, time.process_time() - c0
        frame.open()
        run.opened(frame.sink)
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            write_in_order(frame.sink, _emissions(run, Path(tmp), counts, selected))
        finally:
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


def _check_unique(run: Any, tmp: Path, num_ranks: int) -> None:
    """Trace ids unique over every rank; a repeat is named as one process names it (the
    inputs are read again to find both places: only then)."""
    import numpy as np

    ids = np.concatenate([np.load(tmp / f"rank-{r:05d}" / "ids.npy")
                          for r in range(num_ranks)])
    ids.sort()
    if len(ids) > 1 and bool((ids[1:] == ids[:-1]).any()):
        unique = readers.UniqueIds(run.inputs, allow_partial=run.allow_partial)
        for record, loc in readers.read_records(run.inputs, allow_partial=run.allow_partial):
            unique.add(record, loc)


@dataclass
class _Item:
    key: tuple[Any, ...]
    line: int  # in the bucket's lines, all ranks' in rank order
    exact: str
    path: str
    digest: Any  # a row of the bucket's digest matrix, or None


def _bucket_items(tmp: Path, counts: list[list[int]], b: int, digests: bool
                  ) -> dict[str, list[_Item]]:
    import numpy as np

    groups: dict[str, list[_Item]] = {}
    offset = 0
    for r, rank_counts in enumerate(counts):
        folder = tmp / f"rank-{r:05d}"
        rows_path = folder / f"sig-{b:03d}.jsonl"
        if rank_counts[b]:
            matrix = (np.fromfile(folder / f"sig-{b:03d}.u32", dtype=np.uint32)
                      .reshape(-1, NUM_PERM) if digests else None)
            with rows_path.open(encoding="utf-8") as f:
                for k, row in enumerate(map(json.loads, f)):
                    pid, key, n, exact, path = row
                    groups.setdefault(pid, []).append(
                        _Item(tuple(key), offset + n, exact, path,
                              matrix[k] if matrix is not None else None))
        offset += rank_counts[b]
    return groups


def _bucket_lines(tmp: Path, counts: list[list[int]], b: int) -> list[str]:
    lines: list[str] = []
    for r, rank_counts in enumerate(counts):
        if rank_counts[b]:
            path = tmp / f"rank-{r:05d}" / f"bucket-{b:03d}.jsonl"
            lines += split_lines(path.read_text(encoding="utf-8"))
    return lines


def _decide(run: Any, tmp: Path, counts: list[list[int]], signature_steps: int) -> Any:
    """`FilterRun._select`, from the signatures: per bucket, per problem (sorted), the lines
    kept and their reasoning paths; group steps past the dedup ones read the records."""
    from star_cli.filters.base import run_group
    from star_cli.filters.dedup import MinHashDedup
    from star_cli.filters.diversity import path_ids
    from star_cli.steps.filter import Kept

    steps, stats = run.group_steps, run.group_stats
    digests = any(isinstance(s, MinHashDedup) for s in steps[:signature_steps])
    rest = list(zip(steps[signature_steps:], stats[signature_steps:], strict=True))
    selected = []
    for b in range(BUCKETS):
        groups = _bucket_items(tmp, counts, b, digests)
        lines = _bucket_lines(tmp, counts, b) if rest and groups else []
        chosen = []
        for pid in sorted(groups):
            items = sorted(groups[pid], key=lambda item: item.key)
            for step, s in zip(steps[:signature_steps], stats[:signature_steps], strict=True):
                items = _signature_step(step, s, items)
            if rest and items:
                records = [json.loads(lines[item.line]) for item in items]
                line_of = {id(r): item.line for r, item in zip(records, items, strict=True)}
                for step, s in rest:
                    records, _ = run_group(step, s, records)
                chosen.append(Kept(pid, [line_of[id(r)] for r in records], path_ids(records)))
            else:
                chosen.append(Kept(pid, [item.line for item in items], _paths(items)))
        selected.append(chosen)
    if run.config.max_total is not None:
        run._cap_total(selected, None, None)
    for problem in (k for bucket in selected for k in bucket):
        run.report.paths.add(len(set(problem.paths)))
    return selected


def _paths(items: list[_Item]) -> list[int]:
    ids: dict[str, int] = {}
    return [ids.setdefault(item.path, len(ids)) for item in items]


def _signature_step(step: Any, stats: Any, items: list[_Item]) -> list[_Item]:
    """ExactDedup or MinHashDedup over signatures: the same traces kept and dropped."""
    from star_cli.filters.dedup import MinHashDedup

    t0 = time.perf_counter()
    if isinstance(step, MinHashDedup):
        kept, dropped = _near(items, step.threshold, step.bands), "near_duplicate"
    else:
        seen: set[str] = set()
        kept = [i for i in items if not (i.exact in seen or seen.add(i.exact))]
        dropped = "exact_duplicate"
    stats.seconds += time.perf_counter() - t0
    stats.seen += len(items)
    stats.kept += len(kept)
    if len(items) > len(kept):
        stats.dropped[dropped] += len(items) - len(kept)
    return kept


def _near(items: list[_Item], threshold: float, bands: int) -> list[_Item]:
    """rensa's LSH, from the digests: a candidate shares a band (consecutive rows) with an
    earlier kept trace; a near duplicate is a candidate whose estimated Jaccard similarity
    (the share of equal rows) is at least the threshold."""
    rows = NUM_PERM // bands
    tables: list[dict[bytes, list[int]]] = [{} for _ in range(bands)]
    kept: list[_Item] = []
    for item in items:
        keys = [item.digest[k * rows:(k + 1) * rows].tobytes() for k in range(bands)]
        candidates = {c for k, key in enumerate(keys) for c in tables[k].get(key, ())}
        if any(float((kept[c].digest == item.digest).mean()) >= threshold
               for c in sorted(candidates)):
            continue
        for k, key in enumerate(keys):
            tables[k].setdefault(key, []).append(len(kept))
        kept.append(item)
    return kept


def _emissions(run: Any, tmp: Path, counts: list[list[int]], selected: Any
               ) -> Iterator[tuple[int, Any]]:
    """`FilterRun._groups`, each bucket's lines from every rank's spool."""
    for b, bucket in enumerate(selected):
        if not any(kept.lines for kept in bucket):
            continue
        lines = _bucket_lines(tmp, counts, b)
        for kept in bucket:
            if not kept.lines:
                continue
            run.report.problems += 1
            run.report.written += len(kept.lines)
            yield len(kept.lines), functools.partial(run._export, lines, kept.lines)


__all__ = ["RankSummary", "SigningSpool", "Unit", "assign", "filter_rank", "filter_ranks",
           "plan_units", "read_unit"]
