"""Filters for the traces of thinking models: unfinished thoughts, and the thought's length.

Both read a trace's thought as `--thinking` and `--think-tags` say (answers/thinking.py). A
trace judged by a star that knew thoughts says `check_reason: unfinished_thought`; an older
one is read again from its completion, so an unfinished thought judged correct by an older
star is dropped all the same.
"""

from __future__ import annotations

from typing import Any

from star_cli.answers.thinking import (
    UNFINISHED,
    ThinkingOptions,
    Thought,
    approx_tokens,
)
from star_cli.filters.base import FilterContext, Keep, Record, Step, TraceFilter
from star_cli.records import is_count


class ThoughtReader:
    """A trace's thought, split once per trace and text however many filters ask: the
    filters see one trace at a time, so remembering the last split of each kind is enough
    (the record and text are held, not their ids, which a freed object could pass on)."""

    # Splits remembered, by the text's size: the filters may see a block of traces one
    # filter at a time (filters/base.TraceChain.block), so each asks for every trace's split.
    KEEP_CHARS = 1 << 23

    def __init__(self, options: ThinkingOptions) -> None:
        self.options = options
        self._last: dict[tuple[str, int], tuple[Record, str, Thought]] = {}
        self._chars = 0

    def thought(self, trace: Record) -> Thought:
        """The thought of the trace's completion."""
        text = trace.get("completion")
        return self._split(trace, "completion", text if isinstance(text, str) else "")

    def answer_part(self, trace: Record, text: str) -> str:
        """The part of `text` (the trace's rationale, as a filter reads it) after its
        thought; all of it without one."""
        return self._split(trace, "text", text).answer_part(text)

    def _split(self, trace: Record, kind: str, text: str) -> Thought:
        seen = self._last.get((kind, id(trace)))  # the trace is held: its id is its own
        if seen is not None and seen[0] is trace and seen[1] is text:
            return seen[2]
        thought = self.options.split(text)
        if self._chars + len(text) > self.KEEP_CHARS:
            self._last.clear()
            self._chars = 0
        self._last[(kind, id(trace))] = (trace, text, thought)
        self._chars += len(text)
        return thought


class FinishedThought(TraceFilter):
    """Drop a trace whose thought never closed: it has no final answer."""

    name = "finished_thought"

    def __init__(self, reader: ThoughtReader) -> None:
        self.reader = reader
        options = reader.options
        # --thinking auto: a completion with neither tag has no thought (answers/thinking.py)
        self.tags = (options.tags.start, options.tags.end) if options.mode == "auto" else None
        # The longest text both tags hold (`think>`): a completion without it has neither
        # tag, found in one scan of it instead of two.
        self.common = _common(*self.tags) if self.tags is not None else ""

    @classmethod
    def build(cls, context: FilterContext, **options: Any) -> Step:
        return cls(ThoughtReader(context.reading), **options)

    def keep(self, trace: Record) -> Keep:
        if trace.get("check_reason") == UNFINISHED:
            return False, UNFINISHED
        text = trace.get("completion")
        if self.tags is not None and isinstance(text, str) and (
                (self.common and self.common not in text)
                or (self.tags[0] not in text and self.tags[1] not in text)):
            return True  # no tag: no thought, so none unfinished
        if self.reader.thought(trace).unfinished:
            return False, UNFINISHED
        return True


def _common(a: str, b: str) -> str:
    """The longest string that is part of both `a` and `b` (the first such in `a`)."""
    for size in range(min(len(a), len(b)), 0, -1):
        for start in range(len(a) - size + 1):
            if a[start : start + size] in b:
                return a[start : start + size]
    return ""


class ThinkingLength(TraceFilter):
    """Bounds on the thought's tokens: the trace's `thinking_tokens`, else the estimate of
    the thought read from its completion. A trace without a thought has 0."""

    name = "thinking_length"

    def __init__(self, reader: ThoughtReader, min_tokens: int | None = None,
                 max_tokens: int | None = None) -> None:
        self.reader = reader
        self.min_tokens, self.max_tokens = min_tokens, max_tokens

    @classmethod
    def build(cls, context: FilterContext, **options: Any) -> Step:
        return cls(ThoughtReader(context.reading), **options)

    def keep(self, trace: Record) -> Keep:
        n = self.tokens(trace)
        if self.min_tokens is not None and n < self.min_tokens:
            return False, "too_few_thinking_tokens"
        if self.max_tokens is not None and n > self.max_tokens:
            return False, "too_many_thinking_tokens"
        return True

    def tokens(self, trace: Record) -> int:
        given: Any = trace.get("thinking_tokens")
        if is_count(given):
            return given
        thinking = trace.get("thinking")
        if not isinstance(thinking, str) and not self.reader.options.off:
            thinking = self.reader.thought(trace).thinking
        return approx_tokens(thinking) if isinstance(thinking, str) else 0
