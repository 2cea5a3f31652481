"""The gym prompt: reasoning-gym's own instruction, the answer in <answer> tags."""

from __future__ import annotations

import pytest

from star_cli.gym import ANSWER_FORMAT, INSTRUCTION, chat_prompt, extract_answer, hint, text_prompt


def test_the_instruction_is_reasoning_gyms_default_system_prompt():
    utils = pytest.importorskip("reasoning_gym.utils")
    assert utils.SYSTEM_PROMPTS["default"] == INSTRUCTION
    assert "<answer>answer here</answer>" in INSTRUCTION


def test_text_and_chat_prompts():
    text = text_prompt("What is 1 + 1?")
    assert text == f"{INSTRUCTION.rstrip()}\n\nQ: What is 1 + 1?\nA:"
    assert chat_prompt("What is 1 + 1?") == [
        {"role": "system", "content": INSTRUCTION.rstrip()},
        {"role": "user", "content": "What is 1 + 1?"},
    ]


def test_a_hinted_prompt_shows_the_gold_after_the_question():
    assert hint("2") == "(Answer: 2)"
    assert text_prompt("What is 1 + 1?", "2").endswith("Q: What is 1 + 1? (Answer: 2)\nA:")
    assert chat_prompt("What is 1 + 1?", "2")[-1]["content"] == "What is 1 + 1? (Answer: 2)"


def test_an_answer_written_as_asked_is_read_back():
    assert extract_answer("Two. " + ANSWER_FORMAT.format(answer="2")) == "2"
