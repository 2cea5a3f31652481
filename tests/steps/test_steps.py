"""star steps: step splitting, the two searches, labels from a scripted engine whose rollouts
succeed exactly when the prefix holds no wrong step, resume after a kill mid-problem, the
stepwise exports (loaded by `datasets`), and bad input."""

from __future__ import annotations

import json
import math
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from star_cli.answers.segment import StepSep, split_steps, step_sep, step_texts
from star_cli.answers.thinking import ThinkingOptions
from star_cli.cli import app
from star_cli.errors import UsageError
from star_cli.steps.step_search import BINARY, FULL, TraceSearch
from tests.conftest import REPO, read_out, write_jsonl
from tests.scripted_steps import StepEngine, first_wrong, wrong_at

ENGINE = "tests.scripted_steps:StepEngine"
QUESTIONS = ["00047 + 00385", "00999 + 00001", "12345 + 54321", "00008 + 00009"]
WRONG_AT = [None, 0, 2, 5, 3]  # per sample: the wrong line (None: a right scratchpad)


def texts(text: str, sep: StepSep = StepSep(), thinking: ThinkingOptions | None = None):
    spans = split_steps(text, sep, thinking or ThinkingOptions("off"))
    for s in spans:  # a span is the text itself, trimmed
        assert text[s.start:s.end] == text[s.start:s.end].strip() != ""
    return step_texts(text, spans)


# -- splitting ----------------------------------------------------------------------------
def test_paragraphs_by_default() -> None:
    text = "First, 2 + 3 = 5.\nSo five.\n\n \n\nThen 5 * 2 = 10.\n\n\nThe answer is 10.\n"
    assert texts(text) == ["First, 2 + 3 = 5.\nSo five.", "Then 5 * 2 = 10.",
                           "The answer is 10."]
    assert texts("") == [] and texts(" \n\n ") == []
    assert texts("One step only.") == ["One step only."]


def test_lines_and_other_separators() -> None:
    pad = "7+5+0=12\n4+8+1=13\n\n0+3+1=04\nThe answer is 0432."
    want = ["7+5+0=12", "4+8+1=13", "0+3+1=04", "The answer is 0432."]
    assert texts(pad, step_sep("lines")) == want
    assert texts(pad, step_sep("\\n")) == want  # typed in a shell: a backslash and an n
    assert texts(pad, step_sep("\n")) == want
    assert texts("a ;; b;;c;;", step_sep(";;")) == ["a", "b", "c"]
    assert texts("Step 1: x\\tStep 2: y", step_sep("\\\\t")) == ["Step 1: x", "Step 2: y"]
    assert step_sep(None) == StepSep() == step_sep("paragraphs")
    for bad in ("", "   "):
        with pytest.raises(UsageError, match="--step-sep"):
            step_sep(bad)


def test_code_fences_are_kept_whole() -> None:
    code = "```python\ndef f(x):\n\n    return x\n\n\nprint(f(1))\n```"
    text = f"Write the function.\n\n{code}\n\nIt prints 1.\n\nThe answer is 1."
    assert texts(text) == ["Write the function.", code, "It prints 1.", "The answer is 1."]
    lines = texts(text, step_sep("lines"))
    assert code in lines and lines[0] == "Write the function." and len(lines) == 4
    tilde = "Intro\n\n~~~\na\n\nb\n~~~\n\nEnd"
    assert texts(tilde) == ["Intro", "~~~\na\n\nb\n~~~", "End"]
    # A fence never closed runs to the end: nothing after it is cut.
    assert texts("Intro\n\n```\na\n\nb") == ["Intro", "```\na\n\nb"]
    # Backticks inside a line are no fence.
    assert texts("use ```x``` here\n\nnext") == ["use ```x``` here", "next"]


def test_a_thinking_models_steps_are_its_thoughts_then_its_answer() -> None:
    auto = ThinkingOptions()
    text = "<think>Add 2 and 3.\n\nThat is 5.\n\n```\nx\n\ny\n```\n</think>\n\nThe answer is 5."
    assert texts(text, thinking=auto) == ["Add 2 and 3.", "That is 5.", "```\nx\n\ny\n```",
                                          "The answer is 5."]
    # R1-style: the completion starts inside the thought (only the end tag).
    assert texts("First.\n\nSecond.</think>The answer is 5.", thinking=auto) == [
        "First.", "Second.", "The answer is 5."]
    # A thought that never closed: its steps, no answer step.
    assert texts("<think>First.\n\nSecond.", thinking=auto) == ["First.", "Second."]
    # --thinking off: the tags are text like any other.
    off = texts(text, thinking=ThinkingOptions("off"))
    assert off[0].startswith("<think>") and off[-1] == "The answer is 5."


# -- the searches -------------------------------------------------------------------------
def _run(search: TraceSearch, holds: list[bool], m: int) -> TraceSearch:
    while not search.finished:
        search.record({i: m if holds[i] else 0 for i in search.pending()})
    return search


def test_binary_search_equals_the_full_scan_with_fewer_prefixes() -> None:
    rng = random.Random(0)
    for _ in range(300):
        n = rng.randint(1, 40)
        first = rng.choice([-1, *range(n)])
        holds = [first < 0 or i < first for i in range(n)]
        correct = holds[-1]
        full = _run(TraceSearch(n, correct, 4, FULL), holds, 4)
        binary = _run(TraceSearch(n, correct, 4, BINARY), holds, 4)
        assert full.first_error == binary.first_error == first
        assert full.hard == binary.hard == holds
        assert full.used == full.full_cost == (n - 1) * 4
        prefixes = sum(x > 0 for x in binary.done_steps)
        assert prefixes <= (math.ceil(math.log2(n)) if n > 1 else 0)
        if correct:
            assert binary.used == 0  # a right trace holds throughout
        # soft labels where rolled out; the last step is the trace's own verdict
        assert full.soft[-1] == binary.soft[-1] == (1.0 if correct else 0.0)
        assert all((s is None) == (d == 0) for s, d in
                   zip(binary.soft[:-1], binary.done_steps[:-1], strict=True))


def test_full_scan_soft_labels_and_non_monotone_results() -> None:
    search = TraceSearch(4, False, 4, FULL)
    assert search.pending() == [0, 1, 2]
    search.record({0: 4, 1: 0, 2: 1})  # step 2 recovered once: the first error is still 1
    assert search.soft == [1.0, 0.0, 0.25, 0.0]
    assert search.hard == [True, False, True, False] and search.first_error == 1
    with pytest.raises(ValueError):
        TraceSearch(3, True, 2, BINARY).record({0: 1})


# -- star steps with the scripted engine ---------------------------------------------------
def trace(p: int, s: int, question: str, k: int | None, **extra) -> dict:
    rationale = wrong_at(question, k)
    a, b = (int(x) for x in question.split(" + "))
    return {"id": f"p{p}-s{s}", "problem_id": f"p{p}", "question": question,
            "choices": None, "gold": str(a + b), "prompt": f"Q: {question}\nA:",
            "few_shot": None, "completion": " " + rationale + "\n\nQ: 1 + 1",
            "rationale": rationale, "answer": None, "correct": k is None, "model": "m",
            "finish_reason": "stop", **extra}


@pytest.fixture
def traces(tmp_path: Path) -> Path:
    rows = [trace(p, s, q, k) for p, q in enumerate(QUESTIONS) for s, k in enumerate(WRONG_AT)]
    return write_jsonl(tmp_path / "traces.jsonl", rows)


@pytest.fixture(autouse=True)
def fresh_engine():
    StepEngine.seen, StepEngine.calls, StepEngine.fail_after = [], 0, None
    yield
    StepEngine.fail_after = None


def steps_cli(runner, inputs, out, *args):
    argv = ["steps", *[str(i) for i in inputs], "-o", str(out), "--task", "addition",
            "--model", "m", "--engine", ENGINE, "--rollouts", "3", "--step-sep", "lines",
            *[str(a) for a in args]]
    return runner.invoke(app, argv)


@pytest.mark.parametrize("checker", [None, "addition-steps"])
def test_labels_match_the_wrong_steps(runner, traces, tmp_path, checker) -> None:
    out = tmp_path / "out"
    extra = ["--checker", checker] if checker else []
    result = steps_cli(runner, [traces], out, *extra)
    assert result.exit_code == 0, result.output
    rows = read_out(out)
    assert len(rows) == len(QUESTIONS) * len(WRONG_AT)
    for r in rows:
        truth = first_wrong(r["question"], r["rationale"])
        assert r["first_error"] == truth
        assert r["steps"] == r["rationale"].split("\n") and len(r["steps"]) == 6
        assert r["step_labels"] == [truth < 0 or i < truth for i in range(6)]
        assert r["step_soft"] == [1.0 if x else 0.0 for x in r["step_labels"]]
        assert r["step_rollouts"] == [3] * 5 + [0]  # the last step: the trace's own verdict
        assert r["step_search"] == "full" and r["step_sep"] == "lines"
        assert r["correct"] is (truth < 0)  # the trace's fields pass through
    # the prefix prompt: the sampled prompt, the completion's leading space, the steps so far
    first = StepEngine.seen[0]
    assert first.prompt == "Q: 00047 + 00385\nA: 7+5+0=12\n"
    assert first.sampling.n == 3 and first.sampling.stop == ("\n\nQ:", "\nQ:")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == "steps" and manifest["status"] == "complete"
    stats = manifest["stats"]
    assert stats["rollouts"] == stats["full_scan_rollouts"] == 20 * 5 * 3
    assert stats["rollouts_saved"] == 0 and stats["traces_holding"] == 4
    assert "rollouts from" in result.stderr and "0 saved" in result.stderr


def test_binary_search_gives_the_full_scans_labels(runner, traces, tmp_path) -> None:
    assert steps_cli(runner, [traces], tmp_path / "full", "-q").exit_code == 0
    calls_full = len(StepEngine.seen)
    StepEngine.seen = []
    result = steps_cli(runner, [traces], tmp_path / "bin", "--search", "binary",
                       "--price-per-1k", "0.5")
    assert result.exit_code == 0, result.output
    full, binary = read_out(tmp_path / "full"), read_out(tmp_path / "bin")
    for a, b in zip(full, binary, strict=True):
        assert a["id"] == b["id"] and a["first_error"] == b["first_error"]
        assert a["step_labels"] == b["step_labels"]
        assert b["step_search"] == "binary"
    assert len(StepEngine.seen) < calls_full / 2
    stats = json.loads((tmp_path / "bin" / "manifest.json").read_text())["stats"]
    assert stats["rollouts"] == 3 * len(StepEngine.seen)
    assert stats["rollouts_saved"] == stats["full_scan_rollouts"] - stats["rollouts"] > 0
    assert stats["cost"] == pytest.approx(stats["rollout_tokens"] / 1000 * 0.5)
    assert f"{stats['rollouts_saved']} saved" in result.stderr and "cost" in result.stderr


def test_rollouts_see_what_generate_saw(runner, tmp_path) -> None:
    """Few-shot traces: the prompt of a step is the sampled one (exemplars put back), and the
    rollouts get the budget the trace had left, with a seed per trace and step."""
    gen = tmp_path / "gen"
    problems = write_jsonl(tmp_path / "p.jsonl", [
        {"id": "q", "question": "00047 + 00385", "gold": "432"}])
    from tests.scripted import ScriptedEngine

    ScriptedEngine.seen = []
    ScriptedEngine.queue = [" " + wrong_at("00047 + 00385", 2) + "\n\nQ: x"]
    result = runner.invoke(app, ["generate", str(problems), "--task", "addition", "--model", "m",
                                 "--engine", "tests.scripted:ScriptedEngine", "-n", "1",
                                 "--few-shot", "2", "-q", "-o", str(gen)])
    assert result.exit_code == 0, result.output
    [sampled] = [r.prompt for r in ScriptedEngine.seen]
    result = steps_cli(runner, [gen], tmp_path / "out", "--max-tokens", "40", "--seed", "3")
    assert result.exit_code == 0, result.output
    prompts = [r.prompt for r in StepEngine.seen]
    assert prompts[0] == sampled + " 7+5+0=12\n" and sampled.count("Q: ") == 3
    # no tokenizer in the scripted engine: the whole budget; seeds differ per step
    assert {r.sampling.max_tokens for r in StepEngine.seen} == {40}
    assert len({r.sampling.seed for r in StepEngine.seen}) == 5
    [row] = read_out(tmp_path / "out")
    assert row["first_error"] == 2 and row["few_shot"] is not None
    assert list((tmp_path / "out" / "few_shot").glob("*.json"))  # the block travels along


def test_resume_after_a_ctrl_c_mid_problem(runner, traces, tmp_path) -> None:
    out = tmp_path / "out"
    # One problem per chunk, binary: several engine calls per problem; stop in the third
    # problem's rounds.
    args = ("--search", "binary", "--chunk-size", "1", "--shard-size", "4")
    StepEngine.fail_after = 9
    cut = steps_cli(runner, [traces], out, *args)
    assert cut.exit_code == 130
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    done = {r["problem_id"] for r in read_out(out)}
    assert done and len(done) < len(QUESTIONS)
    assert all(sum(r["problem_id"] == p for r in read_out(out)) == 5 for p in done)
    StepEngine.seen, StepEngine.calls, StepEngine.fail_after = [], 0, None
    rest = steps_cli(runner, [traces], out, *args)
    assert rest.exit_code == 0, rest.output
    assert f"resuming: {5 * len(done)} traces" in rest.stderr
    assert not any(f"Q: {QUESTIONS[int(p[1:])]}\n" in str(r.prompt)
                   for p in done for r in StepEngine.seen)  # done problems never rolled out
    rows = read_out(out)
    assert sorted(r["id"] for r in rows) == sorted(f"p{p}-s{s}" for p in range(4)
                                                   for s in range(5))
    clean = tmp_path / "clean"
    assert steps_cli(runner, [traces], clean, *args, "-q").exit_code == 0
    key = lambda r: r["id"]  # noqa: E731
    assert sorted(rows, key=key) == sorted(read_out(clean), key=key)


def _progress(out: Path) -> int:
    data = out / "data"
    n = 0
    for path in list(data.glob(".*.idx")) + list(data.glob("*.jsonl")) if data.exists() else []:
        try:
            lines = len(path.read_text().splitlines())
        except FileNotFoundError:
            continue
        n += lines if path.suffix == ".idx" else lines // 5
    return n


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
@pytest.mark.slow  # two processes, one killed
def test_sigkill_mid_problem_then_rerun_labels_each_trace_once(traces, tmp_path) -> None:
    rows = [trace(p, s, QUESTIONS[p % 4], k) for p in range(12) for s, k in enumerate(WRONG_AT)]
    src = write_jsonl(tmp_path / "many.jsonl", rows)
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "star_cli", "steps", str(src), "--task", "addition", "--model",
           "m", "--engine", ENGINE, "--engine-arg", "delay=0.05", "--rollouts", "2",
           "--step-sep", "lines", "--search", "binary", "--chunk-size", "1", "--shard-size",
           "7", "-q", "-o", str(out)]
    # A killed run leaves its scratch directory; its own TMPDIR keeps other tests' clean.
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path / "tmp")}
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _progress(out) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.07)  # into the next problem's rollouts
    assert proc.poll() is None, "the run ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    got = read_out(out)
    assert sorted(r["id"] for r in got) == sorted(r["id"] for r in rows)
    assert all(r["first_error"] == first_wrong(r["question"], r["rationale"]) for r in got)
    assert not list((out / "data").glob(".*"))


def test_rank_slices_share_one_out(runner, traces, tmp_path) -> None:
    out = tmp_path / "out"
    for rank in (0, 1):
        result = steps_cli(runner, [traces], out, "--num-shards", "2", "--shard-index",
                           str(rank), "-q")
        assert result.exit_code == 0, result.output
    rows = read_out(out)
    assert sorted(r["id"] for r in rows) == sorted(f"p{p}-s{s}" for p in range(4)
                                                   for s in range(5))
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"
    # every rank at once, by the local executor, gives the same labels
    both = tmp_path / "both"
    result = steps_cli(runner, [traces], both, "--num-shards", "2")
    assert result.exit_code == 0, result.output
    key = lambda r: r["id"]  # noqa: E731
    assert sorted(read_out(both), key=key) == sorted(rows, key=key)
    manifest = json.loads((both / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["stats"]["labelled"] == 20


# -- exports ------------------------------------------------------------------------------
def test_exports_load_with_datasets(runner, traces, tmp_path, offline_hf) -> None:
    import datasets

    labels = tmp_path / "labels"
    assert steps_cli(runner, [traces], labels, "-q").exit_code == 0
    sw = tmp_path / "sw"
    assert steps_cli(runner, [traces], sw, "--format", "stepwise", "-q").exit_code == 0
    fe = tmp_path / "fe"
    # labelled once, exported again without a rollout
    StepEngine.seen = []
    result = runner.invoke(app, ["steps", str(labels), "--from-labels", "--format",
                                 "first-error", "-o", str(fe)])
    assert result.exit_code == 0, result.output
    assert StepEngine.seen == [] and "as first-error" in result.stderr
    truth = {r["id"]: r for r in read_out(labels)}
    ds = datasets.load_dataset(str(sw), split="train")
    assert {"prompt", "completions", "labels"} <= set(ds.column_names)
    for row in ds:
        r = truth[row["id"]]
        assert row["prompt"] == r["prompt"] and row["completions"] == r["steps"]
        assert row["labels"] == r["step_labels"]
        assert len(row["completions"]) == len(row["labels"])
    ds = datasets.load_dataset("json", data_files=str(fe / "data" / "*.jsonl"), split="train")
    assert {"problem", "steps", "label", "final_answer_correct"} <= set(ds.column_names)
    for row in ds:
        r = truth[row["id"]]
        assert row["label"] == r["first_error"] and row["steps"] == r["steps"]
        assert row["final_answer_correct"] is r["correct"] and row["problem"] == r["question"]
    # --from-labels into stepwise gives the rows the rollout run wrote
    sw2 = tmp_path / "sw2"
    assert runner.invoke(app, ["steps", str(labels), "--from-labels", "--format", "stepwise",
                               "-q", "-o", str(sw2)]).exit_code == 0
    key = lambda r: r["id"]  # noqa: E731
    assert sorted(read_out(sw2), key=key) == sorted(read_out(sw), key=key)


def test_formats_come_from_the_registry(runner, traces, tmp_path) -> None:
    from star_cli.export import formats_of

    assert formats_of("stepwise") == ["step-labels", "stepwise", "first-error"]
    result = runner.invoke(app, ["steps", "--help"])
    shown = " ".join(result.output.replace("│", " ").split())
    assert "What to write: step-labels, stepwise, first-error" in shown
    bad = steps_cli(runner, [traces], tmp_path / "o", "--format", "dpo")
    assert bad.exit_code == 2 and "is a preference format" in bad.stderr
    bad = steps_cli(runner, [traces], tmp_path / "o", "--format", "nope")
    assert bad.exit_code == 2 and "known: step-labels, stepwise, first-error" in bad.stderr
    assert not (tmp_path / "o").exists()


# -- bad input ----------------------------------------------------------------------------
def _error(result) -> str:
    lines = [x for x in result.stderr.splitlines() if x.startswith("star: error:")]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    return lines[0]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("prompt", [{"role": "user", "content": "hi"}], "is a chat prompt"),
    ("rationale", None, "missing"),
    ("gold", None, "missing"),
    ("problem_id", 7, "must be a string"),
    ("choices", "abc", "must be a list or null"),
    ("choices", [{"label": "a"}], "choices"),
    ("correct", "yes", "must be"),
    ("completion", 3, "must be a string or null"),
])
def test_bad_traces_are_one_line_with_file_line_and_field(runner, tmp_path, field, value,
                                                          message) -> None:
    rows = [trace(0, 0, QUESTIONS[0], None), trace(0, 1, QUESTIONS[0], 1)]
    rows[1][field] = value
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "out"
    line = _error(steps_cli(runner, [src], out))
    assert f"{src}:2" in line and f"field '{field}'" in line and message in line
    assert not out.exists() and StepEngine.calls == 0  # checked before the engine loads


def test_usage_errors(runner, traces, tmp_path) -> None:
    out = tmp_path / "out"
    for args, message in [(("--rollouts", "0"), "--rollouts must be at least 1"),
                          (("--search", "linear"), "--search must be full or binary"),
                          (("--step-sep", " "), "--step-sep"),
                          (("--temperature", "-1"), "--temperature"),
                          (("--checker", "nope"), "unknown checker 'nope'")]:
        assert message in _error(steps_cli(runner, [traces], out, *args))
    line = _error(runner.invoke(app, ["steps", str(traces), "-o", str(out)]))
    assert "--from-labels" in line
    line = _error(runner.invoke(app, ["steps", str(traces), "--from-labels", "-o", str(out)]))
    assert "field 'steps'" in line and f"{traces}:1" in line
    assert not out.exists()


def test_a_trace_given_twice_is_refused(runner, traces, tmp_path) -> None:
    line = _error(steps_cli(runner, [traces, traces], tmp_path / "out"))
    assert "given twice" in line and "field 'id'" in line
    assert not (tmp_path / "out").exists()


def test_empty_rationales_are_counted_not_written(runner, tmp_path) -> None:
    rows = [trace(0, 0, QUESTIONS[0], None), {**trace(0, 1, QUESTIONS[0], 1), "rationale": ""}]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    result = steps_cli(runner, [src], tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in read_out(tmp_path / "out")] == ["p0-s0"]
    assert "1 traces have an empty rationale" in result.stderr


def test_traces_without_ids_resume_in_every_format(runner, tmp_path) -> None:
    rows = [{k: v for k, v in trace(0, s, QUESTIONS[0], k).items() if k != "id"}
            for s, k in enumerate(WRONG_AT)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    for fmt in ("step-labels", "stepwise", "first-error"):
        out = tmp_path / fmt
        assert steps_cli(runner, [src], out, "--format", fmt, "-q").exit_code == 0
        ids = [r["id"] for r in read_out(out)]
        assert len(set(ids)) == 5 and all(i.startswith("sha:") for i in ids)
        StepEngine.seen = []
        again = steps_cli(runner, [src], out, "--format", fmt)
        assert again.exit_code == 0 and "nothing to do" in again.stderr
        assert StepEngine.seen == []


def test_thousands_of_fenced_blocks_split_in_time() -> None:
    # Each separator was weighed against every fence (quadratic: seconds at 56,000
    # characters); each block and the line after it are a step.
    from tests.conftest import finishes

    spans = finishes(lambda: split_steps("```\nx\n```\n\ny\n\n" * 20_000))
    assert len(spans) == 40_000
