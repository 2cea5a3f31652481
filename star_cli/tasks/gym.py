"""`--task gym`: procedural problems from reasoning-gym (`star problems gym:NAME`), scored by
each family's own scorer; the final answer goes in `<answer>…</answer>`, as reasoning-gym's
own prompts ask. The gold is JSON: the gold answer (null for the families that have none)
and the row's `gym` object, which the scorer needs (`checkers/gym.py`)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from star_cli.checkers.gym import GymChecker, gym_gold
from star_cli.errors import InputError
from star_cli.records import Choice, Location, Problem
from star_cli.tasks.base import Task, record_id, require_text


class Gym(Task):
    """Procedural reasoning problems (reasoning-gym families): correct only when the
    family's scorer gives exactly 1.0."""

    name = "gym"
    checker = GymChecker()
    exemplars = ()
    stop = ("\n\nQ:", "\nQ:")
    answer_format = "<answer>{answer}</answer>"

    def __init__(self) -> None:
        from star_cli.gym import INSTRUCTION

        self.instruction = INSTRUCTION.rstrip()

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        from star_cli.gym import family_info, refuse_broken
        from star_cli.gym.families import GymError

        question = require_text(record, "question", where, "the problem text")
        row = record.get("gym")
        if not isinstance(row, dict) or not isinstance(row.get("family"), str):
            raise InputError("missing (expected the gym object star problems writes)",
                             path=where.path, line=where.line, field="gym",
                             fix="make the problems with star problems gym:NAME")
        try:
            family_info(row["family"])
            refuse_broken(row["family"])
        except GymError as e:
            raise InputError(str(e), path=where.path, line=where.line,
                             field="gym.family") from None
        answer = record.get("gold")
        if answer is not None and not isinstance(answer, str):
            raise InputError("must be a string or null", path=where.path, line=where.line,
                             field="gold")
        gold = json.dumps({"answer": answer, "gym": row}, ensure_ascii=False, sort_keys=True)
        return Problem(record_id(record, "id", question), question, gold)

    def hinted_question(self, question: str, choices: Sequence[Choice] | None,
                        gold: str) -> tuple[str, str]:
        answer = gym_gold(gold).get("answer")
        hint = f"(Answer: {answer})"
        return f"{question} {hint}", hint

    def cannot_hint(self, problem: Problem) -> str | None:
        spec = gym_gold(problem.gold)
        if spec.get("answer") is None:
            return (f"gym:{spec['gym'].get('family')} has no gold answer (its scorer checks "
                    "answers itself), so there is no hint to show")
        return None

    def gold_from_solution(self, solution: str) -> str | None:
        return None
