"""Answer extraction and checking.

`check` judges one completion; `check_many` judges many pairs on all cores. Both return a
`Verdict(answer, correct, reason, end, method, source)`, reason one of `match`, `mismatch`,
`no_answer`, `ambiguous` (the statement does not commit to one answer), `timeout` (the
symbolic tier ran past its deadline) or `error` (it failed on this input); source is where
the answer was read (a marker's name, or `fallback` for the final statement). `task` names a
preset or a checker (`checker_for`); nothing here imports `star_cli.tasks`.
"""

from __future__ import annotations

from collections.abc import Sequence

from star_cli.answers.addition import AdditionStepsChecker
from star_cli.answers.batch import BatchChecker, Pair, check_many
from star_cli.answers.checker import CHECKERS, Checker, Gold, Verdict, get_checker
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.answers.presets import TASK_CHECKERS, checker_for
from star_cli.answers.thinking import DEFAULT_MODE, judge_answer, reading
from star_cli.records import Choice


def check(
    gold: str,
    completion: str,
    task: str = "gsm8k",
    choices: Sequence[Choice] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    question: str | None = None,
    thinking: str = DEFAULT_MODE,
    think_tags: tuple[str, str] | None = None,
) -> Verdict:
    """Judge one completion against one gold with the checker of `task`: a preset's name
    (`gsm8k`, `math`, `csqa`, `addition`, `generic`) or a checker's (`exact`, `numeric`,
    `math`, `choice`, `addition-steps`). `question` is for checkers that verify the work
    against it (`addition-steps`).

    Thoughts are read as `star check --thinking` reads them (`auto`, `on` or `off`;
    `think_tags` for delimiters other than `<think>`/`</think>`): only the answer after a
    closed thought is judged, and a thought that never closed is `unfinished_thought`."""
    checker = checker_for(task, timeout)
    options = reading(thinking, think_tags)
    return judge_answer(checker, checker.prepare(gold, choices, question), completion,
                        options.split(completion))


__all__ = [
    "AdditionStepsChecker",
    "CHECKERS",
    "DEFAULT_TIMEOUT",
    "TASK_CHECKERS",
    "BatchChecker",
    "Checker",
    "Gold",
    "Pair",
    "Verdict",
    "check",
    "check_many",
    "checker_for",
    "get_checker",
]
