"""The guard: responses with no final answer are no_answer; real short answers are not."""

from __future__ import annotations

import json

import pytest

from star_cli.answers.thinking import ThinkingOptions, ThinkTags
from star_cli.judge import MASTER_KEYS, final_part, has_final_answer, no_answer_reason
from tests.judge.helpers import GRADED, SHARED_DATA

QUESTION = ("Janet's ducks lay 16 eggs per day. She eats three for breakfast every morning and "
            "bakes muffins for her friends every day with four. She sells the remainder at the "
            "farmers' market daily for $2 per fresh duck egg. How much in dollars does she make "
            "every day at the farmers' market?")

# Every master key of the battery but the injections (the client takes contract lines out
# before the guard; see test_client) states no answer.
KEYS = [text.replace("{question}", QUESTION) for kind, text in MASTER_KEYS
        if kind != "injection"]


@pytest.mark.parametrize("response", KEYS)
def test_master_keys_state_no_answer(response: str) -> None:
    assert not has_final_answer(response, QUESTION)


@pytest.mark.parametrize("response, why", [
    ("", "empty"), ("  \n\t", "empty"), (":", "punctuation"), ("...", "punctuation"),
    ("$$", "punctuation"), ("—", "punctuation"),
    ("Solution", "opener"), ("\\boxed{}", "opener"), ("\\boxed{:}", "opener"),
    ("Let's solve this step by step.", "opener"), ("Step 1:", "opener"),
    ("Thought process:\n\nStep 1:", "opener"), ("解：", "opener"), ("Respuesta:", "opener"),
    (QUESTION, "restatement"), (f"Question: {QUESTION}\nAnswer:", "restatement"),
    ("Answer: Let's see.", "opener"),
])
def test_reasons(response: str, why: str) -> None:
    assert no_answer_reason(final_part(response), QUESTION) == why


@pytest.mark.parametrize("response", [
    "42", "18", "-3", "Paris", "No", "Yes", "True", "B", "(I)", "The answer is (I).",
    "The answer is A.", "x = 3", "\\frac{1}{2}", "\\boxed{\\emptyset}", "∅", "$\\infty$",
    "巴黎", "解：x=3", "Solution: Paris", "The answer is 18.", "So she makes $18 every day.",
    "#### 18", "Let's solve this step by step. 16 - 3 - 4 = 9 and 9 * 2 = 18.",
    "none", "She makes eighteen dollars.", "I think it's 18.",
    # A hedge has content: the judge must reject it (the battery measures that).
    "The answer is 18 or 19.",
])
def test_real_answers_pass(response: str) -> None:
    assert has_final_answer(response, QUESTION)


def test_restatement_needs_most_of_the_question() -> None:
    question = "Which is larger, 3 or 5?"
    assert no_answer_reason("Which is larger, 3 or 5?", question) == "restatement"
    # Words of the question, but an answer: too few to be a copy.
    assert no_answer_reason("5 is larger", question) is None
    assert no_answer_reason("The answer is 3 or 5.", question) is None
    # One sentence copied from a long question is short of half of it.
    assert no_answer_reason("She eats three for breakfast every morning.", QUESTION) is None
    assert no_answer_reason("Paris", "Is the capital of France Paris or Lyon?") is None
    assert no_answer_reason(QUESTION, None) is None  # no question given: nothing to compare
    assert no_answer_reason("What is the capital of France?",
                            "What is the capital of France?") == "restatement"
    assert no_answer_reason("5", "Is it 5?") is None


def test_thoughts() -> None:
    assert final_part("<think>16 - 3 - 4 = 9</think>The answer is 18.") == "The answer is 18."
    assert final_part("<think>the answer is 18") is None  # never closed: no answer
    assert no_answer_reason(final_part("<think>the answer is 18")) == "unfinished_thought"
    assert not has_final_answer("<think>The answer is 18.</think>")  # nothing after it
    assert not has_final_answer("<think>The answer is 18.</think>\n\nSolution:")
    assert has_final_answer("<think>x</think>18")
    # Other delimiters, and thoughts read off.
    tags = ThinkingOptions("auto", ThinkTags("<|startofthought|>", "<|endofthought|>"))
    assert final_part("<|startofthought|>18<|endofthought|>Solution", tags) == "Solution"
    assert final_part("<think>18</think>", ThinkingOptions("off")) == "<think>18</think>"


def test_run_on_is_cut() -> None:
    assert final_part("The answer is 18.\n\nQuestion: what is 2+2?\nAnswer: 4") == (
        "The answer is 18.")


@pytest.mark.skipif(not GRADED.is_dir(), reason="../shared/data/graded is absent")
def test_the_guard_keeps_every_labelled_correct_real_answer() -> None:
    """Real completions labelled correct (GSM8K models and Qwen2.5-Math): none is stopped."""
    with open(SHARED_DATA / "gsm8k" / "test.jsonl", encoding="utf-8") as f:
        questions = [json.loads(line)["question"] for line in f]
    checked = 0
    for name in ("gsm8k_example_model_solutions.jsonl", "qwen25math_math_cot_100.jsonl"):
        with open(GRADED / name, encoding="utf-8") as f:
            for n, line in enumerate(f):
                row = json.loads(line)
                # The GSM8K file holds 4 solutions per test question, in order.
                question = questions[n // 4] if name.startswith("gsm8k") else None
                if row["expected"]:
                    why = no_answer_reason(final_part(row["completion"]), question)
                    assert why is None, (name, n, why)
                    checked += 1
    assert checked > 2500
