"""Running a command's ranks: `--num-shards N` with `--executor local|ray|...`, its progress
bar over all ranks, and the executor's summary line.

    --num-shards N --shard-index I     one rank, as a task of a Slurm array job (as before)
    --num-shards N                     every rank, by the executor (default local: here, one
                                       after another); --executor ray: one Ray task each
    (neither)                          one process, as always

The executor is found by name in the registry (`star_cli.registry.EXECUTORS`), so this
module never imports `star_cli.executors` (they sit at the CLI's layer).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from star_cli.errors import UsageError

log = logging.getLogger("star_cli")

_RAY_OPTIONS = ("ray_address", "cpus_per_shard", "gpus_per_shard", "max_retries")


def one_process(o: dict[str, Any]) -> bool:
    """Whether the options ask for the one process every command has always run (so that
    the command builds its own progress display): no executor, or one rank."""
    return (o.get("executor") or "local") == "local" and (
        o.get("num_shards", 1) == 1 or o.get("shard_index") is not None)


def executor_of(o: dict[str, Any]) -> Any:
    """The executor the options name, built from the options given (exit 2 for an unknown
    name, listing the known ones, or for an option it does not take)."""
    from star_cli.registry import EXECUTORS

    name = o.get("executor") or "local"
    executor_cls = EXECUTORS.get(name)
    given = {k: o.get(k) for k in _RAY_OPTIONS}
    options = {"address" if k == "ray_address" else k: v for k, v in given.items()}
    if o.get("shard_index") is not None and name != "local":
        raise UsageError(f"--shard-index runs one rank, as a task of an array job does; "
                         f"--executor {name} runs all --num-shards ranks: leave it out")
    return executor_cls.from_options(**options)


def execute(run: Any, o: dict[str, Any], label: str, unit: str = "problems") -> Any:
    """Run `run` as the options say; returns its stats (the ranks' merged, when ranked)."""
    executor = executor_of(o)
    if one_process(o):
        return run.execute()
    bar = RankBar(label, unit, o.get("quiet", False))
    try:
        result = executor.run(run, o.get("num_shards", 1), bar.update)
    finally:
        bar.close()
    log.info("%s", result.summary())
    return result.stats


class RankBar:
    """One progress display over all ranks: a rich bar on a terminal, a log line every few
    seconds otherwise, nothing with --quiet."""

    def __init__(self, label: str, unit: str, quiet: bool, every: float = 5.0) -> None:
        self.label, self.unit, self.quiet, self.every = label, unit, quiet, every
        self._bar: Any = None
        self._task: Any = None
        self._last = 0.0
        self._state: tuple[int, int, str] | None = None
        self._printed: tuple[int, int, str] | None = None

    def update(self, done: int, total: int, note: str = "") -> None:
        if self.quiet:
            return
        self._state = (done, total, note)
        if sys.stderr.isatty():
            self._draw(done, total, note)
        elif time.monotonic() - self._last >= self.every:
            self._last = time.monotonic()
            self._line()

    def _draw(self, done: int, total: int, note: str) -> None:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(TextColumn(f"[bold]{self.label}"), BarColumn(),
                                 MofNCompleteColumn(), TextColumn(f"{self.unit} ·"),
                                 TextColumn("{task.fields[note]} · ETA"),
                                 TimeRemainingColumn(), console=Console(stderr=True))
            self._bar.start()
            self._task = self._bar.add_task("", total=total, note=note)
        self._bar.update(self._task, completed=done, total=total, note=note)

    def _line(self) -> None:
        if self._state is not None and self._state != self._printed:
            self._printed = done, total, note = self._state
            print(f"star {self.label}: {done}/{total} {self.unit}, {note}", file=sys.stderr,
                  flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
        elif not self.quiet and not sys.stderr.isatty():
            self._line()
