"""Property: any number, written in any supported format, matches itself (and not its
neighbour), for the numeric and the math checkers alike."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from star_cli.answers import check
from star_cli.answers.numeric import parse_number


def _thousands(n: int, sep: str) -> str:
    s = f"{abs(n):,}".replace(",", sep)
    return ("-" if n < 0 else "") + s


def integer_forms(n: int) -> list[str]:
    forms = [str(n), f"{n}.0", _thousands(n, ","), _thousands(n, "{,}"), f"{n} apples"]
    if abs(n) >= 1000:
        forms.append(_thousands(n, " "))  # 1 000 000 (only with real groups)
    if n >= 0:
        forms += [f"${n}", f"\\${n}", f"+{n}", f"\\text{{{n}}}"]
    return forms


def fraction_forms(q: Fraction) -> list[str]:
    a, b = q.numerator, q.denominator
    forms = [f"{a}/{b}", f"\\frac{{{a}}}{{{b}}}", f"\\dfrac{{{a}}}{{{b}}}",
             f"\\frac{{{2 * a}}}{{{2 * b}}}"]
    if a < 0:
        forms.append(f"-\\frac{{{-a}}}{{{b}}}")
    whole, rest = divmod(abs(a), b)
    if whole and rest:
        sign = "-" if a < 0 else ""
        forms += [f"{sign}{whole} {rest}/{b}", f"{sign}{whole}\\frac{{{rest}}}{{{b}}}"]
    if 10**12 % b == 0:  # a terminating decimal
        forms.append(str(Decimal(a) / Decimal(b)))
    return forms


def decimal_forms(d: Decimal) -> list[str]:
    mantissa, _, exponent = f"{d:e}".partition("e")
    forms = [f"{d:f}", f"{d:e}".replace("e+", "e"), f"{d:E}", f"{d:f}0",
             f"{mantissa} \\times 10^{{{int(exponent)}}}"]
    if abs(d) >= 1000:
        forms.append(f"{d:,f}")
    return forms


def _judge(gold: str, form: str) -> tuple[bool, bool]:
    numeric = check(gold, f"So the answer is {form}.", "gsm8k").correct
    math = check(gold, f"So the answer is $\\boxed{{{form}}}$.", "math").correct
    return numeric, math


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=-10**9, max_value=10**9))
def test_integers_match_themselves_in_every_format(n: int) -> None:
    for form in integer_forms(n):
        assert parse_number(form) == n, form
        assert _judge(str(n), form) == (True, True), form
    assert _judge(str(n), str(n + 1)) == (False, False)


@settings(max_examples=150, deadline=None)
@given(st.fractions(min_value=-1000, max_value=1000, max_denominator=64).filter(
    lambda q: q.denominator > 1))
def test_fractions_match_themselves_in_every_format(q: Fraction) -> None:
    gold = f"{q.numerator}/{q.denominator}"
    for form in fraction_forms(q):
        assert parse_number(form) == q, form
        assert _judge(gold, form) == (True, True), form
    assert _judge(gold, f"{q.numerator + 1}/{q.denominator}") == (False, False)


@settings(max_examples=150, deadline=None)
@given(st.decimals(min_value=-10**6, max_value=10**6, places=4, allow_nan=False,
                   allow_infinity=False))
def test_decimals_match_themselves_exactly(d: Decimal) -> None:
    gold = f"{d:f}"
    for form in decimal_forms(d):
        assert parse_number(form) == Fraction(d), form
        assert _judge(gold, form) == (True, True), form
    assert _judge(gold, f"{d + Decimal('0.0001'):f}") == (False, False)  # no float tolerance
