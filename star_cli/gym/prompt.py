"""The gym task's prompt: reason step by step, then the final answer in <answer>…</answer>.

INSTRUCTION is reasoning-gym's own default system prompt (reasoning_gym.utils.SYSTEM_PROMPTS
["default"]), copied so that building a prompt never imports reasoning_gym; a test compares
the two, so a reasoning-gym release that changes it is noticed. Its questions often end with
their own format instructions ("Return the final answer as ..."), which the prompt keeps.
"""

from __future__ import annotations

INSTRUCTION = """Given a problem, your task is to answer the question by thinking step-by-step in a clear and specific manner.
Once you have thought about the reasoning process, provide the answer in the following format:
<answer>answer here</answer>
Do not explain your reasoning inside the answer tags, provide only the final answer. When an example is provided, you should strictly follow the format of the output/answer in that example.
"""  # noqa: E501 - verbatim

# How a final answer is written, e.g. in a worked exemplar.
ANSWER_FORMAT = "<answer>{answer}</answer>"

# A hint (rationalize) shows the gold as the final answer is to be written.
HINT_FORMAT = "(Answer: {answer})"

# Text prompts end at the next question; chat prompts end at the turn's end.
STOP = ("\n\nQ:", "\nQ:")


def hint(gold: str) -> str:
    return HINT_FORMAT.replace("{answer}", gold)


def text_prompt(question: str, gold_hint: str | None = None) -> str:
    """`INSTRUCTION`, a blank line, `Q: question` (with the hint after it) and `A:`."""
    shown = question if gold_hint is None else f"{question} {hint(gold_hint)}"
    return f"{INSTRUCTION.rstrip()}\n\nQ: {shown}\nA:"


def chat_prompt(question: str, gold_hint: str | None = None) -> list[dict[str, str]]:
    """The instruction as the system message, the question as the user's."""
    shown = question if gold_hint is None else f"{question} {hint(gold_hint)}"
    return [{"role": "system", "content": INSTRUCTION.rstrip()},
            {"role": "user", "content": shown}]
