"""GSM8K: grade-school word problems; the gold is the number after `####`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from star_cli.answers.checker import NumericChecker
from star_cli.errors import InputError
from star_cli.records import Location, Problem
from star_cli.tasks.base import Task, record_id, require_text
from star_cli.tasks.exemplars import GSM8K_EXEMPLARS


def gold_after_hashes(answer: str) -> str | None:
    """`...#### 1,080` -> `1080`; None when the marker is missing."""
    _, sep, tail = answer.rpartition("####")
    if not sep:
        return None
    return tail.strip().replace(",", "") or None


class GSM8K(Task):
    """Grade-school word problems (GSM8K): the gold is the number after `####`."""

    name = "gsm8k"
    checker = NumericChecker()
    instruction = (
        "Solve each math word problem step by step, "
        'then give the final number as "The answer is N."'
    )
    exemplars = GSM8K_EXEMPLARS

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        question = require_text(record, "question", where, "the problem text")
        if "gold" in record and record["gold"] not in (None, ""):
            gold = require_text(record, "gold", where, "the gold answer")
        else:
            answer = require_text(record, "answer", where, "a solution ending in '#### N'")
            gold = gold_after_hashes(answer) or ""
            if not gold:
                raise InputError(
                    "has no '#### N' final answer",
                    path=where.path,
                    line=where.line,
                    field="answer",
                    fix="GSM8K solutions end with '#### <number>'; use --task generic otherwise",
                )
        return Problem(record_id(record, "id", question), question, gold)

    def gold_from_solution(self, solution: str) -> str | None:
        return gold_after_hashes(solution) or super().gold_from_solution(solution)
