"""The `local` executor: every rank in this process, one after another.

What `--num-shards N` without `--shard-index` runs: the same N ranks a cluster would, each
over the shared OUT, so that a run begun on Ray (or by a Slurm array job) can be finished
on one machine, and the other way round. Each rank loads its engine when it has work, and
closes it before the next starts.
"""

from __future__ import annotations

import time
from typing import Any

from star_cli.executors.base import Executor, Progress, RanksResult
from star_cli.executors.ranks import (
    Plan,
    Poller,
    merge_stats,
    preflight,
    run_rank,
    watching,
    with_rank,
)


class LocalExecutor(Executor):
    """Every rank in this process, one after another."""

    name = "local"

    def run(self, run: Any, num_shards: int, progress: Progress | None = None) -> RanksResult:
        return self.ranks(run, num_shards, preflight(run, num_shards), progress)

    def ranks(self, run: Any, num_shards: int, plan: Plan, progress: Progress | None = None,
              executor: str | None = None) -> RanksResult:
        """The ranks of a checked run (`plan`: `ranks.preflight`'s), recorded in their
        scope as run by `executor` (default: this one)."""
        started = time.monotonic()
        poller = Poller(plan.root, num_shards, plan.unit) if plan.root else None
        stats: list[Any] = []
        current = [0]

        def note() -> str:
            return f"rank {current[0] + 1} of {num_shards}"

        with watching(poller, progress, plan.total, note):
            for index in range(num_shards):
                current[0] = index
                stats.append(run_rank(with_rank(run, num_shards, index),
                                      executor or self.name, index))
        if progress is not None:
            progress(plan.total, plan.total, f"{num_shards} ranks done")
        return RanksResult(merge_stats(stats, started), stats, num_shards,
                           executor or self.name,
                           unit=plan.unit, seconds=time.monotonic() - started)


    def map(self, fn: Any, calls: list[tuple[Any, ...]], names: list[str] | None = None
            ) -> tuple[list[Any], dict[str, Any]]:
        """`fn(*call)` for each call, in a process of its own each (at most one per CPU at a
        time), started fresh (spawn: nothing of this process's threads or locks is
        inherited); one call runs here."""
        if len(calls) <= 1:
            return super().map(fn, calls, names)
        import multiprocessing
        import os
        from concurrent.futures import ProcessPoolExecutor

        workers = min(len(calls), os.cpu_count() or 1)
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(fn, *call) for call in calls]
            return [f.result() for f in futures], {"where": f"{workers} local processes"}


__all__ = ["LocalExecutor"]
