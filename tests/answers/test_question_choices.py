"""Choices written into a math question's text (answers/options.py): the question pairs
each letter with its value, so a letter answers a value gold and a value a letter gold, and
a completion's own claim of which letter a value is cannot override it. Forms written for
these tests."""

import pytest

from star_cli.answers import check
from star_cli.answers.options import question_options

AMC = ("What is the least common multiple of $12$ and $18$ minus their greatest common "
       "divisor?\n\n$\\textbf{(A)}\\ 24 \\qquad \\textbf{(B)}\\ 30 \\qquad \\textbf{(C)}\\ 36 "
       "\\qquad \\textbf{(D)}\\ 42 \\qquad \\textbf{(E)}\\ 48$")
PLAIN = "A rectangle has perimeter 30 and length twice its width. Its area? (A) 40 (B) 45 (C) 50 " \
        "(D) 54 (E) 60"
LINES = "Which is the slope of the line through (1, 2) and (4, 11)?\nA. 1/3\nB. 2\nC. 3\nD. 9"
FRACTIONS = ("What is $\\frac{2}{3} + \\frac{3}{4}$?\n\n$\\textbf{(A)}\\ \\frac{5}{7} \\qquad "
             "\\textbf{(B)}\\ \\frac{17}{12} \\qquad \\textbf{(C)}\\ \\frac{6}{7} \\qquad "
             "\\textbf{(D)}\\ \\frac{5}{12}$")


@pytest.mark.parametrize(("question", "options"), [
    (AMC, {"A": "24", "B": "30", "C": "36", "D": "42", "E": "48"}),
    (PLAIN, {"A": "40", "B": "45", "C": "50", "D": "54", "E": "60"}),
    (LINES, {"A": "1/3", "B": "2", "C": "3", "D": "9"}),
    (FRACTIONS, {"A": "\\frac{5}{7}", "B": "\\frac{17}{12}", "C": "\\frac{6}{7}",
                 "D": "\\frac{5}{12}"}),
    ("Find $x$ if (a) $x + 1 = 2$ and (b) $x - 1 = 0$.", None),  # parts, no choices
    ("Is (A) right? Explain.", None),  # one label is no list
    ("(A) 1 (C) 2 (B) 3 (D) 4", None),  # out of order
    (None, None),
])
def test_the_choices_a_question_lists(question, options):
    assert question_options(question) == options


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    # a value gold, answered by the letter the question pairs with it
    ("30", "$36 - 6 = 30$.\n\nThis matches choice B.\n\nAnswer: B", True),
    ("30", "$36 - 6 = 30$.\n\n$\\boxed{\\text{(B)}}$", True),
    ("30", "$36 - 6 = 30$.\n\n$\\boxed{30}$", True),
    ("30", "$36 + 6 = 42$.\n\nAnswer: D", False),
    # the completion says its value is choice (E); the question says (E) is 48
    ("30", "So the value is $30$, which is choice $\\textbf{(E)}$.\n\nAnswer: (E)", False),
    # a letter gold, answered by its value
    ("\\text{(B)}", "$36 - 6 = 30$.\n\nSo the answer is $30$.", True),
    ("B", "$36 - 6 = 30$.\n\n$\\boxed{30}$", True),
    ("B", "$36 - 12 = 24$.\n\n$\\boxed{24}$", False),  # (A)'s value
    ("B", "$36 - 6 = 30$.\n\n$\\boxed{B}$", True),
    ("B", "$36 - 6 = 30$.\n\n$\\boxed{C}$", False),
])
def test_letters_and_values_by_the_question(gold, completion, correct):
    assert check(gold, completion, "math", question=AMC).correct is correct


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("50", "Width 5, length 10, area 50.\n\nFinal answer: (C)", True),
    ("C", "Width 5, length 10, area 50.\n\n$\\boxed{50}$", True),
    ("C", "Width 5, length 10, area 50.\n\n$\\boxed{54}$", False),
])
def test_choices_written_inline_without_latex(gold, completion, correct):
    assert check(gold, completion, "math", question=PLAIN).correct is correct


def test_a_fraction_choice_by_its_value():
    completion = "$\\frac{8}{12} + \\frac{9}{12} = \\frac{17}{12}$.\n\n$\\boxed{\\frac{17}{12}}$"
    assert check("B", completion, "math", question=FRACTIONS).correct
    assert not check("C", completion, "math", question=FRACTIONS).correct


def test_a_question_without_choices_changes_nothing():
    assert not check("B", "So the answer is $30$.", "math", question="What is 6 times 5?").correct
