"""A sealed shard as the manifest lists it, and its records read back.

Apart from the shard writer (io/shards.py) so that what rewrites shards (io/compact.py) reads
and lists them the same way without importing the writer.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from star_cli.errors import InputError


@dataclass
class Shard:
    file: str  # relative to OUT
    records: int
    problems: int
    sha256: str
    bytes: int | None = None  # absent in manifests written before readers verified sizes


def parse_shard(data: bytes, path: Path, keyed: bool = True) -> Iterator[dict[str, Any]]:
    """Records from a shard's bytes, with a clear error for a damaged line."""
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if keyed:
                record["problem_id"]  # noqa: B018 - every trace has one
        except RecursionError:
            raise InputError(
                "damaged record in an output shard (JSON nested too deeply to read)",
                path=str(path), line=number,
                fix="repair or delete that shard; its problems are redone on the next run",
            ) from None
        except (ValueError, KeyError, TypeError):
            raise InputError(
                "damaged record in an output shard (not a JSON trace with a problem_id)",
                path=str(path), line=number,
                fix="repair or delete that shard; its problems are redone on the next run",
            ) from None
        yield record
