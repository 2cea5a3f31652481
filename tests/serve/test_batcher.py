"""The cross-request batcher on its own (no model, no HTTP)."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from star_cli.serve.batcher import Batcher


class Calls:
    def __init__(self, delay: float = 0.0, fail: str | None = None) -> None:
        self.delay, self.fail = delay, fail
        self.sizes: list[int] = []
        self.threads: set[str] = set()

    def __call__(self, items: list[str]) -> list[str]:
        self.sizes.append(len(items))
        self.threads.add(threading.current_thread().name)
        time.sleep(self.delay)
        if self.fail is not None and self.fail in items:
            raise ValueError(f"cannot do {self.fail}")
        return [item.upper() for item in items]


def run(coro):
    return asyncio.run(coro)


def test_results_in_order_across_requests_on_one_thread():
    calls = Calls(delay=0.02)

    async def main():
        b = Batcher(calls, window=0.01, max_items=100, name="t")
        b.start()
        first = asyncio.create_task(b.submit(["a"]))  # runs alone: the others queue behind
        await asyncio.sleep(0.005)
        rest = [asyncio.create_task(b.submit([f"{i}x", f"{i}y"])) for i in range(5)]
        out = [await first] + [await t for t in rest]
        await b.close()
        return out

    out = run(main())
    assert out == [["A"]] + [[f"{i}X", f"{i}Y"] for i in range(5)]
    assert calls.sizes == [1, 10] and calls.threads == {"star-t_0"}


def test_max_items_and_an_oversized_request():
    calls = Calls(delay=0.02)

    async def main():
        b = Batcher(calls, window=0, max_items=4, name="t")
        b.start()
        blocker = asyncio.create_task(b.submit(["z"]))
        await asyncio.sleep(0.005)
        jobs = [asyncio.create_task(b.submit(list("abc"))), asyncio.create_task(
            b.submit(list("de"))), asyncio.create_task(b.submit(list("fghijk")))]
        await asyncio.gather(blocker, *jobs)
        await b.close()

    run(main())
    assert calls.sizes == [1, 3, 2, 6]  # 3 + 2 > 4; the 6-item request alone


def test_a_failing_request_fails_alone():
    calls = Calls(delay=0.02, fail="bad")

    async def main():
        b = Batcher(calls, window=0, max_items=100, name="t")
        b.start()
        blocker = asyncio.create_task(b.submit(["z"]))
        await asyncio.sleep(0.005)
        good = asyncio.create_task(b.submit(["ok"]))
        bad = asyncio.create_task(b.submit(["bad"]))
        other = asyncio.create_task(b.submit(["fine"]))
        await blocker
        with pytest.raises(ValueError, match="cannot do bad"):
            await bad
        result = (await good, await other)
        await b.close()
        return result

    assert run(main()) == (["OK"], ["FINE"])
    assert calls.sizes == [1, 3, 1, 1, 1]  # together, then each alone


def test_waits_only_for_requests_on_their_way():
    calls = Calls()
    # A window no test would wait out: a submit that waited it fails by the safety timeout.
    safety = 120.0

    async def main():
        b = Batcher(calls, window=3600.0, max_items=100, name="t")
        b.start()
        alone = await asyncio.wait_for(b.submit(["alone"]), safety)  # nobody expected: no wait

        async def late():
            with b.expecting():
                await asyncio.sleep(0.1)  # generating
            return await b.submit(["late"])

        waiting = asyncio.create_task(late())
        await asyncio.sleep(0.01)
        first = await asyncio.wait_for(b.submit(["early"]), safety)  # waits for `late` only
        await waiting
        await b.close()
        return alone, first, waiting.result()

    alone, first, late = run(main())
    assert (alone, first, late) == (["ALONE"], ["EARLY"], ["LATE"])
    assert calls.sizes == [1, 2]  # `early` went with `late`, which it waited for


def test_cancelled_requests_are_dropped_and_close_drains():
    calls = Calls(delay=0.05)

    async def main():
        b = Batcher(calls, window=0, max_items=100, name="t")
        b.start()
        blocker = asyncio.create_task(b.submit(["z"]))
        await asyncio.sleep(0.01)
        gone = asyncio.create_task(b.submit(["gone"]))
        kept = asyncio.create_task(b.submit(["kept"]))
        await asyncio.sleep(0)
        gone.cancel()
        await b.close()  # finishes what is queued
        assert await kept == ["KEPT"]
        await blocker
        with pytest.raises(RuntimeError, match="not running"):
            await b.submit(["after"])

    run(main())
    assert calls.sizes == [1, 1]
