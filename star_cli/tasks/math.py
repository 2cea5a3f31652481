"""MATH-style problems: LaTeX answers in `\\boxed{}`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from star_cli.answers.checker import MathChecker
from star_cli.answers.extract import boxed
from star_cli.errors import InputError
from star_cli.records import Location, Problem
from star_cli.tasks.base import Task, record_id, require_text, text_of
from star_cli.tasks.exemplars import MATH_EXEMPLARS


class Math(Task):
    """Competition math (MATH, and LaTeX answers generally): the gold is `answer` or the last
    `\\boxed{}` of `solution`."""

    name = "math"
    checker = MathChecker()
    instruction = (
        "Solve each problem step by step. "
        "Put the final answer in \\boxed{} and end with \"The answer is \\boxed{ANSWER}.\""
    )
    exemplars = MATH_EXEMPLARS
    hint_answer = "${answer}$"

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        qfield = "problem" if "problem" in record else "question"
        question = require_text(record, qfield, where, "the problem text")
        gold = self._gold(record, where)
        return Problem(record_id(record, "id", question), question, gold)

    def _gold(self, record: Mapping[str, Any], where: Location) -> str:
        for name in ("gold", "answer"):
            value = record.get(name)
            if value not in (None, ""):
                return text_of(value, where, name, "the final answer").strip()
        solution = record.get("solution")
        if isinstance(solution, str) and (found := boxed(solution)):
            return found.text
        raise InputError(
            "no gold answer",
            path=where.path,
            line=where.line,
            field="answer",
            fix="give an 'answer' field, or a 'solution' with a \\boxed{} answer",
        )

    def gold_from_solution(self, solution: str) -> str | None:
        box = boxed(solution)  # MATH's solutions end in their last box
        return box.text if box is not None else super().gold_from_solution(solution)
