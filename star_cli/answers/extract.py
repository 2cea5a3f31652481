"""Find the final answer in a completion. Pure string work: nothing here evaluates anything.

Every extractor returns an `Extraction` (the answer text, where it ends so the rationale can
be cut there, and which marker it came from) or None. Markers are found by scanning back from
the end of the text (a model that corrects itself means its last word), and the answer span
is cut in plain Python, so the cost is linear in the text and small for the usual completion
whose answer is in its last lines. A completion longer than MAX_SCAN is read from its end.

When no marker is present, `final_statement` reads the value of the last sentence (bold,
inline math, display math, or a number with its units), as math-verify falls back to the last
expression; its source is `fallback`, so format-strict recipes can drop such answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from star_cli.answers.text import hygienic

MAX_SCAN = 200_000  # characters of a completion we look at, from its end
MAX_ANSWER = 300  # characters an answer may span

# A completion that runs on into a next question (or a next chat turn) is judged on what came
# before it: `Q:`, `Question 2:`, `**Problem:**`, `## Problem 2`, `Human:`, `User:`, an
# end-of-turn token.
_RUN_ON = re.compile(
    r"\n[ \t]*(?=[#*QPEHUN])"  # a cheap first test at each newline, the same matches
    r"(?:[#*]{0,4}[ \t]*(?:Q|Question|Problem|Example|Exercise)[ \t]*\d*[ \t]*[*]{0,2}"
    r"[ \t]*[:.][*]{0,2}(?=\s)|(?:Human|User|### Instruction)[ \t]*:|Next (?:problem|question)\b)"
)
_END_OF_TURN = re.compile(r"<\|(?:im_end|eot_id|endoftext|end_of_text)\|>|</s>")


class Extraction(NamedTuple):
    """An answer found in a completion (a tuple: one is built per check, so it is cheap)."""

    text: str
    end: int  # index in the completion just after the answer (and its closing period)
    source: str = "fallback"  # the marker's name, or "fallback" for the final statement
    # The fallback's words after the value, to the end of its sentence: "5 less than the
    # total" commits to nothing, "5 matches in all" to 5. Markers keep these words in `text`.
    tail: str = ""
    lead: str = ""  # the fallback's words just before the value: "she does not have 5"
    start: int = 0  # where the marker starts: the last marker in the text wins


def judged_part(text: str) -> tuple[str, int]:
    """(the text we judge, its offset in `text`): the completion up to any run-on into a
    next question, and at most its last MAX_SCAN characters."""
    m = _RUN_ON.search(text)
    if m:
        text = text[: m.start()]
    # Apart from _RUN_ON: an alternation without a common literal prefix scans slowly.
    if "<" in text and (m := _END_OF_TURN.search(text)):
        text = text[: m.start()]
    offset = max(0, len(text) - MAX_SCAN)
    return text[offset:], offset


_ANSWER_IS = re.compile(
    r"answer[ \t]{1,8}(?:is|(?:would|will|should|must)[ \t]be)\b[ \t]{0,8}:?[ \t*_]*",
    re.IGNORECASE,
)
_ANSWER_COLON = re.compile(
    r"[ \t>#*_]{0,8}(?:[Ff]inal[ \t]{1,8})?(?:[Aa]nswer|ANSWER|A)[ \t*_]{0,4}:[ \t*_]*"
)
_PERIOD_END = re.compile(r"\.(?=\s|$)")
_MEANINGFUL = re.compile(r"[\w\\]")
_EMPHASIS = "*_`"


def _span(text: str, start: int, *, period_ends: bool = True) -> tuple[str, int] | None:
    """(answer, end) for the answer that starts at `start`: up to a sentence-final period, a
    newline or the end, within MAX_ANSWER characters (an answer that never ends is junk)."""
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
    answer = line[:end].strip().strip(_EMPHASIS).strip()
    if not _MEANINGFUL.search(answer):  # "The answer is." names nothing
        return None
    closing = end + 1 if end < len(line) and line[end] == "." else end
    return answer, start + closing


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum()


_CASES = ("answer", "Answer", "ANSWER")


def _answer_is(text: str, floor: int = 0) -> Extraction | None:
    """`The answer is X.`: the form star's prompts ask for (also `the final answer is`).

    Candidates are found with `rfind` in lower, Title and UPPER case, last first: cheaper
    than lower-casing a long text to find a marker in its last line. Each case keeps its own
    cursor, so the walk stays linear however many candidates fail."""
    found = [text.rfind(form, floor) for form in _CASES]
    while (i := max(found)) != -1:
        m = _ANSWER_IS.match(text, i)
        if m and _word_start(text, i) and (span := _span(text, m.end())):
            return Extraction(span[0], span[1], "answer_is", start=i)
        k = found.index(i)
        found[k] = text.rfind(_CASES[k], floor, i)
    return None


def _hashes(text: str, floor: int = 0) -> Extraction | None:
    """`#### X`, GSM8K's own format (a period is part of the number here: `#### 3.5`)."""
    pos = len(text)
    while (i := text.rfind("####", floor, pos)) != -1:
        pos = i
        if span := _span(text, i + 4, period_ends=False):
            return Extraction(span[0].lstrip("#").strip(), span[1], "hashes", start=i)
    return None


def _answer_colon(text: str, floor: int = 0) -> Extraction | None:
    """`Answer: X`, `Final answer: X` or `A: X` at the start of a line."""
    end = len(text)
    while True:
        start = text.rfind("\n", 0, end) + 1
        if start < floor:
            return None
        if (m := _ANSWER_COLON.match(text, start, end)) and (span := _span(text, m.end())):
            return Extraction(span[0], span[1], "answer_colon", start=start)
        if start == 0:
            return None
        end = start - 1


_BOX_TOKENS = re.compile(r"(?P<box>\\(?:boxed|fbox)[ \t]*\{)|\\.|[{}]", re.S)
# What may stand between boxes that together state one answer: `\boxed{2}, \boxed{3}`.
_BOX_GAP = re.compile(r"[\s$,;.]*(?:(?:\\text\{\s*)?(and|or)\s*\}?|\\q?quad)?[\s$,;.]*",
                      re.IGNORECASE)


def _first_box(text: str) -> int:
    """Where the scan for boxes may start: the run of backslashes before the first `\\boxed`
    or `\\fbox` (-1 when there is none). Braces before it cannot change which boxes are
    complete and outermost (they sit below every box on the stack), and starting at a run of
    backslashes pairs them as a scan from the start would (`\\\\boxed` is no box)."""
    first = text.find("\\boxed")
    fbox = text.find("\\fbox", 0, first if first != -1 else len(text))
    if fbox != -1:
        first = fbox
    while first > 0 and text[first - 1] == "\\":
        first -= 1
    return first


# A box's braces, three levels deep, escapes stepped over as the token scan steps over them.
_FLAT = r"(?:[^{}\\]|\\.)*"
_BRACES = re.compile(r"\{(" + _FLAT + r"(?:\{" + _FLAT + r"(?:\{" + _FLAT + r"\}" + _FLAT + r")*\}"
                     + _FLAT + r")*)\}", re.S)
_ONE_BOX = re.compile(r"\\(?:boxed|fbox)[ \t]*(?=\{)")


def _box_spans(text: str, only: int = -1) -> list[tuple[int, int, int]]:
    """(box start, content start, closing brace) of every complete outermost `\\boxed{...}`,
    in one pass from the first box; an outer box replaces the boxes inside it. `only`: where
    the one `\\boxed` of a text without any other box starts, if the caller knows it."""
    if only == -1 or text[only - 1 : only] == "\\":  # `\\\\boxed`: pair the backslashes
        only, first = -1, _first_box(text)
    else:
        first = only
    if first == -1:
        return []
    if only != -1:
        # The usual completion: one box, no backslash right before it. Its closing brace,
        # found by a regex in C rather than a token loop; anything else takes the loop.
        box = _ONE_BOX.match(text, first)
        group = box and _BRACES.match(text, box.end())
        if group and group.group(1).strip():
            return [(first, group.start(1), group.end(1))]
    stack: list[tuple[int, int] | None] = []  # per open brace: its box's (start, content)
    found: list[tuple[int, int, int]] = []
    for m in _BOX_TOKENS.finditer(text, first):
        if m.lastgroup == "box":
            stack.append((m.start(), m.end()))
        elif m.group() == "{":
            stack.append(None)
        elif m.group() == "}" and stack:
            box = stack.pop()
            if box is not None and text[box[1] : m.start()].strip():
                while found and found[-1][0] >= box[0]:
                    found.pop()
                found.append((box[0], box[1], m.start()))
    return found


def _boxed(text: str, floor: int = 0) -> Extraction | None:
    """The last complete `\\boxed{...}`; boxes just before it in the same statement
    (`\\boxed{2} and \\boxed{3}`) form a list with it, and an `or` between them stays in
    the answer, where the checker reads it as a hedge."""
    if text.find("box", floor) == -1:  # no `\\boxed` nor `\\fbox` after the best marker
        return None
    last = text.rfind("\\boxed")
    if last != -1 and text.count("box") == 1:  # one box, and no \fbox: the usual case
        if last < floor:
            return None
        spans = _box_spans(text, last)
    elif last < floor and text.rfind("\\fbox") < floor:
        return None
    else:
        spans = _box_spans(text)
    if not spans or spans[-1][0] < floor:
        return None
    opened, start, close = spans[-1]
    answer = text[start:close].strip()
    for prev_open, prev_start, prev_close in reversed(spans[:-1]):
        gap = _BOX_GAP.fullmatch(text, prev_close + 1, opened)
        if gap is None or "\n\n" in gap.group():
            break
        joiner = f" \\text{{ {gap.group(1).lower()} }} " if gap.group(1) else ", "
        answer = text[prev_start:prev_close].strip() + joiner + answer
        opened = prev_open
    return Extraction(answer, _past_closing(text, close + 1), "boxed", "", "", opened)


def _past_closing(text: str, i: int) -> int:
    """Step over the `$` and `.` that usually close `$\\boxed{x}$.`, so the rationale keeps them."""
    stop = min(len(text), i + 4)
    while i < stop and text[i] in "$.)\\]":
        i += 1
    return i


# -- the final statement, when no marker is present -------------------------------------------
_BOLD = re.compile(r"\*\*([^*\n]{1,200})\*\*")
# `$...$` as pandoc reads it: no space inside either dollar, no digit after the closing one,
# so "$204 + $160" is money, not math.
_INLINE = re.compile(r"\\\((.{1,300}?)\\\)|(?<![\\$])\$(?!\s)([^$\n]{1,300}?)(?<!\s)\$(?![$\d])")
# A number, never part of a clock time (5:00) or a word (x2).
_NUMBER = re.compile(
    r"(?<![\w:.])[-−]?[$€£¥₹]?\s?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d+)"
    r"(?:\.\d+)?(?:\s*/\s*\d+)?"
    r"(?:\s*%)?(?!\d|[:.]\d)"
)
_CALCULATOR = re.compile(r"<<[^<>\n]{0,200}>>")  # GSM8K's <<48/2=24>> annotations
_WORDS = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}")  # prose, not `\frac` or a variable
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_HAS_VALUE = re.compile(r"\d|\\frac|\\sqrt|\\pi")
LOOK_BACK = 3  # sentences, from the end, that may hold the final statement


def final_statement(text: str, floor: int = 0) -> Extraction | None:
    """The value of the last sentence that states one: bold text, else the last inline or
    display math, else the last number with whatever follows it to the sentence end (the
    checker then decides whether those words are units or change the meaning)."""
    body = text.rstrip()
    display = _last_display(body)
    if display is not None:
        return display
    sentences = _last_sentences(body)
    for start, sentence in sentences:
        found = _sentence_value(sentence, start, text)
        if found is not None:
            return found
    return None


def _last_sentences(body: str) -> list[tuple[int, str]]:
    """Up to LOOK_BACK (start, sentence) pairs from the end of the last paragraph."""
    tail_start = max(0, len(body) - 2 * MAX_ANSWER)
    para = body.rfind("\n\n", tail_start)
    base = para + 2 if para != -1 else tail_start
    pieces: list[tuple[int, str]] = []
    last = len(body)
    for m in reversed(list(_SENTENCE_END.finditer(body, base))):
        if m.end() < last:
            pieces.append((m.end(), body[m.end() : last]))
        last = m.start()
        if len(pieces) >= LOOK_BACK:
            break
    if len(pieces) < LOOK_BACK and last > base:
        pieces.append((base, body[base:last]))
    return [(s, p) for s, p in pieces if p.strip()][:LOOK_BACK]


_COPULA = re.compile(r"\b(?:is|are|was|were|be|equals|equal to)\b", re.IGNORECASE)
_BARE_DELIMITERS = re.compile(r"\\[\[\]()]|\$")


def _sentence_value(sentence: str, start: int, text: str) -> Extraction | None:
    """The value a sentence states: bold, else inline math, else the first number after its
    last `=` (a calculation's result), else a number. Of several, the first after the
    sentence's first copula ("The maximum is $1$ when $x = 0$" states 1), else the last."""
    end = start + len(sentence.rstrip().rstrip("."))
    if "\\boxed" in sentence or "\\fbox" in sentence:
        return None  # a box the box extractor could not read is cut off, not an answer
    if "<<" in sentence:
        sentence = _CALCULATOR.sub("", sentence)  # positions below index this copy only
    closing = min(len(text), end + 1) if text[end : end + 1] == "." else end
    bold = [m for m in _BOLD.finditer(sentence) if _HAS_VALUE.search(m.group(1))]
    if bold:
        return _value_at(sentence, bold[-1], bold[-1].group(1), closing)
    inline = [m for m in _INLINE.finditer(sentence) if _HAS_VALUE.search(m.group(1) or m.group(2))]
    if inline:
        m = _stated(sentence, inline)
        math = (m.group(1) or m.group(2)).strip()
        rhs = math.rsplit("=", 1)[-1].strip() if "=" in math and "\\" not in math else math
        return _value_at(sentence, m, rhs, closing)
    if "\\" in sentence and not _WORDS.search(sentence):
        bare = sentence.strip().rstrip(".").strip()  # bare LaTeX: \frac{1}{3}
        if _HAS_VALUE.search(_BARE_DELIMITERS.sub("", bare)):
            return Extraction(bare, closing)
        return None
    equals = sentence.rfind("=")
    m = _NUMBER.search(sentence, equals + 1) if equals != -1 else None
    if m is None:
        numbers = list(_NUMBER.finditer(sentence))
        if not numbers:
            return None
        m = _stated(sentence, numbers)
    return _value_at(sentence, m, m.group(), closing)


def _stated(sentence: str, found: list[re.Match[str]]) -> re.Match[str]:
    """The first candidate after the first copula, else the last candidate."""
    copula = _COPULA.search(sentence)
    if copula:
        for m in found:
            if m.start() >= copula.end():
                return m
    return found[-1]


def _value_at(sentence: str, m: re.Match[str], value: str, closing: int) -> Extraction | None:
    """The value with the words around it that decide whether the sentence commits."""
    tail = sentence[m.end() :].rstrip().rstrip(".").strip()
    if len(tail) > MAX_ANSWER:
        return None
    lead = " ".join(sentence[max(0, m.start() - 40) : m.start()].split()[-3:])
    return Extraction(value.strip(), closing, tail=tail, lead=lead)


def _last_display(body: str) -> Extraction | None:
    """A display block (`\\[ ... \\]` or `$$ ... $$`) that ends the text: the value after its
    last `=`."""
    for opener, closer in (("\\[", "\\]"), ("$$", "$$")):
        if body.endswith(closer):
            start = body.rfind(opener, max(0, len(body) - MAX_ANSWER), len(body) - len(closer))
            if start == -1:
                return None
            math = body[start + len(opener) : len(body) - len(closer)]
            if not re.search(r"[A-Za-z0-9]", math):
                return None
            value = math.rsplit("=", 1)[-1] if "=" in math else math
            return Extraction(value.strip().rstrip(".,").strip(), len(body))
    return None


# -- the registry ---------------------------------------------------------------------------
Extractor = Callable[[str, int], Extraction | None]  # (text, floor): the last at/after floor

EXTRACTORS: dict[str, Extractor] = {
    "answer_is": _answer_is,
    "hashes": _hashes,
    "answer_colon": _answer_colon,
    "boxed": _boxed,
    "fallback": final_statement,
}


FALLBACKS = frozenset({"fallback", "last_sentence"})


_PLANS: dict[tuple[str, ...], tuple[list[Extractor], list[Extractor]]] = {}


def _plan(names: tuple[str, ...]) -> tuple[list[Extractor], list[Extractor]]:
    """A checker's extractors by name, split into markers and fallbacks (looked up once)."""
    plan = _PLANS.get(names)
    if plan is None:
        plan = _PLANS[names] = ([EXTRACTORS[n] for n in names if n not in FALLBACKS],
                                [EXTRACTORS[n] for n in names if n in FALLBACKS])
    return plan


def first_of(text: str, names: tuple[str, ...]) -> Extraction | None:
    """The last marker in the judged part of `text`, whichever kind it is (a model that
    writes "the answer is 7 per box" and then "#### 21" means 21); the order of `names`
    breaks ties and lets later markers search only after the best so far. Only when no
    marker is present, the fallbacks in `names`, in order. `end` indexes `text` itself.
    The answer is cleaned of invisible characters (`hygienic`): only it, not the whole
    text, so a long completion costs nothing extra."""
    judged, offset = judged_part(text)
    markers, fallbacks = _plan(names)
    best: Extraction | None = None
    for extractor in markers:
        found = extractor(judged, best.start + 1 if best else 0)
        if found is not None and (best is None or found.start > best.start):
            best = found
    for extractor in fallbacks:
        if best is None:
            best = extractor(judged, 0)
    if best is None:
        return None
    answer, tail = hygienic(best.text), hygienic(best.tail)
    if offset or answer != best.text or tail != best.tail:
        best = best._replace(text=answer.strip(), tail=tail.strip(), end=best.end + offset)
    return best


def _one(name: str) -> Callable[[str], Extraction | None]:
    def extract(text: str) -> Extraction | None:
        return first_of(text, (name,))

    extract.__name__ = name
    extract.__doc__ = EXTRACTORS[name].__doc__
    return extract


answer_is = _one("answer_is")
hashes = _one("hashes")
answer_colon = _one("answer_colon")
boxed = _one("boxed")


def all_boxed(text: str) -> list[str]:
    """The contents of every complete outermost `\\boxed{...}`, in order."""
    judged, _ = judged_part(text)
    return [judged[a:b].strip() for _, a, b in _box_spans(judged)]


_STATEMENT_MARKERS = (
    (re.compile(r"\banswer[ \t]{1,8}is\b[ \t]{0,8}:?", re.IGNORECASE), True),
    (re.compile(r"####"), False),
    (re.compile(r"(?m)^" + _ANSWER_COLON.pattern), True),
)


def statements(text: str) -> list[str]:
    """Every final-answer statement in the text (`The answer is X`, `#### X`, `Answer: X`,
    each `\\boxed{X}`): a completion that states two different answers hedges."""
    judged, _ = judged_part(text)
    out = []
    for pattern, period_ends in _STATEMENT_MARKERS:
        for m in pattern.finditer(judged):
            span = _span(judged, m.end(), period_ends=period_ends)
            if span is not None and "\\boxed" not in span[0]:
                out.append(span[0])
    return out + all_boxed(judged)


def last_sentence(text: str, floor: int = 0) -> Extraction | None:
    """The last sentence, whole: the fallback for multiple choice, where the checker looks
    for the choice it names (`So the best place is (b) library.`)."""
    for start, sentence in _last_sentences(text.rstrip())[:1]:
        answer = sentence.strip().rstrip(".").strip()
        if answer and len(answer) <= MAX_ANSWER:
            return Extraction(answer, start + len(sentence.rstrip()))
    return None


EXTRACTORS["last_sentence"] = last_sentence
