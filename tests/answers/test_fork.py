"""Forked callers: a child never talks to its parent's symbolic workers, nor deadlocks on a
lock a parent thread held at the fork, and the parent's pool keeps working."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time

import pytest

from star_cli.answers import check
from star_cli.answers import pool as pool_module
from star_cli.answers.checker import MathChecker, Pending
from star_cli.answers.pool import WorkerPool

TIMEOUT = 20.0  # generous: a timeout verdict is a wrong one here

pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded")


def _symbolic_pairs() -> list[tuple[str, str]]:
    """Pairs only the symbolic tier decides, half of them equal: if a child read another
    process's reply, about half its verdicts would be wrong."""
    pairs = []
    for k in range(1, 7):
        integral = rf"\boxed{{\int_0^1 x^{{{k}}}\,dx}}"
        limit = rf"\boxed{{\lim_{{n\to\infty}}(1+{k}/n)^n}}"
        pairs += [(rf"\frac{{1}}{{{k + 1}}}", integral), (rf"\frac{{1}}{{{k + 2}}}", integral),
                  (rf"e^{{{k}}}", limit), (rf"e^{{{k + 1}}}", limit)]
    return pairs


DISTINCT = _symbolic_pairs()
PAIRS = [DISTINCT[(7 * k) % len(DISTINCT)] for k in range(240)]  # each one 10 times, mixed


@pytest.fixture
def small_default_pool(monkeypatch):
    """The default pool (the one `check` uses) with two workers, on any number of cores."""
    pool = WorkerPool(2)
    monkeypatch.setattr(pool_module, "_default", pool)
    yield pool
    pool.close()


def _judge(pairs: list[tuple[str, str]]) -> list[tuple]:
    return [tuple(check(g, c, "math", timeout=TIMEOUT)) for g, c in pairs]


def _wait(pid: int, limit: float) -> int | None:
    """The child's exit code, or None (the child killed) when it runs past `limit`."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.02)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return None


def test_the_pairs_need_the_symbolic_tier():
    checker = MathChecker()
    assert all(isinstance(checker.judge_local(checker.prepare(g), c), Pending)
               for g, c in DISTINCT)


@pytest.mark.slow  # a pool of forked children, each with its own workers
def test_forked_children_get_the_single_process_verdicts(small_default_pool):
    # The single-process verdicts; they also leave the parent's workers running and busy.
    want = {pair: tuple(check(*pair, "math", timeout=TIMEOUT)) for pair in DISTINCT}
    assert sorted({v[1] for v in want.values()}) == [False, True]
    assert {v[4] for v in want.values()} == {"symbolic"}
    small_default_pool.start_all()
    assert small_default_pool.started == 2

    parent: list[tuple] = []
    parent_pairs = PAIRS[:48]

    def parent_checks(part: list[tuple[str, str]]) -> None:
        parent.extend(zip(part, _judge(part), strict=True))

    threads = [threading.Thread(target=parent_checks, args=(parent_pairs[k::2],))
               for k in range(2)]
    for t in threads:
        t.start()  # the parent is mid-check while it forks
    chunks = [PAIRS[k:k + 20] for k in range(0, len(PAIRS), 20)]
    with multiprocessing.get_context("fork").Pool(4) as children:
        # Bounded: children that share their parent's pipes can also wait forever.
        replies = children.map_async(_judge, chunks, chunksize=1).get(timeout=90)
    for t in threads:
        t.join(120)

    got = [v for reply in replies for v in reply]
    wrong = [(pair, v) for pair, v in zip(PAIRS, got, strict=True) if v != want[pair]]
    assert len(got) == 240 and wrong == []
    assert len(parent) == len(parent_pairs)
    assert [(pair, v) for pair, v in parent if v != want[pair]] == []
    # The parent's own workers were neither replaced nor disturbed, and still answer.
    assert small_default_pool.started == 2 and small_default_pool.timeouts == 0
    assert _judge(DISTINCT) == [want[pair] for pair in DISTINCT]
    assert small_default_pool.started == 2


def test_a_child_closes_the_inherited_pipes_and_starts_its_own_workers(small_default_pool):
    small_default_pool.start_all()
    inherited = {}
    for worker in list(pool_module._live):
        for stream in (worker.stdin, worker.stdout):
            inherited[stream.fileno()] = os.fstat(stream.fileno()).st_ino
    assert len(inherited) >= 4
    pid = os.fork()
    if pid == 0:  # the child: report through the exit code, never return into pytest
        code = 1
        try:
            still_open = []
            for fd, inode in inherited.items():
                with contextlib.suppress(OSError):  # closed: as it should be
                    still_open.append(os.fstat(fd).st_ino == inode)
            code = 2 if any(still_open) or pool_module._live else 3
            if not any(still_open) and not pool_module._live:
                v = check(*DISTINCT[0], "math", timeout=TIMEOUT)
                ok = v.correct and v.method == "symbolic" and small_default_pool.started == 1
                code = 0 if ok else 4
        finally:
            os._exit(code)
    assert _wait(pid, 60) == 0
    assert small_default_pool.started == 2  # the parent's workers are still its own
    assert check(*DISTINCT[0], "math", timeout=TIMEOUT).correct is True
    assert small_default_pool.started == 2


def test_locks_held_at_the_fork_do_not_deadlock_the_child(small_default_pool):
    small_default_pool.same("1", "1", TIMEOUT)
    others = WorkerPool(1)
    held = [small_default_pool._idle.mutex, small_default_pool._starting,
            others._idle.mutex, pool_module._default_lock]
    for lock in held:
        lock.acquire()  # as a parent thread might hold them at the moment of a fork
    try:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                v = check(*DISTINCT[1], "math", timeout=TIMEOUT)  # default_pool, then call
                small_default_pool.start_all()
                ok = (v.correct is False and v.method == "symbolic"
                      and others.same("2", "2", TIMEOUT) is True)
                code = 0 if ok else 2
            finally:
                os._exit(code)
    finally:
        for lock in held:
            lock.release()
    try:
        assert _wait(pid, 60) == 0
        assert small_default_pool.same("2", "3", TIMEOUT) is False
    finally:
        others.close()
