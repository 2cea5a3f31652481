"""Hand-written MATH-style cases, one table per kind of answer: (gold, boxed answer, verdict).

Every case runs through `check(..., task="math")`, so extraction, the cheap tiers and (where
they cannot decide) the symbolic tier are all exercised as a user meets them.
"""

from __future__ import annotations

import pytest

from star_cli.answers import check

FRACTIONS = [
    (r"\frac{3}{4}", r"0.75", True), (r"\frac{3}{4}", r"\dfrac{6}{8}", True),
    (r"\frac{3}{4}", r"3/4", True), (r"\frac{3}{4}", r"\frac34", True),
    (r"\frac{3}{4}", r"\frac{4}{3}", False), (r"\frac{3}{4}", r"0.7", False),
    (r"-\frac{5}{2}", r"-2\frac{1}{2}", True), (r"-\frac{5}{2}", r"\frac{-5}{2}", True),
    (r"-\frac{5}{2}", r"\frac{5}{2}", False), (r"\frac{1}{3}", r"0.333333", False),
    # A repeating decimal is the exact fraction it writes (issue 26: it was left to sympy,
    # which cannot read it); a rounded one stays wrong (0.333333 above).
    (r"\frac{1}{3}", r"0.\overline{3}", True), (r"1.5", r"1\frac{1}{2}", True),
    (r"\frac{7}{12}", r"\tfrac{14}{24}", True), (r"\frac{7}{12}", r"\frac{7}{11}", False),
]
ROOTS = [
    (r"2\sqrt{3}", r"\sqrt{12}", True), (r"2\sqrt{3}", r"\sqrt{3}\cdot 2", True),
    (r"2\sqrt{3}", r"3\sqrt{2}", False), (r"\frac{\sqrt{2}}{2}", r"\frac{1}{\sqrt{2}}", True),
    (r"\frac{\sqrt{2}}{2}", r"\sqrt{\frac12}", True), (r"\sqrt{2}", r"1.41421356", False),
    (r"\sqrt[3]{4}", r"2^{2/3}", True), (r"\sqrt[3]{27}", r"3", True),
    (r"3+2\sqrt{2}", r"(1+\sqrt{2})^2", True), (r"3+2\sqrt{2}", r"3-2\sqrt{2}", False),
    (r"\frac{1+\sqrt{5}}{2}", r"\frac{\sqrt5+1}{2}", True), (r"5\sqrt{5}", r"\sqrt{125}", True),
    (r"4\sqrt{6}", r"4\sqrt{3}", False),
]
CONSTANTS_AND_POWERS = [
    (r"4\pi", r"\pi\cdot 4", True), (r"4\pi", r"4", False), (r"\frac{\pi}{3}", r"\frac13\pi", True),
    (r"\pi", r"3.14159", False), (r"2^{10}", r"1024", True), (r"3^{-2}", r"\frac19", True),
    (r"e^2", r"e\cdot e", True), (r"e", r"2.718281828", False), (r"\log_2 8", r"3", True),
    (r"\log_2 5", r"\frac{\ln 5}{\ln 2}", True), (r"100\pi-200", r"100(\pi-2)", True),
    (r"\frac{\sqrt{3}}{2}", r"\sin\frac{\pi}{3}", True), (r"\binom{5}{2}", r"10", True),
    (r"4!", r"24", True), (r"\tan^2\frac{\pi}{6}", r"\frac13", True),
]
POLYNOMIALS = [
    (r"x^2+2x+1", r"(x+1)^2", True), (r"x^2+2x+1", r"(x-1)^2", False),
    (r"(x-3)(x+2)", r"x^2-x-6", True), (r"(x-3)(x+2)", r"x^2+x-6", False),
    (r"2x^3-8x", r"2x(x-2)(x+2)", True), (r"\frac{x+1}{x-1}", r"\frac{-x-1}{1-x}", True),
    (r"\frac{x+1}{x-1}", r"\frac{x-1}{x+1}", False), (r"3a^2b", r"3ba^2", True),
    (r"3a^2b", r"3ab^2", False), (r"x^4-1", r"(x^2+1)(x^2-1)", True), (r"n^2+n", r"n(n+1)", True),
    (r"\frac{1}{x^2}", r"x^{-2}", True), (r"4y^2-9", r"(2y-3)^2", False),
]
TUPLES = [
    (r"(2, -1)", r"(2,-1)", True), (r"(2, -1)", r"\left(2, -1\right)", True),
    (r"(2, -1)", r"(-1, 2)", False), (r"(1, 2, 3)", r"(1,2,3)", True),
    (r"(1, 2, 3)", r"(3, 2, 1)", False), (r"(1, 2, 3)", r"(1, 2)", False),
    (r"\left(3, \frac{\pi}{2}\right)", r"(3, \pi/2)", True),
    (r"(4, 2\sqrt2)", r"(4, \sqrt8)", True),
    (r"(-\frac12, \frac32)", r"(-0.5, 1.5)", True), (r"(0,0,1)", r"(1,0,0)", False),
    # A tuple answered without its parentheses: the same items in the same order (issue 26);
    # in another order it is another point.
    (r"(2, -1)", r"2, -1", True), (r"(2, -1)", r"-1, 2", False),
]
INTERVALS = [
    (r"[2, 5)", r"[2,5)", True), (r"[2, 5)", r"x \in [2, 5)", True), (r"[2, 5)", r"(2, 5)", False),
    (r"[2, 5)", r"[2, 5]", False), (r"(-\infty, 3]", r"(-\infty,3]", True),
    (r"(-\infty, 3]", r"(-\infty, 3)", False), (r"(0, \infty)", r"[0, \infty)", False),
    (r"(-\infty,-1)\cup(1,\infty)", r"(1,\infty)\cup(-\infty,-1)", True),
    (r"(-\infty,-1)\cup(1,\infty)", r"(-1, 1)", False),
    (r"[-\frac12, \frac12]", r"[-0.5, 0.5]", True), (r"(-3, 4]", r"[-3, 4]", False),
]
SETS_AND_SEVERAL = [
    (r"\{1, 2, 3\}", r"\{3, 2, 1\}", True), (r"\{1, 2, 3\}", r"\{1, 2\}", False),
    (r"\{1, 2, 3\}", r"\{1, 2, 4\}", False), (r"2, -3", r"-3, 2", True),
    (r"2, -3", r"x = 2, x = -3", True), (r"2, -3", r"2 \text{ and } -3", True),
    (r"2, -3", r"2", False), (r"2, -3", r"2, 3", False),
    (r"1\pm\sqrt2", r"1+\sqrt2, 1-\sqrt2", True),
    (r"1\pm\sqrt2", r"1+\sqrt2", False), (r"\frac{-3\pm\sqrt5}{2}",
                                          r"\frac{-3+\sqrt5}{2}, \frac{-3-\sqrt5}{2}", True),
    (r"\{-2, 2\}", r"\pm 2", True), (r"\{-2, 2\}", r"\{2\}", False),
    (r"-1, 0, 1", r"0, 1, -1", True),
    (r"\emptyset", r"\{\}", True),
]
EQUATIONS = [
    (r"y=2x+3", r"2x+3", True), (r"y=2x+3", r"y = 3 + 2x", True), (r"y=2x+3", r"y=3x+2", False),
    (r"x=5", r"5", True), (r"5", r"x = 5", True), (r"x=5", r"x=-5", False),
    (r"k=-3", r"k = -3", True), (r"y = -\frac{1}{2}x + 4", r"-0.5x+4", True),
    (r"y = -\frac{1}{2}x + 4", r"y=-2x+4", False),
]
MATRICES = [
    (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}",
     True),
    (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", r"\begin{pmatrix}1&3\\2&4\end{pmatrix}", False),
    (r"\begin{pmatrix}2\\-1\end{pmatrix}", r"\begin{pmatrix}4/2\\-1\end{pmatrix}", True),
    (r"\begin{pmatrix}2\\-1\end{pmatrix}", r"\begin{pmatrix}-1\\2\end{pmatrix}", False),
    (r"\begin{pmatrix}1&2\\3&4\end{pmatrix}", r"\begin{pmatrix}1&2\end{pmatrix}", False),
]
COMPLEX_AND_WORDS = [
    (r"3+4i", r"4i+3", True), (r"3+4i", r"3-4i", False), (r"1-i", r"\frac{2-2i}{2}", True),
    (r"-\frac54+\frac14i", r"-1.25+0.25i", True), (r"\text{(C)}", r"C", True),
    (r"\text{(C)}", r"\text{(D)}", False), (r"\text{Tuesday}", r"Tuesday", True),
    (r"\text{Tuesday}", r"\text{Monday}", False),
]
DRESSING = [
    (r"120", r"120^\circ", True), (r"120", r"120^{\circ}", True), (r"1,\!000", r"1000", True),
    (r"10{,}000", r"10000", True), (r"\$18.90", r"18.9", True),
    (r"36", r"36\text{ square units}", True), (r"7", r"7 \mathrm{~m}", True),
    (r"7", r"7 \mathrm{~cm}^2", True), (r"7", r"8 \mathrm{~m}", False),
    (r"50", r"50 miles per hour", True), (r"50", r"50 meters per second", True),
    (r"50", r"40 miles per hour", False),
    (r"10\%", r"0.1", True), (r"10\%", r"10", True), (r"10\%", r"0.2", False),
    (r"-7", r"\left(-7\right)", True), (r"99.99999", r"100", False),
]

TABLE = [
    pytest.param(g, a, want, id=f"{kind}:{g}|{a}")
    for kind, rows in [
        ("fraction", FRACTIONS), ("root", ROOTS), ("constant", CONSTANTS_AND_POWERS),
        ("polynomial", POLYNOMIALS), ("tuple", TUPLES), ("interval", INTERVALS),
        ("set", SETS_AND_SEVERAL), ("equation", EQUATIONS), ("matrix", MATRICES),
        ("complex", COMPLEX_AND_WORDS), ("dressing", DRESSING),
    ]
    for g, a, want in rows
]


@pytest.mark.parametrize(("gold", "answer", "want"), TABLE)
def test_math_answer(gold: str, answer: str, want: bool) -> None:
    v = check(gold, f"Working it through, the answer is $\\boxed{{{answer}}}$.", "math")
    assert v.correct is want, v
    assert v.reason == ("match" if want else "mismatch")


def test_table_is_large_enough() -> None:
    assert len(TABLE) >= 120
