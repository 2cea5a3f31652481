"""Checkers by name, and checking by a task's or a checker's name.

The rule checkers (exact, numeric, math, choice, addition-steps) live in `answers/`; checkers
that need more than rules (tests in a sandbox, a family's scorer, an LLM judge) live in this
package, one module each. Every one is found through `star_cli.registry.CHECKERS`. A name
given where a checker is wanted may also be a task's: its preset's checker is used, so
`check(gold, completion, "gsm8k")` judges as `star generate --task gsm8k` does.

    from star_cli import check, check_many
    check("42", "... The answer is 42.", "gsm8k").correct   # True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from star_cli.answers.batch import BatchChecker, Pair
from star_cli.answers.checker import Checker, Verdict
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.answers.thinking import DEFAULT_MODE, judge_answer, reading
from star_cli.errors import UsageError
from star_cli.records import Choice
from star_cli.registry import CHECKERS, TASKS


def make_checker(name: str, timeout: float = DEFAULT_TIMEOUT, **options: Any) -> Checker:
    """The checker registered as `name`, built with `options` (each checker takes the ones
    it knows: a timeout for symbolic comparisons, a sandbox, a judge's server, ...)."""
    return CHECKERS.get(name).from_options(timeout=timeout, **options)


def checker_for(name: str, timeout: float = DEFAULT_TIMEOUT, **options: Any) -> Checker:
    """The checker of `name`: a task's (its preset's checker) or a checker's own name."""
    if name in TASKS.builtin_names() or (name not in CHECKERS and name in TASKS):
        from star_cli.tasks import get_task

        checker = get_task(name).checker
        return checker.with_timeout(timeout) if timeout != checker.timeout else checker
    if name in CHECKERS:
        return make_checker(name, timeout, **options)
    raise UsageError(f"unknown task or checker {name!r}; tasks: {', '.join(TASKS.names())}; "
                     f"checkers: {', '.join(CHECKERS.names())}")


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


__all__ = ["check", "check_many", "checker_for", "make_checker"]
