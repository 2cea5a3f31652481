"""Text hygiene before matching: characters a model or a file may carry that change nothing
a reader sees, but break a comparison (`3\\x00`, `1\\u200b000`, full-width `４２`).

`hygienic` cleans an answer read from a completion: invisible characters and lone
surrogates (half a character, left by a bad decode) become spaces, full-width ASCII forms
become ASCII, and a zero-width character between two digits goes (`1\u200b620` shows 1620,
as a reader sees it).
"""

from __future__ import annotations

import re

# NUL and C0 controls other than tab/newline/CR, zero-width and bidi controls, BOM.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff]"
)
# A zero-width space, joiner or word joiner, or a BOM, between digits: nothing a reader sees.
_IN_NUMBER = re.compile("(?<=[0-9\uff10-\uff19])[\u200b-\u200d\u2060\ufeff]+(?=[0-9\uff10-\uff19])")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Full-width forms, and the spaces that group digits in many locales (no-break, narrow
# no-break, thin, figure): `1\u00a0000` is 1 000.
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {
    0x3000: 0x20, 0x00A0: 0x20, 0x202F: 0x20, 0x2009: 0x20, 0x2007: 0x20, 0xFE0F: 0x20}


def hygienic(text: str) -> str:
    """`text` with invisible characters and lone surrogates as spaces (but zero-width ones
    between digits, removed) and full-width forms as ASCII. ASCII text without controls is
    returned as it is, fast."""
    if text.isascii():
        if text.isprintable():  # the usual answer: no control character at all
            return text
        return _INVISIBLE.sub(" ", text) if _INVISIBLE.search(text) else text
    text = _INVISIBLE.sub(" ", _IN_NUMBER.sub("", text))
    text = _SURROGATE.sub(" ", text)
    return text.translate(_FULL_WIDTH)

