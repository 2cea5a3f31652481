"""`star_cli.rewards`: TRL GRPO accuracy rewards judged by star's checker.

The table pins the reward's contract (the columns it reads, the completion forms, the None for
a row without a gold); the trainer tests run TRL's real GRPOTrainer for two steps on a tiny
local model, so a change in how TRL calls reward functions shows up here.
"""

from __future__ import annotations

import functools
import math
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from star_cli.errors import UsageError
from star_cli.rewards import (
    AccuracyReward,
    accuracy_reward,
    gold_from_solution,
    make_accuracy_reward,
)
from star_cli.tasks import get_task
from tests.tiny_model import tiny_model_dir  # noqa: F401

GSM8K = make_accuracy_reward("gsm8k")
CSQA_CHOICES = {"label": ["A", "B", "C"], "text": ["cat", "dog", "bird"]}


def said(text: str) -> list[dict[str, Any]]:
    """A conversational completion, as GRPOTrainer passes it for chat prompts."""
    return [{"role": "assistant", "content": text}]


CASES: list[tuple[str, Callable[..., list[float | None]], dict[str, Any], list[float | None]]] = [
    # id, reward, keyword arguments (GRPO passes everything by keyword), expected
    ("gsm8k-right", GSM8K, {"completions": ["So 2 + 3 = 5. The answer is 5."], "gold": ["5"]},
     [1.0]),
    ("gsm8k-wrong", GSM8K, {"completions": ["The answer is 6."], "gold": ["5"]}, [0.0]),
    ("gsm8k-no-answer", GSM8K, {"completions": ["I am not sure."], "gold": ["5"]}, [0.0]),
    ("gsm8k-int-gold", GSM8K, {"completions": ["The answer is 5."], "gold": [5]}, [1.0]),
    ("gsm8k-conversational", GSM8K,
     {"completions": [said("The answer is 5."), said("The answer is 4.")], "gold": ["5", "5"]},
     [1.0, 0.0]),
    ("gsm8k-from-solution", GSM8K,
     {"completions": ["The answer is 1080.", "The answer is 108."],
      "solution": ["3 * 360 = <<3*360=1080>>1080\n#### 1,080"] * 2},
     [1.0, 0.0]),
    ("gold-before-solution", GSM8K,
     {"completions": ["The answer is 7."], "gold": ["7"], "solution": ["#### 8"]}, [1.0]),
    ("missing-gold", GSM8K,
     {"completions": ["The answer is 5."] * 4, "gold": [None, "", "  ", "5"]},
     [None, None, None, 1.0]),
    ("no-gold-column", GSM8K, {"completions": ["The answer is 5."]}, [None]),
    ("solution-without-answer", GSM8K,
     {"completions": ["The answer is 5."], "solution": ["First add.\nThen it is done."]}, [None]),
    ("math-default-half", accuracy_reward,
     {"completions": [r"So $\boxed{\frac12}$.", r"\boxed{\frac{1}{3}}"], "gold": ["0.5", "0.5"]},
     [1.0, 0.0]),
    ("math-from-boxed-solution", accuracy_reward,
     {"completions": [said(r"The answer is $\boxed{0.5}$.")],
      "solution": [r"Halve it: $\boxed{1}$ is wrong; the answer is $\boxed{\dfrac{1}{2}}$."]},
     [1.0]),
    ("math-bare-solution", accuracy_reward,  # trl's own examples: the solution is the answer
     {"completions": [r"\boxed{x^2+2x+1}"], "solution": [r"(x+1)^2"]}, [1.0]),
    ("math-symbolic-tier", accuracy_reward,  # decided by math-verify in a worker process
     {"completions": [r"\boxed{\frac12}"], "gold": [r"\int_0^1 x\,dx"]}, [1.0]),
    ("task-column", accuracy_reward,
     {"completions": ["The answer is 5.", "The answer is (b) dog.", r"\boxed{\frac12}"],
      "gold": ["5", "B", "0.5"], "task": ["gsm8k", "csqa", None],
      "choices": [None, CSQA_CHOICES, None]},
     [1.0, 1.0, 1.0]),
    ("task-column-off", make_accuracy_reward("gsm8k", task_column=False),
     {"completions": ["The answer is (b) dog."], "gold": ["B"], "task": ["csqa"]}, [0.0]),
    ("csqa-choice-forms", make_accuracy_reward("csqa"),
     {"completions": ["The answer is dog."] * 3 + ["The answer is (a) cat."],
      "gold": ["B", "B", "B", "B"],
      "choices": [CSQA_CHOICES, [{"label": "A", "text": "cat"}, {"label": "B", "text": "dog"}],
                  ["cat", "dog"], CSQA_CHOICES]},
     [1.0, 1.0, 1.0, 0.0]),
]


@pytest.mark.parametrize(("reward", "kwargs", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_reward_table(reward: Callable[..., list[float | None]], kwargs: dict[str, Any],
                      expected: list[float | None]) -> None:
    assert reward(**kwargs) == expected


@pytest.mark.parametrize(
    ("completion", "expected"),
    [
        pytest.param(  # tool use: the answer is the last assistant message, not a tool's
            [{"role": "assistant", "content": None, "tool_calls": [{"name": "calc"}]},
             {"role": "tool", "content": "The answer is 9."},
             {"role": "assistant", "content": "The answer is 5."}], 1.0, id="tool-calls"),
        pytest.param([{"role": "assistant", "content": [{"type": "text", "text": "The answer"},
                                                        {"type": "text", "text": " is 5."}]}],
                     1.0, id="content-parts"),
        pytest.param([{"role": "assistant", "content": "The answer is 5."},
                      {"role": "assistant", "content": ""}], 0.0, id="empty-last-message"),
        pytest.param([], 0.0, id="no-messages"),
    ],
)
def test_conversational_forms(completion: list[dict[str, Any]], expected: float) -> None:
    assert GSM8K(completions=[completion], gold=["5"]) == [expected]


@pytest.mark.parametrize(
    ("task", "solution", "gold"),
    [
        ("gsm8k", "3 * 360 = <<3*360=1080>>1080 pages.\n#### 1,080", "1080"),
        ("gsm8k", "So she has 5 left. The answer is 5.", "5"),
        ("gsm8k", "12", "12"),
        ("math", r"Thus $x = \boxed{\frac{1}{3}}$.", r"\frac{1}{3}"),
        ("math", r"\frac{1}{3}", r"\frac{1}{3}"),  # bare: never the fallback's last number
        ("math", "Add them.\nFinal answer: 7", "7"),
        ("csqa", "A dog barks, so the answer is (b) dog.", "(b) dog"),
        ("math", "Add them.\nThen we are done, as 3 and 4 make it.", None),
        ("math", "   ", None),
    ],
)
def test_gold_from_solution(task: str, solution: str, gold: str | None) -> None:
    assert gold_from_solution(solution, get_task(task)) == gold


def test_same_call_as_trls_accuracy_reward() -> None:
    """trl's docstring example, called the way trl documents it (positionally), agrees."""
    trl_rewards = pytest.importorskip("trl.rewards")
    solutions = [r"\frac{1}{3}", r"\frac{1}{3}", "0.5"]
    completions = [said(r"My answer is \boxed{\frac{1}{3}}"),
                   said(r"My answer is \boxed{\frac{1}{2}}"), said(r"\boxed{\frac{1}{2}}")]
    expected = trl_rewards.accuracy_reward(completions, solutions)
    assert accuracy_reward(completions, solutions) == expected == [1.0, 0.0, 1.0]


def test_names_are_what_trl_logs() -> None:
    assert accuracy_reward.__name__ == "accuracy_reward"
    assert make_accuracy_reward().__name__ == "accuracy_reward"
    assert make_accuracy_reward("gsm8k", name="gsm8k_acc").__name__ == "gsm8k_acc"


def test_logs_table_columns_and_metrics() -> None:
    extra: dict[str, list] = {}
    metrics: dict[str, float] = {}
    rewards = GSM8K(completions=["The answer is 5.", "no idea", "x"], gold=["5", "5", None],
                    log_extra=extra.__setitem__, log_metric=metrics.__setitem__)
    assert rewards == [1.0, 0.0, None]
    assert extra == {"accuracy_reward/gold": ["5", "5", None],
                     "accuracy_reward/answer": ["5", None, None],
                     "accuracy_reward/reason": ["match", "no_answer", "no_gold"]}
    assert metrics == {"accuracy_reward/no_answer": 0.5, "accuracy_reward/timeout": 0.0,
                       "accuracy_reward/unfinished_thought": 0.0}


def test_pickles_after_use() -> None:
    """TRL's async GRPO sends rewards to a child process: the worker pools stay behind."""
    reward = make_accuracy_reward("math", timeout=2.0, name="m")
    kwargs = {"completions": [r"\boxed{\frac12}"], "gold": [r"\int_0^1 x\,dx"]}
    assert reward(**kwargs) == [1.0]
    copy = pickle.loads(pickle.dumps(reward))
    assert isinstance(copy, AccuracyReward)
    assert (copy.task, copy.timeout, copy.__name__) == ("math", 2.0, "m")
    assert copy(**kwargs) == [1.0]
    copy.close()
    reward.close()


def test_bad_inputs_fail_loudly() -> None:
    with pytest.raises(UsageError, match="unknown task"):
        make_accuracy_reward("gsm9k")
    with pytest.raises(UsageError, match="unknown task"):
        GSM8K(completions=["The answer is 5."], gold=["5"], task=["gsm9k"])
    with pytest.raises(ValueError, match="2 values for 1 completions"):
        GSM8K(completions=["The answer is 5."], gold=["5", "6"])


def test_import_stays_light() -> None:
    code = ("import sys\nfrom star_cli.rewards import accuracy_reward\nimport star_cli\n"
            "print(sorted(m for m in ('torch', 'trl', 'transformers', 'sympy') "
            "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


# -- a real GRPOTrainer ------------------------------------------------------------------------
QUESTIONS = [(1, 2), (2, 3), (3, 4), (4, 5)]


def grpo_dataset(conversational: bool) -> Any:
    from datasets import Dataset

    rows = []
    for a, b in QUESTIONS:
        question = f"Q: What is {a} + {b}? A:"
        prompt = [{"role": "user", "content": question}] if conversational else question
        rows.append({"prompt": prompt, "gold": str(a + b), "unused": "ignored"})
    return Dataset.from_list(rows)


def recording(reward: Callable[..., list[float | None]]) -> tuple[Callable[..., Any], list]:
    """`reward` under its own `__name__`, keeping each call's arguments and rewards."""
    calls: list[tuple[dict[str, Any], list[float | None]]] = []

    @functools.wraps(reward)
    def recorded(**kwargs: Any) -> list[float | None]:
        out = reward(**kwargs)
        calls.append((kwargs, out))
        return out

    return recorded, calls


def prompt_gold(prompt: Any) -> str:
    text = prompt[-1]["content"] if isinstance(prompt, list) else prompt
    a, b = (int(x) for x in text.removeprefix("Q: What is ").split("?")[0].split(" + "))
    return str(a + b)


@pytest.mark.parametrize(
    ("conversational", "reward", "name"),
    [
        pytest.param(False, make_accuracy_reward("gsm8k", name="star_gsm8k"), "star_gsm8k",
                     id="standard-gsm8k"),
        pytest.param(True, accuracy_reward, "accuracy_reward", id="conversational-math"),
    ],
)
@pytest.mark.slow  # trains a model
def test_grpo_trainer_two_steps(offline_hf: None, tiny_model_dir: Path,  # noqa: F811
                                tmp_path: Path, conversational: bool,
                                reward: Callable[..., Any], name: str) -> None:
    pytest.importorskip("trl")
    from transformers import AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer

    recorded, calls = recording(reward)
    args = GRPOConfig(
        output_dir=str(tmp_path / "out"), use_cpu=True, bf16=False, max_steps=2,
        per_device_train_batch_size=4, num_generations=2, max_completion_length=8,
        report_to=[], logging_steps=1, save_strategy="no", disable_tqdm=True, seed=0,
    )
    trainer = GRPOTrainer(
        model=str(tiny_model_dir), reward_funcs=[recorded], args=args,
        train_dataset=grpo_dataset(conversational),
        processing_class=AutoTokenizer.from_pretrained(tiny_model_dir),
    )
    trainer.train()

    assert trainer.state.global_step == 2
    steps = [log for log in trainer.state.log_history if "loss" in log]
    assert [log["step"] for log in steps] == [1, 2]
    assert len(calls) == 2  # one generation round per step
    for log, (kwargs, rewards) in zip(steps, calls, strict=True):
        check_call(kwargs, rewards, conversational)
        assert log[f"rewards/{name}/mean"] == pytest.approx(sum(rewards) / len(rewards))
        assert f"{name}/no_answer" in log and f"{name}/timeout" in log


def check_call(kwargs: dict[str, Any], rewards: list[float | None], conversational: bool) -> None:
    """TRL called the reward with the dataset's columns, a value per completion, aligned."""
    assert {"prompts", "completions", "completion_ids", "trainer_state", "gold"} <= set(kwargs)
    n = len(kwargs["completions"])
    assert n == 4 and len(rewards) == n and all(r in (0.0, 1.0) for r in rewards)
    assert kwargs["gold"] == [prompt_gold(p) for p in kwargs["prompts"]]
    assert kwargs["gold"][0::2] == kwargs["gold"][1::2]  # a prompt's 2 generations in a row
    assert kwargs["unused"] == ["ignored"] * n
    completion = kwargs["completions"][0]
    assert isinstance(completion, list if conversational else str)
    assert not math.isnan(sum(rewards))
