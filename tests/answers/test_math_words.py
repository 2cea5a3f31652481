"""Math said in English words, read whole into LaTeX (answers/math_words.py), or not at all.
Table-driven; every phrase written for these tests."""

import pytest

from star_cli.answers.math_words import math_in_words


@pytest.mark.parametrize(("phrase", "latex"), [
    ("five", "5"),
    ("negative three", "-3"),
    ("twenty-five", "25"),
    ("three root two", "3\\sqrt{2}"),
    ("root two over two", "\\frac{\\sqrt{2}}{2}"),
    ("the square root of three over two", "\\frac{\\sqrt{3}}{2}"),
    ("two times the square root of three", "2 \\cdot \\sqrt{3}"),
    ("nine times five", "9 \\cdot 5"),
    ("two cubed", "(2)^{3}"),
    ("three squared minus six", "(3)^{2} - 6"),
    ("one over three", "\\frac{1}{3}"),
    ("one half", "\\frac{1}{2}"),
    ("three quarters", "\\frac{3}{4}"),
    ("a half", "\\frac{1}{2}"),
    ("pi over four", "\\frac{\\pi}{4}"),
    ("twelve square units", "12"),
    ("the cube root of eight", "\\sqrt[3]{8}"),
])
def test_phrases_read_whole(phrase, latex):
    assert math_in_words(phrase) == latex


@pytest.mark.parametrize("phrase", [
    "the root", "the root of the equation", "the square root of the discriminant",
    "one solution", "one of the roots plus", "seven and a half", "the answer", "",
    "three root", "two over", "five " * 20,
    # a unit conversion states the math, not a new value; a sign before a power reads two ways
    "ninety degrees", "pi over six radians", "negative three squared",
])
def test_phrases_not_read_whole_are_none(phrase):
    assert math_in_words(phrase) is None
