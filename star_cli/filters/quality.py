"""Per-trace filters: verdict, finish, hint leaks, length, one final answer, patterns, and
decontamination against a reference set."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from star_cli.answers.checker import normalise
from star_cli.answers.extract import statements
from star_cli.answers.numeric import parse_number
from star_cli.errors import InputError
from star_cli.filters.base import FilterContext, Keep, Record, Step, TraceFilter
from star_cli.filters.features import text_of
from star_cli.filters.thinking import ThoughtReader
from star_cli.io.readers import read_records
from star_cli.records import utf8

NOT_LABELS = frozenset({"judge_error"})  # check reasons that decide nothing


class Judged(TraceFilter):
    """Drop a trace whose verdict is no label (a judge's reply broke its contract:
    `judge_error`): it is neither right nor wrong, so no filter setting keeps it."""

    name = "judged"

    def keep(self, trace: Record) -> Keep:
        reason = trace.get("check_reason")
        return (False, reason) if reason in NOT_LABELS else True


class Correct(TraceFilter):
    """Keep only traces judged correct (`correct` is true)."""

    name = "correct"

    def keep(self, trace: Record) -> Keep:
        return True if trace.get("correct") is True else (False, "incorrect")


class RequireMarker(TraceFilter):
    """Keep only answers read from a trusted marker (`The answer is`, `####`, ...): an answer
    taken from the final sentence (`fallback`) may be a number the model never committed to.
    Traces of runs older than the `answer_source` field cannot say, so they are dropped too,
    and counted in `legacy` so that the run can say once why."""

    name = "require_marker"
    UNTRUSTED = "fallback"

    def __init__(self) -> None:
        self.legacy = 0

    def keep(self, trace: Record) -> Keep:
        if "answer_source" not in trace:
            self.legacy += 1
            return False, "no_marker"
        source = trace["answer_source"]
        if not isinstance(source, str) or source in ("", self.UNTRUSTED):
            return False, "no_marker"
        return True


class Finished(TraceFilter):
    """Drop traces the engine cut at its token limit (`finish_reason` length)."""

    name = "finished"

    def keep(self, trace: Record) -> Keep:
        return (False, "truncated") if trace.get("finish_reason") == "length" else True


class NoHintLeak(TraceFilter):
    """Drop rationalized traces whose rationale gives the hint away."""

    name = "no_hint_leak"

    def keep(self, trace: Record) -> Keep:
        return (False, "hint_leak") if trace.get("hint_leak") is True else True


class Length(TraceFilter):
    """Bounds on completion tokens (the engine's count) or rationale characters."""

    name = "length"

    def __init__(self, min_tokens: int | None = None, max_tokens: int | None = None,
                 min_chars: int | None = None, max_chars: int | None = None) -> None:
        self.bounds = (min_tokens, max_tokens, min_chars, max_chars)

    def keep(self, trace: Record) -> Keep:
        min_tokens, max_tokens, min_chars, max_chars = self.bounds
        tokens = trace.get("tokens")
        if isinstance(tokens, int):
            if min_tokens is not None and tokens < min_tokens:
                return False, "too_few_tokens"
            if max_tokens is not None and tokens > max_tokens:
                return False, "too_many_tokens"
        elif min_tokens is not None or max_tokens is not None:
            return False, "no_token_count"
        chars = len(text_of(trace))
        if min_chars is not None and chars < min_chars:
            return False, "too_short"
        if max_chars is not None and chars > max_chars:
            return False, "too_long"
        return True


class SingleAnswer(TraceFilter):
    """Drop a rationale that states two different final answers: it hedges. A thinking
    model's thought may weigh several answers before it settles, so with a `reader` only
    the answer part after the thought is read."""

    name = "single_answer"

    def __init__(self, reader: ThoughtReader | None = None) -> None:
        self.reader = reader

    @classmethod
    def build(cls, context: FilterContext, **options: Any) -> Step:
        reader = None if context.reading.off else ThoughtReader(context.reading)
        return cls(reader, **options)

    def keep(self, trace: Record) -> Keep:
        keys = set()
        text = text_of(trace)
        if self.reader is not None:
            text = self.reader.answer_part(trace, text)
        for s in statements(text):
            value = parse_number(s)
            keys.add(value if value is not None else normalise(s))
            if len(keys) > 1:
                return False, "several_answers"
        return True


class Pattern(TraceFilter):
    """--require-regex / --exclude-regex, searched in the rationale."""

    name = "pattern"

    def __init__(self, require: str | None = None, exclude: str | None = None) -> None:
        self.require = re.compile(require) if require else None
        self.exclude = re.compile(exclude) if exclude else None

    def keep(self, trace: Record) -> Keep:
        text = text_of(trace)
        if self.require is not None and not self.require.search(text):
            return False, "missing_required_pattern"
        if self.exclude is not None and self.exclude.search(text):
            return False, "excluded_pattern"
        return True


NGRAM = 8
_WORDS = re.compile(r"\w+")


def ngrams(text: str, n: int = NGRAM) -> set[int]:
    """Hashes of the lower-cased word n-grams of `text` (8 bytes each, not the n-grams)."""
    words = _WORDS.findall(text.lower())
    return {
        int.from_bytes(hashlib.blake2b(utf8(" ".join(words[i : i + n])),
                                       digest_size=8).digest(), "big")
        for i in range(len(words) - n + 1)
    }


class Decontaminate(TraceFilter):
    """Drop problems whose question shares a word 8-gram with a reference set (open-r1's
    rule), so a benchmark's test questions never reach the training data."""

    name = "decontaminate"

    def __init__(self, reference_questions: Iterable[str]) -> None:
        self.reference: set[int] = set()
        for q in reference_questions:
            self.reference |= ngrams(q)
        self._seen: dict[str, bool] = {}

    @classmethod
    def build(cls, context: FilterContext, **options: Any) -> Step:
        """`--filter decontaminate:files=["test.jsonl"]`: the reference problem files."""
        files = options.pop("files", None)
        if isinstance(files, str):
            files = [files]
        if not files or not all(isinstance(f, str) for f in files):
            raise TypeError("decontaminate takes files=[PATH, ...], the reference problems")
        return cls(reference_questions(files), **options)

    def keep(self, trace: Record) -> Keep:
        question = trace.get("question")
        if not isinstance(question, str):
            return True
        key = str(trace.get("problem_id", question))
        if key not in self._seen:
            self._seen[key] = not self.reference.isdisjoint(ngrams(question))
        return (False, "contaminated") if self._seen[key] else True


def reference_questions(paths: Sequence[str]) -> Iterator[str]:
    """The questions of a reference (test) set, in any layout star reads."""
    for record, loc in read_records(list(paths)):
        q = record.get("question")
        if isinstance(q, dict):
            q = q.get("stem")
        if not isinstance(q, str):
            q = record.get("problem")
        if not isinstance(q, str):
            raise InputError("missing (the reference question)", path=loc.path, line=loc.line,
                             field="question", fix="--decontaminate takes problem files")
        yield q
