"""Output that proves itself on read: a star directory checked against its manifest.

A reader trusts nothing it did not verify. Before any record of a star output directory is
used, every shard its manifest lists must be there with the size, record count and sha256
the manifest records, no data file may be there that it does not list, and the manifest's
schema must be one this star knows. A mismatch is one error naming the shard and what
differs (exit 2); `--allow-partial` reads the shards that verify and says which it skipped.

The manifest itself is held to what else the run wrote, so that editing it cannot switch
the checks off: every shard entry must carry its record count and sha256; a finished run's
manifest must list the shards its ranks' parts (`ranks/RRRRR.json`) list, with the same
counts and hashes, and its total must be their sum; a directory of star's shards whose
manifest and parts are both gone is refused (io/readers.py `folder_files`).

Each shard is read once: its bytes are hashed and counted, and only then parsed, so nothing
of a damaged shard is ever passed on (sha256 runs at over 1 GB/s, a fraction of the cost of
parsing the JSON).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from star_cli.errors import InputError, UsageError
from star_cli.records import SCHEMA_VERSION

log = logging.getLogger("star_cli")

MANIFEST = "manifest.json"
DATA = "data"
FIX = ("restore the directory from where the run wrote it, or rerun the command that wrote "
       "it; --allow-partial reads only the shards that verify")


@dataclass(frozen=True)
class Listed:
    """A shard as the manifest lists it."""

    path: Path
    records: int | None
    sha256: str | None
    size: int | None

    @classmethod
    def of(cls, path: Path, entry: dict[str, Any]) -> Listed:
        """The shard at `path` as a manifest entry lists it (a count or hash of another
        type: None, not listed)."""
        return cls(path, _int(entry.get("records")), _str(entry.get("sha256")),
                   _int(entry.get("bytes")))


def load_manifest(root: Path) -> dict[str, Any] | None:
    """The directory's manifest, or None when it has none (a plain folder of JSONL files);
    an unreadable or newer-schema manifest is a UsageError."""
    path = root / MANIFEST
    if not path.is_file():
        return _from_parts(root)
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as e:
        raise UsageError(f"{path}: not a readable star manifest ({e})") from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("shards", []), list):
        raise UsageError(f"{path}: not a star manifest (no list of shards)")
    schema = manifest.get("schema_version")
    if schema is not None and (not isinstance(schema, int) or isinstance(schema, bool)):
        raise UsageError(f"{path}: not a star manifest (schema_version {schema!r} is no "
                         "integer)")
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise UsageError(f"{root}: written by a newer star (schema version {schema}); this star "
                         f"reads schema versions up to {SCHEMA_VERSION}: upgrade star")
    return manifest


def _from_parts(root: Path) -> dict[str, Any] | None:
    """A star directory whose manifest.json is gone still has its ranks' parts: the manifest
    is rebuilt from them (said on stderr), so its shards are still verified."""
    if not (root / "ranks").is_dir():
        return None
    from star_cli.io.manifest import merged, read_parts

    parts = read_parts(root)
    if not parts:
        return None
    log.warning("%s: no %s; its shards are checked against its ranks' manifest parts",
                root, MANIFEST)
    return merged(parts)


def listed_shards(root: Path, manifest: dict[str, Any]) -> list[Listed]:
    out = []
    for entry in manifest.get("shards", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise UsageError(f"{root / MANIFEST}: a shard entry without a file name")
        name = entry["file"]
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise UsageError(f"{root / MANIFEST}: shard {name!r} points outside the directory")
        listed = Listed.of(root / name, entry)
        if listed.records is None or listed.sha256 is None:
            # (a shard entry without its checks would let any content through)
            raise UsageError(f"{root / MANIFEST}: the entry of shard {name!r} has no "
                             f"{'records' if listed.records is None else 'sha256'}; restore "
                             "the manifest from the run, or rerun the command with --overwrite")
        out.append(listed)
    _check_against_parts(root, manifest, out)
    return out


def _check_against_parts(root: Path, manifest: dict[str, Any], listed: list[Listed]) -> None:
    """A finished run's manifest against its ranks' parts (each rank's own record of the
    shards it sealed), before any shard is read: the same shards, each with the same record
    count and sha256, so that an entry dropped or edited in the manifest is found. (While a
    run writes, a part may be a step ahead of the manifest: not weighed then.)"""
    if manifest.get("status") != "complete" or not (root / "ranks").is_dir() or not (
            root / MANIFEST).is_file():
        return
    from star_cli.io.manifest import merged, read_parts

    parts = read_parts(root)
    theirs = {root / s["file"]: s for s in merged(parts)["shards"]} if parts else {}
    if not theirs:
        return
    if set(theirs) != {s.path for s in listed}:
        odd = sorted(str(p) for p in set(theirs) ^ {s.path for s in listed})
        raise UsageError(f"{root / MANIFEST}: its shards are not those its ranks' parts list "
                         f"({odd[0]} differs); restore it from the run, or rerun the command "
                         "with --overwrite")
    for shard in listed:
        part = theirs[shard.path]
        if part["records"] != shard.records:
            why = f"its rank's part holds {part['records']:,} records, the manifest says " \
                  f"{shard.records:,}"
        elif part["sha256"] != shard.sha256:
            why = "its rank's part records another sha256 than the manifest"
        else:
            continue
        raise InputError(why, path=str(shard.path), fix=FIX)


def _total_problem(root: Path, manifest: dict[str, Any], listed: list[Listed]) -> str | None:
    """A manifest whose total is not the sum of its shards' counts (an edited total)."""
    total, summed = manifest.get("records"), sum(s.records or 0 for s in listed)
    if isinstance(total, int) and not isinstance(total, bool) and total != summed:
        return f"{root / MANIFEST}: its total of {total:,} records is not its shards' {summed:,}"
    return None


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _str(v: Any) -> str | None:
    return v if isinstance(v, str) else None


def mismatch(data: bytes, shard: Listed) -> str | None:
    """What differs between a shard's bytes and its manifest entry (None: it verifies)."""
    if shard.size is not None and len(data) != shard.size:
        return f"is {len(data):,} bytes, the manifest says {shard.size:,}"
    if shard.records is not None and not shard.path.name.endswith(".gz") and \
            (n := _lines(data)) != shard.records:
        return f"holds {n:,} records, the manifest says {shard.records:,}"
    if shard.sha256 is not None and hashlib.sha256(data).hexdigest() != shard.sha256:
        return "does not match the sha256 the manifest records (its content changed)"
    return None


def _lines(data: bytes) -> int:
    """Records in a shard: lines, the last one without its newline counted too."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def verified_shards(root: Path, manifest: dict[str, Any], *, allow_partial: bool = False
                    ) -> Iterator[tuple[Path, bytes]]:
    """Each listed shard's path and bytes, in the manifest's order, each verified before it
    is handed out; an unlisted or missing shard is found before the first is read."""
    listed = listed_shards(root, manifest)
    complete = manifest.get("status") == "complete"
    _check_unlisted(root, {s.path for s in listed}, complete, allow_partial)
    missing = [s for s in listed if not s.path.is_file()]
    if missing and not allow_partial:
        raise InputError(f"listed in {MANIFEST} but missing ({len(missing)} of "
                         f"{len(listed)} shards)", path=str(missing[0].path), fix=FIX)
    for shard in missing:
        log.warning("%s: missing; skipped (--allow-partial)", shard.path)
    for shard in listed:
        if shard in missing:
            continue
        data = shard.path.read_bytes()
        problem = mismatch(data, shard)
        if problem is None:
            yield shard.path, data
        elif allow_partial:
            log.warning("%s: %s; skipped (--allow-partial)", shard.path, problem)
        else:
            raise InputError(problem, path=str(shard.path), fix=FIX)
    if (problem := _total_problem(root, manifest, listed)) is not None:
        raise UsageError(f"{problem}; restore it from the run, or rerun the command with "
                         "--overwrite")


def _check_unlisted(root: Path, listed: set[Path], complete: bool, allow_partial: bool) -> None:
    """A data file the manifest does not list is not part of the run. While a run is still
    writing, shards sealed since its manifest was last rewritten are not listed yet: skipped,
    said."""
    folder = root / DATA
    if not folder.is_dir():
        return
    stray = sorted(f for f in folder.iterdir()
                   if f.name.endswith((".jsonl", ".jsonl.gz")) and not f.name.startswith(".")
                   and f not in listed)
    if not stray:
        return
    if complete and not allow_partial:
        raise InputError(f"is not listed in {MANIFEST}: not part of the run that wrote "
                         f"{root} ({len(stray)} such file{'s' * (len(stray) > 1)})",
                         path=str(stray[0]), fix="move it out of data/, or --allow-partial "
                         "to read only the listed shards")
    # (a writer lists its sealed shards every so often, `manifest_due`: one line for them all)
    log.warning("%s%s: not listed in %s; skipped (a running run lists its shards every so "
                "often)", stray[0], f" and {len(stray) - 1} more" if len(stray) > 1 else "",
                MANIFEST)


def verify_directory(root: Path, full: bool = True) -> list[str]:
    """Every problem found in a star directory (empty: it verifies), each a line naming the
    shard: missing, unlisted or resized shards, and with `full` (`star status --verify`)
    record counts and sha256 over the whole content of every shard."""
    manifest = load_manifest(root)
    if manifest is None:
        return [f"{root}: not a star output directory (no {MANIFEST})"]
    problems = []
    listed = listed_shards(root, manifest)
    folder = root / DATA
    # A killed run may have sealed a shard a moment before listing it; its next run lists it.
    if folder.is_dir() and manifest.get("status") == "complete":
        names = {s.path for s in listed}
        problems += [f"{f}: not listed in {MANIFEST}" for f in sorted(folder.iterdir())
                     if f.name.endswith((".jsonl", ".jsonl.gz")) and not f.name.startswith(".")
                     and f not in names]
    for shard in listed:
        if not shard.path.is_file():
            problems.append(f"{shard.path}: listed in {MANIFEST} but missing")
        elif not full:
            size = shard.path.stat().st_size
            if shard.size is not None and size != shard.size:
                problems.append(f"{shard.path}: is {size:,} bytes, the manifest says "
                                f"{shard.size:,}")
        elif (why := mismatch(shard.path.read_bytes(), shard)) is not None:
            problems.append(f"{shard.path}: {why}")
    if (problem := _total_problem(root, manifest, listed)) is not None:
        problems.append(problem)
    return problems + _unit_logs(root, manifest) + (_blocks(root) if full else [])


def _blocks(root: Path) -> list[str]:
    """Each few-shot block against its name, the hash of its content (io/few_shot.py): a
    block edited since its run wrote it is damage, as `filter --keep-few-shot` finds."""
    from star_cli.io.few_shot import FEW_SHOT, read_block

    out = []
    for path in sorted((root / FEW_SHOT).glob("*.json")) if (root / FEW_SHOT).is_dir() else ():
        try:
            read_block(path)
        except InputError as e:
            out.append(str(e))
    return out


def _unit_logs(root: Path, manifest: dict[str, Any]) -> list[str]:
    """Each rank's unit log (io/units.py) against what its manifest part lists."""
    from star_cli.io.units import verify

    ranks = manifest.get("ranks")
    if not isinstance(ranks, dict):
        return []
    out = []
    for part in ranks.values():
        if isinstance(part, dict) and (why := verify(root, part.get("units"),
                                                     part.get("status") == "complete")):
            out.append(why)
    return out
