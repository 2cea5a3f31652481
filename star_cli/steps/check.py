"""`star check` as a library call: re-judge traces with a (better) checker.

Traces are read as blocks of raw JSON lines (`io.lines`), and each block is parsed, validated,
judged and written back as JSON lines by one worker process (`--workers N`; one worker is this
process), so every core does the whole work of its traces. The main process only keeps the
blocks in input order, drops the traces OUT already holds and repeated ids (by an 8-byte
digest of each id, `io.digests`: a few bytes an id, on standard output too), and writes the
workers' bytes: `answer`, `correct`, `checker`, `check_reason` and `answer_source` rewritten,
every other field passed through unchanged. Into a directory the run resumes by trace id: a
rerun writes exactly the traces OUT lacks, whatever the inputs' order, and a trace given
twice is written once. The output is the same bytes whatever the number of workers.

Thinking models (`--thinking`, answers/thinking.py): only the answer after the thought is
judged, an unfinished thought has no answer, and `thinking` and `thinking_tokens` are
rewritten too (an engine's count is kept while the thought is the same; otherwise the count
is the tokenizer-free estimate). With `--thinking off` they pass through untouched.
"""

from __future__ import annotations

import logging
import os
import time
from array import array
from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from operator import add, attrgetter
from pathlib import Path
from typing import Any

from star_cli.answers import pool
from star_cli.answers.batch import BatchChecker, Pair
from star_cli.answers.checker import Checker, Verdict, cut_off, from_spec
from star_cli.answers.thinking import (
    UNFINISHED,
    ThinkingOptions,
    Thought,
    thinking_options,
    thinking_tokens,
)
from star_cli.errors import InputError, UsageError
from star_cli.io.digests import DigestSet, digest
from star_cli.io.few_shot import Blocks, write_few_shot
from star_cli.io.files import dump_line
from star_cli.io.lines import BLOCK_BYTES, BlockReader, LineBlock, line_blocks
from star_cli.io.shards import trace_key
from star_cli.io.sink import Sink, make_sink
from star_cli.io.units import Reading, content_of, entries, source_id
from star_cli.records import Choice, Location, check_trace, trace_field
from star_cli.registry import CHECKERS, TASKS, make_checker
from star_cli.steps.base import (
    RunFrame,
    check_resume_changed,
    checker_identity,
    write_counted,
)
from star_cli.steps.problems import in_slice

log = logging.getLogger("star_cli")

BLOCK = 4096  # traces in a block of lines (BLOCK_BYTES), about, for its deadline
WORKER = "star_cli.steps.check_worker"
WINDOW = 8  # blocks in flight per worker: room for the writer's fsync stalls
BLOCK_TIMEOUT = 120.0  # seconds for a block's cheap tiers, beside its symbolic deadlines

# A verdict's counts, as one int per trace (the workers send these, not verdicts).
_CORRECT, _NO_ANSWER, _TIMEOUT, _ERROR, _AMBIGUOUS, _UNFINISHED, _FALLBACK, _NOW_CORRECT, \
    _NOW_WRONG = (1 << k for k in range(9))


def verdict_flags(old: dict[str, Any], v: Verdict) -> int:
    """What `CheckStats` counts of one verdict, as bits."""
    flags = (_CORRECT * v.correct | _NO_ANSWER * (v.reason == "no_answer")
             | _TIMEOUT * (v.reason == "timeout") | _ERROR * (v.reason == "error")
             | _AMBIGUOUS * (v.reason == "ambiguous") | _UNFINISHED * (v.reason == UNFINISHED)
             | _FALLBACK * (v.source == "fallback"))
    was = old.get("correct")
    if isinstance(was, bool) and was != v.correct:
        flags |= _NOW_CORRECT if v.correct else _NOW_WRONG
    return flags


# The totals a check run records (`CheckStats.as_dict`), beside its seconds: (key, counter).
_TOTALS = (("checked_problems", "problems"), ("checked", "checked"), ("correct", "correct"),
           ("no_answer", "no_answer"), ("timeouts", "timeouts"), ("errors", "errors"),
           ("ambiguous", "ambiguous"), ("unfinished_thoughts", "unfinished_thoughts"),
           ("fallback", "fallback"), ("now_correct", "now_correct"), ("now_wrong", "now_wrong"))


@dataclass
class CheckStats:
    problems: int = 0
    checked: int = 0
    correct: int = 0
    no_answer: int = 0
    timeouts: int = 0
    errors: int = 0
    ambiguous: int = 0
    unfinished_thoughts: int = 0  # thinking models: the thought never closed
    fallback: int = 0  # answers read from the final statement, without a marker
    now_correct: int = 0  # verdicts that changed from wrong to right
    now_wrong: int = 0
    skipped: int = 0  # traces already in OUT
    started: float = field(default_factory=time.monotonic)

    def add(self, old: dict[str, Any], v: Verdict) -> None:
        self.add_flags(verdict_flags(old, v))

    def add_flags(self, flags: int, times: int = 1) -> None:
        """Count `times` verdicts with these `verdict_flags`."""
        self.checked += times
        self.correct += times * bool(flags & _CORRECT)
        self.no_answer += times * bool(flags & _NO_ANSWER)
        self.timeouts += times * bool(flags & _TIMEOUT)
        self.errors += times * bool(flags & _ERROR)
        self.ambiguous += times * bool(flags & _AMBIGUOUS)
        self.unfinished_thoughts += times * bool(flags & _UNFINISHED)
        self.fallback += times * bool(flags & _FALLBACK)
        self.now_correct += times * bool(flags & _NOW_CORRECT)
        self.now_wrong += times * bool(flags & _NOW_WRONG)

    def as_dict(self, prior: dict[str, Any] | None = None) -> dict[str, Any]:
        """Totals over every run into OUT: this one plus `prior` (a resumed run's)."""
        prior = prior or {}
        total = {key: getattr(self, name) + (prior.get(key) or 0) for key, name in _TOTALS}
        total["seconds"] = round(time.monotonic() - self.started + (prior.get("seconds") or 0),
                                 2)
        return total

    def as_text(self, prior: dict[str, Any]) -> Callable[[], str]:
        """`as_dict(prior)` as JSON text, made cheaply enough to log with every problem
        written (`Sink.live_stats`): a template made once, the totals put in each time."""
        base = tuple(int(prior.get(key) or 0) for key, _ in _TOTALS)
        template = "{" + "".join(f'"{key}": %d, ' for key, _ in _TOTALS) + '"seconds": %.2f}'
        counts = attrgetter(*(name for _, name in _TOTALS))
        offset = (prior.get("seconds") or 0) - self.started

        def text() -> str:
            return template % (*map(add, counts(self), base), time.monotonic() + offset)
        return text

    def summary(self) -> str:
        rate = f"{self.correct / self.checked:.1%}" if self.checked else "n/a"
        unfinished = (f"{self.unfinished_thoughts} unfinished (the thought never closed), "
                      if self.unfinished_thoughts else "")
        return (
            f"checked {self.checked} traces of {self.problems} problems: {self.correct} correct "
            f"({rate}), {self.no_answer} no answer, {self.ambiguous} ambiguous, {unfinished}"
            f"{self.timeouts} timeouts, {self.errors} errors, {self.fallback} answers without a "
            f"marker; {self.now_correct} verdicts turned correct, {self.now_wrong} turned wrong"
        )


@dataclass
class CheckRun:
    inputs: list[str]
    output: str
    task: str | None = None
    checker: str | None = None
    timeout: float = 5.0
    workers: int | None = None
    shard_size: int = 1000
    overwrite: bool = False
    quiet: bool = False
    argv: list[str] | None = None
    # --allow-partial: read only the shards of a star input directory that verify.
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    thinking: str = "auto"  # --thinking: auto, on or off
    think_tags: tuple[str, str] | None = None  # --think-tags START END (default <think> ...)
    # Options for a checker that takes them (`judge`: its JudgeConfig).
    checker_options: dict[str, Any] = field(default_factory=dict)
    # Ranks of a cluster job (or of `--executor ray`): this run checks the traces of the
    # problems in its slice, by a stable hash of their problem id, into one shared OUT.
    num_shards: int = 1
    shard_index: int = 0
    # --resume-changed: a rerun over changed input removes the traces whose input trace
    # changed or is gone, and checks them (and only them) again.
    resume_changed: bool = False

    def __post_init__(self) -> None:
        """The same errors for a Python caller as for the CLI."""
        self.reading: ThinkingOptions = thinking_options(self.thinking, self.think_tags)
        check_resume_changed(self.resume_changed, self.overwrite, self.output)
        if self.timeout <= 0:
            raise UsageError(f"--timeout must be positive, got {self.timeout:g}")
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers must be at least 1, got {self.workers}")
        if self.shard_size < 1:
            raise UsageError("--shard-size must be at least 1")
        if self.num_shards < 1 or not 0 <= self.shard_index < self.num_shards:
            raise UsageError(f"--shard-index must be in [0, {self.num_shards}) for "
                             f"--num-shards {self.num_shards}, got {self.shard_index}")

    def execute(self) -> CheckStats:
        checker = self._checker()
        if not self.inputs:
            raise UsageError("no input: give trace files or directories, or - for stdin")
        needs_id = self.output != "-"
        judge = BlockJudge(checker, self.reading, needs_id, self.num_shards, self.shard_index)
        blocks = self._blocks()
        first = next(blocks, None)
        if first is not None:  # a file that is not traces fails before OUT is touched
            judge.first_record(first)
        stats = CheckStats()
        self._last_log = time.monotonic()
        with RunFrame(self._sink(checker)) as run:
            run.check_inputs(self.inputs, self.verify_input,
                             resume_changed=self.resume_changed, resumable=True)
            seen = DigestSet(len(run.committed.ids))
            seen.update(digest(tid) for tid in run.committed.ids)
            run.committed.ids.clear()  # kept as digests from here on
            if self.resume_changed:
                seen = _without(seen, run.find_stale(self._now(), seen.has, trace_key))
            run.open()
            run.sink.live_stats = stats.as_text(run.prior)  # logged with each problem
            merge = _Merge(run.sink, seen, stats, Blocks(self.inputs))
            merge.unique = _Unique(self.inputs, self.allow_partial)
            try:
                with judge:
                    judged = self._judged(judge, _chain(first, blocks), seen)
                    for block, result, payload in judged:
                        merge.add(block, result, payload)
                        self._progress(stats)
                    merge.close()
            finally:
                run.stats = stats.as_dict(run.prior)
        return stats

    def _blocks(self) -> Iterator[LineBlock]:
        """The input's blocks, each tagged with the input it was read from (its `source`
        in the unit log)."""
        for path in self.inputs:
            for block in line_blocks([path], allow_partial=self.allow_partial,
                                     size=BLOCK_BYTES):
                yield replace(block, source=path)

    def _now(self) -> Reading:
        """--resume-changed: this rank's traces as the input holds them now, each by its
        key and the digest of its line as read (as the judged traces log them)."""
        # With --allow-partial a damaged input shard is skipped: its traces are not gone.
        now = Reading({source_id(p) for p in self.inputs}, whole=not self.allow_partial)
        reader = BlockReader()
        for block in self._blocks():
            source = source_id(block.source or block.path)
            for record, _, line in reader.records(block):
                if in_slice(record, self.num_shards, self.shard_index):
                    now.add(trace_key(record), source, content_of(line))
        return now

    def _judged(self, judge: BlockJudge, blocks: Iterator[LineBlock], seen: DigestSet
                ) -> Iterator[tuple[LineBlock, dict[str, Any], bytes]]:
        """Each block's result, in input order: judged here with one worker (or a checker
        that waits on a sandbox or a server, which overlaps its own waits), else by worker
        processes, as many blocks in flight as keeps them busy."""
        workers = self.workers or os.cpu_count() or 1
        if workers == 1 or not judge.checker.local:
            judge.done = seen.sorted() if len(seen) else None
            for block in blocks:
                yield block, *judge.judge(block)
            return
        first = next(blocks, None)
        if first is None:
            return
        second = next(blocks, None)
        if second is None:  # one block: not worth starting a process
            judge.done = seen.sorted() if len(seen) else None
            yield first, *judge.judge(first)
            return
        yield from self._in_workers(judge, _chain(first, _chain(second, blocks)), seen,
                                    workers)

    def _in_workers(self, judge: BlockJudge, blocks: Iterator[LineBlock], seen: DigestSet,
                    workers: int) -> Iterator[tuple[LineBlock, dict[str, Any], bytes]]:
        from star_cli.io.scratch import scratch_dir

        with scratch_dir("check") as tmp:
            done = None
            if len(seen):  # a resumed run: the workers skip what OUT holds, unjudged
                done = str(Path(tmp) / "done.bin")
                Path(done).write_bytes(seen.sorted().tobytes())
            config = judge.config(done)
            procs = pool.WorkerPool(workers, module=WORKER)
            threads = ThreadPoolExecutor(workers)
            window: deque[tuple[LineBlock, Future[tuple[Any, bytes]]]] = deque()
            try:
                for block in blocks:
                    window.append((block, threads.submit(_remote, procs, config, block,
                                                         self.timeout)))
                    if len(window) >= WINDOW * workers:
                        yield self._collected(judge, *window.popleft())
                while window:
                    yield self._collected(judge, *window.popleft())
            finally:
                procs.close()
                threads.shutdown(wait=True, cancel_futures=True)

    @staticmethod
    def _collected(judge: BlockJudge, block: LineBlock, future: Future[tuple[Any, bytes]]
                   ) -> tuple[LineBlock, dict[str, Any], bytes]:
        try:
            return block, *future.result()
        except (pool.Timeout, pool.WorkerError) as e:
            # A worker that died or hung: this process judges the block (the same bytes).
            log.warning("a check worker failed (%s); judging its block here", e)
            if judge.done is None and judge.done_path is not None:
                judge.load_done(judge.done_path)
            return block, *judge.judge(block)

    def _checker(self) -> Checker:
        if self.checker is not None:
            return make_checker(self.checker, self.timeout, **self.checker_options)
        if self.task is None:
            raise UsageError(f"give --task ({', '.join(TASKS.names())}) or --checker "
                             f"({', '.join(CHECKERS.names())})")
        from star_cli.tasks import get_task

        if self.task == "generic":
            raise UsageError("--task generic: say which checker with --checker")
        checker = get_task(self.task).checker
        if not checker.local:  # a sandbox or a server: built from the run's options
            return type(checker).from_options(timeout=self.timeout, **self.checker_options)
        return checker.with_timeout(self.timeout)

    def _sink(self, checker: Checker) -> Sink:
        config: dict[str, Any] = {"checker": checker.name, "timeout": self.timeout}
        if (thinking := self.reading.config()) is not None:  # absent at the default: resumes
            config["thinking"] = thinking
        config.update(checker_identity(self.checker_options, checker.name == "code"))
        scope: dict[str, Any] = {
            "inputs": [i if i == "-" else str(Path(i).resolve()) for i in self.inputs]}
        if self.num_shards > 1:  # absent for one rank, as before ranks were possible
            scope.update(num_shards=self.num_shards, shard_index=self.shard_index)
        return make_sink(self.output, command="check", config=config,
                         shard_size=self.shard_size, overwrite=self.overwrite,
                         argv=self.argv, scope=scope, rank=self.shard_index,
                         num_ranks=self.num_shards)

    _last_log = 0.0  # when progress was last logged

    def _progress(self, stats: CheckStats) -> None:
        now = time.monotonic()
        if not self.quiet and now - self._last_log >= 5:
            self._last_log = now
            log.info("checked %d traces of %d problems", stats.checked, stats.problems)


def _without(seen: DigestSet, drop: set[int]) -> DigestSet:
    """`seen` less the digests in `drop` (a DigestSet only grows: a new one)."""
    if not drop:
        return seen
    import numpy as np

    kept = np.frombuffer(seen.sorted().tobytes(), dtype=np.uint64)
    kept = kept[~np.isin(kept, np.fromiter(drop, dtype=np.uint64, count=len(drop)))]
    out = DigestSet(len(kept))
    out.add_new(kept)
    return out


def _chain(first: LineBlock | None, rest: Iterator[LineBlock]) -> Iterator[LineBlock]:
    if first is not None:
        yield first
    yield from rest


def _remote(procs: pool.WorkerPool, config: dict[str, Any], block: LineBlock,
            timeout: float) -> tuple[Any, bytes]:
    """One block judged by a worker process (`star_cli.steps.check_worker`)."""
    request = {"config": config, "path": block.path, "start": block.start,
               "where": block.where, "errors": block.errors}
    # The cheap tiers are bounded; each symbolic check has its own deadline in the worker.
    deadline = BLOCK_TIMEOUT + timeout * BLOCK
    return procs.call_bytes(request, block.data, deadline)


class BlockJudge:
    """The whole work of a block of trace lines: parse, validate, judge (`BatchChecker`, one
    process) and write each trace back as a JSON line. Runs in a worker process, or in the
    main process with one worker; the same bytes either way."""

    def __init__(self, checker: Checker, reading: ThinkingOptions, needs_id: bool,
                 num_shards: int = 1, shard_index: int = 0) -> None:
        self.checker = checker
        self.reading = reading
        self.needs_id = needs_id
        self.num_shards, self.shard_index = num_shards, shard_index
        self.done: array | None = None  # sorted digests of the traces OUT holds: not judged
        self.done_path: str | None = None
        self._batch: BatchChecker | None = None
        self._names = Blocks()  # few-shot block names, checked
        self._counted = 0  # lines of the block last read

    # -- in a worker ---------------------------------------------------------------------
    def config(self, done: str | None) -> dict[str, Any]:
        """What a worker needs to build the same judge (`from_config`)."""
        self.done_path = done
        return {"checker": self.checker.spec(), "thinking": self.reading.mode,
                "tags": [self.reading.tags.start, self.reading.tags.end],
                "needs_id": self.needs_id, "done": done,
                "ranks": [self.num_shards, self.shard_index]}

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> BlockJudge:
        judge = cls(from_spec(config["checker"]),
                    thinking_options(config["thinking"], tuple(config["tags"])),
                    config["needs_id"], *config["ranks"])
        if config["done"] is not None:
            judge.load_done(config["done"])
        return judge

    def load_done(self, path: str) -> None:
        done = array("Q")
        done.frombytes(Path(path).read_bytes())
        self.done = done

    def __enter__(self) -> BlockJudge:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._batch is not None:
            self._batch.close()
            self._batch = None

    @property
    def batch(self) -> BatchChecker:
        if self._batch is None:
            self._batch = BatchChecker(self.checker, 1)
        return self._batch

    # -- the work ------------------------------------------------------------------------
    def first_record(self, block: LineBlock) -> None:
        """Parse and validate the first record of `block` (InputError if it is no trace)."""
        for record, loc in self._lines(block, limit=1):
            self._validate(record, loc)

    def judge(self, block: LineBlock) -> tuple[dict[str, Any], bytes]:
        """(the block's result, its bytes). The result: the block's line count, its records'
        count and first and last problem_id, the few-shot blocks they name, or its first
        input error instead (`[text, path, line, field, fix, relative]`; `relative`: the
        line is counted from the block's first, whose number the caller knows), whose bytes
        are the digests of the ids read before it (`m` of them). The bytes:
        per record of this rank its id's digest (uint64), its line's length (uint32: 0 for a
        trace OUT holds, which is not judged), its counts (uint32, `verdict_flags`) and
        whether it starts a problem (uint8), each as one native array, then the digests of
        the other ranks' traces (read and validated: every id counts once), then the lines.
        After the per-record arrays, before the other ranks' digests: each judged trace's
        content digest (16 bytes: `io.units.content_of` its input line; zeros for one not
        judged), for the unit log."""
        records: list[dict[str, Any]] = []
        raw: list[bytes] = []
        others = array("Q")
        shots: dict[str, str] = {}
        lines = 0
        try:
            for record, loc, line in self._read(block):
                self._validate(record, loc)
                if not self._mine(record):
                    others.append(digest(trace_key(record)))
                    continue
                name = self._names.name_of(record, loc)
                if name is not None and name not in shots:
                    shots[name] = loc.path
                records.append(record)
                raw.append(line)
        except InputError as e:
            # With the digests of the ids read before it: one of them given twice comes
            # first in input order, so it is the error (as read_records would meet it).
            relative = block.start is None and block.where is None
            before = array("Q", [digest(trace_key(r)) for r in records]) + others
            return ({"error": [str(e), e.path, e.line, e.field, e.fix, relative],
                     "n": 0, "m": len(before)}, before.tobytes())
        finally:
            lines = self._counted
        ids = array("Q", [digest(trace_key(r)) for r in records])
        done = self.done
        todo = [k for k, d in enumerate(ids) if done is None or not _holds(done, d)]
        body, meta = self._judged([records[k] for k in todo])
        sizes, flags = array("I", bytes(4 * len(records))), array("I", bytes(4 * len(records)))
        for k, (size, flag) in zip(todo, meta, strict=True):
            sizes[k], flags[k] = size, flag
        pids = [r.get("problem_id") for r in records]
        new = bytes(k == 0 or p is None or p != pids[k - 1] for k, p in enumerate(pids))
        contents = bytearray(16 * len(records))
        for k in todo:
            contents[16 * k : 16 * k + 16] = content_of(raw[k])
        result = {"error": None, "lines": lines, "n": len(records), "m": len(others),
                  "pids": [pids[0], pids[-1]] if pids else None, "shots": list(shots.items())}
        return result, b"".join((ids.tobytes(), sizes.tobytes(), flags.tobytes(), new,
                                 contents, others.tobytes(), body))

    def _mine(self, record: dict[str, Any]) -> bool:
        """Whether the trace's problem is in this rank's slice (by a stable hash of its id)."""
        return in_slice(record, self.num_shards, self.shard_index)

    def _judged(self, records: list[dict[str, Any]]
                ) -> tuple[bytes, list[tuple[int, int]]]:
        """The records with their verdicts, as JSON lines, and each line's (length, flags).
        With a thought, only the answer part is sent to the checker; an unfinished thought
        is not sent at all."""
        if not records:
            return b"", []
        reading = self.reading
        thoughts = [reading.split(r["completion"]) for r in records]
        pairs = [Pair(r["gold"], r["completion"], _choices(r.get("choices")), r.get("question"))
                 for r in records]
        verdicts = self.batch.check_thoughts(pairs, thoughts)
        name = self.checker.name
        out: list[bytes] = []
        meta: list[tuple[int, int]] = []
        for record, thought, v in zip(records, thoughts, verdicts, strict=True):
            if record.get("finish_reason") == "length":
                v = cut_off(v)
            if type(record.get("id")) is not str:
                # a trace made without an id is known by its input's content (trace_key):
                # written with that as its id, a rerun finds it done though checked
                record = {"id": trace_key(record), **{k: x for k, x in record.items()
                                                      if k != "id"}}
            line = dump_line({**record, "answer": v.answer, "correct": v.correct,
                              "checker": name, "check_reason": v.reason,
                              "answer_source": v.source,
                              **_thought_fields(record, thought, reading),
                              **(v.extra or {})}).encode("utf-8")
            out.append(line)
            meta.append((len(line), verdict_flags(record, v)))
        return b"".join(out), meta

    def _lines(self, block: LineBlock, limit: int | None = None
               ) -> Iterator[tuple[dict[str, Any], Location]]:
        """The block's records with their locations, as read_records reads them."""
        for record, loc, _ in self._read(block, limit):
            yield record, loc

    def _read(self, block: LineBlock, limit: int | None = None
              ) -> Iterator[tuple[dict[str, Any], Location, bytes]]:
        """`_lines`, each with its line's bytes (a block whose first line's number is
        unknown numbers its lines from 1; `_counted`: the lines it has)."""
        reader = BlockReader()
        try:
            yield from reader.records(block, limit)
        finally:
            self._counted = reader.lines

    def _validate(self, record: dict[str, Any], loc: Location) -> None:
        validate(record, loc, self.needs_id)


def validate(record: dict[str, Any], loc: Location, needs_id: bool) -> None:
    """Each record must be a trace: `gold` and `completion` strings (and `problem_id` when
    writing a directory, which resumes by problem)."""
    fix = "star check reads traces, as star generate writes them"
    if needs_id:
        trace_field(record, "problem_id", (str,), path=loc.path, line=loc.line,
                    fix="needed to resume a directory; or -o -")
    check_trace(record, path=loc.path, line=loc.line, required=("gold", "completion"), fix=fix)


def _holds(done: array, value: int) -> bool:
    k = bisect_left(done, value)
    return k < len(done) and done[k] == value


class _Merge:
    """The main process's part: blocks' results in input order become problems (runs of
    consecutive traces with one problem_id), each written whole, without the traces OUT
    holds (`seen`); a trace id given twice is an input error (`unique`, as UniqueIds says
    it); few-shot blocks go into OUT before the first trace that names them. Per trace it
    touches only numpy arrays and byte slices, so that one process keeps many workers
    busy."""

    _NONE: Any = object()  # no problem yet

    def __init__(self, sink: Sink, seen: DigestSet, stats: CheckStats, blocks: Blocks) -> None:
        import numpy as np

        self.np: Any = np
        self.sink, self.seen, self.stats, self.blocks = sink, seen, stats, blocks
        self.carried: set[str] = set()
        self.group: list[bytes] = []  # the lines of the problem in hand
        self.units: list[bytes] = []  # their unit log entries (io/units.py)
        self.flags: list[int] = []  # and their counts
        self.last: Any = self._NONE
        self.next_line: dict[str, int] = {}  # per file: the number of its next block's line
        self.unique: _Unique | None = None

    def add(self, block: LineBlock, result: dict[str, Any], payload: bytes) -> None:
        base = self._base(block, result.get("lines", 0))
        np = self.np
        n, m = result.get("n", 0), result.get("m", 0)
        if result["error"] is not None:
            if self.unique is not None and m:  # an id given twice before it is the error
                self.unique.add(block, base, np.frombuffer(payload, np.uint64, m, 0))
            raise _input_error(result["error"], base)
        ids = np.frombuffer(payload, np.uint64, n, 0)
        if self.unique is not None:
            self.unique.add(block, base, np.concatenate(
                (ids, np.frombuffer(payload, np.uint64, m, 33 * n))))
        for name, path in result["shots"]:
            self._carry(name, Location(path, None))
        if not n:
            return
        sizes = np.frombuffer(payload, np.uint32, n, 8 * n).astype(np.int64)
        flags = np.frombuffer(payload, np.uint32, n, 12 * n)
        new = np.frombuffer(payload, np.uint8, n, 16 * n).astype(bool)
        units = entries(ids, source_id(block.source or block.path), payload[17 * n : 33 * n])
        ends = np.cumsum(sizes) + 33 * n + 8 * m
        starts = (ends - sizes).tolist()
        ends = ends.tolist()
        fresh = ~self.seen.has(ids)  # OUT's traces; the input's own repeats fail in `unique`
        first, last = result["pids"]
        new[0] = self.last is self._NONE or first is None or first != self.last
        cuts = [*np.flatnonzero(new).tolist(), n]
        if cuts[0] != 0:
            cuts.insert(0, 0)  # the problem in hand goes on
        for a, b in zip(cuts, cuts[1:], strict=False):
            if new[a]:
                self._flush()
            run = fresh[a:b]
            if run.all():
                self.group.append(payload[starts[a] : ends[b - 1]])
                self.units.append(units[32 * a : 32 * b])
                self.flags += flags[a:b].tolist()
                continue
            for k in range(a, b):
                if run[k - a]:
                    self.group.append(payload[starts[k] : ends[k]])
                    self.units.append(units[32 * k : 32 * k + 32])
                    self.flags.append(int(flags[k]))
                else:
                    self.stats.skipped += 1
        self.last = last

    def _base(self, block: LineBlock, lines: int) -> int:
        """The number of the block's first line, and the next block's noted."""
        if block.where is not None:
            return 1
        base = block.start if block.start is not None else self.next_line.get(block.path, 1)
        self.next_line[block.path] = base + lines
        return base

    def close(self) -> None:
        self._flush()

    def _flush(self) -> None:
        """Write the problem in hand; its traces count as it is written (the writer logs the
        totals with it), and not at all when the write fails."""
        if self.group:
            write_counted(self.stats, self._count, partial(
                self.sink.write_lines, b"".join(self.group), b"".join(self.units)))
            self.group, self.units, self.flags = [], [], []

    def _count(self) -> None:
        self.stats.problems += 1
        for flags, count in Counter(self.flags).items():
            self.stats.add_flags(flags, count)

    def _carry(self, name: str, where: Location) -> None:
        """Traces pass on: so do the few-shot blocks they name (schema 2)."""
        if name in self.carried:
            return
        self.carried.add(name)
        block = self.blocks.find(name, where)
        if block is None:
            log.warning("%s: few-shot block %r is not beside the input; the output names it "
                        "without holding it", where.path, name)
        else:
            write_few_shot(self.sink, block)


class _Unique:
    """The ids of the input's traces, every rank's, as 8-byte digests: one given twice is an
    input error naming both places (UniqueIds finds them by reading the input again, only
    then; standard input, which cannot be read again, is named by the block's line)."""

    def __init__(self, inputs: list[str], allow_partial: bool) -> None:
        self.inputs, self.allow_partial = inputs, allow_partial
        self.ids = DigestSet()

    def add(self, block: LineBlock, base: int, ids: Any) -> None:
        fresh = self.ids.add_new(ids)
        if fresh.all():
            return
        from star_cli.io.readers import STDIN, UniqueIds, read_records

        if STDIN not in self.inputs:  # the message UniqueIds gives, both places named
            unique = UniqueIds(self.inputs, allow_partial=self.allow_partial)
            for record, loc in read_records(self.inputs, allow_partial=self.allow_partial):
                unique.add(record, loc)
        repeated = {int(d) for d in ids[~fresh]}
        met: set[int] = set()
        for record, loc, _ in BlockReader().records(block):
            key = trace_key(record)
            d = digest(key)
            if d in repeated and (d in met or not _first_fresh(ids, fresh, d)):
                line = loc.line if loc.line is None or block.start is not None \
                    or block.where is not None else base + loc.line - 1
                raise InputError(f"trace id {key!r} was given twice", path=loc.path,
                                 line=line, field="id",
                                 fix="remove the repeated trace (an input given twice?)")
            met.add(d)


def _first_fresh(ids: Any, fresh: Any, d: int) -> bool:
    """Whether the first of `d` in `ids` was new: else an earlier block had it."""
    k = int((ids == d).argmax())
    return bool(fresh[k])


def _input_error(fields: list[Any], base: int) -> InputError:
    """The InputError a worker met, as read_records would have raised it: a line counted
    from the block's first is numbered in the file."""
    text, path, line, field_, fix, relative = fields
    if relative and line is not None:
        where = f"{path}:{line}"
        line = base + line - 1
        if text.startswith(where):
            text = f"{path}:{line}" + text[len(where) :]
    error = InputError("", path=path, line=line, field=field_, fix=fix)
    error.args = (text,)
    return error


def _thought_fields(record: dict[str, Any], thought: Thought,
                    thinking: ThinkingOptions) -> dict[str, Any]:
    """`thinking` and `thinking_tokens` as read now. A count the engine wrote is kept while
    the thought is the one it counted; without an engine, a new thought gets the estimate."""
    if thinking.off:
        return {}
    kept = record.get("thinking_tokens") if record.get("thinking") == thought.thinking else None
    return {"thinking": thought.thinking,
            "thinking_tokens": thinking_tokens(thought.thinking, kept)}


def _choices(raw: list[dict[str, str]] | None) -> tuple[Choice, ...] | None:
    return tuple(Choice(c["label"], c["text"]) for c in raw) if raw else None
