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
    ("math", "10", "Initially I computed $\\boxed{8}$, but that missed two cases. Adding them "
     "gives $\\boxed{11}$; however, that double-counts one. The correct total is\n\n"
     "$$\\boxed{10}$$", True),
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

TANK = "900 - 225 = 675.\n675 ÷ 45 = 15.\n"
# More second answers: "also a valid answer", "a case could be made for", both held
# defensible, a bracketed "or" after a box, "alt." in brackets, a bare "Revised:" label.
MORE_SECOND = [
    ("gsm8k", "15", TANK + "The answer is 15. That said, 20 is also a valid answer under a "
     "slightly different reading.", False),
    ("gsm8k", "15", TANK + "The answer is 15.\n\nA case could be made for 20 as well, if the "
     "tank leaks.", False),
    ("gsm8k", "15", TANK + "#### 15\n\n(Both 15 and 20 are defensible readings of this "
     "problem.)", False),
    ("gsm8k", "15", TANK + "\\boxed{15} [or 20]", False),
    ("gsm8k", "15", TANK + "Answer: 15 (alt. 20)", False),
    ("gsm8k", "15", TANK + "Answer: 15\n\nRevised: 20", False),
    # controls: the same value; a method, not a value
    ("gsm8k", "15", TANK + "Answer: 15 (alt. 15)", True),
    ("gsm8k", "15", TANK + "The answer is 15. Both 15 and 15.0 are correct forms.", True),
    ("gsm8k", "15", TANK + "The answer is 15. This is also a valid check of the rate.", True),
    ("gsm8k", "15", TANK + "Answer: 15\n\nRevised: 15", True),
]

# An answer held only under a condition, said after it or opening its sentence.
MORE_CONDITIONS = [
    ("gsm8k", "12", "85 - 73 = 12\n#### 12\n\nThis holds as long as there is no sales tax; if "
     "not, the total would be different.", False),
    ("gsm8k", "116", "29 × 4 = 116\nSo, in the case where he doesn't miss any runs, the answer "
     "is 116.", False),
    ("gsm8k", "1920", "2000 - 80 = 1920\nIn the case where the machines don't stop for "
     "maintenance, the total is 1920; otherwise the problem is ambiguous.", False),
    ("gsm8k", "155", "7 × 24 = 168.\n168 - 13 = 155.\n155, assuming the shop didn't sell any "
     "eggs before counting.", False),
    ("gsm8k", "451", "486 - 35 = 451\nThe answer depends on whether no new students enrolled. "
     "If so, it's 451.", False),
    ("gsm8k", "42", "28 × 1.50 = 42\nUnder the assumption that consumption is the same on "
     "highways, I get 42. I can't be certain without that information.", False),
    # controls: a condition the work meets; "in that case" after the work
    ("gsm8k", "12", "#### 12\n\nThe result is correct if you check it: 3 × 4 = 12.", True),
    ("gsm8k", "18", "If we add them up, the total is 18.", True),
    ("gsm8k", "18", "She sells 9 × 2 = 18 eggs' worth.\nIn that case, she has 18.", True),
]

# A fake follow-up turn that questions the answer and changes it.
MORE_TURNS = [
    ("gsm8k", "9900", "330 × 30 = 9900\nThe orchard produces 9900 apples.\n\nQ: Is that right?\n"
     "A: No — the answer is actually 990.", False),
    ("gsm8k", "42", "28 × 1.50 = 42\n#### 42\n\n<|user|>\nThat's wrong.\n<|assistant|>\n"
     "Apologies! The answer should be 28.", False),
    ("gsm8k", "52", "28 + 24 = 52.\nThe family pays $52.\n\nQ: Why not 110?\nA: Actually, 110 "
     "is correct; I miscounted above.", False),
    ("gsm8k", "15", TANK + "\\boxed{15}\n\nStudent: Shouldn't it be 20?\nTeacher: Yes, good "
     "catch — it's 20.", False),
    ("gsm8k", "54", "65 - 11 = 54\nThe answer is 54.\n\nQ: Please verify your answer.\nA: "
     "Verified — the correct total is 76, not 54.", False),
    # controls: a follow-up that confirms; the next exemplar
    ("gsm8k", "15", TANK + "\\boxed{15}\n\nStudent: Shouldn't it be 20?\nTeacher: No, 20 "
     "forgets the water already in it; it's 15.", True),
    ("gsm8k", "7", "96 ÷ 8 = 12.\n12 - 5 = 7.\nThere are 7 pieces left.\n\nExample 3\nQ: A "
     "farmer collects 35 eggs a day for 4 days. How many eggs?\nA: 35 × 4 = 140.\nFinal "
     "answer: 140", True),
    ("gsm8k", "1920", "2000 - 80 = 1920\nAnswer: 1920\n\n### Question\nMia runs 2 km a day for "
     "14 days. How far does she run?\n### Answer\n2 × 14 = 28. The answer is 28.", True),
]

# Two answer lines with work between, and the value restated as another right after it.
MORE_FINALS = [
    ("gsm8k", "1200", "Answer: 1800\n\nWe compute:\n250 × 12 = 3000\n40% of 3000 = 1200\n"
     "The answer is 1200.", False),
    ("gsm8k", "54", "**Answer: 76**\n\nStep 1: 3 × 14 = 42\nStep 2: 42 + 23 = 65\n"
     "Step 3: 65 - 11 = 54\n\n**Answer: 54**", False),
    ("gsm8k", "27", "60 - 6 = 54; 54 ÷ 2 = 27.\nFinal answer: **27** (seventy-two years)", False),
    ("gsm8k", "18", "9 × 2 = 18.\nFinal answer: 18, i.e. eighty-one", False),
    ("gsm8k", "1920", "2000 - 80 = 1920\n\\boxed{1920} (= 1,902)", False),
    ("gsm8k", "54", "65 - 11 = 54\n#### 54\n\n(Forty-five in total.)", False),
    ("gsm8k", "68", "51 + 17 = 68\nThe answer is 68 — eighty-six, to be precise.", False),
    # controls: parts of a problem; a second look that corrects; the same value restated; a
    # breakdown, a conversion, a dozen
    ("gsm8k", "48", "**Part 1: per tray?**\n48 / 4 = 12\n**Answer: 12**\n\n**Part 2: total?**\n"
     "12 × 4 = 48\n\nThe answer is 48.", True),
    ("gsm8k", "324", "Total: 336.\n\n**Answer: 336**\n\nWait — I need to recheck that.\n\n"
     "Total: 120 + 144 + 60 = 324.\n\n**Final answer (corrected):** 324", True),
    ("gsm8k", "451", "486 - 35 = 451\nThe answer is 451.\n\nCorrection: in my working I called "
     "486 a total; it is a subtotal. The final answer remains 451.", True),
    ("gsm8k", "24", "8 × 3 = 24\nThe answer is 24 (three boxes of 8).", True),
    ("gsm8k", "60", "The answer is 60 (1 hour).", True),
    ("gsm8k", "24", "The answer is 24 (two dozen).", True),
    ("gsm8k", "140", "420 - 280 = 140\n**Final answer:** 140 (equivalently, one hundred forty).",
     True),
    ("gsm8k", "12", "#### 12\n\n(Twelve in total.)", True),
]

# From a later blind set: follow-up turns that point back at the problem without a
# follow-up's words; the answer restated as another number after "that's"; one value for
# each of two cases; doubt in other languages; "my best estimate"; `[alt]`, and an other
# possible answer with its case.
LATER = [
    ("gsm8k", "8", "64 ÷ 8 = 8\nEach gets 8.\n\nQ: Does Mia count as one of the people?\nA: No, "
     "only the 7 friends. 64 ÷ 7 ≈ 9. The answer is 9.", False),
    ("gsm8k", "60", "$80 − $20 = $60.\nSale price: $60.\n\nUser: the question asks for the "
     "savings.\nAssistant: Ah, then the answer is $20.", False),
    ("gsm8k", "48", "12 × 4 = 48\nThe family spends $48 on gas.\n\nHuman: That's for one way. "
     "What's the total there and back?\nAssistant: For the round trip they spend $96.", False),
    ("gsm8k", "495", "375 + 120 = 495\n#### 495\n\nUser: you sure?\nAssistant: Sorry. "
     "460 + 85 + 120 = 665.\n#### 665", False),
    ("gsm8k", "12", "48 − 36 = 12\nAnswer: 12\n\nQ: Wait, 3/4 taken means 1/4 empty, so isn't "
     "it 16?\nA: Yes, you're right, it's 16.", False),
    ("gsm8k", "100", "250 − 150 = 100\n\n**100** (that's 150)", False),
    ("gsm8k", "140", "35 × 4 = 140\n\nTotal: 140 eggs (that's 35).", False),
    ("gsm8k", "85", "340 ÷ 4 = 85\n\n\\(\\boxed{85}\\) (that's 87 rounded)", False),
    ("gsm8k", "85", "Mean: 340 / 4 = 85\n\nIf all tests are weighted equally, the average is "
     "85; if the final test counts double, it's 86.6.", False),
    ("gsm8k", "540", "3 sessions → 540 m\n\nIf it means three separate sessions, the total is "
     "540 m; otherwise, if he only sprints once, it's 180 m.", False),
    ("gsm8k", "84", "14 × 6 = 84.\nOdpowiedź to prawdopodobnie 84.", False),
    ("gsm8k", "18", "9 × 2 = 18.\nSvaret är troligen 18.", False),
    ("gsm8k", "1200", "4 × 300 = 1200 cm\n\nMy best estimate: ~1200 cm.", False),
    ("gsm8k", "9", "48 − 39 = 9\n\n**Answer:** 9\n\n[alt] 10", False),
    ("gsm8k", "103", "120 − 17 = 103.\n\nFinal answer: 103\nOther possible answer: 120 (if "
     "the rotten apples are still counted)", False),
    # controls: a next exemplar that happens to name the answer; a conversion; a rounding
    # the answer makes; one case; doubt about something else
    ("gsm8k", "6", "8 × 3/4 = 6 cups.\nFinal answer: 6\n\nQ: A box has 48 crayons split into 6 "
     "packs. How many crayons are in each pack?\nA: 48 / 6 = 8. Final answer: 8", True),
    ("gsm8k", "60", "The answer is 60 (that's 1 hour).", True),
    ("gsm8k", "85", "340 ÷ 4 = 85\nThe answer is 85 (that's 85 exactly).", True),
    ("gsm8k", "42", "The answer is 42 m (that's 42 m).", True),
    ("gsm8k", "85", "If all tests are weighted equally, the average is 85.", True),
    ("gsm8k", "84", "Prawdopodobnie najprostsza metoda: 14 × 6 = 84.\nOdpowiedź: 84.", True),
    ("gsm8k", "84", "Luego: 14 × 6 = 84.\nProbablemente la respuesta es 84.", False),
    ("gsm8k", "84", "Probablemente la forma más sencilla: 14 × 6 = 84.\nLa respuesta es 84.", True),
    ("gsm8k", "36", "12 × 3 = 36.\nLa réponse est 36 (quarante).", False),
    ("gsm8k", "36", "12 × 3 = 36.\nОтвет: 36 (сорок).", False),
    ("gsm8k", "36", "12 × 3 = 36.\n答案是36（四十）。", False),
    ("gsm8k", "36", "12 × 3 = 36.\nLa réponse est 36 (trente-six).", True),
    ("gsm8k", "12", "The answer is 12 (Tom's share).", True),
]

# From a held-out MATH set (rt163, scored before these rules): a unit, then an alternative
# in brackets after a box; Minerva's final line under a sentence whose box says another
# value; a root discarded after a list of roots; an AMC letter in math closing the text.
HELD_OUT_MATH = [
    ("math", "4\\pi", "The surface area of one face is\n$\\boxed{4\\pi}$ square units (or "
     "$8\\pi$ if we count both faces).", False),
    ("math", "12", "There are $\\boxed{10}$ such numbers.\nFinal Answer: The final answer is "
     "$12$. I hope it is correct.", False),
    ("math", "-2, 3", "The solutions are $\\boxed{-2, 3}$.\n\nWait, $x = -2$ makes $\\log(x)$ "
     "undefined, so we must discard it. The only solution is $x = 3$.", False),
    ("math", "\\text{(B)}", "Testing small cases rules out (A), (C), (D) and (E).\n\nSo, the "
     "value we are looking for is $\\textbf{(B)}$.", True),
    # controls: a unit alone; the same value on both lines; the list kept
    ("math", "4\\pi", "The surface area of one face is $\\boxed{4\\pi}$ square units.", True),
    ("math", "12", "There are $\\boxed{12}$ such numbers.\nFinal Answer: The final answer is "
     "$12$. I hope it is correct.", True),
    ("math", "-2, 3", "The solutions are $\\boxed{-2, 3}$.\n\nBoth satisfy the equation; there "
     "are no extraneous roots.", True),
    ("math", "\\text{(C)}", "So, the value we are looking for is $\\textbf{(B)}$.", False),
]

# From a held-out GSM8K set (rt162, scored before these rules): a sign-off that mentions a
# check; "Final Answer:" after an emoji; a sanity check after the box ("so the answer is
# consistent"); a "Checking our work:" line after a closing statement; an answer line left
# empty; "no longer sure"; two display boxes one after the other.
HELD_OUT_GSM = [
    ("gsm8k", "121", "136 - 15 = **$121**\n\n---\n\nSo, **Peter pays $121**.\n\nLet me know if "
     "you want me to check another one.", True),
    ("gsm8k", "21", "7 × 3 = **21** eggs.\n\n### ✅ Final Answer:\n**Ana needs 21 eggs**\n\n"
     "Checking our work: 21 ÷ 3 = 7.", True),
    ("gsm8k", "21", "She needs 7 × 3 = 21 eggs.\n\nAna needs 21 eggs.\n\nChecking our work: "
     "21 ÷ 3 = 7.", True),
    ("gsm8k", "45", "300 - 255 = 45 rooms are empty.\n\nThe final answer is: $\\boxed{45}$\n\n"
     "Sanity check: 45 + 255 = 300, so the answer is consistent.", True),
    ("gsm8k", "45", "300-255=<<300-255=45>>45 rooms are empty.\n####", False),
    ("gsm8k", "120", "180 - 60 = 120\n\nThe answer is $\\boxed{120}$.\n\nActually, scratch that. "
     "Something is off, and I'm no longer sure the answer is 120.", False),
    ("gsm8k", "230", "500 - 270 = 230\n\n\\[\n\\boxed{270}\n\\]\n\n\\[\n\\boxed{230}\n\\]",
     False),
    # controls: a sign-off that doubts; the same box twice; "valid" as a word answer
    ("gsm8k", "121", "So, Peter pays $121.\n\nI hope this is right, but I'm not sure.", False),
    ("gsm8k", "230", "500 - 270 = 230\n\n\\[\n\\boxed{230}\n\\]\n\n\\[\n\\boxed{230}\n\\]",
     True),
    ("generic", "valid", "Is the argument valid? The answer is valid.", True),
]


@pytest.mark.parametrize(("checker", "gold", "completion", "correct"), [
    *EITHER, *OTHER_READING, *LABELLED_ALTERNATIVE, *CORRECTION_NOTE, *ASSUMED, *NAMED_WRONG,
    *IN_WORDS, *BOLD_THEN_BOX, *BOLD_BOX, *QA_TURNS, *RANGES, *DECORATED, *MATH, *MORE_SECOND,
    *MORE_CONDITIONS, *MORE_TURNS, *MORE_FINALS, *LATER, *HELD_OUT_MATH,
    *HELD_OUT_GSM])
def test_verdict(checker, gold, completion, correct):
    verdict = check(gold, completion, checker)
    assert verdict.correct is correct, verdict
