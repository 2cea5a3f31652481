"""`addition-steps`: process verification of an addition scratchpad (`--task addition`).

The scratchpad adds the digits of both operands least significant first, one line a step,
each step the two digits and the carry in, then their sum in two digits:

    7+5+0=12
    4+8+1=13
    0+3+1=04

and ends with the final-answer sentence, `The answer is 0432.` (the sum, zero-padded to one
digit more than the operands). The digit written is the sum's last digit and the carry out
its tens, so a step needs no more. Sums without the leading zero (`0+3+1=4`), answers without
padding (`The answer is 432.`) and the longer form `7 + 5 + 0 = 12, write 2 carry 1` are read
too (the written digit and carry of the long form are checked).

Checked: the final answer equals the gold (the numeric checker); every line before the final
sentence is a step; each step's sum is right and its carry in is the previous step's carry out
(0 at the first); the digits written, the last carry in front, form the stated answer. When the
problem's question is known (`Gold.question`, `00047 + 00385`), every step must add the
question's own digits at its position, one step for each digit of the padded width: a model
that copies a digit wrongly and then adds correctly is caught. A wrong step that reaches the
right sum is `mismatch` with method `steps`. Pure string and integer work, bounded by MAX_STEPS.
"""

from __future__ import annotations

import re

from star_cli.answers.checker import Gold, NumericChecker, Pending, Verdict

_FINAL = re.compile(r"the answer is", re.IGNORECASE)
MAX_STEPS = 256  # a longer scratchpad is judged wrong without reading it
QUESTION = re.compile(r"\s*([0-9]+)\s*\+\s*([0-9]+)\s*")

STEP = re.compile(
    r"\s*([0-9])\s*\+\s*([0-9])\s*\+\s*([0-9])\s*=\s*([0-9]{1,2})"
    r"(?:\s*,\s*write\s+([0-9])\s*,?\s*(?:and\s+)?carry\s+([0-9]))?\s*[.;]?\s*"
)


def step_line(a: int, b: int, carry: int) -> str:
    """One scratchpad step: digits `a` and `b` with the carry in, and their sum in two digits
    (every step the same length, so each digit keeps its position in the scratchpad)."""
    return f"{a}+{b}+{carry}={a + b + carry:02d}"


def question_digits(question: str | None) -> list[tuple[int, int]] | None:
    """The digit pairs a question `00047 + 00385` asks to add, least significant first
    (the shorter operand padded with zeros), or None when it is not such a question."""
    if not isinstance(question, str) or len(question) > 2 * MAX_STEPS + 16:
        return None
    m = QUESTION.fullmatch(question)
    if m is None:
        return None
    width = max(len(m.group(1)), len(m.group(2)))
    a, b = m.group(1).zfill(width), m.group(2).zfill(width)
    return [(int(x), int(y)) for x, y in zip(reversed(a), reversed(b), strict=True)]


def scratchpad_digits(lines: list[str],
                      operands: list[tuple[int, int]] | None = None) -> str | None:
    """The sum the steps write (most significant first, the last carry in front, leading
    zeros dropped), or None when a line is no step, a step is wrong, or (given the question's
    `operands`) a step adds other digits or the step count is not the operands' width."""
    if not lines or len(lines) > MAX_STEPS:
        return None
    if operands is not None and len(operands) != len(lines):
        return None
    carry = 0
    written: list[str] = []
    for index, line in enumerate(lines):
        m = STEP.fullmatch(line)
        if m is None:
            return None
        a, b, c, s = (int(g) for g in m.groups()[:4])
        if c != carry or a + b + c != s:
            return None
        if m.group(5) is not None and (int(m.group(5)) != s % 10 or int(m.group(6)) != s // 10):
            return None
        if operands is not None and operands[index] != (a, b):
            return None
        written.append(str(s % 10))
        carry = s // 10
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
        lines = steps_before_answer(completion[:end])
        digits = scratchpad_digits(lines, question_digits(gold.question))
        correct = (digits is not None and gold.number is not None
                   and gold.number.denominator == 1 and int(digits) == gold.number.numerator)
        return Verdict(verdict.answer, correct, "match" if correct else "mismatch", verdict.end,
                       "steps", verdict.source)
