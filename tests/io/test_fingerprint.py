"""Resume knows its input: a rerun whose input changed since refuses, naming the file and
how; rows appended or shards added are read, as scope; --verify-input compares whole files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.io.fingerprint import BLOCK, change, fingerprint
from tests.conftest import make_trace, write_jsonl


def rows(n: int, start: int = 0) -> list[dict]:
    return [make_trace(problem_id=f"p{k}", sample=0, gold="3",
                       completion=f"Line {k}. The answer is 3.") for k in range(start, start + n)]


def check(runner, src: Path, out: Path, *extra: str):
    return runner.invoke(app, ["check", str(src), "--task", "gsm8k", "-o", str(out), "-q",
                               *extra])


def test_appended_rows_are_scope_a_changed_file_is_refused(runner, tmp_path):
    src, out = write_jsonl(tmp_path / "t.jsonl", rows(5)), tmp_path / "out"
    assert check(runner, src, out).exit_code == 0
    with src.open("a") as f:  # appended: read on the rerun
        f.write("".join(json.dumps(r) + "\n" for r in rows(2, start=5)))
    again = check(runner, src, out)
    assert again.exit_code == 0, again.output
    write_jsonl(src, rows(7)[:6])  # shorter now
    r = check(runner, src, out)
    assert r.exit_code == 2 and "has changed since" not in r.stderr
    assert f"{src} is shorter" in " ".join(r.stderr.split())
    changed = rows(7)
    changed[0]["gold"] = "4"
    write_jsonl(src, changed)
    r = check(runner, src, out)
    assert r.exit_code == 2 and f"{src} changed at its start" in " ".join(r.stderr.split())
    assert check(runner, src, out, "--overwrite").exit_code == 0


def test_a_star_directory_input_is_known_by_its_shards(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", rows(6))
    first = tmp_path / "first"
    assert check(runner, src, first).exit_code == 0
    out = tmp_path / "out"
    r = runner.invoke(app, ["filter", str(first), "-o", str(out), "-q"])
    assert r.exit_code == 0, r.output
    assert check(runner, src, first, "--overwrite").exit_code == 0  # same content again
    assert runner.invoke(app, ["filter", str(first), "-o", str(out), "-q"]).exit_code == 0
    write_jsonl(src, [{**r, "gold": "4"} for r in rows(6)])
    assert check(runner, src, first, "--overwrite").exit_code == 0  # other verdicts now
    r = runner.invoke(app, ["filter", str(first), "-o", str(out), "-q"])
    assert r.exit_code == 2 and "changed" in r.stderr


def test_verify_input_sees_a_change_in_the_middle(tmp_path):
    """Size, first and last block miss an edit in the middle of a large file; the whole
    file's hash does not."""
    path = tmp_path / "big.jsonl"
    body = bytearray(b"x" * (4 * BLOCK) + b"\n")
    path.write_bytes(bytes(body))
    quick, full = fingerprint(str(path)), fingerprint(str(path), full=True)
    body[2 * BLOCK] = ord("y")
    path.write_bytes(bytes(body))
    assert change(str(path), quick) is None
    assert change(str(path), full, full=True) is not None


@pytest.mark.parametrize("grown", [b"", b"more\n"])
def test_unchanged_or_grown_files_are_the_same_input(tmp_path, grown):
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"a\n" * 100)
    before = fingerprint(str(path))
    path.write_bytes(b"a\n" * 100 + grown)
    assert change(str(path), before) is None
