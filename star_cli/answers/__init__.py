"""Answer extraction and checking."""

from __future__ import annotations

from collections.abc import Sequence

from star_cli.answers.checker import CHECKERS, Checker, Gold, Verdict, get_checker
from star_cli.records import Choice


def check(
    gold: str, completion: str, task: str = "gsm8k", choices: Sequence[Choice] | None = None
) -> Verdict:
    """Judge one completion against one gold with the checker of `task` (a preset name)."""
    from star_cli.tasks import get_task

    checker = get_task(task).checker
    return checker.judge(checker.prepare(gold, choices), completion)


__all__ = ["CHECKERS", "Checker", "Gold", "Verdict", "check", "get_checker"]
