"""Step-labelled rows (`star steps --format NAME`): formats of the `stepwise` kind.

A stepwise format writes one row per labelled trace, `row(record)`, from the trace with the
fields `star steps` adds (docs/steps.md): `steps` (the rationale's steps, in order),
`step_labels` (whether each holds), `step_soft` (the share of rollouts from its prefix that
reached the gold; null where the binary search did not roll out), `step_rollouts`,
`first_error` (the first step that does not hold, -1 when all do), `step_search`,
`step_sep` and `rollout_tokens`.

Every row keeps the trace's `id` and `problem_id`, so a run resumes by trace id whatever
the format (`datasets` and TRL ignore columns they do not use).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, ClassVar

from star_cli.export.base import Format

STEPWISE = "stepwise"


class StepwiseFormat(Format):
    """A row per step-labelled trace (`star steps --format`)."""

    kind = STEPWISE
    needs_prompt: ClassVar[bool] = True

    @abstractmethod
    def row(self, record: dict[str, Any]) -> dict[str, Any]: ...


def _keys(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record.get("id"), "problem_id": record["problem_id"]}


class StepLabels(StepwiseFormat):
    """The traces as they are, with their steps and step labels (star's own records: any
    later command reads them, `star score --kind prm` scores the same steps)."""

    name = "step-labels"
    training = False

    def row(self, record: dict[str, Any]) -> dict[str, Any]:
        return record


class Stepwise(StepwiseFormat):
    """TRL's stepwise supervision: `prompt`, `completions` (the steps) and `labels` (whether
    each step holds), aligned; what a process reward model trains on."""

    name = "stepwise"

    def row(self, record: dict[str, Any]) -> dict[str, Any]:
        from star_cli.export.sft import to_prompt_completion

        prompt = to_prompt_completion(record)["prompt"]
        return {"prompt": prompt, "completions": list(record["steps"]),
                "labels": [bool(x) for x in record["step_labels"]], **_keys(record)}


class FirstError(StepwiseFormat):
    """ProcessBench's rows: `problem`, `steps`, `label` (the first wrong step, -1 when every
    step holds), `final_answer_correct` and the `generator` (the model that wrote it)."""

    name = "first-error"

    def row(self, record: dict[str, Any]) -> dict[str, Any]:
        labels = record["step_labels"]
        return {**_keys(record), "generator": record.get("model"),
                "problem": record.get("question"), "steps": list(record["steps"]),
                "final_answer_correct": bool(labels[-1]) if labels else False,
                "label": int(record["first_error"])}


__all__ = ["STEPWISE", "FirstError", "StepLabels", "Stepwise", "StepwiseFormat"]
