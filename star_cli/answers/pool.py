"""Worker processes: the symbolic tier (each check under a hard timeout) and the batch form.

A request is one JSON line written to an idle worker's stdin, the reply one JSON line back;
JSON rather than pickle, so nothing a worker sends can run code here. For the symbolic tier
(`python -m star_cli.answers.symbolic`), if a reply does not come back within the timeout the
worker is killed (SIGKILL: sympy stuck in C code ignores anything gentler), a new one starts
when the slot is next used, and the check is reported as timed out. Unlike signal-based
timeouts this works from any thread: each calling thread holds one worker for the length of
its check. Workers are plain `python -m MODULE` subprocesses, so they never re-import the
caller's `__main__` (a notebook, a script without a main guard) the way multiprocessing's
spawn and fork server do.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import selectors
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_TIMEOUT = 5.0
START_TIMEOUT = 120.0  # importing sympy on a loaded machine; not part of a check's budget
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class Timeout(Exception):
    """The check ran past its deadline; its worker was killed."""


class WorkerError(Exception):
    """The worker failed on this input, died, or could not start."""


class _Worker:
    def __init__(self, module: str) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", module],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, text=True, encoding="utf-8", errors="surrogatepass",
        )
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.process.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
        try:
            ready = self.read(START_TIMEOUT)
        except (EOFError, OSError, ValueError):
            ready = None
        if ready is None:
            self.kill()
            raise WorkerError(f"a worker ({module}) did not start")

    def ask(self, request: Any, timeout: float) -> Any:
        """The worker's reply, or None when it did not come in time."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self.read(timeout)

    def read(self, timeout: float) -> Any:
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while not self.selector.select(max(0.0, deadline - time.monotonic())):
            if time.monotonic() >= deadline:
                return None
        line = self.process.stdout.readline()  # a reply is one line, written at once
        if not line:
            raise EOFError
        return json.loads(line)

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.selector.close()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class WorkerPool:
    """At most `size` workers running `python -m module`, started on first use; `call` and
    `same` are safe to call from any thread."""

    def __init__(self, size: int | None = None, module: str = "star_cli.answers.symbolic") -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.module = module
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(self.size):
            self._idle.put(None)  # a slot whose worker is not started yet
        self._closed = False
        self._starting = threading.Lock()
        self.started = 0
        self.timeouts = 0

    def same(self, gold: str, pred: str, timeout: float = DEFAULT_TIMEOUT) -> bool:
        """math-verify's verdict on two answers; raises Timeout or WorkerError."""
        return bool(self.call([gold, pred], timeout))

    def call(self, request: Any, timeout: float) -> Any:
        """The worker's `["ok", value]` reply's value; raises Timeout or WorkerError."""
        worker = self._idle.get()
        healthy = False  # a worker goes back only after a whole request-reply exchange
        try:
            if self._closed:
                raise WorkerError("the worker pool is closed")
            if worker is None:
                worker = self._start()
            reply = worker.ask(request, timeout)
            if reply is None:
                self.timeouts += 1
                raise Timeout(f"no verdict within {timeout:g} s")
            healthy = True
        except (EOFError, OSError, ValueError):
            raise WorkerError("the worker died") from None
        finally:
            # On a timeout, a crash, Ctrl-C or any other interruption the worker may still
            # owe a reply: it is killed, or the next caller would read this caller's answer.
            if worker is not None and (not healthy or self._closed):
                worker.kill()
                worker = None
            self._idle.put(worker)
        status, value = reply
        if status != "ok":
            raise WorkerError(str(value))
        return value

    def start_all(self) -> None:
        """Start every worker now, in parallel, rather than on first use."""
        with self._starting:  # two callers each holding half the slots would wait forever
            slots = [self._idle.get() for _ in range(self.size)]
        try:
            threads = [threading.Thread(target=self._fill, args=(slots, k))
                       for k, w in enumerate(slots) if w is None]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            for w in slots:
                self._idle.put(w)

    def _fill(self, slots: list[_Worker | None], k: int) -> None:
        with contextlib.suppress(WorkerError):  # an empty slot is retried on first use
            slots[k] = self._start()

    def _start(self) -> _Worker:
        if self._closed:
            raise WorkerError("the worker pool is closed")
        self.started += 1
        return _Worker(self.module)

    def close(self) -> None:
        """Stop every idle worker; a busy one is stopped when its caller hands it back, and
        a later call raises WorkerError instead of waiting."""
        self._closed = True
        stopped = 0
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            stopped += 1
            if worker is not None:
                worker.kill()
        for _ in range(stopped):
            self._idle.put(None)  # empty slots, so that callers wake up and see the pool closed


_default: WorkerPool | None = None
_default_lock = threading.Lock()


def default_pool() -> WorkerPool:
    """The process-wide pool, one worker per core, shut down at exit."""
    global _default
    with _default_lock:
        if _default is None:
            _default = WorkerPool()
            atexit.register(_default.close)
        return _default


def serve(handle: Callable[[Any], Any]) -> None:
    """A worker's loop (run as `python -m MODULE`): one JSON request per line on stdin, one
    `["ok", value]` or `["error", message]` per line on stdout."""
    _limit_memory()
    out = sys.stdout
    out.write('["ready", null]\n')
    out.flush()
    for line in sys.stdin:
        try:
            reply = ["ok", handle(json.loads(line))]
        except MemoryError:
            reply = ["error", "out of memory"]
        except Exception as e:  # noqa: BLE001 - any failure on model output is a verdict
            reply = ["error", f"{type(e).__name__}: {e}"[:200]]
        out.write(json.dumps(reply) + "\n")
        out.flush()


MEMORY_LIMIT = 4 * 2**30  # bytes of address space: a memory bomb fails in the worker


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass  # no such limit on this platform: the timeout still holds
