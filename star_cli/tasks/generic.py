"""Any dataset: field names, a prompt template and a checker given by the user."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from star_cli.errors import UsageError
from star_cli.records import Choice, Location, Problem, Prompt
from star_cli.registry import CHECKERS
from star_cli.tasks.base import PromptOptions, Task, record_id, require, require_text
from star_cli.tasks.csqa import read_choices

DEFAULT_TEMPLATE = "Q: {question}\nA:"
DEFAULT_INSTRUCTION = (
    'Answer each question. Reason step by step, then end with "The answer is X."'
)


@dataclass(frozen=True)
class GenericOptions:
    question_field: str = "question"
    answer_field: str = "answer"
    id_field: str | None = "id"
    choices_field: str | None = None
    template: str | None = None  # contains {question}; {choices} optional
    hint_template: str | None = None  # rationalize: contains {question} and {answer}
    checker: str = "numeric"
    instruction: str = DEFAULT_INSTRUCTION


class Generic(Task):
    """Any dataset: the fields, the prompt template and the checker given by the user."""

    name = "generic"
    options_type = GenericOptions

    def __init__(self, options: GenericOptions | None = None) -> None:
        self.options = options or GenericOptions()
        self.checker = CHECKERS.get(self.options.checker).from_options()
        template = self.options.template
        if template is not None and "{question}" not in template:
            raise UsageError("the prompt template must contain the placeholder {question}")
        hint = self.options.hint_template
        if hint is not None and ("{question}" not in hint or "{answer}" not in hint):
            raise UsageError("the hint template must contain {question} and {answer}")
        self.instruction = self.options.instruction

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        o = self.options
        question = require_text(record, o.question_field, where, "the question text")
        gold = require_text(record, o.answer_field, where, "the gold answer")
        choices: tuple[Choice, ...] | None = None
        if o.choices_field:
            raw = require(record, o.choices_field, where, "the answer choices")
            choices = read_choices(raw, where, o.choices_field)
        return Problem(record_id(record, o.id_field, question, gold), question, gold, choices)

    def hinted_question(self, question: str, choices: Sequence[Choice] | None,
                        gold: str) -> tuple[str, str]:
        """With --hint-template, the user's words: `{question}` and `{answer}` filled in."""
        template = self.options.hint_template
        if template is None:
            return super().hinted_question(question, choices, gold)
        # The choices stay in view: "(Answer: B)" means nothing without them.
        shown = self.format_question(question, choices)
        text = template.replace("{question}", shown).replace("{answer}", gold)
        hint = template.replace("{question}", "").replace("{answer}", gold).strip()
        return text, hint

    def prompt(self, problem: Problem, options: PromptOptions) -> Prompt:
        if self.options.template is None:
            return super().prompt(problem, options)
        choices = ""
        if problem.choices:
            choices = "\n".join(f"({c.label.lower()}) {c.text}" for c in problem.choices)
        question = problem.question
        if options.hinted:
            question = self.hinted_question(problem.question, problem.choices, problem.gold)[0]
        # str.replace, not str.format: questions are full of LaTeX braces.
        text = self.options.template.replace("{question}", question)
        text = text.replace("{choices}", choices)
        if options.chat:
            return [{"role": "user", "content": text}]
        return text
