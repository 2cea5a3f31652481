"""Table-driven tests of answer extraction, numeric comparison and choice letters.

Each table row is one case with a readable id, so a failure names the case it broke.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from star_cli.answers.checker import (
    ChoiceChecker,
    MathChecker,
    NumericChecker,
    Verdict,
)
from star_cli.answers.choice import choice_label
from star_cli.answers.extract import answer_colon, answer_is, boxed, hashes
from star_cli.answers.numeric import parse_number
from star_cli.errors import UsageError
from star_cli.records import Choice
from star_cli.registry import make_checker
from tests.conftest import finishes

CHOICES = tuple(
    Choice(label, text)
    for label, text in zip(
        "ABCDE", ("bookstore", "library", "printing press", "classroom", "blotter"), strict=True
    )
)


def judge(checker_name: str, gold: str, completion: str, choices=None) -> Verdict:
    checker = make_checker(checker_name)
    return checker.judge(checker.prepare(gold, choices), completion)


# -- extraction ------------------------------------------------------------------------------
# (checker, gold, completion, expected answer, expected correct)
EXTRACTION = [
    pytest.param(
        "numeric", "12", "24 - 12 = 12. The answer is 12.", "12", True, id="answer-is-basic"
    ),
    pytest.param(
        "numeric",
        "12",
        "3 * 4 = 12. The answer is 12.\n\nQ: Tom has 7 apples...\nA: The answer is 7.",
        "12",
        True,
        id="answer-is-first-wins-over-run-on-question",
    ),
    pytest.param(
        "numeric",
        "7",
        "The answer is 12.\nQ: next one\nA: The answer is 7.",
        "12",
        False,
        id="answer-is-first-wins-even-when-wrong",
    ),
    pytest.param(
        "numeric",
        "3.5",
        "It costs 3.50 dollars. The answer is 3.50.",
        "3.50",
        True,
        id="answer-is-keeps-decimal-point",
    ),
    pytest.param("numeric", "72", "The answer is: 72", "72", True, id="answer-is-colon-no-period"),
    pytest.param(
        "numeric", "72", "so THE ANSWER IS 72.", "72", True, id="answer-is-case-insensitive"
    ),
    pytest.param("numeric", "1080", "48 + 1032 = 1080\n#### 1,080", "1,080", True, id="hashes"),
    pytest.param(
        "numeric",
        "72",
        "Natalia sold 48 + 24 = 72 clips.\n#### 72\n",
        "72",
        True,
        id="hashes-trailing-newline",
    ),
    pytest.param("numeric", "72", "Work...\nAnswer: 72", "72", True, id="answer-colon"),
    pytest.param(
        "numeric", "72", "Work...\nFinal answer: 72.", "72", True, id="final-answer-colon"
    ),
    pytest.param(
        "math",
        "\\frac{1}{\\sqrt{2}}",
        "First \\boxed{1}, no wait: $\\boxed{\\frac{1}{\\sqrt{2}}}$.",
        "\\frac{1}{\\sqrt{2}}",
        True,
        id="boxed-last-with-nested-braces",
    ),
    pytest.param(
        "math",
        "\\frac{1}{2}",
        "The answer is $\\boxed{\\dfrac{1}{2}}$.",
        "\\dfrac{1}{2}",
        True,
        id="boxed-dfrac-equals-frac",
    ),
    pytest.param(
        "math",
        "\\frac{1}{2}",
        "So $x = \\boxed{0.5}$.",
        "0.5",
        True,
        id="boxed-decimal-equals-frac",
    ),
    pytest.param(
        "math",
        "\\{1,2\\}",
        "The set is $\\boxed{\\{1, 2\\}}$.",
        "\\{1, 2\\}",
        True,
        id="boxed-escaped-braces",
    ),
    pytest.param("math", "7", "\\fbox{7}", "7", True, id="fbox"),
    pytest.param(
        "math",
        "(-1,4)",
        "The answer is $\\boxed{(-1, 4)}$.",
        "(-1, 4)",
        True,
        id="boxed-interval-spaces-ignored",
    ),
    pytest.param(
        "numeric",
        "7",
        "The answer isn't 5; recomputing, 3 + 4 = 7. The answer is 7.",
        "7",
        True,
        id="answer-isnt-is-not-an-answer",
    ),
    pytest.param(
        "numeric",
        "42",
        "6 * 7 = 42. The answer is $\\boxed{42}$.",
        "42",
        True,
        id="numeric-answer-is-boxed",
    ),
]


@pytest.mark.parametrize(("checker", "gold", "completion", "answer", "correct"), EXTRACTION)
def test_extraction(checker, gold, completion, answer, correct):
    verdict = judge(checker, gold, completion)
    assert verdict.answer == answer
    assert verdict.correct is correct
    assert verdict.reason == ("match" if correct else "mismatch")


NO_ANSWER = [
    pytest.param("numeric", "I am not sure how to solve this.", id="numeric-prose"),
    pytest.param("numeric", "", id="numeric-empty"),
    pytest.param("math", "We get nothing useful in the end", id="math-no-box-no-value"),
    pytest.param("math", "\\boxed{}", id="math-empty-box"),
    pytest.param("math", "\\boxed{3", id="math-unclosed-box"),
    pytest.param("choice", "It could be several of these.", id="choice-prose"),
]


@pytest.mark.parametrize(("checker", "completion"), NO_ANSWER)
def test_no_answer(checker, completion):
    verdict = judge(checker, "3" if checker != "choice" else "B", completion, CHOICES)
    assert verdict.answer is None
    assert verdict.correct is False
    assert verdict.reason == "no_answer"


def test_answer_end_cuts_run_on():
    completion = "2 + 2 = 4. The answer is 4.\n\nQ: What is 3 + 3?\nA: The answer is 6."
    verdict = judge("numeric", "4", completion)
    assert completion[: verdict.end] == "2 + 2 = 4. The answer is 4."


EXTRACTORS = [
    pytest.param(answer_is, "the answer is -3/4.", "-3/4", id="answer_is-fraction"),
    pytest.param(hashes, "x\n#### -5\n", "-5", id="hashes-negative"),
    pytest.param(answer_colon, "work\n  Answer:  $1,080$.", "$1,080$", id="answer_colon-indent"),
    pytest.param(boxed, "\\boxed{1}. Then we find \\boxed{2}", "2", id="boxed-last"),
    pytest.param(boxed, "\\boxed{1} \\boxed{2}", "1, 2", id="boxed-list-in-one-statement"),
    pytest.param(boxed, "\\boxed{3} then \\boxed{4", "3", id="boxed-unbalanced-last-skipped"),
]


@pytest.mark.parametrize(("extractor", "text", "expected"), EXTRACTORS)
def test_extractors(extractor, text, expected):
    found = extractor(text)
    assert found is not None
    assert found.text == expected


# -- numeric comparison ----------------------------------------------------------------------
# (gold, answer, equal): judged by the numeric checker on "The answer is <answer>."
NUMERIC = [
    pytest.param("18", "18", True, id="int"),
    pytest.param("18", "19", False, id="int-different"),
    pytest.param("3.5", "3.50", True, id="decimal-trailing-zero"),
    pytest.param("0.5", ".5", True, id="decimal-no-leading-zero"),
    pytest.param("1080", "1,080", True, id="thousands-comma"),
    pytest.param("10000", "10{,}000", True, id="thousands-latex-comma"),
    pytest.param("1000000", "1 000 000", True, id="thousands-spaces"),
    pytest.param("12", "1,2", False, id="bad-thousands-not-twelve"),
    pytest.param("250", "2,50", False, id="two-digit-group-not-thousands"),
    pytest.param("0.75", "3/4", True, id="slash-fraction"),
    pytest.param("3/4", "\\frac{3}{4}", True, id="latex-fraction"),
    pytest.param("1.25", "1 1/4", True, id="mixed-number"),
    pytest.param("5/4", "1\\frac{1}{4}", True, id="latex-mixed-number"),
    pytest.param("-1.25", "-1 1/4", True, id="negative-mixed-number"),
    pytest.param("-5", "-5", True, id="negative-int"),
    pytest.param("-5", "5", False, id="sign-matters"),
    pytest.param("-5", "\u22125", True, id="unicode-minus"),
    pytest.param("-0.75", "\\frac{-3}{4}", True, id="latex-fraction-negative-numerator"),
    pytest.param(
        "-0.75",
        "-\\frac{3}{4}",
        True,
        id="latex-fraction-leading-minus",
    ),
    pytest.param("50", "50%", True, id="percent"),
    pytest.param("50", "50\\%", True, id="latex-percent"),
    pytest.param("18", "$18.00", True, id="currency-dollar"),
    pytest.param("18", "\\$18", True, id="latex-dollar"),
    pytest.param("5", "\u20ac5", True, id="currency-euro"),
    pytest.param("1080.5", "$1,080.50", True, id="currency-thousands-decimal"),
    pytest.param("18", "18 dollars", True, id="unit-word"),
    pytest.param("5.5", "5 1/2 hours", True, id="mixed-number-with-unit"),
    pytest.param("18", "\\text{18 dollars}", True, id="text-wrapped"),
    pytest.param("5", "x = 5", True, id="leading-variable"),
    pytest.param("1000", "1e3", True, id="scientific"),
    pytest.param("0.001", "1e-3", True, id="scientific-negative-exponent"),
    pytest.param("100", "99.99999", False, id="no-float-rounding"),
    pytest.param("0.3", "0.30000000000000004", False, id="exact-not-float"),
    pytest.param("1000", "1e999999999", False, id="huge-exponent"),
]


@pytest.mark.parametrize(("gold", "answer", "equal"), NUMERIC)
def test_numeric(gold, answer, equal):
    verdict = judge("numeric", gold, f"The answer is {answer}.")
    assert verdict.answer == answer
    assert verdict.correct is equal


PARSE = [
    pytest.param("-1 1/4", Fraction(-5, 4), id="negative-mixed"),
    pytest.param("1,2", Fraction(6, 5), id="decimal-comma"),
    pytest.param("12,50", Fraction(25, 2), id="decimal-comma-cents"),
    pytest.param("1,2345", None, id="bad-thousands"),
    pytest.param("3/0", None, id="zero-denominator"),
    pytest.param("\\frac{1}{0}", None, id="latex-zero-denominator"),
    pytest.param("1" * 500, None, id="too-long"),
]


@pytest.mark.parametrize(("text", "value"), PARSE)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["1e999999999", "1e-999999999", "9" * 100 + "e99999"], ids=["big", "small", "digits"]
)
def test_huge_exponent_is_not_a_number(text):
    # Never expanded: a hang (a billion-digit number) fails by the safety timeout.
    assert finishes(lambda: parse_number(text)) is None
    verdict = finishes(lambda: judge("numeric", "1000", f"The answer is {text}."))
    assert verdict.correct is False


# -- choices ---------------------------------------------------------------------------------
# (answer as the model wrote it, label it picks from CHOICES or None)
CHOICE_LABELS = [
    pytest.param("(b)", "B", id="paren-lower"),
    pytest.param("(B)", "B", id="paren-upper"),
    pytest.param("( b )", "B", id="paren-spaces"),
    pytest.param("B", "B", id="bare-upper"),
    pytest.param("b", "B", id="bare-lower"),
    pytest.param("b)", "B", id="letter-close-paren"),
    pytest.param("B.", "B", id="letter-period"),
    pytest.param("(e) blotter", "E", id="letter-and-text"),
    pytest.param("\\text{(B)}", "B", id="latex-text-paren"),
    pytest.param("\\text{B}", "B", id="latex-text"),
    pytest.param("library", "B", id="text-alone"),
    pytest.param("Printing Press.", "C", id="text-alone-case-period"),
    pytest.param("(f)", None, id="letter-not-a-label"),
    pytest.param("F", None, id="bare-letter-not-a-label"),
    pytest.param(
        "a museum",
        None,
        id="article-before-non-choice",
    ),
    pytest.param("museum", None, id="text-not-a-choice"),
    pytest.param(
        "a library",
        "B",
        id="article-before-text",
    ),
]


@pytest.mark.parametrize(("answer", "label"), CHOICE_LABELS)
def test_choice_label(answer, label):
    assert choice_label(answer, CHOICES) == label


CHOICE_JUDGE = [
    pytest.param("B", "The answer is (b) library.", "B", True, "match", id="right-letter"),
    pytest.param("b", "The answer is (b) library.", "B", True, "match", id="gold-lowercase"),
    pytest.param("B", "The answer is (a) bookstore.", "A", False, "mismatch", id="wrong-letter"),
    pytest.param("E", "So the answer is (e) blotter.", "E", True, "match", id="letter-and-text"),
    pytest.param("C", "The answer is printing press.", "C", True, "match", id="text-only"),
    pytest.param("B", "The answer is (f).", "(f)", False, "no_answer", id="not-a-label"),
]


@pytest.mark.parametrize(("gold", "completion", "answer", "correct", "reason"), CHOICE_JUDGE)
def test_choice_judge(gold, completion, answer, correct, reason):
    verdict = judge("choice", gold, completion, CHOICES)
    assert (verdict.answer, verdict.correct, verdict.reason) == (answer, correct, reason)


def test_choice_without_choices_accepts_any_letter():
    assert choice_label("(f)", None) == "F"


def test_get_checker():
    assert isinstance(make_checker("numeric"), NumericChecker)
    assert isinstance(make_checker("math"), MathChecker)
    assert isinstance(make_checker("choice"), ChoiceChecker)


def test_get_checker_unknown():
    with pytest.raises(UsageError, match="unknown checker 'nope'; known: numeric, math, choice"):
        make_checker("nope")


# Found in review: self-corrections, markdown, multipliers, named options.
REVIEW = [
    pytest.param("numeric", "72",
                 "Let's check whether the answer is reasonable. 8 * 9 = 72. The answer is 72.",
                 "72", True, id="last-answer-is-wins-over-prose"),
    pytest.param("numeric", "8", "I think the answer is 7. Wait, 3 + 5 = 8. The answer is 8.",
                 "8", True, id="self-correction-last-wins"),
    pytest.param("numeric", "72", "So the total is 72. The answer is **72**.", "72", True,
                 id="markdown-bold"),
    pytest.param("numeric", "3000000", "The answer is 3 million.", "3 million", True,
                 id="multiplier-word"),
    pytest.param("numeric", "3", "The answer is 3 million.", "3 million", False,
                 id="multiplier-word-not-a-unit"),
    pytest.param("numeric", "3.5", "#### 3.5", "3.5", True, id="hashes-keep-decimal"),
]


@pytest.mark.parametrize(("checker", "gold", "completion", "answer", "correct"), REVIEW)
def test_review_cases(checker, gold, completion, answer, correct):
    verdict = judge(checker, gold, completion)
    assert (verdict.answer, verdict.correct) == (answer, correct)


@pytest.mark.parametrize(
    ("answer", "label"),
    [
        pytest.param('"library"', "B", id="quoted-text"),
        pytest.param("option B", "B", id="option-letter"),
        pytest.param("choice (c)", "C", id="choice-paren-letter"),
        pytest.param("**(b) library**", "B", id="markdown-letter"),
    ],
)
def test_choice_label_review(answer, label):
    assert choice_label(answer, CHOICES) == label


ADVERSARIAL = {
    "newlines": "\n" * 200_000,
    "spaces-after-marker": ("The answer is" + " " * 50) * 4_000,
    "open-boxes": "\\boxed{" * 30_000,
    "colons": "Answer:" * 30_000,
    "hashes": "####" * 50_000,
    "long-line": "The answer is " + "9" * 199_000,
    "nested-parens": "(" * 500 + ")" * 500 + " The answer is 5.",
    "nul-bytes": "\x00" * 100_000 + " The answer is 5.",
    "lone-surrogates": "\ud800" * 1_000 + " The answer is 5.",
}


@pytest.mark.parametrize("text", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_adversarial_completions_get_a_verdict(text):
    # The quadratic paths these replaced took minutes: a hang fails by the safety timeout.
    for name in ("numeric", "math", "choice"):
        gold = "5" if name != "choice" else "B"
        verdict = finishes(lambda: judge(name, gold, text, CHOICES))  # noqa: B023 (called at once)
        assert verdict.correct in (True, False)
