"""The two record types every command reads and writes: Problem and Trace.

A trace is one sampled completion with its verdict. Unknown fields (added by a user's
`jq`, say) are kept in `extra` and written back unchanged, so every command passes them on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any

SCHEMA_VERSION = 1

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
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in _TRACE_FIELDS}
        d.update(self.extra)
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

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


_KINDS = {str: "a string", bool: "true or false", int: "a number", float: "a number",
          list: "a list"}


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
        kinds = " or ".join(dict.fromkeys(_KINDS.get(t, t.__name__) for t in types))
        raise InputError(f"must be {kinds}, got {type(value).__name__}", path=path, line=line,
                         field=name, fix=fix)
    return value


def trace_id(problem_id: str, source: str, iteration: int, sample: int) -> str:
    """Unique and stable: the same problem, stage, iteration and sample get the same id."""
    return f"{problem_id}/{source}/it{iteration}/s{sample}"


_TRACE_FIELDS = tuple(f for f in fields(Trace) if f.name != "extra")
_TRACE_NAMES = frozenset(f.name for f in _TRACE_FIELDS)
_OPTIONAL_FIELDS = frozenset(
    {"choices", "hint", "finish_reason", "tokens", "logprob", "answer", "rationale",
     "check_reason", "answer_source"}
)

__all__ = ["SCHEMA_VERSION", "Choice", "Problem", "Prompt", "Trace", "trace_field", "trace_id"]
