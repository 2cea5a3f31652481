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

import json
import re
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import NamedTuple

from star_cli.answers import foreign_corrections, foreign_picks
from star_cli.answers.hedges import CHECK_FAILS, NOT_UNITS, depends, taken_back
from star_cli.answers.math_words import math_in_words
from star_cli.answers.numerals import CJK_HEDGES, SECTIONS_IN
from star_cli.answers.numeric import (
    COMPOUND,
    TEEN_WORDS,
    TENS_WORDS,
    UNIT_WORDS,
    compound,
    parse_number,
)
from star_cli.answers.numeric import (
    spelled as spelled_value,
)
from star_cli.answers.refusals import gives_up
from star_cli.answers.text import hygienic

MAX_SCAN = 200_000  # characters of a completion we look at, from its end
MAX_ANSWER = 300  # characters an answer may span
MAX_CANDIDATES = 64  # numbers of a closing sentence weighed as its value
MAX_PASSED_HEADINGS = 64  # headings passed over as no run-on, after which none is looked for

# A completion that runs on into a next question (or a next chat turn) is judged on what came
# before it: `Q:`, `Question 2:`, `**Problem:**`, `## Problem 2`, `Human:`, `User:`, an
# end-of-turn token; in other languages, the word for a question or a problem in their
# few-shot prompts (MGSM's "Pregunta:", "Frage:", "Задача:", "问题："). The words whose first
# letter no English form has are `_MORE_RUN_ON`'s, looked for only in a text that asks a
# question; those in other scripts only in a text outside ASCII (`_WIDE_RUN_ON`), so that
# English text pays nothing for them.
_LATIN_RUN_ON_WORDS = ("Pregunta|Problema|Ejercicio|Problème|Exercice|Frage|Pergunta|Questão"
                       "|Pertanyaan")
_RUN_ON_WORDS = f"Q|Question|Problem|Example|Exercise|{_LATIN_RUN_ON_WORDS}"
_ASKED_RUN_ON_WORDS = "Domanda|Aufgabe|Soru|Soal|Swali"  # `_MORE_RUN_ON`'s
_WIDE_RUN_ON_WORDS = ("Вопрос|Задача|प्रश्न|सवाल|سؤال|问题|题目|題目|問題|質問|문제|질문|প্রশ্ন"
                      "|โจทย์|ప్రశ్న")


def _run_on_pattern(initials: str, words: str) -> re.Pattern[str]:
    return re.compile(
        # a cheap first test at each newline, the same matches: one character, then the
        # spaces (a space given back fails the look after them at once)
        rf"\n(?=[ \t#*{initials}])[ \t]*(?=[#*{initials}])"
        rf"(?:[#*]{{0,4}}[ \t]*(?:{words})[ \t]*\d*[ \t]*[*]{{0,2}}"
        r"[ \t]*(?:[:.][*]{0,2}(?=\s)|：)|(?:Human|User|HUMAN|USER|### Instruction)[ \t]*:"
        r"|Next (?:problem|question)\b"
        # a heading of a next problem without a colon: "### Problem 3", "### Question"
        r"|\#{1,4}[ \t]*(?:Problem|Question)(?:[ \t]+\d+)?[ \t]*(?=\n)"
        # a question the model sets itself after its answer: "Bonus: what if ...?", "Follow-up:"
        r"|[*]{0,2}(?:Bonus|Follow[- ]?up)(?:[ \t]+(?:question|problem))?[ \t]*[*]{0,2}[:.]"
        # a problem for practice after the answer: "*Practice problem:*", "**Similar problem:**",
        # "*Exercise for the reader:*", "*Example (not part of the answer):*"
        # (emphasis before the headings whose initials no other run-on has: each line's first
        # look stays one character)
        r"|(?:[*]{0,2}(?:Practice|Extra)[ \t]+|[*#]{1,4}[ \t]*(?:Similar|Related|Another)[ \t]+)"
        r"(?:problem|question|exercise|example)s?[ \t]*[*]{0,2}[ \t]*[:.]"
        r"|[*]{0,2}(?:Exercises?[ \t]+for[ \t]+the[ \t]+reader|Example[ \t]*\([^)\n]{0,40}\))"
        r"[ \t]*[*]{0,2}[ \t]*[:.]"
        # more practice: "Now you try:", "Here are some similar problems to try:"
        r"|Now you try\b|Here are (?:some|a few) (?:similar|more|practice)\b)")


_RUN_ON = _run_on_pattern("QPEHUNBF", _RUN_ON_WORDS)
_WIDE_RUN_ON = _run_on_pattern("QPEHUNBFВЗपसس问题題問質문질পโప",
                               f"{_RUN_ON_WORDS}|{_WIDE_RUN_ON_WORDS}")


# A next problem's label alone on the line before its run-on: "Example 3", "**Problem 4**".
_RUN_ON_LABEL = re.compile(r"\n[ \t#*]*(?:Example|Problem|Question|Exercise)[ \t]*\d*[ \t*]*\Z")
# A next problem's heading glued to the end of the answer's sentence ("So the answer is
# 18.Problem: Maya shares ..."), looked for before a run-on found at a line's start (a base
# model's exemplars repeat their format), or in a text that asks a question.
# (the sentence's end in the match, not a lookbehind: a first character to scan for)
_GLUED_RUN_ON = re.compile(r"\.(?:Q|Question|Problem|Example|Exercise|Next question)[ \t]*\d*"
                           r"[ \t]*:")
# More ways a completion goes on to a next problem, looked for only in a text that asks a
# question (`?`: an invented problem asks one; few completions do, so few pay for the scan):
# "Let's try another one!", "Try this one:", "Input:" (and its "Output:"), the prompt's
# instructions said again ("Answer the following grade-school math question.").
# "Next question" in other languages ("Domanda successiva:", "Nächste Frage:", "下一题：").
_NEXT_QUESTION = ("Domanda successiva|Prossima domanda|Siguiente pregunta|Pregunta siguiente"
                  "|Próxima pergunta|Question suivante|Nächste Frage|Volgende vraag"
                  "|Następne pytanie|Kolejne pytanie|Следующий вопрос|Nästa fråga|Sonraki soru"
                  "|Pertanyaan berikutnya|Câu hỏi tiếp theo|下一题|下一題|次の問題|다음 문제")
_MORE_RUN_ON = re.compile(
    r"\n[ \t]*(?:Let's try another (?:one|problem|question)\b|Try (?:this|another) one\b"
    rf"|[#*]{{0,4}}[ \t]*(?:{_ASKED_RUN_ON_WORDS}|{_NEXT_QUESTION})[ \t]*\d*[ \t]*[*]{{0,2}}"
    r"[ \t]*[:：]"
    r"|Input[ \t]*:(?=[^\n]*\n[ \t]*Output[ \t]*:)"  # an input and its output

    r"|(?:Answer|Solve) the following (?:[\w-]+ ){0,3}(?:questions?|problems?)\b"
    r"|The following (?:are|is) (?:a |an |some )?(?:multiple[- ]choice )?(?:questions?|problems?)\b"
    r"|Below (?:is|are) (?:a|an|another|some) (?:\w+ ){0,2}(?:questions?|problems?)\b)")
# A chat template's end of a turn (ChatML, Llama 3, GPT-2, Gemma): what follows is another turn.
# (TinyLlama's and Zephyr's `<|user|>`, `<|system|>` and `<|assistant|>` open a next turn; Phi-3's
# `<|end|>`, Llama 3.1's `<|eom_id|>`, DeepSeek's `<｜end▁of▁sentence｜>` (full-width bars, or
# ASCII ones) and DeepSeek-Coder's `<|EOT|>` end one, and DeepSeek's `<｜User｜>` opens one;
# gpt-oss's harmony ends its answer with `<|return|>`, a tool call with `<|call|>`, and opens
# a next message with `<|start|>`.)
END_OF_TURN = re.compile(r"<[|｜](?:im_end|im_start|eot_id|eom_id|endoftext|end_of_text|end|user"
                         r"|system|assistant|EOT|end▁of▁sentence|User|Assistant|return|call"
                         r"|start)[|｜]>|</s>"
                         r"|<end_of_turn>")

_BEGINS = re.compile(r"<[|｜]begin(?:▁of▁sentence|_of_text)[|｜]>|<s>")  # a text's opening token


def _own_header(text: str, m: re.Match[str]) -> bool:
    """Whether a turn token opening the text is the assistant's own header, leaked before its
    answer (`<|assistant|>`, `<｜Assistant｜>`, `<|im_start|>assistant`), not another role's
    turn nor an end of turn (`<|endoftext|>` first: it answered nothing)."""
    kind = m.group()[2:6]
    return kind in ("assi", "Assi") or kind == "im_s" and text.startswith("assistant", m.end())
_LATIN_RUN = re.compile(r"[A-Za-z]+")
_LETTER_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
_NOT_NEWLINE = re.compile(r"[^\n]")


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
    # Why the statement does not commit, seen where the answer was read: a box that is part
    # of a larger expression (`$\boxed{6}\sqrt{3}$`: `embedded_box`), an alternative or a
    # condition right after it (`$\boxed{6}$ or 7`), `\approx` before it. "" when none.
    hedge: str = ""
    # For an answer in a fence of prose, the last marker outside fences: the two disagree
    # when their values differ ("The answer is 41." and a fence holding `#### 42`). "" when
    # there is none.
    rival: str = ""


def judged_end(text: str) -> int:
    """Where the judged part of `text` ends (`judged_part`): its length, or a run-on."""
    judged, offset = judged_part(text)
    return offset + len(judged)


# A completion that ends by repeating one piece of text over and over ("We continue
# reasoning about the problem carefully." a hundred times) is a degenerate loop the model
# never left: it states no final answer, whatever it said before the loop, unless the piece
# states one itself ("Final Answer: 400" again and again: checker.py reads each turn).
LOOP_REPEATS = 4  # times the piece repeats, at least
LOOP_SPAN = 400  # characters the repeats cover, at least
LOOP_PIECE = 400  # characters of the longest piece looked for
# Completions shorter than this are not looked at: a loop runs to the token limit, so it
# is long, and most completions are shorter (the look costs a tenth of a microsecond).
LOOP_MIN = 800
_LOOP_PROBE = 48  # characters at the end whose previous occurrence gives the piece's length


def ends_in_loop(text: str) -> bool:
    """Whether `text` ends in a degenerate loop (`loop_piece`)."""
    return loop_piece(text) > 0


def loop_piece(text: str) -> int:
    """The length of the piece `text` ends by repeating, 0 when it does not end in a loop:
    one piece of at most LOOP_PIECE characters repeated LOOP_REPEATS times or more, over
    LOOP_SPAN characters or more (a loop cut by the token limit in mid-piece counts). Only
    the last few hundred characters are read."""
    n = len(text)
    while n and text[n - 1] in " \t\r\n":
        n -= 1
    probe = n - _LOOP_PROBE
    if probe < LOOP_SPAN:
        return 0
    # The end's nearest earlier occurrence gives the piece's length, if the end is a loop.
    j = text.rfind(text[probe:n], probe - LOOP_PIECE, n - 1)
    if j == -1 or text[probe:n].isspace():
        return 0
    piece = probe - j
    span = max(piece * LOOP_REPEATS, LOOP_SPAN)
    return piece if span <= n and text[n - span : n - piece] == text[n - span + piece : n] else 0


# The last text `judged_part` read, and its reading: `judge_local` asks again for the text
# `first_of` read, to cut what follows the answer where the judged part ends. (One tuple,
# replaced whole: a thread reads either the old pair or the new one.)
_last_judged: tuple[str, tuple[str, int]] = ("", ("", 0))


def judged_part(text: str) -> tuple[str, int]:
    """(the text we judge, its offset in `text`): the completion up to any run-on into a
    next question, and at most its last MAX_SCAN characters."""
    global _last_judged
    last = _last_judged
    if last[0] is text:
        return last[1]
    part = _judged_part(text)
    _last_judged = (text, part)
    return part


def _judged_part(text: str) -> tuple[str, int]:
    if "?" in text and "\n" in text and (cut := _asked_run_on(text)) is not None:
        text = text[:cut]
    run_on = _RUN_ON if text.isascii() else _WIDE_RUN_ON
    if "\n" in text and (m := run_on.search(text)):  # each run-on starts a line
        passed = 0
        while m is not None and passed < MAX_PASSED_HEADINGS and (
                m.start() < 8 and "*" in m.group() and not text[: m.start()].strip()
                or "```" in text and text.count("```", 0, m.start()) % 2
                or _problem_restated(text, m.start()) or _answered_after(text, m)
                or _unanswered_heading(text, m)):
            # (`# Example:` in a program is no next question; a bold heading that opens the
            # text, "**Problem:** ..." after a thought, restates this one: a base model's next
            # exemplar is plain, "Question: ...")
            m = run_on.search(text, m.end())
            passed += 1
        if passed == MAX_PASSED_HEADINGS:
            m = None  # (thousands of headings, each weighed against the text before it)
        if m is not None:
            glued = _GLUED_RUN_ON.search(text, max(0, m.start() - GLUED_REACH), m.start())
            cut = glued.start() + 1 if glued else m.start()
            if (label := _RUN_ON_LABEL.search(text, max(0, cut - 40), cut)) is not None:
                cut = label.start()  # "Example 3" on the line before the next "Q:"
            text = text[:cut]
    # Apart from _RUN_ON: an alternation without a common literal prefix scans slowly.
    if "<" in text and (m := END_OF_TURN.search(text)):
        opened = 0  # where the text after the assistant's own leaked headers starts
        while m is not None and not _BEGINS.sub("", text[opened : m.start()]).strip() and (
                _own_header(text, m)):
            opened = m.end() + 9 * text.startswith("assistant", m.end())
            m = END_OF_TURN.search(text, m.end())
        if m is not None:
            text = text[: m.start()]
    offset = max(0, len(text) - MAX_SCAN)
    return text[offset:], offset


# The headings of a question the model sets itself (`_answered_after`): a bonus, a follow-up,
# a practice problem.
_SET_ASIDE_HEAD = re.compile(r"onus|ollow|ractice|imilar|elated|xtra|nother|eader"
                             r"|xample[ \t]*\(")
# What marks an answer, before a question the model sets itself and after it (bold only
# before: the question's own heading may be bold).
_MARKED_BEFORE = ("nswer", "NSWER", "####", "boxed", "**")
_MARKED_AFTER = ("nswer", "NSWER", "####", "boxed")


def _answered_after(text: str, m: re.Match[str]) -> bool:
    """Whether the question the model sets itself at `m` ("Follow-up:", "Bonus:") is no
    run-on: nothing before it marks an answer and a marker follows it ("... earns $450.",
    then "Follow-up: ... in 4 weeks?" and "#### 1800"), so the completion's only marked
    answer is the one it gives there. A next question (`Q:`) is a run-on still."""
    said = m.group()
    if _SET_ASIDE_HEAD.search(said) is None:
        return False
    before, after = text[: m.start()], text[m.end() :]
    return not any(k in before for k in _MARKED_BEFORE) and any(k in after for k in _MARKED_AFTER)


# An answer said before a heading in another language ("La respuesta es 42.", "Ответ: 14.",
# "答案是 32", "Risposta: E"): what makes that heading a next problem, not this one's restated.
# The word and a number or a choice's letter after it: "Чтобы найти ответ, ..." or "Here is
# my answer." says none.
ANSWERED_IN_ANY = re.compile(
    r"(?:nswer|NSWER|espuesta|esposta|isposta|éponse|eponse|ntwort|Ответ|ответ|Cevap|cevap"
    r"|Jawab|jawab|Jibu|उत्तर|الإجابة|الجواب|答案|答え|정답|คำตอบ|উত্তর)(?:[^\n\d]{0,24}\d"
    r"|[ \t*]{0,2}[:：][ \t*]*\(?[A-E]\)?(?!\w))|####|\\boxed")  # (or a choice: "Risposta: E")
_FOREIGN_HEADING = re.compile(
    rf"{_LATIN_RUN_ON_WORDS}|{_WIDE_RUN_ON_WORDS}|{_ASKED_RUN_ON_WORDS}")


def _unanswered_heading(text: str, m: re.Match[str]) -> bool:
    """Whether a run-on heading in another language (`Pregunta:`, `Вопрос:`, `问题：`) comes
    before any answer: the problem restated under it ("Claro, resolvamos ...\n\nPregunta:
    ..."), or a layout of given, question and solution ("Дано: ...\nВопрос: ...\nРешение:
    ..."), not a next problem. A base model's next exemplar follows its answer."""
    if not _FOREIGN_HEADING.search(m.group()):
        return False
    return ANSWERED_IN_ANY.search(text, 0, m.start()) is None


def _asked_run_on(text: str) -> int | None:
    """Where a text that asks a question runs on into a next problem by the forms only such a
    text is read for (`_MORE_RUN_ON` after its opening line: a completion may open by saying
    its instructions back; a heading glued to a sentence after a number), or None."""
    first_line = text.find("\n")
    reach = min(len(text), ASKED_REACH)  # (a run-on follows the answer: in its first pages)
    more = _MORE_RUN_ON.search(text, first_line, reach)
    if more is not None and _unanswered_heading(text, more):
        more = None  # "Verilenler: ...\nSoru: ...": this problem's own question
    glued = _GLUED_RUN_ON.search(text, 0, more.start() if more else reach)
    if glued is not None and "```" not in text and any(
            c.isdigit() for c in text[: glued.start()]):  # (after a number: "Sure.Problem:" no)
        return glued.start() + 1
    return more.start() if more is not None and text.count("```", 0, more.start()) % 2 == 0 \
        else None


ASKED_REACH = 8_000  # characters from the start where those forms are looked for
GLUED_REACH = 2_000  # characters before a run-on where the first one may be glued to a sentence
OPENING = 200  # characters of an opening sentence before the problem it restates


def _problem_restated(text: str, at: int) -> bool:
    """Whether the run-on line at `at` restates the problem after an opening sentence ("Let's
    solve this step by step using Python.\n\n**Problem:** A car travels ..."): a heading that
    names the problem after a sentence of four words or more with no digit, so nothing
    answered yet. A next question (`Question:`, `Q:`), or a line that opens the completion or
    follows a pick (`B`), is a run-on still (a base model's next exemplar)."""
    before = text[:at]
    return len(before) <= OPENING and "Problem" in text[at : at + 16] and len(
        before.split()) >= 4 and not any(c.isdigit() for c in before)


_ANSWER_IS = re.compile(
    r"answer[ \t]{1,8}(?:is|(?:would|will|should|must)[ \t]be)\b[ \t]{0,8}"
    # a word that stresses the value, never qualifies it: "the answer is actually 40"
    r"(?:(?:actually|really|indeed|definitely|certainly|surely|clearly|simply|still|now)\b"
    r"[ \t,]{1,4})?:?[ \t*_]*",
    re.IGNORECASE,
)
# Symbols a chat model sets before an answer's label: "### ✅ Final Answer:", "👉 Answer:".
_LABEL_SYMBOLS = "✅✔✓☑📌🎯⭐➡👉▶•🔑💡🏁📝\ufe0f"
_ANSWER_COLON = re.compile(
    rf"[ \t>#*_{_LABEL_SYMBOLS}]{{0,8}}"
    r"(?:\d{1,2}[.)][ \t]+[*_]{0,2}(?=(?:[Ff]inal[ \t]+)?(?:[Aa]nswer|ANSWER)))?"
    r"(?:[Mm]y[ \t]{1,8}|(?:[Mm]ost[ \t]+[Ll]ikely|[Bb]est)[ \t]{1,8}(?=[Aa]nswer|ANSWER))?"
    # (a list's item: "4. **Answer: 15**"; not "1. A: the bank ..."; "Most likely answer:")
    r"(?:(?:[Ff]inal|[Cc]orrect(?:ed)?|[Rr]evised|[Uu]pdated)[ \t]{1,8}){0,2}"
    r"(?:[Aa]nswer|ANSWER|[Aa]ns|ANS|A)"
    # a correction's label in brackets: "Final answer (corrected):", "Answer (revised):"
    r"(?:[ \t]*\((?:[Cc]orrected|[Rr]evised|[Uu]pdated|[Ff]ixed|[Aa]mended|[Ff]inal)\))?"
    r"[ \t*_]{0,4}:[ \t*_]*"  # ("Ans: B", as AQuA writes)
)
# A heading that names the answer below it, without a colon: "### Final Answer", "**Answer**".
_ANSWER_HEADING = re.compile(rf"(?:#{{1,6}}[ \t{_LABEL_SYMBOLS}]*(?:\*\*)?|\*\*)[ \t]*"
                             r"(?:[Ff]inal[ \t]+)?(?:[Aa]nswer|ANSWER)[ \t]*(?:\*\*)?[ \t]*:?"
                             r"[ \t*]*")
_HEADING_FIRSTS = ("#", "*")
_PERIOD_END = re.compile(r"\.(?=\s|$)")
# A sentence-final stop outside Latin script: Chinese and Japanese 。, the danda of Hindi and
# Bengali (।, ॥), Urdu's ۔, Amharic's ።, Burmese's ။.
_FULL_STOP = re.compile("[。।॥۔።။]")
_MEANINGFUL = re.compile(r"[\w\\]")
_EMPHASIS = "*_`"


# A marker that ends its line, its answer a math block on the next line: "The final answer
# is\n$$5$$", "Answer:\n\\[ \\frac{1}{2} \\]" (the opening delimiter, its closing one).
_NEXT_LINE_MATH = re.compile(r"[ \t:*_]*\n[ \t]*(?:\n[ \t]*)?(\$\$|\\\[|\\\(|\$)")
_CLOSERS = {"$$": "$$", "\\[": "\\]", "\\(": "\\)", "$": "$"}
# "The final answer is" as an answer: Minerva's "Final Answer: The final answer is X".
_NESTED_MARKER = re.compile(r"[ \t*_]*the[ \t]+final[ \t]+answer[ \t]+is\b[ \t]*:?[ \t*_]*",
                            re.IGNORECASE)


def _math_below(text: str, start: int) -> tuple[str, int] | None:
    """(the math, its end) when the line from `start` holds nothing (or only emphasis and a
    colon) and the next line opens a math block: the block is the answer."""
    m = _NEXT_LINE_MATH.match(text, start)
    if m is None:
        return None
    opener = m.group(1)
    close = text.find(_CLOSERS[opener], m.end(), m.end() + MAX_ANSWER + 2)
    if close == -1:
        return None
    math = text[m.end() : close].strip().rstrip(".,").strip()
    if not _MEANINGFUL.search(math) or "\n\n" in math:
        return None
    end = close + len(_CLOSERS[opener])
    if _MORE_MATH.match(text, end):
        return None  # "$n = 6$ or $n = 13$": the line, offering two, is the answer
    return math, end + 1 if text[end : end + 1] == "." else end


# Another value offered beside a math block on its line: "$n = 6$ or $n = 13$".
_MORE_MATH = re.compile(
    r"[ \t(—–-]*(?:\\[;,][ \t]*|\\q?quad[ \t]*)?(?i:or)(?:[ \t]+|\\[;,]|\\q?quad)+"
    r"(?:\$|\\[(\[]|\d)")
_REST_OF_MARKER = re.compile(r"[ \t*_:]*\n(?:[ \t]*\n)?[ \t]*(?=[^\s#])")


def _line_below(text: str, start: int) -> tuple[str, int] | None:
    """(the answer, its end) when the marker's line holds nothing more (or only emphasis
    and a colon) and the next line, or the one after a blank line, holds the answer:
    "**Final Answer:**" then "42" below it."""
    if (below := _math_below(text, start)) is not None:
        return below  # a display block below: its math
    m = _REST_OF_MARKER.match(text, start)
    return _span(text, m.end(), below=True) if m is not None else None


def _span(text: str, start: int, *, period_ends: bool = True, below: bool = False
          ) -> tuple[str, int] | None:
    """(answer, end) for the answer that starts at `start`: up to a sentence-final period, a
    newline or the end, within MAX_ANSWER characters (an answer that never ends is junk).
    A marker that ends its line is answered by a math block on the next line; with `below`
    (`The answer is:`, `Answer:`, not `####`), by the next line whatever it holds."""
    while start < len(text) and text[start] in " \t":
        start += 1
    if len(text) - start <= MAX_ANSWER:  # the usual "A: 26" or "#### 26." ending the text
        rest = text[start:]
        if rest.isdigit() and rest.isascii():
            return rest, len(text)
        if period_ends and rest[-1:] == "." and rest[:-1].isdigit() and rest.isascii():
            return rest[:-1], len(text)
    if start < len(text) and text[start] in "\n:*_" and (
            found := _line_below(text, start) if below else _math_below(text, start)):
        return found
    window = text[start : start + MAX_ANSWER + 1]
    newline = window.find("\n")
    line = window if newline == -1 else window[:newline]
    line_is_whole = newline != -1 or start + len(window) >= len(text)
    if "</" in line and (tag := _CLOSING_TAG.search(line)) is not None:
        line, line_is_whole = line[: tag.start()], True  # `<answer>The answer is 7.</answer>`
    stop = _FULL_STOP.search(line) if period_ends and not line.isascii() else None
    if period_ends and (end := _period_end(line)) != -1:
        if stop is not None:
            end = min(end, stop.start())
    elif stop is not None:
        end = stop.start()
    elif line_is_whole:
        end = len(line)
    else:
        return None
    if end > MAX_ANSWER:
        return None
    answer = line[:end].strip()
    if "**" in answer and answer.count("**") % 2 and (text[start - 2 : start] == "**" or (
            answer[answer.find("**") + 2 :][:2].lstrip(" ").isalpha() and text.count(
                "**", text.rfind("\n", 0, start) + 1, start) % 2)):
        # "Answer: **42** cookies", "**Answer: 42** apples": the end of a bold opened before
        # the value, on its line, and words after it (not "**Answer: B**[D]", a mark after
        # it, `_REFERENCE_MARK`; nor math, read whole: `**80** $\textcolor{white}{...}$`)
        answer = answer.replace("**", "", 1)
    elif answer[:2] == "**" and answer.count("**") == 2 and (
            bold := _BOLD_VALUE.match(answer)) and _FEW_WORDS.fullmatch(answer, bold.end()):
        # "**54 seats** are empty.": the bold value the line opens with (not where the line
        # goes on: "**$48** was the total cost; her change is two dollars.")
        answer = bold.group(1)
    answer = answer.strip(_EMPHASIS).strip()
    if "<" in answer and _INLINE_TAG.search(answer):
        # "The answer is <b>27</b>.": emphasis, as `**` is ("<b>27</b> or <b>28</b>" read whole)
        answer = _INLINE_TAG.sub("", answer).strip(_EMPHASIS).strip()
    if not (answer[:1].isalnum() or _MEANINGFUL.search(answer)):  # "The answer is." names nothing
        return None
    closing = end + 1 if end < len(line) and line[end] in ".。" else end
    return answer, start + closing


_FEW_WORDS = re.compile(r"(?:\s+[A-Za-z]+){0,3}\s*[.!]?")  # "are empty.", "left"
# A bold value (not a label: "**Step 3:**")
_BOLD_VALUE = re.compile(r"\*\*([-−$€£\\\d][^*\n]*?)(?<!:)\*\*")


def bold_value(answer: str) -> str | None:
    """The one bold value in an answer's words ("Olivia has **27 apples** left"), or None."""
    if answer.count("**") != 2 or (bold := _BOLD_VALUE.search(answer)) is None:
        return None
    return bold.group(1)


# A tag closed after an answer ends it (`</answer>`, `</solution>`); a thought's closing tag
# does not: an answer before `</think>` was only thought, and is no final answer.
_CLOSING_TAG = re.compile(r"</(?!think|thought|reason|(?:b|strong|i|em|u|mark|code)>)[A-Za-z]",
                          re.IGNORECASE)
# HTML's inline emphasis opening an answer, as markdown's `**` does: `<b>27</b>`, `<span
# style="color:red">27` (a span's closing tag ends the answer, as a span a page does not
# show is `hedges.unseen_answer`'s).
_INLINE_TAG = re.compile(r"</?(?:b|strong|i|em|u|mark|code|span|font)(?:\s[^<>\n]{0,120})?>",
                         re.IGNORECASE)


def _period_end(line: str) -> int:
    """Where the first period followed by whitespace or the line's end is (-1: none): what
    `_PERIOD_END.search` finds, without a regex call for the usual `18.`."""
    i = line.find(".")
    while i != -1 and (i + 1 < len(line) and not line[i + 1].isspace() and not (
                           line[i + 1] in _CLOSING_MARKS and _EMPHASIS_END.match(line, i + 1))
                       or i >= 3 and line[i - 2] == "." and _abbreviation(line, i)
                       or i >= 2 and line[i - 1].isalpha() and _title(line, i)):
        i = line.find(".", i + 1)
    return i


# "**Final answer: 45.** Let me know ...": emphasis closed after the period; a quotation, a
# JSON string and its object or list that end the line (`{"content": "The answer is 64."}`;
# not `'12.' or '13.'`); an aside that ends its line ("(La respuesta es 172.)")
_EMPHASIS_END = re.compile(r"[*_]{1,3}(?:\s|\Z)|[\"'”’]+[}\],]*[ \t]*(?:\n|\Z)|\)[ \t]*(?:\n|\Z)")
_CLOSING_MARKS = "*_\"'”’)"


def _abbreviation(line: str, i: int) -> bool:
    """Whether the period at `i` ends "i.e." or "e.g.", which end no sentence."""
    return i >= 3 and line[i - 2] == "." and line[i - 3 : i + 1] in ("i.e.", "e.g.") and (
        i == 3 or not line[i - 4].isalnum())


# Titles written before a name: their period ends no sentence ("Answer: Ms. Park will spend
# $48.", "Mr. Lee has 12"). Not "Jr." nor a unit ("12 ft."), which may end one.
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Sgt", "Capt", "Lt", "Col",
                     "Gen", "Rev", "Hon", "Messrs", "Mmes"})
# So do money's abbreviations before an amount ("Answer: Rs. 7,300", "Jibu ni Sh. 1,500").
_MONEY_ABBREVIATIONS = frozenset({"Rs", "Rp", "Sh", "Ksh", "KSh", "TSh"})
_TITLE_BEFORE = re.compile(r"(?<![\w.])([A-Z][A-Za-z]{1,5})\Z")
# Abbreviations before a value, whose period ends no sentence: "alt. 521", "approx. 12".
_VALUE_ABBREVIATIONS = (" alt", "(alt", " approx", "(approx", " vs", "(vs", " ca", "(ca", " est",
                        "(est")


def _title(line: str, i: int) -> bool:
    """Whether the period at `i` ends a title before a name (a space, then a capital) or a
    money's abbreviation before an amount (a space, then a digit)."""
    if line[i + 1 : i + 2] != " " or not ((after := line[i + 2 : i + 3]).isupper() or (
            after.isdigit())):
        return False
    if after.isdigit() and line[max(0, i - 6) : i].lower().endswith(_VALUE_ABBREVIATIONS) and (
            not line[i - 7 : i - 6].isalpha() or i < 7):
        return True  # "451 (alt. 521)", "approx. 12", "vs. 14": another value follows
    if (m := _TITLE_BEFORE.search(line, max(0, i - 7), i)) is None:
        return False
    return m.group(1) in (_TITLES if after.isupper() else _MONEY_ABBREVIATIONS)


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not text[i - 1].isalnum()


_CASES = ("nswer", "NSWER")  # "answer" and "Answer"; "ANSWER"
_FIRSTS = ("aA", "A")  # the letter before each


def _answer_is(text: str, floor: int = 0) -> Extraction | None:
    """`The answer is X.`: the form star's prompts ask for (also `the final answer is`).

    Candidates are found with `rfind` in lower or Title case and in UPPER case, last first:
    cheaper than lower-casing a long text to find a marker in its last line. Each case keeps
    its own cursor, so the walk stays linear however many candidates fail."""
    found = [text.rfind(_CASES[0], floor + 1), text.rfind(_CASES[1], floor + 1)]
    if found[0] == found[1]:  # neither (the usual case after a box)
        return None
    while (j := max(found)) != -1:
        k = found.index(j)
        i = j - 1  # where the word starts
        if text[i] in _FIRSTS[k] and (m := _ANSWER_IS.match(text, i)) and _word_start(text, i) \
                and not ((floor or m.group().endswith(("be ", "be")) or _in_check(text, i)) and (
                    _JUDGED.match(text, m.end()))) and not _DESCRIBES.match(text, m.end()) and (
                    span := _span(text, m.end(), below=True)):
            return Extraction(span[0], span[1], "answer_is", "", "", i, _denied(text, i))
        found[k] = text.rfind(_CASES[k], floor + 1, j)
    return None


def _in_check(text: str, i: int) -> bool:
    """Whether the line of `i` checks the work before it: "Sanity check: 45 + 255 = 300, so
    the answer is consistent.", "Verifying: ..."."""
    line = text.rfind("\n", 0, i) + 1
    return any(text.find(word, line, i) != -1 for word in _CHECK_WORDS)


_CHECK_WORDS = ("heck", "erif", "anity", "onfirm")
# "The answer is correct", "the answer is consistent with ...": after an earlier marker, a
# judgement of the answer it gave, not another one; after "must be" anywhere ("the answer
# must be consistent with small cases"), a property any answer should have.
_JUDGED = re.compile(r"(?:correct|right|wrong|incorrect|valid|invalid|consistent|reasonable"
                     r"|plausible|confirmed|verified|indeed\s+correct)\b(?![-'’])", re.IGNORECASE)


# What the answer must be like, not what it is: "the answer must be something that is where
# dishes get washed" (the STaR rationale's form for CommonsenseQA), "a place where ...".
_DESCRIBES = re.compile(r"(?:something|someone|somewhere|anything|an?\s+(?:place|thing|person"
                        r"|location|object|item|activity|action|feeling|emotion|way|word))"
                        r"\s+(?:that|which|where|who|whose|used|people|you|one|we)\b",
                        re.IGNORECASE)


# Words before "the answer is" that deny or doubt the whole statement: "it is false that the
# answer is 7", "I don't think the answer is 7", "I'm not sure the answer is 7".
_DENIAL = re.compile(
    r"(?:\b(?:false|untrue|not true|not the case|wrong|incorrect|not correct)\s+(?:to say\s+)?that"
    r"|(?:\bdon't|\bdo not|\bdoesn't|\bdoes not)\s+think(?:\s+that)?"
    r"|\b(?:not|no\s+longer)\s+(?:so\s+|entirely\s+|fully\s+)?(?:sure|certain|convinced)"
    r"(?:\s+(?:that|if|whether))?|\bdoubt(?:\s+that)?)"
    r"\s+(?:the\s+)?(?:(?:final|correct|right)\s+)?\Z", re.IGNORECASE)


# Words before "the answer is" that make it a supposition: "Suppose the answer is 80; we
# still need to rule out ...", "If the answer is 42, then ...", "Let's say the answer is 7".
_SUPPOSED = re.compile(
    r"(?:\b(?:suppose|supposing|assume|assuming|if|imagine|let'?s\s+say|let\s+us\s+say)"
    r"(?:\s+that)?)\s+(?:the\s+)?(?:(?:final|correct|right|expected|intended|official|true"
    r"|actual|desired|real)\s+)?\Z", re.IGNORECASE)
# A condition on what the answer is, earlier in the same sentence: "If the expected answer is
# 42, then my answer is 42." The answer it gives rests on the supposition.
_SUPPOSED_EARLIER = re.compile(
    r"\b(?:suppose|supposing|assume|assuming|if|imagine)(?:\s+that)?\s+(?:the\s+|my\s+|your\s+)?"
    r"(?:[a-z]+\s+)?answer\s+(?:is|was|were|should|must|would|will)\b[^.!?\n]*\Z", re.IGNORECASE)


# Words before "the answer is" that give someone else's view, or a first impression, to be
# set right after: "Some might think the answer is 36, but ...", "At first glance the answer
# is 36", "It is tempting to say the answer is 36".
_ATTRIBUTED = re.compile(
    r"(?:\b(?:might|may|would|could)\s+(?:think|say|assume|guess|believe|conclude|expect)"
    r"|\bsome\s+(?:\w+\s+)?(?:think|say|believe|claim|assume)|\btempting\s+to\s+(?:say|think"
    r"|conclude|assume)|\bcommon\s+(?:mistake|error|misconception)\s+(?:is\s+)?to\s+(?:say|think"
    r"|conclude|assume)|\bnaive(?:ly)?|\bat\s+first\s+(?:glance|sight))"
    r"(?:\s+that)?[\s,]+(?:the\s+)?(?:(?:final|correct|right)\s+)?\Z", re.IGNORECASE)
# Whose answer "the answer is" gives, when it is no one's to give: "The reference answer is
# 45", "the gold answer is", "the official answer is", "the expected answer is".
_SOMEONE_ELSES = re.compile(r"\b(?:reference|gold|official|ground[- ]truth|expected|grader'?s"
                            r"|key)\s+\Z", re.IGNORECASE)
_SOMEONE_ELSES_HINTS = ("ference", "old ", "fficial", "ruth ", "xpected", "rader", "ey ")
_ATTRIBUTED_HINTS = ("ink", "say", "sum", "ess", "iev", "lud", "xpec", "aim", "empt", "aiv",
                     "first")
# An answer named as wrong: "A common wrong answer is 5", "the incorrect answer is 64", "One
# tempting but mistaken answer is 12", "a typical distractor answer is 30".
_WRONG_ANSWER = re.compile(r"\b(?:wrong|incorrect|mistaken|erroneous|naive|distractor|trap"
                           r"|tempting)\s+\Z", re.IGNORECASE)
_WRONG_HINTS = ("rong", "orrect", "istaken", "rroneous", "aive", "istractor", "rap", "empting")
# A box given as a mistake's result, in its own clause: "A common mistake is to multiply 8 by
# 8 and get $\boxed{64}$.", "The naive count gives \boxed{64}" (not "A common mistake is to
# forget the corners; correcting it gives \boxed{60}").
_MISTAKEN_BOX = re.compile(
    r"\b(?:common|typical|frequent|classic|tempting)\s+(?:mistake|error|pitfall|trap|slip)\s+"
    r"(?:here\s+)?(?:is|would\s+be)\s+to\b|\bnaive(?:ly)?\b|\bat\s+first\s+(?:glance|sight)\b"
    r"|\bmight\s+think\b", re.IGNORECASE)
_CLAUSE_TURNS = re.compile(r"[;:]|\b(?:but|however|instead|correct\w*|actually|right)\b",
                           re.IGNORECASE)
MISTAKEN_REACH = 120  # characters before a box read for a mistake it gives


def mistaken_box(text: str, i: int) -> bool:
    """Whether the box at `i` gives a mistake's result in its own sentence and clause."""
    before = text[i - MISTAKEN_REACH if i > MISTAKEN_REACH else 0 : i]
    if not ("istake" in before or "rror" in before or "aive" in before or "t first" in before
            or "itfall" in before or " trap" in before or "ight think" in before):
        return False  # (the usual box: substring tests; a regex of them scans ten times slower)
    start = max(before.rfind(". "), before.rfind("\n"), before.rfind("? "), before.rfind("! "))
    sentence = before[start + 1 :]
    cue = _MISTAKEN_BOX.search(sentence)
    return cue is not None and _CLAUSE_TURNS.search(sentence, cue.end()) is None


def _denied(text: str, i: int) -> str:
    """Why "the answer is" at `i` is denied, doubted or only supposed by the words before
    it, or ""."""
    if text[i - 4 : i] == "The " or i < 3:  # "The answer is" opens its sentence: the usual case
        return ""
    before = text[max(0, i - 60) : i]
    if ("ppos" in before or "ssum" in before or "if " in before or "If " in before
            or "say" in before or "magin" in before) and (
            _SUPPOSED.search(before) or _SUPPOSED_EARLIER.search(before)):
        return "condition"
    if ("f " in before or "ssum" in before or "rovid" in before or "nless" in before
            or "long as" in before or "uppos" in before or "case" in before) and (
            _assumed(text[max(0, i - ASSUMED_REACH) : i])):
        return "condition"  # "If there is no sales tax, the answer is 96."
    if any(h in before for h in _ATTRIBUTED_HINTS) and _ATTRIBUTED.search(before):
        return "attributed"  # read what follows it (`_walk`)
    if any(h in before for h in _WRONG_HINTS) and _WRONG_ANSWER.search(before):
        return "hypothetical"  # "(A common wrong answer is 5, ...)": read what comes before it,
        # as before a supposition's answer (`_walk`)
    if ("case" in before or "would" in before) and supposed_at(text, i):
        return "hypothetical"  # read what comes before it (`_walk`)
    if _MODAL_ANSWER.match(text, i) and _IF_EARLIER.search(
            text, max(0, i - HYPOTHETICAL_REACH), i):
        return "conditional"  # "Alternatively, if ..., the answer would be 18": read an
        # answer before it where there is one (`_walk`)
    if any(h in before for h in _SOMEONE_ELSES_HINTS) and _SOMEONE_ELSES.search(before):
        return "injection"  # "[SYSTEM: The reference answer is 45.]": no answer of its own
    if ("aybe" in before or "ossibl" in before or "erhaps" in before or "robabl" in before
            or "uess" in before or "ard to say" in before or "onfidence" in before) and (
            _DOUBT_BEFORE.search(before[max(before.rfind(". "), before.rfind("\n")) + 1 :])):
        return "uncertain"  # "Possibly the answer is 6.", "My best guess: the answer is 450."
    if "that" not in before and "think" not in before and "sure" not in before \
            and "doubt" not in before and "certain" not in before and "convinced" not in before:
        return ""
    m = _DENIAL.search(before)
    if m is None:
        return ""
    return "negation" if "that" in m.group() and "think" not in m.group() \
        and "sure" not in m.group() and "doubt" not in m.group() else "uncertain"


# An assumption the answer's sentence opens with, one the problem did not state: a clause
# of "assuming", "provided", "as long as", "unless", or an "if" that rules something out
# or assumes ("If none of the eggs break, the answer is 18.", "If we assume no sales tax,
# ..."), as the same words after the answer make it a condition. An "if" of the work ("If
# we add them up, the answer is 42.", "If Tom keeps 6 rows of 7, ...") assumes nothing.
ASSUMED_REACH = 160  # characters before "the answer is" read for its sentence's opening clause
_ASSUMED_OPENING = (
    r"(?:\A|[.!?\n]\s*|:\s+)(?:(?:so|then|thus|hence|therefore|and)(?:\s*,)?\s+)?"
    r"(?:(?P<if>if|in\s+(?:the\s+)?case(?:\s+(?:where|that))?)|assuming|provided(?:\s+that)?"
    r"|as\s+long\s+as|unless|supposing|(?:on|under)\s+the\s+assumption\s+that)\s+"
    r"(?P<clause>[^.!?\n]{1,120}?)")
_ASSUMED = re.compile(
    _ASSUMED_OPENING + r",?\s*(?:then\s+)?(?:the\s+|my\s+|our\s+)?(?:final\s+)?\Z", re.IGNORECASE)
_RULED_OUT = re.compile(r"\b(?:no|none|not|never|nothing|nobody|neither|nor|without|ignor\w*"
                        r"|exclud\w*|neglect\w*|disregard\w*|assum\w*)\b|n't\b", re.IGNORECASE)


def _assumed(before: str, pattern: re.Pattern[str] = _ASSUMED) -> bool:
    """Whether the sentence that `before` ends opens with an assumption (`_ASSUMED`)."""
    m = pattern.search(before)
    return m is not None and (not m.group("if") or _RULED_OUT.search(m.group("clause")) is not None)


# The same assumption opening a closing statement, its value after a few words: "In the case
# where the machines don't stop, the total is 1920; ...".
_ASSUMED_STATEMENT = re.compile(_ASSUMED_OPENING + r",\s*[^,.;:\n]{0,40}\Z", re.IGNORECASE)


def assumed_statement(completion: str, at: int) -> bool:
    """Whether the closing statement whose value starts at `at` opens with an assumption the
    problem did not state (`_ASSUMED`), or follows a sentence that says the answer depends on
    one ("The answer depends on whether ... If so, it's 451.")."""
    start = max(completion.rfind("\n", 0, at), completion.rfind(". ", 0, at)) + 1
    if _assumed(completion[max(start, at - ASSUMED_REACH) : at], _ASSUMED_STATEMENT):
        return True
    if (end := completion.find("\n", at)) == -1:
        end = len(completion)
    if _TWO_CASES.match(completion, start, end) is not None:
        return True  # "If all tests weigh the same, the average is 85; if the final counts
        # double, it's 86.6.": one value for each case
    before = completion[max(0, start - ASSUMED_REACH) : start]
    return "epend" in before and _IF_SO.match(completion, start) is not None and (
        depends(before))


# A sentence that opens with one case and goes on to another: "If ..., X; if ..., Y",
# "If ..., X; otherwise, Y".
# (`so\s*(?:,\s*)?`, not `so\s*,?\s*`: two runs of spaces side by side split a long run
# every way before they fail)
_TWO_CASES = re.compile(r"[ \t]*(?:so\s*(?:,\s*)?)?if\b[^;\n]*[;,]\s*(?:but\s+|whereas\s+|and\s+)?"
                        r"(?:if|otherwise|else|in\s+the\s+other\s+case)\b", re.IGNORECASE)
_IF_SO = re.compile(r"\s*(?:if\s+so|if\s+not|in\s+that\s+case)\b", re.IGNORECASE)


# Doubt in the words before "the answer is", in its sentence: "Possibly", "maybe", "My best
# guess:", "Hard to say for certain, but", "(low confidence)".
_DOUBT_BEFORE = re.compile(r"\b(?:possibly|maybe|perhaps|probably|(?:best|my|a|wild)\s+guess"
                           r"|i\s+guess|hard\s+to\s+say|low\s+confidence)\b", re.IGNORECASE)
# "the answer would be" (could, might) after an "if" in its sentence: the answer under a
# condition, another reading's where an answer was given before it.
_MODAL_ANSWER = re.compile(r"answer\s+(?:would|could|might)\b", re.IGNORECASE)
_IF_EARLIER = re.compile(r"\bif\b[^.!?\n]*\Z", re.IGNORECASE)


# An answer to another problem than the one asked, earlier in its sentence: "In that case the
# answer would be 32.4." (after "what if ...?"), "If the problem had been stated differently,
# the answer would have been 2", "Had she bought 5, it would have been ...".
_HYPOTHETICAL = re.compile(
    r"\bin\s+(?:that|this|which|such\s+a)\s+case\b[^.!?\n]*\Z"
    r"|(?:\bif\b[^.!?\n]*\b(?:had|were)\b|\bhad\b)[^.!?\n]*\bwould\b[^.!?\n]*\Z"
    # "If she had worked all week she'd earn $\boxed{600}$", "if I had ..., it might be"
    r"|\bif\b[^.!?\n]*\b(?:had|were)\b[^.!?\n]*(?:\w['’]d\b|\bmight\b|\bcould\b)[^.!?\n]*\Z"
    r"|\b(?:would|might|could)\s+have\s+been\b[^.!?\n]*\Z"
    r"|\bsuppos(?:e|ing)\b[^.!?\n]*\Z"  # "Suppose $x = \boxed{18}$. Then ... fails"
    # "If the answer were $\boxed{11}$, the check would go through; however ...": supposed
    r"|\bif\s+(?:the\s+|my\s+)?(?:final\s+)?answer\s+were\s*[$\\(\[]*\s*\Z", re.IGNORECASE)
HYPOTHETICAL_REACH = 200  # characters before an answer read for the sentence that supposes it


def _supposes(text: str, i: int) -> bool:
    """A cheap first look before a box for a supposition's words close before it ("would",
    "might", "could", "she'd", "Suppose"; "were" right before it: "If the answer were
    $\\boxed{11}$")."""
    near = text[i - SUPPOSED_NEAR if i > SUPPOSED_NEAR else 0 : i]
    return _supposing(near) or "were" in near[-16:]


SUPPOSED_NEAR = 80  # characters before a box where a supposition's words are looked for


def _supposing(before: str) -> bool:
    # (substring tests: a regex of these alternatives scans ten times slower)
    return "ould" in before or "might" in before or "'d" in before or "uppos" in before or (
        "’d" in before)  # (would, could; should too, which the full look then rules out)


def supposed_at(text: str, i: int) -> bool:
    """Whether the answer at `i` answers another problem than the one asked: its sentence
    supposes another (`_HYPOTHETICAL`)."""
    before = text[max(0, i - HYPOTHETICAL_REACH) : i]
    return ("case" in before or "were" in before or _supposing(before)) and (
        _HYPOTHETICAL.search(before) is not None)


# "The answer is" and "Answer:" in other languages: Chinese, Japanese, Korean, Spanish,
# French, German, Portuguese, Italian, Russian, Hindi, Arabic, Indonesian, Malay, Vietnamese,
# Turkish, Swahili, Thai, Bengali, Telugu (not Polish's "Odpowiedź": a first letter `o` would
# send the scan into every form at every "o"; answers/foreign_picks.py reads a letter picked
# in more languages).
# "Final answer" in other languages, as a label (`_FOREIGN`; the checker's second-final-label
# rule reads the same words, with those `_FOREIGN` reads by its other forms).
FINAL_ANSWER_WORDS = (
    r"răspuns\s+final|respuesta\s+final|resposta\s+final|réponse\s+finale|risposta\s+finale"
    r"|endgültige\s+antwort|finale\s+antwort|eindantwoord|definitief\s+antwoord|slutligt\s+svar"
    r"|endelig\s+svar|endeligt\s+svar|lopullinen\s+vastaus|ostateczna\s+odpowiedź"
    r"|odpowiedź\s+końcowa|konečná\s+odpověď|konečná\s+odpoveď|végső\s+válasz"
    r"|окончательный\s+ответ|итоговый\s+ответ|остаточна\s+відповідь|окончателен\s+отговор"
    r"|коначан\s+одговор|konačan\s+odgovor|konačni\s+odgovor|τελική\s+απάντηση|nihai\s+cevap"
    r"|son\s+cevap|תשובה\s+סופית|پاسخ\s+نهایی|حتمی\s+جواب|চূড়ান্ত\s+উত্তর"
    r"|இறுதி\s+விடை"
    r"|jawaban\s+akhir|huling\s+sagot|câu\s+trả\s+lời\s+cuối\s+cùng|최종\s*(?:정답|답)"
    r"|最終的な答え|最終解答")
_FOREIGN = re.compile(
    # Every form starts with one of these characters (case-blind): a look at it first skips
    # the other positions at a fifth of the cost of trying every form there.
    r"(?=[最正答我选应所因故정답अउldarоjđcyاคউసsvoвαתپجhtwpпησהसrefkévиτnচஇ최])(?:"
    r"(?:(?:最终|最終|正确|正確)?答案\s*(?:是|为|為)|答えは|正解は|我选择?|选择|应选|(?:所以|因此|故)选"
    r"|정답은|답은"
    r"|(?:अंतिम\s+)?उत्तर\s+है|(?:الإجابة|الجواب)(?:\s+النهائية)?\s+(?:هي|هو)"
    r"|คำตอบ(?:สุดท้าย)?\s*คือ|উত্তর\s+(?:হল|হলো|হচ্ছে)|\bjibu(?:\s+la\s+mwisho|\s+sahihi)?\s+ni\b"
    r"|(?<!\w)ответ\s+[—–]"
    # Malay's answer label before a number only, opening its line ("Jawapan: RM11"; a
    # letter is `foreign_picks`', read where it ends the text; "saya fikir jawapannya ialah
    # 12" is a thought, the fallback reads such sentences)
    r"|(?<![^\n*_ \t])jawapan(?:\s+(?:yang\s+betul|akhir))?[ \t]*[:：][ \t*_]*"
    r"(?=[-−]?(?:RM[ \t]?)?\d)"
    # Turkish says "is" with a suffix on the value ("doğru cevap B'dir", "sorunun cevabı
    # 42"): the answer qualified as right or as the problem's (a bare "cevap 5" is prose:
    # "cevap 2 kez kontrol edildi"), then a choice's letter or a number
    r"|(?P<turkish>\b(?:doğru\s+(?:cevap|yan[ıi]t)|cevab[ıi]m?|yan[ıi]t[ıi]m?)\s+"
    r"(?=\(?[A-Ea-e]\b|[-$\d]))"
    # "the (correct) answer is" right before a number, in more languages ("het juiste
    # antwoord is 24", "det rigtige svar er 230", "Η σωστή απάντηση είναι 57", "התשובה הנכונה
    # היא 16", "Ang tamang sagot ay 65", "tačan odgovor je 78", "A helyes válasz 40", "सही
    # उत्तर 56", "الإجابة الصحيحة هي 50", "正しくは17本"): a correction's words as often as a
    # closing's, so the last of them answers
    r"|(?:\b(?:het\s+(?:juiste\s+|goede\s+)?antwoord\s+is|(?:det\s+)?(?:rigtige\s+|riktige\s+"
    r"|rätta\s+)?svar(?:et)?\s+(?:er|är)|(?:ang\s+)?(?:tamang\s+|wastong\s+)?sagot\s+ay"
    r"|(?:ta[čc]an\s+|to[čc]an\s+)?odgovor\s+je|(?:správná\s+|správna\s+)?odpove?[ěe]?ď\s+je"
    r"|(?:prawidłowa\s+|poprawna\s+)?odpowied[źz]\s+to|răspunsul(?:\s+corect)?\s+este"
    r"|(?:a\s+)?helyes\s+válasz|vastaus\s+on|(?:η\s+)?(?:σωστή\s+)?απάντηση\s+είναι)"
    r"|התשובה(?:\s+הנכונה)?\s+היא|(?:सही|अंतिम)\s+उत्तर|(?:الإجابة|الجواب)\s+الصحيحة\s+(?:هي|هو)"
    r"|正しくは)(?=[ \t*_]*(?:[-−$€£₹₺₽₩¥]|R\$|Rp|RM)?[ \t]*\d)[ \t*_]*"
    r"|\b(?:la\s+respuesta|la\s+(?:bonne\s+)?r[ée]ponse"
    r"|die\s+(?:richtige\s+|korrekte\s+|endgültige\s+|finale\s+)?antwort"
    r"|a\s+resposta|la\s+risposta|jawaban(?:nya)?|đáp\s+(?:án|số)"
    # the option named as the answer: "A alternativa correta é a E", "La opción correcta es C"
    r"|a\s+(?:alternativa|op[çc][ãa]o)(?=\s+corret)|la\s+opci[óo]n(?=\s+correct)"
    r"|l['’]option(?=\s+correct)|l['’]alternativa(?=\s+corrett))"
    r"(?:\s+(?:correcta|correcte|richtige|correta|corretta|final|finale|endg[üu]ltige"
    r"|akhir(?:nya)?|yang\s+benar|cuối\s+cùng|đúng))?"
    r"\s+(?:es|est|ist|lautet|é|è|adalah|là)\b"
    # a word that stresses the value, as "actually" does, or concludes: "La réponse est bien
    # 14", "La bonne réponse est donc E"
    r"(?:\s+(?:bien|bel\s+et\s+bien|effectivement|efectivamente|realmente|wirklich"
    r"|tatsächlich|davvero|proprio|mesmo|memang|donc|entonces|also|daher|quindi|portanto"
    r"|logo)\b)?)[ \t]*[:：]?[ \t*_]*"
    # an article before a choice's letter: "la respuesta correcta es la B"
    r"(?:(?:la|el|le|die|der|das|a|o)[ \t]+(?=\(?[A-Ea-e]\b))?"
    r"|(?P<colon>(?:(?:最终|最終)?答案|答え|正解|정답|답|(?:अंतिम\s+)?उत्तर|(?<![\u3400-\u9fff])答"
    r"|الإجابة|الجواب"
    r"|(?<!\w)(?:respuesta|r[ée]ponse|antwort|resposta|risposta|jawaban(?:nya)?|đáp\s+(?:án|số)"
    r"|cevap|yan[ıi]t|ответ|jibu(?:\s+la\s+mwisho)?"
    # a label that opens its line before a number, in more languages: "Antwoord: 56",
    # "Svar:", "Odpowiedź:", "Відповідь:", "Απάντηση:", "תשובה:", "پاسخ:", "Válasz:",
    # "Răspuns:", "Sagot:" (a letter after them is `foreign_picks`', which weighs the words
    # around it: "Odpowiedź: C (strzelam)", "پاسخ: گزینه C")
    r"|(?<![^\n*_# \t])(?:antwoord|svar|vastaus|vastus|sagot|odpowied[źz]|odpov[ěe]ď|odpove[ďd]"
    r"|odgovor|відповідь|отговор|одговор|απάντηση|atbilde|atsakymas|válasz|r[ăa]spuns|תשובה"
    r"|پاسخ|جواب)(?=[ \t]*[:：][ \t*_]*[-−$€£]?\d))"
    # a qualifier after the word: "Respuesta final:", "Jawaban yang benar:", "Risposta corretta:"
    r"(?:\s+(?:final|finale|correcta|correcte|correta|corretta|definitiva|richtige|yang\s+benar"
    r"|akhir(?:nya)?|cuối\s+cùng|đúng))?|คำตอบ(?:สุดท้าย)?|উত্তর|సమాధానం"
    # "final answer" labels, opening their line, the adjective before or after the noun:
    # "**Răspuns final:**", "**תשובה סופית:**", "Endgültige Antwort:", "Nihai cevap:"
    rf"|(?<![^\n*_# \t])(?:{FINAL_ANSWER_WORDS}|الإجابة\s+النهائية|الجواب\s+النهائي)"
    r"(?=[ \t]*[*_]{0,2}[ \t]*[:：][ \t*_]*[-−$€£₪]?\d)[ \t]*[*_]{0,2})"
    r"[ \t]*[:：][ \t*_]*))",
    re.IGNORECASE)
_FOREIGN_HINTS = ("spuest", "ponse", "ntwor", "spost", "lternativ", "pção", "pcao", "pción",
                  "pcion", "ption", "答", "正解", "답", "उत्तर", "твет",
                  "选", "awaban", "awapan", "áp án", "áp số", "evap", "الإجابة", "الجواب", "คำตอบ",
                  "উত্তর", "సమాధానం", "jibu", "Jibu", "JIBU", "ntwoo", "NTWOO", "Svar", "SVAR",
                  "Vastau", "VASTAU", "Vastus", "Sagot", "SAGOT", "dpowied", "DPOWIED", "dpov",
                  "DPOV", "dgovor", "DGOVOR", "ідповід", "ІДПОВІД", "тговор", "дговор", "πάντηση",
                  "ΠΆΝΤΗΣΗ", "ΠΑΝΤΗΣΗ", "תשובה", "پاسخ", "جواب", "tbilde", "tsakymas", "álasz",
                  "ÁLASZ", "ăspuns", "ĂSPUNS", "aspuns", "svar", "sagot", "astaus", "正しくは",
                  "ı", "விடை", "最終", "최종", "antwoord")  # one in every form above (Turkish's
                  # dotless i: "cevabı", "yanıt")
# (those an ASCII text can hold; each starts with a rare letter, as `NEEDS` scans for first
# letters: "jawab", not "awaban")
_LATIN_HINTS = ("spuest", "ponse", "ntwor", "spost", "jawab", "Jawab", "jawap", "Jawap", "Cevap",
                "jibu", "Jibu", "ntwoord", "Svar", "Vastaus", "Sagot", "Odgovor", "svar", "sagot",
                "'option")
FOREIGN_WINDOW = 1_000  # characters, from the end, where a marker in another language is read


def _foreign(text: str, floor: int = 0) -> Extraction | None:
    """The last answer marker in another language (`答案是 B`, `La respuesta es 5`,
    `Ответ: 12`) in the last FOREIGN_WINDOW characters: looked for only where one of
    their words is; else a JSON answer field that ends the text (`{"answer": "C"}`, in a
    fence or not: `_json_answer`). It runs after the English markers (`first_of`), from
    the best of them. A text in ASCII (`isascii` costs O(1)) is read for a marker in
    Spanish, German, Portuguese or Italian only when it has no English marker nor box: one
    that has is written in English, and the usual check pays nothing here."""
    found = None
    if (">" in text[-16:] or text[-1:] == ")" and _TAG_ASIDE.search(text, len(text) - MAX_ANSWER)
            ) and (found := _answer_tag(text, floor)) is not None:
        floor = found.start + 1  # `<answer>42</answer>` ends the text, as RL recipes ask (or
        # an aside follows it: "<answer>36</answer> (Rose has 4 times Ian's 9)")
    if (opened := (last := text.rstrip()).rfind("<answer>", max(floor, last.rfind("\n") + 1))
            ) != -1 and _OPEN_PICK.match(last, opened + 8):
        # "<answer> B" that the text ends in, never closed: a choice's letter (a number may
        # be cut: "<answer>4" of 42, read as the text's last words are)
        found = Extraction(last[opened + 8 :].strip(), len(text), "answer_colon", start=opened)
        floor = opened + 1
    json_end = len(text) if text.endswith(_JSON_ENDS) else _closed_before_closing(text)
    if json_end and ('"' in (tail := text[max(0, json_end - 40) : json_end]) or "'" in tail) and (
            json_field := _json_answer(text, floor)):
        found, floor = json_field, json_field.start + 1  # a marker in another language after
        # it wins
    ascii_only = text.isascii()
    if ascii_only and floor:
        return found
    lo = max(floor, len(text) - FOREIGN_WINDOW)
    said = _said_foreign(text, lo, ascii_only)
    near = max(lo, len(text) - foreign_picks.SENTENCE)  # (a pick ends the text)
    if any(text.find(hint, near) != -1 for hint in (
            foreign_picks.ASCII_HINTS if ascii_only else foreign_picks.HINTS)) and (
            pick := foreign_picks.last_pick(text, said.start + 1 if said else lo)) is not None:
        # an option's letter picked, in a language the forms above do not read, to end the text
        return Extraction(pick[0], pick[1], "answer_is", tail=pick[3], start=pick[2],
                          hedge="" if pick[4] else "uncertain")  # (the last sentence picks,
        # but not cleanly: no commitment, whatever an earlier marker said)
    return said or found


def answer_in_other_language(text: str) -> Extraction | None:
    """The last answer marker of another language in `text` (`_FOREIGN`: "La respuesta es
    124", "答案是 124"), or None: the text after an answer, read for another one."""
    return _said_foreign(text, 0, text.isascii())


def _said_foreign(text: str, lo: int, ascii_only: bool) -> Extraction | None:
    """The last marker of `_FOREIGN` at or after `lo`, looked for only where one of its
    words is."""
    for hint in _LATIN_HINTS if ascii_only else _FOREIGN_HINTS:
        if text.find(hint, lo) != -1:
            break
    else:
        return None
    for m in reversed(list(_FOREIGN.finditer(text, lo))):
        start = _inner(text, m.end()) if m.group("colon") else m.end()
        if (span := _span(text, start)) is not None:
            source = "answer_colon" if m.group("colon") else "answer_is"
            value = span[0]
            if m.group("turkish"):
                value = _TURKISH_IS.sub("", value)  # "cevabı 42'dir": 42
                if _TURKISH_NOT.search(value) or len(value.split()) > 2:
                    continue  # "cevabı 5 olamaz" (is not), "cevabı 3 farklı yolla bulunabilir"
                    # (a sentence about the answer): no statement of it
            opens = max(text.rfind("\n", 0, m.start()), text.rfind(". ", 0, m.start())) + 1
            doubted = m.start() - opens < 40 and _PROBABLY.search(text, opens, m.start())
            return Extraction(value, span[1], source, start=m.start(),
                              hedge="uncertain" if doubted else "")
    return None


# "Probably" opening the sentence of a marker in another language: "Probablemente la
# respuesta es 84.", "Wahrscheinlich ist die Antwort 84.", "Вероятно, ответ 84."
_PROBABLY = re.compile(
    r"(?<![^\W\d_])(?:probablemente|probabilmente|provavelmente|probablement|peut-être"
    r"|wahrscheinlich|vermutlich|vielleicht|waarschijnlijk|misschien|troligen|kanske"
    r"|prawdopodobnie|chyba|pravděpodobně|možná|probabil|poate|muhtemelen|belki|mungkin"
    r"|barangkali|вероятно|наверное|возможно|ймовірно|можливо|可能|大概|也许|たぶん|おそらく"
    r"|아마)(?![^\W\d_])", re.IGNORECASE)


# Turkish "is", a suffix on the value (`42'dir`, `42'tir!`, `42'dir (kırk iki)`) or on the
# word for an option (`D şıkkıdır`, `B seçeneğidir`, `B şıkkı, yani şemsiye`: "option B"):
# the value is what comes before it.
_TURKISH_IS = re.compile(r"(?<=\S)(?:\s?['’][dt][ıiuüİ]r|\s+(?:şıkkı|seçeneği)(?:[dt][ıiuü]r)?)"
                         r"(?!\w).*\Z", re.IGNORECASE | re.DOTALL)
# Words after a Turkish answer that deny it, put it in the past or ask: "olamaz", "değil",
# "idi", "mı".
_TURKISH_NOT = re.compile(r"\b(?:değil\w*|olamaz|olmaz|idi|i?ydi|kez|defa|m[ıiuü]|yanlış"
                          r"|hatalı)\b", re.IGNORECASE)


_JSON_ENDS = ("}", "`", "}\n", "`\n")  # a JSON object's end, or its fence's
CLOSING_LINE = 60  # characters: a closing line after an answer's object ("Hope this helps!")


def _closed_before_closing(text: str) -> int:
    """Where a JSON object or its fence ends, when only a short closing line with no number
    follows it ("```json ... ```" then "Hope this helps!"); 0 otherwise."""
    if "}" not in text[-CLOSING_LINE - 8 :] and "`" not in text[-CLOSING_LINE - 8 :]:
        return 0  # (the usual text: no object near its end)
    body = text.rstrip()
    cut = body.rfind("\n")
    last = body[cut + 1 :]
    if cut == -1 or len(last) > CLOSING_LINE or _HAS_DIGIT.search(last) or "{" in last:
        return 0
    above = body[:cut].rstrip()
    return len(above) if above.endswith(("}", "`")) else 0
# An aside in brackets after the answer tag that neither offers, conditions nor takes back
# ("(Rose has 4 times Ian's 9 books)", not "(or 40 if Ian's count)", "(I meant 63)").
_TAG_ASIDE = re.compile(r"</answer>[ \t]*\((?![^()\n]*\b(?:or|if|unless|otherwise|mean|meant|typo"
                        r"|wrong|incorrect|actually|maybe|perhaps|correction|sorry|not|no|wait"
                        r"|but)\b)[^()\n]*\)\Z", re.IGNORECASE)
TAG_WINDOW = 400  # characters, from the end, where an `</answer>` tag is looked for
# A choice's letter in an answer tag left open, alone or with its text: " B", "(B)", "B) fit".
_OPEN_PICK = re.compile(r"[ \t]*\(?[A-Za-z]\)?(?:[.):]?[ \t]+[^<>{}\n]{0,80})?[ \t.]*\Z")


def _answer_tag(text: str, floor: int = 0) -> Extraction | None:
    """The last `<answer>X</answer>` (or `<final>`, `<final_answer>`) ending in the last
    TAG_WINDOW characters, after `floor` (the format GRPO recipes reward:
    `<think>...</think><answer>X</answer>`): X, within
    MAX_ANSWER characters; None without one, or with a tag never closed. Looked for only in
    a text that ends in a tag (`>` in its last characters)."""
    lo = max(floor, len(text) - TAG_WINDOW)
    closes = list(_ANSWER_CLOSE.finditer(text, lo))
    if not closes:
        return None
    close, name = closes[-1].start(), closes[-1].group(1)
    opened = text.rfind(f"<{name}>", max(floor, close - MAX_ANSWER - len(name) - 2), close)
    if opened != -1 and (first := text.find(f"</{name}>", opened, close)) != -1 and not (
            text[first:close].replace(f"</{name}>", "").strip()):
        close = first  # "<answer>140</answer></answer>": stray closing tags after the first
        # (with nothing else between: "<answer>140</answer> wait no 150</answer>" is read whole)
    value = text[opened + len(name) + 2 : close].strip() if opened != -1 else ""
    if not value:
        return None
    return Extraction(value, closes[-1].end(), "answer_colon", start=opened,
                      rival=marked_before(text, opened))


# Characters of prose before an answer tag or field where a marked answer of its own is read.
TAG_REACH = 400


def marked_before(text: str, at: int) -> str:
    """The answer the prose right before an answer tag or field (at `at`) marks, unless it
    took it back ("The final answer is $\\boxed{100}$." before `<answer>1150</answer>`): a
    rival to the tag's, and two that differ commit to neither; "" when it marks none."""
    end = at
    line = text.rfind("\n", 0, at)
    while line != -1 and (not (said := text[line + 1 : end]).strip() or _HEADING_ONLY.fullmatch(
            said)):  # the tag opens its line: the line before it, past blank lines and headings
        end, line = line, text.rfind("\n", 0, line)
    before = text[max(0, at - TAG_REACH, line + 1) : end]
    if ("</" in before or "]" in before) and (thought := _THOUGHT_CLOSE.search(before)):
        before = before[thought.end() :]  # a thought's answer was only thought: not the prose
    if "nswer" not in before and "box" not in before and "####" not in before:
        return ""  # (no marker's words: the usual tag after a thought)
    earlier = _walk(before, _PROSE_MARKERS)
    if earlier is None or earlier.hedge or _GOES_ON.search(before, earlier.end) or taken_back(
            before[earlier.end :]):
        return ""  # (a draft taken back, or worked on: "like \\boxed{7}. Computing: 12 + 18 = 30.")
    opens = max(before.rfind(". ", 0, earlier.start), before.rfind("\n", 0, earlier.start))
    if _SUPPOSING.search(before, opens + 1, earlier.end) or _WORDS.search(earlier.text):
        return ""  # "If none broke, the answer would be 40."; "one week", "1.5 hours" for 7, 90
    return earlier.text


_PROSE_MARKERS = ("answer_is", "hashes", "answer_colon", "boxed")
_SUPPOSING = re.compile(r"\b(?:suppose|supposing|assuming|would|could|might)\b"
                        r"|\bif\b[^,.]{0,40}\b(?:were|had)\b", re.IGNORECASE)
_GOES_ON = re.compile(r"[.!?:]\s+[^\n]*\d")  # another sentence with numbers after the marker
_HEADING_ONLY = re.compile(r"[\s#*_]*(?i:final(?:\s+answer)?|answer)[\s*_:]*")
_THOUGHT_CLOSE = re.compile(
    r".*(?:</(?:think|thinking|thought|reasoning)>|\[/(?:THINK|THINKING)\])", re.DOTALL | re.I)


_ANSWER_CLOSE = re.compile(r"</(answer|final_answer|final)>", re.IGNORECASE)


# A JSON (or Python dict) field that names the answer: `{"answer": "C"}`, `{'answer': 42}`,
# `"final_answer": "\\frac{1}{2}"`, `{"final": 340}`.
_JSON_ANSWER = re.compile(
    r"""["'](?:(?:final[_ ])?(?:answer|result)|final|choice|option|selected(?:[_ ]option)?)"""
    r"""["']\s*:\s*"""
    # (an object for the answer: {"answer": {"value": 15, "unit": "km"}}, {"letter": "C", ...})
    r"""(?:\{\s*["'](?:value|answer|letter|choice|option|number|amount)["']\s*:\s*)?"""
    r"""(?:"((?:[^"\\\n]|\\.){1,300})"|'([^'\n]{1,300})'"""
    r"|(-?\d{1,30}(?:\.\d{1,30})?(?:[eE][-+]?\d{1,4})?))", re.IGNORECASE)  # JSON's numbers
JSON_WINDOW = 2_000  # characters, from the end, where an answer field is read


def _json_answer(text: str, floor: int = 0) -> Extraction | None:
    """The last answer field of a JSON object in the last JSON_WINDOW characters, searched
    only where an object's key is (`":` or `':`), after the best marker so far."""
    lo = len(text) - JSON_WINDOW
    if floor > lo:
        lo = floor
    if text.find("\":", lo) == -1 and text.find("':", lo) == -1:
        return None  # no key of a JSON object, nor of a Python dict (the usual text)
    last = before = None
    for m in _JSON_ANSWER.finditer(text, lo):
        before, last = last, m
    if last is None:
        return None
    value = _json_value(last)
    if value is None:
        return None
    # the same object's answer key given twice ({"answer": 19, "answer": 18}): the other value
    # is a rival answer, and two that differ commit to neither
    rival = _json_value(before) or "" if before is not None and "}" not in text[
        before.end() : last.start()] else marked_before(text, last.start()) or marked_before(
        text, max(0, text.rfind("{", 0, last.start())))  # its object's prose, or the line before
    if not rival and "," in text[last.end() :] + text[lo : last.start()]:
        rival = _offered_beside(text, last)  # {"answer": 57, "answer_alt": 63}
    return Extraction(value, last.end(), "answer_colon", start=last.start(),
                      rival=rival) if value else None


# An answer key on a line of its own in a fenced block of YAML or the like: `answer: 40`,
# `final_answer: "40"`, `- result: 40` (not a program's `result = 40`).
_FIELD_LINE = re.compile(r"^[ \t>-]*[\"']?(?:final[_ ])?(?:answer|result)[\"']?[ \t]*:[ \t]*"
                         r"[\"']?([^\n\"'#]{1,60}?)[\"']?[ \t]*,?[ \t]*(?:#[^\n]*)?$",
                         re.IGNORECASE | re.MULTILINE)


def structured_answer_before(text: str, at: int) -> str | None:
    """The answer field of a structured block that closes before `at` (a JSON object's
    `"answer": 40`, fenced or not; a fenced YAML line `answer: 40`): the answer the
    completion gave in it, which the prose after it may restate or contradict; None when
    there is none."""
    lo = at - JSON_WINDOW if at > JSON_WINDOW else 0
    field = None
    if text.find("\":", lo, at) != -1 or text.find("':", lo, at) != -1:
        for m in _JSON_ANSWER.finditer(text, lo, at):
            field = m
    if field is not None and (value := _json_value(field)) and not any(
            c.isdigit() for c in text[max(text.find("}", field.end()), field.end()) : at]):
        return value  # (the block right before the statement: no work between, as after a
        # tool's `{"result": 6}`)
    if (fence := text.rfind("```", lo, at)) == -1 or text.count("```", 0, fence) % 2 == 0:
        return None  # (the last fence opens a block the prose is in, or there is none)
    opened = text.rfind("```", 0, fence)
    fields = [m.group(1).strip() for m in _FIELD_LINE.finditer(text, opened, fence)]
    return fields[-1] if fields else None


# An answer field left empty: `"final_answer": null`, `'answer': None`, `"answer": ""`.
_NULL_ANSWER = re.compile(r"""["'](?:final[_ ])?(?:answer|result)["']\s*:\s*(?:null|None|""|'')"""
                          r"""\s*[,}]""")
# A key of the answer's object that offers another answer beside it ("answer_alt",
# "answer_if_rounded", "backup", "also_possible", "alternative"), and its value.
_OFFERED_KEY = re.compile(
    r"""["'](?:(?:final[_ ])?answer[_ -]\w+|alt(?:ernatives?|ernate)?(?:[_ ]\w+)?|backup"""
    r"""|also[_ ]\w+|other[_ ]answers?|second[_ ]choice)["']\s*:\s*"""
    r"""(?:"([^"\\\n]{1,300})"|'([^'\n]{1,300})'|(-?\d{1,30}(?:\.\d{1,30})?))""", re.IGNORECASE)


def _offered_beside(text: str, field: re.Match[str]) -> str:
    """The value of a key in the answer field's object that offers another answer, or ""."""
    opens = text.rfind("{", 0, field.start())
    closes = text.find("}", field.end())
    if opens == -1 or closes == -1:
        return ""
    m = _OFFERED_KEY.search(text, opens, closes)
    return next((g for g in m.groups() if g), "") if m is not None else ""


def _json_value(m: re.Match[str]) -> str | None:
    """An answer field's value (`_JSON_ANSWER`), its escapes read; None when they are broken."""
    value = m.group(1) if m.group(1) is not None else m.group(2) or m.group(3)
    if m.group(1) is not None and "\\" in value:
        try:
            value = json.loads(f'"{value}"')  # `"\\frac{1}{2}"` is \frac{1}{2}
        except ValueError:
            return None
    return value.strip()


def _hashes(text: str, floor: int = 0) -> Extraction | None:
    """`#### X`, GSM8K's own format (a period is part of the number here: `#### 3.5`)."""
    pos = len(text)
    while (i := text.rfind("####", floor, pos)) != -1:
        pos = i
        if span := _span(text, i + 4, period_ends=False):
            # (`#### 60 ####`: hashes closing the line too)
            return Extraction(span[0].strip("#").strip(), span[1], "hashes", start=i)
    return None


def _inner(text: str, start: int) -> int:
    """Where the answer after `Answer:` starts: after "The final answer is" when that follows
    (Minerva's "Final Answer: The final answer is X"), the inner marker part of the outer."""
    nested = _NESTED_MARKER.match(text, start)
    return nested.end() if nested else start


def _answer_colon(text: str, floor: int = 0) -> Extraction | None:
    """`Answer: X`, `Final answer: X` or `A: X` at the start of a line; `Final answer: X`
    also after a sentence on a line ("The answer is C. Wait, no. Final answer: B"), which
    wins when it comes later."""
    end = len(text)
    while True:
        start = text.rfind("\n", 0, end) + 1
        if start < floor:
            lo = floor - 1 if floor else 0
            return _inline_colon(text, lo, end) if text.find("nswer", lo) != -1 else None
        if (m := _ANSWER_COLON.match(text, start, end)) and not _first_option(text, m, end) and (
                span := _span(text, _inner(text, m.end()), below=True)):
            found = Extraction(span[0], span[1], "answer_colon", start=start)
            break
        if text.startswith(_HEADING_FIRSTS, start) and _ANSWER_HEADING.fullmatch(
                text, start, end) and (span := _line_below(text, end)):
            found = Extraction(span[0], span[1], "answer_colon", start=start)  # "### Answer"
            break
        if start == 0:
            return _inline_colon(text, 0, len(text))
        end = start - 1
    if text.find("nswer", found.end) == -1:
        return found  # the usual: no later "Final answer:" on its line or after it
    return _inline_colon(text, found.end, len(text)) or found


# The line after an option list's first item: "B:", "B)", "B." opening it.
_NEXT_OPTION = re.compile(r"\n[ \t>*_-]*B[ \t*_]*[:).]")


def _first_option(text: str, m: re.Match[str], end: int) -> bool:
    """Whether a bare `A:` opens the first line of a list of options ("A: snowman - kids
    build these", then "B: sand castle - ..."): a label, no answer."""
    return "nswer" not in m.group() and "NSWER" not in m.group() and (
        _NEXT_OPTION.match(text, end) is not None)


# "Final answer:" (qualified: a bare "answer:" in prose is no marker) after a sentence's end
# or a bold heading ("**Summary:** Final answer: B"; not "Draft: Final answer: 12", nor
# "Okay, final answer: need to compute ...").
_INLINE_COLON = re.compile(
    r"(?:[.!?]|:[*_]{2})[ \t]+((?:(?:[Mm]y|[Oo]ur|[Tt]he)[ \t]+)?"
    r"(?:[Ff]inal|[Cc]orrect(?:ed)?|[Rr]evised|[Uu]pdated)[ \t]+(?:[Aa]nswer|ANSWER)"
    r"[ \t*_]{0,4}:[ \t*_]*)")


_QUALIFIED = re.compile(r"(?:inal|orrect(?:ed)?|evised|pdated)[ \t]+(?:answer|Answer|ANSWER)")


def _inline_colon(text: str, lo: int, end: int) -> Extraction | None:
    """The last qualified `Final answer: X` after a sentence's end in text[lo:end], looked
    for only where "nswer" is."""
    if text.find("nswer", lo, end) == -1 or not _QUALIFIED.search(text, lo, end):
        return None
    last = None
    for last in _INLINE_COLON.finditer(text, lo, end):  # noqa: B007 - the last one is kept
        pass
    if last is None or (span := _span(text, last.end())) is None:
        return None
    return Extraction(span[0], span[1], "answer_colon", start=last.start(1))


_BOX_TOKENS = re.compile(r"(?P<box>\\(?:boxed|fbox)[ \t]*\{)|\\.|[{}]", re.S)
# What may stand between boxes that together state one answer: `\boxed{2}, \boxed{3}`,
# `$x = \boxed{2}$ or $x = \boxed{-3}$`, two display lines `\[\boxed{2}\]\n\[\boxed{-3}\]`: math
# delimiters, punctuation, the bullet that starts a list's next line (`- `, `2. `), one `and`
# or `or`, and a label of the next box (`x =`).
_BOX_SEPARATOR = r"(?:[\s$,;.，、]|\\[()\[\]]|\n[ \t]*(?:[-*•]|\d{1,2}[.)])(?=[ \t]))*"
# "and" and "or" in other languages (`Les solutions sont $\boxed{-3}$ et $\boxed{2}$`,
# `答案是 $\boxed{2}$ 和 $\boxed{5}$`), each read as the English word
_JOIN_WORDS = {"et": "and", "und": "and", "y": "and", "e": "and", "i": "and", "и": "and",
               "和": "and", "与": "and", "及": "and", "と": "and", "그리고": "and", "ve": "and",
               "dan": "and", "en": "and", "og": "and", "och": "and", "ou": "or", "oder": "or",
               "o": "or", "или": "or", "或": "or", "または": "or", "또는": "or", "veya": "or",
               "atau": "or", "of": "or", "eller": "or", "lub": "or"}
_BOX_GAP = re.compile(
    _BOX_SEPARATOR + r"(?:(?:\\text\{\s*)?(and|or|" + "|".join(
        sorted(_JOIN_WORDS, key=len, reverse=True)) + r")\s*\}?|\\q?quad)?" + _BOX_SEPARATOR
    # a part's label before the next box: "(a) $\boxed{4}$, (b) $\boxed{6}$"
    + r"(?:\((?:[a-h]|[ivx]{1,4})\)[ \t]*\$?[ \t]*)?"
    + r"(?:((?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?)\s*=\s*)?",
    re.IGNORECASE)
# The label just before a box: `x = \boxed{2}` (the end of the text before it).
_BOX_LABEL = re.compile(r"((?:[A-Za-z]|\\[A-Za-z]+)(?:_\{?[A-Za-z0-9]+\}?)?)\s*=\s*\Z")


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
# (the loop unrolled, plain characters then each escape and the plain ones after it: one way
# to read any run, so a character given back fails at once, never a brace to match; as fast
# as a possessive `*+`, which Python 3.10 does not read)
_FLAT = r"[^{}\\]*(?:\\.[^{}\\]*)*"
_BRACES = re.compile(r"\{(" + _FLAT + r"(?:\{" + _FLAT + r"(?:\{" + _FLAT + r"\}" + _FLAT + r")*\}"
                     + _FLAT + r")*)\}", re.S)
_ONE_BOX = re.compile(r"\\(?:boxed|fbox)[ \t]*" + _BRACES.pattern, re.S)  # its braces' content


def boxes_by_line(text: str) -> list[tuple[int, str]]:
    """(where its line starts, its content) of every complete outermost box of `text`."""
    return [(text.rfind("\n", 0, opened) + 1, text[start:close].strip())
            for opened, start, close in _box_spans(text)]


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
        group = _ONE_BOX.match(text, first)
        if group and group.group(1).strip():
            return [(first, group.start(1), group.end(1))]
    elif (spans := _matched_boxes(text, first)) is not None:
        return spans
    return _scanned_boxes(text, first)


def _scanned_boxes(text: str, first: int) -> list[tuple[int, int, int]]:
    """`_box_spans` by a token loop from `first`: every brace and escape in turn."""
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


_BOX_NAME = re.compile(r"\\(?:boxed|fbox)")  # a box's name (`_BOX_TOKENS`), not the word "box"
# What opens a box after its name: `_BOX_TOKENS`' box, from the `b` of `boxed` on.
_BOX_OPEN = re.compile(r"(?:boxed|fbox)[ \t]*(?=\{)")


def _matched_boxes(text: str, first: int) -> list[tuple[int, int, int]] | None:
    """`_box_spans` of a text with several boxes, each one's closing brace matched by
    `_BRACES` in C: the same spans as the token loop, whose stack holds for each box exactly
    the braces `_BRACES` balances. None when a box does not close within its three levels
    (unclosed, or nested deeper): the loop decides those."""
    found: list[tuple[int, int, int]] = []
    at = first
    while (at := text.find("box", at + 1)) != -1:  # one scan finds both names
        if text[at - 1] == "\\":
            start = at - 1  # `\\boxed`
        elif text[at - 2 : at] == "\\f":
            start = at - 2  # `\\fbox`
        else:
            continue
        run = 0  # backslashes before the box's: the loop pairs them, so an odd run escapes it
        while start > run and text[start - run - 1] == "\\":
            run += 1
        opened = _BOX_OPEN.match(text, start + 1)
        if opened is None or run % 2 or found and start < found[-1][2]:
            continue  # no box; or one inside the box before it, which replaces it
        group = _BRACES.match(text, opened.end())
        if group is None:
            return None
        if group.group(1).strip():
            found.append((start, group.start(1), group.end(1)))
    return found


# A part's label opening a line: "(a)", "b)", "(ii)", "Part (b):", "**(a)**".
_PART_LABEL = re.compile(r"[ \t*_#]*(?:[Pp]art[ \t]+)?\(?([a-h]|i{1,3}|iv|v|vi)\)[ \t*_:.]"
                         r"|[ \t*_#]*[Pp]art[ \t]+([a-h1-9])\b")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi")


# A word label opening a line, then a colon: "Maximum: $\\boxed{5}$", "**Minimum value:**";
# not one that names a candidate ("Initial guess:", "Final answer:", "Rejected:", "Draft:"):
# a guess and an answer, joined, would make a pair.
_WORD_LABEL = re.compile(r"[ \t*_#>-]*([A-Za-z][A-Za-z \t-]{0,30}?)[ \t*_]*[:：]")
_CANDIDATE = re.compile(
    r"\b(?:guess\w*|attempt\w*|draft|old|new|wrong|correct\w*|incorrect|rejected|accepted|final"
    r"|answers?|initial|extraneous|valid|invalid|check\w*|verif\w*|original|revised|alternative"
    r"|options?|case|candidates?|possible|tentative|earlier|previous|result|solution|try|first"
    r"|second|method|approach|way)\b", re.IGNORECASE)


def _paragraph_start(text: str, at: int) -> int:
    """Where the paragraph of `at` starts: after the last blank line before it, or at 0."""
    blank = text.rfind("\n\n", 0, at)
    return blank + 2 if blank != -1 else 0


def part_boxes(text: str) -> list[str] | None:
    """The boxes of a multi-part answer in the order of their parts, when every complete box
    in the judged part of `text` stands on a line (or in a paragraph) its part's label opens
    ("(a) ... \\boxed{3}", "(b) ... \\boxed{2}"), each part once, or each on a line a word
    label of its own opens ("Maximum: \\boxed{5}", "Minimum: \\boxed{-5}": in the text's
    order); None otherwise."""
    judged, _ = judged_part(text)
    spans = _box_spans(judged)
    if len(spans) < 2:
        return None
    parts: dict[str, str] | None = {}
    named: dict[str, str] | None = {}
    for opened, start, close in spans:
        line = judged.rfind("\n", 0, opened) + 1
        box = judged[start:close].strip()
        # (the label opens the box's line, or its paragraph: "**Part (a).** ... gives" and
        # a display, then "So the sum is $\boxed{12}$.")
        if parts is not None and ((m := _PART_LABEL.match(judged, line)) is not None or (
                m := _PART_LABEL.match(judged, _paragraph_start(judged, opened))) is not None) and (
                label := (m.group(1) or m.group(2)).lower()) not in parts:
            parts[label] = box
        else:
            parts = None
        if named is not None and (w := _WORD_LABEL.match(judged, line)) is not None and (
                w.end() <= opened) and (word := w.group(1).strip().lower()) not in named and (
                _CANDIDATE.search(word) is None):
            named[word] = box
        else:
            named = None
    if parts is not None:
        order = sorted(parts, key=lambda k: (_ROMAN.index(k) if k in _ROMAN else ord(k[0])))
        return [parts[k] for k in order]
    return list(named.values()) if named is not None else None


def _boxed(text: str, floor: int = 0) -> Extraction | None:
    """The last complete `\\boxed{...}`; boxes just before it in the same statement
    (`\\boxed{2} and \\boxed{3}`) form a list with it, and an `or` between them stays in
    the answer, where the checker reads it as a hedge."""
    # No `\\boxed` nor `\\fbox` after the best marker: looked for from the end, where a box
    # usually is (a search from `floor` would cross the whole text to reach it).
    at = text.rfind("box", floor)  # the last `box` of all
    if at == -1:
        return None
    ends = at > 0 and text.startswith("\\boxed", at - 1)  # a `\\boxed` is the last `box`
    last = at - 1 if ends else text.rfind("\\boxed")
    if ends and _BOX_NAME.search(text, 0, last) is None:
        # one box, and no \fbox: the usual case (the scan before it by a regex, in C: a
        # quarter faster than `rfind` on LaTeX, where its letters are common)
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
    if len(spans) == 1:  # the usual completion: one box
        value = _box_value(text[start:close]) or text[start:close].strip()
        if "phantom" in value and not (value := _PHANTOM.sub("", value).strip()):
            return None  # `\boxed{\phantom{2}}`: a box that shows nothing
        return Extraction(value, _past_closing(text, close + 1), "boxed", "", "", opened,
                          _box_context(text, opened, close))
    items = [text[start:close].strip()]
    joiners: list[str] = []
    labels: list[str | None] = [None]
    for prev_open, prev_start, prev_close in reversed(spans[:-1]):
        gap = _BOX_GAP.fullmatch(text, prev_close + 1, opened)
        if gap is None or "\n\n" in gap.group():
            break
        labels[0] = gap.group(2)
        items.insert(0, text[prev_start:prev_close].strip())
        joiners.insert(0, f" \\text{{ {_JOIN_WORDS.get(word, word)} }} " if (
            word := (gap.group(1) or "").lower()) else ", ")
        labels.insert(0, None)
        opened = prev_open
    if len(set(items)) == 1:  # the same answer boxed twice ("so \boxed{6}, i.e. \boxed{6}")
        items, joiners, labels = items[:1], [], labels[:1]
    if len(items) > 1:
        # A list: each item keeps the label written before its box, when one is.
        if (first := _BOX_LABEL.search(text, max(0, opened - 40), opened)) is not None:
            labels[0] = first.group(1)
        if any(labels):
            items = [f"{label} = {item}" if label else item
                     for label, item in zip(labels, items, strict=True)]
    answer = items[0] + "".join(j + item for j, item in zip(joiners, items[1:], strict=True))
    return Extraction(answer, _past_closing(text, close + 1), "boxed", "", "", opened,
                      _box_context(text, opened, close) or _another_way(text, spans)
                      or _boxes_everywhere(text, spans, len(items)))


BOXED_VALUES = 3  # distinct boxed values, not one list, that box the work instead of an answer


def _boxes_everywhere(text: str, spans: list[tuple[int, int, int]], listed: int) -> str:
    """"alternatives" when the final answer stands alone among BOXED_VALUES or more boxes of
    different values ("starts with $\\boxed{16}$ eggs, eats $\\boxed{3}$, ... earns
    $\\boxed{18}$"): a box on every number commits to none of them."""
    if listed > 1 or len(spans) < BOXED_VALUES:
        return ""
    values = {text[start:close].strip() for _, start, close in spans}
    last = spans[-1][0]
    if len(values) >= BOXED_VALUES and _FINAL_BEFORE_BOX.search(
            text, last - FINAL_REACH if last > FINAL_REACH else 0, last) is not None:
        return ""  # "Therefore, the final answer is $\boxed{12}$.": the boxes of the work, then
        # its answer
    return "alternatives" if len(values) >= BOXED_VALUES else ""


# Words that make the last box the answer, right before it: "the final answer is", "the
# answer is", "the correct total is" (math delimiters between).
FINAL_REACH = 80  # characters before the last box read for them
_FINAL_BEFORE_BOX = re.compile(r"(?:final\s+answer(?:\s+is)?|the\s+answer\s+is|answer\s*:"
                               r"|(?:correct|right|true)\s+(?:\w+\s+){0,2}is)[\s*:]*"
                               r"(?:\$\$?|\\[\[(])?\s*\Z", re.IGNORECASE)


# A paragraph that offers another way or reading ("Alternatively: ...", "Another approach:").
_ANOTHER_WAY = re.compile(r"[\s>*_#]*(?:alternatively|(?:another|a\s+different)\s+(?:way|approach"
                          r"|method|reading|interpretation)|or\s+else|otherwise|on\s+the\s+other\s+hand"
                          r"|computing\s+it\s+(?:another|a\s+different)\s+way)\b", re.IGNORECASE)


def _another_way(text: str, spans: list[tuple[int, int, int]]) -> str:
    """"alternatives" when a paragraph after the first box and before the last offers
    another way or reading and a box before that paragraph holds another answer than the
    last (`\\boxed{\\frac{4}{3}}`, then "Alternatively: ... $\\boxed{6}$"; `\\boxed{42}`, then
    "On the other hand, computing it a different way:", a calculation and `\\boxed{21}`): two
    answers, one each way. The same answer both ways is no hedge."""
    last = text[spans[-1][1] : spans[-1][2]].strip()
    para = text.rfind("\n\n", spans[0][2], spans[-1][0])
    while para != -1:
        if _ANOTHER_WAY.match(text, para + 2):
            earlier = [text[a:b].strip() for start, a, b in spans if start < para]
            return "alternatives" if any(e != last for e in earlier) else ""
        para = text.rfind("\n\n", spans[0][2], para)
    return ""


# An empty box that ends the text: the answer was never written into it.
_EMPTY_BOX_LAST = re.compile(r"\\boxed\s*\{\s*\}[\s$.\\\])]*\Z")


def unwritten_box(after: str) -> bool:
    """Whether the last `\\boxed{` in `after` holds no answer: it never closes (the text was
    cut off in it: `$= \\boxed{x^2 + 1 -`) or it is empty and ends the text (`$\\boxed{}$`)."""
    at = after.rfind("\\boxed")
    if at == -1:
        return False
    if _EMPTY_BOX_LAST.match(after, at):
        return True
    depth = 0
    for ch in after[at:]:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return False
    return depth > 0 or "{" not in after[at:]


# What makes a box part of a larger expression. After its closing brace, attached: an
# operand or operator (`\boxed{6}\sqrt{3}`, `\boxed{6}x`, `\boxed{6}!`, `\boxed{6}^2`,
# `\boxed{6}.5`, `\boxed{6},000`, `\boxed{6}\%`, `\boxed{6}\text{ thousand}`); inside math,
# also after spaces (`$\boxed{6} + 1$`, `$\boxed{6} \times 10^3$`). Not a unit in `\text{}`,
# spacing, a closing delimiter, `=`, a degree sign, or punctuation that ends a sentence or a
# list.
_AFTER_BOX = re.compile(
    r"(?!\^\s*\{?\s*\\circ)"  # `\\boxed{6}^\\circ`: degrees, a unit
    r"(?:\\[,;:!]\s*)*"  # thin spaces: `\boxed{6}\,\pi`
    r"(?:[A-Za-z0-9(\[^!'%/+×÷|]|-(?=\s*[\w\\({])|\.\d|,\d{3}(?!\d)|\)\s*[\^!_']"
    r"|\\(?!(?:text|mbox|mathrm|textrm|textbf)\s*\{|[,;:! ]|q?quad\b"
    r"|[)\]\\$]|end\b|right\b|hfill\b|label\b|tag\b|qed|blacksquare|square|Box\b|newline)"
    r"(?=.))")
_AFTER_BOX_MATH = re.compile(r"\s+(?:[-+*/^×÷!]\s*[\w\\({]|\\(?:times|cdot|div|pm|mp|sqrt|pi"
                             r"|frac|dfrac|ldots|cdots)\b|[A-Za-z0-9(](?!\w*\s*[.,;:]?\s*$))")
# Before its `\boxed`, attached: a sign, an operator, an opening brace (`\frac{\boxed{6}}{7}`,
# `10^{\boxed{6}}`, `\sqrt{\boxed{6}}`), a factor (`2\boxed{3}`); inside math after spaces too.
# A letter counts alone (`2x\boxed{3}`), not as the end of a command (`\Rightarrow \boxed{6}`).
_BEFORE_BOX = re.compile(r"(?:(?<!\\)[-+/^{×÷0-9]|(?<![\\A-Za-z])[A-Za-z]|\\(?:times|cdot|div|pm"
                         r"|mp|sqrt|frac|dfrac|tfrac|sim|propto|ge|le|geq|leq|neq|gt|lt|log|ln|exp|sin"
                         r"|cos|tan|cot|sec|csc|arcsin|arccos|arctan)(?![A-Za-z]))"
                         r"\s*\Z")
_APPROX_BOX = re.compile(r"(?:\\approx|≈|\\sim(?![A-Za-z])|~)\s*\Z")
_ALTERNATIVE_STARTS = frozenset("oiuapeOIUAPE([\\")
# A unit after a box, then its alternative: "square units (or $8\pi$ if ...)".
_UNIT_THEN_OR = re.compile(r"(?:[A-Za-z]+[ \t]+){1,2}\(?(?:or|if|unless)\b")
# Right after a box (and its math closing): alternatives or a condition on it.
_OR_AFTER_BOX = re.compile(r"[\s$]*(?:\\[)\]])?[\s$]*(?:[A-Za-z]+[ \t]+){0,2}?,?\s*"
                           r"(?:[(\[]|\\text\s*\{\s*\(?)?\s*"
                           r"(or|if|unless|otherwise|assuming|provided|except)\b"
                           # "(or equivalently 0.375)": the same value again, no alternative
                           r"(?!,?\s+(?:equivalently|equally|as\s+a\s+(?:decimal|fraction|percent"
                           r"|percentage)|in\s+(?:decimal|fraction|percent|lowest)\b))",
                           re.IGNORECASE)


def _in_math(text: str, at: int) -> bool:
    """Whether `at` is inside inline or display math on its line: an odd number of `$`
    before it, or a `\\(` / `\\[` not yet closed (within 300 characters)."""
    line = text.rfind("\n", max(0, at - MAX_ANSWER), at) + 1
    before = text[max(line, at - MAX_ANSWER) : at]
    if before.count("$") - before.count("\\$") & 1:
        return True
    opened = max(before.rfind("\\("), before.rfind("\\["))
    return opened != -1 and opened > max(before.rfind("\\)"), before.rfind("\\]"))


_TEXT_AFTER_BOX = re.compile(
    r"(?:\s|\\[,;:! ])*\\(?:text|mbox|mathrm|textrm|textbf)\s*\{([^{}]{0,60})\}")
_MATH_ONLY = re.compile(r"[*_]")  # an operator in math, emphasis in markdown (`**\\boxed{6}**`)
# A box's math delimiters written tight against it, two characters each side (`$` with what
# follows it); the general rule of `_box_context` reads these as a box that stands alone.
_CLOSING_TIGHT = frozenset({"\\)", "\\]", "$", "$$", "$.", "$,", "$\n", "$ "})
_OPENING_TIGHT = frozenset({"\\(", "\\[", " $", "\n$", "$$", "($"})


def _box_context(text: str, opened: int, close: int) -> str:
    """Why a box does not stand alone, or "": it is part of a larger expression
    (`embedded_box`), `\\approx` comes before it (`approximation`), or alternatives or a
    condition follow it (`$\\boxed{6}$ or 7`, `\\boxed{6} \\text{ if } x > 0`)."""
    if why := _unsaid_box(text, opened):
        return why  # "It is definitely not $\boxed{540}$", `{\color{white} $\boxed{36}$}`
    if text[close + 1 : close + 3] in _CLOSING_TIGHT and (
            text[opened - 2 : opened] in _OPENING_TIGHT):
        # `\(\boxed{6}\)`, `$\boxed{6}$`: the usual box, read without the slices below
        return _alternative_after(text[close + 1 : close + 81])
    after = text[close + 1 : close + 81]
    before = text[max(0, opened - 12) : opened]
    if "{" in before and _STRUCK_BEFORE.search(before):
        return "struck"  # `\sout{$\boxed{70}$}`, `\cancel{\boxed{70}}`: crossed out
    if before[-1:] == "{" and (wrap := _EMPHASIS_BEFORE.search(before)) is not None and (
            shut := _EMPHASIS_SHUT.match(after)) is not None:
        # `\textbf{\boxed{12}}`: the box in bold, alone in it; read as if unwrapped
        return _box_context(text[: opened - len(wrap.group())] + text[opened : close + 1]
                            + text[close + 1 + shut.end() :], opened - len(wrap.group()),
                            close - len(wrap.group()))
    a0, near_after, near_before = after[:1], after.lstrip(" \t"), before.rstrip(" \t")
    if (near_after[:1] in ("", "$", "\n") or near_after[:2] in ("\\)", "\\]")
            or a0 == "." and not after[1:2].isdigit()) and (
            near_before[-1:] in ("", "$", "\n") or near_before[-2:] in ("\\(", "\\[")):
        # The usual box, between math delimiters or a line's edges: only what follows it
        # may hedge it (`$\boxed{6}$ or 7`).
        return _alternative_after(after)
    if a0 and a0 not in " \t\n$" and (
            _AFTER_BOX.match(after) or a0 in "*_" and _in_math(text, opened)):
        return "embedded_box"  # attached to the box: `\boxed{6}\sqrt{3}`, `\boxed{6}.5`
    if before[-1:] and before[-1] not in " \t\n$" and (
            _BEFORE_BOX.search(before) or before[-1] in "*_" and _in_math(text, opened)):
        return "embedded_box"
    if "\\" in after[:12] and (unit := _TEXT_AFTER_BOX.match(after)) is not None \
            and NOT_UNITS.intersection(w.lower() for w in _LATIN_RUN.findall(unit.group(1))):
        return "embedded_box"  # `\boxed{6}\text{ thousand}`: a multiplier, not a unit
    if _APPROX_BOX.search(before):
        return "approximation"
    if (a0 in (" ", "\t") or before[-1:] in (" ", "\t")) and _in_math(text, opened) and (
            _AFTER_BOX_MATH.match(after) or _BEFORE_BOX.search(before)):
        return "embedded_box"
    return _alternative_after(after)


# Emphasis wrapped around a box and nothing else: `\textbf{\boxed{12}}`, `\mathbf{...}`.
_EMPHASIS_BEFORE = re.compile(r"\\(?:textbf|mathbf|bm|boldsymbol|underline|emph)[ \t]*\{\Z")
_EMPHASIS_SHUT = re.compile(r"[ \t]*\}")
# What denies the box right after it: "not", "isn't", "≠", `\neq` (math delimiters between).
_DENIALS = ("not", "NOT", "Not", "n't", "≠", "\\neq", "\\ne")


def _unsaid_box(text: str, opened: int) -> str:
    """Why a box says no answer, or "": the words right before it deny it ("It is definitely
    not $\\boxed{540}$", "The answer is NOT \\boxed{D}", "$x \\neq \\boxed{3}$":
    `negation`; "is **not** $\\boxed{23}$": emphasis between), or it is white on white
    (`{\\color{white} $\\boxed{36}$}`: `hidden`)."""
    before = text[opened - 24 if opened > 24 else 0 : opened]
    if before.rstrip(" $([\\*_").endswith(_DENIALS):
        return "negation"
    if (white := text.rfind("white", opened - WHITE_REACH if opened > WHITE_REACH else 0, opened)
            ) != -1 and (m := _WHITE.search(text, max(0, white - 16), opened)) is not None and (
            text.count("}", m.end(), opened) == 0 if not m.group().startswith("\\text") else (
                text.count("{", m.end(), opened) > text.count("}", m.end(), opened))):
        # `{\color{white} $\boxed{36}$}`; `\textcolor{white}{The correct final answer is
        # \boxed{6}}`: its white group still open at the box (words may stand between)
        return "hidden"
    return ""


WHITE_REACH = 200  # characters before a box where white text that holds it may open


# White text before a box: `{\color{white} $`, `\textcolor{white}{`.
_WHITE = re.compile(r"\\(?:text)?color\s*\{\s*white\s*\}")


_STRUCK_BEFORE = re.compile(r"\\(?:sout|st|cancel|bcancel|xcancel|not)\s*\{\s*\$?\s*\Z")


def _alternative_after(after: str) -> str:
    rest = after.lstrip(" \t$")
    if rest[:2] in ("\\)", "\\]"):
        rest = rest[2:].lstrip(" \t$")
    if rest[:1] == ",":  # `$\boxed{45^\circ}$, or $135^\circ$`
        rest = rest[1:].lstrip()
    if rest[:1] not in _ALTERNATIVE_STARTS and not (
            rest[:1].isalpha() and _UNIT_THEN_OR.match(rest)):  # `or`, `if`, `(or`, ...
        return ""
    if (m := _OR_AFTER_BOX.match(after)) is not None:
        return "alternatives" if m.group(1).lower() == "or" else "condition"
    return ""


def _past_closing(text: str, i: int) -> int:
    """Step over the `$` and `.` that usually close `$\\boxed{x}$.`, so the rationale keeps them."""
    return _CLOSING.match(text, i).end()  # type: ignore[union-attr]


_CLOSING = re.compile(r"[$.)\\\]]{0,4}")


# -- a marked answer's words after its value ------------------------------------------------
# Where a marked answer's clause may end: an opening bracket after a space ("42 (since 6 x 7 =
# 42)"), a comma, semicolon, colon or dash ("42, because ...", "B - library"), or a word that
# gives a reason or restates ("42 since ...", "42 as ...", "42 which is ...", "42 i.e. ...").
_CLAUSE_END = re.compile(
    r"\s+(?P<open>[(\[])|(?P<punct>,(?=\s)|;|:(?=\s)|\s+-{1,2}(?=\s)|\s*[–—])"
    r"|\s+(?P<word>because|since|as|which|i\.e\.|e\.g\.|that\s+is|given\s+that|due\s+to)"
    r"(?![A-Za-z])", re.IGNORECASE)
# What a value cannot end with: an operator, an opening bracket, a LaTeX command that is no
# value (`\cdot`, `\in`); `\pi` and `\infty` are values.
_OPEN_END = re.compile(r"(?:[-+*/×·=^_<>≤≥(\[{|]|\\(?!(?:pi|infty|circ)\Z)[A-Za-z]+"
                       r"|\b(?:and|or|nor|than|of|the|an?|to|is|are|by|with|from|vs|between))\Z",
                       re.IGNORECASE)
_LONE_LETTER = re.compile(r"[*_(]{0,3}[A-Za-z][*_)]{0,3}")
# A condition in the value's own clause ("12 if Tom stays, else 13"): not cut.
_CONDITION = re.compile(r"\b(?:if|unless|when|whenever|assuming|provided|otherwise|else"
                        r"|except)\b", re.IGNORECASE)
_LABEL = re.compile(r"[(\[]\s*[A-Za-z]\s*[)\]]")  # `(C)`: a choice's label, or `f (x)`'s argument
_PROSE_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}(?![A-Za-z])|\b[ie]\.[eg]\b")
_FIRST_WORD = re.compile(r"\s*(?:([A-Za-z]{2,})(?![A-Za-z])|[ie]\.[eg]\b)")
# Words of math, not prose: `sin x` after a comma is an answer's next item.
MATH_WORDS = frozenset({"sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp", "sqrt",
                        "mod", "pmod", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
                        "lim", "max", "min", "gcd", "lcm", "det", "pi", "and", "or"})
_AS_COMPARED = re.compile(r"\b(?:times|twice|half|same|so|as|many|much)\Z", re.IGNORECASE)
_AS_MUCH = re.compile(r"\s+(?:many|much|well|large|big|long|far|old|high|fast|often|few|little"
                      r"|tall|heavy|wide|good|soon)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|no|never|neither|none|cannot)\b|n't", re.IGNORECASE)


def _prose(text: str) -> bool:
    return any(w.group().lower() not in MATH_WORDS for w in _PROSE_WORD.finditer(text))


def _nested(text: str, math: bool) -> bytearray:
    """For each index of `text`, 1 where it is inside a bracket, brace or (for math) `$...$`,
    else 0: one pass, so a cut at any clause costs nothing more. For other answers a `$` is a
    currency sign."""
    inside = bytearray(len(text) + 1)
    depth, dollars, k = 0, 0, 0
    while k < len(text):
        inside[k] = depth > 0 or dollars % 2 == 1
        c = text[k]
        if c == "\\":
            k += 1
            if k < len(text):
                inside[k] = inside[k - 1]
                if text[k] == "{":  # `\\{1, 2\\}`: a set's braces
                    depth += 1
                elif text[k] == "}":
                    depth = max(0, depth - 1)
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth = max(0, depth - 1)
        elif c == "$" and math:
            dollars += 1
        k += 1
    inside[len(text)] = depth > 0 or dollars % 2 == 1
    return inside


def clause_cut(answer: str, math: bool = False) -> tuple[str, str] | None:
    """(value, the rest) when a marked answer goes on past its value into prose: "42 (since
    6 x 7 = 42)", "42, because ...", "42; that is the number of seats", "B - library",
    "B (library)". The rest is a tail, held to the rules of a tail (`hedges.tail_hedge`).
    None when the answer has no such clause: a cut is made only where what precedes is a
    whole value (no open bracket, no operator at its end) and what follows is prose, never
    inside a tuple, an interval or math (`(1, 2)`, `[0, 1)`, `f(3)`, `\\frac{1}{2}, \\frac{3}{4}`).
    For math (`math`), a bracket after the value starts a clause only when it holds prose or
    `=`, or is a square bracket: `2 (x + 1)` is a product. A value that is negated ("not 5,
    it is 6") is left whole, for the negation rules to read."""
    if answer.isdigit() or len(answer) > MAX_ANSWER:
        return None
    inside = None
    for m in _CLAUSE_END.finditer(answer):
        if inside is None:
            inside = _nested(answer, math)
        if inside[m.start()]:
            continue
        head = answer[: m.start()].rstrip()
        if head.endswith(("**", "__")):  # "**42** (6 rows of 7)": bold, not a product
            head = head[:-2].rstrip()
        if not head or _OPEN_END.search(head[-12:]) and not _LONE_LETTER.fullmatch(head):
            continue  # (a lone "A" is a choice's letter, as "B" is, not the article)
        rest = answer[m.start("open") if m.group("open") else m.end() :]
        if rest.count(")") + rest.count("]") > rest.count("(") + rest.count("["):
            return None  # the marker is inside an aside: "(Note: the answer is 42, ...)"
        if m.group("open"):
            if _LABEL.match(answer, m.start("open")):
                continue
            if math and not (m.group("open") == "[" or "=" in rest or _prose(rest)):
                continue
        elif m.group("punct"):
            first = _FIRST_WORD.match(rest)
            if m.group("punct") == ",":  # "42, which ...", not "1, 2" nor "x = 1, y = 2"
                if first is None or (first.group(1) or "").lower() in MATH_WORDS:
                    continue
            elif not _prose(rest) or (m.group("punct").strip() in "-–—"
                                      and rest.lstrip()[:1].isdigit()):
                continue  # "3 – 4 hours", "3 - 4" are ranges
        else:
            if m.group("word").lower() == "as" and (_AS_COMPARED.search(head)
                                                    or _AS_MUCH.match(rest)):
                continue  # "5 times as many", "twice as much": a comparison, no reason
            rest = m.group("word") + rest
        if _NEGATED.search(head) or _CONDITION.search(head) or (
                (premise := _PREMISE.match(head)) and premise.group("clause")):
            return None  # "Since 3 boxes hold 12, she needs 9 more": the premise is no value
        return head, rest.strip()
    return None


# -- the final statement, when no marker is present -------------------------------------------
_BOLD = re.compile(r"\*\*([^*\n]{1,200})\*\*")
# `$...$` as pandoc reads it: no space inside either dollar, no digit after the closing one,
# so "$204 + $160" is money, not math.
_INLINE = re.compile(r"\\\((.{1,300}?)\\\)|(?<![\\$])\$(?!\s)([^$\n]{1,300}?)(?<!\s)\$(?![$\d])")
# A number, never part of a clock time (5:00) or a word (x2).
# With what makes it another value read as part of it, never cut off: a fraction or mixed
# number ("3/4", "7 1/2", "2½"), π or a root ("2π", "5√2"), a power of ten ("1.2 × 10^4"), a
# scale ("$70K", "$1.25 million", "5 thousand"), an exponent ("1.2e3"), a percent.
_NUMBER = re.compile(
    # (or after a currency written in letters against it: "Rp140.000", "Rs250")
    r"(?:(?<![\w:.])|(?<=\bRp)|(?<=\bRs))[-−±–]?[$€£¥₹]?\s?√?"
    r"(?:[1-9]\d{0,2}(?:\.\d{3})+,\d{1,2}(?![\d,])"  # 1.250,00
    r"|[1-9]\d?(?:,\d{2})+,\d{3}(?![\d,])"  # lakhs: 1,25,000
    r"|\d{1,3}(?:[,٬]\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d{1,3}(?:['’]\d{3})+(?!\d)"
    r"|(?<!,)\d+,\d{1,2}(?![\d,])|\d+|(?=\.\d))"  # (a decimal comma: "7,5 kg", not "3,4,5";
    # a decimal without its leading zero: ".25"; Swiss groups: "1'080")
    r"(?:[.٫]\d+)?(?:[eE][-+]?\d{1,3}(?!\w))?(?:\s+\d{1,3}\s*/\s*\d{1,3}(?![\d/])|\s*/\s*\d+)?[½⅓⅔¼¾⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]?"
    r"(?:π|√\d+(?:\.\d+)?)?"
    r"(?:\s*(?:×|\\times|\*|x)\s*10\s*\^\s*\{?[-−]?\d{1,3}\}?)?"
    r"(?:\s?(?:[kKM]|mn|bn|mil)(?![\w'’])|\s+(?:thousand|million|billion|trillion|hundred|grand"
    r"|lakh|crore|ribu|juta)s?\b)?"  # (not "dozen": "7 dozen eggs" answers how many dozen as
    # often; "ribu", "juta": Indonesian thousand and million)
    r"(?:\s*%)?(?!\d|[:.]\d)"
)
_CALCULATOR = re.compile(r"<<[^<>\n]{0,200}>>")  # GSM8K's <<48/2=24>> annotations
_WORDS = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}")  # prose, not `\frac` or a variable
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_TO_PERCENT = re.compile(r"\s*\d+(?:\.\d+)?\s*%")
_HAS_VALUE = re.compile(r"\d|\\frac|\\sqrt|\\pi|\\infty|∞")
LOOK_BACK = 3  # sentences, from the end, that may hold the final statement
SENTENCE_WORDS = 2  # prose words that make bold text a sentence ("18 eggs left"), not a value


def final_statement(text: str, floor: int = 0) -> Extraction | None:
    """The value of the last sentence that states one: bold text, else the last inline or
    display math, else the last number with whatever follows it to the sentence end (the
    checker then decides whether those words are units or change the meaning)."""
    if stops_mid_sentence(text):
        return None  # "... Anna has 42 marbles. Ben has": it stopped before its answer
    if _LEFT_BLANK.search(text, max(0, len(text) - MAX_ANSWER)) or _LAST_ACTION.search(
            text, max(0, len(text) - MAX_ANSWER)):
        # "Fill in the blank: The train travels ______ miles.": the answer's place left empty;
        # a trace that ends on a tool's action ("Action 2: Search[...]") has not answered
        return None
    if ("\":" in text or "':" in text) and _NULL_ANSWER.search(
            text, len(text) - JSON_WINDOW if len(text) > JSON_WINDOW else 0) is not None:
        # `{"candidates": ["1/2", "1/4"], "final_answer": null}`: the answer's field says there
        # is none; a candidate is no statement
        return None
    found = _statement(text, skip_checks=True)
    if found is None and _MAY_CHECK.search(text, max(0, len(text) - 2 * MAX_ANSWER)):
        found = _statement(text, skip_checks=False)  # "Let me check: 7 * 8 = 56." alone
    return found



def emphasized_before(text: str, at: int) -> Extraction | None:
    """The bold value that closes the paragraph before the one holding `at`, read as its
    line's statement ("340 × 0.065 = **22.1 liters**" before "If fuel costs $1.80 per liter,
    that trip would cost about $39.78."); None when that paragraph ends in no bold value."""
    para = text.rfind("\n\n", 0, at)
    if para == -1:
        return None
    bold = None
    for m in _BOLD.finditer(text, max(0, para - MAX_ANSWER), para):
        if _HAS_VALUE.search(m.group(1)) and m.group(1).rstrip()[-1:] != ":":  # no label
            bold = m
    if bold is None or text.find("\n\n", bold.end(), para) != -1:
        return None  # (a paragraph between: the bold is no longer what the remark follows)
    start = text.rfind("\n", 0, bold.start()) + 1
    end = text.find("\n", bold.end(), para)
    return _sentence_value(text[start : para if end == -1 else end], start, text)

# A blank left in the last line ("travels ______ miles", "Answer: ____"), and the action
# a ReAct trace's last line takes ("Action 2: Search[...]", not "Finish[75]").
_LEFT_BLANK = re.compile(r"(?<![\w\\])_{4,}(?![\w])[^\n_]*\s*\Z"
                         # an answer's line left empty: "####", "Final answer:" ending the text
                         r"|\n[ \t*_#]*(?:####|(?:[Ff]inal[ \t]+)?[Aa]nswer[ \t]*:)[ \t*_]*\s*\Z")
_LAST_ACTION = re.compile(
    r"\n[ \t]*Action(?:[ \t]*\d+)?[ \t]*:[ \t]*(?!Finish\b)\w+\[[^\n]*\][ \t]*\Z")
_MAY_CHECK = re.compile(r"heck|erif|onfirm|[^\x00-\x7f]|robe|ontrol|rova|prawdz|emeriksa")
# A note's and a check's labels in other languages, opening a sentence after the answer.
_NOTE_IN_OTHER = re.compile(
    r"[\s*_]*(?:hinweis|anmerkung|nota|примечание|заметка|uwaga|poznámka|megjegyzés|σημείωση"
    r"|opmerking|obs|huomautus|huom|catatan|lưu\s+ý|ghi\s+chú|paalala|kumbuka|ملاحظة|הערה"
    r"|یادداشت|نکته|नोट|टिप्पणी|টীকা|குறிப்பு|注意|注|备注|備註|참고|주의|หมายเหตุ)[*_]{0,2}[ \t]*"
    r"[:：]", re.IGNORECASE)
# (a label of a word or two with one of `foreign_corrections.CHECKING`'s stems: "Sprawdzenie:",
# "Проверка:", "בדיקה:", "Kiểm tra:")
_CHECK_IN_OTHER = re.compile(
    rf"[\s*_]*(?:[^\W\d_]+\s)?[^\W\d_]*(?:{foreign_corrections.CHECKING.pattern})[^\W\d_]*"
    r"[*_]{0,2}[ \t]*[:：]", re.IGNORECASE)


def _checks(sentence: str) -> bool:
    """Whether a sentence (or paragraph) stands aside from the answer found before it: a
    check that finds no fault ("Checking: $2 \\cdot 5 = 10$, as required.", "Verification:
    2 × 5 = 10 ✓"), a note ("Note: if she also wants one, she'd buy a 7th."), an aside in
    brackets ("(Cho hiked for 8 hours, Chloe for 5.)"). Its numbers are no answer while an
    earlier statement gives one."""
    text = sentence.strip()
    if text[:1] == "(" and text.rstrip(".")[-1:] == ")":
        return True
    if _NOTE.match(text) or text.startswith(("<!--", "[^")):
        return True  # a note; an HTML comment (never shown) or a footnote's text ("[^1]: 7")
    if _NOTE_IN_OTHER.match(text) or _CHECK_IN_OTHER.match(text) and not (
            CHECK_FAILS.search(text) or "≠" in text or "✗" in text):
        return True  # "Hinweis: ...", "குறிப்பு: ..."; "Sprawdzenie: 42 − 18 = 24, ..."
    if _REMARK.match(text) and not _FAULT.search(text):
        return True  # "If you'd like, I can also compute the cost for 3 weeks: $63."
    return _VERIFICATION.match(sentence) is not None and not CHECK_FAILS.search(sentence) \
        and not _CHECKS_WHETHER.search(sentence)


# (an abbreviation's own period may stand for the colon: "P.S. If she also ...")
_NOTE = re.compile(r"[*_]{0,2}(?:(?:note|side\s+note|remark|aside)[*_]{0,2}\s*[:—–-]"
                   r"|(?:n\.\s?b\.|p\.\s?(?:p\.\s?)?s\.)[*_]{0,2}\s*[:—–-]?)", re.IGNORECASE)


# An offer to work out something else after the answer ("If you'd like, I can also compute
# the cost for 3 weeks: $63."): no statement of the answer. (Other remarks, "By the way",
# "Fun fact:", "Tip:", are read: two reviews found them stating a changed answer as often
# as a fact beside it, "BTW, don't forget the $5 delivery fee: she pays $45.")
_REMARK = re.compile(
    r"[\W_]*(?:(?:also|and|but|however|now)\W+)?if\s+you(?:'d|\s+would)?\s+(?:want|like)\b"
    r"[^.]{0,20}?\bI\s+(?:can|could)\s+(?:also\s+)?(?:work\s+out|compute|calculate|show|find"
    r"|figure\s+out|break|split|convert|check|do)\b", re.IGNORECASE)

# Words that find fault with an answer: a remark that has them may take it back.
_FAULT = re.compile(r"\b(?:wrong|incorrect|mistakes?|errors?|wait|actually|oops|sorry|fails?"
                    r"|correct(?:ion|ed)?|hmm+|mis\w+)\b|\?|✗|❌|≠", re.IGNORECASE)


_LEADING_NOTE = re.compile(r"[\s*_]*" + _NOTE.pattern, re.IGNORECASE)


def note_label_end(text: str) -> int:
    """Where a note's label at the start of `text` ends ("**\n\n*Note:* I forgot the fee"),
    0 without one: after a taken-back answer the note is the correction, not an aside."""
    m = _LEADING_NOTE.match(text)
    return m.end() if m is not None else 0


def _statement(text: str, skip_checks: bool) -> Extraction | None:
    end = text.rstrip()
    if end[-1:] >= "\U0001f300" or end[-1:] in _SMILES:
        end = _without_trailing_emoji(end)  # "... any other questions. 😊": a sign-off's face
    body = without_sign_offs(end, skip_checks)
    if len(body) < len(end) and body.endswith("```") and _ends_in_output(body):
        return None  # what a program printed, then words that state nothing
    display = _last_display(body)
    if display is not None:
        return display
    sentences = _last_sentences(body)
    if any(gives_up(sentence, k == 0) for k, (_, sentence) in enumerate(sentences)):
        return None  # "I cannot determine the answer (the total of 42 is not enough)."
    if sentences and _asks_back(sentences[0][1]) and not _WORKED.search(body):
        return None  # "Marco ha 40 euro ... Potresti dirmi quanto costa il libro?"
    for k, (start, sentence) in enumerate(sentences):
        if skip_checks and _checks(sentence):
            continue
        told = _told(sentence)
        if told is None:
            return None  # it asks about or restates the problem: no earlier one stands in
        at, part = told
        found = _sentence_value(part, start + at, text) if part else None
        if found is not None:
            return found
        if part and not part.isascii() and (_hedges_values(part) or k == 0 and (
                _takes_back(part))):
            # "所以大约30或者35个座位。": a hedged conclusion; "Nej förresten, jag räknade fel —
            # det blir tjugo.": a correction to a value in words the reader does not read; no
            # earlier one stands in
            return None
    return None


# Pictographs a chat model ends on, faces, hands, hearts (not a check mark: "✓" checks the
# line it ends).
_SMILES = "\u263a\u2764\u2665\ufe0f\u200d"


def _without_trailing_emoji(text: str) -> str:
    """`text` without the pictographs and spaces that end it (one pass from the end)."""
    end = len(text)
    while end and ((ch := text[end - 1]).isspace() or "\U0001f300" <= ch <= "\U0001faff"
                   or ch in _SMILES):
        end -= 1
    return text[:end]


def _takes_back(sentence: str) -> bool:
    """Whether a sentence in another language opens with a correction's cue or takes an
    answer back outright (`foreign_corrections`: "Nej vent, ...", "Хотя нет, стоп — ...",
    "..., jag räknade fel")."""
    return bool(foreign_corrections.cues(sentence.lstrip())) or foreign_corrections.retracts(
        sentence)


def _asks_back(sentence: str) -> bool:
    """Whether a completion's last sentence asks the user a question (for what the problem
    left out, or which reading is meant), not offers more ("Would you like me to explain?")
    nor asks for a nod ("..., right?"). With no work before it, the values it restated are
    the problem's, not an answer."""
    text = sentence.strip()
    return text[-1:] in "?？؟" and not _OFFER.match(text) and not _SIGNING_OFF.match(text) and (
        _TAG_QUESTION.search(text) is None)


# Work: a computation, or an equation (the problem's givens restated have neither).
_WORKED = re.compile(r"=|\d\s*[+×÷*/·−]\s*\d|\d\s+[-x]\s+\d")


def _hedges_values(sentence: str) -> bool:
    """Whether a sentence the reader read no value in states two values or more with words
    of Chinese, Japanese or Korean that hedge them (`numerals.CJK_HEDGES`: "大约30或者35",
    "おそらく8個、でも10個かもしれません"): values it weighs, not none."""
    return len(set(_DIGITS.findall(sentence))) > 1 and CJK_HEDGED.search(sentence) is not None


_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def _ends_in_output(body: str) -> bool:
    """Whether `body` ends with a program's output (```` ```output ````, as tool-integrated
    reasoning writes it). What a program printed is the program's: a completion that goes on
    after it with words that state no value ("The code output above gives the value we
    need.", "This confirms the computation.") never states its answer. One that ends with
    the output (a program of thought and what it printed) is read by the output."""
    opened = body.rfind("```", 0, len(body) - 3)
    if opened == -1 or body.count("```", 0, opened) % 2:
        return False  # (the last fence closes no block: an odd one out)
    return body.startswith("output", opened + 3) and body[opened + 9 : opened + 10] in "\n \t"


# The end of a text cut off mid-sentence: words after its last sentence's end, no value.
_UNFINISHED = re.compile(r"(?:^|[.!?:]\s|\n)([^.!?:\n]*[A-Za-z,]\Z)")
_CLOSING_WORDS = re.compile(r"\W*(?:good\s+luck|cheers|thanks|thank\s+you|best|enjoy|happy)\b",
                            re.IGNORECASE)


_OPENERS = frozenset("$(*_:{[")  # the last character of what opens an answer
_OPENING_TAIL = re.compile(r"(?:\s*(?:\$\$?|\\\(|\\\[|\*\*?|_|\(|:|\\boxed\{|\\fbox\{))+\s*\Z")


def stops_mid_sentence(text: str) -> bool:
    """Whether the text stops in the middle of a sentence that states nothing ("Ben has",
    "So the total is"), as a completion cut at its token limit does: whatever it restated
    before is no answer. A closing line without a period ("Hope this helps") is no cut."""
    end = text.rstrip()
    if end[-1:] in _OPERATORS and end[-2:-1] != end[-1:] or end.endswith(("\\times", "\\cdot")):
        return True  # "Average = (80 + 60 + ": cut inside a calculation (not "C++")
    if "$" in (line := end[end.rfind("\n") + 1 :]) and _opens_math(line):
        return True  # "So $x = 3": cut inside the math it opened (not "She pays $12")
    if end[-1:] in _OPENERS and (bare := _OPENING_TAIL.sub("", end)) != end and (
            bare[-1:].isalpha()):
        end = bare  # "The answer is $", "... is: **", "... is $\\boxed{": cut as it opened
    if not end[-1:].isalpha() and not end.endswith(","):
        return False  # the usual ending: a period, a value, math or markup
    m = _UNFINISHED.search(end, max(0, len(end) - MAX_ANSWER))
    if m is None:
        return False
    fragment = m.group(1)
    return (len(fragment.split()) >= 2 and (
                _HAS_VALUE.search(fragment) is None or _DANGLING.search(fragment) is not None)
            and not _SIGNING_OFF.match(fragment) and not _CLOSING_WORDS.match(fragment)
            and not _SIGNATURE.fullmatch(fragment.strip()))


_OPERATORS = frozenset("+×÷=(")  # what no sentence or calculation ends with


def _opens_math(line: str) -> bool:
    """Whether the line leaves inline math open: an odd count of `$`, the last one opening
    math (a letter or a command, then an equation or a command, and no sentence's end), not
    a currency sign before an amount nor math closed before words ("for $h$ hours, so 40.")."""
    if line.replace("\\$", "").count("$") % 2 == 0:
        return False
    after = line[line.rfind("$") + 1 :].strip()
    return (after[:1].isalpha() or after[:1] == "\\") and (
        "=" in after or "\\" in after or "^" in after) and after[-1:] not in ".!?"


# The last words of a clause cut off after its values ("so far the total is 8, and next we
# need to"): no sentence ends on them, so the values were not its conclusion.
_DANGLING = re.compile(r",?\s+(?:and|or|but|so|then|next|we|to|the|a|an|of|by|for|with|from|into"
                       r"|that|which|if|because|than|is|are|was|were|will|would|can|must|should"
                       r"|need|needs|has|have|had|be)\Z", re.IGNORECASE)


# What may join the values of a list in prose: commas, and one `and` or `or`; between math,
# in another language too ("$x = 1$ hoặc $x = 6$", "$x = 1$ o $x = 6$"; between bare numbers
# its words mean other things: Polish "z 15 o 5", "by 5"; `hedges` reads those).
_JOIN = re.compile(r"[\s,;]*(?:(and|or)\b)?[\s,;]*", re.IGNORECASE)
_OR_WORDS = frozenset((
    "or", "o", "ou", "oder", "или", "або", "hoặc", "atau", "veya", "lub", "albo", "nebo", "alebo",
    "of", "eller", "tai", "vagy", "sau", "ή", "או", "یا", "या", "或", "或者", "または", "또는",
    "หรือ", "au"))
_AND_WORDS = ("and|y|e|et|und|и|і|та|và|dan|ve|i|oraz|a|en|och|og|ja|és|și|και|و|और|和|及|と|및"
              "|na")
_MATH_JOIN = re.compile(r"[\s,;]*(?:(" + "|".join(sorted(_OR_WORDS, key=len, reverse=True))
                        + "|" + _AND_WORDS + r")(?!\w))?[\s,;]*", re.IGNORECASE)


def _run(sentence: str, maths: list[re.Match[str]], k: int,
         text_of: Callable[[re.Match[str]], str] | None = None) -> tuple[int, int, str] | None:
    """(first, last, the list) when the math `maths[k]` is one of several values joined only
    by commas, `and` or `or` ("the solutions are $x = 1$ and $x = -1$"): the sentence states
    them all, joined by commas, its `and` and `or` kept for the checker to read (a list, or
    alternatives against a gold of one value). None for a value that stands alone.
    `text_of`: a value's text (for math, what is inside its delimiters)."""
    join = _JOIN if text_of else _MATH_JOIN
    text_of = text_of or _math
    joins = [join.fullmatch(sentence, a.end(), b.start()) for a, b in pairwise(maths)]
    first = last = k
    while first > 0 and joins[first - 1] is not None:
        first -= 1
    while last < len(joins) and joins[last] is not None:
        last += 1
    if first == last:
        return None
    value = text_of(maths[first])
    for j in range(first, last):
        word = joins[j].group(1)  # type: ignore[union-attr]
        word = word and ("or" if word.lower() in _OR_WORDS else "and")
        value += (f" \\text{{ {word} }} " if word else ", ") + text_of(maths[j + 1])
    return first, last, value


def _whole(m: re.Match[str]) -> str:
    return m.group().strip()


def _math(m: re.Match[str]) -> str:
    return (m.group(1) or m.group(2)).strip()


# A closing paragraph that states something: a number, math, a choice's letter (`(b)`, `B`,
# but not the pronoun `I`).
_STATES_SOMETHING = re.compile(r"[\d\\$]|\([A-Za-z]\)|(?<![\w'’])(?!I(?![\w'’]))[A-Z](?![\w'’])")
# Of those, the ones a sign-off ("Let me know if you want me to check another one.") may
# not hold and still sign off: "I hope this is right, but I'm not sure."
_TAKES_BACK = re.compile(r"\b(?:wait|but|however|actually|not|never|wrong|incorrect|mistakes?"
                         r"|errors?|unsure|uncertain|probably|maybe|perhaps|possibly|guess\w*"
                         r"|oops|sorry|doubts?|instead)\b", re.IGNORECASE)
# Words that may take back or doubt what came before: such a paragraph is never skipped.
_DOUBTING = re.compile(
    r"\b(?:wait|but|however|actually|hmm+|no|not|never|wrong|incorrect|mistakes?|errors?|sure"
    r"|right|correct(?:ion)?|check|again|instead|though|although|unless|answer|oops|sorry"
    r"|probably|likely|maybe|perhaps|possibly|might|may|could|guess|unsure|uncertain|doubts?"
    r"|confident|seems?|off|different(?:ly)?|reflection|assum\w*|ambigu\w*|mis\w+|suspicious"
    r"|too|redo|recount|revisit|estimat\w*|approx\w*|rough\w*|guess\w*|kidding|joking|nope"
    r"|ignore|disregard|scratch"
    r"|re(?:check|consider|calculate|compute|do|think|visit|evaluate))"
    r"\b|n't|\?", re.IGNORECASE)
SIGN_OFFS = 3  # closing paragraphs that state nothing, skipped to find the final statement


def without_sign_offs(body: str, skip_checks: bool = False, remarks: bool = True) -> str:
    """`body` without the closing paragraphs that state no value ("I hope this helps!",
    "Let me know if you have questions.", "Note: all values are in dollars."): the final
    statement is the one before them. A paragraph that states a value, doubts or takes
    anything back ("Wait, that is wrong.", "Is that right?") is never skipped. Not
    `remarks`: only paragraphs that sign off are (for multiple choice, where a last
    paragraph with no value in it may name the choice by its text: "The best fit is
    clearly **studying**.")."""
    for _ in range(SIGN_OFFS):
        para = body.rfind("\n\n", max(0, len(body) - MAX_ANSWER))
        if para == -1:
            return body
        last = body[para:]
        if skip_checks and _checks(last):
            body = body[:para].rstrip()  # "Verification: 2 × 5 = 10 ✓": the answer was before
            continue
        if not remarks:
            if not _signs_off(last):
                return body
        elif _DOUBTING.search(last) and not _offers(last) and not (
                _signs_off(last) and not _TAKES_BACK.search(last)) or (
                _STATES_SOMETHING.search(last) or _SPELLED.search(last)) and not _signs_off(last):
            return body  # (a count in words states one: "Maria has twenty-seven pencils left.")
            # ("Let me know if you want me to check another one." signs off)
        body = body[:para].rstrip()
    return body


def _signs_off(paragraph: str) -> bool:
    """Whether every sentence of `paragraph` offers help ("I hope this helps! Let me know if
    you have questions about the 3 bags.", "Want me to show another method?"), or it is a
    signature ("— Solved with care, 2024")."""
    if _SIGNATURE.fullmatch(paragraph.strip()) or _CITATION_LINE.fullmatch(paragraph.strip()):
        return True
    return all(_SIGNING_OFF.match(p) or _offer(p) for p in _SENTENCE_END.split(paragraph.strip())
               if p)


def _offer(sentence: str) -> bool:
    """Whether a sentence asks to do more for the reader ("Want me to show another method?",
    "Would you like me to convert it to hours?", "Shall I walk through it?"), with no value
    and no word that revisits the answer ("Should I change my answer to 62?", "Could I have
    miscounted?", "Would you like me to explain why it's really 62?")."""
    return sentence.endswith("?") and _OFFERING.match(sentence) is not None and (
        _REVISITS.search(sentence) is None) and not any(c.isdigit() for c in sentence)


def _offers(paragraph: str) -> bool:
    """Whether a paragraph that asks something only offers more (`_offer`), each sentence an
    offer or a sign-off: its question mark doubts nothing."""
    return "?" in paragraph and _signs_off(paragraph)


# An offer to do more: "(Do you) want me to", "Would you like (me) to", "Shall I" or "Should
# I" and a verb of explaining or extending, "Is there anything else ...", "Any other
# questions?".
_OFFERING = re.compile(
    r"\W*(?:(?:do\s+you\s+)?want\s+me\s+to|would\s+you\s+like\s+(?:me\s+to|to\s+see|a|an)"
    r"|(?:shall|should|can)\s+I\s+(?:also\s+)?(?:show|explain|walk|break|convert|draw|make|write"
    r"|create|go\s+through|list|extend|scale|work\s+out|solve\s+a|try\s+a|give\s+you|help)"
    r"|(?:is\s+there\s+)?anything\s+else|any\s+(?:other|more)\s+questions"
    r"|need\s+(?:anything\s+else|more\s+help))\b", re.IGNORECASE)
# Words by which an offer revisits the answer: then it is no sign-off ("Do you want me to fix
# the mistake?", "Would you like me to explain why it's really 62?").
_REVISITS = re.compile(r"\b(?:wrong|incorrect|mistakes?|errors?|oops|sorry|actually|wait|unsure"
                       r"|uncertain|sure|doubt|fix|correct|answer|instead|really|revise|change"
                       r"|update|miscount\w*|recount|recheck|double-check|again|redo|rather)\b",
                       re.IGNORECASE)


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
# Where a value holds, right after it: "12 when x = 2", "12, attained at x = 2".
_HOLDS_WHERE = re.compile(
    r"[^.;=]{0,16}?\b(?:when|whenever|where|if|attained|achieved|occurs?)\b", re.IGNORECASE)
_WHY = re.compile(r",?\s+\(?(?:since|because|given\s+that)\b", re.IGNORECASE)  # a reason
# A copula that states a value, not a passive ("when $2^{10}$ is divided by 7"), and the
# space before the value it states.
# (an approximation's word is passed over too: it stays in the value's lead, which hedges)
_PREDICATE = re.compile(r"\b(?:is|are|was|were|equals)\b(?!\s+(?:\w+ed|given|written|taken"
                        r"|chosen|known|shown|done|seen|found)\b)\s+(?:(?:exactly|just|then"
                        r"|therefore|thus|now|approximately|about|roughly|around|nearly"
                        r"|almost)\s+)?(?=[-−]?\d)", re.IGNORECASE)
_CONCLUDES = re.compile(r"\b(?:so|therefore|thus|hence)\b|=", re.IGNORECASE)
_PLAIN_AMOUNT = re.compile(r"\$?[ \t]*(\d[\d,]{0,15}(?:\.\d{1,6})?)")
_AMOUNTS = re.compile(r"\d[\d,]*(?:\.\d+)?")
# An operation before a line's `=` (`4 × $50 =`, `5 hours × $45 =`, `25 + 8 + 4 =`; not a
# given's `Seats per row = 8`), looked for in the COMPUTED_REACH characters before it.
_ARITHMETIC = re.compile(r"[\d)][^\n=]{0,30}?(?:[-+×*/÷]|x\b|\\times|\\cdot)[ \t]*\$?[ \t]*[\d(]")
COMPUTED_REACH = 110
_TOTAL_LABEL = r"\b(?i:total|sum|altogether|in all)\b[^\n\d=]{0,30}?"


def _worked_result(work: str, sentence: str, said: str) -> bool:
    """Whether the closing `sentence`, whose one number is the amount `said`, restates a result
    of `work`: the amount a computation gives (`4 × 50 = 200`), or a total's label gives below
    a line of numbers (`Gas: $30` ... `Total spent: $68`); not a given that opens the work
    (`Total time available = 90 minutes`), nor one listed as `Each box = 5 kg`."""
    if (amount := _PLAIN_AMOUNT.fullmatch(said)) is None or len(_AMOUNTS.findall(sentence)) != 1:
        return False
    # (the amount ends its number and is no operand: "of the total: 100 × 0.25")
    value = r"[ \t]*\$?[ \t]*" + re.escape(amount.group(1)) + (
        r"(?![\d,]*\.?\d)(?![ \t]*(?:[-+×*/÷=]|x\b|\\times|\\cdot))")
    for equals in re.finditer("=" + value, work):
        reach = max(0, equals.start() - COMPUTED_REACH)
        if _ARITHMETIC.search(work, work.rfind("\n", reach, equals.start()) + 1 or reach,
                             equals.start()):
            return True
    # (below the work's first line with a number)
    if (digit := _HAS_DIGIT.search(work)) is None or (lead := work.find("\n", digit.end())) == -1:
        return False
    return re.compile(_TOTAL_LABEL + value).search(work, lead) is not None


# "**Total: 40 €**"; in another script only the word for "answer" ("**Απάντηση: 16**",
# "**תשובה סופית: 2,450 ספרים**"; not "**Дано: 16 яблок**", the givens).
_BOLD_LABEL = re.compile(
    r"\s*(?:[A-Z][A-Za-z ]{0,30}|(?=[^\n:：]{0,30}(?i:ответ|відповід|απάντησ|תשוב|پاسخ|odpov"
    r"|odpowied|odgovor|отговор|جواب|الإجابة|răspuns|vastau|vastus|válasz|svar|đáp|答|정답|उत्तर))"
    r"[^\W\d_]+(?: [^\W\d_]+){0,3})[ \t]*[:：]\s*(?=\S)")  # (case-blind: the words only)
_BOLD_PLACE = re.compile(r"\s*(?i:day|week|month|year|page|floor|level|round|lap|row|chapter"
                         r"|game|stop|station)\s+(?=\d+\s*$)")
_BARE_DELIMITERS = re.compile(r"\\[\[\]()]|\$")


_CITATION = re.compile(r"(?<=[.!?])\[\^?\d{1,3}\]\Z")  # a reference mark after a sentence's end


# An interval in prose, with a square bracket or an infinity (an open pair of numbers may be
# a point): "[-2, 8)", "(-∞, 2]", "(-inf, 2]", "[1, infinity)".
_INFINITY = r"(?:∞|\\infty|inf(?:inity)?\b)"
_END = rf"(?:[-−+]?\s*{_INFINITY}|[-−]?\d+(?:,\d{{3}})*(?:\.\d+)?(?!\d))"
_INFINITY_WORD = re.compile(_INFINITY)  # (compiled: the re module's cache is full)
_PROSE_INTERVAL = re.compile(rf"(?<![\w$\\])([\[(])\s*({_END})\s*,\s*({_END})\s*([\])])")


def _prose_interval(sentence: str) -> tuple[re.Match[str], str] | None:
    """The sentence's last interval in prose and its LaTeX, when it has a square bracket or
    an infinity and no number follows it."""
    found = None
    for m in _PROSE_INTERVAL.finditer(sentence):
        found = m
    if found is None or _HAS_DIGIT.search(sentence, found.end()) or not (
            "[" in found.group(1) + found.group(4) or "]" in found.group(4) or "inf" in (
            found.group()) or "∞" in found.group()):
        return None
    ends = [_INFINITY_WORD.sub(r"\\infty", e.replace("−", "-").replace(" ", "").replace(",", ""))
            for e in found.group(2, 3)]
    return found, f"{found.group(1)}{ends[0]}, {ends[1]}{found.group(4)}"


_HAS_DIGIT = re.compile(r"\d")


def _sentence_value(sentence: str, start: int, text: str) -> Extraction | None:
    """The value a sentence states: bold, else inline math, else the first number after its
    last `=` (a calculation's result), else a number. Of several, the first after the
    sentence's first copula ("The maximum is $1$ when $x = 0$" states 1), else the last."""
    if "∴" in sentence or "\\therefore" in sentence:
        # "$3x = 5$, $\\therefore x = \\frac{5}{3}$", "∴ d = √5": what follows the last
        # "therefore" sign is the conclusion (inside math, its `$` opened before it)
        mark = max(sentence.rfind("∴"), sentence.rfind("\\therefore"))
        after = mark + (1 if sentence[mark] == "∴" else len("\\therefore"))
        if sentence.count("$", 0, mark) % 2:
            return _sentence_value("$" + sentence[after:], start + after - 1, text)
        return _sentence_value(sentence[after:], start + after, text)
    if sentence.endswith("]") and (cite := _CITATION.search(sentence)) is not None:
        sentence = sentence[: cite.start()]  # "She needs 6 hours.[^1]": a footnote's mark
    end = start + len(sentence.rstrip().rstrip("."))
    if "\\boxed" in sentence or "\\fbox" in sentence:
        return None  # a box the box extractor could not read is cut off, not an answer
    if "<<" in sentence:
        sentence = _CALCULATOR.sub("", sentence)  # positions below index this copy only
    closing = min(len(text), end + 1) if text[end : end + 1] == "." else end
    bold = [m for m in _BOLD.finditer(sentence) if _HAS_VALUE.search(m.group(1))]
    if bold:
        inner = bold[-1].group(1)
        prose = _INLINE.sub(" ", inner) if "$" in inner or "\\(" in inner else inner
        if "\\" not in prose and len(_WORDS.findall(prose)) >= SENTENCE_WORDS:
            # "**The total cost is 12 dollars.**", "**So the area is $\\frac{25}{2}$.**": a
            # sentence in bold states its value as any sentence does, not its words.
            inner = inner.strip().rstrip(".")
            found = _sentence_value(inner, 0, inner)
            if found is not None:
                return found._replace(end=closing)
        if (label := _BOLD_LABEL.match(inner) or _BOLD_PLACE.match(inner)) is not None and (
                _HAS_VALUE.search(inner, label.end())):
            # "**Total: $59.00**": the label is no part of it; nor the noun of a place in a
            # sequence, "on **day 8**"
            inner = inner[label.end() :]
        return _value_at(sentence, bold[-1], inner, closing)
    inline = [m for m in _INLINE.finditer(sentence) if _HAS_VALUE.search(m.group(1) or m.group(2))]
    if len(inline) > 1 and (then := _last_conclusion(sentence)) is not None and (
            inline[0].start() < then <= inline[-1].start()):
        # "The common factors are $3$ and $7$, so the gcd is $21$.": the conclusion states it
        found = _sentence_value(sentence[then:], start + then, text)
        if found is not None:
            return found
    if inline and (cop := _PREDICATE.search(sentence, inline[0].end())) is not None and (
            value := _NUMBER.match(sentence, cop.end())) is not None:
        # "So the coefficient of $x^2$ is 80.", "the remainder when $2^{10}$ is divided by 7
        # is 2", "$f(2)$ is 5 when $x = 1$": the math names what the value is of, or when;
        # the value follows the copula in prose
        return _value_at(sentence, value, value.group(), closing)
    if inline and (why := _WHY.search(sentence)) is not None and (
            _NUMBER.search(sentence, 0, why.start()) and not _INLINE.search(
                sentence, 0, why.start())):
        # "Hence x = 4 (since $2^5 = 32$).": a value, then the math of its reason
        return _sentence_value(sentence[: why.start()], start, text)
    if inline:
        m = _stated(sentence, inline)
        if len(inline) > 1 and (run := _run(sentence, inline, inline.index(m))) is not None:
            return _value_at(sentence, inline[run[1]], run[2], closing, inline[run[0]].start())
        if m is inline[-1] and (said := _RESTATED_IN_WORDS.match(sentence, m.end())) is not None:
            # "$f(-2) = -4 + 1$, which is negative five.": the words say what the math is (a
            # sign in words given as a sign: "minus" alone reads as an operation)
            worded = spelled_value(said.group(1))
            return _value_at(sentence, said, said.group(1) if worded is None or worded >= 0
                             else str(worded), closing)
        if m is inline[-1] and (said := _MATH_IS_WORDS.match(sentence, m.end())) is not None and (
                latex := math_in_words(said.group(1))) is not None:
            # "$\\sqrt{12}$ simplifies to three root two.", "$\\cos 45^\\circ$ equals the
            # square root of three over two": the math is what the sentence speaks of, the
            # words its value (words not read whole, "is the root", "is one solution", say
            # what the math is: its value stands)
            return _value_at(sentence, said, latex, closing)
        math = _math(m)
        rhs = math.rsplit("=", 1)[-1].strip() if "=" in math and "\\" not in math else math
        return _value_at(sentence, m, rhs, closing)
    if ("[" in sentence or "]" in sentence or "∞" in sentence or "inf" in sentence) and (
            interval := _prose_interval(sentence)) is not None:
        # "The range is [1, ∞).", "So x is in [-2, 8).": an interval written in prose, its
        # brackets part of the value (not the pair -2, 8)
        return _value_at(sentence, interval[0], interval[1], closing)
    if "\\" in sentence and not _WORDS.search(sentence):
        bare = sentence.strip().rstrip(".").strip()  # bare LaTeX: \frac{1}{3}
        if _HAS_VALUE.search(_BARE_DELIMITERS.sub("", bare)):
            return Extraction(bare, closing)
        return None
    if (reason := _REASON.search(sentence)) is not None and _NUMBER.search(
            sentence, 0, reason.start()) is not None and not _LEADS_ON.search(
            sentence, 0, reason.start()) and not _CLAUSE_AFTER.search(sentence, reason.end()):
        # "There are 42 seats in all, since each of the 6 rows has 7": the reason after the
        # stated value is no part of it.
        sentence = sentence[: reason.start()]
    if (more := _ELABORATION.search(sentence)) is not None and _NUMBER.search(
            sentence, 0, more.start()) is not None and not _CONCLUDES_AFTER.search(
            sentence, more.end()) and (more.group()[0] != ":" or len(
            _NUMBER.findall(sentence, more.end())) >= 2):
        # (a colon goes on to a breakdown of two values or more; before one value it is a
        # label's: "Answer to question 7: 90")
        # "So 3 of the 24 slices are left over after the 7 guests eat 21.", "... pays $46
        # altogether: $32 for the adults and $14 for the children": the value, then how the
        # givens relate to it
        sentence = sentence[: more.start()]
    elif (parts := _parts_after(sentence)) is not None:
        sentence = sentence[:parts]  # "... 125 stickers (Pete's 20, Omar's 35 and Nina's 70)."
    if (then := _last_conclusion(sentence)) is not None and (
            _NUMBER.search(sentence, then) or _SPELLED.search(sentence, then)):
        # "9/20 = 0.45, so the discount is 45%", "6 of the 36 outcomes, so the probability is
        # 1/6", "She buys 3 packs, so she has twelve apples.": the last conclusion states it
        found = _sentence_value(sentence[then:], start + then, text)
        if found is not None:
            return found
    equals = sentence.rfind("=")
    if "→" in sentence and (arrow := sentence.rfind("→")) > equals and (
            _TO_PERCENT.match(sentence, arrow + 1)) is not None:
        equals = arrow  # "15 / 60 = 0.25 → 25 %": the result as the percent asked
    hit = _NUMBER.search(sentence, equals + 1) if equals != -1 else None
    if hit is not None and (cop := _PREDICATE.search(sentence)) is not None and (
            said := _NUMBER.match(sentence, cop.end())) is not None and (
            cop.start() > equals or _HOLDS_WHERE.match(sentence, said.end(), equals)):
        # "At t = 3 the height is 45.", "The minimum is 12, attained at x = 2.", "0.4, which
        # is 40%": the `=` sets a condition, or came before; the copula states the value
        hit = said
    if hit is None:
        # (its last MAX_CANDIDATES numbers: each is weighed against the others, and a
        # "sentence" of thousands, `1,1,1,...`, took seconds; no statement names so many)
        numbers = list(_NUMBER.finditer(sentence))[-MAX_CANDIDATES:]
        if not numbers:
            return _spelled_value(sentence, closing)
        if _SPELLED.search(sentence) and len(spelled := _spelled_counts(sentence)) == 1 and (
                ":" not in sentence[spelled[0].end() :]) and _STATED_IN_WORDS.search(
                sentence, max(0, spelled[0].start() - 16), spelled[0].start()) is None and (
                not _PART_AFTER.search(sentence, spelled[0].start(), spelled[0].end() + 12)):
            # "After taking $5 off, Paul pays seventy dollars.": a value in words is as much a
            # candidate as one in digits, but a count that announces a list ("two answers:
            # 100 and 110"), one a preposition or a verb's -ing form takes ("on three trips",
            # "feeding three dogs": what the problem gave) and a part ("two thirds of an
            # hour"); several in words ("eleven or twelve") are read as before
            numbers = sorted([*numbers, spelled[0]], key=lambda m: m.start())
        hit = _stated(sentence, numbers)
        # "The solutions are 1 and -1.": numbers joined by commas, and, or that end the
        # sentence are a list, as in math; words after them ("3 and 4 pears") are not.
        if len(numbers) > 1 and (run := _run(sentence, numbers, numbers.index(hit), _whole)) \
                and not _WORDS.search(sentence, numbers[run[1]].end()):
            return _value_at(sentence, numbers[run[1]], run[2], closing, numbers[run[0]].start())
    if (both := _compound_at(sentence, hit)) is not None:
        return _value_at(sentence, both, both.group(), closing)  # "7 hours and 45 minutes"
    if not sentence.isascii() and (sections := _sections_at(sentence, hit)) is not None:
        return _value_at(sentence, sections, sections.group(), closing)  # "1만 6천 원"
    return _value_at(sentence, hit := _result_after(sentence, hit), hit.group(), closing)


_HAN_UNIT = re.compile(r"[万萬亿億千百]")
CJK_HEDGED = re.compile(CJK_HEDGES)


def _sections_at(sentence: str, m: re.Match[str]) -> re.Match[str] | None:
    """The number in sections of myriads and thousands (`numerals.SECTIONS_IN`: "1만 6천",
    "25万3500") the number `m` is part of, or None."""
    if CJK_HEDGED.search(sentence):
        return None  # "1만 6천 원 정도입니다": about that much
    for sections in SECTIONS_IN.finditer(sentence, max(0, m.start() - 24), m.end() + 24):
        if sections.start() <= m.end() and m.start() < sections.end():
            # (Chinese and Japanese write a number's sections without spaces: "1万 2个月" is
            # ten thousand, then two months)
            return None if " " in sections.group() and _HAN_UNIT.search(
                sections.group()) else sections
    return None


def _compound_at(sentence: str, m: re.Match[str]) -> re.Match[str] | None:
    """The quantity in two units (`numeric.COMPOUND`) the number `m` is part of, or None."""
    if m.end() - m.start() > 12:
        return None  # no part of a compound (seven digits at most): a long run of digits
    at = m.end() - len(m.group().lstrip())  # (a number's match may take the space before it)
    for both in COMPOUND.finditer(sentence, max(0, at - 40), m.end() + 40):
        if both.start() > at:
            break
        if m.start() < both.end() and compound(both.group()) is not None:
            return both
    return None


# A count in words ("So she has three apples left."), read only in a sentence without digits
# and with no other count; not "one" (no one, each one, one of them) nor a fraction
# ("two-thirds").
# (numeric's number words: a tens word with an optional unit after it, else a unit from two
# on or a teen; zero and one never stand alone.)
_SPELLED = re.compile(
    rf"\b(?:(?:{'|'.join(TENS_WORDS)})(?:[-\s]+(?:{'|'.join(list(UNIT_WORDS)[1:])})\b)?"
    rf"|{'|'.join([*list(UNIT_WORDS)[2:], *TEEN_WORDS])}"
    r"|(?:half\s+)?an?(?=\s+dozen\b))"  # "a dozen" (not "a hundred percent", "a million")
    r"(?:\s+(?:hundred|thousand|million|dozen))?\b(?![-'’])", re.IGNORECASE)


# A conclusion drawn in the sentence's own last clause: ", so ...", "; therefore ...".
_CONCLUSION = re.compile(r"[,;:]\s*(?:and\s+)?(?:so|therefore|thus|hence|which\s+means(?:\s+that)?)"
                         r"\b(?!\s+(?:that|far|on|much|many)\b)[,\s]*", re.IGNORECASE)


def _last_conclusion(sentence: str) -> int | None:
    """Where the sentence's last conclusion clause starts (after its `, so`; in another
    language, its ", så", "，所以", "، پس"), or None."""
    found = None
    if "so" in sentence or "th" in sentence or "hence" in sentence or "means" in sentence:
        for found in _CONCLUSION.finditer(sentence):  # noqa: B007 - the last one is kept
            pass
    if found is None and (not sentence.isascii() or "," in sentence):
        for found in _CONCLUSION_IN_OTHER.finditer(sentence):  # noqa: B007
            pass
    return found.end() if found is not None else None


# ", so" in other languages, after a comma or a colon ("3 / 12 = 0,25 t, så turen tar høyst
# 15 minutter", "4 × 6 = 24，所以小刚至少有24张"); not words that are English too ("also").
_CONCLUSION_IN_OTHER = re.compile(
    r"[,;:，、；：،]\s*(?:(?:så|takže|tak|jadi|maka|kaya|kung\s+kaya|donc|alors|daher|somit|dus"
    r"|zodat|quindi|dunque|perciò|por\s+lo\s+tanto|así\s+que|entonces|portanto|então|więc"
    r"|zatem|deci|așadar|tehát|így|joten|siis|altså|dermed|bu\s+yüzden|dolayısıyla|yani"
    r"|vì\s+vậy|do\s+đó|nên|vậy|hivyo|kwa\s+hiyo|поэтому|значит|так\s+что|отже|тому"
    r"|επομένως|άρα|לכן|لذلك|إذن|لذا|پس|بنابراین|इसलिए|अतः|তাই|সুতরাং)(?![^\W\d_])"
    r"|所以|因此|因而|于是|於是|だから|したがって|따라서|그래서|ดังนั้น)[,，、\s]*", re.IGNORECASE)


_NUMBER_WORD = "|".join([*TENS_WORDS, *TEEN_WORDS, *list(UNIT_WORDS)[1:]])
_SCALE_WORD = "hundred|thousand|million|billion|dozen"
_PART_WORD = ("halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?"
              "|ninths?|tenths?")
_ONE_NUMBER = rf"(?:{_NUMBER_WORD})(?:[-\s]+(?:{_NUMBER_WORD}))?"  # "twenty-one", "forty two"
# A value in words, whole: a number with its scales ("three hundred sixty", "one thousand two
# hundred and ten"), a part ("one half", "three quarters", "two-thirds"), zero, a sign
# ("negative three"). A bare "one" is a pronoun as often as a count: it is no value alone.
_SPELLED_VALUE = re.compile(
    rf"\b(?:(?:negative|minus)\s+)?(?:zero|(?:{_ONE_NUMBER}|an?)[-\s]+(?:{_PART_WORD})"
    rf"|(?:{_ONE_NUMBER}|(?:half\s+)?an?(?=\s+dozen\b))"  # "a dozen" (not "a million thanks")
    rf"(?:\s+(?:{_SCALE_WORD})(?:(?:\s+and)?\s+{_ONE_NUMBER}(?!\s+and\b))?)*"
    r"(?:\s+and\s+(?:an?|one|three)\s+(?:half|quarters?))?)"  # "seven and a half"
    r"\b(?![-'’])", re.IGNORECASE)

# After math, its value again in words: "$-4 + 1$, which is negative five", "(that is,
# twelve)".
_RESTATED_IN_WORDS = re.compile(r"\s*[,(]?\s*(?:which\s+is|that\s+is|i\.e\.)[,:]?\s+("
                                + _SPELLED_VALUE.pattern + r")(?=[\s.)!]*\Z)", re.IGNORECASE)
# (the words end the sentence: "which is two more than the last" restates nothing)
# After the sentence's last math, a verb and its value in words to the sentence's end ("$\sqrt
# {12}$ simplifies to two root three."): no math, digit or clause after them.
_MATH_IS_WORDS = re.compile(
    r"\s+(?:is|equals|simplifies\s+to|reduces\s+to|evaluates\s+to|comes\s+(?:out\s+)?to"
    r"|works\s+out\s+to|becomes)\s+(?:exactly\s+|simply\s+|just\s+)?("
    rf"(?:the\s+)?(?:(?:negative|minus)\s+)?(?:{_ONE_NUMBER}|zero|half|an?\s+(?:half|third"
    r"|quarter)|(?:square|cube)\s+root|root|pi)\b[^$\\\d,;:]{0,60}?)[\s.!]*\Z", re.IGNORECASE)


def _spelled_value(sentence: str, closing: int, after: int = 0) -> Extraction | None:
    """The one value spelled out in the sentence (from `after`), or None."""
    found = _spelled_counts(sentence, after)
    if len(found) > 1:  # "Split over six months, each payment is sixty dollars."
        found = [m for m in found if not _referenced(sentence, m, found)]
    if len(found) != 1:  # none, or "two of the three": no one count
        return None
    return _value_at(sentence, found[0], found[0].group(), closing)


def _spelled_counts(sentence: str, after: int = 0) -> list[re.Match[str]]:
    """The values spelled out in the sentence (from `after`). A count after "the" or a
    possessive ("over the two days", "her three friends") names what the problem gave, not
    a value the sentence states."""
    found = [m for m in _SPELLED_VALUE.finditer(sentence, after) if m.group().lower() != "one"
             and not _GIVEN_COUNT.search(sentence, max(0, m.start() - 12), m.start())]
    if len(found) > 1 and any(_A_SCALE.match(m.group()) for m in found):
        # "A dozen costs $3, so ... you can buy twenty-four eggs": "a dozen" is a count only
        # where no other is named
        found = [m for m in found if not _A_SCALE.match(m.group())] or found
    return found


_A_SCALE = re.compile(r"(?:half\s+)?an?\s+dozen\Z", re.IGNORECASE)  # (`_SPELLED_VALUE`'s only)


# Words before a count in words that make it what the problem gave, not a value stated: a
# preposition ("on three trips", "between three friends"), a verb's -ing form ("feeding
# three dogs", "buying three shirts").
_STATED_IN_WORDS = re.compile(
    r"\b(?:on|in|for|between|among|with|over|at|by|from|of|per|into|across|during|after"
    r"|before|within|\w+ing)\s+\Z", re.IGNORECASE)
_PART_AFTER = re.compile(r"[-\s]+(?:halves|half|thirds?|quarters?|fourths?|fifths?|sixths?"
                         r"|sevenths?|eighths?|ninths?|tenths?)\b", re.IGNORECASE)


# (also a label's number, "on day three", "in step two")
_GIVEN_COUNT = re.compile(r"\b(?:the|these|those|its|their|his|her|our|my|your|day|week|month|year"
                         r"|step|part|round|level|stage|phase|chapter|page|grade|number|case"
                         r"|option|choice|problem|question|game|row|line)\s+\Z",
                         re.IGNORECASE)


def sentence_value(text: str) -> Extraction | None:
    """The value one sentence states, read as a final statement is (its main clause, then
    its value with the words around it): a marker's answer written as a sentence ("Answer:
    She has 12 apples left."). None when it states none, or asks or restates the problem."""
    # A sentence opens with its subject ("She has 12 apples left"); an answer that opens
    # with its value ("42 (after tax)", "twelve max") is a value with words after it.
    # (English words only: a review found sentences in other scripts read past their own
    # words that bound or doubt the value, "больше 18", "कम से कम 18", "xấp xỉ 18")
    if not text[:1].isalpha() or _SPELLED.match(text) or len(_WORDS.findall(text)) < SENTENCE_WORDS:
        return None
    if "(" in text and _HAS_VALUE.search(bare := _ASIDE.sub(" ", text)):
        text = bare  # "She pays $46 (8 × 5 + 8 × 3 = 64, ...)": an aside is no statement
    told = _told(text)
    if told is None or not told[1]:
        return None
    return _sentence_value(told[1], told[0], text)


_ASIDE = re.compile(r"\s*\([^()]*\)")


# A premise the sentence starts from ("Given that the total is 42, ...", "Since the class
# has 42 students, ..."): its numbers are what the problem gave, not what the sentence
# states, which is its main clause after the premise's comma or `then` (a premise without
# one is read whole: "If we subtract 8 from 50 we get 42."). A report of the problem ("We
# are told ...", "The question asks ...") states only what follows its `so`, `which is` or
# `=`.
_PREMISE = re.compile(
    r"\W*(?:(?:so|now|and|well|here|first|also)\W+)?(?:(?P<clause>given(?:\s+that)?|since|if|when"
    r"|once|suppose|supposing|assuming|assume|because|provided(?:\s+that)?"
    r"|should(?=\s+(?:the|my|our|your)\s+(?:\w+\s+)?answer\s+be\b))"
    r"|(?P<report>we\s+(?:are|were)\s+(?:told|given|asked)|the\s+(?:question|problem|task)\s+(?:asks"
    r"|says|states|tells|gives|wants|said|stated|told\s+us|gave|asked|wanted)|recall"
    r"|(?:to\s+)?recap(?:ping)?(?:\s+the\s+(?:question|problem))?"
    r"|(?<![\w,] )we\s+(?:also\s+)?know(?:\s+that)?|it\s+(?:is|was)\s+(?:also\s+)?(?:given"
    r"|stated|known)(?:\s+that)?|(?:as\s+(?:stated|given|mentioned|said)\s+)?(?:from|in|according"
    r"\s+to)\s+the\s+(?:question|problem|hint|task|prompt)(?:'s)?(?:\s+statement)?"
    r"|as\s+(?:stated|given|mentioned|said)\b(?!\s+(?:above|earlier|before|previously))))\b",
    re.IGNORECASE)
# What marks a premise's numbers as given, not worked out: "Given that $\gcd(84, 126) = 42$ as
# stated in the hint, ...".
_AS_GIVEN = re.compile(r"\b(?:as\s+(?:stated|given|mentioned|said|told)|(?:from|in|according\s+to)"
                       r"\s+the\s+(?:question|problem|hint|prompt|statement))\b", re.IGNORECASE)
_PREMISE_END = re.compile(r",\s|\bthen\b", re.IGNORECASE)
# What the question asks for, then a colon and its value: the value is the answer.
_ASKS = re.compile(r"\b(?:asks?|asked|wants?|wanted)\b", re.IGNORECASE)
_ASKED_THEN = re.compile(r":(?=[ \t]*[-$\\(]*\d)")
_REPORT_END = re.compile(r"\bso\b|\bwhich\s+(?:is|means|gives|leaves)\b|=|,\s+and\b|;",
                         re.IGNORECASE)
# A sentence that checks the answer found before it: its equation is no answer.
_VERIFICATION = re.compile(
    # ("Quick check:" only with a tick or a word that confirms: a quick check may instead
    # work out what the answer missed, "Quick check, broken eggs: 36 − 6 = 30 unbroken")
    r"\W*(?:(?:quick\s+(?=[^\n]*(?:✓|✔|\bcorrect\b|\bconfirm|\bmatches\b)))?(?:check(?:ing)?"
    r"|verif(?:y|ying|ication)|sanity\s+check|double[- ]check(?:ing)?)"
    r"(?:\s+(?:our|my|the|this)\s+(?:work|answer|result|math|solution))?"  # "Checking our work:"
    r"\s*[:,—–-]|(?:let(?:'s|\s+us|\s+me)|to|we\s+can)\s+(?:quickly\s+)?(?:check|verify"
    r"|double[- ]check|confirm)\b)", re.IGNORECASE)
# A sentence that sets out to test a value, not to state it.
_CHECKS_WHETHER = re.compile(r"\b(?:verify|check|see|test|confirm|determine|decide|find\s+out)"
                             r"\s+(?:whether|if)\b", re.IGNORECASE)
# A closing offer, not a question about the problem.
# (an offer, not a request: "Could you tell me the price?" asks for what the problem left out)
_OFFER = re.compile(r"\W*(?:(?:would|do|shall|should|can|could|may)\s+(?:i|we)\b"
                    r"|(?:would|do)\s+you\s+(?:like|want|need)\b"
                    r"|(?:is\s+there\s+)?anything\s+else\b)", re.IGNORECASE)
# A signature closing the text: a dash, a few capitalised words, maybe a year ("— Solved with
# care, 2024", "-- Your tutor"); no other number, nothing that concludes.
_SIGNATURE = re.compile(r"(?:—|–|--|~)[ \t]*(?!(?:so|thus|hence|therefore|total|answer|final)\b)"
                        r"[A-Z][A-Za-z .,'&-]{0,50}?(?:,?[ \t]*(?:19|20)\d\d)?[ \t.]*",
                        re.IGNORECASE)
# A closing line in brackets that cites where the problem is from: "*(Practice set 4, p.
# 112)*", "(Source: Pre-Algebra Review, p. 91)".
_CITATION_LINE = re.compile(
    r"[*_]*\(\s*(?:source\s*:|from\b|see\b|ref(?:erence)?\b|practice\s+(?:set|test|sheet)\b"
    r"|worksheet\b|textbook\b|exercise\s+set\b|problem\s+set\b|chapter\b|section\b|lesson\b"
    r"|unit\s+\d|page\s+\d|pp?\.\s*\d)[^()\n]{0,80}\)[*_]*\.?", re.IGNORECASE)
# A closing sentence that offers help, not an answer, whatever numbers it names.
_SIGNING_OFF = re.compile(
    r"\W*(?:i\s+hope\b|hope\s+(?:this|that|it)\b|let\s+me\s+know\b|feel\s+free\b"
    r"|please\s+(?:let\s+me|feel|ask)\b|if\s+you\s+have\s+(?:any\s+)?(?:other\s+|more\s+"
    r"|further\s+)?questions\b)", re.IGNORECASE)
_SENTENCES = re.compile(r"[^.!?\n]+[.!?]*")
_END_TOKENS = re.compile(r"<\|[A-Za-z_]{1,20}\|>|</?s>|\[/?INST\]"
                         r"|<(?:end|start)_of_turn>(?:model|user)?|\bthe end\b", re.IGNORECASE)


def signs_off(text: str) -> bool:
    """Whether every sentence of `text` offers help or signs off ("I hope it is correct.",
    "Thanks!", "The end."), with no digit, or `text` holds only end-of-turn tokens, markup
    and emoji (`<|im_end|>`, `---`, `😊`): what a model says after its answer, not more work."""
    if not any(c.isalnum() for c in _END_TOKENS.sub("", text)):
        return True
    sentences = [s for s in _SENTENCES.findall(text) if s.strip()]
    return bool(sentences) and not any(c.isdigit() for c in text) and all(
        _SIGNING_OFF.match(s) or _CLOSING_WORDS.match(s) for s in sentences)


# A tag that asks for agreement with the statement before it: "42 apples left, right?"
_TAG_QUESTION = re.compile(r",?\s*(?:right|correct|isn't\s+it|is\s+that\s+right|ok|okay)\s*\?\Z",
                           re.IGNORECASE)


def _nothing_stated(text: str) -> tuple[int, str] | None:
    """A sentence that states no answer: passed over when it names no value, else the end
    of the search (see `_told`)."""
    return None if _HAS_VALUE.search(text) else (0, "")


def _told(sentence: str) -> tuple[int, str] | None:
    """(where in `sentence` it starts, the part of a final sentence that may state the
    answer): all of it, its main clause after a premise, its statement before a tag
    question. The part is "" when the sentence states nothing and names no value (passed
    over, as a sentence without a value is); None when it asks about or restates the
    problem's values ("How many of the 42 pass?", "Since the class has 42 students, we
    compute the rest."): the completion states no answer."""
    text = sentence.rstrip()
    if _SIGNING_OFF.match(text):
        return 0, ""  # "Let me know if you have questions about the 3 bags.": a sign-off
    if text.endswith("?"):
        tag = _TAG_QUESTION.search(text)
        if tag is None:
            if _OFFER.match(text):
                return 0, ""  # "Would you like me to explain how I got 18?": a sign-off
            return _nothing_stated(text)
        text = text[: tag.start()]
    if _CHECKS_WHETHER.search(text):
        # "We need to verify whether 110 satisfies all the conditions.": a test, no answer
        return _nothing_stated(text)
    premise = _PREMISE.match(text)
    if premise is None:
        return 0, text
    cut = (_REPORT_END if premise.group("report") else _PREMISE_END).search(text, premise.end())
    if cut is None and premise.group("report") and _ASKS.search(premise.group("report")):
        cut = _ASKED_THEN.search(text, premise.end())  # "The question asks for the girls: 12."
    if cut is not None and cut.group() == "=" and _in_math(text, cut.start()):
        cut = None  # "Recall that $f(2) = 7$.": the report's own equation
    if cut is None:
        # A premise without its main clause is read whole; a report ("Recall that each
        # ticket costs $5.") is passed over, as a sentence without a value is.
        return (0, text) if premise.group("clause") else (0, "")
    if _HAS_VALUE.search(text, cut.end()) is None and _SPELLED.search(text, cut.end()) is None:
        if "=" in text[: cut.start()] and not _AS_GIVEN.search(text, 0, cut.start()):
            # "Since 9 × 2 = 18, that's what she makes a day.": the premise's calculation is
            # what it states (not one it says the problem gave)
            return 0, text[: cut.start()]
        return _nothing_stated(text)
    return cut.end(), text[cut.end() :]


# A result the sentence goes on to state after the value it read, by an operation on it:
# "6 × 7 = 42 seats, minus the 2 broken ones gives 40", "42, and taking away 2 leaves 40":
# the last such result is the one stated. Not a purpose ("to give 3 friends") nor a result
# without an operation ("$42, which leaves 3 weeks").
_RESULT = re.compile(
    r"(?<!\bto\s)\b(?:gives?|giving|leaves?|leaving|yields?|yielding|results?\s+in|resulting"
    r"\s+in|comes?\s+(?:out\s+)?to|coming\s+to|gets?|getting)\s+"
    r"(?:(?:us|you|him|her|them|me|a|an|the|total|sum|of|with)\s+){0,3}(?=[-−$€£¥₹]?\d)",
    re.IGNORECASE)
_OPERATION = re.compile(r"\b(?:minus|plus|times|multipl\w*|divid\w*|subtract\w*|add(?:s|ed|ing)?"
                        r"|tak(?:e|es|ing)\s+away|remov\w*|less)\b|[-+×*/÷−]", re.IGNORECASE)


# A check of the value read, not a further result: "x = 5; checking, 2 times 5 plus 1 gives
# 11, as required."
_VERIFYING = re.compile(r"\b(?:check\w*|verif\w*|substitut\w*|plug\w*|indeed)\b|✓",
                        re.IGNORECASE)


def _result_after(sentence: str, m: re.Match[str]) -> re.Match[str]:
    """The number the sentence's last result after `m` states, else `m`."""
    results = list(_RESULT.finditer(sentence, m.end()))
    if results and _OPERATION.search(sentence, m.end(), results[-1].start()) and not \
            _VERIFYING.search(sentence, m.end(), results[-1].start()):
        found = _NUMBER.match(sentence, results[-1].end())
        if found is not None:
            return found
    return m


# The reason given for a stated value: `, since`, `because`, `given that`, `as` (but not the
# comparison `as many as`, `twice as`).
_REASON = re.compile(
    r",?\s+(?:since|because|given\s+that"
    r"|(?<!times\s)(?<!twice\s)(?<!half\s)(?<!same\s)(?<!\bso\s)(?<!\bas\s)(?<!many\s)"
    r"(?<!much\s)as(?!\s+(?:many|much|well|large|big|long|far|old|high|fast|often|few|little"
    r"|tall|heavy|wide|good|soon|follows?)\b)"
    # "5% as a decimal is 0.5": what the value is written as, no reason
    r"(?!\s+(?:an?\s+)?(?:(?:common|improper|reduced|simplified|mixed)\s+)?(?:decimal|fraction"
    r"|percent(?:age)?|number|integer|ratio|whole\s+number)s?\b))\b",
    re.IGNORECASE)


# Where a final sentence goes on from its value to the givens it came from: a colon, ", with
# ...", ", reading ...", ", averaging ...", "after the ...", "out of the ...", ", which is 54
# more than ...".
_COMPARED = (r"(?:more|less|fewer|greater|smaller|older|younger|taller|shorter|higher|lower"
             r"|longer|cheaper|heavier|lighter|warmer|colder|faster|slower|farther|further)")
# A comparison set beside a sentence's value: its number (the answer where the question asks
# how many more: `APPOSITIVE_COMPARISON`).
APPOSITIVE_COMPARISON = re.compile(
    r",\s+(?:which\s+is\s+|just\s+|only\s+)?\$?(\d[\d,]*(?:\.\d+)?)\s+(?:[a-z°]+\s+)?"
    + _COMPARED + r"(?:\s+[a-z]+)?\s+than\b", re.IGNORECASE)
_ELABORATION = re.compile(
    r":\s+(?=\S)|,\s+(?:with|reading|averaging|after|and\s+all)\b"
    r"|\s+(?:after|out\s+of)\s+(?:the|all|his|her|their|its)\b"
    r"|,\s+which\s+is\s+[^,;:]*?\b(?:more|less|fewer|greater|smaller|times|than)\b"
    # how the value compares, set beside it: "Ben scored 29 points, 11 more than Alex." (the
    # comparison's number where the question asks for it: checker `_read_fallback`)
    r"|,\s+(?:just\s+|only\s+)?\$?\d[\d,]*(?:\.\d+)?\s+(?:[a-z°]+\s+)?" + _COMPARED
    + r"(?:\s+[a-z]+)?\s+than\b", re.IGNORECASE)
# Its parts in brackets closing the sentence (`_parts_after`): "... 125 stickers (Pete's 20,
# Omar's 35 and Nina's 70)." (not "20 apples (or 21)"). (Each look linear: a sentence is
# model text.)
_BRACKET_AT_END = re.compile(r"\s+\(([^()]*)\)\W*\Z")
_SECOND_THOUGHT = re.compile(r"\b(?:or|maybe|wait|think|could|might|if|not|no|estimated|about"
                             r"|approximately|roughly|actually|perhaps|probably|unless|correction"
                             r"|sure|guess)\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


def _parts_after(sentence: str) -> int | None:
    """Where a closing bracket of the value's parts starts (two numbers or more in it, no
    second thought), right after the value and at most three words; or None."""
    if not sentence.rstrip(" .").endswith(")") or (
            m := _BRACKET_AT_END.search(sentence)) is None:
        return None
    inside = m.group(1)
    if len(_DIGITS.findall(inside)) < 2 or _SECOND_THOUGHT.search(inside):
        return None
    before = sentence[: m.start()].rstrip()
    for _ in range(3):  # (its noun between: "125 stickers in all (...)")
        if before[-1:].isdigit() or before[-1:] == "%":
            break
        head, _, word = before.rpartition(" ")
        if not word.isalpha():
            return None
        before = head.rstrip()
    return m.start() if before[-1:].isdigit() or before[-1:] == "%" else None
# A conclusion after an elaboration: its value is the sentence's ("with 5 more coming, for a
# total of 17").
_CONCLUDES_AFTER = re.compile(r"\b(?:so|thus|therefore|hence|total|altogether|in\s+all"
                              r"|(?<!after\s)giving|gives|makes|(?<!after\s)making"
                              r"|(?<!after\s)leaving|leaves|equals?|comes\s+to)\b|=",
                              re.IGNORECASE)
# A reason that leads into another clause is no reason after the value: "She had 12 apples,
# but since 3 were eaten, 9 remain."
_LEADS_ON = re.compile(r"\b(?:but|and|so|then|yet|or|while|whereas)\W*\Z", re.IGNORECASE)
_CLAUSE_AFTER = re.compile(r"[,;:][^,;:]*\d")


def _stated(sentence: str, found: list[re.Match[str]]) -> re.Match[str]:
    """The first candidate after the first copula, else the last candidate; a candidate the
    sentence rejects ("10, not 12", "rather than 12") is passed over while another is left."""
    kept = [m for m in found if not _rejected(sentence, m.start())] or found
    if len(kept) > 1:  # "$456,250.00 in a 365-day year": a number made an adjective
        kept = [m for m in kept if not _ATTRIBUTE.match(sentence, m.end())] or kept
    if len(kept) > 1:  # "30 of the 42 students passed": the whole they are part of is not stated
        kept = [m for m in kept if not _referenced(sentence, m, kept)] or kept
    if len(kept) > 1:  # "20 hours (1,200 minutes)": the value, then itself in another unit
        kept = [m for m in kept if not _GLOSS.search(
            sentence, m.start() - GLOSS_REACH if m.start() > GLOSS_REACH else 0, m.start())] or kept
    copula = _COPULA.search(sentence)
    if copula:
        for m in kept:
            if m.start() >= copula.end():
                return m
    return kept[-1]


_ATTRIBUTE = re.compile(r"-[A-Za-z]")  # a number joined to the word after it: "365-day"
# A value and its unit word, then an opening bracket: what the bracket holds restates it
# ("20 hours (1,200 minutes)", "15 dozen roses (180 roses)", "1080 g (1.08 kg)", "15 pounds
# of flour (that's 240 ounces)").
GLOSS_REACH = 120  # characters before a value where the value it restates and its unit end
_GLOSS = re.compile(r"\d[\d,.]*\s*(?:[A-Za-z]+\s+){0,3}[A-Za-z]+\s*\(\s*"
                    r"(?:about\s+|or\s+|i\.e\.,?\s+|that\s+is,?\s+|that['’]s\s+|=\s*)?\Z")


def _referenced(sentence: str, m: re.Match[str], found: list[re.Match[str]]) -> bool:
    """Whether the number `m` is named as what another is taken from or set beside ("out of
    42", "from the 16 eggs", "among the 80 spiders", "for 5 days", "minus the 3"), or
    continues a list of such ("from 6 copies of the Times and 10 copies of the Journal")."""
    if (ref := _REFERENCE.search(sentence, max(0, m.start() - 40), m.start())) is not None:
        # ("for $10" is a price, often the one asked for, not a duration or a count)
        return not (ref.group().lower().startswith("for") and m.group().lstrip()[:1] in "$€£¥₹")
    if _SPAN_BEFORE.search(sentence, max(0, m.start() - 12), m.start()) and _TIME_AFTER.match(
            sentence, m.end()):
        return True  # "Judy makes $7,425 in 1 week.": the span the value is over, as "for 5 days"
    k = found.index(m)
    if k == 0:
        return False
    prev = found[k - 1]
    between = sentence[prev.end() : m.start()]
    return len(between) <= 60 and _LIST_GOES_ON.search(between) is not None and _referenced(
        sentence, prev, found)


# A span of time a value is over: "in 1 week", "after 60 days", "within 3 hours".
_SPAN_BEFORE = re.compile(r"\b(?:in|after|within|over|during)\s+(?:the\s+(?:next|first|last)"
                          r"\s+)?\Z", re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s*(?:(?:school|work|working|business|calendar|full|whole)\s+)?"
                         r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b",
                         re.IGNORECASE)


_LIST_GOES_ON = re.compile(r"(?:,|\band)\s*(?:the\s+)?\Z", re.IGNORECASE)


_REJECTING = re.compile(r"(?:\b(?:not|never|cannot|rather than|instead of|except)\b|n't)"
                        r"\W{0,4}(?:[A-Za-z]+\W{1,4}){0,2}\Z", re.IGNORECASE)


# Numbers a sentence names but does not state, while it states another: the whole a part
# is taken from ("out of 42", "of the original 42", "from the 42"), a purpose ("to make 8").
_REFERENCE = re.compile(r"\b(?:out\s+of|(?:of|from|among|at|in|on|into|onto|across|between|over"
                        r"|with|within)\s+(?:the|all|its|his|her|their|our)(?:\s+"
                        r"(?:original|initial|total|whole|starting|first))?|among|for|from"
                        r"|(?:minus|plus|less|besides|including|excluding)(?:\s+the)?"
                        r"|to\s+[a-z]+(?:\s+(?:his|her|their|its|the|all|each|our))?)\s*\Z",
                        re.IGNORECASE)


def _rejected(sentence: str, at: int) -> bool:
    """Whether the value at `at` follows a negation within its three words before it."""
    return _REJECTING.search(sentence, max(0, at - 40), at) is not None


def _value_at(sentence: str, m: re.Match[str], value: str, closing: int,
              begins: int = -1) -> Extraction | None:
    """The value with the words around it that decide whether the sentence commits; a list
    `begins` before `m`, its last item."""
    tail = sentence[m.end() :].rstrip().rstrip(".").strip()
    if len(tail) > MAX_ANSWER:
        return None
    if "." in value and value[-1:].isdigit() and sentence.startswith(("...", "…"), m.end()):
        value += "..."  # "5/11 = 0.4545...": trails off, read as a marker's answer is
    begins = m.start() if begins == -1 else begins
    before = sentence[max(0, begins - 40) : begins]
    # The words that bear on this value: not those of a clause before a semicolon or a
    # contrast ("isn't 7; it's 9" and "not 10 but 12" commit to the second).
    if (cut := _OTHER_VALUE.search(before)) is not None:
        before = before[cut.end() :]
    lead = " ".join(before.split()[-3:])
    if (below := BELOW_ZERO.match(tail)) is not None and value.strip()[:1].isdigit():
        value, tail = "-" + value.strip(), tail[below.end() :].strip()  # "13 degrees below zero"
    if "or" in tail[:12] and (same := _OR_RESTATED.match(tail)) is not None and (
            _restates(value, same)):
        tail = tail[same.end() :].strip()  # "-7 degrees, or 7 degrees below zero"
    # "I'm not sure which reading is meant: 315 minutes under the first, ...": doubted, unless
    # a "but" sets the doubt aside before the value ("I'm not sure about step 2, but ...").
    doubt = "uncertain" if (opening := _DOUBT_OPENING.match(sentence)) is not None and (
        _SET_ASIDE.search(sentence, opening.end(), begins) is None) else ""
    return Extraction(value.strip(), closing, tail=tail, lead=lead, hedge=doubt)


# After a value, that it is below zero: "13 degrees below zero", "13°C below zero" (group 1:
# the unit).
BELOW_ZERO = re.compile(r"((?:°\s*[CF]?|degrees?(?:\s+(?:celsius|fahrenheit|[CF]))?)?)\s*"
                        r"below\s+zero\b", re.IGNORECASE)
# The same value again after "or", in other words: "-7 degrees, or 7 degrees below zero".
# Only words around the two numbers (`1 out of 6 or 1 out of 5` restates nothing).
_OR_RESTATED = re.compile(r"[^,;:\d]{0,20}?,?\s*\(?or\s+(?P<number>[-−]?[$€£]?\d[\d,]*(?:\.\d+)?)"
                          r"(?P<words>[^,;:.()\d]{0,40})\)?(?![\d.])", re.IGNORECASE)


def _restates(value: str, same: re.Match[str]) -> bool:
    """Whether the number after "or" (with its words: "7 degrees below zero") is `value`."""
    mine, theirs = parse_number(value), parse_number(same.group("number"))
    if mine is None or theirs is None:
        return False
    if BELOW_ZERO.match(same.group("words").strip()):
        theirs = -theirs
    return mine == theirs


_SET_ASIDE = re.compile(r"\b(?:but|however|yet|though|although|still)\b|;", re.IGNORECASE)
# A sentence that opens with doubt about what follows: "I'm not sure which ...", "It is unclear
# whether ...", "I can't tell if ...".
_DOUBT_OPENING = re.compile(
    r"\W*(?:(?:but|so|and|still|honestly|however)\W+)?(?:(?:i|we)(?:'m|’m|'re|’re|\s+am|\s+are)\s+"
    r"(?:not\s+(?:sure|certain|confident)|unsure|uncertain)|it(?:'s|’s|\s+is)\s+(?:unclear|not\s+clear"
    r"|ambiguous)|(?:i|we)\s+(?:can't|can’t|cannot|can\s+not)\s+(?:tell|decide|be\s+sure))\b",
    re.IGNORECASE)


# ... and not an interjection answering a question before it ("No — exactly 4", "No, 4").
_OTHER_VALUE = re.compile(r".*(?:[;:]|(?<!anything\s)(?<!everything\s)\bbut\b"
                          r"|\brather\b|\binstead\b|\b(?:no|nope|yes)\s*[,—–]"
                          r"|\s[—–]\s)", re.S | re.IGNORECASE)


def _last_display(body: str) -> Extraction | None:
    """A display block (`\\[ ... \\]` or `$$ ... $$`) that ends the text: the value after its
    last `=`."""
    for opener, closer in (("\\[", "\\]"), ("$$", "$$")):
        if body.endswith(closer):
            start = body.rfind(opener, max(0, len(body) - MAX_ANSWER), len(body) - len(closer))
            if start == -1:
                return None
            math = body[start + len(opener) : len(body) - len(closer)]
            if not _LETTER_OR_DIGIT.search(math):
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
    "answer_foreign": _foreign,
    "boxed": _boxed,
    "fallback": final_statement,
}


FALLBACKS = frozenset({"fallback", "last_sentence"})


# What each marker's extractor needs to find anything after `floor` (alternatives of a regex,
# searched from `floor - 1`, the best marker's start): the answer_is and answer_colon words, `A`,
# `####`, a box's name, and for other languages and answer tags or JSON fields, their words,
# any letter outside ASCII, `>` or a quote. Where none of the later markers' needs stands
# after the best so far, they are not called: most completions end with the box they
# answer in, and nothing after it names an answer. An extractor without an entry (one a
# plugin registers) is always called. A test holds each entry to its extractor.
# (Each need a literal, a class of ASCII characters, or NON_ASCII: written negated, as a
# class of every letter past ASCII takes milliseconds to compile.)
NON_ASCII = r"[^\x00-\x7f]"
NEEDS: dict[str, tuple[str, ...]] = {
    "answer_is": ("nswer", "NSWER"),
    "answer_colon": ("nswer", "NSWER", "A"),
    "hashes": ("####",),
    "boxed": ("box",),
    # (not foreign_picks' hints: a text in ASCII is read for them only with no marker before)
    "answer_foreign": (r"[>\"']", NON_ASCII, *_LATIN_HINTS),
}


class Markers(NamedTuple):
    """A checker's marker extractors in order, and for each, what the markers from it on
    need after the best so far (`NEEDS`; None when one of them has no entry): a class of
    the characters those needs start with, looked for first (a scan for one character is a
    third of the cost of trying every alternative at each), then the needs themselves."""

    extractors: tuple[Extractor, ...]
    later: tuple[tuple[re.Pattern[str], re.Pattern[str]] | None, ...]


def _markers(extractors: list[Extractor], names: list[str]) -> Markers:
    later: list[tuple[re.Pattern[str], re.Pattern[str]] | None] = []
    for k in range(len(names)):
        rest = names[k:]
        if not all(n in NEEDS for n in rest):
            later.append(None)
            continue
        alternatives = dict.fromkeys(a for n in rest for a in NEEDS[n])  # each once
        later.append((_first_characters(alternatives), re.compile("|".join(alternatives))))
    return Markers(tuple(extractors), tuple(later))


def _first_characters(alternatives: Iterable[str]) -> re.Pattern[str]:
    """A class of the characters the alternatives start with (NON_ASCII: every character
    past ASCII, so the class is written as the ASCII characters it leaves out)."""
    firsts: set[str] = set()
    for a in alternatives:
        if a != NON_ASCII:
            firsts.update(re.sub(r"\\(.)", r"\1", a[1:-1]) if a.startswith("[") else a[0])
    if NON_ASCII not in alternatives:
        return re.compile("[" + "".join(map(re.escape, sorted(firsts))) + "]")
    others = (chr(c) for c in range(128) if chr(c) not in firsts)
    return re.compile("[^" + "".join(map(re.escape, others)) + "]")


_PLANS: dict[tuple[str, ...], tuple[Markers, list[Extractor]]] = {}


def _plan(names: tuple[str, ...]) -> tuple[Markers, list[Extractor]]:
    """A checker's extractors by name, split into markers and fallbacks (looked up once).
    A checker that reads `The answer is` or `Answer:` reads them in other languages too, and
    a JSON answer field (`answer_foreign`), last of the markers: it searches only after the
    best of the others."""
    plan = _PLANS.get(names)
    if plan is None:
        markers = [n for n in names if n not in FALLBACKS]
        if {"answer_is", "answer_colon"} & set(markers) and "answer_foreign" not in markers:
            markers.append("answer_foreign")  # other languages, or a JSON answer field
        plan = _PLANS[names] = (_markers([EXTRACTORS[n] for n in markers], markers),
                                [EXTRACTORS[n] for n in names if n in FALLBACKS])
    return plan


# The form star's prompts ask for, ending the completion on one line: "... The answer is 18."
_PROMPTED = re.compile(r"answer is ([0-9]{1,15})\.\Z")


def first_of(text: str, names: tuple[str, ...]) -> Extraction | None:
    """The last marker in the judged part of `text`, whichever kind it is (a model that
    writes "the answer is 7 per box" and then "#### 21" means 21); the order of `names`
    breaks ties and lets later markers search only after the best so far. Only when no
    marker is present, the fallbacks in `names`, in order. `end` indexes `text` itself.
    The answer is cleaned of invisible characters (`hygienic`): only it, not the whole
    text, so a long completion costs nothing extra."""
    if (last := text[-1:]).isdigit() or last == "." and text[-2:-1].isdigit():
        # a number ends the text: the usual ends, read directly (most texts: one look here)
        if "answer_is" in names and (found := _prompted(text)) is not None:
            return found
        if (found := _last_line(text, names)) is not None:
            return found
    if names and names[0] == "boxed" and (found := _final_box(text, names)) is not None:
        return found  # (math: the box the first marker)
    return _walk(text, names)


# The usual end of a math completion: a box in its last words (`... is \(\boxed{9}\).`,
# `$\boxed{\frac{1}{9}}$.`, `\[ \boxed{4a-2} \]`, `\(\boxed{10}\) meters.`); its math
# closing, when nothing else follows.
_FINAL_BOX = re.compile(r"\\boxed[ \t]*" + _BRACES.pattern + r"(?:\\\)|\\\]|\$\$?)?\.?", re.S)
FINAL_BOX_REACH = 300  # characters from the text's end where its last box may start


def _final_box(text: str, names: tuple[str, ...]) -> Extraction | None:
    """The box in the text's last words read directly, where `_walk` would read the same (a
    test holds them equal): the text's only box, with no other marker's words after it, no
    backtick (no fence), no run-on or end-of-turn token cutting the text and no supposition
    before it; otherwise None, and `_walk` reads the text."""
    opened = text.rfind("\\boxed", len(text) - FINAL_BOX_REACH if len(text) > FINAL_BOX_REACH
                        else 0)
    if opened == -1 or (m := _FINAL_BOX.match(text, opened)) is None or "`" in text:
        return None
    content, closed = m.group(1), m.end() == len(text)  # (closed: only its closing follows)
    if not content.strip() or "box" in content or text[opened - 1 : opened] == "\\" or (
            _names_a_box(text, opened)) or not closed and (
            text.find("box", m.end()) != -1):
        return None  # none in it; `\\boxed` is no box; one before may list with it
    markers = (_PLANS.get(names) or _plan(names))[0]
    if len(markers.later) > 1 and ((later := markers.later[1]) is None or (
            later[0].search(text, opened) is not None
            and later[1].search(text, opened) is not None)):
        return None  # (`_last_marker` would look for another marker after the box)
    judged, offset = judged_part(text)
    if offset or len(judged) != len(text) or _supposes(text, opened) and supposed_at(
            text, opened) or mistaken_box(text, opened):
        return None
    close = m.end(1)
    if "phantom" in content:
        return None  # (`_box_value` reads what is shown)
    value = _box_value(content) or content.strip() if "nswer" in content else content.strip()
    if value[-1:] == "\\":
        value = _unpadded(value)
    if not (value.isascii() and value.isprintable()) and (answer := hygienic(value)) != value:
        value = answer.strip()
    if closed and text[close + 1 : close + 3] in _CLOSING_TIGHT and (
            text[opened - 2 : opened] in _OPENING_TIGHT):
        # (`_past_closing` steps over the closing to the end, and between tight delimiters
        # `_box_context` reads only what follows: nothing)
        return _tuple_new(Extraction, (value, len(text), "boxed", "", "", opened,
                                       _unsaid_box(text, opened), ""))
    return _tuple_new(Extraction, (value, _past_closing(text, close + 1), "boxed", "", "",
                                   opened, _box_context(text, opened, close), ""))


def _names_a_box(text: str, end: int) -> bool:
    """Whether a box's name (`\\boxed`, `\\fbox`) ends at or before `end`. Each holds `box`:
    one look for it from `end` back (on LaTeX, half the time of the regex's scan from the
    start, which enters its match at every backslash), the regex only up to the last found."""
    at = text.rfind("box", 0, end)
    return at != -1 and _BOX_NAME.search(text, 0, min(end, at + 5)) is not None


# (every field given, so the tuple is built directly: a named tuple's `__new__` is a Python
# function, a third of the cost of building one)
_tuple_new = tuple.__new__


# The usual end of a few-shot or marked completion, a line of its own: "A: 26", "Answer: 26",
# "Final answer: 26", "#### 26" (a whole number, maybe a period).
_LAST_LINE = re.compile(r"(?:(?P<colon>A|Answer|Final answer):[ \t]?|(?P<hashes>####)[ \t]?)"
                        r"(-?[0-9]{1,15}(?:,[0-9]{3}){0,4}(?:\.[0-9]{1,15})?)\.?")


def _last_line(text: str, names: tuple[str, ...]) -> Extraction | None:
    """The marker on the text's last line read directly, where `_walk` would read the same
    (a test holds them equal): no run-on into a next question and no end-of-turn token
    before it (nothing cut), no fence (no program or example to show it), and the marker's
    extractor among `names`; otherwise None, and `_walk` reads the text."""
    start = text.rfind("\n") + 1
    if len(text) - start > 24 or len(text) > MAX_SCAN or (
            m := _LAST_LINE.fullmatch(text, start)) is None:
        return None  # (most texts: one look at the last line)
    source = "answer_colon" if m.group("colon") else "hashes"
    if source not in names or "`" in text or "<|" in text or "</s>" in text or "_turn>" in text or (
            not text.isascii() and "<｜" in text) or (
            start and (_RUN_ON if text.isascii() else _WIDE_RUN_ON).search(text, 0, start)):
        return None
    return Extraction(m.group(3), len(text), source, start=start)


def _prompted(text: str) -> Extraction | None:
    """The prompted form, read directly: `The answer is 18.` ending a one-line completion
    (no newline, so no run-on into a next question, no `Answer:` line, no math below a
    marker; no end-of-turn token) is the last marker, and `_walk` would read
    the same (a test holds them equal); otherwise None, and `_walk` reads the text."""
    if text[-1:] != ".":  # (`first_of` saw a number end the text)
        return None
    m = _PROMPTED.search(text, max(0, len(text) - 40))
    if m is None or "\n" in text or "<|" in text or "</s>" in text or "_turn>" in text or (
            not text.isascii() and "<｜" in text) or len(text) > MAX_SCAN:
        return None
    i = m.start()
    if not _word_start(text, i):
        return None
    if (denied := _denied(text, i)) in ("hypothetical", "attributed"):
        return None  # (another marker may answer: the walk reads around this one)
    return Extraction(m.group(1), len(text), "answer_is", "", "", i,
                      "" if denied == "conditional" else denied)  # (no answer before it)


def _walk(text: str, names: tuple[str, ...]) -> Extraction | None:
    """`first_of`, every marker in turn."""
    judged, offset = judged_part(text)
    markers, fallbacks = _plan(names)
    best = _last_marker(judged, markers)
    if best is not None and (best.hedge == "hypothetical" or best.source == "boxed" and (
            _supposes(judged, best.start)) and supposed_at(judged, best.start)):
        best = _before_supposed(judged, markers, fallbacks, best)
    if best is not None and best.hedge == "conditional":
        best = _before_conditional(judged, markers, best)
    if best is not None and best.source == "boxed" and not best.hedge and mistaken_box(
            judged, best.start):
        best = best._replace(hedge="attributed")  # "A common mistake is to ... get \boxed{64}"
    if best is not None and best.hedge == "attributed":
        # someone else's answer, set right after: what follows answers (else: ambiguous)
        best = _apart_from_shown(judged, markers, fallbacks, best, "attributed")
    elif best is not None and (shown := _shown(judged, best)) is not None:
        best = _apart_from_shown(judged, markers, fallbacks, best, shown)
    elif best is not None and "`" in judged and judged.count("```", 0, best.start) % 2:
        outside = _last_marker(_FENCED.sub(_blank, judged), markers)
        if outside is None and best.source == "answer_colon" and (
                fence := judged.rfind("```", 0, best.start)) > 0:
            # `so $\gcd(84,126) = 21$.` and then {"answer": 42}: the prose's own conclusion
            outside = final_statement(judged[:fence])
            if outside is not None and not _CONCLUDES.search(judged, opens := max(
                    0, judged.rfind("\n", 0, outside.end), judged.rfind(". ", 0, outside.end - 1)),
                    outside.end) and not _worked_result(judged[:opens], judged[
                    opens : outside.end], outside.text):
                outside = None  # "The hall has 7 rows of 8.": what it was given, not concluded
                # ("Total: $275." and then "The job costs $275.": the work's result restated)
            if outside is not None and "=" in outside.text:
                outside = outside._replace(text=outside.text.rsplit("=", 1)[1].strip())
        if outside is not None:
            best = best._replace(rival=outside.text)
    if best is not None and "}" in best.text and best.source != "boxed" and judged.rfind(
            "box", 0, best.start) != -1:
        best = _inside_box(judged, best)  # `\\boxed{\\text{The answer is }42}` reads `}42}`
    if best is None:
        best = _table_answer(judged)  # "| **Answer** | **C** |" ends a table of the options
    if best is None:
        best = _final_statement(judged, fallbacks)
    if best is None:
        return None
    answer, tail = hygienic(best.text), hygienic(best.tail) if best.tail else ""
    if offset or answer != best.text or tail != best.tail:
        best = best._replace(text=answer.strip(), tail=tail.strip(), end=best.end + offset)
    return best


# A table's last row that labels the answer: "| **Answer** | **C** |", "| Final answer | 42 |".
_TABLE_ANSWER = re.compile(r"[ \t]*\|[ \t]*[*_]{0,2}(?:final[ \t]+)?answer[*_]{0,2}[ \t]*\|[ \t]*"
                           r"[*_]{0,2}([^|*_\n]{1,60}?)[*_]{0,2}[ \t]*\|[^\n]*", re.IGNORECASE)


def _table_answer(text: str) -> Extraction | None:
    """The answer a table ends on, in a last row labelled as the answer."""
    body = text.rstrip()
    if body[-1:] != "|":
        return None  # (the usual text: it ends on no table)
    start = body.rfind("\n") + 1
    if (m := _TABLE_ANSWER.fullmatch(body, start)) is None or not m.group(1).strip():
        return None
    return Extraction(m.group(1).strip(), m.end(1), "answer_colon", start=start)


def _final_statement(text: str, fallbacks: list[Extractor]) -> Extraction | None:
    """What the first of a checker's fallbacks that reads anything reads."""
    for extractor in fallbacks:
        if (found := extractor(text, 0)) is not None:
            return found
    return None


def _last_marker(text: str, markers: Markers) -> Extraction | None:
    best: Extraction | None = None
    for extractor, later in zip(markers.extractors, markers.later):  # noqa: B905 - one length
        if best is not None and later is not None and (
                later[0].search(text, best.start) is None
                or later[1].search(text, best.start) is None):
            break  # nothing the rest need stands after the best (`NEEDS`): none finds a later one
        found = extractor(text, best.start + 1 if best else 0)
        if found is not None and (best is None or found.start > best.start):
            best = later_marker(text, best, found, extractor)
    return best


def later_marker(text: str, best: Extraction | None, found: Extraction,
                 extractor: Extractor) -> Extraction:
    """`found`, a marker after `best`, with `best`'s answer as its rival where `found` is
    another language's marker after an English one ("Final answer: D" and then "答案：B":
    two answers, unless they agree); a tag or a JSON field weighs the prose before it
    itself (`marked_before`)."""
    if best is not None and extractor is _foreign and not found.rival and (
            best.source in _PROSE_SOURCES) and text[found.start : found.start + 1] not in (
            _FIELD_OPENINGS) and not _FAULT.search(between := text[best.end : found.start]) and (
            not foreign_corrections.cues(between)):
        return found._replace(rival=best.text)
    return found  # (after a correction, "Извиняюсь, опечатка: ... Окончательный ответ: C",
    # the later answer is the answer)


_PROSE_SOURCES = frozenset({"answer_colon", "answer_is"})
_FIELD_OPENINGS = ("<", "{", '"', "'", "`")


# A format or an example that introduces a marker ("Example format: #### 42", "e.g. The
# answer is 5.", "For instance, Answer: 56 ..."): the marker shows how to answer, it does not
# answer. A word that only describes the answer ("(dollar format), the answer is", "similar to
# the previous example, the answer is") introduces nothing.
_INTRODUCES = re.compile(
    r"(?:\bfor\s+(?P<for>example|instance)\s*[,:]?|\be\.g\.[,:]?|\b(?P<word>examples?|format"
    r"|template)\s*:)\s*[\"'`“‘]?\s*(?:(?:the|my|your|our|a|an|final)\s+){0,2}\Z", re.IGNORECASE)
# A line that opens as an example: its markers show one ("Example: if each row had 7 seats,
# the answer is 42.", "e.g. ..."). Not "For instance, ..." alone, which often states the
# answer ("For instance, 8 glasses at $8: the answer is $64.").
_EXAMPLE_LINE = re.compile(r"[ \t>*#_-]*(?:e\.g\.|examples?\s*:)", re.IGNORECASE)
_FENCED = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
_EXAMPLE_REACH = 48  # characters before a marker where its introduction may be
# A format or example followed, not shown: "In the requested format: #### 42", "Using the
# example format: #### 42".
_COMPLYING = re.compile(r"\b(?:in|using|following|per|with|according\s+to)\s+(?:\w+\s+){0,4}"
                        r"(?:examples?|format|template)\Z", re.IGNORECASE)  # ends at the word
# Fences whose content is prose, not a program: a marker there answers.
# (JSON holds an answer field, not a program: `{"answer": "C"}`.)
_PROSE_FENCES = frozenset({"", "json", "text", "txt", "plaintext", "plain", "output", "markdown",
                           "md", "latex", "tex", "math", "answer", "result"})


def _program_at(text: str, at: int) -> bool:
    """Whether `at` lies inside a fenced block of a program (```python, ```js, ...): a
    marker there is code, a string it prints or a comment. A block without a language, a
    ```text or an ```output block (what a program printed) holds prose."""
    if "`" not in text or not text.count("```", 0, at) % 2:
        return False
    return _program(text, text.rfind("```", 0, at) + 3)


def _program(text: str, opened: int) -> bool:
    """Whether the fence opened just before `opened` names a program's language: its info
    string, one word on the fence's line."""
    end = text.find("\n", opened)
    info = text[opened : end if end != -1 else len(text)].strip().lower()
    return bool(info) and " " not in info and info not in _PROSE_FENCES


def _shown(text: str, found: Extraction) -> str | None:
    """How the marker `found` only shows an answer: "code" in a program's fenced block,
    "example" right after a format or example that introduces it (a prose marker, not a
    box); None when it answers. Every check asks, so the usual answer (no backtick; a box, a
    marker at a line's start, or none of the words' usual spellings just before it) costs a
    substring test or two."""
    at = found.start
    if _program_at(text, at):
        return "code"
    if at == 0 or text[at - 1] == "\n" or found.source == "boxed":
        return None
    lo = max(0, at - _EXAMPLE_REACH)
    before = text[lo:at]
    line = text.rfind("\n", 0, at) + 1
    opening = text[line : line + 16].lower()
    if ("xampl" in opening or "e.g." in opening) and _EXAMPLE_LINE.match(text, line, at):
        return "example"  # "Example: if each row had 7 seats, the answer is 42."
    if "xampl" in before or "ormat" in before or ".g." in before or "nstanc" in before \
            or "emplat" in before:
        intro = _INTRODUCES.search(text, lo, at)
        if intro is None or intro.group("word") and _COMPLYING.search(
                text, line, intro.end("word")):
            return None  # "(dollar format), the answer is", "In the requested format: ####"
        return "example"
    return None


def _apart_from_shown(text: str, markers: Markers, fallbacks: list[Extractor],
                      found: Extraction, shown: str) -> Extraction:
    """The answer when the last marker only shows one. In a program (`print("The answer is",
    total)`): the last marker outside programs, else the final statement of prose after it.
    On an example ("Example format: #### 42" and then "My answer: 41"): a marker after the
    example's answer, else the final statement after it. When there is none, the marker
    after all (a model may fence its answer)."""
    blank = _FENCED.sub(_blank_code, text)  # offsets kept
    if shown == "code":
        other = _last_marker(blank, markers)
        closed = text.find("```", found.start)
        if other is None and closed != -1:  # prose after the code: its final statement
            after = closed + 3
            other = _final_statement(" " * after + blank[after:], fallbacks)
        return other or found
    after = found.end
    if after >= len(text):
        return found
    blank = " " * after + blank[after:]
    other = _last_marker(blank, markers)
    return other or _final_statement(blank, fallbacks) or found


def _before_supposed(text: str, markers: Markers, fallbacks: list[Extractor],
                     found: Extraction) -> Extraction:
    """The answer when the last marker answers a supposed problem ("In that case the answer
    would be 32.4.", "(If ..., the answer would have been $\\boxed{2}$ instead.)"): the last
    marker, else the final statement, before its sentence; with none, the marker, whose
    condition makes it no answer."""
    cut = max(text.rfind(stop, 0, found.start) for stop in (". ", "\n", "? ", "! ", "("))
    if cut > 0:
        before = text[:cut]
        other = _last_marker(before, markers) or _final_statement(before, fallbacks)
        if other is not None:
            return other
    return found._replace(hedge="condition")


def _before_conditional(text: str, markers: Markers, found: Extraction) -> Extraction:
    """The answer when the last marker gives it under a condition ("Answer: 16 pencils." then
    "Alternatively, if the lent pencils count, the answer would be 18."): the last marker
    before its sentence, whose text after it the checker weighs (a second thought there makes
    it no commitment); with none, the marker itself ("If we add them up, the answer would be
    18." is the only answer given)."""
    cut = max(text.rfind(stop, 0, found.start) for stop in (". ", "\n", "? ", "! "))
    other = _last_marker(text[:cut], markers) if cut > 0 else None
    return other if other is not None else found._replace(hedge="")


# A line that is only an answer: "The answer is 24.", "Answer: 27", "#### 52", "$\boxed{26}$".
_ANSWER_LINE = re.compile(
    r"[\s>*_#]*(?:(?:so|thus|therefore|hence)\W+)?(?:the\s+)?(?:final\s+)?(?:answer\s*(?:is|:)"
    r"|####)\s*(?P<said>[^\n]{1,40}?)[\s.*_]*|[\s$]*\\boxed\s*\{(?P<boxed>[^{}\n]{1,40})\}[\s$.]*",
    re.IGNORECASE)


ANSWER_LINE = 80  # characters of a line that is only an answer, at most
# How `_ANSWER_LINE` may open: "so", "thus", "the", "therefore", "hence", "final", "answer",
# "####", a box, markup or a space before them.
ANSWER_LINE_STARTS = frozenset(
    {case(w) for w in ("so", "th", "he", "fi", "an") for case in (str.lower, str.title, str.upper)}
    | {"##", "$\\", "\\b", "**", "__", "> ", "# "} | {" " + c for c in "sStTfFaAhH#$\\*"}
    | {c + " " for c in "#>*"})


BLANK_LINE = 8  # characters of spaces a blank line may hold (the usual line is no slice)


def answers_before(text: str, line: int) -> list[str]:
    """The answers of the lines right before the one that starts at `line`, while each is
    only an answer or blank ("The answer is 24.\nThe answer is 27.\nThe answer is 26."),
    last first: answers offered in turn commit to none when their values differ."""
    found: list[str] = []
    end = line - 1
    while end > 0:
        begin = text.rfind("\n", 0, end) + 1
        if end - begin <= BLANK_LINE and begin and (begin == end or text[begin:end].isspace()):
            end = begin - 1  # a blank line between answer lines keeps the run
            continue
        if end - begin > ANSWER_LINE or text[begin : begin + 2] not in ANSWER_LINE_STARTS or (
                m := _ANSWER_LINE.fullmatch(text, begin, end)) is None:
            break  # (the usual line before an answer, reasoning, is longer or opens otherwise)
        said = (m.group("said") or m.group("boxed")).strip().strip("$").strip()
        if not any(c.isalnum() for c in said):
            break  # "Thus, the answer is:" leads into the answer below it
        found.append(said)
        end = begin - 1
    return found


def _blank(m: re.Match[str]) -> str:
    return _NOT_NEWLINE.sub(" ", m.group())


def _blank_code(m: re.Match[str]) -> str:
    """A program's fenced block blanked; a block of prose kept."""
    return _blank(m) if _program(m.group(), 3) else m.group()


_BOXED_MARKER = re.compile(r"answer[ \t]{1,8}(?:is\b|(?:would|will|should|must)[ \t]be\b)"
                           r"[ \t]*:?|answer[ \t]*:", re.IGNORECASE)


def _box_value(content: str) -> str:
    """A box's answer: its content, or what follows a marker inside it (`\\text{Answer: } 42`
    is 42); what `\\phantom{}` hides is no part of it (`\\boxed{\\phantom{2}}` shows nothing)."""
    if "phantom" in content:
        content = _PHANTOM.sub("", content)
    marks = list(_BOXED_MARKER.finditer(content)) if "nswer" in content else None
    if not marks:
        value = content.strip()
        return _unpadded(value) if value[-1:] == "\\" else value
    value = content[marks[-1].end() :].strip()
    if value.count("}") > value.count("{"):  # the inner marker's `\text{...}` closing
        value = value[1:] if value.startswith("}") else value[: value.rfind("}")]
    return value.strip().rstrip(".").strip()


def _unpadded(value: str) -> str:
    """A box's stripped content without the backslash a control space padding it leaves
    (`\\boxed{25\\ }` is 25, not `25\\`)."""
    return value.rstrip("\\").rstrip()


_PHANTOM = re.compile(r"\\[hv]?phantom\s*\{(?:[^{}]|\{[^{}]*\})*\}")


def _inside_box(text: str, found: Extraction) -> Extraction:
    """A marker written inside a box (`\\boxed{\\text{The answer is }42}`) is part of the box:
    the box is the answer, and its content after the inner marker the value (42), not the
    rest of the line after the marker (`}42}`)."""
    for opened, start, close in reversed(_box_spans(text)):
        if opened < found.start < close:
            value = _box_value(text[start:close])
            if not value:
                return found
            return Extraction(value, _past_closing(text, close + 1), "boxed", start=opened)
        if close < found.start:
            break
    return found


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


# A text that ends on a word no sentence ends with: cut off mid-sentence (at the token limit).
_CUT_AFTER = re.compile(r"\s(?:the|a|an|this|that|these|those|is|are|was|were|to|of|and|or|but"
                        r"|because|which|with|for|in|on|at|by|from|its|their|[-–—:])\s*\Z",
                        re.IGNORECASE)

# The last line weighing one option, cut off before its sentence ended ("A) newton: The
# newton (N) is the SI unit"): an option's label and words, then what is said of it.
_OPTION_HEAD = r"(?:\A|\n)[ \t*]*\(?[A-Ea-e]\)[ \t]*"  # a line's option label: "A) ", "(b) "
_CUT_OPTION = re.compile(_OPTION_HEAD + r"[^\n:–—]{1,80}[:–—][ \t]*[^\n]*[A-Za-z,][ \t]*\Z")



# A last sentence that settles a doubt before it: "At first I couldn't decide ... so the
# library (B)."
_RESOLVES = re.compile(r"\b(?:so|therefore|thus|hence|I'?ll\s+go\s+with|I\s+(?:choose|pick)"
                       r"|the\s+answer\s+is)\b(?!\s+do\b)", re.IGNORECASE)


def _cut_in_option(text: str) -> bool:
    """Whether the text ends inside its weighing of one option (`_CUT_OPTION`), not on a
    pick announced on the line before it ("Best answer:" then "B) nucleus – it stores the
    DNA")."""
    if (m := _CUT_OPTION.search(text, max(0, len(text) - MAX_ANSWER))) is None:
        return False
    # (the first option weighed, or one cut on a word no sentence ends with: one with a
    # finished weighing before it, "B) nucleus – correct, it stores the DNA" after "A) ...",
    # may end its pick without a period)
    return not text[: m.start()].rstrip().endswith(":") and (_OPTION_LINE.search(
        text, 0, m.start()) is None or _DANGLING.search(text, m.start()) is not None)


_OPTION_LINE = re.compile(_OPTION_HEAD + r"[^\n]{1,80}[:–—-]")  # an option weighed


def last_sentence(text: str, floor: int = 0, past_remarks: bool = False) -> Extraction | None:
    """The last sentence, whole: the fallback for multiple choice, where the checker looks
    for the choice it names (`So the best place is (b) library.`). Closing paragraphs that
    sign off are passed over; `past_remarks`: all those that state no value too ("**TL;DR:
    B**" and then why), for a last paragraph that names no choice."""
    if _CUT_AFTER.search(text, max(0, len(text) - 40)) or _cut_in_option(text):
        return None  # "C: natural habitat - this": cut off before it picked
    sentences = _last_sentences(without_sign_offs(text.rstrip(), remarks=past_remarks))
    if sentences and (gives_up(sentences[0][1], True) or any(
            gives_up(sentence, False) for _, sentence in sentences[1:]) and not _RESOLVES.search(
            sentences[0][1])):
        return None  # "I can't determine the answer with confidence. Option C seems plausible."
    if len(sentences) > 1 and _LONE_LETTER.fullmatch(sentences[1][1].strip().rstrip(".")):
        # "D. food court": the letter's period ends no sentence
        sentences = [(sentences[1][0], sentences[1][1] + " " + sentences[0][1])]
    for start, sentence in sentences[:1]:
        answer = sentence.strip().rstrip(".").strip()
        if answer and len(answer) <= MAX_ANSWER:
            return Extraction(answer, start + len(sentence.rstrip()))
    return None


EXTRACTORS["last_sentence"] = last_sentence
