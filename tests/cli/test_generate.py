"""`star generate` end to end through the CLI, with the scripted engine."""

from __future__ import annotations

import json

import pytest

from star_cli.cli import app
from star_cli.engines.base import Completion
from tests.conftest import read_out, write_jsonl

BASE = ["generate", "--task", "gsm8k", "--model", "scripted-model", "--engine", "scripted",
        "--quiet"]


def run(runner, args, **kw):
    result = runner.invoke(app, BASE + [str(a) for a in args], **kw)
    return result


def test_writes_every_sample_labelled(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    result = run(runner, [problems_file, "-n", 4, "-o", out])
    assert result.exit_code == 0, result.output
    rows = read_out(out)
    assert len(rows) == 12 * 4
    by_sample = {s: [r for r in rows if r["sample"] == s] for s in range(4)}
    assert all(r["correct"] for r in by_sample[0] + by_sample[2])
    assert not any(r["correct"] for r in by_sample[1])
    # sample 3 was cut by max_tokens: no answer, labelled as such
    assert all(r["finish_reason"] == "length" and r["answer"] is None for r in by_sample[3])
    r = by_sample[0][0]
    assert r["rationale"].endswith("The answer is 1.") and "Q: What is 1 + 1" not in r["rationale"]
    assert r["id"] == f"{r['problem_id']}/generate/it0/s0"
    assert r["source"] == "generate" and r["hint"] is None and r["iteration"] == 0
    assert r["model"] == "scripted-model" and r["checker"] == "numeric"
    assert r["sampling"]["temperature"] == 0.7 and isinstance(r["sampling"]["seed"], int)
    assert r["prompt"].endswith(f"Q: {r['question']}\nA:")
    assert len({row["id"] for row in rows}) == len(rows)


def test_manifest_and_card(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    assert run(runner, [problems_file, "-n", 2, "-o", out, "--shard-size", 5]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["command"] == "generate"
    assert manifest["records"] == 24 and manifest["problems"] == 12
    # shards rotate at whole problems: 5 records -> 3 problems (6 records) per shard
    assert [s["records"] for s in manifest["shards"]] == [6, 6, 6, 6]
    import hashlib
    for shard in manifest["shards"]:
        data = (out / shard["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == shard["sha256"]
    assert manifest["stats"]["solve_rate"] == 1.0
    assert manifest["config"]["n"] == 2 and "api_key" not in json.dumps(manifest)
    card = (out / "README.md").read_text()
    assert card.startswith("---\nconfigs:") and "data/*.jsonl" in card


def test_datasets_loads_both_ways(runner, scripted, problems_file, tmp_path):
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "out"
    assert run(runner, [problems_file, "-n", 2, "-o", out]).exit_code == 0
    a = datasets.load_dataset("json", data_files=str(out / "data" / "*.jsonl"), split="train")
    b = datasets.load_dataset(str(out), split="train")
    assert len(a) == len(b) == 24
    assert {"prompt", "completion", "correct", "gold"} <= set(a.column_names)


def test_stdout_streams_jsonl(runner, scripted, problems_file):
    result = run(runner, [problems_file, "-n", 2, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 24 and all("correct" in r for r in rows)


def test_stdin_input(runner, scripted, problems_file):
    result = run(runner, ["-", "-n", 1, "-o", "-"], input=problems_file.read_text())
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 12


def test_resume_skips_done_problems(runner, scripted, problems_file, tmp_path):
    # same command twice: the second run samples nothing
    out2 = tmp_path / "out2"
    assert run(runner, [problems_file, "-n", 2, "-o", out2]).exit_code == 0
    calls = scripted.calls
    assert run(runner, [problems_file, "-n", 2, "-o", out2]).exit_code == 0
    assert scripted.calls == calls
    assert len(read_out(out2)) == 24


def test_resume_adds_new_problems(runner, scripted, tmp_path):
    from tests.scripted import arithmetic_problems

    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(6))
    out = tmp_path / "out"
    assert run(runner, [src, "-n", 2, "-o", out, "--shard-size", 2]).exit_code == 0
    write_jsonl(src, arithmetic_problems(10))  # the input grew
    scripted.seen.clear()
    assert run(runner, [src, "-n", 2, "-o", out, "--shard-size", 2]).exit_code == 0
    assert len(scripted.seen) == 4
    rows = read_out(out)
    assert len(rows) == 20 and len({r["id"] for r in rows}) == 20


def test_different_config_refused_then_overwrite(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    assert run(runner, [problems_file, "-n", 2, "-o", out]).exit_code == 0
    result = run(runner, [problems_file, "-n", 3, "--temperature", 1.0, "-o", out])
    assert result.exit_code == 2
    assert "n: 2 -> 3" in result.stderr and "temperature: 0.7 -> 1.0" in result.stderr
    assert len(read_out(out)) == 24  # nothing lost
    assert run(runner, [problems_file, "-n", 3, "-o", out, "--overwrite"]).exit_code == 0
    assert len(read_out(out)) == 36


def test_seeds_are_per_problem_and_stable(runner, scripted, problems_file, tmp_path):
    assert run(runner, [problems_file, "-n", 1, "-o", "-", "--seed", 7]).exit_code == 0
    first = [r.sampling.seed for r in scripted.seen]
    scripted.seen.clear()
    assert run(runner, [problems_file, "-n", 1, "-o", "-", "--seed", 7, "--skip", 3]).exit_code == 0
    assert [r.sampling.seed for r in scripted.seen] == first[3:]
    assert len(set(first)) == len(first)


def test_chat_and_few_shot(runner, scripted, problems_file):
    result = run(runner, [problems_file, "-n", 1, "-o", "-", "--chat", "--few-shot", 1])
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout.splitlines()[0])
    # the engine saw the exemplar; the trace stores the instruction and the question
    seen = [m["role"] for m in scripted.seen[0].prompt]
    assert seen == ["system", "user", "assistant", "user"]
    assert [m["role"] for m in row["prompt"]] == ["system", "user"]
    assert row["prompt"][-1]["content"] == row["question"] and row["few_shot"]
    result = run(runner, [problems_file, "-n", 1, "-o", "-", "--few-shot", 0, "--limit", 1])
    row = json.loads(result.stdout)
    assert "The answer is" not in row["prompt"].split("Q: What")[0].split("\n\n", 1)[-1]
    assert row["few_shot"] is None


def test_limit_skip_and_slices(runner, scripted, problems_file):
    result = run(runner, [problems_file, "-n", 1, "-o", "-", "--skip", 2, "--limit", 3])
    qs = [json.loads(x)["question"] for x in result.stdout.splitlines()]
    assert qs == ["What is 2 + 5?", "What is 3 + 7?", "What is 4 + 9?"]
    ids = []
    for i in range(3):
        res = run(runner, [problems_file, "-n", 1, "-o", "-", "--num-shards", 3,
                           "--shard-index", i])
        assert res.exit_code == 0, res.stderr
        ids.append({json.loads(x)["problem_id"] for x in res.stdout.splitlines()})
    assert sum(len(s) for s in ids) == 12 and len(set().union(*ids)) == 12


def test_queue_engine_labels_what_it_returns(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [{"question": "How many?", "answer": "#### 1,080"}])
    scripted.queue += [
        "So 1,080 in all. The answer is $1,080.",
        Completion("It is 1079. The answer is 1079.", "stop", 9, -2.0),
        Completion("Counting", "length", 3, None),
    ]
    result = run(runner, [src, "-n", 3, "-o", "-"])
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["correct"] for r in rows] == [True, False, False]
    assert [r["answer"] for r in rows] == ["$1,080", "1079", None]
    assert rows[1]["tokens"] == 9 and rows[1]["logprob"] == -2.0 and rows[2]["logprob"] is None


def test_engine_by_module_path(runner, problems_file, tmp_path):
    args = ["generate", problems_file, "--task", "gsm8k", "--model", "m", "-q", "--engine",
            "tests.scripted:ScriptedEngine", "-n", 1, "-o", "-", "--limit", 2]
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2


def test_csqa_and_generic_presets(runner, scripted, tmp_path):
    csqa = write_jsonl(tmp_path / "c.jsonl", [{
        "id": "q1", "answerKey": "B",
        "question": {"stem": "Pick?", "choices": [{"label": "A", "text": "no"},
                                                  {"label": "B", "text": "yes"}]}}])
    scripted.queue += ["Because. The answer is (b) yes.", "The answer is (a)."]
    result = runner.invoke(app, ["generate", str(csqa), "--task", "csqa", "--model", "m",
                                 "--engine", "scripted", "-n", "2", "-o", "-", "-q"])
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["correct"] for r in rows] == [True, False]
    assert rows[0]["choices"][1] == {"label": "B", "text": "yes"}
    gen = write_jsonl(tmp_path / "g.jsonl", [{"q": "What is 2 + 3?", "a": "5", "key": "g1"}])
    result = runner.invoke(app, ["generate", str(gen), "--task", "generic", "--question-field",
                                 "q", "--answer-field", "a", "--id-field", "key",
                                 "--template", "Question: {question}\nReasoning:", "--model",
                                 "m", "--engine", "scripted", "-n", "1", "-o", "-", "-q"])
    row = json.loads(result.stdout)
    assert row["problem_id"] == "g1" and row["prompt"] == "Question: What is 2 + 3?\nReasoning:"
    assert row["correct"] is True


@pytest.mark.parametrize("fmt", ["json", "csv", "parquet"])
def test_other_input_formats(runner, scripted, tmp_path, fmt):
    from tests.scripted import arithmetic_problems

    rows = arithmetic_problems(3)
    path = tmp_path / f"p.{fmt}"
    if fmt == "json":
        path.write_text(json.dumps(rows, indent=1))
    elif fmt == "csv":
        import csv
        with path.open("w", newline="") as f:
            w = csv.DictWriter(f, fieldnames=["question", "answer"])
            w.writeheader()
            w.writerows(rows)
    else:
        pa = pytest.importorskip("pyarrow")
        import pyarrow.parquet as pq
        pq.write_table(pa.Table.from_pylist(rows), path)
    result = run(runner, [path, "-n", 1, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_several_inputs_and_a_directory(runner, scripted, tmp_path):
    from tests.scripted import arithmetic_problems

    a = write_jsonl(tmp_path / "a.jsonl", arithmetic_problems(2))
    b = write_jsonl(tmp_path / "b.jsonl", arithmetic_problems(3, start=10))
    result = run(runner, [a, b, "-n", 1, "-o", "-"])
    assert len(result.stdout.splitlines()) == 5
    out = tmp_path / "out"
    assert run(runner, [a, b, "-n", 1, "-o", out]).exit_code == 0
    # a star output directory is an input too: its traces carry question and gold
    result = run(runner, [out, "-n", 1, "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert len(read_jsonl_text(result.stdout)) == 5


def read_jsonl_text(text: str) -> list[dict]:
    return [json.loads(x) for x in text.splitlines() if x]


def test_version_and_help(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("star ")
    result = runner.invoke(app, ["--help"])
    assert "generate" in result.stdout


def test_interrupted_run_is_resumable(runner, scripted, problems_file, tmp_path, monkeypatch):
    """Ctrl-C mid-run: the shard in progress is sealed, the manifest says interrupted."""
    from tests import scripted as mod

    out = tmp_path / "out"
    real = mod.oracle
    count = {"n": 0}

    def flaky(request, i):
        count["n"] += 1
        if count["n"] > 10:  # after 5 problems at n=2
            raise KeyboardInterrupt
        return real(request, i)

    monkeypatch.setattr(mod, "oracle", flaky)
    result = run(runner, [problems_file, "-n", 2, "-o", out, "--chunk-size", 1])
    assert result.exit_code == 130
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    done = read_out(out)
    assert len(done) == 10 and not list((out / "data").glob(".*"))
    monkeypatch.setattr(mod, "oracle", real)
    assert run(runner, [problems_file, "-n", 2, "-o", out, "--chunk-size", 1]).exit_code == 0
    rows = read_out(out)
    assert len(rows) == 24 and len({r["id"] for r in rows}) == 24


def test_limit_can_grow_and_stats_accumulate(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    assert run(runner, [problems_file, "-n", 2, "-o", out, "--limit", 4]).exit_code == 0
    result = run(runner, [problems_file, "-n", 2, "-o", out])  # the smoke test, then all
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["records"] == 24 and manifest["stats"]["problems"] == 12
    assert manifest["stats"]["samples"] == 24 and manifest["scope"]["limit"] is None
    # nothing to do: the stats stay as they were
    assert run(runner, [problems_file, "-n", 2, "-o", out]).exit_code == 0
    again = json.loads((out / "manifest.json").read_text())
    assert again["stats"]["problems"] == 12 and again["started"] == manifest["started"]


def test_changed_gold_is_refused(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "What is 1 + 2?",
                                              "answer": "#### 3"}])
    out = tmp_path / "out"
    assert run(runner, [src, "-n", 1, "-o", out]).exit_code == 0
    write_jsonl(src, [{"id": "a", "question": "What is 1 + 2?", "answer": "#### 4"}])
    result = run(runner, [src, "-n", 1, "-o", out])
    assert result.exit_code == 2 and "a: '3' -> '4'" in result.stderr


def test_api_key_never_lands_in_the_output(runner, scripted, problems_file, tmp_path,
                                           monkeypatch):
    out = tmp_path / "out"
    args = [str(a) for a in [problems_file, "-n", 1, "-o", out, "--api-key", "sk-SECRET",
                             "--limit", 1]]
    monkeypatch.setattr("sys.argv", ["star", *BASE, *args])
    assert run(runner, args).exit_code == 0
    for path in out.rglob("*"):
        if path.is_file():  # text files, and the binary unit log (ranks/*.units)
            assert b"sk-SECRET" not in path.read_bytes()


def test_math_preset_judges_with_every_tier(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "m.jsonl", [{"problem": "Simplify.", "answer": r"2\sqrt{3}"}])
    scripted.queue += [
        r"We get $\boxed{\sqrt{12}}$.",  # our own LaTeX reading
        r"We get $\boxed{3\sqrt{2}}$.",
        r"We get $\boxed{\sqrt{3} + \sqrt{3}}$.",
        r"We get $\boxed{\sqrt{12}\overline{\ }}$.",  # unreadable here: math-verify decides
    ]
    result = runner.invoke(app, ["generate", str(src), "--task", "math", "--model", "m",
                                 "--engine", "scripted", "-n", "4", "-o", "-", "-q",
                                 "--check-timeout", "30"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["correct"] for r in rows] == [True, False, True, False]
    assert {r["checker"] for r in rows} == {"math"}
