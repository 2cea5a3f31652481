"""Olympiad-level answer forms: what a variable is said to be, that there is none, a limit
in prose, a count with an adjective, labelled boxes against a pair. Forms written for these
tests."""

import pytest

from star_cli.answers import check


def boxed(answer: str) -> str:
    return f"So we are done.\n\n$$\\boxed{{{answer}}}$$"


@pytest.mark.parametrize(("gold", "answer", "correct"), [
    ("n \\text{ odd}", "n \\text{ odd}", True),
    ("n \\text{ odd}", "n\\text{ is odd}", True),
    ("n \\text{ odd}", "n \\text{ even}", False),  # (the symbolic tier reads both as n)
    ("p \\text{ prime}", "p \\text{ composite}", False),
    ("n \\text{ odd}", "n", False),
    ("k \\text{ even}", "k \\text{ odd}", False),
    ("n \\text{ odd}", "n \\text{ must be odd}", True),  # (the gold's words, and more)
    ("n \\text{ odd}", "n \\text{ odd integers}", True),
    ("p \\text{ prime}", "\\text{all primes } p", True),
    ("n \\text{ odd}", "n \\text{ not odd}", False),
    # a count's noun is still no property of the value
    ("12", "12 \\text{ integers}", True),
    ("5", "5 \\text{ real roots}", True),
    ("10", "10\\text{ positive divisors}", True),
])
def test_what_a_variable_is_said_to_be(gold, answer, correct):
    assert check(gold, boxed(answer), "math").correct is correct


@pytest.mark.parametrize("gold", ["\\text{none}", "\\text{no solution}", "\\emptyset",
                                  "\\varnothing", "\\text{No solutions}"])
@pytest.mark.parametrize(("answer", "correct"), [
    ("\\text{none}", True),
    ("\\text{no solution}", True),
    ("\\text{No such positive integer exists}", True),
    ("\\emptyset", True),
    ("\\text{There are none}", True),
    ("\\text{no real solutions}", True),
    ("0", False),
    ("\\{0\\}", False),
    ("\\text{none, or maybe 5}", False),
])
def test_that_there_is_none(gold, answer, correct):
    assert check(gold, boxed(answer), "math").correct is correct


@pytest.mark.parametrize("answer", ["\\text{none}", "\\text{no solution}",
                                    "\\text{No such integer exists}"])
def test_none_is_no_value(answer):
    assert check("5", boxed(answer), "math").correct is False


@pytest.mark.parametrize("answer", ["\\text{there are no other solutions}",
                                    "\\text{no solution other than one}",
                                    "\\text{no solutions except one}",
                                    "\\text{there is no largest such n}"])
def test_no_other_is_not_none(answer):
    assert check("\\text{none}", boxed(answer), "math").correct is False


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("\\infty", "Stirling gives $a_n \\sim \\sqrt{2\\pi n}$.\n\nSo the limit is $+\\infty$ "
                "(the sequence diverges).", True),
    ("\\infty", "So the limit is $\\infty$.", True),
    ("\\infty", "So the limit is $-\\infty$.", False),
    ("2", "So the limit as $n \\to \\infty$ is $2$.", True),
    ("\\infty", "The sum converges as $n \\to \\infty$.", False),
    ("\\infty", "So the limit is $\\infty$ if $a>1$ and $0$ otherwise.", False),
])
def test_infinity_stated_in_prose(gold, completion, correct):
    assert check(gold, completion, "math").correct is correct


@pytest.mark.parametrize(("completion", "correct"), [
    ("$v_5 = 505$.\n\n**Answer:** 505 trailing zeros.", True),
    ("The answer is 505 distinct ways.", True),
    ("The answer is 505 zeros total.", True),
    ("The answer is 505 zeros altogether.", True),
    ("**Answer:** 505 more zeros.", False),
    ("The answer is 505 times larger.", False),
    ("**Answer:** 505 needs checking.", False),
    ("The answer is 505 pending review.", False),
    ("The answer is 505 looks suspicious.", False),
])
def test_a_count_with_an_adjective(completion, correct):
    assert check("505", completion, "math").correct is correct


MAX_MIN = ("Write $f(x) = 5\\sin(x+\\varphi)$, so $-5 \\le f(x) \\le 5$.\n\n"
           "Maximum: $\\boxed{5}$\n\nMinimum: $\\boxed{-5}$")


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("(5,-5)", MAX_MIN, True),
    ("5, -5", MAX_MIN, True),
    ("(-5,5)", MAX_MIN, False),  # (a pair keeps its order)
    ("5", MAX_MIN, False),
    ("(5,-5)", "$\\boxed{5}$\n\n$\\boxed{-5}$", False),  # two boxes, no label: two answers
    ("(5,-5)", "Maximum: $\\boxed{5}$\nMaximum: $\\boxed{-5}$", False),
    ("(5,-5)", "Initial guess: $\\boxed{5}$\nFinal answer: $\\boxed{-5}$", False),
    ("(5,-5)", "Rejected: $\\boxed{5}$\nAccepted: $\\boxed{-5}$", False),
    ("3, 2", "(a) So $\\boxed{3}$\n(b) So $\\boxed{2}$", True),
])
def test_labelled_boxes_against_a_pair(gold, completion, correct):
    assert check(gold, completion, "math").correct is correct


@pytest.mark.parametrize(("gold", "answer", "correct"), [
    ("n \\text{ odd}", "n \\equiv 1 \\pmod 2", True),  # the parity said as a congruence
    ("n \\text{ odd}", "n \\equiv 1 \\pmod{2}", True),
    ("n \\text{ odd}", "n \\equiv 1 (\\mod 2)", True),
    ("n \\text{ odd}", "n = 2k + 1", True),
    ("n \\text{ even}", "n \\equiv 0 \\pmod{2}", True),
    ("n \\text{ odd}", "n \\equiv 0 \\pmod{2}", False),
    ("n \\text{ odd}", "n = 2k", False),
    ("n \\text{ odd}", "m \\equiv 1 \\pmod 2", False),  # another variable
    ("n \\text{ odd}", "n \\equiv 1 \\pmod 3", False),  # another modulus
])
def test_a_parity_said_as_a_congruence(gold, answer, correct):
    assert check(gold, f"So we are done.\n\n$\\boxed{{{answer}}}$", "math").correct is correct
