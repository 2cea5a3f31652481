"""Turn input records into Problems: validate everything before any work starts."""

from __future__ import annotations

import hashlib
import itertools
import logging
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from star_cli.errors import UsageError
from star_cli.io.shards import trace_key
from star_cli.records import Problem, utf8
from star_cli.tasks.base import Location, Task

log = logging.getLogger("star_cli")


@dataclass(frozen=True)
class Scope:
    """Which part of the input a run takes: --skip, --limit, and its slice of --num-shards."""

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
    digest = hashlib.blake2b(utf8(problem_id), digest_size=8).digest()
    return int.from_bytes(digest, "big") % num_shards


def in_slice(record: dict[str, Any], num_shards: int, shard_index: int) -> bool:
    """Whether a trace's problem is in rank `shard_index`'s slice (by a stable hash of its
    problem id; a trace without one, by its key)."""
    if num_shards == 1:
        return True
    key = record.get("problem_id")
    return slice_of(key if isinstance(key, str) else trace_key(record),
                    num_shards) == shard_index


def load_problems(
    records: Iterable[tuple[dict[str, Any], Location]], task: Task, selection: Scope,
    located: dict[str, Location] | None = None,
) -> list[Problem]:
    """Read, validate and select problems.

    Ids never depend on --skip or --limit: an id repeated with other content (question,
    gold, choices) keeps its first reading's id, and each other reading gets a suffix of its
    own content, `ID~HASH`; an exact repeat (the same id and content: a file given twice) is
    the same problem, taken once. The records before --skip are read for this too (a record
    there that does not read is skipped as it would be anyway); those after the limit are not.
    `located`, when given, gets where each problem taken was read.
    """
    stop = None if selection.limit is None else selection.skip + selection.limit
    problems: list[Problem] = []
    first: dict[str, str] = {}  # id as read -> the content key of its first reading
    taken: dict[str, str] = {}  # final id -> content key, for the problems selected
    suffixed: list[str] = []
    repeats: list[str] = []
    for n, (record, where) in enumerate(itertools.islice(records, stop)):
        if n < selection.skip:
            try:
                problem = task.read(record, where)
            except UsageError:
                continue
            first.setdefault(problem.id, content_key(problem))
            continue
        problem = task.read(record, where)
        key = content_key(problem)
        if first.setdefault(problem.id, key) != key:
            problem = replace(problem, id=_suffixed(problem.id, key, first, taken))
            first.setdefault(problem.id, key)
            suffixed.append(f"{_at(where)} ({problem.id!r})")
        if problem.id in taken:  # the same id and content, read before
            repeats.append(f"{_at(where)} ({problem.id!r})")
            continue
        taken[problem.id] = key
        problems.append(problem)
        if located is not None:
            located[problem.id] = where
    # One line each, not one per record: a file given twice would otherwise flood the log.
    if repeats:
        log.warning("%d exact repeats (same id and content) read once; first: %s",
                    len(repeats), ", ".join(repeats[:3]))
    if suffixed:
        log.warning("%d repeated ids with different content, kept as ID~HASH of the "
                    "content; first: %s", len(suffixed), ", ".join(suffixed[:3]))
    if selection.num_shards > 1:
        problems = [
            p for p in problems
            if slice_of(p.id, selection.num_shards) == selection.shard_index
        ]
    return problems


def content_key(problem: Problem) -> str:
    """What makes two readings of one id the same problem: question, gold and choices."""
    parts = [problem.question, problem.gold]
    for c in problem.choices or ():
        parts += [c.label, c.text]
    return hashlib.blake2b(utf8("\x1f".join(parts)), digest_size=16).hexdigest()


def _suffixed(pid: str, key: str, first: dict[str, str], taken: dict[str, str]) -> str:
    """`pid~HASH` from the content; longer when (unheard of) another content has it."""
    for size in (8, 16, 32):
        candidate = f"{pid}~{key[:size]}"
        if first.get(candidate, key) == key and taken.get(candidate, key) == key:
            return candidate
    return f"{pid}~{key}"


def _at(where: Location) -> str:
    return where.path if where.line is None else f"{where.path}:{where.line}"
