"""`--task capitals`: which city is a country's capital. Rows: `country`, `capital`, and an
optional `id`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from star_cli.records import Location, Problem
from star_cli.tasks.base import Exemplar, Task, record_id, require
from star_plugin_example.checker import CasefoldChecker


class Capitals(Task):
    name = "capitals"
    checker = CasefoldChecker()
    instruction = 'Answer each question. Reason briefly, then end with "The answer is CITY."'
    exemplars = (
        Exemplar("What is the capital of Australia?",
                 "Sydney is the largest city, but the seat of government is Canberra, built "
                 "as a compromise between Sydney and Melbourne. The answer is Canberra."),
        Exemplar("What is the capital of Canada?",
                 "Toronto is the largest city; Parliament sits in Ottawa. The answer is "
                 "Ottawa."),
    )

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        country = str(require(record, "country", where, "a country's name")).strip()
        capital = str(require(record, "capital", where, "its capital")).strip()
        question = f"What is the capital of {country}?"
        return Problem(record_id(record, "id", question), question, capital)
