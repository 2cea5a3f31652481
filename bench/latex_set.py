"""MATH-style answers for bench/check.py, written by us: (gold, equivalent forms, wrong forms).

Every "right" form is mathematically equal to the gold in the convention MATH graders use
(tuples ordered, sets and answer lists unordered, brackets of intervals significant); every
"wrong" form is a different answer, often a near miss a model would write.
"""

from __future__ import annotations

SET: list[tuple[str, list[str], list[str]]] = [
    # fractions and decimals
    (r"\frac{3}{4}", [r"\dfrac{3}{4}", r"0.75", r"\frac{6}{8}", r"3/4"], [r"\frac{4}{3}", r"0.7"]),
    (r"\frac{1}{2}", [r"\tfrac12", r"0.5", r"\frac{2}{4}"], [r"\frac{1}{3}", r"2"]),
    (r"-\frac{5}{2}", [r"-2.5", r"\frac{-5}{2}", r"-2\frac{1}{2}"],
     [r"\frac{5}{2}", r"-\frac{2}{5}"]),
    (r"\frac{7}{12}", [r"\frac{14}{24}", r"\dfrac{7}{12}"], [r"\frac{7}{11}", r"0.58"]),
    (r"\frac{1}{9}", [r"\frac{2}{18}", r"\frac19"], [r"0.111", r"\frac{1}{8}"]),
    (r"\frac{16}{5}", [r"3.2", r"3\frac{1}{5}", r"\frac{32}{10}"], [r"\frac{5}{16}", r"3.25"]),
    (r"\frac{11}{36}", [r"\dfrac{11}{36}", r"\frac{22}{72}"], [r"\frac{11}{35}", r"\frac{1}{3}"]),
    (r"0.25", [r"\frac14", r"\frac{1}{4}", r"25\%"], [r"0.52", r"\frac{1}{5}"]),
    (r"\frac{3}{8}", [r"0.375", r"\frac{9}{24}"], [r"\frac{3}{7}", r"0.38"]),
    (r"1.5", [r"\frac{3}{2}", r"1\frac{1}{2}", r"\frac{15}{10}"], [r"1.05", r"\frac{2}{3}"]),
    # integers with dressing
    (r"120", [r"120^\circ", r"120.0", r"\text{120}"], [r"12", r"-120"]),
    (r"1,\!000", [r"1000", r"1{,}000", r"1,000"], [r"100", r"10000"]),
    (r"-7", [r"-7.0", r"- 7", r"\left(-7\right)"], [r"7", r"-\frac{1}{7}"]),
    (r"36", [r"6^2", r"36 \text{ square units}"], [r"35", r"6"]),
    (r"\$18.90", [r"18.90", r"18.9", r"\$18.9"], [r"\$19.80", r"1890"]),
    # roots
    (r"2\sqrt{3}", [r"\sqrt{12}", r"2 \sqrt 3", r"\sqrt{3}\cdot 2"], [r"3\sqrt{2}", r"\sqrt{6}"]),
    (r"\frac{\sqrt{2}}{2}", [r"\frac{1}{\sqrt{2}}", r"\frac{\sqrt2}2", r"\sqrt{\frac{1}{2}}"],
     [r"\sqrt{2}", r"\frac{\sqrt{3}}{2}"]),
    (r"5\sqrt{5}", [r"\sqrt{125}", r"5 \sqrt{5}"], [r"25", r"\sqrt{5}"]),
    (r"3+2\sqrt{2}", [r"2\sqrt{2}+3", r"(1+\sqrt2)^2"], [r"3-2\sqrt{2}", r"5\sqrt{2}"]),
    (r"\sqrt[3]{4}", [r"4^{1/3}", r"2^{2/3}"], [r"\sqrt{4}", r"\sqrt[3]{2}"]),
    (r"\frac{3\sqrt{3}}{4}", [r"\frac{3}{4}\sqrt{3}", r"0.75\sqrt3"], [r"\frac{3\sqrt{3}}{2}",
     r"\frac{\sqrt{3}}{4}"]),
    (r"4\sqrt{6}", [r"\sqrt{96}", r"2\sqrt{24}"], [r"6\sqrt{4}", r"4\sqrt{3}"]),
    (r"\sqrt{2}", [r"2^{1/2}", r"\sqrt 2"], [r"1.414", r"2"]),
    (r"\frac{1+\sqrt{5}}{2}", [r"\frac{\sqrt{5}+1}{2}", r"\frac{1}{2}+\frac{\sqrt5}{2}"],
     [r"\frac{1-\sqrt{5}}{2}", r"1+\sqrt{5}"]),
    (r"6-2\sqrt{5}", [r"(\sqrt5-1)^2", r"-2\sqrt5+6"], [r"6+2\sqrt{5}", r"4"]),
    # pi, e, exponents, logs
    (r"4\pi", [r"4 \pi", r"\pi \cdot 4", r"\frac{8\pi}{2}"], [r"2\pi", r"4"]),
    (r"\frac{\pi}{3}", [r"\frac13\pi", r"\frac{2\pi}{6}"], [r"\frac{\pi}{6}", r"60"]),
    (r"36\pi", [r"36 \pi", r"6^2\pi"], [r"12\pi", r"113.1"]),
    (r"\frac{9\pi}{2}", [r"4.5\pi", r"\frac{9}{2}\pi"], [r"9\pi", r"\frac{2\pi}{9}"]),
    (r"2^{10}", [r"1024", r"4^5"], [r"2^{11}", r"20"]),
    (r"3^{-2}", [r"\frac{1}{9}", r"\frac19"], [r"-9", r"\frac{1}{6}"]),
    (r"e^2", [r"e^{2}", r"e\cdot e"], [r"2e", r"e^3"]),
    (r"\log_2 5", [r"\frac{\ln 5}{\ln 2}", r"\log_{2}5"], [r"\log_5 2", r"\log_2 6"]),
    (r"100\pi - 200", [r"-200+100\pi", r"100(\pi-2)"], [r"100\pi+200", r"200-100\pi"]),
    # polynomials and expressions
    (r"x^2+2x+1", [r"(x+1)^2", r"1+2x+x^2"], [r"x^2+1", r"(x-1)^2"]),
    (r"(x-3)(x+2)", [r"x^2-x-6", r"(x+2)(x-3)"], [r"x^2+x-6", r"(x-2)(x+3)"]),
    (r"2x^3-8x", [r"2x(x-2)(x+2)", r"2x(x^2-4)"], [r"2x^3+8x", r"2x(x-4)"]),
    (r"\frac{x+1}{x-1}", [r"\frac{1+x}{x-1}", r"\frac{-x-1}{1-x}"], [r"\frac{x-1}{x+1}",
     r"\frac{x+1}{1-x}"]),
    (r"3a^2b", [r"3ba^2", r"a\cdot 3ab"], [r"3ab^2", r"9a^2b"]),
    (r"x^4-1", [r"(x^2+1)(x-1)(x+1)", r"(x^2-1)(x^2+1)"], [r"x^4+1", r"(x-1)^4"]),
    (r"6x+9", [r"3(2x+3)", r"9+6x"], [r"6x+3", r"2x+3"]),
    (r"n^2+n", [r"n(n+1)", r"(n+1)n"], [r"n^2", r"n(n-1)"]),
    (r"\frac{1}{x^2}", [r"x^{-2}", r"\frac{1}{x \cdot x}"], [r"x^2", r"\frac{2}{x}"]),
    (r"4y^2-9", [r"(2y-3)(2y+3)", r"-9+4y^2"], [r"(2y-3)^2", r"4y^2+9"]),
    # equations
    (r"y=2x+3", [r"y = 3 + 2x", r"2x+3"], [r"y=3x+2", r"y=2x-3"]),
    (r"x=5", [r"5", r"x = 5.0"], [r"x=-5", r"25"]),
    (r"y = -\frac{1}{2}x + 4", [r"y=4-\frac{x}{2}", r"-0.5x+4"], [r"y=\frac{1}{2}x+4",
     r"y=-2x+4"]),
    (r"k=-3", [r"-3", r"k = -3"], [r"3", r"k=-\frac{1}{3}"]),
    # ordered tuples and points
    (r"(2, -1)", [r"(2,-1)", r"\left(2, -1\right)", r"(2.0, -1)"], [r"(-1, 2)", r"(2, 1)"]),
    (r"(1, 2, 3)", [r"(1,2,3)", r"\left(1, 2, 3\right)"], [r"(3, 2, 1)", r"(1, 2)"]),
    (r"\left(3, \frac{\pi}{2}\right)", [r"(3, \pi/2)", r"\left(3,\frac{\pi}{2}\right)"],
     [r"(3, \pi)", r"(\frac{\pi}{2}, 3)"]),
    (r"(-\frac{1}{2}, \frac{3}{2})", [r"(-0.5, 1.5)", r"\left(-\frac12,\frac32\right)"],
     [r"(\frac{3}{2}, -\frac{1}{2})", r"(-0.5, 2.5)"]),
    (r"(0, 0, 1)", [r"(0,0,1)"], [r"(1, 0, 0)", r"(0, 1, 0)"]),
    (r"(4, 2\sqrt{2})", [r"(4, \sqrt{8})", r"(4,2\sqrt2)"], [r"(2\sqrt{2}, 4)", r"(4, 2)"]),
    # intervals
    (r"[2, 5)", [r"[2,5)", r"x \in [2, 5)"], [r"(2, 5)", r"[2, 5]"]),
    (r"(-\infty, 3]", [r"(-\infty,3]", r"\left(-\infty, 3\right]"], [r"(-\infty, 3)",
     r"[3, \infty)"]),
    (r"(0, \infty)", [r"(0,\infty)", r"\left(0, \infty\right)"], [r"[0, \infty)", r"(1, \infty)"]),
    (r"(-\infty, -1) \cup (1, \infty)", [r"(1,\infty)\cup(-\infty,-1)",
     r"(-\infty,-1)\cup(1,\infty)"], [r"(-1, 1)", r"(-\infty, -1] \cup [1, \infty)"]),
    (r"[-\frac{1}{2}, \frac{1}{2}]", [r"[-0.5, 0.5]", r"\left[-\frac12, \frac12\right]"],
     [r"(-\frac{1}{2}, \frac{1}{2})", r"[-1, 1]"]),
    (r"(-3, 4]", [r"(-3,4]"], [r"[-3, 4]", r"(-3, 4)"]),
    # sets and several answers
    (r"\{1, 2, 3\}", [r"\{3, 2, 1\}", r"\{1,2,3\}"], [r"\{1, 2\}", r"\{1, 2, 4\}"]),
    (r"2, -3", [r"-3, 2", r"x = 2, x = -3", r"2 \text{ and } -3"], [r"2", r"2, 3"]),
    (r"1 \pm \sqrt{2}", [r"1+\sqrt{2}, 1-\sqrt{2}", r"1-\sqrt2, 1+\sqrt2"],
     [r"1+\sqrt{2}", r"-1 \pm \sqrt{2}"]),
    (r"-1, 0, 1", [r"0, 1, -1", r"1, -1, 0"], [r"-1, 1", r"0, 1, 2"]),
    (r"\frac{-3 \pm \sqrt{5}}{2}", [r"\frac{-3+\sqrt5}{2}, \frac{-3-\sqrt5}{2}"],
     [r"\frac{3 \pm \sqrt{5}}{2}", r"-3 \pm \sqrt{5}"]),
    (r"\{-2, 2\}", [r"\{2, -2\}", r"-2, 2", r"\pm 2"], [r"\{2\}", r"\{-2, 2, 0\}"]),
    # complex numbers
    (r"3 + 4i", [r"4i + 3", r"3+4 i"], [r"3 - 4i", r"4 + 3i"]),
    (r"-\frac{5}{4} + \frac{1}{4}i", [r"\frac{-5+i}{4}", r"-1.25 + 0.25i"],
     [r"\frac{5+i}{4}", r"-\frac{5}{4}-\frac{1}{4}i"]),
    (r"1 - i", [r"-i + 1", r"\frac{2-2i}{2}"], [r"1 + i", r"i - 1"]),
    # matrices
    (r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", [r"\begin{pmatrix}1&2\\3&4\end{pmatrix}",
     r"\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}"],
     [r"\begin{pmatrix} 1 & 3 \\ 2 & 4 \end{pmatrix}", r"\begin{pmatrix} 1 & 2 \end{pmatrix}"]),
    (r"\begin{pmatrix} 2 \\ -1 \end{pmatrix}", [r"\begin{pmatrix}2\\-1\end{pmatrix}",
     r"\begin{pmatrix} 4/2 \\ -1 \end{pmatrix}"], [r"\begin{pmatrix} -1 \\ 2 \end{pmatrix}",
     r"\begin{pmatrix} 2 \\ 1 \end{pmatrix}"]),
    # words and choices
    (r"\text{(C)}", [r"\text{(C)}", r"(C)", r"C"], [r"\text{(D)}", r"(A)"]),
    (r"\text{Tuesday}", [r"\text{Tuesday}", r"Tuesday"], [r"\text{Monday}", r"Thursday"]),
    # trig
    (r"\frac{\sqrt{3}}{2}", [r"\sin\frac{\pi}{3}", r"\cos\frac{\pi}{6}", r"\frac{1}{2}\sqrt{3}"],
     [r"\frac{1}{2}", r"\frac{\sqrt{2}}{2}"]),
    (r"\tan^2 \frac{\pi}{6}", [r"\frac{1}{3}", r"\frac13"], [r"\frac{1}{\sqrt3}", r"3"]),
]


def pairs() -> list[tuple[str, str, bool]]:
    """(gold, completion, expected) with the answer boxed at the end of a short rationale."""
    out = []
    for gold, rights, wrongs in SET:
        for pred, expected in [(r, True) for r in rights] + [(w, False) for w in wrongs]:
            completion = (
                "We set up the problem and simplify each step carefully. Combining the "
                f"results, the final answer is $\\boxed{{{pred}}}$."
            )
            out.append((gold, completion, expected))
    return out
