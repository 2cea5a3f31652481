"""Answers written as equations: which side, if any, states the value.

`x = 2`, `f(3) = 0`, `\\text{Area} = 12` name the value on their right; `x^2 = 2` and
`2x + 3 = 13` are equations of an unknown, whose solution is not their right side
(`unknown_equation`); a chain that ends by evaluating constants (`\\frac{n(n-3)}{2} =
\\frac{8 \\cdot 5}{2} = 20`) and an identity (`\\frac{(x-3)(x+3)}{x-3} = x + 3`) state their last
side (`stated_side`).
"""

from __future__ import annotations

import re

from star_cli.answers.compare import same_answer
from star_cli.answers.latex import read_answer
from star_cli.answers.numeric import parse_number

_LATIN_RUN = re.compile(r"[A-Za-z]+")


# The left side of an equation that is read as its right side: a variable, possibly with a
# subscript or a prime (`x`, `a_1`, `a_{n}`, `\theta`, `y'`), a function at a point or a
# labelled quantity (`f(3)`, `P(x)`, `f^{-1}(2)`, `(x, y)`), a geometric name (`AB`,
# `\angle ABC`, `m\angle A`, `\overline{AB}`, `|AB|`) or a word (`Area`, `\text{total}`).
_FUNCTIONS = r"(?:sqrt|frac|dfrac|tfrac|sin|cos|tan|cot|sec|csc|log|ln|exp)\b"
_NAME = rf"(?:[A-Za-z]|\\(?!{_FUNCTIONS})[A-Za-z]+)"
_SUB = r"(?:_\s*(?:\{[^{}]{1,20}\}|\w))?(?:\^\s*\{?\s*-\s*1\s*\}?)?'*"
_LABEL = re.compile(
    rf"\s*(?:{_NAME}{_SUB}(?:\s*\((?:[^()=]|\([^()=]{{0,20}}\)){{0,40}}\))?"  # f(3), f(g(-2))
    rf"|\(\s*{_NAME}{_SUB}(?:\s*,\s*{_NAME}{_SUB})*\s*\)"
    r"|(?:m\s*)?\\(?:angle|measuredangle|overline|overarc|widehat|triangle|arc)\s*\{?\s*[A-Z]{1,4}"
    r"\s*\}?|\|\s*[A-Z]{2,4}\s*\||[A-Z]{2,4}|(?:[A-Za-z']+\s+){0,8}[A-Za-z]{3,}(?:\s+[A-Za-z']+){0,8}"
    r"|\\(?:text|mathrm|operatorname|textbf)\s*\{[^{}]{1,40}\}(?:\s*\([^()=]{0,40}\))?"
    r"|\\(?:mathbf|vec|boldsymbol|overrightarrow)\s*\{?\s*[A-Za-z]\s*\}?)\s*")  # a vector's name
_COMMAND = re.compile(r"\\(?:text|mathrm|operatorname|textbf)\s*\{[^{}]*\}|\\[A-Za-z]+")
_TIMES_X = re.compile(r"(?<=\d)\s*x\s*(?=\d)")
_LONE_LETTER = re.compile(r"(?<![A-Za-z'])[b-zA-HJ-Z](?![A-Za-z'])")  # not "a" nor "I"
_APPLIED = re.compile(r"\s*([A-Za-z])\s*\(")  # `x(x+1)`: a product, `f(3)`: a function


_BOUND_VARIABLE = re.compile(r"\\(?:sum|prod|int|lim|iint|oint|bigcup|bigcap)(?![A-Za-z])")


def _depths(text: str) -> list[tuple[int, int]]:
    """(index, brace depth) of each `=` in `text`."""
    out, depth = [], 0
    for k, c in enumerate(text):
        if c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif c == "=":
            out.append((k, depth))
    return out


def unknown_equation(answer: str) -> bool:
    """Whether `answer` is one equation whose left side is an expression of an unknown, not
    a name for the value (`x^2 = 2`, `\\sqrt{x} = 2`, `2x = 4`, `a + b = 5`): its solution is
    not its right side, so it is not read as that side. `x = 2`, `a_1 = 2`, `f(3) = 0` and a
    side of constants only (`2 + 3 = 5`) are read as before."""
    if "\\le" in answer or "\\ge" in answer or "\\ne" in answer or _BOUND_VARIABLE.search(answer):
        return False  # an inequality; `\sum_{n=1}^{5} n = 15` binds its n
    tops = [k for k, depth in _depths(answer) if depth == 0]
    if len(tops) != 1:  # an `=` inside braces (a subscript) is no equation
        return False
    left = answer[: tops[0]]
    left = left.replace("$", "").replace("\\(", "").replace("\\[", "").strip()
    if not left or len(left) > 120:
        return False
    if _LABEL.fullmatch(left) and not (
            (m := _APPLIED.match(left)) and m.group(1) in left[m.end() :]):
        return False
    bare = _TIMES_X.sub(" * ", _COMMAND.sub(" ", left))  # `6 x 7`: a product of numbers
    tokens = _LATIN_RUN.findall(bare)
    if any(len(t) > 2 for t in tokens):  # prose ("42, because 6 x 7"): only a lone letter
        return _LONE_LETTER.search(bare) is not None
    return bool(tokens)


# A residue's modulus after a congruence's last side: `\\pmod{10}`, `(\\bmod 10)`, `\\mod 10`.
_MODULUS = re.compile(r"\s*(?:\\pmod\s*(?:\{[^{}]{1,20}\}|\w+)|\(\s*\\?b?mod\s*[^()]{1,20}\)"
                      r"|\\b?mod\s*(?:\{[^{}]{1,20}\}|\w+))\s*\Z")


def without_modulus(text: str) -> str:
    """`text` without a closing modulus: `1 \\pmod{5}` states 1 (a residue, said mod 5)."""
    return _MODULUS.sub("", text) if "mod" in text else text


_TEXT = re.compile(r"\\(?:text|mathrm|mbox|operatorname)\s*\{[^{}]*\}(?:\s*\^\s*\{?[23]\}?)?")
# A connective in a `\text{}` between sides: a clause ends there (`\text{ and }`, `\text{, so }`);
# one that gives a reason (`\text{, since }`) or an alternative makes the chain no answer.
_TEXT_WORD = re.compile(r"\\(?:text|mathrm|mbox)\s*\{\s*,?\s*(?:and|so|thus|hence|then"
                        r"|therefore)\s*,?\s*\}", re.IGNORECASE)
_REASON = re.compile(r"\\(?:text|mathrm|mbox)\s*\{[^{}]*\b(?:since|because|as|for|given|or)\b",
                     re.IGNORECASE)  # (and an alternative: `x = 2 \text{ or } x = 3`)
_LETTER = re.compile(r"(?<![\\A-Za-z])[A-Za-z]")  # a letter that is no command's
_RELATIONS = ("<", ">", "\\le", "\\ge", "\\ne", "\\approx", "\\sim", "\\to", "\\in")


def _sides(answer: str) -> list[str]:
    """The sides of an `=` (at brace depth 0) or `\\equiv` chain, stripped."""
    cuts = [k for k, depth in _depths(answer) if depth == 0]
    parts = [answer[a + 1 : b] for a, b in zip([-1, *cuts], [*cuts, len(answer)], strict=True)]
    if "\\equiv" in answer:
        parts = [side for part in parts for side in part.split("\\equiv")]
    return [p.strip().strip("$").strip() for p in parts]


def asked_side(answer: str, question: str) -> str | None:
    """The right side of an equation whose left side is what the question asks the value of
    (`x^2 + \frac{1}{x^2} = 23` for "what is the value of $x^2 + \frac{1}{x^2}$?"), when that
    side is a constant; None for any other answer (`2x = 16` for "Solve for $x$")."""
    sides = _sides(answer)
    if len(sides) != 2 or not _constant(sides[1]) or not _LETTER.search(sides[0]):
        return None
    left = _SPACE.sub("", sides[0].strip("$ "))
    return sides[1] if len(left) >= 3 and left in _SPACE.sub("", question) else None


_SPACE = re.compile(r"\s+|\\[,;!]")


def _solved(clauses: list[str]) -> str | None:
    """The last clause of a derivation (`2x = 16`, then `x = 8`) when it names one unknown's
    value and no clause before it names a value so (`x = 1 \text{ and } x = -1` is a list of
    solutions): `x = 8`, as the answer would be written alone."""
    last = clauses[-1].strip()
    sides = _sides(last)
    if len(sides) != 2 or not _LABEL.fullmatch(sides[0]) or not _constant(sides[1]):
        return None
    if any(len(before := _sides(c.strip())) == 2 and _LABEL.fullmatch(before[0])
           for c in clauses[:-1]):
        return None
    return last


def _constant(side: str) -> bool:
    """Whether a side holds no variable: digits, operators and commands (`\\frac{84}{4}`,
    `1011_2`, `7^1`, `8 \\cdot 5`)."""
    return bool(side) and any(c.isdigit() for c in side) and _LETTER.search(
        _COMMAND.sub(" ", side)) is None


def stated_side(answer: str) -> str | None:
    """The side an `=` or `\\equiv` chain states: its last, when the chain ends by evaluating
    constants (the side before the last holds no variable, nor does the last, and the plain
    numbers `=` joins to it agree: `\\frac{n(n-3)}{2} = \\frac{8 \\cdot 5}{2} = 20`, `99x = 36
    \\text{ and } x = \\frac{36}{99} = \\frac{4}{11}`, `7^{2021} \\equiv 7^1 \\equiv 7 \\pmod{10}`),
    or when both sides are the same expression (an identity: `\\frac{(x-3)(x+3)}{x-3} = 3 +
    x`, `x^2 - 9 = (x-3)(x+3)`). None for any other answer: `2x + 3 = 13`
    is an equation of an unknown (`unknown_equation`), `6 = 5` and `42 = 6 \\times 8 = 48`
    state nothing, a chain with an inequality in it is no chain of values, and a reason's
    sum is no answer (`8 \\text{, since } 20 - 8 = 12`). A lone side after `=` is stated
    (`Probability $= \\frac{6}{36}$`: the prose is its left)."""
    if any(r in answer for r in _RELATIONS) or _BOUND_VARIABLE.search(answer) or len(answer) > 300:
        return None
    if "\\text" in answer or "\\math" in answer:
        if _REASON.search(answer):
            return None
        clauses = _TEXT_WORD.split(answer)
        if len(clauses) > 1 and (solved := _solved(clauses)) is not None:
            return solved  # `8x = 120 \text{ and } x = 15`: the steps, then the unknown's value
        answer = _TEXT.sub(" ", clauses[-1])  # the clause after `\text{ and }`
    parts = _sides(answer)
    if len(parts) == 2 and not parts[0] and parts[1]:
        return parts[1]  # "Probability $= \\frac{6}{36}$.": its left side is the prose's
    if len(parts) < 2 or not all(parts):
        return None
    last = _MODULUS.sub("", parts[-1]) if "mod" in parts[-1] else parts[-1]
    if _constant(parts[-2]) and _constant(last):
        plain = {parse_number(side) for side in _joined_to_last(answer, parts, last)}
        return None if len(plain - {None}) > 1 else last
    if len(parts) == 2 and "\\equiv" not in answer and _same_expression(parts[0], last):
        return last
    return None


def _joined_to_last(answer: str, parts: list[str], last: str) -> list[str]:
    """The sides `=` joins to the last: all of them, or those after the last `\\equiv` (a
    congruence's sides differ: `22 \\equiv 9`)."""
    if "\\equiv" not in answer:
        return [*parts[:-1], last]
    return [*_sides(answer[answer.rfind("\\equiv") + len("\\equiv") :])[:-1], last]


def _same_expression(left: str, right: str) -> bool:
    try:
        return same_answer(read_answer(left), read_answer(right))
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return False
