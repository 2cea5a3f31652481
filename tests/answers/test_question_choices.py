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


@pytest.mark.parametrize("choices", [
    "$\\mathrm{(A) \\ } 18 \\qquad \\mathrm{(B) \\ } 24 \\qquad \\mathrm{(C) \\ } 30 \\qquad "
    "\\mathrm{(D) \\ } 36 \\qquad \\mathrm{(E) \\ } 42$",
    "$\\textbf{(A)}\\hspace{.05in}18\\qquad\\textbf{(B)}\\hspace{.05in}24\\qquad\\textbf{(C)}"
    "\\hspace{.05in}30\\qquad\\textbf{(D)}\\hspace{.05in}36\\qquad\\textbf{(E)}\\hspace{.05in}42$",
    "$\\textbf{(A)}\\ 18 \\qquad \\textbf{(B)}\\ 24 \\qquad \\textbf{(C)}\\ 30 \\\\ "
    "\\textbf{(D)}\\ 36 \\qquad \\textbf{(E)}\\ 42$",
    "(A) 18 (B) 24 (C) 30 (D) 36 (E) 42 Please reason step by step.",
])
def test_choice_layouts_as_amc_writes_them(choices):
    assert question_options(f"What is it?\n\n{choices}") == {
        "A": "18", "B": "24", "C": "30", "D": "36", "E": "42"}


def test_a_table_of_named_rows_lists_no_choices():
    question = "Books read this month:\nA: 12\nB: 15\nC: 9\nD: 20\nHow many did the top club read?"
    assert question_options(question) is None
    assert not check("20", "Club D read the most.\n\n$\\boxed{D}$", "math",
                     question=question).correct


def test_a_choice_in_words_keeps_its_words():
    question = "Which is prime? (A) 4 (B) 6 (C) 8 (D) 9 (E) None of these"
    assert question_options(question)["E"] == "None of these"


def test_a_bare_digit_argument_names_the_same_choice():
    question = "Distance? $\\textbf{(A)}\\ 2 \\qquad \\textbf{(B)}\\ 3 \\qquad \\textbf{(C)}\\ " \
               "2\\sqrt3 \\qquad \\textbf{(D)}\\ 4$"
    assert check("2\\sqrt{3}", "$d = 2\\sqrt{3}$, choice (C).\n\n$\\boxed{C}$", "math",
                 question=question).correct


REMOVED = ("The average of five numbers is $12$. After one is removed, the average of the other "
           "four is $10$. What number was removed?\n\n(A) $20$ (B) $22$ (C) $2$ (D) $10$ "
           "(E) $12$")


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    # the work concludes one choice's value, the answer names another choice
    ("A", "The removed number is the difference: $12 - 10 = 2$.\n\n**Answer: (A)**", False),
    ("C", "The removed number is the difference: $12 - 10 = 2$.\n\n**Answer: (C)**", True),
    ("C", "Therefore the value is $2$.\n\n$\\boxed{C}$", True),
    ("A", "Therefore the value is $2$.\n\n$\\boxed{A}$", False),
    # a table of every choice before the answer is no conclusion of one
    ("D", "Checking each:\n\n| Option | Value |\n|---|---|\n| (D) | $10$ | ✓ |\n"
          "| (E) | $12$ | ✗ |\n\n**Answer: (D)**", True),
    # a letter and the prose's value agree where the question pairs them
    ("D", 'The remaining four sum to $40$, so it is $60 - 40 = 10$.\n\n```json\n'
          '{"answer": "D"}\n```', True),
])
def test_the_work_against_the_letter(gold, completion, correct):
    assert check(gold, completion, "math", question=REMOVED).correct is correct
