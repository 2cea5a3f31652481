"""Manifests: each rank's part, and the merged view of an output directory.

Ranks of one run (`--num-shards N --shard-index I`) may write one OUT at the same time on a
shared file system. Each writes only files named by its rank, as datatrove names its
outputs: its shards `data/RRRRR-SSSSS.jsonl` and its manifest part `ranks/RRRRR.json`. After
every change a rank rewrites the merged `manifest.json` and the dataset card from all parts,
under a short-held directory lock, so readers always see one consistent whole, and the
directory is `complete` exactly when every rank's part is.

The card's `version` is a fingerprint of the sealed shards: `datasets` keys its cache by it,
so `load_dataset(OUT)` never returns an older run's rows from the cache.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from star_cli.errors import UsageError
from star_cli.io.files import manifest_text, write_atomic
from star_cli.io.lock import holder

MANIFEST = "manifest.json"
RANKS = "ranks"
_MERGE_LOCK = ".manifest.lock"


def part_path(root: Path, rank: int) -> Path:
    return root / RANKS / f"{rank:05d}.json"


def read_json(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, RecursionError) as e:
        raise UsageError(f"{path}: unreadable manifest ({e}); pass --overwrite") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not a star manifest; pass --overwrite")
    return data


def read_parts(root: Path) -> dict[int, dict[str, Any]]:
    """Every rank's manifest part. An output written before ranks had parts has only
    `manifest.json`: it is read as the part of each rank its shards name."""
    parts: dict[int, dict[str, Any]] = {}
    folder = root / RANKS
    if folder.is_dir():
        for path in sorted(folder.glob("*.json")):
            if path.stem.isdigit() and (part := read_json(path)) is not None:
                parts[int(path.stem)] = _checked_part(path, part)
        return parts
    legacy = read_json(root / MANIFEST)
    if legacy is None:
        return parts
    legacy = _checked_part(root / MANIFEST, legacy)
    ranks = sorted({int(Path(s["file"]).name[:5]) for s in legacy.get("shards", [])}) or [0]
    for r in ranks:
        mine = [s for s in legacy.get("shards", []) if Path(s["file"]).name.startswith(f"{r:05d}-")]
        parts[r] = {**legacy, "rank": r, "shards": mine,
                    "records": sum(s["records"] for s in mine),
                    "problems": sum(s["problems"] for s in mine),
                    "num_ranks": max(int(legacy.get("num_ranks") or 1), len(ranks)),
                    "stats": legacy.get("stats") if r == ranks[0] else {}}
    return parts


# What each shard entry of a manifest part holds: its file, counts and checks.
_ENTRY = {"file": str, "records": int, "problems": int, "sha256": str}


def _checked_part(path: Path, part: dict[str, Any]) -> dict[str, Any]:
    """A manifest part (or a manifest read as parts) whose shard entries are whole: each a
    shard of its rank's with its counts and sha256; else a UsageError naming the file (a
    damaged or hand-edited part, never a traceback nor a shard taken unchecked)."""
    shards = part.get("shards", [])
    if not isinstance(shards, list):
        raise UsageError(f"{path}: not a star manifest (no list of shards)")
    for entry in shards:
        if not isinstance(entry, dict):
            raise UsageError(f"{path}: a shard entry is not an object; restore the file from "
                             "the run, or pass --overwrite")
        for key, kind in _ENTRY.items():
            value = entry.get(key)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise UsageError(f"{path}: the entry of shard {entry.get('file')!r} has no "
                                 f"{key}; restore the file from the run, or pass --overwrite")
        if not Path(entry["file"]).name[:5].isdigit():
            raise UsageError(f"{path}: shard {entry['file']!r} is named by no rank")
    return part


@contextlib.contextmanager
def merge_lock(root: Path) -> Iterator[None]:
    """Serialise the rewrite of the merged manifest between ranks (held for milliseconds)."""
    with (root / _MERGE_LOCK).open("a", encoding="utf-8") as f:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def merged(parts: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The directory's manifest: every rank's shards and counts, and one status."""
    first = parts[min(parts)]
    num_ranks = max(int(p.get("num_ranks") or 1) for p in parts.values())
    shards = [s for r in sorted(parts) for s in parts[r].get("shards", [])]
    out = {k: v for k, v in first.items()
           if k not in ("rank", "shards", "stats", "status", "units")}
    out.update({
        "status": merged_status(parts, num_ranks),
        "num_ranks": num_ranks,
        "ranks": {str(r): {"status": p.get("status"), "records": p.get("records", 0),
                           "problems": p.get("problems", 0), "updated": p.get("updated"),
                           **({"units": p["units"]} if p.get("units") else {})}
                  for r, p in sorted(parts.items())},
        "records": sum(s["records"] for s in shards),
        "problems": sum(s["problems"] for s in shards),
        "shards": shards,
        "fingerprint": fingerprint(shards),
        "stats": first.get("stats") or {} if len(parts) == 1 else _summed(parts),
    })
    return out


def merged_status(parts: dict[int, dict[str, Any]], num_ranks: int) -> str:
    configs = {json.dumps(p.get("config"), sort_keys=True) for p in parts.values()}
    if len(configs) > 1:
        return "inconsistent"  # ranks ran with different options: `star status` says which
    statuses = [parts[r].get("status") if r in parts else "missing" for r in range(num_ranks)]
    for status in ("running", "failed", "interrupted", "missing"):
        if status in statuses:
            return "incomplete" if status == "missing" else status
    return "complete"


def _summed(parts: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """Counts added over ranks; rates and nested tables are per rank only (`ranks`)."""
    total: dict[str, Any] = {}
    for part in parts.values():
        for k, v in (part.get("stats") or {}).items():
            if isinstance(v, int | float) and not isinstance(v, bool) and not _is_rate(k):
                total[k] = round(total.get(k, 0) + v, 4)
    return total


def _is_rate(key: str) -> bool:
    return key.endswith(("rate", "accuracy", "mean", "median"))


def fingerprint(shards: list[dict[str, Any]]) -> str:
    """A digest of which sealed shards OUT holds and what is in them."""
    h = hashlib.sha256()
    for s in sorted(shards, key=lambda s: s["file"]):
        h.update(f"{s['file']} {s['sha256']}\n".encode())
    return h.hexdigest()


def write_merged(root: Path) -> dict[str, Any]:
    """Rewrite manifest.json and the card from every rank's part; returns the merged view."""
    from star_cli.io.card import write_card

    with merge_lock(root):
        view = merged(read_parts(root))
        write_atomic(root / MANIFEST, manifest_text(view))
        write_card(root, view)
    return view


def rank_report(root: Path) -> list[dict[str, Any]]:
    """Per rank: status as written, whether a process holds it now, counts; for `star status`."""
    parts = read_parts(root)
    if not parts:
        return []
    num_ranks = max(int(p.get("num_ranks") or 1) for p in parts.values())
    rows = []
    for r in range(max(num_ranks, max(parts) + 1)):
        part = parts.get(r)
        who = holder(root, r)
        status = part.get("status") if part else "missing"
        if status == "running" and who is None:
            status = "died"  # it says running, but no process holds its lock: killed
        rows.append({"rank": r, "status": status, "records": (part or {}).get("records", 0),
                     "problems": (part or {}).get("problems", 0),
                     "updated": (part or {}).get("updated"), "holder": who,
                     "config": (part or {}).get("config")})
    return rows
