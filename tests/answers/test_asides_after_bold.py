"""An answer set in bold with its marker, then words after the bold's end; an aside that
writes the answer's value again in another base; "about" as a preposition, not an
approximation. Forms written for these tests."""

import pytest

from star_cli.answers import check
from star_cli.records import Choice

WORK = "6 boxes of 7 each: 6 × 7 = 42.\n\n"


@pytest.mark.parametrize(("line", "gold", "correct"), [
    ("**Answer: 42** apples", "42", True),  # the bold, opened before the marker, ends the value
    ("**Final answer: 42** marbles in total", "42", True),
    ("**Answer: 42** (as computed above)", "42", True),
    ("**Answer: 41** apples", "42", False),
    ("**Answer: 42** or 43", "42", False),  # another value after the bold: still offered
    ("**Final answer: 42** marbles, or maybe 40", "42", False),
    ("**Answer: 12** cookies ** extra", "12", False),  # no one bold around the value
    ("**Answer: B**[D]", "D", False),  # a mark after the bold is none of the answer
])
def test_words_after_a_bold_answer_line(line, gold, correct):
    task = "csqa" if gold.isalpha() else "gsm8k"
    choices = [Choice(k, t) for k, t in zip("ABCDE", ["gym", "mall", "park", "clinic", "inn"],
                                               strict=True)] if task == "csqa" else None
    assert check(gold, WORK + line, task, choices).correct is correct


@pytest.mark.parametrize(("line", "correct"), [
    ("Answer: 42 (that's 101010 in binary)", True),
    ("**Answer: 42** (fun fact: 42 is 101010 in binary)", True),
    ("Answer: 42 (that's 52 in base 8)", True),
    ("Answer: 42 (2A in hexadecimal)", True),
    ("Answer: 42 (or 101010₂)", False),  # "or" offers it, whatever its value
    ("Answer: 42 (that's 101011 in binary)", False),  # 43: another value beside it
    ("Answer: 42 (52 in base 7)", False),  # 37
    ("Answer: 42 (in base 5)", False),  # 22: the base changes the answer's own value
])
def test_the_value_again_in_another_base(line, correct):
    assert check("42", WORK + line, "gsm8k").correct is correct


def test_the_value_again_as_a_based_numeral_in_math():
    work = "So the count is $42$.\n\n"
    assert check("42", work + "**Answer: 42** (which is $101010_2$)", "math").correct
    assert not check("42", work + "**Answer: 42** (which is $101011_2$)", "math").correct


FEET = [Choice("A", "yard"), Choice("B", "mile"), Choice("C", "meter"), Choice("D", "foot"),
        Choice("E", "inch")]


@pytest.mark.parametrize(("completion", "gold", "correct"), [
    # "about" after a verb it belongs to, or before a determiner: a preposition
    ("A ruler is 12 inches, one foot. I considered E, inch. But it asks about feet, so I stay "
     "with D.", "D", True),
    ("A ruler is one foot. I considered E. But the question asks about the length, so I stay "
     "with D.", "D", True),
    ("The question asks about the total. 6 × 7 = 42, so the total is 42.", "42", True),
    ("6 × 7 = 42.\nSo the shop around the corner sold 42 cakes.", "42", True),
    # before the value: an approximation, as before
    ("6 × 7 = 41.6, so the answer is about 42.", "42", False),
    ("6 × 7 = 41.6, so the answer is around 42.", "42", False),
])
def test_about_as_a_preposition(completion, gold, correct):
    task = "csqa" if gold.isalpha() else "gsm8k"
    assert check(gold, completion, task, FEET if task == "csqa" else None).correct is correct
