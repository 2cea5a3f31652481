"""What a task preset is: how to read a problem, prompt for it, and judge the answer."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from star_cli.answers.checker import Checker, Verdict
from star_cli.answers.choice import choice_label
from star_cli.answers.extract import boxed, first_of
from star_cli.errors import InputError
from star_cli.records import CHAT, TEXT, Choice, FewShot, Location, Problem, Prompt, utf8


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
    hinted: bool = False  # rationalization: the gold answer shown as a hint (never stored)


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


def text_of(value: Any, where: Location, field: str, expected: str) -> str:
    """A problem's text field by the one rule every task reads with: a string as it is; a
    number as its text (`3`, `2.5`); a list of exactly one of those as that one (`["#### 3"]`,
    as some datasets store an answer); anything else (a list of several answers, an object,
    true or false) refused, naming the file, line and field."""
    item = value
    if isinstance(value, list):
        if len(value) != 1:
            raise InputError(f"is a list of {len(value)} values (expected {expected}): give "
                             "one", path=where.path, line=where.line, field=field)
        item = value[0]
    if isinstance(item, str):
        return item
    if isinstance(item, int | float) and not isinstance(item, bool):
        return str(item)
    raise InputError(f"must be text, got {type(item).__name__} (expected {expected})",
                     path=where.path, line=where.line, field=field)


def require_text(record: Mapping[str, Any], dotted: str, where: Location,
                 expected: str) -> str:
    """`require`, then `text_of`: a present, non-empty text field, stripped."""
    text = text_of(require(record, dotted, where, expected), where, dotted, expected).strip()
    if not text:
        raise InputError(f"is empty (expected {expected})", path=where.path, line=where.line,
                         field=dotted)
    return text


def content_id(*parts: str) -> str:
    """A stable id for records that carry none: a hash of their content."""
    h = hashlib.blake2b(utf8("\x1f".join(parts)), digest_size=6)
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


# Explicit final-answer statements, the only ones a gold is read from (`gold_from_solution`).
MARKERS = ("answer_is", "hashes", "answer_colon", "boxed")


class Task:
    """Base preset. Subclasses set the class attributes and `read`; a task is registered by
    its `name` (`star_cli.registry.TASKS`). A task that takes options (the generic preset's
    field names and template) names their type in `options_type` and is built with them."""

    name: str = ""
    options_type: type | None = None
    checker: Checker
    instruction: str = ""
    exemplars: tuple[Exemplar, ...] = ()
    stop: tuple[str, ...] = ("\n\nQ:", "\nQ:")
    answer_format: str = "The answer is {answer}."
    hint_answer: str = "{answer}"  # how the gold is written inside a hint

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        raise NotImplementedError

    # -- prompts ---------------------------------------------------------------------------
    def format_question(self, question: str, choices: Sequence[Choice] | None,
                        correct: str | None = None) -> str:
        """The question with its lettered choices; `correct` marks one as STaR's hint does."""
        if not choices:
            return question
        lines = [question, "Answer Choices:"]
        for c in choices:
            mark = " (CORRECT)" if correct is not None and c.label.upper() == correct else ""
            lines.append(f"({c.label.lower()}) {c.text}{mark}")
        return "\n".join(lines)

    def hinted_question(self, question: str, choices: Sequence[Choice] | None,
                        gold: str) -> tuple[str, str]:
        """(the question with the gold answer shown, the hint as shown). STaR's formats: the
        right choice marked `(CORRECT)`; otherwise the answer in parentheses after the
        question."""
        label = gold.strip().upper()
        for c in choices or ():
            if c.label.upper() == label:
                hint = f"({c.label.lower()}) {c.text} (CORRECT)"
                return self.format_question(question, choices, correct=label), hint
        hint = f"(Answer: {self.hint_answer.replace('{answer}', gold)})"
        return f"{self.format_question(question, choices)} {hint}", hint

    def hint(self, problem: Problem) -> str:
        return self.hinted_question(problem.question, problem.choices, problem.gold)[1]

    def shots(self, options: PromptOptions) -> tuple[Exemplar, ...]:
        k = len(self.exemplars) if options.few_shot is None else options.few_shot
        return self.exemplars[: max(k, 0)]

    def prompt(self, problem: Problem, options: PromptOptions) -> Prompt:
        """The prompt the engine samples from; the shared few-shot block comes first for
        prefix caching. With `options.hinted` the exemplars and the question show their
        answers as hints."""
        shots = self.shots(options)
        question = self._question(problem.question, problem.choices, problem.gold, options)
        if options.chat:
            return self._chat(shots, question, options)
        return self.few_shot_block(options) + f"Q: {question}\nA:"

    def training_prompt(self, problem: Problem, options: PromptOptions) -> Prompt:
        """The prompt a trace stores, and a model trained on it should see: `prompt` without
        the exemplars and without a hint. Text: the instruction line, a blank line and
        `Q: question\nA:`; chat: the instruction as the system message and the question as
        the user's. `few_shot(options).insert()` of it is `prompt(problem, options)`."""
        return self.prompt(problem, replace(options, few_shot=0, hinted=False))

    def few_shot(self, options: PromptOptions) -> FewShot | None:
        """The exemplar block `prompt` inserts after the instruction; None when there are no
        exemplars (`--few-shot 0`, or a task without any). Built once per options."""
        cache = self.__dict__.setdefault("_few_shot", {})
        if options not in cache:
            cache[options] = self._make_few_shot(options)
        return cache[options]

    def _make_few_shot(self, options: PromptOptions) -> FewShot | None:
        shots = self.shots(options)
        if not shots:
            return None
        if options.chat:
            head = self._chat((), "", options)[:-1]
            body = self._chat(shots, "", options)[len(head):-1]
            return FewShot(self.name, CHAT, head, body)
        head = f"{self.instruction}\n\n" if self.instruction else ""
        return FewShot(self.name, TEXT, head, self.few_shot_block(options)[len(head):])

    def _question(self, question: str, choices: Sequence[Choice] | None, gold: str | None,
                  options: PromptOptions) -> str:
        if options.hinted and gold is not None:
            return self.hinted_question(question, choices, gold)[0]
        return self.format_question(question, choices)

    def _shot_question(self, ex: Exemplar, options: PromptOptions) -> str:
        gold = self.exemplar_gold(ex) if options.hinted else None
        return self._question(ex.question, ex.choices, gold, options)

    def few_shot_block(self, options: PromptOptions) -> str:
        """The instruction and exemplars, built once per options (every prompt shares it)."""
        cache = self.__dict__.setdefault("_blocks", {})
        if options not in cache:
            block = f"{self.instruction}\n\n" if self.instruction else ""
            for ex in self.shots(options):
                block += f"Q: {self._shot_question(ex, options)}\nA: {ex.rationale}\n\n"
            cache[options] = block
        return cache[options]

    def _chat(self, shots: Sequence[Exemplar], question: str,
              options: PromptOptions) -> list[dict[str, str]]:
        messages = [{"role": "system", "content": self.instruction}] if self.instruction else []
        for ex in shots:
            messages.append({"role": "user", "content": self._shot_question(ex, options)})
            messages.append({"role": "assistant", "content": ex.rationale})
        messages.append({"role": "user", "content": question})
        return messages

    def exemplar_gold(self, ex: Exemplar) -> str:
        """An exemplar's answer, read from its rationale by the preset's own checker (the
        tests check every exemplar that way, so this always finds one)."""
        found = self.checker.extract(ex.rationale, self.checker.prepare("", ex.choices))
        if found is None:
            raise ValueError(f"exemplar without a final answer: {ex.question[:40]!r}")
        if ex.choices:
            return choice_label(found.text, ex.choices) or found.text
        return found.text

    # -- answers ---------------------------------------------------------------------------
    def gold_from_solution(self, solution: str) -> str | None:
        """The final answer a worked solution states, read only from an explicit marker
        (never the checker's fallbacks: in a bare `\\frac{1}{3}` they would find `3`): the
        markers this task's checker tries, in its order; None without one. Presets whose
        datasets mark golds their own way (GSM8K's `####`, MATH's last box) say so first."""
        found = first_of(solution, tuple(n for n in self.checker.extractors if n in MARKERS))
        if found is None:
            return None
        inner = boxed(found.text) if "\\boxed" in found.text else None  # "is $\\boxed{5}$"
        return (inner or found).text

    def cannot_hint(self, problem: Problem) -> str | None:
        """Why `star rationalize` cannot show this problem's answer as a hint (None: it
        can): a problem without a gold answer has none to show."""
        return None

    def hint_leak(self, text: str, problem: Problem, gold: Any,
                  thinking: str | None = None) -> str | None:
        """The rule by which a rationalized rationale gives its hint away (None: it does not);
        `thinking` is its thought, scanned too (leaks.py)."""
        from star_cli.leaks import hint_leak

        return hint_leak(text, problem, self.checker, gold, thinking=thinking)

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
