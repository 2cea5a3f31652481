"""`RULE+judge` (`--checker math+judge`): a rule checker first, the judge only for what the rule
checker cannot decide.

What the rule checker cannot decide (`needs_judge`), precisely:

- `timeout` and `error`: the symbolic tier ran out of time or failed on this input. The rule
  checker has no verdict at all.
- `mismatch` decided by `string` or `prose` (the verdict's `method`): the answer could not be
  read as a value of the gold's kind, so all the rule checker did was compare strings
  (`eighteen dollars` against 18, `Paris, France` against `Paris`) or see prose where a math
  value was due. A match by string is decided; a mismatch by string only says the strings
  differ, which a judge may read as the same answer.

Everything else keeps the rule checker's verdict:

- `match` (any method): the rule checker found the gold; a judge cannot improve on it.
- `mismatch` by `number`, `expression`, `symbolic`, `choice` or `length`: both sides were
  read as values (exactly, never by a float tolerance) or a choice, and differ; or the answer
  is over the length any answer has.
- `ambiguous`: the statement hedges (`5 or 7`, a negation, a retraction). It stays wrong: a
  judge asked about a hedge that names the reference is exactly the gullible case.
- `no_answer` and `unfinished_thought`: no final answer was found, and a response with none
  never reaches a judge. `no_answer=True` opts in to sending `no_answer` verdicts too (the
  judge's guard still stops those with nothing in them): for answers no extractor reads, such
  as prose ("She makes eighteen dollars a day"). Never pass a completion cut at its token
  limit then: star reads no answer from a cut-off completion on purpose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from star_cli.answers.checker import Verdict
from star_cli.judge.client import Judge, JudgeItem
from star_cli.judge.verdict import JudgeVerdict

UNDECIDED_REASONS = frozenset({"timeout", "error"})
UNREAD_METHODS = frozenset({"string", "prose"})  # a mismatch by these compared no values


def needs_judge(verdict: Verdict, *, no_answer: bool = False) -> bool:
    """Whether the rule checker could not decide `verdict` (module docstring)."""
    if verdict.reason in UNDECIDED_REASONS:
        return True
    if verdict.reason == "mismatch":
        return verdict.method in UNREAD_METHODS
    return no_answer and verdict.reason == "no_answer"


@dataclass(frozen=True)
class Combined:
    """The verdict of `RULE+judge` on one response: the rule's where it decided (`by` is
    "rule", `judge` None), else the judge's (`by` "judge"). `answer` is the rule checker's
    extracted answer, or the judge's extraction where the rule found none."""

    correct: bool | None
    reason: str
    answer: str | None
    by: str
    rule: Verdict
    judge: JudgeVerdict | None = None

    def fields(self) -> dict[str, Any]:
        """The trace fields: `answer`, `correct`, `check_reason`, and `judge_reply` for a
        judged trace (None for one the rule decided)."""
        return {"answer": self.answer, "correct": bool(self.correct),
                "check_reason": self.reason,
                "judge_reply": self.judge.reply if self.judge is not None else None}


def combine(rule: Verdict, judge: JudgeVerdict | None) -> Combined:
    """One response's combined verdict: the judge's when there is one, else the rule's."""
    if judge is None:
        return Combined(rule.correct, rule.reason, rule.answer, "rule", rule)
    return Combined(judge.correct, judge.reason, rule.answer or judge.answer, "judge", rule,
                    judge)


@dataclass
class Routing:
    """How many responses the rule checker decided and how many went to the judge, with
    what the judge said of those (`judge_reasons`: match, mismatch, judge_error, no_answer)."""

    total: int = 0
    by_rule: int = 0
    to_judge: int = 0
    judge_reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "by_rule": self.by_rule, "to_judge": self.to_judge,
                "judge_reasons": dict(sorted(self.judge_reasons.items()))}

    def line(self) -> str:
        """One line for the log: '12 of 400 responses went to the judge (...)'."""
        said = ", ".join(f"{n} {r}" for r, n in sorted(self.judge_reasons.items()))
        return (f"{self.to_judge} of {self.total} responses went to the judge"
                + (f" ({said})" if said else ""))


def rule_then_judge(rules: Sequence[Verdict], items: Sequence[JudgeItem], judge: Judge, *,
                    no_answer: bool = False) -> tuple[list[Combined], Routing]:
    """The combined verdicts of `items` given their rule verdicts (`rules`, same order;
    from star's BatchChecker), asking `judge` about the undecided ones only."""
    if len(rules) != len(items):
        raise ValueError(f"{len(rules)} rule verdicts for {len(items)} items")
    send = [k for k, v in enumerate(rules) if needs_judge(v, no_answer=no_answer)]
    judged = judge.judge_many([items[k] for k in send]) if send else []
    by_index = dict(zip(send, judged, strict=True))
    routing = Routing(total=len(items), by_rule=len(items) - len(send), to_judge=len(send))
    for v in judged:
        routing.judge_reasons[v.reason] = routing.judge_reasons.get(v.reason, 0) + 1
    return [combine(rule, by_index.get(k)) for k, rule in enumerate(rules)], routing
