"""V-STaR end to end on CPU, offline: label samples (star generate), pair them (star pairs),
train a verifier with a real TRL DPOTrainer on a tiny model, score test candidates with it
(star score), pick one per problem and measure (star select): metrics for every k, the plot,
and the same figures recomputed from the scored traces with `star_cli.metrics`. Then
examples/vstar_loop.sh, with stand-ins for the two training commands."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.metrics import (
    best_of_k,
    exp_weights,
    majority_at_k,
    pass_at_k,
    weighted_majority_at_k,
)
from tests.conftest import REPO, read_out, write_jsonl
from tests.scripted import arithmetic_problems
from tests.tiny_model import tiny_model_dir  # noqa: F401

pytest.importorskip("torch")
pytest.importorskip("transformers")
pytest.importorskip("trl")
pytestmark = pytest.mark.slow  # trains a verifier with TRL; runs examples/vstar_loop.sh

PNG = b"\x89PNG\r\n\x1a\n"
TRAIN, TEST = 6, 4  # problems
SAMPLES, CANDIDATES = 4, 8  # per training problem and iteration; per test problem


def invoke(runner, *args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def by_problem(rows: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[r["problem_id"]].append(r)
    return {pid: sorted(rs, key=lambda r: r["sample"]) for pid, rs in out.items()}


def train_verifier(pairs: Path, base: Path, out: Path) -> None:
    """A few DPO steps from `base` on the pairs; the model and tokenizer saved to `out`."""
    import datasets
    from transformers import AutoTokenizer
    from trl import DPOConfig, DPOTrainer

    dataset = datasets.load_dataset(str(pairs), split="train")
    args = DPOConfig(output_dir=str(out / "run"), use_cpu=True, bf16=False, max_steps=3,
                     per_device_train_batch_size=4, learning_rate=5e-3, max_length=128,
                     report_to=[], logging_steps=1, save_strategy="no", disable_tqdm=True,
                     seed=0)
    trainer = DPOTrainer(model=str(base), args=args, train_dataset=dataset,
                         processing_class=AutoTokenizer.from_pretrained(base))
    trainer.train()
    assert trainer.state.global_step == 3
    trainer.save_model(str(out))


@pytest.mark.parametrize("chat", [False, True], ids=["text", "chat"])
def test_generate_pairs_dpo_score_select(runner, scripted, offline_hf, tiny_model_dir,  # noqa: F811
                                         tmp_path, chat):
    prompt = ["--chat"] if chat else []
    train = write_jsonl(tmp_path / "train.jsonl", arithmetic_problems(TRAIN))
    test = write_jsonl(tmp_path / "test.jsonl", arithmetic_problems(TEST, start=20))
    runs = tmp_path / "runs"

    # Two iterations of labelled samples: the oracle is right on even samples, wrong on odd
    # ones, and cuts sample 3 short.
    for i in (0, 1):
        invoke(runner, "generate", train, "--task", "gsm8k", "--model", f"m{i}", "--engine",
               "scripted", "-n", SAMPLES, "--iteration", i, "-o", runs / f"it{i}" / "gen", "-q",
               *prompt)

    # Every (correct, incorrect) pair of a problem, pooled over both iterations: the oracle
    # writes the same right and wrong rationale every time, so exact dedup leaves one right,
    # one wrong and one cut-short rationale per problem, two pairs.
    invoke(runner, "pairs", runs / "it0" / "gen", runs / "it1" / "gen", "--format", "dpo",
           "-o", runs / "verifier-data")
    pairs = read_out(runs / "verifier-data")
    assert len(pairs) == 2 * TRAIN
    assert all(set(p) >= {"prompt", "chosen", "rejected"} for p in pairs)
    if chat:  # TRL's conversational preference rows
        assert all([m["role"] for m in p["prompt"]] == ["system", "user"]
                   and p["chosen"][0]["role"] == "assistant" for p in pairs)
    else:
        assert all(p["prompt"].endswith("\nA:") and p["chosen"].startswith(" ") for p in pairs)
    stats = json.loads((runs / "verifier-data" / "manifest.json").read_text())["stats"]
    assert stats["read"] == 2 * TRAIN * SAMPLES and stats["problems_with_pairs"] == TRAIN

    verifier = runs / "verifier"
    train_verifier(runs / "verifier-data", tiny_model_dir, verifier)
    assert (verifier / "config.json").exists() and (verifier / "tokenizer.json").exists()

    # Test candidates, scored under the trained verifier and the model it started from.
    invoke(runner, "generate", test, "--task", "gsm8k", "--model", "m2", "--engine",
           "scripted", "-n", CANDIDATES, "-o", runs / "test-cands", "-q", *prompt)
    invoke(runner, "score", runs / "test-cands", "--verifier", verifier, "--reference",
           tiny_model_dir, "-o", runs / "test-scored", "--batch-size", 4)
    scored = read_out(runs / "test-scored")
    assert len(scored) == TEST * CANDIDATES
    cands = {r["id"]: r for r in read_out(runs / "test-cands")}
    for r in scored:
        assert isinstance(r["verifier_score"], float) and r["verifier_score"] < 0
        assert isinstance(r["reference_score"], float) and r["verifier_tokens"] > 0
        rest = {k: v for k, v in r.items()
                if k not in ("verifier_score", "verifier_tokens", "reference_score")}
        assert rest == cands[r["id"]]  # every other field passes through
    # The verifier is the DPO-trained model, not its start: its implicit reward
    # log V - log ref already ranks the cut-short candidates (rejected in every pair they
    # were in) below the finished ones.
    reward = {True: [], False: []}
    for r in scored:
        reward[r["finish_reason"] == "stop"].append(r["verifier_score"] - r["reference_score"])
    assert max(reward[False]) < min(reward[True])

    ks = list(range(1, CANDIDATES + 1))
    plot = tmp_path / "curves.png"
    result = invoke(runner, "select", runs / "test-scored", "--by", "verifier_score",
                    "-o", runs / "test-best", "--k", ",".join(map(str, ks)), "--plot", plot)
    assert "best-of-k (verifier_score)" in result.output and "majority@k" in result.output
    assert plot.read_bytes().startswith(PNG)

    metrics = json.loads((runs / "test-best" / "metrics.json").read_text())
    assert metrics["k"] == ks and metrics["problems"] == TEST
    assert metrics["candidates"] == {"min": CANDIDATES, "max": CANDIDATES,
                                     "mean": float(CANDIDATES)}
    m = metrics["metrics"]
    assert set(m) == {"pass@k", "majority@k", "weighted_majority@k",
                      "best_of_k:verifier_score", "best_of_k:reference_score"}
    for rows in m.values():
        assert [r["k"] for r in rows] == ks
        assert all(r["problems"] == TEST and 0 <= r["value"] <= 1 for r in rows)
        assert all(r["exact"] for r in rows)  # C(8,k) <= 1,000 subsets: enumerated

    # The same figures from the scored traces, problem by problem, with the library.
    problems = by_problem(scored)
    for k in ks:
        want = defaultdict(float)
        for rows in problems.values():
            answers = [r["answer"] for r in rows]
            correct = [r["correct"] for r in rows]
            scores = [r["verifier_score"] for r in rows]
            want["pass@k"] += pass_at_k(len(rows), sum(correct), k)
            want["majority@k"] += majority_at_k(answers, correct, k)
            want["weighted_majority@k"] += weighted_majority_at_k(
                answers, correct, exp_weights(scores), k)
            want["best_of_k:verifier_score"] += best_of_k(scores, correct, k)
            want["best_of_k:reference_score"] += best_of_k(
                [r["reference_score"] for r in rows], correct, k)
        for name, total in want.items():
            assert m[name][k - 1]["value"] == pytest.approx(total / TEST, abs=2e-6), (name, k)
    assert m["pass@k"][0]["value"] == pytest.approx(0.5)  # 4 of 8 right per problem

    # One trace per problem: its highest verifier_score, the whole trace, marked.
    best = read_out(runs / "test-best")
    assert sorted(r["problem_id"] for r in best) == sorted(problems)
    for r in best:
        top = max(c["verifier_score"] for c in problems[r["problem_id"]])
        assert r["verifier_score"] == top
        assert r["selected_by"] == "verifier_score" and r["selected_from"] == CANDIDATES
        assert r["completion"] and r["rationale"] and "verifier_tokens" in r
    # Best-of-N is the accuracy of picking by the score (every tie here is one rationale).
    right = sum(r["correct"] for r in best)
    assert metrics["selected"]["correct"] == right
    assert m["best_of_k:verifier_score"][-1]["value"] == pytest.approx(right / TEST)


@pytest.mark.parametrize("chat", [
    pytest.param(False, id="text"),
    pytest.param(True, id="chat"),
])
def test_score_is_the_likelihood_of_the_sequence_dpo_trained_on(runner, scripted, offline_hf,
                                                                tiny_model_dir,  # noqa: F811
                                                                tmp_path, chat):
    """A trace's verifier_score is log V of exactly what the verifier saw in training for
    that trace: the (prompt, chosen) or (prompt, rejected) row star pairs wrote for it."""
    from star_cli.verifier import Verifier

    problems = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(3))
    invoke(runner, "generate", problems, "--task", "gsm8k", "--model", "m", "--engine",
           "scripted", "-n", SAMPLES, "-o", tmp_path / "gen", "-q", *(["--chat"] * chat))
    invoke(runner, "pairs", tmp_path / "gen", "-o", tmp_path / "pairs", "-q")
    invoke(runner, "score", tmp_path / "gen", "--verifier", tiny_model_dir, "-o",
           tmp_path / "scored", "-q")
    scored = {r["id"]: r for r in read_out(tmp_path / "scored")}
    rows = read_out(tmp_path / "pairs")
    assert rows
    with Verifier(str(tiny_model_dir)) as v:
        for row in rows:
            got = v.score(row["prompt"], [row["chosen"], row["rejected"]])
            for s, tid in zip(got, (row["chosen_id"], row["rejected_id"]), strict=True):
                assert scored[tid]["verifier_tokens"] == s.tokens, tid
                assert scored[tid]["verifier_score"] == pytest.approx(s.value, abs=1e-4), tid


# -- examples/vstar_loop.sh ---------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_vstar_loop_script(tiny_model_dir, tmp_path):  # noqa: F811
    star = Path(sys.executable).parent / "star"
    if not star.exists():
        pytest.skip("the star command is not installed next to this Python")
    train = write_jsonl(tmp_path / "train.jsonl", arithmetic_problems(4))
    test = write_jsonl(tmp_path / "test.jsonl", arithmetic_problems(3, start=20))
    # Stand-ins for trl sft and trl dpo: a copy of the tiny model (so that star score loads
    # a real verifier), and a note of what it was trained from and on.
    stand_in = f"mkdir -p {{out}} && cp -r {tiny_model_dir}/. {{out}} && " \
               "echo '{base} {data}' > {out}/trained-on"
    env = {
        **os.environ,
        "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "STAR_SAMPLES": "4",
        "TEST_SAMPLES": "6",
        "STAR_ARGS": "--engine tests.scripted:ScriptedEngine -q",
        "FINETUNE": stand_in,
        "TRAIN_VERIFIER": stand_in,
    }
    runs = tmp_path / "runs"
    cmd = ["bash", str(REPO / "examples" / "vstar_loop.sh"), str(train), str(test), "gsm8k",
           "base-model", "2", str(runs)]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    # The generator: always fine-tuned from the base, on the correct traces of every
    # iteration so far (V-STaR's growing D_GEN).
    for i in (0, 1):
        it = runs / f"it{i}"
        assert len(read_out(it / "gen")) == 4 * 4
        assert len(read_out(it / "sft")) == 4 * 2 * (i + 1)  # samples 0 and 2 are right
        assert (it / "model" / "trained-on").read_text().split() == ["base-model",
                                                                    str(it / "sft")]
    assert json.loads((runs / "it1" / "gen" / "manifest.json").read_text())["config"][
        "model"] == str(runs / "it0" / "model")
    # The verifier: once, from the first SFT model, on the pairs of every iteration.
    assert (runs / "verifier" / "trained-on").read_text().split() == [
        str(runs / "it0" / "model"), str(runs / "verifier-data")]
    pairs = json.loads((runs / "verifier-data" / "manifest.json").read_text())
    assert pairs["stats"]["read"] == 2 * 4 * 4 and pairs["records"] == 4 * 2
    # Test candidates from the last generator, scored, selected, measured, plotted.
    cands = json.loads((runs / "test" / "cands" / "manifest.json").read_text())
    assert cands["config"]["model"] == str(runs / "it1" / "model")
    scored = read_out(runs / "test" / "scored")
    assert len(scored) == 3 * 6 and all("reference_score" in r for r in scored)
    assert len(read_out(runs / "test" / "best")) == 3
    metrics = json.loads((runs / "test" / "best" / "metrics.json").read_text())
    assert metrics["k"] == [1, 2, 4, 6] and "best_of_k:verifier_score" in metrics["metrics"]
    assert (runs / "curves.png").read_bytes().startswith(PNG)

    rerun = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "+ mkdir" not in rerun.stderr  # finished trainings are not redone


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("engine", "samples", "message", "made"),
    [
        # always wrong without a hint: nothing to fine-tune on
        ("HintEngine", 2, "star: error: nothing kept", []),
        # one sample, always right: a generator to train, but no incorrect trace to pair with
        ("ScriptedEngine", 1, "no pairs", ["it0/model", "it1/model"]),
    ],
    ids=["nothing-kept", "no-pairs"],
)
def test_vstar_loop_stops_on_an_empty_step(tmp_path, engine, samples, message, made):
    star = Path(sys.executable).parent / "star"
    if not star.exists():
        pytest.skip("the star command is not installed next to this Python")
    train = write_jsonl(tmp_path / "train.jsonl", arithmetic_problems(3))
    env = {
        **os.environ,
        "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(REPO),
        "STAR_SAMPLES": str(samples),
        "STAR_ARGS": f"--engine tests.scripted:{engine} -q",
        "FINETUNE": "mkdir -p {out} && touch {out}/trained",
        "TRAIN_VERIFIER": "mkdir -p {out} && touch {out}/trained",
    }
    runs = tmp_path / "runs"
    proc = subprocess.run(
        ["bash", str(REPO / "examples" / "vstar_loop.sh"), str(train), str(train), "gsm8k",
         "base-model", "2", str(runs)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert message in proc.stderr and "vstar_loop: " in proc.stderr
    assert sorted(str(p.parent.relative_to(runs)) for p in runs.glob("*/*/trained")) == made
    assert not (runs / "verifier").exists() and not (runs / "test").exists()
