"""star: build STaR / V-STaR reasoning-trace datasets.

The CLI (`star`) is a thin layer over this library; everything it does can be done from
Python with the names below. Importing the package imports none of them: each is loaded on
first use (PEP 562), so `import star_cli` and `star --help` stay as fast as a bare program.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from star_cli.version import __version__

# name -> the module that defines it
_NAMES = {
    "Verdict": "star_cli.answers.checker",
    "check": "star_cli.answers",
    "check_many": "star_cli.answers",
    "Completion": "star_cli.engines.base",
    "Engine": "star_cli.engines.base",
    "Request": "star_cli.engines.base",
    "Sampling": "star_cli.engines.base",
    "register": "star_cli.engines.registry",
    "resolve": "star_cli.engines.registry",
    "EngineError": "star_cli.errors",
    "InputError": "star_cli.errors",
    "StarError": "star_cli.errors",
    "UsageError": "star_cli.errors",
    "SCHEMA_VERSION": "star_cli.records",
    "Choice": "star_cli.records",
    "Problem": "star_cli.records",
    "Trace": "star_cli.records",
    "register_checker": "star_cli.registry",
    "register_filter": "star_cli.registry",
    "register_format": "star_cli.registry",
    "register_task": "star_cli.registry",
    "accuracy_reward": "star_cli.rewards",
    "make_accuracy_reward": "star_cli.rewards",
    "make_verifier_reward": "star_cli.rewards",
    "think_format_reward": "star_cli.rewards",
    "verifier_reward": "star_cli.rewards",
    "best_of_k": "star_cli.metrics",
    "majority_at_k": "star_cli.metrics",
    "pass_at_k": "star_cli.metrics",
    "GenericOptions": "star_cli.tasks",
    "PromptOptions": "star_cli.tasks",
    "Task": "star_cli.tasks",
    "get_task": "star_cli.tasks",
    "ProcessVerifier": "star_cli.verifier",
    "Verifier": "star_cli.verifier",
}

__all__ = [
    "__version__",
    "Choice",
    "Completion",
    "Engine",
    "EngineError",
    "GenericOptions",
    "InputError",
    "Problem",
    "ProcessVerifier",
    "PromptOptions",
    "Request",
    "SCHEMA_VERSION",
    "Sampling",
    "StarError",
    "Task",
    "Trace",
    "UsageError",
    "Verdict",
    "Verifier",
    "accuracy_reward",
    "best_of_k",
    "check",
    "check_many",
    "get_task",
    "majority_at_k",
    "make_accuracy_reward",
    "make_verifier_reward",
    "pass_at_k",
    "register",
    "register_checker",
    "register_filter",
    "register_format",
    "register_task",
    "resolve",
    "think_format_reward",
    "verifier_reward",
]


def __getattr__(name: str) -> Any:
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'star_cli' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # the next access is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_NAMES))


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
    from star_cli.answers import check, check_many
    from star_cli.answers.checker import Verdict
    from star_cli.engines.base import Completion, Engine, Request, Sampling
    from star_cli.engines.registry import register, resolve
    from star_cli.errors import EngineError, InputError, StarError, UsageError
    from star_cli.metrics import best_of_k, majority_at_k, pass_at_k
    from star_cli.records import SCHEMA_VERSION, Choice, Problem, Trace
    from star_cli.registry import register_checker, register_filter, register_format, register_task
    from star_cli.rewards import (
        accuracy_reward,
        make_accuracy_reward,
        make_verifier_reward,
        think_format_reward,
        verifier_reward,
    )
    from star_cli.tasks import GenericOptions, PromptOptions, Task, get_task
    from star_cli.verifier import ProcessVerifier, Verifier
