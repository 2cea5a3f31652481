"""The executor's shape: run every rank of a run, and say how it went.

An executor takes a run (`GenerateRun`, `RationalizeRun`, `CheckRun`, `ScoreRun`, or any run
with a `with_rank(num_shards, index)` method) and a number of ranks N, and executes the N
ranks that `--num-shards N --shard-index I` would run by hand, each one over the shared
OUT, so that resume, the rank locks and the manifest are those of every run. Before any
rank starts it validates the inputs and options (`ranks.preflight`); while they run it may
report progress, polled from OUT (`ranks.Poller`); when they are done it returns their
stats merged into the stats one run would return (`RanksResult.stats`).

    class MyExecutor(Executor):
        name = "mine"
        def run(self, run, num_shards, progress=None) -> RanksResult: ...

registered in `star_cli.registry.EXECUTORS` (built-ins: `local`, `ray`), or by a plug-in's
entry point in the group `star_cli.executors`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from star_cli.errors import StarError, UsageError

# progress(done, total, note): `done` of `total` units (problems or traces) of this run, and a
# short note on the ranks ("3 of 8 ranks running, 1 resubmitted").
Progress = Callable[[int, int, str], None]


class RankFailed(StarError):
    """A rank stopped on one of star's errors (bad input, a refused OUT, an engine that would
    not load): its own message and exit code, carried back from wherever it ran (a Ray worker
    pickles it; `InputError`'s keyword arguments would not survive the trip)."""

    def __init__(self, message: str, exit_code: int = 1, rank: int = 0) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.rank = rank

    def __reduce__(self) -> Any:
        return (type(self), (str(self), self.exit_code, self.rank))


class RankLost(StarError):
    """A rank whose worker or node died more often than the retry cap allows."""

    exit_code = 1


@dataclass
class RanksResult:
    """How the ranks went: `stats` merged as one run's (what the command's summary reads),
    each rank's own, and what the executor had to do (resubmissions after lost workers)."""

    stats: Any
    ranks: list[Any]
    num_shards: int
    executor: str
    unit: str = "problems"
    resubmitted: int = 0
    lost: list[str] = field(default_factory=list)  # one line per lost attempt
    seconds: float = 0.0
    where: str | None = None  # the Ray cluster's address, or None

    def summary(self) -> str:
        again = ""
        if self.resubmitted:
            again = (f", {self.resubmitted} resubmitted after a lost worker "
                     f"({'; '.join(self.lost[:3])}{'; ...' if len(self.lost) > 3 else ''})")
        where = f" on {self.where}" if self.where else ""
        return (f"{self.executor}: {self.num_shards} ranks{where} in {self.seconds:.1f} s"
                f"{again}")


class Executor(ABC):
    """Runs the N ranks of a run (see the module's docstring)."""

    name = "executor"

    @classmethod
    def from_options(cls, **options: Any) -> Executor:
        """The executor for the command line's options (`address`, `cpus_per_shard`,
        `gpus_per_shard`, `max_retries`; None where not given): each executor takes the
        ones it knows and refuses, exit 2, one it does not."""
        given = sorted(k for k, v in options.items() if v is not None)
        if given:
            flags = ", ".join("--" + k.replace("_", "-").replace("address", "ray-address")
                              for k in given)
            raise UsageError(f"{flags}: not an option of --executor {cls.name}")
        return cls()

    def check(self, run: Any, num_shards: int) -> Any:
        """Check the options against the run (exit 2) before any input is read; returns the
        run the ranks are made from (an executor may set options on it: GPUs, workers)."""
        return run

    @abstractmethod
    def run(self, run: Any, num_shards: int, progress: Progress | None = None) -> RanksResult:
        """Execute ranks 0..num_shards-1 of `run` over its OUT; their merged stats."""

    def map(self, fn: Callable[..., Any], calls: list[tuple[Any, ...]],
            names: list[str] | None = None) -> tuple[list[Any], dict[str, Any]]:
        """`fn(*call)` for each call (a module-level function: it may run in another
        process), the results in order, and how it went (`resubmitted`, `lost`, `where`).
        Here: one after another, in this process."""
        return [fn(*call) for call in calls], {}


__all__ = ["Executor", "Progress", "RankFailed", "RankLost", "RanksResult"]
