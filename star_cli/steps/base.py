"""The run frame every command shares: prepare the sink, open it, close it with a status.

    with RunFrame(sink) as run:       # prepare: OUT checked read-only, its lock taken
        todo = [p for p in problems if p.id not in run.committed.problems]
        engine = load()                # a failure here leaves OUT untouched
        run.open()                     # only now does OUT change
        ...write groups...
        run.stats = stats.as_dict(run.prior)

Leaving the block closes the sink as `complete`, `interrupted` (Ctrl-C, SIGTERM) or `failed`
(any other exception), with the stats carried over reruns; a block left before `open`
releases the output unwritten. Steps below `cli/` build no progress display.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import asdict, replace
from types import TracebackType
from typing import Any

from star_cli.errors import UsageError
from star_cli.io.compact import compact
from star_cli.io.digests import digest
from star_cli.io.fingerprint import check_unchanged
from star_cli.io.shards import Committed, ShardWriter
from star_cli.io.sink import Sink
from star_cli.io.units import Reading, read_log, stale

log = logging.getLogger("star_cli")

# (records, how to build them): the records, or their JSON lines as bytes (`dump_line`'s,
# or lines read as they were and passed on unchanged), written with Sink.write_lines.
Emission = tuple[int, Callable[[], list[dict[str, Any]] | bytes]]


def as_text(totals: Callable[[], dict[str, Any]]) -> Callable[[], str]:
    """A step's totals (`as_dict`) as the JSON text `Sink.live_stats` gives."""
    return lambda: json.dumps(totals())


def write_counted(stats: Any, count: Callable[[], None], write: Callable[[], None]) -> None:
    """Count a group in `stats` (a dataclass), then `write` it: the writer logs the totals
    with the group (`Sink.live_stats`), so they must count it already; a write that fails
    leaves the counts as they were. A stop signal is held until the group is written, so
    it arrives with the group counted."""
    before = replace(stats)
    count()
    try:
        write()
    except Exception:
        stats.__dict__.update(vars(before))
        raise


def checker_identity(options: dict[str, Any], code: bool) -> dict[str, Any]:
    """What a checker's options add to a run's identity: the judge's configuration (another
    judge decides otherwise) and, for code, the sandbox's limits (other limits, other
    verdicts)."""
    identity: dict[str, Any] = {}
    if (judge := options.get("judge")) is not None:
        identity["judge"] = judge.record()
    if code:
        identity["code_limits"] = {k: options.get(k) for k in ("code_timeout", "code_memory")}
    return identity


def check_inputs(inputs: Sequence[str]) -> None:
    """The check every step reading traces makes before reading anything."""
    if not inputs:
        raise UsageError("no input: give trace files or star output directories, or -")


def check_resume_changed(resume_changed: bool, overwrite: bool, output: str) -> None:
    """--resume-changed with what it cannot go with: one line, exit 2."""
    if not resume_changed:
        return
    if overwrite:
        raise UsageError("--resume-changed recomputes the records whose input changed, "
                         "--overwrite every record: give one of them")
    if output == "-":
        raise UsageError("--resume-changed needs an output directory: -o - does not resume")


def held_of(keys: Collection[str]) -> Callable[[Any], Any]:
    """For `RunFrame.find_stale`: which of an array of unit digests are among `keys` (the
    trace ids or problem ids OUT holds)."""
    import numpy as np

    held = np.fromiter((digest(k) for k in keys), dtype=np.uint64, count=len(keys))
    return lambda digests: np.isin(digests, held)


def recorded_config(config: Any, added: dict[str, Any]) -> dict[str, Any]:
    """A step's dataclass config as its manifest records it, in JSON's types (lists, not
    tuples): the options in `added` (added after OUTs were first written, with their
    defaults) are left out at their defaults, so a rerun into an older star's OUT resumes."""
    out = {k: v for k, v in asdict(config).items() if added.get(k, ...) != v}
    return json.loads(json.dumps(out))


def write_in_order(sink: Sink, groups: Iterable[Emission]) -> int:
    """Write groups that come in a deterministic order, skipping the records OUT already
    holds: a group is committed whole, so they are exactly the first groups. A skipped group
    is never built. Returns how many records were skipped."""
    done = sum(s.records for s in getattr(sink, "shards", []))
    written = 0
    for size, build in groups:
        written += size
        if written > done:
            group = build()
            if isinstance(group, bytes):
                sink.write_lines(group)
            else:
                sink.write_group(group)
    if done:
        log.info("resumed: %d records were already written", done)
    return done


class RunFrame:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.committed = Committed()
        self.prior: dict[str, Any] = {}  # the stats of earlier runs into this output
        self.stats: dict[str, Any] | None = None  # this run's totals, set by the step
        self.opened = False
        self._stale: set[int] = set()  # --resume-changed: units whose records `open` removes
        self._unit_of: Callable[[dict[str, Any]], str] = str

    def __enter__(self) -> RunFrame:
        self.committed = self.sink.prepare()
        self.prior = dict(self.sink.stats)
        return self

    def check_inputs(self, inputs: Sequence[str], full: bool = False, *,
                     resume_changed: bool = False, resumable: bool = False) -> None:
        """Refuse a rerun whose inputs changed since this OUT was written from them
        (io/fingerprint.py), unless `resume_changed`; record what this run reads; before
        `open`. `resumable`: the command offers --resume-changed (the refusal says so)."""
        if isinstance(self.sink, ShardWriter):
            previous = None if self.sink.overwrite else self.sink.previous  # replaced anyway
            self.sink.scope["input_fingerprints"] = check_unchanged(
                previous, list(inputs), output=str(self.sink.root), full=full,
                resume_changed=resume_changed, resumable=resumable)

    def find_stale(self, reading: Reading, held: Callable[[Any], Any],
                   unit_of: Callable[[dict[str, Any]], str]) -> set[int]:
        """--resume-changed, before `open` (reading only): the digests of the units (trace
        keys or problem ids, as `unit_of` reads them from a record) whose records in this
        rank's shards are stale, comparing the input as read now (`reading`) with the unit
        log; `held`: which unit digests OUT holds. `open` removes their records, so the
        step's resume recomputes them once it forgets them as done."""
        sink = self.sink
        if not isinstance(sink, ShardWriter) or sink.overwrite or sink.previous is None:
            return set()  # nothing of this rank's in OUT yet: nothing can be stale
        logged = read_log(sink.root, sink.rank, sink.previous.get("units"))
        self._stale, self._unit_of = stale(logged, reading, held), unit_of
        if self._stale:
            log.info("%d input records (traces or problems) changed or are gone since %s "
                     "was written: their records are removed and recomputed", len(self._stale),
                     sink.root)
        return self._stale

    def open(self) -> None:
        self.sink.open()
        self.opened = True
        if self._stale and isinstance(self.sink, ShardWriter):
            compact(self.sink, self._stale, self._unit_of)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.opened:
            self.sink.release()
            return
        if self.stats is not None:
            self.sink.stats = self.stats
        if kind is None:
            status = "complete"
        elif issubclass(kind, KeyboardInterrupt):
            status = "interrupted"
        else:
            status = "failed"
        self.sink.close(status)
