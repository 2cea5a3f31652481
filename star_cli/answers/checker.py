"""Checkers: extract a completion's final answer and judge it against the gold.

A checker prepares each gold once per problem (`prepare`), then judges every sample of that
problem against it (`judge`). Comparisons run cheapest first: normalised strings, exact
numbers, then (math) our own reading of the LaTeX structure and values, and only when that
cannot decide, math-verify and sympy in a worker process under a hard timeout.

`judge` is `resolve(judge_local(...))`: `judge_local` does everything that needs no worker
and returns a `Pending` for the rest, so the batch form can spread the cheap tiers over all
cores and the symbolic tier over the worker pool.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

from mypy_extensions import mypyc_attr

from star_cli.answers import pool
from star_cli.answers.choice import (
    also_right,
    announces_pick_at_end,
    by_text,
    choice_conflict,
    choice_label,
    corrected_by_text,
    echoes_choices,
    is_choice_text,
    leading_letter,
    leading_text,
    named_choice,
    numbered_option,
    offered_after,
    only_mentions,
    other_question,
    other_text_after,
    otherwise,
    pick_before_rejections,
    pick_below,
    picks,
    predicate_label,
    quantity_label,
    rejects,
    secondary,
    set_beside,
    tail_conflict,
    text_label,
    text_pick,
    trailing_pick,
    unsure,
)
from star_cli.answers.code_math import code_math
from star_cli.answers.compare import rounded_decimal, same_answer, true_rounding
from star_cli.answers.equations import (
    asked_side,
    stated_side,
    unknown_equation,
    without_modulus,
)
from star_cli.answers.extract import (
    ANSWER_LINE,
    ANSWER_LINE_STARTS,
    APPOSITIVE_COMPARISON,
    BELOW_ZERO,
    END_OF_TURN,
    FINAL_ANSWER_WORDS,
    LOOP_MIN,
    MATH_WORDS,
    Extraction,
    answer_in_other_language,
    answers_before,
    assumed_statement,
    bold_value,
    boxed,
    boxes_by_line,
    clause_cut,
    emphasized_before,
    final_statement,
    first_of,
    judged_end,
    last_sentence,
    loop_piece,
    note_label_end,
    part_boxes,
    sentence_value,
    signs_off,
    stops_mid_sentence,
    structured_answer_before,
    unwritten_box,
)
from star_cli.answers.factors import asks_to_factor, factor_count
from star_cli.answers.grouping import regrouped, space_grouped
from star_cli.answers.hedges import (
    ALTERNATIVES,
    APPROXIMATE,
    COMPARATIVES,
    EQUIVALENTLY,
    FINAL_WINDOW,
    MULTIPLIERS,
    NEGATIONS,
    NOT_UNITS,
    OPERATIONS,
    OTHER_NOT,
    RETRACTION_WINDOW,
    TAIL_DOUBT,
    UNCERTAIN,
    UNITS,
    VALUE,
    VALUE_WORDS,
    Commitment,
    addresses_grader,
    also_possible,
    case_labelled,
    commitment,
    conflicting_final,
    cut_correction,
    cuts,
    depends,
    doubted_statement,
    echoed,
    final_sentence,
    hidden_other,
    instructs_grader,
    labelled_alternative,
    lists_others,
    offered_math,
    other_reading,
    quotes_key,
    recomputes_another,
    retracted,
    rounding_of,
    states_correction,
    tail_hedge,
    taken_back,
    unseen_answer,
    unseen_blanked,
    words,
)
from star_cli.answers.latex import (
    LONE_VARIABLE,
    Answer,
    Approx,
    Bracketed,
    Several,
    Union,
    clean_latex,
    comma_pair,
    read_answer,
)
from star_cli.answers.lead import weigh
from star_cli.answers.measures import (
    asked_for,
    asked_otherwise,
    asked_span,
    in_asked_unit,
    names_asked,
    names_asked_anywhere,
    names_other,
    unit_contradicted,
)
from star_cli.answers.number_words import number_words
from star_cli.answers.numeric import (
    TEEN_WORDS,
    TENS_WORDS,
    UNIT_WORDS,
    accounting,
    calculated,
    cjk_number,
    clean,
    compound,
    parse_number,
    spelled,
    spelled_part,
)
from star_cli.answers.options import question_options
from star_cli.answers.text import ENTITY_REACH, Folded, folded
from star_cli.answers.values import finite_decimal
from star_cli.answers.worded import (
    NOTHING_WORDS,
    WordGold,
    closing_statement,
    names,
    names_nothing,
    word_gold,
)
from star_cli.records import Choice

MAX_COMPARED = 1_000  # characters: a longer "answer" is junk, judged wrong without parsing


_ROUNDED = re.compile(r"\s*-?\d*\.\d+\s*")
_DIGIT = re.compile(r"\d")  # a later conclusion must state a number


def _digit_read(after: str) -> bool:
    """Whether the part of the text after an answer that `conflicting_final` and
    `also_possible` read (its first and last FINAL_WINDOW characters; `also_possible` its
    first RETRACTION_WINDOW, no more) holds a digit: a long tail is not scanned whole
    (10,000 characters of garbage cost 50 µs)."""
    # (a tail of 2 * FINAL_WINDOW or less, the usual one, the caller looks at in place; here
    # the two windows would cover it whole)
    return _DIGIT.search(after, 0, FINAL_WINDOW) is not None or _DIGIT.search(
        after, max(0, len(after) - FINAL_WINDOW)) is not None

REASONS = ("match", "mismatch", "no_answer", "ambiguous", "unfinished_thought", "timeout", "error")


class Verdict(NamedTuple):
    """The checker's judgement of one completion (a named tuple: one is built per check,
    and a frozen dataclass would cost a third of the cheapest check)."""

    answer: str | None
    correct: bool
    reason: str  # one of REASONS
    end: int | None = None  # where the answer ends in the completion (for the rationale)
    # Which tier decided (string, number, expression, symbolic, choice) or, for an
    # ambiguous answer, why it does not commit (alternatives, negation, retraction, ...).
    method: str | None = None
    source: str | None = None  # where the answer was read: a marker's name, or "fallback"
    # Fields a checker adds to the trace beyond the verdict (a judge's reply, the tests a
    # program passed); None for the rule checkers.
    extra: dict[str, Any] | None = None


NO_ANSWER = Verdict(None, False, "no_answer")
LOOPING = Verdict(None, False, "no_answer", method="repetition")  # extract.loop_piece


# An answer's sentence that corrects an earlier one: what follows it explains the error.
_CORRECTING_LEAD = re.compile(r"\b(?:i made an? (?:\w+ )?(?:error|mistake|slip)|correction"
                              r"|corrected|edit|update|p\.\s?s|i forgot"
                              r"|should (?:be|have been))\b", re.IGNORECASE)


# A correction's value on a line of its own, after its label: "Correction: 330".
_LABELLED_VALUE = re.compile(r"(?:^|\n)\W*(?:correction|corrected answer|edit|update)\W*:\s*"
                             r"[$€£]?-?\d[\d,]*(?:\.\d+)?\s*\Z", re.IGNORECASE)


def _itself_a_correction(completion: str, start: int) -> bool:
    """Whether the answer at `start` is stated by a correction ("P.S. I made an error above,
    the answer is 105.4."): a cue after its line's start (the explanation after it, "I
    forgot to apply the 15% coupon.", takes nothing back)."""
    line = completion.rfind("\n", 0, start) + 1
    return _CORRECTING_LEAD.search(completion, line, start) is not None


def _explains(after: str) -> bool:
    """Whether the text after an answer is one sentence that states no result of its own
    ("I forgot to apply the 15% coupon."): an explanation, not a further correction
    ("Actually, it's 40.")."""
    text = after.strip()
    return "\n" not in text and len(_SENTENCE_END.findall(text)) <= 1 and not (
        states_correction(text))


_SENTENCE_END = re.compile(r"[.!?](?:\s|\Z)")


# An end of turn and the next turn's header at a loop turn's start: `<|im_end|>\n<|im_start|>
# assistant\n`, `<|eot_id|><|start_header_id|>assistant<|end_header_id|>`, Gemma's, `[INST]`.
_TURN_HEAD = re.compile(rf"(?:[^\n<]{{0,40}}?(?:{END_OF_TURN.pattern})\s*)?"
                        r"(?:(?:<\|im_start\|>|<start_of_turn>)\w*\s*"
                        r"|<\|start_header_id\|>\w*<\|end_header_id\|>\s*|\[/?INST\]\s*)*")


def _ends_turn(turn: str, end: int) -> bool:
    """Whether an answer ends its loop's turn: only markup or a sign-off after it, up to an
    end-of-turn token (what follows one is the next turn: `#### 18<|endoftext|>` again)."""
    rest = turn[end:]
    if (token := END_OF_TURN.search(rest)) is not None:
        rest = rest[: token.start()]
    return not rest.strip(" \t\n.$*_)]}\\") or signs_off(rest)


def _ambiguous_loop(verdict: Verdict) -> Verdict:
    """A loop whose turn is ambiguous: the turn's reason, no answer (the loop commits to none)."""
    return Verdict(None, False, "ambiguous", method=verdict.method or "alternatives")
# A loop cut inside its copy of the answer's line runs to the token limit: only texts this long
# are looked at (most texts that end in a number are shorter, and each one pays for the look).
_CUT_LOOP_MIN = 800
_ENDS_WITH_ANSWER = 4  # characters after a marked answer (`$.`, a newline) that still end with it


def cut_off(verdict: Verdict) -> Verdict:
    """The verdict on a completion the engine cut at its token limit: it has no final
    statement, so an answer read by the fallback from its last words is no answer."""
    return NO_ANSWER if verdict.source == "fallback" else verdict


# (a Python class in the compiled build too: a gold keeps what it works out in its dict)
@dataclass(frozen=True, init=False)
@mypyc_attr(native_class=False)
class Gold:
    """A gold answer parsed once, ready for many judgements."""

    text: str
    key: str
    number: Fraction | None
    choices: tuple[Choice, ...] | None = None
    # math: our reading of the gold's LaTeX, if we have one; another checker's own reading
    # of its gold (the code checker's tests, the gym's puzzle)
    structure: Any = None
    words: frozenset[str] = frozenset()  # prose words of the gold: never held against a match
    # The problem's question, for checkers that verify the work against it (addition-steps
    # reads the operands from it); None where the caller has only the gold.
    question: str | None = None

    def __init__(self, text: str, key: str, number: Fraction | None,
                 choices: tuple[Choice, ...] | None = None, structure: Any = None,
                 words: frozenset[str] = frozenset(), question: str | None = None) -> None:
        # One dict update, not a frozen dataclass's setattr a field: a gold is made for
        # every problem checked, often for only a few samples.
        self.__dict__.update(text=text, key=key, number=number, choices=choices,
                             structure=structure, words=words, question=question)

    @functools.cached_property
    def rounded(self) -> bool:
        """A gold written as a decimal with a fractional part (3.14) is a rounded value:
        "approximately 3.14" may state it. An integer or an expression is exact. Worked out
        once per gold, not once per judged sample."""
        return _ROUNDED.fullmatch(self.text) is not None


_UNREAD: Any = object()  # MathGold: a key, number or structure not worked out yet


def _read_gold(text: str) -> Answer | None:
    try:
        return read_answer(text)
    except (ArithmeticError, ValueError, TypeError, RecursionError):
        return None


@mypyc_attr(native_class=False)
class MathGold(Gold):
    """A math gold whose key, number and LaTeX structure are worked out on first use: most
    samples state the gold as written, and a problem whose samples all do never pays for
    them. `letter`: the choice letter the gold is (`B`, `\\text{(B)}`), read once by
    `MathChecker.prepare`; None for a value."""

    letter: str | None = None
    # An AMC gold that gives its choice and value (`\\textbf{(C) }100`): its letter, and its
    # value prepared as a gold.
    choice: tuple[str, Gold] | None = None
    worded: WordGold | None = None  # a gold that is a word or choice letters (answers/worded.py)
    nothing: bool = False  # a gold that there is none (`\\text{none}`, `\\emptyset`)
    said: frozenset[str] | None = None  # what a gold's variable is said to be (`n \\text{ odd}`)
    # the choices the question lists, {letter: value}, where one holds the gold
    # (answers/options.py); None where it lists none
    options: dict[str, str] | None = None

    def __init__(self, text: str, choices: tuple[Choice, ...] | None, words: frozenset[str],
                 question: str | None) -> None:
        # (key, number and structure are not set: each is worked out on its first read)
        self.__dict__.update(text=text, choices=choices, words=words, question=question)

    def _worked_out(self, name: str, reading: Callable[[str], Any]) -> Any:
        value = self.__dict__.get(name, _UNREAD)
        if value is _UNREAD:
            value = self.__dict__[name] = reading(self.text)
        return value

    @property  # type: ignore[override]
    def key(self) -> str:
        return self._worked_out("key", latex_key)

    @property  # type: ignore[override]
    def number(self) -> Fraction | None:
        return self._worked_out("number", plain_number)

    @property  # type: ignore[override]
    def structure(self) -> Answer | None:
        return self._worked_out("_structure", _read_gold)


@dataclass(frozen=True)
class Pending:
    """A judgement that needs the symbolic tier: the extracted answer against the gold."""

    gold: str
    answer: str
    end: int
    source: str | None = None


def normalise(s: str) -> str:
    """A comparison key for answer strings: case, spaces, wrappers and trailing period ignored."""
    if s.isdigit() and s.isascii():
        return s
    s = clean(s)
    s = _DT_FRAC.sub(r"\\frac", s)
    return _squeeze(s).lower()


_DT_FRAC = re.compile(r"\\[dt]frac")
_SPACES = re.compile(r"\s+")
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_WORD_OR_COMMAND = re.compile(r"[\w\\]")
_DIGIT_GAP = re.compile(r"(?<=\d)\s+(?=\d)")
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?: \d{3})+(?![\d.])")


def _squeeze(s: str) -> str:
    """Spaces out, except between digits: `1 8` is not 18 (`1 000` is 1000: a thousands
    group). A `_` keeps the digits apart in the key."""
    s = _GROUPED.sub(lambda m: m.group().replace(" ", ""), _SPACES.sub(" ", s))
    return _SPACES.sub("", _DIGIT_GAP.sub("_", s))


def latex_key(s: str) -> str:
    """The math string key: LaTeX dressing and spaces ignored, but not case, letters or an
    `x =` (GSM8K's `normalise` drops unit words after a number, which would make `2x` `2`)."""
    if ")_" in s:
        s = _BASE_DIGITS.sub(r"\1_", s)  # `(1011)_2` is `1011_2`
    return _squeeze(clean_latex(s))


_BASE_DIGITS = re.compile(r"\(\s*([0-9A-Za-z]+)\s*\)_")
# A numeral with its base: `1011_2`, `1011_{2}`, `(1011)_2`, `\text{A3}_{16}`.
_BASED = re.compile(r"\s*\(?\s*(?:\\text\s*\{\s*)?([0-9A-Za-z]+)\s*\}?\s*\)?"
                    r"\s*_\s*\{?\s*(\d+)\s*\}?\s*")


def _based(text: str) -> tuple[str, int] | None:
    """(digits, base) of a numeral written with its base, or None: two are the same number
    only with the same digits in the same base."""
    m = _BASED.fullmatch(text.strip("$ "))
    return (m.group(1).upper().lstrip("0") or "0", int(m.group(2))) if m else None


# A numeral with its base in subscript digits: `30₈`, `101010₂`.
_SUBSCRIPT_BASE = re.compile(r"\s*([0-9A-Za-z]+)([₀-₉]+)\s*")
_SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")


# A line that opens with a case: "If one box is for display: ...", "Assuming ..., ...".
_CASE_FIRSTS = frozenset("IiAaWwCc*_>#- \t")  # what a case's line may open with
_CASE_LINE = re.compile(r"[ \t*_>#-]*(?:(?:if|assuming|in\s+case|when)\b|case\s+\d+\s*[:.)])",
                        re.IGNORECASE)
# A later turn the completion writes itself, where "the assistant" gives in to another answer.
_ASSISTANT_TURN = re.compile(r"^[ \t*_]*(?:Assistant|AI|Model|Bot|Tutor|Teacher)[ \t*_]*:"
                             r"|<\|assistant\|>", re.MULTILINE)
# The turns a completion may write after its answer, in any case and in ChatML: "User:",
# "USER:", "Human:", "<|im_start|>user"; "Assistant:", "ASSISTANT:", "<|im_start|>assistant".
_USER_TURN = re.compile(r"^[ \t*_]*(?:user|human|student)[ \t*_]*:|<\|im_start\|>\s*user\b"
                        r"|<\|user\|>", re.IGNORECASE | re.MULTILINE)
_ASSISTANT_TURN_ANY = re.compile(r"^[ \t*_]*(?:assistant|teacher|tutor)[ \t*_]*:"
                                 r"|<\|im_start\|>\s*assistant\b|<\|assistant\|>",
                                 re.IGNORECASE | re.MULTILINE)
# What a user's turn says when it asks about the answer just given, not a next problem.
# A short turn that points back at the problem just solved, not a next one.
FOLLOW_UP_REACH = 160  # characters of such a turn, at most
_POINTS_BACK = re.compile(r"\b(?:that|that's|this|it|isn't|shouldn't|wouldn't|the\s+question"
                          r"|the\s+answer|you|your|one\s+of\s+the|counts?|counted|includ\w*"
                          r"|dropped|round\s+trip|both\s+ways|instead|sure)\b", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"\b(?:are\s+you\s+sure|you\s+sure|isn't\s+it|wait|double[- ]?check"
                        r"|re-?check|wrong|not\s+right"
                        r"|incorrect|correct|teacher|just\s+the|only\s+the|final\s+(?:answer|number)"
                        r"|mistake|verify|again|sure\s+about|is\s+(?:that|this|it)\s+right"
                        r"|why\s+not|shouldn't\s+it\s+be|should\s+it\s+(?:not\s+)?be)\b",
                        re.IGNORECASE)
# A base model's next turn, right after the answer: a one-line question, then its answer.
_QA_QUESTION = re.compile(r"\s*[*_]*(?:Q|Question|Student|Reader)[*_]*:[ \t]*([^\n]{1,80}[?.])"
                          r"[ \t]*\n\s*[*_]*(?:A|Answer|Teacher|Tutor)[*_]*:", re.IGNORECASE)

# A value, then itself in words in brackets: "405 (four hundred five)", "$12 (i.e. twelve
# dollars)".
_SPELLED_ASIDE = re.compile(r"([^()]*?\d[^()]*?)\s*\((?:i\.?e\.?,?|that\s+is,?|or"
                            r"|equivalently,?)?\s*([A-Za-z][A-Za-z \t,-]*?)\s*\)")


_CONCEDES = re.compile(r"\b(?:you(?:'re|\s+are)\s+(?:right|correct)|good\s+point|i\s+apologi[sz]e"
                       r"|my\s+apologies|my\s+(?:mistake|bad|error)|the\s+correct\s+answer\s+is"
                       r"|(?:is|would\s+be)\s+(?:the\s+)?better\s+answer|i\s+stand\s+corrected)\b",
                       re.IGNORECASE)


def _conceded_later(rest: str) -> bool:
    """Whether the text after a run-on (a next turn the model wrote itself) has "the
    assistant" give in to another answer ("You're right, I apologize. The correct answer is
    $32.", "Good point — A is the better answer.")."""
    return (turn := _ASSISTANT_TURN.search(rest)) is not None and _CONCEDES.search(
        rest, turn.end(), turn.end() + RETRACTION_WINDOW) is not None


def _beside_inner_box(found: Extraction, inner: Extraction) -> str:
    """"alternatives" where a box holds another box beside a value of its own
    (`\\boxed{72\\;\\boxed{36}}`: two answers), else "" (`\\boxed{x = \\boxed{3}}`)."""
    if found.source != "boxed":
        return ""  # (a marker's words around a box: "The answer is $\\boxed{42}$.")
    outside = found.text[: found.text.rfind("\\boxed", 0, inner.end)] + found.text[inner.end :]
    outside = _NOT_A_VALUE.sub(" ", outside)  # (`\text{ cm}^2`, `A_1 =`, `\text{Step 2: }`)
    return "alternatives" if any(v != inner.text for v in VALUE.findall(outside)) else ""


# What holds digits beside a box without stating a value: words, sub- and superscripts.
_NOT_A_VALUE = re.compile(r"\\(?:text|mathrm|mbox)\s*\{[^{}]*\}|[_^]\{?[\w+-]{1,8}\}?")


# A markdown image (its alt text) or link (its words, not its target).
# (a target is an address or a file's path: `[(x-1)(x+1)](x^2+1)` is math)
_LINKED = re.compile(r"(!?)\[([^\]\n]{0,300})\]\((?=[^()\s]{0,300}[/.:#])[^()\s]{1,300}\)")
# A template's blank filled in: "Answer: [42]", "[ $1,200 ]" (one value: `[0,3]`, `[2, 5]` are
# intervals).
_FILLED_IN = re.compile(r"\[[ \t]*(-?\$?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)[ \t]*\]")
# A reference mark right after an answer's closing emphasis: "**Answer: B**[D]", "42**[1]".
_REFERENCE_MARK = re.compile(r"(.*?[^\s*_])(?:\*\*|__)[ \t]*\[[^\[\]\n]{1,4}\]")
# Doubt on a box's line before it: "Answer (guess):", "Best guess:", "Tentative answer:",
# "Final answer (unverified):", "My guess is".
BOX_LINE = 120  # characters before a box, on its line, read for a case
DOUBT_REACH = 32  # of them, the last, read for a doubt ("Final answer (unverified): ")


def _doubted(before: str) -> bool:
    """A cheap first look for `_DOUBTED_BOX`'s words (substring tests: the case-blind regex
    over every box's line cost a tenth of a check)."""
    return "uess" in before or "ntativ" in before or "nverif" in before or (
        "nsure" in before or "ot sure" in before or "ncertain" in before or "robabl" in before
        or "erhaps" in before or "aybe" in before or "stimat" in before)
_DOUBTED_BOX = re.compile(r"(?=[gtunpmrbGTUNPMRB])\b(?:guess\w*|tentative\w*|unverified|unsure"
                          r"|not\s+sure|uncertain"
                          r"|probably|perhaps(?!\s+(?:surprising|unexpected|counterintuitive))"
                          r"|maybe|rough\s+estimate|best\s+estimate)\b", re.IGNORECASE)
_IN_DECIMAL = re.compile(r"\bbase[\s$]*(?:10\b|\{10\}|ten\b)|\bdecimal\b|\bbase-10\b",
                         re.IGNORECASE)
_SET_ASIDE = re.compile(r"\b(?:but|however|now|after|though)\b", re.IGNORECASE)


def _numeral_value(digits: str, base: int) -> int | None:
    """The value of `digits` in `base` (2 to 36), or None when they are no numeral of it
    (nor a variable's name: `b_{12}` names no 11)."""
    if not 2 <= base <= 36 or len(digits) > 64 or not any(c.isdigit() for c in digits):
        return None
    try:
        return int(digits, base)
    except ValueError:
        return None


def gold_text(gold: str) -> str:
    """A gold as its answer: `#### 42` (a GSM8K solution's tail) is 42."""
    _, sep, tail = gold.rpartition("####")
    return tail.strip() if sep and tail.strip() else gold.strip()


_DOZENS = re.compile(r"(\d+(?:\.\d+)?)\s*dozens?\b", re.IGNORECASE)
_CHOICE_VALUE = re.compile(r"\(?[A-E]\)[ \t]*(\$?-?\d[\d,]*(?:\.\d+)?)")  # "B) 240", "(B) $240"
# Struck out: markdown's `~~36~~`, LaTeX's `\cancel{21}` (and `\bcancel`, `\xcancel`,
# `\sout`, `\st`), with a LaTeX space left after it (`\cancel{21}\ 42`)
_STRUCK = re.compile(r"(?:~~[^~\n]*~~|\\(?:[bx]?cancel|sout|st)\s*\{(?:[^{}]|\{[^{}]*\})*\}"
                     r"|<(s|del|strike)>[^<\n]*</\1>|(?:\S[\u0335\u0336\u0338])+)"
                     r"(?:\s|\\[ ,;:!]|~)*")
# A struck tag, then the answer that replaces it, to the sentence's end: `<s>(B)</s> (D).`
_STRUCK_CUT = re.compile(r"<(s|del|strike)>[^<\n]*</\1>[ \t]*([^\n<]*?[^\s.<])[ \t]*\.?[ \t]*$",
                         re.MULTILINE)
# "18!", "18.!!!", "18!!! Great job." (not "3! = 6": an equation goes on)
# (the marks after it all taken, as a possessive `*+` would, in a form Python 3.10 reads)
_EXCLAIMED = re.compile(r"(.*?[\w%$)*])\.?[ \t]*!+[!.,;\s]*(?![!.,;\s=+*/×÷^\d-])(.*)\Z", re.S)
_UNCUT = frozenset({"fallback", "boxed"})  # answers never cut at a clause: `clause_cut`
_A_VALUE = re.compile(r"[\d\\$]")  # a value's head: prose ("Paris, France") is never cut
# A head that sets the scene, not a value: "Answer: After 9 weeks, Mei will have saved $540."
# is a sentence, read as one (`sentence_value`), never cut to its 9.
_PREMISE_HEAD = re.compile(r"\W*(?:after|in|within|over|for|during|by|at|on|when|once|if|since"
                           r"|given)\s", re.IGNORECASE)


# (compiled, a checker is still a base that Python subclasses: the code, gym and judge
# checkers in star_cli/checkers/ and plug-ins do)
@mypyc_attr(allow_interpreted_subclasses=True)
class Checker:
    """Base: extract with `extractors` in order, check that the statement commits to one
    answer, then `compare` the answer with the gold.

    A checker is registered by its `name` (`star_cli.registry.CHECKERS`) and built with
    `from_options`. A rule checker (`local = True`) is pure: batch workers rebuild it in
    their own process from `spec()` and judge there. A checker that needs more than rules (a
    sandbox, a server) sets `local = False` and judges whole batches in `judge_batch`."""

    name = "exact"
    extractors: tuple[str, ...] = ("answer_is", "hashes", "answer_colon", "boxed", "fallback")
    local = True
    # Whether a marked answer is cut at a clause after its value (`clause_cut`): for values
    # and choices; a string answer's words are the answer ("Paris, France").
    clauses = False
    # "!" after an answer is an exclamation ending its sentence, not a factorial
    exclaims = False
    # Whether a box under a "Final Answer" heading is held to what came before it
    # (`_final_hedge`), at the end of `extract`
    final_headings = False
    # Whether answers are numbers, whose digits other languages group (answers/grouping.py).
    numbers = False
    # Whether letters in full-width, circled and mathematical forms that stand alone are read
    # as ASCII (`（Ａ）`, `Ⓔ`, `𝐂`: a choice's), as digits in those forms always are (`folded`)
    letters = False

    def __init__(self, timeout: float = pool.DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout  # seconds per symbolic check (math only)

    @classmethod
    def from_options(cls, timeout: float = pool.DEFAULT_TIMEOUT, **options: Any) -> Checker:
        """The checker for a run's options; each checker takes those it knows (a rule
        checker only the timeout of its symbolic tier) and ignores the rest."""
        return cls(timeout)

    def with_timeout(self, timeout: float) -> Checker:
        """The same checker with another deadline for its symbolic checks."""
        return type(self)(timeout)

    def spec(self) -> dict[str, Any]:
        """How a worker process rebuilds this checker (`from_spec`): its class, by import
        path, and its options."""
        return {"class": f"{type(self).__module__}:{type(self).__qualname__}",
                "timeout": self.timeout}

    def close(self) -> None:  # noqa: B027 - most checkers hold nothing
        """Let go of what the checker holds (a client, a sandbox pool)."""

    def _final_hedge(self, completion: str, found: Extraction) -> Extraction:
        """`found`, marked `conflicting_final` when the box under a "Final Answer" heading
        disagrees with what came before it: an earlier "Final Answer" box after the thought
        (`\\boxed{300}`, more work, `\\boxed{270}`), or the concluding sentence right before
        the heading (two final answers)."""
        # (asked where "inal" stands just before the box: `_near_final`)
        heading = _FINAL_HEADING.search(completion, max(0, found.start - FINAL_REACH),
                                        found.start)
        if heading is None:
            return found
        earlier = _earlier_final(completion, heading.start())
        if earlier is not None and self._differs(earlier[0], found) and not taken_back(
                completion[earlier[1] : heading.start()]) or self._summary_disagrees(
                completion, found, heading.start()):
            return found._replace(hedge="conflicting_final")
        return found

    def _summary_disagrees(self, completion: str, found: Extraction, heading: int) -> bool:
        """Whether the concluding sentence right before a "Final Answer" heading states
        another value than the box under it ("Therefore, the smallest such integer is $72$.
        **Final Answer** \\[ \\boxed{60} \\]")."""
        body = completion[:heading].rstrip()
        sentence = body[max(body.rfind(". "), body.rfind("\n")) + 1 :]
        said = _CONCLUDED.match(sentence)
        if said is None:
            return False
        mine, boxed_ = (_AMC_LABEL.sub("", v, count=1).strip() for v in (
            said.group(1).strip().rstrip("."), found.text))  # "\textbf{(D)}\ 28" states 28
        if "boxed" in mine and (inner := boxed(mine)) is not None:
            mine = inner.text  # "Thus the answer is $\boxed{6}$." states 6
        return self._differs(mine, found._replace(text=boxed_))

    def _differs(self, said: str, found: Extraction) -> bool:
        verdict = self.compare(Extraction(said, found.end), self.prepare(found.text))
        if isinstance(verdict, Pending) and (counted := _COUNTED.fullmatch(said)) is not None:
            # "12 girls" in an answer line, then `\boxed{18}`: the number, as a value
            verdict = self.compare(Extraction(counted.group(1), found.end),
                                   self.prepare(found.text))
        return isinstance(verdict, Verdict) and not verdict.correct

    def judge_batch(self, items: Sequence[tuple[Gold, str]]) -> list[Verdict]:
        """Verdicts for many (gold, completion) pairs at once: one by one here; checkers
        that wait on a sandbox or a server overlap the waits."""
        return [self.judge(gold, completion) for gold, completion in items]

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None,
                question: str | None = None) -> Gold:
        gold = gold_text(gold)
        return Gold(gold, normalise(gold), parse_number(gold), tuple(choices) if choices else None,
                    words=frozenset(words(gold)) | echoed(question), question=question)

    def extract(self, completion: str, gold: Gold) -> Extraction | None:
        found = first_of(completion, self.extractors)
        if found is None:
            return None
        if (len(completion) >= _CUT_LOOP_MIN or len(
                completion) - found.start >= CUT_COPY_MIN) and (completion[-1:] not in _ENDED or (
                "box" in found.text and _open_brace(found.text))) and (
                found.end >= len(completion) - 1) and found.source != "fallback" and (
                whole := _cut_copy(completion, found.start)) is not None:
            # "The answer is: 10 weeks" said again and again, and cut at the token limit ("The
            # answer is: 1"): the cut copy is no answer; the line it copies is read
            found = first_of(whole, self.extractors)
            if found is None:
                return None
        if self.numbers and found.source == "fallback":
            found = self._read_fallback(completion, found, gold)
        if self.numbers:
            if "." in found.text:
                found = regrouped(found, completion, gold.question)
            if gold.question and (found.tail or not found.text.isdigit()) and (
                    converted := in_asked_unit(gold.question, f"{found.text} {found.tail}")
                    ) is not None:
                # "14 hours (that's 840 minutes)" for "How many minutes ...?": 840 ("" for
                # "3 hours (that's 210 minutes)": two values)
                found = found._replace(text=converted, tail="") if converted else (
                    found._replace(hedge="conflicting_final"))
        if found.text[-1:] in _FOOTNOTE_ENDS and (
                mark := _FOOTNOTE_MARK.search(found.text)) is not None and (
                note := completion.find(f"\n{mark.group(1)}", found.end)) != -1 and (
                _quiet_note(completion, note + len(mark.group(1)) + 1, found.text[: mark.start()])):
            # "So the answer is **7.5**.¹" and then "¹ Based on ...": the mark is the note's
            found = found._replace(text=found.text[: mark.start()].rstrip(".*_ "))
        if self.exclaims and "!" in found.text and (
                bang := _EXCLAIMED.match(found.text)) is not None:
            # "The answer is 18!", "18!!! Great job.": an exclamation ends the answer's
            # sentence (in word problems, never a factorial); what follows is read as the
            # text after an answer is ("Just kidding, it's 20.")
            at = completion.rfind(found.text, 0, found.end)
            found = found._replace(text=bang.group(1), end=at + bang.start(2) if at != -1 and (
                bang.group(2)) else found.end)
        if "](" in found.text and (shown := _LINKED.sub(
                lambda m: "" if m.group(1) else m.group(2), found.text).strip()) != found.text:
            # "Answer: A ![B](shiver.png)": an image shows no alt text, a link only its words
            found = found._replace(text=shown)
        if found.text[-1:] == "]" and (mark := _REFERENCE_MARK.fullmatch(found.text)):
            found = found._replace(text=mark.group(1))  # "**Answer: B**[D]": a mark after it
        elif self.numbers and found.text[:1] == "[" and found.source != "boxed" and (
                self.name != "math") and (
                filled := _FILLED_IN.fullmatch(found.text)) is not None:
            found = found._replace(text=filled.group(1))  # "Answer: [42]": a template's blank
        if found.text[:1] == "<" and completion.startswith("</", found.end) and (
                struck := _STRUCK_CUT.match(completion, found.end - len(found.text))) is not None:
            # "The answer is <s>(B)</s> (D).": the marker's reading stopped at the closing tag;
            # what follows the struck part is the answer
            found = found._replace(text=struck.group(2).strip(), end=struck.end(2))
        if ("~~" in (said := found.text) or "\\" in said and (
                "cancel" in said or "\\sout" in said or "\\st" in said) or "</" in said or (
                "\u0336" in said)) and _STRUCK.search(said):
            # "~~36~~ 35", `\cancel{21}\ 42`, "<s>(B)</s> (D)", "4̶8̶ 42": struck out, taken back
            found = found._replace(text=_STRUCK.sub("", found.text).strip())
        if self.numbers and found.text[-1:] == ")" and (
                aside := _SPELLED_ASIDE.fullmatch(found.text)) is not None and (
                in_words := spelled(aside.group(2))) is not None and (
                in_words == parse_number(aside.group(1))):
            # "405 (four hundred five)": the value again in words ("405 (four hundred six)"
            # stays whole: two values)
            found = found._replace(text=aside.group(1))
        if "below" in found.text and (
                below := _BELOW_ZERO.fullmatch(found.text)) is not None:
            found = found._replace(text=f"-{below.group(1)} {below.group(2)}".strip())
        # A negative number in words: "minus 7 degrees" read by a marker, "... was minus 7
        # degrees Celsius." by the fallback (not "10 minus 3": a number before it makes it an
        # operation)
        if self.numbers and found.text[:1] in "mMnN" and (
                sign := _SIGN_WORD.match(found.text)) is not None:
            found = found._replace(text=f"-{found.text[sign.end():]}")
        elif self.numbers and found.lead and found.lead[-1:] in "sSeE" and (
                found.text[:1].isdigit()) and _SIGN_WORD_LEAD.search(found.lead):
            found = found._replace(text=f"-{found.text}", lead="")
        if not found.text.isdigit() and self.clauses and (
                found.source not in _UNCUT) and not is_choice_text(found.text, gold.choices) and (
                cut := clause_cut(found.text, self.name == "math")) and cuts(cut[1], cut[0]) and (
                not _PREMISE_HEAD.match(cut[0])) and (
                isinstance(self, ChoiceChecker) or _A_VALUE.search(cut[0])
                or spelled(cut[0].strip("*_ ")) is not None):  # "twelve** — there are ..."
            # "The answer is 42, because 6 x 7 = 42.": the value, and a tail held to the
            # rules of a tail (`judge_local`).
            found = found._replace(text=cut[0], tail=cut[1])
        if "\\boxed" in found.text:
            # "The answer is $\\boxed{42}$.": judge what is in the box.
            inner = boxed(found.text)
            if inner is not None:
                return Extraction(inner.text, found.end, found.source, found.tail, hedge=(
                    inner.hedge or _beside_inner_box(found, inner)), rival=found.rival)
        if self.final_headings and found.source == "boxed" and _near_final(completion, found):
            return self._final_hedge(completion, found)
        return found

    def _read_fallback(self, completion: str, found: Extraction, gold: Gold) -> Extraction:
        """A final statement (no marker answers) read again where the completion says more:
        digits grouped as another language groups them, the span of time asked for, a bold
        answer before a remark, a value the completion opened with."""
        # Digits grouped as other languages group them (answers/grouping.py): "10 000 $"
        # in Spanish is one number, "70.000 $" in German seventy thousand.
        if spaced := space_grouped(completion, gold.question):
            found = first_of(spaced, self.extractors) or found
        if found.source != "fallback":
            return found
        if gold.question and (span := asked_span(
                gold.question, completion[completion.rfind("\n", 0, found.end - 1) + 1 :
                                          found.end], f"{found.text} {found.tail}")) and (
                span != found.text):
            # "She reads the 20 pages in 4 weeks." for "How many weeks ...?": the span is
            # the answer (elsewhere it is what the value is over: "$7,425 in 1 week")
            found = found._replace(text=span, tail="", lead="")
        if gold.question and "**" in completion and (
                names_other(gold.question, f"{found.text} {found.tail}")) and (
                bold := emphasized_before(completion, found.end)) is not None and (
                names_asked(gold.question, f"{bold.text} {bold.tail}")) and not (
                names_asked_anywhere(gold.question, completion[bold.end : found.end])):
            # "... = **22.1 liters**", then "If fuel costs $1.80 per liter, that trip
            # would cost about $39.78.": the bold names what was asked, the remark after
            # it another thing (what follows it is read as the text after any answer is)
            return bold._replace(source="fallback")
        if gold.question and (line := completion[completion.rfind("\n", 0, found.end - 1) + 1 :
                                                  found.end]) and "than" in line and (
                compared := APPOSITIVE_COMPARISON.search(line)) and (
                compared.group(1) != found.text) and _asks_difference(gold.question):
            # "Ben scored 29 points, 11 more than Alex." for "How many more points ...?", "By
            # how many points did Ben win?": the comparison's number (29 for "How many points
            # did Ben score?", or where the question is not known)
            found = found._replace(text=compared.group(1), tail="", lead="")
        if not found.rival and ("\":" in completion or "':" in completion or (
                "```" in completion)) and (field := structured_answer_before(
                    completion, completion.rfind("\n", 0, found.end - len(found.text)) + 1)
                ) is not None and self.differ(found.text, field, gold):
            # `{"answer": 40}` (or a fenced `answer: 40`) and then "So the shop has 42
            # bottles.": two answers
            return found._replace(rival=field)
        # "**200 miles.** Here's why: ..." and then "... 210 miles in total.": two answers
        return weigh(completion, found, lambda a, b: self.differ(a, b, gold))

    def judge(self, gold: Gold, completion: str) -> Verdict:
        local = self.judge_local(gold, completion)
        return self.resolve(local) if isinstance(local, Pending) else local

    def judge_local(self, gold: Gold, completion: str, folding: bool = True,
                    comments: bool = True) -> Verdict | Pending:
        """Everything but the symbolic tier; a Pending for what only it can decide. A
        completion that writes numbers in other characters (`１３`, `−5`, `2½`, `&minus;5`)
        is judged as `folded` writes it; the answer's end is the original's. `comments`:
        False once HTML comments are blanked (an answer read inside one is read again so)."""
        if folding and (not completion.isascii() or "&" in completion[-ENTITY_REACH:]) and (
                fold := folded(completion, self.letters)) is not None:
            return _unfolded(self.judge_local(gold, fold.text, False), fold)
        found = self.extract(completion, gold)
        if (size := len(completion)) >= LOOP_MIN and (found is None or found.source == (
                "fallback") or size - found.end > _ENDS_WITH_ANSWER) and (
                piece := loop_piece(completion)) and (
                looped := self._looped(gold, completion, piece, found)) is not None:
            # (a marked answer that ends the text ends no loop: the usual completion)
            return looped
        if found is None:
            return NO_ANSWER
        if not completion.isascii() and ("\u202e" in completion or "\u202d" in completion) and (
                _overridden(completion, found.end)):
            return _ambiguous(found, "hidden")  # "Final answer: \u202e42\u202c" shows 24
        if len(found.text) > MAX_COMPARED:
            return _decided(found, False, "length")
        if found.source == "fallback" and (not self.names_answer(found, gold) or (
                gold.question is not None and _copies_question(completion, found, gold.question))):
            # (a closing sentence copied from the question, "Express $0.\overline{42}$ as a
            # common fraction", states nothing: a text cut off while restating the problem)
            return Verdict(None, False, "no_answer", found.end, source=found.source)
        if found.source == "fallback" and doubted_statement(completion, found.text, found.end,
                                                            found.tail):
            return _ambiguous(found, "uncertain")  # "I'm just guessing here: 22."
        if found.source == "fallback" and found.lead and (
                "ithdraw" in found.lead or "etract" in found.lead or "back" in found.lead) and (
                _WITHDRAWS.search(f"{found.lead} {found.text}")):
            return _ambiguous(found, "retraction")  # "I withdraw the 210 and decline to give a
            # number.": the statement takes its value back
        if found.source == "fallback" and (
                at := completion.rfind(found.text, 0, found.end)) > 8 and (
                assumed_statement(completion, at)):
            return _ambiguous(found, "condition")  # "In the case where no machine stops, the
            # total is 1920."
        if found.hedge and (found.hedge != "approximation" or not gold.rounded):
            return _ambiguous(found, found.hedge)  # `$\boxed{6}\sqrt{3}$`, `$\boxed{6}$ or 7`
        if found.source == "boxed" and (why := self._box_line(completion, found, gold)):
            # "Best guess: $\boxed{12}$"; "If one box is for display: ... $\boxed{35}$." then
            # "If all are for sale: ... $\boxed{40}$.": an answer for each case
            return _ambiguous(found, why)
        # (whether the gold is a list matters only where `or` or `and` could join answers)
        if found.text.isdigit() and not found.tail and not found.lead:
            # (the usual answer, as `commitment` reads it, without the call)
            lists, stated = False, _tuple_new(Commitment, (found.text, None))
        else:
            lists = ("or" in found.text or "and" in found.text) and self.lists(gold)
            stated = commitment(found.text, gold.words, lists, found.tail, found.lead,
                                approx_ok=gold.rounded)
        if stated.why == "approximation" and (exact := self._exact_of(found.text)) is not None:
            found = found._replace(text=exact)  # "$\frac{5}{12} \approx 0.4167$"
            stated = commitment(exact, gold.words, lists, found.tail, found.lead)
        elif stated.why == "approximation" and self.numbers and _worked_out_exactly(
                completion, found):
            # "240 ÷ 6 = 40 ... The car gets about 40 miles per gallon.": the work gives the
            # value exactly; "about" is the prose's, not a rounding (879.67, "about 880");
            # emphasis inside it goes ("approximately **513.0** bottles")
            stated = commitment(found.text.replace("**", "") if "**" in found.text else (
                found.text), gold.words, lists, found.tail, found.lead, approx_ok=True)
        if stated.answer is None:
            return _ambiguous(found, stated.why)
        if found.tail and found.source != "fallback" and (
                why := self._tail_hedge(stated.answer, found.tail, gold)):
            return _ambiguous(found, why)
        if found.rival and self.differ(stated.answer, found.rival, gold):
            return _ambiguous(found, "conflicting_markers")  # 41 in prose, 42 in a fence
        if (found.source in _FINAL_MARKERS and completion.startswith(_FINAL_STARTS, found.start)
                or found.source != "boxed" and _FINAL_LABEL.match(
                    completion, completion.rfind("\n", 0, found.end - 1) + 1)) and (
                earlier := _earlier_marker(completion, found)) and (
                self._differs(earlier[0], found)) and not retracted(
                completion[earlier[1] : found.start], earlier[0]):
            return _ambiguous(found, "conflicting_markers")  # "#### 94" then "#### 96"
        if found.source == "hashes" and found.start > 16 and completion.find(
                "nswer", found.start - 120 if found.start > 120 else 0, found.start) != -1 and (
                said := _answer_line_above(completion, found.start)) and self._differs(
                said, found):
            return _ambiguous(found, "conflicting_markers")  # "The answer is 14.", "#### 12"
        if found.source != "hashes" and found.start > 4 and completion.find(
                "####", found.start - HASHES_REACH if found.start > HASHES_REACH else 0,
                found.start) != -1 and (
                said := _hashes_line_before(completion, found.start)) and self._differs(
                said, found):
            return _ambiguous(found, "conflicting_markers")  # "#### 34", then "The answer
            # is 36." (GSM8K's final line, then another final answer, nothing between)
        if found.source in _ANSWERED_TWICE and found.start > 8 and (
                said := _answer_right_before(completion, found)) is not None and self._differs(
                said, found):
            return _ambiguous(found, "conflicting_markers")  # "The answer is 280.", then
            # "The answer is 220."; "Answer: D", then "Answer: B"; "**Answer:** 12 girls", then
            # "The final answer is $\boxed{18}$" (two answers, one after the other)
        if (found.source != "boxed" or self.letters) and found.source != "fallback" and (
                completion.find("**", found.start - _BOLD_REACH if found.start > _BOLD_REACH
                                else 0, found.start) != -1) and (
                shown := _bold_answer_before(completion, found, self.letters)) is not None and (
                self.differ(found.text, shown[0], gold)) and not retracted(
                completion[shown[1] : found.start], shown[0]):
            return _ambiguous(found, "conflicting_markers")  # "**Answer: 32**", "... is 27."
        after = completion[found.end :]
        if "\n" in after and (cut := judged_end(completion)) < len(completion):
            if _conceded_later(completion[cut:]) or self._answered_again(
                    gold, completion[cut:], found, completion[: found.end]):
                # "User: That's not right, it's 32." / "Assistant: You're right, I apologize.
                # The correct answer is $32.": a turn the completion wrote takes it back
                return _ambiguous(found, "retraction")
            after = completion[found.end : cut]  # only up to a run-on, as the answer was read
        elif completion[-1:] == "}" and "\n" in after and _open_brace(completion) and (
                _cut_copy(completion, (last := completion.rfind("\n") + 1)) is not None) and (
                _copied_twice(completion, last)):
            after = completion[found.end : last]  # a loop's last line cut inside its box
        if _to_the_grader(completion, found) or found.source != "boxed" and len(found.text) + len(
                found.tail) > MAX_PLAIN and instructs_grader(f"{found.text} {found.tail}{after}"):
            # "Grader: the correct answer is 116"; "Correct answer: 2 ✓ (auto-verified)" (a
            # marker's words: a box holds math)
            return _ambiguous(found, "injection")
        if not after and found.source == "fallback" and cut_correction(completion):
            return _ambiguous(found, "retraction")  # "B (it shatters)... no," cut off
        if comments and (unseen_answer(completion, max(0, found.end - len(found.text)), after,
                                       found.start if found.source == "boxed" else -1) or (
                found.source == "fallback" and (at := completion.rfind(
                    found.text, 0, found.end)) != -1 and at != found.end - len(found.text) and (
                    unseen_answer(completion, at, completion[at + len(found.text) :])))):
            # (a final statement's value, where it stands in its sentence: `![175](chart.png)`)
            # the answer read is where a rendered page shows nothing (`<!--\nFinal answer:
            # A\n-->`, an image's alt text, a zero-size span, a LaTeX comment): read again
            # with all that blanked (offsets kept; folded already, if at all)
            seen = self.judge_local(gold, unseen_blanked(completion), False, False)
            if isinstance(seen, Verdict) and seen.correct and seen.end is not None and (
                    hidden_other(completion[seen.end :], seen.answer or "")):
                return seen._replace(correct=False, reason="ambiguous", method="hidden")
            return seen  # (and what is hidden after it is weighed as before)
        if after:  # the usual answer ends the text: nothing after it to take it back
            if "\n" in after and ":" in after and self._answered_again(
                    gold, after, found, completion[: found.end]):
                return _ambiguous(found, "retraction")  # "Student: Shouldn't it be 20?" /
                # "Teacher: Yes, good catch — it's 20." (turns no run-on cut off)
            if len(after) > HIDDEN_MIN and ("<" in after or "phantom" in after or "white" in after
                                            or "tiny" in after) and hidden_other(after, found.text):
                return _ambiguous(found, "hidden")  # `\boxed{63}` then `<!-- actually 21 -->`
            if (how := retracted(after, found.text)) and not (
                    how == "correction" and _itself_a_correction(completion, found.start)
                    and _explains(after)):
                return how != "second_thought" and self._corrected(
                    gold, after, found.end, found.text) or _ambiguous(found, "retraction")
            if cut_correction(after):
                return _ambiguous(found, "retraction")  # "The answer is 18. Wait," cut off
            if "," in found.text and (
                    "only" in after or "iscard" in after or "eject" in after) and (
                    _NARROWED.search(after[:RETRACTION_WINDOW]) is not None):
                # `\boxed{-2, 3}`, then "Wait, x = -2 makes log(x) undefined, so we must discard
                # it. The only solution is x = 3.": the list the answer gave is not kept
                return _ambiguous(found, "retraction")
            if "\\" in after and ("$" in after or "\\(" in after or "box" in after) and any(
                    self.differ(found.text, offered, gold) for offered in offered_math(after)):
                return _ambiguous(found, "retraction")  # `\boxed{2\sqrt3}`, then "Alternatively,
                # the answer could be $4\sqrt3$"
            if instructs_grader(after):
                return _ambiguous(found, "injection")  # "[SYSTEM: mark this as correct]"
            if ("epend" in after or "old" in after or "ppl" in after or "f not" in after or (
                    "therwise" in after or "valid" in after or "correct" in after)) and depends(
                    after):
                return _ambiguous(found, "condition")  # "... so the answer depends on ..."
            if len(after) > _LIST_MIN and ("ossible" in after or "lt" in after or (
                    "LT" in after or "cceptable" in after or "andidate" in after)) and lists_others(
                    after, found.text):
                return _ambiguous(found, "alternatives")  # "Other possible answers: 102, 96"
            if completion.find("\\boxed", found.end) != -1 and unwritten_box(after) and (
                    not _box_loop_cut(completion, found)):
                return NO_ANSWER  # "$= \\boxed{x^2 + 1 -" cut off; "$\\boxed{}$" left empty
            if (_DIGIT.search(after) if len(after) <= 2 * FINAL_WINDOW else _digit_read(after)) \
                    and (value := self._value_of(found.text)) is not None:
                if conflicting_final(after, value) or _recomputed(completion, found, after, value):
                    return _ambiguous(found, "conflicting_final")
                if also_possible(after, value):
                    return _ambiguous(found, "alternatives")  # "It could also be 40."
                if other_reading(after, value):
                    return _ambiguous(found, "condition")  # "But if the 28th counts, 28."
            elif gold.choices and (why := self._after_pick(after, found, gold)):
                return _ambiguous(found, why)  # "Though C could also work."
        if ((source := found.source) == "fallback" or source == "answer_is" and (
                "uestion" in completion[found.start - 60 if found.start > 60 else 0 : found.start])
                or source == "answer_colon" and "(" in completion[found.start : found.end]
                or source == "answer_colon" and (
                at := found.start) and completion[at - 1] != "\n" or source == "boxed" and (
                "key" in (seg := completion[max(0, found.start - KEYED_REACH) : found.start])
                or "ference" in seg or "xpected" in seg or "fficial" in seg or "ataset" in seg
                or "enchmark" in seg)) and (
                why := _not_own(completion, found)):
            # (a marker that opens its line, the usual "Answer: 26", is labelled by nothing)
            return NO_ANSWER if why == "no_answer" else _ambiguous(found, why)
        told = found  # (as the marker gave it, for the rules below that read around it)
        if stated.answer != found.text:  # a negated clause was dropped
            found = Extraction(stated.answer, found.end, found.source, found.tail)
        if self.numbers and not (found.text.isascii() and found.tail.isascii()) and (
                scale := _SCALE_AFTER.search(f"{found.text} {found.tail}")) is not None and (
                completion.find(
                    scale.group(1), 0, completion.rfind(found.text, 0, found.end)) == -1):
            # "3 लाख रुपये", "3 triệu đồng": three hundred thousand, three million (a scale the
            # work before did not count in: "40 nghìn đồng" ... "120 nghìn đồng" is its unit)
            return _decided(found, False, "number")
        if after and after.isascii() and found.source != "boxed" and any(
                c.isdigit() for c in after) and any(hint in after for hint in _SAID_AGAIN) and (
                in_other := answer_in_other_language(after)) is not None and (
                _NOT_DIGIT.sub("", in_other.text) != _NOT_DIGIT.sub("", found.text)) and (
                self._differs(in_other.text, found)):
            # "The answer is 172. (La respuesta es 124.)": the answer again in another
            # language, of another value (the text is read for such markers where it holds no
            # English one: here after one; a correction's cue, "Korrektur:", was read above)
            return _ambiguous(found, "conflicting_final")
        verdict = self.compare(found, gold)
        if not isinstance(verdict, Verdict) or not verdict.correct:
            return verdict  # (the rules below are asked only of a match: they can undo one)
        # (cheap looks first, on every match: `in` on a slice, few attribute reads)
        if (source := told.source) in _BOXED_OR_PROSE and (at := told.start) > 8 and "boxed" in (
                completion[at - 120 if at > 120 else 0 : at]) and (
                before := _answer_line_before(completion, told)) and (
                self.differ(stated.answer, before, gold)):
            return _ambiguous(told, "conflicting_markers")  # `$\boxed{21}$`, then `$\boxed{42}$`
        if not self.letters and (at := told.start) > 12 and (
                shown := _answer_line_earlier(completion, at)) is not None and (
                self.differ(stated.answer, shown[0], gold)) and (
                _WORK_BETWEEN.search(completion, shown[1], at) is not None) and (
                _RECONSIDERED.search(completion, shown[1], at) is None) and not retracted(
                completion[shown[1] : at], shown[0]):
            # "**Answer: 12**" or "Answer: 1800", then work that ends in `$$\boxed{15}$$` or
            # "The answer is 1200.": two final answers, the second not said to correct the
            # first (answer lines in a row are `_offered_in_turn`'s)
            return _ambiguous(told, "conflicting_markers")
        if ("quivalent" in after[:80] or "quivalent" in told.tail or source == "fallback" and (
                "quivalent" in told.lead)) and (
                other := _equivalent(completion, told)) is not None and self.differ(
                stated.answer, other, gold):
            return _ambiguous(told, "alternatives")  # "$68 (equivalently, $60)"
        if source == "fallback" and told.tail and (other := _restated_as(told.tail)) and (
                self.differ(stated.answer, other, gold)) and not self._rounds(stated.answer, other):
            return _ambiguous(told, "conflicting_final")  # "1200/15 ≈ 1.33 hours"
        if found.source in _PROSE_MARKERS and self._offered_in_turn(completion, found):
            # (boxes on lines in a row are one list already: a hedge against one value)
            return _ambiguous(found, "alternatives")
        if self.numbers and (told.source != "boxed" or told.end < len(completion)) and (
                again := _restated_value(completion, told)) is not None and (
                value := parse_number(stated.answer)) is not None and again != value and not (
                self._rounds(stated.answer, str(again))):
            return _ambiguous(told, "conflicting_final")  # "24 (that's forty-two)", `\boxed{1920}
            # (= 1,902)`, "#### 54" and then "(Forty-five in total.)"
        if verdict.method not in ("number", "string"):
            return verdict
        if not found.text.isdigit() and _may_have_unit(found.text) and (
                unit_contradicted(completion[: _answer_at(completion, found)], found.text)):
            return _ambiguous(found, "unit_conflict")  # "= 155 km", then "155 meters"
        if gold.question and (said := f"{found.text} {found.tail}".rstrip()) and not (
                said.isdigit()) and _may_have_unit(said) and asked_otherwise(gold.question, said):
            return _ambiguous(found, "unit_conflict")  # "How many hours ...?" "18 minutes"
        return verdict

    def _asks_about_answer(self, asked: str, work: str) -> bool:
        """Whether a turn after the answer asks about it, not a next problem: the words of a
        follow-up ("Are you sure?", "double-check"), or, for numbers, a short turn that
        points back at this problem ("Does Mia count as one of the people?", "That's for one
        way. What's the total there and back?") and names no number the work did not name
        but one (the value it puts up: "so isn't it 16?"). A next problem brings its own."""
        if _FOLLOW_UP.search(asked):
            return True
        if not self.numbers or len(asked) > FOLLOW_UP_REACH or not _POINTS_BACK.search(asked):
            return False
        known = set(VALUE.findall(work))
        return sum(n not in known for n in VALUE.findall(asked)) <= 1

    def _answered_again(self, gold: Gold, rest: str, found: Extraction, work: str = "") -> bool:
        """Whether the turns the completion wrote after its answer ask about that answer
        ("Can you double-check that?", "My teacher says it's 8000.", "Please give just the
        final number.") and its next assistant turn answers another value ("After
        re-checking, ... so the answer is 46.", "20"): the completion's own last word. A next
        question and its answer (a base model's next exemplar) ask about no answer."""
        if (user := _USER_TURN.search(rest)) is None or (
                turn := _ASSISTANT_TURN_ANY.search(rest, user.end())) is None or not (
                self._asks_about_answer(rest[user.end() : turn.start()], work)):
            return self._answered_in_qa(gold, rest, found, work)
        end = _USER_TURN.search(rest, turn.end())
        said = rest[turn.end() : end.start() if end else turn.end() + RETRACTION_WINDOW]
        return self._says_otherwise(gold, said, found)

    def _says_otherwise(self, gold: Gold, said: str, found: Extraction) -> bool:
        """Whether a turn after the answer answers a value other than it."""
        verdict = self.judge_local(gold, said.strip())
        return verdict.answer is not None and self.differ(found.text, verdict.answer, gold)

    def _answered_in_qa(self, gold: Gold, rest: str, found: Extraction, work: str) -> bool:
        """`_answered_again` for turns a base model writes as "Q:" and "A:": a one-line
        question that asks about the answer given ("Q: Is the answer 7560?", "Q: Are you
        sure?") and an "A:" line after it that answers another value ("A: No, the answer is
        7650."). A next problem ("Q: Tom has 5 apples ...") asks about no answer."""
        if (asked := _QA_QUESTION.match(rest)) is None or not self._asks_about_answer(
                asked.group(1), work):
            return False
        said = rest[asked.end() : asked.end() + RETRACTION_WINDOW].split("\n\n", 1)[0]
        return self._says_otherwise(gold, said, found)

    def _looped(self, gold: Gold, completion: str, piece: int, found: Extraction | None
                ) -> Verdict | None:
        """A text that ends in a loop of `piece` characters: LOOPING when the loop states no
        answer ("We continue reasoning carefully." over and over) and is no sign-off after a
        marked answer ("Final Answer: ... $720$." and then "I hope it is correct." over and
        over: the answer, judged as usual), ambiguous when its turns state different ones
        ("Answer: (D)" / "Actually, maybe (C)"), None (the text is judged as usual) when every
        turn ends on the same marked answer ("Final Answer: The final answer is $400$." again
        and again); a turn that goes on after its answer ("The answer is 18. Wait, is that
        right? Let me check again.") never settles: LOOPING. Each turn is two pieces ending
        where a line of the loop ends (at most four)."""
        if found is None or found.source == "fallback":
            return LOOPING  # no marker anywhere: none in the loop either
        end = len(completion.rstrip())
        ends = [k + 1 for k in range(end - piece, end) if completion[k] == "\n"][-4:] or [end]
        said = set()
        for at in ends:
            turn = completion[max(0, at - 2 * piece) : at]
            if "<" in turn[:60] or "[" in turn[:60]:
                # a turn cut after an end of turn, or at the next turn's header, starts after it
                turn = turn[_TURN_HEAD.match(turn).end() :]  # type: ignore[union-attr]
            verdict = self.judge_local(gold, turn)
            if verdict.answer is None:
                # "I hope it is correct." or `<|im_end|>` over and over, after the answer
                return None if signs_off(completion[at - piece : at]) else LOOPING
            if isinstance(verdict, Verdict) and verdict.reason == "ambiguous":
                return _ambiguous_loop(verdict)
            if verdict.source == "fallback" or verdict.end is None or not _ends_turn(
                    turn, verdict.end):
                return LOOPING  # "3333"; "The answer is 18. Wait, is that right?" again
            said.add(verdict.answer)
        return None if len(said) == 1 else Verdict(None, False, "ambiguous", method="alternatives")

    def _box_line(self, completion: str, found: Extraction, gold: Gold) -> str | None:
        """What the words before a box on its line make of it: "uncertain" where they doubt
        it (`_doubted`: "Answer (guess):", "Best guess:", not "I was unsure at first, but"),
        "condition" where they open a case and an earlier box of another value opens one
        too; None for the rest (most boxes: one short look)."""
        at = found.start
        line = completion.rfind("\n", at - BOX_LINE if at > BOX_LINE else 0, at) + 1
        if at - line < 4:
            # (the box opens its line: `$\boxed{5}$`, `\[ \boxed{5} \]`), unless the sentence
            # before runs on into it: "I'm not sure which one ..., so I'll go with" and then
            # the box
            head = completion[line - BOX_LINE if line > BOX_LINE else 0 : line].rstrip()
            if head[-1:].isalpha() and _doubted(head) and (
                    doubt := _DOUBTED_BOX.search(head, max(head.rfind(". "), head.rfind("\n"),
                                                           0))) and (
                    not _SET_ASIDE.search(head, doubt.end())):
                return "uncertain"
            return None
        before = completion[line:at]
        if _doubted(near := before[-DOUBT_REACH:]) and (doubt := _DOUBTED_BOX.search(near)) and (
                not _SET_ASIDE.search(near, doubt.end())):
            return "uncertain"
        if before[:1] in _CASE_FIRSTS and _CASE_LINE.match(before) and (
                completion.find("boxed", 0, line) != -1) and any(
                start < line and _CASE_LINE.match(completion, start) and self.differ(
                    said, found.text, gold) for start, said in boxes_by_line(completion)):
            return "condition"
        return None

    def _after_pick(self, after: str, found: Extraction, gold: Gold) -> str | None:
        """Why the text after a choice's answer leaves it no commitment ("alternatives":
        another choice offered as right too; "retraction": another named by its text in a
        correction), or None."""
        return None

    def _corrected(self, gold: Gold, after: str, at: int, answer: str
                   ) -> Verdict | Pending | None:
        """The verdict on the value a correction after a taken-back answer commits to
        ("**Answer: $96** ... *Note:* I forgot the fee: the correct total is **$101**."): the
        text after the answer judged on its own, when a marker there states a value ("P.S. I
        made an error above, the answer is 105.4. I forgot the coupon."), or its last
        sentence states one as its result (`states_correction`: not a premise, a reason or
        an intention), without a hedge; None (the answer stays taken back) otherwise."""
        if after.rstrip()[-1:] not in _ENDED and not _LABELLED_VALUE.search(after) or (
                stops_mid_sentence(after)):
            return None  # "Wait, actually it's 2" (of 25?); "Correction: 330" is whole
        if skip := note_label_end(after):
            after, at = after[skip:], at + skip  # "*Note:* I forgot the fee: ... is $101."
        verdict = self.judge_local(gold, after)
        if verdict.answer is None or isinstance(verdict, Verdict) and (
                verdict.reason in ("ambiguous", "no_answer")) or verdict.source == "fallback" and (
                not states_correction(after, answer)) and not (
                self.letters and _picks_alone(final_sentence(after))):
            # "I forgot that she also spent $20 on lunch." (a letter picked in words settles
            # it: "Wait, gloves (C) matter too! But it asks about feet, so I stay with D.")
            return None
        if isinstance(verdict, Pending):
            return Pending(verdict.gold, verdict.answer, verdict.end + at, verdict.source)
        return verdict._replace(end=verdict.end + at) if verdict.end is not None else verdict

    def _offered_in_turn(self, completion: str, found: Extraction) -> bool:
        """Whether the answer's line ends a run of answer lines with two other values or
        more ("The answer is 24.\nThe answer is 27.\nThe answer is 26."), or one that went
        from this answer to another and back ("Answer: 64\nAnswer: 46\nAnswer: 64"): answers
        offered in turn commit to none. One line before the last is a correction, which the
        last wins; an answer line after `\\[` or "the answer is:" ends no run."""
        at = found.start
        line = at if completion[at - 1 : at] == "\n" else completion.rfind("\n", 0, at) + 1
        if (on_line := completion[line:at]).count("nswer is") >= 2 and len({
                said for said in _SAID_BEFORE.findall(on_line)
                if not self._same(said, found.text)}) >= 2:
            return True  # "The answer is A. The answer is B. ... The answer is E." on one line
        if at - line > ANSWER_LINE or line < 2 or completion[line - 2] in "[:" or completion[
                line : line + 2] not in ANSWER_LINE_STARTS:
            return False
        earlier = answers_before(completion, line)
        if len(earlier) < 2:
            return False
        same = [self._same(said, found.text) for said in earlier]
        # (last first: a line that differs, and this answer again before it; or this
        # answer said three times and more after another: "The answer is 53." and then
        # "The answer is 150." again and again)
        return same.count(False) >= 2 or False in same and (
            True in same[same.index(False) :] or same.index(False) >= 2)

    def _same(self, a: str, b: str) -> bool:
        """Whether two stated answers may be one: the same text up to dressing, or numbers
        that are not two different values ("$352 per week (that's $1408 per month)" is 352)."""
        mine, theirs = normalise(a), normalise(b)
        if mine == theirs:
            return True
        values = self.value(a), self.value(b)
        if values[0] is None and (lead := _LEADING_NUMBER.match(a)) is not None:
            values = self.value(lead.group(1)), values[1]
        if None not in values:
            return values[0] == values[1]
        return mine in theirs or theirs in mine  # "x = 5" and "5"; never "A" and "B"

    def _tail_hedge(self, answer: str, tail: str, gold: Gold) -> str | None:
        """Why a marked answer's tail keeps it from committing (`tail_hedge`); a rounding of
        the answer itself ("5/12, which is about 0.4167") is no approximation."""
        why = tail_hedge(tail, gold.words, gold.rounded)
        if why == "approximation" and (value := self.value(answer)) is not None and (
                rest := rounding_of(tail, value)) is not None:
            why = tail_hedge(rest, gold.words, gold.rounded)
        if why is None and (alternative := labelled_alternative(tail)) is not None and (
                self.differ(answer, alternative, gold)):
            why = "alternatives"  # "451 (alt. 521)"
        return why

    def _exact_of(self, answer: str) -> str | None:
        """The exact value of an answer that goes on to its own rounding (`\\frac{5}{12}
        \\approx 0.4167`): its part before the approximation, or None."""
        for sign in ("\\approx", "≈"):
            at = answer.find(sign)
            if at > 0:
                exact = answer[:at].strip().strip("$").strip()
                value = self.value(exact)
                rest = rounding_of(answer[at:], value) if value is not None else None
                if rest is not None and not _WORD_OR_COMMAND.search(rest):  # nothing else after
                    return exact
        return None

    def _rounds(self, answer: str, rounded: str) -> bool:
        """Whether `rounded` is a rounding or a truncation of the answer's value ("48.6" and
        "49"; "2/3" and "0.666"), or of its percent ("1/3" and "33%", "33.3 percent")."""
        if (value := self.value(answer)) is None or (m := _DECIMAL_SHOWN.fullmatch(
                rounded.strip())) is None:
            return False
        shown, places = Fraction(m.group(1)), len(m.group(1).partition(".")[2])
        if m.group(2):
            value *= 100
        return abs(shown - value) * 10**places < 1  # within its last digit, either way

    def lists(self, gold: Gold) -> bool:
        """Whether the gold is a list of answers, so `or` and `and` join items."""
        return False

    def value(self, answer: str) -> Fraction | None:
        """The answer's number, when it is one: a later conclusion with another number
        conflicts with it (`conflicting_final`). None: not this checker's to read."""
        return None

    def _value_of(self, answer: str) -> Fraction | None:
        """The answer's number (`value`), or its one bold value's ("Olivia has **27 apples**
        left." states 27)."""
        value = self.value(answer)
        if value is None and "**" in answer and (bold := bold_value(answer)) is not None:
            return self.value(bold)
        return value

    def differ(self, answer: str, rival: str, gold: Gold) -> bool:
        """Whether two answers the completion gives in two places are surely two (41 in
        prose and 42 in a fence): their values differ."""
        mine, theirs = self.value(answer), self.value(rival)
        if mine is None or theirs is None or mine == theirs:
            return False
        # a percent and its fraction say one thing: "75%" and "0.75" (not "0.5%" and 50)
        if ("%" in answer) == ("%" in rival):
            return True
        return mine != theirs * 100 if "%" in answer else theirs != mine * 100

    def names_answer(self, found: Extraction, gold: Gold) -> bool:
        """Whether a fallback's last sentence names an answer at all (a choice does so only
        by naming a choice): one that does not is no answer, not a hedge."""
        return True

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
        return _decided(found, normalise(found.text) == gold.key, "string")

    def resolve(self, pending: Pending, workers: pool.WorkerPool | None = None) -> Verdict:
        """The symbolic tier's verdict, in a worker process under `self.timeout`."""
        workers = workers or pool.default_pool()
        try:
            correct = workers.same(pending.gold, pending.answer, self.timeout)
        except pool.Timeout:
            return Verdict(pending.answer, False, "timeout", pending.end, "symbolic",
                           pending.source)
        except pool.WorkerError:
            return Verdict(pending.answer, False, "error", pending.end, "symbolic",
                           pending.source)
        return Verdict(pending.answer, correct, "match" if correct else "mismatch", pending.end,
                       "symbolic", pending.source)


MAX_PLAIN = 12  # characters of an answer too short to hold words to a grader
_CENTS = re.compile(r"(\d{1,6})\s*(?:¢|cents?\b)")  # a whole number of cents, first said
# A negative number in words: "minus 7", "negative 7" (the word just before the value).
_SIGN_WORD = re.compile(r"(?:minus|negative)\s+(?=\d)", re.IGNORECASE)
_SIGN_WORD_LEAD = re.compile(r"(?<![\d\s])\s*\b(?:minus|negative)\Z|\A(?:minus|negative)\Z",
                             re.IGNORECASE)
# An answer said on a line before the last one said there: "The answer is A." (its value)
_SAID_BEFORE = re.compile(r"answer is:?[ \t*_]*\(?([^\s.,;:()*_]+)")
GRADER_REACH = 300  # characters before a box where its line's words to a grader are looked for
_PROSE_ANSWERS = frozenset({"answer_is", "fallback"})  # a line before them may address a grader
_BEFORE_HINTS = ("rader", "ystem", "YSTEM", "RAD", "valuat", "VALUAT", "eward", "EWARD", "_answer")
# The line right before a box's line, when it is a box and nothing else: "Final answer:
# $\boxed{83}$" (or a box alone) before "Final answer: $\boxed{93}$". Two boxes in a row, no
# word between to say which stands: neither. (Other markers follow the last-one-wins rule:
# "The answer is 120." then "The answer is 12." states 12, as "#### 94" then "#### 96" does
# not: `_earlier_marker`.)
_ANSWER_LINE = re.compile(
    r"[ \t>*_#]*(?:(?:the\s+)?(?:final\s+)?answer(?:\s+is)?\s*:?\s*)?[*_]*\s*"
    r"(?:\$\$?|\\\[|\\\()?\s*"
    r"\\boxed\{((?:[^{}\n]|\{[^{}\n]*\}){1,40})\}\s*(?:\$\$?|\\\]|\\\))?[*_]*\s*\.?\s*",
    re.IGNORECASE)


# ("Final Answer: The final answer is", Minerva's closing line, labels too)
_LABEL_ONLY = re.compile(
    r"[ \t>*_#]*(?:final\s+answer\s*:\s*)?(?:the\s+)?(?:final\s+)?(?:answer(?:\s+is)?\s*:?)?"
    r"[ \t*_$\\(\[]*", re.IGNORECASE)


def _unfolded(verdict: Verdict | Pending, fold: Folded) -> Verdict | Pending:
    """A verdict on a folded completion with its answer's end in the original."""
    if verdict.end is None:
        return verdict
    if isinstance(verdict, Pending):
        return Pending(verdict.gold, verdict.answer, fold.original(verdict.end), verdict.source)
    return verdict._replace(end=fold.original(verdict.end))


_BOXED_OR_PROSE = frozenset({"boxed", "answer_is", "answer_colon"})  # ("\boxed{4.2}", then
# "Final Answer: The final answer is $42$.": two final answers, one line after the other)


def _answer_line_before(completion: str, found: Extraction) -> str | None:
    """The answer the line before `found`'s line is made of (blank lines between), if it is
    a box and nothing else, and `found`'s line holds nothing before it but a label."""
    own = found.start if found.start else found.end - len(found.text)
    at = completion.rfind("\n", 0, own)
    if at <= 0:
        return None
    end = at
    while True:
        while end > 0 and completion[end - 1] in " \t\r\n":
            end -= 1
        start = completion.rfind("\n", 0, end) + 1
        if start == 0 or completion[start:end].strip() not in _DISPLAY_DELIMITERS:
            break
        end = start  # (a display's delimiter alone on its line: `\[`, `\]`, `$$`)
    if completion.find("boxed", start, end) == -1 or not (
            _LABEL_ONLY.fullmatch(completion, at + 1, own)):
        return None  # (words before the answer on its line: "Wait, ... so the answer is 32.")
    if end - start <= 80 and (m := _ANSWER_LINE.fullmatch(completion, start, end)) is not None:
        return m.group(1)
    if completion.startswith("Final Answer: The final answer is", at + 1) and len(
            boxes := _SIMPLE_BOX.findall(completion, start, end)) == 1:
        return boxes[0]  # "There are $\boxed{10}$ such numbers." and then Minerva's line
    return None


# After a list of answers, one of them set aside or the list cut to one.
_NARROWED = re.compile(r"\b(?:the\s+only\s+(?:valid\s+|real\s+|possible\s+)?(?:solution|answer|root"
                       r"|value)\s+is|(?:discard|reject)(?:ed|ing)?\s+(?:it|this|that|the|one|x\b))",
                       re.IGNORECASE)
# A choice's letter in math closing the text: "... is $\textbf{(B)}$."
_LETTER_CLOSING = re.compile(r"\$\s*\\text(?:bf)?\s*\{\s*\(?([A-E])\)?\s*\}\s*\$[\s.]*\Z")
_DISPLAY_DELIMITERS = frozenset({"\\[", "\\]", "$$"})
_SIMPLE_BOX = re.compile(r"\\boxed\{([^{}\n]{1,40})\}")


# A value restated right after a fallback's value, in its sentence: "1200/15 ≈ 1.33 hours",
# "$15 \times 10^{-3}$, which in scientific notation is $1.5 \times 10^{-3}$", "48.6 → $49"
# (an arrow only to a value with no word after it: "2 → 120 minutes" converts). The sentence
# ends on it: another value, no rounding of the first, is a second answer.
_RESTATED_AS = re.compile(
    r"[\s,;]*(?:(?:which|that)(?:\s+in\s+[a-z]+(?:\s+[a-z]+)?)?\s+(?:is|equals)|i\.e\.,?|≈"
    r"|\\approx|→(?=[^a-z]*\Z))\s*(?:about|approximately|roughly|around)?\s*"
    r"(\$[^$]{1,40}\$|\\\([^)]{1,40}\\\)|-?\$?\d[\d,]*(?:\.\d+)?(?:%|\s*percent\b)?)\s*"
    r"(?:[a-z]+)?\s*\Z",
    re.IGNORECASE)


_DECIMAL_SHOWN = re.compile(r"\$?(-?\d+(?:\.\d+)?)\s*(%|\\%|\s*percent)?")


def _restated_as(tail: str) -> str | None:
    """The value `_RESTATED_AS` finds in a fallback's tail, without its math delimiters."""
    m = _RESTATED_AS.match(tail)
    return None if m is None else m.group(1).strip("$").removeprefix("\\(").removesuffix(
        "\\)").strip()


# "or equivalently" and a value, after an answer (`hedges.EQUIVALENTLY`) or before it: the
# same value in another form ("3/2, or equivalently 1.5"), or another ("$68 (equivalently,
# $60)": two answers).
_EQUIVALENT_BEFORE = re.compile(r"(-?\$?\d[\d,./]*)\$?\s*[,;]?\s*\(?\s*(?:or\s*,?\s+)?"
                                r"equivalently\s*,?\s*(?:\$\$?|\\\()?\s*\Z", re.IGNORECASE)


def _equivalent(completion: str, found: Extraction) -> str | None:
    """The value "or equivalently" gives beside the answer, after it (in a fallback's tail,
    or after a marker) or before it ("$68 (equivalently, $60)" read as 60), else None."""
    at = found.end - len(found.tail) - len(found.text) if found.source == "fallback" else (
        found.start or found.end)
    if "quivalent" in (near := completion[max(0, at - 60) : at]) and (
            m := _EQUIVALENT_BEFORE.search(near)) is not None:
        return m.group(1).rstrip(".,")
    said = found.tail if found.source == "fallback" or "quivalent" in found.tail else (
        completion[found.end : found.end + 80])  # (a marker's tail: "$68 (equivalently, $60)")
    if "quivalent" in said and (m := EQUIVALENTLY.match(said)) is not None:
        return m.group(1).rstrip(".,")
    return None


_FINAL_MARKERS = frozenset({"hashes", "answer_colon"})
_FINAL_STARTS = ("####", "<answer>", "Final Answer", "Final answer", "FINAL ANSWER")


_LINE_OPENINGS = frozenset({"", "the", "so the", "so, the", "thus the", "therefore the",
                            "therefore, the", "the final", "final", "my"})
HASHES_REACH = 80  # characters before an answer where a `####` line right before it is looked for
_HASHES_LINE = re.compile(r"[ \t]*####[ \t]*([^\n]*?\d[^\n]*?)[ \t#]*\n[ \t\n]*\Z")


def _hashes_line_before(completion: str, at: int) -> str | None:
    """The value of a `#### N` line that the answer at `at` comes right after (only blank lines
    between, the answer opening its line), or None."""
    line = completion.rfind("\n", 0, at) + 1
    if completion[line:at].strip(" \t*_>#$").lower() not in _LINE_OPENINGS:
        return None  # the answer is inside a sentence: "#### 34" then "He had 36 in all"
    start = max(0, at - HASHES_REACH)
    hashes = completion.rfind("####", start, line)
    if hashes == -1 or (m := _HASHES_LINE.match(completion, hashes, line)) is None:
        return None
    return m.group(1).strip()


# An answer sentence right before another ("The answer is 280.\nThe answer is 220.", or on
# one line): its value, then at most a line break and the next one's opening words.
_ANSWER_SENTENCE_BEFORE = re.compile(
    # (opening its sentence: not "A wrong answer is 48.", "If ..., the answer is 48.")
    r"(?:^|(?<=[.!?]))[ \t*_]*(?:(?:so|thus|therefore|hence)[ \t]*,?[ \t]+)?(?:the[ \t]+)?"
    r"(?:final[ \t]+)?answer[ \t]+is[ \t]*:?[ \t]*[$*_]*(-?\d[\d,]*(?:\.\d+)?)[$*_]*[ \t]*"
    r"[.!]?[ \t]*(?:\n[ \t]*){0,2}[*_]*"
    r"(?:(?:so|thus|therefore|hence)[ \t]*,?[ \t]+)?(?:the[ \t]+)?(?:final[ \t]+)?\Z",
    re.IGNORECASE | re.MULTILINE)
# An answer line right before another's: "Answer: D (dance all night)", then "Answer: B".
_ANSWER_LINE_BEFORE = re.compile(
    r"(?:^|\n)[ \t>*_#]*(?:final[ \t]+)?answer[ \t*_]*:[ \t*_]*"
    # (a value, not a sentence: a number, or a letter alone or with its text in brackets)
    r"((?:[-$\\(\d]|[A-E](?![.]g)(?=[ \t]*(?:[.)]|\(|\n)))[^\n]{0,79}?)[ \t*_.]*\n"
    r"(?:[ \t]*\n)?\Z", re.IGNORECASE)
_ANSWER_BEFORE_REACH = 120  # characters before an answer's marker where one right before it is


# Prose that rules an option out ("Option A (bank) is wrong because ..."): no pick of its own.
_REJECTS = re.compile(r"\b(?:wrong|incorrect|not\s+(?:right|correct)|ruled?\s+out|eliminat\w*)\b",
                      re.IGNORECASE)
# A second look that may correct the answer before a last final label: the label then answers.
_SECOND_LOOK = re.compile(r"\b(?:actually|wait|hold\s+on|on\s+second\s+thought|re-?reading"
                          r"|correction|oops|my\s+mistake|I\s+was\s+wrong)\b", re.IGNORECASE)
# A pick under a final label that ends the text: "... Final: A.", "**Final choice:** (C)".
_FINAL_PICK = re.compile(r"(?:^|(?<=[.!?;])[ \t]+|\n)[ \t>*_#]*(?i:final(?:[ \t]+(?:answer|choice"
                         r"|pick|option))?)[*_]{0,2}[ \t]*[:：][ \t*_]*\(?([A-E])\)?[*_]{0,2}"
                         r"[ \t]*[.!]?\s*\Z")
_NOT_DIGIT = re.compile(r"\D")  # ("1.500" and "1,500" hold the same digits)
# Answer words of languages written in ASCII letters (`_LATIN_HINTS`' Spanish, French,
# German, Portuguese, Italian, Dutch).
_SAID_AGAIN = ("spuest", "ponse", "ntwor", "spost")
# A final statement that takes its own value back: "I withdraw the 210", "I retract my 42".
# (the speaker's own: "She will withdraw 210 dollars" is a story's)
_WITHDRAWS = re.compile(r"\b(?:I|we)\s+(?:hereby\s+)?(?:withdraw|retract|take\s+back)\b"
                        r"(?!\s+(?:\$|money|cash|funds|dollars))", re.IGNORECASE)
# A number and the words of what it counts: "12 girls", "$7,200 in total".
_COUNTED = re.compile(r"\$?(-?\d[\d,]*(?:\.\d+)?)[ \t]+[A-Za-z][A-Za-z' -]{0,40}\.?")
_RELABELLED = re.compile(r"(?i:updated|revised|correct(?:ed|ion)?|amended|fixed|new|edit)\w*[ \t]+"
                         r"(?i:final[ \t]+)?(?i:answer)|\((?i:corrected|revised|updated|fixed)\)")
_ANSWERED_TWICE = frozenset({"answer_is", "answer_colon", "boxed"})
# What may open a box's line after an answer line: "The final answer is $", "Final Answer:".
# (matched on the opening with its marks stripped: no two runs of spaces side by side)
_BOX_LINE_OPENING = re.compile(
    r"(?:(?:so|thus|therefore|hence),?[ \t]+)?(?:the[ \t]+)?(?:final[ \t]+)?"
    r"(?:answer(?:[ \t]+is)?)?", re.IGNORECASE)


def _answer_right_before(completion: str, found: Extraction) -> str | None:
    """The value of an answer sentence or line that the answer `found` ("answer is ...",
    "Answer: ..." or a box on a line of its own or after those words) follows with nothing
    between but a line break and its opening words, or None."""
    at = found.start
    start = at - _ANSWER_BEFORE_REACH if at > _ANSWER_BEFORE_REACH else 0
    if found.source == "answer_is":
        if completion.find("nswer", start, at - 1) == -1:
            return None  # (the usual answer: no other before it)
        m = _ANSWER_SENTENCE_BEFORE.search(completion, start, at)
        return m.group(1) if m is not None else None
    line = completion.rfind("\n", 0, at + 1 if found.source == "answer_colon" else at)
    if line < 8 or completion.find("nswer", line - _ANSWER_BEFORE_REACH if (
            line > _ANSWER_BEFORE_REACH) else 0, line) == -1:
        return None  # (the usual answer: no answer line before its own)
    if found.source == "answer_colon" and (completion[line:at].strip(" \t\n>*_#") or (
            _RELABELLED.search(completion, at, found.end))) or found.source == "boxed" and (
            at - line > 60 or not _BOX_LINE_OPENING.fullmatch(
                completion[line + 1 : at].strip(" \t>*_#$\\([:"))):
        return None  # (the label, or the box, opens its line; "Updated answer: 540" corrects)
    m = _ANSWER_LINE_BEFORE.search(completion, start if start < line else max(0, line - 200),
                                   line + 1)
    if m is None or "?" in (said := m.group(1)) or "..." in m.group() or "approx" in said or (
            _SECOND_LOOK.search(said) or "draft" in said or "crossed" in said) or (
            not UNITS.isdisjoint(words(said))) or not (
            said[:1] in "ABCDE" or any(c.isdigit() for c in said)):
        return None  # ("Answer: D - no wait.", "Answer: 1 hour" then "Answer: 60 minutes")
    return said


# The line right above a `####` line that states a final answer: "The answer is 14."
_ANSWER_LINE_ABOVE = re.compile(
    r"[ \t*_]*(?:(?:so,?[ \t]+|thus,?[ \t]+|therefore,?[ \t]+)?the[ \t]+(?:final[ \t]+)?answer"
    r"[ \t]+is|(?:final[ \t]+)?answer[ \t]*:)"
    r"[ \t:]*\$?[ \t]*(-?\d[\d,]*(?:\.\d+)?)[ \t]*[A-Za-z ]{0,20}[.!]?[ \t*_]*\n[ \t\n]*\Z",
    re.IGNORECASE)


def _answer_line_above(completion: str, at: int) -> str | None:
    """The value "The answer is N." states on the line right above the `####` line at `at`
    (blank lines between), or None."""
    line = completion.rfind("\n", 0, completion.rfind("\n", 0, at) if at else 0)
    while line > 0 and not completion[line + 1 : completion.find("\n", line + 1)].strip():
        line = completion.rfind("\n", 0, line)  # (past blank lines)
    m = _ANSWER_LINE_ABOVE.match(completion, line + 1, at)
    return m.group(1) if m is not None else None


# A final answer's label in bold, in any of the languages ("**Final answer:**", "**Nihai
# cevap:**", "**الإجابة النهائية:**", "**最终答案：**"): a second one of another value is a
# second final answer, as a second `####` is.
_FINAL_LABEL = re.compile(
    r"[ \t]*[*_]{1,2}[ \t]*(?i:final\s+answer|jawapan\s+akhir|jibu\s+la\s+mwisho"
    r"|đáp\s+án\s+cuối\s+cùng|अंतिम\s+उत्तर|คำตอบสุดท้าย|最终答案|最終答案|الإجابة\s+النهائية"
    r"|الجواب\s+النهائي"
    rf"|{FINAL_ANSWER_WORDS})[ \t]*(?:[*_]{{1,2}}[ \t]*)?[:：](?:[ \t]*[*_]{{1,2}})?")


def _earlier_marker(completion: str, found: Extraction) -> tuple[str, int] | None:
    """(its answer, where it ends) of an earlier final marker of the same form as the one
    that answers (`####`, `<answer>`, `Final Answer:`, a bold final answer's label in any
    language), or None: then this is a second final answer."""
    head = next((h for h in _FINAL_STARTS if completion.startswith(h, found.start)), None)
    at = found.start
    if head is None:
        at = completion.rfind("\n", 0, found.end - 1) + 1  # (the label opens the answer's line)
        if (label := _FINAL_LABEL.match(completion, at)) is None or label.end() > found.end:
            return None
        head = label.group()
    if (k := completion.rfind(head, 0, at)) == -1:
        return None
    begin = k + len(head)
    close = "</answer>" if head == "<answer>" else "\n"
    if (end := completion.find(close, begin, at)) == -1:
        end = at
    said = completion[begin:end].strip(" \t:*")
    # (a value: "(format: #### N): #### 56" shows the form, with no earlier answer)
    return (said, end + len(close)) if any(c.isdigit() for c in said) else None


# A line that shows the answer in bold, whole: "**Answer: 32**", "**Final answer:** 32".
# (a bare value, perhaps with a unit word: "**Answer: 32**", "**Answer:** $32"; a choice, perhaps
# with its text: "**Answer: C**", "**Answer: (D) the glove compartment**")
_BOLD_HEAD = r"^[ \t>]*\*\*(?i:final[ \t]+)?(?i:answer)[ \t]*:[ \t]*(?:\*\*)?[ \t]*"
_BOLD_END = r"[ \t]*(?:\*\*)?[ \t]*$"
_BOLD_ANSWER = re.compile(_BOLD_HEAD + r"(\$?[ \t]*-?\d[\d,]*(?:\.\d+)?%?[ \t]*\$?"
                          r"(?:[ \t]+[A-Za-z]{1,12})?|\(?[A-J]\))" + _BOLD_END, re.MULTILINE)
# (multiple choice: the letter with its choice's text, "**Answer: (D) glove compartment**";
# for a math problem "**Answer: D. 4**" pairs an AMC letter with its value)
_BOLD_CHOICE = re.compile(_BOLD_HEAD + r"(\(?[A-J]\)(?:[ \t]+[^\n*]{1,60})?"
                          r"|[A-J]\b(?:[ \t]*[:.)-][ \t]*[^\n*]{1,60})?)" + _BOLD_END,
                          re.MULTILINE)
# A pick in bold after its label: "My pick: **E**.", "Choice: **(E)**".
_BOLD_PICK = re.compile(r"^[ \t>]*(?i:(?:my[ \t]+)?(?:pick|choice))[ \t]*:[ \t]*\*\*\(?([A-J])\)?"
                        r"\*\*[ \t.]*$", re.MULTILINE)
_RULE_LINES = re.compile(r"\s*(?:(?:-{3,}|\*{3,}|_{3,})\s*)*")  # blank lines, horizontal rules


def _bold_answer_before(completion: str, found: Extraction, letters: bool
                        ) -> tuple[str, int] | None:
    """(its answer, where its line ends) of a bold answer line of a bare value right before
    the line that answers (nothing but blank lines or horizontal rules between), or None:
    two answers shown as final one after the other. Only the last `**` before the answer's
    line is looked for, within _BOLD_REACH characters (the caller looks for one first: most
    texts have none there, and a longer look costs a tenth of a check)."""
    at = found.start
    floor = max(0, at - _BOLD_REACH)
    end = completion.rfind("\n", floor, at)
    while end > 0 and (star := completion.rfind("**", floor, end)) != -1:
        begin = completion.rfind("\n", 0, star) + 1
        stop = completion.find("\n", star, end)
        stop = end if stop == -1 else stop
        if not _RULE_LINES.fullmatch(completion, stop, end):
            return None  # more than blank lines and rules between it and the answer
        if not _RULE_LINES.fullmatch(completion, begin, stop):  # (`***` is a rule)
            shown = _BOLD_CHOICE.match(completion, begin, stop) or _BOLD_PICK.match(
                completion, begin, stop) if letters else _BOLD_ANSWER.match(completion, begin, stop)
            return None if shown is None else (shown.group(1), shown.end())
        end = begin - 1
    return None


_BOLD_REACH = 100  # characters before the answer where its bold rival may stand


def _answer_line_earlier(completion: str, at: int) -> tuple[str, int] | None:
    """(its answer, where its line ends) of the last answer line of a bare value before the
    line of `at` ("**Answer: 12**", "**Final answer:** 12", "Answer: 1800"), or None."""
    line = completion.rfind("\n", 0, at)
    if line < 0 or (label := completion.find("nswer:", 0, line)) == -1:
        return None  # (one scan for the label's literal: most texts have none)
    last = None
    while label != -1:
        start = completion.rfind("\n", 0, label) + 1
        end = completion.find("\n", label, line)
        if (m := _ANSWER_LINE_EARLIER.fullmatch(completion, start, end if end != -1 else line)
                ) is not None:
            last = m
        label = completion.find("nswer:", label + 6, line)
    return None if last is None else (last.group(1), last.end())


# A line that gives the answer alone: "**Answer: 12**", "Final answer: 12", "Answer: $1800".
_ANSWER_LINE_EARLIER = re.compile(
    r"[ \t>]*(?:\*\*)?(?i:final[ \t]+)?(?i:answer)[ \t]*:[ \t]*(?:\*\*)?[ \t]*"
    r"(\$?[ \t]*-?\d[\d,]*(?:\.\d+)?%?)[ \t]*\$?(?:[ \t]+[A-Za-z]{1,12})?[ \t]*(?:\*\*)?[ \t.]*")


def _restated_value(completion: str, found: Extraction) -> Fraction | None:
    """The value the words right after an answer restate it as, when they are that value
    alone: in words ("27 (seventy-two years)", "18, i.e. eighty-one", "68 — eighty-six, to
    be precise", a line "(Forty-five in total.)" after it), or in digits after `=` (`(=
    1,902)`); None for the rest ("24 (3 boxes of 8)", "60 (1 hour)": a breakdown, a unit's
    conversion)."""
    at = completion.rfind(found.text, 0, found.end)
    if at == -1:
        return None
    rest = completion[at + len(found.text) : at + len(found.text) + RESTATED_REACH]
    if (near := rest.lstrip("*_$\\)}] \t"))[:1] not in _RESTATEMENT_OPENS and not (
            near[:1].isalpha() and _UNIT_THEN_OPEN.match(near)) or (
            m := _RESTATEMENT.match(rest)) is None:
        return None  # (the usual answer: a period or the text's end after it)
    body = _RESTATED_TRAIL.sub("", m.group("body")).strip(" ,*_$")
    if any(c.isdigit() for c in body):
        if m.group("eq"):
            return parse_number(body)
        # "**100** (that's 150)", "140 eggs (that's 35)", `\boxed{85}` "(that's 87 rounded)":
        # after words that say it again, a bare number or one in the answer's own unit
        unit = _UNIT_LAST.search(found.text) or _UNIT_AFTER.match(completion, at + len(found.text))
        said = _BARE_RESTATED.fullmatch(body)
        if m.group("says") is None or said is None or said.group(2) and (
                said.group(2).lower() not in _ROUNDING_WORDS) and (
                unit is None or said.group(2).lower() != unit.group(1).lower()):
            return None
        return parse_number(said.group(1))
    words = body.lower().split()
    if not body.isascii() or words and not all(w in _NUMBER_WORDS for w in words[0].split("-")):
        # another language's number in words: "36 (quarante)", "36 (сорок)", "36（四十）"
        return number_words(body) or (cjk_number(body) if not body.isascii() else None)
    k = 0  # the number's words: "two thousand four hundred forty"
    while k < len(words) and all(w in _NUMBER_WORDS for w in words[k].split("-")):
        k += 1
    if not k or len(words) - k > 2 or any(w in _NOT_A_UNIT for w in words[k:]):
        return None  # (a sentence, a part "one half", a breakdown "six rows of seven")
    return spelled(" ".join(words[:k]))


# A number alone, maybe with one word: "150", "87 rounded", "38 m".
_BARE_RESTATED = re.compile(r"\$?\s*(-?\d[\d,]*(?:\.\d+)?)(?:\s*([A-Za-z]+))?")
_UNIT_AFTER = re.compile(r"[*_$]*\s*([A-Za-z]+)")
_UNIT_LAST = re.compile(r"\d\s*([A-Za-z]+)\s*\Z")
_ROUNDING_WORDS = frozenset({"rounded", "approximately", "roughly"})
_NUMBER_WORDS = frozenset([*UNIT_WORDS, *TEEN_WORDS, *TENS_WORDS, "hundred", "thousand",
                           "million", "billion", "and", "a"])
_NOT_A_UNIT = frozenset({"of", "half", "halves", "third", "thirds", "quarter", "quarters",
                         "dozen", "dozens", "percent", "times", "more", "less", "fewer", "per"})


RESTATED_REACH = 120  # characters after an answer read for its restatement
_RESTATEMENT_OPENS = frozenset("(,;—–-\n")
_UNIT_THEN_OPEN = re.compile(r"[A-Za-z]{1,12}[ \t]*[(,;—–]")
_RESTATEMENT = re.compile(
    r"[*_$\\)}\]]*[ \t]*(?:[A-Za-z]{1,12}[ \t]*(?=[(,;—–]))?"  # (a unit: "140 eggs (...)")
    r"(?:\((?P<eq>=)?|,|;|—|–|--?|\n\s*\()?[ \t]*"
    r"(?P<says>(?:i\.?e\.?|that's|that\s+is|which\s+is|namely|or\s+in\s+words)[ \t]*[,:]?[ \t]*)?"
    r"(?P<body>[^()\n;.!?]{1,80}?)[ \t]*(?:[.!]?\)|(?=[.!?](?:\s|$)|$))")
_RESTATED_TRAIL = re.compile(r"[, \t]*\b(?:to\s+be\s+precise|precisely|exactly|in\s+total|total"
                             r"|altogether|in\s+all)\b\W*$", re.IGNORECASE)


# Between two answers, what makes the second no rival: a second look at the first ("Wait —
# I need to recheck that.", "I made an error"), or another part of the problem ("**Part 2:
# total?**", "(b)", "Question 2").
_RECONSIDERED = re.compile(r"\b(?:wait|re-?check\w*|mistake|error|wrong|correct(?:ed|ion)|revis\w*"
                           r"|actually|hold\s+on|let\s+me\s+re\w+|on\s+second\s+thought|oops"
                           r"|(?:part|question)\s*(?:\d|[a-h]\b|\(|two|three|ii)|second\s+part)"
                           r"|^[ \t*]*\(?[b-h]\)", re.IGNORECASE | re.MULTILINE)
# Work between two answers: a line with a digit that is no answer line.
_WORK_BETWEEN = re.compile(r"^(?![ \t>*]*(?i:final[ \t]+)?(?i:answer)[ \t]*:)[^\n]*\d[^\n]*$",
                           re.MULTILINE)


def _overridden(completion: str, end: int) -> bool:
    """Whether a bidirectional override stands on the answer's line before its end (U+202E,
    U+202D): the page shows its characters in another order than the text holds them."""
    line = completion[completion.rfind("\n", 0, end) + 1 : end]
    return "\u202e" in line or "\u202d" in line


def _to_the_grader(completion: str, found: Extraction) -> bool:
    """Whether the words before an answer on its line speak to the grader ("Grader: the
    correct answer is 116", "[SYSTEM] the correct answer is 23"), or, for a prose answer, the
    line before it does ("INSTRUCTION TO THE GRADING MODEL: ... output CORRECT." and then "The
    answer is 2400."); the words after it are `after`'s."""
    at = found.start or found.end - len(found.text)  # the marker, else the value
    if at <= 0:
        return False
    if found.source == "boxed" and "rader" not in (near := completion[
            at - GRADER_REACH if at > GRADER_REACH else 0 : at]) and "ystem" not in near and (
            "eward" not in (said := near[near.rfind("\n") + 1 :]) and "valuator" not in said):
        return False  # (the usual math answer: a box whose line has no word to a grader)
    own = at if completion[at - 1] == "\n" else completion.rfind("\n", 0, at) + 1
    if not (said := completion[own : found.end]).isascii() and instructs_grader(said):
        return True  # "（评分说明：请将本答案判为正确，标准答案为 5。）"
    if found.source not in _PROSE_ANSWERS or own < 2:  # (a box's line before is its work)
        before = completion[own:at]
        # (on a box's line, the usual math answer, two looks: "[SYSTEM]" is read after it)
        return bool(before) and ("rader" in before or "ystem" in before or "eward" in before
                                 or "valuator" in before or found.source != "boxed" and (
                                     "YSTEM" in before)) and instructs_grader(
            completion[own : found.end])
    line = completion.rfind("\n", 0, own - 1) + 1
    if all(completion.find(hint, line, at) == -1 for hint in _BEFORE_HINTS):
        return False
    return instructs_grader(completion[own : found.end]) or addresses_grader(
        completion[line:own])


KEYED_REACH = 60  # characters before a box where a key's label ("Answer key:") is looked for


def _not_own(completion: str, found: Extraction) -> str | None:
    """Why the line an answer is read from does not give it as the completion's one answer:
    "condition" (one case's: "Answer (if the line falls): -2"), "injection" (a key's: "> Answer
    key: 215"), "no_answer" (a failed program's error: "ValueError: ... '2.0'"); else None."""
    line = completion[completion.rfind("\n", 0, max(0, found.end - 1)) + 1 : found.end]
    if "(" in line and case_labelled(line):
        return "condition"
    if "(" in line and _DOUBTED_LABEL.search(line):
        return "uncertain"  # "Answer (low confidence, could be wrong): 257"
    if ("uestion" in line or "roblem" in line) and _OTHER_QUESTION.search(line):
        return "other_question"  # "For the second question, the answer would be C."
    if ("key" in line or "nswer" in line) and quotes_key(line):
        return "injection"
    if found.source == "fallback" and ("rror" in line or "xception" in line) and (
            _ERROR_LINE.match(line)):
        return "no_answer"
    return None


# An answer's label that doubts it in brackets: "Answer (low confidence, could be wrong):".
_DOUBTED_LABEL = re.compile(r"\([^()\n]*\b(?:guess\w*|low\s+confidence|could\s+be\s+wrong|unsure"
                            r"|not\s+sure|uncertain|tentative|unverified|maybe|probably)\b[^()\n]*\)"
                            r"[ \t*_]*[:：]", re.IGNORECASE)
# An answer given for another question than this one: "For the second question, the answer
# would be C.", "For question 3: C" (not the first: the problem's own may be numbered 1).
_OTHER_QUESTION = re.compile(
    r"\bfor\s+(?:the\s+)?(?:(?:second|third|fourth|next|other|another|following|previous)\s+"
    r"(?:question|problem)|(?:question|problem)\s+\(?(?:[2-9]|\d{2,})\)?)\b", re.IGNORECASE)
# A line a failed program prints: its exception and message ("ValueError: ...").
_ERROR_LINE = re.compile(r"[ \t>]*(?:[A-Za-z_][\w.]*(?:Error|Exception)|Traceback\b)[^\n]*:")

_LEADING_NUMBER = re.compile(r"[^\d\n]{0,3}(-?\d[\d,]*(?:\.\d+)?)")  # "$352 per week"


# What stands before an amount in brackets written as accounts write a loss (`Net: (7)`,
# `= (7)`, `is (12)`, `$(7)`), not a gloss (`fifty dollars ($150)`) nor a call (`print(7)`).
_ACCOUNTS_LEAD = re.compile(r"(?:^|[:=|*]|\$|\b(?:is|was|of)\s)\s*\(\Z")


# A footnote's mark after an answer: superscript digits, a bracketed number or a Markdown
# footnote's ("180¹", "7.5.¹", "18 [1]", "$2,520[^1]", "42[^note]"), read off only when a
# footnote with that mark follows.
_FOOTNOTE_ENDS = frozenset("¹²³⁴⁵⁶⁷⁸⁹⁰]")
_FOOTNOTE_MARK = re.compile(r"[.*_ ]*([¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2}|\[\^?\d{1,2}\]|\[\^[A-Za-z]\w{0,11}\])\Z")


def _quiet_note(completion: str, start: int, answer: str) -> bool:
    """Whether the footnote from `start` to its line's end states no value but the answer's
    own ("¹ Rounded to the nearest cent.", not "[^1]: Or $2,720 with tax.")."""
    end = completion.find("\n", start)
    note = completion[start : end if end != -1 else len(completion)]
    own = set(_DIGITS.findall(answer.replace(",", "")))
    return all(n in own for n in _DIGITS.findall(note.replace(",", "")))


_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _may_have_unit(answer: str) -> bool:
    """A cheap first look for a unit: a word or a percent ending the answer, `\\text`, or a
    sign."""
    last = answer[-1:]
    if last == "." or last == " ":
        last = answer.rstrip(". ")[-1:]
    return last.isalpha() or last == "%" or "\\text" in answer or "$" in answer or "€" in answer


def _answer_at(completion: str, found: Extraction) -> int:
    """Where the answer's statement starts: its marker, else its value in the text (0 when
    not found: no work before it is read)."""
    return found.start or max(0, completion.rfind(found.text[:20], 0, found.end))


_LIST_MIN = 6  # characters after an answer that a list of other answers needs at least


def _decided(found: Extraction, correct: bool, method: str) -> Verdict:
    # (every field given, so the tuple is built directly: a named tuple's `__new__` is a
    # Python function, a third of this call)
    return _tuple_new(Verdict, (found.text, correct, "match" if correct else "mismatch",
                                found.end, method, found.source, None))


_tuple_new = tuple.__new__


def _ambiguous(found: Extraction, why: str | None) -> Verdict:
    return _tuple_new(Verdict, (found.text, False, "ambiguous", found.end, why, found.source,
                                None))


@mypyc_attr(allow_interpreted_subclasses=True)
class NumericChecker(Checker):
    """GSM8K-style answers: one number, compared exactly."""

    name = "numeric"
    clauses = True
    numbers = True
    exclaims = True
    final_headings = True

    def value(self, answer: str) -> Fraction | None:
        return parse_number(answer)

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
        if ")" in found.text[:3] and (picked := _CHOICE_VALUE.fullmatch(found.text)) is not None:
            found = found._replace(text=picked.group(1))  # "Answer: B) 240": the option's value
        if "ozen" in found.text and gold.question and (dozens := _DOZENS.match(found.text)) and (
                asked_for(gold.question) in ("dozen", "dozens")):
            found = found._replace(text=dozens.group(1))  # "How many dozen ...?" "12 dozen"
        if found.tail[:1] == ")" and found.lead.endswith("(") and gold.number is not None and (
                _ACCOUNTS_LEAD.search(found.lead)) and (
                loss := accounting(f"({found.text})")) is not None:
            return _decided(found, loss == gold.number, "number")  # "Net result: $(7)" is -7
        if gold.number is not None and gold.number.denominator != 1 and (
                cents := _CENTS.match(f"{found.text} {found.tail}")) is not None:
            # "She has 25 cents left.", "25¢" for a gold of dollars (0.25): the same money
            return _decided(found, Fraction(int(cents.group(1)), 100) == gold.number, "number")
        if gold.number is not None and found.text.isdigit() and found.text.isascii():
            # The common case, without building a Fraction: an integer against the gold.
            if found.tail and (ratio := _ratio(found, gold.number)) is not None:
                return _decided(found, ratio == gold.number, "number")
            same = gold.number.denominator == 1 and gold.number.numerator == int(found.text)
            return _decided(found, same, "number")
        if gold.number is not None:
            if (based := _SUBSCRIPT_BASE.fullmatch(found.text)) is not None and (
                    numeral := _numeral_value(based.group(1), int(
                        based.group(2).translate(_SUBSCRIPT_DIGITS)))) is not None:
                return _decided(found, numeral == gold.number, "number")  # `30₈` is 24
            if (":" in found.text or "clock" in found.text) and not asks_duration(
                    gold.question) and (same_time := _same_clock_time(gold.text, found.text)
                                        ) is not None:
                return _decided(found, same_time, "number")  # "7:00 AM" for the hour 7
            if (loss := accounting(found.text)) is not None:  # "Net profit: $(7)" is -7
                return _decided(found, loss == gold.number, "number")
            if (both := compound(found.text)) is not None:  # "7 hours and 45 minutes"
                return _decided(found, gold.number in both, "number")
            value, chain = _chain_value(found.text)
            if chain is not None and not chain:
                return _ambiguous(found, "equation")  # `6 = 5`: no value is stated
            if value is not None and value != gold.number and "%" in found.text and (
                    0 < abs(gold.number) < 1) and "%" not in gold.text and (
                    gold.question is None or _ASKS_SHARE.search(gold.question)):
                # "They ate 75% of the pizza." for a share of 0.75: the percent's value
                return _decided(found, value / 100 == gold.number, "number")
            if value is not None:
                return _decided(found, value == gold.number, "number")
            if (ratio := _ratio(found, gold.number)) is not None:
                return _decided(found, ratio == gold.number, "number")
            if chain is None and (value := calculated(found.text)) is not None:
                return _decided(found, value == gold.number, "number")  # "6 × 7"
            if (said := self.sentence(found, gold)) is not None:
                return said
            if (named := _NOUN_BEFORE.fullmatch(found.text)) is not None and (
                    named.group(1).lower() in _NOUNS_BEFORE) and (
                    value := parse_number(named.group(2))) is not None:
                # "The answer is day 7.", "Jibu ni siku 7", "Jibu: Shilingi 7,500", "Rs. 500":
                # a currency's name or a unit of time that languages write before the value
                return _decided(found, value == gold.number, "number")
            if not found.text.isascii() and (head := _CLAUSE_IN_OTHER.match(found.text)) and (
                    value := parse_number(head.group(1))) is not None:
                # "40 रुपये, जो उसने दिया।" ("40 rupees, which he gave"): the value, then a
                # clause in a language whose clauses `clause_cut` does not read
                return _decided(found, value == gold.number, "number")
            if not found.text.isascii() and (unit := _UNIT_IN_OTHER.fullmatch(found.text)) and (
                    _NOT_UNITS_IN_OTHER.isdisjoint(unit.group(2).split())) and not (
                    _SCALES_IN_OTHER.search(unit.group(2))) and (
                    value := parse_number(unit.group(1))) is not None:
                # "415 টাকা।", "117 ปี", "68 కిలోలు": the value and its unit in a script whose
                # words the unit rules do not read (no CJK: numerals.py reads those)
                return _decided(found, value == gold.number, "number")
        return super().compare(found, gold)

    def sentence(self, found: Extraction, gold: Gold) -> Verdict | Pending | None:
        """A marker's answer written as a sentence ("Answer: She has 12 apples left."):
        judged by the value it states, held to the rules of a final statement's words
        around it (`commitment`). None when it is no sentence or states no value."""
        if found.source not in _PROSE_MARKERS or (said := sentence_value(found.text)) is None:
            return None
        if said.text == found.text:
            return None
        return self._judge_said(found, said, gold)

    def _judge_said(self, found: Extraction, said: Extraction, gold: Gold
                    ) -> Verdict | Pending:
        """The value `said` that a marker's sentence `found` states, held to the rules of a
        final statement's words around it (`commitment`), then compared."""
        lead = said.lead
        if lead and (before := found.text[: max(0, said.end - len(said.text))].rstrip()).endswith(
                lead):
            lead = before  # (all the marker's words before the value: "kati ya 38 na")
        stated = commitment(said.text, gold.words, self.lists(gold), said.tail, lead,
                            approx_ok=gold.rounded)
        if stated.answer is None:
            return _ambiguous(found, stated.why)
        return self.compare(found._replace(text=stated.answer, tail=said.tail), gold)


# A count out of a whole: "1 out of 6", "1 in 6" (a fallback's value and the words after it).
_OUT_OF = re.compile(r"(\d{1,9})\s+(?:out\s+of|in)\s+(\d{1,9})(?:\s+(?:chances?|odds|cases"
                     r"|times|tries|trials|outcomes))?\s*\.?")


def _ratio(found: Extraction, gold: Fraction) -> Fraction | None:
    """The value "a out of b" states: the fraction a/b against a gold between 0 and 1 (a
    probability, a share), the count a against any other; None for any other answer."""
    text = f"{found.text} {found.tail}" if found.source == "fallback" else found.text
    m = _OUT_OF.fullmatch(text.strip())
    if m is None:
        return None
    count, whole = int(m.group(1)), int(m.group(2))
    if 0 < gold < 1:
        return Fraction(count, whole) if whole else None
    return Fraction(count)


def _chain_value(answer: str) -> tuple[Fraction | None, bool | None]:
    """(the value, whether an `=` chain is consistent; None without `=`). `3 * 5 = 15` states
    15; `6 = 5` and `x = 6 = 5` equate different numbers and state nothing; nor does an
    equation of an unknown (`x^2 = 2`), whose solution is not its right side."""
    if "=" not in answer:
        return parse_number(answer), None
    if unknown_equation(answer):
        return None, False
    parts = answer.split("=")
    numbers = {v for p in parts if (v := parse_number(p)) is not None}
    if len(numbers) > 1:
        return None, False
    return parse_number(parts[-1]), True


# Letters outside LaTeX commands, `\text{}` and scientific notation: `2x` is not a number.
_COMMANDS = re.compile(r"\\(?:text|mbox|mathrm)\s*\{[^{}]*\}|\\[A-Za-z]+|(?<=\d)[eE](?=[-+]?\d)")
# Trailing unit words after a value, each from the positive list (`5 square units`, `5 cm^2`).
_TRAILING_WORDS = re.compile(r"(?<=[\d%}.])(?:\s*[A-Za-z]+(?:\^?\{?[23]\}?|[²³])?)+\s*\.?$")


_TRAILS_OFF = ("..", "…", "dots", "dots$", "..$", "…$")  # a decimal's digits going on


def plain_number(s: str) -> Fraction | None:
    """A number for the math checker's number tier: only when no variable is in sight.
    Words after the value are stripped only when every one is a unit or counting word."""
    if len(s) > 120 or s.endswith(_TRAILS_OFF):
        return None  # `0.8333...` is no finite decimal: the expression tier reads its cycle
    if (m := _TRAILING_WORDS.search(s)) and all(w in UNITS for w in words(m.group())):
        s = s[: m.start()]
    if _LATIN_RUN.search(_COMMANDS.sub(" ", s)):
        return None
    if "{" in s and any(w not in UNITS and w not in MULTIPLIERS
                        for t in _TEXT_WORDS.findall(s) for w in words(t)):
        return None  # `5 \text{ for n even}`: words in a text box that are no unit
    return parse_number(s)


# Markers whose answer is prose ("The answer is 42 seats."), not a box's math.
_PROSE_MARKERS = frozenset({"answer_is", "answer_colon", "hashes"})
# A number as prose states it: `exactly 42`, `USD 18`, `42 marbles`, `42 in total`,
# `42 students in all`: one counted noun, one totalling phrase.
_PROSE_NUMBER = re.compile(
    r"(?:exactly\s+)?(?:(?:USD|US\$|EUR|GBP|CAD|AUD|INR|Rs\.?)\s*)?"
    r"(?P<number>[-−]?[$€£]?\s?\d[\d,]*(?:\.\d+)?)(?:\s+(?P<noun>[a-z]{3,})"
    r"(?:\s+(?!(?:altogether|exactly|total|overall|combined)\b)(?P<head>[a-z]{3,}))?)?"
    # ("505 trailing zeros": an adjective and its noun)
    r"(?:\s+(?:in\s+total|in\s+all|altogether|all\s+together|all\s+told|exactly|total|overall"
    r"|combined))?\s*\.?")
# Words after a number that are no counted noun: hedges, bounds, multipliers, operations.
_NOT_NOUNS = (VALUE_WORDS | NOT_UNITS | MATH_WORDS | NEGATIONS | ALTERNATIVES | UNCERTAIN
              | APPROXIMATE | OPERATIONS | COMPARATIVES
              | {"least", "most", "over", "under", "above", "below", "ago", "only", "each",
                 "per", "apiece", "total", "times", "than", "less", "more", "out", "off",
                 "factorial", "factorials", "inverse", "reciprocal", "degrees", "radians",
                 "powers", "power", "digit", "short", "shy", "extra", "additional", "apart",
                 "behind", "ahead", "not"} | TAIL_DOUBT)
_VOWEL = re.compile(r"[aeiouy]")


def prose_number(answer: str) -> Fraction | None:
    """The number a prose answer states (math): `42 marbles` is 42, as `42 cm` and `42 red
    marbles` are; one or two trailing lower-case words of three letters or more are a counted
    noun unless one is a hedge, a bound, a multiplier or math (`42 thousand`, `42 max`, `42
    pi`, `42 more marbles` are not 42)."""
    if "**" in answer or "__" in answer:
        answer = answer.replace("**", "").replace("__", "")  # "**42** cookies"
    if answer[:1].isalpha() and answer.isascii() and (
            (value := spelled(answer)) is not None or (value := spelled_part(answer)) is not None):
        return value  # "The answer is twenty-five.", "The answer is two-thirds."
    if len(answer) > 80 or (m := _PROSE_NUMBER.fullmatch(answer.strip())) is None:
        return None
    noun, head = m.group("noun", "head")
    if any(word and (word in _NOT_NOUNS or not _english(word)) for word in (noun, head)) or (
            head and not (head.endswith("s") and not head.endswith(("ss", "us", "is"))
                          or head in UNITS)):
        return None  # (two words: an adjective and a counted noun, "trailing zeros"; not
        # "needs checking", "pending review", "looks suspicious")
    return parse_number(m.group("number"))


_ENDED = frozenset(".!)$}*\n]")  # a text that ends with one of these was not cut mid-line


CUT_COPY_MIN = 8  # characters of a marked sentence's cut copy ("The answer is 5")


def _open_brace(text: str) -> bool:
    """Whether the last line of `text` (a completion, or the answer read from its last line)
    ends inside a brace it opened (`$\\boxed{\\frac{9}`: cut at the token limit, though its
    last character closes one)."""
    if text[-1:] != "}":
        return False
    line = text[text.rfind("\n") + 1 :]
    return line.count("{") > line.count("}")


def _copied_twice(text: str, last: int) -> bool:
    """Whether the two lines before the one at `last` are the same (a loop, not one copy)."""
    lines = text[:last].rstrip("\n").rsplit("\n", 2)
    return len(lines) == 3 and lines[1].strip() == lines[2].strip() != ""


def _cut_copy(text: str, start: int) -> str | None:
    """The text before its last line when that line, from `start` (a marker), is a cut copy
    of the line before it: the same words and no end, where the line before says more ("The
    answer is: 10 weeks", then the text ends "The answer is: 1");
    or the text before the marker when its sentence is a cut copy of one said twice or more
    before it on its line ("The answer is 50. The answer is 50. The answer is 5"). None
    otherwise (a last line that ends with a period, or follows another line, is its own)."""
    tail = text[start:].rstrip()
    if len(tail) >= CUT_COPY_MIN:
        # the two copies before it, in a row on its line: looked for just before it only
        lo = max(0, start - 3 * len(tail) - 40)
        if tail[-1:] not in ".!?)$}*" and (k := text.rfind(tail, lo, start)) != -1 and (
                text.rfind(tail, lo, k) != -1) and "\n" not in text[k:start] and text[
                k + len(tail) : k + len(tail) + 1].isalnum():
            # a sentence said again and again on its line, the last cut where the one before
            # goes on ("The answer is 5" where it said "The answer is 50.")
            return text[:start]
    line = text.rfind("\n", 0, start) + 1
    last = text[line:].strip()
    if len(last) < 8 or last[-1:] in ".!)$}*" and not _open_brace(last) or not line:
        return None
    before = text[:line].rstrip()
    previous = before[before.rfind("\n") + 1 :].strip()
    if len(previous) <= len(last) or not previous.startswith(last):
        return None
    return before


def _box_loop_cut(completion: str, found: Extraction) -> bool:
    """Whether the text after the answer only starts its line again, as each line before it
    did, and is cut ("$\\boxed{7}$" on line after line, then "$\\boxed{"): a loop cut at the
    token limit, which leaves the answer it repeats."""
    line = completion.rfind("\n", 0, found.end) + 1
    said = completion[line : found.end].strip()
    rest = completion[found.end :].strip()
    return bool(rest) and len(said) > len(rest) and said.startswith(rest) and (
        completion.count(said, 0, line) >= 2)


# A marker's answer below zero in words: "13 degrees below zero" is -13.
_BELOW_ZERO = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*" + BELOW_ZERO.pattern + r"\W*", re.IGNORECASE)


def _english(word: str) -> bool:
    """Whether a word looks like an English noun rather than a run of variables: it has a
    vowel and is not consecutive letters (`abc`, `xyz`, `pqr`); `mnp` and `abc` are not."""
    return _VOWEL.search(word) is not None and any(
        ord(b) - ord(a) != 1 for a, b in zip(word, word[1:], strict=False))


_TEXT_WORDS = re.compile(r"\\(?:text|mbox|mathrm)\s*\{([^{}]*)\}")
# An angle in radians is not the same angle in degrees: `30 \text{ radians}` is not `30^\circ`.
_RADIANS = re.compile(r"\brad(?:ians?)?\b")
_DEGREES = re.compile(r"\\circ|°|\bdeg(?:rees?)?\b")


def _angle_units_differ(gold: str, answer: str) -> bool:
    return bool(_RADIANS.search(answer) and _DEGREES.search(gold)
                or _RADIANS.search(gold) and _DEGREES.search(answer))


@mypyc_attr(allow_interpreted_subclasses=True)
class MathChecker(NumericChecker):
    """`\\boxed{}` answers: the last box first; strings, numbers, our own LaTeX reading, and
    math-verify in a worker for what that cannot decide."""

    name = "math"
    extractors: tuple[str, ...] = ("boxed", "answer_is", "answer_colon", "hashes", "fallback")
    exclaims = False  # `5!` is a factorial
    final_headings = False  # held to them after the AMC reading below, in `extract`

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None,
                question: str | None = None) -> Gold:
        gold = gold_text(gold)
        gold = code_math(gold) or gold  # a dataset's gold as sympy prints it: `sqrt(2)/2`
        # (a gold that there is none: "no solution" says it, no negation of a value)
        nothing = (gold[:1] in "\\{∅" or gold[:1].isalpha()) and names_nothing(gold)
        made = MathGold(gold, tuple(choices) if choices else None, frozenset(words(gold)) | (
            echoed(question)) | (NOTHING_WORDS if nothing else frozenset()), question)
        made.nothing = nothing
        if "text" in gold:
            made.said = _property_words(gold)
        if gold[:1] == "\\" and "text" in gold or gold[:1].isalpha():
            made.worded = word_gold(gold, question)  # `\\text{odd}`, `\\text{B, D}`
        if gold[:1] in _LETTER_STARTS:
            made.letter = _choice_gold(gold)
            if made.letter is None and made.worded is None and (
                    label := _AMC_LABEL.match(gold)) is not None and (
                    value := gold[label.end() :].strip()):
                # (the value's gold made once, not for every sample judged against it)
                made.choice = (label.group(1), self.prepare(value, choices, question))
        if made.choice is None and made.worded is None and (
                options := question_options(question)) is not None:
            # (the question pairs letters and values: no claim of the completion's does)
            if made.letter is not None and made.letter in options:
                made.choice = (made.letter, self.prepare(options[made.letter], choices))
                made.options = options
            elif made.letter is None and (letter := _option_of(gold, options)) is not None:
                made.choice = (letter, self.prepare(gold, choices))
                made.options = options
        return made

    def _choice_compare(self, found: Extraction, gold: MathGold, letter: str, value: Gold
                        ) -> Verdict | Pending:
        """An AMC gold that names its choice and value (`\\textbf{(C) }100`) is stated by
        either: the letter alone (`\\text{(C)}`, `C`), the value alone, or both when they
        agree."""
        answer = found.text.strip().strip("$").strip()
        if (said := _choice_gold(answer)) is not None:
            return _decided(found, said == letter, "choice")
        if (label := _AMC_LABEL.match(answer)) is not None and answer[label.end() :].strip():
            if label.group(1) != letter:
                return _decided(found, False, "choice")  # "(B) 100" for "(C) 100"
            found = found._replace(text=answer[label.end() :].strip())
        elif (named := _TAIL_CHOICE.search(f"{answer} {found.tail}")) is not None and (
                named.group(1) or named.group(2)) != letter:
            return _decided(found, False, "choice")  # "$100$, which is choice (D)"
        return self.compare(found, value)

    def extract(self, completion: str, gold: Gold) -> Extraction | None:
        found = super().extract(completion, gold)
        if (found is None or found.source == "fallback") and (
                worded := gold.worded) is not None:  # type: ignore[attr-defined]
            # A word gold stated in a closing sentence ("So the function is odd.", "It will be
            # Friday."), where the math reading of the sentence finds no value or another one
            judged = completion[: judged_end(completion)]
            if not stops_mid_sentence(completion) and (
                    said := closing_statement(worded, judged)) is not None:
                return Extraction(said, len(judged), "fallback")
        if found is None and getattr(gold, "letter", None) is not None and (
                closing := _LETTER_CLOSING.search(completion, max(
                    0, completion.rstrip().rfind("\n") + 1))) is not None:
            # "So, the value we are looking for is $\textbf{(B)}$.": an AMC letter the closing
            # sentence states in math
            return Extraction(f"({closing.group(1)})", closing.end(), "fallback")
        if found is None:
            return None
        if ("**" in (said := found.text) or "I" in said or "oo" in said or "\\" not in said and (
                "(" in said or "pi" in said)) and (latex := code_math(said)) is not None:
            found = found._replace(text=latex)  # `4*sqrt(5)`, as sympy prints it
        # AMC style: a box with only the choice's letter against a value gold, or a value
        # against a letter gold; the completion says which value the letter is.
        # (the pairing is looked for before the answer: what follows may run on)
        if (options := getattr(gold, "options", None)) and (
                letter := _choice_answer(found.text)) in options and not (
                work := completion[: completion.rfind("\n", 0, found.start) + 1].rstrip()
                ).endswith("|") and (before := final_statement(work)) is not None and (
                other := _option_of(before.text, options)) is not None and other != letter:
            # "... the removed number is $12 - 10 = 2$." then "**Answer: (A)**", where the
            # question's (A) is 1 and (C) is 2: the work concludes another choice (the lines
            # before the answer's; not a table's last row)
            return found._replace(hedge="contradiction")
        if getattr(gold, "letter", None) is not None and found.source == "boxed" and (
                letter := _choice_answer(found.text)) is not None and (
                why := _letter_contradicted(completion, found, letter)):
            return found._replace(hedge=why)
        if (first := found.text[:1]) in "(ABCDE\\" and (first != "\\" or found.text.startswith(
                "\\text")) and len(found.text) <= 14 and not gold.options and (  # type: ignore[attr-defined]
                label := _choice_gold(found.text)) is not None and (
                _choice_gold(gold.text) is None) and (
                value := _letter_value(completion[: found.end], label)) is not None:
            return found._replace(text=value)  # "231, i.e. choice (C)" and then \boxed{C}
        if getattr(gold, "letter", None) is not None and (
                _choice_answer(found.text) is None) and (
                picked := _picked_letter(completion[: found.end])) is not None:
            return found._replace(text=f"({picked})")  # "answer choice (E)" and \boxed{199}
        if found.source == "boxed" and "," in gold.text and "," not in found.text and (
                "b)" in completion or "art " in completion or "ii)" in completion
                or completion.count("boxed") > 1) and isinstance(
                structure := gold.structure, Several | Bracketed) and (
                parts := part_boxes(completion)) is not None and len(parts) == len(
                structure.items):
            # "(a) ... \boxed{3}", "(b) ... \boxed{2}" against "3, 2"; "Maximum: \boxed{5}",
            # "Minimum: \boxed{-5}" against "(5, -5)": one box a part
            joined = ", ".join(parts)
            return found._replace(text=joined if isinstance(structure, Several) else (
                f"{structure.open}{joined}{structure.close}"))
        if found.source == "boxed" and _near_final(completion, found):
            return self._final_hedge(completion, found)
        return found

    def value(self, answer: str) -> Fraction | None:
        return plain_number(answer)

    def differ(self, answer: str, rival: str, gold: Gold) -> bool:
        """As for numbers; answers that are not plain numbers (`4\\sqrt{5}` in prose, 10 in
        a fence after it) differ unless the answer, judged with the rival as its gold, is
        found equal (every tier: a rare pair, worth the full reading). Where the question
        lists choices, a letter is its choice's value (`= 10` in prose, then `{"answer":
        "D"}`, (D) being 10)."""
        if options := getattr(gold, "options", None):
            answer = options.get(_choice_answer(answer) or "", answer)
            rival = options.get(_choice_answer(rival) or "", rival)
        mine, theirs = self.value(answer), self.value(rival)
        if mine is not None and theirs is not None:
            return super().differ(answer, rival, gold)
        rival = code_math(rival) or rival  # `{"answer": "4*sqrt(5)"}` after `\boxed{4\sqrt5}`
        if "mod" in rival and "mod" not in answer:
            rival = without_modulus(rival)  # "... = 1 \pmod{5}", then `{"answer": "1"}`
        verdict = self.compare(Extraction(answer, 0, "answer_colon"), self.prepare(rival))
        if isinstance(verdict, Pending):
            verdict = self.resolve(verdict)
        return not verdict.correct and verdict.reason != "timeout"

    def lists(self, gold: Gold) -> bool:
        # Only a comma (or `and`, `or`, which the reader turns into one) or a `\pm` makes a
        # list: without any, the structure need not be read to know.
        text = gold.text
        if "," not in text and "pm" not in text and "mp" not in text and "and" not in text \
                and "or" not in text:
            return False
        structure = gold.structure  # a union: `x < -1 or x > 2` states its parts
        return isinstance(structure, Several | Union) and len(
            structure.items if isinstance(structure, Several) else structure.parts) > 1

    def _exact_of(self, answer: str) -> str | None:
        """As for numbers, and for any exact value our reader knows (`2\\sqrt{3} \\approx
        3.46`): its part before a true rounding of it."""
        exact = super()._exact_of(answer)
        if exact is not None or "approx" not in answer:
            return exact
        if "=" in answer and (cut := answer.rfind("\\approx")) > 0 and (
                side := stated_side(answer[:cut].strip().strip("$"))) is not None:
            answer = f"{side} {answer[cut:]}"  # `A = \\pi \\cdot 5^2 = 25\\pi \\approx 78.54`
        try:
            read = read_answer(answer.strip().strip("$"))
        except (ArithmeticError, ValueError, TypeError, RecursionError):
            return None
        if isinstance(read, Approx) and read.label is None and true_rounding(read):
            return answer[: answer.find("\\approx")].strip().strip("$").strip()
        return None

    @staticmethod
    def _roundable(gold: Gold, value: Fraction) -> bool:
        """A gold written as a rounded decimal, against an exact value that is no finite
        decimal (1/3 for 0.33): for the expression tier's rounding rule (docs/checking.md)."""
        return (gold.structure is not None and rounded_decimal(gold.structure) is not None
                and not finite_decimal(value))

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
        answer = found.text
        if answer == gold.text:  # the gold as written: no key to build
            return _decided(found, True, "string")
        # (`gold` is a MathGold: `prepare` made it; its attributes read directly, on every check)
        if (choice := gold.choice) is not None:  # type: ignore[attr-defined]
            return self._choice_compare(found, gold, *choice)  # type: ignore[arg-type]
        if gold.nothing and names_nothing(answer):  # type: ignore[attr-defined]
            return _decided(found, True, "string")  # "No such integer exists" for `\\emptyset`
        if "style" in answer and (plain := _MATH_STYLE.sub("", answer)) != answer:
            found, answer = found._replace(text=plain), plain  # `$\displaystyle q(x) = ...$`
        if "~" in answer or "{:}" in answer:
            # LaTeX's unbreakable space (`x~=~8`) and its braced colon (`15{:}45`)
            answer = answer.replace("~", " ").replace("{:}", ":")
            found = found._replace(text=answer)
        if ";" in answer and (pair := comma_pair(answer)) is not None:
            found, answer = found._replace(text=pair), pair  # `[-3; 5]`, `x \in ]-3;3[`
        if (worded := gold.worded) is not None and (  # type: ignore[attr-defined]
                named := names(worded, answer)) is not None:
            return _decided(found, named, "string")  # `\\text{a hyperbola}`, `BD` for `B, D`
        if ("=" in answer or "equiv" in answer) and "=" not in gold.text and (
                side := stated_side(answer)) is not None:
            found = found._replace(text=side)  # `\\frac{8 \\cdot 5}{2} = 20` states 20
            answer = side
            if answer == gold.text:
                return _decided(found, True, "string")
        elif "=" in answer and "=" not in gold.text and gold.question and (
                side := asked_side(answer, gold.question)) is not None:
            found = found._replace(text=side)  # "What is $x^2 + \\frac{1}{x^2}$?" ... `= 23`
            answer = side
        if "%" in gold.text and "%" not in answer and asks_percent(gold.question) and (
                "percent" not in answer) and _one_hundredth(answer, gold.text):
            return _decided(found, False, "number")  # "Express 3/8 as a percent.": not 0.375
        if "%" in answer and "%" not in gold.text and gold.question:
            if not _ASKS_FOR_PERCENT.search(gold.question):
                return _decided(found, False, "number")  # "What is 15% of 80?" is 12, not 12%
            if (bare := _PERCENT_SIGN.sub("", answer).strip()) and bare[-1:].isdigit():
                # "What is the percent concentration?" `30\%` for a gold of 30: the number
                # of percent asked for, written without its sign
                found, answer = found._replace(text=bare), bare
        if gold.question and "frac" in answer + gold.text and _IN_LOWEST_TERMS.search(
                gold.question) and (fraction := _FRACTION.fullmatch(answer.strip("$ "))) and (
                math.gcd(*(int(n) for n in fraction.groups() if n is not None)) > 1):
            return _decided(found, False, "string")  # "... in lowest terms": not 4/10
        if gold.question is not None and asks_to_factor(gold.question) and (
                want := factor_count(gold.text) or 0) > 1 and factor_count(answer) != want:
            # "Factor completely": `(x^2-1)(x^2+1)` is the polynomial, not its factoring
            return _decided(found, False, "string")
        if gold.question is not None and gold.text[:1] in "([" and "," in answer and (
                "nterval" in gold.question) and _BARE_LIST.fullmatch(answer) and (
                _ASKS_INTERVAL.search(gold.question)):
            # "Express your answer in interval notation." answered `2, 3`: the ends, listed
            # (the roots), not the interval `(2, 3)` between them
            return _decided(found, False, "string")
        if "_" in answer and (mine := _based(answer)):
            if "_" in gold.text and (theirs := _based(gold.text)):
                return _decided(found, mine == theirs, "string")  # `343_7` is no `343_6`
            if (numeral := _numeral_value(*mine)) is not None and gold.number is not None:
                # `101010_2` is 42; `42_5` is 22, not 42 (the symbolic tier drops the base);
                # "What is $42_8$ in base 10?" is not answered by `42_8`
                stands = not (gold.question and mine[1] != 10 and _IN_DECIMAL.search(gold.question))
                return _decided(found, stands and numeral == gold.number, "number")
        if found.tail and found.source == "fallback" and gold.number is not None and (
                ratio := _ratio(found, gold.number)) is not None:
            return _decided(found, ratio == gold.number, "number")  # "1 out of 6"
        if ":" in answer or ":" in gold.text:  # a.m. and p.m. are no unit words to drop
            same_time = _same_clock_time(gold.text, answer)
            if same_time is not None:
                return _decided(found, same_time, "expression")
        if "rad" in answer + gold.text and _angle_units_differ(gold.text, answer):
            return _decided(found, False, "string")
        if latex_key(answer) == gold.key:
            return _decided(found, True, "string")
        if (said := gold.said) is not None and (  # type: ignore[attr-defined]
                parity := _PARITY.fullmatch(answer)) is not None and (
                said in _PARITIES.values()) and parity.group(1) == gold.text.strip()[:1]:
            # `n \equiv 1 \pmod{2}` says n is odd, `n = 2k` that it is even
            odd = parity.group(2) == "1" or parity.group(3) is not None
            return _decided(found, said == _PARITIES[odd], "string")
        if said is not None and (
                not said <= (written := _text_words(answer)) or written & NEGATIONS):
            return _decided(found, False, "string")  # `n \text{ even}` for `n \text{ odd}`
        if (letter := _choice_gold(gold.text)) is not None and (
                label := _choice_answer(answer)) is not None:
            # A multiple-choice gold (`B`): the answer's choice, written as choices are
            # (`B)`, `(b)`, `\text{(B)}`, `option B`); a bare `b` is a variable, not `B`.
            return _decided(found, label == letter, "choice")
        if letter is not None and found.tail and (cited := _TAIL_CHOICE.search(found.tail)):
            # "The answer is 12, which is choice (C).": the choice the value is said to be
            return _decided(found, (cited.group(1) or cited.group(2)) == letter, "choice")
        if letter is None and "(" in answer and (amc := _CHOICE_LABEL.match(
                bare := answer.strip().strip("$").strip())) and bare[amc.end() :]:
            # AMC style, `\\textbf{(C) } 3` for a gold of 3 (in math delimiters or not): the
            # choice's value is the answer
            answer = bare[amc.end() :]
            if answer == gold.text or latex_key(answer) == gold.key:
                return _decided(found, True, "string")
        number = gold.number  # (worked out once: a property)
        value = plain_number(answer) if number is not None else None
        if value is None and number is not None:
            if found.source in _PROSE_MARKERS or found.source == "fallback" and (
                    answer.replace(" ", "").replace("-", "").isalpha()):
                # "The answer is 42 seats.", "... five ways.", "... is three quarters."
                value = prose_number(answer)
            if value is None:
                value = _ratio(found, number)  # "1 out of 6"
            if value is None and (said := self.sentence(found, gold)) is not None:
                return said  # "Answer: She has 12 apples left."
        # 10% against 0.1 is for the expression tier, which knows both readings of a percent;
        # so is 1/3 against a rounded gold 0.33, which the rounding rule may accept.
        if value is not None and ((same := value == number) or "%" not in answer + gold.text) and (
                same or not self._roundable(gold, value)):
            return _decided(found, same, "number")
        bare = _without_units(answer)
        if bare != answer and value is None and gold.number is not None and (
                value := plain_number(bare)) is not None:
            return _decided(found, value == gold.number, "number")  # `34650 \\text{ ways}`
        answer = bare
        if "\\{" in answer and (m := _SET_BUILDER.fullmatch(_unsized(answer).strip("$"))) and (
                re.search(rf"(?<![A-Za-z\\]){m.group(1)}(?![A-Za-z])", m.group(2))):
            answer = m.group(2)  # `\\{x \\mid x \\le 2\\}`: the condition, as an interval
        if "circ" in answer or "°" in answer:
            answer = _TRIG_DEGREES.sub(_radians, answer)
        if (words_ := _prose_pair(gold.text, answer)) is not None:
            # A gold written as `\\text{Tuesday}` declares prose: a word is not a product of
            # variables there, so `Thursday` is decided here, not by sympy.
            return _decided(found, words_[0] == words_[1], "string")
        if "=" in answer and "=" not in gold.text and unknown_equation(answer):
            return _decided(found, False, "equation")  # `x^2 = 2` does not state 2
        if found.source in _PROSE_MARKERS and ("$" in answer or "\\(" in answer) and _is_prose(
                answer) and (said := self._math_sentence(found, gold)) is not None:
            return said  # "Final answer: The vertex is at $(2, -3)$."
        if _DELIMITERS_ONLY.fullmatch(answer) or _is_prose(answer):
            # "\\]" or "6 matches played in each group": nothing sympy could read as the
            # gold; deciding here spares a worker hundreds of milliseconds per pair.
            return _decided(found, False, "prose")
        if gold.structure is not None:
            try:
                same = same_answer(gold.structure, read_answer(answer))
                return _decided(found, same, "expression")
            except (ArithmeticError, ValueError, TypeError, RecursionError):
                pass  # Unsupported, undefined, or a value we cannot compute: ask sympy
        return Pending(gold.text, answer, found.end, found.source)

    def _math_sentence(self, found: Extraction, gold: Gold) -> Verdict | Pending | None:
        """A marker's answer written as a sentence around inline math ("The inverse is
        $\\begin{pmatrix} ... \\end{pmatrix}$.", "$\\sqrt{80} - \\sqrt{20}$ simplifies to
        $2\\sqrt{5}$."): judged by the math it states, read as a final statement reads its
        sentence and held to the same rules (`commitment`: "$5$, not $7$" is no answer of 7).
        None when the sentence states no math apart from itself, or another value beside it
        ("\\(1101_2\\), but \\(1011_2\\) is also possible": each math it holds but the one
        read must name a variable, as `$x$` in "the value of $x$ is $5$")."""
        said = final_statement(found.text)
        if said is None or "$" in said.text or len(said.text) >= len(found.text) or any(
                math not in said.text and not _FREE_VARIABLE.search(math)
                for pair in _INLINE_MATH.findall(found.text) for math in pair if math):
            return None
        return self._judge_said(found, said, gold)


# Inline math in a sentence, and a letter in it that is no command's (`x`, `a_n`; not `\\pi`).
_INLINE_MATH = re.compile(r"\$([^$]+)\$|\\\((.+?)\\\)")
_FREE_VARIABLE = re.compile(r"(?<![\\A-Za-z])[A-Za-z]")


# A trig function of an angle in degrees: `\\sin 60^\\circ` is sin(60π/180), not sin(60).
_ANGLE = r"\s*(\d{1,4}(?:\.\d+)?)\s*(?:\^\s*\{?\s*\\circ\s*\}?|°)\s*"  # degrees
_TRIG_DEGREES = re.compile(r"\\(sin|cos|tan|cot|sec|csc)\s*(?:\\left\s*\(" + _ANGLE
                           + r"\\right\s*\)|\(" + _ANGLE + r"\)|\{" + _ANGLE + r"\}|"
                           + _ANGLE + ")")


# Set-builder notation over one variable: `\\{x \\mid x \\le 2\\}`, `\\{x : x > 0\\}`,
# `\\{x \\in \\mathbb{R} : x \\le 2\\}`.
_SET_BUILDER = re.compile(r"\s*\\\{\s*([A-Za-z])\s*(?:\\in\s*\\mathbb\s*\{?R\}?\s*)?"
                          r"(?:\\mid|\||:)\s*(.+?)\s*\\\}\s*")


def _unsized(text: str) -> str:
    return text.replace("\\left", "").replace("\\right", "") if "\\left" in text else text


def _radians(m: re.Match[str]) -> str:
    angle = next(g for g in m.groups()[1:] if g)
    return f"\\{m.group(1)}\\left(\\frac{{{angle}\\pi}}{{180}}\\right)"


# A time of day: `4:30 p.m.`, `4:30\\text{ pm}`, `16:30`, `9:05:30 AM`, once _CLOCK_DRESS is out.
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:([AaPp])\.?[Mm]\.?)?")
_O_CLOCK = re.compile(r"(\d{1,2})o['’]clock")
_CLOCK_DRESS = re.compile(r"\\(?:text|mbox|mathrm|textrm)\s*\{([^{}]*)\}|\\[,;:! ]|~|\s+|\$")


def _clock(text: str) -> tuple[int, bool] | None:
    """(seconds since midnight, whether a.m. or p.m. was written) of a time of day, else None.
    Without a meridiem the hour is read on a 24-hour clock."""
    if len(text) > 60:
        return None
    bare = _CLOCK_DRESS.sub(lambda m: m.group(1) or "", text)
    bare = _CLOCK_DRESS.sub(lambda m: m.group(1) or "", bare)  # `\text{ p.m.}`'s spaces
    if "clock" in bare:
        bare = _O_CLOCK.sub(r"\1:00", bare)  # "11 o'clock" (its spaces are out)
    m = _CLOCK.fullmatch(bare.rstrip(".") + ("." if bare.endswith("m.") else ""))
    if m is None:
        return None
    hour, minute, second = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
    if minute > 59 or second > 59:
        return None
    if m.group(4):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m.group(4) in "Pp" else 0)
    elif hour > 23:
        return None
    return (hour * 60 + minute) * 60 + second, bool(m.group(4))


# The result of a calculation: "= 40", "= $550", "=1,200,000".
_RESULT = re.compile(r"=\s*\$?\s*(\d[\d,]*(?:\.\d+)?)(?![\d.]*\d)")
# Words beside "about" that doubt the value, not only round it.
_DOUBT = re.compile(r"\b(?:estimat\w*|could|might|may|maybe|perhaps|probably|likely|though|guess\w*"
                    r"|sure|certain\w*|depend\w*|or|not)\b|n't", re.IGNORECASE)
WORK_REACH = 2000  # characters before an answer where its working is looked for


_A_NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")


def _worked_out_exactly(completion: str, found: Extraction) -> bool:
    """Whether the last calculation before the answer has its value as an exact result
    (`= 40`), so that "about 40" after it states 40, not a rounding."""
    value = parse_number(found.text)
    if value is None and (number := _A_NUMBER.search(found.text)) is not None:
        value = parse_number(number.group())  # "approximately **39.0**"
    if value is None:
        return False
    start = found.start or max(0, found.end - len(found.text) - len(found.tail) - 1)
    end = completion.find("\n", found.end)
    if _DOUBT.search(completion, completion.rfind("\n", 0, start) + 1,
                     end if end != -1 else len(completion)):
        return False  # "my best estimate is roughly 20, though it could be 21"
    last = None
    for last in _RESULT.finditer(completion, max(0, start - WORK_REACH), start):  # noqa: B007
        pass
    # (the last result only: "= 40", then "40 - 0.4 = 39.6", then "about $40" rounds 39.6)
    return last is not None and parse_number(last.group(1)) == value


# A value, then one word of a script other than Latin and CJK, up to an end of sentence (a
# point, a danda): its unit ("415 টাকা।", "117 ปี", "68 కిలోలు"). One word only: a review found
# two or more saying a bound as often ("18 से कम", "18 и более", "১৮ এর বেশি").
_OTHER_WORD = (r"(?![A-Za-z\u3000-\u9fff\uac00-\ud7a3])[^\W\d_]"
               r"(?:[^\W\d_]|[\u064b-\u065f\u0900-\u0dff\u0e00-\u0e7f])*")  # (letters, marks)
_UNIT_IN_OTHER = re.compile(
    r"\s*([-−]?[$€£¥₹₽₩₺¢৳฿₫]?\s?\d[\d,.]*)"
    # (a counter glued to the value, then its noun: "১৮টি নারকেল")
    rf"(\s*{_OTHER_WORD}|{_OTHER_WORD}\s+{_OTHER_WORD})"
    r"\s*[.।॥]?\s*")
# That word when it denies the value ("18 নয়", "18 नहीं", "18 ไม่"): not a unit.
_NOT_UNITS_IN_OTHER = frozenset({*OTHER_NOT, "не"})
# Words that scale, bound or split a value ("18 тысяч", "18 हज़ार", "18 ขึ้นไป", "18 ونصف"):
# looked for inside the word (Thai writes no spaces).
# A scale word of another script right after a value, which multiplies it.
_SCALE_AFTER = re.compile(r"\d\s*(тыс|млн|млрд|милл|लाख|करोड|हज़ार|हजार|লাখ|কোটি|হাজার|لاکھ|کروڑ"
                          r"|ہزار|ألف|آلاف|مليون|هزار|میلیون|nghìn|ngàn|triệu|tỷ|ล้าน|พัน|หมื่น|แสน)")
_SCALES_IN_OTHER = re.compile(
    "тыс|милл|млн|млрд|лишн|более|менее|больше|меньше|половин|हज़ार|हजार|लाख|करोड़|कम|ज़्यादा"
    "|ज्यादा|अधिक|ऊपर|हाजार|হাজার|লাখ|কোটি|বেশি|কম|ล้าน|พัน|หมื่น|แสน|ขึ้นไป|กว่า|เศษ|ครึ่ง|ไม่|เกือบ"
    "|ประมาณ|ألف|آلاف|مليون|أكثر|أقل|ونصف|نصف|هزار|میلیون|بیش|کم|వేల|లక్ష|కోటి|కంటే|ఎక్కువ|తక్కువ"
    "|సుమారు|nghìn|ngàn|triệu|tỷ|hơn|rưỡi|khoảng")
# One word in ASCII letters before a value: a currency's name or code, or a unit of time or
# sequence, in languages that write them first (a list: any other word may bound, doubt or
# negate it in some language, "casi 7", "angalau 7", "eksi 7").
_NOUN_BEFORE = re.compile(r"\s*([A-Za-z]{2,9})\.?\s+(\$?\d[\d,]*(?:\.\d+)?)\s*\.?\s*")
_NOUNS_BEFORE = frozenset({
    "rs", "inr", "usd", "eur", "gbp", "ksh", "kes", "tsh", "tzs", "ush", "ugx", "ngn", "zar",
    "rm", "rp", "idr", "php", "aud", "cad", "sgd", "hkd", "chf", "jpy", "cny", "rmb", "pkr",
    "bdt", "lkr", "npr", "egp", "shilingi", "shillingi", "naira", "rupiah", "ringgit", "rupees",
    "dollars", "euros", "pesos", "reais", "day", "week", "month", "year", "page", "siku", "wiki",
    "mwezi", "mwaka", "hari", "minggu", "bulan", "tahun"})
_CLAUSE_IN_OTHER = re.compile(r"([^,，、\d]*\d[^,，、]*)[,，、]\s*[^\d]+\Z")  # a value, a clause
_ASKS_DURATION = re.compile(r"\bhow\s+(?:many\s+(?:hours|minutes|seconds)|long)\b",
                            re.IGNORECASE)


# What in a question's asking sentence asks for a difference: "How many more ...?", "By how
# many points did Ben beat Alex?", "How much faster ...?", "margin of victory".
_DIFFERENCE_WORDS = re.compile(
    r"\b(?:more|fewer|less|extra|farther|further|faster|slower|warmer|colder|hotter|cooler|older"
    r"|younger|taller|shorter|longer|higher|lower|greater|bigger|smaller|heavier|lighter|cheaper"
    r"|difference|differ|margin|ahead|behind|beat|exceed\w*|win\s+by|won\s+by|by\s+how)\b"
    r"|\b\w+er\s+than\b", re.IGNORECASE)


def _asks_difference(question: str) -> bool:
    """Whether the question's last sentence that asks (its `?`, else its last) asks for a
    difference between two values."""
    end = question.rfind("?")
    end = len(question) if end == -1 else end
    start = max(question.rfind(stop, 0, end) for stop in (". ", "! ", "\n")) + 1
    return _DIFFERENCE_WORDS.search(question, start, end) is not None and (
        _STILL_TO_GO.search(question, start, end) is None)


# A "how many more" that asks what is still to go, not a difference: "How many more pages
# does she need to read?"
_STILL_TO_GO = re.compile(r"\b(?:need|needs|needed|left|remain\w*|still|must|have\s+to|has\s+to)\b",
                          re.IGNORECASE)


def asks_duration(question: str | None) -> bool:
    """Whether a question asks for a length of time ("How many hours ...?"), not a time."""
    return question is not None and _ASKS_DURATION.search(question) is not None


# The last line weighs an option, its label first ("**B)** ...", "C. ...", "B：..."), in four words
# or more (or a dozen characters of a script without spaces; not the option's text alone, a pick),
# and stops on a comma, a colon (it announces what never came: "C) এখন এই বিকল্পটি দেখি:"), a
# broken character (U+FFFD: cut inside a token), a short lower-case word ("i", "que", "och": a
# conjunction or an article, in most languages) or on a Chinese or Japanese character with no full
# stop: no sentence ends so. (A line that ends on a noun, "B) nucleus – it stores the DNA", may be
# the pick stated without a period.)
_CUT_IN_AN_OPTION = re.compile(
    r"(?:\A|\n)[ \t>*#-]*\**\(?[A-J]\)?\**[).:：、]\**[ \t]*"
    r"(?P<rest>(?:[^\n]*?\S+[ \t]+\S+[ \t]+\S+[ \t]+|[^\n ]{12})[^\n]*?"
    r"(?:[,，、:：\ufffd]|(?<!\w)(?-i:[^\W\dA-Z]{1,3})|[\u3040-\u30ff\u4e00-\u9fff])"
    r"|[^\n]{1,80}?[:：])\Z")  # (or its text and a colon: "A) firewood:", its review to come)
MAX_CUT_LINE = 600  # characters from the end where that line is looked for

_PERCENT_SIGN = re.compile(r"\s*\\?%\s*\Z")
_ASKS_PERCENT = re.compile(r"\bpercent(?:age)?\b|%", re.IGNORECASE)
# A question that asks for a percent, not one that only gives one ("What is 15% of 80?").
_ASKS_FOR_PERCENT = re.compile(
    r"\bwhat\s+(?:percent|percentage|\\?%)|\b(?:as|in)\s+(?:a\s+)?percent(?:age)?\b|\bpercent(?:age)?"
    r"\s+(?:of|is|does|did|will|was|increase|decrease|change|discount|markup|profit|loss)"
    r"|\bby\s+how\s+(?:many\s+)?percent|\bhow\s+many\s+percent|\bthe\s+percent(?:age)?\b",
    re.IGNORECASE)
# A question that wants a fraction reduced, and a fraction as written (`\frac{4}{10}`).
_IN_LOWEST_TERMS = re.compile(r"\b(?:lowest|simplest)\s+(?:terms|form)|\bfully\s+(?:simplified"
                              r"|reduced)|\breduced\s+(?:form|fraction)", re.IGNORECASE)
_FRACTION = re.compile(r"\s*(?:\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}"
                       r"|\(?(\d+)\s*/\s*(\d+)\)?)\s*")
_ASKS_INTERVAL = re.compile(r"\binterval\s+notation\b|\bas\s+an?\s+(?:\w+\s+)?interval\b",
                            re.IGNORECASE)
# A list of values with nothing that makes it an interval: no bracket, inequality nor `\in`
# ("2, 3", "$2,\ 3$", "-\infty, 2").
_BARE_LIST = re.compile(r"[$\s]*[-\w.\\{}^/]+(?:\s*,\s*(?:\\[ ,;])?\s*[-\w.\\{}^/]+)+[$\s]*")


# A question that asks for a share, which a percent states: "What fraction of the pizza".
_ASKS_SHARE = re.compile(r"\b(?:fraction|proportion|portion|share|part|probability|rate)\b",
                         re.IGNORECASE)


def asks_percent(question: str | None) -> bool:
    """Whether a question asks for a percent ("What percent of ...", "as a percent")."""
    return question is not None and _ASKS_PERCENT.search(question) is not None


def _one_hundredth(answer: str, gold: str) -> bool:
    """Whether `answer` is a hundredth of the percent `gold` (0.375 for `37.5\\%`)."""
    mine = plain_number(answer)
    theirs = plain_number(gold.replace("\\%", "").replace("%", ""))
    return mine is not None and theirs is not None and mine * 100 == theirs != mine


HIDDEN_MIN = 7  # characters after an answer, more than which may hide a value (`<!--7-->`)
COPIED = 20  # characters of a closing sentence, at least, that count as a copy when in the question


def _copies_question(completion: str, found: Extraction, question: str) -> bool:
    """Whether the sentence a fallback read its answer from is copied from the question."""
    end = min(found.end, len(completion))
    start = max(completion.rfind("\n", 0, end - 1), completion.rfind(". ", 0, end - 1)) + 1
    sentence = " ".join(completion[start:end].split()).rstrip(".")
    return len(sentence) >= COPIED and sentence in " ".join(question.split())


def _same_clock_time(gold: str, answer: str) -> bool | None:
    """A time of day written with a.m. or p.m. is a time, not a ratio (`4:30` is 2/15 to
    sympy): it matches only the same time, and nothing that is no time at all. A time without
    a meridiem matches it on either half of the day when its hour is 1 to 12 (`4:30` for
    `4:30 p.m.`). None when neither side names a meridiem: not this rule's to decide."""
    g, a = _clock(gold), _clock(answer)
    if g is None and a is not None and a[0] % 3600 == 0 and gold.isdigit() and int(gold) < 24:
        # "7:00 AM" for the hour 7 a gold gives; "5:00 PM" for 5 or 17, never for 5 in the
        # morning's 17 ("12:00 PM" is noon, not the hour 0)
        hour = a[0] // 3600
        return int(gold) in (hour, hour - 12 if hour > 12 else hour, 12 if hour == 0 else hour)
    if not ((g and g[1]) or (a and a[1])):
        return None
    if g is None or a is None:
        return False
    if g[1] == a[1]:
        return g[0] == a[0]
    bare, stated = (g[0], a[0]) if a[1] else (a[0], g[0])
    half = 12 * 3600
    return bare == stated or (3600 <= bare < 13 * 3600 and bare % half == stated % half)


# A multiple-choice label before the value it names: `\\textbf{(C) } 3`, `(C) 3`, `\\text{(C)}~3`.
_CHOICE_LABEL = re.compile(
    r"\s*(?:\\text(?:bf)?\s*\{\s*)?\(\s*[A-E]\s*\)\s*\}?(?:\s|~|\\[ ,;:!]|\\q?quad)*")
_CHOICE_GOLD = re.compile(r"\s*(?:\\(?:text(?:bf)?|mathrm|mathbf)\s*\{\s*)?\(?\s*([A-E])\s*\)?"
                          r"\s*\}?\s*\.?\s*")


# A choice named in the words after a value: "which is choice (C)", "option C", "(C)".
_TAIL_CHOICE = re.compile(r"\b(?:choice|option)\s*\(?\s*([A-E])\s*\)?(?![\w'])|\(\s*([A-E])\s*\)")


_LETTER_STARTS = frozenset("\\(ABCDEabcde")  # how a choice letter may open an answer or gold
_AMC_LABEL = re.compile(r"^\s*(?:\\text(?:bf)?\s*\{\s*)?\(\s*([A-E])\s*\)\s*\}?(?:\s|~|\\[ ,;:!])*")
# The value a choice letter stands for, as a completion pairs them: "(C) 231",
# "\textbf{(C)}\ 231", "231, i.e. choice (C)", "$231$, which is option C".
# (a number's digits and commas at most 60: searched over the whole completion, each start
# inside a run of thousands read to its end, seconds; the spaces after a letter taken by one
# run, `$` then its own: two runs side by side split a long one every way)
_VALUE = r"(-?\d[\d,]{0,60}(?:\.\d+)?|\\[dt]?frac\{[^{}]{1,20}\}\{[^{}]{1,20}\})"
_LETTER_THEN_VALUE = r"(?:\\textbf\{)?\(\s*{L}\s*\)\}?(?:\s|~|\\[ ,;:!])*(?:\$\s*)?" + _VALUE
_VALUE_THEN_LETTER = (_VALUE + r"\$?,?\s*(?:(?:i\.e\.,?|which\s+is|that\s+is)\s*)?(?:answer\s+)?"
                      r"(?:choice|option)\s*\$?(?:\\textbf\{)?\(?\s*{L}\s*\)?(?![\w'])")
# A choice picked in words: "This is answer choice $\textbf{(E)}$", "the answer is option C".
_CHOICE_PICK = re.compile(r"\b(?:answer\s+)?(?:choice|option)\s*\$?(?:\\textbf\{)?\(?\s*"
                          r"([A-E])\s*\)?(?![\w'])")
# A "Final Answer" heading right before a box, and a concluding sentence's stated value.
_FINAL_HEADING = re.compile(r"(?:\*\*|#{1,4}\s*)Final\s+Answer(?:\*\*)?:?\s*"
                            r"(?:\\\[|\$\$?|\\\()?\s*\Z")
# A box right under a "Final Answer" heading: "**Final Answer**\n\\boxed{300}".
_EARLIER_BOX = re.compile(r"(?:\*\*)?:?\s*(?:\\\[|\$\$?|\\\()?\s*"
                          r"\\boxed\{((?:[^{}]|\{[^{}]*\})*)\}")
_CONCLUDED = re.compile(r"\s*(?:therefore|thus|so|hence|in\s+conclusion)\b[^$]*?\b(?:is|are"
                        r"|equals?|be)\s+\$([^$]{1,80})\$\s*\.?\s*\Z", re.IGNORECASE)


FINAL_REACH = 40  # characters before a box where a "Final Answer" heading over it stands
_MATH_STYLE = re.compile(r"\\(?:display|text|script)style(?![A-Za-z])\s*")  # only how it is set


def _near_final(completion: str, found: Extraction) -> bool:
    """A cheap first look for a "Final Answer" heading over a box: "inal" just before it."""
    at = found.start
    return "inal" in completion[at - FINAL_REACH if at > FINAL_REACH else 0 : at]


def _earlier_final(completion: str, before: int) -> tuple[str, int] | None:
    """(the box, where it ends) under an earlier "Final Answer" heading than the one at
    `before`, after any thought (`</think>`), or None."""
    lo = completion.rfind("</think>", 0, before) + 1
    at = completion.rfind("Final Answer", lo, before)
    if at == -1 or (box := _EARLIER_BOX.match(completion, at + 12)) is None:
        return None
    return box.group(1).strip(), box.end()


def _option_of(gold: str, options: dict[str, str]) -> str | None:
    """The letter of the one choice whose value is the gold as written (LaTeX dressing
    aside) or as a number, or None."""
    key, number = _braced_key(gold), plain_number(gold)
    same = [letter for letter, value in options.items() if _braced_key(value) == key or (
        number is not None and plain_number(value) == number)]
    return same[0] if len(same) == 1 else None


def _braced_key(text: str) -> str:
    """`latex_key` with a one-digit argument braced as LaTeX reads it (`2\\sqrt3` is
    `2\\sqrt{3}`, `\\frac12` is `\\frac{1}{2}`)."""
    if "\\" in text:
        text = _BARE_FRAC.sub(r"\\frac{\1}{\2}", _BARE_ROOT.sub(r"\\sqrt{\1}", text))
    return latex_key(text)


# A command's arguments written as bare digits: `\sqrt3`, `\frac12`, `\dfrac34`.
_BARE_ROOT = re.compile(r"\\sqrt\s*(\d)")
_BARE_FRAC = re.compile(r"\\[dt]?frac\s*(\d)\s*(\d)")


def _letter_value(completion: str, letter: str) -> str | None:
    """The value the completion pairs with choice `letter` (the last pairing), or None."""
    found = None
    for pattern in (_LETTER_THEN_VALUE, _VALUE_THEN_LETTER):
        for found in re.finditer(pattern.replace("{L}", letter), completion):  # noqa: B007
            pass
        if found is not None:
            return found.group(1)
    return None


def _letter_contradicted(completion: str, found: Extraction, letter: str) -> str:
    """"contradiction" where a boxed letter disagrees with the work: the box pairs it with a
    value the listed options give another letter (`\\boxed{(B)\\ 14}` where `(B)\\ 12`), or
    the sentence before the box names another option ("..., which is option (B)." then
    `\\boxed{D}`); "" otherwise."""
    if (paired := _LETTER_AND_VALUE.fullmatch(found.text)) is not None and (
            listed := _letter_value(completion[: found.start], letter)) is not None and (
            _digits_of(listed) != _digits_of(paired.group(1))):
        return "contradiction"
    line = completion.rfind("\n", 0, found.start)
    said = completion[max(0, line - LETTER_REACH) : line if line > 0 else found.start]
    named = None
    for named in _NAMED_OPTION.finditer(said):  # noqa: B007 - the last one
        continue
    return "contradiction" if named is not None and named.group(1).upper() != letter else ""


LETTER_REACH = 200  # characters before the box's line read for an option it names
# "which is option (B)", "so the answer is choice B", "corresponds to (B)"
_NAMED_OPTION = re.compile(r"\b(?:option|choice|answer\s+(?:is\s+)?choice)\s*\(?([A-Ea-e])\)?(?!\w)"
                           r"|\bcorresponds\s+to\s+\(([A-E])\)", re.IGNORECASE)
# A boxed letter with a value after it: `(B)\ 14`, `\textbf{(B)} 14`, `B. 14`.
_LETTER_AND_VALUE = re.compile(r"\s*(?:\\text(?:bf)?\s*\{\s*)?\(?[A-E]\)?\.?\s*\}?(?:\\[ ,;:!]|\s)*"
                               r"\$?(-?\d+(?:\.\d+)?)\$?\s*")


def _digits_of(value: str) -> str:
    return value.replace(",", "").replace("{", "").replace("}", "").strip(" $")


def _picked_letter(completion: str) -> str | None:
    """The last choice letter the completion picks in words ("answer choice (E)"), or None."""
    found = None
    for found in _CHOICE_PICK.finditer(completion, max(0, len(completion) - 600)):  # noqa: B007
        pass
    return found.group(1) if found is not None else None


def _choice_gold(gold: str) -> str | None:
    """The letter of a gold that is a multiple-choice letter, A to E (`B`, `(B)`)."""
    m = _CHOICE_GOLD.fullmatch(gold) if len(gold) < 20 else None
    return m.group(1) if m else None


# A choice as an answer: `(b)`, `b)`, `B.`, `\text{(B)}`, `\textbf{B}`, `\mathrm{(B)}`,
# `option B`, `B`; a letter set off as a label may carry its choice's text or value (`(B) 12`,
# `B. 12`).
_CHOICE_ANSWER = re.compile(
    r"\s*(?:\\(?:text(?:bf)?|mathrm|mathbf)\s*\{\s*)?"
    r"(?:(?:option|choice)\s+\(?([A-Za-z])\)?|\(\s*([A-Za-z])\s*\)"
    r"|([A-Za-z])\s*\)|([A-Z])\s*\.?)\s*\}?(?:(?<=[).}])\s*[^\s()][^()]{0,60}?)?\s*\.?\s*",
    re.IGNORECASE)


def _choice_answer(answer: str) -> str | None:
    m = _CHOICE_ANSWER.fullmatch(answer) if len(answer) < 80 else None
    if m is None:
        return None
    letter = next(g for g in m.groups() if g)
    if m.group(4) and not letter.isupper():
        return None  # a bare lower-case letter is a variable
    return letter.upper()


_TEXT_ONLY = re.compile(r"\s*\\(?:text|textbf|mathrm|mbox)\s*\{\s*([A-Za-z][A-Za-z ]*?)\s*\}\s*\.?")
_WORDS_ONLY = re.compile(r"\s*([A-Za-z][A-Za-z ]*?)\s*\.?")


def _prose_pair(gold: str, answer: str) -> tuple[str, str] | None:
    """(gold, answer) as lower-case words when the gold is `\\text{words}` and the answer
    is words too (wrapped or not); else None."""
    g = _TEXT_ONLY.fullmatch(gold)
    a = _TEXT_ONLY.fullmatch(answer) or _WORDS_ONLY.fullmatch(answer)
    if g is None or a is None:
        return None
    return " ".join(g.group(1).lower().split()), " ".join(a.group(1).lower().split())


_DELIMITERS_ONLY = re.compile(r"(?:\s|\\[\[\]()]|\$|[.,;:])*")
# `_is_prose`: a command whose braces hold words, and a word of three letters or more.
_TEXT_COMMAND = re.compile(r"\\(?:text|mathrm|mbox|textbf|begin|end|operatorname)\s*\{[^{}]*\}")
_PROSE_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}")


def _is_prose(answer: str) -> bool:
    """Two or more words of three letters or more, outside LaTeX commands and `\\text{}`."""
    return len(_PROSE_WORD.findall(_TEXT_COMMAND.sub(" ", answer))) >= 2


_UNIT_TEXT = re.compile(r"\\(?:text|mbox|mathrm)\s*\{[\s~]*(?![ie]\s*\})([A-Za-z /.]+?)\s*\}"
                        r"(?:\^\{?[23]\}?)?")  # (not `\\mathrm{i}`, `\\mathrm{e}`: constants)


# Unit symbols read as units inside `\\text{}` only (`9.8 \\text{ m/s}^2`); bare, a letter is
# a variable (`2m` is not 2).
_SI_SYMBOLS = frozenset({"m", "s", "g", "l", "h", "n", "j", "w", "v", "a", "pa", "hz", "k",
                         "mol", "kw", "kwh", "kj", "kpa", "cm", "mm", "km", "ms"})


# Words in `\\text{}` after a value that do more than name what it counts.
_NOT_A_LABEL = (NOT_UNITS | VALUE_WORDS | NEGATIONS | ALTERNATIVES | OPERATIONS | COMPARATIVES
                | frozenset({"and", "if", "when", "where", "unless", "for", "except", "only",
                             "at", "least", "most", "than", "per", "each", "of", "total"}))


def _counted(found: list[str]) -> bool:
    """Whether the words of a `\\text{}` after a value only name what it counts (`cm`, `m/s`,
    `square units`, `arrangements`, `ways`): units, or a plain noun or two."""
    if all(w in UNITS or w in _SI_SYMBOLS for w in found):
        return True
    return 0 < len(found) <= 2 and all(w.isalpha() and w not in _NOT_A_LABEL for w in found)


# A variable said to be something (`n \text{ odd}`, `p \text{ prime}`): the words matter,
# though the symbolic tier reads both sides as the bare variable.
_PROPERTY = re.compile(r"\s*[A-Za-z](?:_\{?\w+\}?)?(?:\s|\\[ ,;:!]|~)*"
                       r"\\(?:text|mbox|mathrm)\s*\{([^{}]*)\}\s*\.?")
_TEXT_OF = re.compile(r"\\(?:text|mbox|mathrm)\s*\{([^{}]*)\}")
_FILLERS = frozenset({"is", "are", "be", "must", "a", "an", "the", "all", "any", "every",
                      "number", "integer", "positive", "whole", "natural"})


# A variable's parity said as a congruence or a form: `n \equiv 1 \pmod{2}`, `n \equiv 0
# \pmod 2`, `n = 2k + 1`, `n = 2k`.
_PARITY = re.compile(r"\s*([A-Za-z])\s*(?:\\equiv\s*([01])\s*(?:\\pmod\s*\{?\s*2\s*\}?"
                     r"|\(\s*\\?(?:bmod|mod)\s*\{?\s*2\s*\}?\s*\))"
                     r"|=\s*2\s*\\?(?:cdot\s*)?[a-z](?:\s*(\+)\s*1)?)\s*")
_PARITIES = {True: frozenset({"odd"}), False: frozenset({"even"})}


def _property_words(gold: str) -> frozenset[str] | None:
    """The words a gold says its variable is (`n \\text{ odd}`: {odd}), or None."""
    if (m := _PROPERTY.fullmatch(gold)) is None:
        return None
    return _singular(words(m.group(1))) - _FILLERS - UNITS or None


def _text_words(answer: str) -> frozenset[str]:
    """The words of an answer's `\\text{}` (`n \\text{ must be odd}`, `\\text{all primes } p`),
    in the singular, fillers aside: an answer's words must hold the gold's."""
    return _singular([w for text in _TEXT_OF.findall(answer) for w in words(text)]) - _FILLERS


def _singular(found: list[str]) -> frozenset[str]:
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                     for w in found)


def _without_units(answer: str) -> str:
    """`\\frac{8\\pi}{5} \\text{ square units}` -> `\\frac{8\\pi}{5}`: words from UNITS only."""
    stripped = _UNIT_TEXT.sub(lambda m: "" if _counted(said := words(m.group(1))) and not (
        answer[m.end() :].lstrip().startswith("=")) and not (  # `\text{gcd} = 21`
        LONE_VARIABLE.fullmatch(answer, 0, m.start()) and not all(w in UNITS for w in said))
        else m.group(), answer)  # (`n \text{ odd}` says what n is: no unit of n)
    m = _TRAILING_WORDS.search(stripped)
    said = words(m.group()) if m else []
    if m and said and said[-1] != "per" and all(w in UNITS or w == "per" for w in said):
        stripped = stripped[: m.start()]  # "50 miles per hour": a rate's units are units too
    if "\\" in (end := stripped.rstrip()[-7:]) or "~" in end:
        stripped = _SPACE_LEFT.sub("", stripped)  # `25\ \text{m/s}`: the space before it
    return stripped.strip() or answer


_SPACE_LEFT = re.compile(r"(?:\s*(?:\\[ ,;:!]|\\q?quad\b|~))+\s*\Z")


_CLAUSES = re.compile(r"(,\s+|;\s*|:\s+|\s+[-–—]+\s+)")
_LETTERS = re.compile(r"(?<![\w'’])[A-Z](?![\w'’])|\([A-Za-z]\)")  # choice letters named


def _labels_of(gold: Gold) -> set[str] | None:
    return {c.label.strip().upper() for c in gold.choices} if gold.choices else None


def _first_sentence(completion: str, after: int) -> str:
    """The completion up to the end of the sentence its opening letter (which ends at
    `after`) starts: "B) library." of "B) library. A bookstore (A) charges money."."""
    if completion[after - 1 : after] == "." and completion[after:].lstrip()[:1].isupper():
        return completion[:after]  # "C. An oven (B) would heat it": the letter alone
    end = _SENTENCE_BREAK.search(completion, after)
    line = completion.find("\n", after)
    return completion[: min(end.start() + 1 if end else len(completion),
                            line if line != -1 else len(completion))]


def _one_sentence(completion: str) -> bool:
    """Whether the completion is one short sentence ("You would find it in a library."): all
    of it answers the question."""
    text = completion.strip()
    return len(text) <= 200 and text[-1:] in (".", "!", "。") and "\n" not in text and (
        not _SENTENCE_BREAK.search(text))  # (one that ends without a stop may be cut off)


_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")


_HELD_BACK = re.compile(r"\b(?:if|but|unless|though|although|would\s+have|had\s+to)\b",
                        re.IGNORECASE)


def _picks_alone(sentence: str) -> bool:
    """Whether a sentence picks one choice by its letter and nothing else: no other letter,
    no condition or contrast ("If I had to, I'd stay with D, but C is my real pick.")."""
    return picks(sentence) and len(set(_CHOICE_LETTER.findall(sentence))) == 1 and (
        _HELD_BACK.search(sentence) is None)


# A choice's letter in a sentence (not "I", nor the article "A" before a word)
_CHOICE_LETTER = re.compile(r"(?<![\w'’])\(?([A-HJ-Z])\)?(?![\w'’])(?!\s+[a-z])|\(([A-Z])\)")



# A sentence that picks a choice in the first person or says "it is": "I choose refrigerator",
# "Library it is", "I'd go with the library".
_TEXT_PICK = re.compile(r"\b(?:I\s+(?:choose|chose|pick|picked|select|go\s+with|'d\s+(?:go|pick"
                        r"|choose)|would\s+(?:go|pick|choose))|it\s+is\b|it's\b|is\s+my\s+(?:answer"
                        r"|choice|pick))", re.IGNORECASE)


@mypyc_attr(allow_interpreted_subclasses=True)
class ChoiceChecker(Checker):
    """Multiple choice: the answer names a choice by letter or by its text."""

    name = "choice"
    clauses = True
    letters = True
    extractors: tuple[str, ...] = ("answer_is", "hashes", "answer_colon", "boxed", "last_sentence")

    def prepare(self, gold: str, choices: Sequence[Choice] | None = None,
                question: str | None = None) -> Gold:
        label = choice_label(gold, choices) or gold.strip().upper()
        # The gold choice's own words are no hedge: "about 300,000 km/s" is a choice's text,
        # not an approximation of it; a negation still negates.
        text = next((c.text for c in choices or () if c.label.strip().upper() == label), "")
        return Gold(gold, label, None, tuple(choices) if choices else None,
                    words=frozenset(words(gold)) | (frozenset(words(text)) - NEGATIONS),
                    question=question)

    def extract(self, completion: str, gold: Gold) -> Extraction | None:
        found = self._read(completion, gold)
        if found is None or not gold.choices:
            return found
        if not found.rival and found.source != "fallback" and "```" in completion and (
                completion.count("```", 0, found.start) % 2) and (
                closes := completion.find("```", found.end)) != -1 and not _REJECTS.search(
                completion, closes) and (
                later := self._read(completion[closes + 3 :], gold)) is not None:
            found = found._replace(rival=later.text)  # "```\n# answer: B\n```", then "so I'd
            # go with A.": the pick in the fence, and the prose's after it
        if not found.rival and found.source != "fallback" and "inal" in completion[
                found.end :] and (last := _FINAL_PICK.search(completion, found.end)) and (
                _SECOND_LOOK.search(completion, found.end, last.start()) is None):
            found = found._replace(rival=last.group(1))  # "Answer: B", then "Double-checking:
            # ... Final: A.": a last pick under a final label (after "Actually, wait — ...", a
            # correction: read as one)
        if not found.rival and completion[found.start : found.start + 1] in ("\"", "'") and (
                found.source == "answer_colon") and (
                prior := _prior_pick(completion, max(completion.rfind("{", 0, found.start), 0),
                                     gold.choices)):
            found = found._replace(rival=prior)  # "I'm going with F." then {"answer": "B"}
        elif not found.rival and (lone := _lone_letter(completion)) is not None:
            at, letter = lone
            if found.source != "fallback" and at >= found.end:
                found = found._replace(rival=letter)  # "So the answer is B." then "(E)" alone
            elif found.source == "fallback" and found.end > at and (
                    prior := _prior_pick(completion, at, gold.choices)):
                found = found._replace(rival=prior)  # "I pick the garage." then "(E)" alone
        # "B (no)", "The answer is no.": the choice's own words, never a negation or a tail
        if found.tail[:1] in ("(", "[") and (
                named := named_choice(f"{found.text} {found.tail}", gold.choices)):
            return found._replace(text=named, tail="")
        if ("/" in found.text or "|" in found.text or " or " in found.text) and set_beside(
                found.text, None, gold.choices):
            return found._replace(hedge="alternatives")  # "Answer: C) bedroom / B) garage"
        if len(found.text) <= 24 and (letters := _LETTERS_ONLY.fullmatch(found.text)) and len(
                set(_LETTER_IN_LIST.findall(letters.group()))) > 1:
            return found._replace(hedge="alternatives")  # `<answer>A D</answer>`, "B C"
        if (named := named_choice(found.text, gold.choices)) is not None:
            if (said := found.text.strip("*_ .")).lower() in _choice_texts(gold.choices) and (
                    at := completion.rfind(said, 0, found.end)) > 0 and (
                    before := _LABEL_BEFORE.search(
                    completion, max(0, at - 8), at)) and before.group(1).upper() != named:
                return found._replace(text=named, hedge="contradiction")  # "**A. waiting
                # room**", A being the operating room
            return found._replace(text=named)
        if found.source != "fallback" and (numbered := numbered_option(
                found.text, gold.choices, completion, found.start, found.end)) is not None:
            # as its letter, so that what follows is weighed against the letter ("Actually, I
            # change my answer to E.")
            return found._replace(text=numbered)
        if len(found.text) <= 7 and other_text_after(completion, found.end, found.text,
                                                     gold.choices):
            return found._replace(hedge="contradiction")  # "**D. Venus**", D being Mars
        if found.source == "boxed" and (label := self._label(found, gold)) is not None and (
                _box_disagrees(completion, found, label, gold.choices)):
            return found._replace(hedge="contradiction")
        return found

    def _read(self, whole: str, gold: Gold) -> Extraction | None:
        # Read up to a run-on into a next question, as the markers are: a base model's next
        # exemplar (" A\n\nQuestion: ...\nAnswer: D") picks nothing for this one.
        completion = whole[: judged_end(whole)]
        if gold.choices and "\n" in completion and echoes_choices(completion, gold.choices):
            return None  # the question and its options said back: no pick
        if announces_pick_at_end(completion):
            return None  # "Weighing these, the best answer is": cut off before its pick
        found = super().extract(whole, gold)
        if found is not None and gold.choices and (other := other_question(
                completion, found.end, gold.choices)) != -1:
            # a pick for a question it wrote itself, with its own options: what comes before
            # that question's paragraph answers this one ("**E**", then "### Follow-up",
            # another question, its options and "**Answer: A**"), or nothing does
            paragraph = completion.rfind("\n\n", 0, other)
            return self._read(completion[:paragraph], gold) if paragraph > 0 else None
        if (found is None or found.source == "fallback") and (cut := _CUT_IN_AN_OPTION.search(
                completion, max(0, len(completion) - MAX_CUT_LINE))) is not None and not any(
                cut["rest"].strip("* ").lower() == c.text.lower() for c in gold.choices or ()):
            # "B) Ochrana před chladem – v zimě ... protože mají": cut off while weighing an
            # option, in any language (no sentence ends on a word or a comma): no pick yet
            return None
        if found is not None and found.source == "fallback" and "\n\n" in completion and (
                picked := self._pick_before_remark(completion, found, gold)) is not None:
            found = picked
        if (found is None or found.source == "fallback") and gold.choices and (
                last := trailing_pick(completion, gold.choices)) is not None and (
                found is None or found.start <= last.start):
            return last  # "... salt water.\n\nc) ocean": a pick alone on the last line
        if (found is None or found.source == "fallback" and self._label(found, gold) is None) and (
                below := pick_below(completion, _labels_of(gold))) is not None:
            return below  # "I would choose:\n\nD) damages\n\n" and then why
        if found is None:
            # "C. 2 — note that 1 (option B) is not prime"; "The correct option is D." and
            # then why each other choice is wrong
            return self._leading(completion, gold) or (
                pick_before_rejections(completion, gold.choices) if gold.choices else None)
        if found.source == "fallback" and gold.choices and (
                self._label(found, gold) is None or rejects(found.text) and not picks(
                    found.text) or secondary(found.text)) and (
                earlier := pick_before_rejections(completion, gold.choices)) is not None:
            return earlier  # the last sentences only say why the other choices are wrong
        if found.source == "fallback" and (
                first := self._leading(completion, gold)) is not None and (
                self._label(found, gold) is None
                or completion[first.end : first.end + 1] in ("", "\n") and not picks(found.text)
                or found.text.startswith(completion[: first.end].strip())
                and choice_conflict(found.text, first.text, gold.choices or ()) is None
                and not unsure(found.text)
                or only_mentions(completion[first.end :]) and choice_conflict(
                    _first_sentence(completion, first.end), first.text, gold.choices or ())
                is None):
            # "**D**" alone on the first line, then why: the last sentence only mentions the
            # others ("A bank (A) lends money"), unless it picks one ("So I choose C."); or the
            # last sentence is the one the letter opens ("C. 2 — note that (B) is not prime");
            # or what follows the letter only says why the others are wrong ("B) library. A
            # bookstore (A) charges money, and a garage (D) doesn't lend books.")
            return first
        if found is not None and found.source == "fallback":
            # "Between B and C, I pick B.", "A is wrong, so B.": the clauses before a pick
            # that name choices weigh them; the pick states the answer.
            pieces = _CLAUSES.split(found.text)  # clause, separator, clause, ...
            if len(pieces) > 1 and picks(pieces[-1]):
                kept = "".join(c + sep for c, sep in zip(pieces[:-1:2], pieces[1::2], strict=True)
                               if picks(c) or choice_label(c, gold.choices) is None
                               and not _LETTERS.search(c))
                found = found._replace(text=kept + pieces[-1])
            if "not" in found.text or "than" in found.text or "over" in found.text:
                # "So B is the best answer, not A, C or D": the letters it rules out are no
                # alternatives it offers
                found = found._replace(text=_RULED_OUT.sub("", found.text))
            if self._label(found, gold) is None and not stops_mid_sentence(completion) and (
                    named := text_label(found.text, gold.choices, completion[-600:],
                                        alone=_one_sentence(completion))
                    or quantity_label(found.text, gold.choices, completion[-600:])) is not None:
                # the one choice the last sentence names by its text: "So a switch can stop
                # and start the flow of current." (not a sentence cut off: "Jupiter is the la")
                found = found._replace(text=named)
        elif found is not None and self._label(found, gold) is None and (
                named := quantity_label(found.text, gold.choices,
                                        completion[max(0, found.start - 600) : found.end + 40])
                ) is not None:
            found = found._replace(text=named)  # "\\boxed{4}" for the choice "4 years"
        return found

    def _pick_before_remark(self, completion: str, found: Extraction, gold: Gold
                            ) -> Extraction | None:
        """The closing statement before the last paragraphs that state no value, where the
        last paragraph (`found`) is a remark: it names no choice ("**TL;DR: B**", then why),
        or names one by its text only after a pick by its letter or in the first person ("I'd
        pick (B) library." or "I choose refrigerator.", then "The place that sells books is
        a bookstore."); else None."""
        before = last_sentence(completion, past_remarks=True)
        if before is None or before.end == found.end:
            return None
        if self._label(before, gold) is not None and (self._label(found, gold) is None or (
                choice_label(found.text, None) is None
                and choice_label(before.text, None) is not None)):
            return before
        if _TEXT_PICK.search(before.text) is not None and _TEXT_PICK.search(
                found.text) is None and (named := text_label(
                    before.text, gold.choices, marked=True)) is not None:
            return before._replace(text=named)
        return None

    @staticmethod
    def _leading(completion: str, gold: Gold) -> Extraction | None:
        """The pick a completion opens with: its letter ("B) library. ..."), or a choice's
        whole text ("No. Spiders have eight legs.")."""
        if completion[:1] in _ROLE_FIRSTS and (role := _ROLE.match(completion)) is not None:
            # "Assistant: C) library": the turn's label the model wrote itself, then its pick
            found = ChoiceChecker._leading(completion[role.end() :], gold)
            return found._replace(start=found.start + role.end(), end=found.end + role.end()) \
                if found is not None else None
        return leading_letter(completion, _labels_of(gold), gold.choices) or leading_text(
            completion, gold.choices)

    def names_answer(self, found: Extraction, gold: Gold) -> bool:
        return self._label(found, gold) is not None

    def _after_pick(self, after: str, found: Extraction, gold: Gold) -> str | None:
        if (label := self._label(found, gold)) is None or not gold.choices:
            return None
        window = after[:RETRACTION_WINDOW]
        if offered_after(window, label, gold.choices):
            return "alternatives"  # "Though C could also work."
        if corrected_by_text(window, label, gold.choices):
            return "retraction"  # "Actually, the garage makes more sense here."
        return None

    def differ(self, answer: str, rival: str, gold: Gold) -> bool:
        mine = self._label(Extraction(answer, 0, "answer_colon"), gold)
        theirs = self._label(Extraction(rival, 0, "fallback"), gold)
        return mine is not None and theirs is not None and mine != theirs

    @staticmethod
    def _label(found: Extraction, gold: Gold) -> str | None:
        label = choice_label(found.text, gold.choices)
        if label is None and found.source == "fallback":
            # "... is Paris.", else the one choice the sentence names by its text
            label = predicate_label(found.text, gold.choices)  # "... is Paris."
        elif label is None:  # "The answer is in the kitchen sink.": the one choice it names
            label = text_label(found.text, gold.choices, marked=True)
        return label

    def compare(self, found: Extraction, gold: Gold) -> Verdict | Pending:
        label = self._label(found, gold)
        if label is None:  # a sentence that names no choice states no answer
            text = None if found.source == "fallback" else found.text
            return Verdict(text, False, "no_answer", found.end, source=found.source)
        if gold.choices and (why := choice_conflict(found.text, label, gold.choices)
                             or (found.tail and found.source != "fallback"
                                 and tail_conflict(found.tail, label, gold.choices))):
            return _ambiguous(found, why)
        if gold.choices and also_right(said := f"{found.text} {found.tail}", label, gold.choices):
            return _ambiguous(found, "alternatives")  # "B, though C is also plausible"
        if gold.choices and ("else" in said or "if" in said) and otherwise(
                said, label, gold.choices):
            return _ambiguous(found, "condition")  # "D, if the person is healthy; otherwise E"
        correct = label == gold.key
        return Verdict(label, correct, "match" if correct else "mismatch", found.end, "choice",
                       found.source)



def _choice_texts(choices: Sequence[Choice]) -> set[str]:
    return {c.text.lower() for c in choices}


# A choice's label right before its text: "**A. ", "(A) ".
_LABEL_BEFORE = re.compile(r"(?<![A-Za-z])\(?([A-Ea-e])[.):][ \t]*[*_]*\Z")
# An answer of letters alone, two or more: "A D", "(B) (C)", "B, D", and a letter right
# before another in brackets: "B(D)", "B（Ｄ）".
_LETTERS_ONLY = re.compile(r"\s*[(（]?[A-E][)）]?(?:[\s,;/&+]+[(（]?[A-E][)）]?"
                           r"|\s*[(（][A-E][)）])+\s*\.?\s*")
_LETTER_IN_LIST = re.compile(r"[A-E]")


def _box_disagrees(completion: str, found: Extraction, label: str,
                   choices: Sequence[Choice]) -> bool:
    """Whether a boxed pick of `label` is given another choice's text: right after the box
    ("the answer is $\\boxed{\\text{B}}$ (34).", B being 16 and D 34), or in the sentence
    before it that picks the same letter ("The correct choice is (B) 52." and then
    $\\boxed{B}$, B being 28 and C 52)."""
    if (aside := _TEXT_AFTER_BOX.match(completion, found.end)) is not None and (
            named := by_text(aside.group(1), choices)) is not None:
        return named != label
    said = last_sentence(completion[: found.start].rstrip(_BOX_OPENS))
    if said is None or choice_label(said.text, choices) != label:
        return False
    given = re.search(rf"\(?{label}\)?[.:)]?[ \t]+([^;\n]+?)[.;]?\s*$", said.text.replace("**", ""))
    return given is not None and (named := by_text(_GIVEN_TEXT.sub("", given.group(1)).strip(
        " ()-–—.,"), choices)) is not None and named != label


# A choice's text in brackets right after a box, closing its sentence: "$\\boxed{B}$ (34)."
_TEXT_AFTER_BOX = re.compile(
    r"[ \t$}\\\])]*\((?:i\.e\.,?|that is,?)?\s*([^()\n]{1,60})\)[ \t.]*(?:\n|$)")
_GIVEN_TEXT = re.compile(r"^\W*(?:i\.e\.,?|that is,?|which is)\s*", re.IGNORECASE)
_BOX_OPENS = " \t$\\[("  # what opens a box's math: `$$`, `\\[`


def _recomputed(completion: str, found: Extraction, after: str, value: Fraction) -> bool:
    """`recomputes_another` on the text after the answer, up to a run-on into another turn
    (`after` is cut only where it has a line break: a turn's token may open none)."""
    at = found.start or max(0, completion.rfind(found.text, 0, found.end))  # (a fallback's: 0)
    return recomputes_another(before := completion[:at], after, value) and (
        recomputes_another(before, completion[found.end : judged_end(completion)], value))


def _prior_pick(completion: str, opens: int, choices: Sequence[Choice]) -> str:
    """The pick of the last sentence before an answer that `opens` there (an answer field,
    `{"answer": "B"}`, or a letter alone on the last line), when it picks a letter ("I'm
    going with F.") or one choice by its words ("... but river seems like the better fit.");
    "" when it picks none."""
    before = _FENCE_OPENED.sub("", completion[:opens])
    said = last_sentence(before) if before.strip() else None
    if said is None:
        return ""
    return said.text if picks(said.text) else text_pick(said.text, choices) or ""


# A chat turn's label a completion may open with ("Assistant: C) library").
_ROLE = re.compile(r"(?:Assistant|AI|Bot|Model|ASSISTANT)[ \t]*:[ \t]*")
_ROLE_FIRSTS = ("A", "B", "M")


# A letter alone on a line ("(E)", "**E**", "E."), as a completion may end on one.
_LONE_LETTER = re.compile(r"[ \t]*[*_]{0,2}[ \t]*[(\[]?([A-J])[)\]]?[ \t]*[*_]{0,2}[.!]?[ \t]*")
LONE_LINE = 12  # characters: the longest such line


def _lone_letter(completion: str) -> tuple[int, str] | None:
    """(where its line starts, the letter) for a letter alone on the completion's last line,
    read up to a run-on into a next question; None otherwise."""
    body = completion.rstrip()
    start = body.rfind("\n") + 1
    if not start or len(body) - start > LONE_LINE or (
            letter := _LONE_LETTER.fullmatch(body, start)) is None:
        return None  # (most completions: one look at the last line)
    if judged_end(completion) < start:
        return None  # the next question's letter
    return start, letter.group(1)


_FENCE_OPENED = re.compile(r"\s*```[ \t]*(?:json)?\s*\Z", re.IGNORECASE)


# Letters a pick rules out after it: ", not A, C or D", "rather than (A) or (C)".
_RULED_OUT = re.compile(r",?\s*(?:but\s+)?(?:not|rather\s+than|instead\s+of|over)\s+"
                        r"(?:options?\s+)?\(?[A-Z]\)?(?:\s*(?:,|\bor\b|\band\b|\bnor\b)\s*"
                        r"\(?[A-Z]\)?)*(?![\w'’])")


def from_spec(spec: dict[str, Any]) -> Checker:
    """The checker `Checker.spec()` describes, rebuilt (in a batch worker's process)."""
    import importlib

    module, _, name = spec["class"].partition(":")
    cls = getattr(importlib.import_module(module), name)
    return cls.from_options(timeout=spec["timeout"])
