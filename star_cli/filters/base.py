"""The shape of a filter step, and the counts every step keeps.

A trace filter answers, for one trace (a dict, as read), keep (`True`) or drop with a reason
(`(False, reason)`). A group step sees all the surviving traces of one problem, in canonical
order, and returns the ones it keeps and the ones it drops with their reasons. Every step
counts what it saw, kept and dropped by reason, and the time it took.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from star_cli.answers.thinking import ThinkingOptions
from star_cli.filters.features import Features, features_of
from star_cli.records import utf8

Record = dict[str, Any]
Keep = bool | tuple[bool, str]  # True, or (False, the drop reason)
Dropped = list[tuple[Record, str]]


@dataclass
class StepStats:
    name: str
    seen: int = 0
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"step": self.name, "seen": self.seen, "kept": self.kept,
                "dropped": dict(sorted(self.dropped.items())), "seconds": round(self.seconds, 2)}


@dataclass(frozen=True)
class FilterContext:
    """What a run gives the filters it builds: how it reads thoughts (`--thinking`,
    `--think-tags`), for the filters that look at the answer after a thought."""

    reading: ThinkingOptions = ThinkingOptions()


class Step(ABC):  # noqa: B024 - the registry's base; each kind has its abstract method
    """Base of every filter (`star_cli.registry.FILTERS`): a `TraceFilter` or a `GroupStep`,
    registered by its `name`, which is also the step's name in the counts."""

    name = "step"

    @classmethod
    def build(cls, context: FilterContext, **options: Any) -> Step:
        """The filter for `star filter --filter NAME:KEY=VALUE,...`: `options` are the
        KEY=VALUE pairs (values read as JSON where they parse)."""
        return cls(**options)


class TraceFilter(Step):
    """Keep or drop one trace at a time."""

    name = "filter"

    @abstractmethod
    def keep(self, trace: Record) -> Keep: ...


class GroupStep(Step):
    """Keep some of one problem's traces (given in canonical order).

    A step implements `apply` (it reads the traces), or `select` with `uses` naming the
    features it reads (`exact`, `paths`, `signature`): `star filter` then hands it the
    features it computed while reading, and never parses a trace for it."""

    name = "group"
    uses: frozenset[str] | None = None  # the Features `select` reads; None: it reads traces

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        if self.uses is None:
            raise NotImplementedError(f"{type(self).__name__} defines neither apply nor select")
        features = features_of(traces, self.uses)
        kept, dropped = self.select(features, range(len(traces)))
        return [traces[k] for k in kept], [(traces[k], reason) for k, reason in dropped]

    def select(self, features: Features, order: Sequence[int]
               ) -> tuple[list[int], list[tuple[int, str]]]:
        """The traces kept (their indices into `features`, in `order`'s order) and those
        dropped with their reason, of the traces `order` lists in canonical order."""
        raise NotImplementedError


def run_filters(filters: Sequence[TraceFilter], stats: Sequence[StepStats],
                trace: Record) -> str | None:
    """None when every filter keeps the trace, else the first drop reason."""
    clock = time.perf_counter
    t0 = clock()
    for f, s in zip(filters, stats, strict=True):
        answer = f.keep(trace)
        t1 = clock()  # one reading ends this filter's time and starts the next one's
        s.seconds += t1 - t0
        t0 = t1
        s.seen += 1
        if answer is True:
            s.kept += 1
            continue
        reason = answer[1] if isinstance(answer, tuple) else f.name
        s.dropped[reason] += 1
        return reason
    return None


class TraceChain:
    """`run_filters` for many traces, counting little per trace: per filter its drops by
    reason and its time; a filter's `seen` and `kept` follow from the traces read and the
    drops before it, and are written into `stats` by `settle` (call it before the stats are
    read; it may be called again after more traces)."""

    def __init__(self, filters: Sequence[TraceFilter], stats: Sequence[StepStats]) -> None:
        self.filters = list(filters)
        self.stats = list(stats)
        self.keeps = [f.keep for f in self.filters]
        self.names = [f.name for f in self.filters]
        self.times = [0.0] * len(self.filters)
        self.drops: list[Counter[str]] = [Counter() for _ in self.filters]
        self.count = 0
        self._settled = (0, [Counter() for _ in self.filters], [0.0] * len(self.filters))

    def __call__(self, trace: Record) -> str | None:
        """None when every filter keeps the trace, else the first drop reason."""
        self.count += 1
        clock = time.perf_counter
        times = self.times
        t0 = clock()
        for k, keep in enumerate(self.keeps):
            answer = keep(trace)
            t1 = clock()  # one reading ends this filter's time and starts the next one's
            times[k] += t1 - t0
            t0 = t1
            if answer is not True:
                reason = answer[1] if isinstance(answer, tuple) else self.names[k]
                self.drops[k][reason] += 1
                return reason
        return None

    def block(self, traces: Sequence[Record]) -> list[str | None]:
        """`self(trace)` for each of `traces`: each one's first drop reason (None: kept), and
        the same counts. A filter at a time, over the traces the ones before it kept (in
        order), so the clock is read per filter and block, not per trace."""
        n = len(traces)
        self.count += n
        reasons: list[str | None] = [None] * n
        alive = list(range(n))
        current = list(traces)
        clock = time.perf_counter
        times, names, drops = self.times, self.names, self.drops
        for k, keep in enumerate(self.keeps):
            if not current:
                break
            t0 = clock()
            answers = list(map(keep, current))
            times[k] += clock() - t0
            out = [j for j, answer in enumerate(answers) if answer is not True]
            if not out:
                continue
            for j in out:
                answer = answers[j]
                reason = answer[1] if isinstance(answer, tuple) else names[k]
                reasons[alive[j]] = reason
                drops[k][reason] += 1
            gone = set(out)
            alive = [i for j, i in enumerate(alive) if j not in gone]
            current = [traces[i] for i in alive]
        return reasons

    def settle(self) -> None:
        """Add what was counted since the last `settle` to `stats`."""
        count, drops, times = self._settled
        seen = self.count - count
        for k, s in enumerate(self.stats):
            new = self.drops[k] - drops[k]
            dropped = sum(new.values())
            s.seen += seen
            s.kept += seen - dropped
            s.dropped.update(new)
            s.seconds += self.times[k] - times[k]
            seen -= dropped
        self._settled = (self.count, [Counter(d) for d in self.drops], list(self.times))


def run_group(step: GroupStep, stats: StepStats, traces: Sequence[Record]
              ) -> tuple[list[Record], Dropped]:
    t0 = time.perf_counter()
    kept, dropped = step.apply(traces)
    stats.seconds += time.perf_counter() - t0
    stats.seen += len(traces)
    stats.kept += len(kept)
    for _, reason in dropped:
        stats.dropped[reason] += 1
    return kept, dropped


def fair_quotas(counts: dict[str, int], cap: int) -> dict[str, int]:
    """A total cap split fairly across groups (water-filling): every group keeps min(count,
    q), the largest q that fits, and the slots left over go one each to groups in a fixed,
    hashed order (not the order of the input)."""
    import hashlib

    if sum(counts.values()) <= cap:
        return dict(counts)
    lo, hi = 0, max(counts.values())
    while lo < hi:  # the largest q with sum(min(c, q)) <= cap
        mid = (lo + hi + 1) // 2
        if sum(min(c, mid) for c in counts.values()) <= cap:
            lo = mid
        else:
            hi = mid - 1
    quota = {pid: min(c, lo) for pid, c in counts.items()}
    left = cap - sum(quota.values())
    order = sorted((pid for pid, c in counts.items() if c > lo),
                   key=lambda p: hashlib.blake2b(utf8(p), digest_size=8).digest())
    for pid in order[:left]:
        quota[pid] += 1
    return quota
