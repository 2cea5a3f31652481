"""Progress on stderr: a rich bar on a terminal, a log line every few seconds otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any

from star_cli.steps.sampling import Reporter, Stats


def _rates(stats: Stats) -> tuple[float, float, str]:
    elapsed = max(time.monotonic() - stats.started, 1e-9)
    tok_s = stats.tokens / elapsed
    solve = stats.solved / stats.problems if stats.problems else 0.0
    left = stats.total - stats.problems
    eta = "?" if not stats.problems else _clock(left * elapsed / stats.problems)
    return tok_s, solve, eta


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class NullReporter:
    def update(self, stats: Stats) -> None:
        pass

    def close(self) -> None:
        pass


class LogReporter:
    """For logs and CI: one line every `every` seconds, and a last one at the end."""

    def __init__(self, label: str, every: float = 5.0) -> None:
        self.label, self.every = label, every
        self._last = 0.0
        self._stats: Stats | None = None

    def update(self, stats: Stats) -> None:
        self._stats = stats
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            self._emit(stats)

    def _emit(self, stats: Stats) -> None:
        tok_s, solve, eta = _rates(stats)
        print(
            f"star {self.label}: {stats.problems}/{stats.total} problems, "
            f"{stats.samples} samples, {tok_s:.0f} tok/s, solve rate {solve:.1%}, ETA {eta}",
            file=sys.stderr,
            flush=True,
        )

    def close(self) -> None:
        if self._stats is not None:
            self._emit(self._stats)


class RichReporter:
    """A live bar: problems done / total, samples, tokens/s, running solve rate, ETA."""

    def __init__(self, label: str) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        self._progress = Progress(
            TextColumn(f"[bold]{label}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("problems · {task.fields[samples]} samples · {task.fields[tok_s]} tok/s"),
            TextColumn("· solved {task.fields[solve]} · ETA {task.fields[eta]}"),
            console=Console(stderr=True),
            transient=False,
        )
        self._task: Any = None
        self._progress.start()

    def update(self, stats: Stats) -> None:
        tok_s, solve, eta = _rates(stats)
        fields = dict(samples=stats.samples, tok_s=f"{tok_s:.0f}", solve=f"{solve:.1%}", eta=eta)
        if self._task is None:
            self._task = self._progress.add_task("", total=stats.total, **fields)
        self._progress.update(self._task, completed=stats.problems, **fields)

    def close(self) -> None:
        self._progress.stop()


def make_reporter(label: str, quiet: bool) -> Reporter:
    if quiet:
        return NullReporter()
    if sys.stderr.isatty():
        return RichReporter(label)
    return LogReporter(label)
