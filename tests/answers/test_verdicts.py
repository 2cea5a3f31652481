"""Issue 26, item 4: the classes of real output that verdicts got wrong, one table per class.

Each row is (gold, completion, correct, reason), judged by the math checker as a user meets
it (`check(..., task="math")`). Every class has several forms written for these tests, right
and wrong, and the hedges stay hedges: a rule that reads more answers must not let a planted
false positive through.
"""

from __future__ import annotations

import pytest

from star_cli.answers import check

MATCH, MISMATCH, AMBIGUOUS, NO_ANSWER = "match", "mismatch", "ambiguous", "no_answer"


def rows(kind: str, table: list[tuple[str, str, bool, str]]) -> list:
    return [pytest.param(g, c, want, why, id=f"{kind}-{k}")
            for k, (g, c, want, why) in enumerate(table)]


# Several boxes in the final statement state one answer together (a list, or a tuple's
# labelled parts); a box in an earlier statement is not part of it; two boxes against a
# gold of one value offer alternatives.
SEVERAL_BOXES = [
    (r"2, -3", r"So $x = \boxed{2}$ or $x = \boxed{-3}$.", True, MATCH),
    (r"2, -3", r"The roots are $\boxed{2}$ and $\boxed{-3}$.", True, MATCH),
    (r"\{-3, 2\}", "Hence\n\\[\\boxed{x = 2}\\]\n\\[\\boxed{x = -3}\\]", True, MATCH),
    (r"2, -3", r"The solutions are $\boxed{2}$, $\boxed{-3}$.", True, MATCH),
    (r"1, 4, 9", r"They are $\boxed{1}$, $\boxed{4}$ and $\boxed{9}$.", True, MATCH),
    (r"2, -3", r"So $x = \boxed{2}$ or $x = \boxed{3}$.", False, MISMATCH),
    (r"2, -3", r"The only root is $\boxed{2}$.", False, MISMATCH),
    (r"(3, 4)", r"Therefore $a = \boxed{3}$ and $b = \boxed{4}$.", True, MATCH),
    (r"(3, 4)", r"Therefore $a = \boxed{4}$ and $b = \boxed{3}$.", False, MISMATCH),
    (r"6", r"We get $\boxed{6}$, that is, $\boxed{6}$.", True, MATCH),
    (r"6", "First, part one gives $\\boxed{4}$.\n\nThe final answer is $\\boxed{6}$.",
     True, MATCH),
    # hedges against a single value stay hedges
    (r"2", r"So $x = \boxed{2}$ or $x = \boxed{-3}$.", False, AMBIGUOUS),
    (r"5", r"The answer is $\boxed{5}$ or $\boxed{7}$.", False, AMBIGUOUS),
    (r"5", r"It is $\boxed{4}$ and $\boxed{5}$.", False, MISMATCH),
    # a list written one box a line, with bullets or numbers
    ("2, 3", "The solutions are:\n- $x = \\boxed{2}$\n- $x = \\boxed{3}$", True, MATCH),
    ("2, 3", "The solutions are:\n1. $\\boxed{2}$\n2. $\\boxed{3}$", True, MATCH),
    ("3", "The solutions are:\n1. $\\boxed{2}$\n2. $\\boxed{3}$", False, MISMATCH),
    ("3", "Part 1: $\\boxed{2}$\nPart 2: $\\boxed{3}$", True, MATCH),
]

# A marker whose answer is a math block on the next line, and Minerva's "Final Answer: The
# final answer is X" (the inner marker is part of the outer one).
NEXT_LINE_MATH = [
    ("\\frac{1}{2}", "Final Answer: The final answer is\n$$\\frac{1}{2}$$", True, MATCH),
    ("\\frac{1}{2}", "Final Answer: The final answer is\n\\[ \\frac{1}{2} \\]", True, MATCH),
    ("\\frac{1}{2}", "Final Answer: The final answer is\n\\[ \\frac{1}{3} \\]", False, MISMATCH),
    ("12", "Final Answer: The final answer is $12$. I hope it is correct.", True, MATCH),
    ("12", "Final Answer: The final answer is $13$. I hope it is correct.", False, MISMATCH),
    ("\\sqrt{3}", "The answer is:\n\n$$\\sqrt{3}$$", True, MATCH),
    ("\\sqrt{3}", "**Answer:**\n\\[\n\\sqrt3\n\\]", True, MATCH),
    ("7", "The final answer is\n$$7 \\text{ or } 8$$", False, AMBIGUOUS),
    ("(1, 2)", "Therefore, the answer is\n$$(1, 2).$$", True, MATCH),
    ("7", "The answer is\n$$7$$\nWait, that is wrong.", False, AMBIGUOUS),
    ("7", "The final answer is:\n\\[ 3 + 4 = 7 \\]", True, MATCH),
]

# A whole sentence in bold is read as a sentence: its value, not its words.
BOLD_SENTENCE = [
    ("12", "Adding them up:\n\n**The total cost is 12 dollars.**", True, MATCH),
    ("12", "**Therefore, Janet spends 12 dollars every day.**", True, MATCH),
    ("12", "**Therefore, Janet spends 13 dollars every day.**", False, MISMATCH),
    ("\\frac{25}{2}", "**So the area of the triangle is $\\frac{25}{2}$.**", True, MATCH),
    ("18", "In the end:\n**She has 18 eggs left to sell.**", True, MATCH),
    ("6", "**The count is not 5, it is 6.**", True, MATCH),
    ("5", "**The count is not 5, it is 6.**", False, MISMATCH),
    ("5", "**It could be 5 or maybe 7 in total.**", False, AMBIGUOUS),
    ("5", "**The answer might be 5 pens in all.**", False, AMBIGUOUS),
    ("5", "**It is not 5.**", False, AMBIGUOUS),
    ("5", "**She has at least 5 pens.**", False, AMBIGUOUS),
]

# The fallback passes over a value the sentence rejects.
REJECTED_VALUE = [
    ("6", "So she has 6 apples, not 5.", True, MATCH),
    ("5", "So she has 6 apples, not 5.", False, MISMATCH),
    ("9", "The total isn't 7; it's 9.", True, MATCH),
    ("7", "The total isn't 7; it's 9.", False, MISMATCH),
    ("10", "Rather than 12, the count comes to 10 marbles.", True, MATCH),
    ("12", "Rather than 12, the count comes to 10 marbles.", False, MISMATCH),
    ("10", "The number of boxes is 10 instead of 8.", True, MATCH),
    ("8", "The number of boxes is 10 instead of 8.", False, MISMATCH),
    ("5", "She does not have 5 apples.", False, AMBIGUOUS),
]

# A tuple answered as a list of its items, in order (labels allowed); a list answered as a
# tuple, in any order.
TUPLE_AND_LIST = [
    ("(2, -1)", "The point is $\\boxed{2, -1}$.", True, MATCH),
    ("(2, -1)", "The point is $\\boxed{-1, 2}$.", False, MISMATCH),
    ("(3, 4)", "So $\\boxed{a = 3, b = 4}$.", True, MATCH),
    ("(3, 4)", "So $\\boxed{a = 4, b = 3}$.", False, MISMATCH),
    ("(1, 2, 3)", "The answer is $\\boxed{1, 2}$.", False, MISMATCH),
    ("1, 2", "The answer is $\\boxed{(1, 2)}$.", True, MATCH),
    ("1, 2", "The answer is $\\boxed{(2, 1)}$.", True, MATCH),
    ("1, 2", "The answer is $\\boxed{(1, 3)}$.", False, MISMATCH),
    ("(\\frac{1}{2}, 3)", "The answer is $\\boxed{\\frac12, 3}$.", True, MATCH),
    ("[1, 2]", "The answer is $\\boxed{1, 2}$.", False, MISMATCH),
    ("(3, 4)", "So $\\boxed{3 \\text{ and } 4}$.", True, MATCH),
    ("(1, 2)", "So $\\boxed{1 < x < 2}$.", True, MATCH),
]

# A function's value named on the left: `f(3) = 0` states 0.
FUNCTION_VALUE = [
    ("0", "So $\\boxed{f(3) = 0}$.", True, MATCH),
    ("0", "So $\\boxed{f(3) = 1}$.", False, MISMATCH),
    ("-\\frac{1}{2}", "Hence $\\boxed{g(-1) = -\\frac12}$.", True, MATCH),
    ("4", "So $\\boxed{f^{-1}(7) = 4}$.", True, MATCH),
    ("2x + 1", "So $\\boxed{f(x) = 2x + 1}$.", True, MATCH),
    ("2x + 1", "So $\\boxed{f(x) = 2x - 1}$.", False, MISMATCH),
    ("f(2) = 5", "The answer is $\\boxed{5}$.", True, MATCH),
    ("5", "Thus $\\boxed{f(2) = 5 = 6}$.", False, MISMATCH),
    ("12", "So $\\boxed{P(1) = 12}$.", True, MATCH),
]

# An inequality in one variable against the interval it describes, either way round.
INEQUALITY_INTERVAL = [
    ("(-\\infty, 2]", "So $\\boxed{x \\le 2}$.", True, MATCH),
    ("(-\\infty, 2]", "So $\\boxed{x < 2}$.", False, MISMATCH),
    ("(-\\infty, 2]", "So $\\boxed{x \\geq 2}$.", False, MISMATCH),
    ("[2, \\infty)", "So $\\boxed{x \\geq 2}$.", True, MATCH),
    ("[2, \\infty)", "So $\\boxed{2 \\le x}$.", True, MATCH),
    ("(-1, 3]", "So $\\boxed{-1 < x \\leq 3}$.", True, MATCH),
    ("(-1, 3]", "So $\\boxed{-1 \\le x \\leq 3}$.", False, MISMATCH),
    ("(-1, 3]", "So $\\boxed{3 \\ge x > -1}$.", True, MATCH),
    ("x \\le 2", "So $\\boxed{(-\\infty, 2]}$.", True, MATCH),
    ("x > \\frac{1}{2}", "So $\\boxed{\\left(\\frac12, \\infty\\right)}$.", True, MATCH),
    ("x > \\frac{1}{2}", "So $\\boxed{x \\geq \\frac{1}{2}}$.", False, MISMATCH),
    ("(-\\infty, 2]", "So $\\boxed{x ≤ 2}$.", True, MATCH),
    ("(-\\infty, 2]", "So $\\boxed{y \\le x}$.", False, MISMATCH),
    # a disjunction of inequalities is a union (its `or` joins parts, it offers no choice)
    ("(-\\infty, -1) \\cup (2, \\infty)", "So $\\boxed{x < -1 \\text{ or } x > 2}$.", True, MATCH),
    ("(-\\infty, -1) \\cup (2, \\infty)", "So $\\boxed{x < -1, x > 2}$.", True, MATCH),
    ("(-\\infty, -1) \\cup (2, \\infty)", "So $\\boxed{x < -1 \\text{ or } x > 3}$.", False,
     MISMATCH),
    ("(-\\infty, -1) \\cup (2, \\infty)", "So $\\boxed{x \\le -1 \\text{ or } x > 2}$.", False,
     MISMATCH),
    ("(-\\infty, -1] \\cup [2, \\infty)", "The answer is $x \\le -1$ or $x \\ge 2$.", True, MATCH),
    ("x < -1 \\text{ or } x > 2", "So $\\boxed{(-\\infty, -1) \\cup (2, \\infty)}$.", True, MATCH),
]

# A repeating decimal is the fraction it writes; a rounded one is not.
REPEATING = [
    ("\\frac{1}{3}", "So $\\boxed{0.\\overline{3}}$.", True, MATCH),
    ("\\frac{1}{3}", "So $\\boxed{0.\\dot{3}}$.", True, MATCH),
    ("\\frac{1}{3}", "So $\\boxed{0.333}$.", False, MISMATCH),
    ("\\frac{1}{7}", "So $\\boxed{0.\\overline{142857}}$.", True, MATCH),
    ("\\frac{69}{55}", "So $\\boxed{1.2\\overline{54}}$.", True, MATCH),
    ("\\frac{69}{55}", "So $\\boxed{1.\\overline{254}}$.", False, MISMATCH),
    ("0.\\overline{6}", "So $\\boxed{\\frac{2}{3}}$.", True, MATCH),
    ("0.\\overline{6}", "So $\\boxed{0.67}$.", False, MISMATCH),
    ("2.\\overline{1}", "So $\\boxed{\\frac{19}{9}}$.", True, MATCH),
]

# A multiple-choice gold answered as choices are written, and answers after markers in
# other languages.
CHOICES_AND_LANGUAGES = [
    ("B", "The answer is B).", True, MATCH),
    ("B", "The answer is (b).", True, MATCH),
    ("B", "So the answer is $\\boxed{\\text{(B)}}$.", True, MATCH),
    ("B", "The correct one is option B.\n\nAnswer: option B", True, MATCH),
    ("B", "The answer is C).", False, MISMATCH),
    ("B", "The answer is $\\boxed{b}$.", False, MISMATCH),
    ("(C)", "So the answer is $\\boxed{C}$.", True, MATCH),
    ("B", "答案是 B", True, MATCH),
    ("B", "所以答案是 C。", False, MISMATCH),
    ("12", "计算得到总数。\n答案：12", True, MATCH),
    ("12", "Sumando todo, la respuesta es 12.", True, MATCH),
    ("12", "Donc la réponse est 13.", False, MISMATCH),
    ("12", "Ответ: 12", True, MATCH),
    ("12", "答案是 12 或 13", False, AMBIGUOUS),
    ("B", "So the answer is $\\boxed{(B) 12}$.", True, MATCH),
    ("B", "Answer: B. 12", True, MATCH),
    ("B", "So the answer is $\\boxed{(C) 12}$.", False, MISMATCH),
    ("B", "The answer is (B) or (C).", False, AMBIGUOUS),
    ("B", "最终答案是 (B)。", True, MATCH),
    ("B", "The answer is B.\n\n答案：C", False, AMBIGUOUS),  # two answers, another language's last
    ("C", "The answer is B.\n\n答案：C", False, AMBIGUOUS),
    ("C", "The answer is C.\n\n答案：C", True, MATCH),  # the same answer twice
    ("5", "Die Antwort ist 5.", True, MATCH),
    ("5", "A resposta é 5.", True, MATCH),
    ("5", "Die Antwort ist 5 oder 6.", False, AMBIGUOUS),
    ("5", "答案是 5，不是 6", True, MATCH),
    ("6", "答案是 5，不是 6", False, MISMATCH),
    ("12", "Ответ: не 12", False, AMBIGUOUS),
    ("\\pi", "因此，答案是 $\\pi$。", True, MATCH),
]

# A list of solutions answers a gold that is the set of solutions; against one value it
# hedges.
SOLUTION_LISTS = [
    ("1, -1", "The answer is $x = 1$ or $x = -1$.", True, MATCH),
    ("\\pm 1", "The answer is $x = 1$ or $x = -1$.", True, MATCH),
    ("\\{-1, 1\\}", "So $\\boxed{x = 1 \\text{ or } x = -1}$.", True, MATCH),
    ("1, -1", "Thus the solutions are $x = 1$ and $x = -1$.", True, MATCH),
    ("1, -1", "Thus the solutions are $x = 1$ and $x = 2$.", False, MISMATCH),
    ("1, -1", "The answer is $x = 1$ or $x = 2$.", False, MISMATCH),
    ("1, -1", "The answer is $x = 1$.", False, MISMATCH),
    ("1", "The answer is $x = 1$ or $x = 2$.", False, AMBIGUOUS),
    ("1", "So $\\boxed{x = 1 \\text{ or } x = -1}$.", False, AMBIGUOUS),
    ("1", "Thus the solutions are $x = 1$ and $x = -1$.", False, MISMATCH),
    ("1", "Thus the solution is $x = 1$ or $x = -1$.", False, AMBIGUOUS),
    ("-1", "**The solutions are $x = 1$ or $x = -1$.**", False, AMBIGUOUS),
    ("2, 3", "The answer is 2 or 3.", True, MATCH),
    ("2", "The answer is 2 or 3.", False, AMBIGUOUS),
    ("1, -1", "So $\\boxed{x = \\pm 1}$.", True, MATCH),
    ("\\pm 1", "So $\\boxed{x = 1, -1}$.", True, MATCH),
    ("1, -1", "So $\\boxed{x = 1, 2}$.", False, MISMATCH),
    ("1, -1", "So the solutions are 1 and -1.", True, MATCH),
    ("1", "So the solutions are 1 and -1.", False, MISMATCH),
    ("1", "So the solution is 1 or -1.", False, AMBIGUOUS),
    ("2, 3", "Thus x is 2 or 3.", True, MATCH),
    ("3", "She bought 3 apples and 4 pears.", False, MISMATCH),
]

# A value stated "approximately" at the gold's precision, when the gold is a rounded decimal.
APPROXIMATELY = [
    ("3.14", "The answer is approximately 3.14.", True, MATCH),
    ("3.14", "So $\\boxed{\\approx 3.14}$.", True, MATCH),
    ("3.14", "So $\\boxed{\\pi \\approx 3.14}$.", True, MATCH),
    ("3.14", "The answer is approximately 3.1.", False, MISMATCH),
    ("3.14", "The answer is approximately 3.15.", False, MISMATCH),
    ("0.25", "The probability is approximately 0.25.", True, MATCH),
    ("1.41", "So $\\boxed{\\sqrt{2} \\approx 1.41}$.", True, MATCH),
    ("1.41", "So $\\boxed{\\sqrt{3} \\approx 1.41}$.", False, MISMATCH),
    ("3", "The answer is approximately 3.", False, AMBIGUOUS),
    ("\\frac{1}{3}", "The answer is approximately 0.33.", False, AMBIGUOUS),
    ("3", "So $\\boxed{\\approx 3}$.", False, AMBIGUOUS),
    # against an exact gold, an exact value followed by its true rounding states the exact value
    ("\\sqrt{2}", "So $\\boxed{\\sqrt{2} \\approx 1.41}$.", True, MATCH),
    ("\\sqrt{2}", "So $\\boxed{\\sqrt{2} \\approx 1.42}$.", False, AMBIGUOUS),
]

TABLE = [
    *rows("boxes", SEVERAL_BOXES), *rows("next-line", NEXT_LINE_MATH),
    *rows("bold", BOLD_SENTENCE), *rows("rejected", REJECTED_VALUE),
    *rows("tuple", TUPLE_AND_LIST), *rows("function", FUNCTION_VALUE),
    *rows("inequality", INEQUALITY_INTERVAL), *rows("repeating", REPEATING),
    *rows("choice", CHOICES_AND_LANGUAGES), *rows("solutions", SOLUTION_LISTS),
    *rows("approx", APPROXIMATELY),
]


@pytest.mark.parametrize(("gold", "completion", "want", "reason"), TABLE)
def test_verdict(gold: str, completion: str, want: bool, reason: str) -> None:
    v = check(gold, completion, "math")
    assert (v.correct, v.reason) == (want, reason), v


def test_the_cheap_tiers_decide_these_classes() -> None:
    """Each rule decides its class exactly, without the symbolic tier (item 1: sympy only for
    what the cheaper tiers cannot decide); `y \\le x` (two variables) is the one left to it."""
    sent = [p.id for p in TABLE if check(*p.values[:2], "math").method == "symbolic"]
    assert sent == ["inequality-12"]
