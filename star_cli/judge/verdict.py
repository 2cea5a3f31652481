"""What a judge says about one response, and what it cost."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# match / mismatch: the judge's decision. judge_error: the judge's replies broke the contract
# (or the server refused this one item): never a label. no_answer: the guard found no final
# answer, so no judge was asked. unfinished_thought: the response's thought never closed (star
# check's reason for the same case), so there is no answer either.
REASONS = ("match", "mismatch", "judge_error", "no_answer", "unfinished_thought")
JUDGE_ERROR = "judge_error"


@dataclass(frozen=True)
class Usage:
    """Tokens the judge's server reported, summed over every attempt an item took."""

    prompt: int = 0
    completion: int = 0

    @property
    def total(self) -> int:
        return self.prompt + self.completion

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.prompt + other.prompt, self.completion + other.completion)


NO_USAGE = Usage()


@dataclass(frozen=True)
class JudgeVerdict:
    """`correct`: True for match, False for mismatch, no_answer and unfinished_thought, None
    for judge_error (no label). `reply`: the judge's reply that decided, or the last one that
    broke the contract (None when no judge was asked). `tokens`: what the judging cost (for a
    cached verdict, what it cost when it was first judged). `cached`: read from the cache.
    `error`: why a judge_error, or why the guard found no answer (`opener`, `restatement`,
    ...). `answer`: the final-answer statement star's extraction reads in the response, when
    there is one (for the trace's `answer`; the judge decides on the whole final part)."""

    correct: bool | None
    reason: str
    reply: str | None = None
    tokens: Usage = NO_USAGE
    cached: bool = False
    error: str | None = None
    answer: str | None = None

    @property
    def label(self) -> bool:
        """Whether this verdict is a label (everything but judge_error)."""
        return self.reason != JUDGE_ERROR

    def fields(self) -> dict[str, Any]:
        """The trace fields a judged trace gets (beside `checker`): `correct`,
        `check_reason`, `judge_reply`. A judge_error is written `correct: false` so the trace
        keeps star's schema; its check_reason says it is no label."""
        return {"correct": bool(self.correct), "check_reason": self.reason,
                "judge_reply": self.reply}


def no_answer(why: str, answer: str | None = None) -> JudgeVerdict:
    reason = "unfinished_thought" if why == "unfinished_thought" else "no_answer"
    return JudgeVerdict(False, reason, error=why, answer=answer)
