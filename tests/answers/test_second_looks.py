"""A second look after the answer, as reasoning models write it: a corrected answer under a
label in brackets, working that solves for an unknown before restating the answer, "about"
before a value the work gives exactly. Forms written for these tests."""

import pytest

from star_cli.answers import check

RECHECKED = ("1. Total: 120 + 144 + 72 = 336.\n\n**Answer: 336 shirts**\n\nWait — I need to "
             "recheck that.\n\n- Wednesday: 120 ÷ 2 = 60.\n- Total: 120 + 144 + 60 = 324.\n\n")


@pytest.mark.parametrize(("label", "correct"), [
    ("**Final answer (corrected):** 324", True),
    ("**Answer (revised):** 324", True),
    ("Final Answer (updated): 324", True),
    ("**Final answer (corrected):** 336", False),
    ("Answer (guess): 324", False),  # a guess under the label: no commitment
])
def test_a_corrected_answer_under_a_label_in_brackets(label, correct):
    assert check("324", RECHECKED + label, "gsm8k").correct is correct


@pytest.mark.parametrize(("after", "correct"), [
    # the working solves for an unknown, then gives the answer again
    ("Let the son's age be s, so James is 3s. In 12 years: 3s + 12 = 2(s + 12). So s = 12. "
     "James is 3 × 12 = 36 years old.", True),
    ("Let x be the son's age. Thus $x = 12$. James is 3x = 36.", True),
    # a conclusion of another value, or a step that ends the text on another value
    ("So x = 12.", False),
    ("We have 3s = 36. Therefore the total is 12. Check: 3 × 12 = 36.", False),
])
def test_working_that_solves_for_an_unknown(after, correct):
    assert check("36", f"**Answer: 36 years old**\n\n{after}", "gsm8k").correct is correct


@pytest.mark.parametrize(("completion", "correct"), [
    ("Sum: 7 + 14 + 18 = 39.\n\nSo the answer is approximately **39.0**.", True),
    ("Not broken: 540 − 27 = 39.\n\nSo the answer is approximately **39.0** bottles.", True),
    ("Sum: 7 + 14 + 18.4 = 39.4.\n\nSo the answer is approximately **39.0**.", False),
    ("So the answer is approximately **39.0**.", False),  # no work that gives it exactly
])
def test_about_a_value_the_work_gives_exactly(completion, correct):
    assert check("39", completion, "gsm8k").correct is correct
