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

Safe after fork: a forked child (`multiprocessing` with fork, `os.fork`) inherits the pipes
to its parent's workers, and a child writing to them would read the parent's replies and the
parent the child's. So the child drops every inherited worker at once (`os.register_at_fork`):
it closes its copies of their pipes, sends them nothing and never signals or waits on them
(they are the parent's), gives every pool fresh locks and empty slots, and starts its own
workers on first use. The pipes are unbuffered, so there is no buffer to flush and no buffer
lock a parent thread might have held at the fork. A worker's pipes are created and recorded
under one lock that the fork waits for, so a child never holds a pipe it does not know of.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import select
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_TIMEOUT = 5.0
START_TIMEOUT = 120.0  # importing sympy on a loaded machine; not part of a check's budget
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
_READ = 1 << 16

# Held while a worker's pipes are made and recorded, and by `os.fork` (see _before_fork).
_spawn_lock = threading.RLock()
_live: weakref.WeakSet[_Worker] = weakref.WeakSet()  # this process's workers
_pools: weakref.WeakSet[WorkerPool] = weakref.WeakSet()


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
        with _spawn_lock:  # a fork in another thread waits (_before_fork)
            self.process = subprocess.Popen(
                [sys.executable, "-m", module],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                env=env, bufsize=0,  # raw FileIO pipes: no buffer, no buffer lock
            )
            assert self.process.stdin is not None and self.process.stdout is not None
            self.stdin, self.stdout = self.process.stdin, self.process.stdout
            _live.add(self)
        os.set_blocking(self.stdin.fileno(), False)  # a write, too, keeps the deadline
        self.pending = bytearray()  # bytes read past the last reply
        try:
            ready = self.read(START_TIMEOUT)
        except (EOFError, OSError, ValueError):
            ready = None
        if ready is None:
            self.kill()
            raise WorkerError(f"a worker ({module}) did not start")

    def ask(self, request: Any, timeout: float) -> Any:
        """The worker's reply, or None when it did not come in time."""
        deadline = time.monotonic() + timeout
        data = memoryview((json.dumps(request) + "\n").encode("utf-8", "surrogatepass"))
        writable = select.poll()
        writable.register(self.stdin, select.POLLOUT)
        while data:
            if not writable.poll(_ms(deadline)):
                if time.monotonic() >= deadline:
                    return None
                continue
            sent = self.stdin.write(data)
            if sent:
                data = data[sent:]
        return self.read(max(0.0, deadline - time.monotonic()))

    def ask_bytes(self, request: Any, payload: bytes, timeout: float
                  ) -> tuple[Any, bytes] | None:
        """`ask` with raw bytes beside the JSON: the request line says how many bytes follow
        it, and so does the reply's. None when the reply did not come in time."""
        deadline = time.monotonic() + timeout
        head = (json.dumps([request, len(payload)]) + "\n").encode("utf-8")
        if not (self._send(head, deadline) and self._send(payload, deadline)):
            return None
        head = self.read(max(0.0, deadline - time.monotonic()))
        if head is None:
            return None
        status, value, size = head
        body = self._take(size, deadline)
        if body is None:
            return None
        return [status, value], body

    def _send(self, data: bytes, deadline: float) -> bool:
        view = memoryview(data)
        writable = select.poll()
        writable.register(self.stdin, select.POLLOUT)
        while view:
            if not writable.poll(_ms(deadline)):
                if time.monotonic() >= deadline:
                    return False
                continue
            sent = self.stdin.write(view)
            if sent:
                view = view[sent:]
        return True

    def read(self, timeout: float) -> Any:
        """The next reply line, or None when it did not come in time; EOFError if the
        worker has gone."""
        deadline = time.monotonic() + timeout
        readable = select.poll()
        readable.register(self.stdout, select.POLLIN)
        start = 0
        while (end := self.pending.find(b"\n", start)) < 0:
            start = len(self.pending)
            if not readable.poll(_ms(deadline)):
                if time.monotonic() >= deadline:
                    return None
                continue
            chunk = self.stdout.read(_READ)
            if not chunk:
                raise EOFError
            self.pending += chunk
        line = bytes(self.pending[:end])
        del self.pending[: end + 1]
        return json.loads(line)

    def _take(self, size: int, deadline: float) -> bytes | None:
        """The next `size` raw bytes of the reply, or None when they did not come in time."""
        readable = select.poll()
        readable.register(self.stdout, select.POLLIN)
        body = bytearray(size)
        got = min(size, len(self.pending))
        body[:got] = self.pending[:got]
        del self.pending[:got]
        view = memoryview(body)
        while got < size:
            if not readable.poll(_ms(deadline)):
                if time.monotonic() >= deadline:
                    return None
                continue
            n = self.stdout.readinto(view[got:])
            if not n:
                raise EOFError
            got += n
        return bytes(body) if size < _READ else body  # type: ignore[return-value]

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.close_pipes()

    def close_pipes(self) -> None:
        _live.discard(self)
        for stream in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def abandon(self) -> None:
        """In a forked child: let go of the parent's worker without touching it."""
        self.close_pipes()  # this process's copies only; the parent's stay open
        self.process.returncode = 0  # as Popen says of a pid that is not its child: never
        # poll, wait on or signal it from here


def _ms(deadline: float) -> int:
    return max(0, int((deadline - time.monotonic()) * 1000) + 1)


class WorkerPool:
    """At most `size` workers running `python -m module`, started on first use; `call` and
    `same` are safe to call from any thread, and in a forked child (with workers of its own)."""

    def __init__(self, size: int | None = None, module: str = "star_cli.answers.symbolic") -> None:
        self.size = max(1, size or os.cpu_count() or 1)
        self.module = module
        self._closed = False
        self._fresh_slots()
        with _spawn_lock:
            _pools.add(self)

    def _fresh_slots(self) -> None:
        self._idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(self.size):
            self._idle.put(None)  # a slot whose worker is not started yet
        self._starting = threading.Lock()
        self.started = 0
        self.timeouts = 0

    def same(self, gold: str, pred: str, timeout: float = DEFAULT_TIMEOUT) -> bool:
        """math-verify's verdict on two answers; raises Timeout or WorkerError."""
        return bool(self.call([gold, pred], timeout))

    def call(self, request: Any, timeout: float) -> Any:
        """The worker's `["ok", value]` reply's value; raises Timeout or WorkerError."""
        status, value = self._exchange(lambda w: w.ask(request, timeout), timeout,
                                       "no verdict")
        if status != "ok":
            raise WorkerError(str(value))
        return value

    def call_bytes(self, request: Any, payload: bytes, timeout: float) -> tuple[Any, bytes]:
        """`call` for a worker that serves raw bytes (`serve_bytes`): the request's JSON and
        `payload` in, the reply's JSON value and its bytes out; raises Timeout or
        WorkerError. Nothing but JSON and plain bytes crosses the pipe."""
        (status, value), body = self._exchange(
            lambda w: w.ask_bytes(request, payload, timeout), timeout, "no reply")
        if status != "ok":
            raise WorkerError(str(value))
        return value, body

    def _exchange(self, ask: Callable[[_Worker], Any], timeout: float, nothing: str) -> Any:
        """`ask(worker)` with an idle worker (started if its slot is empty): its reply, or
        Timeout (`nothing` within the timeout) or WorkerError."""
        idle = self._idle  # a fork resets the slots; a worker goes back to its own queue
        worker = idle.get()
        healthy = False  # a worker goes back only after a whole request-reply exchange
        try:
            if self._closed:
                raise WorkerError("the worker pool is closed")
            if worker is None:
                worker = self._start()
            reply = ask(worker)
            if reply is None:
                self.timeouts += 1
                raise Timeout(f"{nothing} within {timeout:g} s")
            healthy = True
        except (EOFError, OSError, ValueError):
            raise WorkerError("the worker died") from None
        finally:
            # On a timeout, a crash, Ctrl-C or any other interruption the worker may still
            # owe a reply: it is killed, or the next caller would read this caller's answer.
            if worker is not None and (not healthy or self._closed):
                worker.kill()
                worker = None
            idle.put(worker)
        return reply

    def start_all(self) -> None:
        """Start every worker now, in parallel, rather than on first use."""
        idle = self._idle
        with self._starting:  # two callers each holding half the slots would wait forever
            slots = [idle.get() for _ in range(self.size)]
        try:
            threads = [threading.Thread(target=self._fill, args=(slots, k))
                       for k, w in enumerate(slots) if w is None]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        finally:
            for w in slots:
                idle.put(w)

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
        idle = self._idle
        stopped = 0
        while True:
            try:
                worker = idle.get_nowait()
            except queue.Empty:
                break
            stopped += 1
            if worker is not None:
                worker.kill()
        for _ in range(stopped):
            idle.put(None)  # empty slots, so that callers wake up and see the pool closed


_default: WorkerPool | None = None
_default_lock = threading.Lock()


def default_pool() -> WorkerPool:
    """The process-wide pool, one worker per core, shut down at exit."""
    global _default
    with _default_lock:
        if _default is None:
            _default = WorkerPool()
            atexit.register(_close_default)
        return _default


def _close_default() -> None:
    if _default is not None:
        _default.close()


def _before_fork() -> None:
    _spawn_lock.acquire()  # no worker is half made, or made and not yet recorded, at the fork


def _after_fork_in_parent() -> None:
    _spawn_lock.release()


def _after_fork_in_child() -> None:
    """Forget the parent's workers and give every pool fresh locks and empty slots. Any lock
    (a pool's queue, its start lock, the default pool's) may have been held by a parent
    thread that does not exist here, so none is reused."""
    global _spawn_lock, _default_lock
    _spawn_lock = threading.RLock()
    _default_lock = threading.Lock()
    for worker in list(_live):
        worker.abandon()
    _live.clear()
    for p in list(_pools):
        p._fresh_slots()


os.register_at_fork(
    before=_before_fork, after_in_parent=_after_fork_in_parent,
    after_in_child=_after_fork_in_child,
)


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


def serve_bytes(handle: Callable[[Any, bytes], tuple[Any, bytes]]) -> None:
    """A raw-bytes worker's loop (`WorkerPool.call_bytes`): each request is a JSON line
    `[value, n]` followed by n bytes, each reply a JSON line `["ok", value, n]` (or
    `["error", message, 0]`) followed by n bytes."""
    _limit_memory()
    source, out = sys.stdin.buffer, sys.stdout.buffer
    out.write(b'["ready", null]\n')
    out.flush()
    while line := source.readline():
        try:
            request, size = json.loads(line)
            payload = source.read(size)
            value, body = handle(request, payload)
            head = ["ok", value, len(body)]
        except MemoryError:
            head, body = ["error", "out of memory", 0], b""
        except Exception as e:  # noqa: BLE001 - reported to the caller, which decides
            head, body = ["error", f"{type(e).__name__}: {e}"[:200], 0], b""
        out.write(json.dumps(head).encode("utf-8") + b"\n")
        out.write(body)
        out.flush()


MEMORY_LIMIT = 4 * 2**30  # bytes of address space: a memory bomb fails in the worker


def _limit_memory() -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass  # no such limit on this platform: the timeout still holds
