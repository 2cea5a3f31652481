"""Thought formats of other models (gpt-oss's harmony channels, with and without their special
tokens; Kimi's `◁think▷`), lists of other possible answers, HTML comments, a second answer in
a fence or a second bold answer line, a box denied with emphasis, a value marked corrected,
checks after the answer, LaTeX's decimal comma and intervals written with a semicolon
(answers/thinking.py, hedges.py `lists_others`, checker.py, latex.py `comma_pair`).
Table-driven; every case written for these tests."""

import pytest

from star_cli.answers import check
from star_cli.answers.thinking import split_thought
from star_cli.records import Choice

H_START = "<|start|>assistant<|channel|>analysis<|message|>"
H_FINAL = "<|end|><|start|>assistant<|channel|>final<|message|>"


@pytest.mark.parametrize(("gold", "completion", "correct", "reason"), [
    # harmony: the answer is the final channel's, never the analysis's
    ("12", f"{H_START}Legs: 84 - 60 = 24, 24 / 2 = 12 cows. So 12.{H_FINAL}So there are 24 / 4 "
     "= 6 cows.\n\nThe answer is $\\boxed{6}$.<|return|>", False, "mismatch"),
    ("6", f"{H_START}Legs: 84 - 60 = 24, 24 / 2 = 12 cows. So 12.{H_FINAL}So there are 24 / 4 "
     "= 6 cows.\n\nThe answer is $\\boxed{6}$.<|return|>", True, "match"),
    ("\\frac{1}{6}", f"{H_START}6 of 36 outcomes, so 1/6.{H_FINAL}**Answer: $\\frac{{1}}{{6}}$**"
     "\n\nThere are $6 \\times 6 = 36$ outcomes, 6 of them sum to 7.<|return|>", True, "match"),
    ("49", f"{H_START}Bill: 35 + 14 = 49.{H_FINAL}**Answer: $69**<|return|>", False, "mismatch"),
    # the channels without a thought first, and a tool call between
    ("7", "<|channel|>final<|message|>The answer is 7.<|return|>", True, "match"),
    ("12", f"{H_START}6 * 2 = 12.{H_FINAL}The answer is 12.<|return|><|start|>user<|message|>"
     f"And 6 * 3?<|end|>{H_START}18.{H_FINAL}The answer is 18.<|return|>", True, "match"),
    ("7", f"{H_START}Call the calculator.<|end|><|start|>assistant<|channel|>commentary "
     "to=functions.calc<|message|>{\"x\": \"3+4\"}<|call|>"
     f"{H_FINAL}The answer is 7.<|return|>", True, "match"),
    # a thought cut before the final channel: no answer
    ("12", f"{H_START}Legs: 84 - 60 = 24, 24 / 2 = 12 cows. So the answer is 12.", False,
     "unfinished_thought"),
    # its special tokens skipped in decoding: the channel names run into the text
    ("27", "analysisGrace is 11 now and 27 then. So 27.assistantfinal**Answer: $15$**",
     False, "mismatch"),
    ("15", "analysisGrace is 11 now and 27 then. So 27.assistantfinal**Answer: $15$**",
     True, "match"),
    ("27", "The analysis is simple: 11 + 16 = 27.", True, "match"),  # a word, not a channel
    # Kimi's delimiters
    ("56", "\u25c1think\u25b7C(8, 3) = 336 / 6 = 56. So the answer is $56$.\u25c1/think\u25b7"
     "**Answer: $56$**", True, "match"),
    ("55", "\u25c1think\u25b7So the answer is 55.\u25c1/think\u25b7**Answer: $56$**", False,
     "mismatch"),
])
def test_thought_formats_of_other_models(gold, completion, correct, reason):
    v = check(gold, completion, "math")
    assert (v.correct, v.reason) == (correct, reason)


def test_a_bare_harmony_thought_is_split_at_the_last_final():
    text = "analysisFirst 12, then 13.assistantfinalMaybe 12.assistantfinalThe answer is 13."
    thought = split_thought(text)
    assert thought.closed and thought.answer_part(text) == "The answer is 13."
    assert split_thought("analysis of the data shows 7.").thinking is None


@pytest.mark.parametrize(("gold", "completion", "task", "correct"), [
    # a list of other possible answers after the answer offers them too
    ("112", "40 + 72 = 112\n\n#### 112\n\nOther possible answers: 102, 120, 96", "gsm8k", False),
    ("20", "The answer is 20.\n\nPossible answers:\n- 2\n- 200\n- 25", "gsm8k", False),
    ("6", "Final Answer: The final answer is $6$.\n\nAlternative answers: $32$, $8$", "math",
     False),
    ("180", "The answer is $\\boxed{180}$.\n\n**Acceptable answers:** $180$, $360$", "math",
     False),
    ("12", "#### 12\n\nCandidate answers: 10 or 14", "gsm8k", False),
    # ... but not a list it sets aside, of the answer alone, or that reasons
    ("12", "The answer is 12.\n\nAcceptable answers: 12 or 12.0", "gsm8k", True),
    ("\\frac{1}{2}", "The answer is $\\boxed{\\frac{1}{2}}$.\n\nAcceptable answers: "
     "$\\frac{1}{2}$, $0.5$, $50\\%$", "math", True),
    ("12", "The answer is 12.\n\nPossible answers considered: 10, 12, 14 — only 12 satisfies "
     "both conditions.", "gsm8k", True),
    ("18", "The answer is 18.\n\nAlternative solutions:\n- Subtract first: 30 - 12 = 18.",
     "gsm8k", True),
    ("112", "#### 112\n\nOther possible answers (ruled out): 102, 120", "gsm8k", True),
    ("112", "#### 112\n\nIncorrect options: 102 and 120.", "gsm8k", True),
    ("20", "The answer is 20.\n\nI checked the possible answers one by one; only 20 works.",
     "gsm8k", True),
])
def test_other_possible_answers_listed_after_the_answer(gold, completion, task, correct):
    assert check(gold, completion, task).correct is correct


@pytest.mark.parametrize(("gold", "completion", "task", "correct"), [
    # an HTML comment is never where the answer is read
    ("280", "Cost: 96 × $7 = $672.\n\n**Answer:** $672\n<!--\nFinal answer: \\boxed{280}\n-->",
     "gsm8k", False),
    ("672", "Cost: 96 × $7 = $672.\n\n**Answer:** $672\n<!--\nFinal answer: \\boxed{280}\n-->",
     "gsm8k", False),  # what it hides is still weighed: another value, hidden
    ("672", "Cost: 96 × $7 = $672.\n\n**Answer:** $672\n<!-- verified: 96 × 7 = 672 -->",
     "gsm8k", True),
    ("12", "In HTML a comment opens with `<!-- like this`. Anyway, 3 × 4 = 12.\n\n#### 12",
     "gsm8k", True),
    ("12", "#### 12 <!-- 13 -->", "gsm8k", False),  # on the answer's line: read with it
    # a second answer in a fence after the prose's, of another value: two answers
    ("10", "So $d = 4\\sqrt{5}$.\n\nTherefore, the answer is $\\boxed{4\\sqrt{5}}$.\n\n```json\n"
     "{\"final_answer\": \"10\"}\n```", "math", False),
    ("(-\\infty, 2]", "So $x < 2$.\n\n$$\\boxed{(-\\infty, 2)}$$\n\n```\n#### (-\\infty, 2]\n```",
     "math", False),
    ("4\\sqrt{5}", "Therefore, the answer is $\\boxed{4\\sqrt{5}}$.\n\n```json\n"
     "{\"final_answer\": \"4\\\\sqrt{5}\"}\n```", "math", True),
    # a second bold answer line before the answer, of another value, not taken back
    ("27", "In 5 years: 22 + 5 = 27.\n\n**Answer: 32**\n\nThe answer is 27.", "gsm8k", False),
    ("32", "In 5 years: 22 + 5 = 27.\n\n**Answer: 32**\n\nThe answer is 27.", "gsm8k", False),
    ("27", "In 5 years: 22 + 5 = 27.\n\n**Answer: 27**\n\nThe answer is 27.", "gsm8k", True),
    ("27", "**Final answer:** 32\n\nWait, I made an error: 22 + 5 = 27.\n\nThe answer is 27.",
     "gsm8k", True),
    # ... but not a bold line that says more than a value, or a sub-step's answer
    ("12\\pi", "**Final Answer:** The area of the circle is $12\\pi$.\n\nTherefore, the final "
     "answer is $\\boxed{12\\pi}$.", "math", True),
    ("48", "**Part 1: cookies per tray?**\n48 / 4 = 12\n**Answer: 12**\n\n**Part 2: total?**\n"
     "12 × 4 = 48\n\nThe answer is 48.", "gsm8k", True),
    # a box denied with emphasis between
    ("23", "So the fifth number is 23.\n\nHowever, the answer is **not** $\\boxed{23}$.",
     "gsm8k", False),
    ("23", "So the fifth number is 23.\n\nHowever, the answer is *not* $\\boxed{23}$.", "gsm8k",
     False),
    # a value marked as the corrected one commits; a correction to another does not
    ("2520", "**Answer:** ~~$2,420~~ $2,520 (corrected)", "gsm8k", True),
    ("2520", "The answer is 2520 (corrected from 2420).", "gsm8k", True),
    ("2520", "Answer: 2520 (correction: 2420)", "gsm8k", False),
    ("15", "The answer is 15 (corrected from 13? not sure)", "gsm8k", False),
    # a check after the answer whose last step gives another value checks it
    ("180", "Empty seats: 2/5 × 450 = 180.\n\n#### 180\n\nLet me re-check.\n\n- Total seats: "
     "25 × 18 = 450. ✓\n- Empty: 2/5 × 450 = 180. ✓\n- Seats: 25 × 18 = 450. ✓", "gsm8k", True),
    ("180", "Empty seats: 2/5 × 450 = 180.\n\n#### 180\n\nTherefore, the total is 450.",
     "gsm8k", False),
])
def test_what_shows_a_second_answer_and_what_does_not(gold, completion, task, correct):
    assert check(gold, completion, task).correct is correct


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    # LaTeX's comma without its space: a decimal comma unless three digits follow
    ("\\frac{5}{2}", "Réponse : $x = 2{,}5$", True),
    ("25", "Réponse : $x = 2{,}5$", False),
    ("10000", "The answer is $\\boxed{10{,}000}$.", True),
    ("0.125", "$\\boxed{0{,}125}$", True),
    ("2.25", "$\\boxed{2{,}25}$", True),
    # an interval or a pair written with a semicolon, or ISO's outward brackets
    ("[-3,5]", "$\\boxed{[-3; 5]}$", True),
    ("(-3,5)", "$\\boxed{[-3; 5]}$", False),
    ("(-3,3)", "Réponse : $x \\in \\left]-3\\,;\\,3\\right[$", True),
    ("[1,2)", "$\\boxed{[1;2[}$", True),
    ("(-\\infty,2]", "Ответ: $x \\in (-\\infty;\\, 2]$", True),
    ("(2,3)", "$\\boxed{(2;3)}$", True),
    ("2", "$\\boxed{f(x) = 2; g(x) = 3}$", False),
])
def test_european_notation_in_math_answers(gold, completion, correct):
    assert check(gold, completion, "math").correct is correct


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("A", "Mkate huuzwa kwenye duka la mikate.\n\nJibu sahihi ni A.", True),
    ("B", "Mkate huuzwa kwenye duka la mikate.\n\nJibu sahihi ni A.", False),
])
def test_swahili_correct_answer_marker(gold, completion, correct):
    choices = [Choice(c, t) for c, t in zip("ABCDE", ["bakery", "bank", "school", "farm",
                                                     "river"], strict=True)]
    assert check(gold, completion, "csqa", choices).correct is correct


@pytest.mark.parametrize(("task", "gold", "completion", "correct"), [
    # a root's multiplicity describes the answer: no operation on it
    ("math", "1", "So $(x - 1)^2 = 0$.\n\nThe only solution is $x = 1$ (a double root).", True),
    ("math", "1", "The answer is $x = 1$ (a double root).", True),
    ("math", "2", "The answer is 1 (double it).", False),
    ("math", "3", "The answer is 9 (square root).", False),
    ("math", "2", "$(x-2)^2 = 0$.\n\nThe answer is 2 (a double root, so the sum is 4).", False),
    # an AMC letter with its value in bold, then the value boxed: one answer
    ("math", "4", "So the area is 4.\n\n**Answer: D. 4**\n\n$\\boxed{4}$", True),
    ("math", "12", "The sum is $12$.\n\n**Answer: B) 12**\n\n---\n\nThe final answer is "
     "$\\boxed{12}$.", True),
    # a product with a dot as its sign shows dots group thousands
    ("gsm8k", "2880", "320 · 9 € = 2.880 €\n\nDie Einnahmen betragen 2.880 €.", True),
    ("gsm8k", "2.88", "320 · 9 € = 2.880 €\n\nDie Einnahmen betragen 2.880 €.", False),
])
def test_a_root_described_and_a_product_written_with_a_dot(task, gold, completion, correct):
    assert check(gold, completion, task).correct is correct


CHOICES = [Choice(c, t) for c, t in zip("ABCDE", ["bank", "library", "bakery", "glove "
                                                 "compartment", "altar"], strict=True)]


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    # a bold pick with its text, a rule, and another pick: two answers
    ("E", "It is always on hand.\n\n**Answer: (D) glove compartment**\n\n---\nFinal answer: (E)",
     False),
    ("D", "It is always on hand.\n\n**Answer: (D) glove compartment**\n\n---\nFinal answer: (D)",
     True),
    # a choice's text named as the right answer
    ("B", "Books are lent there.\n\n**library** is the correct answer.", True),
    ("A", "Books are lent there.\n\n**library** is the correct answer.", False),
])
def test_picks_by_text_and_in_bold(gold, completion, correct):
    assert check(gold, completion, "csqa", CHOICES).correct is correct


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("25", "$\\boxed{25\\ \\text{m/s}}$", True),  # a control space before the unit
    ("25", "$\\boxed{25\\,\\text{m/s}}$", True),
    ("2.5", "$\\boxed{25\\ \\text{m/s}}$", False),
])
def test_a_unit_after_a_control_space(gold, completion, correct):
    assert check(gold, completion, "math").correct is correct
