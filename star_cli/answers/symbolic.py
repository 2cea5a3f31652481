"""The symbolic tier: math-verify (LaTeX to sympy) and its comparison, in worker processes only.

This module is imported by the workers of `pool.py`, never by the main process: sympy can
spend minutes or gigabytes on a hostile expression, and only a separate process can be
stopped. Parsing uses math-verify's LaTeX grammar (an ANTLR parser that builds sympy objects
node by node); its expression extractor, which calls sympy's `parse_expr` (an `eval`) on
the text, is not used. math-verify's own signal-based timeouts are off: the pool kills a worker
that runs past its deadline.

The comparison is exact, unlike math-verify's defaults:

- every decimal (a sympy `Float`) is replaced by the rational it was written as, so `0.5` is
  1/2 exactly and `0.333333` is 333333/10^6, never 1/3 (math-verify rounds both sides of a
  comparison with a float to `float_rounding` = 6 digits);
- math-verify's numeric test for expressions, `(a - b).evalf(n=15, chop=True) == 0`, is
  replaced by nothing: only exact equality and sympy's `simplify(a - b).is_zero` decide, so
  `\\pi + 10^{-45}` is not `\\pi` and a 54-digit decimal of pi is not pi;
- an equation between constants is a statement, not a value: math-verify takes the right-hand
  side of any equation (`6 = 5` and `x = 6 = 5` "are" 5); here the sides after an optional
  leading variable must all be equal, exactly, and then the equation stands for that value
  (`2 + 3 = 5` is 5), or else it matches nothing (`docs/checking.md`, "Exactness").
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator
from typing import Any

from math_verify import LatexExtractionConfig, grader, parse, verify
from sympy import (
    Basic,
    Derivative,
    Eq,
    Float,
    Integral,
    Limit,
    Product,
    Rational,
    Sum,
    simplify,
)
from sympy.matrices import MatrixBase

logging.getLogger("math_verify").setLevel(logging.ERROR)  # its "timeout disabled" warning

_LATEX_ONLY = [LatexExtractionConfig(boxed_match_priority=0)]


@functools.lru_cache(maxsize=4096)
def _parsed(answer: str) -> list:
    """math-verify's reading of one answer, cached: a gold is parsed once per problem."""
    return parse(f"${answer}$", _LATEX_ONLY, fallback_mode="no_fallback", parsing_timeout=None)


def _exact(expr: Any) -> Any:
    """`expr` with every Float replaced by the decimal it was written as, as a Rational."""
    if not isinstance(expr, Basic | MatrixBase):
        return expr
    floats = [f for f in expr.atoms(Float) if f.is_finite]
    if not floats:
        return expr
    return expr.xreplace({f: Rational(str(f)) for f in floats})


def _sides(expr: Any) -> list | None:
    """The sides of an equation or a chain `a = b = c` (an And of Eqs), in order; else None."""
    if isinstance(expr, Eq):
        return [expr.lhs, expr.rhs]
    if isinstance(expr, grader.And) and expr._unsorted_args and all(
        isinstance(a, Eq) for a in expr._unsorted_args
    ):
        sides = [expr._unsorted_args[0].lhs]
        for rel in expr._unsorted_args:
            if rel.lhs != sides[-1]:
                return None  # `x = 1 \\land y = 2`: not one chain
            sides.append(rel.rhs)
        return sides
    return None


def _zero(diff: Any) -> bool:
    try:
        return diff == 0 or bool(simplify(diff).is_zero)
    except Exception:
        return False


_FALSE = object()  # an equation that states something false: it matches nothing


def _committed(expr: Any) -> Any:
    """What a predicted equation commits to, when its gold is not an equation.

    `x = 5` and `x = 2 + 3 = 5` are 5, `2 + 3 = 5` is 5 too; `6 = 5` and `x = 6 = 5` are
    false statements. A chain whose sides hold variables (`y = 2x + 3 = 3 + 2x`) is its last
    side when every side is equal; a single equation in variables is left as it is."""
    sides = _sides(expr)
    if sides is None:
        return expr
    if grader.is_expr_of_only_symbols(sides[0]) and sides[0].free_symbols:
        if len(sides) == 2:
            return expr  # an assignment: math-verify compares its right-hand side
        sides = sides[1:]
    elif len(sides) == 2 and any(s.free_symbols for s in sides):
        return expr  # `2x + 1 = 7`: math-verify's reading (its right-hand side) stands
    first = sides[0]
    if all(_zero(s - first) for s in sides[1:]):
        return sides[-1]
    return _FALSE


def _is_equation(expr: Any) -> bool:
    return _sides(expr) is not None or grader.is_relation(expr)


def _no_numeric_rounding(a: Any, b: Any, float_rounding: int, numeric_precision: int) -> bool:
    """math-verify's `sympy_numeric_eq` without its approximations: numbers (there are no
    Floats left) compare exactly, matrices entry by entry, and anything else is left to
    `sympy_symbolic_eq`, which simplifies the difference."""
    if isinstance(a, MatrixBase) and isinstance(b, MatrixBase):
        if a.shape != b.shape:
            return False
        return all(
            _no_numeric_rounding(x, y, float_rounding, numeric_precision)
            for x, y in zip(a.flat(), b.flat(), strict=True)
        )
    if grader.is_atomic_or_pct_atomic(a, grader.Number) or grader.is_atomic_or_pct_atomic(
        b, grader.Number
    ):
        return _ORIGINAL_NUMERIC_EQ(a, b, float_rounding, numeric_precision)
    return False


def _decided_first(a: Any, b: Any) -> bool:
    """math-verify's `sympy_symbolic_eq` (`simplify(a - b).is_zero`), asking sympy's
    assumptions first: when they already know the difference is nonzero, simplify (which can
    spend minutes on `(1 + 10^{-100})^{10^{100}} - e`) is not needed. Only for plain numbers:
    on an unevaluated limit or integral the assumptions can be wrong (`e - \\lim (1+1/n)^n`
    "is not zero")."""
    known = None
    try:
        diff = a - b
        if diff.is_number and not diff.has(*_UNEVALUATED):
            known = diff.is_zero
    except Exception:
        known = None
    if known is not None:
        return bool(known)
    return _ORIGINAL_SYMBOLIC_EQ(a, b)


_UNEVALUATED = (Limit, Integral, Sum, Product, Derivative)
_ORIGINAL_NUMERIC_EQ = grader.sympy_numeric_eq
_ORIGINAL_SYMBOLIC_EQ = grader.sympy_symbolic_eq


@contextlib.contextmanager
def _exact_grader() -> Iterator[None]:
    """math-verify with `_no_numeric_rounding` and `_decided_first` in place of its numeric
    and symbolic tests, for one call (only in this process: a worker, or a test)."""
    grader.sympy_numeric_eq = _no_numeric_rounding
    grader.sympy_symbolic_eq = _decided_first
    try:
        yield
    finally:
        grader.sympy_numeric_eq = _ORIGINAL_NUMERIC_EQ
        grader.sympy_symbolic_eq = _ORIGINAL_SYMBOLIC_EQ


def same(gold: str, pred: str) -> bool:
    """math-verify's verdict on two extracted answers, made exact (see the module docstring);
    unreadable answers are not equal."""
    g = [_exact(x) for x in _parsed(gold)]
    p = [_exact(x) for x in _parsed(pred)]
    if not any(_is_equation(x) for x in g):
        p = [c for c in (_committed(x) for x in p) if c is not _FALSE]
    if not g or not p:
        return False
    with _exact_grader():
        return bool(verify(g, p, timeout_seconds=None))


def _handle(request: list) -> bool:
    gold, pred = request
    return same(str(gold), str(pred))


if __name__ == "__main__":
    from star_cli.answers.pool import serve

    serve(_handle)
