"""The record types every command reads and writes: Problem, Trace, and the FewShot block.

A trace is one sampled completion with its verdict. Unknown fields (added by a user's
`jq`, say) are kept in `extra` and written back unchanged, so every command passes them on.

Schema 2: a trace's `prompt` is the prompt without the few-shot exemplars; the exemplars are
a `FewShot` block stored once per output directory (`io/few_shot.py`) and named by the
trace's `few_shot` field. Schema 1 traces (the whole sampled prompt, no `few_shot`) still read:
their `few_shot` is None and their prompt is the sampled one. Traces of thinking models
carry `thinking` and `thinking_tokens` (answers/thinking.py); older traces read with both None.

This is the bottom layer: it imports nothing of star but `errors`, so every other module may
import it (docs/architecture.md).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any, TypeGuard

SCHEMA_VERSION = 2

Prompt = str | list[dict[str, str]]


@dataclass(frozen=True)
class Choice:
    label: str
    text: str


@dataclass(frozen=True)
class Problem:
    """A problem as a task preset read it."""

    id: str
    question: str
    gold: str
    choices: tuple[Choice, ...] | None = None

    def choices_json(self) -> list[dict[str, str]] | None:
        if self.choices is None:
            return None
        return [{"label": c.label, "text": c.text} for c in self.choices]


@dataclass
class Trace:
    """One sample; field order here is the order written to JSON."""

    id: str
    problem_id: str
    question: str
    choices: list[dict[str, str]] | None
    gold: str
    prompt: Prompt
    completion: str
    rationale: str
    answer: str | None
    correct: bool
    source: str
    hint: str | None
    iteration: int
    sample: int
    model: str
    sampling: dict[str, Any]
    finish_reason: str | None
    tokens: int | None
    logprob: float | None
    checker: str
    # Why the checker said what it did (match, mismatch, no_answer, ambiguous, timeout, error)
    # and where the answer was read (a marker's name, or "fallback"); absent in older runs.
    check_reason: str | None = None
    answer_source: str | None = None
    # Schema 2: the name of the few-shot block the prompt was sampled with (None: zero-shot,
    # or a schema 1 trace whose prompt holds its exemplars). Written right after `prompt`.
    few_shot: str | None = None
    # Schema 2, thinking models: the thought's text without its delimiters (None: no thought;
    # the completion and rationale keep it, delimiters included) and its length in tokens.
    # Written on every trace, null without a thought, so every shard has the same columns:
    # `thinking` right after `rationale`, `thinking_tokens` right after `tokens`.
    thinking: str | None = None
    thinking_tokens: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {name: getattr(self, name) for name in _JSON_ORDER}
        d.update(self.extra)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Trace:
        """Build a trace from a JSON object; raises KeyError naming the first missing field."""
        known = {}
        for f in _TRACE_FIELDS:
            if f.name in d:
                known[f.name] = d[f.name]
            elif f.name in _OPTIONAL_FIELDS:
                known[f.name] = None
            else:
                raise KeyError(f.name)
        extra = {k: v for k, v in d.items() if k not in _TRACE_NAMES}
        return cls(**known, extra=extra)


@dataclass(frozen=True)
class Location:
    """Where a record came from, for error messages: a file (or `<stdin>`) and a line."""

    path: str
    line: int | None = None


def utf8(text: str) -> bytes:
    """`text` as UTF-8 bytes for hashing and keys. A lone surrogate (legal JSON, and in real
    data) keeps bytes of its own instead of raising, so every string a record holds has a
    key; any other text encodes as plain UTF-8, so keys made before are unchanged."""
    return text.encode("utf-8", "surrogatepass")


def is_count(value: Any) -> TypeGuard[int]:
    """A count (tokens, tests): a non-negative integer, and not a boolean."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


_KINDS = {str: "a string", bool: "true or false", int: "a whole number", float: "a number",
          list: "a list", dict: "an object"}


def trace_field(record: dict[str, Any], name: str, types: tuple[type, ...], *, path: str,
                line: int | None, fix: str, empty_ok: bool = False) -> Any:
    """A field every command reading traces needs, checked: one clear error naming the
    file, line and field, rather than a traceback later. `empty_ok`: an empty string is a
    value (a completion is empty when the model emitted EOS at once)."""
    from star_cli.errors import InputError

    value = record.get(name)
    if value is None or (value == "" and not empty_ok):
        raise InputError("missing", path=path, line=line, field=name, fix=fix)
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
        named = [t for t in types if not (t is int and float in types)]  # int or float: a number
        kinds = " or ".join(dict.fromkeys(_KINDS.get(t, t.__name__) for t in named))
        raise InputError(f"must be {kinds}, got {type(value).__name__}", path=path, line=line,
                         field=name, fix=fix)
    return value


def check_thought_fields(record: dict[str, Any], *, path: str, line: int | None,
                         fix: str) -> None:
    """A thinking model's `thinking` (a string or null) and `thinking_tokens` (a count or
    null), checked like `trace_field`: both are optional, but a value of another type is
    a file that is not star's traces (or was edited), not a thought to read past."""
    from star_cli.errors import InputError

    thinking = record.get("thinking")
    if thinking is not None and not isinstance(thinking, str):
        raise InputError(f"must be a string or null, got {type(thinking).__name__}",
                         path=path, line=line, field="thinking", fix=fix)
    tokens = record.get("thinking_tokens")
    if tokens is not None and not is_count(tokens):
        raise InputError(f"must be a non-negative integer or null, got {tokens!r:.60}",
                         path=path, line=line, field="thinking_tokens", fix=fix)


# The type of each field of a trace, checked wherever a trace is read (`check_trace`): one rule
# for every command. A field may be absent or null unless a command requires it.
TRACE_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,), "problem_id": (str,), "question": (str,), "gold": (str, int, float),
    "prompt": (str, list), "few_shot": (str,), "completion": (str,), "rationale": (str,),
    "thinking": (str,), "answer": (str, int, float), "correct": (bool,), "source": (str,),
    "hint": (str,),
    "iteration": (int,), "sample": (int,), "model": (str,), "sampling": (dict,),
    "finish_reason": (str,), "tokens": (int,), "thinking_tokens": (int,),
    "logprob": (int, float), "checker": (str,), "check_reason": (str,),
    "answer_source": (str,), "choices": (list,),
}
_COUNTS = ("tokens", "thinking_tokens", "sample", "iteration")
# Each field's types with null: one set lookup a field on the path every trace takes.
_ALLOWED = {name: frozenset((*types, type(None))) for name, types in TRACE_TYPES.items()}


def _shown(value: Any) -> str:
    """A bad value in an error line: a number or text as written, anything else by type."""
    if isinstance(value, bool | int | float | str):
        return f"{value!r:.60}"
    return type(value).__name__


def check_trace(record: dict[str, Any], *, path: str, line: int | None,
                required: tuple[str, ...] = (), fix: str = "") -> dict[str, Any]:
    """A trace read from a file, checked by the one rule every command shares: each field in
    `required` present (an empty completion is a completion), each field star knows of the
    type star writes (a boolean only as JSON true or false, counts as whole numbers, chat
    prompts and choices in their shape); the first failure is an InputError naming the file,
    line and field. Fields star does not know pass unchecked."""
    # Traces of one file mostly have one shape (fields, in order, and their types): a shape
    # that passed before needs only the checks of values (`_Plan`), not of every field.
    shape = (required, tuple(record), tuple(map(type, record.values())))
    plan = _PLANS.get(shape)
    if plan is not None and plan.passes(record):
        return record
    fresh = _Plan.of(record, required) if plan is None and len(_PLANS) < 256 else None
    _check_trace(record, path=path, line=line, required=required, fix=fix)
    if fresh is not None:  # made before the check turned numbers into text
        _PLANS[shape] = fresh
    return record


def check_traces(records: list[dict[str, Any]], *, path: str, lines: list[int],
                 required: tuple[str, ...] = (), fix: str = "") -> None:
    """`check_trace` for each record (at `lines` of `path`), in order: a record of the
    shape of the one before it reuses its plan without looking it up again."""
    last_keys: tuple[str, ...] | None = None
    last_types: tuple[type, ...] | None = None
    plan: _Plan | None = None
    for record, line in zip(records, lines, strict=True):
        keys, types = tuple(record), tuple(map(type, record.values()))
        if plan is not None and keys == last_keys and types == last_types \
                and plan.passes(record):
            continue
        check_trace(record, path=path, line=line, required=required, fix=fix)
        plan = _PLANS.get((required, keys, types))
        last_keys, last_types = keys, types


class _Plan:
    """What is left to check of a trace whose shape passed `check_trace` before: counts at
    0 or more, required strings not empty, chat prompts and choices in their shape; and
    numbers in gold and answer made text (as `check_trace` does)."""

    def __init__(self, counts: tuple[str, ...], filled: tuple[str, ...], deep: bool,
                 numbers: tuple[str, ...]) -> None:
        self.counts, self.filled, self.deep, self.numbers = counts, filled, deep, numbers

    @classmethod
    def of(cls, record: dict[str, Any], required: tuple[str, ...]) -> _Plan:
        return cls(tuple(n for n in _COUNTS if record.get(n) is not None),
                   tuple(n for n in required if n not in ("completion", "rationale")
                         and type(record.get(n)) is str),
                   type(record.get("prompt")) is list or type(record.get("choices")) is list,
                   tuple(n for n in ("gold", "answer") if type(record.get(n)) in (int, float)))

    def passes(self, record: dict[str, Any]) -> bool:
        if self.deep:  # lists to look into, as the whole check does
            prompt, choices = record.get("prompt"), record.get("choices")
            if type(prompt) is list and not all(
                    isinstance(m, dict) and isinstance(m.get("role"), str)
                    and isinstance(m.get("content"), str | list) for m in prompt):
                return False
            if type(choices) is list and not all(
                    isinstance(c, dict) and isinstance(c.get("label"), str)
                    and isinstance(c.get("text"), str) for c in choices):
                return False
        for name in self.counts:
            if record[name] < 0:
                return False
        for name in self.filled:
            if record[name] == "":
                return False
        for name in self.numbers:
            record[name] = str(record[name])
        return True


_PLANS: dict[tuple[Any, ...], _Plan] = {}


def _check_trace(record: dict[str, Any], *, path: str, line: int | None,
                 required: tuple[str, ...], fix: str) -> None:
    from star_cli.errors import InputError

    for name in required:
        trace_field(record, name, TRACE_TYPES.get(name, (object,)), path=path, line=line,
                    fix=fix, empty_ok=name in ("completion", "rationale"))
    allowed_of = _ALLOWED.get
    for name, value in record.items():  # every trace passes here: exact types, no isinstance
        allowed = allowed_of(name)
        if allowed is not None and type(value) not in allowed:
            kinds = " or ".join(dict.fromkeys(
                _KINDS.get(t, t.__name__) for t in TRACE_TYPES[name]
                if not (t is int and float in TRACE_TYPES[name])))
            if name in _COUNTS:
                kinds = "a whole number of 0 or more"
            raise InputError(f"must be {kinds} or null, got {_shown(value)}", path=path,
                             line=line, field=name, fix=fix)
    for name in _COUNTS:
        value = record.get(name)
        if value is not None and value < 0:
            raise InputError(f"must be a whole number of 0 or more or null, got {value!r:.60}",
                             path=path, line=line, field=name, fix=fix)
    prompt = record.get("prompt")
    if type(prompt) is list and not all(
            isinstance(m, dict) and isinstance(m.get("role"), str)
            and isinstance(m.get("content"), str | list) for m in prompt):
        raise InputError("chat messages need string role and content", path=path, line=line,
                         field="prompt", fix=fix)
    choices = record.get("choices")
    if isinstance(choices, list) and not all(
            isinstance(c, dict) and isinstance(c.get("label"), str)
            and isinstance(c.get("text"), str) for c in choices):
        raise InputError("must be a list of {label, text}", path=path, line=line,
                         field="choices", fix=fix)
    for name in ("gold", "answer"):  # a number in a user's file is its text
        value = record.get(name)
        if type(value) is int or type(value) is float:
            record[name] = str(value)


def trace_id(problem_id: str, source: str, iteration: int, sample: int) -> str:
    """Unique and stable: the same problem, stage, iteration and sample get the same id."""
    return f"{problem_id}/{source}/it{iteration}/s{sample}"


_TRACE_FIELDS = tuple(f for f in fields(Trace) if f.name != "extra")
_TRACE_NAMES = frozenset(f.name for f in _TRACE_FIELDS)
_OPTIONAL_FIELDS = frozenset(
    {"choices", "hint", "finish_reason", "tokens", "logprob", "answer", "rationale",
     "check_reason", "answer_source", "few_shot", "thinking", "thinking_tokens"}
)
# Fields declared last (they have defaults) but written next to the field they belong with.
_PLACED_AFTER = {"few_shot": "prompt", "thinking": "rationale", "thinking_tokens": "tokens"}


def _json_order() -> tuple[str, ...]:
    order = [f.name for f in _TRACE_FIELDS if f.name not in _PLACED_AFTER]
    for name, anchor in _PLACED_AFTER.items():
        order.insert(order.index(anchor) + 1, name)
    return tuple(order)


_JSON_ORDER = _json_order()


# -- few-shot blocks --------------------------------------------------------------------------
TEXT, CHAT = "text", "chat"


@dataclass(frozen=True)
class FewShot:
    """The exemplars prompts were sampled with, stored once per output directory.

    The sampled prompt is the stored prompt with `exemplars` inserted right after `prefix`,
    the task's instruction that every stored prompt starts with: for text, the instruction
    line and its blank line (`""` without one) and `exemplars` the `Q: ...\nA: ...\n\n`
    blocks; for chat, the system message (none without an instruction) and `exemplars` the
    user/assistant turns. The exemplars therefore come before the question, as one shared
    prefix the engine can cache. `name` is derived from the content, so every rank of a run
    writes the same file under the same name.
    """

    task: str
    format: str  # "text" or "chat"
    prefix: Prompt
    exemplars: Prompt

    @property
    def name(self) -> str:
        return block_name(self.content())

    def content(self) -> dict[str, Any]:
        """The block as its file holds it, without the name."""
        return {"task": self.task, "format": self.format, "prefix": self.prefix,
                "exemplars": self.exemplars}

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, **self.content()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FewShot:
        """A block read from a file; ValueError when it is not well formed."""
        if not isinstance(d, dict):
            raise ValueError("not a JSON object")
        task, fmt = d.get("task"), d.get("format")
        if not isinstance(task, str) or fmt not in (TEXT, CHAT):
            raise ValueError("needs a string 'task' and a 'format' of text or chat")
        kind = str if fmt == TEXT else list
        prefix, exemplars = d.get("prefix"), d.get("exemplars")
        if not isinstance(prefix, kind) or not isinstance(exemplars, kind):
            raise ValueError(f"'prefix' and 'exemplars' must be {kind.__name__}s for {fmt}")
        if fmt == CHAT and not all(_is_message(m) for m in [*prefix, *exemplars]):
            raise ValueError("chat messages need string role and content")
        return cls(task, fmt, prefix, exemplars)

    def insert(self, prompt: Prompt) -> Prompt:
        """The sampled prompt from a stored one; ValueError when `prompt` does not start
        with this block's prefix (it was not built with this block)."""
        if self.format == TEXT:
            if not isinstance(prompt, str) or not prompt.startswith(str(self.prefix)):
                raise ValueError("the prompt is not text starting with the block's instruction")
            at = len(self.prefix)
            return prompt[:at] + str(self.exemplars) + prompt[at:]
        at = len(self.prefix)
        if not isinstance(prompt, list) or prompt[:at] != self.prefix:
            raise ValueError("the prompt is not chat messages starting with the block's "
                             "system message")
        return [*prompt[:at], *self.exemplars, *prompt[at:]]


def block_name(content: dict[str, Any]) -> str:
    """`{task}-{16 hex digits of the content's sha256}`: the same block, the same name."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(utf8(text)).hexdigest()[:16]
    task = "".join(c if c.isalnum() or c in "_-" else "_" for c in str(content["task"]))
    return f"{task or 'task'}-{digest}"


def _is_message(m: Any) -> bool:
    return isinstance(m, dict) and isinstance(m.get("role"), str) and \
        isinstance(m.get("content"), str)


__all__ = ["CHAT", "SCHEMA_VERSION", "TEXT", "Choice", "FewShot", "Location", "Problem", "Prompt",
           "TRACE_TYPES", "Trace", "block_name", "check_trace", "is_count", "trace_field",
           "trace_id", "utf8"]
