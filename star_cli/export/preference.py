"""Preference formats (`star pairs --format`): TRL's paired `dpo` rows and unpaired `kto`
rows, built from one problem's (chosen, rejected) pairs. The prompt is the training prompt
as `star filter` exports it (export/sft.py): hint-free, without exemplars."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from star_cli.export.base import PreferenceFormat, Side
from star_cli.export.sft import to_messages, to_prompt_completion
from star_cli.export.thoughts import KEEP, Thoughts


def side(trace: dict[str, Any], trace_id: str, chat: bool, thoughts: Thoughts = KEEP) -> Side:
    """A trace as one side of a pair, as `star filter` exports it: conversational messages
    (the prompt's messages, then one assistant message), or standard text; a thinking
    model's thought kept, dropped or rewritten as `thoughts` says."""
    if chat:
        messages = to_messages(trace, thoughts=thoughts)["messages"]
        return Side(messages[:-1], messages[-1:], trace_id)
    row = to_prompt_completion(trace, thoughts=thoughts)
    return Side(row["prompt"], row["completion"], trace_id)


class DPO(PreferenceFormat):
    """TRL preference rows: `prompt`, `chosen`, `rejected` (a pair each), with the problem
    and both trace ids; the prompt is the chosen trace's."""

    name = "dpo"

    def rows(self, problem_id: str, chosen: dict[int, Side], rejected: dict[int, Side],
             pairs: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
        return [{"prompt": chosen[i].prompt, "chosen": chosen[i].completion,
                 "rejected": rejected[j].completion, "problem_id": problem_id,
                 "chosen_id": chosen[i].id, "rejected_id": rejected[j].id} for i, j in pairs]


class KTO(PreferenceFormat):
    """TRL unpaired preference rows: `prompt`, `completion`, `label`, each trace of the kept
    pairs once (the chosen ones first)."""

    name = "kto"

    def rows(self, problem_id: str, chosen: dict[int, Side], rejected: dict[int, Side],
             pairs: Sequence[tuple[int, int]]) -> list[dict[str, Any]]:
        used = [(chosen[i], True) for i in sorted({i for i, _ in pairs})]
        used += [(rejected[j], False) for j in sorted({j for _, j in pairs})]
        return [{"prompt": s.prompt, "completion": s.completion, "label": label,
                 "problem_id": problem_id, "id": s.id} for s, label in used]
