"""Process reward models: the TRL stepwise layout, scores equal to a direct forward pass at
each step's end, `star score --kind prm` and `star select --by prm_min`."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from star_cli.cli import app
from star_cli.engines.scoring.prm import encode_steps
from tests.conftest import read_out, write_jsonl
from tests.tiny_model import tiny_model_dir  # noqa: F401

PROMPT = "Q: What is 2 + 3?\nA:"
STEPS = ["2 + 3 = 5.", "So the total is 5.", "The answer is 5."]


@pytest.fixture(scope="module")
def prm_dir(tiny_model_dir, tmp_path_factory) -> Path:  # noqa: F811
    """The tiny model with a fresh two-label token-classification head."""
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    torch.manual_seed(1)
    path = tmp_path_factory.mktemp("prm")
    model = AutoModelForTokenClassification.from_pretrained(tiny_model_dir, num_labels=2)
    model.save_pretrained(path)
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(path)
    return path


def direct(prm_dir: Path, prompt: str, steps: list[str]) -> list[float]:
    """Each step's probability from one unbatched forward pass, positions found by hand."""
    import torch
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(prm_dir)
    model = AutoModelForTokenClassification.from_pretrained(prm_dir).eval()
    ids = tok(prompt, add_special_tokens=False)["input_ids"]
    ends = []
    for step in steps:
        ids = ids + tok(step, add_special_tokens=False)["input_ids"] + \
            tok.encode("\n", add_special_tokens=False)
        ends.append(len(ids) - 1)
    with torch.no_grad():
        probs = torch.softmax(model(torch.tensor([ids])).logits[0].float(), -1)[:, 1]
    return [float(probs[e]) for e in ends]


class _Tok:
    """A stand-in tokenizer: one id per character, and a BOS."""

    bos_token_id = 99

    def __call__(self, text: str, add_special_tokens: bool = True) -> dict[str, list[int]]:
        assert not add_special_tokens
        return {"input_ids": [ord(c) for c in text]}

    def encode(self, text: str, add_special_tokens: bool = True) -> list[int]:
        return self(text, add_special_tokens)["input_ids"]


def test_encode_steps_is_trls_stepwise_layout() -> None:
    ids, ends = encode_steps(_Tok(), "Q:", ["ab", "c"], "\n")
    assert ids == [99, ord("Q"), ord(":"), ord("a"), ord("b"), 10, ord("c"), 10]
    assert ends == [5, 7]  # each step's label on its separator's last token


def test_process_verifier_equals_a_direct_forward_pass(prm_dir) -> None:
    from star_cli.verifier import PRM_SCORES, ProcessVerifier, aggregates

    items = [(PROMPT, STEPS), (PROMPT, STEPS[:1]), ("Q: What is 7 + 1?\nA:", STEPS[::-1]),
             (PROMPT, [])]
    want = [direct(prm_dir, p, s) for p, s in items]
    for batch_size in (1, 3):
        with ProcessVerifier(str(prm_dir), batch_size=batch_size) as v:
            got = v.score_many(items)
        for g, w in zip(got, want, strict=True):
            assert len(g) == len(w) and all(math.isclose(a, b, abs_tol=1e-5)
                                            for a, b in zip(g, w, strict=True))
    agg = aggregates([0.9, 0.5, 0.8])
    assert agg == {"prm_min": 0.5, "prm_last": 0.8, "prm_prod": pytest.approx(0.36)}
    assert aggregates([]) == dict.fromkeys(PRM_SCORES, 0.0)


def test_process_verifier_refuses_what_it_cannot_do(prm_dir, tiny_model_dir) -> None:  # noqa: F811
    from star_cli.errors import EngineError, UsageError
    from star_cli.verifier import ProcessVerifier

    with pytest.raises(UsageError, match="transformers engine only"):
        ProcessVerifier(str(prm_dir), engine="vllm")
    with pytest.raises(EngineError, match="does not exist"):
        ProcessVerifier("./no/such/prm")


# -- star score --kind prm, star select ----------------------------------------------------
def trace(pid: str, i: int, parts: list[str], correct: bool, **extra: Any) -> dict[str, Any]:
    rationale = "\n\n".join(parts)
    return {"id": f"{pid}-{i}", "problem_id": pid, "question": "What is 2 + 3?", "gold": "5",
            "prompt": PROMPT, "completion": " " + rationale, "rationale": rationale,
            "answer": "5" if correct else "6", "correct": correct, "checker": "numeric",
            "iteration": 0, "sample": i, "source": "generate", **extra}


@pytest.fixture
def traces(tmp_path: Path) -> Path:
    rows = []
    for p in range(3):
        rows += [trace(f"p{p}", 0, STEPS, True),
                 trace(f"p{p}", 1, ["2 + 3 = 6.", "The answer is 6."], False),
                 trace(f"p{p}", 2, ["Add them.", "2 + 3 = 5.", "The answer is 5."], True),
                 trace(f"p{p}", 3, ["I guess.", "The answer is 6."], False,
                       steps=["I guess.", "The answer", "is 6."])]  # star steps' own steps
    return write_jsonl(tmp_path / "traces.jsonl", rows)


def test_star_score_prm_adds_steps_and_aggregates(runner, traces, prm_dir, tmp_path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["score", str(traces), "--kind", "prm", "--verifier",
                                 str(prm_dir), "-o", str(out), "--batch-size", "3"])
    assert result.exit_code == 0, result.output
    assert "mean prm_min" in result.stderr
    rows = read_out(out)
    assert len(rows) == 12
    for r in rows:
        steps = r.get("steps") or r["rationale"].split("\n\n")  # paragraphs by default
        want = direct(prm_dir, PROMPT, steps)
        assert len(r["prm_steps"]) == len(steps)
        assert all(math.isclose(a, b, abs_tol=1e-5) for a, b in zip(r["prm_steps"], want,
                                                                     strict=True))
        assert math.isclose(r["prm_min"], min(want), abs_tol=1e-5)
        assert math.isclose(r["prm_last"], want[-1], abs_tol=1e-5)
        assert math.isclose(r["prm_prod"], math.prod(want), abs_tol=1e-5)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["kind"] == "prm" and manifest["config"]["step_sep"] == "paragraphs"
    assert manifest["stats"]["prm_steps"] == sum(len(r["prm_steps"]) for r in rows)
    # resumes; another --step-sep is another run
    again = runner.invoke(app, ["score", str(traces), "--kind", "prm", "--verifier",
                                str(prm_dir), "-o", str(out)])
    assert again.exit_code == 0 and "scored 0 traces" in again.stderr
    other = runner.invoke(app, ["score", str(traces), "--kind", "prm", "--verifier",
                                str(prm_dir), "--step-sep", "lines", "-o", str(out)])
    assert other.exit_code == 2 and "step_sep" in other.stderr


def test_select_reports_the_process_verifier_beside_the_others(runner, traces, prm_dir,
                                                               tmp_path) -> None:
    scored = tmp_path / "scored"
    assert runner.invoke(app, ["score", str(traces), "--kind", "prm", "--verifier",
                               str(prm_dir), "-q", "-o", str(scored)]).exit_code == 0
    # an outcome verifier's score too, as star score writes it
    rows = [{**r, "verifier_score": -float(len(r["rationale"]))} for r in read_out(scored)]
    both = write_jsonl(tmp_path / "both.jsonl", rows)
    best = tmp_path / "best"
    result = runner.invoke(app, ["select", str(both), "--by", "prm_min", "-o", str(best)])
    assert result.exit_code == 0, result.output
    metrics = json.loads((best / "metrics.json").read_text())["metrics"]
    for name in ("pass@k", "majority@k", "best_of_k:prm_min", "best_of_k:prm_last",
                 "best_of_k:prm_prod", "best_of_k:verifier_score"):
        assert name in metrics, sorted(metrics)
    for r in read_out(best):  # each pick has the highest prm_min of its problem
        assert r["selected_by"] == "prm_min"
        assert r["prm_min"] == max(x["prm_min"] for x in rows if x["problem_id"] ==
                                   r["problem_id"])
    assert "best-of-k (prm_min)" in result.stderr


def test_star_score_prm_bad_input_and_options(runner, traces, prm_dir, tmp_path) -> None:
    out = tmp_path / "out"
    rows = [json.loads(x) for x in traces.read_text().splitlines()]
    rows[2]["prompt"] = [{"role": "user", "content": "What is 2 + 3?"}]
    chat = write_jsonl(tmp_path / "chat.jsonl", rows)
    result = runner.invoke(app, ["score", str(chat), "--kind", "prm", "--verifier",
                                 str(prm_dir), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{chat}:3: field 'prompt': is a chat prompt" in result.stderr
    rows[2] = {**json.loads(traces.read_text().splitlines()[2]), "steps": "one"}
    bad = write_jsonl(tmp_path / "bad.jsonl", rows)
    result = runner.invoke(app, ["score", str(bad), "--kind", "prm", "--verifier",
                                 str(prm_dir), "-o", str(out)])
    assert result.exit_code == 2 and f"{bad}:3: field 'steps'" in result.stderr
    result = runner.invoke(app, ["score", str(traces), "--kind", "prm", "--verifier",
                                 str(prm_dir), "--reference", str(prm_dir), "-o", str(out)])
    assert result.exit_code == 2 and "without --reference" in result.stderr
    assert not out.exists()
