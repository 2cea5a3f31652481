"""A served request's candidates as star traces, built the way `star generate` builds them
(`make_traces`: the task's stop sequences, its checker's reading of the answer, the
rationale cut after it, thoughts), so `--log` writes what every star command reads.

- `problem_id` is the request's id (`cmpl-...`, `chatcmpl-...`), `source` is `serve`, and
  `id` is `{problem_id}/serve/it{iteration}/s{sample}` as for any trace.
- `prompt` is the request's prompt as sent (text, or the messages as {role, content}),
  `few_shot` null (a prompt with exemplars is its own sampled prompt). `question` is the
  request's `star.question`, else the question of a prompt in star's `Q: ...\\nA:` layout,
  else the whole text prompt, or the last user message of a chat.
- With `star.gold` the candidates are judged like generated ones (`correct` true or false);
  without one, the answer is read by the same rules (the checker's extraction and its check
  that a statement commits to one answer, never its comparison) and `gold`, `correct` and a
  gold-dependent `check_reason` are null: unlabelled traffic, to be labelled later (add
  `gold`, then `star check`).

What the verifier scores is `scored_pair(trace)`, the pair `star score` scores for that
trace: `star score` over the log reproduces the served scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from star_cli.answers.checker import Pending, Verdict
from star_cli.engines.base import Completion, Sampling
from star_cli.export import split_prompt
from star_cli.records import Problem
from star_cli.serve.protocol import ServedRequest
from star_cli.steps.sampling import make_traces
from star_cli.steps.score import scored_pair

SOURCE = "serve"
# Reasons a checker gives without comparing with a gold: kept on unlabelled traces.
GOLD_FREE_REASONS = frozenset({"no_answer", "ambiguous", "unfinished_thought"})


class TraceMaker:
    def __init__(self, task: Any, *, model: str, iteration: int = 0) -> None:
        self.task, self.model, self.iteration = task, model, iteration
        self.reading = _TaskView(task, _AnswerReader(task.checker))
        self.no_gold = task.checker.prepare("")

    def traces(self, request: ServedRequest, rid: str, completions: Sequence[Completion],
               sampling: Sampling) -> list[dict[str, Any]]:
        gold = request.star.gold
        question = request.star.question or question_of(request.prompt)
        problem = Problem(rid, question, gold or "")
        if gold is None:
            task, prepared = self.reading, self.no_gold
        else:
            task, prepared = self.task, self.task.checker.prepare(gold, None, question)
        made = make_traces(problem, request.prompt, completions, task=task, gold=prepared,
                           sampling=sampling, model=self.model, iteration=self.iteration,
                           source=SOURCE)
        out = []
        for t in made:
            record = t.to_dict()
            if gold is None:
                record["gold"] = None
                record["correct"] = None
                if record.get("check_reason") not in GOLD_FREE_REASONS:
                    record["check_reason"] = None
            out.append(record)
        return out


def pairs_of(traces: Sequence[dict[str, Any]]) -> list[tuple[Any, Any]]:
    """What the verifier scores for each trace: exactly `star score`'s pair."""
    return [scored_pair(t) for t in traces]


def question_of(prompt: Any) -> str:
    if isinstance(prompt, str):
        parts = split_prompt(prompt)
        return parts.question if parts.frame else prompt
    users = [m["content"] for m in prompt if m.get("role") == "user"]
    return users[-1] if users else prompt[-1]["content"]


class _AnswerReader:
    """The task's checker, reading answers without a gold: everything `judge` does up to the
    comparison (extraction, the commitment and retraction checks); an answer only the
    symbolic tier could compare is kept, never sent to it."""

    def __init__(self, checker: Any) -> None:
        self._checker = checker
        self.name = checker.name

    def judge(self, gold: Any, completion: str) -> Verdict:
        local = self._checker.judge_local(gold, completion)
        if isinstance(local, Pending):
            return Verdict(local.answer, False, "mismatch", local.end, "symbolic",
                           local.source)
        return local

    def __getattr__(self, name: str) -> Any:
        return getattr(self._checker, name)


class _TaskView:
    """The task with another checker (make_traces reads `task.checker`)."""

    def __init__(self, task: Any, checker: Any) -> None:
        self._task, self.checker = task, checker

    def __getattr__(self, name: str) -> Any:
        return getattr(self._task, name)


__all__ = ["GOLD_FREE_REASONS", "SOURCE", "TraceMaker", "pairs_of", "question_of"]
