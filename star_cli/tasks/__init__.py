"""Task presets: how to read a problem, prompt for it, and which checker judges it.

Each task is one module (gsm8k, math, csqa, addition, generic, and plug-ins'), found by name
through `star_cli.registry.TASKS`; `get_task(name)` builds one.
"""

from __future__ import annotations

import warnings
from typing import Any

from star_cli.registry import TASKS, register_task
from star_cli.tasks.base import Exemplar, PromptOptions, Task
from star_cli.tasks.generic import GenericOptions


def get_task(name: str, options: Any = None, *, generic: GenericOptions | None = None) -> Task:
    """The task called `name`, built with `options` where the task takes options
    (`Task.options_type`: the generic preset's `GenericOptions`); `generic=` is the older
    spelling of `options` for the generic preset."""
    cls = TASKS.get(name)
    options = options if options is not None else generic
    if cls.options_type is None:
        return cls()
    return cls(options)


def __getattr__(name: str) -> Any:
    if name == "PRESETS":
        warnings.warn("star_cli.tasks.PRESETS is deprecated; use star_cli.registry.TASKS "
                      "(TASKS.names(), TASKS.get(name))", DeprecationWarning, stacklevel=2)
        return {n: TASKS.get(n) for n in TASKS.builtin_names()}
    if name == "Location":
        warnings.warn("star_cli.tasks.Location is deprecated; use star_cli.records.Location",
                      DeprecationWarning, stacklevel=2)
        from star_cli.records import Location

        return Location
    raise AttributeError(f"module 'star_cli.tasks' has no attribute {name!r}")


__all__ = [
    "TASKS",
    "Exemplar",
    "GenericOptions",
    "PromptOptions",
    "Task",
    "get_task",
    "register_task",
]
