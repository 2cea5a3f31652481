"""`addition-steps`: process verification of an addition scratchpad (`--task addition`).

The scratchpad adds the digits of both operands least significant first, one line a step:

    7 + 5 + 0 = 12, write 2 carry 1
    4 + 8 + 1 = 13, write 3 carry 1
    0 + 3 + 1 = 4, write 4 carry 0

and ends with the final-answer sentence, `The answer is 432.` (the digits written, most
significant first, after a last carry of 1 if there is one, without leading zeros).

The gold is the sum alone, so the operands are read from the steps themselves: the checker
cannot tell that they are the question's (a model that copies a digit wrongly and then adds
correctly to the gold's sum is not caught). Everything else is checked: the final answer equals
the gold (the numeric checker), every line before the final sentence is a step, each step's
sum, written digit and carry are right, each carry in is the previous carry out (0 at the
first step), and the digits written form the stated answer. A wrong step reaching the right sum
is `mismatch` with method `steps`. Pure string and integer work, bounded by MAX_STEPS.
"""

from __future__ import annotations

import re

from star_cli.answers.checker import CHECKERS, Gold, NumericChecker, Pending, Verdict

_FINAL = re.compile(r"the answer is", re.IGNORECASE)
MAX_STEPS = 256  # a longer scratchpad is judged wrong without reading it

STEP = re.compile(
    r"\s*([0-9])\s*\+\s*([0-9])\s*\+\s*([0-9])\s*=\s*([0-9]{1,2})\s*,\s*"
    r"write\s+([0-9])\s*,?\s*(?:and\s+)?carry\s+([0-9])\s*[.;]?\s*"
)


def step_line(a: int, b: int, carry: int) -> str:
    """One scratchpad step: digits `a` and `b` with the carry in."""
    s = a + b + carry
    return f"{a} + {b} + {carry} = {s}, write {s % 10} carry {s // 10}"


def scratchpad_digits(lines: list[str]) -> str | None:
    """The sum the steps write (most significant first, the last carry in front, leading
    zeros dropped), or None when a line is no step or a step is wrong."""
    if not lines or len(lines) > MAX_STEPS:
        return None
    carry = 0
    written: list[str] = []
    for line in lines:
        m = STEP.fullmatch(line)
        if m is None:
            return None
        a, b, c, s, w, out = (int(g) for g in m.groups())
        if c != carry or a + b + c != s or s % 10 != w or s // 10 != out:
            return None
        written.append(str(w))
        carry = out
    digits = (str(carry) if carry else "") + "".join(reversed(written))
    return digits.lstrip("0") or "0"


def steps_before_answer(rationale: str) -> list[str]:
    """The non-empty lines before the final-answer sentence (its last occurrence), or, with
    no such sentence, before the last line."""
    last = None
    for last in _FINAL.finditer(rationale):  # noqa: B007 (the last match is wanted)
        pass
    head = rationale[: last.start()] if last else rationale.rstrip().rpartition("\n")[0]
    return [line for line in head.splitlines() if line.strip()]


class AdditionStepsChecker(NumericChecker):
    """The final answer as `numeric` judges it, then every scratchpad step."""

    name = "addition-steps"

    def judge_local(self, gold: Gold, completion: str) -> Verdict | Pending:
        verdict = super().judge_local(gold, completion)
        if not isinstance(verdict, Verdict) or not verdict.correct:
            return verdict
        end = len(completion) if verdict.end is None else verdict.end
        digits = scratchpad_digits(steps_before_answer(completion[:end]))
        correct = (digits is not None and gold.number is not None
                   and gold.number.denominator == 1 and int(digits) == gold.number.numerator)
        return Verdict(verdict.answer, correct, "match" if correct else "mismatch", verdict.end,
                       "steps", verdict.source)


# Registered here; `star_cli.answers` imports this module, so every import of the package
# (a batch worker's included) sees it in CHECKERS.
CHECKERS[AdditionStepsChecker.name] = AdditionStepsChecker
