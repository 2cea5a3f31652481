"""Hint-leak rules: rationales that give the hint away, and ones that must not be flagged."""

from __future__ import annotations

import pytest

from star_cli.leaks import hint_leak
from star_cli.records import Choice, Problem
from star_cli.registry import TASKS
from star_cli.tasks import PromptOptions, get_task

GSM = Problem("g", "Natalia sold clips...", "72")
CSQA = Problem("c", "Where are books lent?", "B", (Choice("A", "bank"), Choice("B", "library")))

CASES = [
    (GSM, "The hint says 72, so 48 + 24 = 72. The answer is 72.", "mentions_hint"),
    (GSM, "Using the hint, 48 + 24 = 72. The answer is 72.", "mentions_hint"),
    (GSM, "We are told the answer is 72. Indeed 48 + 24 = 72. The answer is 72.",
     "mentions_hint"),
    (GSM, "I was given that the final answer is 72, so 48 + 24 = 72. The answer is 72.",
     "mentions_hint"),
    (GSM, "From the answer in parentheses, 72. So 48 + 24 = 72. The answer is 72.",
     "mentions_hint"),
    (GSM, "Since (Answer: 72) we work backwards: 48 + 24 = 72. The answer is 72.",
     "mentions_hint"),
    (GSM, "The question tells us the answer is 72, so 48 + 24 = 72. The answer is 72.",
     "mentions_hint"),
    (GSM, "The answer is 72. First, 48 / 2 = 24, and 48 + 24 = 72.", "answer_first"),
    (GSM, "Answer: 72. She sold 48 + 24 = 72 clips.", "answer_first"),
    (GSM, "72. Because 48 + 24 = 72. The answer is 72.", "answer_first"),
    (CSQA, "Books are lent by a library (CORRECT). The answer is (b) library.",
     "correct_marker"),
    (CSQA, "Option (b) is marked as correct, so the answer is (b) library.", "mentions_hint"),
    (CSQA, "The correct answer is given as (b). Libraries lend books. The answer is (b) library.",
     "mentions_hint"),
    (CSQA, "The best choice is (b) library, since libraries lend books. The answer is (b) "
     "library.", "answer_first"),
    (CSQA, "(b) library. Libraries lend books. The answer is (b) library.", "answer_first"),
    # clean rationales
    (GSM, "She sold 48 / 2 = 24 clips in May, so 48 + 24 = 72 in all. The answer is 72.", None),
    (GSM, "We are given that she sold 48 clips in April. In May she sold 24. 48 + 24 = 72. "
     "The answer is 72.", None),
    (GSM, "48 + 24 = 72 clips. The answer is 72.", None),
    # a terse calculation first (a scratchpad's first step) is working, not the answer first
    (GSM, "48+24=72\n72+0=72\nThe answer is 72.", None),
    (GSM, "72\n48+24=72\nThe answer is 72.", "answer_first"),
    (GSM, "The answer is 72.", None),  # nothing follows: no reasoning put after the answer
    (GSM, "72 clips were sold in April and May together, because 48 + 24 = 72. The answer is "
     "72.", None),
    (CSQA, "Libraries lend books and banks lend money. The answer is (b) library.", None),
    (CSQA, "A correct guess needs thought: books are lent by libraries. The answer is (b) "
     "library.", None),
]


@pytest.mark.parametrize(("problem", "rationale", "rule"), CASES)
def test_leak_rules(problem: Problem, rationale: str, rule: str | None) -> None:
    task = get_task("csqa" if problem.choices else "gsm8k")
    assert hint_leak(rationale, problem, task.checker) == rule


@pytest.mark.parametrize("name", [n for n in TASKS.builtin_names() if n != "generic"])
def test_every_exemplar_reasons_without_leaking_and_shows_its_hint(name: str) -> None:
    task = get_task(name)
    hinted = task.few_shot_block(PromptOptions(hinted=True))
    plain = task.few_shot_block(PromptOptions())
    assert hinted != plain or not task.exemplars  # gym has none: its prompt is the family's
    for ex in task.exemplars:
        gold = task.exemplar_gold(ex)
        problem = Problem("x", ex.question, gold, ex.choices)
        assert hint_leak(ex.rationale, problem, task.checker) is None, ex.question
        assert task.hint(problem) in hinted
        assert task.hint(problem) not in plain


REVIEW_CLEAN = [
    (CSQA, "We are given the answer choices bank and library. Libraries lend books. The answer "
     "is (b) library."),
    (CSQA, "According to the question, the answer should be somewhere books are lent. Libraries "
     "lend them. The answer is (b) library."),
    (CSQA, "The word 'lent' hints at borrowing. Libraries lend books. The answer is (b) library."),
    (CSQA, "The answer is not (a) bank, since banks lend money. Libraries lend books. The answer "
     "is (b) library."),
    (GSM, "Let's work out the answer:\n48 / 2 = 24 in May, 48 + 24 = 72. The answer is 72."),
    (CSQA, "The correct answer must be a place that lends books. The answer is (b) library."),
]


@pytest.mark.parametrize(("problem", "rationale"), REVIEW_CLEAN)
def test_ordinary_rationales_are_not_leaks(problem: Problem, rationale: str) -> None:
    task = get_task("csqa" if problem.choices else "gsm8k")
    assert hint_leak(rationale, problem, task.checker) is None


def test_a_copied_marker_in_lower_case_is_a_leak() -> None:
    rationale = "Books are lent at a library (correct). The answer is (b) library."
    assert hint_leak(rationale, CSQA, get_task("csqa").checker) == "correct_marker"
