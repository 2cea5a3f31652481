"""Compare two answer structures from `latex.py` without sympy.

`same_answer` answers True or False when it can decide, and raises `Unsupported` when the
pair needs the symbolic tier. The rules follow what graders expect of MATH-style answers:
tuples and intervals are ordered and their brackets must match; sets and comma-separated
answer lists are unordered and every answer must match; `x = 3` matches `3`; `10\\%` matches
both `10` and `0.1`, as math-verify has it.

Exactness (docs/checking.md, "Exactness"): values compare exactly (`values.py`), with one
tolerance, for a gold written as a decimal: an exact answer that is not itself a decimal
(`\\pi`, `\\frac13`) matches a gold of d decimal places when it rounds to it there. An
equation between constants is a statement, not a value: `2 + 3 = 5` is 5, `6 = 5` and
`x = 6 = 5` match nothing.
"""

from __future__ import annotations

from fractions import Fraction

from star_cli.answers.latex import (
    Answer,
    Approx,
    Bracketed,
    Chain,
    Equation,
    Expr,
    Matrix,
    Node,
    Several,
    Text,
    Union,
    Unsupported,
)
from star_cli.answers.values import equal, evaluate, finite_decimal, rounds_to, symbols

_HUNDREDTH: Node = ("num", Fraction(1, 100))


def same_answer(gold: Answer, pred: Answer) -> bool:
    if isinstance(gold, Several) and len(gold.items) == 1:
        return same_answer(gold.items[0], pred)
    if isinstance(pred, Several) and len(pred.items) == 1:
        return same_answer(gold, pred.items[0])
    if isinstance(pred, Approx):
        # `\\sqrt{2} \\approx 1.41` states 1.41 when the rounding is true; a false one
        # (`\\sqrt{3} \\approx 1.41`) states nothing, as `6 = 5` does not.
        if not _rounds(pred.exact, pred.value):
            return False
        pred = Expr(pred.value) if pred.label is None else Equation(pred.label, pred.value)
    if isinstance(gold, Approx):
        raise Unsupported("an approximation as the gold")
    if isinstance(gold, Chain):
        raise Unsupported("a chain of equations as the gold")
    if isinstance(pred, Chain | Equation):
        stated = _statement(pred)
        if stated is None:
            return False  # `6 = 5`, `x = 6 = 5`: a false statement is no answer
        pred = stated
    if isinstance(gold, Equation) or isinstance(pred, Equation):
        return _equations(gold, pred)
    if isinstance(gold, Text) or isinstance(pred, Text):
        if isinstance(gold, Text) and isinstance(pred, Text) and gold.key == pred.key:
            return True
        raise Unsupported("prose")  # `abc` may be a product, `f(x)` a function: ask sympy
    if isinstance(gold, Bracketed) and isinstance(pred, Several) and _tuple(gold):
        # `(3, 4)` answered `3, 4` or `a = 3, b = 4`: the items in the order written.
        items = _values(pred.items)
        return len(items) == len(gold.items) and all(
            same_answer(g, p) for g, p in zip(gold.items, items, strict=True))
    if isinstance(gold, Several) and isinstance(pred, Bracketed) and _tuple(pred):
        # the list `1, 2` answered `(1, 2)`: the same items, in any order, as for a list
        return _unordered(gold.items, pred.items)
    if isinstance(gold, Union) and isinstance(pred, Several) and _intervals(pred.items):
        # `x < -1 or x > 2` (a list of intervals, once its `or` joins) is the union
        return _unordered(gold.parts, pred.items)
    if isinstance(gold, Several) and isinstance(pred, Union) and _intervals(gold.items):
        return _unordered(gold.items, pred.parts)
    if type(gold) is not type(pred):
        if isinstance(gold, Matrix | Bracketed) and isinstance(pred, Matrix | Bracketed):
            vector = _as_vector(gold, pred)
            if vector is None:
                raise Unsupported("matrix against vector")
            return vector  # a column vector against the tuple of its entries, in order
        return False
    if isinstance(gold, Expr):
        return _expressions(gold, pred)  # type: ignore[arg-type]
    if isinstance(gold, Bracketed):
        return _bracketed(gold, pred)  # type: ignore[arg-type]
    if isinstance(gold, Several):
        return _unordered(gold.items, pred.items)  # type: ignore[union-attr]
    if isinstance(gold, Union):
        return _unordered(gold.parts, pred.parts)  # type: ignore[union-attr]
    return _matrices(gold, pred)  # type: ignore[arg-type]


_VECTOR_BRACKETS = frozenset({("(", ")"), ("\\langle", "\\rangle")})


def _as_vector(gold: Matrix | Bracketed, pred: Matrix | Bracketed) -> bool | None:
    """A one-column (or one-row) matrix against a parenthesised or angled tuple
    (`\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}` and `(1, 2)` or `\\langle 1, 2 \\rangle`): the
    same entries in the same order. None when the two are no such pair."""
    matrix, pair = (gold, pred) if isinstance(gold, Matrix) else (pred, gold)
    if not isinstance(matrix, Matrix) or not isinstance(pair, Bracketed) or (
            pair.open, pair.close) not in _VECTOR_BRACKETS or not all(
            isinstance(i, Expr) for i in pair.items):
        return None
    rows = matrix.rows
    entries = [r[0] for r in rows] if all(len(r) == 1 for r in rows) else (
        list(rows[0]) if len(rows) == 1 else None)
    if entries is None or len(entries) != len(pair.items):
        return None
    return all(equal(e, i.node)  # type: ignore[union-attr]
               for e, i in zip(entries, pair.items, strict=True))


def _expressions(gold: Expr, pred: Expr) -> bool:
    if equal(gold.node, pred.node):
        return True
    if gold.percent and pred.percent:
        return False  # 10% against 1000%: a percent is only ever the same percent
    if pred.percent:  # "10%" for a gold of 0.1
        return equal(gold.node, ("mul", pred.node, _HUNDREDTH))
    if gold.percent:
        return equal(("mul", gold.node, _HUNDREDTH), pred.node)
    rounded = rounded_decimal(gold)
    if rounded is not None and not _has_decimal(pred.node):
        return rounds_to(*rounded, pred.node)  # pi for 3.14, \frac13 for 0.33
    return False


def true_rounding(approx: Approx) -> bool:
    """Whether `approx`'s decimal is its exact value rounded (`2\\sqrt{3} \\approx 3.46`)."""
    try:
        return _rounds(approx.exact, approx.value)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return False


def _rounds(exact: Node, value: Node) -> bool:
    """Whether `exact` rounds to the decimal `value` at its places: a finite decimal by
    plain rounding, a tie either way (1.414 and 1.415 to 1.41), any other value as
    `rounds_to` has it (\\sqrt2 to 1.41)."""
    decimal = rounded_decimal(Expr(value))
    if decimal is None:
        raise Unsupported("an approximation to no decimal")
    target, places = decimal
    v = evaluate(exact, {})
    if isinstance(v, Fraction) and finite_decimal(v):
        return abs(v - target) <= Fraction(1, 2 * 10**places)
    return rounds_to(target, places, exact)


def rounded_decimal(gold: Answer) -> tuple[Fraction, int] | None:
    """(value, places) when `gold` is one number written as a decimal (`3.14`, `-0.5`), which
    may stand for any value that rounds to it; None otherwise."""
    if not isinstance(gold, Expr) or gold.percent:
        return None
    node, sign = gold.node, 1
    if node[0] == "neg":
        node, sign = node[1], -1
    if node[0] == "num" and len(node) == 3 and node[2] > 0:
        return sign * node[1], node[2]
    return None


def _has_decimal(node: Node) -> bool:
    """Whether a number in `node` is written as a decimal: such an answer is compared exactly,
    never rounded (0.333 is not 1/3 for a gold of 0.33: the model did not round as asked)."""
    if node[0] == "num":
        return len(node) == 3
    return any(isinstance(c, tuple) and _has_decimal(c) for c in node[1:])


def _statement(eq: Equation | Chain) -> Answer | None:
    """What an equation commits to, as an answer: itself when a side is in variables (`x = 3`,
    `y = 2x + 3`); for sides that are all constant, after an optional lone variable on the
    left, their common value (`2 + 3 = 5` is 5, `x = 2 + 3 = 5` is `x = 5`), or None when
    they differ (`6 = 5`, `x = 6 = 5`: a false statement). A labelled chain through a formula
    in other variables to a constant (`c = \\sqrt{a^2 + b^2} = 5`) states `c = 5`."""
    sides = (eq.lhs, eq.rhs) if isinstance(eq, Equation) else eq.sides
    label = sides[0] if _is_symbol(sides[0]) else None
    values = sides[1:] if label is not None else sides
    if any(symbols(side) for side in values):
        if isinstance(eq, Equation):
            return eq
        if label is not None and not symbols(values[-1]):
            # `c = \sqrt{a^2 + b^2} = 5`: a formula worked out to a constant; the formula
            # is the derivation, the labelled value what it states.
            return Equation(label, values[-1])
        raise Unsupported("a chain of equations in variables")
    if len(values) == 1:
        return eq  # `x = 5`
    if not all(equal(values[0], side) for side in values[1:]):
        return None
    return Equation(label, values[-1]) if label is not None else Expr(values[-1])


def _equations(gold: Answer, pred: Answer) -> bool:
    """`x = 3` against `3` compares the right-hand side; two equations compare side by side."""
    if isinstance(gold, Equation) and isinstance(pred, Equation):
        if equal(gold.lhs, pred.lhs) and equal(gold.rhs, pred.rhs):
            return True
        if equal(gold.lhs, pred.rhs) and equal(gold.rhs, pred.lhs):
            return True
        if _is_symbol(gold.lhs) and gold.lhs == pred.lhs:
            return False  # y = 2x + 3 against y = 2x + 4
        raise Unsupported("equations in different forms")
    if isinstance(gold, Equation):
        if not _is_symbol(gold.lhs) or not isinstance(pred, Expr):
            raise Unsupported("equation against a value")
        return _expressions(Expr(gold.rhs), pred)
    assert isinstance(pred, Equation)
    if not isinstance(gold, Expr):
        return False
    for side, other in ((pred.lhs, pred.rhs), (pred.rhs, pred.lhs)):
        if _is_symbol(side):
            return _expressions(gold, Expr(other))
    raise Unsupported("equation against a value")


def _is_symbol(node: Node) -> bool:
    return node[0] == "sym"


def _bracketed(gold: Bracketed, pred: Bracketed) -> bool:
    if (gold.open, gold.close) != (pred.open, pred.close) or len(gold.items) != len(pred.items):
        return False
    return all(same_answer(g, p) for g, p in zip(gold.items, pred.items, strict=True))


def _unordered(gold: tuple[Answer, ...], pred: tuple[Answer, ...]) -> bool:
    """Every gold answer matches a distinct predicted one, and nothing is left over.

    `x = 2, x = -3` is the list `2, -3`; but `x = 2, y = 3` is an assignment, which a bare
    `3, 2` does not match by being a permutation of it."""
    if len(gold) != len(pred):
        return False
    gold, pred = _unlabelled(gold), _unlabelled(pred)
    labelled = [isinstance(a, Equation) for a in gold + pred]
    if any(labelled) and not all(labelled):
        raise Unsupported("labelled and unlabelled answers")
    left = list(pred)
    for g in gold:
        for k, p in enumerate(left):
            if same_answer(g, p):
                del left[k]
                break
        else:
            return False
    return True


def _tuple(answer: Bracketed) -> bool:
    """`(a, b)` or `\\langle a, b \\rangle`: what may be written without its brackets."""
    return (answer.open, answer.close) in (("(", ")"), ("\\langle", "\\rangle"))


def _intervals(items: tuple[Answer, ...]) -> bool:
    """Two or more intervals (an inequality is read as one): the parts of a union."""
    return len(items) > 1 and all(isinstance(a, Bracketed) and len(a.items) == 2 for a in items)


def _values(items: tuple[Answer, ...]) -> tuple[Answer, ...]:
    """A list's items, with the labels of an assignment (`a = 3, b = 4`) taken off."""
    if items and all(isinstance(a, Equation) and _is_symbol(a.lhs) for a in items):
        names = [a.lhs[1] for a in items]  # type: ignore[union-attr]
        if all(len(n) == 1 and n.isalpha() for n in names) and len(set(names)) == len(names):
            # `y = 3, x = 2` for `(2, 3)`: single-letter labels in alphabetical order, as an
            # ordered pair names its coordinates (x, y), (a, b, c)
            items = tuple(sorted(items, key=lambda a: a.lhs[1]))  # type: ignore[union-attr]
        return tuple(Expr(a.rhs) for a in items)  # type: ignore[union-attr]
    return items


def _unlabelled(items: tuple[Answer, ...]) -> tuple[Answer, ...]:
    """`x = 2, x = -3` as `2, -3`: equations that all name the same one variable; `x = 2, -3`
    names it once, for all."""
    if items and isinstance(first := items[0], Equation) and _is_symbol(first.lhs) and all(
            isinstance(a, Expr) for a in items[1:]):
        return (Expr(first.rhs), *items[1:])
    if not items or not all(isinstance(a, Equation) and _is_symbol(a.lhs) for a in items):
        return items
    if len({a.lhs for a in items}) != 1:  # type: ignore[union-attr]
        return items
    return tuple(Expr(a.rhs) for a in items)  # type: ignore[union-attr]


def _matrices(gold: Matrix, pred: Matrix) -> bool:
    if len(gold.rows) != len(pred.rows) or len(gold.rows[0]) != len(pred.rows[0]):
        return False
    return all(
        equal(g, p)
        for grow, prow in zip(gold.rows, pred.rows, strict=True)
        for g, p in zip(grow, prow, strict=True)
    )
