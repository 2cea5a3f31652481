"""The exact step labels of an addition scratchpad: which step is the first wrong one.

A scratchpad's steps are its lines (`star steps --step-sep lines`): one line per digit
position of the question's padded width, then the final-answer sentence. Step i holds when
it and every step before it are right, as the `addition-steps` checker judges a whole
scratchpad: a step line adds the question's own digits at its position with the carry the
steps before it produced, and writes their sum; the answer line states the sum. A line where
another is due (a step instead of the answer, an answer too early, anything after the
answer) is wrong there; a scratchpad that stops before its answer is wrong at its last step.

This is the truth `star steps`' rollout labels are measured against (steps.sh).
"""

from __future__ import annotations

from star_cli.answers import check
from star_cli.answers.addition import STEP, question_digits


def exact_first_error(question: str, steps: list[str]) -> int:
    """The index of the first wrong step, or -1 when every step holds."""
    operands = question_digits(question)
    if operands is None:
        raise ValueError(f"not an addition question: {question!r}")
    a, b = (int(x) for x in question.split(" + "))
    carry = 0
    for i, step in enumerate(steps):
        if i < len(operands):
            m = STEP.fullmatch(step)
            if m is None:
                return i
            x, y, c, s = (int(g) for g in m.groups()[:4])
            if (x, y) != operands[i] or c != carry or x + y + c != s:
                return i
            carry = s // 10
        elif i == len(operands):
            if not check(str(a + b), step, task="numeric").correct:
                return i
        else:
            return i
    return -1 if len(steps) == len(operands) + 1 else max(len(steps) - 1, 0)


def exact_labels(question: str, steps: list[str]) -> list[bool]:
    """Whether each step holds: those before the first wrong one."""
    first = exact_first_error(question, steps)
    return [first < 0 or i < first for i in range(len(steps))]


def question_of(prompt: str) -> str:
    """`00047 + 00385` from the addition task's prompt `Q: 00047 + 00385\\nA:`."""
    return prompt.rsplit("Q: ", 1)[1].split("\n", 1)[0].strip()
