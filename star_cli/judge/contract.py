"""Reading a judge's reply: the contract decides, nothing else does.

The reply is untrusted text. Only the contract's pattern is matched against it: by default
against its last non-empty line, whole, after a thinking judge's thought (`<think>...</think>`)
is split off and markdown emphasis and a final period are stripped (`**Final Decision: Yes**`
follows the contract; `Final Decision: Yes, probably` does not). The captured decision must be
one of the configured values. A reply cut at max_tokens, or with no text, breaks the contract
whatever it holds. A broken contract is never a label: the caller retries and, failing that,
records `judge_error`.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from star_cli.answers.thinking import split_thought
from star_cli.judge.config import JudgeConfig, compile_pattern

_DRESSING = "*_`~ \t"
SHOW = 80  # characters of a reply's last line worth quoting in an error


class Decision(NamedTuple):
    """The verdict a reply states (`correct`), or None and why it breaks the contract."""

    correct: bool | None
    why: str | None = None


@functools.lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return compile_pattern(pattern)


def last_line(text: str) -> str:
    """The last non-empty line, without markdown emphasis or a trailing period."""
    for line in reversed(text.splitlines()):
        line = clean_line(line)
        if line:
            return line
    return ""


def clean_line(line: str) -> str:
    line = line.strip().strip(_DRESSING).strip()
    return line[:-1].rstrip(_DRESSING) if line.endswith(".") else line


def decide(reply: str | None, config: JudgeConfig, finish_reason: str | None = None) -> Decision:
    """What `reply` decides under `config`'s contract."""
    if reply is None or not reply.strip():
        return Decision(None, "the reply has no text")
    if finish_reason == "length":
        return Decision(None, f"the reply was cut at max_tokens ({config.max_tokens})")
    thought = split_thought(reply)
    if thought.unfinished:
        return Decision(None, "the reply's thought never closed")
    text = thought.answer_part(reply)
    pattern = _compiled(config.pattern)
    if config.scope == "last_line":
        line = last_line(text)
        m = pattern.fullmatch(line)
        if m is None:
            return Decision(None, f"the last line {_show(line)} does not match the contract "
                                  f"{config.pattern!r}")
    else:
        matches = list(pattern.finditer(text))
        if not matches:
            return Decision(None, f"no match of the contract {config.pattern!r} in the reply")
        m = matches[-1]
    value = _captured(m)
    if value is None:
        return Decision(None, "the contract's group captured nothing")
    if _member(value, config.correct):
        return Decision(True)
    if config.incorrect is None or _member(value, config.incorrect):
        return Decision(False)
    return Decision(None, f"the decision {_show(value)} is none of "
                          f"{', '.join(config.correct + config.incorrect)}")


def _captured(m: re.Match[str]) -> str | None:
    value = m.groupdict().get("verdict") if "verdict" in m.re.groupindex else m.group(1)
    return value.strip() if value is not None and value.strip() else None


def _member(value: str, values: tuple[str, ...]) -> bool:
    folded = value.casefold()
    return any(folded == v.casefold() for v in values)


def _show(text: str) -> str:
    return repr(text if len(text) <= SHOW else text[: SHOW - 3] + "...")


def contract_lines(text: str, config: JudgeConfig) -> list[int]:
    """Indices of the lines of `text` that follow the contract on their own: a response
    holding one could pass for the judge's own decision, so they are taken out of it before
    the judge sees it (`without_contract_lines`)."""
    pattern = _compiled(config.pattern)
    return [k for k, line in enumerate(text.splitlines())
            if (c := clean_line(line)) and pattern.fullmatch(c)]


def without_contract_lines(text: str, config: JudgeConfig) -> str:
    """`text` without the lines that follow the judge's contract (see `contract_lines`)."""
    drop = set(contract_lines(text, config))
    if not drop:
        return text
    return "\n".join(line for k, line in enumerate(text.splitlines()) if k not in drop)
