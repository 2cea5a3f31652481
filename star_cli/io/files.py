"""Small file primitives shared by the writers."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any


def dump_line(record: dict[str, Any]) -> str:
    """One JSONL line; non-ASCII text stays readable."""
    return json.dumps(record, ensure_ascii=False) + "\n"


def write_atomic(path: Path, text: str, *, shared: bool = False) -> None:
    """Write `text` to `path` so that readers see the old or the new file, never a mix.
    `shared`: other processes may write the same path at the same moment (ranks writing one
    few-shot block), so each writes through a temporary name of its own."""
    suffix = f".{os.getpid()}.{uuid.uuid4().hex[:8]}" if shared else ""
    tmp = path.with_name(f".{path.name}{suffix}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:  # a full disk: the old file stays, the half-written one goes
        tmp.unlink(missing_ok=True)
        raise OSError(e.errno, e.strerror, str(path)) from None
