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


HOME = [Choice("A", "bathroom"), Choice("B", "garage"), Choice("C", "bedroom"),
        Choice("D", "kitchen"), Choice("E", "office")]


@pytest.mark.parametrize(("completion", "correct"), [
    ("Most likely answer: the bedroom. A bed and a dresser are bedroom furniture.", True),
    ("Best answer: C", True),
    ("Most likely answer: the garage.", False),
    ("Hmm, I'm torn between B and C. A dresser goes where you sleep.\n\nI'll settle on **C**.",
     True),
    ("Hmm, I'm torn between B and C. Cars go in garages.\n\nI'll settle on **B**.", False),
    ("I'll go for C.", True),
    # another choice set beside the pick, with its own text: two answers
    ("C) bedroom / B) garage", False),
    ("C) bedroom or (B) garage", False),
    ("C) bedroom / C) bedroom", True),  # the pick said again
])
def test_picks_in_other_words(completion, correct):
    assert check("C", completion, "csqa", HOME).correct is correct


HOW_MANY = ("Alex scored 18 points. Ben scored 7 fewer than twice Alex. How many points did "
            "Ben score?")
HOW_MANY_MORE = ("Alex scored 18 points. Ben scored 7 fewer than twice Alex. How many more "
                 "points did Ben score than Alex?")
BEN = ("Twice Alex's points: 2 × 18 = 36.\nBen: 36 − 7 = 29.\n\nBen scored 29 points, 11 more "
       "than Alex.")


@pytest.mark.parametrize(("gold", "question", "correct"), [
    ("29", None, True),  # the value, then how it compares
    ("29", HOW_MANY, True),
    ("11", HOW_MANY, False),
    ("11", HOW_MANY_MORE, True),  # the question asks for the difference: it is the answer
    ("29", HOW_MANY_MORE, False),
])
def test_a_comparison_beside_the_value(gold, question, correct):
    assert check(gold, BEN, "gsm8k", question=question).correct is correct


@pytest.mark.parametrize(("completion", "gold", "correct"), [
    ("Altogether they have 125 stickers (Pete's 20, Omar's 35 and Nina's 70).", "125", True),
    ("Altogether they have 125 stickers (Pete's 20, Omar's 35 and Nina's 70).", "70", False),
    ("She has 20 apples (5 red and 15 green).", "20", True),
    ("Each of the 3 groups gets (12 / 3) = 4 cookies.", "4", True),  # no breakdown: a sum
    ("Tom has 15 apples, 5 fewer than Sarah.", "15", True),
    ("The snail first reaches the top on **day 8**.", "8", True),
    ("The snail first reaches the top on **day 10**.", "8", False),
])
def test_what_a_closing_sentence_states(completion, gold, correct):
    assert check(gold, "Working it out step by step.\n\n" + completion, "gsm8k").correct is correct


@pytest.mark.parametrize(("gold", "answer", "correct"), [
    ("2+i", "2 + \\mathrm{i}", True),  # the imaginary unit, no unit of measure
    ("-i", "-\\mathrm{i}", True),
    ("3i", "3\\mathrm{i}", True),
    ("2-i", "2 + \\mathrm{i}", False),
    ("5", "5\\text{ m}", True),  # a unit after a value, as before
    ("8", "x~=~8", True),  # LaTeX's unbreakable space
    ("\\begin{pmatrix} 3/5 \\\\ 4/5 \\end{pmatrix}",
     "\\begin{pmatrix} \\frac{3}{5} \\\\[2pt] \\frac{4}{5} \\end{pmatrix}", True),
    ("\\begin{pmatrix} 3/5 \\\\ 4/5 \\end{pmatrix}",
     "\\begin{pmatrix} \\frac{4}{5} \\\\[2pt] \\frac{3}{5} \\end{pmatrix}", False),
])
def test_latex_dressing(gold, answer, correct):
    assert check(gold, f"So we are done.\n\n$\\boxed{{{answer}}}$", "math").correct is correct


FIT = [Choice("A", "sick"), Choice("B", "fit"), Choice("C", "tired"), Choice("D", "hungry"),
       Choice("E", "sad")]


@pytest.mark.parametrize(("tail", "correct"), [
    ("<answer> B", True),  # the tag the text ends in, never closed
    ("<answer> B) fit", True),
    ("<answer> D", False),
    ("<answer>\n", False),  # nothing in it
])
def test_an_answer_tag_left_open_at_the_end(tail, correct):
    completion = f"<think>\nRegular exercise makes people fit.\n</think>\n{tail}"
    assert check("B", completion, "csqa", FIT).correct is correct


def test_an_answer_tag_cut_inside_a_box_answers_nothing():
    completion = "<think>\nI have what I need.\n</think>\n<answer>\n\\boxed{"
    assert check("5", completion, "math").reason == "no_answer"
