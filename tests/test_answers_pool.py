"""The worker pool: hard timeouts, replacement of killed or dead workers, any thread."""

from __future__ import annotations

import threading
import time

import pytest

from star_cli.answers import check, get_checker
from star_cli.answers.checker import Pending
from star_cli.answers.pool import Timeout, WorkerError, WorkerPool


@pytest.fixture
def stuck_pool():
    pool = WorkerPool(1, module="tests.slow_worker")
    yield pool
    pool.close()


def test_a_stuck_worker_is_killed_at_the_deadline_and_replaced(stuck_pool):
    assert stuck_pool.call(["quick", "quick"], 30) is True
    started = time.monotonic()
    with pytest.raises(Timeout):
        stuck_pool.call(["hang", "hang"], 0.5)
    assert time.monotonic() - started < 3
    assert stuck_pool.timeouts == 1
    assert stuck_pool.call(["quick", "quick"], 30) is True  # a fresh worker took the slot
    assert stuck_pool.started == 2


def test_timeout_verdict_from_a_thread(stuck_pool):
    checker = get_checker("math", timeout=0.5)
    out = []
    t = threading.Thread(
        target=lambda: out.append(checker.resolve(Pending("x", "y", 3), stuck_pool))
    )
    t.start()
    t.join(20)
    assert out and out[0].reason == "timeout" and out[0].correct is False
    assert out[0].answer == "y" and out[0].end == 3


def test_a_dead_worker_is_an_error_verdict_and_replaced():
    pool = WorkerPool(1, module="tests.crashy_worker")
    try:
        checker = get_checker("math")
        v = checker.resolve(Pending("x", "y", 0), pool)
        assert (v.correct, v.reason) == (False, "error")
        assert pool.call(["quick", "quick"], 30) is True
    finally:
        pool.close()


def test_a_worker_that_raises_reports_an_error():
    pool = WorkerPool(1)
    try:
        with pytest.raises(WorkerError):
            pool.call(["only one"], 30)  # not a (gold, pred) pair
        assert pool.same("2", "2", 30) is True  # the worker survived its own exception
        assert pool.started == 1
    finally:
        pool.close()


def test_many_threads_share_the_pool():
    pool = WorkerPool(2)
    results: list[bool] = []
    pairs = [(r"\sqrt{12}", r"2\sqrt{3}", True), (r"\sqrt{12}", "3", False)] * 3
    try:
        def one(gold: str, pred: str, want: bool) -> None:
            results.append(pool.same(gold, pred, 60) == want)

        threads = [threading.Thread(target=one, args=pair) for pair in pairs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert results == [True] * len(pairs)
        assert pool.started <= 2
    finally:
        pool.close()


def test_real_sympy_hang_times_out():
    # Two towers that differ: our evaluator refuses exponents this large, so sympy gets them.
    v = check(r"10^{10^{10^{10}}}", r"\boxed{10^{10^{10^{11}}}}", "math", timeout=1)
    assert v.correct is False
    assert v.reason in ("timeout", "mismatch")  # sympy may also decide quickly on a fast box
