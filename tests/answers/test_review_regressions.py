"""Regressions from the review of the math checker: false positives of the cheap tiers,
unbounded work in them, and pool state after interruptions. The cheap tiers have no timeout,
so they must never say True wrongly and never take long; what they cannot decide is Pending
(math-verify's to judge)."""

from __future__ import annotations

import pytest

from star_cli.answers import check
from star_cli.answers.checker import MathChecker, Pending, Verdict
from star_cli.answers.pool import Timeout, WorkerError, WorkerPool, _Worker
from tests.conftest import finishes

CHECKER = MathChecker()


def local(gold: str, answer: str) -> Verdict | Pending:
    return CHECKER.judge_local(CHECKER.prepare(gold), f"\\boxed{{{answer}}}")


NOT_EQUAL = [
    # the string and number tiers once dropped letters after a digit, `x =`, and case
    (r"x^2+2x", r"x^2+2"), ("3n", "3"), ("4x-3y", "4x-3z"), ("x^2y", "x^2"), ("2x-y", "2"),
    ("2i", "2"), ("1+2i", "1+2"), ("3", r"3\text{ or more}"), ("x+1", r"x+1\text{ if } x"),
    ("x=2", "y=2"), (r"\Delta", r"\delta"), ("A", "a"), ("2x", "2.0"),
    # percent on both sides
    (r"10\%", r"1000\%"), (r"50\%", r"5000\%"), (r"0.1\%", r"10\%"),
    # numbers side by side
    ("6", "2 3"), ("12", "3 4"), ("0.75", "2.5.3"), (r"\frac{1}{2}", r"1\frac12"),
    # arithmetic on infinity
    (r"\infty", r"\infty+1"), (r"\infty", r"2\infty"), (r"(0,\infty)", r"(0, 5\infty)"),
    ("0", r"\frac{1}{\infty}"),
    # labels of a list of answers
    ("x=2, y=3", "3, 2"), (r"x \in [1,2], y \in [3,4]", r"y \in [1,2], x \in [3,4]"),
    # a determinant is not a matrix
    (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", r"\begin{vmatrix}1&2\\3&4\end{vmatrix}"),
    # precision
    ("1", r"(-1)^{10^{1000}+1}"), ("1", r"i^{4\cdot 10^{100}+1}"),
    ("0", r"\sqrt{10^{100}+1}-10^{50}"), ("0", r"\sqrt{2}\cdot 10^{-50}"),
    (r"\sqrt{2}", "1.4142135623730950488016887242096980785697"), ("0", r"0^{-\pi}"),
    ("x", r"x\sin 2"),
]


@pytest.mark.parametrize(("gold", "answer"), NOT_EQUAL)
def test_cheap_tiers_never_call_these_equal(gold: str, answer: str) -> None:
    v = local(gold, answer)
    assert isinstance(v, Pending) or v.correct is False, v


EQUAL = [
    (r"\sqrt[3]{-27}", "-3"), (r"\sin(2x)", r"\sin 2x"), (r"\frac32", r"1\frac{1}{2}"),
    (r"1000\sqrt{2}", r"1,000\sqrt{2}"), ("-1", r"(-1)^{10^{1000}+1}"), ("0", r"\sin\pi"),
    (r"-\frac{3}{2}", r"-1\frac{1}{2}"), ("5", r"5\text{ cm}"), ("5", "5 apples"),
]


@pytest.mark.parametrize(("gold", "answer"), EQUAL)
def test_equal_answers(gold: str, answer: str) -> None:
    assert check(gold, f"\\boxed{{{answer}}}", "math").correct is True


@pytest.mark.parametrize(
    "answer",
    [r"\sin(\exp(2000000))", r"\cos(\exp(1999999))", r"\tan(\cosh(1999000))",
     r"\sin((e^{1000})^{1000})", ".a" * 60000 + "1", r"\sin(10^{999})",
     r"(1+10^{-60})^{10^{999}}", r"\exp(\exp(\exp(20)))"],
)
def test_cheap_tiers_stay_bounded(answer: str) -> None:
    # No timeout guards the cheap tiers: they must give up (Pending) rather than evaluate.
    v = finishes(lambda: local("1", answer))
    assert isinstance(v, Pending) or v.correct is False, v


def test_an_interrupted_call_does_not_shift_replies(monkeypatch):
    pool = WorkerPool(1)
    try:
        assert pool.same("2", "2", 60) is True
        real_read = _Worker.read

        def interrupted(self, timeout):
            monkeypatch.setattr(_Worker, "read", real_read)
            raise KeyboardInterrupt

        monkeypatch.setattr(_Worker, "read", interrupted)
        with pytest.raises(KeyboardInterrupt):
            pool.same("2", "2", 60)
        # Had the worker gone back, this call would read the True owed to the last one.
        assert pool.same("2", "3", 60) is False
        assert pool.same("2", "2", 60) is True
    finally:
        pool.close()


def test_a_closed_pool_refuses_at_once_and_stops_returned_workers():
    pool = WorkerPool(1)
    assert pool.same("1", "1", 60) is True
    pool.close()
    with pytest.raises(WorkerError, match="closed"):
        finishes(lambda: pool.same("1", "1", 60))  # refused, not waiting for a slot
    assert pool.started == 1  # and no worker started for it


def test_a_stalled_chunk_costs_only_its_own_verdicts(monkeypatch):
    from star_cli.answers import batch

    calls = {"n": 0}
    real = batch.BatchChecker._local_call

    def flaky(self, chunk, timeout):
        calls["n"] += 1
        if calls["n"] == 1:
            raise Timeout("stalled")
        return real(self, chunk, timeout)

    monkeypatch.setattr(batch.BatchChecker, "_local_call", flaky)
    monkeypatch.setattr(batch, "CHUNK", 4)
    pairs = [batch.Pair(str(k % 3), f"The answer is {k % 3}.") for k in range(600)]
    with batch.BatchChecker(MathChecker(), workers=2) as checker:
        verdicts = checker.check(pairs)
    assert all(v.correct for v in verdicts)
    assert calls["n"] > 2
