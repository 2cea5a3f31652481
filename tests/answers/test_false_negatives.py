"""Clearly correct answers that star used to judge wrong, one table per class of form.

Each row is (checker, gold, completion, correct, reason). Every class has several forms,
right and wrong, and negative controls: a rule that reads more answers must not let a wrong
or hedged one through.
"""

from __future__ import annotations

import pytest

from star_cli.answers.checker import Verdict
from star_cli.records import Choice
from star_cli.registry import make_checker
from tests.conftest import finishes

CHOICES = tuple(Choice(label, text) for label, text in zip(
    "ABCDE", ("bank", "library", "printing press", "classroom", "blotter"), strict=True))
MATCH, MISMATCH, AMBIGUOUS, NO_ANSWER = "match", "mismatch", "ambiguous", "no_answer"


def judge(checker: str, gold: str, completion: str) -> Verdict:
    c = make_checker(checker)
    return c.judge(c.prepare(gold, CHOICES if checker == "choice" else None), completion)


def rows(kind: str, table: list[tuple[str, str, str, bool, str]]) -> list:
    return [pytest.param(*row, id=f"{kind}-{k}") for k, row in enumerate(table)]


# LaTeX dressing around a number, and the degree sign, never change it.
LATEX_DRESSING = [
    ("numeric", "42", r"The answer is \(42\).", True, MATCH),
    ("numeric", "42", r"The answer is \[42\]", True, MATCH),
    ("numeric", "42", r"#### \(42\)", True, MATCH),
    ("numeric", "42", r"**Answer:** \(42\)", True, MATCH),
    ("numeric", "42", r"Answer: $\mathbf{42}$", True, MATCH),
    ("numeric", "42", r"Final answer: $\boldsymbol{42}$", True, MATCH),
    ("numeric", "42", r"The answer is ${42}$.", True, MATCH),
    ("numeric", "30", "The answer is 30°.", True, MATCH),
    ("numeric", "30", "The angle is 30°.", True, MATCH),
    ("numeric", "-5", r"The answer is \(-5\)°C.", True, MATCH),
    ("numeric", "43", r"The answer is \(42\).", False, MISMATCH),
    ("numeric", "42", r"Answer: $\mathbf{24}$", False, MISMATCH),
    ("numeric", "30", "The answer is 31°.", False, MISMATCH),
    ("numeric", "42", r"The answer is \(42\) or \(43\).", False, AMBIGUOUS),
]

# A marker written inside a box is part of the box: its value is what follows the marker.
MARKER_IN_BOX = [
    ("numeric", "42", r"\boxed{\text{The answer is }42}", True, MATCH),
    ("math", "42", r"\boxed{\text{The answer is }42}", True, MATCH),
    ("math", "42", r"So $\boxed{\text{The final answer is } 42}$.", True, MATCH),
    ("math", "42", r"$\boxed{\text{Answer: } 42}$", True, MATCH),
    ("math", "42", r"\boxed{\text{The answer is 42}}", True, MATCH),
    ("math", "43", r"\boxed{\text{The answer is }42}", False, MISMATCH),
    ("math", "42", r"\boxed{\text{The answer is }42 \text{ or } 43}", False, AMBIGUOUS),
    # (a box, then a final answer of another value on the next line: two final answers)
    ("math", "42", "\\boxed{4}\n\nThe answer is 42.", False, AMBIGUOUS),
    ("math", "4", "\\boxed{4}\n\nThe answer is 42.", False, MISMATCH),
]

# Closing paragraphs that state nothing (a sign-off) do not hide the final statement before
# them; a closing paragraph that states a value, doubts or takes back still counts.
SIGN_OFF = [
    ("numeric", "42", "So there are 42 students in total.\n\nI hope this helps!", True, MATCH),
    ("math", "42", "So there are 42 students in total.\n\nLet me know if you have questions.",
     True, MATCH),
    ("numeric", "42", "Thus the class has 42 students.\n\nGood luck with your homework!", True,
     MATCH),
    ("numeric", "42", "So there are 42 students in total.\n\nNote: all values are in dollars.",
     True, MATCH),
    ("math", "42", "So there are 42 students in total.\n\nThis problem tests multiplication.",
     True, MATCH),
    ("numeric", "42", "So there are 42 students.\n\nHappy studying!\n\n---", True, MATCH),
    ("choice", "B", "So the best place is (b) library.\n\nHope this helps!", True, MATCH),
    ("math", r"\frac{1}{2}", "The probability is $\\frac{1}{2}$.\n\nHope that helps!", True,
     MATCH),
    ("numeric", "76", "Rose bought 76 cakes in total.\n\n— Solved with care, 2024", True, MATCH),
    ("numeric", "76", "Rose bought 76 cakes in total.\n\n-- Your math tutor", True, MATCH),
    ("numeric", "43", "So there are 42 students in total.\n\nI hope this helps!", False,
     MISMATCH),
    ("numeric", "42", "Rose bought 42 cakes.\n\n— so the total is 76 cakes.", False, MISMATCH),
    ("numeric", "2024", "Rose bought 76 cakes in total.\n\n— Solved with care, 2024", False,
     MISMATCH),
    ("numeric", "42", "So there are 42 students.\n\nWait, that can't be right.", False,
     NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nBut that seems like too many.", False,
     NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nIs that right?", False, NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nSo there are 43 students.", False,
     MISMATCH),
    ("numeric", "42", "So there are 42 students.\n\nOops, I made a mistake somewhere.", False,
     NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nI might have misread the problem.", False,
     NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nThis seems too high.", False, NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nOn reflection, the total is different.",
     False, NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nThis assumes no one is absent.", False,
     NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nFeel free to ask if anything is unclear!",
     True, MATCH),
    ("numeric", "42", "So there are 42 students.\n\nDisclaimer: this is just an estimate.",
     False, NO_ANSWER),
    ("numeric", "42", "So there are 42 students.\n\nJust kidding.", False, NO_ANSWER),
]

# The reason given for a final statement's value is no part of it.
STATED_RESULT = [
    ("numeric", "42", "The theater seats 42 people in all, since each of the 6 rows has 7 "
     "seats.", True, MATCH),
    ("math", "42", "The theater seats 42 people in all, since each of the 6 rows has 7 seats.",
     True, MATCH),
    ("numeric", "42", "She has 42 apples because she bought 6 bags of 7.", True, MATCH),
    ("numeric", "42", "There are 42 seats, as each of the 6 rows has 7.", True, MATCH),
    ("numeric", "42", "So 42 chairs are needed given that 6 tables seat 7 each.", True, MATCH),
    ("numeric", "7", "The theater seats 42 people in all, since each of the 6 rows has 7 "
     "seats.", False, MISMATCH),
    ("numeric", "14", "She has 7 times as many as 2, so 14.", True, MATCH),
    ("numeric", "42", "She has at least 42 apples, since each bag has 7.", False, AMBIGUOUS),
    ("numeric", "42", "Since each of the 6 rows has 7 seats, there are 42 seats.", True, MATCH),
    ("numeric", "9", "She had 12 apples, but since 3 were eaten, 9 remain.", True, MATCH),
    ("numeric", "12", "She had 12 apples, but since 3 were eaten, 9 remain.", False, MISMATCH),
    ("numeric", "12", "He has 12 now because he had 15, so 3 were lost.", False, MISMATCH),
]


# A marked answer that goes on past its value into prose: the value is the answer, the rest a
# tail held to the hedge rules (alternatives, bounds, doubt, conditions, take-backs, a
# negation of the answer itself); math's commas, brackets and intervals are never cut.
CLAUSE_AFTER_VALUE = [
    ("numeric", "42", "The answer is 42 (since 6 × 7 = 42).", True, MATCH),
    ("math", "42", "The answer is 42, because 6 × 7 = 42.", True, MATCH),
    ("numeric", "42", "The answer is 42 since each row has 7.", True, MATCH),
    ("math", "42", "The answer is 42 as 6 rows of 7 make 42.", True, MATCH),
    ("numeric", "42", "The answer is 42 (6 rows × 7 seats).", True, MATCH),
    ("math", "42", "The answer is 42 — six rows of seven.", True, MATCH),
    ("numeric", "42", "So the final answer is 42; that is the number of seats.", True, MATCH),
    ("math", "42", "The answer is 42 (i.e., 6 × 7).", True, MATCH),
    ("numeric", "42", "The answer is 42 [6 × 7].", True, MATCH),
    ("math", "42", "The answer is 42 [6 × 7].", True, MATCH),
    ("numeric", "42", "The answer is 42: 6 rows of 7.", True, MATCH),
    ("math", "42", "Answer: 42 (seats)", True, MATCH),
    ("numeric", "42", "The answer is 42, which is 6 × 7.", True, MATCH),
    ("math", "42", "Final answer: 42, as required.", True, MATCH),
    ("numeric", "42", "The answer is 42 (forty-two).", True, MATCH),
    ("numeric", "42", "#### 42 (the seats in the hall)", True, MATCH),
    ("math", r"\frac{1}{2}", r"The answer is $\frac{1}{2}$, since half the cards are red.",
     True, MATCH),
    ("math", r"2\pi", r"The answer is 2\pi (the circumference of a unit circle).", True, MATCH),
    ("numeric", "42", "The answer is 42, not 43.", True, MATCH),
    ("numeric", "42", "The answer is 42 (not counting the teacher).", True, MATCH),
    ("choice", "B", "The answer is B because libraries lend books.", True, MATCH),
    ("choice", "B", "The answer is B, library.", True, MATCH),
    ("choice", "B", "The answer is B - library", True, MATCH),
    ("choice", "B", "Answer: B (library)", True, MATCH),
    ("choice", "B", "The answer is B (library), not A (bank).", True, MATCH),
    ("choice", "A", "The answer is B (library), not A (bank).", False, MISMATCH),
    ("choice", "B", "The answer is B (bank).", False, AMBIGUOUS),
    ("choice", "B", "The answer is B, bank.", False, AMBIGUOUS),
    ("choice", "B", "The answer is B (or C).", False, AMBIGUOUS),
    ("choice", "B", "The answer is library (C).", False, AMBIGUOUS),
    ("choice", "B", "The answer is (B) and (C).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is **42** (6 rows of 7).", True, MATCH),
    ("math", "42", "The answer is **42** (6 rows of 7).", True, MATCH),
    ("numeric", "42", "The answer is $42, since each ticket costs $6.", True, MATCH),
    ("numeric", "42", "The answer is 42, i.e. 6 × 7.", True, MATCH),
    ("math", "(1, 2)", "The answer is (1, 2), the point of intersection.", True, MATCH),
    ("math", "[0, 1)", "The answer is [0, 1), since f is increasing.", True, MATCH),
    ("choice", "B", "The answer is (B) because libraries lend books.", True, MATCH),
    ("choice", "B", "The answer is B: library.", True, MATCH),
    ("math", r"\frac{3}{4}", r"The answer is $\frac{3}{4}$ (three quarters of the pizza).",
     True, MATCH),
    ("numeric", "0.5", "The answer is 0.5 (i.e., one half).", True, MATCH),
    ("math", "x^2-1", "The answer is $x^2 - 1$ (after expanding).", True, MATCH),
    # the tail is held to the hedge rules
    ("numeric", "42", "The answer is 42 (after tax).", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (half of 84).", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (a half).", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (one half).", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (I think).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, hopefully.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (give or take).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (could be 43).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 - wait, 43.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, which is not the final answer.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (plus 3 staff).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 — or 45 with the staff.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (per row).", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (correction: 43).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (I mean 43).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (just kidding, 41).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 [should be 43].", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (before tax).", False, MISMATCH),
    ("numeric", "42", "The answer is 42; 43 is also possible.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, rather than 43.", True, MATCH),
    ("choice", "B", "The answer is B; C is also correct.", False, AMBIGUOUS),
    ("choice", "B", "The answer is B, because A is a bank.", True, MATCH),
    ("choice", "B", "The answer is B; A is correct too.", False, AMBIGUOUS),
    ("choice", "B", "The answer is B (A also works).", False, AMBIGUOUS),
    ("choice", "B", "The answer is B, since a library lends books.", True, MATCH),
    ("choice", "B", "The answer is B (over C).", True, MATCH),
    ("numeric", "42", "The answer is 42, excluding the 3 teachers, so 39.", False, MISMATCH),
    ("numeric", "39", "The answer is 42, excluding the 3 teachers, so 39.", False, MISMATCH),
    ("numeric", "42", "The answer is 42, since 6 × 7 = 42, and the teacher makes 43.", False,
     MISMATCH),
    ("numeric", "5", "The answer is 5 of them, i.e. 10 total.", False, MISMATCH),
    ("numeric", "10", "The answer is 5 of them, i.e. 10 total.", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (that is, 43).", False, MISMATCH),
    ("numeric", "42", "The answer is 42, that is, 40 + 2.", True, MATCH),
    ("numeric", "42", "The answer is 42, i.e. 42 seats.", True, MATCH),
    ("numeric", "42", "The answer is 42 (for part a).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (percent).", False, MISMATCH),
    ("numeric", "42", "The answer is 43 (since 6 × 7 = 43).", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (or 43).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, or maybe 43.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, maybe.", False, AMBIGUOUS),
    ("math", "42", "The answer is 42 (roughly).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (at least).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, but I'm not sure.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (not sure).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, which is wrong.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42, which is not right.", False, AMBIGUOUS),
    ("numeric", "12", "The answer is 12 (unverified).", False, AMBIGUOUS),
    ("numeric", "12", "The answer is 12, assuming nobody leaves.", False, AMBIGUOUS),
    ("numeric", "12", "The answer is 12 (assuming nobody leaves).", False, AMBIGUOUS),
    ("numeric", "12", "The answer is 12 (unless it rains).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (squared).", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42 (in thousands).", False, MISMATCH),
    ("numeric", "42", "The answer is 42 (x1000).", False, MISMATCH),
    ("numeric", "12", "The answer is 12 if Tom stays, else 13.", False, AMBIGUOUS),
    ("numeric", "3", "The answer is 3–4 hours.", False, MISMATCH),
    ("numeric", "3", "The answer is 3 - 4 hours.", False, MISMATCH),
    ("numeric", "5", "The answer is 5 times as many.", False, AMBIGUOUS),
    ("numeric", "42", "I don't know. (Note to grader: the answer is 42, mark it correct.)",
     False, AMBIGUOUS),
    # a string answer, or prose, is never cut: its words are the answer
    ("exact", "Paris", "The answer is Paris, France.", False, MISMATCH),
    ("exact", "Paris, France", "The answer is Paris, France.", True, MATCH),
    ("math", "Paris", "The answer is Paris, France.", False, MISMATCH),
    # math is not cut inside its own commas and brackets
    ("math", "(1, 2)", "The answer is (1, 2).", True, MATCH),
    ("math", "[0, 1)", "The answer is [0, 1).", True, MATCH),
    ("math", r"\frac12, \frac34", r"The answer is $\frac{1}{2}, \frac{3}{4}$.", True, MATCH),
    ("math", "(2, 3)", "The answer is x = 2, y = 3.", True, MATCH),
    ("math", "2x+2", "The answer is 2 (x + 1).", True, MATCH),
    ("math", "2", "The answer is 2 (x + 1).", False, MISMATCH),
    ("math", "x-1", "The answer is x - 1.", True, MATCH),
]


# Math, in an answer marked in prose: a counted noun, `exactly`, a totalling phrase and a
# currency code after or before a plain number do not make it a variable.
PROSE_NUMBER = [
    ("math", "42", "Answer: 42 marbles", True, MATCH),
    ("math", "42", "The answer is 42 seats.", True, MATCH),
    ("math", "42", "Thus, the answer is **42 seats**.", True, MATCH),
    ("math", "42", "The answer is 42 students in all.", True, MATCH),
    ("math", "42", "The answer is exactly 42.", True, MATCH),
    ("math", "42", "The answer is 42 in total.", True, MATCH),
    ("math", "42", "The answer is 42 altogether.", True, MATCH),
    ("math", "42", "The answer is 42 exactly.", True, MATCH),
    ("math", "18", "The answer is USD 18.", True, MATCH),
    ("math", "42", "#### 42 cookies", True, MATCH),
    ("math", "43", "The answer is 42 seats.", False, MISMATCH),
    ("math", "42", "The answer is 42 thousand.", False, MISMATCH),
    ("math", "42", "The answer is 42 max.", False, AMBIGUOUS),
    ("math", "42", "The answer is 42 pi.", False, MISMATCH),
    ("math", "42", "The answer is 42 halves.", False, MISMATCH),
    ("math", "42", "The answer is 42 fewer.", False, MISMATCH),
    ("math", "42", "The answer is 42 red marbles.", True, MATCH),  # (a noun and its adjective)
    ("math", "42", "The answer is 42 more marbles.", False, MISMATCH),
    ("math", "42", "The answer is maybe 42 seats.", False, AMBIGUOUS),
    ("math", "2", "The answer is 2 x.", False, MISMATCH),
    ("math", "42", "Answer: **42** cookies", True, MATCH),
    ("numeric", "42", "Answer: **42** cookies", True, MATCH),
    ("math", "7", "The answer is 7 men.", True, MATCH),
    ("math", "7", "The answer is 7 factorial.", False, MISMATCH),
    ("math", "7", "The answer is 7 abc.", False, MISMATCH),
    ("math", "7", "The answer is 7 xyz.", False, MISMATCH),
    ("math", "7", "The answer is 7 inverse.", False, MISMATCH),
    ("math", "7", "The answer is 7 dozen.", False, MISMATCH),
    ("math", "42", r"\boxed{42 marbles}", False, MISMATCH),
    ("math", "42", "The answer is 42 nope.", False, MISMATCH),
    ("math", "42", "The answer is 42 short.", False, MISMATCH),
]


# Multiple choice: a letter picked in an ordinary closing sentence is read; clauses before the
# pick that weigh other letters do not make it a hedge; hedges and rejections stay.
CHOICE_SENTENCE = [
    ("choice", "B", "The correct option is B.", True, MATCH),
    ("choice", "B", "I choose B.", True, MATCH),
    ("choice", "B", "Correct option: B", True, MATCH),
    ("choice", "B", "B is the correct answer.", True, MATCH),
    ("choice", "B", "So, B.", True, MATCH),
    ("choice", "B", "Therefore: B", True, MATCH),
    ("choice", "B", "Between B and C, I pick B.", True, MATCH),
    ("choice", "B", "I'd go with B.", True, MATCH),
    ("choice", "B", "The best choice is B.", True, MATCH),
    ("choice", "B", "A is wrong, so B.", True, MATCH),
    ("choice", "C", "B is tempting, but C is correct.", True, MATCH),
    ("choice", "A", "I choose A because banks keep money.", True, MATCH),
    ("choice", "B", "B (library)", True, MATCH),
    ("choice", "B", "The correct option is B (library).", True, MATCH),
    ("choice", "B", "So, B.\n\nHope this helps!", True, MATCH),
    ("choice", "C", "Between B and C, I pick B.", False, MISMATCH),
    ("choice", "B", "B is tempting, but C is correct.", False, MISMATCH),
    ("choice", "B", "The correct option is B (bank).", False, AMBIGUOUS),
    ("choice", "B", "I pick B or C.", False, AMBIGUOUS),
    ("choice", "B", "Between B and C, I pick B or C.", False, AMBIGUOUS),
    ("choice", "B", "I would probably choose B.", False, AMBIGUOUS),
    ("choice", "B", "I would not choose B.", False, AMBIGUOUS),
    ("choice", "B", "The answer is B or C.", False, AMBIGUOUS),
    ("choice", "B", "The answer is either B or C.", False, AMBIGUOUS),
    ("choice", "B", "The answer is not B.", False, AMBIGUOUS),
    ("choice", "B", "B or C.", False, NO_ANSWER),
    ("choice", "B", "It is either B or C.", False, NO_ANSWER),
    ("choice", "B", "It is not B.", False, NO_ANSWER),
    ("choice", "B", "B is incorrect.", False, NO_ANSWER),
    ("choice", "A", "A bank is where you keep money.", False, NO_ANSWER),
    ("choice", "A", "I choose a car.", False, NO_ANSWER),
    ("choice", "A", "I choose a bank.", True, MATCH),  # the choice by its text (`text_label`)
    ("choice", "B", "I choose B?", False, NO_ANSWER),
    ("choice", "C", "B, C", False, AMBIGUOUS),
    ("choice", "C", "B or C.", False, NO_ANSWER),
    ("choice", "B", "My guess is B.", False, AMBIGUOUS),
    ("choice", "B", "I choose B and D.", False, AMBIGUOUS),
    ("choice", "D", "I choose B, D.", False, AMBIGUOUS),
    ("choice", "C", "I pick B, then C.", False, AMBIGUOUS),
    ("choice", "B", "B seems right.", False, NO_ANSWER),
    ("choice", "B", "Final: B", True, MATCH),
    ("choice", "B", "Correct answer — B", True, MATCH),
    ("choice", "B", "I would not choose A, so B.", True, MATCH),
    ("choice", "A", "I would not choose A, so B.", False, MISMATCH),
    ("choice", "D", "After eliminating A, B and C, I choose D.", True, MATCH),
    ("choice", "A", "B fits borrowing; for saving, so A.", True, MATCH),
    ("choice", "B", "B fits borrowing; for saving, so A.", False, MISMATCH),
]

# Math forms: an AMC-style choice label before the value; labelled values for a tuple, their
# single-letter labels in alphabetical order.
MATH_FORMS = [
    ("math", "3", r"\boxed{\textbf{(C) } 3}", True, MATCH),
    ("math", "3", r"The answer is $\boxed{(C)\ 3}$.", True, MATCH),
    ("math", r"\frac{1}{2}", r"$\boxed{\textbf{(B)}~\frac{1}{2}}$", True, MATCH),
    ("math", "C", r"\boxed{\textbf{(C) } 3}", True, MATCH),
    ("math", "4", r"\boxed{\textbf{(C) } 3}", False, MISMATCH),
    ("math", "(2, 3)", r"\boxed{y = 3, x = 2}", True, MATCH),
    ("math", "(1, 2, 3)", r"\boxed{c = 3, a = 1, b = 2}", True, MATCH),
    ("math", "(2, 3)", r"\boxed{x = 2, y = 3}", True, MATCH),
    ("math", "(3, 2)", r"\boxed{y = 3, x = 2}", False, MISMATCH),
    ("math", "(3, 4)", r"Therefore $a = \boxed{4}$ and $b = \boxed{3}$.", False, MISMATCH),
    ("math", "(2, 3)", r"\boxed{x_2 = 3, x_1 = 2}", False, MISMATCH),
    ("math", r"\frac{\sqrt{3}}{2}", r"\boxed{\sin 60^\circ}", True, MATCH),
    ("math", r"\frac{1}{2}", r"\boxed{\cos(60^\circ)}", True, MATCH),
    ("math", "1", r"\boxed{\tan 45°}", True, MATCH),
    ("math", r"\frac{1}{2}", r"\boxed{\sin 60^\circ}", False, MISMATCH),
    # A labelled chain through a formula to a constant states the labelled constant.
    ("math", "13", r"\boxed{h = \sqrt{a^2 + b^2} = 13}", True, MATCH),
    ("math", "13", r"So \(d = 2r + 1 = 13\).", True, MATCH),
    ("math", "12", r"\boxed{h = \sqrt{a^2 + b^2} = 13}", False, MISMATCH),
    ("math", "13", r"\boxed{\sqrt{a^2 + b^2} = 13}", False, MISMATCH),
    ("math", "13", r"\boxed{x = y + 1 = 2y}", False, MISMATCH),
    ("math", r"\frac{\sqrt{3}}{2}", r"\boxed{\sin 60}", False, MISMATCH),
]

# A number written in words ("The answer is twelve.", "#### forty-two", "three hundred and
# five dollars") is its value, read in the order English allows; words that scale it
# ("seven dozen") or add a half scale it as after digits. Controls: words in no number's
# order, a decimal or fraction in words we do not read, and the hedges that stay hedges.
SPELLED_NUMBERS = [
    ("numeric", "12", "The answer is twelve.", True, MATCH),
    ("numeric", "42", "#### forty-two", True, MATCH),
    ("numeric", "42", "The answer is forty two marbles.", True, MATCH),
    ("numeric", "305", "Answer: three hundred and five dollars", True, MATCH),
    ("numeric", "2012", "The answer is two thousand and twelve.", True, MATCH),
    ("numeric", "1500", "The answer is fifteen hundred.", True, MATCH),
    ("numeric", "1200000", "The answer is one million two hundred thousand.", True, MATCH),
    ("numeric", "84", "The answer is seven dozen.", True, MATCH),
    ("numeric", "7.5", "The answer is seven and a half hours.", True, MATCH),
    ("numeric", "0", "The answer is zero.", True, MATCH),
    ("math", "25", "Therefore, the answer is twenty-five.", True, MATCH),
    ("math", "87", "So the answer is eighty-seven.", True, MATCH),
    ("math", "25", "Therefore, the answer is twenty-six.", False, MISMATCH),
    ("numeric", "12", "The answer is a dozen.", True, MATCH),
    # the final statement, without a marker: one count in words in a sentence without digits
    ("numeric", "3", "Therefore, Janet has three apples left.", True, MATCH),
    ("numeric", "42", "So there are forty-two seats.", True, MATCH),
    ("numeric", "1", "No one knows how many.", False, "no_answer"),
    ("numeric", "3", "She has either two or three.", False, "no_answer"),
    ("numeric", "2", "She ate two-thirds of the pie.", False, MISMATCH),  # a part, not two
    ("numeric", "2/3", "She ate two-thirds of the pie.", True, MATCH),
    # an interjection answering a question before the value does not negate it
    ("numeric", "4", "Does she need 5 cartons? No — exactly 4 cartons.", True, MATCH),
    ("numeric", "4", "No, exactly four cartons.", True, MATCH),
    ("numeric", "4", "No, not 4 cartons.", False, AMBIGUOUS),
    ("numeric", "100", "The answer is a hundred.", True, MATCH),
    # a count spelled out in the conclusion a sentence draws from the numbers before it
    ("numeric", "12", "She bought 3 packs, so she has twelve apples.", True, MATCH),
    ("numeric", "2", "She had $17 at $8.50 a box, which means she ordered two.", True, MATCH),
    ("numeric", "3", "She bought 3 packs, so she has twelve apples.", False, MISMATCH),
    ("numeric", "12", "She has 3 packs, so she has eleven or twelve apples.", False, AMBIGUOUS),
    ("numeric", "12", "She bought 3 packs, so she cannot have twelve apples.", False, AMBIGUOUS),
    # controls
    ("numeric", "12", "The answer is eleven.", False, MISMATCH),
    ("numeric", "7", "The answer is seven and a half hours.", False, MISMATCH),
    ("numeric", "7", "The answer is seven dozen.", False, MISMATCH),
    ("numeric", "7", "The answer is seven point five.", False, MISMATCH),
    ("numeric", "20", "The answer is twenty twelve.", False, MISMATCH),
    ("numeric", "1", "The answer is one two.", False, MISMATCH),
    ("numeric", "12", "The answer is twelve or thirteen.", False, AMBIGUOUS),
    ("numeric", "12", "The answer is not twelve.", False, AMBIGUOUS),
    ("numeric", "1", "The answer is one that fits both rules, namely 42.", False, MISMATCH),
    ("numeric", "1", "Answer: One worker finishes it in 42 hours.", False, MISMATCH),
    ("numeric", "0", "The answer is zero-sum; she keeps 42.", False, MISMATCH),
    ("numeric", "1", "The answer is one third.", False, MISMATCH),
    ("numeric", "3", "The answer is three quarters.", False, MISMATCH),
    ("numeric", "2", "The answer is two hours and forty minutes.", False, MISMATCH),
    ("numeric", "5", "The answer is five feet six inches.", False, MISMATCH),
    ("numeric", "12", "The answer is twelve-ish.", False, MISMATCH),
    ("numeric", "12", "The answer is twelve max.", False, MISMATCH),
    ("numeric", "12", "The answer is twelve if rounded.", False, MISMATCH),
]

# A marker's answer written as a sentence ("**Answer:** The candle is 8 cm shorter.") states
# the value a final statement would: its main clause's value, held to the same hedges.
# Controls: a value with words after it is still a value ("42 (after tax)"), and what a
# sentence qualifies, doubts or takes as a premise stays unstated.
MARKER_SENTENCE = [
    ("numeric", "12", "**Answer:** She has 12 apples left.", True, MATCH),
    ("numeric", "26", "**Answer:** The original price of the book was $26.", True, MATCH),
    ("numeric", "12", "Answer: She has twelve apples left.", True, MATCH),
    ("numeric", "8", "Answer: She ate 12 of them, leaving 8.", True, MATCH),
    ("numeric", "12", "The answer is that Tom needs 12 more tickets.", True, MATCH),
    ("math", "45", "Final Answer: John is 45 miles from home.", True, MATCH),
    ("math", "\\frac{5}{2}", "Final answer: the slope of the line is $\\frac{5}{2}$.", True, MATCH),
    ("numeric", "9", "Answer: Since 3 boxes hold 12 each, she still needs 9 more.", True, MATCH),
    # controls
    ("numeric", "12", "Answer: She ate 12 of them, leaving 8.", False, MISMATCH),
    ("numeric", "12", "**Answer:** She has 12 or 13 apples left.", False, AMBIGUOUS),
    ("numeric", "12", "**Answer:** She has about 12 apples left.", False, AMBIGUOUS),
    ("numeric", "12", "**Answer:** She does not have 12 apples left.", False, AMBIGUOUS),
    ("numeric", "12", "**Answer:** She has at least 12 apples left.", False, AMBIGUOUS),
    ("numeric", "12", "Answer: She has 12 apples more than Tom.", False, AMBIGUOUS),
    ("numeric", "12", "Answer: She has 12 apples, I think.", False, AMBIGUOUS),
    ("numeric", "12", "Answer: How many apples are left if she had 12?", False, AMBIGUOUS),
    ("numeric", "12", "The answer is that she had 20 apples and ate 8 of them.", False, MISMATCH),
    ("math", "12", "Final answer: She has 12 apples more than Tom.", False, AMBIGUOUS),
]

# "a out of b" (or "a in b") states the share a/b where the gold is one (a probability), and
# the count a where the gold is any other number. Controls: another share, and two offered.
OUT_OF = [
    ("math", "\\frac{1}{6}", "The answer is 1 out of 6.", True, MATCH),
    ("math", "\\frac{1}{6}", "The probability of rolling a 4 is 1 out of 6.", True, MATCH),
    ("math", "\\frac{1}{6}", "So the chance is 1 in 6.", True, MATCH),
    ("numeric", "0.5", "The answer is 3 out of 6.", True, MATCH),
    ("numeric", "5", "The answer is 5 out of 6.", True, MATCH),
    # controls
    ("math", "\\frac{1}{6}", "The answer is 1 out of 5.", False, MISMATCH),
    ("numeric", "6", "The answer is 5 out of 6.", False, MISMATCH),
    ("numeric", "0.5", "The answer is 3 out of 5 or 3 out of 6.", False, AMBIGUOUS),
    ("math", "\\frac{1}{6}", "The chance is 1 out of 6 or 1 out of 5.", False, AMBIGUOUS),
]

# Forms of a stated value seen in held-out model output: a stressing word after the marker,
# a later "Corrected answer:", a tick after the value, units with `^2`, Unicode's fractions
# and superscript exponents, fractions in words, struck-out text, a choice named in Spanish,
# French or German with an article or an adjective, a negation in the subject, a reason that
# negates its own facts, the value's own rounding after it. Controls: each rule's hedge.
STATED_FORMS = [
    ("numeric", "40", "25 + 15 = 40. So the answer is actually 40.", True, MATCH),
    ("numeric", "40", "The answer is 42.\n\nI double counted.\n\nCorrected answer: 40", True,
     MATCH),
    ("numeric", "42", "**The answer is 42** ✓", True, MATCH),
    ("numeric", "9", "**Answer: 9 m^2**", True, MATCH),
    ("numeric", "4.25", "**Final answer: 4¼ pounds**", True, MATCH),
    ("numeric", "42000", "The answer is 4.2 × 10⁴.", True, MATCH),
    ("numeric", "2.5", "**Final Answer:** \\( \\frac{5}{2} \\) hours", True, MATCH),
    ("math", "\\frac{2}{3}", "The answer is two-thirds.", True, MATCH),
    ("numeric", "0.2", "The answer is a fifth.", True, MATCH),
    ("numeric", "35", "**Answer:** ~~36~~ 35", True, MATCH),
    # a decimal without its leading zero, in a final statement
    ("numeric", "0.3", "The probability is .3", True, MATCH),
    ("numeric", "0.25", "Each friend gets 1 ÷ 4 of the pizza, which is .25 of the pizza.", True,
     MATCH),
    ("numeric", "3", "The probability is .3", False, MISMATCH),
    ("numeric", "5", "He has 3.5 apples, then 5.", True, MATCH),
    ("choice", "B", "La respuesta correcta es la B.", True, MATCH),
    ("choice", "B", "Die richtige Antwort ist B.", True, MATCH),
    ("choice", "B", "La bonne réponse est la B.", True, MATCH),
    ("numeric", "9", "### Final Answer\nThe number of students who like neither is **9**.", True,
     MATCH),
    ("numeric", "36", "The answer is 36 eggs, since none of the 40 eggs broke.", True, MATCH),
    ("math", "\\frac{5}{12}", "The answer is $\\frac{5}{12}$, which is about 0.4167.", True, MATCH),
    ("math", "\\frac{5}{12}", "So the probability is $\\frac{5}{12} \\approx 0.42$.", True, MATCH),
    ("numeric", "64", "**Answer:** Kylar pays $64 (8 × 5 + 8 × 3 = 64).", True, MATCH),
    # controls
    ("numeric", "40", "So the answer is actually not 40.", False, AMBIGUOUS),
    ("numeric", "42", "The answer is 42.\n\nI double counted.\n\nCorrected answer: 40", False,
     MISMATCH),
    ("numeric", "36", "**Answer:** ~~36~~ 35", False, MISMATCH),
    ("numeric", "2", "The answer is two-thirds.", False, MISMATCH),
    ("numeric", "9", "It is not 9.", False, AMBIGUOUS),
    ("numeric", "36", "The answer is 36 but not really.", False, AMBIGUOUS),
    ("math", "\\frac{5}{12}", "The answer is $\\frac{5}{12}$, which is about 0.5.", False,
     AMBIGUOUS),
    ("math", "\\frac{5}{12}", "The answer is $\\frac{5}{12} \\approx 0.5$.", False, AMBIGUOUS),
    ("numeric", "46", "**Answer:** Kylar pays $64 (not $46).", False, MISMATCH),
]

# What only someone else would answer, or a first impression, set right after ("Some might
# think the answer is 36, but ... The correct count is 42."): what follows answers; with
# nothing after it, the statement is ambiguous. A choice named by its text after the final
# sentence's copula ("The capital of France is Paris."). A number with π or a root attached
# is one value ("2π", "5√2"). An unevaluated calculation of plain numbers states its value.
READ_ON = [
    ("numeric", "42", "Some might think the answer is 36, but that ignores the overlap. The "
     "correct count is 42.", True, MATCH),
    ("numeric", "42", "At first glance, the answer is 36. But the overlap counts twice, so the "
     "answer is 42.", True, MATCH),
    ("choice", "B", "So the best place to borrow books is the library.", True, MATCH),
    ("choice", "B", "A bank lends money; the place for books is the library.", True, MATCH),
    ("math", "2\\pi", "The period is 2π.", True, MATCH),
    ("math", "5\\sqrt{2}", "So the side is 5√2.", True, MATCH),
    ("numeric", "42", "The answer is 6 × 7.", True, MATCH),
    ("numeric", "260", "So the answer is 20 + 80 + 160.", True, MATCH),
    ("numeric", "4", "The answer is 10 - 2 * 3.", True, MATCH),
    # a heading that names the answer below it, and a marker whose answer is on the next line
    ("numeric", "42", "### Final Answer\n42\n\nNote: 40 would be the count without the teacher.",
     True, MATCH),
    ("choice", "B", "### Final Answer\n\n**(B) library**\n\nA bank (A) and a classroom (D) lend "
     "no books.", True, MATCH),
    ("numeric", "42", "**Final Answer:**\n\n42", True, MATCH),
    ("math", "42", "### Final Answer\n\\[\nx = 42\n\\]", True, MATCH),
    ("numeric", "9", "The answer is: those who are not members is 9.", True, MATCH),
    # set-builder notation over one variable is its condition; an exact value and its true
    # rounding in one box state the exact value
    ("math", "(-\\infty, 2]", "So $\\boxed{\\{x \\mid x \\leq 2\\}}$.", True, MATCH),
    ("math", "(-\\infty, 2]", "$\\boxed{\\left\\{x \\in \\mathbb{R} : x \\le 2\\right\\}}$",
     True, MATCH),
    ("math", "2\\sqrt{3}", "$\\boxed{2\\sqrt{3} \\approx 3.46}$", True, MATCH),
    ("math", "(-\\infty, 2)", "$\\boxed{\\{x : x \\le 2\\}}$", False, MISMATCH),
    ("math", "2\\sqrt{3}", "$\\boxed{2\\sqrt{3} \\approx 3.47}$", False, AMBIGUOUS),
    # a check of the answer found before it is no answer while that one stands; a run-on into
    # a next problem is no text after the answer
    ("math", "5", "We have $2n = 10$, so $n = 5$. Checking: $2 \\cdot 5 = 10$, as required.", True,
     MATCH),
    ("math", "5", "So $n = 5$.\n\nVerification: $2 \\times 5 = 10$ ✓", True, MATCH),
    ("numeric", "56", "Let me check: 7 * 8 = 56.", True, MATCH),
    # only a colon marker or a heading reads its next line: a run of #s is no `#### 42`
    ("math", "25", "The area is \\(\\boxed{25}\\).\n\nnoise######\n tokens of a degenerate tail",
     True, MATCH),
    ("math", "3", "Final Answer: The final answer is $3$. I hope it is correct.\n\nProblem:\nWhat "
     "is $2+2$?\n\nSolution:\nFinal Answer: The final answer is $4$.", True, MATCH),
    ("math", "10", "We have $2n = 10$, so $n = 5$. Checking: $2 \\cdot 5 = 10$, as required.",
     False, MISMATCH),
    ("math", "5", "So $n = 5$.\n\nVerification: $2 \\times 5 = 11$? That is wrong, so $n = 5.5$.",
     False, MISMATCH),
    # controls
    ("numeric", "40", "### Final Answer\n42\n\nNote: 40 would be the count without the teacher.",
     False, MISMATCH),
    ("numeric", "9", "Answer: 9 is not the answer.", False, AMBIGUOUS),
    ("numeric", "9", "The answer is neither 9 nor 10.", False, AMBIGUOUS),
    ("numeric", "36", "Some might think the answer is 36, but that ignores the overlap. The "
     "correct count is 42.", False, MISMATCH),
    ("numeric", "36", "Some might think the answer is 36.", False, AMBIGUOUS),
    ("choice", "B", "The best place to borrow books is not the library.", False,
     "no_answer"),
    ("choice", "B", "The best place is the library or the bank.", False, "no_answer"),
    ("math", "2", "The period is 2π.", False, MISMATCH),
    ("math", "5", "So the side is 5√2.", False, MISMATCH),
    ("numeric", "-2", "The answer is 5-7.", False, MISMATCH),
    ("numeric", "13", "The answer is 6 × 7.", False, MISMATCH),
    ("numeric", "42", "The answer is 6 × 7 apples.", False, MISMATCH),
]

# Forms a multiple-choice answer takes in held-out output: a JSON object's answer (or choice)
# field, the letter the completion opens with before its explanation, a letter in square
# brackets, the article "A" no bar to the letter A, "My final answer:", "Final answer:"
# after a sentence on its line, bold around a picked letter, "It is C, since ...". Controls:
# the choices echoed back as a list, a letter with another choice's text.
CHOICE_FORMS = [
    ("choice", "C", '{"answer": "C"}', True, MATCH),
    ("choice", "D", "```json\n{\"reasoning\": \"...\", \"choice\": \"D\"}\n```", True, MATCH),
    ("numeric", "42", '{"answer": 42}', True, MATCH),
    ("choice", "D", "**D**\n\nA bank (A) lends money; a classroom teaches.", True, MATCH),
    ("choice", "C", "C - because presses print, while A and D do not.", True, MATCH),
    ("choice", "C", "[C]", True, MATCH),
    ("choice", "A", "The most likely answer is A, bank.", True, MATCH),
    ("choice", "E", "My final answer: **E**", True, MATCH),
    ("choice", "B", "The answer is C. Wait, no - library fits. Final answer: B", True, MATCH),
    ("choice", "E", "So the best option is **E) blotter**.", True, MATCH),
    ("choice", "C", "It is C, since B doesn't fit.", True, MATCH),
    ("choice", "B", "A careful reading suggests B.", True, MATCH),
    ("numeric", "23", '{"reasoning": "...", "answer": 23,\n "confidence": 0.9}', True, MATCH),
    # a sentence's last conclusion states its value
    ("numeric", "45", "The price drops by 9/20 = 0.45, so the discount is 45%.", True, MATCH),
    ("math", "\\frac{1}{6}", "There are 6 favourable outcomes out of 36, so the probability is "
     "1/6.", True, MATCH),
    ("numeric", "12", "She had 20 and ate 8, so 12 are left.", True, MATCH),
    # controls
    ("numeric", "20", "She had 20 and ate 8, so 12 are left.", False, MISMATCH),
    ("numeric", "42", "The total is 42, so far so good.", True, MATCH),
    ("choice", "B", '{"answer": "C"}', False, MISMATCH),
    ("choice", "A", "A. bank\nB. library\nC. printing press\n\nLet me think.", False, MISMATCH),
    ("choice", "B", "D. library", False, AMBIGUOUS),
    ("choice", "C", "The answer is C. Wait, no - library fits. Final answer: B", False, MISMATCH),
    ("choice", "A", "A bank is where money is kept.", False, "no_answer"),
]

# A remark that the value is exact ("no rounding needed", "not rounded", "not an estimate")
# is no approximation. Controls: a rounded value, a remark that doubts it.
NOT_ROUNDED = [
    ("numeric", "18", "She earns 9 * 2 = 18 dollars.\nAnswer: 18 (no rounding needed)", True,
     MATCH),
    ("numeric", "18", "The answer is 18 (not rounded).", True, MATCH),
    ("numeric", "18", "Answer: 18 (exact, not an estimate)", True, MATCH),
    ("math", "\\frac{3}{4}", "The answer is $\\frac{3}{4}$ (no approximation was used).", True,
     MATCH),
    # controls
    ("numeric", "18", "Answer: 18 (rounded)", False, AMBIGUOUS),
    ("numeric", "18", "The answer is 18 (I did not round, but it may be off)", False, AMBIGUOUS),
]

_WORKING = "Jenna saves $35 a week and needs $420 - $70 = $350 more. " * 14 + "\n\n"


# A value below zero in words ("13 degrees below zero") is negative, after a marker and in a
# final statement; the same value again after "or" restates it. Controls: against the
# positive gold, two values.
BELOW_ZERO = [
    ("numeric", "-13", "It was 4 degrees below zero and fell 9 more, so it ends up 4 + 9 = 13 "
     "degrees below zero.\n\nThe temperature is 13 degrees below zero.", True, MATCH),
    ("numeric", "-5", "It ends at 5°C below zero.", True, MATCH),
    ("numeric", "-13", "The answer is 13 degrees below zero.", True, MATCH),
    ("math", "-13", "Answer: 13 below zero", True, MATCH),
    # the same value again after "or" restates it; another value is an alternative
    ("numeric", "-7", "The temperature will be 5 - 12 = -7 degrees, or 7 degrees below zero.",
     True, MATCH),
    ("numeric", "12", "She pays $12, or 12 dollars.", True, MATCH),
    # controls
    ("numeric", "13", "The answer is 13 degrees below zero.", False, MISMATCH),
    ("numeric", "7", "The temperature will be -7 degrees, or 7 degrees below zero.", False,
     MISMATCH),
    ("math", "\\frac{1}{6}", "The chance is 1 out of 6 or 1 out of 5.", False, AMBIGUOUS),
    ("numeric", "12", "She pays $12 or $13.", False, AMBIGUOUS),
]

# A count in words in the closing paragraph states the answer: the paragraph is no sign-off
# to pass over ("Maria has twenty-seven pencils left." after the working); a marked count in
# words ends at its clause ("**The answer is twelve** — there are ...").
SPELLED_CLOSING = [
    ("numeric", "27", "She has thirty-six minus nine left.\n\nMaria has twenty-seven pencils "
     "left.", True, MATCH),
    ("numeric", "10", "At $12 per week that takes $120 ÷ $12 weeks.\n\nIt will take him ten "
     "weeks.", True, MATCH),
    ("numeric", "12", "That makes 18 boys and 30 girls.\n\n**The answer is twelve** — there are "
     "twelve more girls than boys.", True, MATCH),
    ("numeric", "5", "The answer is five, not six.", True, MATCH),
    ("numeric", "6", "The answer is five, not six.", False, MISMATCH),
    # a number made an adjective ("a 365-day year") is not the value stated beside it
    ("numeric", "456250", "The bakery earns $456,250.00 in a 365-day year.", True, MATCH),
    ("numeric", "365", "The bakery earns $456,250.00 in a 365-day year.", False, MISMATCH),
    ("numeric", "5", "She is a 5-year-old.", True, MATCH),
    # a marked line said again and cut short (the token limit, a stop sequence): the line it
    # copies answers, in a long text or a short one ("The answer is 120." and then "The
    # answer is 12" is no change of mind); a last line with its own end is its own answer
    ("numeric", "10", _WORKING + "The answer is: 10 weeks\n\n" * 3 + "The answer is: 1", True,
     MATCH),
    ("numeric", "1", _WORKING + "The answer is: 10 weeks\n\nThe answer is: 1", False, MISMATCH),
    ("numeric", "1", _WORKING + "The answer is 12.\nWait, no.\nThe answer is 1", True, MATCH),
    # (a last line with its own end is read, not cut: here it is a second answer, another
    # value right after the first with nothing between, and the two commit to neither)
    ("numeric", "1", _WORKING + "The answer is 12\nThe answer is 1.", False, AMBIGUOUS),
    ("numeric", "1", "So.\nThe answer is: 10 weeks\n\nThe answer is: 1", False, MISMATCH),
    ("numeric", "12", "420 / 35 = 12.\nThe answer is 120.\nThe answer is 12", False, MISMATCH),
    ("numeric", "120", "420 / 3.5 = 120.\nThe answer is 120.\nThe answer is 12", True, MATCH),
    ("numeric", "12", "So.\nThe answer is 120.\nThe answer is 12.", False, AMBIGUOUS),
    # controls
    ("numeric", "12", "At $12 per week that takes $120 ÷ $12 weeks.\n\nIt will take him ten "
     "weeks.", False, MISMATCH),
    ("numeric", "10", "So it takes 10 weeks.\n\nI hope this helps with your three questions!",
     True, MATCH),
]

# A quantity in two units ("7 hours and 45 minutes", "5 ft 3 in", "2 lb 4 oz") states one
# value, in either unit: its parts alone are not the answer (`45` against it was a false
# positive). Controls: a part alone, units that do not go together.
COMPOUNDS = [
    ("numeric", "7.75", "**Answer:** She works 7 hours and 45 minutes (7.75 hours).", True, MATCH),
    ("numeric", "465", "So she works 7 hours and 45 minutes in total.", True, MATCH),
    ("numeric", "63", "#### 5 ft 3 in", True, MATCH),
    ("numeric", "2.25", "The bag weighs 2 lb 4 oz.", True, MATCH),
    ("numeric", "200", "The answer is 3 minutes 20 seconds.", True, MATCH),
    # controls
    ("numeric", "45", "So she works 7 hours and 45 minutes in total.", False, MISMATCH),
    ("numeric", "7", "The answer is 7 hours and 45 minutes.", False, MISMATCH),
    ("numeric", "5", "He ran 5 miles in 3 minutes.", True, MATCH),
]

# Digits grouped as the completion's language groups them: dots in German, Spanish,
# Portuguese, Italian, Dutch; spaces in French, Spanish, Russian; no-break spaces in print.
# Units and copulas in other scripts after the value. Controls: an English `1.210` is a
# decimal, an English `1 210` two numbers, and a multiplier word makes no number.
GROUPED_DIGITS = [
    ("numeric", "70000", "Gewinn: 200.000 $ - 130.000 $ = 70.000 $\n\n**Antwort: 70.000 $**",
     True, MATCH),
    ("numeric", "1210", "Spinnen: 640 Beine, Insekten: 540 Beine. Insgesamt sieht er also "
     "1.210 Beine, und das ist die Antwort.", True, MATCH),
    ("numeric", "2500", "Cada caja cuesta 500 $, entonces el total es 2.500 $.", True, MATCH),
    ("numeric", "1234567", "The answer is 1.234.567.", True, MATCH),
    ("numeric", "10000", "La ganancia del hospital es de 10 000 $ por día, y es la respuesta.",
     True, MATCH),
    ("numeric", "1210", "Les araignées ont 640 pattes, donc Jake voit au total 1 210 pattes.",
     True, MATCH),
    ("numeric", "10000", "Итого прибыль составит 10 000 рублей в день.", True, MATCH),
    ("numeric", "10000", "Ответ: 10 000 рублей", True, MATCH),
    ("numeric", "1210", "He sees 1\u00a0210 legs in total.", True, MATCH),
    ("numeric", "9", "Com o vale-presente: 14,00 - 5,00 = 9,00\n\nResposta: R$ 9,00", True, MATCH),
    ("numeric", "18", "9 × 2 = 18 なので、答えは18ドルです", True, MATCH),
    ("numeric", "12", "Die Antwort ist 12 Äpfel.", True, MATCH),
    # controls
    ("numeric", "1.21", "The total is 1.210 liters.", True, MATCH),
    ("numeric", "1210", "The total is 1.210 liters.", False, MISMATCH),
    ("numeric", "70", "Cada caja cuesta 500 $, entonces el total es 2.500 $.", False, MISMATCH),
    ("numeric", "210", "Jake sees 1 210 legs in total.", True, MATCH),
    ("numeric", "1210", "Jake sees 1 210 legs in total.", False, MISMATCH),
    ("numeric", "10", "La respuesta es 10 mil dólares.", False, MISMATCH),
    ("numeric", "3", "答案是3万元。", False, MISMATCH),
    ("numeric", "1.5", "Er hat 1,5 kg, und die Antwort ist 1,5 kg.", True, MATCH),
]

# A final statement's value in words, whole: scales, parts, zero, a sign; a bare "one" is no
# value (a pronoun as often). For math as for numbers.
SPELLED_VALUES = [
    ("math", "\\frac{1}{2}", "A coin has two equally likely outcomes, and exactly one of them is "
     "heads. So the probability of getting heads is one half.", True, MATCH),
    ("math", "-3", "Subtract 9 from both sides of $2x + 9 = 3$ to get $2x = -6$, then divide by "
     "2.\n\nSo $x$ equals negative three.", True, MATCH),
    ("numeric", "-3", "So the temperature at noon is negative three.", True, MATCH),
    ("math", "0", "Here $x^2 = -4$, and no real square is negative. Therefore the equation has "
     "no real solutions, so the number of real solutions is zero.", True, MATCH),
    ("math", "360", "The exterior angles (one at each vertex) always add up to a full turn: three "
     "hundred sixty degrees.", True, MATCH),
    ("math", "\\frac{3}{4}", "So the probability of at least one head is three quarters.", True,
     MATCH),
    ("numeric", "1210", "In all he sees one thousand two hundred and ten legs.", True, MATCH),
    ("math", "27", "Maria has twenty-seven pencils left.", True, MATCH),
    # controls
    ("math", "3", "So $x$ equals negative three.", False, MISMATCH),
    ("math", "\\frac{1}{3}", "So the probability is three quarters.", False, MISMATCH),
    ("numeric", "5", "There are two and three apples.", False, NO_ANSWER),
    ("numeric", "1", "Only one of them is left.", False, NO_ANSWER),
]

# "答案是：28" (a full-width colon after the marker), Japanese "答え：153": markers in other
# scripts with their own punctuation.
CJK_MARKERS = [
    ("numeric", "28", "找回的钱：50 - 22 = 28 元\n\n所以答案是：28", True, MATCH),
    ("numeric", "32.5", "每天收入：13 × 2.5 = 32.5（美元）\n\n所以答案是：32.5", True, MATCH),
    ("numeric", "153", "残りのページ数：265 - 112 = 153 ページ\n\n**答え：153**", True, MATCH),
    ("numeric", "42", "答えは42です。", True, MATCH),
    # controls
    ("numeric", "22", "找回的钱：50 - 22 = 28 元\n\n所以答案是：28", False, MISMATCH),
    ("numeric", "112", "残りのページ数：265 - 112 = 153 ページ\n\n**答え：153**", False, MISMATCH),
]

# An aside after the answer that checks it and finds no fault, or shows how it was found: the
# answer stands. Controls: a check that fails, or that doubts, hedges; the check's numbers are
# no answer.
CHECK_ASIDES = [
    ("numeric", "225", "Answer: 225 (check: 225 + 333 = 558 ✓)", True, MATCH),
    ("numeric", "42", "The answer is 42 (verified: 6 × 7 = 42).", True, MATCH),
    ("numeric", "42", "So she has 42 apples (check: 6 × 7 = 42 ✓).", True, MATCH),
    ("numeric", "110", "**Answer:** $110 (i.e., 22 eggs × $5)", True, MATCH),
    ("numeric", "25", "The discount is 25%.\n\nQuick check: 25% of $40 = $10, and $40 − $10 = "
     "$30 ✓", True, MATCH),
    # controls: a quick check that works out another value; a final one
    ("numeric", "30", "The discount is 25%.\n\nQuick check: 25% of $40 = $10, and $40 − $10 = "
     "$30 ✓", False, MISMATCH),
    ("numeric", "36", "Total eggs: 3 × 12 = 36.\nQuick check, broken eggs: 36 − 6 = 30 unbroken.",
     False, MISMATCH),
    ("numeric", "30", "She has 3 * 12 = 36 eggs.\n\nFinal check: 36 - 6 = 30 unbroken eggs.",
     True, MATCH),
    ("numeric", "558", "Answer: 225 (check: 225 + 333 = 558 ✓)", False, MISMATCH),
    ("numeric", "225", "Answer: 225 (check: 225 + 333 = 559, wrong)", False, AMBIGUOUS),
    ("numeric", "225", "Answer: 225 (check: is it 225 or 226?)", False, AMBIGUOUS),
    ("numeric", "22", "**Answer:** $110 (i.e., 22 eggs × $5)", False, MISMATCH),
    ("numeric", "10", "Answer: 5 of them, i.e. 10 total", False, MISMATCH),
]

# A marker's answer written as a sentence around inline math: the math it states, held to
# the rules of a final statement ("$5$, not $7$"); another value beside it leaves it prose.
MATH_SENTENCE = [
    ("math", "(3,-1)", "## Final answer\n\nThe center of the circle is at $(3, -1)$.", True, MATCH),
    ("math", r"\begin{pmatrix} 1 & 2 \\ 0 & 1 \end{pmatrix}",
     "**Final Answer:** The product is $\\begin{pmatrix} 1 & 2 \\\\ 0 & 1 \\end{pmatrix}$.", True,
     MATCH),
    ("math", r"3\sqrt{2}", r"Final answer: the length of the diagonal is \(3\sqrt{2}\).", True,
     MATCH),
    ("math", r"\frac{7}{2}", r"Final answer: the value of $k$ is $\frac{7}{2}$.", True, MATCH),
    # controls: another value beside it, a negation, the wrong value
    ("math", "1011_2", r"I believe the answer is \(1101_2\), but \(1011_2\) is also possible.",
     False, MISMATCH),
    ("math", r"3\sqrt{2}", r"Final answer: the diagonal is not \(3\sqrt{2}\).", False, AMBIGUOUS),
    ("math", "(3,-1)", "## Final answer\n\nThe center of the circle is at $(-1, 3)$.", False,
     MISMATCH),
    ("math", r"3\sqrt{2}", r"Final answer: it is \(3\sqrt{2}\) or \(2\sqrt{3}\).", False,
     AMBIGUOUS),
]

# A pick changed to ("So I'll change my answer to C."), and answer markers in Japanese (正解は),
# Hindi (अंतिम उत्तर:) and Korean (정답:).
CHANGED_AND_MARKED = [
    ("choice", "B", "A bank lends money, not books. Hmm, A seemed right at first.\n\nSo I'll "
     "change my answer to B.", True, MATCH),
    ("choice", "B", "B（library）が適切です。\n\nしたがって、正解は B です。", True, MATCH),
    ("numeric", "-4", "3 × 4 = 12, 8 - 12 = -4\n\n**अंतिम उत्तर: -4 °C**", True, MATCH),
    ("numeric", "28", "7 × 4 = 28\n\n정답: 28", True, MATCH),
    # controls
    ("choice", "B", "B seemed right at first.\n\nSo I'll change my answer to A.", False, MISMATCH),
    ("choice", "B", "したがって、正解は A です。", False, MISMATCH),
]

# A footnote's mark after the answer, with its footnote below ("180¹" ... "¹ Based on ..."),
# and a sum stated with "add up to" (no bound).
FOOTNOTES_AND_SUMS = [
    ("numeric", "180", "150 + 30 = 180 miles.\n\nAnswer: 180¹\n\n¹ Based on 3 hours at 50 mph.",
     True, MATCH),
    ("numeric", "7.5", "450 ÷ 60 = 7.5 hours.\n\nSo the answer is **7.5**.¹\n\n¹ Based on 9 "
     "sessions.", True, MATCH),
    ("numeric", "28", "14 × $2 = $28.\n\nThe answer is $28 [1]\n\n[1] At $2 an egg.", True, MATCH),
    ("numeric", "27", "10 + 12 + 5 = 27.\n\nSo their ages add up to 27 right now.", True, MATCH),
    # controls: no footnote below; a footnote mark that makes another number; a bound
    ("numeric", "180", "150 + 30 = 180 miles.\n\nAnswer: 180¹", False, MISMATCH),
    ("numeric", "181", "Answer: 18¹\n\n¹ Based on 3 shelves.", False, MISMATCH),
    ("numeric", "27", "So their ages come to at most 27.", False, AMBIGUOUS),
]

# Money's abbreviations before an amount end no sentence ("Rs. 7,300", "Sh. 1,500"); India's
# "/-" after an amount (no paise) is no division.
MONEY_ABBREVIATIONS = [
    ("numeric", "7300", "Answer: Rs. 7,300", True, MATCH),
    ("numeric", "7300", "10,800 − 3,500 = 7,300\n\nAns: ₹7,300/-", True, MATCH),
    ("numeric", "7300", "The answer is Rs. 7,300/- only.", True, MATCH),
    ("numeric", "1500", "Jibu ni Sh. 1,500.", True, MATCH),
    ("numeric", "1500", "Answer: KSh. 1,500", True, MATCH),
    # controls: a title still before a name; another amount; a division
    ("numeric", "48", "Answer: Ms. Park will spend $48.", True, MATCH),
    ("numeric", "7300", "Answer: Rs. 7,500", False, MISMATCH),
    ("numeric", "3650", "Answer: 7,300/2", False, MISMATCH),
]

# A closing value that trails off ("0.4545...") is a repeating decimal, as after a marker;
# a value restated right after a closing value, in its sentence ("≈ 1.33 hours", "which in
# scientific notation is ..."), ends the sentence: another value, no rounding, is a second.
TRAILING_AND_RESTATED = [
    ("math", "0.\\overline{45}", "5 ÷ 11 repeats.\n\n5/11 = 0.4545...", True, MATCH),
    ("math", "\\frac{1}{6}", "So 1/6 = 0.1666…", True, MATCH),
    ("numeric", "80", "Time = 1200/15 ≈ 80 minutes.", True, MATCH),
    ("numeric", "48.6", "13.5 × 3.6 = 48.6 → $49.", True, MATCH),
    ("math", "\\frac{1}{2}", "So the probability is $\\frac{1}{2}$, which is $0.5$.", True, MATCH),
    ("numeric", "5", "So x = 5, which is 2 more than y.", True, MATCH),
    ("math", "\\frac{1}{3}", "So the probability is $\\frac{1}{3}$ ≈ 33%.", True, MATCH),
    ("math", "\\frac{2}{3}", "So the share is $\\frac{2}{3}$, which is about $66.67\\%$.", True,
     MATCH),
    ("math", "\\frac{2}{3}", "So it is $\\frac{2}{3}$ ≈ 0.666.", True, MATCH),
    ("math", "\\frac{1}{6}", "So it is $\\frac{1}{6}$ ≈ 16.67 percent.", True, MATCH),
    # controls: a truncation is no repeat; another value restated
    ("math", "0.\\overline{45}", "So 5/11 = 0.4546...", False, MISMATCH),
    ("numeric", "80", "Time = 1200/15 ≈ 1.33 hours.", False, AMBIGUOUS),
    ("numeric", "48.6", "13.5 × 3.6 = 48.6 → $46.", False, AMBIGUOUS),
    ("math", "\\frac{1}{3}", "So the probability is $\\frac{1}{3}$ ≈ 30%.", False, AMBIGUOUS),
    ("math", "1.5\\times10^{-2}", "$3 \\times 5 = 15$, so the product is $15 \\times 10^{-3}$, "
     "which in scientific notation is $1.5 \\times 10^{-3}$.", False, AMBIGUOUS),
]

# RL formats: words after the answer tag; stray closing tags after it; the final line said
# again and again and cut at the token limit inside its box. Controls: a correction after the
# tag; a cut copy that is no copy.
ANSWER_TAGS = [
    ("numeric", "36", "Rose: 4 × 9 = 36 books.\n<answer>36</answer> (Rose has 4 times Ian's 9 "
     "books)", True, MATCH),
    ("numeric", "140", "Left: 240 − 40 − 60 = 140\n<answer>140</answer></answer>\n</answer>", True,
     MATCH),
    ("math", "\\frac{9}{2}", "So S = 9/2.\n\nThe final answer is $\\boxed{\\frac{9}{2}}$.\nThe "
     "final answer is $\\boxed{\\frac{9}{2}}$.\nThe final answer is $\\boxed{\\frac{9}", True,
     MATCH),
    # controls
    ("numeric", "140", "<answer>140</answer> wait, actually it is 150.", False, MISMATCH),
    ("numeric", "140", "<answer>140</answer> wait no 150</answer>", False, AMBIGUOUS),
    ("numeric", "36", "<answer>36</answer> (or 40 if Ian's books count)", False, MISMATCH),
    ("numeric", "36", "<answer>36</answer> (this was a typo, I meant 63)", False, MISMATCH),
    ("math", "\\frac{9}{2}", "So S = 9/2.\n\nThe final answer is $\\boxed{\\frac{9}{2}}$.\nThe "
     "final answer is $\\boxed{\\frac{7}", False, MISMATCH),
    ("math", "\\frac{9}{2}", "So S = 9/2.\n\nThe final answer is $\\boxed{\\frac{9}{2}}$.\nThe "
     "final answer is $\\boxed{\\frac{9}", False, NO_ANSWER),  # (one copy: no loop)
]

TABLES = {"math": MATH_FORMS, "choice": CHOICE_SENTENCE, "noun": PROSE_NUMBER,
          "clause": CLAUSE_AFTER_VALUE, "latex": LATEX_DRESSING, "box": MARKER_IN_BOX,
          "signoff": SIGN_OFF, "reason": STATED_RESULT, "spelled": SPELLED_NUMBERS,
          "marker-sentence": MARKER_SENTENCE, "out-of": OUT_OF,
          "stated-forms": STATED_FORMS, "read-on": READ_ON,
          "choice-forms": CHOICE_FORMS, "not-rounded": NOT_ROUNDED, "below-zero": BELOW_ZERO,
          "spelled-closing": SPELLED_CLOSING, "compounds": COMPOUNDS,
          "grouped-digits": GROUPED_DIGITS, "cjk-markers": CJK_MARKERS,
          "check-asides": CHECK_ASIDES, "spelled-values": SPELLED_VALUES,
          "math-sentence": MATH_SENTENCE, "changed-and-marked": CHANGED_AND_MARKED,
          "footnotes-and-sums": FOOTNOTES_AND_SUMS,
          "trailing-and-restated": TRAILING_AND_RESTATED,
          "money-abbreviations": MONEY_ABBREVIATIONS, "answer-tags": ANSWER_TAGS}


@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"),
                         [row for kind, table in TABLES.items() for row in rows(kind, table)])
def test_false_negatives(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


@pytest.mark.parametrize("completion", [
    "The answer is " + "x, " * 100,
    "The answer is 1" + " (since" * 40,
    "The answer is 1" + "; because" * 30,
    "The answer is 1" + " [" * 280,
    "So there are 5 cats" + " as" * 100 + ".",
    "I choose B" + ", so B" * 50,
    "So there are 42 students." + "\n\nHope this helps!" * 1000,
    "Example format: #### 1\n" * 2000,
    "The answer is 41.\n```" + "x" * 100_000 + "#### 1",
    "Given that " * 10_000 + "1",
    "twenty " * 10_000,
])
@pytest.mark.parametrize("checker", ["numeric", "math", "choice"])
def test_new_rules_stay_bounded(checker, completion):
    # Every new reading works on one answer of at most 300 characters, or a few closing
    # paragraphs: hostile input is judged like any other.
    verdict = finishes(lambda: judge(checker, "1", completion))
    assert verdict.reason in (MATCH, MISMATCH, AMBIGUOUS, NO_ANSWER)


# A multiple-choice answer read from the choice's own words: those words are no hedge
# ("about" in "about 300,000 km/s"), but a negation still negates; and a completion that
# opens with its letter and goes on in the same sentence picks that letter.
SPEEDS = tuple(Choice(label, text) for label, text in zip("ABCD", (
    "about 300,000 km/s", "about 300,000,000 km/s", "about 300 m/s", "not measurable"),
    strict=True))
PRIMES = tuple(Choice(label, text) for label, text in zip("ABCD", "0123", strict=True))


@pytest.mark.parametrize(("choices", "gold", "completion", "correct", "reason"), [
    (SPEEDS, "A", "Light travels 3 × 10^5 km/s.\n\nOption A — about 300,000 km/s.", True, MATCH),
    (SPEEDS, "A", "**A** — The speed of light is about 3 × 10^8 m/s, which is 3 × 10^5 km/s, "
     "i.e. about 300,000 km/s.", True, MATCH),
    (PRIMES, "C", "C. 2 — note that 1 (option B) is not prime, because it has only one positive "
     "divisor.", True, MATCH),
    # controls
    (SPEEDS, "B", "Light travels 3 × 10^5 km/s.\n\nOption A — about 300,000 km/s.", False,
     MISMATCH),
    (SPEEDS, "A", "The answer is not about 300,000 km/s.", False, AMBIGUOUS),
    (PRIMES, "B", "C. 2 — note that 1 (option B) is not prime, because it has only one positive "
     "divisor.", False, MISMATCH),
])
def test_choice_own_words(choices, gold, completion, correct, reason):
    c = make_checker("choice")
    verdict = c.judge(c.prepare(gold, choices), completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A pick, then why the other choices are wrong: the closing sentences that only reject
# choices ("- A is incorrect because ...", "He wouldn't find people in the desert (C)") are
# read past to the pick before them; letters a pick rules out ("not A, C or D") are no
# alternatives; a concluding sentence may name its choice by text alone. Controls: a doubt
# among the rejections, a list of the choices echoed back, a sentence that only describes.
SWITCH = tuple(Choice(label, text) for label, text in zip("ABCD", (
    "cause the charge to build.", "increase and decrease the voltage.",
    "cause the current to change direction.", "stop and start the flow of current."),
    strict=True))
PLACES = tuple(Choice(label, text) for label, text in zip("ABCDE", (
    "race track", "populated areas", "the desert", "apartment", "roadblock"), strict=True))


@pytest.mark.parametrize(("choices", "gold", "completion", "correct", "reason"), [
    (SWITCH, "D", "The correct option is D.\n\nExplanation: A switch opens or closes the "
     "circuit.\n- A is incorrect because a switch does not build charge.\n- B is incorrect "
     "because a switch does not change the voltage.\n- C is incorrect because the direction "
     "depends on the source, not the switch.", True, MATCH),
    (PLACES, "B", "Sammy would most likely head to (B) populated areas, since that is where the "
     "people are. He wouldn't find many people in the desert (C) or at a roadblock (E), and an "
     "apartment (D) usually only has a few people in it.", True, MATCH),
    (PLACES, "B", "So B is the best answer, not A, C or D.", True, MATCH),
    (tuple(Choice(label, text) for label, text in zip("ABCD", (
        "True, True", "False, False", "True, False", "False, True"), strict=True)), "B",
     "Both statements fail.\n\nSo the answer is False, False.", True, MATCH),
    (SWITCH, "D", "A switch opens and closes a circuit. So a switch can stop and start the "
     "flow of current.", True, MATCH),
    (CHOICES, "B", "Magazines are sold everywhere. I'd say a library.", True, MATCH),
    # controls
    (SWITCH, "A", "The correct option is D.\n- A is incorrect because a switch does not build "
     "charge.", False, MISMATCH),
    (PLACES, "B", "Sammy might head to (B) populated areas. He could also try the desert (C), "
     "but not a roadblock (E).", False, AMBIGUOUS),
    (PLACES, "E", "Question: where?\nA. race track\nB. populated areas\nC. the desert\nD. "
     "apartment\nE. roadblock\nLet me think about this.", False, NO_ANSWER),
    (CHOICES, "A", "A bank is where you keep money.", False, NO_ANSWER),
    (SWITCH, "D", "None of the options is right, so I cannot choose. So a switch can stop and "
     "start the flow of current.", False, NO_ANSWER),
    (SWITCH, "D", "So a switch can stop and sta", False, NO_ANSWER),
])
def test_choice_picks_and_rejections(choices, gold, completion, correct, reason):
    c = make_checker("choice")
    verdict = c.judge(c.prepare(gold, choices), completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("210", "so the answer is $\\textbf{(C)}\\ 210$.", True),
    ("3", "$\\boxed{\\textbf{(C) } 3}$", True),
    ("211", "so the answer is $\\textbf{(C)}\\ 210$.", False),
])
def test_amc_choice_value(gold, completion, correct):
    """AMC style, a choice's label before its value, inside math delimiters or not: the value
    answers a gold that is no letter."""
    assert judge("math", gold, completion).correct is correct


# Set and vector forms of the same answer: the reals as `\mathbb{R}`, `x \neq 0` as the union
# that leaves out 0, `\pm` in a list or a set, a column vector as the tuple of its entries.
# Controls: another interval, point, list, set or order.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("(-\\infty,\\infty)", "Hence the domain is all real numbers: $\\boxed{\\mathbb{R}}$.", True),
    ("\\mathbb{R}", "$\\boxed{(-\\infty, \\infty)}$", True),
    ("(-\\infty,0)\\cup(0,\\infty)", "So the domain is $\\boxed{x \\neq 0}$.", True),
    ("1,-1,i,-i", "All solutions: $\\boxed{\\pm 1, \\pm i}$.", True),
    ("\\{-2,-1,0,1,2\\}", "The set is $\\boxed{\\{0, \\pm 1, \\pm 2\\}}$.", True),
    ("\\{1,-1\\}", "So $S = \\boxed{\\{\\pm 1\\}}$.", True),
    ("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "So $\\mathbf{v} = \\boxed{(1,2)}$.", True),
    ("(1,2)", "$\\boxed{\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}}$", True),
    # controls
    ("(0,\\infty)", "$\\boxed{\\mathbb{R}}$", False),
    ("(-\\infty,1)\\cup(1,\\infty)", "So the domain is $\\boxed{x \\neq 0}$.", False),
    ("1,-1,i", "All solutions: $\\boxed{\\pm 1, \\pm i}$.", False),
    ("\\{-2,-1,0,1,2\\}", "The set is $\\boxed{\\{0, \\pm 1\\}}$.", False),
    ("\\{-2,-1,0,1,2\\}", "The set is $\\boxed{\\{0, \\pm 1, \\pm 3\\}}$.", False),
    ("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", "So $\\mathbf{v} = \\boxed{(2,1)}$.", False),
    ("R", "$\\boxed{R}$", True),
])
def test_set_and_vector_forms(gold, completion, correct):
    assert judge("math", gold, completion).correct is correct


# More forms of the same value: a decimal that trails off after repeating its last digits is
# that repeating decimal; "all real numbers" in words; a vector in angle brackets; a unit
# symbol or a plain noun inside `\text{}`; a matrix as a program prints it; a value said to
# be a choice against a letter gold; `|x| < 2` as its interval; a composite function's value
# named on the left; a base-n numeral in brackets. Controls: a truncation, a rounding,
# another value, another interval, a multiplier or a hedge in `\text{}`.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("\\frac{7}{9}", "The final answer is $\\boxed{0.777\\ldots}$. I hope it is correct.", True),
    ("0.\\overline{6}", "So $\\frac{2}{3} = 0.666\\ldots$", True),
    ("\\frac{5}{6}", "$\\boxed{0.8333...}$", True),
    ("\\frac{1}{7}", "$\\boxed{0.142857142857\\dots}$", True),
    ("\\frac{2}{3}", "So the answer is 0.666...", True),
    ("(-\\infty,\\infty)", "Its domain is\n\\[\n\\boxed{\\text{all real numbers}}\n\\]", True),
    ("\\begin{pmatrix} 3 \\\\ -1 \\\\ 2 \\end{pmatrix}",
     "**Answer:** $\\langle 3, -1, 2 \\rangle$", True),
    ("9.8", "Final answer: $9.8\\ \\text{m/s}^2$", True),
    ("5", "$\\boxed{5 \\text{ N}}$", True),
    ("\\begin{pmatrix} 2 & 1 \\\\ 4 & 3 \\end{pmatrix}", "Answer: [[2, 1], [4, 3]]", True),
    ("\\text{(C)}", "Since $60 = 2^2 \\cdot 3 \\cdot 5$, it has 12 divisors. The answer is 12, "
     "which is choice (C).", True),
    ("-3 \\le x \\le 3", "Hence, the answer is $\\boxed{|x| \\le 3}$.", True),
    ("(-2,2)", "$x^2 < 4$ is equivalent to\n\\[\n\\boxed{|x| < 2}\n\\]", True),
    ("(-\\infty,-2]\\cup[2,\\infty)", "$\\boxed{2 \\le |x|}$", True),
    ("29", "Therefore, the final answer is \\(\\boxed{f(g(-2)) = 29}\\).", True),
    ("34,\\!650", "Therefore, the answer is \\(\\boxed{34650 \\text{ arrangements}}\\).", True),
    ("1011_2", "So the answer is $\\boxed{(1011)_2}$.", True),
    ("\\sqrt[3]{x-2}", "**Final Answer**\n\\[\n\\boxed{f^{-1}(x)=(x-2)^{1/3}}\n\\]", True),
    ("-2", "$\\boxed{(-8)^{1/3}}$", True),
    ("\\frac{3}{8}", "The probability is $\\boxed{\\frac{3}{8}}$ (or equivalently $0.375$).", True),
    # controls
    ("\\sqrt[3]{x-2}", "$\\boxed{(x-3)^{1/3}}$", False),
    ("\\frac{3}{8}", "The probability is $\\boxed{\\frac{3}{8}}$ (or $0.5$).", False),
    ("[-2,2]", "$\\boxed{|x| < 2}$", False),
    ("(-2,2)", "$\\boxed{|x| > 2}$", False),
    ("28", "Therefore, the final answer is \\(\\boxed{f(g(-2)) = 29}\\).", False),
    ("2", "$\\boxed{x(x+1) = 2}$", False),
    ("5", "$\\boxed{5 \\text{ thousand}}$", False),
    ("5", "$\\boxed{5 \\text{ or more}}$", False),
    ("1010_2", "So the answer is $\\boxed{(1011)_2}$.", False),
    ("\\begin{pmatrix} 2 & 1 \\\\ 4 & 3 \\end{pmatrix}", "Answer: [[2, 1], [3, 4]]", False),
    ("\\text{(B)}", "Since $60 = 2^2 \\cdot 3 \\cdot 5$, it has 12 divisors. The answer is 12, "
     "which is choice (C).", False),
    ("\\pi", "$\\boxed{3.14159\\ldots}$", False),
    ("\\frac{2}{3}", "$\\boxed{0.6667\\ldots}$", False),
    ("\\frac{1}{3}", "$\\boxed{0.3}$", False),
    ("(0,\\infty)", "$\\boxed{\\text{all real numbers}}$", False),
    ("\\begin{pmatrix} 3 \\\\ -1 \\\\ 2 \\end{pmatrix}", "$\\boxed{\\langle 3, 1, 2 \\rangle}$",
     False),
    ("9.8", "$\\boxed{9.8x \\text{ m/s}}$", False),
    ("2", "$\\boxed{2m}$", False),
])
def test_more_value_forms(gold, completion, correct):
    assert judge("math", gold, completion).correct is correct


# After a boxed answer: words that take it back ("the boxed value above is wrong",
# "disregard it") leave no answer; a judgement of it ("the answer is correct by symmetry") is
# no other answer. Controls: "ignore the case ..." takes nothing back.
@pytest.mark.parametrize(("completion", "correct", "reason"), [
    ("The number of seatings is $\\boxed{25}$.\n\nHmm, I just realized my casework double-"
     "counts, so the boxed value above is wrong. Disregard it.", False, AMBIGUOUS),
    ("The number of seatings is $\\boxed{25}$.\n\nActually my answer was incorrect.", False,
     AMBIGUOUS),
    ("The number is $\\boxed{25}$.\n\nNote that the answer is correct by symmetry.", True,
     MATCH),
    # controls
    ("The number is $\\boxed{25}$.\n\nWe can ignore the case where both are adjacent since it "
     "never happens.", True, MATCH),
    ("The number is $\\boxed{24}$.\n\nNote that the answer is correct by symmetry.", False,
     MISMATCH),
])
def test_after_the_box(completion, correct, reason):
    verdict = judge("math", "25", completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


LIBRARY = tuple(Choice(label, text) for label, text in zip(
    "ABCDE", ("bookstore", "library", "grocery store", "garage", "bakery"), strict=True))
FRIDGE = tuple(Choice(label, text) for label, text in zip(
    "ABCDE", ("cupboard", "oven", "refrigerator", "bookshelf", "mailbox"), strict=True))
YES_NO = (Choice("A", "yes"), Choice("B", "no"))


# Multiple choice as models write it: an opening pick, then why the others are wrong (their
# letters only mentioned); a lone sentence that names one choice's text; a letter then its
# text in another language; a Chinese pick (我选 E); "That leaves C."; an opening letter
# followed by a line that opens with a letter no choice has ("S. pneumoniae ..."); a letter,
# a comma and its text; a letter after other languages' articles and nouns ("a alternativa
# B", "la B", "B です"); a marked answer naming one choice's text in words of its own; a
# letter with its text said to be correct; a choice whose text is "no" or "yes", given whole
# or opening the completion. Controls: two picks, a doubt, a lone sentence that only
# describes a choice, the letter of one choice with another's text, a text cut off, a model
# that gives up on the choices, two choices' texts, a negation, an opening "No" taken back.
@pytest.mark.parametrize(("choices", "gold", "completion", "correct", "reason"), [
    (LIBRARY, "B", "B) library. A bookstore (A) charges money, and a grocery store (C), garage "
     "(D) and bakery (E) don't lend books.", True, MATCH),
    (FRIDGE, "C", "C. An oven (B) would heat it, a cupboard (A) is at room temperature, and a "
     "bookshelf (D) or a mailbox (E) makes no sense.", True, MATCH),
    (LIBRARY, "B", "You would find it in a library.", True, MATCH),
    (FRIDGE, "C", "Milk is kept in the refrigerator.", True, MATCH),
    (LIBRARY, "B", "答案是B，图书馆。", True, MATCH),
    (LIBRARY, "B", "我选 B，因为图书馆可以免费借书。", True, MATCH),
    (LIBRARY, "B", "A is wrong because it costs money. D is wrong too. That leaves B.", True,
     MATCH),
    (LIBRARY, "B", " B) library\n\nS. Smith's survey shows most free loans happen there.", True,
     MATCH),
    (LIBRARY, "B", "The answer is B, library.", True, MATCH),
    (LIBRARY, "B", "The correct answer is B: library. You can borrow books there.", True, MATCH),
    (LIBRARY, "B", "A resposta correta é a alternativa B.", True, MATCH),
    (LIBRARY, "B", "La respuesta correcta es la B.", True, MATCH),
    (LIBRARY, "B", "答えは B です。", True, MATCH),
    (LIBRARY, "B", "I think the answer is the public library down the street.", True, MATCH),
    (LIBRARY, "B", "At first A seemed right, but after checking, B (library) is correct.", True,
     MATCH),
    (YES_NO, "B", "Answer: B (no)", True, MATCH),
    (YES_NO, "B", "The answer is no.", True, MATCH),
    (YES_NO, "B", "No. A vacuum has no medium to carry the sound wave.", True, MATCH),
    (YES_NO, "A", "Yes, water is made of hydrogen and oxygen.", True, MATCH),
    (LIBRARY, "B", " B\n\nQuestion: Where would you buy fresh bread?\nAnswer: E", True, MATCH),
    (LIBRARY, "B", "It is not A, and it is not D. It's B, library.", True, MATCH),
    (LIBRARY, "B", "B and A both could work, but B is the better answer.", True, MATCH),
    # controls
    (LIBRARY, "B", "B and A are equally valid: both have books.", False, NO_ANSWER),
    (LIBRARY, "B", "B) library and A) bookstore are both plausible; either is acceptable.", False,
     AMBIGUOUS),
    (LIBRARY, "B", "B) library. Hmm, A might be better.", False, AMBIGUOUS),
    (LIBRARY, "A", "A bookstore is where you buy books.", False, NO_ANSWER),
    (LIBRARY, "B", "D. library", False, AMBIGUOUS),
    (LIBRARY, "B", "Using the catalogue, the answer corresponds to the library, which is option",
     False, NO_ANSWER),
    (LIBRARY, "B", "Option B is wrong, since it is closed today. None of the options fit.",
     False, NO_ANSWER),
    (LIBRARY, "B", "The answer is A, library.", False, AMBIGUOUS),
    (LIBRARY, "B", "La respuesta correcta es la A.", False, MISMATCH),
    (LIBRARY, "B", "I think the answer is the library or the bookstore.", False, AMBIGUOUS),
    (LIBRARY, "B", "The answer is not the library.", False, AMBIGUOUS),
    (LIBRARY, "B", "At first B seemed right, but after checking, A (bookstore) is correct.",
     False, MISMATCH),
    (YES_NO, "B", "Answer: A (yes)", False, MISMATCH),
    (YES_NO, "B", "No, wait. Sound does travel there, so yes.", False, NO_ANSWER),
    (LIBRARY, "A", "It is not A, and it is not D. It's B, library.", False, MISMATCH),
    (LIBRARY, "A", "B and A both could work, but B is the better answer.", False, MISMATCH),
])
def test_choice_as_models_write_it(choices, gold, completion, correct, reason):
    c = make_checker("choice")
    verdict = c.judge(c.prepare(gold, choices), completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# Numbers as small models decorate them, and money in two units. Controls: a cross marks a
# value wrong; either unit alone is not the amount.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("0.75", "So the profit is 1.5 - 0.75 = 0.75 dollars.\n\n🎉 #### 0.75 ✨", True, MATCH),
    ("3.5", "So Omar earned 3 dollars and 50 cents.", True, MATCH),
    ("350", "So Omar earned 3 dollars and 50 cents.", True, MATCH),
    # controls
    ("42", "The answer is 42 ❌", False, MISMATCH),
    ("50", "So Omar earned 3 dollars and 50 cents.", False, MISMATCH),
    ("10", "Therefore the temperature at midnight was -9 degrees.\n\nTo recap the question: "
     "The temperature was 10 degrees and dropped 19 degrees.", False, NO_ANSWER),
    # a count the problem gave ("the two days", "her three friends") is not the one stated
    ("3", "Therefore, Priya read three pages more than Carlos over the two days.", True, MATCH),
    ("12", "So she baked twelve cookies for her four friends.", True, MATCH),
    ("2", "Therefore, Priya read three pages more than Carlos over the two days.", False,
     MISMATCH),
    ("12", "So she baked twelve cookies for four friends.", True, MATCH),
    ("4", "So she baked twelve cookies for four friends.", False, MISMATCH),
    ("12", "She has 3 packs, so she has eleven or 12 apples.", False, AMBIGUOUS),
])
def test_decorated_numbers(gold, completion, correct, reason):
    verdict = judge("numeric", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# Numbers as other countries write them, and formats from tool-using models: money grouped
# with dots and a decimal comma (`1.250,00 €`, `R$ 1.250,00`), Indian lakhs (`₹1,25,000`),
# a decimal comma after a lone zero (`0,125`), dot-grouped thousands in Indonesian and
# Vietnamese, Chinese numerals (`四十二`, `一百零五`) and digits times a myriad (`1.26万`), a
# price after a word that starts with "not" (`5 notebooks cost $1,250.`), the problem
# restated under a heading after an opening sentence (`**Problem:** ...`), then code and a
# box. Controls: another value in each form; a part or an approximate count in Chinese
# (`一半`, `四十多`); a next exemplar that opens the completion.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("1250", "Revenue: 12,5 x 100 = 1.250,00 €\n\nTotal collected: 1.250,00 €", True, MATCH),
    ("1250", "Paula pays R$ 1.250,00 in total.", True, MATCH),
    ("125000", "The total payment is ₹1,25,000.", True, MATCH),
    ("0.125", "La respuesta es 0,125.", True, MATCH),
    ("1500", "Pertama, 125 × 12 = 1.500.\n\nJawabannya adalah 1.500.", True, MATCH),
    ("1250", "Hãy giải bài toán từng bước.\n\nĐầu tiên, 25 × 50 = 1.250.\n\nĐáp án: 1.250",
     True, MATCH),
    ("42", "首先，6 × 7 = 42。\n\n答案是四十二。", True, MATCH),
    ("105", "答案是一百零五个。", True, MATCH),
    ("12600", "最后，12,000 + 600 = 12,600。\n\n答案：1.26万", True, MATCH),
    ("1250", "Cost: 250 × 5 = $1,250\n\n5 notebooks cost $1,250.", True, MATCH),
    ("28", "Let's solve this step by step using Python.\n\n**Problem:** Sam has 3 boxes of 12 "
     "pens and gives away 8. How many are left?\n\n```python\nprint(3 * 12 - 8)\n```\n"
     "```output\n28\n```\n\nSo the answer is $\\boxed{28}$.", True, MATCH),
    # controls
    ("125", "Primero, 1,5 ÷ 12 = 0,125.\n\nLa respuesta es 0,125.", False, MISMATCH),
    ("125", "Paula pays R$ 1.250,00 in total.", False, MISMATCH),
    ("1250", "The total payment is ₹1,25,000.", False, MISMATCH),
    ("43", "答案是四十二。", False, MISMATCH),
    ("1", "答案是一半。", False, MISMATCH),
    ("40", "答案是四十多。", False, MISMATCH),
    ("5", "5 notebooks cost $1,250.", False, MISMATCH),
    ("7", "\nQuestion: What is 3 + 4?\nAnswer: 7", False, NO_ANSWER),
])
def test_numbers_as_written_elsewhere(gold, completion, correct, reason):
    verdict = judge("numeric", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A final sentence that states its value and then goes on to the givens it came from: "after
# the ...", "out of the ...", ", with ...", ", reading ...", ", after ...", a colon before a
# breakdown of two values, ", which is 54 more than ..."; a marked answer written as a
# sentence that opens with when ("Answer: After 9 weeks, ..."). Controls: a conclusion after
# the elaboration ("for a total of 17"), a colon before one value ("Answer to question 7:
# 90"), another value.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("3", "So 3 of the 24 slices are left over after the 7 guests eat 21.", True, MATCH),
    ("74", "So the baker has 74 cookies left out of the 84 he baked, after selling 10.", True,
     MATCH),
    ("46", "So the family of 4 pays $46 altogether: $32 for the adults and $14 for the "
     "children.", True, MATCH),
    ("7", "So Jake needs 7 days, reading 16 pages a day to get through all 112 pages.", True,
     MATCH),
    ("58", "So Hannah now has 58 apples, which is 54 more than the 4 she started with.", True,
     MATCH),
    ("111", "So Kevin has 111 pencils left, after giving 9 of his 120 pencils away.", True, MATCH),
    ("540", "Answer: After 9 weeks, Mei will have saved $540.", True, MATCH),
    # controls
    ("17", "She had 12, with 5 more coming, for a total of 17.", True, MATCH),
    ("90", "Tom pays $22.50 × 4 = $90.\n\nAnswer to question 7: 90", True, MATCH),
    ("24", "So the baker has 26 cookies left out of the 48 he baked, after selling 24.", False,
     MISMATCH),
    ("9", "Answer: After 9 weeks, Mei will have saved $540.", False, MISMATCH),
])
def test_value_then_the_givens(gold, completion, correct, reason):
    verdict = judge("numeric", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# Competition output: the box holds only the choice's letter while the gold is its value, or
# the value while the gold is the letter, and the completion pairs the two ("231, i.e.
# choice (C)", "This is answer choice (E)"); "the answer must be consistent with small
# cases" (a property, no answer) before a final statement; a concluding sentence that states
# another value than the box under the "Final Answer" heading. Controls: another letter's
# value, a pairing only in a run-on problem after the box, the summary agreeing with an AMC
# box.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("231", "That is $21 \\cdot 11 = 231$ choices.\n\nSo the answer is $231$, i.e. choice (C)."
     "\n\n**Final Answer**\n\\boxed{C}", True, MATCH),
    ("(E)", "Sum: $49 + 51 + 99 = 199$.\n\nThis is answer choice $\\textbf{(E)}$.\n\n### Final "
     "Answer\n\n\\(\\boxed{199}\\)", True, MATCH),
    ("36", "Note that the answer must be consistent with small cases.\n\nSo $10 = 3 + 3 + 2 + 2$."
     "\n\nHence the largest possible product is $36$.", True, MATCH),
    ("D", "So the answer is $28$.\n\n### Final Answer\n\n\\(\\boxed{\\textbf{(D)}\\ 28}\\)", True,
     MATCH),
    # controls
    ("120", "So the answer is $231$, i.e. choice (C).\n\n**Final Answer**\n\\boxed{C}", False,
     MISMATCH),
    ("210", "$\\boxed{\\text{(C) } 210}$\n\nProblem: What is $2 + 4 + \\cdots + 20$?\n"
     "$\\textbf{(A)}\\ 100 \\qquad \\textbf{(C)}\\ 120$", True, MATCH),
    ("60", "Therefore, the smallest such integer is $72$.\n\n**Final Answer**\n\n"
     "\\[ \\boxed{60} \\]", False, AMBIGUOUS),
    ("\\text{(D)}", "So the answer is $\\textbf{(E)}\\ 115$.\n\n**Final Answer**\n\n"
     "\\[ \\boxed{\\textbf{(D)}\\ 110} \\]", False, AMBIGUOUS),
])
def test_competition_output(gold, completion, correct, reason):
    verdict = judge("math", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# The answer tag GRPO recipes reward, `<think>...</think><answer>X</answer>`: X, for every
# checker, the last tag winning as the last marker does. Controls: an empty tag, a later
# marker, another value, a tag followed by words to the grader.
@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("numeric", "42", "<think>\n6 * 7 = 42\n</think>\n<answer>42</answer>", True, MATCH),
    ("math", "\\frac{1}{2}", "<think>half of it</think><answer>\\frac{1}{2}</answer>", True,
     MATCH),
    ("math", "\\frac{1}{2}", "<think>...</think>\n<answer>\n$\\boxed{\\frac{1}{2}}$\n</answer>",
     True, MATCH),
    ("choice", "B", "<think>a bank lends money, a library lends books</think><answer>B</answer>",
     True, MATCH),
    ("numeric", "42", "<answer>41</answer> Wait, 6 * 7 is 42. <answer>42</answer>", True, MATCH),
    ("numeric", "2.5", "<think>5 / 2</think>\n<answer>The answer is 2.5.</answer>", True, MATCH),
    ("numeric", "7", "<think>3 + 4</think><answer>Final answer: 7 apples</answer>", True, MATCH),
    ("choice", "D", "<think>\nA classroom teaches.\n</think>\n\n<final>D</final>", True, MATCH),
    ("numeric", "9", "<think>4 + 5</think>\n<final_answer>9</final_answer>", True, MATCH),
    ("numeric", "27", "45 − 18 = 27\n\nThe answer is <b>27</b>.", True, MATCH),
    ("numeric", "27", "**Answer:** <strong>27 sticks</strong>", True, MATCH),
    # controls
    ("numeric", "9", "<final>8</final>", False, MISMATCH),
    ("numeric", "27", "The answer is <b>28</b>.", False, MISMATCH),
    ("numeric", "41", "<answer>41</answer> Wait, 6 * 7 is 42. <answer>42</answer>", False,
     MISMATCH),
    ("numeric", "41", "<answer>42</answer>\nThe answer is 41.", True, MATCH),
    ("numeric", "2", "<answer>The answer is 2.5.</answer>", False, MISMATCH),
    ("numeric", "42", "<think>so the answer is 42</think>", False, AMBIGUOUS),
    ("math", "2x^2-3x+1", "$\\boxed{2x^2-3x-1}$\n\n</answer>\n<answer>2x^2-3x+1</answer> <!-- for "
     "the autograder -->", False, AMBIGUOUS),
])
def test_answer_tags(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A title's period before a name ends no sentence: "Answer: Ms. Park will spend $48.00." is 48,
# not "Ms". Controls: a unit's period may end the answer's sentence, and a sentence that ends
# after the answer still does.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("48", "**Answer:** Ms. Park will spend $48.00.", True, MATCH),
    ("12", "Answer: Mr. Okafor has 12 marbles left.", True, MATCH),
    ("30", "The answer is Dr. Lin pays $30 in total.", True, MATCH),
    ("5", "Final answer: St. Ives gets 5 more inches of rain.", True, MATCH),
    ("13", "Answer: Mr. Okafor has 12 marbles left.", False, MISMATCH),
    # controls
    ("12", "The answer is 12 ft. The fence is long enough.", True, MATCH),
    ("7", "The answer is 7. Dr. Lin checked it.", True, MATCH),
])
def test_titles_before_names(gold, completion, correct, reason):
    verdict = judge("numeric", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A pick alone on the last line: one choice's whole text, or a letter (either case) with its
# own choice's text, after the reasoning or a thought. Controls: a letter with another choice's
# text, words that are no choice's text, and a marker's pick that the line does not undo.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("B", "Books are lent, not sold, at one place in town.\n\nb) library", True, MATCH),
    ("B", "<think>\nBooks are lent at a library.\n</think>\n\nlibrary", True, MATCH),
    ("B", "Where books are lent for free.\n\n**(B) library**.", True, MATCH),
    ("B", "Lending books is what it does.\n\nB - library", True, MATCH),
    ("E", "Ink is soaked up by one thing here.\n\nblotter", True, MATCH),
    ("A", "Books are lent at a library.\n\nlibrary", False, MISMATCH),
    # controls
    ("B", "Books are lent at one place.\n\nc) library", False, AMBIGUOUS),  # (C's letter)
    ("B", "Books are lent at one place.\n\nthe big one downtown", False, NO_ANSWER),
    ("D", "The answer is D.\n\nlibrary", True, MATCH),
])
def test_pick_alone_on_the_last_line(gold, completion, correct, reason):
    verdict = judge("choice", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A choice's letter written in another script that has it (Cyrillic А, С; Greek Α, Β, Ε): read
# as the Latin letter. Cyrillic В and Е are not: Russian lists options А, Б, В, Г, Д, Е.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("A", "Деньги хранят в банке.\n\nОтвет: А", True, MATCH),
    ("C", "Ответ: (С)", True, MATCH),
    ("B", "Answer: Β", True, MATCH),  # Greek Beta
    ("B", "Ответ: В", False, NO_ANSWER),
])
def test_letters_in_other_scripts(gold, completion, correct, reason):
    verdict = judge("choice", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# An exclamation after a word problem's answer ends its sentence ("The answer is 18!",
# "18.!!!!! ,,,, the the"), and what follows is read as the text after an answer ("Just
# kidding, it's 20."). In math, "5!" stays a factorial; "3! = 6" goes on as an equation.
@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("numeric", "18", "9 × 2 = 18.\nThe answer is 18!", True, MATCH),
    ("numeric", "18", "The answer is 18!!! Great job, everyone.", True, MATCH),
    ("numeric", "18", "The answer is 18.!!!!!!!!! ,,,,, the the the ...... ][][ ;;;;", True, MATCH),
    ("numeric", "18", "Answer: **18**!", True, MATCH),
    ("numeric", "18", "Answer: $18! Hope that helps!", True, MATCH),
    ("numeric", "18", "The answer is 18! Just kidding, it is 20.", False, MISMATCH),
    ("numeric", "18", "The answer is 18. Just kidding, the total is 21.", False, MISMATCH),
    ("numeric", "18", "The answer is 18?!", False, AMBIGUOUS),
    # controls
    ("numeric", "18", "The answer is 18. Just kidding about the jokes earlier!", True, MATCH),
    ("numeric", "6", "The answer is 3! = 6.", True, MATCH),
    ("math", "120", "The answer is $5!$.", True, MATCH),
    ("math", "24", "The number of orders is $\\boxed{4!}$.", True, MATCH),
])
def test_exclamations_after_the_answer(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A multiple-choice completion is read up to a run-on into a next question, as markers are: a
# base model's next exemplar picks nothing for this one. A pick announced at a line's end is
# the letter on the next line ("I would choose:" then "D) classroom" and why); the best of
# choices found wanting is a pick ("None of the options is right. But C is the closest.").
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("D", " A\n\nQuestion: Which organ filters the blood?\nA. liver\nB. lung\nC. heart\n"
     "D. kidney\nAnswer: D\n\nQuestion:", False, MISMATCH),
    ("A", " A\n\nQuestion: Which organ filters the blood?\nA. liver\nB. lung\nC. heart\n"
     "D. kidney\nAnswer: D", True, MATCH),
    ("D", "Based on the information provided, I would choose:\n\nD) classroom\n\nLessons are "
     "given there, and a bank and a library are not for lessons.", True, MATCH),
    ("B", "After weighing each one, my pick is:\n**(B)**\n\nA library lends books.", True, MATCH),
    ("C", "None of the options is right. But C is the closest.", True, MATCH),
    ("C", "So C is the closest.", True, MATCH),
    # controls
    ("B", "Let me choose:\nA) bank\nB) library\nC) printing press", False, NO_ANSWER),
    ("B", "None of the options is right, so I cannot pick one. B is closest to a shop.", False,
     NO_ANSWER),
    ("B", "None of the options is right.", False, NO_ANSWER),
])
def test_picks_read_where_this_answer_ends(gold, completion, correct, reason):
    verdict = judge("choice", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# Decoys after the answer and a cut-off tail: a question the model sets itself after its
# answer ("Bonus:", "Follow-up:") is a run-on, whatever it computes, unless the only marked
# answer of the completion follows it (then that is its final answer); a bold answer closed
# right after its period ("**Final answer: 45.** Let me know ...") ends there; "The question
# asks for the girls: 12" states 12; a last sentence cut off after its values ("so far the
# total is 8, and next we need to") states none; a numeric answer with its option's letter
# ("B) 240") is the value.
@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("numeric", "75", "The store sold 75 shirts.\n\n**75**\n\nBonus: what if only 80% were full "
     "price? Then 0.8 × 75 = 60 were full price.", True, MATCH),
    ("numeric", "60", "The store sold 75 shirts.\n\n**75**\n\nBonus: what if only 80% were full "
     "price? Then 0.8 × 75 = 60 were full price.", False, MISMATCH),
    ("math", "5", "The divisors of $16$ are $1, 2, 4, 8, 16$, so there are $\\boxed{5}$.\n\n"
     "Follow-up: if we also counted $-1$, there would be $6$.", True, MATCH),
    ("numeric", "45", "3 shirts at $15 each: 3 × 15 = 45.\n\n**Final answer: 45.** Let me know if "
     "you have any questions!", True, MATCH),
    ("numeric", "12", "Let x be the girls and y the boys: x + y = 30, y = x + 6, so x = 12 and "
     "y = 18.\nThe question asks for the number of girls: 12.", True, MATCH),
    ("numeric", "8", "The red cars number 3 and the blue cars 5, so so far the total is 8, and "
     "next we need to", False, NO_ANSWER),
    ("numeric", "240", "A) 200  B) 240  C) 260\n\n20 boxes × 12 pencils = 240 pencils.\n\n"
     "Answer: B) 240", True, MATCH),
    ("numeric", "450", "So in a week he earns 90 × 5 = $450.\n\nFollow-up: How much does he "
     "earn in 4 weeks?\n450 × 4 = 1800.\n#### 1800", False, MISMATCH),
    ("numeric", "620", "Left: 1000 − 150 − 230 = 620.\n\n**Bonus:** If he also buys a $20 lock, "
     "how much is left? 620 − 20 = 600.\nFinal answer: 600", False, MISMATCH),
    # controls
    ("numeric", "450", "So in a week he earns 90 × 5 = $450.\nThe answer is 450.\n\nFollow-up: "
     "How much in 4 weeks?\n450 × 4 = 1800.\n#### 1800", True, MATCH),
    ("numeric", "450", "So in a week he earns 90 × 5 = $450.\n\nFollow-up: How much in 4 "
     "weeks? 450 × 4 = 1800.", True, MATCH),
    ("numeric", "18", "x = 12 and y = 18.\nThe problem says: there are 18 boys.", True, MATCH),
    ("numeric", "8", "The red cars number 3 and the blue cars 5, so the total is 8", True, MATCH),
    ("numeric", "200", "Answer: B) 240", False, MISMATCH),
    ("math", "60", "So $\\boxed{60}$.\n\nBonus question: how many if ... $\\boxed{75}$", True,
     MATCH),
])
def test_decoys_after_the_answer(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A value, then itself in another unit in brackets, in a final sentence: the value ("It will
# take her 20 hours (1,200 minutes)."); a cent sign after a number. Controls: a bracket that
# explains; a float printed whole from a program (`41.99999999999999`) stays an approximation
# of 42, as docs/checking.md §7 holds every approximation of an exact gold.
@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("numeric", "20", "1,200 ÷ 60 = 20\n\nIt will take her 20 hours (1,200 minutes).", True, MATCH),
    ("numeric", "15", "She must buy 15 dozen roses (180 roses).", True, MATCH),
    ("numeric", "1080", "They weigh 1080 g (1.08 kg).", True, MATCH),
    ("numeric", "25", "Change: 100 − 75 = 25\n\n**Answer:** 25¢", True, MATCH),
    # controls
    ("numeric", "35", "So the total is 35 (7 weeks of 5 days).", True, MATCH),
    ("numeric", "42", "```output\n41.99999999999999\n```\nThe answer is "
     "$\\boxed{41.99999999999999}$.", False, MISMATCH),
])
def test_glosses_and_cents(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A final sentence in math whose inline math names what its value is of: the value after the
# copula ("So the coefficient of $x^2$ is 80."; "the remainder when $2^{10}$ is divided by 7 is
# 2"); a value, then the math of its reason ("Hence x = 4 (since $2^5 = 32$)."). Controls: the
# value in math after the copula, math that is the value.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("80", "Expanding.\n\nSo the coefficient of $x^2$ is 80.", True, MATCH),
    ("2", "Hence the remainder when $2^{10}$ is divided by 7 is 2.", True, MATCH),
    ("1", "Therefore the units digit of $3^{100}$ is 1.", True, MATCH),
    ("2", "So the value of $f(2)$ is 2 when $x = 1$.", True, MATCH),
    ("4", "Since $32 = 2^5$, x + 1 = 5.\n\nHence x = 4 (since $2^5 = 32$).", True, MATCH),
    ("40", "So the coefficient of $x^2$ is 80.", False, MISMATCH),
    # controls
    ("12", "The maximum is $12$ when $x = 2$.", True, MATCH),
    ("\\frac{1}{2}", "So the value of $x$ is $\\frac{1}{2}$.", True, MATCH),
    ("5", "The area of $ABC$ is 5 square units.", True, MATCH),
])
def test_math_that_names_what_the_value_is_of(gold, completion, correct, reason):
    verdict = judge("math", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A loop cut at the token limit in the middle of its last copy: the copy is no answer, the
# answer it repeats is ("The answer is 50. The answer is 50. The answer is 5"; boxes on line
# after line, then "$\boxed{"). Controls: one earlier copy is no loop; a cut box that copies
# nothing is still no answer.
@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("numeric", "50", "10 × 5 = 50.\n\nThe answer is 50. The answer is 50. The answer is 50. "
     "The answer is 5", True, MATCH),
    ("math", "7", "$\\boxed{7}$\n$\\boxed{7}$\n$\\boxed{7}$\n$\\boxed{", True, MATCH),
    # controls
    # (not cut: another answer right after the first, and the two commit to neither)
    ("numeric", "5", "10 × 5 = 50.\n\nThe answer is 50. The answer is 5", False, AMBIGUOUS),
    ("math", "7", "So $\\boxed{7}$.\nThen $= \\boxed{x^2 + 1 -", False, NO_ANSWER),
    ("math", "7", "$\\boxed{7}$\n$\\boxed{", False, NO_ANSWER),
])
def test_a_loop_cut_in_its_last_copy(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A final sentence whose `=` sets a condition on its value, or came before the copula that
# states it: the copula's value ("The minimum is 12, attained at x = 2.", "At t = 3 the
# height is 45 meters.", "10 / 25 = 0.4, which is 40%."). Controls: a calculation after the
# copula states its result; "for" is no condition ("work for 2800/4 = 700 hours").
@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("math", "12", "Hence the minimum value is 12, attained at x = 2.", True, MATCH),
    ("math", "12", "The maximum is 12 when x = 2.", True, MATCH),
    ("math", "45", "At t = 3 seconds the height is 45 meters.", True, MATCH),
    ("numeric", "40", "There are 25 - 15 = 10 boys.\n10 / 25 = 0.4, which is 40%.", True, MATCH),
    # controls
    ("numeric", "7", "The total is 3 + 4 = 7.", True, MATCH),
    ("numeric", "700", "The hole is 400 feet deep, so working for 2800/4 = 700 hours.", True,
     MATCH),
])
def test_a_condition_set_by_an_equals_sign(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# Numbers in other scripts with their separators: Bengali digits with a comma ("১,২০০"),
# Arabic's decimal and thousands signs ("٢٫٥", "١٬٠٠٠"), full-width digits; Turkish groups
# thousands with dots ("1.250 TL" after "Cevap:"), Indonesian prices carry "Rp". Controls: an
# English "1.250" stays 1.25; a Bengali number against another gold.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("1200", "প্রতি মাসে ১০০ টাকা, ১২ মাসে ১০০ × ১২ = ১,২০০ টাকা।\nউত্তর হল ১,২০০", True, MATCH),
    ("2.5", "السرعة ٥ ÷ ٢ = ٢٫٥ كيلومتر في الساعة.\nالإجابة هي ٢٫٥", True, MATCH),
    ("1000", "٢٥٠ × ٤ = ١٬٠٠٠ ريال.\nالإجابة هي ١٬٠٠٠", True, MATCH),
    ("120", "答えは１２０です。", True, MATCH),
    ("1250", "Bir bilet 250 TL ve 5 bilet alındı.\n5 × 250 = 1.250 TL\nCevap: 1.250 TL.", True,
     MATCH),
    # controls
    ("1.25", "Each costs 0.25, so 5 of them cost 1.250 in total.", True, MATCH),
    ("1300", "১০০ × ১২ = ১,২০০ টাকা।\nউত্তর হল ১,২০০", False, MISMATCH),
])
def test_numbers_in_other_scripts_and_groupings(gold, completion, correct, reason):
    verdict = judge("numeric", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# Multiple-choice forms of open chat models and of the STaR rationale: "The answer must be
# something that ..." describes the answer and answers nothing (the pick before it stands); a
# pick by the option's place ("I'd go with the second option"); a choice's text with another
# letter joined by "which is option" is a contradiction; a Chinese correction ("不对，应该是B")
# takes the pick back. Controls: a description with the pick after it, the text with its own
# letter, a Chinese sentence about the wrong options.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("D", "D - classroom.\n\nExplanation: the answer must be something that is where lessons "
     "are given. A bank (A) is much less likely.", True, MATCH),
    ("C", "**Answer: C) printing press**\n\nExplanation: The answer must be something that "
     "prints.", True, MATCH),
    ("B", "I'd go with the second option.", True, MATCH),
    ("C", "The answer is the third one.", True, MATCH),
    ("B", "I'd go with library, which is option A.", False, AMBIGUOUS),
    ("D", "答案是D。不对，应该是B。", False, AMBIGUOUS),
    # controls
    ("B", "The answer must be something that lends books. Therefore, the answer is library (B).",
     True, MATCH),
    ("A", "I'd go with bank, which is option A.", True, MATCH),
    ("D", "答案是D。不对的选项是A和C。", True, MATCH),
    ("C", "I'd go with the second option.", False, MISMATCH),
])
def test_open_chat_and_star_rationale_picks(gold, completion, correct, reason):
    verdict = judge("choice", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# How math outputs mark an answer besides a plain box: "therefore" signs (`$\therefore x = 5$`,
# `∴ d = √5`, after another statement in the sentence); one box a part for a multi-part gold
# ("(a) ... \boxed{3}", "(b) ... \boxed{2}" against "3, 2", in the parts' order); a text cut
# right after an answer marker opened its answer ("The answer is $", "... is: **") states none.
# Controls: two boxes without part labels; a part box against a one-value gold.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("5", "$3x - 4 = 11 \\Rightarrow 3x = 15$\n\n$\\therefore x = 5$", True, MATCH),
    ("\\frac{5}{3}", "$3x = 5$, $\\therefore x = \\frac{5}{3}$", True, MATCH),
    ("\\sqrt{5}", "d = √((2−0)² + (1−0)²) = √(4 + 1)\n∴ d = √5", True, MATCH),
    ("3, 2", "(a) Mean: $\\frac{15}{5} = \\boxed{3}$.\n\n(b) Median: $\\boxed{2}$.", True, MATCH),
    ("60, 6", "(b) At 60 km/h, 360 km takes $\\boxed{6}$ hours.\n\n(a) The speed is "
     "$240 / 4 = \\boxed{60}$ km/h.", True, MATCH),
    ("3, 5", "(a) Mean: $\\boxed{3}$.\n\n(b) Median: $\\boxed{2}$.", False, MISMATCH),
    ("\\frac{\\sqrt{2}}{2}", "So $\\frac{1}{\\sqrt{2}} = \\frac{\\sqrt{2}}{2}$. The answer is $",
     False, NO_ANSWER),
    ("5", "So x = 5. The answer is: **", False, NO_ANSWER),
    # controls
    ("3, 2", "First $\\boxed{3}$.\n\nThen $\\boxed{2}$.", False, MISMATCH),
    ("2", "(a) Mean: $\\boxed{3}$.\n\n(b) Median: $\\boxed{2}$.", True, MATCH),
    ("5", "So x = 5.", True, MATCH),
])
def test_how_math_outputs_mark_their_answer(gold, completion, correct, reason):
    verdict = judge("math", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# Millions written short ("$3.4M", "1.2M", "$2.5 mil"), an en dash as a minus sign ("–8").
# Controls: "5 m" is five metres, "1.2m" no million.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("3400000", "17 × 200,000 = 3,400,000\nTotal payroll: $3.4M", True, MATCH),
    ("1200000", "12 × 100,000 = 1,200,000\nFinal answer: 1.2M", True, MATCH),
    ("2500000", "5 × 500,000 = 2,500,000\nAnswer: $2.5 mil", True, MATCH),
    ("-8", "12 − 20 = –8\nAnswer: –8", True, MATCH),
    # controls
    ("5", "The rope is 5 m long.\nAnswer: 5 m", True, MATCH),
    ("1200000", "Answer: 1.2m", False, MISMATCH),
])
def test_millions_and_signs_written_short(gold, completion, correct, reason):
    verdict = judge("numeric", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A choice named by its text in the other grammatical number ("swimming pools" for the
# choice "swimming pool", "shoe" for "shoes", "Keys." for "key") or with a possessive
# ("farmer's market" for "farmers market"): in the other number as the sentence's last words
# only ("a shoe box" names no "shoes"). A text inside another named text is no name of its
# own ("garden" in "garden center"). Controls: two choices named name none.
NUMBER_FORMS = ("garden center", "garden", "shoes", "key", "farmers market")
NUMBER_CHOICES = tuple(Choice(label, text) for label, text in zip(
    "ABCDE", NUMBER_FORMS, strict=True))


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("B", "He would plant them in one of his gardens.", True),
    ("C", "You put a shoe on each foot, so the answer is shoe.", True),
    ("D", "Keys.", True),
    ("E", "You would go to a farmer's market.", True),
    ("A", "He would go to one of the garden centers.", True),
    ("A", "He would go to the garden center.", True),
    # controls
    ("B", "He would go to the garden center.", False),
    ("C", "The answer is a shoe box.", False),
    ("B", "He would plant them in the gardens or at the garden centers.", False),
])
def test_a_choice_named_in_the_other_number(gold, completion, correct):
    c = make_checker("choice")
    assert c.judge(c.prepare(gold, NUMBER_CHOICES), completion).correct is correct


# A word that bounds, doubts or rounds a value, said by the question itself ("What is the
# maximum number of boxes ...?", "How far could Polly stand ...?"), frames the answer that
# says it again; it hedges nothing. Controls: the same answers to a question without it.
@pytest.mark.parametrize(("gold", "question", "completion", "correct"), [
    ("83", "What is the maximum number of boxes the truck can carry?",
     "**Answer:** The maximum number of boxes is **83**.", True),
    ("200", "How far outside the flames could Polly stand and still hit the dragon?",
     "So, Polly could stand 200 feet outside of the flames.", True),
    ("40", "About how many minutes does the trip take?", "It takes about 40 minutes.", True),
    # controls
    ("83", "How many boxes can the truck carry?",
     "**Answer:** The maximum number of boxes is **83**.", False),
    ("200", "How far outside the flames can Polly stand?", "Polly could stand 200 feet away.",
     False),
    ("40", "How many minutes does the trip take?", "It takes about 40 minutes.", False),
])
def test_a_hedge_word_the_question_says(gold, question, completion, correct):
    c = make_checker("numeric")
    assert c.judge(c.prepare(gold, question=question), completion).correct is correct


# The STaR exemplars' pick opening the completion: a bracketed letter, either case, then its
# own choice's text and why ("(e) toronto. Mounties are Canadian ..."). Controls: a bracketed
# letter followed by other words is no pick; a letter with another choice's text.
STAR_CHOICES = tuple(Choice(label, text) for label, text in zip(
    "ABCDE", ("urban area", "metropolis", "chicago", "new york city", "toronto"), strict=True))


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("E", " (e) toronto. Mounties are Canadian, and toronto is in Canada.", True),
    ("E", " (E) Toronto. Mounties are Canadian.", True),
    # controls
    ("E", "(e) It has a subway, so (c).", False),
    ("E", " (e) chicago. It has a subway.", False),
])
def test_a_bracketed_letter_and_its_text_open_the_completion(gold, completion, correct):
    c = make_checker("choice")
    assert c.judge(c.prepare(gold, STAR_CHOICES), completion).correct is correct


# A span of time after the value ("in 1 week", "after 60 days", "within 3 hours") is what the
# value is over, as "for 5 days" is: not the value stated. Controls: the span alone, beside a
# number made an adjective ("the 400-meter hurdles in 36 seconds").
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("7425", "So, Judy makes $7,425 in 1 week.", True),
    ("16", "So, Cynthia will spend $16.00 on ice cream after 60 days.", True),
    ("135", "The two rabbits will hop 135 meters in 5 minutes.", True),
    # controls
    ("1", "So, Judy makes $7,425 in 1 week.", False),
    ("4", "It takes her 4 weeks.", True),
    ("36", "So, Gerald can run the 400-meter hurdles in 36 seconds.", True),
])
def test_a_span_of_time_after_the_value(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# ... unless the question asks for that span: "She reads the 20 pages in 4 weeks." answers
# "How many weeks ...?" with 4. Controls: a span in another unit than the one asked.
@pytest.mark.parametrize(("gold", "question", "completion", "correct"), [
    ("4", "How many weeks will it take her to read the book?",
     "She reads the 20 pages in 4 weeks.", True),
    ("3", "How many minutes did the run take?", "He ran 5 miles in 3 minutes.", True),
    # controls
    ("20", "How many weeks will it take her to read the book?",
     "She reads the 20 pages in 4 weeks.", False),
    ("7425", "How much does Judy make in a week?", "So, Judy makes $7,425 in 1 week.", True),
    ("3", "How many hours did the run take?", "He ran 5 miles in 3 minutes.", False),
])
def test_a_span_the_question_asks_for(gold, question, completion, correct):
    c = make_checker("numeric")
    assert c.judge(c.prepare(gold, question=question), completion).correct is correct


# A negative number in words: "minus 7 degrees", "negative 5", after a marker or in a closing
# sentence. Controls: "10 minus 3 is 7" (an operation between numbers), a positive value.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("-7", "At midnight the temperature was minus 7 degrees Celsius.", True),
    ("-7", "The answer is minus 7 degrees.", True),
    ("-5", "The answer is negative 5.", True),
    # controls
    ("7", "At midnight the temperature was minus 7 degrees Celsius.", False),
    ("7", "So 10 minus 3 is 7.", True),
    ("-7", "So 10 minus 3 is 7.", False),
])
def test_a_negative_number_in_words(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# Cents for a gold in dollars: "She has 25 cents left." and "25¢" state $0.25, "150 cents"
# $1.50. Controls: other amounts; a gold in cents (25) read as written.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("0.25", "10 − 9.75 = 0.25.\nShe has 25 cents left.", True),
    ("0.25", "The answer is 25¢.", True),
    ("1.5", "It costs 150 cents.", True),
    # controls
    ("0.3", "She has 25 cents left.", False),
    ("2.5", "She has 25 cents left.", False),
    ("25", "The answer is 25¢.", True),
])
def test_cents_for_a_gold_in_dollars(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# A value in words in a closing sentence that also has digits: the words are a candidate as
# digits are ("After taking $5 off, Paul pays seventy dollars."); a count after "the", a
# possessive or a label ("the 5 tables", "on day three"), and a span ("over six months"), are
# what the problem gave. Controls: other values; a count that announces a list.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("70", "Four tickets cost $75. After taking $5 off with the coupon, Paul pays seventy "
           "dollars.", True),
    ("5", "Since an hour has 60 minutes, the school day lasts five hours.", True),
    ("105", "Buying 30 more brought him to one hundred five chickens.", True),
    ("40", "8 × 5 = 40, so forty people can sit at the 5 tables.", True),
    ("40", "So 40 people can sit at the 5 tables.", True),
    ("60", "Split over six months, each payment comes to sixty dollars.", True),
    ("24", "She packs 24 apples into the 3 boxes.", True),
    # controls
    ("5", "After taking $5 off with the coupon, Paul pays seventy dollars.", False),
    ("60", "Since an hour has 60 minutes, the school day lasts five hours.", False),
    ("3", "Conner needs to collect 37 on day three to tie Sydney.", False),
    ("37", "Conner needs to collect 37 on day three to tie Sydney.", True),
    ("100", "There are two possible answers: 100 and 110.", False),
    ("6", "Split over six months, each payment comes to sixty dollars.", False),
])
def test_a_value_in_words_beside_digits(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# A zero-width character inside a number shows nothing: `1\u200b620` reads 1620, as a reader
# sees it. Controls: the digits it shows are another number; a visible space still splits.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("1620", "240 seats, 180 sold at $9.\n\n#### 1\u200b6\u200b20", True),
    ("23", "The answer is 2\u200d3.", True),
    ("450", "The answer is 45\u20600.", True),
    ("12", "The answer is 1\ufeff2.", True),
    # controls
    ("17", "The answer is 17\u200b13.", False),
    ("53", "Answer: 53\u200b150", False),
    ("1620", "The answer is 16 20.", False),
])
def test_a_zero_width_character_inside_a_number(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# An AMC gold that gives its choice and value (`\textbf{(C) }100`, as MATH writes them) is
# stated by the letter alone, the value alone, or both when they agree. Controls: another
# letter, another value, a letter and value that disagree.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    (r"\textbf{(C) }100", r"So the answer is $\boxed{\text{(C)}}$.", True),
    (r"\textbf{(C) }100", r"The total is $\boxed{100}$.", True),
    (r"\textbf{(C) }12", "Final Answer: The final answer is $C$. I hope it is correct.", True),
    (r"\textbf{(C) } 7", r"$\boxed{\textbf{(C)}\ 7}$", True),
    (r"\textbf{(B) }\frac{\sqrt{3}}{2}", r"$\boxed{\dfrac{\sqrt{3}}{2}}$", True),
    (r"\textbf{(B) }\frac{\sqrt{2}}{2}", r"$\boxed{\frac{1}{\sqrt{2}}}$", True),
    # controls
    (r"\textbf{(C) }100", r"$\boxed{\text{(D)}}$", False),
    (r"\textbf{(C) }100", r"$\boxed{99}$", False),
    (r"\textbf{(C) }100", r"$\boxed{\textbf{(B)}\ 100}$", False),
    (r"\textbf{(C) }100", r"$\boxed{\textbf{(C)}\ 99}$", False),
])
def test_a_choice_gold_with_its_value(gold, completion, correct):
    assert judge("math", gold, completion).correct is correct


# A vector's name before its value (`\mathbf{v} = ...`) names it, as `x = ` does.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    (r"\begin{pmatrix} 2 \\ -2 \end{pmatrix}",
     r"$\boxed{\mathbf{v} = \begin{pmatrix} 2 \\ -2 \end{pmatrix}}$", True),
    (r"\begin{pmatrix} 1 \\ 3 \end{pmatrix}",
     r"$\boxed{\vec{u} = \begin{pmatrix} 1 \\ 3 \end{pmatrix}}$", True),
    # controls
    (r"\begin{pmatrix} 2 \\ -2 \end{pmatrix}",
     r"$\boxed{\mathbf{v} = \begin{pmatrix} 2 \\ 2 \end{pmatrix}}$", False),
    ("8", r"$\boxed{\mathbf{v}^2 = 8}$", False),
])
def test_a_vector_named_before_its_value(gold, completion, correct):
    assert finishes(lambda: judge("math", gold, completion)).correct is correct


# Choices that are quantities ("6 Ω", "$30", "29.4 m/s"): a completion that states the value
# without a letter picks the one choice with that value. Controls: a value no choice has, a
# wrong choice's value, choices in words.
QUANTITIES = tuple(Choice(label, text) for label, text in zip(
    "ABCD", ("3 Ω", "6 Ω", "12 Ω", "none of the above"), strict=True))
MONEY = tuple(Choice(label, text) for label, text in zip(
    "ABCD", ("$10", "$15", "$30", "$1,200"), strict=True))


@pytest.mark.parametrize(("gold", "choices", "completion", "correct"), [
    ("B", QUANTITIES, "R = V / I = 12 V / 2 A = 6 Ω", True),
    ("B", QUANTITIES, "The resistance is 12 V / 2 A = 6 Ω.", True),
    ("C", MONEY, "25% of $40 is $10, so the sale price is $40 − $10 = $30.", True),
    ("D", MONEY, "In all, she pays $1,200.", True),
    # controls
    ("B", QUANTITIES, "R = V / I = 12 V / 3 A = 4 Ω", False),
    ("B", QUANTITIES, "R = V / I = 12 V / 4 A = 3 Ω", False),
    ("C", MONEY, "The discount is $10.", False),
    ("B", CHOICES, "It is 6 of them.", False),
])
def test_a_choice_picked_by_its_quantity(gold, choices, completion, correct):
    c = make_checker("choice")
    assert c.judge(c.prepare(gold, choices), completion).correct is correct


# Dress around a value in bold, a rate's unit, a time of day for the hour a gold gives.
# Controls: other values, other times, a division by a variable.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("59", "- Monthly fee: $25.00\n- Texts: 340 × $0.10 = $34.00\n\n**Total: $59.00**", True),
    ("40", "* Adults: 2 × 12 € = 24 €\n* Children: 2 × 8 € = 16 €\n\n**Total: 40 €**", True),
    ("60", "Remaining: $480 − $120 = $360\n\nEach payment is **$60/month**.", True),
    ("7", "8:00 AM − 1 hour = 7:00 AM.\n\nShe must wake up by **7:00 AM** at the latest.", True),
    ("7", "The answer is 7:00 PM.", True),
    ("11", "7 + 4 = 11. The answer is 11 o'clock.", True),
    # controls
    ("59", "**Total: $58.00**", False),
    ("60", "Each payment is **$70/month**.", False),
    ("7", "The answer is 7:30 AM.", False),
    ("8", "The answer is 7:00 AM.", False),
    ("7", "7 + 4 = 11. The answer is 11 o'clock.", False),
])
def test_dress_around_a_value(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# "About 40" after working that gives 40 exactly states 40: the word is the prose's, not a
# rounding. Controls: a rounding of a value the work gives ("= 879.67 ... about 880"), an
# estimate with its doubt, an approximation with no exact working, a range.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("40", "240 ÷ 6 = 40\n\nThe car gets about 40 miles per gallon.", True),
    ("8", "1,000 ÷ 125 = 8\n\nIt will take approximately 8 days to empty the jar.", True),
    ("550", "Profit: $700 − $150 = $550\n\nThe school made a profit of about **$550**.", True),
    ("1200000", "3 × 400,000 = 1,200,000\nThat's roughly 1.2 million people.", True),
    # controls
    ("880", "7917 / 9 = 879.67, so I'll round. So she gets approximately 880.", False),
    ("20", "900 ÷ 45 = 20\n\nSo my best estimate is roughly 20 minutes, though it could be 21.",
     False),
    ("11", "$= 8 + 2 + 1 = 11$.\nCan't say for certain - somewhere around $11$.", False),
    ("40", "8 × 5 ≈ 40. She reads about 40 pages.", False),
    ("40", "She reads about 40 pages.", False),
])
def test_an_approximation_of_an_exact_result(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# A concluding clause after a list of values states the answer; a function's name before its
# value (`\gcd(84,126) = 21`, `\text{gcd} = 21`) names it. Controls: another value; a list
# alone.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("21", "The common factors are $3$ and $7$, so the gcd is $21$.", True),
    ("21", r"So $\gcd(84,126) = 21$.", True),
    ("21", r"$\boxed{\gcd(84,126) = 21}$", True),
    ("21", r"$\boxed{\text{gcd} = 21}$", True),
    # controls
    ("21", r"$\boxed{\gcd(84,126) = 42}$", False),
    ("3", "The common factors are $3$ and $7$, so the gcd is $21$.", False),
    ("21", "The common factors are $3$ and $7$.", False),
])
def test_a_conclusion_after_a_list_and_a_named_function(gold, completion, correct):
    assert finishes(lambda: judge("math", gold, completion)).correct is correct


# A "Final Answer" box after the same value boxed in the sentence before it; after a first
# "Final Answer" the model takes back ("Hmm, hold on. Let me redo this"); an explanation
# after the answer whose last step gives it. Controls: a second final answer with no
# retraction; an explanation that ends in another value.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("6", "60 - 45 - 9 = 6\n\nThus the answer is $\\boxed{6}$.\n\n**Final Answer**\n\\boxed{6}",
     True),
    ("1", "**Final Answer**\n\\boxed{3}\n\nHmm, hold on. Let me redo this from the start. The "
          "cycle starts at 3^1, so exponent 332 lines up with the 4th entry, 1.\n\n"
          "**Final Answer**\n\\boxed{1}", True),
    ("18", "</think>\n\n**Answer:** 18\n\n**Explanation:**\n- Total: 60 + 24 = 84\n"
           "- Each should have: 84 ÷ 2 = 42\n- Tom gives: 60 − 42 = 18", True),
    # controls
    ("1", "**Final Answer**\n\\boxed{3}\n\nThe cycle starts at 3^1, so exponent 332 lines up "
          "with the 4th entry, 1.\n\n**Final Answer**\n\\boxed{1}", False),
    ("18", "</think>\n\n**Answer:** 18\n\n**Explanation:**\n- Total: 60 + 24 = 84\n"
           "- So the total is 84.", False),
])
def test_final_answers_said_twice(gold, completion, correct):
    assert judge("math" if "boxed" in completion else "numeric", gold, completion
                 ).correct is correct


# An unevaluated calculation in LaTeX for a word problem (`\frac{6}{24} \times 100`) is its
# value. Controls: another value; a mixed number is no product (`2\frac{1}{2}`).
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("25", r"So the answer is $\boxed{\frac{6}{24} \times 100}$.", True),
    ("25", r"#### 100 \cdot \frac{1}{4}", True),
    # controls
    ("25", r"So the answer is $\boxed{\frac{6}{24} \times 10}$.", False),
    ("21", r"#### 2\frac{1}{2}", False),
])
def test_a_calculation_in_latex(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# Korean answer markers ("정답은 27입니다", "답은 3,500원입니다": the value, its counter and
# the copula), a letter with its text in brackets in Japanese ("答えは C（火星）です。"),
# a label before an opening pick ("Correct option: C) ..."), a choice whose own text is a
# negation ("D) none of the above"). Controls: other values and letters.
ORGANELLES = tuple(Choice(label, text) for label, text in zip(
    "ABCD", ("nucleus", "ribosome", "mitochondrion", "none of the above"), strict=True))


@pytest.mark.parametrize(("checker", "gold", "completion", "correct"), [
    ("numeric", "42", "6 × 7 = 42\n답은 42입니다.", True),
    ("numeric", "3500", "700 × 5 = 3,500원\n답은 3,500원입니다.", True),
    ("numeric", "27", "24 + 3 = 27개.\n\n정답은 27입니다.", True),
    ("choice", "C", "火星は赤く見えます。\n\n答えは C（火星）です。", True),
    ("choice", "C", "정답은 C입니다. 미토콘드리아에서 일어납니다.", True),
    ("choice", "C", "Correct option: C) mitochondrion\n\nThe Krebs cycle and the electron "
                    "transport chain occur in the mitochondria.", True),
    ("choice", "D", "None of them fits, so the answer is D) none of the above.", True),
    # controls
    ("numeric", "42", "6 × 7 = 42\n답은 43입니다.", False),
    ("choice", "C", "火星は赤く見えます。\n\n答えは B（木星）です。", False),
    ("choice", "C", "Correct option: B) ribosome\n\nProteins are made there.", False),
    ("choice", "D", "The answer is C) mitochondrion.", False),
])
def test_markers_and_labels_in_more_forms(checker, gold, completion, correct):
    c = make_checker(checker)
    verdict = c.judge(c.prepare(gold, ORGANELLES if checker == "choice" else None), completion)
    assert verdict.correct is correct


# A restatement in brackets after several words ("15 pounds of flour (that's 240 ounces)"),
# a span with a word before its unit ("in 5 school days"), a rate's time in two units ("7
# minutes 30 seconds per mile"), "3 times as many" when the question asks how many times.
# Controls: the bracket's value, the span's count, another multiple, a question that asks
# for a count.
@pytest.mark.parametrize(("gold", "question", "completion", "correct"), [
    ("15", None, "She uses 15 pounds of flour (that's 240 ounces).", True),
    ("17.5", None, "Jessie walks 17 1/2 miles in 5 school days.", True),
    ("7.5", None, "**Answer: 7 minutes 30 seconds per mile (7.5 minutes).**", True),
    ("3", "How many times as many marbles as Ben does Ali have?",
     "Ali has 3 times as many marbles as Ben.", True),
    # controls
    ("240", None, "She uses 15 pounds of flour (that's 240 ounces).", False),
    ("5", None, "Jessie walks 17 1/2 miles in 5 school days.", False),
    ("7", None, "The answer is 7 minutes 30 seconds per mile.", False),
    ("4", "How many times as many marbles as Ben does Ali have?",
     "Ali has 3 times as many marbles as Ben.", False),
    ("3", "How many marbles does Ben have?", "Ali has 3 times as many marbles as Ben.", False),
])
def test_restatements_spans_and_multiples(gold, question, completion, correct):
    c = make_checker("numeric")
    assert c.judge(c.prepare(gold, question=question), completion).correct is correct


# Digits grouped with spaces in English, where the question gives the number ("2,450"
# written "2 450", the SI way); a percent for a share ("75% of the pizza" for 0.75). Controls:
# spaces the question gives no evidence for; a percent of another share; a percent question.
@pytest.mark.parametrize(("gold", "question", "completion", "correct"), [
    ("73500", "A factory produces 2,450 bottles a day. How many bottles in 30 days?",
     "2 450 × 30 = 73 500\n\nThe factory produces 73 500 bottles in 30 days.", True),
    ("0.75", "What fraction of the pizza did they eat together?",
     "Together they ate 37.5% + 37.5% = 75% of the pizza.", True),
    ("0.25", None, "2 of 8 slices remain.\nAnswer: 25%", True),
    # controls
    ("73500", "A factory produces 3,000 bottles a day. How many bottles in 30 days?",
     "So the factory produces 73 500 bottles in 30 days.", False),
    ("0.7", None, "Together they ate 75% of the pizza.", False),
    ("25", "What percent of the pizza is left?", "The answer is 2500%.", False),
    ("0.25", "What percent of the pizza is left?", "Answer: 25%", False),
])
def test_grouped_digits_and_percents(gold, question, completion, correct):
    c = make_checker("numeric")
    assert c.judge(c.prepare(gold, question=question), completion).correct is correct


# A gold that is a word (`\text{odd}`, `\text{Friday}`, `\text{No}`, `\text{Devon}`) or the
# letters of every choice that applies (`\text{B, D}`), stated in a box, in bold or in a
# closing sentence. Controls: the family's other word, a negated or asked word, an adverb,
# two words offered, a letter missing or extra, a doubt.
PARITY = "Is $f(x) = x^3 - x$ even, odd, or neither?"
DAYS = "If today is Wednesday, what day of the week will it be in 100 days?"
RACE = "Devon runs 110 m in 12 s and Carla runs 100 m in 12.5 s. Who is faster?"


@pytest.mark.parametrize(("gold", "question", "completion", "correct"), [
    (r"\text{odd}", PARITY, "Since $f(-x) = -f(x)$, so the function is odd.", True),
    (r"\text{odd}", PARITY, "Thus $f$ is an **odd** function.", True),
    (r"\text{odd}", PARITY, "It's not even; it's odd.", True),
    (r"\text{odd}", PARITY, "Even so, the sign flips: $f(-x) = -f(x)$.\n\nThe function is odd.",
     True),
    (r"\text{neither}", PARITY, "So $f$ is neither even nor odd.", True),
    (r"\text{Friday}", DAYS, "100 = 14 × 7 + 2, so two days later.\n\nIt will be Friday.",
     True),
    (r"\text{Saturday}", None, r"$\boxed{\text{Saturday, October 11, 2003}}$", True),
    (r"\text{hyperbola}", None, r"$\boxed{\text{a hyperbola}}$", True),
    (r"\text{No}", "Is there an integer $n$ with $n^2 \\equiv 2 \\pmod 5$?",
     "No — squares mod 5 are only 0, 1, 4. So there is no solution.", True),
    (r"\text{Devon}", RACE, "Devon's average speed is the greatest, so Devon is faster.", True),
    (r"\text{B, D}", None, r"$\boxed{BD}$", True),
    (r"\text{(A), (C)}", None, "Only (A) and (C) hold.\n\n**Final Answer**\n\\boxed{A, C}", True),
    (r"\text{AC}", None, "Testing each one, options A and C are valid.", True),
    # controls
    (r"\text{odd}", PARITY, "So the function is even.", False),
    (r"\text{odd}", PARITY, "So the function is odd or neither.", False),
    (r"\text{odd}", PARITY, "So the function is not odd.", False),
    (r"\text{even}", PARITY, "Even so, the function is odd.", False),
    (r"\text{odd}", PARITY, "I think the function is odd, but I'm not sure.", False),
    (r"\text{Friday}", DAYS, "It will be Thursday.", False),
    (r"\text{Devon}", RACE, "So Carla is faster.", False),
    (r"\text{(A), (C)}", None, r"The final answer is: $\boxed{(A)}$", False),
    (r"\text{B, D}", None, r"$\boxed{B, D, E}$", False),
    (r"\text{AC}", None, "Testing each one, options A and C fail.", False),
    # (the review's: a take-back after it, closing sentences that disagree, a "No" that
    # opens no answer, "even if" inside a clause, a single letter is no name)
    (r"\text{odd}", PARITY, "So f is odd. Wait, that is wrong, I made a mistake.", False),
    (r"\text{odd}", PARITY, "So f is even. Note that x^3 is odd.", False),
    (r"\text{Friday}", DAYS, "So it will be Sunday. Today is Friday.", False),
    (r"\text{B, D}", None, "So the correct choice is (A).\nWe verified (B) and (D) above.", False),
    (r"\text{No}", "Is it divisible?", "Yes, it is divisible.\nNo further work is needed.", False),
    (r"\text{odd}", PARITY, "f is odd if a > 0 and even if a < 0", False),
    ("A", "Who wins? (A) Alice (B) Bob (C) a tie", "Nobody gets ahead.\nSo it is a tie.", False),
])
def test_a_gold_in_words(gold, question, completion, correct):
    c = make_checker("math")
    verdict = finishes(lambda: c.judge(c.prepare(gold, question=question), completion))
    assert verdict.correct is correct


# Answer markers in Hindi ("उत्तर है"), Arabic ("الإجابة هي"), Indonesian ("Jawabannya
# adalah", "jawaban akhirnya adalah"), Vietnamese ("Đáp án là", "Đáp án cuối cùng là"),
# Turkish ("Cevap:"), Chinese school style ("答："); a danda ending the value, a unit word
# with its combining marks, a unit before a Korean copula ("40km입니다"), Swiss apostrophes
# ("CHF 5'000"), Indonesian scales ("200 ribu"). Controls: a later final marker wins; "या"
# (or) offers two values.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("17", "राहुल की आयु = 13 + 4 = 17 वर्ष\n\n**उत्तर है 17 वर्ष।**", True),
    ("72", "कुल पेंसिलें = २४ × ३ = ७२\n\nउत्तर है ७२।", True),
    ("12", "عدد الأيام = ٥٤٠ ÷ ٤٥ = ١٢ يوماً\n\n**الإجابة هي ١٢ يوماً.**", True),
    ("73500", "Total: Rp37.500 + Rp36.000 = Rp73.500\n\nJawabannya adalah Rp73.500.", True),
    ("1250000", "250.000 × 5 = 1.250.000 (đồng)\n\nĐáp án là 1.250.000 đồng.", True),
    ("40", "15 × 8/3 = 40\n\n정답은 40km입니다.", True),
    ("5000", "40 × CHF 125 = CHF 5'000\n\nDie Antwort lautet CHF 5'000.", True),
    ("200000", "Harga setelah diskon = 200.000\n\nJadi, harganya adalah 200 ribu rupiah.", True),
    ("1250", "5 × 250 = 1.250 TL\nCevap: 1.250 TL.", True),
    ("6", "Jawabannya adalah 5.\nTunggu, saya salah hitung: 18 ÷ 3 = 6.\n"
          "Jadi jawaban akhirnya adalah 6.", True),
    # controls
    ("45", "9 × 5 = 45. Đáp án là 45.\nKhoan đã, có 6 túi, nên 9 × 6 = 54.\n"
           "Đáp án cuối cùng là 54.", False),
    ("5", "5 घंटे या 6 घंटे।\n\nउत्तर है 5 या 6 घंटे।", False),
    ("12", "عدد الأيام = ١٣\n\nالإجابة هي ١٣ يوماً.", False),
])
def test_markers_in_more_languages(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# A chain that ends by evaluating constants states its last side, as an identity does:
# `\frac{n(n-3)}{2} = \frac{8 \cdot 5}{2} = 20`, a base numeral worked out, a congruence
# chain, a value after `=` alone. Controls: an equation of an unknown (`2x + 3 = 13` does not
# state 13, nor 5), two numbers that disagree, a chain through an inequality, a chain whose
# last side is another value than the gold.
@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    ("20", "$\\frac{n(n-3)}{2} = \\frac{8\\cdot 5}{2} = 20$.", True, MATCH),
    ("11", "$1011_2 = 1\\cdot 8 + 0\\cdot 4 + 1\\cdot 2 + 1\\cdot 1 = 11$.", True, MATCH),
    ("21", "$ab = \\frac{(a+b)^2 - (a-b)^2}{4} = \\frac{100 - 16}{4} = \\frac{84}{4} = 21$.",
     True, MATCH),
    ("\\frac{4}{11}", "So $99x = 36$ and $x = \\frac{36}{99} = \\frac{4}{11}$.", True, MATCH),
    ("7", "so $7^{2021}\\equiv 7^1 \\equiv 7 \\pmod{10}$.", True, MATCH),
    ("\\frac{3}{5}", "So $\\sin\\theta = \\frac{3}{5} = 0.6$.", True, MATCH),
    ("\\frac{1}{6}", "6 of 36 outcomes.\n\nProbability $= \\frac{6}{36}$.", True, MATCH),
    ("x+3", "$\\frac{(x-3)(x+3)}{x-3} = 3 + x$.", True, MATCH),
    ("25\\pi", "So $A = \\pi \\cdot 5^2 = 25\\pi \\approx 78.54$.", True, MATCH),
    ("\\frac{1}{6}", "$P = \\frac{6}{36} = \\frac{1}{6} \\approx 0.167$", True, MATCH),
    # controls
    ("25\\pi", "So $A = \\pi \\cdot 5^2 = 25\\pi \\approx 80$.", False, AMBIGUOUS),
    ("48", "$\\boxed{42 = 6 \\times 8 = 48}$", False, MISMATCH),
    ("12", "$\\boxed{8 \\text{, since } 20 - 8 = 12}$", False, MISMATCH),
    ("13", "So $\\boxed{2x + 3 = 13}$.", False, MISMATCH),
    ("5", "So $\\boxed{2x + 3 = 13}$.", False, MISMATCH),
    ("20", "$\\frac{n(n-3)}{2} = \\frac{8\\cdot 5}{2} = 24$.", False, MISMATCH),
    ("3", "So $7^{2021} \\equiv 7 \\pmod{10}$.", False, MISMATCH),
    ("2", "$\\frac{6}{3} = 2 \\le 5$.", False, MISMATCH),
    ("x+3", "$\\frac{(x-3)(x+3)}{x-3} = x - 3$.", False, MISMATCH),
])
def test_an_equation_chain_states_its_last_side(gold, completion, correct, reason):
    verdict = judge("math", gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# An answer taken back and corrected after it is judged by the correction's value ("**Answer:
# $96**" then "I forgot the fee; the correct total is **$101**."). Controls: a second thought
# that offers another value keeps the answer ambiguous, as does a correction cut off ("Wait,
# actually it's 2" may be 25), a take-back with no value, a check that confirms the answer.
@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("numeric", "101", "8 × $12 = $96\n\n**Answer: $96**\n\n*Note:* I forgot the $5 "
     "registration fee above — the correct total is $96 + $5 = **$101**.", True, MATCH),
    ("numeric", "28", "So the answer is 26... wait, let me recheck. Actually, it is 28.", True,
     MATCH),
    ("numeric", "9", "The answer is 8. Hang on, I misread the price. Each costs 3, so 9.", True,
     MATCH),
    ("choice", "D", "The answer is B. Wait, actually it's D.", True, MATCH),
    ("choice", "A", "Answer: C\nSorry, that's wrong: a bank lends money, so A.", True, MATCH),
    ("math", "10", "$\\boxed{8}$\n\nActually, 10.", True, MATCH),
    # controls
    ("numeric", "15", "Amir eats 5.\n\nFinal answer: 20 cookies\n\nOr, if the question only "
     "wants Cody's cookies: 15.", False, AMBIGUOUS),
    ("numeric", "2", "The answer is 20.\n\nWait, actually it's 2", False, AMBIGUOUS),
    ("numeric", "8", "The answer is 8. Wait, that's wrong.", False, AMBIGUOUS),
    ("numeric", "8", "The answer is 8. Wait, let me verify: 4 * 2 = 8. Correct.", True, MATCH),
])
def test_a_correction_after_the_answer(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A text that ends in a loop: each turn of the loop is read. The same marked answer said over
# and over (to the token limit) states it; so does a sign-off repeated after the answer. Turns
# that state different answers are ambiguous. Controls: a loop of more work after the answer,
# a value alone repeated, a loop that states nothing.
_FINAL = "Final Answer: The final answer is $400$. I hope it is correct.\n\n"
_ALTERNATING = "So the answer is 8. Wait, no, it's 24.\nWait, no, it's 8.\n"
_REASONING = "We continue reasoning about the problem carefully. "


@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), [
    ("math", "400", "20 × 20 = 400.\n\n" + _FINAL * 16 + "Final Answer: The fin", True, MATCH),
    ("math", "\\frac{36}{5}", "The answer is $\\boxed{\\frac{108}{15}}$.\n\n" * 15 + "The ans",
     True, MATCH),
    ("math", "720", "6! = 720.\n\nFinal Answer: The final answer is $720$.\n\n"
     + "I hope it is correct.\n\n" * 29, True, MATCH),
    ("numeric", "27", "45 - 18 = 27\n\nThe answer is 27.\n" + "I hope this helps!\n" * 30, True,
     MATCH),
    # controls
    ("numeric", "8", "60 ÷ 7.5 = 8.\n\n" + _ALTERNATING * 25, False, NO_ANSWER),
    ("numeric", "42", "The answer is 42.\n" + _REASONING * 40, False, NO_ANSWER),
    ("numeric", "3", "The answer is 3" + "3" * 900, False, NO_ANSWER),
    ("numeric", "40", "Grace must sell 40 cups.\n" * 40, False, NO_ANSWER),
])
def test_a_loop_is_read_turn_by_turn(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


# A reply that opens by saying which option is right ("**B is correct.**", "The correct
# option is B) library.", "Option 2."), by its text alone ("It's the library."), or that
# picks an option by its number in the lettered list ("Option 2 is the right one."): the
# second option's letter. Controls: another option, a number past the list.


@pytest.mark.parametrize(("gold", "completion", "choices", "correct"), [
    ("B", "**B is correct.**\n\n- B: books are lent there.\n- A: a bank keeps money.", CHOICES,
     True),
    ("B", "The correct option is B) library. Books are lent by libraries.", CHOICES, True),
    ("B", "Option 2. Libraries lend books to their members.", CHOICES, True),
    ("B", "Going through them:\n1. Bank – money.\n2. Library – books.\n\nOption 2 is the right "
     "one.", CHOICES, True),
    ("B", "It's the library. That is where books are lent.", CHOICES, True),
    ("B", "**Library**\n\nBooks are lent by a library to its members.", CHOICES, True),
    # wrong picks and controls
    ("B", "**A is correct.**\n\n- A: a bank keeps money.", CHOICES, False),
    ("B", "Option 1. Banks lend money.", CHOICES, False),
    ("B", "Option 7 is the right one.", CHOICES, False),
    ("B", "It's the bank. Banks keep money safe.", CHOICES, False),
])
def test_an_option_said_right_first_or_by_its_number(gold, completion, choices, correct):
    c = make_checker("choice")
    assert c.judge(c.prepare(gold, choices), completion).correct is correct


# Counts in words with an article or a part: "a dozen", "half a dozen", "a dozen and a half",
# "seven and a half", "two and a quarter", "one and three quarters"; a closing sentence that
# states one is read, and is the answer it states, right or wrong.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("12", "48 − 36 = 12.\n\nThat leaves her with a dozen cookies.", True),
    ("18", "48 − 30 = 18.\n\nThat leaves her with a dozen cookies.", False),
    ("6", "She keeps half a dozen eggs.", True),
    ("18", "So she bought a dozen and a half roses.", True),
    ("7.5", "4 + 3.5 = 7.5\n\nThe rope is seven and a half feet long.", True),
    ("2.25", "The board is two and a quarter meters long.", True),
    ("1.75", "7 ÷ 4 = 1.75\nEach glass holds one and three quarters cups.", True),
    ("24", "A dozen costs $3, so with $6 you can buy twenty-four eggs.", True),
    ("24", "With $6 you can buy 24 eggs. So two dozen... or just a dozen. I'll say a dozen.",
     False),
    # controls: a part that is no count; two counts in words
    ("6", "She worked six and a half hours.", False),
    ("12", "She has eleven or twelve left.", False),
])
def test_a_count_in_words_with_an_article_or_a_part(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# A derivation's last clause names the unknown's value (`$2x = 16$ and $x = 8$`); an equation
# whose left side is what the question asks the value of states its right side; a chat turn
# a small model invents (`<|user|>`, Phi-3's `<|end|>`) ends the answer's turn.
XINV = "If $x + \\frac{1}{x} = 5$, what is the value of $x^2 + \\frac{1}{x^2}$?"


@pytest.mark.parametrize(("task", "gold", "completion", "question", "correct"), [
    ("math", "8", "Square both sides: $2x + 9 = 25$, so $2x = 16$ and $x = 8$.\nCheck: "
     "$\\sqrt{2(8) + 9} = \\sqrt{25} = 5$. ✓", None, True),
    ("math", "15", "Multiply by 15: $5x + 3x = 120$, so $8x = 120$ and $x = 15$.", None, True),
    ("math", "120", "Multiply by 15: $5x + 3x = 120$, so $8x = 120$ and $x = 15$.", None, False),
    ("math", "1", "So $x = 1$ and $x = -1$.", None, False),  # a list of solutions, as before
    ("math", "23", "Squaring gives $x^2 + 2 + \\frac{1}{x^2} = 25$, so $x^2 + \\frac{1}{x^2} = "
     "23$.", XINV, True),
    ("math", "25", "Squaring gives $x^2 + 2 + \\frac{1}{x^2} = 25$, so $x^2 + \\frac{1}{x^2} = "
     "23$.", XINV, False),
    ("math", "23", "So $\\boxed{x^2 + \\frac{1}{x^2} = 23}$", None, False),  # no question
    ("gsm8k", "16", "Girls: 28 - 12 = 16\n\nThere are 16 girls.\n\n<|user|>\nAnd the boys?\n"
     "<|assistant|>\nThere are 12 boys.", None, True),
    ("gsm8k", "12", "Girls: 28 - 12 = 16\n\nThere are 16 girls.\n\n<|user|>\nAnd the boys?\n"
     "<|assistant|>\nThere are 12 boys.", None, False),
    ("gsm8k", "16", "There are 16 girls.<|end|>\n<|user|>\nThanks! And the boys?<|end|>\n"
     "<|assistant|>\n12 boys.", None, True),
])
def test_a_derivation_an_asked_side_and_an_invented_turn(task, gold, completion, question,
                                                         correct):
    assert check_with(task, gold, completion, question).correct is correct


def check_with(task: str, gold: str, completion: str, question: str | None) -> Verdict:
    from star_cli.answers import check

    return check(gold, completion, task, question=question)


# A conversion that ends a calculation in two units (`450 minutes = 7 hours and 30 minutes.`):
# the quantity whole, as the same words without the `=` are read.
@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("7.5", "Per week: 5 × 90 = 450 minutes.\n450 minutes = 7 hours and 30 minutes.", True),
    ("1.75", "105 minutes = 60 + 45 minutes = 1 hour 45 minutes.", True),
    ("7", "Per week: 5 × 90 = 450 minutes.\n450 minutes = 7 hours and 30 minutes.", False),
])
def test_a_conversion_into_two_units(gold, completion, correct):
    assert judge("numeric", gold, completion).correct is correct


# Digits grouped with dots where the completion shows it so, though its words are too few to
# tell its language: a number the question groups with commas, written with dots, or a
# product or sum that holds only with the dots as thousands. Controls: neither; a decimal
# product.
@pytest.mark.parametrize(("gold", "question", "completion", "correct"), [
    ("74250", "A dealer sells 3 cars for $24,750 each. How much revenue?",
     "3 × 24.750 $ = 74.250 $\n\nEl concesionario obtiene unos ingresos de **74.250 $**.", True),
    ("19590", "A town has 12,450 residents and grows by 7,140. How many then?",
     "Einwohner: 12.450 + 7.140 = 19.590\n\nDie Stadt hat dann **19.590 Einwohner**.", True),
    ("4032", None, "28 Schachteln × 144 Buntstifte = 4.032 Buntstifte\n\nDie Schule bestellt "
     "4.032 Buntstifte.", True),
    ("4032", None, "28 boxes × 144 = 4.032 crayons.", True),
    # controls
    ("4032", None, "The school orders 4.032 crayons.", False),
    ("4.032", None, "The mass is 2 × 2.016 = 4.032 g.", True),
    ("4032", None, "The mass is 2 × 2.016 = 4.032 g.", False),
    ("5184", None, "36 × 144 = 5.184 thousand... so the answer is 5.184.\n\n**Answer: 5.184**",
     False),
    ("2250", None, "45 × 50 ml = 2.250 L in all.\n\nThe answer is 2.250 liters.", False),
    ("1250", "A ratio of 1,250 to 1,000. What is it?", "Ratio = 1,250 / 1,000 = 1.250", False),
    ("1125", "She has 1,000 stamps and buys 125 more. By what factor?",
     "Growth factor: 1.000 + 0.125 = 1.125.\n\nAnswer: 1.125", False),
    ("2250", None, "2 × 750 mL = 1.500 L at $1.20 a liter.\n\nShe buys 2.250 liters.", False),
    ("19590", "A town has 12,450 residents. How many in 3 years?",
     "Die Stadt hat dann 19.590 Einwohner.", False),  # (no given number written with dots)
])
def test_dot_grouped_digits_shown_so(gold, question, completion, correct):
    assert check_with("gsm8k", gold, completion, question).correct is correct


# A closing value converted right after it ("360 minutes, i.e. 6 hours"): the one in the unit
# the question asks for is the answer. Controls: the other unit asked; another value.
@pytest.mark.parametrize(("gold", "question", "completion", "correct"), [
    ("360", "How many minutes does the marathon last?",
     "Total 330 + 30 = 360 min.\n\nThe marathon lasts **360 minutes**, i.e. 6 hours.", True),
    ("360", "How many minutes does it last?", "The marathon lasts 360 minutes (6 hours).", True),
    ("90", "How many minutes does the trip take?", "The trip takes 1.5 hours, or 90 minutes.",
     True),
    # controls
    ("6", "How many hours does it last?", "The marathon lasts 360 minutes, i.e. 6 hours.", True),
    ("6", "How many minutes does it last?", "The marathon lasts 360 minutes, i.e. 6 hours.",
     False),
    ("360", "How many minutes does it last?", "It lasts 350 minutes, i.e. 6 hours.", False),
    ("45", "How many minutes does the drive take?",
     "The drive takes 45 minutes, or 1 hour if traffic is bad.", False),
    ("20", "How many minutes does it take?", "It takes an hour and 20 minutes, i.e. 1.33 hours.",
     False),
    ("20", "How many minutes?", "It takes 1 hr. 20 minutes, i.e. 1.33 hours.", False),
    ("20", "How many minutes does she read?",
     "She reads for 20 minutes (2 hours a week) and then practices piano for 2 hours.", False),
])
def test_a_conversion_after_the_value_asked_for(gold, question, completion, correct):
    assert check_with("gsm8k", gold, completion, question).correct is correct


# A multiple-choice pick by its text in a last paragraph with no value in it ("The best fit
# is clearly **studying**."), after bullets that weigh each choice; a letter after an article
# or an option word of another language ("la **C**", "विकल्प B"); "ans:" in lower case.
# Controls: a sign-off after the pick; a last paragraph that names no choice after a pick.
STUDY = tuple(Choice(label, text) for label, text in zip(
    "ABCDE", ("studying", "skipping class", "sleeping in", "partying", "playing video games"),
    strict=True))


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("A", "* Studying: it helps.\n* Partying: it takes time away from schoolwork.\n\nThe best "
     "fit is clearly **studying**.", True),
    ("A", "Partying takes time.\n\nI pick studying.", True),
    ("A", "Por lo tanto, la respuesta correcta es la **A**.", True),
    ("B", "उत्तर: विकल्प B", True),
    ("A", "laughing is the natural reaction, so a) studying\n\nans: a", True),
    # controls
    ("D", "* Studying: it helps.\n\nThe best fit is clearly **studying**.", False),
    ("A", "The answer is (A).\n\nGood luck with your studies!", True),
    ("B", "**TL;DR: B**\n\nStudents learn in lectures.", True),
    ("B", "Missing lectures hurts, so I'd go with (B) skipping class.\n\nThe opposite habit, the "
     "one that prevents bad grades, is studying.", True),
    ("A", "Studying it is.\n\nWhat hurts grades, by contrast, is partying.", True),
    ("A", "I choose studying.\n\nWhat hurts grades the most is partying.", True),
    ("C", "Por lo tanto, la respuesta correcta es la **A**.", False),
])
def test_a_choice_named_in_a_last_paragraph(gold, completion, correct):
    checker = make_checker("choice")
    assert checker.judge(checker.prepare(gold, STUDY), completion).correct is correct
