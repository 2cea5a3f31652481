"""Read input records from JSONL, JSON, Parquet, CSV, shard directories, stdin or a HF dataset.

Every reader yields `(record, Location)` so that a bad record can be reported by file and line.
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import json
import logging
import re
import sys
import zlib
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from star_cli.errors import InputError, UsageError
from star_cli.io.digests import digest as id_digest
from star_cli.io.verify import load_manifest, verified_shards
from star_cli.records import Location

log = logging.getLogger("star_cli")

Record = dict[str, Any]
STDIN = "-"


def read_records(paths: Sequence[str], *, allow_partial: bool = False
                 ) -> Iterator[tuple[Record, Location]]:
    """Records from each path in turn; `-` is standard input (JSONL or a JSON array). A star
    output directory is verified against its manifest first (io/verify.py); with
    `allow_partial` only its shards that verify are read, the others named on stderr."""
    for path in paths:
        count = 0
        for item in _read_one(path, allow_partial):
            count += 1
            yield item
        if count == 0 and not _is_star_output(path):
            raise InputError(
                "is empty: no records found", path=_name(path), fix="check the file or the filter"
            )


def _name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def _read_one(path: str, allow_partial: bool = False) -> Iterator[tuple[Record, Location]]:
    if path == STDIN:
        try:
            yield from _read_text_stream(sys.stdin, "<stdin>")
        except UnicodeDecodeError as e:
            raise InputError(f"is not UTF-8 text ({e.reason})", path="<stdin>") from None
        return
    p = Path(path)
    if p.is_dir():
        yield from _read_directory(p, allow_partial)
        return
    if not p.exists():
        raise InputError("no such file or directory", path=path)
    name = p.name.lower().removesuffix(".gz")
    try:
        if name.endswith(".parquet"):
            yield from _read_parquet(p)
        elif name.endswith((".csv", ".tsv")):
            with _open_text(p, newline="") as f:
                yield from _read_csv(f, path, "\t" if name.endswith(".tsv") else ",")
        else:
            with _open_text(p) as f:
                yield from _read_text_stream(f, path)
    except UnicodeDecodeError as e:
        raise InputError(f"is not UTF-8 text ({e.reason})", path=path) from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as e:
        raise InputError(f"is not a readable gzip file ({e})", path=path) from None


def _open_text(p: Path, newline: str | None = None) -> IO[str]:
    # utf-8-sig: files saved by Excel and some editors start with a byte-order mark.
    if p.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(p, "rb"), encoding="utf-8-sig", newline=newline)
    return p.open(encoding="utf-8-sig", newline=newline)


def _is_star_output(path: str) -> bool:
    """A star output directory may rightly be empty (a rationalize run with nothing to do)."""
    return path != STDIN and (Path(path) / "manifest.json").is_file()


def _read_directory(p: Path, allow_partial: bool = False) -> Iterator[tuple[Record, Location]]:
    """A star output directory (its data/ shards, each verified against the manifest before
    it is read) or a folder of JSONL files."""
    manifest = load_manifest(p)
    if manifest is not None:
        _warn_unfinished(p, manifest.get("status"))
        for path, data in verified_shards(p, manifest, allow_partial=allow_partial):
            yield from _read_shard(path, data)
        return
    for f in folder_files(p, allow_partial):
        with _open_text(f) as fh:
            yield from _read_text_stream(fh, str(f))


def folder_files(p: Path, allow_partial: bool = False) -> list[Path]:
    """The JSONL files of a folder that is not a star output directory (of its data/ when
    it has one), sorted, as `read_records` reads them. star's own shards with neither
    manifest nor parts to verify them against are refused (read, said, with
    `allow_partial`)."""
    data = p / "data" if (p / "data").is_dir() else p
    files = sorted(f for f in data.iterdir() if f.name.endswith((".jsonl", ".jsonl.gz")))
    if not files:
        raise InputError("holds no .jsonl files", path=str(p))
    if data != p and all(_SHARD_NAME.fullmatch(f.name) for f in files) and (
            (p / "README.md").is_file() or any(p.glob(".lock-*"))):
        # star's own shards, with nothing left to check them against
        if not allow_partial:
            raise InputError("is a star output directory whose manifest.json and ranks/ are "
                             "gone: its shards cannot be verified", path=str(p),
                             fix="restore them from the run, or --allow-partial to read the "
                             "shards unverified")
        log.warning("%s: no manifest.json nor ranks/; its shards are read unverified "
                    "(--allow-partial)", p)
    return files


_SHARD_NAME = re.compile(r"\d{5}-\d{5}\.jsonl(?:\.gz)?")


def _read_shard(path: Path, data: bytes) -> Iterator[tuple[Record, Location]]:
    """A verified shard's records, from the bytes that were verified."""
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"is not UTF-8 text ({e.reason})", path=str(path)) from None
    yield from _read_text_stream(io.StringIO(text, newline="\n"), str(path))


def _warn_unfinished(p: Path, status: Any) -> None:
    """Reading a star output whose run is not complete is allowed (a look at a running job)
    but said: its traces are only those sealed so far."""
    if status not in (None, "complete"):
        log.warning("%s: its run is %s, not complete; reading the traces sealed so far "
                    "(rerun that command to finish it)", p, status)


def _read_text_stream(f: IO[str], name: str) -> Iterator[tuple[Record, Location]]:
    """JSONL, or a whole JSON document (an array, or one object spread over lines)."""
    blank = 0
    first = f.readline().lstrip("\ufeff")
    while first and not first.strip():
        blank += 1
        first = f.readline()
    if first.lstrip().startswith("["):
        yield from _json_document(first + f.read(), name)
        return
    yield from _jsonl(first, f, name, blank)


def _jsonl(first: str, rest: IO[str], name: str, offset: int) -> Iterator[tuple[Record, Location]]:
    lines = itertools.chain([first] if first else [], rest)
    for number, line in enumerate(lines, start=offset + 1):
        if not line.strip():
            continue
        try:
            obj = STRICT.decode(line)
        except RecursionError:
            raise too_deep(line, name, number) from None
        except json.JSONDecodeError as e:
            if number == offset + 1 and line.lstrip().startswith("{"):
                # Not one object per line: maybe one pretty-printed JSON document.
                yield from _json_document(line + rest.read(), name, line_offset=offset,
                                          lines_first=True)
                return
            raise InputError(
                f"not valid JSON ({e.msg} at column {e.colno})",
                path=name,
                line=number,
                fix="each line must be one JSON object",
            ) from None
        except ValueError as e:  # a number JSON has no value for (`STRICT`)
            raise number_error(e, line, name, number) from None
        if not isinstance(obj, dict):
            raise InputError(
                f"expected a JSON object, got {type(obj).__name__}", path=name, line=number
            )
        yield obj, Location(name, number)


def _json_document(text: str, name: str, line_offset: int = 0, lines_first: bool = False
                   ) -> Iterator[tuple[Record, Location]]:
    """The records of one JSON document (an array, an object that wraps one, or one object).
    `lines_first`: read as a document only because its first line is not JSON by itself;
    when the document is not JSON either and its next line is an object of its own, the
    text is JSON lines whose first is broken: the error is that line's."""
    try:
        data = STRICT.decode(text)
    except RecursionError:
        raise too_deep(text, name, line_offset + 1) from None
    except json.JSONDecodeError as e:
        if lines_first and (own := _broken_first_line(text)) is not None:
            raise InputError(f"not valid JSON ({own.msg} at column {own.colno})", path=name,
                             line=line_offset + 1, fix="each line must be one JSON object"
                             ) from None
        line = e.lineno + line_offset
        raise InputError(f"not valid JSON ({e.msg})", path=name, line=line) from None
    except ValueError as e:
        raise number_error(e, text, name) from None
    if isinstance(data, dict):
        # {"data": [...]} and similar wrappers: take the one list of objects inside.
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else [data]
    if not isinstance(data, list):
        raise InputError("expected a JSON array of objects", path=name)
    for i, obj in enumerate(data):
        # Items of a JSON document have no line of their own: name them by index.
        where = f"{name}[{i}]"
        if not isinstance(obj, dict):
            raise InputError(f"expected a JSON object, got {type(obj).__name__}", path=where)
        yield obj, Location(where, None)


def _broken_first_line(text: str) -> json.JSONDecodeError | None:
    """The first line's own error, when the next line that is not blank is a JSON object by
    itself (JSON lines, the first one broken); None otherwise (a document spread over lines,
    whose first line is only its opening brace)."""
    first, _, rest = text.partition("\n")
    following = next((line for line in rest.split("\n", 8)[:8] if line.strip()), "")
    try:
        if not isinstance(json.loads(following), dict):
            return None
    except (ValueError, RecursionError):
        return None
    try:
        json.loads(first)
    except json.JSONDecodeError as e:
        return e
    except (ValueError, RecursionError):
        return None
    return None


def number_error(e: ValueError, text: str, path: str, line: int | None = None) -> InputError:
    """The error for a number in `text` that parses to no JSON value (`STRICT`), naming the
    field it is the value of where one is (`"score": NaN`)."""
    if "digits" in str(e):
        why, token = "an integer of more than 4,300 digits", r"-?\d{4301,}"
    else:
        number = str(e).split(" ", 1)[0]
        why, token = str(e), re.escape(number)
    m = re.search(r'"((?:[^"\\]|\\.){1,200})"\s*:\s*' + token + r"(?![\w.])", text)
    field = m.group(1) if m is not None else None
    return InputError(f"not valid JSON ({why})", path=path, line=line, field=field,
                      fix="write numbers JSON holds: finite, and integers as strings past "
                      "4,300 digits")


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is no JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if value - value != 0:  # inf or -inf: beyond what a double holds
        raise ValueError(f"{text} is beyond the numbers JSON readers can hold")
    return value


# JSON as the standard has it: NaN and Infinity are not JSON, and a number past a double's
# range is written back as Infinity, which no reader parses. (An integer of more than
# 4,300 digits is refused by Python itself: a ValueError too.)
STRICT_HOOKS: dict[str, Any] = {"parse_constant": _no_constant, "parse_float": _finite}
STRICT = json.JSONDecoder(**STRICT_HOOKS)


def too_deep(text: str, name: str, first_line: int) -> InputError:
    """The error for JSON nested deeper than Python's parser can follow (it raises
    RecursionError near 1,000 levels): named by the line where the nesting is deepest."""
    depth, deepest, line, at = 0, 0, first_line, first_line
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, at = depth, line
        elif ch in "]}":
            depth -= 1
        if ch == "\n":
            line += 1
    return InputError(
        f"JSON nested too deeply ({deepest:,} levels of arrays and objects; the parser's limit "
        "is about 1,000)", path=name, line=at, fix="flatten or drop that field",
    )


def _read_parquet(p: Path) -> Iterator[tuple[Record, Location]]:
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(p)
    except Exception as e:  # pyarrow raises several types for a damaged file
        raise InputError(f"not a readable Parquet file ({e})", path=str(p)) from None
    row = 0
    for batch in table.iter_batches(batch_size=4096):
        for rec in batch.to_pylist():
            row += 1
            yield rec, Location(str(p), row)


def _read_csv(f: IO[str], name: str, delimiter: str) -> Iterator[tuple[Record, Location]]:
    reader = csv.DictReader(f, delimiter=delimiter)
    for rec in reader:
        # line_num counts physical lines, so quoted multi-line cells still point right.
        if None in rec:
            raise InputError(
                f"has more cells than the header's {len(reader.fieldnames or [])} columns",
                path=name, line=reader.line_num,
            )
        yield dict(rec), Location(name, reader.line_num)


def read_hf_dataset(
    name: str, config: str | None, split: str
) -> Iterator[tuple[Record, Location]]:
    """Rows of a Hugging Face dataset: a local dataset directory, or a Hub name (downloaded
    when the Hub answers, else read from the local cache; never minutes of retries)."""
    from star_cli.io.hub import prepare_dataset

    cache_only = None if Path(name).exists() else prepare_dataset(name)
    try:
        import datasets
    except ImportError:
        raise UsageError("--dataset needs the 'datasets' package: pip install datasets") from None
    try:
        ds = datasets.load_dataset(name, config, split=split)
    except Exception as e:  # offline, unknown name, bad config: all end here
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        where = (f"not in the local cache, and {cache_only} ({first})" if cache_only
                 else first)
        raise UsageError(
            f"cannot load dataset {name!r} (config {config!r}, split {split!r}): {where}. "
            "Download it where you have network and pass the files instead."
        ) from None
    if cache_only:
        log.info("%s: read dataset %s from the local cache", cache_only, name)
    where = f"{name}[{split}]"
    for i, rec in enumerate(ds, start=1):
        yield dict(rec), Location(where, i)


class UniqueIds:
    """The trace ids of one run's input (a trace without an `id` is known by a digest of its
    content), kept as 8-byte digests: a second trace with an id already read is refused,
    naming both places. The first place is found by reading the inputs again, only then.

    With `batch` (a number of traces), ids are checked a batch at a time in a compact
    numpy table (io/digests.py: about 13 bytes an id, where a Python set of ints takes
    about 70), and a repeat is raised when its batch is checked (`flush`): call `flush` once
    the last trace is added, and before raising another error met while reading, so that
    a repeat read before it is the error raised."""

    def __init__(self, inputs: Sequence[str], *, allow_partial: bool = False,
                 batch: int = 0) -> None:
        self.inputs = list(inputs)
        self.allow_partial = allow_partial
        self.seen: set[int] = set()
        self.batch = batch
        if batch:
            from star_cli.io.digests import DigestSet

            self.table = DigestSet()
            self.hashes = array("q")  # str hashes: this process's own, and cached in the id
            self.keys: list[str] = []
            self.paths: list[str] = []  # each key's place, made a Location only if needed
            self.lines: list[int | None] = []

    def add(self, record: Record, loc: Location) -> None:
        from star_cli.io.shards import trace_key

        key = record.get("id")
        if type(key) is not str:
            key = trace_key(record)
        if self.batch:
            self.hashes.append(hash(key))
            self.keys.append(key)
            self.paths.append(loc.path)
            self.lines.append(loc.line)
            if len(self.keys) >= self.batch:
                self.flush()
            return
        digest = id_digest(key)
        if digest in self.seen:
            self._repeated(key, loc)
        self.seen.add(digest)

    def add_keys(self, keys: list[str], path: str, lines: list[int]) -> None:
        """`add` for traces of one file whose keys (`io.shards.trace_key`) are known, at
        `lines` of `path`: as many ids as a batch holds at a time (needs `batch`)."""
        assert self.batch
        self.hashes.extend(map(hash, keys))
        self.keys += keys
        self.paths += [path] * len(keys)
        self.lines += lines
        if len(self.keys) >= self.batch:
            self.flush()

    def flush(self) -> None:
        """Check the batch's ids (a repeat is raised)."""
        if not self.batch or not self.keys:
            return
        import numpy as np

        digests = np.frombuffer(self.hashes, dtype=np.int64).view(np.uint64).copy()
        digests[digests == 0] = 1  # 0 marks an empty slot
        fresh = self.table.add_new(digests)
        keys, paths, lines = self.keys, self.paths, self.lines
        self.hashes, self.keys, self.paths, self.lines = array("q"), [], [], []
        for k in np.flatnonzero(~fresh).tolist():  # met before: a repeat, or two ids
            self._repeated(keys[k], Location(paths[k], lines[k]))  # of one digest

    def reread(self) -> None:
        """Read the inputs again and raise at the first repeated id (another process found
        one: this names both places as one process does)."""
        again = UniqueIds(self.inputs, allow_partial=self.allow_partial)
        for record, loc in read_records(self.inputs, allow_partial=self.allow_partial):
            again.add(record, loc)

    def _repeated(self, key: str, loc: Location) -> None:
        first = self._first(key, loc)
        if first is None:
            return  # no earlier trace has this id: two ids shared a digest
        raise InputError(f"trace id {key!r} was given twice{first}",
                         path=loc.path, line=loc.line, field="id",
                         fix="remove the repeated trace (an input given twice?)")

    def _first(self, key: str, again: Location) -> str | None:
        """Where `key` was first met, said (`""`: stdin, which cannot be read again); None
        when it is met once only (another id shared its digest)."""
        from star_cli.io.shards import trace_key

        if STDIN in self.inputs:
            return ""
        first = None
        for record, loc in read_records(self.inputs, allow_partial=self.allow_partial):
            if trace_key(record) != key:
                continue
            if first is None:
                first = loc
                continue
            if first == again:  # the first is this very line: the input was named twice
                return f" ({first.path} is given twice as input)"
            return f" (first at {first.path}:{first.line})" if first.line else \
                f" (first at {first.path})"
        return None
