"""How far a polynomial is factored: the number of factors a product is written with.

"Factor $x^4-1$ completely" has the gold `(x-1)(x+1)(x^2+1)`; `(x^2-1)(x^2+1)` is the same
polynomial but not the answer asked for, nor is `(x-1)(x+1)(x-i)(x+i)` over the reals, nor
`x^4-1` itself. Equal values cannot tell these apart; the count of factors can: a product of
the same factors in any order, with powers counted as repeats (`(x+1)^2` is two), has the
gold's count. Constant coefficients (`2(x+1)`, `-(x-1)`) are no factors.
"""

from __future__ import annotations

import re

# The question asks for a factorisation: "Factor ...", "factorise", "factored form",
# "completely factor" (not "the greatest common factor": a noun after an adjective).
_ASKS_TO_FACTOR = re.compile(r"(?:^|[.:;!?]\s+|\b(?:completely|fully)\s+)factori?[sz]?e?\b"
                             r"|\bfactored\s+form\b|\bfactori[sz](?:e|ation)\b", re.IGNORECASE)
_SPACING = re.compile(
    r"\\left\b|\\right\b|\\(?:display|text)style\b|\\[,;:! ]|\\cdot|\\times|\s|\*")
_POWER = re.compile(r"\^(?:(\d)|\{(\d{1,2})\})")
_COEFFICIENT = re.compile(r"[-+]?\d*")
_VARIABLE = re.compile(r"[a-z]")


def asks_to_factor(question: str | None) -> bool:
    return question is not None and "actor" in question and _ASKS_TO_FACTOR.search(
        question) is not None


def factor_count(tex: str) -> int | None:
    """The number of non-constant factors of a product written as `(..)(..)^2 x`, or None
    when `tex` is no such product (a sum at its top level, a fraction, anything else)."""
    s = _SPACING.sub("", tex.strip().strip("$").rstrip(".").strip("$")).replace(
        "[", "(").replace("]", ")")  # ("(x-1)(x+1).", "[(x-1)(x+1)](x^2+1)")
    at = _COEFFICIENT.match(s).end()  # a constant coefficient, a sign
    count = 0
    while at < len(s):
        if s[at] == "(":
            end = _closing(s, at)
            if end is None:
                return None
            inner = factor_count(s[at + 1 : end])  # "[(x-1)(x+1)]" holds two
            at, factors = end + 1, inner if inner is not None and inner > 1 else 1
        elif _VARIABLE.match(s, at):
            at, factors = at + 1, 1
        else:
            return None  # `+` at the top level, `\frac`, a bracket of another kind
        power = _POWER.match(s, at)
        count += factors * (int(power.group(1) or power.group(2)) if power else 1)
        at = power.end() if power else at
    return count or None


def _closing(s: str, at: int) -> int | None:
    """The index of the bracket closing the one at `at`, or None."""
    depth = 0
    for k in range(at, len(s)):
        depth += {"(": 1, ")": -1}.get(s[k], 0)
        if depth == 0:
            return k
    return None


__all__ = ["asks_to_factor", "factor_count"]
