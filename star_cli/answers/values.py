"""Values of expression trees from `latex.py`, and equality of two trees.

Rational arithmetic stays exact (Fraction) and never touches mpmath. Anything irrational
(roots that are not perfect powers, pi, e, i, trig, logs) is computed with mpmath, and equal
values are told from approximations without any fixed digit tolerance:

- the working precision is derived from the expressions: every exact number that meets an
  approximate one, and every gap in size between two terms of a sum, must be resolved twice
  over with `MARGIN` digits to spare, or the evaluation is restarted at a precision that does
  (so `\\pi + 10^{-45}` is computed to 130 digits, `\\pi + 10^{-200}` to 430);
- two values differ when their difference is far above rounding noise (more than half the
  working digits); a difference near the noise is re-computed at a higher precision, and the
  values are equal only when it shrinks with the precision, as rounding noise does. A real
  difference stays put and is a difference;
- past `MAX_DIGITS`, or when the difference neither shrinks nor stays, `Unsupported` sends
  the pair to the symbolic tier, which is exact too.

Expressions with variables are compared at three fixed points with exact rational
coordinates, which decides polynomial and rational identities (Schwartz-Zippel) without any
simplification.

Every operation is bounded: exponents, factorials, the size of exact numbers and the working
precision are capped, and anything over a cap raises `Unsupported`.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from star_cli.answers.latex import Node, Unsupported

MAX_BITS = 4_000  # an exact number bigger than 2^4000 is not a final answer we can check here
MAX_EXPONENT = 1_000  # of exact powers, and of approximate ones but for positive real bases
MAX_MAGNITUDE = 10**6  # |log10| of an approximate value
MAX_FACTORIAL = 300
MAX_ARGUMENT = 10**6  # of exp, trig and hyperbolic functions
CANCELLATION = 20  # digits: a sum this much smaller than its terms lost its meaning
LARGE_DENOMINATOR = 10**6  # a rational this fine is a rounded decimal, not an exact value
DIGITS = 60  # the least working precision
MAX_DIGITS = 3_000  # the most: a pair that needs more goes to the symbolic tier
MARGIN = 30  # digits beyond twice the finest detail the working precision must resolve
SLACK = 20  # digits an equal pair may lose to rounding and still be "at the noise"

_BITS_PER_DIGIT = math.log2(10)
_CANCEL_BITS = int(CANCELLATION * _BITS_PER_DIGIT)

# Points at which expressions in variables are compared: awkward rationals, never 0 or 1.
_POINTS = (Fraction(7, 11), Fraction(-13, 17), Fraction(29, 23), Fraction(31, 37),
           Fraction(-41, 19), Fraction(53, 43), Fraction(17, 59), Fraction(-67, 61))

Value = Any  # Fraction, or an mpmath mpf/mpc


class _Finer(Exception):
    """The working precision cannot resolve a detail of `bits` bits: start again finer."""

    def __init__(self, bits: int) -> None:
        super().__init__(bits)
        self.digits = math.ceil(2 * bits / _BITS_PER_DIGIT) + MARGIN


@functools.lru_cache(maxsize=64)
def _context(digits: int) -> Any:
    import mpmath  # deferred: `star --help` should not pay for it

    ctx = mpmath.MPContext()
    ctx.dps = digits
    return ctx


def _rounded_up(digits: int) -> int:
    """Precisions in steps of 20 digits: few distinct contexts to cache."""
    return -(-digits // 20) * 20


class _Evaluator:
    """Evaluation at one working precision. mpmath is imported on the first approximate value:
    a tree of rationals never needs it."""

    def __init__(self, digits: int) -> None:
        self.digits = digits
        self.detail = int((digits - MARGIN) / 2 * _BITS_PER_DIGIT)  # finest detail, in bits
        self._mp: Any = None

    @property
    def mp(self) -> Any:
        if self._mp is None:
            self._mp = _context(self.digits)
        return self._mp

    def value(self, node: Node, env: dict[str, Fraction]) -> Value:
        """The value of `node`; raises Unsupported, ZeroDivisionError or _Finer."""
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "sym":
            return env[node[1]]
        if kind == "const":
            return self.constant(node[1])
        if kind == "neg":
            return -self.value(node[1], env)
        if kind == "add":
            return self.add(self.value(node[1], env), self.value(node[2], env))
        if kind == "mul":
            return self.mul(self.value(node[1], env), self.value(node[2], env))
        if kind == "div":
            return self.div(self.value(node[1], env), self.value(node[2], env))
        if kind == "pow":
            return self.power(self.value(node[1], env), self.value(node[2], env))
        if kind == "root":
            return self.root(self.value(node[1], env), self.value(node[2], env))
        if kind == "abs":
            return abs(self.finite(self.value(node[1], env)))
        if kind == "fact":
            return Fraction(math.factorial(_small_int(self.value(node[1], env))))
        if kind == "binom":
            n, k = (_small_int(self.value(node[i], env)) for i in (1, 2))
            return Fraction(math.comb(n, k))
        if kind == "call":
            return self.call(node[1], self.value(node[2], env))
        if kind == "log":
            base = self.value(node[1], env)
            return self.div(self.call("ln", self.value(node[2], env)), self.call("ln", base))
        raise Unsupported(kind)

    def constant(self, name: str) -> Value:
        mp = self.mp
        if name == "pi":
            return +mp.pi
        if name == "e":
            return +mp.e
        if name == "i":
            return mp.mpc(0, 1)
        return mp.inf

    def finite(self, v: Value) -> Value:
        """Infinity may be an answer (an interval's end) but takes part in no arithmetic:
        `\\infty + 1` and `\\frac{1}{\\infty}` are not values we vouch for."""
        if not isinstance(v, Fraction) and self.mp.isinf(v):
            raise Unsupported("arithmetic on infinity")
        return v

    def approx(self, v: Value) -> Any:
        """v as an mpmath number. An exact number finer than the precision resolves (1 +
        10^{-70} at 60 digits) asks for a finer one: its last digits may be all that tells it
        from another value."""
        if isinstance(v, Fraction):
            size = max(v.numerator.bit_length(), v.denominator.bit_length())
            if size > self.detail:
                raise _Finer(size)
            return self.mp.mpf(v.numerator) / v.denominator
        return v

    def both(self, a: Value, b: Value) -> tuple[Value, Value]:
        """Fractions stay exact together; mixed with an approximate value, both become mpmath."""
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            return a, b
        return self.approx(self.finite(a)), self.approx(self.finite(b))

    def add(self, a: Value, b: Value) -> Value:
        a, b = self.both(a, b)
        total = a + b
        if isinstance(total, Fraction) or a == 0 or b == 0:
            return self.checked(total)
        mag = self.mp.mag
        big, small = sorted((mag(a), mag(b)), reverse=True)
        if big - small > self.detail:
            raise _Finer(big - small)  # pi + 10^{-45}: the small term must still show
        if total == 0 or mag(total) < big - _CANCEL_BITS:
            # sqrt(10^100 + 1) - 10^50 is 0 at 60 digits: digits were lost, the value is noise.
            raise Unsupported("cancellation")
        return self.checked(total)

    def mul(self, a: Value, b: Value) -> Value:
        a, b = self.both(a, b)
        return self.checked(a * b)

    def div(self, a: Value, b: Value) -> Value:
        if b == 0:
            raise ZeroDivisionError
        a, b = self.both(a, b)
        return self.checked(a / b)

    def checked(self, v: Value) -> Value:
        if isinstance(v, Fraction):
            if v.numerator.bit_length() > MAX_BITS or v.denominator.bit_length() > MAX_BITS:
                raise Unsupported("number too large")
            return v
        mp = self.mp
        if mp.isnan(v):
            raise Unsupported("undefined")
        if not mp.isinf(v) and v != 0 and abs(mp.mag(v)) > MAX_MAGNITUDE * _BITS_PER_DIGIT:
            raise Unsupported("number too large")
        return v

    def power(self, base: Value, exp: Value) -> Value:
        base, exp = self.finite(base), self.finite(exp)
        if isinstance(base, Fraction) and isinstance(exp, Fraction):
            exact = _exact_power(base, exp)
            if exact is not None:
                return exact
            if base < 0 and exp.denominator % 2:  # `(-8)^{1/3}` is -2, as `\sqrt[3]{-8}` is
                magnitude = self.power(-base, exp)
                return -magnitude if exp.numerator % 2 else magnitude
        mp = self.mp
        if base == 0:
            if mp.re(self.approx(exp)) <= 0:
                raise ZeroDivisionError
            return Fraction(0)
        if abs(exp) > MAX_EXPONENT:
            # (-1)^(10^1000+1) would round to an even power; a positive real base is safe,
            # as long as the precision resolves the exponent (`approx` sees to that).
            if not (_positive(base) and _real(exp)):
                raise Unsupported("exponent too large")
            log = self.approx(exp) * mp.log(self.approx(base))
            if abs(log) > MAX_MAGNITUDE * mp.ln10:
                raise Unsupported("number too large")  # known before computing it
            return self.checked(mp.exp(log))  # far faster than power() for 10^{1400}
        return self.checked(mp.power(self.approx(base), self.resolved(exp)))

    def resolved(self, x: Value) -> Any:
        """x as an mpmath number that the precision resolves next to 1: exp(x), cos(x), 2^x
        lose a tiny x (e^{-1000}) as a sum would, so a tiny x asks for a finer precision."""
        ax = self.approx(x)
        if ax != 0 and -self.mp.mag(ax) > self.detail:
            raise _Finer(-self.mp.mag(ax))
        return ax

    def root(self, base: Value, degree: Value) -> Value:
        """`\\sqrt[3]{-27}` is -3, as in MATH, not the principal complex root."""
        base, degree = self.finite(base), self.finite(degree)
        if degree == 0:
            raise ZeroDivisionError
        odd = isinstance(degree, Fraction) and degree.denominator == 1 and degree.numerator % 2
        inverse = 1 / degree if isinstance(degree, Fraction) else self.div(Fraction(1), degree)
        if odd and isinstance(base, Fraction) and base < 0:
            return -self.power(-base, inverse)
        return self.power(base, inverse)

    def call(self, name: str, x: Value) -> Value:
        mp = self.mp
        x = self.finite(x)
        if abs(x) > MAX_ARGUMENT:
            raise Unsupported("argument too large")  # sin(e^(2*10^6)) needs 10^6 digits of pi
        if name in ("ln", "log") and x == 0:
            raise ZeroDivisionError
        ax = self.resolved(x)
        if name == "tanh" and mp.re(ax) and 3 * abs(mp.re(ax)) > self.detail:
            raise _Finer(int(3 * abs(mp.re(ax))))  # tanh(100) is 1 - 2e^{-200}: not 1
        y = _FUNCTIONS[name](mp, ax)
        if name in _PERIODIC and (y == 0 or mp.mag(y) < max(0, mp.mag(ax)) - _CANCEL_BITS):
            raise Unsupported("a zero of a periodic function")  # sin(pi) is 1e-61 here, not 0
        return self.checked(y)

    def difference(self, a: Value, b: Value) -> Any:
        """|a - b| relative to the larger of the two (0 when both are 0)."""
        x, y = self.approx(a), self.approx(b)
        scale = max(abs(x), abs(y))
        return abs(x - y) / scale if scale else self.mp.zero

    def noise(self, digits: int) -> Any:
        return self.mp.mpf(10) ** -digits


def _real(v: Value) -> bool:
    return isinstance(v, Fraction) or v.imag == 0


def _positive(v: Value) -> bool:
    return v > 0 if isinstance(v, Fraction) else v.imag == 0 and v.real > 0


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
        return _checked_fraction(base ** exp.numerator)
    if base < 0:
        return None  # odd roots of negatives are branch choices: leave them to mpmath
    q = exp.denominator
    num, den = _int_root(base.numerator, q), _int_root(base.denominator, q)
    if num is None or den is None:
        return None
    return _checked_fraction(Fraction(num, den) ** exp.numerator)


def _checked_fraction(v: Fraction) -> Fraction:
    if v.numerator.bit_length() > MAX_BITS or v.denominator.bit_length() > MAX_BITS:
        raise Unsupported("number too large")
    return v


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


def evaluate(node: Node, env: dict[str, Fraction], digits: int = DIGITS) -> Value:
    """The value of `node` with the variables in `env` at `digits` digits (or finer, as the
    expression needs); raises Unsupported or ZeroDivisionError."""
    return _finest(lambda ev: ev.value(node, env), digits)


def _finest(task: Callable[[_Evaluator], Any], digits: int = DIGITS) -> Any:
    """`task` at the least precision, from `digits` up, that resolves every detail it meets."""
    for _ in range(8):
        try:
            return task(_Evaluator(digits))
        except _Finer as finer:
            digits = _rounded_up(max(finer.digits, digits + 20))
            if digits > MAX_DIGITS:
                raise Unsupported("needs more precision than we allow") from None
    raise Unsupported("precision does not settle")


def _finer(digits: int) -> int:
    """The precision of the re-check: half as many digits again, and at least 40 more."""
    return _rounded_up(digits + max(40, digits // 2))


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
    if scale_b != 1:
        b = ("mul", b, ("num", scale_b))
    return _finest(lambda ev: _equal_at(ev, a, b, names))


def _equal_at(ev: _Evaluator, a: Node, b: Node, names: list[str]) -> bool:
    points = 1 if not names else 3
    tried = 0
    for k in range(len(_POINTS)):
        env = {n: _POINTS[(k + 3 * j) % len(_POINTS)] for j, n in enumerate(names)}
        try:
            va, vb = ev.value(a, env), ev.value(b, env)
        except ZeroDivisionError:
            if not names:
                raise Unsupported("undefined") from None
            continue  # a pole at this point; try the next one
        if not _same(ev, va, vb, a, b, env):
            return False
        tried += 1
        if tried == points:
            return True
    raise Unsupported("no point where both are defined")


def _same(ev: _Evaluator, va: Value, vb: Value, a: Node, b: Node, env: dict) -> bool:
    """Whether two values at one point are equal: exactly for rationals; otherwise by a
    difference that is far from the noise (False), or that shrinks with the precision
    (True)."""
    if isinstance(va, Fraction) and isinstance(vb, Fraction):
        return va == vb
    mp = ev.mp
    x, y = ev.approx(va), ev.approx(vb)
    if mp.isinf(x) or mp.isinf(y):
        return bool(x == y)
    coarse = ev.difference(x, y)
    if coarse > ev.noise(ev.digits // 2):
        return False  # far above anything rounding can do at this precision
    fine = _Evaluator(_finer(ev.digits))
    if fine.digits > MAX_DIGITS:
        raise Unsupported("needs more precision than we allow")
    try:
        wa, wb = fine.value(a, env), fine.value(b, env)
    except ZeroDivisionError:
        raise Unsupported("undefined") from None
    if isinstance(wa, Fraction) and isinstance(wb, Fraction):
        return wa == wb
    diff = fine.difference(wa, wb)
    shrink = fine.noise((fine.digits - ev.digits) // 2)
    if diff <= fine.noise(fine.digits - SLACK) or diff <= fine.mp.mpf(coarse) * shrink:
        exact = va if isinstance(va, Fraction) else vb if isinstance(vb, Fraction) else None
        if exact is not None and exact.denominator > LARGE_DENOMINATOR:
            # A rational this fine against an approximate value: a decimal expansion of an
            # irrational, as likely as not; the symbolic tier decides that exactly.
            raise Unsupported("a long decimal against an approximate value")
        return True
    if diff * 10 > fine.mp.mpf(coarse):
        return False  # it stays where it was: a real difference, however small
    raise Unsupported("a difference that neither shrinks nor stays")


# --- rounded decimals -------------------------------------------------------------------


def finite_decimal(v: Fraction) -> bool:
    """Whether v has a finite decimal expansion: its denominator is 2^a 5^b."""
    d = v.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    return d == 1


def rounds_to(gold: Fraction, places: int, node: Node) -> bool:
    """Whether the exact value of `node` (no variables) rounds to `gold` at `places` decimal
    places, where that value is not itself a finite decimal: 1/3 and pi may be rounded to a
    decimal gold, 0.5 + 10^{-9} is a decimal and is compared exactly (and is not 0.5).

    Rounding never hits a tie: a tie is a finite decimal. Unsupported when the value is
    complex, or too close to the rounding boundary or to a decimal to tell."""
    if symbols(node):
        return False
    half = Fraction(1, 2 * 10**places)

    def task(ev: _Evaluator) -> bool:
        try:
            v = ev.value(node, {})
        except ZeroDivisionError:
            raise Unsupported("undefined") from None
        if isinstance(v, Fraction):
            return not finite_decimal(v) and abs(v - gold) < half
        mp = ev.mp
        if not _real(v) or mp.isinf(v):
            raise Unsupported("not a real number")
        v = mp.re(v)
        # A finite decimal computed approximately (\sqrt2\cdot\sqrt2 / 4 + 10^{-9}): v 10^m is
        # an integer, up to the noise, for an m as large as the precision allows.
        m = ev.digits - 2 * SLACK - max(0, int(mp.log10(abs(v))) + 1 if v else 0)
        if m <= places:
            raise Unsupported("too large a value to tell a decimal")
        scaled = v * mp.mpf(10) ** m
        if abs(scaled - mp.nint(scaled)) <= ev.noise(SLACK):
            return False
        distance = abs(v - ev.approx(gold)) - ev.approx(half)
        if abs(distance) <= ev.noise(ev.digits - SLACK) * max(1, abs(v)):
            raise Unsupported("on the rounding boundary")
        return bool(distance < 0)

    return _finest(task, _rounded_up(DIGITS + 2 * SLACK + places))
