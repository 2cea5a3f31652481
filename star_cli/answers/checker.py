"""Checkers: extract a completion's final answer and judge it against the gold.

A checker prepares each gold once per problem (`prepare`), then judges every sample of that
problem against it (`judge`). Comparisons run cheapest first: normalised strings, then exact
numbers. The symbolic LaTeX comparison belongs to the full math checker.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from star_cli.answers.choice import choice_label
from star_cli.answers.extract import Extraction, boxed, first_of
from star_cli.answers.numeric import clean, parse_number
from star_cli.records import Choice


@dataclass(frozen=True)
class Verdict:
    answer: str | None
    correct: bool
    reason: str  # "match", "mismatch" or "no_answer"
    end: int | None = None  # where the answer ends in the completion (for the rationale)


NO_ANSWER = Verdict(None, False, "no_answer")


@dataclass(frozen=True)
class Gold:
    """A gold answer parsed once, ready for many judgements."""

    text: str
    key: str
    number: Fraction | None
    choices: tuple[Choice, ...] | None = None


def normalise(s: str) -> str:
    """A comparison key for answer strings: case, spaces, wrappers and trailing period ignored."""
    s = clean(s)
    s = re.sub(r"\\[dt]frac", r"\\frac", s)
    return re.sub(r"\s+", "", s).lower()


class Checker:
    """Base: extract with `extractors` in order, compare normalised strings then numbers."""

    name = "exact"
    extractors: tuple[str, ...] = ("answer_is", "hashes", "answer_colon", "boxed")

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None) -> Gold:
        return Gold(gold, normalise(gold), parse_number(gold), tuple(choices) if choices else None)

    def extract(self, completion: str, gold: Gold) -> Extraction | None:
        found = first_of(completion, self.extractors)
        if found is not None and "\\boxed" in found.text:
            # "The answer is $\\boxed{42}$.": judge what is in the box.
            inner = boxed(found.text)
            if inner is not None:
                return Extraction(inner.text, found.end)
        return found

    def same(self, answer: str, gold: Gold) -> bool:
        return normalise(answer) == gold.key

    def judge(self, gold: Gold, completion: str) -> Verdict:
        found = self.extract(completion, gold)
        if found is None:
            return NO_ANSWER
        correct = self.same(found.text, gold)
        return Verdict(found.text, correct, "match" if correct else "mismatch", found.end)


class NumericChecker(Checker):
    """GSM8K-style answers: one number, compared exactly."""

    name = "numeric"

    def same(self, answer: str, gold: Gold) -> bool:
        if gold.number is not None:
            value = parse_number(answer)
            if value is not None:
                return value == gold.number
        return super().same(answer, gold)


class MathChecker(NumericChecker):
    """`\\boxed{}` answers: the last box first; strings then numbers (symbolic comes later)."""

    name = "math"
    extractors = ("boxed", "answer_is", "answer_colon", "hashes")


class ChoiceChecker(Checker):
    """Multiple choice: the answer names a choice by letter or by its text."""

    name = "choice"

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None) -> Gold:
        label = choice_label(gold, choices) or gold.strip().upper()
        return Gold(gold, label, None, tuple(choices) if choices else None)

    def judge(self, gold: Gold, completion: str) -> Verdict:
        found = self.extract(completion, gold)
        if found is None:
            return NO_ANSWER
        label = choice_label(found.text, gold.choices)
        if label is None:
            return Verdict(found.text, False, "no_answer", found.end)
        correct = label == gold.key
        return Verdict(label, correct, "match" if correct else "mismatch", found.end)


CHECKERS: dict[str, type[Checker]] = {
    c.name: c for c in (Checker, NumericChecker, MathChecker, ChoiceChecker)
}


def get_checker(name: str) -> Checker:
    try:
        return CHECKERS[name]()
    except KeyError:
        raise ValueError(f"unknown checker {name!r}; choose from {', '.join(CHECKERS)}") from None
