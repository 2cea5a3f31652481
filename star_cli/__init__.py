"""star: build STaR / V-STaR reasoning-trace datasets.

The CLI (`star`) is a thin layer over this library; everything it does can be done from
Python with the names below.
"""

from __future__ import annotations

from star_cli.answers import Verdict
from star_cli.checkers import check
from star_cli.engines import Completion, Engine, Request, Sampling, register, resolve
from star_cli.errors import EngineError, InputError, StarError, UsageError
from star_cli.metrics import best_of_k, majority_at_k, pass_at_k
from star_cli.records import SCHEMA_VERSION, Choice, Problem, Trace
from star_cli.rewards import (
    accuracy_reward,
    make_accuracy_reward,
    make_verifier_reward,
    think_format_reward,
    verifier_reward,
)
from star_cli.tasks import GenericOptions, PromptOptions, Task, get_task
from star_cli.verifier import Verifier
from star_cli.version import __version__

__all__ = [
    "SCHEMA_VERSION",
    "Choice",
    "Completion",
    "Engine",
    "EngineError",
    "GenericOptions",
    "InputError",
    "Problem",
    "PromptOptions",
    "Request",
    "Sampling",
    "StarError",
    "Task",
    "Trace",
    "UsageError",
    "Verdict",
    "Verifier",
    "__version__",
    "accuracy_reward",
    "best_of_k",
    "check",
    "get_task",
    "majority_at_k",
    "make_accuracy_reward",
    "make_verifier_reward",
    "pass_at_k",
    "register",
    "resolve",
    "think_format_reward",
    "verifier_reward",
]
