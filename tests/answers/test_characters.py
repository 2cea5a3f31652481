"""Numbers a reader reads as ASCII, written in other characters (`answers/text.py`, `folded`):
digits of other scripts and of mathematical and full-width forms, signs, fraction slashes,
vulgar fractions, exponents in superscript, spaces and invisible characters in a number,
HTML entities; a choice's letter in full-width, circled or mathematical form. What would
change what a reader reads is left: a unit's superscript (`m²`), a footnote's mark. The
answer's end is the original text's. Table-driven; every case written for these tests."""

import pytest

from star_cli.answers import check
from star_cli.answers.text import folded
from star_cli.records import Choice

_CHOICES = (Choice("A", "bank"), Choice("B", "library"), Choice("C", "school"),
            Choice("D", "park"), Choice("E", "store"))


@pytest.mark.parametrize(("task", "gold", "completion", "correct"), [
    # digits of other scripts, mathematical and full-width digits
    ("gsm8k", "13", "Each student gets １３ pencils.", True),
    ("gsm8k", "13", "Each student gets １４ pencils.", False),
    ("gsm8k", "18", "She makes **𝟏𝟖** dollars a day.", True),
    ("gsm8k", "415", "মোট খরচ ৪১৫ টাকা।\n\nThe answer is ৪১৫.", True),
    ("gsm8k", "1.35", "1.62 − 0.27 = 1.35\n\n弟弟的身高是 １．３５ 米。", True),
    ("gsm8k", "7.6", "Change: ＄７．６０", True),
    # signs, entities, fraction slashes and vulgar fractions
    ("gsm8k", "-9", "The temperature is now －９ degrees.", True),
    ("gsm8k", "-25", "The balance is <strong>&minus;25</strong> dollars.", True),
    ("gsm8k", "-25", "The balance is &#8722;25 dollars.", True),
    ("gsm8k", "25", "The balance is &#x2212;25 dollars.", False),
    ("gsm8k", "65", "So she paid &#36;65 in all.", True),
    ("gsm8k", "0.35", "The probability is 7⁄20.", True),
    ("math", "\\frac{9}{10}", "So the answer is ⁹⁄₁₀.", True),
    ("math", "\\frac{7}{10}", "So the answer is ⁹⁄₁₀.", False),
    ("gsm8k", "7.5", "She needs 7½ cups of flour.", True),
    ("gsm8k", "7.25", "She needs 7½ cups of flour.", False),
    ("gsm8k", "0.375", "The answer is ⅜.", True),
    ("gsm8k", "0.625", "The answer is ⅜.", False),
    # exponents: after a number (not after a letter: `cm³`, a unit's), never a footnote's
    ("gsm8k", "1200", "1,500 × 0.80 = 1,200\n\nRevenue = $1.2 × 10³", True),
    ("math", "81", "Each of 4 people has 3 choices: 3 × 3 × 3 × 3.\n\n**3⁴**", True),
    ("math", "64", "Each of 4 people has 3 choices: 3 × 3 × 3 × 3.\n\n**3⁴**", False),
    ("gsm8k", "103", "The answer is 10³.", False),
    ("gsm8k", "144", "She read 144¹ pages.\n\n¹ Counting the preface.", True),
    ("gsm8k", "180", "The area is 180 m².", True),
    # a review's cases: a fraction after a digit however written; a superscript before a word
    # (a unit's, a footnote's mark however its note is set) and a lone fraction before one (a
    # quantity of the problem's) left as they are; a full-width dash that is no sign
    ("gsm8k", "2.5", "She needs 2&frac12; cups of flour. The answer is 2&frac12;.", True),
    ("gsm8k", "10.5", "The answer is 2&#189;.", False),
    ("gsm8k", "10.5", "She needs 2¹⁄₂ cups of flour.", False),
    ("gsm8k", "3", "She read 10³ pages.", False),
    ("gsm8k", "144", "She read 144² pages (² counting the preface).", True),
    ("gsm8k", "144", "She read 144² pages.\n\n[²] Counting the preface.", True),
    ("math", "5", "The answer is 5².\n\nCheck: 5² = 25.", False),
    ("gsm8k", "4", "She fills 4 ½-liter bottles.", True),
    ("gsm8k", "6", "She makes 6 batches, using ½ cup each.", True),
    ("gsm8k", "12", "Therefore 12 students passed, ¾ of the class.", True),
    ("gsm8k", "2", "Each person gets 2 slices, i.e. ¼ of the pie.", True),
    ("gsm8k", "0.5", "Together they ate ¼ + ¼ = ½ of the cake.", True),
    ("gsm8k", "0.375", "Left: 8 − 5 = 3 slices.\n\n⅜ of the pizza is left.", True),
    ("gsm8k", "12", "答え\u3000－\u3000１２個", True),
    # spaces and invisible characters in a number
    ("gsm8k", "9801", "So the product is 98\u00ad01.", True),
    ("gsm8k", "1234", "617 × 2 = 1\u202f234\n\nThe total is 1\u202f234 dollars.", True),
    ("gsm8k", "1000", "The total is 1\u200b000 dollars.", True),
    ("gsm8k", "186", "The answer is 217.\u200bThe answer is 186.", True),
])
def test_numbers_in_other_characters(task, gold, completion, correct):
    assert check(gold, completion, task).correct is correct


@pytest.mark.parametrize(("completion", "correct"), [
    ("A library lends books.\n\nAnswer: （Ｂ）", True),
    ("A library lends books.\n\nAnswer: Ⓑ", True),
    ("A library lends books.\n\nThe answer is **𝐁**.", True),
    ("A library lends books.\n\nAnswer: （Ｃ）", False),
])
def test_a_choice_letter_in_other_characters(completion, correct):
    assert check("B", completion, "csqa", _CHOICES).correct is correct


@pytest.mark.parametrize(("task", "gold", "other", "ascii"), [
    ("gsm8k", "0.5", "Tom ate ¼ and Ann ate ½.", "Tom ate 1/4 and Ann ate 1/2."),
    ("gsm8k", "2.5", "It takes 2½ hours.", "It takes 2 1/2 hours."),
    ("gsm8k", "7", "It costs ＄７.", "It costs $7."),
    ("math", "\\frac{3}{4}", "So $x = ¾$.", "So $x = 3/4$."),
    ("gsm8k", "8", "The answer is ８ or ９.", "The answer is 8 or 9."),
])
def test_read_as_the_ascii_form_is(task, gold, other, ascii):
    assert check(gold, other, task)[1:3] == check(gold, ascii, task)[1:3]  # (correct, reason)


def test_the_answer_ends_where_the_original_says():
    completion = "Half a cup twice: 2 × ½ = 1.\nThe answer is １３ pencils.\nNext question: ..."
    verdict = check("13", completion, "gsm8k")
    assert verdict.correct
    assert completion[: verdict.end] == "Half a cup twice: 2 × ½ = 1.\nThe answer is １３ pencils."


@pytest.mark.parametrize("text", [
    "plain ASCII with no entity", "x = 1 & y = 2", "the area is 5 m²", "&lt;b&gt;", "a\u200bb",
    "日本語の文章です。",
])
def test_text_with_nothing_to_fold_is_left_as_it_is(text):
    assert folded(text) is None


def test_positions_map_back_into_the_original():
    text = "Pay &minus;$5, then 2½ cups and １３ more."
    fold = folded(text)
    assert fold is not None and fold.text == "Pay −$5, then 2 1/2 cups and 13 more."
    for word in ("Pay", "$5", "then 2", "cups and", "more."):
        assert text[fold.original(fold.text.index(word)) :].startswith(word)
    assert fold.original(fold.text.index(" cups")) == text.index(" cups")  # the end of ½
    assert fold.original(len(fold.text)) == len(text)
