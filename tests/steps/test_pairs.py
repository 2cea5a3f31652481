"""star pairs: the Cartesian product, dedup, who may be chosen, the caps' evenness and
fairness, determinism, the TRL formats (loaded by `datasets`, trained on by a real
DPOTrainer and KTOTrainer), resume and bad input."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.records import Problem
from star_cli.steps.pairs import balanced_pairs
from star_cli.tasks import PromptOptions, get_task
from tests.conftest import make_trace, read_out, write_jsonl
from tests.tiny_model import tiny_model_dir  # noqa: F401

TASK = get_task("gsm8k")


def trace(pid: str, k: int, correct: bool, rationale: str | None = None, *, chat: bool = False,
          **fields) -> dict:
    problem = Problem(pid, f"Question {pid}: what is the total?", "72")
    answer = "72" if correct else str(60 + k)
    rationale = rationale or f"Step {k}: 48 + 24 = {answer}. The answer is {answer}."
    return make_trace(**{"problem_id": pid, "sample": k, "question": problem.question,
                         "prompt": TASK.training_prompt(problem, PromptOptions(chat=chat)),
                         "rationale": rationale, "completion": rationale + "\n\nQ: next",
                         "answer": answer, "correct": correct, **fields})


def problem_set(pid: str, right: int, wrong: int, **fields) -> list[dict]:
    return ([trace(pid, k, True, **fields) for k in range(right)]
            + [trace(pid, right + k, False, **fields) for k in range(wrong)])


def run(runner, inputs, out, *args):
    return runner.invoke(app, ["pairs", *map(str, inputs), "-o", str(out), *map(str, args)])


def stats_of(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text())["stats"]


def steps_of(out: Path) -> dict:
    return {s["step"]: s for s in stats_of(out)["steps"]}


def side_counts(rows: list[dict]) -> tuple[Counter, Counter]:
    return Counter(r["chosen_id"] for r in rows), Counter(r["rejected_id"] for r in rows)


def test_every_correct_incorrect_pair_and_the_summary(runner, tmp_path):
    rows = (problem_set("a", 3, 2) + problem_set("b", 2, 0) + problem_set("c", 0, 4)
            + [trace("d", 0, True, finish_reason="length")])  # its only correct one is cut
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "out"
    r = run(runner, [src], out)
    assert r.exit_code == 0, r.output
    pairs = read_out(out)
    assert {(p["chosen_id"], p["rejected_id"]) for p in pairs} == {
        (f"a/generate/it0/s{i}", f"a/generate/it0/s{j}") for i in range(3) for j in (3, 4)}
    assert len(pairs) == 6 and {p["problem_id"] for p in pairs} == {"a"}
    stats = stats_of(out)
    assert {k: stats[k] for k in ("read", "problems", "problems_with_pairs",
                                  "problems_only_correct", "problems_only_incorrect",
                                  "problems_unusable", "pairs_possible", "pairs", "written")} == {
        "read": 12, "problems": 4, "problems_with_pairs": 1, "problems_only_correct": 1,
        "problems_only_incorrect": 1, "problems_unusable": 1, "pairs_possible": 6, "pairs": 6,
        "written": 6}
    text = " ".join(r.output.split())
    assert ("12 traces read for 4 problems: 1 gave pairs, 1 had only correct traces, "
            "1 only incorrect, 1 neither usable") in text
    assert "6 pairs written (of 6 possible" in text
    card = (out / "README.md").read_text()
    assert "| problems_with_pairs | 1 |" in card


def test_exact_dedup_before_pairing(runner, tmp_path):
    same = "So 48 + 24 = 72. The answer is 72."
    rows = [trace("a", 0, True, same), trace("a", 1, True, "  " + same.upper()),  # duplicate
            trace("a", 2, True),
            trace("a", 3, False), trace("a", 4, False, trace("a", 3, False)["rationale"]),
            trace("a", 5, False),
            # the same text judged both ways (a re-checked trace pooled with the old one)
            trace("a", 6, True, "It is 70. The answer is 70."),
            trace("a", 7, False, "It is 70. The answer is 70.")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out")
    assert r.exit_code == 0, r.output
    chosen, rejected = side_counts(read_out(tmp_path / "out"))
    assert set(chosen) == {"a/generate/it0/s0", "a/generate/it0/s2"}  # the first one kept
    assert set(rejected) == {"a/generate/it0/s3", "a/generate/it0/s5"}
    assert sum(chosen.values()) == 4
    assert steps_of(tmp_path / "out")["dedup_exact"]["dropped"] == {
        "exact_duplicate": 2, "both_labels": 2}


def test_leaked_and_unfinished_traces_are_never_chosen(runner, tmp_path):
    rows = [trace("a", 0, True),
            trace("a", 1, True, finish_reason="length"),
            trace("a", 2, True, "The hint says 72, so 72. The answer is 72.", hint_leak=True,
                  source="rationalize", id="a/rationalize/it0/s2"),
            trace("a", 3, False),
            trace("a", 4, False, "Counting 48 + 24 =", finish_reason="length")]  # still wrong
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out")
    assert r.exit_code == 0, r.output
    chosen, rejected = side_counts(read_out(tmp_path / "out"))
    assert set(chosen) == {"a/generate/it0/s0"}
    assert set(rejected) == {"a/generate/it0/s3", "a/generate/it0/s4"}
    steps = steps_of(tmp_path / "out")
    assert steps["finished"]["dropped"] == {"truncated": 1}
    assert steps["no_hint_leak"]["dropped"] == {"hint_leak": 1}
    r = run(runner, [src], tmp_path / "all", "--no-finished", "--allow-hint-leak")
    assert len(side_counts(read_out(tmp_path / "all"))[0]) == 3


def spread(counts: Counter, n: int) -> int:
    """max - min appearances over all n traces of a side (absent ones count 0)."""
    values = [*counts.values()] + [0] * (n - len(counts))
    return max(values) - min(values)


def test_balanced_pairs_are_distinct_and_even_for_every_prefix():
    for c, r in itertools.product(range(1, 8), repeat=2):
        order = list(balanced_pairs(c, r))
        assert sorted(order) == sorted(itertools.product(range(c), range(r)))  # the product
        for n in range(1, c * r + 1):
            prefix = order[:n]
            assert prefix == list(balanced_pairs(c, r, n))
            assert spread(Counter(i for i, _ in prefix), c) <= 1
            assert spread(Counter(j for _, j in prefix), r) <= 1
    assert list(balanced_pairs(3, 0)) == [] and list(balanced_pairs(2, 2, 99)) == [
        (0, 0), (1, 1), (0, 1), (1, 0)]


@pytest.mark.parametrize(("right", "wrong", "cap"), [(4, 3, 6), (5, 2, 3), (3, 3, 7), (2, 6, 5)])
def test_max_pairs_per_problem_uses_each_trace_evenly(runner, tmp_path, right, wrong, cap):
    rows = [trace("a", k, True, f"Right path {k}. The answer is 72.") for k in range(right)]
    rows += [trace("a", right + k, False) for k in range(wrong)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", "--max-pairs-per-problem", cap)
    assert r.exit_code == 0, r.output
    pairs = read_out(tmp_path / "out")
    assert len(pairs) == cap == len({(p["chosen_id"], p["rejected_id"]) for p in pairs})
    chosen, rejected = side_counts(pairs)
    assert spread(chosen, right) <= 1 and spread(rejected, wrong) <= 1
    if cap >= max(right, wrong):
        assert len(chosen) == right and len(rejected) == wrong  # every trace appears
    assert steps_of(tmp_path / "out")["max_pairs_per_problem"]["dropped"] == {
        "max_pairs_per_problem": right * wrong - cap}


def test_max_pairs_is_fair_across_problems(runner, tmp_path):
    rows = problem_set("a", 3, 2) + problem_set("b", 1, 1) + problem_set("c", 2, 2)
    src = write_jsonl(tmp_path / "t.jsonl", rows)  # 6, 1 and 4 pairs
    r = run(runner, [src], tmp_path / "out", "--max-pairs", 5)
    assert r.exit_code == 0, r.output
    pairs = read_out(tmp_path / "out")
    per = Counter(p["problem_id"] for p in pairs)
    assert sum(per.values()) == 5 and per["b"] == 1 and sorted(per.values()) == [1, 2, 2]
    for pid in per:  # still even within each problem
        chosen, rejected = side_counts([p for p in pairs if p["problem_id"] == pid])
        assert max(chosen.values()) - min(chosen.values()) <= 1
        assert max(rejected.values()) - min(rejected.values()) <= 1
    assert steps_of(tmp_path / "out")["max_pairs"]["dropped"] == {"max_pairs": 6}
    # with both caps, the total is shared out after each problem's own cap
    run(runner, [src], tmp_path / "both", "--max-pairs", 5, "--max-pairs-per-problem", 2)
    assert sorted(Counter(p["problem_id"] for p in read_out(tmp_path / "both")).values()) == [
        1, 2, 2]


def test_same_output_whatever_the_input_order(runner, tmp_path):
    rows = [trace(p, k, k % 3 != 0, rationale=f"Path {k % 4} of {p}. The answer is "
                  f"{72 if k % 3 else 70}.", iteration=k % 2) for p in "abcde" for k in range(9)]
    first = write_jsonl(tmp_path / "1.jsonl", rows[:20])
    second = write_jsonl(tmp_path / "2.jsonl", rows[20:])
    shuffled = rows[:]
    random.Random(5).shuffle(shuffled)
    mixed = write_jsonl(tmp_path / "mixed.jsonl", shuffled)
    for fmt in ("dpo", "kto"):
        args = ("--format", fmt, "--max-pairs-per-problem", 3, "--max-pairs", 11)
        run(runner, [first, second], tmp_path / f"{fmt}1", *args)
        run(runner, [second, first], tmp_path / f"{fmt}2", *args)
        run(runner, [mixed], tmp_path / f"{fmt}3", *args)
        out1 = read_out(tmp_path / f"{fmt}1")
        assert out1 and out1 == read_out(tmp_path / f"{fmt}2") == read_out(tmp_path / f"{fmt}3")


def test_dpo_and_kto_rows_load_with_datasets(runner, tmp_path):
    import datasets

    text = write_jsonl(tmp_path / "text.jsonl", problem_set("a", 2, 1) + problem_set("b", 1, 1))
    run(runner, [text], tmp_path / "dpo")
    for ds in (datasets.load_dataset(str(tmp_path / "dpo"), split="train"),
               datasets.load_dataset("json", data_files=str(tmp_path / "dpo" / "data" / "*.jsonl"),
                                     split="train")):
        assert ds.column_names == ["prompt", "chosen", "rejected", "problem_id", "chosen_id",
                                   "rejected_id"]
        assert len(ds) == 3
    row = next(r for r in ds if r["problem_id"] == "a")
    assert row["prompt"].startswith(TASK.instruction) and row["prompt"].endswith(
        "Question a: what is the total?\nA:")
    assert "Maya reads" not in row["prompt"]  # no exemplar
    assert row["chosen"] in {" " + trace("a", k, True)["rationale"] for k in (0, 1)}
    assert row["rejected"] == " " + trace("a", 2, False)["rationale"]

    chat = write_jsonl(tmp_path / "chat.jsonl", problem_set("a", 2, 1, chat=True))
    run(runner, [chat], tmp_path / "dpo-chat")
    ds = datasets.load_dataset(str(tmp_path / "dpo-chat"), split="train")
    assert [m["role"] for m in ds[0]["prompt"]] == ["system", "user"]
    assert ds[0]["prompt"][1]["content"] == "Question a: what is the total?"
    assert [m["role"] for m in ds[0]["chosen"]] == ["assistant"]
    assert ds[0]["rejected"] == [{"role": "assistant",
                                  "content": trace("a", 2, False)["rationale"]}]

    run(runner, [text], tmp_path / "kto", "--format", "kto", "--chat")  # text prompts as chat
    ds = datasets.load_dataset(str(tmp_path / "kto"), split="train")
    assert ds.column_names == ["prompt", "completion", "label", "problem_id", "id"]
    assert sorted((r["id"], r["label"]) for r in ds) == [
        ("a/generate/it0/s0", True), ("a/generate/it0/s1", True), ("a/generate/it0/s2", False),
        ("b/generate/it0/s0", True), ("b/generate/it0/s1", False)]
    assert ds[0]["prompt"][0]["role"] == "system" and ds[0]["completion"][0]["role"] == "assistant"
    assert stats_of(tmp_path / "kto")["pairs"] == 3 and stats_of(tmp_path / "kto")["written"] == 5


def test_mixed_prompt_kinds_give_conversational_rows_and_text_refuses_chat(runner, tmp_path):
    rows = problem_set("a", 1, 1) + problem_set("b", 1, 1, chat=True)
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    assert run(runner, [src], tmp_path / "auto").exit_code == 0
    assert all(isinstance(r["prompt"], list) for r in read_out(tmp_path / "auto"))
    r = run(runner, [src], tmp_path / "text", "--text")
    assert r.exit_code == 2 and "t.jsonl:3: field 'prompt'" in r.output
    assert not (tmp_path / "text").exists()  # refused before OUT was touched


def test_no_pairs_exits_1_with_a_complete_empty_out(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", problem_set("a", 2, 0) + problem_set("b", 0, 2))
    r = run(runner, [src], tmp_path / "out")
    assert r.exit_code == 1 and "no pairs: none of the 2 problems" in r.output
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 0


def test_stdin_to_stdout(tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", problem_set("a", 2, 2))
    cmd = [sys.executable, "-m", "star_cli", "pairs", "-", "--format", "kto", "-o", "-"]
    proc = subprocess.run(cmd, input=src.read_bytes(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [r["label"] for r in rows] == [True, True, False, False]
    assert b"4 pairs written as 4 kto rows" in proc.stderr


def test_interrupted_pairs_resume_exactly_once(runner, tmp_path, monkeypatch):
    from star_cli.io import shards

    rows = [r for p in "abcdefgh" for r in problem_set(p, 2, 2)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "whole", "--shard-size", 5)
    real = shards.ShardWriter.write_group
    calls = {"n": 0}

    def flaky(self, records):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(self, records)

    monkeypatch.setattr(shards.ShardWriter, "write_group", flaky)
    out = tmp_path / "out"
    assert run(runner, [src], out, "--shard-size", 5).exit_code == 130
    monkeypatch.setattr(shards.ShardWriter, "write_group", real)
    r = run(runner, [src], out, "--shard-size", 5)
    assert r.exit_code == 0 and "already written" in r.output
    assert read_out(out) == read_out(tmp_path / "whole") and len(read_out(out)) == 32
    r = run(runner, [src], out, "--shard-size", 5, "--max-pairs", 3)
    assert r.exit_code == 2 and "max_pairs: None -> 3" in r.output
    write_jsonl(src, rows[:-1])  # the input changed: its fingerprint says how
    r = run(runner, [src], out, "--shard-size", 5)
    assert r.exit_code == 2 and "changed since" in r.output and "is shorter" in r.output
    write_jsonl(src, [*rows, *problem_set("z", 1, 1)])  # grown: read, and the export differs
    r = run(runner, [src], out, "--shard-size", 5)
    assert r.exit_code == 2 and "different traces" in r.output


@pytest.mark.parametrize(
    ("rows", "args", "message"),
    [
        ([{"completion": "x", "correct": True, "prompt": "p"}], [],
         "t.jsonl:1: field 'problem_id': missing"),
        ([{"problem_id": "a", "completion": "x", "prompt": "p"}], [],
         "t.jsonl:1: field 'correct': missing"),
        ([{"problem_id": "a", "completion": "x", "correct": "yes", "prompt": "p"}], [],
         "t.jsonl:1: field 'correct': must be"),
        ([{"problem_id": "a", "completion": "x", "correct": True}], [],
         "t.jsonl:1: field 'prompt': missing"),
        ([{"problem_id": "a", "completion": "x", "correct": True, "prompt": [{"role": "user"}]}],
         [], "t.jsonl:1: field 'prompt': chat messages"),
        ([{"problem_id": "a", "completion": "x", "correct": True, "prompt": "p"}],
         ["--format", "orpo"], "unknown format 'orpo'; known: dpo, kto"),
        ([{"problem_id": "a", "completion": "x", "correct": True, "prompt": "p"}],
         ["--max-pairs-per-problem", 0], "at least 1"),
    ],
)
def test_bad_input(runner, tmp_path, rows, args, message):
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", *args)
    assert r.exit_code == 2 and message in r.output, r.output
    assert r.output.count("star: error:") == 1


# -- real TRL trainers on the pairs ------------------------------------------------------------
def trained(trainer) -> None:
    trainer.train()
    assert trainer.state.global_step == 2
    losses = [log["loss"] for log in trainer.state.log_history if "loss" in log]
    assert len(losses) == 2 and all(loss == loss for loss in losses)  # logged, not NaN


@pytest.mark.slow  # trains a model
@pytest.mark.parametrize("chat", [False, True], ids=["standard", "conversational"])
def test_dpo_trainer_trains_on_the_pairs(runner, offline_hf, tiny_model_dir,  # noqa: F811
                                         tmp_path, chat):
    pytest.importorskip("trl")
    import datasets
    from transformers import AutoTokenizer
    from trl import DPOConfig, DPOTrainer

    rows = [r for p in "abc" for r in problem_set(p, 2, 2, chat=chat)]
    run(runner, [write_jsonl(tmp_path / "t.jsonl", rows)], tmp_path / "pairs",
        "--max-pairs-per-problem", 3)
    dataset = datasets.load_dataset(str(tmp_path / "pairs"), split="train")
    assert len(dataset) == 9 and "problem_id" in dataset.column_names
    args = DPOConfig(output_dir=str(tmp_path / "dpo"), use_cpu=True, bf16=False, max_steps=2,
                     per_device_train_batch_size=2, max_length=192, report_to=[],
                     logging_steps=1, save_strategy="no", disable_tqdm=True, seed=0)
    trained(DPOTrainer(model=str(tiny_model_dir), args=args, train_dataset=dataset,
                       processing_class=AutoTokenizer.from_pretrained(tiny_model_dir)))


@pytest.mark.slow  # trains a model
def test_kto_trainer_trains_on_the_unpaired_rows(runner, offline_hf, tiny_model_dir,  # noqa: F811
                                                 tmp_path):
    pytest.importorskip("trl")
    import datasets
    from transformers import AutoTokenizer
    from trl import KTOConfig, KTOTrainer

    rows = [r for p in "abcd" for r in problem_set(p, 2, 2, chat=True)]
    run(runner, [write_jsonl(tmp_path / "t.jsonl", rows)], tmp_path / "kto", "--format", "kto")
    dataset = datasets.load_dataset(str(tmp_path / "kto"), split="train")
    assert len(dataset) == 16 and sum(dataset["label"]) == 8
    args = KTOConfig(output_dir=str(tmp_path / "out"), use_cpu=True, bf16=False, max_steps=2,
                     per_device_train_batch_size=4, max_length=192, report_to=[],
                     logging_steps=1, save_strategy="no", disable_tqdm=True, seed=0)
    trained(KTOTrainer(model=str(tiny_model_dir), args=args, train_dataset=dataset,
                       processing_class=AutoTokenizer.from_pretrained(tiny_model_dir)))
