"""RULE+judge: only what the rule checker cannot decide goes to the judge."""

from __future__ import annotations

import pytest

from star_cli.answers import Verdict, check
from star_cli.judge import Judge, JudgeItem, combine, needs_judge, rule_then_judge
from tests.judge.helpers import config_for
from tests.judge.stub_server import StubJudgeServer


@pytest.mark.parametrize("gold, completion, task, sent", [
    # The rule checker read values (or a choice) on both sides: decided.
    ("18", "The answer is 18.", "gsm8k", False),
    ("18", "The answer is 17.", "gsm8k", False),
    ("\\frac{1}{2}", "\\boxed{0.5}", "math", False),
    ("\\frac{1}{2}", "\\boxed{\\frac{1}{3}}", "math", False),
    ("B", "The answer is (C).", "choice", False),
    ("18", "The answer is eighteen dollars.", "gsm8k", False),  # a number in words
    # A hedge stays wrong, and no answer stays no answer.
    ("18", "The answer is 18 or 17.", "gsm8k", False),
    ("18", "Let's solve this step by step.", "gsm8k", False),
    ("18", "<think>The answer is 18.", "gsm8k", False),
    # Only strings compared, or prose where a value was due: undecided.
    ("18", "The answer is kumi na nane dollars.", "gsm8k", True),
    ("Paris", "The answer is Paris, France.", "exact", True),
    ("\\text{Tuesday}", "The answer is \\boxed{\\text{the day after Monday}}", "math", True),
    ("4", "The answer is \\boxed{four matches in each group}", "math", True),
])
def test_what_the_rule_checker_cannot_decide(gold: str, completion: str, task: str,
                                             sent: bool) -> None:
    assert needs_judge(check(gold, completion, task)) is sent


def test_timeouts_errors_and_opting_in_no_answer() -> None:
    assert needs_judge(Verdict("x^2", False, "timeout", 10, "symbolic"))
    assert needs_judge(Verdict("x^2", False, "error", 10, "symbolic"))
    assert not needs_judge(Verdict(None, False, "unfinished_thought"))
    no_answer = Verdict(None, False, "no_answer")
    assert not needs_judge(no_answer)
    assert needs_judge(no_answer, no_answer=True)
    assert not needs_judge(Verdict(None, False, "unfinished_thought"), no_answer=True)


def test_rule_then_judge(stub: StubJudgeServer) -> None:
    question = "How much does Janet make a day?"
    completions = ["The answer is 18.", "The answer is 17.", "The answer is 18 or 17.",
                   "The answer is kumi na nane dollars.", "Solution:",
                   "The answer is kumi na saba dollars."]
    rules = [check("18", c, "gsm8k") for c in completions]
    items = [JudgeItem(question, "18", c) for c in completions]
    stub.responder = lambda body: ("reply", "Final Decision: Yes" if "kumi na nane" in
                                   body["messages"][-1]["content"] else "Final Decision: No")
    with Judge(config_for(stub)) as judge:
        combined, routing = rule_then_judge(rules, items, judge)
    assert sorted(stub.responses()) == [  # sent concurrently, in any order
        "The answer is kumi na nane dollars.", "The answer is kumi na saba dollars."]
    assert [(c.correct, c.reason, c.by) for c in combined] == [
        (True, "match", "rule"), (False, "mismatch", "rule"), (False, "ambiguous", "rule"),
        (True, "match", "judge"), (False, "no_answer", "rule"), (False, "mismatch", "judge")]
    assert combined[3].answer == "kumi na nane dollars"
    assert combined[3].fields() == {"answer": "kumi na nane dollars", "correct": True,
                                    "check_reason": "match",
                                    "judge_reply": "Final Decision: Yes"}
    assert combined[0].fields()["judge_reply"] is None
    assert routing.as_dict() == {"total": 6, "by_rule": 4, "to_judge": 2,
                                 "judge_reasons": {"match": 1, "mismatch": 1}}
    assert routing.line() == "2 of 6 responses went to the judge (1 match, 1 mismatch)"


def test_a_judge_error_is_kept_as_such(stub: StubJudgeServer) -> None:
    rule = Verdict("x^2", False, "timeout", 10, "symbolic")
    stub.responder = lambda body: ("reply", "no idea")
    with Judge(config_for(stub, contract_retries=0)) as judge:
        combined, routing = rule_then_judge([rule], [JudgeItem(None, "x^2", "\\boxed{x^2}")],
                                            judge)
    assert (combined[0].correct, combined[0].reason) == (None, "judge_error")
    assert combined[0].fields()["correct"] is False  # star's schema; the reason says no label
    assert routing.judge_reasons == {"judge_error": 1}


def test_combine_without_a_judge_is_the_rule() -> None:
    rule = check("18", "The answer is 18.", "gsm8k")
    assert combine(rule, None).correct is True and combine(rule, None).by == "rule"
    with pytest.raises(ValueError):
        rule_then_judge([rule], [], None)  # type: ignore[arg-type]
