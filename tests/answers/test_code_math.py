"""Answers written as code (sympy's and Python's prints), read as the LaTeX they stand for."""

from __future__ import annotations

import pytest

from star_cli.answers import check
from star_cli.answers.code_math import code_math

REWRITES = [
    ("4*sqrt(5)", "4*\\sqrt{5}"),
    ("sqrt(2)/2", "\\sqrt{2}/2"),
    ("2**10", "2^{10}"),
    ("2**-1", "2^{-1}"),
    ("2**(-3)", "2^{(-3)}"),
    ("2**sqrt(2)", "2^{\\sqrt{2}}"),
    ("x**2 + 2*x + 1", "x^{2} + 2*x + 1"),
    ("3*pi/4", "3*\\pi /4"),
    ("exp(-2)", "e^{-2}"),
    ("Rational(3, 4)", "\\frac{3}{ 4}"),
    ("Fraction(1, 6)", "\\frac{1}{ 6}"),
    ("Interval.open(-2, 3)", "(-2, 3)"),
    ("Interval.Lopen(0, 1)", "(0, 1]"),
    ("Interval(0, 1)", "[0, 1]"),
    ("[0, oo)", "[0, \\infty)"),
    ("(1, 2*sqrt(3))", "(1, 2*\\sqrt{3})"),
    ("7 + I", "7 + i"),
    ("Abs(x)", "\\left|x\\right|"),
    ("atan(1)", "\\arctan(1)"),
    ("x = 2*sqrt(3)", "x = 2*\\sqrt{3}"),
    ("10**3 = 1,000", "10^{3} = 1,000"),  # a thousands comma stays one
]


@pytest.mark.parametrize(("code", "latex"), REWRITES)
def test_a_printed_value_is_rewritten_as_latex(code: str, latex: str) -> None:
    assert code_math(code) == latex


NOT_CODE = [
    "42", "4\\sqrt{5}", "\\pi/3", "4*5",  # LaTeX, or a product the reader reads as it is
    "**42**", "5 **apples", "2 **3",  # Markdown's bold
    "2**3**2",  # right-associative in Python: 2**(3**2), not (2**3)**2
    "1 +- sqrt(2)",  # a ± that a minus would be read for
    "f(3)", "print(x)", "f(x)*g(x)", "sqrt(5", "sqrt(2]",  # calls it does not know, unclosed
    "I think 5", "12 (3*4)", "a*b*c", "hello*world",
]


@pytest.mark.parametrize("text", NOT_CODE)
def test_what_is_no_printed_value_is_left_alone(text: str) -> None:
    assert code_math(text) is None


FENCE = "```json\n{{\"answer\": \"{}\"}}\n```"
JUDGED = [
    # (gold, completion, correct)
    ("4\\sqrt{5}", "The answer is 4*sqrt(5).", True),
    ("4\\sqrt{5}", "<answer>4*sqrt(5)</answer>", True),
    ("4\\sqrt{5}", "The answer is 2*sqrt(5).", False),
    ("\\frac{\\pi}{3}", "The answer is pi/3.", True),
    ("2^{10}", "The answer is 2**10.", True),
    ("1024", "The answer is 2**10.", True),
    ("\\frac{1}{8}", "So the answer is 2**(-3).", True),
    ("\\frac{1}{221}", "Final answer: Fraction(1, 221)", True),
    ("(-2,3)", "<answer>Interval.open(-2, 3)</answer>", True),
    ("-i", "<answer>-I</answer>", True),
    ("x^2+2x+1", "The answer is x**2 + 2*x + 1", True),
    ("\\sqrt{2}", "The answer is sqrt(2) or 1.41", False),  # two values offered
    ("64", "The answer is 2**3**2.", False),  # 512
    ("1-\\sqrt{2}", "\\boxed{1 +- sqrt(2)}", False),
    ("5", "The answer is 5 **apples**.", True),
    # a gold as sympy prints it
    ("sqrt(2)/2", "The answer is $\\frac{\\sqrt{2}}{2}$.", True),
    ("sqrt(2)/2", "The answer is $\\frac{\\sqrt{3}}{2}$.", False),
    # a rival in a fence, in code: the same value, or another
    ("4\\sqrt{5}", "The distance is $\\boxed{4\\sqrt{5}}$.\n\n" + FENCE.format("4*sqrt(5)"), True),
    ("4\\sqrt{5}", "The distance is $\\boxed{4\\sqrt{5}}$.\n\n" + FENCE.format("2*sqrt(3)"), False),
]


@pytest.mark.parametrize(("gold", "completion", "correct"), JUDGED)
def test_code_answers_are_judged_by_their_value(gold: str, completion: str, correct: bool) -> None:
    assert check(gold, completion, "math").correct is correct


SECOND_THOUGHTS = [
    # a second thought after the box states another LaTeX value: a hedge, as with numbers
    ("2\\sqrt{3}", "So $\\boxed{2\\sqrt{3}}$.\n\nAlternatively the answer could be $4\\sqrt{3}$.",
     False),
    ("\\frac{1}{2}", "So $\\boxed{\\frac{1}{2}}$.\n\nOtherwise it is $\\frac{1}{3}$.", False),
    ("\\frac{1}{2}", "So $\\boxed{\\frac{1}{2}}$.\n\nHowever, if the coin were biased, the "
     "probability would be $\\frac{2}{3}$.", False),
    # the same value in another form, another method, a check: nothing taken back
    ("2\\sqrt{3}", "So $\\boxed{2\\sqrt{3}}$.\n\nAlternatively, the answer could be written as "
     "$\\sqrt{12}$.", True),
    ("\\frac{1}{2}", "So $\\boxed{\\frac{1}{2}}$.\n\nAlternatively, we can compute $\\frac{2}{4}$ "
     "and simplify.", True),
    ("\\frac{1}{2}", "So $\\boxed{\\frac{1}{2}}$.\n\nLet me double-check: the answer is "
     "$\\frac{1}{2}$.", True),
]


@pytest.mark.parametrize(("gold", "completion", "correct"), SECOND_THOUGHTS)
def test_a_second_thought_in_latex_after_the_answer(gold: str, completion: str,
                                                     correct: bool) -> None:
    assert check(gold, completion, "math").correct is correct
