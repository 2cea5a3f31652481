"""What an export format is: a name users give to `--format`, a kind (which command writes
it), and how a row is built.

Formats are registered by name (`star_cli.registry.FORMATS`); a plug-in adds one with a class
and an entry point in group `star_cli.formats` (docs/extending.md). Two kinds exist:

- `sft` (`star filter --format NAME`): one row per kept trace, `row(trace, options)`;
- `preference` (`star pairs --format NAME`): the rows of one problem's pairs,
  `rows(problem_id, chosen, rejected, pairs)`, each side a list of `Side`s (the exported
  prompt, completion and trace id) and `pairs` the (chosen, rejected) index pairs kept.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NamedTuple

from star_cli.errors import UsageError
from star_cli.export.thoughts import KEEP, Thoughts
from star_cli.registry import FORMATS

SFT = "sft"
PREFERENCE = "preference"


@dataclass(frozen=True)
class ExportOptions:
    """How rows are written: the exemplars kept in prompts or not, and the thought."""

    keep_few_shot: bool = False
    thoughts: Thoughts = KEEP


class Format(ABC):  # noqa: B024 - a marker base: each kind has its own abstract method
    """Base of every export format: `name` (what `--format` takes) and `kind`."""

    name: ClassVar[str] = ""
    kind: ClassVar[str] = ""
    # Whether rows need the trace's prompt (the traces format passes records on as they are).
    needs_prompt: ClassVar[bool] = True
    # Whether rows are for training (Arrow and `datasets` load them, and need valid UTF-8:
    # lone surrogates are replaced by U+FFFD and counted), or star's own records, which keep
    # every value exactly (io/files.py).
    training: ClassVar[bool] = True


class SFTFormat(Format):
    """A training row per trace (`star filter --format`)."""

    kind = SFT

    @abstractmethod
    def row(self, trace: dict[str, Any], options: ExportOptions) -> dict[str, Any]: ...


class Side(NamedTuple):
    """One trace of a pair as exported: its training prompt, its completion, its id."""

    prompt: Any
    completion: Any
    id: str


class PreferenceFormat(Format):
    """The rows of one problem's (chosen, rejected) pairs (`star pairs --format`)."""

    kind = PREFERENCE

    @abstractmethod
    def rows(self, problem_id: str, chosen: dict[int, Side], rejected: dict[int, Side],
             pairs: Sequence[tuple[int, int]]) -> list[dict[str, Any]]: ...


def formats_of(kind: str) -> list[str]:
    """The names of the registered formats of `kind` (this loads each format's module)."""
    return [name for name in FORMATS.names() if FORMATS.get(name).kind == kind]


def get_format(name: str, kind: str) -> Format:
    """The format called `name`, which must be of `kind`: a UsageError listing those that are."""
    known = formats_of(kind)
    if name not in known:
        if name in FORMATS:
            raise UsageError(f"--format {name} is a {FORMATS.get(name).kind} format; this "
                             f"command writes {', '.join(known)}")
        raise FORMATS.unknown(name, known)
    return FORMATS.get(name)()
