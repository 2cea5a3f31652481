"""Answer extraction and comparison: the rule checkers.

A checker (`Checker` and its kin in `checker.py`) extracts a completion's final answer and
judges it against a gold it prepared once, returning a `Verdict(answer, correct, reason, end,
method, source)`: reason one of `match`, `mismatch`, `no_answer`, `ambiguous` (the statement
does not commit to one answer), `timeout` (the symbolic tier ran past its deadline) or `error`
(it failed on this input); source is where the answer was read (a marker's name, or
`fallback` for the final statement). `check` judges one completion; `check_many` judges many
pairs on all cores (`BatchChecker`).

Nothing here knows tasks: a task hands its checker the gold. `check(gold, completion,
"gsm8k")` takes a task's name for its checker through the registry
(`star_cli.registry.checker_for`), as it takes a checker's name.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

from star_cli import registry
from star_cli.answers.addition import AdditionStepsChecker
from star_cli.answers.batch import BatchChecker, Pair
from star_cli.answers.checker import Checker, Gold, Verdict
from star_cli.answers.compiled import warn_stale
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.answers.thinking import DEFAULT_MODE, judge_answer, reading
from star_cli.records import Choice
from star_cli.registry import checker_for

warn_stale()  # (an editable install built compiled, then edited)


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
    """Judge one completion against one gold with the checker of `task`: a task's name
    (`gsm8k`, `math`, `csqa`, `addition`, `generic`, or a plug-in's) or a checker's
    (`exact`, `numeric`, `math`, `choice`, `addition-steps`, ...). `question` is for
    checkers that verify the work against it (`addition-steps`).

    Thoughts are read as `star check --thinking` reads them (`auto`, `on` or `off`;
    `think_tags` for delimiters other than `<think>`/`</think>`): only the answer after a
    closed thought is judged, and a thought that never closed is `unfinished_thought`."""
    checker = checker_for(task, timeout)
    options = reading(thinking, think_tags)
    return judge_answer(checker, checker.prepare(gold, choices, question), completion,
                        options.split(completion))


def check_many(
    pairs: Iterable[Pair | tuple[str, str]],
    task: str = "gsm8k",
    *,
    workers: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    thinking: str = DEFAULT_MODE,
    think_tags: tuple[str, str] | None = None,
) -> list[Verdict]:
    """Judge many pairs with the checker of `task` (a task's name or a checker's) on
    `workers` cores (default: all); thoughts are read as in `check`."""
    checker = checker_for(task, timeout)
    options = reading(thinking, think_tags)
    items = [p if isinstance(p, Pair) else Pair(*p) for p in pairs]
    with BatchChecker(checker, workers) as batch:
        return batch.check(items, options)


def __getattr__(name: str) -> Any:
    # Names that moved to the registry: they keep working for one release, with a warning.
    if name == "get_checker":
        warnings.warn("star_cli.answers.get_checker is deprecated; use "
                      "star_cli.registry.make_checker", DeprecationWarning, stacklevel=2)
        return registry.make_checker
    if name == "CHECKERS":
        warnings.warn("star_cli.answers.CHECKERS is deprecated; use star_cli.registry.CHECKERS",
                      DeprecationWarning, stacklevel=2)
        return registry.CHECKERS
    if name == "TASK_CHECKERS":
        warnings.warn("star_cli.answers.TASK_CHECKERS is deprecated; use "
                      "star_cli.registry.checker_for(task)", DeprecationWarning, stacklevel=2)
        return {n: checker_for(n).name for n in registry.TASKS.builtin_names()}
    raise AttributeError(f"module 'star_cli.answers' has no attribute {name!r}")


__all__ = [
    "DEFAULT_TIMEOUT",
    "AdditionStepsChecker",
    "BatchChecker",
    "Checker",
    "Gold",
    "Pair",
    "Verdict",
    "check",
    "check_many",
    "checker_for",
]
