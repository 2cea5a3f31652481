"""`star check`: re-judge traces, rewrite three fields, pass the rest through, resume."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from star_cli.answers import Pair, check, check_many
from star_cli.answers.batch import BatchChecker
from star_cli.answers.checker import MathChecker
from star_cli.cli import app
from tests.conftest import ABSENT, make_trace, read_jsonl, read_out, write_jsonl


def _trace(pid: str, k: int, gold: str, completion: str, **extra) -> dict:
    """A trace of an older star, judged by another checker, wrongly: `star check` gives its
    verdict anew and adds the fields it lacks."""
    return make_trace(**{"problem_id": pid, "sample": k, "question": "q", "gold": gold,
                         "prompt": "Q: q\nA:", "completion": completion, "answer": None,
                         "correct": False, "check_reason": ABSENT, "answer_source": ABSENT,
                         "thinking": ABSENT, "thinking_tokens": ABSENT, **extra})


@pytest.fixture
def traces(tmp_path: Path) -> Path:
    rows = []
    for i in range(6):
        gold = r"\frac{1}{2}" if i % 2 else r"2\sqrt{3}"
        right = r"\boxed{0.5}" if i % 2 else r"\boxed{\sqrt{12}}"
        rows += [_trace(f"p{i}", 0, gold, f"so {right}.", my_field={"i": i}),
                 _trace(f"p{i}", 1, gold, r"so \boxed{7}."),
                 _trace(f"p{i}", 2, gold, "I do not know.")]
    return write_jsonl(tmp_path / "traces.jsonl", rows)


def test_check_rewrites_three_fields_and_passes_the_rest(runner, traces, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["check", str(traces), "-o", str(out), "--task", "math"])
    assert result.exit_code == 0, result.output
    before, after = read_jsonl(traces), read_out(out)
    assert len(after) == len(before) == 18
    for old, new in zip(before, after, strict=True):
        changed = {k for k in new if new[k] != old.get(k)}
        assert changed <= {"answer", "correct", "checker", "check_reason", "answer_source"}
        assert new["checker"] == "math"
        assert list(new)[: len(old)] == list(old)  # field order kept
    assert [r["correct"] for r in after] == [True, False, False] * 6
    assert [r["answer"] for r in after][:3] == [r"\sqrt{12}", "7", None]
    assert after[0]["my_field"] == {"i": 0}
    assert "checked 18 traces of 6 problems: 6 correct" in result.output
    assert "12 no answer" not in result.output and "6 no answer" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == "check" and manifest["status"] == "complete"
    assert manifest["stats"]["now_correct"] == 6


def test_check_in_a_pipeline(traces):
    cmd = [sys.executable, "-m", "star_cli", "check", "-", "-o", "-", "--task", "math"]
    proc = subprocess.run(cmd, input=traces.read_bytes(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["correct"] for r in rows] == [True, False, False] * 6
    assert b"checked 18 traces" in proc.stderr  # the summary goes to stderr, not stdout


def test_check_resumes_and_skips_done_problems(runner, traces, tmp_path):
    out = tmp_path / "out"
    args = ["check", str(traces), "-o", str(out), "--task", "math", "--shard-size", "3"]
    assert runner.invoke(app, args).exit_code == 0
    first = read_out(out)
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "18 traces were already checked" in result.output
    stats = json.loads((out / "manifest.json").read_text())["stats"]
    assert stats["checked"] == 18 and stats["correct"] == 6  # totals over both runs
    assert read_out(out) == first
    other = runner.invoke(app, ["check", str(traces), "-o", str(out), "--task", "gsm8k"])
    assert other.exit_code == 2 and "different configuration" in other.output


def test_check_counts_timeouts(runner, tmp_path):
    rows = [_trace("p0", 0, r"10^{10^{10^{10}}}", r"\boxed{9^{9^{9^{9^{9}}}}}")]
    path = write_jsonl(tmp_path / "t.jsonl", rows)
    result = runner.invoke(app, ["check", str(path), "-o", "-", "--task", "math",
                                 "--timeout", "0.5"])
    assert result.exit_code == 0, result.output
    assert "1 timeouts" in result.output or "0 correct" in result.output


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([{"problem_id": "a", "completion": "x"}], "traces.jsonl:1: field 'gold': missing"),
        ([{"problem_id": "a", "gold": "1", "completion": "x"}, {"problem_id": "b", "gold": "1"}],
         "traces.jsonl:2: field 'completion': missing"),
        ([{"problem_id": "a", "gold": "1", "completion": 5}],
         "field 'completion': must be a string"),
        ([{"gold": "1", "completion": "x"}], "field 'problem_id': missing"),
        ([{"problem_id": "a", "gold": "1", "completion": "x", "choices": "ABC"}],
         "field 'choices'"),
    ],
)
def test_bad_traces_are_named(runner, tmp_path, rows, expected):
    path = write_jsonl(tmp_path / "traces.jsonl", rows)
    out = tmp_path / "out"
    result = runner.invoke(app, ["check", str(path), "-o", str(out), "--task", "gsm8k"])
    assert result.exit_code == 2
    assert expected in result.output
    assert result.output.count("star: error:") == 1


def test_first_bad_record_leaves_no_output_dir(runner, tmp_path):
    path = write_jsonl(tmp_path / "traces.jsonl", [{"question": "not a trace"}])
    out = tmp_path / "out"
    assert runner.invoke(app, ["check", str(path), "-o", str(out), "-t", "gsm8k"]).exit_code == 2
    assert not out.exists()


def test_traces_without_ids_work_on_stdout(runner, tmp_path):
    path = write_jsonl(tmp_path / "t.jsonl", [{"gold": "5", "completion": "The answer is 5."},
                                              {"gold": 6, "completion": "The answer is 7."}])
    result = runner.invoke(app, ["check", str(path), "-o", "-", "--checker", "numeric", "-q"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["answer"], r["correct"]) for r in rows] == [("5", True), ("7", False)]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_traces_without_ids_are_written_once_into_a_directory(runner, tmp_path, workers):
    """A trace with no id (none, or null) is known by its input's content: it is written
    with that key as its id, so a rerun finds it done though checking changed it."""
    path = write_jsonl(tmp_path / "t.jsonl", [
        {"problem_id": "p1", "gold": "5", "completion": "The answer is 5."},
        {"id": None, "problem_id": "p2", "gold": "6", "completion": "The answer is 7."}])
    out = tmp_path / "out"
    args = ["check", str(path), "-o", str(out), "--task", "gsm8k", "--workers", workers, "-q"]
    for _ in range(3):
        assert runner.invoke(app, args).exit_code == 0
    rows = read_out(out)
    assert [(r["problem_id"], r["correct"]) for r in rows] == [("p1", True), ("p2", False)]
    assert all(r["id"].startswith("sha:") for r in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task", "generic"], "--checker"),
        ([], "give --task"),
        (["--checker", "fuzzy"], "unknown checker 'fuzzy'"),
        (["--task", "math", "--timeout", "0"], "--timeout must be positive"),
        (["--task", "math", "--workers", "0"], "--workers must be at least 1"),
    ],
)
def test_usage_errors(runner, traces, args, message):
    result = runner.invoke(app, ["check", str(traces), "-o", "-", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_csqa_traces_use_their_choices(runner, tmp_path):
    choices = [{"label": "A", "text": "bank"}, {"label": "B", "text": "library"}]
    rows = [_trace("c0", 0, "B", "So the answer is library.", choices=choices),
            _trace("c0", 1, "B", "So the answer is (a).", choices=choices)]
    path = write_jsonl(tmp_path / "t.jsonl", rows)
    result = runner.invoke(app, ["check", str(path), "-o", "-", "--task", "csqa", "-q"])
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["answer"], r["correct"]) for r in rows] == [("B", True), ("A", False)]


def test_check_many_matches_check_one_by_one():
    pairs = [(rf"\frac{{{i}}}{{7}}", rf"\boxed{{{i + i % 2}/7}}") for i in range(1200)]
    pairs += [(r"2\sqrt{3}", r"\boxed{\sqrt{12}}"), ("5", r"\boxed{\int_0^1 x\,dx}")]
    many = check_many(pairs, "math", workers=2)
    assert many == [check(g, c, "math") for g, c in pairs]
    assert sum(v.correct for v in many) == 601


def test_each_gold_is_prepared_once_per_problem():
    prepared: list[str] = []

    class Counting(MathChecker):
        def prepare(self, gold, choices=None, question=None):
            prepared.append(gold)
            return super().prepare(gold, choices, question)

    pairs = [Pair(f"{g}", f"\\boxed{{{s}}}") for g in range(5) for s in range(8)]
    with BatchChecker(Counting(), workers=1) as batch:
        verdicts = batch.check(pairs)
    assert prepared == ["0", "1", "2", "3", "4"]
    assert sum(v.correct for v in verdicts) == 5


def test_interrupted_check_resumes_exactly_once(runner, traces, tmp_path, monkeypatch):
    from star_cli.steps import check as check_step

    monkeypatch.setattr(check_step, "BLOCK_BYTES", 1)  # one trace a block
    real = check_step.BlockJudge.judge
    blocks = {"n": 0}

    def interrupted(self, block):
        blocks["n"] += 1
        if blocks["n"] == 8:  # the first of the third problem's traces: two are whole
            raise KeyboardInterrupt
        return real(self, block)

    monkeypatch.setattr(check_step.BlockJudge, "judge", interrupted)
    out = tmp_path / "out"
    args = ["check", str(traces), "-o", str(out), "--task", "math", "--shard-size", "3",
            "--workers", "1"]  # judged in this process, where the patch is
    first = runner.invoke(app, args)
    assert first.exit_code == 130
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    assert len(read_out(out)) == 6
    monkeypatch.setattr(check_step.BlockJudge, "judge", real)
    assert runner.invoke(app, args).exit_code == 0
    rows = read_out(out)
    assert sorted(r["id"] for r in rows) == sorted(r["id"] for r in read_jsonl(traces))
    assert json.loads((out / "manifest.json").read_text())["stats"]["checked"] == 18


def test_check_reads_a_star_output_directory(runner, traces, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["check", str(traces), "-o", str(out), "-t", "math"]).exit_code == 0
    again = runner.invoke(app, ["check", str(out), "-o", "-", "-t", "math", "-q"])
    assert again.exit_code == 0, again.output
    rows = [json.loads(line) for line in again.stdout.splitlines() if line.startswith("{")]
    assert rows == read_out(out)  # re-checking with the same checker changes nothing


def test_check_records_reason_and_source_and_counts_them(runner, tmp_path):
    rows = [_trace("p0", 0, "5", "The answer is 5."),
            _trace("p0", 1, "5", "The answer is 5 or 6."),
            _trace("p0", 2, "5", ""),  # EOS at once: a trace without an answer, not an error
            _trace("p0", 3, "5", "So Tom has 5 apples."),
            _trace("p0", 4, "5", "First, 2 + 3 is", finish_reason="length")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "out"
    result = runner.invoke(app, ["check", str(src), "-o", str(out), "--task", "gsm8k"])
    assert result.exit_code == 0, result.output
    got = [(r["correct"], r["check_reason"], r["answer_source"]) for r in read_out(out)]
    assert got == [(True, "match", "answer_is"), (False, "ambiguous", "answer_is"),
                   (False, "no_answer", None), (True, "match", "fallback"),
                   (False, "no_answer", None)]  # a cut-off text has no final statement
    assert "1 ambiguous" in result.output and "1 answers without a marker" in result.output
    stats = json.loads((out / "manifest.json").read_text())["stats"]
    assert (stats["ambiguous"], stats["no_answer"], stats["fallback"]) == (1, 2, 1)


def test_check_reads_thoughts_and_keeps_field_order(runner, tmp_path):
    """A thinking model's trace: only the answer after the thought is judged; `thinking` and
    `thinking_tokens` are added after the fields the trace had, in order."""
    rows = [_trace("t", 0, "6", "<think>\nThe answer is 6.\nLet me double-check"),
            _trace("t", 1, "6", "Adding.\n</think>\n\nThe answer is 6.")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    result = runner.invoke(app, ["check", str(src), "-o", "-", "--task", "gsm8k", "-q"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["correct"], r["check_reason"]) for r in out] == [
        (False, "unfinished_thought"), (True, "match")]
    assert out[1]["thinking"] == "Adding." and out[1]["thinking_tokens"] == 2
    for old, new in zip(rows, out, strict=True):
        assert list(new) == [*old, "check_reason", "answer_source", "thinking",
                             "thinking_tokens"]


def _many(n_problems: int, samples: int) -> list[dict]:
    rows = []
    for p in range(n_problems):
        for k in range(samples):
            answer = p if k % 2 == 0 else p + 1
            rows.append(_trace(f"p{p}", k, str(p), f"Step {k}.\u2028 So it is {answer}. "
                               f"The answer is {answer}.", note="\ud800 half" if k == 3 else ""))
    return rows


def _shard_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted((out / "data").glob("*.jsonl")))


def test_workers_write_the_bytes_one_worker_writes(runner, tmp_path, monkeypatch):
    """Blocks judged by worker processes, many blocks in flight and problems that span
    blocks: the same bytes as one process, into a directory and on standard output."""
    from star_cli.steps import check as check_step

    monkeypatch.setattr(check_step, "BLOCK_BYTES", 3000)  # a few traces a block
    rows = _many(40, 7)
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    outs = {}
    for w in ("1", "2", "3"):
        out = tmp_path / f"out{w}"
        result = runner.invoke(app, ["check", str(src), "-o", str(out), "--task", "gsm8k",
                                     "--workers", w, "--shard-size", "25"])
        assert result.exit_code == 0, result.output
        assert "checked 280 traces of 40 problems: 160 correct" in result.output
        outs[w] = _shard_bytes(out)
    assert outs["1"] == outs["2"] == outs["3"]
    assert [json.loads(line)["id"] for line in outs["1"].splitlines()] == [r["id"] for r in rows]
    assert "\\ud800" in outs["1"].decode() and "\u2028" in outs["1"].decode()
    piped = runner.invoke(app, ["check", str(src), "-o", "-", "--task", "gsm8k", "--workers",
                                "2", "-q"])
    assert piped.exit_code == 0
    assert piped.stdout_bytes == outs["1"]


def test_workers_resume_skips_what_out_holds(runner, tmp_path, monkeypatch):
    """A rerun with workers skips what OUT holds (its workers do not judge it) and writes
    the same bytes as a run that never stopped."""
    from star_cli.steps import check as check_step

    monkeypatch.setattr(check_step, "BLOCK_BYTES", 2000)
    rows = _many(30, 4)
    everything = write_jsonl(tmp_path / "all.jsonl", rows)
    first_half = write_jsonl(tmp_path / "a.jsonl", rows[:60])
    out = tmp_path / "out"
    args = ["--task", "gsm8k", "--workers", "2", "--shard-size", "7", "-o", str(out)]
    assert runner.invoke(app, ["check", str(everything), *args]).exit_code == 0
    reference = _shard_bytes(out)
    assert [json.loads(line)["id"] for line in reference.splitlines()] == [r["id"] for r in rows]
    out2 = tmp_path / "out2"
    args2 = [*args[:-1], str(out2)]
    assert runner.invoke(app, ["check", str(first_half), *args2]).exit_code == 0
    resumed = runner.invoke(app, ["check", str(everything), *args2])
    assert resumed.exit_code == 0, resumed.output
    assert "60 traces were already checked" in resumed.output
    assert _shard_bytes(out2) == reference
    stats = json.loads((out2 / "manifest.json").read_text())["stats"]
    assert stats["checked"] == 120


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("stdin", [False, True])
def test_workers_refuse_an_id_given_twice(runner, tmp_path, monkeypatch, workers, stdin):
    """A trace id met again in a later block is an input error naming the line (and, for a
    file, the first place), whatever the workers; what was written before stays sealed."""
    from star_cli.steps import check as check_step

    monkeypatch.setattr(check_step, "BLOCK_BYTES", 2000)
    rows = _many(30, 4)
    src = write_jsonl(tmp_path / "b.jsonl", rows + rows[10:12])  # line 121 repeats line 11
    out = tmp_path / "out"
    args = ["--task", "gsm8k", "--workers", workers, "-o", str(out)]
    if stdin:
        result = runner.invoke(app, ["check", "-", *args], input=src.read_text())
    else:
        result = runner.invoke(app, ["check", str(src), *args])
    assert result.exit_code == 2, result.output
    where = "<stdin>" if stdin else src
    assert f"{where}:121: field 'id': trace id {rows[10]['id']!r} was given twice" \
        in result.output
    if not stdin:
        assert f"first at {src}:11" in result.output



@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("stdin", [False, True])
def test_an_id_given_twice_before_a_later_error_is_the_error(runner, tmp_path, monkeypatch,
                                                             workers, stdin):
    """Input is refused at its first fault in input order, as read_records reads it (and
    star filter refuses it): an id repeated on line 121 is the error, not the bad line 122
    after it, though both are in one block."""
    from star_cli.steps import check as check_step

    monkeypatch.setattr(check_step, "BLOCK_BYTES", 2000)
    rows = _many(30, 4)
    text = "".join(json.dumps(r) + "\n" for r in [*rows, rows[10]]) + "[1, 2]\n"
    src = tmp_path / "b.jsonl"
    src.write_text(text, encoding="utf-8")
    args = ["--task", "gsm8k", "--workers", workers, "-o", str(tmp_path / "out")]
    if stdin:
        result = runner.invoke(app, ["check", "-", *args], input=text)
    else:
        result = runner.invoke(app, ["check", str(src), *args])
    assert result.exit_code == 2, result.output
    where = "<stdin>" if stdin else src
    assert f"{where}:121: field 'id': trace id {rows[10]['id']!r} was given twice" \
        in result.output, result.output

def test_a_bad_line_deep_in_a_file_is_named_by_its_line(runner, tmp_path, monkeypatch):
    from star_cli.steps import check as check_step

    monkeypatch.setattr(check_step, "BLOCK_BYTES", 1500)
    rows = _many(20, 4)
    text = "".join(json.dumps(r) + "\n" for r in rows[:50]) + "\n\n{not json}\n"
    src = tmp_path / "t.jsonl"
    src.write_text(text + "".join(json.dumps(r) + "\n" for r in rows[50:]), encoding="utf-8")
    for w in ("1", "2"):
        result = runner.invoke(app, ["check", str(src), "-o", "-", "--task", "gsm8k",
                                     "--workers", w, "-q"])
        assert result.exit_code == 2
        assert f"{src}:53: not valid JSON" in result.output


@pytest.mark.parametrize(
    ("data", "ids"),
    [
        (b'\xef\xbb\xbf{"gold": "1", "completion": "The answer is 1.", "id": "a"}\r\n'
         b'{"gold": "1", "completion": "1", "id": "b"}\r\n', ["a", "b"]),  # BOM, CRLF
        (b'\n\n{"gold": "1", "completion": "1", "id": "a"}\r'
         b'{"gold": "1", "completion": "1", "id": "b"}', ["a", "b"]),  # lone CR, no last LF
        (b'[{"gold": "1", "completion": "1", "id": "a"},\n {"gold": "2", "completion": "2",'
         b' "id": "b"}]\n', ["a", "b"]),  # one JSON document
        (b'{\n  "gold": "1",\n  "completion": "1",\n  "id": "a"\n}\n', ["a"]),  # pretty
    ],
)
def test_line_blocks_read_what_read_records_reads(tmp_path, data, ids):
    from star_cli.io.lines import line_blocks
    from star_cli.io.readers import read_records
    from star_cli.steps.check import BlockJudge

    src = tmp_path / "t.jsonl"
    src.write_bytes(data)
    judge = BlockJudge(MathChecker(), __import__("star_cli.answers.thinking",
                       fromlist=["x"]).ThinkingOptions(), needs_id=False)
    got = [r["id"] for b in line_blocks([str(src)], size=7) for r, _ in judge._lines(b)]
    assert got == ids == [r["id"] for r, _ in read_records([str(src)])]


def test_digest_set_keeps_the_first_of_repeated_ids():
    import random

    from star_cli.io.digests import DigestSet

    rng = random.Random(1)
    digests, seen = DigestSet(4), set()
    for _ in range(200):
        batch = [rng.randrange(1, 3000) for _ in range(rng.randrange(0, 120))]
        expected = []
        for d in batch:
            expected.append(d not in seen)
            seen.add(d)
        assert digests.add_new(batch).tolist() == expected
    assert len(digests) == len(seen) and list(digests.sorted()) == sorted(seen)
    assert next(iter(seen)) in digests and 10**9 not in digests
