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
import logging
import re
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from hashlib import blake2b
from pathlib import Path
from typing import IO, Any

from xxhash import xxh3_128_intdigest

from star_cli.errors import UsageError
from star_cli.io.files import drop_cached, dump_line, prefetch, split_lines
from star_cli.io.shards import ShardWriter
from star_cli.records import utf8

Record = dict[str, Any]
log = logging.getLogger("star_cli")
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

    TAG = ""  # how `digest` is written in OUT's scope: untagged, a sum of blake2b hashes
    legacy_digest: int | None = None

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


class LineSpool:
    """`Spool` for a step that keeps what it read: each trace's JSON line as bytes (the
    line it was read as, when nothing in it changed), beside it an index entry (its problem
    and canonical position, one small JSON line) and, optionally, a fixed-size record of
    bytes (filters/features.py), all three in the same order per bucket. A bucket's problems
    are then grouped and ordered from the index, without parsing a trace again.

    `digest` sums the lines' hashes, as `Spool.digest` does, with xxh3-128 of each line
    (without its newline), written `xxh3:` and the sum in OUT's scope: a tenth of blake2b's
    time a line. `legacy=True` (rerunning into an OUT an older star wrote, whose digest is
    untagged) sums blake2b of each line with its newline too, as that star did
    (`legacy_digest`), so that such an OUT still resumes."""

    FLUSH = 1 << 18  # bytes a bucket holds in memory before they go to its files
    TAG = "xxh3:"

    def __init__(self, root: Path, extra_size: int = 0, legacy: bool = False) -> None:
        self.root = root
        self.extra_size = extra_size
        self.counts = [0] * BUCKETS
        self._sum = 0  # of the lines' hashes; `digest` once closed
        self.digest = 0
        self._legacy = 0 if legacy else None
        self.legacy_digest: int | None = None
        self._last: tuple[str | None, int, bytes] = (None, 0, b"")
        self._cache: tuple[int, list[bytes]] | None = None
        # Per bucket: lines, index entries and extra records not yet written, and their size.
        self._held: list[tuple[list[bytes], list[bytes], list[bytes]]] = [
            ([], [], []) for _ in range(BUCKETS)]
        self._size = [0] * BUCKETS
        self._opened = [False] * BUCKETS
        self._remover: ThreadPoolExecutor | None = None  # removes released buckets' files
        self._removed: list[Future[None]] = []

    def _path(self, b: int, kind: str) -> Path:
        return self.root / f"bucket-{b:03d}.{kind}"

    def add(self, problem_id: str, position: tuple[Any, ...], line: bytes) -> int:
        """Spool one trace's line (bytes, without its newline) at its canonical `position`
        (`canonical(trace)` without the line); returns its bucket."""
        if problem_id == self._last[0]:  # a problem's traces mostly come together
            _, b, head = self._last
        else:
            b = bucket_of(problem_id)
            head = _sortable(problem_id) + b"\0"
            self._last = (problem_id, b, head)
        held = self._held[b]
        held[0].append(line)
        c0, iteration, sample, tid = position
        small = _SMALL
        held[1].append(b"".join((
            head, b"1" if c0 else b"0",
            small[iteration] if 0 <= iteration < len(small) else _count(iteration),
            small[sample] if 0 <= sample < len(small) else _count(sample), _sortable(tid))))
        self.counts[b] += 1
        self._sum += xxh3_128_intdigest(line)
        if self._legacy is not None:
            self._legacy += _blake2b_line(line)
        self._size[b] += len(line) + 1
        if self._size[b] >= self.FLUSH:
            self._write(b)
        return b

    def add_records(self, records: list[Record], lines: list[bytes]) -> list[int]:
        """`add` for each trace and its line (bytes, without its newline), in order, at
        the trace's canonical position (`position_of`); returns their buckets. A problem's
        traces mostly come together: its bucket is looked up once a run of them."""
        buckets: list[int] = []
        counts, sizes = self.counts, self._size
        small, top = _SMALL, len(_SMALL)
        join = b"".join
        last, b, head = self._last
        held = self._held[b]
        add_line, add_key = held[0].append, held[1].append
        count = size = 0  # of the current run, not yet added to its bucket's
        touched = set()
        for record, line in zip(records, lines, strict=True):
            problem_id = record["problem_id"]
            if problem_id != last:
                counts[b] += count
                sizes[b] += size
                count = size = 0
                last = problem_id
                b = bucket_of(problem_id)
                head = _sortable(problem_id) + b"\0"
                held = self._held[b]
                add_line, add_key = held[0].append, held[1].append
                touched.add(b)
            add_line(line)
            # position_of(record), written as `add` writes it
            iteration = record.get("iteration")
            if not isinstance(iteration, int):
                iteration = 0
            sample = record.get("sample")
            if not isinstance(sample, int):
                sample = 0
            tid = record.get("id", "")
            if type(tid) is not str:
                tid = str(tid)
            key = tid.encode("utf-8", "surrogatepass")
            if not tid.isprintable():
                key = _sortable(tid)
            add_key(join((
                head, b"1" if record.get("source", "generate") != "generate" else b"0",
                small[iteration] if 0 <= iteration < top else _count(iteration),
                small[sample] if 0 <= sample < top else _count(sample), key)))
            count += 1
            size += len(line) + 1
            buckets.append(b)
        counts[b] += count
        sizes[b] += size
        touched.add(b)
        self._last = (last, b, head)
        self._sum += sum(map(xxh3_128_intdigest, lines))
        if self._legacy is not None:
            self._legacy += sum(map(_blake2b_line, lines))
        for b in touched:
            if sizes[b] >= self.FLUSH:
                self._write(b)
        return buckets

    def add_extra(self, b: int, data: bytes) -> None:
        """The next fixed-size record of bucket `b` (in the order its lines were added)."""
        self._held[b][2].append(data)

    def _write(self, b: int, drop: bool = True) -> None:
        lines, index, extra = self._held[b]
        mode = "ab" if self._opened[b] else "wb"
        self._opened[b] = True
        with open(self._path(b, "jsonl"), mode) as f:
            if lines:
                lines.append(b"")  # the last newline, without copying the whole again
                f.write(b"\n".join(lines))
            if drop:  # read back once, bucket by bucket, much later
                f.flush()
                drop_cached(f.fileno())
        with open(self._path(b, "index"), mode) as f:
            if index:
                index.append(b"")
                f.write(b"\n".join(index))
        if self.extra_size:
            with open(self._path(b, "extra"), mode) as f:
                f.write(b"".join(extra))
        self._held[b] = ([], [], [])
        self._size[b] = 0

    def close(self) -> None:
        for b in range(BUCKETS):
            if self._held[b][0] or self._held[b][2]:
                self._write(b, drop=False)  # read back soon: the last of each bucket stays
        self.digest = self._sum % (1 << 128)
        if self._legacy is not None:
            self.legacy_digest = self._legacy % (1 << 128)

    def _parts(self, b: int) -> list[Path]:
        """The folders that hold bucket `b`'s files (none when it is empty)."""
        return [self.root] if self.counts[b] else []

    def lines(self, b: int) -> list[bytes]:
        """Bucket `b`'s lines, without their newlines (split on `\n` only)."""
        if self._cache is not None and self._cache[0] == b:
            return self._cache[1]
        self._cache = None  # the previous bucket's lines go before this one's are read
        lines: list[bytes] = []
        for root in self._parts(b):
            data = (root / f"bucket-{b:03d}.jsonl").read_bytes()
            lines += data.split(b"\n")[:-1]
            del data
        self._cache = (b, lines)
        for after in range(b + 1, BUCKETS):  # read while this one is worked on
            if self.counts[after]:
                for root in self._parts(after):
                    prefetch(root / f"bucket-{after:03d}.jsonl")
                break
        return lines

    def release(self, b: int) -> None:
        """Bucket `b` is read for the last time: its files go now, not at the end of the run.
        A run writes about as many bytes into OUT as it spooled; the pages the bucket held
        are then those the next writes take, where pages the system has not handed out for
        a while can cost more to fill than the copy itself (a virtual machine's memory)."""
        if self._cache is not None and self._cache[0] == b:
            self._cache = None
        paths = [root / f"bucket-{b:03d}.{kind}" for root in self._parts(b)
                 for kind in ("jsonl", "index", "extra")]
        if not paths:  # an empty bucket has no files
            return
        if self._remover is None:  # an unlink frees the pages, and takes milliseconds doing it
            self._remover = ThreadPoolExecutor(1, thread_name_prefix="star-spool")
        self._removed.append(self._remover.submit(_remove, paths))

    def settle(self) -> None:
        """Wait until the released buckets' files are gone. A file that could not be
        removed is left to the scratch directory's removal, never an error of the run (this
        runs as the run ends, possibly on its way out with an error of its own)."""
        if self._remover is not None:
            self._remover.shutdown(wait=True)
            self._remover = None
        removed, self._removed = self._removed, []
        for done in removed:
            if (error := done.exception()) is not None:
                log.debug("spool: %s", error)

    def extra(self, b: int) -> bytes:
        if not self.extra_size:
            return b""
        return b"".join((root / f"bucket-{b:03d}.extra").read_bytes()
                        for root in self._parts(b))

    def problems(self, b: int) -> Iterator[tuple[str, list[int]]]:
        """Bucket `b`'s problems, sorted by id, each with its traces (their numbers in the
        bucket) in canonical order: the index's positions, then the line itself."""
        parts = self._parts(b)
        if not parts:
            return
        keys: list[bytes] = []
        for root in parts:
            keys += (root / f"bucket-{b:03d}.index").read_bytes().split(b"\n")[:-1]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        # Equal keys (traces without an id of one problem) are ordered by their lines.
        k = 0
        while k < len(order) - 1:
            if keys[order[k]] != keys[order[k + 1]]:
                k += 1
                continue
            end = k + 1
            while end < len(order) and keys[order[end]] == keys[order[k]]:
                end += 1
            lines = self.lines(b)  # read only when needed: most buckets have no such tie
            order[k:end] = sorted(order[k:end], key=lines.__getitem__)
            k = end
        # Sorted keys: each problem's traces are one run, the problems in order of id.
        start = 0
        while start < len(order):
            key = keys[order[start]]
            head = key[: key.index(b"\0") + 1]
            end = start + 1
            while end < len(order) and keys[order[end]].startswith(head):
                end += 1
            yield _unsortable(head[:-1]), order[start:end]
            start = end


class SpoolParts(LineSpool):
    """Several `LineSpool`s' folders read as one (`star filter` in ranks: each rank spooled
    its own traces): bucket `b` is every part's bucket `b`, in the order of `roots`, so a
    bucket's problems and their canonical order are those of one spool of all the traces.
    Read only."""

    def __init__(self, roots: list[Path], counts: list[list[int]], extra_size: int = 0,
                 digest: int = 0, legacy_digest: int | None = None) -> None:
        super().__init__(roots[0] if roots else Path("."), extra_size)
        self.roots, self.part_counts = roots, counts
        self.counts = [sum(c[b] for c in counts) for b in range(BUCKETS)]
        self.digest = digest
        self.legacy_digest = legacy_digest

    def _parts(self, b: int) -> list[Path]:
        return [root for root, c in zip(self.roots, self.part_counts, strict=True) if c[b]]

    def add(self, problem_id: str, position: tuple[Any, ...], line: bytes) -> int:
        raise TypeError("SpoolParts is read only")


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


# Index keys: bytes that sort as the canonical position does (problem id, then generate
# before rationalize, iteration, sample, trace id), with no newline in them. A string is its
# UTF-8 (whose bytes sort as its code points do) with bytes 0-10 escaped as 1, byte+11 (so
# they sort as before, below every other byte, and 0 can end it); a count is its number of
# digits, then its digits.
_LOW = re.compile(rb"[\x00-\x0a]")
_ESCAPED = re.compile(rb"\x01(.)", re.DOTALL)


def _sortable(text: str) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    if not text.isprintable():  # rare: control characters (isprintable is cheap)
        data = _LOW.sub(lambda m: bytes((1, m[0][0] + 11)), data)
    return data


def _unsortable(data: bytes) -> str:
    if b"\x01" in data:
        data = _ESCAPED.sub(lambda m: bytes((m[1][0] - 11,)), data)
    return data.decode("utf-8", "surrogatepass")


def _count(n: int) -> bytes:
    digits = str(max(0, n)).encode("ascii")  # counts are checked: 0 or more
    return bytes((48 + len(digits),)) + digits


_SMALL = [_count(n) for n in range(1024)]


def position_of(trace: Record) -> tuple[Any, ...]:
    """`canonical(trace)` but for the line: what a `LineSpool` index keeps."""
    sample = trace.get("sample")
    iteration = trace.get("iteration")
    return (0 if trace.get("source", "generate") == "generate" else 1,
            iteration if isinstance(iteration, int) else 0,
            sample if isinstance(sample, int) else 0, str(trace.get("id", "")))


def _blake2b_line(line: bytes) -> int:
    """An older star's hash of a spooled line: blake2b-128 of it with its newline."""
    h = blake2b(line, digest_size=16)
    h.update(b"\n")
    return int.from_bytes(h.digest(), "big")


def needs_legacy(sink: Any, overwrite: bool) -> bool:
    """Whether a rerun resumes an OUT whose input digest an older star wrote (untagged: a
    sum of blake2b hashes), so that the spool must sum those too (`LineSpool(legacy=True)`)
    to tell whether the input is the same. Call after the sink is prepared."""
    if not isinstance(sink, ShardWriter) or overwrite:
        return False
    old = sink.previous
    if not old or not old.get("records"):
        return False
    was = (old.get("scope") or {}).get("input_digest")
    return isinstance(was, str) and ":" not in was


def check_same_input(sink: Any, digest: int, *, output: str, overwrite: bool,
                     command: str, tag: str = "", legacy: int | None = None) -> None:
    """Resuming an export skips the records already written, which is only right when they
    came from the same traces: an input that grew or changed since is refused. Records the
    digest in the output's scope (`tag` and its hex), so the next run can compare. `legacy`:
    the input's digest as an older star wrote it (untagged), when OUT may hold one."""
    if not isinstance(sink, ShardWriter):
        return
    digest_hex = f"{tag}{digest:032x}"
    sink.scope["input_digest"] = digest_hex
    old = sink.previous
    if not old or overwrite or not old.get("records"):
        return
    was = (old.get("scope") or {}).get("input_digest")
    if was != digest_hex and (legacy is None or was != f"{legacy:032x}"):
        raise UsageError(
            f"{output} holds a {command} run over different traces (an input changed "
            "since); use --overwrite to redo it, or another -o"
        )
