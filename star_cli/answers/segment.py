"""Rationales as steps: where each step of a rationale begins and ends.

Process supervision (`star steps`, `star score --kind prm`) labels or scores a rationale step
by step, so both must cut it the same way. A step is a span of the rationale's own text
(`Span(start, end)`, no surrounding whitespace), so the prefix a rollout continues from is
the rationale's exact text up to where the next step begins, separator included.

Separators (`--step-sep`):

- `paragraphs` (the default): blank lines; a step is a paragraph;
- `lines`: line breaks; a step is a non-empty line (the addition scratchpad's steps);
- any other text, with `\\n` and `\\t` read as a line break and a tab: cut at each
  occurrence, which belongs to no step (as `str.split`).

A fenced code block (a line opening with three or more backticks or tildes, to the line that
closes it, or to the end) is never cut: a program with blank lines in it is one step, or part
of one. Empty and whitespace-only pieces are no steps.

Thinking models: when the rationale holds a thought (`answers/thinking.py`), its steps are
the thought's, split the same way, followed by the answer part after the thought as one last
step (when there is one). A thought that never closed gives its steps and no answer step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from star_cli.answers.thinking import ThinkingOptions
from star_cli.errors import UsageError

PARAGRAPHS = "paragraphs"
LINES = "lines"
_PATTERNS = {PARAGRAPHS: re.compile(r"\n[ \t\r\f\v]*\n\s*"), LINES: re.compile(r"\n\s*")}
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)
_FENCE_AT = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_OFF = ThinkingOptions("off")


class Span(NamedTuple):
    """A step: `text[start:end]`, with no whitespace at either end."""

    start: int
    end: int


@dataclass(frozen=True)
class StepSep:
    """How a rationale is cut into steps: `paragraphs`, `lines`, or a literal separator."""

    spec: str = PARAGRAPHS  # what the user gave: paragraphs, lines, or the text (escapes read)

    @property
    def text(self) -> str | None:
        """The literal separator, or None for paragraphs and lines."""
        return None if self.spec in _PATTERNS else self.spec

    def pattern(self) -> re.Pattern[str]:
        named = _PATTERNS.get(self.spec)
        return named if named is not None else re.compile(re.escape(self.spec))


def step_sep(value: str | None) -> StepSep:
    """`--step-sep` read: None or `paragraphs` (blank lines), `lines`, or a text in which
    `\\n`, `\\t` and `\\\\` are a line break, a tab and a backslash. A UsageError (exit 2)
    for an empty or all-space separator, which would cut everywhere or nowhere."""
    if value is None:
        return StepSep()
    if value in _PATTERNS:
        return StepSep(value)
    text = re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}.get(m.group(1),
                                                                          m.group(0)), value)
    if text == "\n":
        return StepSep(LINES)
    if not text or (text.isspace() and "\n" not in text):
        raise UsageError(f"--step-sep {value!r}: give paragraphs, lines, or a separator "
                         "that is not empty or spaces only")
    return StepSep(text)


def split_steps(text: str, sep: StepSep = StepSep(),
                thinking: ThinkingOptions = _OFF) -> list[Span]:
    """The steps of `text` (a rationale), in order; see the module docstring."""
    thought = thinking.split(text)
    if not thought.present:
        return _split(text, 0, len(text), sep)
    close = thought.answer_start - len(thinking.tags.end) if thought.closed else len(text)
    head = text[:close].rstrip()
    start = len(head) - len(thought.thinking or "")
    steps = _split(text, start, len(head), sep) if thought.thinking else []
    if thought.closed:
        answer = _trimmed(text, thought.answer_start, len(text))
        if answer is not None:
            steps.append(answer)
    return steps


def step_texts(text: str, spans: list[Span]) -> list[str]:
    return [text[s.start:s.end] for s in spans]


def _split(text: str, lo: int, hi: int, sep: StepSep) -> list[Span]:
    """The steps of text[lo:hi]: cut at each separator outside a code fence."""
    fences = _fences(text, lo, hi)
    steps: list[Span] = []
    at = lo
    k = 0  # the first fence that ends after the separator (fences and separators in order:
    # each separator weighed against that one, not every fence, thousands of each took seconds)
    for m in sep.pattern().finditer(text, lo, hi):
        while k < len(fences) and fences[k][1] <= m.start():
            k += 1
        if k < len(fences) and fences[k][0] < m.end():
            continue
        if (span := _trimmed(text, at, m.start())) is not None:
            steps.append(span)
        at = m.end()
    if (span := _trimmed(text, at, hi)) is not None:
        steps.append(span)
    return steps


def _fences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The fenced code blocks of text[lo:hi], as (start, end) from the opening fence's line
    to the end of the closing one (or `hi` when the block never closes). A separator that
    touches a block is not cut at; the text before and after it are still cut."""
    out: list[tuple[int, int]] = []
    opened: tuple[int, str] | None = None
    # MULTILINE's ^ matches after a line break, not at `lo` (a thought's first line).
    first = _FENCE_AT.match(text, lo, hi) if lo and text[lo - 1] != "\n" else None
    for m in ([first] if first else []) + list(_FENCE.finditer(text, lo, hi)):
        marker = m.group(1)
        if opened is None:
            opened = (m.start(), marker)
        elif marker[0] == opened[1][0] and len(marker) >= len(opened[1]):
            end = text.find("\n", m.end(), hi)
            out.append((opened[0], hi if end == -1 else end))
            opened = None
    if opened is not None:
        out.append((opened[0], hi))
    return out


def _trimmed(text: str, lo: int, hi: int) -> Span | None:
    piece = text[lo:hi]
    stripped = piece.strip()
    if not stripped:
        return None
    start = lo + (len(piece) - len(piece.lstrip()))
    return Span(start, start + len(stripped))


__all__ = ["LINES", "PARAGRAPHS", "Span", "StepSep", "split_steps", "step_sep", "step_texts"]
