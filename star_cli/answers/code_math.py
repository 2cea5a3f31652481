"""Answers written as code (`4*sqrt(5)`, `2**10`, `pi/3`, `Rational(3, 4)`), read as LaTeX.

Models that reason with Python, and RL-trained ones whose answer tags were never held to
LaTeX, write a final answer the way sympy prints it. math-verify reads that with sympy's
`parse_expr`, an `eval`; star never evaluates model text, so it rewrites the answer, token by
token, into the LaTeX its own reader (and the symbolic tier) already judges: `4*sqrt(5)` is
`4*\\sqrt{5}`, `2**10` is `2^{10}`. The rewrite is linear in the answer's length, bounded
by MAX_CODE, and gives up (None) on anything it does not know, leaving the answer as it was.
"""

from __future__ import annotations

import re

MAX_CODE = 200  # characters: a longer answer is not a printed value

# What makes an answer code, not LaTeX or prose: a known function called with `(`, a power
# `**` between operands (not Markdown's bold: `5 **apples**`), or sympy's `pi` and `oo`
# standing alone. A backslash before a name (`\sqrt`, `\pi`) is LaTeX's. A product `*` alone
# is no sign: the LaTeX reader reads `4*5` as it is.
_CODE = re.compile(r"(?<![\\\w])(?:sqrt|cbrt|exp|log|ln|sin|cos|tan|asin|acos|atan|Rational"
                   r"|Fraction|Abs|Interval(?:\.[LR]?open)?)\(|[\w)]\s*\*\*\s*[-\w(]"
                   r"|(?<![\\\w])(?:pi|oo|I)(?!\w)")
_TOKEN = re.compile(r"\*\*|[A-Za-z_]\w*|\d+(?:\.\d+)?|\s+|.")
_CALLS = {"sqrt": ("\\sqrt{", "}"), "cbrt": ("\\sqrt[3]{", "}"), "exp": ("e^{", "}"),
          "Abs": ("\\left|", "\\right|"), "log": ("\\log(", ")"), "ln": ("\\ln(", ")"),
          "sin": ("\\sin(", ")"), "cos": ("\\cos(", ")"), "tan": ("\\tan(", ")"),
          "asin": ("\\arcsin(", ")"), "acos": ("\\arccos(", ")"), "atan": ("\\arctan(", ")"),
          "Interval": ("[", "]")}
_FRACTIONS = ("Rational", "Fraction")  # sympy's and Python's: `Fraction(1, 6)` is 1/6
_NAMES = {"pi": "\\pi ", "oo": "\\infty", "I": "i", "E": "e", "{": "\\{", "}": "\\}"}
_PASSED = frozenset("+-/*,.= \t")  # written the same in LaTeX
_PLAIN_GROUP = ""  # what a bracket that is no call's closes with: the bracket written


def code_math(text: str) -> str | None:
    """`text` as LaTeX when it is a value written as code (see the module docstring);
    None when it is not code, or holds what this rewrite does not know."""
    if len(text) > MAX_CODE or _CODE.search(text) is None or "+-" in text or "-+" in text:
        return None  # (`1 +- sqrt(2)`: a ± that a minus would be read for)
    tokens = _TOKEN.findall(text.strip())
    out: list[str] = []
    closers: list[str] = []  # what each open parenthesis ends with
    k = 0
    while k < len(tokens):
        tok = tokens[k]
        nxt = tokens[k + 1] if k + 1 < len(tokens) else ""
        if tok == "Interval" and nxt == "." and tokens[k + 2 : k + 4] in (
                ["open", "("], ["Lopen", "("], ["Ropen", "("]):
            kind = tokens[k + 2]  # sympy's open ends: `Interval.Lopen(0, 1)` is (0, 1]
            out.append("[" if kind == "Ropen" else "(")
            closers.append("]" if kind == "Lopen" else ")")
            k += 4
            continue
        if nxt == "(" and (tok in _CALLS or tok in _FRACTIONS):
            opening, closing = _CALLS.get(tok, ("\\frac{", "}"))
            out.append(opening)
            closers.append(closing)
            if tok in _FRACTIONS:
                closers.append(",")  # its comma, at its own depth, becomes `}{`
            k += 2
            continue
        if tok == "**":
            if k and tokens[k - 1].isspace() and not nxt.isspace():
                return None  # Markdown's bold opening: `5 **apples**`, `2 **3**`
            power = _exponent(tokens, k + 1)
            if power is None:
                return None
            exponent, k = power
            out.append(f"^{{{exponent}}}")
            continue
        if tok in (")", "]"):
            if not closers or closers[-1] == "," or tok == "]" and closers[-1] != _PLAIN_GROUP:
                return None
            closing = closers.pop()
            out.append(tok if closing == _PLAIN_GROUP else closing)  # (`[0, oo)` as written)
        elif tok in ("(", "["):
            closers.append(_PLAIN_GROUP)
            out.append(tok)
        elif tok == "," and closers and closers[-1] == ",":
            closers.pop()
            out.append("}{")
        elif tok in _NAMES:
            out.append(_NAMES[tok])
        elif tok in _PASSED or tok.isspace() or tok[:1].isdigit() or (
                len(tok) == 1 and tok.isalpha()):
            out.append(tok)  # (a one-letter name: a variable)
        else:
            return None  # a word, LaTeX, a string: not sympy's print of a value
        k += 1
    if closers:
        return None
    return "".join(out).strip()


def _exponent(tokens: list[str], k: int) -> tuple[str, int] | None:
    """The exponent after `**` at `tokens[k:]`, rewritten, and the index after it: a number,
    a name, a call or a parenthesised group, with a sign before it; None when another power
    follows (`2**3**2` is 2**(3**2), which a rewrite into `2^{3}^{2}` would misread)."""
    while k < len(tokens) and tokens[k].isspace():
        k += 1
    sign = ""
    if k < len(tokens) and tokens[k] in ("-", "+"):
        sign, k = tokens[k].strip("+"), k + 1
    if k >= len(tokens):
        return None
    tok = tokens[k]
    if tok == "(" or tokens[k + 1 : k + 2] == ["("]:  # a group, or a call
        end = _closing(tokens, k if tok == "(" else k + 1)
        if end is None or (inner := _group("".join(tokens[k : end + 1]))) is None:
            return None
        after = end + 1
        exponent = inner
    elif tok[:1].isdigit() or tok in _NAMES or len(tok) == 1 and tok.isalpha():
        after, exponent = k + 1, _NAMES.get(tok, tok)
    else:
        return None
    following = next((t for t in tokens[after:] if not t.isspace()), "")
    if following in ("**", "^"):
        return None
    return sign + exponent, after


def _closing(tokens: list[str], opened: int) -> int | None:
    """The index of the `)` that closes the `(` at `tokens[opened]`."""
    depth = 0
    for j in range(opened, len(tokens)):
        depth += (tokens[j] == "(") - (tokens[j] == ")")
        if depth == 0:
            return j
    return None


def _group(text: str) -> str | None:
    """An exponent's group or call, rewritten as `code_math` does, or kept when it holds no
    code (`2**(1/2)`'s `(1/2)`, `2**(-3)`'s `(-3)`)."""
    if (rewritten := code_math(text)) is not None:
        return rewritten
    return text.strip() if _PLAIN.fullmatch(text) else None


_PLAIN = re.compile(r"\(?\s*[-+]?\s*[\w.]+(?:\s*[-+/*]\s*[\w.]+)*\s*\)?")


__all__ = ["MAX_CODE", "code_math"]
