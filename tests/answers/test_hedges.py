"""Table-driven tests of what an answer statement commits to.

Each row is (checker, gold, completion, correct, reason): hedges, negations, bounds,
retractions and trailing operations are `ambiguous`, hence wrong; the lenient forms real
models write (units, currency, percent, `x = 5`, prose final sentences) still match.
"""

from __future__ import annotations

import pytest

from star_cli.answers.checker import Verdict
from star_cli.records import Choice
from star_cli.registry import make_checker
from tests.conftest import finishes

CHOICES = tuple(Choice(label, text) for label, text in zip(
    "ABCDE", ("bank", "library", "printing press", "classroom", "blotter"), strict=True))


def judge(checker: str, gold: str, completion: str) -> Verdict:
    c = make_checker(checker)
    return c.judge(c.prepare(gold, CHOICES if checker == "choice" else None), completion)


def case(checker: str, gold: str, completion: str, correct: bool, reason: str, name: str):
    return pytest.param(checker, gold, completion, correct, reason, id=name)


AMBIGUOUS, MISMATCH = "ambiguous", "mismatch"

HEDGES = [
    # alternatives
    case("numeric", "5", "The answer is 5 or six.", False, AMBIGUOUS, "or-word"),
    case("numeric", "5", "The answer is 5 or 6.", False, AMBIGUOUS, "or-number"),
    case("numeric", "5", "The answer is 5 or more.", False, AMBIGUOUS, "or-more"),
    case("numeric", "5", "The answer is 5 (or 7).", False, AMBIGUOUS, "parenthesised-or"),
    case("numeric", "5", "The answer is between 5 and 7.", False, AMBIGUOUS, "between"),
    case("numeric", "5", "The answer is either 5 or 7.", False, AMBIGUOUS, "either"),
    case("numeric", "5", "The answer is 5 to 7 apples.", False, AMBIGUOUS, "range-to"),
    case("numeric", "5", "The answer is 5-7.", False, "mismatch", "range-dash"),
    case("choice", "A", "The answer is (a) or (b).", False, AMBIGUOUS, "choice-or"),
    case("choice", "A", "The answer is (a), (b), (c), (d) or (e).", False, AMBIGUOUS,
         "choice-all"),
    case("choice", "A", "The answer is (a) and (b).", False, AMBIGUOUS, "choice-and"),
    case("math", "5", r"So \boxed{6} or \boxed{5}.", False, AMBIGUOUS, "boxes-or"),
    case("math", "5", r"\boxed{5 \text{ or } 6}", False, AMBIGUOUS, "box-text-or"),
    # negations
    case("numeric", "5", "The answer is not 5.", False, AMBIGUOUS, "not"),
    case("numeric", "5", "The answer isn't 5.", False, AMBIGUOUS, "isnt"),
    case("numeric", "6", "The answer is not 5, it is 6.", True, "match", "not-then-value"),
    case("numeric", "5", "The answer is not 5, it is 6.", False, "mismatch",
         "not-then-other-value"),
    case("numeric", "6", "The answer is 6, not 5.", True, "match", "value-then-not"),
    case("choice", "A", "The answer is not (a).", False, AMBIGUOUS, "choice-not"),
    case("choice", "C", "The answer is not (b), it is (c).", True, "match", "choice-not-then"),
    case("choice", "B", "The answer is not (b), it is (c).", False, "mismatch",
         "choice-not-then-other"),
    case("choice", "B", "The answer is not (a) but (b).", True, "match", "choice-not-but"),
    # bounds
    case("numeric", "5", "The answer is at least 5.", False, AMBIGUOUS, "at-least"),
    case("numeric", "5", "The answer is at most 5 dollars.", False, AMBIGUOUS, "at-most"),
    case("numeric", "5", "The answer is up to 5 hours.", False, AMBIGUOUS, "up-to"),
    case("numeric", "5", "The answer is 5 or so.", False, AMBIGUOUS, "or-so"),
    # trailing operations
    case("numeric", "5", "The answer is 5 divided by two.", False, AMBIGUOUS, "divided-by"),
    case("numeric", "5", "The answer is 5 squared.", False, AMBIGUOUS, "squared"),
    case("numeric", "5", "The answer is 5 cubed.", False, AMBIGUOUS, "cubed"),
    case("numeric", "5", "The answer is 5 less than the total.", False, AMBIGUOUS,
         "less-than"),
    case("numeric", "5", "The answer is 5 more than Tom has.", False, AMBIGUOUS, "more-than"),
    case("numeric", "5", "The answer is 5 times bigger.", False, AMBIGUOUS, "times-bigger"),
    case("numeric", "5", "The answer is 5 times as many.", False, AMBIGUOUS, "times-as-many"),
    case("numeric", "5", "The answer is 5 plus the tip.", False, AMBIGUOUS, "plus"),
    case("numeric", "5", "The answer is 5 minus the fee.", False, AMBIGUOUS, "minus"),
    case("numeric", "5", "The answer is twice 5.", False, AMBIGUOUS, "twice"),
    case("numeric", "5", "The answer is the square root of 5.", False, AMBIGUOUS, "root"),
    case("numeric", "5", "The answer is 5 multiplied by 3.", False, AMBIGUOUS, "multiplied"),
    # retractions
    case("numeric", "5", "The answer is 5. Wait, that is wrong.", False, AMBIGUOUS, "wait"),
    case("numeric", "5", "The answer is 5.\nActually, I made a mistake above.", False,
         AMBIGUOUS, "actually"),
    case("numeric", "5", "The answer is 5. Hmm, let me recompute the total.", False,
         AMBIGUOUS, "hmm-recompute"),
    case("numeric", "5", "The answer is 5. Oops, I forgot the tax.", False, AMBIGUOUS, "oops"),
    case("math", "5", r"So \boxed{5}. On second thought, the sign is wrong.", False, AMBIGUOUS,
         "second-thought"),
    case("numeric", "6", "The answer is 5. Wait, 3 + 3 = 6. The answer is 6.", True, "match",
         "retracted-then-restated"),
    case("numeric", "5", "The answer is 5. Let me verify: 2 + 3 = 5, correct.", True, "match",
         "verification-is-no-retraction"),
    # a letter against its own choice text
    case("choice", "A", "The answer is (a) library.", False, AMBIGUOUS, "letter-vs-text"),
    case("choice", "A", "The answer is (a) bank.", True, "match", "letter-and-its-text"),
    case("choice", "B", "The answer is (b) bank.", False, AMBIGUOUS, "letter-vs-text-2"),
    # equations between constants
    case("numeric", "5", "The answer is 6 = 5.", False, AMBIGUOUS, "equation-of-constants"),
    case("numeric", "15", "The answer is 3 * 5 = 15.", True, "match", "calculation-result"),
    case("numeric", "5", "The answer is x = 6 = 5.", False, AMBIGUOUS, "chain-of-constants"),
]

# Found by attacking the checker with what models write (review of the first version).
REVIEW = [
    case("numeric", "5", "She has at least 5 apples.", False, AMBIGUOUS, "prose-at-least"),
    case("numeric", "5", "So there are more than 5.", False, AMBIGUOUS, "prose-more-than"),
    case("numeric", "5", "So there are about 5 apples.", False, AMBIGUOUS, "prose-about"),
    case("numeric", "5", "So there could be 5 apples.", False, AMBIGUOUS, "prose-could"),
    case("numeric", "5", "The answer is approximately 5.", False, AMBIGUOUS, "approximately"),
    case("math", "3.14", "The answer is approximately 3.14.", True, "match",
         "approximately-a-rounded-gold"),
    case("numeric", "5", "I think the answer is 5, but I'm not sure.", False, AMBIGUOUS,
         "not-sure-is-doubt-not-denial"),
    case("choice", "B", "The answer is probably (b).", False, AMBIGUOUS, "probably"),
    case("math", "2", "Therefore $n$ is either $1$ or $2$.", False, AMBIGUOUS, "inline-either"),
    case("math", "1", "Therefore $n$ is not $1$.", False, AMBIGUOUS, "inline-not"),
    case("numeric", "5", "The answer is 5.\n\nScratch that, it's 6.", False, MISMATCH,
         "scratch-that"),  # the correction's 6 is the answer
    case("numeric", "5", "The answer is 5.\nHowever, if we include weekends, it would be 7.",
         False, AMBIGUOUS, "condition-with-another-value"),
    case("math", "5", "\\boxed{5}\n\nAlternatively, the answer could be 6 if we include Sam.",
         False, AMBIGUOUS, "alternatively-another-value"),
    # the answer under another reading, "the answer would be" after an "if", either value
    case("numeric", "18", "Answer: 16 pencils.\n\nAlternatively, if the two she lent are still "
         "hers, the answer would be 18.", False, AMBIGUOUS, "if-reading-another-answer"),
    case("numeric", "16", "Answer: 16 pencils.\n\nIf the two she lent are still hers, the "
         "answer would be 18.", False, AMBIGUOUS, "if-reading-another-answer-bare"),
    case("numeric", "18", "She has 5 + 13 pencils. If we add them up, the answer would be 18.",
         True, "match", "if-method-only-answer"),
    case("numeric", "18", "Answer: 18\n\nIf we count what she has now, the answer would be 18.",
         True, "match", "if-same-answer"),
    case("numeric", "50", "He pays **$50**.\n\nIf you want, I can also split it per person.",
         True, "match", "if-an-offer"),
    case("math", "10", "\\boxed{10}\n\nAlternatively, we can use the fact that every multiple "
         "of 6 is also a multiple of 3.", True, "match", "alternatively-another-method"),
    case("numeric", "5", "The answer is 5.\n\nLet me double-check: 2 + 3 = 5. Correct.", True,
         "match", "double-check"),
    case("numeric", "5", "The answer is 5. Wait, is that right? Yes: 2 + 3 = 5.", True, "match",
         "wait-then-confirm"),
    case("numeric", "21", "Each box holds 7, so the answer is 7 per box.\nTotal = 7 * 3 = 21\n"
         "#### 21", True, "match", "last-marker-by-position"),
    case("math", "4", "Each person gets \\boxed{3} slices.\n\n**Final Answer:** 4", True, "match",
         "later-marker-of-another-kind"),
    case("math", "1", "The maximum value is $1$ when $x = 0$.", True, "match",
         "value-after-the-copula"),
    case("numeric", "18", "The answer is 1 8.", False, "mismatch", "digits-kept-apart"),
    case("math", "1000", "\\boxed{1\\,000}", True, "match", "thin-space-thousands"),
    case("numeric", "1000", "So she has 1\u00a0000 dollars.", True, "match", "nbsp-thousands"),
    case("choice", "B", "The answer is bank (b).", False, AMBIGUOUS, "choice-text-before-letter"),
    case("choice", "B", "The answer is library (b).", True, "match", "choice-own-text-before"),
    case("numeric", "18", "The answer is 18.\nHuman: next one. The answer is 4.", True, "match",
         "run-on-chat-turn"),
    case("numeric", "18", "The answer is 18.<|im_end|>The answer is 4.", True, "match",
         "run-on-end-of-turn-token"),
    case("numeric", "6", "So Jairus got $16 - $10 = $6 more than Jenny.", True, "match",
         "prose-difference"),
    case("numeric", "16", "Juan drinks 4 cups, or 20-4=16 cups fewer per day.", True, "match",
         "prose-or-restates"),
]

LENIENT = [
    case("numeric", "5", "The answer is 5 minutes.", True, "match", "unit-minutes"),
    case("numeric", "5", "The answer is $5.", True, "match", "currency"),
    case("numeric", "5", "The answer is $5.00.", True, "match", "currency-cents"),
    case("numeric", "5", "The answer is 5 apples.", True, "match", "counted-noun"),
    case("numeric", "5", "The answer is 5 times.", True, "match", "count-of-times"),
    case("numeric", "25", "The answer is 25%.", True, "match", "percent"),
    case("numeric", "1080", "The answer is 1,080.", True, "match", "thousands"),
    case("numeric", "-3", "The answer is -3 degrees.", True, "match", "negative-unit"),
    case("numeric", "5", "The answer is: **5**", True, "match", "bold-after-colon"),
    case("numeric", "5", "**Answer:** 5", True, "match", "markdown-answer-colon"),
    case("numeric", "5", "She eats 3.\nA: 5", True, "match", "A-colon-line"),
    case("numeric", "5", "Final Answer: The final answer is $5$. I hope it is correct.", True,
         "match", "minerva"),
    case("numeric", "5", "x = 5", True, "match", "fallback-equation"),
    case("math", "5", r"\boxed{5 \text{ cm}^2}", True, "match", "boxed-unit"),
    case("math", "5", r"\boxed{x = 5}", True, "match", "boxed-equation"),
    case("math", r"\frac12", r"\boxed{0.5}", True, "match", "decimal-for-fraction"),
    case("math", r"\frac{8\pi}{5}", r"The area is \(\frac{8\pi}{5}\) square units.", True,
         "match", "inline-math-units"),
    case("math", "12441600", "So there are **12,441,600** ways.", True, "match", "bold-prose"),
    case("math", "2, 3", r"The roots are \boxed{2} and \boxed{3}.", True, "match",
         "several-boxes-list"),
    case("math", "2, 3", r"\boxed{x = 2 \text{ or } x = 3}", True, "match",
         "or-joins-a-list-gold"),
    case("math", "5 or more", r"\boxed{5 \text{ or more}}", True, "match", "gold-has-the-word"),
    case("numeric", "20", "Therefore, the length of the red rope is 20 centimeters.", True,
         "match", "prose-length"),
    case("numeric", "8", "Raymond has $8 left.", True, "match", "prose-money"),
    case("numeric", "14", "So Raymond was 31 - 17 = 14 years older than Samantha.", True,
         "match", "prose-calculation-comparative"),
    case("numeric", "8", "The candle will be 8 centimeters shorter from 1:00 to 5:00.", True,
         "match", "prose-clock-times"),
    case("numeric", "2600", "The bag weighs 1600g + 1000g = <<1600+1000=2600>>2600g.", True,
         "match", "prose-calculator-annotation"),
    case("numeric", "20000", "In total $5000+$15000=$<<5000+15000=20000>>20,000.", True,
         "match", "prose-money-sum"),
    case("choice", "B", "So the best place to borrow it is (b) library.", True, "match",
         "choice-prose"),
    case("math", "\\text{Tuesday}", "\\boxed{Thursday}", False, "mismatch",
         "prose-gold-other-word"),
    case("math", "\\text{Tuesday}", "\\boxed{\\text{tuesday}}", True, "match", "prose-gold-case"),
]


@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"),
                         HEDGES + REVIEW + LENIENT)
def test_commitment(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


def test_table_is_large_enough():
    # The issue asks for at least 60 cases in both verdicts; keep the table honest.
    rows = HEDGES + LENIENT
    assert len(rows) >= 60
    assert {r.values[3] for r in rows} == {True, False}


@pytest.mark.parametrize(("completion", "source"), [
    ("The answer is 5.", "answer_is"),
    ("#### 5", "hashes"),
    ("Answer: 5", "answer_colon"),
    (r"so \boxed{5}", "boxed"),
    ("So Tom has 5 apples.", "fallback"),
])
def test_answer_source_names_the_marker(completion, source):
    assert judge("math", "5", completion).source == source


def test_ambiguous_names_why():
    assert judge("numeric", "5", "The answer is 5 or 6.").method == "alternatives"
    assert judge("numeric", "5", "The answer is 5. Wait, no.").method == "retraction"


# -- text hygiene ---------------------------------------------------------------------------
HYGIENE = [
    case("numeric", "3", "The answer is 3\x00", True, "match", "nul"),
    case("numeric", "3", "The answer is 3\ud800.", True, "match", "lone-surrogate"),
    case("numeric", "1000", "The answer is 1\u200b000.", True, "match", "zero-width-space"),
    # (an override shows "42" as "24": what the page shows is not what the text holds)
    case("numeric", "42", "The answer is \u202e42\u202c.", False, "ambiguous", "bidi-override"),
    case("numeric", "42", "The answer is \u200f42\u200e.", True, "match", "bidi-marks"),
    case("numeric", "42", "The answer is \uff14\uff12.", True, "match", "full-width-digits"),
    case("numeric", "42", "The answer is \ufeff42.", True, "match", "bom"),
    case("numeric", "42", "#### 42", True, "match", "hashes-gold-and-answer"),
]


@pytest.mark.parametrize(("checker", "gold", "completion", "correct", "reason"), HYGIENE)
def test_hygiene(checker, gold, completion, correct, reason):
    verdict = judge(checker, gold, completion)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict


def test_gold_written_with_hashes_is_its_number():
    assert judge("numeric", "#### 42", "The answer is 42.").correct
    assert judge("math", "Work it out.\n#### 1,080", r"\boxed{1080}").correct


def test_long_completion_is_read_from_its_end():
    completion = "blah " * 60_000 + "The answer is 42."  # 300,000 characters
    verdict = finishes(lambda: judge("numeric", "42", completion))
    assert verdict.correct and verdict.end == len(completion)


def test_end_indexes_the_original_completion():
    completion = "x" * 250_000 + " The answer is 42. Then more."
    verdict = judge("numeric", "42", completion)
    assert completion[: verdict.end].endswith("The answer is 42.")


def test_empty_completion_has_no_answer():
    verdict = judge("numeric", "5", "")
    assert (verdict.answer, verdict.correct, verdict.reason) == (None, False, "no_answer")


@pytest.mark.parametrize(("after", "outright"), [
    (" apples. WAIT, that's wrong: it is 6.", True),
    (" apples. Hold On. The total is 6.", False),
    (" apples in İzmir. Wait, that's wrong: it is 6.", True),  # İ lower-cases to two chars
    (" apples in İzmir. NOPE, 6.", False),
])
def test_take_backs_are_read_in_any_case_and_script(after, outright):
    """An outright take-back undoes the answer whatever follows; a correction only with
    another value."""
    from star_cli.answers.hedges import retracted

    assert retracted(after, "5")
    assert bool(retracted(after.replace("6", "5"), "5")) is outright


def test_the_digit_look_after_an_answer_covers_what_its_rules_read():
    """`checker._digit_read` looks for a digit only where `conflicting_final` and
    `also_possible` read; a value beyond those windows is read by neither."""
    from fractions import Fraction

    from star_cli.answers.checker import _digit_read
    from star_cli.answers.hedges import FINAL_WINDOW, RETRACTION_WINDOW, conflicting_final

    assert RETRACTION_WINDOW <= FINAL_WINDOW
    middle = "x" * FINAL_WINDOW + " Therefore, the total is 6 apples. " + "y" * FINAL_WINDOW
    assert not _digit_read(middle)
    assert not conflicting_final(middle, Fraction(5))
    assert _digit_read("y" * 900 + " Therefore, the total is 6 apples.")
    assert _digit_read("It could also be 40." + "y" * 900)


@pytest.mark.parametrize(("after", "answer", "how"), [
    # a note that finds fault with another value it names, and says why: nothing taken back
    ("\n\n(Note: the value 31 that came up along the way is incorrect — that ignores the "
     "factor 15 entirely. 15 | k² forces 15 | k.)", "8", ""),
    ("\n\nThe first count of 12 was off: that ignores the 3 extra boxes.", "15", ""),
    # the fault found with the answer itself, or a result stated after it
    ("\n\nNote: 8 is incorrect — that ignores the 15.", "8", "correction"),
    ("\n\nThe first count of 12 was off: that ignores the 3 extra boxes, so 18.", "15",
     "correction"),
    ("\n\nHmm, that ignores the 3 extra boxes, so 18.", "15", "correction"),
    ("\n\nWait, that is incorrect: the total is 9.", "8", "retraction"),
])
def test_a_fault_found_with_another_value(after, answer, how):
    from star_cli.answers.hedges import retracted

    assert retracted(after, answer) == how


def test_the_hidden_text_scan_finds_what_the_one_pattern_finds() -> None:
    """`_unseen_spans` finds each kind of hidden text on its own, in time that grows with the
    text; on any text it gives the spans that `_UNSEEN` (all kinds in one alternation, the
    reading it stands for) gives, in order."""
    import random

    from star_cli.answers import hedges

    rng = random.Random(29)
    parts = ["<!--", "-->", "\n", " ", "`", "x", "1", "![a](b.png)", "<span style='display:none'>",
             '<span style="opacity:0">', "</span>", "<b c=1>", "](x.org)", "[", "]", "(", ")",
             "<", ">", "-", "!", "<!-- a", "-->\n"]
    found = 0
    for _ in range(30_000):
        text = "".join(rng.choice(parts) for _ in range(rng.randrange(13)))
        want = [m.span() for m in hedges._UNSEEN.finditer(text)]
        assert list(hedges._unseen_spans(text)) == want, text
        found += bool(want)
    assert found > 10_000
