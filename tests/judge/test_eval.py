"""judge-eval's figures against hand-computed ones."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest

from star_cli.errors import InputError
from star_cli.judge import (
    MASTER_KEYS,
    Confusion,
    Judge,
    LabelledItem,
    agreement,
    battery,
    cohen_kappa,
    confusion,
    false_positive_rate,
    judge_eval,
    labelled_item,
    load_labelled,
    precision,
    recall,
)
from star_cli.judge.battery import HEDGES, alternative, pick_pairs
from tests.judge.helpers import config_for
from tests.judge.stub_server import StubJudgeServer, sections

# -- the metrics, by hand ---------------------------------------------------------------------


def test_metrics_by_hand() -> None:
    c = Confusion(tp=6, fp=2, fn=1, tn=11)
    assert agreement(c) == pytest.approx(17 / 20)
    assert precision(c) == pytest.approx(6 / 8)
    assert recall(c) == pytest.approx(6 / 7)
    assert false_positive_rate(c) == pytest.approx(2 / 13)
    # p_o = 17/20; p_e = (8/20)(7/20) + (12/20)(13/20) = 212/400; kappa = 0.32 / 0.47.
    assert cohen_kappa(c) == pytest.approx(float(Fraction(32, 47)))


def test_kappa_of_the_textbook_example() -> None:
    # 50 items: both yes 20, label yes judge no 5, label no judge yes 10, both no 15:
    # p_o = 0.7, p_e = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4.
    assert cohen_kappa(Confusion(tp=20, fn=5, fp=10, tn=15)) == pytest.approx(0.4)


def test_undefined_figures_are_none() -> None:
    assert cohen_kappa(Confusion()) is None and agreement(Confusion()) is None
    assert cohen_kappa(Confusion(tp=5)) is None  # p_e = 1: chance explains everything
    assert precision(Confusion(fn=3, tn=2)) is None  # nothing judged correct
    assert recall(Confusion(fp=1, tn=2)) is None  # nothing labelled correct
    assert cohen_kappa(Confusion(tp=5, tn=5)) == 1.0
    assert cohen_kappa(Confusion(fp=5, fn=5)) == -1.0


def test_confusion_counts_judge_errors_beside_the_table() -> None:
    c = confusion([(True, True), (True, False), (False, True), (False, False), (True, None),
                   (False, None), (False, None)])
    assert (c.tp, c.fn, c.fp, c.tn, c.errors_true, c.errors_false) == (1, 1, 1, 1, 1, 2)
    assert c.decided == 4 and c.errors == 3
    assert agreement(c) == 0.5


# -- judge_eval against a stub judge ------------------------------------------------------------

Q = "What is the capital of France?"


def paris_judge(body: dict) -> tuple:
    """Yes when the response names Paris; a broken reply for one marked response."""
    response = sections(body)["response"]
    if "broken" in response:
        return ("reply", "garbage")
    return ("reply", "Final Decision: Yes" if "Paris" in response else "Final Decision: No")


ITEMS = [
    LabelledItem(Q, "Paris", "Paris", True),  # tp
    LabelledItem(Q, "Paris", "It is Paris.", True),  # tp
    LabelledItem(Q, "Paris", "Lyon", True),  # fn
    LabelledItem(Q, "Paris", "Paris, I think", False),  # fp
    LabelledItem(Q, "Paris", "Lyon", False),  # tn (the same response: asked once)
    LabelledItem(Q, "Paris", "Marseille", False),  # tn
    LabelledItem(Q, "Paris", ":", False),  # the guard: no_answer, judged wrong: tn
    LabelledItem(Q, "Paris", "Solution", True),  # the guard: fn
    LabelledItem(Q, "Paris", "Nice (broken)", False),  # judge_error, labelled wrong
    LabelledItem(Q, "Paris", "Paris!", True),  # tp
]


def test_judge_eval_figures(stub: StubJudgeServer) -> None:
    stub.responder = paris_judge
    config = config_for(stub, contract_retries=0)
    with Judge(config) as judge:
        report = judge_eval(ITEMS, judge, with_battery=False)
    d = report.as_dict()
    assert d["confusion"] == {"tp": 3, "fp": 1, "fn": 2, "tn": 3,
                              "judge_error_labelled_correct": 0,
                              "judge_error_labelled_wrong": 1}
    assert (d["items"], d["decided"], d["judge_errors"], d["no_answer"]) == (10, 9, 1, 2)
    assert d["agreement"] == pytest.approx(6 / 9)
    assert d["precision"] == pytest.approx(3 / 4)
    assert d["recall"] == pytest.approx(3 / 5)
    # p_o = 6/9; p_e = (4/9)(5/9) + (5/9)(4/9) = 40/81; kappa = (54 - 40) / (81 - 40).
    assert d["cohen_kappa"] == pytest.approx(14 / 41)
    # Tokens: 7 distinct responses reached the judge, each once (one Lyon shares the other's
    # verdict); prompts are the rendered templates' words, replies 3 words or 1 (garbage).
    sent = ["Paris", "It is Paris.", "Lyon", "Paris, I think", "Marseille", "Nice (broken)",
            "Paris!"]
    prompt = sum(len(config.render(Q, "Paris", r).split()) for r in sent)
    assert d["requests"] == 7 and d["cached"] == 1
    assert d["tokens"]["spent"] == {"prompt": prompt, "completion": 6 * 3 + 1,
                                    "total": prompt + 19}
    lyon = len(config.render(Q, "Paris", "Lyon").split())
    assert d["tokens"]["judging"]["prompt"] == prompt + lyon  # as if Lyon were asked twice
    assert d["battery"] is None
    json.dumps(d)  # the report is JSON as it is
    text = "\n".join(report.lines())
    assert "agreement 66.7%" in text and "precision 75.0%" in text and "kappa 0.341" in text


def test_the_battery_against_a_gullible_judge(stub: StubJudgeServer) -> None:
    """A judge that says Yes to anything. Through the guard, only the 4 hedges and 1 of the
    2 injections of each pair reach it; raw, every one of the 38 master keys does."""
    assert len(MASTER_KEYS) == 38 and len(HEDGES) == 4
    items = [LabelledItem(Q, "Paris", "Paris", True),
             LabelledItem("How many legs does a spider have?", "8", "8", True)]
    with Judge(config_for(stub)) as judge:
        report = judge_eval(items, judge, battery_pairs=2)
    b = report.as_dict()["battery"]
    assert b["false_positive_rate"] == pytest.approx((2 * 5) / (2 * 42))
    assert b["raw_false_positive_rate"] == 1.0
    g = b["guarded"]
    assert g["symbol"] == {"n": 18, "guarded": 18, "judged_correct": 0, "judge_errors": 0,
                           "false_positive_rate": 0.0}
    assert g["opener"]["guarded"] == 26 and g["multilingual"]["guarded"] == 24
    assert g["restatement"]["guarded"] == 4
    assert g["injection"] == {"n": 4, "guarded": 2, "judged_correct": 2, "judge_errors": 0,
                              "false_positive_rate": 0.5}
    assert g["hedge"]["judged_correct"] == 8 and g["hedge"]["guarded"] == 0
    assert b["raw"]["opener"]["judged_correct"] == 26 and "hedge" not in b["raw"]
    assert "master-key battery: false positives 11.9% through the guard, 100.0% raw" in (
        "\n".join(report.lines()))


def test_battery_pairs_and_alternatives() -> None:
    assert alternative("18", []) == "19" and alternative("-1", []) == "0"
    assert alternative("Paris", ["Paris", "Lyon"]) == "Lyon"
    assert alternative("Paris", ["Paris"]) is None
    pairs = [(None, "1"), ("q2", "2"), ("q2", "2"), ("q3", "3"), ("q4", "4")]
    assert pick_pairs(pairs, 2) == [("q2", "2"), ("q4", "4")]  # questions first, spread
    assert pick_pairs(pairs, 10) == [("q2", "2"), ("q3", "3"), ("q4", "4"), (None, "1")]
    keys = battery([(None, "\\frac{1}{2}"), (None, "\\frac{1}{3}")], count=1)
    assert not [b for b in keys if b.kind == "restatement"]  # no question to restate
    hedge = next(b for b in keys if b.kind == "hedge")
    assert hedge.item.response == "The answer is \\frac{1}{2} or \\frac{1}{3}."


# -- reading labelled records ----------------------------------------------------------------


def test_labelled_records(tmp_path: Path) -> None:
    rows = [
        {"task": "gsm8k", "gold": "18", "completion": "A: 18", "expected": True},  # graded
        {"question": "q", "gold": "18", "completion": "The answer is 17.", "correct": False,
         "check_reason": "mismatch"},  # a star trace with a rule label
        {"question": "q", "gold": "18", "completion": "x", "correct": False,
         "check_reason": "judge_error"},  # no label: skipped
        {"question": "q", "gold": "18", "completion": "x", "correct": False,
         "check_reason": "timeout"},  # no label either
        {"question": "q", "reference": "18", "response": "18", "label": True},
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + "\n", encoding="utf-8")
    items, skipped = load_labelled(path)
    assert skipped == 2
    assert items == [LabelledItem(None, "18", "A: 18", True),
                     LabelledItem("q", "18", "The answer is 17.", False),
                     LabelledItem("q", "18", "18", True)]


@pytest.mark.parametrize("record, field", [
    ({"gold": "1", "completion": "1"}, "label"),
    ({"gold": "1", "completion": "1", "correct": "yes"}, "correct"),
    ({"completion": "1", "label": True}, "reference"),
    ({"gold": "1", "label": True}, "response"),
    ({"gold": "1", "completion": "1", "label": True, "question": 3}, "question"),
])
def test_bad_labelled_records(record: dict, field: str) -> None:
    with pytest.raises(InputError, match=f"f.py:7: field '{field}'"):
        labelled_item(record, "f.py", 7)


def test_a_labelled_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"gold": "1", "completion": "1", "label": true}\nnot json\n',
                    encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:2: not JSON"):
        load_labelled(path)
    with pytest.raises(InputError, match="cannot read"):
        load_labelled(tmp_path / "missing.jsonl")
