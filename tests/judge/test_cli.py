"""The judge through star's commands: `--checker judge` and `RULE+judge` in `star check` and
`star generate`, the reply stored for audit, judge_error never a label downstream."""

from __future__ import annotations

import json
from pathlib import Path

from star_cli.cli import app
from tests.conftest import write_jsonl
from tests.judge.stub_server import NO, YES, StubJudgeServer, always, sections


def traces(tmp_path: Path) -> Path:
    def t(pid: str, k: int, gold: str, completion: str, correct: bool) -> dict:
        return {"id": f"{pid}/generate/it0/s{k}", "problem_id": pid,
                "question": f"Question {pid}?", "gold": gold,
                "prompt": f"Q: Question {pid}?\nA:", "completion": completion,
                "correct": correct, "source": "generate", "iteration": 0, "sample": k}
    return write_jsonl(tmp_path / "t.jsonl", [
        t("a", 0, "18", "She earns 3 * 6 = 18. The answer is 18.", True),
        t("a", 1, "18", "The answer is kumi na nane dollars.", False),   # the rule reads no value
        t("a", 2, "18", "The answer is 17.", False),                 # a number: decided
        t("b", 0, "Paris", "The answer is Paris, France.", False),   # prose: to the judge
        t("b", 1, "Paris", "Let's solve this step by step.", False),  # no answer: guarded
    ])


def run(runner, *args: str):
    return runner.invoke(app, [str(a) for a in args])


def test_rule_then_judge_sends_only_what_the_rule_cannot_decide(runner, tmp_path):
    src = traces(tmp_path)
    with StubJudgeServer(responder=always(YES)) as server:
        r = run(runner, "check", src, "--checker", "math+judge", "--judge-url", server.url,
                "--judge-model", "judge-m", "-o", tmp_path / "out")
        asked = [sections(body)["response"] for body in server.requests]
    assert r.exit_code == 0, r.output
    assert sorted(asked) == ["The answer is Paris, France.", "The answer is kumi na nane dollars."]
    out = {rec["id"]: rec for f in sorted((tmp_path / "out" / "data").glob("*.jsonl"))
           for rec in map(json.loads, f.read_text().splitlines())}
    assert out["a/generate/it0/s1"]["correct"] is True
    assert out["a/generate/it0/s1"]["judge_reply"] == YES
    assert out["a/generate/it0/s2"]["correct"] is False  # the rule decided: no judge asked
    assert "judge_reply" not in out["a/generate/it0/s2"]
    assert out["b/generate/it0/s1"]["check_reason"] == "no_answer"
    assert {rec["checker"] for rec in out.values()} == {"math+judge"}
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["config"]["judge"]["model"] == "judge-m"
    # a rerun resumes: nothing new to judge, and the cache would answer anyway
    with StubJudgeServer(responder=always(NO)) as server:
        again = run(runner, "check", src, "--checker", "math+judge", "--judge-url",
                    server.url, "--judge-model", "judge-m", "-o", tmp_path / "out")
        assert again.exit_code == 0 and server.requests == []


def test_a_broken_contract_is_judge_error_and_never_a_label(runner, tmp_path):
    src = traces(tmp_path)
    with StubJudgeServer(responder=always("I think so.")) as server:
        r = run(runner, "check", src, "--checker", "judge", "--judge-url", server.url,
                "--judge-model", "m", "--judge-retries", "0", "-o", tmp_path / "judged")
    assert r.exit_code == 0, r.output
    out = [json.loads(line) for f in sorted((tmp_path / "judged" / "data").glob("*.jsonl"))
           for line in f.read_text().splitlines()]
    errors = [rec for rec in out if rec["check_reason"] == "judge_error"]
    assert len(errors) == 4 and all(rec["correct"] is False for rec in errors)
    assert all(rec["judge_reply"] == "I think so." for rec in errors)
    # filter: never kept, and counted apart from the wrong answers
    f = run(runner, "filter", tmp_path / "judged", "--no-correct", "-o", "-")
    assert f.exit_code == 0 and "judge_error 4" in " ".join(f.stderr.split())
    assert [json.loads(line)["check_reason"] for line in f.stdout.splitlines()] == ["no_answer"]
    # pairs: never the rejected side of a pair
    correct = {**errors[0], "id": "a/generate/it0/s9", "sample": 9, "correct": True,
               "check_reason": "match", "completion": "The answer is 18."}
    both = write_jsonl(tmp_path / "both.jsonl", [*errors, correct])
    p = run(runner, "pairs", both, "-o", "-")
    assert p.exit_code == 1 and "no pairs" in p.stderr


def test_unreachable_judge_is_one_line_and_exit_2(runner, tmp_path):
    src = traces(tmp_path)
    r = run(runner, "check", src, "--checker", "judge", "--judge-url", "http://127.0.0.1:9/v1",
            "--judge-model", "m", "--judge-retries", "0", "-o", tmp_path / "o")
    assert r.exit_code == 2 and r.stderr.count("\n") == 1 and "star: error:" in r.stderr


def test_judge_needs_a_server(runner, tmp_path):
    r = run(runner, "check", traces(tmp_path), "--checker", "judge", "-o", "-")
    assert r.exit_code == 2 and "--judge-url and --judge-model" in r.stderr


def test_judge_eval_through_the_cli(runner, tmp_path):
    src = traces(tmp_path)
    with StubJudgeServer(responder=always(YES)) as server:
        r = run(runner, "judge-eval", src, "--judge-url", server.url, "--judge-model", "m",
                "--json", tmp_path / "report.json", "--battery-pairs", "2")
    assert r.exit_code == 0, r.output
    report = json.loads((tmp_path / "report.json").read_text())
    # labels: a0 right, a1..b1 wrong; a judge saying Yes calls the 3 answered ones right
    assert report["confusion"]["tp"] == 1 and report["confusion"]["fp"] >= 2
    assert "agreement" in r.stderr and "kappa" in r.stderr
