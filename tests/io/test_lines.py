"""io/lines.py: blocks of raw JSON lines read as `read_records` reads the same input."""

from __future__ import annotations

import io
import json
import sys

import pytest

from star_cli.io.lines import BlockReader, line_blocks
from star_cli.io.readers import read_records

BAD = "The answer is 1 \udcff."  # a byte that is not UTF-8, as surrogateescape reads it
ROWS = [{"id": "a", "problem_id": "a", "completion": BAD},
        {"id": "b", "problem_id": "b", "completion": "The answer is 1."}]


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    """Standard input as Python opens it under a C or C.UTF-8 locale."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8",
                                                       errors="surrogateescape"))


def _bytes(rows: list[dict]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogateescape")
                    + b"\n" for r in rows)


@pytest.mark.parametrize("rows", [ROWS, ROWS[::-1]], ids=["first line", "later line"])
def test_stdin_bytes_that_are_not_utf8_read_as_sys_stdin_reads_them(monkeypatch, rows):
    data = _bytes(rows)
    _stdin(monkeypatch, data)
    want = [(r, loc.line) for r, loc in read_records(["-"])]
    assert [r for r, _ in want] == rows
    _stdin(monkeypatch, data)
    reader = BlockReader()
    got = [(r, loc.line, line) for b in line_blocks(["-"]) for r, loc, line in reader.records(b)]
    assert [(r, n) for r, n, _ in got] == want
    for record, _, line in got:  # the line handed on is valid UTF-8 JSON of the record
        assert json.loads(line.decode("utf-8")) == record


def test_filter_never_writes_bytes_that_are_not_utf8(tmp_path):
    """A trace of stdin holding a byte that is not UTF-8 passes through star filter as JSON
    star (and datasets) can read back: the byte as its escaped surrogate, never raw."""
    import subprocess

    rows = [{**r, "correct": True} for r in ROWS[::-1]]
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "star_cli", "filter", "-", "-o", str(out)],
                          input=_bytes(rows), capture_output=True, timeout=120,
                          env={**__import__("os").environ, "LC_ALL": "C.UTF-8"})
    assert proc.returncode == 0, proc.stderr.decode()
    got = [r for r, _ in read_records([str(out)])]
    assert sorted(r["id"] for r in got) == ["a", "b"]
    assert next(r for r in got if r["id"] == "a")["completion"] == BAD


_ODD_BLOCKS = {
    "plain lines": b'{"a": 1}\n{"b": 2}\n',
    "no final newline": b'{"a": 1}\n{"b": 2}',
    "object across lines": b'{"a":\n1}\n{"b": 2}\n',
    "two objects on a line": b'{"a": 1}{"b": 2}\n',
    "space after an object": b'{"a": 1} \n{"b": 2}\n',
    "crlf": b'{"a": 1}\r\n{"b": 2}\r\n',
    "blank line": b'{"a": 1}\n\n{"b": 2}\n',
    "a list": b'{"a": 1}\n[1]\n',
    "a key twice": b'{"a": 1, "a": 2}\n',
    "line separator in a string": '{"a": "x\u2028y"}\n{"b": 2}\n'.encode(),
    # numbers JSON holds no value for: refused by both readers, on their line
    "NaN": b'{"a": 1}\n{"b": NaN}\n',
    "past a double": b'{"a": 1}\n{"b": -1e999}\n',
    "an integer of 5,000 digits": b'{"a": 1}\n{"b": ' + b"7" * 5000 + b'}\n',
    "a broken first line": b'{"a": \n{"b": 2}\n{"c": 3}\n',
}


@pytest.mark.parametrize("data", _ODD_BLOCKS.values(), ids=_ODD_BLOCKS.keys())
def test_a_block_read_whole_gives_what_reading_line_by_line_gives(tmp_path, data):
    """`BlockReader.block` parses a block's lines where they stand in its text; any line
    that is not one JSON object alone sends the block to the line-by-line reader, so the
    records (or the error) are those `read_records` gives."""
    path = tmp_path / "t.jsonl"
    path.write_bytes(data)
    try:
        want: list | str = [(r, loc.line) for r, loc in read_records([str(path)])]
    except Exception as e:  # noqa: BLE001 - the error is what must match
        want = str(e)
    reader = BlockReader()
    try:
        got: list | str = []
        for b in line_blocks([str(path)]):
            if (parsed := reader.block(b)) is None:
                got += [(r, loc.line) for r, loc, _ in BlockReader().records(b)]
            else:
                records, lines, numbers = parsed
                assert [json.loads(x) for x in lines] == records
                got += list(zip(records, numbers, strict=True))
    except Exception as e:  # noqa: BLE001
        got = str(e)
    assert got == want
