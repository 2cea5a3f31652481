"""Find the final answer in a completion. Pure string work: nothing here evaluates anything.

Every extractor returns an `Extraction` (the answer text and where it ends, so the rationale
can be cut there) or None. Markers are found with bounded regular expressions and the answer
span is cut in plain Python, so the cost is linear in the text: a 200,000-character junk
completion takes milliseconds, not minutes. The scanned text is capped at MAX_SCAN.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

MAX_SCAN = 200_000  # characters of a completion we look at; longer ones are junk anyway
MAX_ANSWER = 300  # characters an answer may span

# A completion that runs on into a next question is judged on what came before it.
_RUN_ON = re.compile(r"\n[ \t]*(?:Q|Question|Problem)[ \t]*:")


@dataclass(frozen=True)
class Extraction:
    text: str
    end: int  # index in the completion just after the answer (and its closing period)


def judged_part(text: str) -> str:
    """The completion up to any run-on into a next question, capped at MAX_SCAN."""
    text = text[:MAX_SCAN]
    m = _RUN_ON.search(text)
    return text[: m.start()] if m else text


_ANSWER_IS = re.compile(r"\banswer[ \t]{1,8}is\b[ \t]{0,8}:?", re.IGNORECASE)
_HASHES = re.compile(r"####")
_ANSWER_COLON = re.compile(r"(?m)^[ \t]{0,8}(?:final[ \t]{1,8})?answer[ \t]{0,8}:", re.IGNORECASE)
_PERIOD_END = re.compile(r"\.(?=\s|$)")
_MEANINGFUL = re.compile(r"[\w\\]")


def _span(text: str, start: int, *, period_ends: bool = True) -> Extraction | None:
    """The answer that starts at `start`: up to a sentence-final period, a newline or the end,
    within MAX_ANSWER characters (else no answer: an answer that never ends is junk)."""
    while start < len(text) and text[start] in " \t":
        start += 1
    window = text[start : start + MAX_ANSWER + 1]
    newline = window.find("\n")
    line = window if newline == -1 else window[:newline]
    line_is_whole = newline != -1 or start + len(window) >= len(text)
    if period_ends and (m := _PERIOD_END.search(line)):
        end = m.start()
    elif line_is_whole:
        end = len(line)
    else:
        return None
    if end > MAX_ANSWER:
        return None
    answer = line[:end].strip()
    if not _MEANINGFUL.search(answer):  # "The answer is." names nothing
        return None
    closing = end + 1 if end < len(line) and line[end] == "." else end
    return Extraction(answer, start + closing)


def _last(pattern: re.Pattern[str], text: str, **kw: bool) -> Extraction | None:
    """The last marker that is followed by an answer: a model that corrects itself ("the
    answer is 7. Wait... The answer is 8.") means its last word."""
    found = None
    for m in pattern.finditer(text):
        span = _span(text, m.end(), **kw)
        if span is not None:
            found = span
    return found


def answer_is(text: str) -> Extraction | None:
    """`The answer is X.`: the form star's prompts ask for."""
    return _last(_ANSWER_IS, judged_part(text))


def hashes(text: str) -> Extraction | None:
    """`#### X`, GSM8K's own format (a period is part of the number here: `#### 3.5`)."""
    return _last(_HASHES, judged_part(text), period_ends=False)


def answer_colon(text: str) -> Extraction | None:
    """`Answer: X` at the start of a line."""
    return _last(_ANSWER_COLON, judged_part(text))


_BOX_TOKENS = re.compile(r"(?P<box>\\(?:boxed|fbox)[ \t]*\{)|\\.|[{}]", re.S)


def _box_spans(text: str) -> list[tuple[int, int]]:
    """(content start, closing brace) of every complete outermost `\\boxed{...}`, in one
    pass; an outer box replaces the boxes inside it."""
    stack: list[int | None] = []  # per open brace: where its box's content starts, or None
    found: list[tuple[int, int]] = []
    for m in _BOX_TOKENS.finditer(text):
        if m.lastgroup == "box":
            stack.append(m.end())
        elif m.group() == "{":
            stack.append(None)
        elif m.group() == "}" and stack:
            start = stack.pop()
            if start is not None and text[start : m.start()].strip():
                while found and found[-1][0] >= start:
                    found.pop()
                found.append((start, m.start()))
    return found


def boxed(text: str) -> Extraction | None:
    """The last complete `\\boxed{...}` (balanced braces, nested allowed)."""
    text = judged_part(text)
    spans = _box_spans(text)
    if not spans:
        return None
    start, close = spans[-1]
    return Extraction(text[start:close].strip(), _past_closing(text, close + 1))


def _past_closing(text: str, i: int) -> int:
    """Step over the `$` and `.` that usually close `$\\boxed{x}$.`, so the rationale keeps them."""
    stop = min(len(text), i + 4)
    while i < stop and text[i] in "$.)":
        i += 1
    return i


def all_boxed(text: str) -> list[str]:
    """The contents of every complete outermost `\\boxed{...}`, in order."""
    text = judged_part(text)
    return [text[a:b].strip() for a, b in _box_spans(text)]


def statements(text: str) -> list[str]:
    """Every final-answer statement in the text (`The answer is X`, `#### X`, `Answer: X`,
    each `\\boxed{X}`): a completion that states two different answers hedges."""
    text = judged_part(text)
    out = []
    for pattern, period_ends in ((_ANSWER_IS, True), (_HASHES, False), (_ANSWER_COLON, True)):
        for m in pattern.finditer(text):
            span = _span(text, m.end(), period_ends=period_ends)
            if span is not None and "\\boxed" not in span.text:
                out.append(span.text)
    return out + all_boxed(text)


EXTRACTORS: dict[str, Callable[[str], Extraction | None]] = {
    "answer_is": answer_is,
    "hashes": hashes,
    "answer_colon": answer_colon,
    "boxed": boxed,
}


def first_of(text: str, names: tuple[str, ...]) -> Extraction | None:
    """Try extractors in order; the first that finds an answer wins."""
    for name in names:
        found = EXTRACTORS[name](text)
        if found is not None:
            return found
    return None
