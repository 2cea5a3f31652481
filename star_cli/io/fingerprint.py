"""What a run has read, so that a rerun can tell whether its inputs changed since.

A run records, in its output's scope, a fingerprint of each input it read:

- a star output directory: its shards, each by name and sha256 (from its verified manifest);
- any other file: its size and the sha256 of its first and of its last block as read (with
  `--verify-input`, of the whole file too);
- standard input and a Hugging Face dataset: nothing (they cannot be read again).

A rerun compares each input it had read before: unchanged, or grown by appended rows or new
shards, is the same input (what was added is read, as scope); anything else changed, and the
rerun refuses with what changed, since the records written from the old content would be
stale (or recomputes them with `--resume-changed`, where the command can).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from star_cli.errors import UsageError

log = logging.getLogger("star_cli")

BLOCK = 1 << 16  # bytes hashed at each end of a file


def _hash(path: Path, start: int, length: int) -> str:
    with path.open("rb") as f:
        f.seek(start)
        return hashlib.sha256(f.read(length)).hexdigest()[:32]


def _full(path: Path, length: int) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        left = length
        while left > 0 and (chunk := f.read(min(1 << 20, left))):
            h.update(chunk)
            left -= len(chunk)
    return h.hexdigest()[:32]


def fingerprint(path: str, full: bool = False) -> dict[str, Any] | None:
    """The fingerprint of one input (None for stdin and other inputs that cannot be read
    again)."""
    if path == "-":
        return None
    p = Path(path)
    if p.is_dir():
        from star_cli.io.verify import load_manifest

        manifest = load_manifest(p)
        if manifest is None:
            return {"files": {f.name: fingerprint(str(f), full) for f in sorted(p.iterdir())
                              if f.name.endswith((".jsonl", ".jsonl.gz"))}}
        return {"shards": {s["file"]: s.get("sha256") for s in manifest.get("shards", [])
                           if isinstance(s, dict)}}
    if not p.is_file():
        return None
    size = p.stat().st_size
    out: dict[str, Any] = {"size": size, "head": _hash(p, 0, min(BLOCK, size)),
                           "tail": _hash(p, max(0, size - BLOCK), min(BLOCK, size))}
    if full:
        out["sha256"] = _full(p, size)
    return out


def change(path: str, old: dict[str, Any], full: bool = False) -> str | None:
    """How `path` changed since `old` was taken (None: the same, or only grown)."""
    p = Path(path)
    if "shards" in old or "files" in old:
        if not p.is_dir():
            return "is no longer a directory"
        now = fingerprint(path, full) or {}
        key = "shards" if "shards" in old else "files"
        for name, was in old[key].items():
            got = (now.get(key) or {}).get(name)
            if got is None:
                return f"{name} is gone"
            if got != was and (key == "shards" or change(str(p / name), was, full)):
                return f"{name} changed"
        return None
    if not p.is_file():
        return "is gone"
    size, was = p.stat().st_size, old.get("size")
    if not isinstance(was, int):
        return None
    if size < was:
        return f"is shorter ({size:,} bytes, was {was:,})"
    if _hash(p, 0, min(BLOCK, was)) != old.get("head"):
        return "changed at its start"
    if _hash(p, max(0, was - BLOCK), min(BLOCK, was)) != old.get("tail"):
        return "changed (the block where it ended before differs)"
    if full and old.get("sha256") is not None and _full(p, was) != old["sha256"]:
        return "changed (its content up to where it ended before differs)"
    return None


def check_unchanged(previous: dict[str, Any] | None, inputs: list[str], *, output: str,
                    full: bool = False, resume_changed: bool = False,
                    resumable: bool = False) -> dict[str, Any]:
    """Refuse (exit 2) when an input that a run into `output` read before has changed, unless
    `resume_changed` (the changed records are then found one by one and recomputed);
    return the fingerprints to record for this run. `resumable`: the command offers
    --resume-changed, and the refusal says so."""
    old = ((previous or {}).get("scope") or {}).get("input_fingerprints") or {}
    now: dict[str, Any] = {}
    changed = []
    for path in inputs:
        if resume_changed and path == "-":
            raise UsageError("--resume-changed compares each input record with the one OUT's "
                             "records were computed from: <stdin> cannot be read again; give "
                             "the input as a file")
        key = path if path == "-" else str(Path(path).resolve())
        if key in old and (why := change(path, old[key], full)) is not None:
            changed.append(f"{path} {why}")
        if (fp := fingerprint(path, full)) is not None:
            now[key] = fp
    if changed and resume_changed:
        log.info("inputs changed since %s was written (%s): its stale records are recomputed",
                 output, "; ".join(changed))
    elif changed:
        redo = ("rerun with --resume-changed to recompute only the records whose input "
                "changed, with --overwrite to redo them all" if resumable else
                "rerun with --overwrite to redo them")
        raise UsageError(
            f"{output} was written from inputs that have changed since: {'; '.join(changed)}. "
            f"Its records would be stale: {redo}, or give another -o")
    return now
