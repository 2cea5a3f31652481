"""Hint leaks: rationales that give away that the answer was handed to the model.

A rationalized trace is stored with the hint-free prompt, so a model trained on it learns to
produce it unaided. A rationale that mentions the hint ("the hint says", "we are told the
answer is"), copies its marker ("(CORRECT)"), or states the answer before any reasoning
teaches the model to pretend. `hint_leak` names the first rule that fires, or None; `star
filter` drops such traces by default. docs/star.md lists the rules with examples.

A thinking model's thought is trained on too, so it is scanned as well: "the hint says 72,
so ..." inside `<think>` is a leak like any other. Its answer part, which comes after the
thought and usually opens with the answer, is exempt from `answer_first`: the thought is
where the reasoning has to come first.
"""

from __future__ import annotations

import re
from typing import Any

from star_cli.answers.checker import Checker
from star_cli.records import Problem

MAX_SCAN = 20_000
# A thought can run to megabytes: its first and last THOUGHT_SCAN characters are scanned,
# where a hint is quoted (at the start) or relied on (near the end), in milliseconds.
THOUGHT_SCAN = 100_000

# Rule "mentions_hint": the rationale talks about being given the answer.
_MENTIONS = re.compile(
    r"\b(?:the|this|a|given|using|from|per|with)\s+hint\b|\bhint\s+(?:says|said|shows|tells|"
    r"gives|is|was)\b"
    r"|\b(?:we|i)\s+(?:are|were|am|was|have\s+been)\s+(?:told|given|shown)\s+(?:that\s+)?"
    r"(?:the\s+)?(?:final\s+|correct\s+|right\s+)?answer(?!\s*(?:choices|options))"
    r"|\b(?:is|was)\s+(?:given|provided|marked|stated|shown|labell?ed)\s+as\s+(?:the\s+)?"
    r"(?:correct|right)\b"
    r"|\b(?:given|provided|marked|stated|labell?ed)\s+(?:as\s+)?(?:the\s+)?(?:correct|right)\s+"
    r"(?:answer|choice|option)\b"
    r"|\b(?:correct|right)\s+(?:answer|choice|option)\s+(?:is|was)\s+(?:given|provided|marked|"
    r"shown|indicated|stated)\b"
    r"|\bmarked\s+(?:as\s+)?(?:correct|right)\b"
    r"|\b(?:question|problem|prompt)\s+(?:says|tells\s+us|gives|states|shows)\s+(?:that\s+)?"
    r"the\s+(?:final\s+|correct\s+)?answer\s+(?:is|was|=)"
    r"|\b(?:the\s+)?answer\s+(?:in|from)\s+(?:the\s+)?(?:parenthes[ie]s|brackets|question|prompt)\b"
    r"|\(\s*answer\s*:",
    re.IGNORECASE,
)
# Rule "correct_marker": the hint's own marker, copied: CORRECT, or (correct) in any case.
_MARKER = re.compile(r"\bCORRECT\b|\(\s*(?i:correct)\s*\)")
# Rule "answer_first": the final answer comes before any reasoning.
_FIRST_SENTENCE = re.compile(r"^\s*(.{0,400}?)(?:[.!?](?=\s|$)|\n|$)", re.S)
_CALCULATION = re.compile(r"\d\s*[-+*/×÷^]\s*\d[^=]*=")
_ANSWER_MARKER = re.compile(
    r"\b(?:the\s+)?(?:final\s+)?answer(?:\s+is\b|\s*:)|\bthe\s+(?:correct|right|best)\s+"
    r"(?:answer|choice|option)\s+is\b",
    re.IGNORECASE,
)


def hint_leak(rationale: str, problem: Problem, checker: Checker,
              gold: Any = None, *, thinking: str | None = None) -> str | None:
    """The name of the first leak rule the rationale breaks, or None when it is clean.
    `gold` is the problem's gold as `checker.prepare` made it, when the caller has it.
    `thinking`: a thinking model's thought; `rationale` is then the answer part after it."""
    text = rationale[:MAX_SCAN]
    parts = [text] if thinking is None else [_thought_scan(thinking), text]
    if any(_MARKER.search(part) for part in parts):
        return "correct_marker"
    if any(_MENTIONS.search(part) for part in parts):
        return "mentions_hint"
    # The reasoning comes first: in the thought when there is one (an empty thought, as
    # Qwen3 writes with thinking off, leaves the answer part to reason).
    first = thinking if thinking else text
    if _answer_first(first[:MAX_SCAN], problem, checker, gold):
        return "answer_first"
    return None


def _thought_scan(thinking: str) -> str:
    if len(thinking) <= 2 * THOUGHT_SCAN:
        return thinking
    return thinking[:THOUGHT_SCAN] + "\n\n" + thinking[-THOUGHT_SCAN:]


def _answer_first(text: str, problem: Problem, checker: Checker, gold: Any) -> bool:
    """The first sentence already gives the final answer, and reasoning only follows it."""
    m = _FIRST_SENTENCE.match(text)
    if m is None or not text[m.end():].strip():
        return False  # a one-sentence rationale has no reasoning to come after
    first = m.group(1).strip()
    if (marker := _ANSWER_MARKER.search(first)) is not None:
        # "The answer is 72. First, ..." states it; "The answer is not (a) bank" does not.
        stated = first[marker.end():].strip(" :")
    elif len(first.split()) <= 4 and not _CALCULATION.search(first):
        # "72." or "(b) library." alone, then the working. A calculation ("8+6+0=14", the
        # first step of a scratchpad) works the value out: it is the working, not a leak.
        stated = first
    else:
        return False
    if not stated:
        return False  # "Let's work out the answer:" then the working
    if gold is None:
        gold = checker.prepare(problem.gold, problem.choices)
    verdict = checker.judge_local(gold, f"The answer is {stated}.")
    return getattr(verdict, "correct", False)  # undecided (Pending) is not a leak
