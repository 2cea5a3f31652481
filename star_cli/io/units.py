"""What each output record was computed from: the unit log that `--resume-changed` reads.

A command that writes one output group per input record (check, score: per trace) or per
problem (generate, rationalize) appends, with each group it commits, one entry per input
unit the group was computed from, to its rank's log `ranks/RRRRR.units`:

    key      8 bytes   digest of the unit's key (`io.digests.digest`: a trace's
                       `trace_key`, or a problem's id)
    source   8 bytes   digest of the input it was read from (its resolved path): a unit
                       gone from that input is stale, one never read from it is not
    content 16 bytes   digest of the unit's content (see below)

What the content digest covers is what the group's records depend on, taken where it is
cheapest for each command:

- `check`: xxh3-128 of the trace's JSON line as read (`content_of`). The worker processes
  hash the line they already hold, a fraction of the cost of parsing it, so the hot path
  stays fast; the price is that a line rewritten with the same content (keys reordered,
  spacing) counts as changed and is judged again, which is safe.
- `score`: xxh3-128 of the trace re-serialised with sorted keys: it reads parsed records
  (JSONL, Parquet, a star directory alike), and a verifier's forward pass dwarfs a dump.
- `generate`, `rationalize`: the problem as the task reads it (`steps.problems.content_key`:
  blake2b-128 of question, gold and choices), since that is all a problem's traces are
  computed from; a field the task ignores changing does not make them stale.

Entries are fixed-size and little-endian. They are appended and flushed before the group's
records are (`ShardWriter._append`), so every unit OUT holds has its entry whatever the
moment of a kill; a unit written again later (recomputed by `--resume-changed`, or redone
after a kill) appends a newer entry, and the last entry of a key is the one that counts. A
torn last entry is cut off when the log is opened again. The rank's manifest part lists
the log's size and sha256 as of each manifest it writes (`listing`), and `star status
--verify` and `--resume-changed` check that prefix (`verify`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from star_cli.errors import UsageError
from star_cli.io.digests import digest

ENTRY = 32  # bytes per entry
SUFFIX = ".units"
FIX = "rerun with --overwrite to recompute everything"


def dtype() -> Any:
    """The entries as a numpy structured dtype (numpy is imported only where logs are read
    or built in bulk)."""
    import numpy as np

    return np.dtype([("key", "<u8"), ("source", "<u8"), ("lo", "<u8"), ("hi", "<u8")])


def log_path(root: Path, rank: int) -> Path:
    return root / "ranks" / f"{rank:05d}{SUFFIX}"


def source_id(path: str) -> int:
    """The digest that names an input in the log: its resolved path (the key its fingerprint
    has in the manifest's scope), so `./a.jsonl` and `/data/a.jsonl` are one input."""
    return digest(path if path.startswith("dataset:") else str(Path(path).resolve()))


def content_of(data: bytes) -> bytes:
    """A unit's content digest: xxh3-128 of its bytes (a trace's JSON line as read, or a
    record re-serialised with sorted keys), fast enough to take for every record written.
    Two different contents share it with a chance of 2^-128: a change is never missed."""
    import xxhash

    return xxhash.xxh3_128_digest(data)


def entry(key: str, source: int, content: bytes) -> bytes:
    """One entry, packed."""
    return (digest(key).to_bytes(8, "little") + source.to_bytes(8, "little")
            + content[:16].ljust(16, b"\0"))


def entries(keys: Any, source: int, contents: Any) -> bytes:
    """Packed entries for `keys` (uint64 digests) and `contents` (16 bytes each), all read
    from one `source`: numpy arrays, for the commands that judge blocks of traces."""
    import numpy as np

    out = np.empty(len(keys), dtype=dtype())
    out["key"] = keys
    out["source"] = np.uint64(source)
    halves = np.frombuffer(contents, dtype="<u8", count=2 * len(keys)).reshape(-1, 2)
    out["lo"], out["hi"] = halves[:, 0], halves[:, 1]
    return out.tobytes()


@dataclass(frozen=True)
class Listing:
    """The log as a manifest part lists it: its size and sha256 when the part was written."""

    file: str  # relative to OUT
    bytes: int
    sha256: str

    def record(self) -> dict[str, Any]:
        return {"file": self.file, "bytes": self.bytes, "sha256": self.sha256}


class UnitLog:
    """A rank's log, open for appending (by its ShardWriter, under the rank's lock)."""

    def __init__(self, root: Path, rank: int) -> None:
        self.root, self.path = root, log_path(root, rank)
        self._file: Any = None
        self._hash = hashlib.sha256()
        self._size = 0

    def append(self, data: bytes) -> None:
        """Append whole entries and flush them (before the group they describe is)."""
        if self._file is None:
            self._open()
        self._file.write(data)
        self._file.flush()
        self._hash.update(data)
        self._size += len(data)

    def _open(self) -> None:
        """Open for appending: a torn last entry (a kill mid-write) is cut off, and what is
        kept is hashed, so the listing covers the whole log."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = self.path.open("ab")
        size = self._file.tell()
        whole = size - size % ENTRY
        if whole != size:
            self._file.truncate(whole)
        self._size = whole
        with self.path.open("rb") as f:
            while chunk := f.read(min(1 << 20, whole - f.tell())):
                self._hash.update(chunk)

    def listing(self) -> Listing | None:
        """What the manifest part lists (None while nothing was appended in this run and
        no log exists)."""
        if self._file is None:
            if not self.path.exists():
                return None
            self._open()
        return Listing(str(self.path.relative_to(self.root)), self._size,
                       self._hash.hexdigest())

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def verify(root: Path, listed: dict[str, Any] | None, complete: bool) -> str | None:
    """What is wrong with a rank's log against its listing (None: it verifies). A killed
    run appends past what its last manifest listed: only the listed prefix is checked,
    unless the run is complete."""
    if not isinstance(listed, dict) or not isinstance(listed.get("file"), str):
        return None
    path = root / listed["file"]
    if Path(listed["file"]).is_absolute() or ".." in Path(listed["file"]).parts:
        return f"{listed['file']!r} points outside the directory"
    if not path.is_file():
        return f"{path}: listed in the manifest but missing"
    size, want = path.stat().st_size, listed.get("bytes")
    if not isinstance(want, int) or size < want or (complete and size != want):
        return f"{path}: is {size:,} bytes, the manifest says {want!r}"
    h = hashlib.sha256()
    with path.open("rb") as f:
        left = want
        while left and (chunk := f.read(min(1 << 20, left))):
            h.update(chunk)
            left -= len(chunk)
    if h.hexdigest() != listed.get("sha256"):
        return f"{path}: does not match the sha256 the manifest records (its content changed)"
    return None


def read_log(root: Path, rank: int, listed: dict[str, Any] | None) -> Any:
    """The rank's entries, the last of each key only, sorted by key (a numpy array of
    `dtype()`); empty when the rank kept none. A log that does not verify is a UsageError
    naming it: its digests could not be trusted to say what changed."""
    import numpy as np

    path = log_path(root, rank)
    if not path.exists():
        return np.zeros(0, dtype=dtype())
    if (problem := verify(root, listed, complete=False)) is not None:
        raise UsageError(f"{problem}; {FIX}")
    data = path.read_bytes()
    log = np.frombuffer(data, dtype=dtype(), count=len(data) // ENTRY)
    # The last entry of each key: unique over the reversed log keeps each key's first there.
    _, first = np.unique(log["key"][::-1], return_index=True)
    return log[::-1][first]


@dataclass
class Reading:
    """The units of the input as a run reads it now (its rank's slice), to compare with the
    log: `sources`, the inputs it reads; `whole`, whether it reads each of them to the end
    (without --skip or --limit), so that a unit not met is known to be gone."""

    sources: set[int]
    whole: bool = True

    def __post_init__(self) -> None:
        self.table = bytearray()

    def add(self, key: str, source: int, content: bytes) -> None:
        self.table += entry(key, source, content)

    def extend(self, packed: bytes) -> None:
        self.table += packed

    def array(self) -> Any:
        import numpy as np

        return np.frombuffer(bytes(self.table), dtype=dtype())


def stale(logged: Any, reading: Reading, held: Callable[[Any], Any]) -> set[int]:
    """The unit digests whose records in OUT are stale: read now with another content, or
    with none logged (an OUT written before the log existed: unknown, so redone), or gone
    from an input that logged them and that this run reads whole. Only units OUT holds
    count (`held`: for an array of digests, which are in OUT). `logged`: `read_log`'s."""
    import numpy as np

    read = reading.array()
    now = read[held(read["key"])]
    if not len(logged):
        return set(now["key"].tolist())  # nothing logged: nothing known to be current
    at = np.searchsorted(logged["key"], now["key"]).clip(0, len(logged) - 1)
    was = logged[at]
    known = was["key"] == now["key"]
    differs = (was["lo"] != now["lo"]) | (was["hi"] != now["hi"])
    out = set(now["key"][~known | differs].tolist())
    if reading.whole:
        sources = np.fromiter(reading.sources, dtype=np.uint64, count=len(reading.sources))
        gone = (~np.isin(logged["key"], read["key"]) & np.isin(logged["source"], sources)
                & held(logged["key"]))
        out.update(logged["key"][gone].tolist())
    return out


__all__ = ["ENTRY", "Listing", "Reading", "UnitLog", "content_of", "dtype", "entries", "entry",
           "log_path", "read_log", "source_id", "stale", "verify"]
