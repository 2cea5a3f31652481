"""Small file primitives shared by the writers, and the one rule for lone surrogates.

Lone surrogates (`"\\ud800"`) are legal JSON that real scraped data and real servers hold,
but no UTF-8 text can carry them raw. star keeps them exactly: every JSON line and file it
writes carries them as `\\uXXXX` escapes, so a trace read, judged and written again holds
the same value. Where text must be valid UTF-8 for someone else (the rows of a training
export, which Arrow and `datasets` load; the dataset card; a prompt sent to a model), each is
replaced by U+FFFD, counted and said (`replace_surrogates`). The line separators U+2028,
U+2029 and U+0085 are ordinary characters inside JSON strings: lines are split on `\\n`
only, never with `str.splitlines()`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
from pathlib import Path
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def _escaped(text: str) -> str:
    """`text` (JSON) with each lone surrogate written as its `\\uXXXX` escape."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_text(value: Any, **options: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, **options)` that any UTF-8 file can hold:
    non-ASCII text stays readable, lone surrogates stay as their escapes."""
    return _escaped(json.dumps(value, ensure_ascii=False, **options))


def manifest_text(manifest: dict[str, Any]) -> str:
    """A manifest as indented JSON, with each of its `shards` on one line. A writer rewrites
    its manifest at many of its seals (`ShardWriter.manifest_due`): indented through
    and through it takes Python's pure encoder (json has no C path for `indent`), and a
    240-shard run spent 2.7 s of its main process's CPU there; one compact line a shard is
    the C encoder's, and as easy to read."""
    shards = manifest.get("shards")
    if not shards or not isinstance(shards, list):
        return json_text(manifest, indent=2) + "\n"
    text = json_text({**manifest, "shards": []}, indent=2)
    # The one top-level key is at the start of a line with two spaces; a string holding the
    # same characters is escaped (\"shards\") and cannot match.
    rows = ",\n    ".join(json_text(s) for s in shards)
    head, mark, tail = text.partition('\n  "shards": []')
    if not mark:  # not a top-level list after all
        return json_text(manifest, indent=2) + "\n"
    return f'{head}\n  "shards": [\n    {rows}\n  ]{tail}\n'


def dump_line(record: dict[str, Any]) -> str:
    """One JSONL line; non-ASCII text stays readable, lone surrogates escaped."""
    return json_text(record) + "\n"


def has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def replace_surrogates(value: Any) -> tuple[Any, int]:
    """`value` (a string, or lists and dicts of them) with every lone surrogate replaced by
    U+FFFD, and how many strings held one; the same object back when none did."""
    if isinstance(value, str):
        return (_SURROGATE.sub(REPLACEMENT, value), 1) if has_surrogate(value) else (value, 0)
    if isinstance(value, list):
        items = [replace_surrogates(v) for v in value]
        n = sum(c for _, c in items)
        return ([v for v, _ in items], n) if n else (value, 0)
    if isinstance(value, dict):
        pairs = {replace_surrogates(k)[0]: replace_surrogates(v) for k, v in value.items()}
        n = sum(c for _, c in pairs.values()) + sum(has_surrogate(k) for k in value
                                                    if isinstance(k, str))
        return ({k: v for k, (v, _) in pairs.items()}, n) if n else (value, 0)
    return value, 0


def split_lines(text: str) -> list[str]:
    """JSONL lines: split on `\\n` only (U+2028 and its kin are characters of a string)."""
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def drop_cached(fd: int) -> None:
    """Ask the kernel to drop a file's pages from its cache: the clean ones go now, the
    dirty ones start on their way to disk and go at a later call. For what a run writes in
    bulk and will not read back soon (a spool, a sealed shard): the memory is free again for
    the next writes at once. In a virtual machine that hands unused memory back to its host,
    memory not used for a while costs several times the copy to fill, so a run that reuses
    its own pages writes a gigabyte several seconds sooner. Nothing where unsupported."""
    if _FADVISE is not None:
        with contextlib.suppress(OSError):  # advice only: a file system may take none
            _FADVISE(fd, 0, 0, os.POSIX_FADV_DONTNEED)


def prefetch(path: Path) -> None:
    """Ask the kernel to start reading `path` into its cache (the next bucket a run reads,
    whose pages `drop_cached` sent to disk), so that the read finds it there."""
    if _FADVISE is not None:
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY)
            try:
                _FADVISE(fd, 0, 0, os.POSIX_FADV_WILLNEED)
            finally:
                os.close(fd)


_FADVISE = getattr(os, "posix_fadvise", None)


def write_atomic(path: Path, text: str | bytes, *, shared: bool = False) -> None:
    """Write `text` (or bytes) to `path` so that readers see the old or the new file, never
    a mix: through a temporary name, fsynced, then renamed.
    `shared`: other processes may write the same path at the same moment (ranks writing one
    few-shot block), so each writes through a temporary name of its own."""
    suffix = f".{os.getpid()}.{uuid.uuid4().hex[:8]}" if shared else ""
    tmp = path.with_name(f".{path.name}{suffix}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(text if isinstance(text, bytes) else text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:  # a full disk: the old file stays, the half-written one goes
        tmp.unlink(missing_ok=True)
        raise OSError(e.errno, e.strerror, str(path)) from None
