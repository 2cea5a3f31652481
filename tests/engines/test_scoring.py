"""Verifier scoring (`star_cli.verifier`), `star score`, and the verifier GRPO reward.

The transformers scorer is checked against log-probabilities computed here by hand on a tiny
model (one unpadded forward pass per sequence, log_softmax, gather); the vllm scorer against
the stand-in (tests/fake_vllm), which runs the same tiny model for `prompt_logprobs`; the
openai scorer against the local test server answering `echo` requests, once with the tiny
model's own tokens and log-probs behind it and once with its word tokenizer.
"""

from __future__ import annotations

import importlib
import json
import math
import pickle
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from star_cli.cli import app
from star_cli.errors import EngineError, UsageError
from star_cli.steps.score import scored_pair
from tests.conftest import FAKE_VLLM, make_trace, read_jsonl, read_out, write_jsonl
from tests.openai_server import ECHO_GENERATED, FakeOpenAIServer, word_tokens
from tests.tiny_model import tiny_model_dir  # noqa: F401

pytest.importorskip("torch")
pytest.importorskip("transformers")

TEXT = "Q: What is 2 + 3? A:"
CHAT = [{"role": "user", "content": "What is 12 * 4?"}]
COMPLETIONS = [" 2 + 3 = 5. The answer is 5.", " 6.", "",
               " Tom has 7 apples and eats 2. 7 - 2 = 5. The answer is 5."]
TOL = 1e-4


# -- by hand ---------------------------------------------------------------------------------
class Direct:
    """Scores computed without star: the trainer's sequence, one forward pass each."""

    def __init__(self, path: Path, kind: str = "logprob") -> None:
        import torch
        from transformers import (
            AutoModelForCausalLM,
            AutoModelForSequenceClassification,
            AutoTokenizer,
        )

        self.torch = torch
        self.tok = AutoTokenizer.from_pretrained(path)
        auto = AutoModelForSequenceClassification if kind == "reward-model" else \
            AutoModelForCausalLM
        self.model = auto.from_pretrained(path, dtype=torch.float32).eval()

    def sequence(self, prompt: Any, completion: Any, eos: bool = True) -> tuple[list[int], int]:
        tok = self.tok
        if isinstance(prompt, str):
            prompt_ids = tok(prompt)["input_ids"]
            whole = tok(prompt + completion + (tok.eos_token if eos else ""))["input_ids"]
        else:  # as TRL's DPO tokenizes a conversational example
            reply = ([{"role": "assistant", "content": completion}]
                     if isinstance(completion, str) else completion)
            prompt_ids = list(tok.apply_chat_template(prompt, add_generation_prompt=True,
                                                      tokenize=True, return_dict=True)
                              ["input_ids"])
            whole = list(tok.apply_chat_template(prompt + reply, tokenize=True,
                                                 return_dict=True)["input_ids"])
        start = 0
        while start < min(len(prompt_ids), len(whole)) and prompt_ids[start] == whole[start]:
            start += 1
        return whole, start

    def logprob(self, prompt: Any, completion: Any, eos: bool = True) -> tuple[float, int]:
        torch = self.torch
        ids, start = self.sequence(prompt, completion, eos)
        with torch.no_grad():
            logits = self.model(torch.tensor([ids])).logits[0].float()
        lp = torch.log_softmax(logits, dim=-1)
        total = sum(lp[i - 1, ids[i]].item() for i in range(max(start, 1), len(ids)))
        return total, len(ids) - start

    def reward(self, prompt: Any, completion: Any) -> float:
        torch = self.torch
        ids, _ = self.sequence(prompt, completion)
        with torch.no_grad():
            return self.model(torch.tensor([ids])).logits[0, 0].item()


@pytest.fixture(scope="module")
def direct(tiny_model_dir: Path) -> Direct:  # noqa: F811
    return Direct(tiny_model_dir)


@pytest.fixture(scope="module")
def verifier(tiny_model_dir: Path):  # noqa: F811
    from star_cli.verifier import Verifier

    with Verifier(str(tiny_model_dir), batch_size=3) as v:
        yield v


@pytest.fixture(scope="module")
def reward_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """A tiny sequence-classification model with one label, as TRL's RewardTrainer makes."""
    import torch
    from transformers import AutoConfig, AutoTokenizer, LlamaForSequenceClassification

    path = tmp_path_factory.mktemp("tiny-rm")
    config = AutoConfig.from_pretrained(tiny_model_dir, num_labels=1)
    torch.manual_seed(1)
    LlamaForSequenceClassification(config).save_pretrained(path)
    AutoTokenizer.from_pretrained(tiny_model_dir).save_pretrained(path)
    return path


def close(got: float, want: float) -> bool:
    return abs(got - want) <= TOL


# -- the transformers scorer -------------------------------------------------------------------
@pytest.mark.parametrize("prompt", [TEXT, CHAT], ids=["text", "chat"])
def test_scores_equal_a_direct_forward_pass(verifier, direct, prompt) -> None:
    scores = verifier.score(prompt, COMPLETIONS)
    assert len(scores) == len(COMPLETIONS)
    for s, c in zip(scores, COMPLETIONS, strict=True):
        value, tokens = direct.logprob(prompt, c)
        assert s.tokens == tokens and close(s.value, value), (c, s, value)
        assert isinstance(s.value, float) and s.value < 0
    # The EOS (text) or end-of-turn (chat) is scored: an empty completion still has tokens.
    assert scores[2].tokens >= 1


def test_padding_batch_size_and_order_do_not_change_scores(tiny_model_dir, direct) -> None:  # noqa: F811
    from star_cli.verifier import Verifier

    pairs = [(TEXT, c) for c in COMPLETIONS] + [(CHAT, c) for c in COMPLETIONS]
    pairs += [("Q: What is 100 / 4? A: 100 / 4 = 25.", " The answer is 25.")]
    with Verifier(str(tiny_model_dir), batch_size=4) as v4, \
            Verifier(str(tiny_model_dir), batch_size=1) as v1:
        batched = v4.score_pairs(pairs)
        alone = v1.score_pairs(pairs)
        reversed_ = v4.score_pairs(pairs[::-1])[::-1]
    for b, a, r, (p, c) in zip(batched, alone, reversed_, pairs, strict=True):
        value, tokens = direct.logprob(p, c)
        assert b.tokens == a.tokens == r.tokens == tokens
        assert close(b.value, value) and close(a.value, value) and close(r.value, value)


def test_conversational_completion_and_mean(verifier, direct) -> None:
    reply = [{"role": "assistant", "content": " 12 * 4 = 48. The answer is 48."}]
    [s] = verifier.score(CHAT, [reply])
    value, tokens = direct.logprob(CHAT, reply)
    assert s.tokens == tokens and close(s.value, value)
    assert close(s.mean, value / tokens)
    with pytest.raises(UsageError, match="needs a chat prompt"):
        verifier.score(TEXT, [reply])
    with pytest.raises(TypeError):
        verifier.score(TEXT, " one string")


def test_boundary_edge_cases(tiny_model_dir, direct) -> None:  # noqa: F811
    from star_cli.verifier import Verifier

    # Without EOS an empty completion adds no token: the empty sequence, log-prob 0.
    with Verifier(str(tiny_model_dir), eos=False) as v:
        empty, five = v.score(TEXT, ["", " 5."])
        assert (empty.value, empty.tokens) == (0.0, 0)
        value, tokens = direct.logprob(TEXT, " 5.", eos=False)
        assert five.tokens == tokens and close(five.value, value)
        # A prompt ending in a space: " 5" merges into one token across the boundary, which
        # belongs to the completion (TRL's common prefix), and is counted.
        merged = TEXT + " "
        [s] = v.score(merged, ["5."])
        ids, start = direct.sequence(merged, "5.", eos=False)
        assert start < len(direct.tok(merged)["input_ids"])  # the prompt is no prefix
        value, tokens = direct.logprob(merged, "5.", eos=False)
        assert s.tokens == tokens and close(s.value, value)
        assert v.mismatches == 1
    # An explicit EOS text, not appended twice.
    with Verifier(str(tiny_model_dir), eos="<|endoftext|>") as v:
        a, b = v.score(TEXT, [" 5.", " 5.<|endoftext|>"])
        # (the same tokens, padded apart in one batch: equal up to float rounding)
        assert a.tokens == b.tokens and close(a.value, b.value)


def test_bad_options_fail_clearly(tiny_model_dir) -> None:  # noqa: F811
    from star_cli.verifier import Verifier

    with pytest.raises(UsageError, match="unknown verifier kind"):
        Verifier(str(tiny_model_dir), kind="value")
    with pytest.raises(UsageError, match="transformers engine only"):
        Verifier(str(tiny_model_dir), engine="vllm", kind="reward-model")
    with pytest.raises(EngineError, match="does not exist"):
        Verifier("./no/such/model")
    with pytest.raises(UsageError, match="unknown dtype"):
        Verifier(str(tiny_model_dir), dtype="float8")


def test_reward_model_kind(reward_model_dir) -> None:
    from star_cli.verifier import Verifier

    direct = Direct(reward_model_dir, kind="reward-model")
    pairs = [(TEXT, c) for c in COMPLETIONS] + [(CHAT, c) for c in COMPLETIONS[:2]]
    with Verifier(str(reward_model_dir), kind="reward-model", batch_size=3) as v:
        scores = v.score_pairs(pairs)
    for s, (p, c) in zip(scores, pairs, strict=True):
        assert close(s.value, direct.reward(p, c)), (c, s)
        ids, start = direct.sequence(p, c)
        assert s.tokens == len(ids) - start
    assert len({round(s.value, 6) for s in scores}) > 1


# -- vllm: the stand-in --------------------------------------------------------------------------
@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setitem(sys.modules, "vllm", None)
    del sys.modules["vllm"]
    monkeypatch.syspath_prepend(str(FAKE_VLLM))
    module = importlib.import_module("vllm")
    assert Path(module.__file__).is_relative_to(FAKE_VLLM)
    return module


def test_vllm_scorer_sums_prompt_logprobs(fake_vllm, tiny_model_dir, verifier) -> None:  # noqa: F811
    from star_cli.verifier import Verifier

    pairs = [(TEXT, c) for c in COMPLETIONS] + [(CHAT, c) for c in COMPLETIONS]
    with Verifier(str(tiny_model_dir), engine="vllm", dtype="float32") as v:
        got = v.score_pairs(pairs)
        llm = v._backend.llm
    want = verifier.score_pairs(pairs)
    for g, w in zip(got, want, strict=True):
        assert g.tokens == w.tokens and close(g.value, w.value)
    assert llm.kwargs == {"dtype": "float32"}
    [(method, prompts, params)] = llm.calls
    assert method == "generate"
    assert all(set(p) == {"prompt_token_ids"} for p in prompts)  # TokensPrompts: exact ids
    assert {(p.max_tokens, p.prompt_logprobs, p.temperature) for p in params} == {(1, 0, 0.0)}


def test_vllm_prompt_logprobs_shape(fake_vllm) -> None:
    """The stand-in answers in vLLM's documented shape, as the scorer expects."""
    llm = fake_vllm.LLM("org/model")
    [out] = llm.generate([{"prompt_token_ids": [5, 9, 3]}],
                         fake_vllm.SamplingParams(max_tokens=1, prompt_logprobs=1))
    assert out.prompt_token_ids == [5, 9, 3]
    first, *rest = out.prompt_logprobs
    assert first is None and len(rest) == 2
    for step, token in zip(rest, [9, 3], strict=True):
        assert token in step and 1 <= len(step) <= 2
        assert all(isinstance(lp, fake_vllm.Logprob) and lp.logprob <= 0 for lp in step.values())
    with pytest.raises(ValueError):
        fake_vllm.SamplingParams(prompt_logprobs=-2)


# -- openai: the local server, answering echo requests -------------------------------------------
@pytest.fixture
def server():
    with FakeOpenAIServer() as s:
        yield s


def model_tokens(direct: Direct):
    """The server's tokenizer and log-probs: the tiny model's, token texts decoded one by one
    as vLLM does."""
    torch = direct.torch

    def tokens(text: str, special: bool) -> list[tuple[str, float]]:
        ids = direct.tok(text, add_special_tokens=special)["input_ids"]
        with torch.no_grad():
            lp = torch.log_softmax(direct.model(torch.tensor([ids])).logits[0].float(), -1)
        return [(direct.tok.decode([t]), 0.0 if i == 0 else lp[i - 1, t].item())
                for i, t in enumerate(ids)]

    return tokens


def test_openai_scorer_equals_the_model(server, tiny_model_dir, direct, verifier) -> None:  # noqa: F811
    from star_cli.verifier import Verifier

    server.echo_tokens = model_tokens(direct)
    server.echo_bos = "<s>"  # a special token the text does not hold: offsets shift
    pairs = [(TEXT, c) for c in COMPLETIONS] + [(CHAT, c) for c in COMPLETIONS]
    with Verifier(str(tiny_model_dir), engine="openai", base_url=server.url) as v:
        got = v.score_pairs(pairs)
    want = verifier.score_pairs(pairs)
    for g, w in zip(got, want, strict=True):
        assert g.tokens == w.tokens and close(g.value, w.value), (g, w)
    assert set(server.paths) == {"/v1/completions"}
    # Requests run concurrently: they arrive in any order.
    text = [b for b in server.requests if "add_special_tokens" not in b]
    chat = [b for b in server.requests if b.get("add_special_tokens") is False]
    assert sorted(b["prompt"] for b in text) == sorted(
        TEXT + c + "<|endoftext|>" for c in COMPLETIONS)
    assert {(b["echo"], b["logprobs"], b["max_tokens"]) for b in text + chat} == {(True, 0, 1)}
    # The chat template wrote the special tokens: the server must not add a BOS.
    assert len(chat) == len(COMPLETIONS)
    assert all(b["prompt"].startswith("user: What is 12 * 4?\nassistant:") for b in chat)


def test_openai_scorer_by_text_offset(server) -> None:
    """No tokenizer at all (text prompts, eos off): the server's word tokens, the generated
    token left out, a token straddling the boundary counted with the completion."""
    from star_cli.verifier import Verifier

    with Verifier("served-model", engine="openai", base_url=server.url, eos=False) as v:
        straddle, spaced, empty = v.score("Q: 2+3=", ["5.", " 5 is it", ""])
        assert straddle == (-0.25 * len(" 2+3=5."), 1)
        assert spaced == (sum(-0.25 * len(w) for w in (" 5", " is", " it")), 3)
        assert empty == (0.0, 0)
        assert ECHO_GENERATED[1] not in (straddle.value, spaced.value)
    with Verifier("served-model", engine="openai", base_url=server.url, eos=False,
                  engine_args={"max_tokens": 0}) as v:
        assert v.score("Q: 2+3=", [" 5 is it"]) == [spaced]
        assert server.requests[-1]["max_tokens"] == 0


def test_openai_scorer_errors(server) -> None:
    from star_cli.verifier import Verifier

    server.script.append(("mutate", lambda d: {**d, "choices": [{"text": "x", "index": 0}]}))
    with Verifier("m", engine="openai", base_url=server.url, eos=False) as v, \
            pytest.raises(EngineError, match="logprobs' is missing"):
        v.score("Q:", [" a"])
    # The EOS text needs the tokenizer, and a served name is not one.
    with Verifier("served-model", engine="openai", base_url=server.url) as v, \
            pytest.raises(EngineError, match="--tokenizer"):
        v.score("Q:", [" a"])
    assert word_tokens("a b", True) == [("a", -0.25), (" b", -0.5)]


# -- star score through the CLI --------------------------------------------------------------
def trace(pid: str, k: int, prompt: Any, rationale: str, **extra: Any) -> dict[str, Any]:
    return make_trace(**{"problem_id": pid, "sample": k, "question": "q", "gold": "5",
                         "prompt": prompt, "completion": rationale + " Q: next",
                         "rationale": rationale, "answer": "5", "correct": k == 0, **extra})


@pytest.fixture
def traces(tmp_path: Path) -> Path:
    rows = []
    for i in range(4):
        prompt = CHAT if i % 2 else f"Q: What is {i} + 3? A:"
        rows += [trace(f"p{i}", k, prompt, COMPLETIONS[(i + k) % len(COMPLETIONS)],
                       my_field={"i": i}) for k in range(3)]
    return write_jsonl(tmp_path / "traces.jsonl", rows)


def score_cli(runner, *args: Any):
    return runner.invoke(app, ["score", *[str(a) for a in args]])


def test_star_score_adds_fields_and_resumes(runner, traces, tiny_model_dir, verifier,  # noqa: F811
                                            tmp_path) -> None:
    out = tmp_path / "out"
    rows = read_jsonl(traces)
    first = write_jsonl(tmp_path / "first.jsonl", rows[:5])  # a run cut short
    result = score_cli(runner, first, "-o", out, "--verifier", tiny_model_dir)
    assert result.exit_code == 0, result.output
    assert "scored 5 traces" in result.stderr
    result = score_cli(runner, traces, "-o", out, "--verifier", tiny_model_dir,
                       "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert "resuming: 5 traces" in result.stderr and "scored 7 traces" in result.stderr
    scored = read_out(out)
    assert sorted(r["id"] for r in scored) == sorted(r["id"] for r in rows)
    by_id = {r["id"]: r for r in scored}
    want = verifier.score_pairs([scored_pair(r) for r in rows])  # as star pairs exports
    for old, s in zip(rows, want, strict=True):
        new = by_id[old["id"]]
        assert {k: v for k, v in new.items() if k not in ("verifier_score", "verifier_tokens")} \
            == old  # every other field passes through
        assert list(new)[: len(old)] == list(old)
        assert new["verifier_tokens"] == s.tokens and close(new["verifier_score"], s.value)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == "score" and manifest["status"] == "complete"
    assert manifest["config"]["verifier"] == str(tiny_model_dir)
    assert manifest["stats"]["scored"] == 12
    # Everything scored: a rerun has nothing to do; another verifier is another run.
    again = score_cli(runner, traces, "-o", out, "--verifier", tiny_model_dir)
    assert again.exit_code == 0 and "scored 0 traces" in again.stderr
    other = score_cli(runner, traces, "-o", out, "--verifier", tiny_model_dir,
                      "--reference", tiny_model_dir)
    assert other.exit_code == 2 and "different configuration" in other.stderr


def test_star_score_ranks_share_one_out(runner, traces, tiny_model_dir, tmp_path) -> None:  # noqa: F811
    out = tmp_path / "out"
    for rank in (0, 1):
        result = score_cli(runner, traces, "-o", out, "--verifier", tiny_model_dir, "-q",
                           "--num-shards", "2", "--shard-index", rank, "--shard-size", "2")
        assert result.exit_code == 0, result.output
    scored = read_out(out)
    assert sorted(r["id"] for r in scored) == sorted(r["id"] for r in read_jsonl(traces))
    shards = sorted(f.name for f in (out / "data").glob("*.jsonl"))
    assert {name[:5] for name in shards} == {"00000", "00001"} and len(shards) >= 4
    # A problem's traces stay together, in one rank's shards.
    ranks = {}
    for shard in (out / "data").glob("*.jsonl"):
        for r in read_jsonl(shard):
            ranks.setdefault(r["problem_id"], set()).add(shard.name[:5])
    assert all(len(v) == 1 for v in ranks.values())
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_star_score_to_stdout_with_reference(runner, traces, tiny_model_dir) -> None:  # noqa: F811
    result = score_cli(runner, traces, "-o", "-", "--verifier", tiny_model_dir,
                       "--reference", tiny_model_dir, "-q")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 12
    for r in rows:
        assert r["reference_score"] == pytest.approx(r["verifier_score"], abs=TOL)
        assert r["verifier_tokens"] >= 1
    assert result.stderr == ""


def test_star_score_reward_model(runner, traces, reward_model_dir) -> None:
    result = score_cli(runner, traces, "-o", "-", "--verifier", reward_model_dir,
                       "--kind", "reward-model", "-q")
    assert result.exit_code == 0, result.output
    direct = Direct(reward_model_dir, kind="reward-model")
    for r in (json.loads(line) for line in result.stdout.splitlines()):
        assert close(r["verifier_score"], direct.reward(*scored_pair(r)))


@pytest.mark.parametrize(("field", "value", "message"), [
    ("rationale", None, "missing"),
    ("prompt", None, "missing"),
    ("prompt", [{"content": "no role"}], "messages"),
    ("rationale", 5, "must be a string"),
])
def test_star_score_bad_input(runner, traces, tiny_model_dir, tmp_path, field, value,  # noqa: F811
                              message) -> None:
    rows = read_jsonl(traces)
    if value is None:
        del rows[7][field]
    else:
        rows[7][field] = value
    bad = write_jsonl(tmp_path / "bad.jsonl", rows)
    out = tmp_path / "out"
    result = score_cli(runner, bad, "-o", out, "--verifier", tiny_model_dir)
    assert result.exit_code == 2
    [line] = [x for x in result.stderr.splitlines() if x.startswith("star: error:")]
    assert f"{bad}:8: field '{field}'" in line and message in line
    assert not out.exists()  # validated before the model loads or OUT is made


def test_star_score_usage_errors(runner, traces, tiny_model_dir, tmp_path) -> None:  # noqa: F811
    out = tmp_path / "out"
    for args, message in [
        (["--kind", "value"], "unknown --kind"),
        (["--kind", "reward-model", "--engine", "openai"], "transformers only"),
        (["--num-shards", "2", "--shard-index", "2"], "--shard-index"),
    ]:
        result = score_cli(runner, traces, "-o", out, "--verifier", tiny_model_dir, *args)
        assert result.exit_code == 2 and message in result.stderr, result.stderr
    result = score_cli(runner, traces, "-o", out, "--verifier", tmp_path / "nope")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    assert not out.exists()


def test_star_score_reads_stdin_and_help_is_light(runner, traces, tiny_model_dir) -> None:  # noqa: F811
    result = runner.invoke(app, ["score", "-", "-o", "-", "--verifier", str(tiny_model_dir),
                                 "-q"], input=traces.read_text())
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 12
    code = ("import sys\nfrom star_cli.cli import app\n"
            "try:\n    app(['score', '--help'])\nexcept SystemExit:\n    pass\n"
            "import star_cli.verifier, star_cli.rewards\n"
            "print(sorted(m for m in ('torch', 'transformers', 'vllm', 'httpx', 'trl') "
            "if m in sys.modules))")
    light = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert light.returncode == 0, light.stderr
    assert light.stdout.strip().splitlines()[-1] == "[]"


# -- the GRPO reward ------------------------------------------------------------------------------
def test_verifier_reward_scores_each_completion(tiny_model_dir, verifier,  # noqa: F811
                                                monkeypatch) -> None:
    from star_cli.rewards import VerifierReward, make_verifier_reward, verifier_reward

    reward = make_verifier_reward(str(tiny_model_dir), name="v")
    assert reward.__name__ == "v"
    copy = pickle.loads(pickle.dumps(reward))  # before use
    prompts = [TEXT, TEXT, CHAT, CHAT]
    completions = [" 5.", " 6.", [{"role": "assistant", "content": " 48."}],
                   [{"role": "assistant", "content": " 47."}]]
    kwargs = dict(prompts=prompts, completions=completions, completion_ids=[[1]] * 4,
                  trainer_state=None, gold=["5"] * 4, log_extra=lambda *a: None)
    metrics: dict[str, float] = {}
    got = reward(**kwargs, log_metric=metrics.__setitem__)
    assert len(got) == 4 and all(isinstance(x, float) and math.isfinite(x) for x in got)
    want = verifier.score_pairs(list(zip(prompts, completions, strict=True)))
    assert all(close(g, w.value) for g, w in zip(got, want, strict=True))
    assert "v/tokens" in metrics
    after = pickle.loads(pickle.dumps(reward))  # after use: the model stays behind
    assert isinstance(after, VerifierReward) and after._verifiers is None
    assert copy(**kwargs) == pytest.approx(got, abs=TOL)
    mean = make_verifier_reward(str(tiny_model_dir), reduction="mean")(**kwargs)
    assert all(close(m, w.mean) for m, w in zip(mean, want, strict=True))
    dpo = make_verifier_reward(str(tiny_model_dir), reference=str(tiny_model_dir), beta=0.1)
    assert dpo(**kwargs) == pytest.approx([0.0] * 4, abs=TOL)
    for r in (reward, copy, after, dpo):
        r.close()

    monkeypatch.delenv("STAR_VERIFIER", raising=False)
    with pytest.raises(UsageError, match="STAR_VERIFIER"):
        verifier_reward(**kwargs)
    monkeypatch.setenv("STAR_VERIFIER", str(tiny_model_dir))
    assert verifier_reward(**kwargs) == pytest.approx(got, abs=TOL)
    assert verifier_reward.__name__ == "verifier_reward"
    with pytest.raises(UsageError, match="reduction"):
        make_verifier_reward(str(tiny_model_dir), reduction="max")


@pytest.mark.slow  # trains a model
def test_verifier_reward_in_a_real_grpo_step(tiny_model_dir, tmp_path) -> None:  # noqa: F811
    """TRL calls the reward as it documents, with conversational prompts; one step runs."""
    pytest.importorskip("trl")
    from datasets import Dataset
    from transformers import AutoTokenizer
    from trl import GRPOConfig, GRPOTrainer

    from star_cli.rewards import make_verifier_reward

    reward = make_verifier_reward(str(tiny_model_dir), reduction="mean", name="star_verifier")
    rows = [{"prompt": [{"role": "user", "content": f"What is {a} + 2?"}]} for a in range(4)]
    args = GRPOConfig(output_dir=str(tmp_path / "out"), use_cpu=True, bf16=False, max_steps=1,
                      per_device_train_batch_size=4, num_generations=2,
                      max_completion_length=6, report_to=[], logging_steps=1,
                      save_strategy="no", disable_tqdm=True, seed=0)
    trainer = GRPOTrainer(model=str(tiny_model_dir), reward_funcs=[reward], args=args,
                          train_dataset=Dataset.from_list(rows),
                          processing_class=AutoTokenizer.from_pretrained(tiny_model_dir))
    trainer.train()
    [log] = [x for x in trainer.state.log_history if "loss" in x]
    mean = log["rewards/star_verifier/mean"]
    assert math.isfinite(mean) and mean < 0  # a per-token log-probability
    reward.close()
