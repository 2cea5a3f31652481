"""Batches across concurrent requests for a blocking model call (the verifier's forward pass,
a local engine's `generate`), run in a worker thread one batch at a time.

    batcher = Batcher(verifier.score_pairs, window=0.005, max_items=64, name="verifier")
    with batcher.expecting():             # this request will submit soon (it is generating)
        ...
    scores = await batcher.submit(pairs)  # one result per item, in order

Requests queue on the event loop; the worker thread holds the model. While a batch runs,
new submissions queue up and form the next batch. A batch waits up to `window` seconds for
more requests only while some are on their way (`expecting`: generating, about to submit):
a lone request never waits for company that cannot come, and under load batches fill.
A batch holds at most `max_items` items (a request larger than that goes alone). When a
batch fails, each of its requests is retried alone, so one bad request fails only itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

log = logging.getLogger("star_cli.serve")

T = TypeVar("T")
R = TypeVar("R")


@dataclass
class _Job(Generic[T, R]):
    items: Sequence[T]
    future: asyncio.Future[list[R]]


# on_batch(requests, items, seconds): what a batch held and how long the call took.
BatchHook = Callable[[int, int, float], None]


class Batcher(Generic[T, R]):
    def __init__(self, fn: Callable[[list[T]], Sequence[R]], *, window: float, max_items: int,
                 name: str, on_batch: BatchHook | None = None) -> None:
        self.fn, self.window, self.max_items = fn, window, max(1, max_items)
        self.name, self.on_batch = name, on_batch
        self._jobs: deque[_Job[T, R]] = deque()
        self._queued = 0  # items in _jobs
        self._expected = 0  # requests on their way to submit
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"star-{name}")

    def start(self) -> None:
        """Start collecting (inside the running event loop)."""
        self._wake = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._loop(), name=self.name)

    async def run(self, fn: Callable[[], R]) -> R:
        """Run `fn` on the worker thread (loading the model, say), between batches."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    @contextlib.contextmanager
    def expecting(self) -> Iterator[None]:
        """A request that will submit when the block ends: batches wait for it (briefly)."""
        self._expected += 1
        try:
            yield
        finally:
            self._expected -= 1
            if self._wake is not None:
                self._wake.set()  # a batch waiting for this request need not wait longer

    async def submit(self, items: Sequence[T]) -> list[R]:
        if self._task is None or self._task.done() or self._wake is None or self._closing:
            raise RuntimeError(f"{self.name} batcher is not running")
        if not items:
            return []
        future: asyncio.Future[list[R]] = asyncio.get_running_loop().create_future()
        self._jobs.append(_Job(items, future))
        self._queued += len(items)
        self._wake.set()
        return await future

    async def close(self) -> None:
        """Finish every queued request, then stop the worker thread."""
        self._closing = True
        if self._task is not None and self._wake is not None:
            self._wake.set()
            await self._task
            self._task = None
        self._executor.shutdown(wait=True)

    @property
    def queued(self) -> int:
        return self._queued

    # -- the collecting loop -------------------------------------------------------------------
    async def _loop(self) -> None:
        assert self._wake is not None
        loop = asyncio.get_running_loop()
        while True:
            if not self._jobs:
                if self._closing:
                    return
                self._wake.clear()
                await self._wake.wait()
                continue
            deadline = loop.time() + self.window
            # Wait for requests on their way while the batch has room and time is left.
            while (self._expected > 0 and self._queued < self.max_items and not self._closing
                   and (left := deadline - loop.time()) > 0):
                self._wake.clear()
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), left)
            batch = self._take()
            if not batch:
                continue
            try:
                await self._run(batch)
            except Exception as e:  # a fault here must not leave every later request waiting
                log.exception("%s batcher: unexpected error", self.name)
                for job in batch:
                    _settle(job.future, error=e)

    def _take(self) -> list[_Job[T, R]]:
        """Jobs from the front, up to max_items items (the first one whatever its size);
        a job whose caller went away (cancelled) is dropped unrun."""
        batch: list[_Job[T, R]] = []
        size = 0
        while self._jobs:
            job = self._jobs[0]
            if job.future.done():
                self._jobs.popleft()
                self._queued -= len(job.items)
                continue
            if batch and size + len(job.items) > self.max_items:
                break
            self._jobs.popleft()
            self._queued -= len(job.items)
            batch.append(job)
            size += len(job.items)
        return batch

    async def _run(self, batch: list[_Job[T, R]]) -> None:
        try:
            results = await self._call([it for job in batch for it in job.items], len(batch))
        except Exception as e:  # noqa: BLE001 - handed to the callers
            if len(batch) == 1:
                _settle(batch[0].future, error=e)
                return
            log.warning("%s batch of %d requests failed (%s); retrying each alone", self.name,
                        len(batch), e)
            for job in batch:
                await self._run([job])
            return
        at = 0
        for job in batch:
            _settle(job.future, results[at : at + len(job.items)])
            at += len(job.items)

    async def _call(self, items: list[T], requests: int) -> Sequence[R]:
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        results = await loop.run_in_executor(self._executor, self.fn, items)
        seconds = time.perf_counter() - started
        if len(results) != len(items):
            raise RuntimeError(f"{self.name} returned {len(results)} results for "
                               f"{len(items)} items")
        if self.on_batch is not None:
            try:
                self.on_batch(requests, len(items), seconds)
            except Exception:  # the metrics' fault, not the batch's
                log.exception("%s batcher: on_batch failed", self.name)
        return results


def _settle(future: asyncio.Future[Any], result: Any = None,
            error: BaseException | None = None) -> None:
    if future.done():  # the caller went away meanwhile
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(list(result))


__all__ = ["BatchHook", "Batcher"]
