"""Choices written into a math question's own text, as AMC problems write them.

`$\\textbf{(A)}\\ 24 \\qquad \\textbf{(B)}\\ 30 \\qquad ...$`, `(A) 40 (B) 45 (C) 50 ...`, or one
a line (`A. 12`, `(B) 15`). Where the question lists them, a gold that is a letter is stated
by its choice's value too, and a gold that is a value by its choice's letter: the question's
pairing says which letter is which value, not what a completion claims ("125, which is
choice (E)" where (E) is 150 states two answers).

Only a run of labels in order from (A), four or five of them, is read: a question that
mentions "(A)" once, or labels parts of itself `(a)`, `(b)`, lists no choices.
"""

from __future__ import annotations

import re

# A choice's label in the question: `\textbf{(A)}`, `\text{(A) }`, `\mathrm{(A)}`, `(A)`.
_LABEL = re.compile(r"(?:\\(?:textbf|text|mathrm|mathbf)\s*\{\s*)?\(\s*([A-E])\s*\)"
                    r"(?:\s|\\[ ,;!:]|~)*\}?")
# One choice a line: "A. 12", "A) 12", "(A) 12", "**A.** 12".
_LINE = re.compile(r"^[ \t*]*\(?([A-E])[.)][ \t*]*(\S[^\n]*)$", re.MULTILINE)  # (not "A: 12":
# a table's row)
# What sets choices apart, around a value: spacing, math delimiters, a list's punctuation.
_DRESSING = re.compile(r"\\q?quad\b|\\[hv]space\*?\{[^{}]*\}|\\\\|\\[ ,;!:]|~|\$")
# Prose after the last choice, on its line: "(E) 30 Please reason step by step, ...".
_PROSE_AFTER = re.compile(r"\s+[A-Z][a-z]+\b")
MAX_QUESTION = 6_000  # characters of a question read for choices (a dataset's, not a model's)


def question_options(question: str | None) -> dict[str, str] | None:
    """{letter: value} for the choices `question` lists (four or five, labelled in order
    from A), or None."""
    if not question or "A" not in question or len(question) > MAX_QUESTION:
        return None
    return _inline(question) or _lines(question)


def _inline(question: str) -> dict[str, str] | None:
    labels = list(_LABEL.finditer(question))
    start = next((k for k in range(len(labels) - 1, -1, -1) if labels[k].group(1) == "A"), None)
    if start is None:
        return None
    run = labels[start:]
    if not 4 <= len(run) <= 5 or [m.group(1) for m in run] != list("ABCDE"[: len(run)]):
        return None
    options = {}
    for m, after in zip(run, [*run[1:], None], strict=True):
        end = after.start() if after is not None else _value_end(question, m.end())
        value = _clean(question[m.end() : end])
        if not value:
            return None
        options[m.group(1)] = value
    return options


def _value_end(question: str, start: int) -> int:
    """Where the last choice's value ends: its line's end, or prose after it."""
    newline = question.find("\n", start)
    end = len(question) if newline == -1 else newline
    prose = _PROSE_AFTER.search(question, start, end)
    if prose is None or not any(c.isdigit() for c in question[start : prose.start()]):
        return end  # (a choice in words is its own: "(E) None of these")
    return prose.start()


def _lines(question: str) -> dict[str, str] | None:
    found = _LINE.findall(question)
    letters = [letter for letter, _ in found]
    if "A" not in letters:
        return None
    run = found[len(letters) - 1 - letters[::-1].index("A") :]
    if not 4 <= len(run) <= 5 or [letter for letter, _ in run] != list("ABCDE"[: len(run)]):
        return None
    options = {letter: _clean(value) for letter, value in run}
    return options if all(options.values()) else None


def _clean(value: str) -> str:
    return _DRESSING.sub(" ", value).strip().rstrip(",;.").strip()
