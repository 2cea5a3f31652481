"""SFT formats (`star filter --format`): TRL's conversational `messages` and
`prompt-completion`, and `traces` (the records as they are).

A schema 2 trace's prompt has no exemplars (they are a block stored once per OUT, named by
its `few_shot` field); a schema 1 trace's prompt is the whole sampled prompt. Either way the
exports here take the prompt they are given and, by default (`keep_few_shot=False`), drop
any exemplars in it: the chat form becomes the task's instruction as the system message, the
question as the user message and the rationale as the assistant's; the text form keeps the
instruction and the question's `Q: ...\\nA:` frame. With `keep_few_shot`, the caller passes
the sampled prompt (`io.few_shot.Blocks.sampled_prompt`, as `star filter --keep-few-shot`
does) and its exemplars are kept. Prompts star did not build (a generic template) are kept
whole. The assistant text is the rationale with its thought written as `Thoughts` says
(export/thoughts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from star_cli.export.base import ExportOptions, SFTFormat
from star_cli.export.thoughts import KEEP, Thoughts, assistant_text

Message = dict[str, str]
_EXEMPLAR = re.compile(r"Q: (.*?)\nA: (.*?)(?:\n\n|$)", re.S)


@dataclass(frozen=True)
class PromptParts:
    system: str | None
    shots: list[tuple[str, str]]  # (question, rationale) exemplars
    question: str
    frame: bool  # star's "Q: ...\nA:" text layout


def split_prompt(prompt: Any, question: str | None = None) -> PromptParts:
    """Instruction, exemplars and question of a prompt star built (text or chat). The
    question block is found by the trace's own question, so a question that itself contains
    `Q: ` is not cut; a text prompt not in star's layout is kept whole."""
    if isinstance(prompt, list):
        msgs = [m for m in prompt if isinstance(m, dict)]
        system = msgs[0]["content"] if msgs and msgs[0].get("role") == "system" else None
        body = msgs[1:] if system is not None else msgs
        shots = [(body[i]["content"], body[i + 1]["content"]) for i in range(0, len(body) - 1, 2)
                 if body[i].get("role") == "user" and body[i + 1].get("role") == "assistant"]
        return PromptParts(system, shots, body[-1]["content"] if body else "", False)
    text = str(prompt)
    at = text.rfind(f"Q: {question}") if question else text.rfind("Q: ")
    head = text[:at]
    if not text.endswith("\nA:") or at == -1 or (head and not head.endswith("\n\n")):
        return PromptParts(None, [], text, False)  # not star's layout: keep it whole
    last = text[at + 3 : -3]
    first = head.find("Q: ")
    system = (head if first == -1 else head[:first]).strip() or None
    shots = [(q, a.strip()) for q, a in _EXEMPLAR.findall(head[first:] if first != -1 else "")]
    return PromptParts(system, shots, last, True)


def _question(trace: dict[str, Any]) -> str | None:
    q = trace.get("question")
    return q if isinstance(q, str) and q else None


def to_messages(trace: dict[str, Any], keep_few_shot: bool = False,
                thoughts: Thoughts = KEEP) -> dict[str, Any]:
    parts = split_prompt(trace["prompt"], _question(trace))
    messages: list[Message] = []
    if parts.system:
        messages.append({"role": "system", "content": parts.system})
    if keep_few_shot:
        for q, a in parts.shots:
            messages += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    messages.append({"role": "user", "content": parts.question})
    messages.append({"role": "assistant", "content": assistant_text(trace, thoughts)})
    return {"messages": messages}


def to_prompt_completion(trace: dict[str, Any], keep_few_shot: bool = False,
                         thoughts: Thoughts = KEEP) -> dict[str, Any]:
    prompt = trace["prompt"]
    if isinstance(prompt, list):  # conversational prompt-completion
        chat = to_messages(trace, keep_few_shot, thoughts)["messages"]
        return {"prompt": chat[:-1], "completion": chat[-1:]}
    parts = split_prompt(prompt, _question(trace))
    if keep_few_shot or not parts.frame:
        text = str(prompt)
    else:
        text = (f"{parts.system}\n\n" if parts.system else "") + f"Q: {parts.question}\nA:"
    return {"prompt": text, "completion": " " + assistant_text(trace, thoughts)}


class Traces(SFTFormat):
    """The trace records as they are (with their fields, for any later step)."""

    name = "traces"
    needs_prompt = False
    training = False

    def row(self, trace: dict[str, Any], options: ExportOptions) -> dict[str, Any]:
        return trace


class Messages(SFTFormat):
    """TRL's conversational language modelling rows: `{"messages": [...]}`."""

    name = "messages"

    def row(self, trace: dict[str, Any], options: ExportOptions) -> dict[str, Any]:
        return to_messages(trace, options.keep_few_shot, options.thoughts)


class PromptCompletion(SFTFormat):
    """TRL's prompt-completion rows (conversational for chat prompts)."""

    name = "prompt-completion"

    def row(self, trace: dict[str, Any], options: ExportOptions) -> dict[str, Any]:
        return to_prompt_completion(trace, options.keep_few_shot, options.thoughts)
