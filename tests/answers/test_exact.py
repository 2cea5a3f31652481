"""Exact means exact (docs/checking.md, "Exactness"): an approximation never matches an exact
gold, in the expression tier (values.py) or the symbolic one (symbolic.py); an equation
between constants is a statement, not a value; and the one tolerance, for a gold written as a
decimal, is the documented rounding rule."""

from __future__ import annotations

import pytest

from star_cli.answers import check
from star_cli.answers.checker import MathChecker, Pending
from star_cli.answers.compare import same_answer
from star_cli.answers.latex import read_answer
from star_cli.answers.pool import default_pool
from star_cli.answers.values import _Evaluator
from tests.conftest import finishes

PI_54 = "3.14159265358979323846264338327950288419716939937510582"

APPROXIMATIONS = [
    # the measured false positives: digit agreement (40 digits) and math-verify's rounding
    (r"\pi", r"\pi + 10^{-45}"), ("2", r"2+\frac{\sqrt2}{10^{50}}"), (r"\pi", PI_54),
    ("e", r"(1+10^{-100})^{10^{100}}"),
    # decimals and rational approximations of irrationals
    (r"\pi", "3.14159265358979"), (r"\pi", r"\frac{22}{7}"), (r"\pi", r"\frac{355}{113}"),
    (r"\sqrt2", "1.41421356237"), ("e", "2.718281828459045"), (r"\frac13", "0.333333"),
    (r"\frac13", "0." + "3" * 60), (r"\frac{\pi}{2}", "1.5707963267949"),
    # limits at a huge exponent, and functions that flatten a tiny difference
    ("e", r"(1+10^{-50})^{10^{50}}"), ("e", r"\left(1+\frac{1}{10^{30}}\right)^{10^{30}}"),
    ("1", r"\cos(10^{-50})"), ("1", r"\cos(10^{-1400})"), ("1", r"e^{e^{-1000}}"),
    ("1", r"\tanh(100)"), (r"\frac{\pi}{2}", r"\arctan(10^{6})"), (r"\pi", r"\pi + e^{-1000}"),
    ("1", r"2^{10^{-60}}"), ("2", r"\sqrt[3]{8 + 10^{-60}}"),
    (r"\pi", r"\pi + 10^{-2000}"),  # past the precision cap: the symbolic tier, exactly
    ("10^{1200}", r"10^{1200}+1"),
]
# tiny perturbations at every depth from 20 to 200 digits
PERTURBED = [
    case
    for k in (20, 39, 45, 61, 100, 150, 200)
    for case in (
        (r"\pi", rf"\pi + 10^{{-{k}}}"), (r"\sqrt{2}", rf"\sqrt{{2}}\left(1 - 10^{{-{k}}}\right)"),
        ("e", rf"e + \frac{{1}}{{10^{{{k}}}}}"), ("3", rf"3 + \frac{{\pi}}{{10^{{{k}}}}}"),
    )
]
CONSTANT_EQUATIONS = [
    ("5", "6 = 5", False), ("5", "x = 6 = 5", False), ("5", "5 = 6", False),
    ("5", r"\pi = 5", False), ("5", "x = 5 = 6", False), ("x=5", "6 = 5", False),
    ("5", "x = 5", True), ("5", "5 = x", True), ("5", "2+3=5", True),
    ("5", "x = 2 + 3 = 5", True), ("x=5", "2+3=5", True), ("x=5", "x = 2+3 = 5", True),
    (r"\sqrt2", r"\frac{2}{\sqrt2} = \sqrt2", True),
]
LENIENT = [
    (r"\frac12", "0.5"), (r"\sqrt2", r"\frac{2}{\sqrt2}"), ("1", r"\sin^2 x+\cos^2 x"),
    (r"2\pi", r"\pi \cdot 2"), (r"\sqrt{8}", r"2\sqrt2"), ("-1", r"e^{i\pi}"),
    (r"\frac{\pi}{2}", r"2\arctan 1"), (r"\frac{3\sqrt3}{4}", r"0.75\sqrt3"),
    (r"\frac{\sqrt6}{2}", r"\sqrt{1.5}"), (r"\pi^2", r"\pi\cdot\pi"), ("3", r"\log_2 8"),
    (r"\frac{1+\sqrt5}{2}", r"\frac{2}{\sqrt5-1}"), (r"\tanh 1", r"\frac{e^{2}-1}{e^{2}+1}"),
    (r"\frac{\sqrt3}{2}", r"\sin\frac{\pi}{3}"), ("0", r"\sin\pi"),
]
ROUNDED_GOLDS = [  # a gold written with d decimals: exact non-decimals that round to it match
    ("3.14", r"\pi", True), ("3.1416", r"\pi", True), ("3.141", r"\pi", False),
    ("1.41", r"\sqrt2", True), ("1.42", r"\sqrt2", False), ("0.33", r"\frac13", True),
    ("-0.33", r"-\frac13", True), ("0.67", r"\frac23", True), ("2.72", "e", True),
    ("2.71", "e", False), ("12.57", r"4\pi", True), ("0.71", r"\frac{\sqrt2}{2}", True),
    # a decimal answer is compared exactly: the model did not round as asked
    ("0.33", "0.333", False), ("0.33", "0.3333", False), ("3.14", "3.14159", False),
    ("3.14", r"3.14159\ldots", False),
    # a value that is itself a decimal is compared exactly, however it is written
    ("0.5", r"\frac12+10^{-9}", False), ("0.5", r"\frac{\sqrt2\cdot\sqrt2}{4}+10^{-9}", False),
    ("0.1", r"\frac{1}{8}", False), ("2.5", r"\frac{49}{20}", False),
    ("0.5", r"\frac{1}{2}", True), ("2.50", r"\frac52", True),
]

TABLE = (
    [pytest.param(g, a, False, id=f"approx:{g}|{a[:40]}") for g, a in APPROXIMATIONS]
    + [pytest.param(g, a, False, id=f"perturbed:{g}|{a}") for g, a in PERTURBED]
    + [pytest.param(g, a, w, id=f"equation:{g}|{a}") for g, a, w in CONSTANT_EQUATIONS]
    + [pytest.param(g, a, True, id=f"lenient:{g}|{a}") for g, a in LENIENT]
    + [pytest.param(g, a, w, id=f"rounded:{g}|{a}") for g, a, w in ROUNDED_GOLDS]
)


@pytest.mark.parametrize(("gold", "answer", "want"), TABLE)
def test_exactness(gold: str, answer: str, want: bool) -> None:
    v = check(gold, f"So the answer is $\\boxed{{{answer}}}$.", task="math")
    assert v.correct is want, v
    assert v.reason == ("match" if want else "mismatch"), v


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 30
    assert {w for *_, w in (p.values for p in TABLE)} == {True, False}


@pytest.mark.parametrize(
    ("gold", "answer", "want"),
    [
        ("0.33", r"\frac{1}{3}", True), ("3.14", r"\frac{22}{7}", True),
        ("0.13", r"\frac{1}{8}", False), ("2.5", r"\frac{49}{20}", False),
        ("0.33", "1/3", True), ("0.3", r"\frac{1}{3}", True), ("0.3", r"\frac{2}{3}", False),
        (r"\frac13", "0.33", False),  # only a gold stands for a rounded value
        ("(0.33, 1.5)", r"(\frac13, \frac32)", True),
        (r"33\%", r"\frac13", False),  # percents are not rounded
        ("0.33", r"\frac{x}{3}", False),
    ],
)
def test_the_rounding_rule_in_the_expression_tier(gold: str, answer: str, want: bool) -> None:
    # `\frac{1}{3}` and `22/7` are plain numbers, which the number tier compares exactly before
    # this tier sees them; the rule itself is the expression tier's.
    assert same_answer(read_answer(gold), read_answer(answer)) is want


@pytest.mark.parametrize(
    ("gold", "answer", "want"),
    [
        (r"\pi", r"\pi + 10^{-45}", False), (r"\pi", PI_54, False), (r"\frac13", "0.333333", False),
        (r"\frac{\pi}{2}", "1.57079632679490", False),
        (r"\sqrt{2}", "1.4142135623730950488", False),
        ("e", r"(1+10^{-100})^{10^{100}}", False), ("5", "6 = 5", False), ("5", "x = 6 = 5", False),
        (r"\frac12", "0.50", True), (r"\frac{3\sqrt3}{4}", r"0.75\sqrt3", True),
        ("5", "2+3=5", True), ("5", "x = 5", True), ("5", "x = 2+3 = 5", True),
        ("0", r"\sin\pi", True), ("e", r"\lim_{n\to\infty}(1+1/n)^n", True),
        (r"\frac12", r"\int_0^1 x\,dx", True), ("y=2x+3", "y = 3+2x", True),
    ],
)
def test_the_symbolic_tier_is_exact(gold: str, answer: str, want: bool) -> None:
    assert default_pool().same(gold, answer, 60) is want


def test_the_numeric_checker_has_no_tolerance() -> None:
    assert check("2.5", "The answer is 2.49.", task="gsm8k").correct is False
    assert check("3.14", "The answer is 3.14159.", task="gsm8k").correct is False
    assert check("2.5", "The answer is 2.50.", task="gsm8k").correct is True


@pytest.mark.parametrize(
    "answer",
    [r"\cos(10^{-1400})", r"(1+10^{-1400})^{10^{1400}}", r"\tanh(10^{6})", r"\sin(10^{-1000})",
     r"\exp(999999+10^{-1400})", r"\sqrt[999]{\pi+10^{-1450}}", r"\pi + 10^{-2900}",
     r"\log_{1+10^{-1400}}(2+10^{-1400})", r"(1+10^{-60})^{10^{999}}",
     r"\tan(\tan(\tan(\tan(\tan(\tan(1+10^{-1400}))))))"],
)
def test_high_precision_stays_bounded(answer: str) -> None:
    # Bounded work, not a speed target (bench/ times it): a hang fails by the safety timeout.
    checker = MathChecker()
    v = finishes(lambda: checker.judge_local(checker.prepare("1"), f"\\boxed{{{answer}}}"))
    assert isinstance(v, Pending) or v.correct is False, v  # an approximation is not 1


def test_rationals_never_touch_mpmath() -> None:
    ev = _Evaluator(60)
    node = read_answer(r"\frac{3}{4} + 2^{10} - \binom{5}{2} \cdot 0.25 + \sqrt{\frac{9}{4}}").node
    assert ev.value(node, {}) == 1024 + 3 / 4 - 2.5 + 1.5
    assert ev._mp is None
