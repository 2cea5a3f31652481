"""Programs as answers: reading the program out of a completion, and comparing programs.

The answer of a code completion is a program: the last fenced Python block whenever the
completion has one (a chat model's reasoning, then its code), else, for a function to
complete (HumanEval), the function's prompt followed by the completion (a base model
continuing the function). `normalized` reduces a program to what it does for dedup (comments,
docstrings and formatting gone), `overlap` measures how much of one program another copies.

Model text is only parsed here (`ast.parse`, bounded in size), never run: running is the
sandbox's (`star_cli.sandbox`).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import warnings
from typing import NamedTuple

MAX_SOURCE = 256 * 1024  # a longer "program" is not parsed: normalised as text
# A fenced block: ``` or ```python (any info string), its body, the closing fence.
_FENCE = re.compile(r"^[ \t]*```[ \t]*([\w+.-]*)[^\n]*\n(.*?)^[ \t]*```[ \t]*$", re.M | re.S)
_NOT_PYTHON = frozenset({"bash", "sh", "shell", "console", "text", "txt", "json", "yaml",
                         "output", "plaintext", "markdown", "md", "sql", "c", "cpp", "java",
                         "javascript", "js"})


class Program(NamedTuple):
    """The program read from a completion: its text, where it ends in the completion (for
    the rationale), and how it was found (`fence` or `continuation`)."""

    text: str
    end: int
    source: str


def extract_program(completion: str, prefix: str | None = None) -> Program | None:
    """The last fenced Python block of `completion`; without one, `prefix + completion` (the
    function's prompt a base model continued), or None when there is no prefix either and
    the completion is empty."""
    last = None
    for m in _FENCE.finditer(completion):
        if m.group(1).lower() not in _NOT_PYTHON:
            last = m
    if last is not None:
        return Program(last.group(2), last.end(), "fence")
    body = completion.split("\n```", 1)[0]  # a continuation closes the prompt's open fence
    if prefix:
        joint = "" if prefix.endswith("\n") or not body[:1].isspace() else "\n"
        return Program(prefix + joint + body, len(body), "continuation")
    if body.strip():
        return Program(body, len(body), "continuation")
    return None


def normalized(program: str) -> str:
    """What a program does, as text: its syntax tree without docstrings, unparsed (comments,
    blank lines, quotes and spacing ignored). A program that does not parse is compared by
    its tokens without comments, or by its whitespace-folded text."""
    if len(program) <= MAX_SOURCE:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # SyntaxWarning on odd escapes in model code
                tree = ast.parse(program)
            for node in ast.walk(tree):
                body = getattr(node, "body", None)
                if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and \
                        isinstance(getattr(body[0], "value", None), ast.Constant) and \
                        isinstance(body[0].value.value, str):
                    node.body = body[1:] or [ast.Pass()]  # type: ignore[attr-defined]
            return ast.unparse(tree)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            pass
    return " ".join(_tokens(program))


def _tokens(program: str) -> list[str]:
    """Python tokens without comments and layout; whitespace-split words when it does not
    tokenize."""
    try:
        out = []
        for tok in tokenize.generate_tokens(io.StringIO(program[:MAX_SOURCE]).readline):
            if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                            tokenize.DEDENT, tokenize.ENDMARKER):
                continue
            out.append(tok.string)
        return out
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return program.split()


def overlap(candidate: str, reference: str, n: int = 8) -> float:
    """The share of the reference's token n-grams that the candidate contains (0 to 1):
    how much of the reference solution the candidate copies, comments, docstrings and layout
    aside."""
    candidate, reference = normalized(candidate), normalized(reference)
    ref = _tokens(reference)
    if len(ref) < n:
        ref_grams = {tuple(ref)} if ref else set()
        cand = _tokens(candidate)
        return 1.0 if ref_grams and tuple(ref) == tuple(cand[: len(ref)]) else 0.0
    grams = {tuple(ref[i: i + n]) for i in range(len(ref) - n + 1)}
    cand = _tokens(candidate)
    have = {tuple(cand[i: i + n]) for i in range(len(cand) - n + 1)}
    return len(grams & have) / len(grams)


__all__ = ["MAX_SOURCE", "Program", "extract_program", "normalized", "overlap"]
