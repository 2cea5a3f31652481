"""Text hygiene before matching: characters a model or a file may carry that change nothing
a reader sees, but break a comparison (`3\\x00`, `1\\u200b000`, full-width `４２`).

`hygienic` cleans an answer read from a completion: invisible characters and lone
surrogates (half a character, left by a bad decode) become spaces, full-width ASCII forms
become ASCII, and a zero-width character between two digits goes (`1\u200b620` shows 1620,
as a reader sees it). `folded` writes a whole completion's numbers in ASCII before any
answer is read from it (`１３`, `৪১৫`, `𝟏𝟖`, `7⁄20`, `2½`, `10³`, `&#36;65`), with a map back
to its positions.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from typing import NamedTuple

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



# -- numbers in other characters, read in the whole completion --------------------------------
# A reader sees the same number in `１３`, `১৩`, `𝟏𝟑`, `−5`, `7⁄20`, `⁹⁄₁₀`, `2½`, `10³ = 1000`,
# `9\u00ad801` (a soft hyphen) and `&minus;5`; the extractors read ASCII. `folded` writes the
# completion's numbers so (and the letters of full-width, circled and mathematical forms, a
# choice's `Ａ`, `Ⓔ`, `𝐂`), keeping a map back to the original positions, where an answer's
# end is reported. What changes what a reader reads is left: a superscript after a letter
# (`m²`, a unit's) or one a footnote below begins with (`180¹`, its mark), and full-width
# punctuation other than a point between digits (CJK answer sentences are read with it).
_ZEROS = (0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xE50,
          0xED0, 0xF20, 0x1040, 0x17E0, 0xFF10)  # the zero of each script's digits
_ONE_FOR_ONE = (
    {chr(zero + k): str(k) for zero in _ZEROS for k in range(10)}
    | {chr(0x1D7CE + k): str(k % 10) for k in range(50)}  # mathematical bold, ... digits
    | {chr(c): chr(c - 0xFEE0) for c in (*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))}
    | {chr(0x24B6 + k): chr(65 + k) for k in range(26)}  # Ⓐ
    | {chr(0x24D0 + k): chr(97 + k) for k in range(26)}  # ⓐ
    | {c: unicodedata.normalize("NFKC", c) for c in map(chr, range(0x1D400, 0x1D6A4))
       if unicodedata.normalize("NFKC", c).isascii()}  # mathematical letters: 𝐂, 𝑖
    | {"٫": ".", "٬": ",", "٪": "%", "\u2044": "/", "\u2215": "/", "－": "-", "＋": "+",
       "＄": "$", "％": "%", "∞": "\\infty", "\u2007": " "})  # (a figure space: a digit's width)
_VULGAR = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5",
           "⅗": "3/5", "⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅐": "1/7", "⅛": "1/8", "⅜": "3/8",
           "⅝": "5/8", "⅞": "7/8", "⅑": "1/9", "⅒": "1/10"}
_RAISED = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+", strict=True))
_LOWERED = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True))
# Entities a page's HTML writes a number with (`&minus;5`, `&#36;65`, `1&nbsp;000`); others
# (`&lt;`, `&amp;`) are left: a tag they would make is no part of a number.
_NUMBER_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|minus|nbsp|thinsp|times|divide"
                            r"|frac12|frac14|frac34|dollar|percnt|euro|pound|plusmn);")
# Characters from the end where an entity is looked for (where the answer is): a look at the
# whole text would cost every check a scan, and math aligns with `&` everywhere.
ENTITY_REACH = 400
_ENTITY_CHARS = frozenset("0123456789-+$%€£×÷± ½¼¾\u2212\u00a0\u2009")
def _char_class(chars: str, astral: str) -> str:
    """A regex class of `chars` of the Basic Multilingual Plane (a bitmap: one look a
    character), consecutive code points as ranges, and the `astral` range (mathematical
    digits, or letters and digits: a class that lists them one by one is tried one by one at
    every position, 60 us a text, not 5)."""
    points = sorted({ord(c) for c in chars if ord(c) < 0x10000})
    runs: list[list[int]] = []
    for p in points:
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return "[" + "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
                         for a, b in runs) + astral + "]"


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # and a soft hyphen: `9\u00ad801`
# Marks that decorate the character before them and change no value: an underline (`4̲2̲`),
# an enclosing circle or keycap (`4⃝`, `4️⃣`), a variation selector, the invisible grapheme
# joiner. (A stroke through it, U+0336, strikes it out: not among them.)
_DECORATIONS = "\u0332\u0333\u034f\u20dd\u20e3\ufe0e\ufe0f"
_FOLD_STARTS = "".join(_VULGAR) + "".join(_RAISED) + "．" + _ZERO_WIDTH + _DECORATIONS
_DIGIT_STARTS = "".join(c for c, one in _ONE_FOR_ONE.items() if not one.isalpha())
# Every character a fold starts at, in one class (a scan for it is fast; the context each
# needs is read where one stands), keyed by (letters too, the text holds an entity): math's
# `&` aligns, and a glitch's stray letters (`𝙀`) are no choice's, so they start nothing.
_STARTS = {
    (letters, entities): re.compile(_char_class(
        _FOLD_STARTS + ("".join(_ONE_FOR_ONE) if letters else _DIGIT_STARTS) + "&" * entities,
        "\U0001d400-\U0001d7ff" if letters else "\U0001d7ce-\U0001d7ff"))
    for letters in (False, True) for entities in (False, True)}
_RAISED_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+(?:⁄[₀₁₂₃₄₅₆₇₈₉]+)?")
_ZERO_WIDTH_RUN = re.compile(f"[{_ZERO_WIDTH}]+")
_DECORATION_RUN = re.compile(f"[{_DECORATIONS}]+")


class Folded(NamedTuple):
    """A completion as `folded` writes it, and where its changes lie: each change's start
    and end in `text` and in the original, in turn."""

    text: str
    here: list[int]
    there: list[int]

    def original(self, i: int) -> int:
        """The original position of `i` in `text` (inside a change: its end)."""
        k = bisect_right(self.here, i) - 1
        if k < 0:
            return i
        if k % 2 == 0:  # in a change
            return self.there[k] if i == self.here[k] else self.there[k + 1]
        return self.there[k] + i - self.here[k]


def folded(text: str, letters: bool = False) -> Folded | None:
    """`text` with its numbers (with `letters`, full-width, circled and mathematical letters
    that stand alone too: a choice's) in ASCII (the forms above), None when nothing changes:
    at once for ASCII text without an entity in its last ENTITY_REACH characters."""
    tail = len(text) - ENTITY_REACH if len(text) > ENTITY_REACH else 0
    entities = "&" in text and _NUMBER_ENTITY.search(text, tail) is not None
    if not entities and text.isascii():
        return None
    starts = _STARTS[letters, entities]
    out: list[str] = []
    here: list[int] = []
    there: list[int] = []
    pos = size = 0
    at = 0
    while (m := starts.search(text, at)) is not None:
        start = m.start()
        new, end = _fold(text, start, letters)
        at = max(end, start + 1)
        if new is None:
            continue
        out.append(text[pos:start])
        size += start - pos
        here.append(size)
        there.append(start)
        out.append(new)
        size += len(new)
        here.append(size)
        there.append(end)
        pos = end
    if not here:
        return None
    out.append(text[pos:])
    return Folded("".join(out), here, there)


def _fold(text: str, at: int, letters: bool) -> tuple[str | None, int]:
    """What the fold starting at `at` writes (None: nothing) and where it ends."""
    char = text[at]
    digit_before = at > 0 and text[at - 1].isdigit()
    if (one := _ONE_FOR_ONE.get(char)) is not None:
        if one.isalpha() and (not letters or text[at - 1 : at].isalnum() or text[
                at + 1 : at + 2].isalnum()):
            return None, at + 1  # a letter in a word: a choice's letter stands alone (`（Ａ）`)
        if one in "-+" and not text[at + 1 : at + 2].isdigit():
            return None, at + 1  # a sign only before a digit: "答え　－　１２個" dashes
        return one, at + 1
    if char in _VULGAR:
        return _part(text, at, at + 1, _VULGAR[char], digit_before)
    if char == "&":
        m = _NUMBER_ENTITY.match(text, at)
        if m is not None and (shown := html.unescape(m.group())) in _ZERO_WIDTH:
            # `4&#8203;2`: a zero-width space between digits, as the character itself is
            return ("" if digit_before and text[m.end() : m.end() + 1].isdigit() else None), m.end()
        if m is not None and letters and len(shown) == 1 and "A" <= shown <= "Z" and not (
                text[at - 1 : at].isalnum() or text[m.end() : m.end() + 1].isalnum()):
            return shown, m.end()  # `&#67;`: a choice's letter written as its code
        if m is None or shown not in _ENTITY_CHARS:
            return None, at + 1
        if shown in _VULGAR:
            return _part(text, at, m.end(), _VULGAR[shown], digit_before)
        return _ONE_FOR_ONE.get(shown, shown), m.end()
    if char == "．":  # a full-width point between digits
        return ("." if digit_before and text[at + 1 : at + 2].isdigit() else None), at + 1
    if char in _RAISED:
        return _raised(text, at, digit_before)
    if char in _DECORATIONS:
        end = _DECORATION_RUN.match(text, at).end()  # type: ignore[union-attr]
        return ("" if at and text[at - 1].isascii() and text[at - 1].isalnum() else None), end
    if char in _ZERO_WIDTH:
        end = _ZERO_WIDTH_RUN.match(text, at).end()  # type: ignore[union-attr]
        return ("" if digit_before and text[end : end + 1].isdigit() else None), end
    return None, at + 1


def _part(text: str, at: int, end: int, part: str, digit_before: bool) -> tuple[str | None, int]:
    """A fraction's character (`½`, `&frac12;`): after a digit, a mixed number's part ("2½"
    is 2 1/2); alone, a value where no word follows it ("The answer is ⅜.") or where it is a
    result or opens a sentence ("¼ + ¼ = ½ of the cake", "⅜ of the pizza is left"), not a
    quantity of the problem's ("using ½ cup each", "12 passed, ¾ of the class")."""
    if digit_before:
        return f" {part}", end
    before = text[max(0, at - 8) : at].rstrip()
    stated = before[-1:] in ("", "=", "\n", ".", ":") and not before.endswith(("i.e.", "e.g."))
    return (None if not stated and _WORD_AFTER.match(text, end) else part), end


def _raised(text: str, at: int, digit_before: bool) -> tuple[str | None, int]:
    """A run of superscripts: a fraction's numerator over subscripts (`⁹⁄₁₀`; "2¹⁄₂" is
    2 1/2), else an exponent after a number (`10³ =`, `**3⁴**`), not before a word ("10³
    pages", "144² pages": a unit's or a footnote's mark) nor where a later line opens with
    the mark (a footnote's: "180¹." and "¹ Based on ...", "[²] ..."; "5². Check: 5² = 25" is
    an exponent)."""
    end = _RAISED_RUN.match(text, at).end()  # type: ignore[union-attr]
    over, slash, under = text[at:end].partition("⁄")
    if slash:  # ⁹⁄₁₀
        fraction = "".join(_RAISED[c] for c in over) + "/" + "".join(_LOWERED[c] for c in under)
        return (f" {fraction}" if digit_before else fraction), end
    if not (digit_before or at and text[at - 1] == ")") or _WORD_AFTER.match(text, end) or (
            _opens_a_line(text, over, end)):
        return None, end
    power = "".join(_RAISED[c] for c in over)
    return (f"^{power}" if len(power) == 1 else f"^{{{power}}}"), end


def _opens_a_line(text: str, mark: str, start: int) -> bool:
    """Whether `mark` opens a line after `start` (after spaces, a quote's `>`, a bullet, a
    bracket): a footnote's text ("¹ Based on ...", "[²] ...")."""
    global _line_openings
    memo = _line_openings
    if memo[0] is not text:
        # where the last line each mark opens starts (its newline), read once a text: a text
        # of thousands of `2¹` (or of `1¹`, `1²`, ... all different) asked for each, seconds
        openings: dict[str, int] = {}
        for m in _MARK_OPENING.finditer(text):
            run = m.group(1)
            for k in range(1, min(len(run), MARK_PREFIXES) + 1):
                openings[run[:k]] = m.start()
        memo = _line_openings = (text, openings)
    last = memo[1].get(mark[:MARK_PREFIXES], -1)
    if last < start or len(mark) <= MARK_PREFIXES:
        return last >= start
    return any(m.start() >= start for m in re.finditer(  # (a mark longer still: looked for)
        r"\n[ \t>*(\[-]*" + re.escape(mark), text))


MARK_PREFIXES = 16  # a line's opening mark is recorded by its first 1..16 characters
# A line opened by raised marks, after spaces, a quote's `>`, a bullet, a bracket.
_MARK_OPENING = re.compile(r"\n[ \t>*(\[-]*([⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)")
# The text `_opens_a_line` last read and where the last line each mark opens starts (by
# the mark's first characters); replaced whole, so a thread reads one text's or another's.
_line_openings: tuple[str, dict[str, int]] = ("", {})


_WORD_AFTER = re.compile(r"[ \t\u00a0]*-?[^\W\d_]")  # a word after a number's part ("½-liter")
