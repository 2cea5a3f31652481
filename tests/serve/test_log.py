"""Traffic becomes data: `--log OUT` is a star run directory whose traces `star score`,
`star check` and `star pairs` read; `star score` over it reproduces the served scores."""

from __future__ import annotations

import json

import pytest

from star_cli.cli import app
from star_cli.errors import UsageError
from star_cli.serve import StarServer
from star_cli.steps.score import ScoreRun
from tests.conftest import read_out, write_jsonl
from tests.serve.helpers import config

FEW_SHOT = ("Solve each problem.\n\nQ: What is 1 + 1?\nA: 1 + 1 = 2. The answer is 2.\n\n"
            "Q: What is 2 + 3?\nA:")
REQUESTS = [
    ("/completions", {"prompt": FEW_SHOT, "star": {"gold": "5"}}),
    ("/completions", {"prompt": "What is 2 + 3? Think, then answer.", "n": 2}),
    ("/chat/completions", {"messages": [{"role": "system", "content": "Be brief."},
                                        {"role": "user", "content": "What is 2 + 3?"}],
                           "star": {"gold": 5, "question": "2 + 3"}}),
]


def served_log(serve, tmp_path, **options):
    log = tmp_path / "log"
    running = serve(log=str(log), **options)
    ids = []
    for path, body in REQUESTS:
        reply = running.post(path, {"model": "m", **body})
        assert reply.status_code == 200, reply.text
        ids.append(reply.json()["id"])
    running.stop()
    return log, ids


def test_star_score_reproduces_the_served_scores(serve, tmp_path, tiny_model_dir):
    log, ids = served_log(serve, tmp_path)
    traces = read_out(log)
    assert sorted({t["problem_id"] for t in traces}) == sorted(ids)
    assert len(traces) == 3 * 4
    first = next(t for t in traces if t["problem_id"] == ids[0])
    assert first["prompt"] == FEW_SHOT and first["question"] == "What is 2 + 3?"
    assert first["source"] == "serve" and first["id"] == f"{ids[0]}/serve/it0/s{first['sample']}"
    out = tmp_path / "scored"
    ScoreRun(inputs=[str(log)], output=str(out), verifier=str(tiny_model_dir),
             quiet=True).execute()
    rescored = {t["id"]: t for t in read_out(out)}
    assert len(rescored) == len(traces)
    for t in traces:
        again = rescored[t["id"]]
        assert again["verifier_tokens"] == t["verifier_tokens"]
        assert again["verifier_score"] == pytest.approx(t["verifier_score"], abs=1e-4)


def test_labels_when_gold_given_else_null(serve, tmp_path, runner):
    log, ids = served_log(serve, tmp_path)
    by_problem = {}
    for t in read_out(log):
        by_problem.setdefault(t["problem_id"], []).append(t)
    gold, unlabelled, chat = (sorted(by_problem[i], key=lambda t: t["sample"]) for i in ids)
    assert [t["correct"] for t in gold] == [True, False, True, False]
    assert all(t["gold"] == "5" and t["check_reason"] in ("match", "mismatch") for t in gold)
    assert [t["answer"] for t in unlabelled] == ["5", "6", "5", "7"]
    assert all(t["gold"] is None and t["correct"] is None for t in unlabelled)
    assert [t["served_rank"] for t in unlabelled].count(None) == 2  # n=2 of k=4 returned
    assert chat[0]["question"] == "2 + 3" and chat[0]["gold"] == "5"
    assert isinstance(chat[0]["prompt"], list)
    manifest = json.loads((log / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["command"] == "serve"
    assert manifest["stats"]["requests"] == 3 and manifest["stats"]["traces"] == 12

    # Labelled traffic is verifier data as it is (jq 'select(.correct != null)');
    # unlabelled traffic is refused by star pairs, which needs verdicts.
    result = runner.invoke(app, ["pairs", str(log), "-o", str(tmp_path / "pairs-bad")])
    assert result.exit_code == 2 and "'correct'" in result.output
    write_jsonl(tmp_path / "judged.jsonl",
                [t for p in by_problem.values() for t in p if t["correct"] is not None])
    result = runner.invoke(app, ["pairs", str(tmp_path / "judged.jsonl"), "-o",
                                 str(tmp_path / "pairs")])
    assert result.exit_code == 0, result.output
    assert len(read_out(tmp_path / "pairs")) == 2 * 2 + 2 * 2
    # Unlabelled traffic: star check refuses it until a gold is added, then judges it.
    result = runner.invoke(app, ["check", str(log), "--task", "gsm8k", "-o",
                                 str(tmp_path / "checked-bad")])
    assert result.exit_code != 0 and "gold" in result.output
    labelled = [{**t, "gold": t["gold"] or "5"} for p in by_problem.values() for t in p]
    write_jsonl(tmp_path / "labelled.jsonl", labelled)
    result = runner.invoke(app, ["check", str(tmp_path / "labelled.jsonl"), "--task", "gsm8k",
                                 "-o", str(tmp_path / "checked")])
    assert result.exit_code == 0, result.output
    checked = read_out(tmp_path / "checked")
    assert sum(t["correct"] for t in checked) == 6 and len(checked) == 12


def test_log_resumes_and_refuses_another_configuration(serve, tmp_path, tiny_model_dir,
                                                       stub, verifier):
    served_log(serve, tmp_path)
    served_log(serve, tmp_path)  # a restart on the same OUT appends
    log = tmp_path / "log"
    traces = read_out(log)
    assert len(traces) == 24 and len({t["id"] for t in traces}) == 24
    manifest = json.loads((log / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["stats"]["requests"] == 6
    other = StarServer(config(str(tiny_model_dir), stub.url, k=5, log=str(log)),
                       verifier=verifier)
    with pytest.raises(UsageError, match="different configuration"):
        other.bind()  # before anything loads, and the port is given back
    assert other.socket is None


def test_reward_model_verifier_scores_as_star_score(tiny_model_dir, stub, tmp_path):
    """--kind reward-model, loaded by the server itself: the head's scalar per candidate,
    reproduced by star score --kind reward-model over the log."""
    import torch
    from transformers import AutoConfig, AutoTokenizer, LlamaForSequenceClassification

    from tests.serve.helpers import Running

    rm = tmp_path / "rm"
    torch.manual_seed(1)
    LlamaForSequenceClassification(AutoConfig.from_pretrained(tiny_model_dir, num_labels=1)
                                   ).save_pretrained(rm)
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(rm)
    log = tmp_path / "log"
    cfg = config(str(rm), stub.url, kind="reward-model", select="weighted-majority",
                 log=str(log))
    with Running(StarServer(cfg)) as running:
        reply = running.post("/completions", {"prompt": "Q: What is 2 + 3?\nA:",
                                              "star": {"return_candidates": True}}).json()
        assert reply["star"]["selected_by"] == "weighted-majority"
        running.stop()
    ScoreRun(inputs=[str(log)], output=str(tmp_path / "scored"), verifier=str(rm),
             kind="reward-model", quiet=True).execute()
    served = {c["trace_id"]: c["verifier_score"] for c in reply["star"]["candidates"]}
    again = {t["id"]: t["verifier_score"] for t in read_out(tmp_path / "scored")}
    assert served.keys() == again.keys()
    for tid, value in served.items():
        assert again[tid] == pytest.approx(value, abs=1e-4)


def test_log_to_stdout(serve, capsys):
    running = serve(log="-")
    reply = running.post("/completions", {"prompt": "Q: What is 2 + 3?\nA:"}).json()
    running.stop()
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [t["problem_id"] for t in lines] == [reply["id"]] * 4
    assert [t["sample"] for t in lines] == [0, 1, 2, 3]
