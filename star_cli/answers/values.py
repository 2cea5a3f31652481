"""Values of expression trees from `latex.py`, and equality of two trees.

Rational arithmetic stays exact (Fraction). Anything irrational (roots that are not perfect
powers, pi, e, i, trig, logs) is computed with mpmath at 60 significant digits in a private
context, and two values are equal when they agree to 40 digits: a decimal approximation such
as 1.41421356 is never equal to \\sqrt{2}, as it would be with a float tolerance. Expressions
with variables are compared at three fixed points with exact rational coordinates, which
decides polynomial and rational identities (Schwartz-Zippel) without any simplification.

Every operation is bounded: exponents, factorials and the size of exact numbers are capped,
and anything over a cap raises `Unsupported`, which sends the pair to the symbolic tier.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from star_cli.answers.latex import Node, Unsupported

MAX_BITS = 4_000  # an exact number bigger than 2^4000 is not a final answer we can check here
MAX_EXPONENT = 1_000
MAX_MAGNITUDE = 10**6  # |log10| of an approximate value
MAX_FACTORIAL = 300
MAX_ARGUMENT = 10**6  # of exp, trig and hyperbolic functions
CANCELLATION = 20  # digits: a sum this much smaller than its terms lost its meaning
LARGE_DENOMINATOR = 10**6  # a rational this fine is a rounded decimal, not an exact value
DIGITS = 60
AGREE = 40  # digits two approximate values must share to be equal

# Points at which expressions in variables are compared: awkward rationals, never 0 or 1.
_POINTS = (Fraction(7, 11), Fraction(-13, 17), Fraction(29, 23), Fraction(31, 37),
           Fraction(-41, 19), Fraction(53, 43), Fraction(17, 59), Fraction(-67, 61))

Value = Any  # Fraction, or an mpmath mpf/mpc


@functools.cache
def _mp() -> Any:
    import mpmath  # deferred: `star --help` should not pay for it

    ctx = mpmath.MPContext()
    ctx.dps = DIGITS
    return ctx


def evaluate(node: Node, env: dict[str, Fraction]) -> Value:
    """The value of `node` with the variables in `env`; raises Unsupported or ZeroDivisionError."""
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "sym":
        return env[node[1]]
    if kind == "const":
        return _constant(node[1])
    if kind == "neg":
        return -evaluate(node[1], env)
    if kind in _BINARY:
        return _BINARY[kind](evaluate(node[1], env), evaluate(node[2], env))
    if kind == "root":
        return _root(evaluate(node[1], env), evaluate(node[2], env))
    if kind == "abs":
        return abs(_finite(evaluate(node[1], env)))
    if kind == "fact":
        return Fraction(math.factorial(_small_int(evaluate(node[1], env))))
    if kind == "binom":
        n, k = (_small_int(evaluate(node[i], env)) for i in (1, 2))
        return Fraction(math.comb(n, k))
    if kind == "call":
        return _call(node[1], evaluate(node[2], env))
    if kind == "log":
        base = evaluate(node[1], env)
        return _call("ln", evaluate(node[2], env)) / _call("ln", base)
    raise Unsupported(kind)


def _constant(name: str) -> Value:
    mp = _mp()
    if name == "pi":
        return mp.pi
    if name == "e":
        return mp.e
    if name == "i":
        return mp.mpc(0, 1)
    return mp.inf


def _finite(v: Value) -> Value:
    """Infinity may be an answer (an interval's end) but takes part in no arithmetic:
    `\\infty + 1` and `\\frac{1}{\\infty}` are not values we vouch for."""
    if not isinstance(v, Fraction) and _mp().isinf(v):
        raise Unsupported("arithmetic on infinity")
    return v


def _both(a: Value, b: Value) -> tuple[Value, Value]:
    """Fractions stay exact together; mixed with an approximate value, both become mpmath."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a, b
    return _to_mp(_finite(a)), _to_mp(_finite(b))


def _add(a: Value, b: Value) -> Value:
    a, b = _both(a, b)
    total = a + b
    if not isinstance(total, Fraction) and abs(total) <= _tiny() * max(abs(a), abs(b)):
        # sqrt(10^100 + 1) - 10^50 is 0 at 60 digits: digits were lost, the value is noise.
        raise Unsupported("cancellation")
    return _checked(total)


def _mul(a: Value, b: Value) -> Value:
    a, b = _both(a, b)
    return _checked(a * b)


def _div(a: Value, b: Value) -> Value:
    if b == 0:
        raise ZeroDivisionError
    a, b = _both(a, b)
    return _checked(a / b)


def _checked(v: Value) -> Value:
    if isinstance(v, Fraction):
        if v.numerator.bit_length() > MAX_BITS or v.denominator.bit_length() > MAX_BITS:
            raise Unsupported("number too large")
        return v
    mp = _mp()
    if mp.isnan(v):
        raise Unsupported("undefined")
    if not mp.isinf(v) and v != 0 and abs(mp.log10(abs(v))) > MAX_MAGNITUDE:
        raise Unsupported("number too large")
    return v


def _power(base: Value, exp: Value) -> Value:
    base, exp = _finite(base), _finite(exp)
    if isinstance(base, Fraction) and isinstance(exp, Fraction):
        exact = _exact_power(base, exp)
        if exact is not None:
            return exact
    mp = _mp()
    if abs(exp) > MAX_EXPONENT:
        raise Unsupported("exponent too large")  # (-1)^(10^1000+1) rounds to an even power
    if base == 0:
        if mp.re(_to_mp(exp)) <= 0:
            raise ZeroDivisionError
        return Fraction(0)
    return _checked(mp.power(_to_mp(base), _to_mp(exp)))


def _root(base: Value, degree: Value) -> Value:
    """`\\sqrt[3]{-27}` is -3, as in MATH, not the principal complex root."""
    base, degree = _finite(base), _finite(degree)
    odd = isinstance(degree, Fraction) and degree.denominator == 1 and degree.numerator % 2
    if odd and isinstance(base, Fraction) and base < 0:
        return -_power(-base, 1 / degree)
    return _power(base, 1 / degree)


def _exact_power(base: Fraction, exp: Fraction) -> Fraction | None:
    """base^exp when it is rational: integer exponents, and roots of perfect powers."""
    if base == 0:
        if exp <= 0:
            raise ZeroDivisionError
        return Fraction(0)
    if abs(base) == 1 and exp.denominator == 1:
        return base if exp.numerator % 2 else Fraction(1)  # any size of exponent, exactly
    if exp.denominator > 64 or abs(exp.numerator) > MAX_EXPONENT:
        return None
    size = max(base.numerator.bit_length(), base.denominator.bit_length())
    if size * abs(exp.numerator) > MAX_BITS:
        raise Unsupported("number too large")
    if exp.denominator == 1:
        return _checked(base ** exp.numerator)
    if base < 0:
        return None  # odd roots of negatives are branch choices: leave them to mpmath
    q = exp.denominator
    num, den = _int_root(base.numerator, q), _int_root(base.denominator, q)
    if num is None or den is None:
        return None
    return _checked(Fraction(num, den) ** exp.numerator)


def _int_root(n: int, q: int) -> int | None:
    r = round(n ** (1 / q)) if n.bit_length() < 1000 else None
    if r is None:
        return None
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**q == n:
            return c
    return None


def _small_int(v: Value) -> int:
    if not isinstance(v, Fraction) or v.denominator != 1 or not 0 <= v <= MAX_FACTORIAL:
        raise Unsupported("factorial of a non-integer or a large number")
    return int(v)


def _to_mp(v: Value) -> Any:
    mp = _mp()
    if isinstance(v, Fraction):
        return mp.mpf(v.numerator) / v.denominator
    return v


_FUNCTIONS: dict[str, Callable[[Any, Any], Any]] = {
    "sin": lambda mp, x: mp.sin(x), "cos": lambda mp, x: mp.cos(x),
    "tan": lambda mp, x: mp.tan(x), "sec": lambda mp, x: mp.sec(x),
    "csc": lambda mp, x: mp.csc(x), "cot": lambda mp, x: mp.cot(x),
    "arcsin": lambda mp, x: mp.asin(x), "arccos": lambda mp, x: mp.acos(x),
    "arctan": lambda mp, x: mp.atan(x), "sinh": lambda mp, x: mp.sinh(x),
    "cosh": lambda mp, x: mp.cosh(x), "tanh": lambda mp, x: mp.tanh(x),
    "exp": lambda mp, x: mp.exp(x), "ln": lambda mp, x: mp.log(x),
    "log": lambda mp, x: mp.log(x),  # natural, as sympy and math-verify read \log
}


_PERIODIC = frozenset({"sin", "cos", "tan", "sec", "csc", "cot"})


def _call(name: str, x: Value) -> Value:
    mp = _mp()
    x = _finite(x)
    if abs(x) > MAX_ARGUMENT:
        raise Unsupported("argument too large")  # sin(e^(2*10^6)) needs 10^6 digits of pi
    if name in ("ln", "log") and x == 0:
        raise ZeroDivisionError
    y = _FUNCTIONS[name](mp, _to_mp(x))
    if name in _PERIODIC and abs(y) < _tiny() * max(1, abs(_to_mp(x))):
        raise Unsupported("a zero of a periodic function")  # sin(pi) is 1e-61 here, not 0
    return _checked(y)


_BINARY: dict[str, Callable[[Value, Value], Value]] = {
    "add": _add, "mul": _mul, "div": _div, "pow": _power,
}


def same_value(a: Value, b: Value) -> bool:
    """Exact for rationals; otherwise agreement to AGREE significant digits."""
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == b
    mp = _mp()
    x, y = _to_mp(a), _to_mp(b)
    if mp.isinf(x) or mp.isinf(y):
        return bool(x == y)
    same = bool(abs(x - y) <= max(abs(x), abs(y)) * _tolerance())
    exact = a if isinstance(a, Fraction) else b if isinstance(b, Fraction) else None
    if same and exact is not None and exact.denominator > LARGE_DENOMINATOR:
        # 1.41421356237309504880168872420969807856967 "equals" sqrt(2) to 40 digits: an
        # irrational value is never a decimal; the symbolic tier may still say otherwise.
        raise Unsupported("a long decimal against an approximate value")
    return same


@functools.cache
def _tiny() -> Any:
    return _mp().mpf(10) ** -CANCELLATION


@functools.cache
def _tolerance() -> Any:
    return _mp().mpf(10) ** -AGREE


def symbols(node: Node, into: set[str] | None = None) -> set[str]:
    out = set() if into is None else into
    if node[0] == "sym":
        out.add(node[1])
    else:
        for child in node[1:]:
            if isinstance(child, tuple):
                symbols(child, out)
    return out


def equal(a: Node, b: Node, scale_b: Fraction = Fraction(1)) -> bool:
    """Whether a and b (times scale_b) agree at every test point; Unsupported when undecidable."""
    names = sorted(symbols(a) | symbols(b))
    if len(names) > 6:
        raise Unsupported("too many variables")
    points = 1 if not names else 3
    tried = 0
    for k in range(len(_POINTS)):
        env = {n: _POINTS[(k + 3 * j) % len(_POINTS)] for j, n in enumerate(names)}
        try:
            va, vb = evaluate(a, env), evaluate(b, env)
        except ZeroDivisionError:
            if not names:
                raise Unsupported("undefined") from None
            continue  # a pole at this point; try the next one
        if not same_value(va, vb * scale_b if scale_b != 1 else vb):
            return False
        tried += 1
        if tried == points:
            return True
    raise Unsupported("no point where both are defined")
