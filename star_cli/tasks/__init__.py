"""Task presets: gsm8k, math, csqa, addition, generic."""

from __future__ import annotations

from star_cli.errors import UsageError
from star_cli.tasks.addition import Addition
from star_cli.tasks.base import Exemplar, Location, PromptOptions, Task
from star_cli.tasks.csqa import CSQA
from star_cli.tasks.generic import Generic, GenericOptions
from star_cli.tasks.gsm8k import GSM8K
from star_cli.tasks.math import Math

PRESETS: dict[str, type[Task]] = {
    "gsm8k": GSM8K, "math": Math, "csqa": CSQA, "addition": Addition, "generic": Generic,
}


def get_task(name: str, generic: GenericOptions | None = None) -> Task:
    """The preset called `name`; `generic` configures the generic preset."""
    if name not in PRESETS:
        raise UsageError(f"unknown task {name!r}; choose one of: {', '.join(PRESETS)}")
    if name == "generic":
        return Generic(generic)
    return PRESETS[name]()


__all__ = [
    "PRESETS",
    "Exemplar",
    "GenericOptions",
    "Location",
    "PromptOptions",
    "Task",
    "get_task",
]
