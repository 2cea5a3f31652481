"""`--log OUT`: every served request's candidates written as star traces, in the run frame
every command uses (`RunFrame` over a `ShardWriter`): one group per request, all or nothing,
resumable and safe under kill.

Order of work, as for every command: `prepare` checks OUT and takes its lock before any model
loads (a second server on the same OUT, or one with another configuration, stops at once);
`open` only once the models have loaded; `close` seals the last shard and records the status
(`complete` after a graceful shutdown, `failed` after a crash; a killed server leaves
`running`, and the next start cuts its partial shard back to the last whole request).

Writes happen on a writer thread fed by a queue, so the event loop never waits on the disk. A
shard is sealed once it holds `shard_size` records or has been open `rotate` seconds, so
`star check OUT` sees recent traffic. A failed write (a full disk) is logged and counted
(`star_serve_log_errors_total`); the request it belonged to was answered all the same.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from star_cli.io.sink import make_sink
from star_cli.steps.base import RunFrame

log = logging.getLogger("star_cli.serve")

_STOP = object()


class TrafficLog:
    def __init__(self, output: str, *, config: dict[str, Any], shard_size: int = 1000,
                 rotate: float = 300.0, overwrite: bool = False, argv: list[str] | None = None,
                 scope: dict[str, Any] | None = None,
                 on_write: Callable[[int, bool], None] | None = None) -> None:
        self.output, self.rotate = output, rotate
        self.on_write = on_write  # (traces, ok): for the metrics
        sink = make_sink(output, command="serve", config=config, shard_size=shard_size,
                         overwrite=overwrite, argv=argv, scope=scope or {})
        self.frame = RunFrame(sink)
        self.requests = self.traces = self.errors = 0
        self._queue: queue.Queue[Any] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._prepared = False

    def prepare(self) -> None:
        """Check OUT and take its lock; nothing is written."""
        self.frame.__enter__()
        self._prepared = True

    def open(self) -> None:
        """Make OUT ready (recovering a killed server's partial shard) and start writing."""
        self.frame.open()
        self._thread = threading.Thread(target=self._work, name="star-serve-log", daemon=True)
        self._thread.start()

    def write(self, traces: list[dict[str, Any]]) -> None:
        """Queue one request's traces (returns at once)."""
        if self._thread is not None:
            self._queue.put(traces)

    def close(self, error: BaseException | None = None) -> None:
        """Write what is queued, seal, record the status, release OUT."""
        if not self._prepared:
            return
        self._prepared = False
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join()
            self._thread = None
        self.frame.stats = self._stats()
        if error is None:
            self.frame.__exit__(None, None, None)
        else:
            self.frame.__exit__(type(error), error, error.__traceback__)

    def _stats(self) -> dict[str, Any]:
        prior = self.frame.prior
        now = {"requests": self.requests, "traces": self.traces, "log_errors": self.errors}
        return {k: v + (prior.get(k) or 0) for k, v in now.items()}

    def _work(self) -> None:
        sink = self.frame.sink
        seal = getattr(sink, "seal", None)
        opened: float | None = None  # when the shard being written got its first group
        while True:
            timeout = (None if opened is None
                       else max(0.0, opened + self.rotate - time.monotonic()))
            try:
                item = self._queue.get(timeout=timeout)
            except queue.Empty:
                item = None
            if item is _STOP:
                return
            if item is not None:
                ok = self._write(sink, item)
                if ok and opened is None:
                    opened = time.monotonic()
            if opened is not None and time.monotonic() - opened >= self.rotate and seal:
                try:
                    seal()
                except OSError as e:
                    log.error("traffic log %s: cannot seal a shard: %s", self.output, e)
                opened = None

    def _write(self, sink: Any, traces: list[dict[str, Any]]) -> bool:
        try:
            sink.write_group(traces)
        except OSError as e:  # the sink has cut the group off and sealed what was whole
            self.errors += 1
            log.error("traffic log %s: cannot write request %s (%s); serving goes on",
                      self.output, traces[0].get("problem_id") if traces else "?",
                      e.strerror or e)
            if self.on_write is not None:
                self.on_write(len(traces), False)
            return False
        self.requests += 1
        self.traces += len(traces)
        if self.on_write is not None:
            self.on_write(len(traces), True)
        return True


__all__ = ["TrafficLog"]
