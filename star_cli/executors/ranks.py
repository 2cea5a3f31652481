"""What every executor shares: a run's ranks, the checks before any rank starts, progress
polled from OUT, one rank's execution wherever it runs, and the ranks' stats merged.

A rank is the run `--num-shards N --shard-index I` makes: `with_rank(run, N, I)` is a copy
of the run for rank I (generate and rationalize take their slice of the problems, check and
score of the traces, each by a stable hash of the problem id). Every rank writes only its
own files in OUT (`io/shards.py`), under its own lock, so the ranks of one run may execute
anywhere, in any order, at the same time or not, and a rank that died is simply run again:
it resumes from what it sealed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from star_cli.errors import StarError, UsageError
from star_cli.executors.base import Progress, RankFailed
from star_cli.io.manifest import part_path
from star_cli.io.shards import DATA, ShardWriter, index_entry, trace_key

log = logging.getLogger("star_cli")


# -- a run's ranks ----------------------------------------------------------------------------
def command_of(run: Any) -> str:
    """The command a run writes in the manifest: generate, rationalize, check, score."""
    from star_cli.steps.check import CheckRun
    from star_cli.steps.score import ScoreRun

    if isinstance(run, CheckRun):
        return "check"
    if isinstance(run, ScoreRun):
        return "score"
    return str(getattr(run, "command", type(run).__name__))


def num_shards_of(run: Any) -> int:
    """The --num-shards a run was given (1 when it has none)."""
    selection = getattr(run, "selection", None)
    if isinstance(selection, dict):
        return int(selection.get("num_shards", 1) or 1)
    return int(getattr(run, "num_shards", 1) or 1)


def with_rank(run: Any, num_shards: int, index: int) -> Any:
    """A copy of `run` that is rank `index` of `num_shards`, with no progress display of its
    own (the executor reports for all ranks)."""
    if hasattr(run, "with_rank"):
        return run.with_rank(num_shards, index)
    if not dataclasses.is_dataclass(run):
        raise UsageError(f"star {command_of(run)} cannot run in ranks")
    names = {f.name for f in dataclasses.fields(run)}
    changes: dict[str, Any] = {}
    if "reporter" in names:
        changes["reporter"] = None
    if isinstance(getattr(run, "selection", None), dict):
        changes["selection"] = {**run.selection, "num_shards": num_shards, "shard_index": index}
    elif {"num_shards", "shard_index"} <= names:
        changes.update(num_shards=num_shards, shard_index=index)
    else:
        raise UsageError(f"star {command_of(run)} cannot run in ranks (it has no "
                         "--num-shards)")
    return dataclasses.replace(run, **changes)


def unit_of(run: Any) -> str:
    """What progress counts: problems (generate, rationalize) or traces (check, score)."""
    return "problems" if isinstance(getattr(run, "selection", None), dict) else "traces"


# -- before any rank starts -------------------------------------------------------------------
@dataclass
class Plan:
    """What the checks found: the units left to do over all ranks, and where OUT is."""

    total: int
    unit: str
    root: Path | None


def preflight(run: Any, num_shards: int) -> Plan:
    """Validate every input record and the options, and check OUT read-only (the run in it,
    its --num-shards, its configuration, its inputs' fingerprints), as rank 0 would, before
    any rank starts: a bad line, an unknown option value or a refused OUT is one line and
    exit 2, with nothing started. Returns the work left, for the progress bar."""
    from star_cli.steps.check import CheckRun
    from star_cli.steps.generate import GenerateRun
    from star_cli.steps.score import ScoreRun

    if "-" in (getattr(run, "inputs", None) or []):
        raise UsageError("each rank reads the input itself: give files or directories, not -")
    if hasattr(run, "preflight"):
        return run.preflight(num_shards)
    if isinstance(run, GenerateRun):
        return _generate(run, num_shards)
    if isinstance(run, CheckRun):
        return _traces(run, num_shards, "check")
    if isinstance(run, ScoreRun):
        return _traces(run, num_shards, "score")
    raise UsageError(f"star {command_of(run)} cannot run in ranks")


def _generate(run: Any, num_shards: int) -> Plan:
    from star_cli.engines.registry import resolve
    from star_cli.registry import TASKS
    from star_cli.steps.base import RunFrame
    from star_cli.steps.generate import _check_golds
    from star_cli.tasks import GenericOptions, get_task

    generic = TASKS.get(run.task).options_type is GenericOptions
    task_ = get_task(run.task, GenericOptions(**run.generic) if generic else None)
    whole = with_rank(run, 1, 0)
    problems = whole._problems(task_)  # every record read and validated (rationalize: traces)
    resolve(run.engine)  # an engine that cannot be imported fails here, not in N ranks
    first = with_rank(run, num_shards, 0)
    with RunFrame(first._sink()) as frame:  # prepared, never opened: OUT stays as it is
        done = frame.committed.problems
        if not run.resume_changed:  # else each rank finds its stale problems itself
            _check_golds(problems, done)
        frame.check_inputs(first.read_inputs(), first.verify_input,
                           resume_changed=run.resume_changed, resumable=True)
    todo = sum(p.id not in done for p in problems)
    return Plan(todo, "problems", _root(run))


def _traces(run: Any, num_shards: int, command: str) -> Plan:
    from star_cli.io.readers import UniqueIds, read_records
    from star_cli.steps.base import RunFrame

    if command == "check":
        from star_cli.steps.check import validate

        checker = run._checker()
        if not run.inputs:
            raise UsageError("no input: give trace files or directories, or - for stdin")
        sink = with_rank(run, num_shards, 0)._sink(checker)
    else:
        from star_cli.steps.score import _validate as validate

        run._check()
        sink = with_rank(run, num_shards, 0)._sink()
    unique = UniqueIds(run.inputs, allow_partial=run.allow_partial)

    def validated() -> Iterator[tuple[dict[str, Any], Any]]:
        for record, loc in read_records(run.inputs, allow_partial=run.allow_partial):
            validate(record, loc, run.output != "-")
            unique.add(record, loc)
            yield record, loc

    records = validated()
    with RunFrame(sink) as frame:
        frame.check_inputs(run.inputs, run.verify_input,
                           resume_changed=run.resume_changed, resumable=True)
        done = frame.committed.ids
        todo = sum(trace_key(record) not in done for record, _ in records)
    return Plan(todo, "traces", _root(run))


def _root(run: Any) -> Path | None:
    """OUT, or None for `-o -` (local ranks, one after another, write to stdout in turn)."""
    return None if run.output == "-" else Path(run.output)


# -- progress ---------------------------------------------------------------------------------
class Poller:
    """Counts what the ranks have committed in OUT: each rank part's listed problems (or
    records), plus the whole groups indexed in the shards no part lists yet (the open one,
    and those sealed since the part's last rewrite). Cheap enough to call every second (a
    few small JSON files and a few shards a rank)."""

    def __init__(self, root: Path, num_shards: int, unit: str) -> None:
        self.root, self.num_shards, self.unit = root, num_shards, unit
        self.base = self.count()
        self.best = 0

    def count(self) -> int:
        key = "problems" if self.unit == "problems" else "records"
        n = 0
        listed: set[str] = set()
        for rank in range(self.num_shards):
            with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
                part = json.loads(part_path(self.root, rank).read_text("utf-8"))
                n += int(part.get(key) or 0)
                listed.update(str(s.get("file")) for s in part.get("shards") or [])
        data = self.root / DATA
        if data.is_dir():
            for idx in data.glob(".*.jsonl.idx"):
                name = idx.name[1 : -len(".idx")]  # the shard's, once sealed
                if f"{DATA}/{name}" in listed:
                    continue  # (counted in its part: its index goes in a moment)
                with contextlib.suppress(OSError, ValueError):
                    n += self._indexed(data, name, idx)
        return n

    def _indexed(self, data: Path, name: str, idx: Path) -> int:
        """The problems (or records) of the whole groups an index holds."""
        lines = idx.read_text("utf-8").split("\n")[:-1]
        if not lines:
            return 0
        offset, problems, _ = index_entry(lines[-1])
        if self.unit == "problems":
            return int(problems) if problems else len(lines)
        partial = data / f".{name}.partial"
        with (partial if partial.exists() else data / name).open("rb") as f:
            return f.read(int(offset)).count(b"\n")

    def done(self) -> int:
        """Units committed since the poller was made (never going back)."""
        self.best = max(self.best, self.count() - self.base)
        return self.best


@contextlib.contextmanager
def watching(poller: Poller | None, progress: Progress | None, total: int,
             note: Any = lambda: "", every: float = 1.0) -> Iterator[None]:
    """Report `poller`'s count to `progress` every `every` seconds from a thread, while the
    block runs in this one (the local executor's ranks)."""
    if poller is None or progress is None:
        yield
        return
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            progress(min(poller.done(), total), total, note())

    thread = threading.Thread(target=loop, name="star-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# -- one rank ---------------------------------------------------------------------------------
def run_rank(run: Any, executor: str, rank: int = 0, worker: bool = False) -> Any:
    """Execute one rank, here or in a worker process (`worker`: a Ray task). The executor is
    written into the run's scope (what it covered and how), never its identity, so a run
    begun on Ray may be finished locally and the other way round. star's own errors come
    back as `RankFailed`, with the rank's message and exit code."""
    _tag_scope(run, executor)
    with _worker_process() if worker else contextlib.nullcontext():
        try:
            return run.execute()
        except RankFailed:
            raise
        except StarError as e:
            raise RankFailed(str(e), e.exit_code, rank) from None


def _tag_scope(run: Any, executor: str) -> None:
    """Add `executor` to the scope of the sink the run makes (its `_sink` or `sink`)."""
    for name in ("_sink", "sink"):
        make = getattr(run, name, None)
        if callable(make):
            def tagged(*args: Any, _make: Any = make, **kwargs: Any) -> Any:
                sink = _make(*args, **kwargs)
                if isinstance(sink, ShardWriter):
                    sink.scope = {**sink.scope, "executor": executor}
                return sink

            object.__setattr__(run, name, tagged)
            return


@contextlib.contextmanager
def _worker_process() -> Iterator[None]:
    """In a Ray worker: Ctrl-C and SIGTERM (and `ray.cancel`, which raises SIGINT's handler
    in the task's thread) go through star's handler, so that a stop never lands in the middle
    of sealing a shard; the rank logs errors only (its warnings are the driver's, which read
    the same input first). The worker's own handlers and logging come back afterwards."""
    from star_cli import interrupts

    logger = logging.getLogger("star_cli")
    level = logger.level
    logger.setLevel(logging.ERROR)
    saved = {}
    if threading.current_thread() is threading.main_thread():
        saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        interrupts.install()
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
        logger.setLevel(level)


# -- the ranks' stats, as one run's -----------------------------------------------------------
def merge_stats(items: list[Any], started: float | None = None) -> Any:
    """Stats of N ranks as the stats of one run: counts added, `started` the driver's (rates
    and ETAs are over the wall clock of the whole run), anything else the first rank's."""
    items = [s for s in items if s is not None]
    if not items:
        return None
    first = items[0]
    if not dataclasses.is_dataclass(first):
        return first
    out = dataclasses.replace(first) if _replaceable(first) else first
    for f in dataclasses.fields(first):
        values = [getattr(s, f.name) for s in items]
        if f.name == "started":
            setattr(out, f.name, started if started is not None else time.monotonic())
        elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            setattr(out, f.name, sum(values))
        elif all(isinstance(v, Counter) for v in values):
            setattr(out, f.name, sum(values, Counter()))
    return out


def _replaceable(obj: Any) -> bool:
    return all(f.init for f in dataclasses.fields(obj))


__all__ = ["Plan", "Poller", "command_of", "merge_stats", "num_shards_of", "preflight",
           "run_rank", "unit_of", "watching", "with_rank"]
