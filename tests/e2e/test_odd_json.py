"""Any legal JSON survives: lone surrogates and the Unicode line separators (U+2028, U+2029,
U+0085) round-trip exactly through star's commands; training exports carry U+FFFD for lone
surrogates (counted, said) so that `datasets` loads them. Inputs are built with a JSON
encoder, as real data holds them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from star_cli.cli import app
from tests.conftest import make_trace, read_out, write_jsonl

ODD = "odd \ud800 text\u2028line\u2029para\u0085next \udfff end"


def traces() -> list[dict]:
    rows = []
    for k in range(3):
        for s in range(2):
            answer = k + 1 + s
            rows.append(make_trace(
                problem_id=f"p{k} {ODD}", sample=s, question=f"What is {k} + 1? {ODD}",
                gold=str(k + 1), prompt=f"Q: What is {k} + 1? {ODD}\nA:",
                completion=f"Thinking {ODD}. The answer is {answer}.",
                rationale=f"Thinking {ODD}. The answer is {answer}.", answer=str(answer),
                correct=s == 0, check_reason=None, answer_source=None))
    return rows


@pytest.fixture
def src(tmp_path: Path) -> Path:
    path = tmp_path / "t.jsonl"
    # ensure_ascii (the default): the file holds \\ud800 escapes, as JSON from a server does
    path.write_text("".join(json.dumps(r) + "\n" for r in traces()), encoding="utf-8")
    return path


def test_check_keeps_every_value_exactly(runner, src, tmp_path):
    r = runner.invoke(app, ["check", str(src), "--task", "gsm8k", "-o", str(tmp_path / "c")])
    assert r.exit_code == 0, r.output
    out = read_out(tmp_path / "c")
    for old, new in zip(traces(), out, strict=True):
        assert (new["question"], new["completion"], new["problem_id"]) == \
            (old["question"], old["completion"], old["problem_id"])
    assert [t["correct"] for t in out] == [True, False] * 3
    raw = b"".join(f.read_bytes() for f in sorted((tmp_path / "c" / "data").glob("*.jsonl")))
    raw.decode("utf-8")  # valid UTF-8 on disk: the surrogates are escapes
    assert b"\\ud800" in raw and "\u2028".encode() in raw


def test_filter_pairs_select_and_score_inputs_read_them(runner, src, tmp_path):
    for args in (["filter", "--dedup", "minhash"], ["filter", "--format", "traces"],
                 ["pairs"], ["select", "--by", "majority"]):
        r = runner.invoke(app, [args[0], str(src), *args[1:], "-o", str(tmp_path / args[0])])
        assert r.exit_code == 0, (args, r.output)
        tmp = tmp_path / args[0]
        if args[0] == "filter":
            kept = read_out(tmp)
            assert {t["completion"] for t in kept} <= {t["completion"] for t in traces()}
        import shutil

        shutil.rmtree(tmp)


def test_training_exports_load_in_datasets(runner, src, tmp_path):
    datasets = pytest.importorskip("datasets")
    for args in (["filter", "--format", "messages"], ["pairs", "--format", "dpo"]):
        out = tmp_path / args[0]
        r = runner.invoke(app, [args[0], str(src), *args[1:], "-o", str(out)])
        assert r.exit_code == 0, r.output
        assert "held lone surrogates" in r.stderr and "U+FFFD" in r.stderr
        ds = datasets.load_dataset("json", data_files=str(out / "data" / "*.jsonl"),
                                   split="train", cache_dir=str(tmp_path / f"c-{args[0]}"))
        text = json.dumps(ds[0], ensure_ascii=False)
        assert "\ufffd" in text and "\u2028" in text  # separators load as they are
        assert json.loads((out / "manifest.json").read_text())["stats"][
            "surrogates_replaced"] > 0


def test_a_server_reply_with_lone_surrogates_is_stored_exactly(runner, server, tmp_path):
    problems = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "What is 2 + 2?",
                                                   "answer": "#### 4"}])
    def reply(data):
        for choice in data["choices"]:
            choice["text"] = f"Sure {ODD}. The answer is 4."
        return data

    server.script.append(("mutate", reply))
    r = runner.invoke(app, ["generate", str(problems), "--task", "gsm8k", "--engine", "openai",
                            "--base-url", server.url, "--model", "m", "-n", "1",
                            "-o", str(tmp_path / "g"), "-q"])
    assert r.exit_code == 0, r.output
    [trace] = read_out(tmp_path / "g")
    assert trace["completion"] == f"Sure {ODD}. The answer is 4." and trace["correct"] is True


def test_a_question_with_a_lone_surrogate_reaches_the_engine_as_fffd(runner, scripted,
                                                                     tmp_path):
    problems = tmp_path / "p.jsonl"
    problems.write_text(json.dumps({"id": "a", "question": f"What is 1 + 1? {ODD}",
                                    "answer": "#### 2"}) + "\n")
    r = runner.invoke(app, ["generate", str(problems), "--task", "gsm8k", "--engine",
                            "scripted", "--model", "m", "-n", "1", "-o", str(tmp_path / "g"),
                            "-q"])
    assert r.exit_code == 0, r.output
    sent = scripted.seen[0].prompt
    assert "\ufffd" in sent and "\ud800" not in sent
    [trace] = read_out(tmp_path / "g")
    assert ODD in trace["question"] and ODD in trace["prompt"]


def test_a_key_given_twice_is_written_once(runner, tmp_path):
    """JSON keeps the last value of a key given twice, and so does star; a line passed on as
    read would keep both, which pyarrow (and so `datasets`) refuses to load."""
    pyarrow_json = pytest.importorskip("pyarrow.json")
    rows = [json.dumps(make_trace(problem_id=f"p{k}", gold="1", completion="The answer is 1.",
                                  correct=True))[:-1] + ', "correct": true, "x": {"a": 1, "a": 2}}'
            for k in range(3)]
    src = tmp_path / "t.jsonl"
    src.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    for command in (["filter"], ["check", "--task", "gsm8k"]):
        out = tmp_path / command[0]
        r = runner.invoke(app, [command[0], str(src), *command[1:], "-o", str(out)])
        assert r.exit_code == 0, r.output
        for shard in (out / "data").glob("*.jsonl"):
            assert shard.read_bytes().count(b'"correct"') == 3
            pyarrow_json.read_json(shard)  # raises on a repeated key
        assert [t["x"] for t in read_out(out)] == [{"a": 2}] * 3
