"""Find the final answer in a completion. Pure string work: nothing here evaluates anything.

Every extractor returns an `Extraction` (the answer text and where it ends, so the rationale
can be cut there) or None. The patterns are linear-time and the scanned text is capped, so a
pathological completion costs at most a few milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SCAN = 200_000  # characters of a completion we look at; longer ones are junk anyway
MAX_ANSWER = 300  # characters an answer may span


@dataclass(frozen=True)
class Extraction:
    text: str
    end: int  # index in the completion just after the answer (and its closing period)


_ANS = rf"(?P<ans>[^\n]{{1,{MAX_ANSWER}}}?)"  # lazy and bounded: linear time
_END = r"\s*(?:\.(?=\s|$)|\n|$)"  # a sentence-final period, a newline or the end
_ANSWER_IS = re.compile(rf"\banswer\s+is\b\s*:?\s*{_ANS}{_END}", re.IGNORECASE)
_HASHES = re.compile(rf"####\s*{_ANS}\s*(?:\n|$)")
_ANSWER_COLON = re.compile(
    rf"(?:^|\n)\s*(?:final\s+)?answer\s*:\s*{_ANS}{_END}", re.IGNORECASE
)


_MEANINGFUL = re.compile(r"[\w\\]")


def _first(pattern: re.Pattern[str], text: str) -> Extraction | None:
    m = pattern.search(text[:MAX_SCAN])
    if m is None:
        return None
    ans = m.group("ans").strip()
    # "The answer is." names nothing: an answer needs a letter, digit or LaTeX command.
    return Extraction(ans, m.end()) if _MEANINGFUL.search(ans) else None


def answer_is(text: str) -> Extraction | None:
    """`The answer is X.`: the form star's prompts ask for; the first one counts."""
    return _first(_ANSWER_IS, text)


def hashes(text: str) -> Extraction | None:
    """`#### X`, GSM8K's own format."""
    return _first(_HASHES, text)


def answer_colon(text: str) -> Extraction | None:
    """`Answer: X` at the start of a line."""
    return _first(_ANSWER_COLON, text)


_BOXED = re.compile(r"\\(?:boxed|fbox)\s*\{")


def boxed(text: str) -> Extraction | None:
    """The last `\\boxed{...}` with balanced braces (nested braces allowed)."""
    text = text[:MAX_SCAN]
    starts = [m.end() for m in _BOXED.finditer(text)]
    for start in reversed(starts):
        depth, i = 1, start
        while i < len(text) and depth:
            c = text[i]
            if c == "\\" and i + 1 < len(text):
                i += 2  # an escaped brace \{ does not open or close
                continue
            depth += (c == "{") - (c == "}")
            i += 1
        if depth == 0:
            inner = text[start : i - 1].strip()
            if inner:
                return Extraction(inner, _past_closing(text, i))
    return None


def _past_closing(text: str, i: int) -> int:
    """Step over the `$` and `.` that usually close `$\\boxed{x}$.`, so the rationale keeps them."""
    while i < len(text) and text[i] in "$.)" and i < MAX_SCAN:
        i += 1
    return i


EXTRACTORS = {
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
