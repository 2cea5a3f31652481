"""What follows an answer, and what is written around it: a correction named in English, a
pick kept in words, another choice offered, held in reserve or named by its text in a
correction, a comment the reader never sees, a value struck out in LaTeX. Forms written for
these tests."""

import pytest

from star_cli.answers import check
from star_cli.records import Choice

WEAR = [Choice(label, text) for label, text in
        zip("ABCDE", ["kitchen", "garage", "gloves", "boots", "garden"], strict=True)]


@pytest.mark.parametrize(("completion", "correct"), [
    ("The answer is 42.\n\nI meant 48.", False),
    ("The answer is 42.\n\nErratum: the total is 48.", False),
    ("The answer is 42.\n\nMake that 48: I forgot the last crate.", False),
    ("The answer is 42.\n\nStrike that.", False),
    ("The answer is 42.\n\nI should have said 48.", False),
    # the same words that correct nothing
    ("The answer is 42.\n\nBy 'boxes' I meant the crates, so 42 stands.", True),
    ("The answer is 42.\n\nWhat I meant by 6 rows is 6 rows of 7, which is 42.", True),
    ("Answer: 42\n\n(Erratum: in step 2 I wrote 6 × 8; it is 6 × 7 = 42.)", True),
    ("Answer: 42\n\nErratum: the problem says 'apple' where it means 'apples'; each box has 7.",
     True),
    ("The answer is 42.\n\nTo make that clearer, 42 = 6 × 7.", True),
    ("The answer is 42.\n\nIf she wanted 50, she would need to make that 8 more.", True),
    ("The answer is 42.\n\nI should have written 6 × 7 rather than 7 × 6; the product is the "
     "same.", True),
    ("The answer is 42.\n\nThe pitcher tried to strike that batter out 6 times.", True),
])
def test_a_correction_named_in_english(completion, correct):
    assert check("42", completion, "gsm8k").correct is correct


@pytest.mark.parametrize(("completion", "correct"), [
    ("Boots keep your feet dry, gloves are for hands. So I stay with **D**.", True),
    ("Boots keep your feet dry. So I will stick with D.", True),
    ("Boots keep your feet dry. My answer remains D.", True),
    ("Boots keep your feet dry. I am sticking with D.", True),
    ("Boots keep your feet dry. The answer stays D.", True),
    ("Boots keep your feet dry. I stand by D.", True),
    ("Gloves keep your hands warm. So I stay with C.", False),
    # a second look that ends by keeping the pick keeps it; one that ends elsewhere does not
    ("Boots keep feet dry.\n\nAnswer: **D**\n\nWait, gloves (C) are also important for "
     "snow! But the question says feet. So I stay with **D**.", True),
    ("Boots keep feet dry.\n\nAnswer: **D**\n\nWait, gloves (C) are also important for "
     "snow! Actually C is better.", False),
    ("Boots keep feet dry.\n\n**Answer: D**\n\nHmm, on reflection, C.", False),
    ("Boots keep feet dry.\n\nAnswer: **D**\n\nWait, gloves (C) matter too! If I had to, I'd "
     "stay with D, but C is my real pick.", False),
    ("Boots keep feet dry.\n\nAnswer: **D**\n\nWait, gloves (C) matter too. I'll stick with D, "
     "unless it's C.", False),
])
def test_a_pick_kept_in_words(completion, correct):
    assert check("D", completion, "csqa", WEAR).correct is correct


@pytest.mark.parametrize(("after", "correct"), [
    ("Though C could also work.", False),
    ("(B) might also be correct.", False),
    ("E may also be acceptable.", False),
    ("C could work too.", False),
    ("C also works.", False),
    ("E is correct too.", False),
    ("Both D and C are reasonable answers.", False),
    ("Option C could also work.", False),
    # another choice described, denied, conditioned or taken back in its sentence
    ("C could also be a place for boots, but not in snow.", True),
    ("I don't think C could work here.", True),
    ("Some would argue C could be right, but gloves are for hands.", True),
    ("If it asked about hands, C would be the answer.", True),
    ("Option C would only work for hands.", True),
    ("D is equally valid with the question's wording.", True),
    ("The remaining options (A, B, C, E) have nothing to do with snow.", True),
    ("A garden shovel would also work for clearing the path.", True),  # (an article)
    ("Gloves (C) would also fit in a drawer.", True),
    ("Some would say C could also work; that is a misreading.", True),
])
def test_another_choice_offered_after_the_pick(after, correct):
    completion = f"Boots keep feet dry in the snow.\n\n**Answer: D**\n\n{after}"
    assert check("D", completion, "csqa", WEAR).correct is correct


@pytest.mark.parametrize(("after", "correct"), [
    ("Actually, the garage makes more sense here.", False),
    ("Hmm, on second thought, the gloves.", False),
    ("No, I think the garden is better.", False),
    ("No, a garage.", False),
    # the pick's own text, another ruled out or set against it, or no correction at all
    ("Actually, the boots are what you wear on your feet.", True),
    ("Wait, a garage would not make sense here.", True),
    ("Actually, a garage is for cars, so the boots it is.", True),
    ("No garage would keep your feet dry.", True),
    ("The garage is for cars and the garden is outside.", True),
])
def test_a_pick_corrected_by_another_choices_text(after, correct):
    completion = f"Boots keep feet dry in the snow.\n\nAnswer: D\n\n{after}"
    assert check("D", completion, "csqa", WEAR).correct is correct


@pytest.mark.parametrize(("answer", "correct"), [
    ("D, if the snow is deep; otherwise E.", False),
    ("D (if it is snowing; otherwise E)", False),
    ("D if it snows, else B.", False),
    ("D, since feet get wet in the snow.", True),
    ("D. Otherwise your feet get wet.", True),  # (a reason of its own, after the pick)
])
def test_a_pick_held_in_reserve(answer, correct):
    assert check("D", f"Boots keep feet dry.\n\nAnswer: {answer}", "csqa", WEAR).correct is correct


@pytest.mark.parametrize(("completion", "gold", "correct"), [
    # a comment after the answer on its own line: what is rendered is the answer
    ("So $x = \\frac{4}{3}$.\n\n$\\boxed{\\frac{4}{3}}$ <!-- \\boxed{6} -->", "6", False),
    ("So $x = \\frac{4}{3}$.\n\n$\\boxed{\\frac{4}{3}}$<!-- \\boxed{6} -->", "6", False),
    ("So $x = \\frac{4}{3}$.\n\n$\\boxed{\\frac{4}{3}}$ <!-- \\boxed{6} -->", "\\frac{4}{3}",
     False),  # (and what it hides, another value, is weighed: two answers)
    ("So $x = 6$.\n\n$\\boxed{6}$ <!-- checked: 3(6) - 7 = 11 -->", "6", True),
    ("A comment opens with `<!-- like this`; so $x = 6$ and $\\boxed{6}$.", "6", True),
])
def test_a_comment_on_the_answers_line(completion, gold, correct):
    assert check(gold, completion, "math").correct is correct


@pytest.mark.parametrize(("completion", "correct"), [
    ("I first guessed 21, but the GCD is 42.\n\n$$\\boxed{\\cancel{21}\\ 42}$$", True),
    ("$\\boxed{\\cancel{\\frac{1}{2}} 42}$", True),
    ("$\\boxed{\\sout{21} 42}$", True),
    ("$\\boxed{\\xcancel{42}\\, 21}$", False),
    ("$\\boxed{\\cancel{42}}$", False),  # all of it struck out: no answer
])
def test_a_value_struck_out_in_latex(completion, correct):
    assert check("42", completion, "math").correct is correct
