"""`star score --kind prm`: each trace's steps scored by a process reward model.

Every trace gains `prm_steps` (the probability that each step holds, in order) and the
scores `star select` ranks by: `prm_min`, `prm_last` and `prm_prod` (`verifier.aggregates`).
The steps are the trace's own `steps` when `star steps` wrote them (so a PRM scores exactly
the steps it was trained to label), else its rationale cut by `--step-sep` as `star steps`
cuts it. The prompt is the training prompt TRL's stepwise rows carry (`--format stepwise`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from star_cli.answers.segment import StepSep, split_steps, step_texts
from star_cli.answers.thinking import ThinkingOptions
from star_cli.errors import InputError
from star_cli.records import Location

PRM = "prm"
FIX = "star score --kind prm scores text prompts and the steps of their rationales"


def check_record(record: dict[str, Any], loc: Location) -> None:
    """A trace a PRM can score: a text prompt, and `steps` (when present) a list of texts."""
    if not isinstance(record.get("prompt"), str):
        raise InputError("is a chat prompt: a process verifier scores text prompts only",
                         path=loc.path, line=loc.line, field="prompt", fix=FIX)
    steps = record.get("steps")
    if steps is not None and not (isinstance(steps, list)
                                  and all(isinstance(s, str) for s in steps)):
        raise InputError("must be a list of step texts (as star steps writes it)",
                         path=loc.path, line=loc.line, field="steps", fix=FIX)


def items(records: Sequence[dict[str, Any]], sep: StepSep,
          reading: ThinkingOptions) -> list[tuple[str, list[str]]]:
    """(prompt, steps) of each trace, as the PRM is given them."""
    from star_cli.export.sft import to_prompt_completion

    out = []
    for r in records:
        steps = r.get("steps")
        if steps is None:
            steps = step_texts(r["rationale"], split_steps(r["rationale"], sep, reading))
        out.append((to_prompt_completion(r)["prompt"], list(steps)))
    return out


def fields(probs: Sequence[float]) -> dict[str, Any]:
    from star_cli.verifier import aggregates

    return {"prm_steps": [round(p, 6) for p in probs],
            **{k: round(v, 8) for k, v in aggregates(probs).items()}}


__all__ = ["PRM", "check_record", "fields", "items"]
