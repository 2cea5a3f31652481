"""Turn input records into Problems: validate everything before any work starts."""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from star_cli.errors import UsageError
from star_cli.records import Problem
from star_cli.tasks.base import Location, Task

log = logging.getLogger("star_cli")


@dataclass(frozen=True)
class Selection:
    """Which slice of the input to take."""

    skip: int = 0
    limit: int | None = None
    num_shards: int = 1
    shard_index: int = 0

    def __post_init__(self) -> None:
        if self.num_shards < 1 or not 0 <= self.shard_index < self.num_shards:
            raise UsageError(
                f"--shard-index must be in [0, {self.num_shards}) for --num-shards "
                f"{self.num_shards}, got {self.shard_index}"
            )
        if self.skip < 0 or (self.limit is not None and self.limit < 0):
            raise UsageError("--skip and --limit must not be negative")


def slice_of(problem_id: str, num_shards: int) -> int:
    """Stable slice for a problem: the same on every machine and Python run."""
    digest = hashlib.blake2b(problem_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % num_shards


def load_problems(
    records: Iterable[tuple[dict[str, Any], Location]], task: Task, selection: Selection
) -> list[Problem]:
    """Read, validate and select problems. Ids repeated in the input get a `~k` suffix."""
    stop = None if selection.limit is None else selection.skip + selection.limit
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    repeats: list[str] = []
    for record, where in itertools.islice(records, selection.skip, stop):
        problem = task.read(record, where)
        count = seen.get(problem.id, 0)
        seen[problem.id] = count + 1
        if count:
            repeats.append(f"{where.path}:{where.line} ({problem.id!r})")
            problem = replace(problem, id=f"{problem.id}~{count}")
        problems.append(problem)
    if repeats:
        # One line, not one per record: a file given twice would otherwise flood the log.
        log.warning("%d repeated problem ids, kept with a ~k suffix; first: %s",
                    len(repeats), ", ".join(repeats[:3]))
    if selection.num_shards > 1:
        problems = [
            p for p in problems
            if slice_of(p.id, selection.num_shards) == selection.shard_index
        ]
    return problems
