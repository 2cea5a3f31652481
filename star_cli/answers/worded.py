"""Golds that are words, and the answers that name them.

MATH writes some answers as words (`\\text{odd}`, `\\text{Tuesday}`, `\\text{hyperbola}`,
`\\text{No}`, `\\text{Devon}`) or as the letters of every choice that applies (`\\text{B, D}`,
`\\text{(A), (C)}`, `\\text{AC}`). A model states them in a box, in bold or in a sentence
("so the function is odd.", "It will be Friday.", "No, it is not prime."), where the math
reading of a final statement finds no value, or the wrong one.

A word gold belongs to a family of words that answer the same kind of question (parity,
days of the week, directions, conic sections, yes or no; for a name, the names the question
gives): an answer names the gold when the one family word it commits to is the gold's.
Words it negates ("not odd", "isn't even"), asks ("odd?"), or uses otherwise ("Even so",
"neither even nor odd" is `neither`) are passed over; two it offers ("odd or neither") name
none. Letter golds compare as sets ("D, B", "BD" and "(B) and (D)" are `B, D`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FAMILIES = (
    ("even", "odd", "neither"),
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest"),
    ("circle", "ellipse", "parabola", "hyperbola"),
    ("positive", "negative"),
    ("acute", "right", "obtuse"),
    ("increasing", "decreasing", "constant"),
    ("yes", "no"),
)
_FAMILY_OF = {w: f for f in _FAMILIES for w in f}
_TEXT = re.compile(r"\\(?:text|textbf|mathrm|mbox|textit|mathbf)\s*\{([^{}]*)\}")
_WORD_GOLD = re.compile(r"(?:an?\s+)?([A-Za-z]+)")
_LETTERS = re.compile(r"[\s,;()&]|\band\b|\\[,;:! ]")
_NEGATED = re.compile(r"(?:\bnot|n't|\bnever|\bno|\bfrom|\bthan)\s+(?:an?\s+|the\s+)?\Z",
                      re.IGNORECASE)
_ADVERB = re.compile(r"\s+(?:so|though|if|when|more|after|before|with|then|less)\b",
                     re.IGNORECASE)
_CLAUSE_START = re.compile(r"(?:^|[,;:.]\s*)\Z")  # where "Even so" opens a clause
_NEITHER_NOR = re.compile(r"\bneither\s+(\w+)\s+nor\s+(\w+)", re.IGNORECASE)
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")  # a capitalised word mid-sentence: a name


@dataclass(frozen=True)
class WordGold:
    """A gold that is a word (`word`, with the rival words of its family) or a set of
    choice letters (`letters`)."""

    word: str = ""
    rivals: frozenset[str] = frozenset()
    letters: frozenset[str] = frozenset()


def word_gold(gold: str, question: str | None = None) -> WordGold | None:
    """The gold as a word or a set of letters, or None when it is neither (a value)."""
    text = _unwrapped(gold)
    if (letters := _letter_set(text)) is not None and len(letters) > 1 and (
            "\\" in gold or not text.isalpha()):
        return WordGold(letters=letters)  # (`\\text{AC}`, `B, D`; a bare `AB` is a segment)
    m = _WORD_GOLD.fullmatch(text.strip().rstrip("."))
    if m is None:
        return None
    word = m.group(1).lower()
    if word in _FAMILY_OF:
        return WordGold(word, frozenset(_FAMILY_OF[word]) - {word})
    if question is not None and len(word) > 1 and m.group(1)[:1].isupper() and re.search(
            rf"\b{re.escape(m.group(1))}\b", question):  # a name the question gives
        names = {n.lower() for n in _NAME.findall(question)} - {word}
        return WordGold(word, frozenset(names)) if names else None
    return None


def names(gold: WordGold, text: str) -> bool | None:
    """Whether `text` (a box's content, a marked answer or a closing sentence) names the
    gold: True or False when it commits to one answer of the gold's kind, None when it names
    none (or offers several)."""
    text = _unwrapped(text)
    if gold.letters:
        said = _letter_set(text)
        return None if said is None else said == gold.letters
    said = _committed(text, gold.rivals | {gold.word})
    return None if said is None else said == gold.word


CLOSING = 4  # sentences, from the end, read for a word gold's statement


def closing_statement(gold: WordGold, text: str) -> str | None:
    """What the closing sentences of `text` state of the gold's kind: the word ("friday")
    or the letters ("A, C") of the last of the CLOSING last sentences that names any ("It
    will be Friday.", "No — squares mod 5 are only 0, 1, 4. So ... has no solution.",
    "Options A and C are valid."); None when none does, one offers several words, or one
    doubts ("I think it is odd, but I'm not sure") or rules its letters out."""
    said: set[str] = set()
    for sentence in _SENTENCE_END.split(text.rstrip()[-CLOSING_REACH:])[::-1][:CLOSING]:
        bare = _unwrapped(sentence)
        if gold.letters:
            letters = _letter_set(bare) or _letters_named(bare)
            if letters and _RULED_OUT.search(bare):
                return None
            if letters:
                said.add(", ".join(sorted(letters)))
        elif words := _mentions(bare, gold.rivals | {gold.word}):
            said |= words
        elif not said and _TAKEN_BACK.search(sentence):
            return None  # "... so f is odd. Wait, that is wrong."
        if said and _UNSURE.search(sentence):
            return None
    # (the closing sentences that name one must agree: "f is even. Note that x^3 is odd."
    # names two)
    return said.pop() if len(said) == 1 else None


def _letters_named(sentence: str) -> frozenset[str]:
    """The choice letters a sentence names ("Options A and C are valid.", "**E, C, and A**"),
    not an article ("A quarter turn")."""
    return frozenset(m.group(1) for m in _LETTER.finditer(sentence)
                     if not (m.group(1) == "A" and _ARTICLE_AFTER.match(sentence, m.end())))


_LETTER = re.compile(r"(?<![\w'’])\(?([A-H])\)?(?![\w'’])")
# "A quarter": the article, not a letter ("A and C" are letters)
_ARTICLE_AFTER = re.compile(r"\s+(?!(?:and|or|nor|are|is|hold|holds)\b)[a-z]")
_RULED_OUT = re.compile(r"\b(?:fails?|false|wrong|incorrect|not|don't|doesn't|eliminat\w*)\b",
                        re.IGNORECASE)


CLOSING_REACH = 600  # characters, from the end, those sentences are read in
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_TAKEN_BACK = re.compile(r"\b(?:wait|wrong|mistake|miscount\w*|oops|actually|hmm+|however|"
                         r"redo|recheck|incorrect)\b", re.IGNORECASE)
_UNSURE = re.compile(r"\b(?:maybe|perhaps|probably|likely|guess\w*|unsure|not\s+sure|might"
                     r"|could|possibly|uncertain)\b", re.IGNORECASE)


# An answer that there is none: "none", "no solution", "No such positive integer exists",
# "There are none", "does not exist", `\\emptyset`, `\\varnothing`, `\\{\\}`: one answer in
# many forms (MATH writes `\\text{none}`, `\\text{no solution}` and `\\emptyset` alike).
_NOTHING = re.compile(
    r"(?:the\s+)?(?:empty\s+set|none|no\s+(?:such\s+)?(?:(?:real|positive|negative|integer"
    r"|integral|natural|rational|prime|valid|possible|such)\s+)*(?:solutions?|values?|numbers?"
    r"|integers?|roots?|pairs?|triples?|answers?|[a-z])(?:\s+exists?)?|there\s+(?:is|are|exists?)"
    r"\s+(?:no\s+(?:such\s+)?(?:(?:real|positive|negative|integer|integral|natural|rational|prime"
    r"|valid|possible|such)\s+)*(?:solutions?|values?|numbers?|integers?|roots?|pairs?|triples?"
    r"|answers?|[a-z])(?:\s+(?:exists?|that\s+works?))?|none)"
    r"|(?:it\s+|the\s+\w+\s+)?does\s+not\s+exist|dne|∅"
    r"|\\emptyset|\\varnothing|\\\{\s*\\\}|\{\s*\})",
    re.IGNORECASE)
# Its words, which deny nothing in such an answer ("no solution" is no negation of a value).
NOTHING_WORDS = frozenset({"no", "not", "none", "such", "exist", "exists", "there", "is", "are",
                           "does", "solution", "solutions", "empty", "set"})


def names_nothing(text: str) -> bool:
    """Whether `text` (a gold or an answer) says there is no answer of the kind asked."""
    bare = _unwrapped(text).strip().rstrip(".!").strip()
    return len(bare) < 80 and _NOTHING.fullmatch(bare) is not None


def _unwrapped(text: str) -> str:
    text = _TEXT.sub(r"\1", text) if "\\" in text else text
    return text.replace("$", "").replace("*", "").strip()


def _letter_set(text: str) -> frozenset[str] | None:
    """The choice letters `text` lists ("B, D", "(A), (C)", "AC", "B and D"), or None when
    it holds anything else."""
    bare = _LETTERS.sub("", text).rstrip(".")
    if not bare or len(bare) > 10 or not bare.isupper() or not all(c in "ABCDEFGH" for c in bare):
        return None
    return frozenset(bare)


def _committed(text: str, family: frozenset[str]) -> str | None:
    """The one family word `text` commits to, or None."""
    words = _mentions(text, family)
    return words.pop() if len(words) == 1 else None


def _mentions(text: str, family: frozenset[str]) -> set[str]:
    """The family words `text` states: not negated ("not odd"), asked ("odd?"), a point of
    reference ("from North") or an adverb ("Even so"); "neither even nor odd" states
    `neither`. Yes and no count only where they open the text ("No, it is not prime.")."""
    if "yes" in family:
        # ("No, it is not prime.", "No — ...", not "No further work is needed.")
        m = re.match(r"\W*(yes|no)\s*[,.;:!—–-]", text, re.IGNORECASE)
        return {m.group(1).lower()} if m else set()
    said: list[tuple[int, str]] = []
    if (both := _NEITHER_NOR.search(text)) is not None and "neither" in family:
        said.append((both.start(), "neither"))
        text = text[: both.start()] + " " * (both.end() - both.start()) + text[both.end() :]
    pattern = re.compile(r"\b(" + "|".join(sorted(family, key=len, reverse=True)) + r")s?\b",
                         re.IGNORECASE)
    for m in pattern.finditer(text):
        word = m.group(1).lower()
        asked = text[m.end() :].lstrip()[:1] == "?"
        adverb = word == "even" and _ADVERB.match(text, m.end()) is not None and (
            _CLAUSE_START.search(text, max(0, m.start() - 3), m.start()) is not None)
        if asked or adverb or _NEGATED.search(text, max(0, m.start() - 12), m.start()):
            continue  # "not odd", "odd?", "Even so", "from North"
        said.append((m.start(), word))
    return {w for _, w in said}


__all__ = ["WordGold", "closing_statement", "names", "word_gold"]
