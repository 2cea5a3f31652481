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

# A range in other languages, the value its first end: "între 14 și 16".
RANGES = [
    ("gsm8k", "14", "Fratele lui are 10 ani.\nDeci Mihai are între 14 și 16 ani.", False),
    ("gsm8k", "14", "Der Bruder ist 10.\nAlso ist Mihai zwischen 14 und 16 Jahre alt.", False),
    ("gsm8k", "14", "Zijn broer is 10.\nDus Mihai is tussen 14 en 16 jaar.", False),
    # controls: one value; "between" in a premise
    ("gsm8k", "14", "Fratele lui are 10 ani.\nDeci Mihai are 14 ani.", True),
    ("gsm8k", "14", "Entre 10 y 4 años más: Mihai tiene 14 años.", True),
]

# An answer decorated as a page would show it: underlined, circled, a keycap, an HTML
# entity or a coloured span; a struck tag and the answer after it.
DECORATED = [
    ("gsm8k", "42", "6 × 7 = 42.\n\nThe answer is 4\u03322\u0332.", True),
    ("gsm8k", "42", "6 × 7 = 42.\n\nThe answer is 4\u20dd2\u20dd.", True),
    ("gsm8k", "42", "6 × 7 = 42.\n\nThe answer is 4\ufe0f\u20e32\ufe0f\u20e3.", True),
    ("gsm8k", "42", "6 × 7 = 42.\n\nThe answer is 4&#8203;2.", True),
    ("gsm8k", "42", "6 × 7 = 42.\n\nThe answer is <span style=\"color:red\">42</span>.", True),
    ("gsm8k", "42", "6 × 7 = 42.\n\nAnswer: <font color=\"blue\">42</font>", True),
    ("gsm8k", "42", "6 × 7 = 42.\n\nThe answer is <s>41</s> 42.", True),
    # controls: struck through with a combining stroke, a struck tag's value, a hidden span
    ("gsm8k", "42", "6 × 7 = 42.\n\nThe answer is 4\u03362\u0336 41.", False),
    ("gsm8k", "41", "6 × 7 = 42.\n\nThe answer is <s>41</s> 42.", False),
    ("gsm8k", "42", "The answer is <span style=\"display:none\">42</span>41.", False),
    ("gsm8k", "42", "The answer is <span style=\"font-size:0\">41</span>42.", True),
    ("gsm8k", "42", "The answer is <span style=\"color:white\">42</span>41.", False),
    ("gsm8k", "42", "The answer is <span style=\"opacity:0\">42</span>41.", False),
    ("gsm8k", "42", "The answer is <span style=\"opacity:0.5\">42</span>.", True),
]

OPTIONS = ("The options are $\\textbf{(A)}\\ 10 \\qquad \\textbf{(B)}\\ 12 \\qquad "
           "\\textbf{(C)}\\ 14$.\n\n")
# Math: a doubt in the sentence that runs on into the box's line; a comma, then "or" after
# a box; doubt or an "instead" after it; boxes on the work, then one the final answer names;
# a boxed letter the work contradicts.
MATH = [
    ("math", "2", "Roots $x = 2$ and $x = 3$; I'm not sure which one the problem intends, so "
     "I'll go with\n\n$\\boxed{2}$", False),
    ("math", "45^\\circ", "So $\\theta = \\boxed{45^\\circ}$, or $135^\\circ$.", False),
    ("math", "12", "The LCM of 4 and 6 is 12.\n\n$\\boxed{12}$\n\nI'm not fully confident in "
     "this; it might be 24 instead.", False),
    ("math", "12", "The LCM is 12.\n\n$\\boxed{12}$\n\nIt could be 24 instead.", False),
    ("math", "\\text{(B)}", OPTIONS + "Computing, $x = 14$.\n\n$\\boxed{(B)\\ 14}$", False),
    ("math", "\\text{(D)}", OPTIONS + "We find $x = 12$, which is option (B).\n\n$\\boxed{D}$",
     False),
    ("math", "12", "From the first equation $\\boxed{a = 3}$, from the second $\\boxed{b = 4}$."
     "\n\nThe product is $ab = 12$.\n\nTherefore, the final answer is $\\boxed{12}$.", True),
    ("math", "10", "Initially I computed $\\boxed{8}$, but that missed two cases. Adding them gives "
     "$\\boxed{11}$; however, that double-counts one. The correct total is\n\n$$\\boxed{10}$$",
     True),
    # controls: a doubt set aside or in an earlier sentence; the same value again; a box on
    # every number with no answer named; the letter the work names
    ("math", "2", "I was not sure at first, but checking both roots, the answer is\n\n"
     "$\\boxed{2}$", True),
    ("math", "2", "The roots are 2 and 3. Not sure yet.\n\nThe positive even root is 2, so the "
     "answer is\n\n$\\boxed{2}$", True),
    ("math", "45^\\circ", "So $\\theta = \\boxed{45^\\circ}$, or equivalently "
     "$\\frac{\\pi}{4}$.", True),
    ("math", "12", "The LCM is 12.\n\n$\\boxed{12}$\n\nUsing 24 instead of 12 would count "
     "twice.", True),
    ("math", "18", "She has $\\boxed{16}$ eggs, eats $\\boxed{3}$, bakes $\\boxed{4}$, so she "
     "earns $\\boxed{18}$.", False),
    ("math", "\\text{(B)}", OPTIONS + "Computing, $x = 12$.\n\n$\\boxed{(B)\\ 12}$", True),
    ("math", "\\text{(B)}", OPTIONS + "We find $x = 12$, which is option (B).\n\n$\\boxed{B}$",
     True),
]


@pytest.mark.parametrize(("checker", "gold", "completion", "correct"), [
    *EITHER, *OTHER_READING, *LABELLED_ALTERNATIVE, *CORRECTION_NOTE, *ASSUMED, *NAMED_WRONG,
    *IN_WORDS, *BOLD_THEN_BOX, *BOLD_BOX, *QA_TURNS, *RANGES, *DECORATED, *MATH])
def test_verdict(checker, gold, completion, correct):
    verdict = check(gold, completion, checker)
    assert verdict.correct is correct, verdict
