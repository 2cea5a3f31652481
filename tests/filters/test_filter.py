"""star filter: every filter and reason, dedup, diversity, caps, determinism, exports, resume."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.records import Problem
from star_cli.tasks import PromptOptions, get_task
from tests.conftest import ABSENT, make_trace, read_jsonl, read_out, write_jsonl

TASK = get_task("gsm8k")


def trace(pid: str, k: int, rationale: str, **fields) -> dict:
    """A right gsm8k trace of problem `pid`, made before star kept check reasons."""
    problem = Problem(pid, f"Question {pid}: what is the total?", "72")
    return make_trace(**{"problem_id": pid, "sample": k, "question": problem.question,
                         "prompt": TASK.prompt(problem, PromptOptions()), "rationale": rationale,
                         "completion": rationale + "\n\nQ: next", "tokens": 40,
                         "check_reason": ABSENT, "answer_source": ABSENT, **fields})


RIGHT = "She sold 48 / 2 = 24 in May and 48 + 24 = 72 in all. The answer is 72."


def run(runner, inputs, out, *args):
    return runner.invoke(app, ["filter", *map(str, inputs), "-o", str(out), *map(str, args)])


def stats_of(out: Path) -> dict:
    steps = json.loads((out / "manifest.json").read_text())["stats"]["steps"]
    return {s["step"]: s for s in steps}


def test_quality_filters_and_their_reasons(runner, tmp_path):
    rows = [
        trace("a", 0, RIGHT),
        trace("a", 1, RIGHT + " ", correct=False),
        trace("a", 2, "Counting 48 +", finish_reason="length"),
        trace("a", 3, "The hint says 72. " + RIGHT, hint_leak=True, source="rationalize"),
        trace("a", 4, "Short. The answer is 72.", tokens=3),
        trace("a", 5, "The answer is 70. No wait, the answer is 72."),
        trace("a", 6, "Roughly 72, I guess. The answer is 72."),
    ]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "out"
    r = run(runner, [src], out, "--min-tokens", 10, "--single-answer", "--exclude-regex", "guess")
    assert r.exit_code == 0, r.output
    assert [x["id"] for x in read_out(out)] == ["a/generate/it0/s0"]
    s = stats_of(out)
    assert s["correct"]["dropped"] == {"incorrect": 1}
    assert s["finished"]["dropped"] == {"truncated": 1}
    assert s["no_hint_leak"]["dropped"] == {"hint_leak": 1}
    assert s["length"]["dropped"] == {"too_few_tokens": 1}
    assert s["single_answer"]["dropped"] == {"several_answers": 1}
    assert s["pattern"]["dropped"] == {"excluded_pattern": 1}
    assert s["correct"]["seen"] == 7 and s["pattern"]["kept"] == 1
    assert "incorrect 1" in r.output  # the table on stderr


def test_switching_default_filters_off(runner, tmp_path):
    rows = [trace("a", 0, RIGHT, correct=False), trace("a", 1, RIGHT + "!", hint_leak=True),
            trace("a", 2, RIGHT + "?", finish_reason="length")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", "--no-correct", "--allow-hint-leak", "--no-finished")
    assert r.exit_code == 0 and len(read_out(tmp_path / "out")) == 3


def test_characters_and_required_pattern(runner, tmp_path):
    rows = [trace("a", 0, RIGHT), trace("a", 1, "72. The answer is 72."),
            trace("a", 2, RIGHT.replace("48 + 24", "24 + 48") + " " + "x" * 300)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", "--min-chars", 30, "--max-chars", 200,
            "--require-regex", r"\d+ \+ \d+")
    assert [x["sample"] for x in read_out(tmp_path / "out")] == [0]
    s = stats_of(tmp_path / "out")
    assert s["length"]["dropped"] == {"too_short": 1, "too_long": 1}
    assert r.exit_code == 0


def test_decontamination_drops_problems_sharing_an_8gram(runner, tmp_path):
    test_set = write_jsonl(tmp_path / "test.jsonl", [
        {"question": "Natalia sold clips to 48 of her friends in April and then half as many"}])
    rows = [trace("a", 0, RIGHT, question="Natalia sold 48 clips to her friends in April, "
                  "then half as many in May."),
            trace("b", 0, RIGHT, question="Natalia sold clips to 48 of her friends in April and "
                  "then half as many in May. How many?")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", "--decontaminate", test_set)
    assert r.exit_code == 0
    assert [x["problem_id"] for x in read_out(tmp_path / "out")] == ["a"]
    assert stats_of(tmp_path / "out")["decontaminate"]["dropped"] == {"contaminated": 1}


def test_exact_dedup_keeps_the_first_in_canonical_order(runner, tmp_path):
    rows = [trace("a", 2, RIGHT), trace("a", 0, "  " + RIGHT.upper()), trace("a", 1, RIGHT),
            trace("b", 0, RIGHT)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "out", "--dedup", "exact")
    assert sorted((x["problem_id"], x["sample"]) for x in read_out(tmp_path / "out")) == [
        ("a", 0), ("b", 0)]  # per problem, and sample 0 wins whatever the input order


NEAR = ("First we find May: she sold 48 / 2 = 24 clips in May because it was half of "
        "April. Then in all she sold 48 + 24 = 72 clips over the two months together. "
        "We check it: 72 - 48 is 24, which is indeed half of the 48 clips she sold in April, "
        "so both months add up and nothing is counted twice. The answer is 72.")


def test_minhash_drops_near_duplicates_only(runner, tmp_path):
    near = NEAR.replace("together", "altogether")
    other = ("April had 48 sales. Half of that is 24, which is what May had. Adding them, "
             "48 + 24 = 72. The answer is 72.")
    rows = [trace("a", 0, NEAR), trace("a", 1, near), trace("a", 2, other)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "out", "--dedup", "minhash")
    assert [x["sample"] for x in read_out(tmp_path / "out")] == [0, 2]
    assert stats_of(tmp_path / "out")["dedup_minhash"]["dropped"] == {"near_duplicate": 1}
    run(runner, [src], tmp_path / "strict", "--dedup", "minhash", "--threshold", 0.99)
    assert len(read_out(tmp_path / "strict")) == 3


def test_equation_diversity(runner, tmp_path):
    rows = [
        trace("a", 0, "May: 48/2 = <<48/2=24>>24. Total 48+24 = <<48+24=72>>72. The answer is 72."),
        trace("a", 1, "Half of April, <<48/2=24>>24, plus April: <<48+24=72>>72. Done: 72."),
        trace("a", 2, "Twice May is April: 24*2 = 48, so 48 + 24 = 72. The answer is 72."),
        trace("a", 3, "It is seventy-two. The answer is 72."),
        trace("a", 4, "I count them one by one. The answer is 72."),
    ]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "out", "--diversity", "equations")
    assert [x["sample"] for x in read_out(tmp_path / "out")] == [0, 2, 3, 4]
    assert stats_of(tmp_path / "out")["diversity_equations"]["dropped"] == {"same_equations": 1}


def test_max_per_problem_keeps_the_most_different(runner, tmp_path):
    rows = [trace("a", 0, NEAR), trace("a", 1, NEAR.replace("First", "So first")),
            trace("a", 2, NEAR.replace("First", "Now first")),
            trace("a", 3, "Count: 72 in total, I added each day. The answer is 72.")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "out", "--max-per-problem", 2)
    assert [x["sample"] for x in read_out(tmp_path / "out")] == [0, 3]


def test_max_total_is_fair_across_problems(runner, tmp_path):
    rows = [trace(p, k, f"{RIGHT} variant {k}") for p, n in (("a", 5), ("b", 1), ("c", 3))
            for k in range(n)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "out", "--max-total", 5)
    per = {}
    for x in read_out(tmp_path / "out"):
        per[x["problem_id"]] = per.get(x["problem_id"], 0) + 1
    assert sum(per.values()) == 5 and per["b"] == 1 and sorted(per.values()) == [1, 2, 2]
    assert stats_of(tmp_path / "out")["max_total"]["dropped"] == {"max_total": 4}


def test_same_output_whatever_the_input_order(runner, tmp_path):
    rows = [trace(p, k, RIGHT if k % 3 else NEAR + f" ({k % 2})") for p in "abcde"
            for k in range(6)]
    first = write_jsonl(tmp_path / "1.jsonl", rows[:15])
    second = write_jsonl(tmp_path / "2.jsonl", rows[15:])
    shuffled = rows[:]
    random.Random(3).shuffle(shuffled)
    mixed = write_jsonl(tmp_path / "mixed.jsonl", shuffled)
    args = ("--dedup", "minhash", "--diversity", "equations", "--max-per-problem", 2)
    run(runner, [first, second], tmp_path / "o1", *args)
    run(runner, [second, first], tmp_path / "o2", *args)
    run(runner, [mixed], tmp_path / "o3", *args)
    out1 = read_out(tmp_path / "o1")
    assert out1 and out1 == read_out(tmp_path / "o2") == read_out(tmp_path / "o3")


def test_exports_load_with_datasets_in_trl_columns(runner, tmp_path):
    import datasets

    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0, RIGHT), trace("b", 0, RIGHT)])
    run(runner, [src], tmp_path / "msg", "--format", "messages")
    ds = datasets.load_dataset(str(tmp_path / "msg"), split="train")
    assert ds.column_names == ["messages"]
    roles = [m["role"] for m in ds[0]["messages"]]
    assert roles == ["system", "user", "assistant"]
    users = sorted(row["messages"][1]["content"] for row in ds)
    assert users == ["Question a: what is the total?", "Question b: what is the total?"]
    assert ds[0]["messages"][2]["content"] == RIGHT
    run(runner, [src], tmp_path / "pc", "--format", "prompt-completion")
    ds = datasets.load_dataset(str(tmp_path / "pc"), split="train")
    assert ds.column_names == ["prompt", "completion"]
    assert ds[0]["prompt"].endswith(" what is the total?\nA:")
    assert ds[0]["prompt"].startswith(TASK.instruction)
    assert "Maya reads" not in ds[0]["prompt"]  # no exemplar
    assert ds[0]["completion"] == " " + RIGHT
    run(runner, [src], tmp_path / "fs", "--format", "messages", "--keep-few-shot")
    shots = read_out(tmp_path / "fs")[0]["messages"]
    assert len(shots) == 3 + 2 * len(TASK.exemplars)


def test_explain_writes_the_dropped_with_their_reason(runner, tmp_path):
    rows = [trace("a", 0, RIGHT), trace("a", 1, RIGHT), trace("a", 2, RIGHT, correct=False)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "out", "--dedup", "exact", "--explain")
    dropped = read_jsonl(tmp_path / "out" / "dropped" / "dropped.jsonl")
    assert sorted((d["sample"], d["drop_reason"]) for d in dropped) == [
        (1, "exact_duplicate"), (2, "incorrect")]
    assert len(read_out(tmp_path / "out")) == 1  # dropped/ is not part of the dataset


def test_pipeline_stdin_to_stdout(tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0, RIGHT), trace("a", 1, RIGHT,
                                                                         correct=False)])
    cmd = [sys.executable, "-m", "star_cli", "filter", "-", "--format", "prompt-completion",
           "-o", "-"]
    proc = subprocess.run(cmd, input=src.read_bytes(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert len(rows) == 1 and set(rows[0]) == {"prompt", "completion"}
    assert b"incorrect 1" in proc.stderr


def test_interrupted_filter_resumes_exactly_once(runner, tmp_path, monkeypatch):
    from star_cli.io import shards

    rows = [trace(p, k, f"{RIGHT} {k}") for p in "abcdefgh" for k in range(2)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    run(runner, [src], tmp_path / "whole", "--shard-size", 3)
    real = shards.ShardWriter.write_lines  # every group a writer writes goes through it
    calls = {"n": 0}

    def flaky(self, payload, units=b""):
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(self, payload, units)

    monkeypatch.setattr(shards.ShardWriter, "write_lines", flaky)
    out = tmp_path / "out"
    assert run(runner, [src], out, "--shard-size", 3).exit_code == 130
    monkeypatch.setattr(shards.ShardWriter, "write_lines", real)
    r = run(runner, [src], out, "--shard-size", 3)
    assert r.exit_code == 0 and "already written" in r.output
    assert read_out(out) == read_out(tmp_path / "whole")


@pytest.mark.parametrize(
    ("rows", "args", "message"),
    [
        ([{"question": "What?", "answer": "#### 5"}], [], "t.jsonl:1: field 'problem_id': missing"),
        ([{"problem_id": "a", "correct": True}], [], "field 'completion'"),
        ([{"problem_id": "a", "completion": "x", "correct": True}], ["--format", "messages"],
         "field 'prompt': missing"),
        ([{"problem_id": "a", "completion": "x"}], ["--dedup", "fuzzy"], "unknown --dedup"),
        ([{"problem_id": "a", "completion": "x"}], ["--format", "sharegpt"],
         "unknown format 'sharegpt'; known: traces, messages, prompt-completion"),
        ([{"problem_id": "a", "completion": "x"}], ["--exclude-regex", "(("], "bad regular"),
        ([{"problem_id": "a", "completion": "x"}], ["--max-per-problem", 0], "at least 1"),
        ([{"problem_id": "a", "completion": "x"}], ["--threshold", 0], "--threshold"),
    ],
)
def test_bad_input(runner, tmp_path, rows, args, message):
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", *args)
    assert r.exit_code == 2 and message in r.output
    assert r.output.count("star: error:") == 1


def test_explain_needs_a_directory(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0, RIGHT)])
    r = runner.invoke(app, ["filter", str(src), "-o", "-", "--explain"])
    assert r.exit_code == 2 and "--explain" in r.output


def test_questions_containing_q_colon_are_not_cut(runner, tmp_path):
    quiz = "A quiz card reads:\nQ: What is 3 + 4?\nTom answers it. What is 2 + 5?"
    problem = Problem("q", quiz, "7")
    row = trace("q", 0, RIGHT, question=quiz, prompt=TASK.prompt(problem, PromptOptions()))
    src = write_jsonl(tmp_path / "t.jsonl", [row])
    run(runner, [src], tmp_path / "out", "--format", "messages")
    messages = read_out(tmp_path / "out")[0]["messages"]
    assert [m["role"] for m in messages] == ["system", "user", "assistant"]
    assert messages[1]["content"] == quiz


def test_a_prompt_of_the_users_own_template_is_kept_whole(runner, tmp_path):
    prompt = "Passage: Ann has 3 pens.\nQ: Which option is correct?\nA:"
    row = trace("g", 0, RIGHT, question="Ann has 3 pens.", prompt=prompt)
    src = write_jsonl(tmp_path / "t.jsonl", [row])
    run(runner, [src], tmp_path / "m", "--format", "messages")
    assert read_out(tmp_path / "m")[0]["messages"][0] == {"role": "user", "content": prompt}
    run(runner, [src], tmp_path / "pc", "--format", "prompt-completion")
    assert read_out(tmp_path / "pc")[0]["prompt"] == prompt


KILLER = """
import os, sys
from star_cli.io import shards
real, calls = shards.ShardWriter.write_lines, [0]
def write_lines(self, payload, units=b""):  # every group a writer writes goes through it
    calls[0] += 1
    if calls[0] == 5:
        os._exit(137)
    return real(self, payload, units)
shards.ShardWriter.write_lines = write_lines
from star_cli.cli import app
app(sys.argv[1:])
"""


@pytest.mark.parametrize("fmt", ["traces", "messages"])
def test_killed_filter_resumes_exactly_once(tmp_path, fmt):
    from tests.conftest import REPO

    rows = [trace(p, k, f"{RIGHT} {k}") for p in "abcdefghij" for k in range(2)]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    args = ["filter", str(src), "--format", fmt, "--shard-size", "100", "-q"]
    env = {**__import__("os").environ, "PYTHONPATH": str(REPO)}
    whole = subprocess.run([sys.executable, "-m", "star_cli", *args, "-o", str(tmp_path / "w")],
                           env=env, capture_output=True, text=True, timeout=120)
    assert whole.returncode == 0, whole.stderr
    out = tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", KILLER, *args, "-o", str(out)], env=env,
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == 137
    again = subprocess.run([sys.executable, "-m", "star_cli", *args, "-o", str(out)], env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert read_out(out) == read_out(tmp_path / "w")


def test_resume_over_changed_input_is_refused(runner, tmp_path):
    rows = [trace(p, 0, RIGHT) for p in "abcdef"]
    src = write_jsonl(tmp_path / "t.jsonl", rows[:3])
    out = tmp_path / "out"
    assert run(runner, [src], out).exit_code == 0
    write_jsonl(src, rows)  # the input grew
    r = run(runner, [src], out)
    assert r.exit_code == 2 and "different traces" in r.output
    assert run(runner, [src], out, "--overwrite").exit_code == 0
    assert len(read_out(out)) == 6


def test_overwrite_removes_an_old_explanation(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0, RIGHT, correct=False)])
    out = tmp_path / "out"
    run(runner, [src], out, "--explain")
    assert (out / "dropped" / "dropped.jsonl").exists()
    assert run(runner, [src], out, "--no-correct", "--overwrite").exit_code == 0
    assert not (out / "dropped" / "dropped.jsonl").exists()


def test_chat_messages_without_content_are_named(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", [{"problem_id": "p", "completion": "c",
                                              "correct": True, "prompt": [{"role": "user"}]}])
    r = run(runner, [src], tmp_path / "out", "--format", "messages")
    assert r.exit_code == 2 and "t.jsonl:1: field 'prompt'" in r.output


def test_require_marker_keeps_answers_read_from_a_marker(runner, tmp_path):
    rows = [trace("a", 0, RIGHT, answer_source="answer_is", check_reason="match"),
            trace("a", 1, RIGHT + " ", answer_source="hashes", check_reason="match"),
            trace("a", 2, RIGHT + "  ", answer_source="fallback", check_reason="match"),
            trace("a", 3, "No answer.", answer=None, correct=False, answer_source=None,
                  check_reason="no_answer")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", "--require-marker")
    assert r.exit_code == 0, r.output
    assert [x["sample"] for x in read_out(tmp_path / "out")] == [0, 1]
    assert stats_of(tmp_path / "out")["require_marker"]["dropped"] == {"no_marker": 1}
    assert "predate answer_source" not in r.output
    config = json.loads((tmp_path / "out" / "manifest.json").read_text())["config"]
    assert config["require_marker"] is True


def test_require_marker_drops_older_traces_with_one_warning(runner, tmp_path):
    rows = [trace("a", k, f"{RIGHT} {k}") for k in range(3)]  # no answer_source: older run
    rows.append(trace("b", 0, RIGHT, answer_source="boxed"))
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out", "--require-marker")
    assert r.exit_code == 0, r.output
    assert [x["problem_id"] for x in read_out(tmp_path / "out")] == ["b"]
    assert stats_of(tmp_path / "out")["require_marker"]["dropped"] == {"no_marker": 3}
    assert r.output.count("predate answer_source") == 1
    assert "3 traces predate answer_source" in r.output and "star check" in r.output
    # without the option, older traces are kept as before and nothing is said
    r = run(runner, [src], tmp_path / "plain")
    assert len(read_out(tmp_path / "plain")) == 4 and "predate" not in r.output


def test_counts_by_check_reason(runner, tmp_path):
    wrong = {"correct": False, "answer": "70"}
    rows = [trace("a", 0, RIGHT, check_reason="match"),
            trace("a", 1, RIGHT, check_reason="match"),
            trace("a", 2, RIGHT, check_reason="mismatch", **wrong),
            trace("a", 3, RIGHT, check_reason="no_answer", **wrong),
            trace("a", 4, RIGHT, check_reason="ambiguous", **wrong),
            trace("a", 5, RIGHT, check_reason="timeout", **wrong),
            trace("a", 6, RIGHT, check_reason="error", **wrong),
            trace("a", 7, RIGHT, check_reason="novel", **wrong),  # a checker of the future
            trace("a", 8, RIGHT, **wrong)]  # an older run: no check_reason
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, [src], tmp_path / "out")
    assert r.exit_code == 0, r.output
    stats = json.loads((tmp_path / "out" / "manifest.json").read_text())["stats"]
    assert stats["check_reasons"] == {"match": 2, "mismatch": 1, "no_answer": 1,
                                      "ambiguous": 1, "unfinished_thought": 0, "timeout": 1,
                                      "error": 1, "judge_error": 0, "novel": 1,
                                      "unknown": 1}
    assert list(stats["check_reasons"])[-1] == "unknown"
    assert ("check reasons of the traces read: match 2, mismatch 1, no_answer 1, ambiguous 1, "
            "timeout 1, error 1, novel 1, unknown 1") in " ".join(r.output.split())
    card = (tmp_path / "out" / "README.md").read_text()
    assert "| check_reason | traces |" in card and "| mismatch | 1 |" in card


def paths_set() -> list[dict]:
    """Three problems with 1, 2 and 4 distinct reasoning paths (RFT's count)."""
    ann = "May: <<48/2=24>>24 sold, in all <<48+24=72>>72. The answer is 72."
    return [
        # a: one path, written twice in different words
        trace("a", 0, ann),
        trace("a", 1, "Half is <<48/2=24>>24; with April <<48+24=72>>72. The answer is 72."),
        # b: the same annotations up to spacing, and one list written out in the text
        trace("b", 0, ann),
        trace("b", 1, "Half <<48 / 2 = 24>>24, total <<48 + 24 = 72>>72. The answer is 72."),
        trace("b", 2, "April is 24 * 2 = 48 and 48 + 24 = 72. The answer is 72."),
        # c: two annotation lists, one written list, and prose (twice, up to case: one path)
        trace("c", 0, ann),
        trace("c", 1, "Tripled: <<24*3=72>>72. The answer is 72."),
        trace("c", 2, "72 - 0 = 72. The answer is 72."),
        trace("c", 3, "I count them all. The answer is 72."),
        trace("c", 4, "I  count them ALL. The answer is 72."),
    ]


def test_distinct_reasoning_paths_in_manifest_card_and_table(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", paths_set())
    out = tmp_path / "out"
    r = run(runner, [src], out)
    assert r.exit_code == 0, r.output
    assert len(read_out(out)) == 10  # the count describes what is kept; nothing was cut here
    paths = json.loads((out / "manifest.json").read_text())["stats"]["distinct_paths"]
    assert paths == {"problems": 3, "total": 7, "mean": 2.33, "median": 2,
                     "histogram": {"1": 1, "2": 1, "3": 0, "4": 1, "5-8": 0, "9-16": 0,
                                   "17-32": 0, "33+": 0}}
    card = (out / "README.md").read_text()
    assert "## Distinct reasoning paths" in card and "| 3 | 7 | 2.33 | 2 |" in card
    assert "| problems | 1 | 1 | 0 | 1 | 0 | 0 | 0 | 0 |" in card
    assert "[{" not in card  # nested stats are sections, not a Python repr
    assert "mean 2.33, median 2, over 3 problems" in " ".join(r.output.split())


def test_distinct_paths_count_what_the_caps_keep(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", paths_set())
    run(runner, [src], tmp_path / "div", "--diversity", "equations")
    paths = json.loads((tmp_path / "div" / "manifest.json").read_text())["stats"]
    assert paths["distinct_paths"]["total"] == 7  # one trace per list: no path is lost
    assert paths["written"] == 8  # c's prose twice: each prose trace is its own path there
    run(runner, [src], tmp_path / "cap", "--max-total", 4)
    stats = json.loads((tmp_path / "cap" / "manifest.json").read_text())["stats"]
    assert stats["written"] == 4
    # one each, and the slot left over to c (the hashed order): its first two differ
    assert sorted(x["problem_id"] for x in read_out(tmp_path / "cap")) == ["a", "b", "c", "c"]
    assert stats["distinct_paths"]["histogram"] == {**dict.fromkeys(
        ("1", "2", "3", "4", "5-8", "9-16", "17-32", "33+"), 0), "1": 2, "2": 1}


def test_path_stats_median_and_bins():
    from star_cli.filters.diversity import PathStats

    stats = PathStats()
    for n in (1, 2, 4, 4, 40, 0):  # 0: a problem that kept nothing is not counted
        stats.add(n)
    d = stats.as_dict()
    assert (d["problems"], d["total"], d["mean"], d["median"]) == (5, 51, 10.2, 4)
    assert d["histogram"]["4"] == 2 and d["histogram"]["33+"] == 1
    even = PathStats()
    for n in (1, 2, 5, 9):
        even.add(n)
    assert even.as_dict()["median"] == 3.5  # the mean of the middle two
    assert even.as_dict()["histogram"]["5-8"] == 1 and even.as_dict()["histogram"]["9-16"] == 1
    assert PathStats().as_dict()["mean"] is None


def test_an_out_written_before_require_marker_existed_still_resumes(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0, RIGHT)])
    out = tmp_path / "out"
    assert run(runner, [src], out).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert "require_marker" not in manifest["config"]  # at its default: as older star wrote
    assert run(runner, [src], out).exit_code == 0
    r = run(runner, [src], out, "--require-marker")
    assert r.exit_code == 2 and "require_marker: None -> True" in r.output


def test_a_group_step_that_reads_traces_runs_beside_the_built_in_ones(runner, tmp_path):
    """A plug-in's group step with `apply` only (it reads the traces): each bucket is then
    parsed again for it, and the built-in steps give what they give on features."""
    from star_cli.filters.base import GroupStep
    from star_cli.registry import FILTERS, register_filter

    class ShortestFirst(GroupStep):
        """Keep the two shortest rationales."""

        name = "two_shortest"

        def apply(self, traces):
            ranked = sorted(traces, key=lambda t: len(t["rationale"]))
            keep = {id(t) for t in ranked[:2]}
            return ([t for t in traces if id(t) in keep],
                    [(t, "longer") for t in traces if id(t) not in keep])

    register_filter(ShortestFirst)
    try:
        rng = random.Random(2)
        words = ["apples", "pears", "boxes", "rows", "seats", "cards", "pens", "trays"]
        texts = [" ".join(rng.choice(words) + str(rng.randrange(99)) for _ in range(n))
                 for n in (30, 12, 40, 10, 25)]
        rows = [trace("a", k, t) for k, t in enumerate(texts)] + [trace("a", 5, texts[0])]
        src = write_jsonl(tmp_path / "t.jsonl", rows)
        for extra in ([], ["--filter", "two_shortest"]):
            out = tmp_path / f"out{len(extra)}"
            r = run(runner, [src], out, "--dedup", "minhash", *extra)
            assert r.exit_code == 0, r.output
        assert [x["sample"] for x in read_out(tmp_path / "out0")] == [0, 1, 2, 3, 4]
        assert [x["sample"] for x in read_out(tmp_path / "out2")] == [1, 3]
        assert stats_of(tmp_path / "out2")["two_shortest"]["dropped"] == {"longer": 3}
        assert stats_of(tmp_path / "out2")["dedup_exact"]["dropped"] == {"exact_duplicate": 1}
    finally:
        FILTERS.unregister("two_shortest")


def test_traces_pass_on_as_the_lines_they_were_read_as(runner, tmp_path):
    """A kept trace is written as it was read (its bytes, not star's own JSON of it); a
    dropped one goes to dropped.jsonl with its reason added last."""
    rows = [trace("a", 0, RIGHT, note="caf\u00e9 \u2028 \ud800"), trace("a", 1, RIGHT)]
    src = tmp_path / "t.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=True) + "\n" for r in rows),
                   encoding="utf-8")
    out = tmp_path / "out"
    assert run(runner, [src], out, "--dedup", "exact", "--explain").exit_code == 0
    data = b"".join(p.read_bytes() for p in sorted((out / "data").glob("*.jsonl")))
    assert data == src.read_bytes().split(b"\n")[0] + b"\n"
    dropped = (out / "dropped" / "dropped.jsonl").read_bytes()
    second = src.read_bytes().split(b"\n")[1]
    assert dropped == second[:-1] + b', "drop_reason": "exact_duplicate"}\n'
    assert json.loads(dropped)["drop_reason"] == "exact_duplicate"


def test_features_agree_with_the_text_they_come_from():
    """The batch computation of exact keys and signatures gives, for every text, what
    normalising it and computing one signature gives: ASCII texts in numpy, others in
    Python, whitespace of every kind, empty texts and texts of one or two words."""
    from star_cli.filters.features import key_of, keys_and_signatures, normalised, signatures

    rng = random.Random(5)
    pieces = ["a", "B", " ", "\t", "\n", "\x1c", "word", "\u00dcn\u00ef", "x" * 20, "\u3000",
              "\u00a0", "12,3", "\r", "\x0b", "\u2028", "\ud800"]
    texts = ["", " ", "one", "one two", "  Hello   World  \n"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randrange(0, 30)))
              for _ in range(500)]
    keys, sigs = keys_and_signatures(texts)
    for k, text in enumerate(texts):
        assert keys[k] == key_of(normalised(text)), text
        assert (sigs[k] == signatures([normalised(text)])[0]).all(), text


def test_signatures_estimate_jaccard_similarity():
    """One-permutation hashing with densification: near copies agree in about as many bins
    as their shingle sets overlap, unrelated texts in few."""
    from star_cli.filters.features import normalised, shingles, signatures

    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(500)]
    base = [" ".join(rng.choice(vocab) for _ in range(120)) for _ in range(20)]
    for text in base:
        words = text.split()
        words[rng.randrange(len(words))] = "changed"
        copy = " ".join(words)
        a, b = set(shingles(text)), set(shingles(copy))
        sig = signatures([normalised(text), normalised(copy)])
        assert abs((sig[0] == sig[1]).mean() - len(a & b) / len(a | b)) < 0.12
    sig = signatures([normalised(t) for t in base])
    assert (sig[0] == sig[1]).mean() < 0.1


def test_every_byte_of_a_long_word_counts_in_a_signature():
    """Two texts differing only inside long words (a number, an identifier, a URL) are
    different shingle sets: their signatures disagree, however long the words."""
    from star_cli.filters.features import keys_and_signatures, normalised, signatures

    for size in (9, 17, 40, 300):
        left, right = "7" * size, "7" * (size // 2) + "8" + "7" * (size - size // 2 - 1)
        texts = [f"total {left} units", f"total {right} units"]
        sig = signatures([normalised(t) for t in texts])
        assert (sig[0] == sig[1]).mean() < 0.2, size
        _, batch = keys_and_signatures(texts)
        assert (batch == sig).all()


def test_a_code_traces_path_is_its_program_through_the_features(runner, tmp_path):
    """A code trace's reasoning path is its program, normalised: read from the features
    computed while reading (FeatureBatch's given path), as `path_key` reads it from the
    trace; two programs differing in comments only are one path."""
    from star_cli.filters.diversity import path_key, path_numbers
    from star_cli.filters.features import FeatureBatch, features_of, program_key, unpack

    programs = ["def f(x):\n    return x + 1\n", "def f(x):  # add one\n    return x + 1\n",
                "def f(x):\n    return 1 + x\n"]
    rows = [trace("c", k, f"```python\n{p}```", checker="code", answer=p)
            for k, p in enumerate(programs)]
    features = features_of(rows, ("paths",))
    assert features.paths == [program_key(r) for r in rows] == [path_key(r) for r in rows]
    assert path_numbers(features, [0, 1, 2]) == [0, 0, 1]
    batch = FeatureBatch(signature=False, exact=False)
    for r in rows:
        batch.add(r["rationale"], program_key(r))
    assert unpack(b"".join(batch.compute()), False).paths == features.paths
    src = write_jsonl(tmp_path / "t.jsonl", [*rows, trace("g", 0, RIGHT)])
    assert run(runner, [src], tmp_path / "out").exit_code == 0
    paths = json.loads((tmp_path / "out" / "manifest.json").read_text())["stats"][
        "distinct_paths"]
    assert paths["total"] == 3 and paths["histogram"]["2"] == 1  # c: 2 programs; g: 1 path


def test_explain_lines_add_the_reason_last_or_replace_it():
    """--explain writes a dropped trace's line with `drop_reason` added last, without
    parsing it; a line that already holds one (a dropped.jsonl filtered again) is parsed
    and its reason replaced, as for a record."""
    import tempfile

    from star_cli.steps.filter import _Explain

    with tempfile.TemporaryDirectory() as tmp:
        explain = _Explain(Path(tmp))
        explain.add_line(b'{"id": "a", "x": [1, {"y": "}"}]}', "incorrect")
        explain.add_line(b'{}', "truncated")
        explain.add_line(b'{"id": "b", "drop_reason": "old"}', "near_duplicate")
        explain.file.close()
        lines = (Path(tmp) / "dropped.jsonl").read_bytes().splitlines()
    assert lines[0] == b'{"id": "a", "x": [1, {"y": "}"}], "drop_reason": "incorrect"}'
    assert json.loads(lines[1]) == {"drop_reason": "truncated"}
    assert json.loads(lines[2]) == {"id": "b", "drop_reason": "near_duplicate"}


def test_ids_given_twice_are_named_across_batches_and_before_later_errors(runner, tmp_path):
    """Ids are checked a batch at a time: a repeat is named with both places wherever the
    batches cut, and is the error raised when a bad trace follows it in its batch; an id
    that shares only its digest with another is no repeat."""
    from star_cli.io.readers import UniqueIds
    from star_cli.records import Location

    rows = [trace("p", k, RIGHT) for k in range(10)]
    again = write_jsonl(tmp_path / "again.jsonl", [*rows, rows[3]])
    r = run(runner, [again], tmp_path / "o1")
    assert r.exit_code == 2 and f"{again}:11" in r.output
    assert f"first at {again}:4" in r.output and "given twice" in r.output
    bad = write_jsonl(tmp_path / "bad.jsonl", [*rows, rows[3], {"id": "x", "problem_id": 3}])
    r = run(runner, [bad], tmp_path / "o2")
    assert r.exit_code == 2 and "given twice" in r.output and f"{bad}:11" in r.output
    unique = UniqueIds([str(again)], batch=4)
    unique._repeated(rows[5]["id"], Location(str(again), 6))  # met once: no error


def test_index_keys_sort_as_the_canonical_position():
    """The spool's index keys (bytes) sort as (problem id, source, iteration, sample, id)
    do, for ids with control characters, prefixes, non-ASCII and lone surrogates, and for
    counts of any size; the problem id reads back from its key."""
    from star_cli.io.spool import _count, _sortable, _unsortable

    texts = ["", "a", "a\x00", "a\x00b", "a\x01", "a\n", "a\tb", "a b", "ab", "a\x7f", "é",
             "\ud800", "\ue000", "\U0001f600", "a\x0b", "a\x0a\x00", "Z", "a\x1f"]
    assert sorted(texts, key=_sortable) == sorted(texts)
    assert all(_unsortable(_sortable(t)) == t for t in texts)
    assert all(b"\n" not in _sortable(t) and b"\0" not in _sortable(t) for t in texts)
    counts = [0, 1, 9, 10, 11, 99, 100, 1023, 1024, 10**20]
    assert sorted(counts, key=_count) == counts


def test_a_shape_seen_before_is_still_checked_for_its_values(tmp_path):
    """check_trace's shortcut for a record shape that passed before still refuses a
    negative count, an empty required string and a bad chat prompt, with the full
    check's message."""
    from star_cli.errors import InputError
    from star_cli.records import check_trace

    good = {"id": "a", "problem_id": "p", "completion": "x", "sample": 1, "gold": 3,
            "prompt": [{"role": "user", "content": "q"}]}
    for bad, field in [({"sample": -1}, "sample"), ({"problem_id": ""}, "problem_id"),
                       ({"prompt": [{"role": "user"}]}, "prompt")]:
        assert check_trace(dict(good), path="f", line=1, required=("problem_id",))["gold"] \
            == "3"
        with pytest.raises(InputError) as e:
            check_trace({**good, **bad}, path="f", line=2, required=("problem_id",))
        assert f"field '{field}'" in str(e.value)


@pytest.mark.parametrize("ranks", [[], ["--num-shards", "2"]])
def test_an_older_stars_out_resumes_and_a_changed_input_is_still_refused(runner, tmp_path,
                                                                         ranks):
    """An OUT written by a star whose input digest summed blake2b of each spooled line (with
    its newline), untagged, still resumes over the same traces; over others it is refused."""
    import hashlib

    rows = [trace(p, 0, RIGHT) for p in "abcdef"]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "out"
    assert run(runner, [src], out).exit_code == 0
    lines = src.read_bytes().splitlines(keepends=True)  # every trace is kept, as read
    legacy = sum(int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")
                 for line in lines) % (1 << 128)
    for part in [out / "manifest.json", *sorted((out / "ranks").glob("*.json"))]:
        text = part.read_text()
        digest = json.loads(text)["scope"]["input_digest"]
        assert digest.startswith("xxh3:")
        part.write_text(text.replace(digest, f"{legacy:032x}"))
    r = run(runner, [src], out, *ranks)
    assert r.exit_code == 0, r.output
    assert len(read_out(out)) == 6
    assert json.loads((out / "manifest.json").read_text())["scope"]["input_digest"] == digest
    for part in [out / "manifest.json", *sorted((out / "ranks").glob("*.json"))]:
        part.write_text(part.read_text().replace(digest, f"{legacy + 1:032x}"))
    r = run(runner, [src], out, *ranks)
    assert r.exit_code == 2 and "different traces" in r.output


def test_a_write_error_leaves_no_spool_work_behind(runner, tmp_path, monkeypatch):
    """When writing OUT fails part way, the run ends with its spool's clean-up done (the
    files of buckets already written are removed by then), not left to run on after the
    command has returned."""
    import threading

    from star_cli.io import spool as spool_module
    from star_cli.io.shards import ShardWriter

    src = write_jsonl(tmp_path / "t.jsonl", [trace(f"p{p:03d}", k, f"Step {k} of {p}. The "
                                                   f"answer is {p}.") for p in range(200)
                                             for k in range(2)])
    removed: list[str] = []
    real_remove = spool_module._remove

    def slow_remove(paths):
        threading.Event().wait(0.05)  # a removal that takes its time, as a large bucket's does
        real_remove(paths)
        removed.extend(p.name for p in paths)

    written = {"groups": 0}
    real_write = ShardWriter.write_lines

    def failing_write(self, payload, units=b""):
        written["groups"] += 1
        if written["groups"] > 30:
            raise OSError(28, "No space left on device")
        return real_write(self, payload, units)

    monkeypatch.setattr(spool_module, "_remove", slow_remove)
    monkeypatch.setattr(ShardWriter, "write_lines", failing_write)
    r = run(runner, [src], tmp_path / "out", "--shard-size", "10")
    assert r.exit_code == 1, r.output
    assert "No space left" in r.output
    assert removed  # buckets were released while writing
    assert not [t for t in threading.enumerate() if t.name.startswith("star-spool")]
