"""Input records as blocks of raw JSON lines, for steps that parse them elsewhere.

`read_records` (readers.py) parses every record in the calling process. A step that spreads
its work over processes (`star check --workers N`) would then parse in one process what many
could: `line_blocks` reads the same inputs (files, star output directories verified against
their manifests, stdin, gzip) as blocks of whole lines of bytes, each with where its first
line is, so that workers parse, validate and report errors by file and line exactly as
`read_records` would. Inputs that are not JSON lines (Parquet, CSV, a JSON document) are read
with `read_records` and handed on as one line per record, each with its own location.

Lines are what text mode would give: split on `\\n` only (U+2028 and its kin are characters
of a JSON string, io/files.py), with `\\r\\n` and a lone `\\r` read as `\\n` and a UTF-8
byte-order mark dropped at the start of a file.
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from star_cli.errors import InputError
from star_cli.io.files import dump_line
from star_cli.io.readers import (
    STDIN,
    STRICT_HOOKS,
    _is_star_output,
    _json_document,
    _name,
    _read_one,
    _warn_unfinished,
    folder_files,
    number_error,
    too_deep,
)
from star_cli.io.verify import load_manifest, verified_shards
from star_cli.records import Location

BLOCK_BYTES = 1 << 20  # about a thousand traces: a worker's unit of work
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class LineBlock:
    """Whole lines of one input, numbered as in the file (blank ones included). `start`:
    the number of the block's first line, for the first block of a file; a later block
    starts on the line after the previous block's last (None: counting the lines of every
    block here would cost more than the rest of reading them, so whoever parses them counts
    them). For records read from another format, `where` holds each line's (path, line)."""

    path: str
    start: int | None
    data: bytes
    where: tuple[tuple[str, int | None], ...] | None = None
    errors: str = "strict"  # how bytes that are not UTF-8 decode (stdin: as sys.stdin does)
    source: str | None = None  # the input it was read from, as given (when a step tags it)


def line_blocks(paths: Sequence[str], *, allow_partial: bool = False,
                size: int = BLOCK_BYTES) -> Iterator[LineBlock]:
    """Every input's records as blocks of about `size` bytes, in order. An input with no
    record at all (other than a star output directory) is an error, as for `read_records`."""
    for path in paths:
        any_line = False
        for block in _blocks_of(path, allow_partial, size):
            any_line = any_line or bool(block.data.strip())
            yield block
        if not any_line and not _is_star_output(path):
            raise InputError("is empty: no records found", path=_name(path),
                             fix="check the file or the filter")


def _blocks_of(path: str, allow_partial: bool, size: int) -> Iterator[LineBlock]:
    if path == STDIN:
        # As sys.stdin decodes: under a C or POSIX locale, bad bytes become surrogates.
        errors = getattr(sys.stdin, "errors", None) or "strict"
        for block in _stream(sys.stdin.buffer, "<stdin>", size, errors):
            yield block if errors == "strict" else replace(block, errors=errors)
        return
    p = Path(path)
    if p.is_dir():
        manifest = load_manifest(p)
        if manifest is not None:
            _warn_unfinished(p, manifest.get("status"))
            for shard, data in verified_shards(p, manifest, allow_partial=allow_partial):
                yield from shard_blocks(str(shard), data, size)
            return
        for f in folder_files(p, allow_partial):  # JSONL files, each read as one file is
            yield from file_blocks(str(f), size)
        return
    if not p.exists():
        raise InputError("no such file or directory", path=path)
    yield from file_blocks(path, size)




def file_blocks(path: str, size: int = BLOCK_BYTES) -> Iterator[LineBlock]:
    """One file's records as blocks (named `path`, as given): JSON lines as read, other
    formats record by record."""
    p = Path(path)
    lowered = p.name.lower().removesuffix(".gz")
    if lowered.endswith((".parquet", ".csv", ".tsv")):
        yield from _records(path, size)
        return
    try:
        with (gzip.open(p, "rb") if p.suffix == ".gz" else p.open("rb")) as f:
            yield from _stream(f, path, size)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"is not a readable gzip file ({e})", path=path) from None


def shard_blocks(name: str, data: bytes, size: int = BLOCK_BYTES) -> Iterator[LineBlock]:
    """A verified shard's records as blocks, from the bytes that were verified."""
    if name.endswith(".gz"):
        data = _gunzip(data, name)
    yield from _bytes(data, name, size)


def _gunzip(data: bytes, name: str) -> bytes:
    try:
        return gzip.decompress(data)
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"is not a readable gzip file ({e})", path=name) from None


def _bytes(data: bytes, name: str, size: int) -> Iterator[LineBlock]:
    import io

    yield from _stream(io.BytesIO(data), name, size)


def _stream(f: IO[bytes], name: str, size: int, errors: str = "strict"
            ) -> Iterator[LineBlock]:
    """JSON lines from a byte stream; a JSON document (an array, or one object spread over
    lines) is read whole and handed on record by record, as `read_records` reads it. Bytes
    that are not UTF-8 decode by `errors` (stdin's: as sys.stdin decodes them)."""
    start = _Head(f)
    line, blank = start.line(), 0
    if line.startswith(_BOM):
        line = line[len(_BOM) :]
    while line and not line.strip():
        blank += 1
        line = start.line()
    if not line:
        return
    head = line.lstrip()
    if head.startswith(b"[") or (head.startswith(b"{") and not _parses(line, errors)):
        # One JSON document, as _read_text_stream reads it: not one object per line.
        text = _text(line + start.rest + f.read(), name, errors)
        yield from _chunks(((r, loc.path, loc.line) for r, loc in
                            _json_document(text, name, line_offset=blank if
                                           head.startswith(b"{") else 0,
                                           lines_first=head.startswith(b"{"))), name, size)
        return
    first = blank + 1  # the line number of `line`
    count = 0  # blocks of this file so far
    pending = line + start.rest
    while True:
        chunk = f.read(size)
        if not chunk:
            block, pending = pending, b""
        elif cut := chunk.rfind(b"\n") + 1:
            # The lines up to the chunk's last newline: pending + chunk[:cut], copied once
            # (not at all when nothing is pending).
            block = (b"".join((pending, memoryview(chunk)[:cut])) if pending
                     else chunk if cut == len(chunk) else chunk[:cut])
            pending = chunk[cut:]
        else:  # no newline in the chunk: the lines up to pending's last one
            cut = pending.rfind(b"\n") + 1
            block, pending = pending[:cut], pending[cut:] + chunk
        if block:
            if b"\r" in block:  # text mode reads \r\n and a lone \r as \n
                block = block.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            yield LineBlock(name, first if count == 0 else None, block)
            count += 1
        if not chunk:
            return


class _Head:
    """The first lines of a byte stream as text mode reads them (`\r\n` and a lone `\r`
    end a line too); `rest`: what was read past the last line taken, already translated."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.rest = b""

    def line(self) -> bytes:
        while b"\n" not in self.rest:
            chunk = self.f.readline()
            if not chunk:
                break
            if b"\r" in chunk:
                chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
            self.rest += chunk
        cut = self.rest.find(b"\n") + 1 or len(self.rest)
        line, self.rest = self.rest[:cut], self.rest[cut:]
        return line


def _parses(line: bytes, errors: str = "strict") -> bool:
    """Whether the first line is a JSON value (nested too deep counts: read_records reports
    that on its line, not as a document; so does a line that is not UTF-8, whose error
    BlockReader gives as read_records does)."""
    try:
        text = line.decode("utf-8", errors)
    except UnicodeDecodeError:
        return True
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return False
    except (ValueError, RecursionError):
        return True  # (a number too long: an error of this line, as read_records says)
    return True


def _text(data: bytes, name: str, errors: str = "strict") -> str:
    try:
        return data.decode("utf-8", errors)
    except UnicodeDecodeError as e:
        raise InputError(f"is not UTF-8 text ({e.reason})", path=name) from None


def _records(path: str, size: int) -> Iterator[LineBlock]:
    """Records of a format other than JSON lines, read by `read_records`' own reader."""
    yield from _chunks(((r, loc.path, loc.line) for r, loc in _read_one(path)), path, size)


def _chunks(records: Iterator[tuple[dict, str, int | None]], name: str,
            size: int) -> Iterator[LineBlock]:
    lines: list[bytes] = []
    where: list[tuple[str, int | None]] = []
    total = 0
    for record, path, line in records:
        data = dump_line(record).encode("utf-8")
        lines.append(data)
        where.append((path, line))
        total += len(data)
        if total >= size:
            yield LineBlock(name, None, b"".join(lines), tuple(where))
            lines, where, total = [], [], 0
    if lines:
        yield LineBlock(name, None, b"".join(lines), tuple(where))


class BlockReader:
    """The records of a file's blocks, parsed and located as `read_records` would: each with
    its `Location` and its line's bytes (without the newline). Lines are numbered in the
    file when its blocks come in order through one reader, from the block's own first line
    (1 when unknown) otherwise; `lines` is the last block's count of lines."""

    def __init__(self) -> None:
        self.next_line: dict[str, int] = {}
        self.lines = 0

    def records(self, block: LineBlock, limit: int | None = None
                ) -> Iterator[tuple[dict[str, Any], Location, bytes]]:
        raw = block.data.split(b"\n")
        if raw and raw[-1] == b"":
            raw.pop()
        self.lines = len(raw)
        base = block.start if block.start is not None else self.next_line.get(block.path, 1)
        self.next_line[block.path] = base + len(raw)
        ended = block.data.endswith(b"\n")
        count = 0
        # A line handed on is UTF-8: bytes that are not (stdin's, read as surrogates, as
        # sys.stdin reads them) make its record's line written anew, the surrogates escaped.
        rewrite = False
        try:  # the block decoded at once (no UTF-8 character holds a newline byte)
            texts: list[str] | None = block.data.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            texts = None  # each line decoded on its own: the error names its line's file
            rewrite = block.errors != "strict"
        for k, data in enumerate(raw):
            if block.where is not None:
                path, line = block.where[k]
            else:
                path, line = block.path, base + k
            if texts is not None:
                text = texts[k]
            else:
                try:
                    text = data.decode("utf-8", block.errors)
                except UnicodeDecodeError as e:
                    raise InputError(f"is not UTF-8 text ({e.reason})", path=path) from None
            if not text or text.isspace():  # blank (strip would copy the line)
                continue
            # read_records parses each line with its newline (a broken line's message says so)
            seen = _REPEATS.count
            record = parsed(text, path, line, ended or k + 1 < len(raw))
            # A line is handed on as read unless it must be written anew: bytes that are not
            # UTF-8, or a key given twice in one object (JSON keeps the last; pyarrow, and so
            # `datasets`, refuses the line).
            if (rewrite and not _utf8(data)) or _REPEATS.count != seen:
                data = dump_line(record)[:-1].encode("utf-8")
            yield record, Location(path, line), data
            count += 1
            if limit is not None and count >= limit:
                return

    def block(self, block: LineBlock) -> tuple[list[dict[str, Any]], list[bytes], list[int]] | None:
        """A block's records all at once, when every line is a JSON object (blank lines
        skipped): (records, their lines' bytes, their line numbers), numbered as `records`
        numbers them. None, with this reader unchanged, when a line is not (an error, or a
        form only `records` reads): read the block with `records` then, which raises the
        error of the first bad line, in order."""
        if block.where is not None:
            return None
        try:  # strictly: a line that is not UTF-8 is written anew by `records`
            text = block.data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        raw = block.data.split(b"\n")
        if raw[-1] == b"":
            raw.pop()
        base = block.start if block.start is not None else self.next_line.get(block.path, 1)
        scan = _SCAN
        repeats = _REPEATS.count
        records: list[dict[str, Any]] = []
        # Each line parsed where it stands in the block's text (no copy of it as a string of
        # its own), as json.loads parses a line that is only JSON: an object, then the
        # newline or the block's end.
        pos, size = 0, len(text)
        try:
            while pos < size:
                obj, end = scan(text, pos)
                if type(obj) is not dict or end < size and text[end] != "\n":
                    raise ValueError
                records.append(obj)
                pos = end + 1
        except (StopIteration, ValueError, RecursionError):
            # Blank lines, space around the object, errors: as `records` reads them.
            return None
        # An object written across lines (a newline between its tokens) took several: read
        # them with `records`, which says which line is not JSON by itself.
        if len(records) != len(raw) or _REPEATS.count != repeats:
            return None  # (a key given twice: `records` writes its line anew)
        self.lines = len(raw)
        self.next_line[block.path] = base + len(raw)
        return records, raw, list(range(base, base + len(raw)))


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class _Repeats(threading.local):
    """json's hook for each object read (`_DECODER`): the object as json.loads makes it
    (of a key given twice, the last value), counting per thread the objects with a key
    given twice; about 0.6 us a trace over json.loads."""

    count = 0

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            self.count += 1
        return obj


_REPEATS = _Repeats()
_DECODER = json.JSONDecoder(object_pairs_hook=_REPEATS, **STRICT_HOOKS)

# json.loads' own scanner (the C one), called on each line without json.loads' checks for
# space before and after: a line that has any goes the way `parsed` reads it.
_SCAN = json.JSONDecoder(object_pairs_hook=_REPEATS, **STRICT_HOOKS).scan_once


def parsed(text: str, path: str, line: int | None, ended: bool = True) -> dict[str, Any]:
    """One JSON line as `read_records` parses it, with its errors (`ended`: the line had a
    newline, which read_records parses with it)."""
    try:
        obj = _DECODER.decode(text)
    except RecursionError:
        raise too_deep(text + "\n" * ended, path, line or 1) from None
    except json.JSONDecodeError:
        try:
            json.loads(text + "\n" * ended)  # the same error, as read_records words it
        except json.JSONDecodeError as e:
            raise InputError(f"not valid JSON ({e.msg} at column {e.colno})", path=path,
                             line=line, fix="each line must be one JSON object") from None
        raise
    except ValueError as e:  # a number JSON has no value for (readers.STRICT)
        raise number_error(e, text, path, line) from None
    if not isinstance(obj, dict):
        raise InputError(f"expected a JSON object, got {type(obj).__name__}", path=path,
                         line=line)
    return obj


__all__ = ["BLOCK_BYTES", "BlockReader", "LineBlock", "file_blocks", "folder_files",
           "line_blocks", "parsed", "shard_blocks"]
