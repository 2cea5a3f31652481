"""A small, safe reader for the LaTeX that final answers are written in.

`read_answer` turns an answer string into a structure: several answers (`2, 3`), a bracketed
tuple or interval, a set, a union, a matrix, an equation, plain text, or one expression. The
expressions are trees of tuples (see `Node`). This is a recursive-descent parser over a token
list: nothing in the text is evaluated, imported or looked up, depth and size are capped, and
anything outside the subset raises `Unsupported`, so the caller can hand the pair to the
symbolic tier (math-verify in a worker process, with a hard timeout).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

from star_cli.answers.hedges import NOT_UNITS

MAX_TEXT = 1_000  # longer answers go to the symbolic tier (or nowhere)
MAX_TOKENS = 400
MAX_DEPTH = 40  # nesting of groups; 500 nested parentheses are not an answer

# A node: ("num", Fraction) ("sym", name) ("const", "pi"|"e"|"i"|"inf") ("add", a, b)
# ("mul", a, b) ("div", a, b) ("neg", a) ("pow", a, b) ("root", a, n) ("fact", a)
# ("binom", a, b) ("abs", a) ("call", name, a) ("log", base, a). A number written as a
# decimal is ("num", Fraction, places), places its count of fractional digits: its value is
# still exact (0.1 is 1/10), but a decimal gold may stand for a rounded value (compare.py).
Node = tuple[Any, ...]


class Unsupported(ValueError):
    """The text is outside what this reader understands; ask the symbolic tier."""


@dataclass(frozen=True)
class Expr:
    node: Node
    percent: bool = False  # written with a % sign: 10% may mean 10 or 0.1


@dataclass(frozen=True)
class Text:
    key: str  # normalised words: compared as strings only


@dataclass(frozen=True)
class Equation:
    lhs: Node
    rhs: Node


@dataclass(frozen=True)
class Chain:
    """`x = 2 + 3 = 5`, `x = 6 = 5`: three sides or more, in order."""

    sides: tuple[Node, ...]


@dataclass(frozen=True)
class Approx:
    """`\\sqrt{2} \\approx 1.41`, `x = \\pi \\approx 3.14`: an exact value (no variables) and
    the decimal it is rounded to, which is the answer when the rounding is true."""

    exact: Node
    value: Node
    label: Node | None = None  # `x` in `x = \\pi \\approx 3.14`


@dataclass(frozen=True)
class Bracketed:
    """`(1, 2)`, `[0, 1)`, `\\langle 1, 2 \\rangle`: ordered; brackets must match too."""

    open: str
    close: str
    items: tuple[Answer, ...]


@dataclass(frozen=True)
class Several:
    """`2, 3` or `\\{2, 3\\}` or `x = 2 \\text{ or } x = 3`: unordered, all must match."""

    items: tuple[Answer, ...]


@dataclass(frozen=True)
class Union:
    parts: tuple[Answer, ...]


@dataclass(frozen=True)
class Matrix:
    rows: tuple[tuple[Node, ...], ...]


Answer = Expr | Text | Equation | Chain | Approx | Bracketed | Several | Union | Matrix

# --- cleaning -------------------------------------------------------------------------------

_DELIMS = re.compile(r"^\s*(?:\$\$?|\\\[|\\\()|(?:\$\$?|\\\]|\\\))\s*$")
_SIZING = re.compile(r"\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])\s*\.?")
_SPACING = re.compile(r"(?<!\\)\\[,!;: ]|\\q?quad(?![A-Za-z])|~")
_DROPPED = re.compile(
    r"\\(?:displaystyle|limits|mathbf|boldsymbol|mathit|mathbb|bf|rm|therefore)(?![A-Za-z])|∴"
    r"|\^\s*\{\s*\\circ\s*\}|\^\s*\\circ(?![A-Za-z])|\\circ(?![A-Za-z])|°|\\degree"
)
_FRAC_VARIANTS = re.compile(r"\\[dtc]frac(?![A-Za-z])|\\[dt]binom(?![A-Za-z])")
_TEXT_CMD = re.compile(
    r"\\(?:text|textbf|textit|textnormal|mathrm|mbox|operatorname)\s*\{([^{}]*)\}"
)
# (not after an operator, nor the imaginary unit or Euler's number: `2 + \mathrm{i}`, `3\mathrm{i}`)
_UNIT_TAIL = re.compile(  # "5\text{ cm}^2", "100\pi\ \text{cm}^3": a unit after a value
    r"(?<=[^\s\\+\-−*/=(,^{])(?:\s|\\[ ,;:!])*\\(?:text|mbox|mathrm)\s*\{\s*(?![ie]\s*\})"
    r"[A-Za-z][A-Za-z .]*\}"
    r"(?:\^\{?[23]\}?)?\s*$"
)
_ROW_SPACING = re.compile(r"\\\\\s*\[\s*(?:-?\d*\.?\d+\s*(?:pt|em|ex|mm|cm|in|mu|bp)"
                          r"|\\(?:small|med|big)skipamount)\s*\]")
_JOINERS = re.compile(r"\s*\\text\s*\{\s*(?:and|or|,)\s*\}\s*|\s+(?:and|or)\s+")
# Tail words that are no unit: joiners, bounds, and hedges.NOT_UNITS (multipliers, fraction
# words, qualifiers: `\text{ thousand}`, `\text{ max}`, `\text{ wrong}` change the value or
# the statement), and radians, which differ from degrees.
_NOT_UNITS = frozenset({"and", "or", "not", "more", "less", "than", "least", "most", "only",
                        "if", "when", "except", "unless", "for", "all", "rad", "radian",
                        "radians"}) | NOT_UNITS
# 1,000\sqrt{2}: thousands separators, joined only where no bracket could make it a tuple.
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d,])")
_BRACKETS = re.compile(r"[(\[]|\\\{|\\langle")
_IN_PREFIX = re.compile(r"^\s*[A-Za-z](?:_\{?\w+\}?)?\s*\\in(?![A-Za-z])\s*")

_LOWER_WORDS = re.compile(r"[a-z]+")
# A variable alone (`n`, `x_1`, `a_{n}`): words after it say what it is, not its unit.
LONE_VARIABLE = re.compile(r"\s*[A-Za-z](?:_\{?\w+\}?)?\s*")


def clean_latex(text: str) -> str:
    """Strip what never changes an answer's value: delimiters, sizing, spacing, degree signs,
    frac variants, `\\text{}` wrappers and trailing unit words, a trailing period."""
    s = text.strip()
    # Each rule runs only when its trigger is in the text: most answers are short and
    # plain (`420`, `\\frac{1}{2}`), and a dozen regex passes would cost more than the check.
    command = "\\" in s
    if command or "$" in s:
        s = _DELIMS.sub("", s)
        if "$" in s or "\\(" in s:  # inline math inside the answer: `$x = 1$ or $x = -1$`
            s = s.replace("\\$", "\x00").replace("$", "").replace("\\(", "").replace(
                "\\)", "").replace("\x00", "\\$")
    if command and (m := _UNIT_TAIL.search(s)) and not _NOT_UNITS & set(
            _LOWER_WORDS.findall(m.group().lower())) and not LONE_VARIABLE.fullmatch(
            s, 0, m.start()):
        s = s[: m.start()]  # (not after a lone variable: `n \text{ odd}` says what n is)
    if "," in s and not _BRACKETS.search(s):
        s = _THOUSANDS.sub(lambda m: m.group().replace(",", ""), s)
    if command or "and" in s or "or" in s:
        s = _JOINERS.sub(",", s)
    if command:
        s = _TEXT_CMD.sub(lambda m: f" {m.group(1)} ", s)
        s = _SIZING.sub("", s)
        if "\\\\" in s and "[" in s:
            s = _ROW_SPACING.sub(r"\\\\", s)  # `\\[2pt]`: a matrix row's extra space
    if command or "~" in s:
        s = _SPACING.sub(" ", s)
    if command or "°" in s:
        s = _DROPPED.sub("", s)
    if command:
        s = _FRAC_VARIANTS.sub(lambda m: "\\frac" if "frac" in m.group() else "\\binom", s)
    if "{,}" in s:
        s = _DECIMAL_COMMA.sub(".", s).replace("{,}", "")  # `2{,}5`, `10{,}000`
    if command:
        s = s.replace("\\%", "%").replace("\\$", "")
    return s.strip().rstrip(".").strip()


# LaTeX's comma without its space between digits: a decimal comma (`2{,}5`, `0{,}125`) unless
# three digits follow it and no zero leads (`10{,}000`: thousands, as MATH writes them), or a
# repeating part does (`0{,}\overline{3}`).
_DECIMAL_COMMA = re.compile(r"(?<=\d)\{,\}(?=(?:\d{1,2}|\d{4,})(?![\d{])|\\overline|\\dot(?![a-z]))"
                            r"|(?<![\d.])(?<=0)\{,\}(?=\d)")


# An interval or pair written with a semicolon, as in much of Europe (`[-3; 5]`, `(-\infty;
# 2]`), or with ISO's outward brackets for an open end (`]-3;3[`, `\left]-3;3\right[`).
# (the whole answer, or after `x \in` or `=`)
_SEMICOLON_PAIR = re.compile(r"(?:^|(?<=\\in)|(?<==))\s*(?:\\left)?\s*([(\[\]])"
                             r"((?:[^;,()\[\]]|\\,)+);((?:[^;,()\[\]]|\\,)+)"
                             r"(?:\\right)?\s*([)\]\[])\s*\Z")


def comma_pair(text: str) -> str | None:
    """An answer that ends in an interval or pair written with a semicolon, written with a
    comma (`$x \\in (-\\infty;\\, 2]$` -> `x \\in (-\\infty, \\, 2]`); None for any other."""
    s = text.strip().strip("$").strip()
    if (pair := _SEMICOLON_PAIR.search(s)) is None:
        return None
    opened = "(" if pair.group(1) == "]" else pair.group(1)
    closed = ")" if pair.group(4) == "[" else pair.group(4)
    return f"{s[: pair.start()]}{opened}{pair.group(2).strip()}, {pair.group(3).strip()}{closed}"


# --- tokens ---------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?|\.\d+)|(?P<cmd>\\(?:[A-Za-z]+|[{}|\\]))"
    r"|(?P<word>[A-Za-z]+)|(?P<op>[-+*/^_()\[\]{},=!|<>&%:;']))"
)
_UNICODE = {"π": "\\pi", "∞": "\\infty", "−": "-", "·": "\\cdot", "×": "\\times",
            "÷": "\\div", "√": "\\sqrt", "±": "\\pm", "∓": "\\mp", "∪": "\\cup",
            "≤": "\\le", "≥": "\\ge", "≠": "\\ne", "≈": "\\approx"}

_GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta",
    "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon",
    "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma",
    "Phi", "Psi", "Omega"
})
_FUNCS = frozenset({
    "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh",
    "tanh", "exp", "ln", "log"
})
_TIMES = frozenset({"\\cdot", "\\times", "*"})
_NOT_ATOM = frozenset({"\\cdot", "\\times", "\\div", "\\}", "\\\\", "\\cup", "\\pm", "\\mp",
                       "\\rangle", "\\rvert", "\\vert", "\\|"})
_REL = frozenset({"<", ">", "\\le", "\\ge", "\\leq", "\\geq", "\\lt", "\\gt", "\\ne", "\\neq",
                  "\\approx", "\\leqslant", "\\geqslant"})


def tokenize(s: str) -> list[str]:
    for u, latex in _UNICODE.items():
        if u in s:
            s = s.replace(u, f" {latex} ")
    tokens: list[str] = []
    pos, n = 0, len(s)
    while pos < n:
        m = _TOKEN.match(s, pos)
        if m is None:
            if s[pos:].strip() == "":
                break
            raise Unsupported(f"character {s[pos]!r}")
        tokens.append(m.group(m.lastindex or 0))
        pos = m.end()
        if len(tokens) > MAX_TOKENS:
            raise Unsupported("too long")
    return tokens


# --- answers: the top-level structure -------------------------------------------------------


def read_answer(text: str) -> Answer:
    """The structure of an answer string; raises Unsupported outside the subset."""
    if len(text) > MAX_TEXT or "\x00" in text:
        raise Unsupported("too long")
    if ("R" in text or "real" in text) and _REALS.fullmatch(text):
        text = "(-\\infty, \\infty)"  # `\\mathbb{R}`: every real number, as an interval
    if "dots" in text or ".." in text or "…" in text:
        text = _TRAILING_OFF.sub(_repeated, text)  # before a trailing period is stripped
    s = clean_latex(text)
    if not s:
        raise Unsupported("empty")
    if "\\overline" in s or "\\dot" in s:
        s = _REPEATING.sub(_repeating, s)
    return _answer(s, depth=0)


# The real numbers, as a set: `\mathbb{R}`, `\mathbf{R}`, `\R`, `ℝ`, "all real numbers".
_REALS = re.compile(r"\s*\$?\s*(?:\\(?:mathbb|mathbf|Bbb)\s*\{?\s*R\s*\}?|\\R(?![A-Za-z])|ℝ"
                    r"|(?:\\text\s*\{\s*)?(?:the\s+set\s+of\s+)?all\s+real(?:\s+numbers|s)"
                    r"(?:\s*\})?)\s*\$?\s*")


# A repeating decimal: `0.\overline{3}`, `1.2\overline{45}`, `0.\dot{6}`.
_REPEATING = re.compile(r"(?<![\d.])(\d*)\.(\d*)\\(?:overline|dot)\s*(?:\{\s*(\d+)\s*\}|(\d))")


# A decimal that trails off after repeating its last digits: `0.777\ldots`, `0.8333...`,
# `0.142857142857\dots` (its digits, then the ellipsis).
_TRAILING_OFF = re.compile(r"(?<![\d.])(\d*)\.(\d+)\s*(?:\\[lc]?dots(?![A-Za-z])|\.{2,}|…)")
CYCLE = 6  # digits of the longest cycle read from a decimal that trails off


def _repeated(m: re.Match[str]) -> str:
    """The repeating decimal a decimal that trails off writes, when its digits end in a
    cycle written at least twice (`0.8333...` is 0.8 then 3 again and again), as
    `\\frac{p}{q}`; else the match unchanged (`3.14159...` is a truncation, no value)."""
    digits = m.group(2)
    for size in range(1, min(CYCLE, len(digits) // 2) + 1):
        cycle = digits[-size:]
        if digits.endswith(cycle * 2):
            fixed = digits[: -2 * size]
            while fixed.endswith(cycle):  # `0.33333...`: all of them the cycle
                fixed = fixed[:-size]
            return _repeating_value(m.group(1) or "0", fixed, cycle)
    return m.group()


def _repeating_value(whole: str, fixed: str, cycle: str) -> str:
    value = (int(whole) + Fraction(int(fixed or 0), 10 ** len(fixed))
             + Fraction(int(cycle), (10 ** len(cycle) - 1) * 10 ** len(fixed)))
    return f"\\frac{{{value.numerator}}}{{{value.denominator}}}"


def _repeating(m: re.Match[str]) -> str:
    """The exact fraction a repeating decimal writes, as `\\frac{p}{q}`."""
    return _repeating_value(m.group(1) or "0", m.group(2), m.group(3) or m.group(4))


_MATRIX = re.compile(r"^\\begin\{([pbB]?matrix|array)\}(?:\{[^{}]*\})?(.*)\\end\{\1\}$", re.S)
_SET = re.compile(r"^\\\{(.*)\\\}$", re.S)
# A matrix as a program prints it, a list of rows: `[[2, 1], [4, 3]]`.
_NESTED_LIST = re.compile(r"\[\s*((?:\[[^\[\]]*\]\s*,\s*)*\[[^\[\]]*\])\s*\]")
_ROW = re.compile(r"\[([^\[\]]*)\]")
_EMPTY = re.compile(r"^(?:\\emptyset|\\varnothing|\\\{\s*\\\})$")


def _answer(s: str, depth: int) -> Answer:
    if depth > 3:
        raise Unsupported("nested too deep")
    s = s.strip()
    if depth == 0 and s.count("\\in") == 1:  # "x \in [2, 5)"; two of them keep their labels
        s = _IN_PREFIX.sub("", s)
    if _EMPTY.match(s):
        return Several(())
    if m := _MATRIX.match(s):
        return _matrix(m.group(2))
    if s.startswith("[[") and (m := _NESTED_LIST.fullmatch(s)):
        # `[[2, 1], [4, 3]]`, a program's matrix: its rows
        return _matrix("\\\\".join(r.replace(",", "&") for r in _ROW.findall(m.group(1))))
    parts = _split_top(s, "\\cup")
    if len(parts) > 1:
        return Union(tuple(_answer(p, depth + 1) for p in parts))
    if (m := _SET.match(s)) and _closes_at_end(s):
        return _listed(_split_top(m.group(1), ","), depth)  # `\{0, \pm 1\}` holds three
    bracket = _bracketed(s, depth)
    if bracket is not None:
        return bracket
    items = [p for p in _split_top(s, ",") if p.strip()]
    if len(items) > 1:
        return _listed(items, depth)
    if "\\pm" in s or "\\mp" in s:
        return _plus_minus(s, depth)
    return _single(s)


def _listed(items: list[str], depth: int) -> Several:
    """Items of a list or set, each read; `\\pm 1, \\pm i` lists four values, as `1, -1, i,
    -i` does."""
    read = [_answer(p, depth + 1) for p in items]
    return Several(tuple(a for p, r in zip(items, read, strict=True) for a in (
        r.items if isinstance(r, Several) and ("\\pm" in p or "\\mp" in p) else (r,))))


# `f(3) =`, `g^{-1}(4) =`, `f'(x) =`, `P(x) =`, `f(g(-2)) =`, `\gcd(84, 126) =`: a function's
# value named on the left.
_FUNCTION_LABEL = re.compile(
    r"\s*([A-Za-z]|\\(?:gcd|lcm|max|min|det|deg)\b|\\operatorname\s*\{\s*\w+\s*\})(\^\s*\{?\s*-\s*1\s*\}?|'{1,3})?\s*\(((?:[^()=]|\([^()=]{0,20}\)){1,40})\)"
    r"\s*=(?!=)")


def _single(s: str) -> Answer:
    if "=" in s and "(" in s and (label := _FUNCTION_LABEL.match(s)):
        # `f(3) = 0` states 0, as `x = 0` does: the left side names what the value is of
        # (`f(2) = 5 = 6` is a chain, and states nothing).
        name: Node = ("sym", "".join(label.group(0).rstrip("= \t").split()))
        rest = tokenize(s[label.end() :])
        cuts = [-1, *(i for i, t in enumerate(rest) if t == "="), len(rest)]
        sides = tuple(Parser(rest[i + 1 : j]).parse() for i, j in pairwise(cuts))
        return Equation(name, sides[0]) if len(sides) == 1 else Chain((name, *sides))
    tokens = tokenize(s)
    if not tokens:
        raise Unsupported("empty")
    if _is_text(tokens):
        return Text(" ".join(t.lower() for t in tokens if t not in "()."))
    if "\\approx" in tokens:
        return _approximation(tokens)
    if any(t in _REL for t in tokens):
        return _inequality(tokens)
    eq = [i for i, t in enumerate(tokens) if t == "="]
    if len(eq) > 1:
        cuts = [-1, *eq, len(tokens)]
        return Chain(tuple(Parser(tokens[i + 1 : j]).parse() for i, j in pairwise(cuts)))
    if eq:
        lhs, rhs = tokens[: eq[0]], tokens[eq[0] + 1 :]
        return Equation(Parser(lhs).parse(), Parser(rhs).parse())
    percent = tokens[-1] == "%"
    return Expr(Parser(tokens[:-1] if percent else tokens).parse(), percent)


def _approximation(tokens: list[str]) -> Approx | Equation:
    """`\\sqrt{2} \\approx 1.41` (an exact value, its rounding), `x = \\pi \\approx 3.14` (with
    a label), `x \\approx 1.41` (a variable's value). The right side must be one number
    written as a decimal; anything else is Unsupported."""
    k = tokens.index("\\approx")
    left, right = tokens[:k], tokens[k + 1 :]
    value = Parser(right).parse()
    number = value[1] if value[0] == "neg" else value
    if number[0] != "num" or len(number) != 3 or any(t in _REL for t in left):
        raise Unsupported("approximation")
    label = None
    if "=" in left:
        eq = left.index("=")
        label, left = Parser(left[:eq]).parse(), left[eq + 1 :]
        if label[0] != "sym" or "=" in left:
            raise Unsupported("approximation")
    exact = Parser(left).parse()
    if exact[0] == "sym" and label is None:
        return Equation(exact, value)  # `x \\approx 1.41`
    if _has_symbol(exact):
        raise Unsupported("approximation of an expression")
    return Approx(exact, value, label)


_LESS = frozenset({"<", "\\lt"})
_LESS_EQUAL = frozenset({"\\le", "\\leq", "\\leqslant"})
_GREATER = frozenset({">", "\\gt"})
_GREATER_EQUAL = frozenset({"\\ge", "\\geq", "\\geqslant"})
_INFINITY: Node = ("const", "inf")


def _inequality(tokens: list[str]) -> Bracketed | Union:
    """A variable bounded on one side or both (`x \\le 2`, `2 > x`, `-1 < x \\le 3`) as the
    interval it describes: `(-\\infty, 2]`, `(-\\infty, 2)`, `(-1, 3]`. The bounds must be
    constants and both relations face the same way; anything else is Unsupported."""
    cuts = [k for k, t in enumerate(tokens) if t in _REL]
    ops = [tokens[k] for k in cuts]
    if ops in (["\\ne"], ["\\neq"]):
        return _all_but(tokens, cuts[0])
    if not 1 <= len(ops) <= 2 or any(
            op not in _LESS | _LESS_EQUAL | _GREATER | _GREATER_EQUAL for op in ops):
        raise Unsupported("inequality")
    sides = [Parser(tokens[a + 1 : b]).parse()
             for a, b in pairwise([-1, *cuts, len(tokens)])]
    rising = [op in _LESS | _LESS_EQUAL for op in ops]
    if len(set(rising)) != 1:
        raise Unsupported("inequality both ways")
    if not rising[0]:  # `3 > x > 1` is `1 < x < 3`
        sides, ops = sides[::-1], ops[::-1]
    closed = [op in _LESS_EQUAL | _GREATER_EQUAL for op in ops]
    if len(sides) == 2 and (around := _around_zero(sides, closed[0])) is not None:
        return around
    variables = [k for k, side in enumerate(sides) if side[0] == "sym"]
    if len(variables) != 1:
        raise Unsupported("inequality without one variable")
    k = variables[0]
    if len(sides) == 3 and k != 1:
        raise Unsupported("inequality")
    bounds = [side for j, side in enumerate(sides) if j != k]
    if any(_has_symbol(b) for b in bounds):
        raise Unsupported("inequality between expressions")
    if len(sides) == 3:
        low, high, low_closed, high_closed = bounds[0], bounds[1], closed[0], closed[1]
    elif k == 0:  # x < b
        low, high, low_closed, high_closed = ("neg", _INFINITY), bounds[0], False, closed[0]
    else:  # b < x
        low, high, low_closed, high_closed = bounds[0], _INFINITY, closed[0], False
    return Bracketed("[" if low_closed else "(", "]" if high_closed else ")",
                     (Expr(low), Expr(high)))


def _around_zero(sides: list[Node], closed: bool) -> Bracketed | Union | None:
    """`|x| < 3` as `(-3, 3)`, `3 \\le |x|` as `(-\\infty, -3] \\cup [3, \\infty)` (sides in
    rising order): an absolute value of a variable bounded by a positive number; else None."""
    low, high = sides
    if high[0] == "abs" and high[1][0] == "sym" and low[0] == "num" and low[1] > 0:
        bound = Expr(low)
        return Union((Bracketed("(", "]" if closed else ")", (Expr(("neg", _INFINITY)),
                                                              Expr(("neg", low)))),
                      Bracketed("[" if closed else "(", ")", (bound, Expr(_INFINITY)))))
    if low[0] == "abs" and low[1][0] == "sym" and high[0] == "num" and high[1] > 0:
        return Bracketed("[" if closed else "(", "]" if closed else ")",
                         (Expr(("neg", high)), Expr(high)))
    return None


def _all_but(tokens: list[str], at: int) -> Union:
    """`x \\neq 0`: every real number but one, as `(-\\infty, 0) \\cup (0, \\infty)`."""
    sides = [Parser(tokens[:at]).parse(), Parser(tokens[at + 1 :]).parse()]
    variables = [k for k, side in enumerate(sides) if side[0] == "sym"]
    if len(variables) != 1 or _has_symbol(sides[1 - variables[0]]):
        raise Unsupported("inequation")
    point = Expr(sides[1 - variables[0]])
    return Union((Bracketed("(", ")", (Expr(("neg", _INFINITY)), point)),
                  Bracketed("(", ")", (point, Expr(_INFINITY)))))


def _has_symbol(node: Node) -> bool:
    if node[0] == "sym":
        return True
    return any(isinstance(c, tuple) and _has_symbol(c) for c in node[1:])


def _is_text(tokens: list[str]) -> bool:
    """Words that are not functions, constants or short products of variables: prose."""
    return any(t.isalpha() and len(t) >= 3 and t not in _FUNCS for t in tokens)


def _plus_minus(s: str, depth: int) -> Answer:
    """`1 \\pm \\sqrt 2`: both answers, as `1 + \\sqrt 2, 1 - \\sqrt 2` would be."""
    if s.count("\\pm") + s.count("\\mp") > 1:
        raise Unsupported("several \\pm")
    plus = s.replace("\\pm", "+").replace("\\mp", "-")
    minus = s.replace("\\pm", "-").replace("\\mp", "+")
    return Several((_answer(plus, depth + 1), _answer(minus, depth + 1)))


_OPENERS = {"(": ")", "[": "]", "\\langle": "\\rangle"}
_CLOSERS = (")", "]", "\\rangle")


def _bracketed(s: str, depth: int) -> Bracketed | None:
    """`(a, b)`, `[a, b)`, ...: a tuple or interval spanning the whole answer, 2+ items."""
    opener = next((o for o in _OPENERS if s.startswith(o)), None)
    closer = next((c for c in _CLOSERS if s.endswith(c)), None)
    if opener is None or closer is None:
        return None
    inner = s[len(opener) : len(s) - len(closer)]
    if _balance(inner) != 0:
        return None  # "(1)(2)": the brackets do not enclose everything
    items = _split_top(inner, ",")
    if len(items) < 2:
        return None
    return Bracketed(opener, closer, tuple(_answer(p, depth + 1) for p in items))


def _matrix(body: str) -> Matrix:
    rows = [r for r in body.split("\\\\") if r.strip()]
    if not rows or len(rows) > 20:
        raise Unsupported("matrix")
    parsed = tuple(tuple(Parser(tokenize(c)).parse() for c in r.split("&")) for r in rows)
    if len({len(r) for r in parsed}) != 1:
        raise Unsupported("ragged matrix")
    return Matrix(parsed)


_GROUP_TOKENS = re.compile(r"\\[{}]|\\langle|\\rangle|\\left|\\right|[()\[\]{}]")
_OPEN = frozenset({"(", "[", "{", "\\{", "\\langle"})
_CLOSE = frozenset({")", "]", "}", "\\}", "\\rangle"})


def _levels(s: str) -> Iterator[tuple[int, int]]:
    """(nesting level after it, end offset) for each bracket in `s`."""
    level = 0
    for m in _GROUP_TOKENS.finditer(s):
        t = m.group()
        level += 1 if t in _OPEN else -1 if t in _CLOSE else 0
        yield level, m.end()


def _balance(s: str) -> int:
    """Opening minus closing brackets, or -1 if a closing one comes first."""
    level = 0
    for level, _ in _levels(s):
        if level < 0:
            return -1
    return level


def _closes_at_end(s: str) -> bool:
    """`\\{1\\} \\cup \\{2\\}` starts and ends with set braces, but they are not one pair."""
    level = 0
    for level, end in _levels(s):
        if level == 0 and end != len(s):
            return False
    return level == 0


def _split_top(s: str, sep: str) -> list[str]:
    """Split on `sep` outside any brackets. Interval brackets like `[0, 1)` are unbalanced by
    design, so a level may go negative inside them; only level 0 splits."""
    out, level, start = [], 0, 0
    i = 0
    while i < len(s):
        m = _GROUP_TOKENS.match(s, i)
        if m:
            t = m.group()
            level += 1 if t in _OPEN else -1 if t in _CLOSE else 0
            i = m.end()
            continue
        if level == 0 and s.startswith(sep, i) and not (
            sep[-1].isalpha() and s[i + len(sep) : i + len(sep) + 1].isalpha()
        ):
            out.append(s[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    out.append(s[start:])
    return out


# --- expressions ----------------------------------------------------------------------------


def _is_integer(node: Node) -> bool:
    return node[0] == "num" and node[1].denominator == 1


class Parser:
    """expr := term (('+'|'-') term)*; term := unary ((op|implicit) unary)*;
    unary := ('+'|'-') unary | power; power := postfix ('^' exponent)?; postfix := atom '!'*"""

    def __init__(self, tokens: list[str]) -> None:
        # "ba^2" is b * a^2: a word that is not a function is one variable per letter.
        self.tokens = [
            part for t in tokens
            for part in (list(t) if t.isalpha() and len(t) > 1 and t not in _FUNCS else [t])
        ]
        self.i = 0
        self.depth = 0
        self.bars = 0  # open |...| groups: a '|' then closes rather than opens

    def parse(self) -> Node:
        if not self.tokens:
            raise Unsupported("empty")
        node = self.expr()
        if self.i != len(self.tokens):
            raise Unsupported(f"unexpected {self.tokens[self.i]!r}")
        return node

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        t = self.peek()
        if t is None or (want is not None and t != want):
            raise Unsupported(f"expected {want or 'more'}")
        self.i += 1
        return t

    def expr(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsupported("nested too deep")
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.term()
            node = ("add", node, right) if op == "+" else ("add", node, ("neg", right))
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while True:
            t = self.peek()
            if t in _TIMES:
                self.take()
                node = ("mul", node, self.unary())
            elif t in ("/", "\\div"):
                self.take()
                node = ("div", node, self.unary())
            elif t is not None and self._starts_atom(t):
                node = self._juxtaposed(node, t)
            else:
                return node

    def _juxtaposed(self, left: Node, t: str) -> Node:
        """`2x`, `3\\pi` are products; `1\\frac{1}{2}` is a mixed number; `2 3` is nothing."""
        whole = left[1] if left[0] == "neg" else left
        if whole[0] == "num" and (t[0].isdigit() or t[0] == "."):
            raise Unsupported("two numbers side by side")
        right = self.power()
        if _is_integer(whole) and right[0] == "div" and all(map(_is_integer, right[1:])):
            if left[0] == "neg":
                return ("neg", ("add", left[1], right))
            return ("add", left, right)
        return ("mul", left, right)

    def _starts_atom(self, t: str) -> bool:
        if t == "|":
            return self.bars == 0
        if t.startswith("\\"):
            return t not in _NOT_ATOM
        return t[0].isdigit() or t[0] == "." or t.isalpha() or t in ("(", "{")

    def unary(self) -> Node:
        t = self.peek()
        if t == "-":
            self.take()
            return ("neg", self.unary())
        if t == "+":
            self.take()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.peek() == "^":
            self.take()
            return ("pow", base, self.exponent())
        return base

    def exponent(self) -> Node:
        if self.peek() in ("-", "+"):
            sign = self.take()
            e = self.exponent()
            return ("neg", e) if sign == "-" else e
        if self.peek() == "{":
            return self.group("{", "}")
        t = self.peek()
        if t is not None and t[0].isdigit():
            return self._first_digit()  # x^23 is x^2 * 3 in LaTeX; keep it simple: x^2 then 3
        return self.atom()

    def postfix(self) -> Node:
        node = self.atom()
        while self.peek() == "!":
            self.take()
            node = ("fact", node)
        return node

    def group(self, open_: str, close: str) -> Node:
        self.take(open_)
        node = self.expr()
        self.take(close)
        return node

    def _first_digit(self) -> Node:
        """`\\frac12`, `x^23`: a bare digit argument is one digit; push the rest back."""
        t = self.take()
        if len(t) > 1 and t.isdigit():
            self.tokens.insert(self.i, t[1:])
            t = t[0]
        return ("num", Fraction(t))

    def arg(self) -> Node:
        """A command's argument: `{...}`, or a single digit, letter or command."""
        t = self.peek()
        if t == "{":
            return self.group("{", "}")
        if t is not None and t[0].isdigit():
            return self._first_digit()
        return self.atom()

    def atom(self) -> Node:
        t = self.take()
        if t[0].isdigit() or t[0] == ".":
            if "." in t:
                return ("num", Fraction(t), len(t) - t.index(".") - 1)
            return ("num", Fraction(t))
        if t.isalpha():
            return self._word(t)
        if t in ("(", "["):
            node = self.expr()
            self.take(")" if t == "(" else "]")
            return node
        if t == "{":
            node = self.expr()
            self.take("}")
            return node
        if t == "|":
            self.bars += 1
            node = self.expr()
            self.take("|")
            self.bars -= 1
            return ("abs", node)
        if t.startswith("\\"):
            return self._command(t[1:])
        raise Unsupported(f"unexpected {t!r}")

    def _word(self, w: str) -> Node:
        return self._function(w) if w in _FUNCS else self._symbol(w)

    def _symbol(self, ch: str) -> Node:
        if ch == "e":
            return ("const", "e")
        if ch == "i":
            return ("const", "i")
        name = ch
        if self.peek() == "_":
            self.take()
            sub = self.take()
            if sub == "{":
                sub = self.take()
                self.take("}")
            if not sub.isalnum():
                raise Unsupported("subscript")
            name = f"{ch}_{sub}"
        return ("sym", name)

    def _command(self, name: str) -> Node:
        if name == "frac":
            return ("div", self.arg(), self.arg())
        if name == "sqrt":
            degree: Node = ("num", Fraction(2))
            if self.peek() == "[":
                degree = self.group("[", "]")
            return ("root", self.arg(), degree)
        if name == "binom":
            return ("binom", self.arg(), self.arg())
        if name == "pi":
            return ("const", "pi")
        if name == "infty":
            return ("const", "inf")
        if name in _FUNCS:
            return self._function(name)
        if name in _GREEK:
            return ("sym", name)
        if name in ("lvert", "vert", "|"):
            self.bars += 1
            node = self.expr()
            if self.peek() not in ("|", "\\rvert", "\\vert", "\\|"):
                raise Unsupported("unclosed |")
            self.take()
            self.bars -= 1
            return ("abs", node)
        raise Unsupported(f"\\{name}")

    def _bare_argument(self) -> Node:
        """`\\sin 2x` is sin(2x): numbers, letters and constants that follow, up to an
        operator, a bracket or another function."""
        node = self.power()
        while (t := self.peek()) is not None and (
            t[0].isdigit() or (t.isalpha() and t not in _FUNCS)
            or t in ("\\pi", "\\infty") or t[1:] in _GREEK
        ):
            node = ("mul", node, self.power())
        return node

    def _function(self, name: str) -> Node:
        power: Node | None = None
        base: Node | None = None
        if name == "log" and self.peek() == "_":
            self.take()
            base = self.arg()
        if self.peek() == "^":  # \sin^2 x
            self.take()
            power = self.exponent()
        t = self.peek()
        if t == "(":
            arg = self.group("(", ")")
        elif t == "{":
            arg = self.group("{", "}")
        else:
            arg = self._bare_argument()
        node: Node = ("log", base, arg) if base is not None else ("call", name, arg)
        return ("pow", node, power) if power is not None else node
