"""Grouping traces by problem without holding them all: spooled hash buckets, read back one
bucket at a time, each problem's traces in canonical order.

Commands whose steps need a problem's traces together (`star filter`, `star pairs`) stream
their input into a `Spool`: one JSONL file per bucket, chosen by a hash of the problem id, so
each bucket holds whole problems and memory holds one bucket at a time. `Spool.problems(b)`
gives bucket `b`'s problems sorted by id, each with its traces in `canonical` order (never
the order of the input files), and `Spool.digest` names the spooled set whatever its order,
so a rerun can tell whether its input is the one an output directory was written from.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from star_cli.errors import UsageError
from star_cli.io.files import dump_line, split_lines
from star_cli.io.shards import ShardWriter
from star_cli.records import utf8

Record = dict[str, Any]
BUCKETS = 64


def canonical(trace: Record, line: str = "") -> tuple[Any, ...]:
    """The order duplicates are decided in: generate before rationalize, earlier iterations
    and samples first, then the id, then the record's text; never the order of the files."""
    sample = trace.get("sample")
    iteration = trace.get("iteration")
    return (0 if trace.get("source", "generate") == "generate" else 1,
            iteration if isinstance(iteration, int) else 0,
            sample if isinstance(sample, int) else 0,
            str(trace.get("id", "")), line)


def bucket_of(problem_id: str) -> int:
    digest = hashlib.blake2b(utf8(problem_id), digest_size=4).digest()
    return int.from_bytes(digest, "big") % BUCKETS


class Spool:
    """Bucket files of JSON lines on disk, by a hash of the problem id."""

    def __init__(self, root: Path) -> None:
        self.paths = [root / f"bucket-{b:03d}.jsonl" for b in range(BUCKETS)]
        self.files: list[IO[str] | None] = [None] * BUCKETS
        self._cache: tuple[int, list[str]] | None = None
        self.digest = 0

    def add(self, record: Record) -> None:
        b = bucket_of(record["problem_id"])
        f = self.files[b]
        if f is None:
            f = self.files[b] = open(self.paths[b], "w", encoding="utf-8")  # noqa: SIM115
        line = dump_line(record)
        f.write(line)
        # A sum of line hashes: the same survivors in any order give the same digest.
        h = hashlib.blake2b(utf8(line), digest_size=16).digest()
        self.digest = (self.digest + int.from_bytes(h, "big")) % (1 << 128)

    def close(self) -> None:
        for f in self.files:
            if f is not None:
                f.close()

    def lines(self, b: int) -> list[str]:
        if self._cache is not None and self._cache[0] == b:
            return self._cache[1]
        path = self.paths[b]
        lines = split_lines(path.read_text(encoding="utf-8")) if path.exists() else []
        self._cache = (b, lines)
        return lines

    def problems(self, b: int) -> Iterator[tuple[str, list[tuple[int, Record]]]]:
        """Bucket `b`'s problems, sorted by id, each with its (line number, trace) items in
        canonical order."""
        lines = self.lines(b)
        groups: dict[str, list[tuple[int, Record]]] = {}
        for n, line in enumerate(lines):
            record = json.loads(line)
            groups.setdefault(record["problem_id"], []).append((n, record))
        for pid in sorted(groups):
            yield pid, sorted(groups[pid], key=lambda item: canonical(item[1], lines[item[0]]))


def check_same_input(sink: Any, digest: int, *, output: str, overwrite: bool,
                     command: str) -> None:
    """Resuming an export skips the records already written, which is only right when they
    came from the same traces: an input that grew or changed since is refused. Records the
    digest in the output's scope, so the next run can compare."""
    if not isinstance(sink, ShardWriter):
        return
    digest_hex = f"{digest:032x}"
    sink.scope["input_digest"] = digest_hex
    old = sink.previous
    if not old or overwrite or not old.get("records"):
        return
    if (old.get("scope") or {}).get("input_digest") != digest_hex:
        raise UsageError(
            f"{output} holds a {command} run over different traces (an input changed "
            "since); use --overwrite to redo it, or another -o"
        )
