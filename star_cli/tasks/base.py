"""What a task preset is: how to read a problem, prompt for it, and judge the answer."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from star_cli.answers.checker import Checker, Verdict
from star_cli.errors import InputError
from star_cli.records import Choice, Problem, Prompt


@dataclass(frozen=True)
class Location:
    """Where a record came from, for error messages."""

    path: str
    line: int | None = None


@dataclass(frozen=True)
class Exemplar:
    """A worked few-shot example; `rationale` ends with the task's final-answer sentence."""

    question: str
    rationale: str
    choices: tuple[Choice, ...] | None = None


@dataclass(frozen=True)
class PromptOptions:
    few_shot: int | None = None  # None: every exemplar the preset has
    chat: bool = False


def get_field(record: Mapping[str, Any], dotted: str) -> Any:
    """`record["a"]["b"]` for `a.b`; KeyError when any part is missing."""
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise KeyError(dotted)
        value = value[part]
    return value


def require(record: Mapping[str, Any], dotted: str, where: Location, expected: str) -> Any:
    try:
        value = get_field(record, dotted)
    except KeyError:
        raise InputError(
            f"missing (expected {expected})",
            path=where.path,
            line=where.line,
            field=dotted,
            fix=f"present fields: {', '.join(sorted(record)) or 'none'}",
        ) from None
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError(
            f"is empty (expected {expected})", path=where.path, line=where.line, field=dotted
        )
    return value


def content_id(*parts: str) -> str:
    """A stable id for records that carry none: a hash of their content."""
    h = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=6)
    return h.hexdigest()


def record_id(record: Mapping[str, Any], field: str | None, *content: str) -> str:
    """The record's own id from `field` (a.b path), else a hash of `content`."""
    value = None
    if field:
        try:
            value = get_field(record, field)
        except KeyError:
            value = None
    return content_id(*content) if value in (None, "") else str(value)


class Task:
    """Base preset. Subclasses set the class attributes and `read`."""

    name: str = ""
    checker: Checker
    instruction: str = ""
    exemplars: tuple[Exemplar, ...] = ()
    stop: tuple[str, ...] = ("\n\nQ:", "\nQ:")
    answer_format: str = "The answer is {answer}."

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        raise NotImplementedError

    # -- prompts ---------------------------------------------------------------------------
    def format_question(self, question: str, choices: Sequence[Choice] | None) -> str:
        if not choices:
            return question
        lines = [question, "Answer Choices:"]
        lines += [f"({c.label.lower()}) {c.text}" for c in choices]
        return "\n".join(lines)

    def shots(self, options: PromptOptions) -> tuple[Exemplar, ...]:
        k = len(self.exemplars) if options.few_shot is None else options.few_shot
        return self.exemplars[: max(k, 0)]

    def prompt(self, problem: Problem, options: PromptOptions) -> Prompt:
        """The prompt for `problem`; the shared few-shot block comes first for prefix caching."""
        shots = self.shots(options)
        question = self.format_question(problem.question, problem.choices)
        if options.chat:
            return self._chat(shots, question)
        return self.few_shot_block(options) + f"Q: {question}\nA:"

    def few_shot_block(self, options: PromptOptions) -> str:
        block = f"{self.instruction}\n\n" if self.instruction else ""
        for ex in self.shots(options):
            block += f"Q: {self.format_question(ex.question, ex.choices)}\nA: {ex.rationale}\n\n"
        return block

    def _chat(self, shots: Sequence[Exemplar], question: str) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": self.instruction}] if self.instruction else []
        for ex in shots:
            messages.append(
                {"role": "user", "content": self.format_question(ex.question, ex.choices)}
            )
            messages.append({"role": "assistant", "content": ex.rationale})
        messages.append({"role": "user", "content": question})
        return messages

    # -- answers ---------------------------------------------------------------------------
    def truncate(self, completion: str) -> str:
        """Cut a completion at the first stop sequence the engine did not honour."""
        cut = len(completion)
        for s in self.stop:
            i = completion.find(s)
            if i != -1:
                cut = min(cut, i)
        return completion[:cut]

    def rationale(self, completion: str, verdict: Verdict) -> str:
        """The completion up to the end of its final answer: no run-on into a next question."""
        text = completion if verdict.end is None else completion[: verdict.end]
        return text.strip()
