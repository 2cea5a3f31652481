"""Multiple-choice answers: find which lettered choice an answer names."""

from __future__ import annotations

import re
from collections.abc import Sequence

from star_cli.records import Choice

_PAREN = re.compile(r"\(\s*([A-Za-z])\s*\)")
_TEXT_PAREN = re.compile(r"\\text\{\s*\(?\s*([A-Za-z])\s*\)?\s*\}")
_BARE = re.compile(r"^\s*([A-Za-z])\s*(?:[).:]|$|\s)")


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip().lower().rstrip("."))


def choice_label(answer: str, choices: Sequence[Choice] | None) -> str | None:
    """The label (upper case) that `answer` picks, or None.

    Accepts `(b)`, `B`, `b)`, `\\text{(B)}`, `(e) blotter`, and the bare choice text.
    """
    labels = {c.label.upper() for c in choices} if choices else None
    for pattern in (_PAREN, _TEXT_PAREN, _BARE):
        m = pattern.search(answer)
        if m and (labels is None or m.group(1).upper() in labels):
            return m.group(1).upper()
    if choices:
        want = _norm(answer)
        for c in choices:
            if _norm(c.text) == want:
                return c.label.upper()
    return None
