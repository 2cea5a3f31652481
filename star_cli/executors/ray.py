"""The `ray` executor: each rank of a run is one Ray task over the shared OUT.

    star generate problems.jsonl -t gsm8k -m MODEL -o OUT --executor ray --num-shards 8 \\
        --gpus-per-shard 1

A Ray task runs exactly what `--num-shards N --shard-index I` runs by hand (a Slurm array
job's rank): it reads the input, takes its slice, and writes its own shards and manifest
part under its own lock, resuming from whatever it sealed before. So Ray adds no state of its
own: resume, locking, the manifest and the card are the ones every run has, a run begun on
Ray may be finished locally (`--num-shards N`, no `--executor`) and the other way round, and
rerunning a complete run is a no-op.

The driver (this process):

1. validates the options and every input record and checks OUT read-only, as rank 0 would
   (`ranks.preflight`), before Ray starts: one line and exit 2, nothing started;
2. connects to a running cluster (`--ray-address`, else `RAY_ADDRESS`) or starts a local one
   it stops at the end; a Ray session that already exists (`run_ranks` from a user's own
   Ray program) is used as it is, never started or stopped;
3. submits the N ranks, each asking for `cpus_per_shard` CPUs (fractional by default: the
   cluster's CPUs over N, at most 1, so N ranks run at once even on 2 CPUs, where tasks that
   each ask for a whole CPU can deadlock behind other work) and `gpus_per_shard` GPUs (a vLLM
   rank uses them as its tensor parallelism: one engine per rank, loaded once);
4. polls OUT for one progress count over all ranks (rank parts and open shards' indexes);
5. resubmits a rank whose worker process or node died (Ray's `WorkerCrashedError`,
   `NodeDiedError`, `OutOfMemoryError`, a lost result), up to `max_retries` times per rank,
   counting each in the result; Ray's own retries are off, so that every one is counted and
   none repeats a rank that failed on its own;
6. on a rank's own error (star's: bad input, a refused OUT, an engine that would not load)
   stops the other ranks (each closes its OUT part as `interrupted`, resumable) and fails
   with that rank's error line and exit code; Ctrl-C does the same, exit 130.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import math
import os
import time
from collections.abc import Iterator
from typing import Any

from star_cli.errors import UsageError
from star_cli.executors.base import Executor, Progress, RankLost, RanksResult
from star_cli.executors.ranks import (
    Poller,
    command_of,
    merge_stats,
    num_shards_of,
    preflight,
    run_rank,
    with_rank,
)

log = logging.getLogger("star_cli")

MAX_RETRIES = 3  # resubmissions of one rank after its worker or node died
STOP_GRACE = 60.0  # seconds stopped ranks get to seal their shards before Ray goes down
# Ray's exceptions that mean the rank's process or node is gone, not that the rank failed.
_LOST = ("WorkerCrashedError", "NodeDiedError", "OutOfMemoryError", "ObjectLostError",
         "ObjectFetchTimedOutError", "ObjectReconstructionFailedError", "OwnerDiedError",
         "RaySystemError", "ActorDiedError")


def _rank_task(run: Any, rank: int) -> Any:
    """One rank, in a Ray worker."""
    return run_rank(run, "ray", rank, worker=True)


class RayExecutor(Executor):
    """Each rank a Ray task over the shared OUT; resubmitted when its worker or node died."""

    name = "ray"

    def __init__(self, address: str | None = None, cpus_per_shard: float | None = None,
                 gpus_per_shard: float = 0.0, max_retries: int = MAX_RETRIES, *,
                 poll: float = 1.0, init_options: dict[str, Any] | None = None) -> None:
        self.address = address
        self.cpus_per_shard = cpus_per_shard
        self.gpus_per_shard = float(gpus_per_shard or 0.0)
        self.max_retries = max_retries
        self.poll = poll
        self.init_options = dict(init_options or {})

    @classmethod
    def from_options(cls, address: str | None = None, cpus_per_shard: float | None = None,
                     gpus_per_shard: float | None = None, max_retries: int | None = None,
                     **others: Any) -> RayExecutor:
        if others:
            return super().from_options(**others)  # type: ignore[return-value]
        return cls(address, cpus_per_shard, gpus_per_shard or 0.0,
                   MAX_RETRIES if max_retries is None else max_retries)

    # -- before Ray starts --------------------------------------------------------------------
    def check(self, run: Any, num_shards: int) -> Any:
        """The options (exit 2) and Ray's presence; `run` with its ranks' GPUs set."""
        if num_shards < 1:
            raise UsageError(f"--num-shards must be at least 1, got {num_shards}")
        if self.cpus_per_shard is not None and not self.cpus_per_shard > 0:
            raise UsageError(f"--cpus-per-shard must be positive, got {self.cpus_per_shard:g}")
        if self.gpus_per_shard < 0:
            raise UsageError(f"--gpus-per-shard must be 0 or more, got {self.gpus_per_shard:g}")
        if self.gpus_per_shard > 1 and not self.gpus_per_shard.is_integer():
            raise UsageError("--gpus-per-shard above 1 must be a whole number of GPUs, got "
                             f"{self.gpus_per_shard:g}")
        if run is not None and getattr(run, "output", None) == "-":
            raise UsageError("Ray ranks share an output directory: give -o OUT, not -o -")
        if self.max_retries < 0:
            raise UsageError(f"--max-retries must be 0 or more, got {self.max_retries}")
        try:
            import ray  # noqa: F401
        except ImportError:
            raise UsageError("--executor ray needs Ray: pip install 'star-cli[ray]'") from None
        return run if run is None else self._with_gpus(run)

    def _with_gpus(self, run: Any) -> Any:
        """A vLLM rank uses its GPUs as tensor parallelism (times pipeline parallelism, when
        given); neither is part of the run's identity, so resuming elsewhere still matches."""
        engine = getattr(run, "engine", None)
        options = getattr(run, "engine_options", None)
        if not isinstance(options, dict):
            return run
        if engine == "vllm" and self.gpus_per_shard == 0:
            raise UsageError("--engine vllm in Ray ranks needs --gpus-per-shard (a Ray task "
                             "that asks for no GPU sees none)")
        if engine not in ("vllm", "auto") or self.gpus_per_shard < 1:
            return run
        gpus = int(self.gpus_per_shard)
        tp, pp = options.get("tensor_parallel_size"), options.get("pipeline_parallel_size")
        if tp is None:
            if (pp or 1) > gpus or gpus % (pp or 1):
                raise UsageError(f"--pipeline-parallel-size {pp} does not divide "
                                 f"--gpus-per-shard {gpus}")
            options = {**options, "tensor_parallel_size": gpus // (pp or 1)}
        elif tp * (pp or 1) != gpus:
            raise UsageError(f"--tensor-parallel-size {tp} x --pipeline-parallel-size "
                             f"{pp or 1} is not --gpus-per-shard {gpus}: a rank uses exactly "
                             "the GPUs Ray gives it")
        return dataclasses.replace(run, engine_options=options)

    # -- the run --------------------------------------------------------------------------------
    def run(self, run: Any, num_shards: int, progress: Progress | None = None) -> RanksResult:
        started = time.monotonic()
        run = self.check(run, num_shards)
        plan = preflight(run, num_shards)  # exit 2 here starts nothing, not even Ray
        if plan.total == 0:
            # Nothing left: each rank only records that it is complete, here, in a moment,
            # rather than after Ray's start-up.
            from star_cli.executors.local import LocalExecutor

            result = LocalExecutor().ranks(run, num_shards, plan, progress, self.name)
            result.seconds = time.monotonic() - started
            return result
        with session(self.address, self.init_options) as where:
            import ray

            cpus = self._cpus(ray, num_shards, where)
            run = _fit_workers(run, cpus)
            command = command_of(run)
            calls = _Calls(ray, _rank_task, cpus, self.gpus_per_shard,
                           [(with_rank(run, num_shards, i), i) for i in range(num_shards)],
                           [f"star {command} rank {i}" for i in range(num_shards)])
            poller = Poller(plan.root, num_shards, plan.unit) if plan.root else None
            stats = self._wait(calls, poller, plan.total, progress)
        if progress is not None:
            progress(plan.total, plan.total, f"{num_shards} ranks done")
        return RanksResult(merge_stats(stats, started), stats, num_shards, self.name,
                           unit=plan.unit, resubmitted=calls.resubmitted, lost=calls.lost,
                           seconds=time.monotonic() - started, where=where)

    def map(self, fn: Any, calls: list[tuple[Any, ...]], names: list[str] | None = None
            ) -> tuple[list[Any], dict[str, Any]]:
        """`fn(*call)` for each call, as Ray tasks (fractional CPUs, resubmitted when their
        worker died); the results in order, and how it went (`resubmitted`, `lost`,
        `where`). `fn` must be importable by name in the workers (a module's function)."""
        self.check(None, len(calls))
        with session(self.address, self.init_options) as where:
            import ray

            cpus = self._cpus(ray, len(calls), where)
            running = _Calls(ray, fn, cpus, self.gpus_per_shard, calls,
                             names or [f"star task {i}" for i in range(len(calls))])
            results = self._wait(running, None, 0, None)
        return results, {"resubmitted": running.resubmitted, "lost": running.lost,
                         "where": where}

    def _cpus(self, ray: Any, count: int, where: str) -> float:
        cpus = self.cpus_per_shard or default_cpus(
            float(ray.cluster_resources().get("CPU", 1.0)), count)
        self._check_fits(ray, cpus, where)
        return cpus

    def _check_fits(self, ray: Any, cpus: float, where: str) -> None:
        """A rank that no node can hold would wait forever on a fixed cluster: refused on
        the local one star started; on a running cluster (an autoscaler may add the node)
        a warning."""
        nodes = [n.get("Resources", {}) for n in ray.nodes() if n.get("Alive")]
        if any(r.get("CPU", 0) >= cpus and r.get("GPU", 0) >= self.gpus_per_shard
               for r in nodes):
            return
        need = f"{cpus:g} CPUs and {self.gpus_per_shard:g} GPUs"
        if where.startswith("a local Ray"):
            raise UsageError(f"no node of {where} has {need} for one rank: lower "
                             "--cpus-per-shard / --gpus-per-shard")
        log.warning("no node of the Ray cluster has %s free for one rank now; the ranks "
                    "wait until one has (an autoscaler may add it)", need)

    def _wait(self, calls: _Calls, poller: Poller | None, total: int,
              progress: Progress | None) -> list[Any]:
        ray = calls.ray
        try:
            for index in range(len(calls.calls)):
                calls.submit(index)
            while calls.pending:
                ready, _ = ray.wait(list(calls.pending), num_returns=1, timeout=self.poll)
                for ref in ready:
                    index = calls.pending.pop(ref)
                    try:
                        calls.results[index] = ray.get(ref)
                        calls.finished[index] = True
                    except Exception as e:  # noqa: BLE001 - sorted: lost, or the rank's own
                        self._failed(calls, index, e)
                if progress is not None and poller is not None:
                    progress(min(poller.done(), total), total, calls.note())
        except BaseException:
            calls.stop()
            raise
        return calls.results

    def _failed(self, calls: _Calls, index: int, error: Exception) -> None:
        """A lost worker or node: resubmit (up to the cap); the rank's own error: raise it."""
        if lost(error):
            calls.lost.append(f"rank {index}: {type(error).__name__}")
            if calls.attempts[index] >= self.max_retries:
                raise RankLost(f"rank {index} lost its worker {calls.attempts[index] + 1} "
                               f"times (--max-retries {self.max_retries}; last: "
                               f"{_first_line(error)}); what it sealed is kept: rerun the "
                               "same command to resume") from None
            calls.attempts[index] += 1
            calls.resubmitted += 1
            log.warning("rank %d: its worker died (%s); resubmitted (%d of %d)", index,
                        type(error).__name__, calls.attempts[index], self.max_retries)
            calls.submit(index)
            return
        cause = getattr(error, "cause", None)
        if isinstance(cause, BaseException):
            log.warning("rank %d of %d failed; the other ranks are stopped (rerun the same "
                        "command to resume)", index, len(calls.calls))
            raise cause from None
        raise error


class _Calls:
    """The tasks in flight: their references, attempts, results and losses."""

    def __init__(self, ray: Any, fn: Any, cpus: float, gpus: float,
                 calls: list[tuple[Any, ...]], names: list[str]) -> None:
        self.ray, self.calls, self.names = ray, calls, names
        self.task = functools.partial(ray.remote(fn).options, num_cpus=cpus, num_gpus=gpus,
                                      max_retries=0, retry_exceptions=False)
        self.pending: dict[Any, int] = {}
        self.attempts = [0] * len(calls)
        self.results: list[Any] = [None] * len(calls)
        self.finished = [False] * len(calls)
        self.resubmitted = 0
        self.lost: list[str] = []

    def submit(self, index: int) -> None:
        ref = self.task(name=self.names[index]).remote(*self.calls[index])
        self.pending[ref] = index

    def note(self) -> str:
        again = f", {self.resubmitted} resubmitted" if self.resubmitted else ""
        return f"{sum(self.finished)}/{len(self.calls)} ranks done{again}"

    def stop(self) -> None:
        """Cancel the tasks still running (each rank sees a Ctrl-C: its shards sealed, its
        part `interrupted`) and give them a moment to close before Ray goes down."""
        refs = list(self.pending)
        for ref in refs:
            with contextlib.suppress(Exception):
                self.ray.cancel(ref)
        with contextlib.suppress(Exception):
            self.ray.wait(refs, num_returns=len(refs), timeout=STOP_GRACE)


def lost(error: BaseException) -> bool:
    """Whether a Ray error means the rank's worker or node is gone (resubmit it)."""
    from ray import exceptions

    kinds = tuple(getattr(exceptions, name) for name in _LOST if hasattr(exceptions, name))
    if isinstance(error, exceptions.RayTaskError):
        return False  # raised by the rank itself
    return isinstance(error, kinds)


def default_cpus(cluster_cpus: float, num_shards: int) -> float:
    """The cluster's CPUs shared by the ranks, at most one each, at least a hundredth."""
    share = math.floor(cluster_cpus / max(1, num_shards) * 100) / 100
    return max(0.01, min(1.0, share))


def _fit_workers(run: Any, cpus: float) -> Any:
    """`star check` judges with all cores by default: a rank uses the CPUs it asked for."""
    if hasattr(run, "workers") and getattr(run, "workers", 0) is None:
        return dataclasses.replace(run, workers=max(1, math.floor(cpus)))
    return run


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


@contextlib.contextmanager
def session(address: str | None = None, options: dict[str, Any] | None = None
            ) -> Iterator[str]:
    """A Ray session for the run: the one already initialised (left as it is), or a
    connection to `address` / `RAY_ADDRESS`, or else a local Ray started here and stopped at
    the end. Yields a description of where the ranks run."""
    import ray

    if ray.is_initialized():
        if address:
            log.info("--ray-address %s: using the Ray session this process already has",
                     address)
        yield _where(ray, "the current Ray session")
        return
    address = address or os.environ.get("RAY_ADDRESS") or "local"
    kwargs: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": True}
    if address == "local":
        # Star's own cluster for this run: no dashboard, and none of Ray's notices about it
        # (its token authentication stays on); its errors still show.
        kwargs.update(include_dashboard=False, logging_level=logging.ERROR)
    kwargs.update(options or {})
    try:
        ray.init(address=address, **kwargs)
    except (ConnectionError, ValueError, RuntimeError) as e:
        raise UsageError(f"cannot start or reach Ray at {address!r}: {_first_line(e)}"
                         ) from None
    try:
        where = (f"a local Ray ({ray.cluster_resources().get('CPU', 0):g} CPUs)"
                 if address == "local" else _where(ray, address))
        yield where
    finally:
        ray.shutdown()


def _where(ray: Any, fallback: str) -> str:
    with contextlib.suppress(Exception):
        return f"Ray at {ray.get_runtime_context().gcs_address}"
    return fallback


def run_ranks(run: Any, num_shards: int | None = None, *, address: str | None = None,
              cpus_per_shard: float | None = None, gpus_per_shard: float = 0.0,
              max_retries: int = MAX_RETRIES, progress: Progress | None = None,
              init_options: dict[str, Any] | None = None) -> RanksResult:
    """Run every rank of `run` (a `GenerateRun`, `RationalizeRun`, `CheckRun` or `ScoreRun`,
    built as for one process) as Ray tasks over its OUT, from a user's own program.

    `num_shards`: the ranks (default: the run's own --num-shards). Uses the Ray session this
    process already has (never calling `ray.init` then, nor `ray.shutdown`), else connects
    to `address` / `RAY_ADDRESS`, else starts a local Ray for the call. Returns the merged
    stats (`.stats`, as `run.execute()` returns them), each rank's (`.ranks`) and the
    resubmissions after lost workers (`.resubmitted`, `.lost`); raises the rank's own error
    (a `StarError`) when one fails on it, `RankLost` past the retry cap."""
    executor = RayExecutor(address, cpus_per_shard, gpus_per_shard, max_retries,
                           init_options=init_options)
    return executor.run(run, num_shards or num_shards_of(run), progress)


__all__ = ["MAX_RETRIES", "RayExecutor", "default_cpus", "lost", "run_ranks", "session"]
