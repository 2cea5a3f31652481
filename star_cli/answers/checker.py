"""Checkers: extract a completion's final answer and judge it against the gold.

A checker prepares each gold once per problem (`prepare`), then judges every sample of that
problem against it (`judge`). Comparisons run cheapest first: normalised strings, exact
numbers, then (math) our own reading of the LaTeX structure and values, and only when that
cannot decide, math-verify and sympy in a worker process under a hard timeout.

`judge` is `resolve(judge_local(...))`: `judge_local` does everything that needs no worker
and returns a `Pending` for the rest, so the batch form can spread the cheap tiers over all
cores and the symbolic tier over the worker pool.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from star_cli.answers import pool
from star_cli.answers.choice import choice_label
from star_cli.answers.compare import same_answer
from star_cli.answers.extract import Extraction, boxed, first_of
from star_cli.answers.latex import Answer, read_answer
from star_cli.answers.numeric import clean, parse_number
from star_cli.records import Choice

MAX_COMPARED = 1_000  # characters: a longer "answer" is junk, judged wrong without parsing


@dataclass(frozen=True)
class Verdict:
    answer: str | None
    correct: bool
    reason: str  # "match", "mismatch", "no_answer", "timeout" or "error"
    end: int | None = None  # where the answer ends in the completion (for the rationale)
    method: str | None = None  # which tier decided: string, number, expression, symbolic, ...


NO_ANSWER = Verdict(None, False, "no_answer")


@dataclass(frozen=True)
class Gold:
    """A gold answer parsed once, ready for many judgements."""

    text: str
    key: str
    number: Fraction | None
    choices: tuple[Choice, ...] | None = None
    structure: Answer | None = None  # math: our reading of the gold's LaTeX, if we have one


@dataclass(frozen=True)
class Pending:
    """A judgement that needs the symbolic tier: the extracted answer against the gold."""

    gold: str
    answer: str
    end: int


def normalise(s: str) -> str:
    """A comparison key for answer strings: case, spaces, wrappers and trailing period ignored."""
    s = clean(s)
    s = re.sub(r"\\[dt]frac", r"\\frac", s)
    return re.sub(r"\s+", "", s).lower()


class Checker:
    """Base: extract with `extractors` in order, compare normalised strings then numbers."""

    name = "exact"
    extractors: tuple[str, ...] = ("answer_is", "hashes", "answer_colon", "boxed")

    def __init__(self, timeout: float = pool.DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout  # seconds per symbolic check (math only)

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
        local = self.judge_local(gold, completion)
        return self.resolve(local) if isinstance(local, Pending) else local

    def judge_local(self, gold: Gold, completion: str) -> Verdict | Pending:
        found = self.extract(completion, gold)
        if found is None:
            return NO_ANSWER
        correct = self.same(found.text, gold)
        return _decided(found, correct, "string")

    def resolve(self, pending: Pending, workers: pool.WorkerPool | None = None) -> Verdict:
        """The symbolic tier's verdict, in a worker process under `self.timeout`."""
        workers = workers or pool.default_pool()
        try:
            correct = workers.same(pending.gold, pending.answer, self.timeout)
        except pool.Timeout:
            return Verdict(pending.answer, False, "timeout", pending.end, "symbolic")
        except pool.WorkerError:
            return Verdict(pending.answer, False, "error", pending.end, "symbolic")
        return Verdict(
            pending.answer, correct, "match" if correct else "mismatch", pending.end, "symbolic"
        )


def _decided(found: Extraction, correct: bool, method: str) -> Verdict:
    return Verdict(found.text, correct, "match" if correct else "mismatch", found.end, method)


class NumericChecker(Checker):
    """GSM8K-style answers: one number, compared exactly."""

    name = "numeric"

    def same(self, answer: str, gold: Gold) -> bool:
        if gold.number is not None:
            value = parse_number(answer)
            if value is not None:
                return value == gold.number
        return super().same(answer, gold)

    def judge_local(self, gold: Gold, completion: str) -> Verdict | Pending:
        found = self.extract(completion, gold)
        if found is None:
            return NO_ANSWER
        if gold.number is not None and (value := parse_number(found.text)) is not None:
            return _decided(found, value == gold.number, "number")
        return _decided(found, normalise(found.text) == gold.key, "string")


class MathChecker(NumericChecker):
    """`\\boxed{}` answers: the last box first; strings, numbers, our own LaTeX reading, and
    math-verify in a worker for what that cannot decide."""

    name = "math"
    extractors = ("boxed", "answer_is", "answer_colon", "hashes")

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None) -> Gold:
        base = super().prepare(gold, choices)
        try:
            structure = read_answer(gold)
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            structure = None
        return Gold(base.text, base.key, base.number, base.choices, structure)

    def judge_local(self, gold: Gold, completion: str) -> Verdict | Pending:
        found = self.extract(completion, gold)
        if found is None:
            return NO_ANSWER
        answer = found.text
        if normalise(answer) == gold.key:
            return _decided(found, True, "string")
        if len(answer) > MAX_COMPARED:
            return _decided(found, False, "length")
        value = parse_number(answer) if gold.number is not None else None
        # 10% against 0.1 is for the expression tier, which knows both readings of a percent.
        if value is not None and (value == gold.number or "%" not in answer + gold.text):
            return _decided(found, value == gold.number, "number")
        if gold.structure is not None:
            try:
                same = same_answer(gold.structure, read_answer(answer))
                return _decided(found, same, "expression")
            except (ArithmeticError, ValueError, TypeError, RecursionError):
                pass  # Unsupported, undefined, or a value we cannot compute: ask sympy
        return Pending(gold.text, answer, found.end)


class ChoiceChecker(Checker):
    """Multiple choice: the answer names a choice by letter or by its text."""

    name = "choice"

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None) -> Gold:
        label = choice_label(gold, choices) or gold.strip().upper()
        return Gold(gold, label, None, tuple(choices) if choices else None)

    def judge_local(self, gold: Gold, completion: str) -> Verdict | Pending:
        found = self.extract(completion, gold)
        if found is None:
            return NO_ANSWER
        label = choice_label(found.text, gold.choices)
        if label is None:
            return Verdict(found.text, False, "no_answer", found.end)
        correct = label == gold.key
        return Verdict(label, correct, "match" if correct else "mismatch", found.end, "choice")


CHECKERS: dict[str, type[Checker]] = {
    c.name: c for c in (Checker, NumericChecker, MathChecker, ChoiceChecker)
}


def get_checker(name: str, timeout: float = pool.DEFAULT_TIMEOUT) -> Checker:
    try:
        return CHECKERS[name](timeout)
    except KeyError:
        raise ValueError(f"unknown checker {name!r}; choose from {', '.join(CHECKERS)}") from None
