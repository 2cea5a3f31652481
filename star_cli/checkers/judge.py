"""`--checker judge` and `--checker RULE+judge`: an LLM judge behind an OpenAI-compatible
server, guarded, its replies held to a contract (`star_cli.judge`, docs/judge.md).

`judge` sends every response with a final answer to the judge (the guard keeps empty ones,
bare openers and restatements of the question away: `no_answer`). `RULE+judge` (`math+judge`,
`gsm8k+judge`, any rule checker or task before `+judge`) keeps the rule checker's verdict
wherever it decided and sends the judge only what it could not (`star_cli.judge.combine`).
A reply that breaks the contract is `check_reason: judge_error` after its retries: never a
label (`correct` is written false, and filter, pairs and rationalize treat it as unjudged).
Every trace the judge saw stores its reply as `judge_reply`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from star_cli.answers.checker import Checker, Gold, Verdict
from star_cli.answers.choice import choice_label
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.errors import UsageError

log = logging.getLogger("star_cli")

SUFFIX = "+judge"


class JudgeChecker(Checker):
    """The judge alone (`rule` None), or after a rule checker (`RULE+judge`)."""

    name = "judge"
    local = False  # it waits on a server: judge_batch overlaps the requests

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, config: Any = None,
                 rule: Checker | None = None) -> None:
        super().__init__(timeout)
        self.config = config
        self.rule = rule
        if rule is not None:
            self.name = f"{rule.name}{SUFFIX}"
        self._judge: Any = None
        self.routed = 0  # responses the rule checker sent on to the judge
        self.errors = 0  # judge_error verdicts

    @classmethod
    def from_options(cls, timeout: float = DEFAULT_TIMEOUT, judge: Any = None,
                     rule: Checker | None = None, **options: Any) -> Checker:
        if judge is None:
            raise UsageError("--checker judge needs a judge: --judge-url and --judge-model")
        return cls(timeout, judge, rule)

    def with_timeout(self, timeout: float) -> Checker:
        rule = self.rule.with_timeout(timeout) if self.rule is not None else None
        return type(self)(timeout, self.config, rule)

    def spec(self) -> dict[str, Any]:
        raise TypeError("the judge checker runs in the calling process (local = False)")

    def prepare(self, gold: str, choices: Sequence[Any] | None = None,
                question: str | None = None) -> Gold:
        if self.rule is not None:
            return self.rule.prepare(gold, choices, question)
        return super().prepare(gold, choices, question)

    def judge(self, gold: Gold, completion: str) -> Verdict:
        return self.judge_batch([(gold, completion)])[0]

    def judge_batch(self, items: Sequence[tuple[Gold, str]]) -> list[Verdict]:
        from star_cli.judge import JudgeItem
        from star_cli.judge.combine import needs_judge

        rules = [self.rule.judge(g, c) for g, c in items] if self.rule is not None else None
        todo = [k for k in range(len(items))
                if rules is None or needs_judge(rules[k])]
        self.routed += len(todo) if rules is not None else 0
        asked = [JudgeItem(items[k][0].question, _reference(items[k][0]), items[k][1])
                 for k in todo]
        verdicts = self._client().judge_many(asked) if asked else []
        out: list[Verdict] = list(rules) if rules is not None else [None] * len(items)  # type: ignore[list-item]
        for k, jv in zip(todo, verdicts, strict=True):
            self.errors += jv.reason == "judge_error"
            answer = (rules[k].answer if rules is not None else None) or jv.answer
            out[k] = Verdict(answer, bool(jv.correct), jv.reason, None, "judge", None,
                             {"judge_reply": jv.reply})
        return out

    def _client(self) -> Any:
        if self._judge is None:
            from star_cli.judge import Judge

            self._judge = Judge(self.config)
        return self._judge

    def close(self) -> None:
        if self._judge is not None:
            self._judge.close()
            self._judge = None
        if self.routed or self.errors:
            log.info("%s: %d sent to the judge, %d judge_error (never a label)", self.name,
                     self.routed, self.errors)


def _reference(gold: Gold) -> str:
    """What the judge is told the right answer is: for a choice, its letter and text."""
    for c in gold.choices or ():
        if c.label.upper() == (choice_label(gold.text, gold.choices) or gold.key):
            return f"({c.label}) {c.text}"
    return gold.text
