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
from star_cli.answers.latex import Answer, clean_latex, read_answer
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


def latex_key(s: str) -> str:
    """The math string key: LaTeX dressing and spaces ignored, but not case, letters or an
    `x =` (GSM8K's `normalise` drops unit words after a number, which would make `2x` `2`)."""
    return re.sub(r"\s+", "", clean_latex(s))


class Checker:
    """Base: extract with `extractors` in order, then `compare` the answer with the gold."""

    name = "exact"
    extractors: tuple[str, ...] = ("answer_is", "hashes", "answer_colon", "boxed")

    def __init__(self, timeout: float = pool.DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout  # seconds per symbolic check (math only)

    def with_timeout(self, timeout: float) -> Checker:
        """The same checker with another deadline for its symbolic checks."""
        return type(self)(timeout)

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

    def judge(self, gold: Gold, completion: str) -> Verdict:
        local = self.judge_local(gold, completion)
        return self.resolve(local) if isinstance(local, Pending) else local

    def judge_local(self, gold: Gold, completion: str) -> Verdict | Pending:
        """Everything but the symbolic tier; a Pending for what only it can decide."""
        found = self.extract(completion, gold)
        if found is None:
            return NO_ANSWER
        if len(found.text) > MAX_COMPARED:
            return _decided(found, False, "length")
        return self.compare(found, gold)

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
        return _decided(found, normalise(found.text) == gold.key, "string")

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

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
        if gold.number is not None and (value := parse_number(found.text)) is not None:
            return _decided(found, value == gold.number, "number")
        return super().compare(found, gold)


# Letters outside LaTeX commands, `\text{}` and scientific notation: `2x` is not a number.
_COMMANDS = re.compile(r"\\(?:text|mbox)\s*\{[^{}]*\}|\\[A-Za-z]+|(?<=\d)[eE](?=[-+]?\d)")


# Unit words after a number: 3+ letters, or a common 2-letter unit; never a lone letter,
# which is a variable (`2x`), and never a word that changes the meaning (`3 or more`).
_UNIT_WORDS = re.compile(
    r"(?<=[\d%}.])\s*(?:[A-Za-z]{3,}|cm|mm|km|ft|kg|mg|ml|lb|oz|hr|yd|mi)(?:\^?[23²³])?"
    r"(?:\s+[A-Za-z]{3,})*\s*\.?$"
)
NOT_UNITS = frozenset({"and", "or", "not", "more", "less", "than", "least", "most", "only",
                       "when", "except", "unless", "plus", "minus", "times", "over", "each"})


def plain_number(s: str) -> Fraction | None:
    """A number for the math checker's number tier: only when no variable is in sight."""
    if len(s) > 120 or NOT_UNITS & set(re.findall(r"[a-z]+", s.lower())):
        return None  # "3 or more", "at least 5": not a plain number
    if (m := _UNIT_WORDS.search(s)) and not NOT_UNITS & set(m.group().lower().split()):
        s = s[: m.start()]
    if re.search(r"[A-Za-z]", _COMMANDS.sub(" ", s)):
        return None
    return parse_number(s)


class MathChecker(NumericChecker):
    """`\\boxed{}` answers: the last box first; strings, numbers, our own LaTeX reading, and
    math-verify in a worker for what that cannot decide."""

    name = "math"
    extractors = ("boxed", "answer_is", "answer_colon", "hashes")

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None) -> Gold:
        try:
            structure = read_answer(gold)
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            structure = None
        number = plain_number(gold)
        return Gold(gold, latex_key(gold), number, tuple(choices) if choices else None, structure)

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
        answer = found.text
        if latex_key(answer) == gold.key:
            return _decided(found, True, "string")
        value = plain_number(answer) if gold.number is not None else None
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

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
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
