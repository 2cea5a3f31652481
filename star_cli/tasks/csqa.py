"""CommonsenseQA: five lettered choices, gold `answerKey`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from star_cli.answers.checker import ChoiceChecker
from star_cli.errors import InputError
from star_cli.records import Choice, Location, Problem
from star_cli.tasks.base import Task, record_id, require, require_text
from star_cli.tasks.exemplars import CSQA_EXEMPLARS


def read_choices(raw: Any, where: Location, field: str) -> tuple[Choice, ...]:
    """Choices as `[{label, text}]` (the original files) or `{label: [...], text: [...]}` (HF)."""
    try:
        if isinstance(raw, Mapping):
            pairs = zip(raw["label"], raw["text"], strict=True)
        else:
            pairs = ((c["label"], c["text"]) for c in raw)
        choices = tuple(Choice(str(lab).strip(), str(txt).strip()) for lab, txt in pairs)
    except (KeyError, TypeError, ValueError):
        raise InputError(
            "expected a list of {label, text} objects",
            path=where.path,
            line=where.line,
            field=field,
        ) from None
    if not choices:
        raise InputError("has no choices", path=where.path, line=where.line, field=field)
    return choices


class CSQA(Task):
    """Multiple choice (CommonsenseQA, nested or flat layout): the gold is the answer's letter."""

    name = "csqa"
    checker = ChoiceChecker()
    instruction = (
        "Answer each multiple-choice question by reasoning step by step, "
        'then give the letter and text of the best choice as "The answer is (x) choice."'
    )
    exemplars = CSQA_EXEMPLARS

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        nested = isinstance(record.get("question"), Mapping)
        qfield = "question.stem" if nested else "question"
        cfield = "question.choices" if nested else "choices"
        question = require_text(record, qfield, where, "the question text")
        choices = read_choices(require(record, cfield, where, "the answer choices"), where, cfield)
        gold = require_text(record, "answerKey", where, "the right choice's letter")
        if gold.upper() not in {c.label.upper() for c in choices}:
            raise InputError(
                f"{gold!r} is not one of the choice labels",
                path=where.path,
                line=where.line,
                field="answerKey",
            )
        pid = record_id(record, "id", question, *(c.text for c in choices))
        return Problem(pid, question, gold.upper(), choices)
