"""Input readers: every format, and bad files reported by file and line."""

from __future__ import annotations

import gzip
import json

import pytest

from star_cli.errors import InputError
from star_cli.io.readers import read_records

ROW = {"question": "What is 1 + 2?", "answer": "#### 3"}


def records(path) -> list:
    return list(read_records([str(path)]))


def test_leading_blank_lines_keep_line_numbers_right(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("\n\n" + json.dumps(ROW) + "\n{bad\n")
    with pytest.raises(InputError, match=r"p\.jsonl:4: not valid JSON"):
        records(path)


@pytest.mark.parametrize(("text", "said"), [
    ('{"a": 1}\n{"b": NaN}\n',
     r"p\.jsonl:2: field 'b': not valid JSON \(NaN is no JSON number\)"),
    ('{"a": -Infinity}\n', r"p\.jsonl:1: field 'a': not valid JSON \(-Infinity is no JSON"),
    ('{"a": 1}\n{"b": [1e999]}\n', r"p\.jsonl:2: not valid JSON \(1e999 is beyond"),
    ('{"a": ' + "9" * 4301 + "}\n",
     r"p\.jsonl:1: field 'a': not valid JSON \(an integer of more than 4,300 digits\)"),
    # a first line cut off, then whole lines: JSON lines whose first is broken, not one
    # document broken at its third line
    ('{"a": "x\n{"b": 2}\n{"c": 3}\n', r"p\.jsonl:1: not valid JSON"),
    ('{\n  "a": 1,\n  "b": \n}\n', r"p\.jsonl:4: not valid JSON"),
])
def test_numbers_json_holds_no_value_for_and_broken_first_lines(tmp_path, text, said):
    path = tmp_path / "p.jsonl"
    path.write_text(text)
    with pytest.raises(InputError, match=said):
        records(path)


def test_first_record_line_number(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("\n" + json.dumps(ROW) + "\n")
    assert records(path)[0][1].line == 2


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_byte_order_mark_is_ignored(tmp_path, suffix):
    path = tmp_path / f"p{suffix}"
    body = json.dumps(ROW) + "\n" if suffix == ".jsonl" else "question,answer\nq,#### 3\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    rec, _ = records(path)[0]
    assert "question" in rec


def test_json_array_items_are_named_by_index(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps([ROW, 5]))
    with pytest.raises(InputError, match=r"p\.json\[1\]: expected a JSON object"):
        records(path)


def test_pretty_printed_object_in_gz_and_wrappers(tmp_path):
    path = tmp_path / "p.json.gz"
    with gzip.open(path, "wt") as f:
        json.dump({"data": [ROW, ROW]}, f, indent=2)
    assert len(records(path)) == 2


def test_csv_gz(tmp_path):
    path = tmp_path / "p.csv.gz"
    with gzip.open(path, "wt") as f:
        f.write("question,answer\nq,#### 3\n")
    assert records(path)[0][0] == {"question": "q", "answer": "#### 3"}


def test_csv_row_with_extra_cells(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("question,answer\nq,#### 3\nq2,#### 4,extra\n")
    with pytest.raises(InputError, match=r"p\.csv:3: has more cells"):
        records(path)


def test_csv_not_utf8(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"question,answer\n\xff\xfe,1\n")
    with pytest.raises(InputError, match="is not UTF-8"):
        records(path)


def test_fake_gzip(tmp_path):
    path = tmp_path / "p.jsonl.gz"
    path.write_text("not gzip at all")
    with pytest.raises(InputError, match="not a readable gzip file"):
        records(path)


def test_stdin_json_object(monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"data": [ROW]}, indent=2)))
    assert len(list(read_records(["-"]))) == 1
