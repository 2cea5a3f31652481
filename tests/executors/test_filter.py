"""`star filter --num-shards N`: reading, quality rules and MinHash signatures in N ranks
(local processes), the dedup decision in one process over signatures: the same shards,
stats and input digest as one process, the same errors, and each resumes the other's OUT."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.errors import InputError, StarError
from star_cli.executors.filter import assign, filter_ranks, plan_units
from star_cli.steps.filter import FilterConfig, FilterRun
from tests.conftest import write_jsonl

WORDS = [f"w{i}" for i in range(30)]


def traces(problems: int = 30, samples: int = 6, seed: int = 7) -> list[dict]:
    """Correct traces whose rationales are near copies of each other within a problem, as
    sampled rationales often are: some exact repeats (up to case and spacing), some near."""
    rng = random.Random(seed)
    rows = []
    for p in range(problems):
        base = [rng.choice(WORDS) for _ in range(24)]
        for s in range(samples):
            words = list(base)
            for _ in range(rng.choice([0, 0, 1, 3, 8])):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            text = " ".join(words) + f". The answer is {p}."
            if s == 5:
                text = text.upper()  # an exact duplicate of some other, up to case
            rows.append({"id": f"p{p}/generate/it0/s{s}", "problem_id": f"p{p}",
                         "question": f"q{p}", "gold": str(p), "prompt": f"Q: q{p}\nA:",
                         "completion": text, "rationale": text, "answer": str(p),
                         "correct": s != 4, "finish_reason": "stop", "source": "generate",
                         "iteration": 0, "sample": s})
    rng.shuffle(rows)
    return rows


def shards(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((out / "data").glob("*.jsonl"))}


def stats(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text())
    s = manifest["stats"]
    s.pop("seconds")
    for step in s["steps"]:
        step.pop("seconds")
    return {"stats": s, "digest": manifest["scope"]["input_digest"],
            "config": manifest["config"]}


@pytest.fixture
def inputs(tmp_path: Path) -> list[Path]:
    rows = traces()
    return [write_jsonl(tmp_path / "a.jsonl", rows[:100]),
            write_jsonl(tmp_path / "b.jsonl", rows[100:])]


@pytest.mark.parametrize("options", [
    ["--dedup", "minhash", "--threshold", "0.7"],
    ["--dedup", "minhash", "--threshold", "0.5", "--diversity", "equations",
     "--max-per-problem", "2", "--max-total", "40", "--format", "messages"],
    ["--no-correct", "--dedup", "exact"],
])
def test_ranks_write_what_one_process_writes(runner, inputs, tmp_path, options):
    one, ranked = tmp_path / "one", tmp_path / "ranked"
    base = ["filter", *map(str, inputs), "-q", "--shard-size", "17", *options]
    assert runner.invoke(app, [*base, "-o", str(one)]).exit_code == 0
    result = runner.invoke(app, [*base, "-o", str(ranked), "--num-shards", "3"])
    assert result.exit_code == 0, result.output
    assert shards(ranked) == shards(one) and shards(one)
    assert stats(ranked) == stats(one)
    dropped = {r: n for s in stats(one)["stats"]["steps"] for r, n in s["dropped"].items()}
    assert dropped.get("exact_duplicate") or dropped.get("near_duplicate")
    # each resumes the other's OUT: nothing left to write, nothing rewritten
    again = runner.invoke(app, [*base, "-o", str(ranked)])
    assert again.exit_code == 0 and shards(ranked) == shards(one)


def test_byte_ranges_of_one_file_and_their_line_numbers(tmp_path):
    rows = traces()
    src = write_jsonl(tmp_path / "all.jsonl", rows)
    units = plan_units([str(src)], 4, split_bytes=2000)
    assert [u.kind for u in units] == ["range"] * 4
    assert sum(len(r) for r in assign(units, 4)) == 4
    config = FilterConfig(dedup="minhash", threshold=0.6)
    one, ranked = tmp_path / "one", tmp_path / "ranked"
    FilterRun([str(src)], str(one), config, argv=[]).execute()
    filter_ranks(FilterRun([str(src)], str(ranked), config, argv=[]), 4, split_bytes=2000)
    assert shards(ranked) == shards(one) and stats(ranked) == stats(one)
    # a bad line deep in the file is named by its line, as one process names it
    lines = src.read_text().splitlines(keepends=True)
    lines[150] = '{"id": "x", "problem_id": 3}\n'
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines))
    with pytest.raises(InputError) as single:
        FilterRun([str(bad)], str(tmp_path / "o1"), config, argv=[]).execute()
    with pytest.raises(StarError) as split:
        filter_ranks(FilterRun([str(bad)], str(tmp_path / "o2"), config, argv=[]), 4,
                     split_bytes=2000)
    assert str(split.value) == str(single.value) and ":151:" in str(single.value)
    assert not (tmp_path / "o2").exists()


def test_a_trace_given_twice_across_ranks_is_named(runner, inputs, tmp_path):
    again = write_jsonl(tmp_path / "c.jsonl", [json.loads(inputs[0].read_text().splitlines()[5])])
    base = ["filter", *map(str, inputs), str(again), "-q"]
    one = runner.invoke(app, [*base, "-o", str(tmp_path / "one")])
    ranked = runner.invoke(app, [*base, "-o", str(tmp_path / "ranked"), "--num-shards", "3"])
    assert one.exit_code == ranked.exit_code == 2
    assert "given twice" in one.output and ranked.output == one.output
    assert not (tmp_path / "ranked").exists()


def test_explain_stays_in_one_process(runner, inputs, tmp_path):
    result = runner.invoke(app, ["filter", *map(str, inputs), "-o", str(tmp_path / "o"),
                                 "--explain", "--num-shards", "2"])
    assert result.exit_code == 2 and "--explain" in result.output


def test_byte_ranges_cover_each_line_once(tmp_path):
    """Whatever the cut points (a newline just before one, a line across it, CRLF, a BOM, a
    blank line, no newline at the end), the ranges' lines are the file's, each once, with
    its number in the file and its bytes as one process reads them."""
    from star_cli.executors.filter import unit_blocks
    from star_cli.io.lines import BlockReader, line_blocks

    rows = [json.dumps({"id": f"t{k}", "x": "y" * (k % 7)}) for k in range(40)]
    text = "\ufeff" + "\r\n".join(rows[:10]) + "\r\n\n" + "\n".join(rows[10:])
    src = tmp_path / "t.jsonl"
    src.write_bytes(text.encode())

    def read(blocks):
        reader = BlockReader()
        return [(loc.line, line) for block in blocks for _, loc, line in reader.records(block)]

    want = read(line_blocks([str(src)]))
    assert len(want) == 40 and want[10][0] == 12
    for split in (1, 7, 30, 31, 32, 33, 100, 1000):
        units = plan_units([str(src)], 8, split_bytes=split)
        got = []
        for unit in units:
            got += read(unit_blocks(unit, False))
        assert got == want, split
