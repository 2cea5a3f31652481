"""Answer extraction and checking.

`check` judges one completion; `check_many` judges many pairs on all cores. Both return a
`Verdict(answer, correct, reason, end, method, source)`, reason one of `match`, `mismatch`,
`no_answer`, `ambiguous` (the statement does not commit to one answer), `timeout` (the
symbolic tier ran past its deadline) or `error` (it failed on this input); source is where
the answer was read (a marker's name, or `fallback` for the final statement).
"""

from __future__ import annotations

from collections.abc import Sequence

from star_cli.answers.batch import BatchChecker, Pair, check_many
from star_cli.answers.checker import CHECKERS, Checker, Gold, Verdict, get_checker
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.records import Choice


def check(
    gold: str,
    completion: str,
    task: str = "gsm8k",
    choices: Sequence[Choice] | None = None,
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> Verdict:
    """Judge one completion against one gold with the checker of `task` (a preset name)."""
    from star_cli.tasks import get_task

    checker = get_task(task).checker.with_timeout(timeout)
    return checker.judge(checker.prepare(gold, choices), completion)


__all__ = [
    "CHECKERS",
    "DEFAULT_TIMEOUT",
    "BatchChecker",
    "Checker",
    "Gold",
    "Pair",
    "Verdict",
    "check",
    "check_many",
    "get_checker",
]
