"""Completions that, after or around an answer of the gold's value, offer a second one as
acceptable ("I'd accept either 117 or 105", "[alt: 15]", "Another valid interpretation
... gives 105"), correct it in a labelled note ("¹ Corrected value: 13.5"), answer under an
assumption the problem did not state ("If there is no sales tax, the answer is 96."), show
another final answer in bold first, or ask about it in a next "Q:" turn and answer another
value: no answer a grader may take. Beside them, the forms that keep the answer: a note
that names a wrong answer as wrong, the value again in words, the box in bold, and the
controls of each rule.

Rows (checker, gold, completion, correct); written for these tests.
"""

from __future__ import annotations

import pytest

from star_cli.answers import check

WORK = "Adult tickets: 4 × $18 = $72. Child tickets: 3 × $11 = $33. Parking: $12.\n"
TOTAL = WORK + "Total: 72 + 33 + 12 = $117.\n\n"

# Both values accepted, the grader left to choose: "either ... or ...".
EITHER = [
    ("gsm8k", "117", TOTAL + "The answer is 117.\n\nI'd accept either 117 or 105.", False),
    ("gsm8k", "117", TOTAL + "The answer is 117. Either 117 or 105 is correct.", False),
    ("gsm8k", "117", TOTAL + "#### 117\n\nEither $105 or $117 would be acceptable.", False),
    ("gsm8k", "117", TOTAL + "The answer is 117. Either 105 or 117 works.", False),
    ("gsm8k", "117", TOTAL + "**Final answer:** 117\n\nWe would accept either 117 or 105.",
     False),
    # controls: the same value twice; a pair set aside
    ("gsm8k", "117", TOTAL + "The answer is 117. Either 117 or 117.00 is correct.", True),
    ("gsm8k", "117", TOTAL + "The answer is 117. I'd accept either 117 or 117.0.", True),
    ("gsm8k", "117", TOTAL + "The answer is 117. At first I would accept either 117 or 105, "
     "but only 117 counts the parking.", True),
    ("gsm8k", "117", TOTAL + "The answer is 117. Either way, we pay $117.", True),
]

# Another reading of the problem, with its own value.
OTHER_READING = [
    ("gsm8k", "117", TOTAL + "The answer is 117.\n\nAnother valid interpretation: parking "
     "wasn't included, which gives 105.", False),
    ("gsm8k", "117", TOTAL + "#### 117\n\nA different reading (parking excluded) gives 105.",
     False),
    ("gsm8k", "117", TOTAL + "The answer is 117. An alternative interpretation, without the "
     "parking, is 105.", False),
    # controls: the same value; a reading set aside
    ("gsm8k", "117", TOTAL + "The answer is 117. Another interpretation gives the same 117.",
     True),
    ("gsm8k", "117", TOTAL + "The answer is 117. Another reading gives 105, but the question "
     "counts the parking.", True),
]

# A labelled alternative after the answer, a single one or in brackets.
LABELLED_ALTERNATIVE = [
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nSo the answer is 10.\n\n[alt: 15]", False),
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nSo the answer is 10.\n\nAlt: 15", False),
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nSo the answer is 10.\n\n(alt. 15)", False),
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\n#### 10\n\nAlternative answer: 15", False),
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nThe answer is 10.\n\nOther possible answer: 15",
     False),
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nThe answer is 10.\n\n[alternative: 15]", False),
    # controls: the answer's own value; a method, not a value
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nSo the answer is 10.\n\n[alt: 10]", True),
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nThe answer is 10.\n\nAlternative answer: 10.0",
     True),
    ("gsm8k", "10", "240 ÷ 24 = 10 days.\n\nThe answer is 10.\n\nAlternative: subtract the "
     "pages first, then divide.", True),
]

# A labelled correction after the answer, maybe a footnote's: the corrected value is judged.
CORRECTION_NOTE = [
    ("gsm8k", "12.5", "20 - 7.50 = $12.50.\n\n**Final answer:** $12.50\n\n¹ Corrected value: "
     "13.5.", False),
    ("gsm8k", "12.5", "20 - 7.50 = $12.50.\n\nThe answer is 12.50.\n\nCorrected value: 13.5",
     False),
    ("gsm8k", "450", "90 × 5 = $450.\n\nFinal Answer: 450\n\n[1] Revised total: 540.", False),
    ("gsm8k", "540", "90 × 5 = $450.\n\nFinal Answer: 450\n\nUpdated answer: 540 (I missed the "
     "sixth day).", True),
    # controls: the same value; the words in a sentence that corrects nothing
    ("gsm8k", "12.5", "20 - 7.50 = $12.50.\n\nThe answer is 12.50.\n\nCorrected value: 12.50",
     True),
    ("gsm8k", "12.5", "20 - 7.50 = $12.50.\n\nThe answer is 12.50.\n\nThe corrected value of "
     "the coupon was used above: 2 dollars.", True),
]

# An assumption the answer's sentence opens with: a condition, as the same words after it.
ASSUMED = [
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nIf none of the eggs break, the answer is 18.",
     False),
    ("gsm8k", "96", "Total: 60 + 36 = $96.\n\nIf there is no sales tax, the answer is 96.\n\n"
     "I hope this explanation is clear.", False),
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nAssuming no eggs break, the answer is 18.",
     False),
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nSo if we don't count the broken ones, the "
     "answer is 18.", False),
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nProvided that nothing is lost, the answer is "
     "18.", False),
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nIf we assume the price holds, the answer is 18.",
     False),
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nUnless some break, the answer is 18.", False),
    # controls: an "if" of the work; a premise given as a reason
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nIf we add them up, the answer is 18.", True),
    ("gsm8k", "18", "If Tom keeps 6 rows of 3, the answer is 18.", True),
    ("gsm8k", "18", "She sells 9 × $2 = $18.\n\nSince no eggs break, the answer is 18.", True),
    ("gsm8k", "18", "If the answer to part (a) is 5, then the answer to part (b) is 18.", True),
]

# A marker that names a wrong answer as wrong: the answer before it stands.
NAMED_WRONG = [
    ("gsm8k", "6", "45 ÷ 8 = 5.625, so round up to 6 pizzas.\n\n**Final answer:** 6\n\n(A common "
     "wrong answer is 5, which comes from rounding 5.625 down.)", True),
    ("gsm8k", "6", "45 ÷ 8 = 5.625, so round up to 6 pizzas. The answer is 6. The incorrect "
     "answer is 5.", True),
    ("gsm8k", "6", "45 ÷ 8 = 5.625, so round up to 6.\n\nFinal answer: 6\n\nA tempting but wrong "
     "answer is 5.", True),
    # controls: a wrong answer named alone is no answer; a second answer still conflicts
    ("gsm8k", "5", "The wrong answer is 5.", False),
    ("gsm8k", "6", "45 ÷ 8 = 5.625.\n\n**Final answer:** 6\n\nThe answer is 5.", False),
]

# The value again in words, in brackets.
IN_WORDS = [
    ("gsm8k", "405", "3 × 135 = 405 minutes.\n\n**Final answer:** 405 (four hundred five)",
     True),
    ("gsm8k", "405", "3 × 135 = 405 minutes.\n\nThe answer is 405 (four hundred and five).",
     True),
    ("gsm8k", "405", "3 × 135 = 405 minutes.\n\nAnswer: 405 (i.e. four hundred five)", True),
    ("gsm8k", "405", "3 × 135 = 405.\n\nFinal answer: $405 (four hundred five dollars)", True),
    # control: another value in words
    ("gsm8k", "405", "3 × 135 = 405 minutes.\n\nThe answer is 405 (four hundred six).", False),
]

# A bold answer line first, then work that ends in a box of another value.
BOLD_THEN_BOX = [
    ("math", "15", "**Answer: 12**\n\nThere are $8$ in chess and $7$ in robotics, $3$ in both.\n"
     "Counting memberships: $$8 + 7 = 15.$$\n\n$$\\boxed{15}$$", False),
    ("math", "14", "$4 \\cdot 3 = 12$.\n\n**Final answer: 12**\n\nSince the problem is about "
     "fencing, we need the perimeter: $2(4 + 3) = 14$.\n\n$$\\boxed{14}$$", False),
    # controls: the same value; the first answer taken back
    ("math", "15", "**Answer: 15**\n\nCounting memberships: $$8 + 7 = 15.$$\n\n$$\\boxed{15}$$",
     True),
    ("math", "15", "**Answer: 12**\n\nWait, that is wrong: memberships count twice. "
     "$$8 + 7 = 15.$$\n\n$$\\boxed{15}$$", True),
]

# The box in bold, alone in it.
BOLD_BOX = [
    ("math", "12", "$4 \\cdot 3 = 12$.\n\n**Final Answer:** $\\textbf{\\boxed{12}}$", True),
    ("math", "12", "$4 \\cdot 3 = 12$.\n\n$\\mathbf{\\boxed{12}}$", True),
    # controls: more than the box in bold
    ("math", "12", "$4 \\cdot 3 = 12$.\n\n$\\textbf{\\boxed{12}\\sqrt{2}}$", False),
]

# A next "Q:" turn that asks about the answer and an "A:" that answers another value.
QA_TURNS = [
    ("gsm8k", "52", "28 + 24 = 52 legs.\n\nFinal Answer: 52\n\nQ: Is the answer 52?\nA: No, the "
     "answer is 76.", False),
    ("gsm8k", "7560", "3 × 2,520 = $7,560.\n\nSo the answer is $7560.\n\nQ: Is the answer 7560?"
     "\nA: No, the answer is 7650.", False),
    ("gsm8k", "52", "28 + 24 = 52 legs.\n\nFinal Answer: 52\n\nQ: Are you sure?\nA: Sorry, it "
     "is 76.", False),
    # controls: the answer confirmed; a next problem (a base model's next exemplar)
    ("gsm8k", "52", "28 + 24 = 52 legs.\n\nFinal Answer: 52\n\nQ: Is the answer 52?\nA: Yes.",
     True),
    ("gsm8k", "52", "28 + 24 = 52 legs.\n\nFinal Answer: 52\n\nQ: Tom has 5 apples and eats 2. "
     "How many are left?\nA: 5 - 2 = 3. The answer is 3.", True),
]


@pytest.mark.parametrize(("checker", "gold", "completion", "correct"), [
    *EITHER, *OTHER_READING, *LABELLED_ALTERNATIVE, *CORRECTION_NOTE, *ASSUMED, *NAMED_WRONG,
    *IN_WORDS, *BOLD_THEN_BOX, *BOLD_BOX, *QA_TURNS])
def test_verdict(checker, gold, completion, correct):
    verdict = check(gold, completion, checker)
    assert verdict.correct is correct, verdict
