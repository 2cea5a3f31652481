"""Corrupt finished runs every way a disk, a script or a person might, and see whether every
command that reads them notices.

    python bench/tamper.py

A finished `star check` run (6 shards of traces) is copied once per tampering; each copy is
read by `star check`, `star filter`, `star pairs`, `star select` and `star status --verify`.
Caught: the command exits 2 naming the damaged file (or, for `status`, reports it). Missed:
it exits 0 as if nothing happened. Target (issue 20): every one caught.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def traces(n: int) -> list[dict]:
    out = []
    for k in range(n):
        for s in range(4):
            answer = 3 * k + 1 + (s % 2)
            out.append({
                "id": f"p{k}/generate/it0/s{s}", "problem_id": f"p{k}",
                "question": f"What is {k} + {2 * k + 1}?", "choices": None,
                "gold": str(3 * k + 1), "prompt": f"Q: What is {k} + {2 * k + 1}?\nA:",
                "completion": f"{k} + {2 * k + 1} = {answer}. The answer is {answer}.",
                "source": "generate", "iteration": 0, "sample": s, "model": "m",
                "sampling": {}, "finish_reason": "stop", "tokens": 12})
    return out


def star(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "star_cli", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def shards(out: Path) -> list[Path]:
    return sorted((out / "data").glob("*.jsonl"))


def delete(out: Path) -> None:
    shards(out)[2].unlink()


def truncate_line(out: Path) -> None:
    f = shards(out)[1]
    lines = f.read_bytes().splitlines(keepends=True)
    f.write_bytes(b"".join(lines[:-1]))


def truncate_mid(out: Path) -> None:
    f = shards(out)[1]
    f.write_bytes(f.read_bytes()[:-17])


def edit_same_size(out: Path) -> None:
    """A digit of an answer changed: same size, same line count."""
    f = shards(out)[3]
    data = bytearray(f.read_bytes())
    at = data.index(b'"answer": "') + len(b'"answer": "')
    data[at] = ord("9") if data[at] != ord("9") else ord("8")
    f.write_bytes(bytes(data))


def edit_line(out: Path) -> None:
    f = shards(out)[0]
    lines = f.read_text().splitlines(keepends=True)
    record = json.loads(lines[0])
    record["correct"] = not record["correct"]
    lines[0] = json.dumps(record, ensure_ascii=False) + "\n"
    f.write_text("".join(lines))


def append_line(out: Path) -> None:
    f = shards(out)[4]
    first = f.read_text().splitlines()[0]
    with f.open("a") as fh:
        fh.write(first + "\n")


def empty(out: Path) -> None:
    shards(out)[5].write_bytes(b"")


def stray(out: Path) -> None:
    shutil.copy(shards(out)[0], out / "data" / "extra.jsonl")


def swap(out: Path) -> None:
    a, b = shards(out)[0], shards(out)[1]
    tmp = a.read_bytes()
    a.write_bytes(b.read_bytes())
    b.write_bytes(tmp)


def newer_schema(out: Path) -> None:
    m = json.loads((out / "manifest.json").read_text())
    m["schema_version"] = 99
    (out / "manifest.json").write_text(json.dumps(m))


def manifest_count(out: Path) -> None:
    m = json.loads((out / "manifest.json").read_text())
    m["shards"][0]["records"] += 1
    (out / "manifest.json").write_text(json.dumps(m))


def no_manifest(out: Path) -> None:
    """The manifest deleted and a shard changed: the ranks' parts still say what was there."""
    (out / "manifest.json").unlink()
    edit_line(out)


TAMPERINGS: dict[str, Callable[[Path], None]] = {
    "shard deleted": delete,
    "shard cut at a line": truncate_line,
    "shard cut mid-line": truncate_mid,
    "a digit edited (same size)": edit_same_size,
    "a line edited": edit_line,
    "a line appended": append_line,
    "shard emptied": empty,
    "stray .jsonl in data/": stray,
    "two shards swapped": swap,
    "schema_version 99": newer_schema,
    "manifest count edited": manifest_count,
    "manifest deleted, shard edited": no_manifest,
}

READERS: dict[str, list[str]] = {
    "check": ["check", "--checker", "numeric", "-o", "-"],
    "filter": ["filter", "-o", "-"],
    "pairs": ["pairs", "-o", "-"],
    "select": ["select", "--by", "majority", "-o", "-"],
    "status --verify": ["status", "--verify"],
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        src = root / "traces.jsonl"
        src.write_text("".join(json.dumps(t) + "\n" for t in traces(30)))
        base = root / "run"
        made = star("check", str(src), "--task", "gsm8k", "-o", str(base), "--shard-size", "20")
        assert made.returncode == 0, made.stderr
        assert len(shards(base)) == 6
        for name, args in READERS.items():  # the untouched run reads cleanly
            ok = star(*args[:1], str(base), *args[1:])
            assert ok.returncode == 0, (name, ok.stderr)
        width = max(map(len, TAMPERINGS))
        print(f"{'tampering':<{width}}  " + "  ".join(f"{r:>15}" for r in READERS))
        caught = total = 0
        for tamper_name, tamper in TAMPERINGS.items():
            cells = []
            for _reader, args in READERS.items():
                copy = root / "copy"
                shutil.rmtree(copy, ignore_errors=True)
                shutil.copytree(base, copy)
                tamper(copy)
                result = star(*args[:1], str(copy), *args[1:])
                hit = result.returncode == 2
                caught += hit
                total += 1
                cells.append("caught" if hit else f"MISSED({result.returncode})")
            print(f"{tamper_name:<{width}}  " + "  ".join(f"{c:>15}" for c in cells))
        print(f"\n{caught}/{total} caught (target: all)")


if __name__ == "__main__":
    main()
