"""Answers that open a completion, closing offers, values restated in the asked unit, and what
after an answer keeps it from committing (answers/lead.py, answers/measures.py
`in_asked_unit`, answers/extract.py `without_sign_offs`, answers/hedges.py `depends`,
`case_labelled`, `quotes_key`). Table-driven; every case written for these tests."""

import pytest

from star_cli.answers import check
from star_cli.answers.lead import lead_answer
from star_cli.answers.measures import in_asked_unit

TRAIN = ("A train travels at 60 miles per hour for 2.5 hours, then at 40 miles per hour for 1.5 "
         "hours. How far does it travel in total?")
BUS = "A bus leaves at 8:15 AM and arrives at 11:40 AM. How many minutes long is the trip?"
TANK = ("A tank holds 500 liters and is 30% full. A pump adds 25 liters per minute. How many "
        "minutes until the tank is full?")
RUN = ("Nina ran 5 km on Monday and 1.5 km more each day after. How many kilometers did she run "
       "from Monday to Friday?")
DRIVE = "A car drives 60 miles per hour for 3.5 hours. How many miles does it travel?"
WATER = "Jamal drinks 8 glasses of 250 mL a day. How many liters does he drink in a week?"


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    # the answer first and restated at the end
    ("210", "**210 miles.** Here's the breakdown:\n\n1. 60 × 2.5 = 150\n2. 40 × 1.5 = 60\n\n"
     "The train travels 210 miles in total.", True),
    # another value stated at the end, of the same kind, with no word that sets it right
    ("210", "**200 miles.** Here's why:\n\n1. 60 × 2.5 = 150\n2. 40 × 1.5 = 60\n3. 150 + 60 = "
     "210\n\nThe train travels 210 miles in total.", False),
    ("217.5", "**$215.50.** Working:\n\n1. Labor: 45 × 3.5 = 157.5\n2. Total: 157.5 + 60 = "
     "217.5\n\nThe job costs $217.50.", False),
    ("25", "**20%**\n\nThe price went from $20 to $25, a rise of $5: 5/20 × 100 = 25%.", False),
    # ... and with one: the value set right is the answer (and a wrong one stays wrong)
    ("22", "**26 years old.**\n\n- 2 × 13 = 26\n\nHold on, that's not right. Redoing it:\n\n- "
     "2 × 9 = 18\n- 18 + 4 = 22\n\nSo actually it's **22 years old**, not 26.", True),
    ("42", "**42 desks.**\n\n6 rows × 7 desks = 42.\n\nTwo are broken: 42 − 2 = 40 — so "
     "actually it's **40**, not 42.", False),
    # the opening value never answers in place of the conclusion
    ("200", "**200 miles.** Here's why:\n\n1. 60 × 2.5 = 150\n2. 40 × 1.5 = 60\n3. 150 + 60 = "
     "210 miles", False),
    ("3", "**3 hours.**\n\n180 ÷ 60 = 3 hours, plus the 30-minute stop: 3 + 0.5 = 3.5 hours.",
     False),
    # a first bold line that is a step's result or of another kind: the conclusion answers
    ("18", "**9 eggs left**\n\n16 − 3 − 4 = 9.\n\n**$18 earned**\n\n9 × $2 = $18.", True),
    ("18", "**Step 1: eggs left**\n\n16 − 3 − 4 = 9 eggs.\n\nShe makes 9 × 2 = $18.", True),
    ("18", "**16 eggs** are laid each day. She eats 3 and bakes with 4, so she sells 9 at $2: "
     "she makes $18.", True),
])
def test_an_answer_that_opens_the_completion(gold, completion, correct):
    assert check(gold, completion, "gsm8k", question=TRAIN).correct is correct


@pytest.mark.parametrize(("completion", "value"), [
    ("**42 apples.**\n\nWhy: ...", "42"),
    ("Short answer: **$49**\n\n...", "$49"),
    ("**-3.5** (rounded)\n\n...", "-3.5"),
    ("**Step 1: eggs**\n\n...", None),
    ("**16 eggs** are laid each day.", None),
    ("She has **16 eggs.**", None),
])
def test_what_opens_with_an_answer(completion, value):
    lead = lead_answer(completion)
    assert (lead.text if lead else None) == value


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("61", "Together they have 61 marbles.\n\nWant me to show another method?", True),
    ("61", "Together they have 61 marbles.\n\nWould you like me to convert that to dozens?",
     True),
    ("61", "Together they have 61 marbles.\n\nShall I walk you through another method?", True),
    ("12", "**12 eggs.**\n\n8 ÷ 2 = 4 batches of 3 eggs: 4 × 3 = 12.\n\nWant me to scale it "
     "for a different amount of flour?", True),
    # a question that doubts, or a sentence beside the offer that states more, is no sign-off
    ("61", "Together they have 61 marbles.\n\nWant me to double-check? It might be 62.", False),
    ("61", "Together they have 61 marbles.\n\nShould I redo it? I think I made a mistake.",
     False),
    ("61", "Together they have 61 marbles.\n\nWould you like me to fix the mistake?", False),
    ("61", "Together they have 61 marbles.\n\nShould I change my answer to 62?", False),
    ("61", "Together they have 61 marbles.\n\nCould I have miscounted Ana's marbles?", False),
    ("61", "Together they have 61 marbles.\n\nWould you like me to explain why it's really 62?",
     False),
])
def test_a_closing_offer_is_a_sign_off(gold, completion, correct):
    assert check(gold, completion, "gsm8k").correct is correct


@pytest.mark.parametrize(("question", "said", "value"), [
    (TANK, "14 hours** (that's 840 minutes)", "840"),
    (TANK, "14 hours (840 minutes)", "840"),
    (TANK, "14 hours, or 840 minutes", "840"),
    (TANK, "14 hours = 840 minutes.", "840"),
    (RUN, "40 miles (≈ 64 km)", "≈ 64"),
    (WATER, "14 kiloliters (14,000 liters).", "14,000"),
    (DRIVE, "340 km (about 210 miles)", "about 210"),
    # a rounded conversion is approximate; one that does not hold is a second value
    ("How many hours does it take?", "400 minutes (7 hours)", "≈ 7"),
    (TANK, "3 hours (that's 210 minutes)", ""),
    ("How many liters?", "1,400 milliliters (14 liters)", ""),
    # the answer's own unit is the one asked; a compound quantity; another kind; no unit asked
    (TANK, "840 minutes (14 hours)", None),
    (TANK, "3 hours 50 minutes", None),
    (TANK, "2 hours and 30 minutes", None),
    (TANK, "14 liters (840 minutes)", None),
    (TANK, "45 minutes, or 1 hour if the pump is slow", None),
    ("How many apples are left?", "14 hours (840 minutes)", None),
])
def test_a_value_restated_in_the_asked_unit(question, said, value):
    assert in_asked_unit(question, said) == value


@pytest.mark.parametrize(("question", "gold", "completion", "correct"), [
    (TANK, "14", "350 ÷ 25 = 14 hours.\n\n**Answer: 14 hours** (that's 840 minutes).", False),
    (TANK, "840", "350 ÷ 25 = 14 hours.\n\n**Answer: 14 hours** (that's 840 minutes).", True),
    (TANK, "840", "The answer is 14 hours, or 840 minutes.", True),
    (RUN, "40", "5 + 6.5 + 8 + 9.5 + 11 = 40\n\n**Answer:** 40 miles (≈ 64 km)", False),
    (WATER, "14", "Final answer: 14 kiloliters (14,000 liters).", False),
    (WATER, "14000", "Final answer: 14 kiloliters (14,000 liters).", True),
    (DRIVE, "210", "The car travels 340 km (about 210 miles).", False),
    (DRIVE, "210", "The car travels 210 miles (about 340 km).", True),
    (BUS, "210", "The trip takes 3 hours (that's 210 minutes).", False),
    (BUS, "180", "The trip takes 3 hours (that's 210 minutes).", False),
])
def test_the_answer_in_the_unit_asked(question, gold, completion, correct):
    assert check(gold, completion, "gsm8k", question=question).correct is correct


@pytest.mark.parametrize(("gold", "completion", "task", "correct"), [
    # an answer that depends on a reading left open
    ("9", "She needs $\\boxed{9}$ bags if she can't buy loose apples. If single apples are "
     "sold, 8 bags and 2 apples do. The answer depends on the store's policy.", "math", False),
    ("410", "| Reading | Pages |\n|---|---|\n| One week | 205 |\n| Two weeks | 410 |\n\nThese "
     "are the possible answers depending on what is meant.", "gsm8k", False),
    ("410", "He reads 205 pages a week, so the answer is 410 pages. Note that a week's total "
     "depends on how many weekdays it has.", "gsm8k", True),
    ("2", "The answer is $2$. This depends on the discriminant, which is positive here.", "math",
     True),
    ("7", "The answer is 7. It doesn't change depending on whether we count from 0 or 1.",
     "gsm8k", True),
    # one answer line for each case, none chosen
    ("-2", "Rise: -12, run: 6.\n\nAnswer (if the line rises): 2\nAnswer (if the line falls): "
     "-2", "math", False),
    ("5", "Answer (taking the first root): $x = 0$\nAnswer (taking the second root): $x = 5$",
     "math", False),
    # labels that say what the answer is about, or why it was chosen, are no cases
    ("84", "12 × 7 = 84\n\nAnswer (for the whole week): 84", "gsm8k", True),
    ("5", "Answer (taking the positive root, since a length is positive): $x = 5$", "math",
     True),
    # a key's or a reference's answer after the work, and words widening the answer
    ("215", "The trip takes 205 minutes.\n\n---\n> How many minutes long is the trip?\n>\n> "
     "Answer key: 215", "gsm8k", False),
    ("12", "Expected answer: 12", "gsm8k", False),
    ("40", "**Answer:** approximately 40 — anything close to 40 should be counted as correct.",
     "gsm8k", False),
    ("119", "The answer is $119$. (Values within a few units of $119$ are also acceptable.)",
     "math", False),
    ("40", "**Answer:** 40. Any value near 40 is fine.", "gsm8k", False),
    ("40", "The answer is 40. Numbers within this range are not valid here, since 40 is exact.",
     "gsm8k", True),
    # a question after the answer that puts another value up in its place, left unanswered
    ("61", "The answer is 61.\n\nShould I change it to 62?", "gsm8k", False),
    ("61", "So they have 61 marbles. Or is it 62?", "gsm8k", False),
    ("61", "The answer is 61. Could it be 62? No: 25 + 36 = 61.", "gsm8k", True),
    ("61", "The answer is 61. Does that make sense? The 61 is 25 + 36.", "gsm8k", True),
    # a Markdown footnote's mark after the answer, its note below
    ("2520", "630 × 4 = $2,520.\n\n**Final answer:** $2,520[^1]\n\n---\n[^1]: No rounding was "
     "needed.", "gsm8k", True),
    ("2520", "630 × 4 = $2,250.\n\n**Final answer:** $2,250[^1]\n\n---\n[^1]: Some keys give "
     "$2,520.", "gsm8k", False),
    ("2520", "630 × 4 = $2,520.\n\n**Final answer:** $2,520[^1]\n\n---\n[^1]: Or $2,720 with "
     "tax.", "gsm8k", False),
    # a program that failed: its error message states nothing
    ("2", "```python\nboxes = int(str(16 / 8.0))\nprint(boxes)\n```\n```output\nValueError: "
     "invalid literal for int() with base 10: '2.0'\n```", "gsm8k", False),
])
def test_what_after_or_around_an_answer_keeps_it_from_committing(gold, completion, task,
                                                                   correct):
    assert check(gold, completion, task).correct is correct
