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
    ("Most Likely Answer: C", True),
    # a pick its clause sets aside is none
    ("A dresser goes where you sleep. I was going to settle on B, but the bedroom fits.", False),
    ("I was going to pick C, but B fits better.", False),
    ("At first I picked B; however, C is right.", True),
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


# A review's attack on the forms above (the forms it found let through, or turned away)

@pytest.mark.parametrize(("line", "correct"), [
    ("Answer: 42 (that's 52 in octal; with the spare it's 43)", False),  # another number
    ("Answer: 42 (2A in hex, i.e. 43 with the extra)", False),
    ("Answer: 42 (in binary: 101010)", True),  # the base before the numeral
    ("Answer: 42 (base-2: 101010)", True),
    ("Answer: 42 (in base 10)", True),  # the answer's own base
    ("Answer: 1,024 (that's 10000000000 in binary)", True),
])
def test_a_base_aside_with_more_in_it(line, correct):
    gold = "1024" if "1,024" in line else "42"
    assert check(gold, "So the count follows.\n\n" + line, "gsm8k").correct is correct


@pytest.mark.parametrize(("line", "correct"), [
    ("**Answer:** around their usual 42", False),  # a determiner after it: still a hedge
    ("**Answer:** It comes out around that: 42", False),
    ("$\\boxed{\\text{about the } 42 \\text{ mark}}$", False),
    ("Final answer: 42 (the question asks about the total)", True),
    ("Final answer: 42 (I'm sure about this one)", True),
])
def test_about_after_inexact_work(line, correct):
    assert check("42", "6 × 6.95 = 41.7.\n\n" + line, "gsm8k").correct is correct


@pytest.mark.parametrize(("completion", "correct"), [
    ("A bed and a dresser are bedroom furniture.\n\nThe answer is C) bedroom. Rooms like "
     "A) bathroom or B) garage don't have beds.", True),  # the others, named in a reason
    ("A bed and a dresser are bedroom furniture.\n\nAnswer: C) bedroom / B) garage", False),
    ("A bed and a dresser are bedroom furniture.\n\nC) bedroom / B) garage", False),
])
def test_another_choice_beside_the_pick_after_a_preamble(completion, correct):
    assert check("C", completion, "csqa", HOME).correct is correct


@pytest.mark.parametrize(("tail", "gold", "correct"), [
    ("(maybe 21)", "20", False),  # a second thought in brackets, no parts
    ("(or 21 if the last one counts)", "20", False),
    ("(wait, 22)", "20", False),
    ("(wait, 22)", "22", True),
    ("(estimated, 19 to 21)", "20", False),
])
def test_a_bracket_after_a_closing_value_that_is_no_list_of_parts(tail, gold, correct):
    completion = f"Working it out step by step.\n\nSo she has 20 apples {tail}."
    assert check(gold, completion, "gsm8k").correct is correct


@pytest.mark.parametrize("question", [
    "Alex scored 18 points and Ben 7 fewer than twice that. By how many points did Ben beat Alex?",
    "Alex scored 18 points and Ben 7 fewer than twice that. How many points ahead of Alex was "
    "Ben?",
    "Alex scored 18 points and Ben 7 fewer than twice that. What was Ben's margin of victory?",
])
def test_a_difference_asked_in_other_words(question):
    assert check("11", BEN, "gsm8k", question=question).correct


def test_how_many_more_still_to_go_is_no_difference():
    question = ("She has read 60 pages of a 140-page book. How many more pages does she need to "
                "read?")
    completion = "140 − 60 = 80.\n\nShe needs to read 80 more pages, 20 more than she has read."
    assert check("80", completion, "gsm8k", question=question).correct


@pytest.mark.parametrize(("gold", "answer", "correct"), [
    ("5", "5\\mathrm{i}", False),  # 5i, no unit after 5
    ("2", "2\\mathrm{e}", False),
    ("1+i", "(1+\\mathrm{i})", True),
    ("\\begin{pmatrix} 3/5 \\\\ 4/5 \\end{pmatrix}",
     "\\begin{pmatrix} \\frac{3}{5} \\\\[\\smallskipamount] \\frac{4}{5} \\end{pmatrix}", True),
])
def test_constants_and_row_spacing(gold, answer, correct):
    assert check(gold, f"So we are done.\n\n$\\boxed{{{answer}}}$", "math").correct is correct


@pytest.mark.parametrize(("tail", "gold", "correct"), [
    ("<answer>B</answer>\n<answer> D", "D", True),  # a later tag, left open, answers last
    ("<answer>B</answer>\n<answer> D", "B", False),
    ("<answer> fit", "B", False),  # a choice's text alone is no letter
])
def test_open_tags_after_closed_ones(tail, gold, correct):
    completion = f"<think>\nExercise makes people fit.\n</think>\n{tail}"
    assert check(gold, completion, "csqa", FIT).correct is correct
