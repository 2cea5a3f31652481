"""Answer extraction and comparison: the rule checkers.

A checker (`Checker` and its kin in `checker.py`) extracts a completion's final answer and
judges it against a gold it prepared once, returning a `Verdict(answer, correct, reason, end,
method, source)`: reason one of `match`, `mismatch`, `no_answer`, `ambiguous` (the statement
does not commit to one answer), `timeout` (the symbolic tier ran past its deadline) or `error`
(it failed on this input); source is where the answer was read (a marker's name, or
`fallback` for the final statement). `BatchChecker` judges many pairs on all cores.

Nothing here knows tasks: checking by a task's name (`check(gold, completion, "gsm8k")`) is
`star_cli.checkers.check`, also exported as `star_cli.check`.
"""

from __future__ import annotations

import importlib
import warnings
from typing import Any

from star_cli.answers.addition import AdditionStepsChecker
from star_cli.answers.batch import BatchChecker, Pair
from star_cli.answers.checker import Checker, Gold, Verdict
from star_cli.answers.pool import DEFAULT_TIMEOUT

# Names that moved up to `star_cli.checkers` (they look tasks up by name): they keep working
# for one release, with a DeprecationWarning.
_MOVED = {"check": "check", "check_many": "check_many", "checker_for": "checker_for",
          "get_checker": "make_checker"}


def __getattr__(name: str) -> Any:
    if name in _MOVED:
        new = _MOVED[name]
        warnings.warn(f"star_cli.answers.{name} is deprecated; use star_cli.checkers.{new} "
                      f"(or star_cli.{new})", DeprecationWarning, stacklevel=2)
        return getattr(importlib.import_module("star_cli.checkers"), new)
    if name in ("CHECKERS", "TASK_CHECKERS"):
        warnings.warn(f"star_cli.answers.{name} is deprecated; use star_cli.registry.CHECKERS "
                      "(and a task's `checker`)", DeprecationWarning, stacklevel=2)
        registry = importlib.import_module("star_cli.registry")
        return registry.CHECKERS if name == "CHECKERS" else _task_checkers(registry)
    raise AttributeError(f"module 'star_cli.answers' has no attribute {name!r}")


def _task_checkers(registry: Any) -> dict[str, str]:
    tasks = importlib.import_module("star_cli.tasks")
    return {name: tasks.get_task(name).checker.name for name in registry.TASKS.builtin_names()}


__all__ = [
    "DEFAULT_TIMEOUT",
    "AdditionStepsChecker",
    "BatchChecker",
    "Checker",
    "Gold",
    "Pair",
    "Verdict",
]
