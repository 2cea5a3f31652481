"""The checker a name stands for: a checker's own name, or a built-in task preset's.

`answers/` knows nothing of `tasks/`: a task hands its checker the gold. Yet `check(gold,
completion, task="gsm8k")` is the public API, so the built-in presets' checker names are
written here once, as plain strings, and nothing here imports `tasks/` (a test holds the
table to `star_cli.tasks.PRESETS`, so the two cannot drift apart).
"""

from __future__ import annotations

from star_cli.answers.checker import CHECKERS, Checker, get_checker
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.errors import UsageError

# preset -> the name of its checker (`generic` with its default options)
TASK_CHECKERS: dict[str, str] = {
    "gsm8k": "numeric", "math": "math", "csqa": "choice", "addition": "numeric",
    "generic": "numeric",
}


def checker_for(task: str, timeout: float = DEFAULT_TIMEOUT) -> Checker:
    """The checker of `task`, a preset name (`gsm8k`) or a checker's name (`numeric`)."""
    name = TASK_CHECKERS.get(task, task)
    if name not in CHECKERS:
        raise UsageError(
            f"unknown task {task!r}; choose one of: {', '.join(TASK_CHECKERS)}, "
            f"or a checker: {', '.join(CHECKERS)}"
        )
    return get_checker(name, timeout)
