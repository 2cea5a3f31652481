"""The judge's plumbing on real graded completions (../shared/data/graded), with star's rule
checker standing in for the judge model: judge_eval's table must be the one the rule checker
gives directly on the same items, through the guard, the prompt, the server and the contract."""

from __future__ import annotations

import json
from itertools import islice

import pytest

from star_cli.answers import check
from star_cli.judge import Judge, LabelledItem, confusion, final_part, judge_eval
from star_cli.judge.guard import no_answer_reason
from tests.judge.helpers import GRADED, SHARED_DATA, config_for
from tests.judge.stub_server import StubJudgeServer, rule_judge

pytestmark = pytest.mark.skipif(not GRADED.is_dir(), reason="../shared/data/graded is absent")
ROWS = 120  # per file: enough for every kind of verdict, quick on two cores


def graded(name: str) -> list[LabelledItem]:
    questions: list[str | None] = []
    if name.startswith("gsm8k"):
        with open(SHARED_DATA / "gsm8k" / "test.jsonl", encoding="utf-8") as f:
            questions = [json.loads(line)["question"] for line in f]
    with open(GRADED / name, encoding="utf-8") as f:
        rows = [json.loads(line) for line in islice(f, ROWS)]
    # The GSM8K file holds 4 solutions per test question, in the test file's order.
    return [LabelledItem(questions[n // 4] if questions else None, r["gold"], r["completion"],
                         r["expected"]) for n, r in enumerate(rows)]


@pytest.mark.parametrize("name, task", [("gsm8k_example_model_solutions.jsonl", "gsm8k"),
                                        ("qwen25math_math_cot_100.jsonl", "math")])
def test_judge_eval_on_graded_completions(name: str, task: str) -> None:
    items = graded(name)
    with StubJudgeServer(rule_judge(task)) as server, \
            Judge(config_for(server, concurrency=8)) as judge:
        report = judge_eval(items, judge, with_battery=False)
        sent = len(server.requests)
    direct = confusion(
        (i.label, no_answer_reason(final_part(i.response), i.question) is None
         and check(i.reference, i.response, task).correct) for i in items)
    assert report.confusion == direct
    assert sent == len({i.response for i in items})  # every distinct response asked once
    assert report.confusion.errors == 0
    assert report.as_dict()["agreement"] >= 0.95
