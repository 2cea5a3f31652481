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

    monkeypatch.setattr(check_step, "BLOCK", 6)  # two problems a block
    real = check_step._judge_block
    blocks = {"n": 0}

    def interrupted(*args):
        blocks["n"] += 1
        if blocks["n"] == 2:
            raise KeyboardInterrupt
        return real(*args)

    monkeypatch.setattr(check_step, "_judge_block", interrupted)
    out = tmp_path / "out"
    args = ["check", str(traces), "-o", str(out), "--task", "math", "--shard-size", "3"]
    first = runner.invoke(app, args)
    assert first.exit_code == 130
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    assert len(read_out(out)) == 6
    monkeypatch.setattr(check_step, "_judge_block", real)
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
