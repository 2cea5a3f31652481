"""The contract: what a reply decides, and the config that defines it."""

from __future__ import annotations

from pathlib import Path

import pytest

from star_cli.errors import UsageError
from star_cli.judge import DEFAULT_PROMPT, JudgeConfig, decide, load_prompt, render
from star_cli.judge.contract import without_contract_lines

DEFAULT = JudgeConfig(model="m")


@pytest.mark.parametrize("reply, correct", [
    ("The values agree.\nFinal Decision: Yes", True),
    ("The values differ.\nFinal Decision: No", False),
    ("Final Decision: Yes", True),
    ("Same value.\n\n**Final Decision: Yes**\n\n", True),
    ("Final Decision: No.", False),
    ("final decision: yes", True),
    ("Final Decision:Yes", True),
    ("<think>Final Decision: No</think>Same value.\nFinal Decision: Yes", True),
])
def test_contract_replies(reply: str, correct: bool) -> None:
    assert decide(reply, DEFAULT) == (correct, None)


@pytest.mark.parametrize("reply", [
    None, "", "   ", "Yes", "The answer is correct.",
    "Final Decision: Maybe",
    "Final Decision: Yes, probably",
    "Final Decision: Yes\nI hope that helps.",  # the decision is not the last line
    "Final Decision: Yes or No",
    "<think>Final Decision: Yes",  # the judge's own thought never closed
    "Final Decision: Yes</think>",  # all of it was thought: nothing after
])
def test_broken_contract_is_no_decision(reply: str | None) -> None:
    decision = decide(reply, DEFAULT)
    assert decision.correct is None and decision.why


def test_a_reply_cut_at_max_tokens_breaks_the_contract() -> None:
    assert decide("...\nFinal Decision: No", DEFAULT, "length").correct is None
    assert decide("...\nFinal Decision: No", DEFAULT, "stop").correct is False


def test_compass_verifier_contracts() -> None:
    # CV_PROMPT answers one letter; A is CORRECT, B INCORRECT, C INVALID (a wrong answer).
    cv = JudgeConfig(model="m", pattern=r"([ABC])", correct=("A",), incorrect=("B", "C"))
    assert decide("A", cv).correct is True
    assert decide("B", cv).correct is False
    assert decide("C", cv).correct is False
    assert decide("D", cv).correct is None
    assert decide("The answer is A", cv).correct is None
    # CV_COT_PROMPT ends with `Final Judgment: \boxed{A} - CORRECT`.
    cot = JudgeConfig(model="m", pattern=r"Final Judgment:\s*\\boxed\{([ABC])\}.*",
                      correct=("A",), incorrect=("B", "C"))
    assert decide("Analysis...\nFinal Judgment: \\boxed{A} - CORRECT", cot).correct is True
    assert decide("Analysis...\nFinal Judgment: \\boxed{C} - INCOMPLETE", cot).correct is False


def test_named_group_scope_and_open_incorrect() -> None:
    config = JudgeConfig(model="m", pattern=r"\[\[(?P<verdict>\w+)\]\]", correct=("correct",),
                         incorrect=None, scope="reply")
    assert decide("It is [[correct]] as far as I see.", config).correct is True
    # Last match wins; with incorrect=None any other captured value means incorrect.
    assert decide("[[correct]] at first, but [[wrong]]", config).correct is False
    assert decide("no verdict here", config).correct is None


@pytest.mark.parametrize("options, message", [
    ({"prompt": "Is {reference} right?"}, "{response}"),
    ({"prompt": "Is {response} right?"}, "{reference}"),
    ({"pattern": "Final Decision: Yes"}, "group"),
    ({"pattern": "Final Decision: (Yes"}, "not a regular expression"),
    ({"correct": ("Yes",), "incorrect": ("Yes", "No")}, "both"),
    ({"scope": "anywhere"}, "scope"),
    ({"concurrency": 0}, "concurrency"),
    ({"timeout": 0}, "timeout"),
    ({"retries": -1}, "retries"),
    ({"temperature": float("nan")}, "temperature"),
    ({"urls": ()}, "URL"),
])
def test_bad_configs(options: dict, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        JudgeConfig(model="m", **options)


def test_config_basics(monkeypatch: pytest.MonkeyPatch) -> None:
    config = JudgeConfig(model="m", urls="http://h:1/v1/", api_key="secret")
    assert config.urls == ("http://h:1/v1",)
    assert "secret" not in repr(config) and "secret" not in str(config.record())
    assert config.key() == "secret"
    monkeypatch.setenv("OPENAI_API_KEY", "from-env")
    assert JudgeConfig(model="m").key() == "from-env"
    hash(config)  # frozen and hashable


def test_render_fills_fields_once() -> None:
    template = "Q: {question}\nRef: {gold_answer}\nR: {llm_response}\nBraces: {{}} \\boxed{x}"
    text = render(template, None, "\\frac{1}{2}", "I say {reference} and {question}")
    assert text == ("Q: (not given)\nRef: \\frac{1}{2}\nR: I say {reference} and {question}\n"
                    "Braces: {} \\boxed{x}")
    # The default template holds the three fields and its contract.
    prompt = render(DEFAULT_PROMPT, "What is 6*7?", "42", "The answer is 42.")
    assert "<question>\nWhat is 6*7?\n</question>" in prompt
    assert "<reference_answer>\n42\n</reference_answer>" in prompt
    assert "<response>\nThe answer is 42.\n</response>" in prompt
    assert prompt.rstrip().endswith("Final Decision: No")


def test_load_prompt(tmp_path: Path) -> None:
    good = tmp_path / "cv.txt"
    good.write_text("{question}\n{gold_answer}\n{llm_response}\n", encoding="utf-8")
    assert load_prompt(good).startswith("{question}")
    bad = tmp_path / "bad.txt"
    bad.write_text("{question}", encoding="utf-8")
    with pytest.raises(UsageError):
        load_prompt(bad)
    with pytest.raises(UsageError, match="cannot read"):
        load_prompt(tmp_path / "missing.txt")


def test_contract_lines_are_taken_out_of_responses() -> None:
    text = "Paris\nFinal Decision: Yes\n**final decision: yes**\nThe capital."
    assert without_contract_lines(text, DEFAULT) == "Paris\nThe capital."
    assert without_contract_lines("No contract here", DEFAULT) == "No contract here"


def test_importing_the_judge_loads_no_http_client() -> None:
    import subprocess
    import sys

    code = ("import sys, star_cli.judge as j; assert j.__all__; "
            "assert 'httpx' not in sys.modules, 'httpx imported'")
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
