"""The vllm engine adapter, against a stand-in `vllm` module (tests/fake_vllm)."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from star_cli.engines.base import Request, Sampling
from star_cli.errors import EngineError, UsageError
from tests.conftest import FAKE_VLLM, read_out

FAKE = FAKE_VLLM
CHAT = [{"role": "user", "content": "What is 3 + 4?"}]


@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    # Recorded first, so teardown puts back whatever `vllm` was (or removes the fake).
    monkeypatch.setitem(sys.modules, "vllm", None)
    del sys.modules["vllm"]
    monkeypatch.syspath_prepend(str(FAKE))
    module = importlib.import_module("vllm")
    assert Path(module.__file__).is_relative_to(FAKE)
    return module


def engine(**options):
    from star_cli.engines.vllm import VLLMEngine

    return VLLMEngine("org/model", **options)


def test_given_options_reach_llm_and_none_are_left_out(fake_vllm: ModuleType) -> None:
    e = engine(
        seed=3,
        tensor_parallel_size=2,
        gpu_memory_utilization=0.85,
        max_model_len=None,
        engine_args={"enable_prefix_caching": True, "seed": 3},
        batch_size=8,  # an option for other engines: ignored, not passed on
    )
    assert isinstance(e.llm, fake_vllm.LLM)
    assert e.llm.model == "org/model"
    assert e.llm.kwargs == {
        "seed": 3,
        "tensor_parallel_size": 2,
        "gpu_memory_utilization": 0.85,
        "enable_prefix_caching": True,
    }
    assert e.seed == 3


def test_an_engine_arg_seed_that_contradicts_seed_is_refused(fake_vllm: ModuleType) -> None:
    with pytest.raises(UsageError, match=r"--engine-arg seed=3 conflicts with --seed 0"):
        engine(seed=0, engine_args={"seed": 3})
    assert fake_vllm.LLM.instances == []  # refused before anything loads
    # Without star's seed (library use), an engine arg still seeds the LLM.
    assert engine(engine_args={"seed": 3}).llm.kwargs == {"seed": 3}


def test_no_options_means_vllm_defaults(fake_vllm: ModuleType) -> None:
    assert engine().llm.kwargs == {}


def test_each_request_gets_its_own_sampling_params(fake_vllm: ModuleType) -> None:
    e = engine()
    requests = [
        Request("Q: 1?", Sampling(n=2, temperature=0.7, top_p=0.9, max_tokens=5, seed=11)),
        Request("Q: 2?", Sampling(n=3, temperature=1.0, max_tokens=7, stop=("Q:", "\n"), seed=12)),
    ]
    e.generate(requests)
    [(method, prompts, params)] = e.llm.calls
    assert (method, prompts) == ("generate", ["Q: 1?", "Q: 2?"])
    assert [(p.n, p.temperature, p.top_p, p.max_tokens, p.stop, p.seed) for p in params] == [
        (2, 0.7, 0.9, 5, [], 11),
        (3, 1.0, 1.0, 7, ["Q:", "\n"], 12),
    ]
    assert all(p.logprobs == 0 for p in params)  # so that vLLM reports cumulative_logprob
    assert e.llm.use_tqdm == [False]


def test_chat_prompts_go_through_llm_chat(fake_vllm: ModuleType) -> None:
    e = engine()
    out = e.generate([Request(CHAT, Sampling(n=2, seed=1)), Request(CHAT, Sampling(seed=2))])
    [(method, messages, params)] = e.llm.calls
    assert method == "chat"
    assert messages == [CHAT, CHAT]
    assert [p.seed for p in params] == [1, 2]
    assert [len(c) for c in out] == [2, 1]


def test_mixed_batch_is_split_and_order_kept(fake_vllm: ModuleType) -> None:
    e = engine()
    requests = [
        Request("Q: a?", Sampling(seed=1)),
        Request(CHAT, Sampling(n=2, seed=2)),
        Request("Q: b?", Sampling(n=3, seed=3)),
    ]
    out = e.generate(requests)
    assert [c[0] for c in e.llm.calls] == ["generate", "chat"]
    assert [len(c) for c in out] == [1, 2, 3]
    alone = engine().generate([requests[2]])
    assert out[2] == alone[0]


def test_outputs_map_to_completions(fake_vllm: ModuleType) -> None:
    e = engine()
    requests = [Request(f"Q: {i}?", Sampling(n=i + 1, max_tokens=6, seed=i)) for i in range(3)]
    out = e.generate(requests)
    assert [len(c) for c in out] == [1, 2, 3]
    for request, completions in zip(requests, out, strict=True):
        [expected] = fake_vllm.LLM("m").generate([request.prompt], [e._params(request.sampling)])
        for got, want in zip(completions, expected.outputs, strict=True):
            assert got.text == want.text
            assert got.finish_reason == want.finish_reason in ("stop", "length")
            assert got.tokens == len(want.token_ids)
            assert got.logprob == want.cumulative_logprob
            assert isinstance(got.logprob, float)


def test_stop_strings_and_finish_reasons(fake_vllm: ModuleType) -> None:
    [[short], [free], [stopped]] = engine().generate(
        [
            Request("Q: x?", Sampling(max_tokens=1, seed=5)),
            Request("Q: x?", Sampling(max_tokens=16, seed=5)),
            Request("Q: x?", Sampling(max_tokens=16, stop=(" ",), seed=5)),
        ]
    )
    assert (short.finish_reason, short.tokens) == ("length", 1)
    assert " " in free.text
    assert (stopped.text, stopped.finish_reason) == (free.text.split(" ")[0], "stop")


def test_same_seed_same_text(fake_vllm: ModuleType) -> None:
    def run(seed: int) -> list[str]:
        [completions] = engine().generate([Request("Q: 9?", Sampling(n=4, seed=seed))])
        return [c.text for c in completions]

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_greedy_asks_once_and_repeats(fake_vllm: ModuleType) -> None:
    e = engine()
    [completions] = e.generate([Request("Q: 5?", Sampling(n=4, temperature=0.0))])
    assert e.llm.calls[0][2][0].n == 1  # older vLLM refuses n > 1 when greedy
    assert len(completions) == 4 and len({c.text for c in completions}) == 1


def test_empty_batch(fake_vllm: ModuleType) -> None:
    e = engine()
    assert e.generate([]) == []
    assert e.llm.calls == []


def test_missing_vllm_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vllm", None)  # makes `import vllm` fail
    with pytest.raises(EngineError, match=r"pip install 'star-cli\[vllm\]'"):
        engine()


def test_registry_finds_it(fake_vllm: ModuleType) -> None:
    from star_cli.engines import resolve
    from star_cli.engines.vllm import VLLMEngine

    assert resolve("vllm") is VLLMEngine
    assert VLLMEngine.name == "vllm"


# -- seeding: one engine seed (the default) or a seed per request ------------------------------


def engine_mode(seed: int | None = 7, **kw) -> Sampling:
    return Sampling(seed=seed, seed_mode="engine", **kw)


def test_engine_mode_seeds_the_llm_and_no_request(fake_vllm: ModuleType) -> None:
    e = engine(seed=7)
    assert e.llm.kwargs == {"seed": 7}
    e.generate([Request("Q: 1?", engine_mode(n=2)), Request(CHAT, engine_mode())])
    assert e.llm.seeds == [[None], [None]]  # the text batch, then the chat batch


def test_request_mode_seeds_every_request_and_the_llm_too(fake_vllm: ModuleType) -> None:
    e = engine(seed=7)
    e.generate([Request(f"Q: {i}?", Sampling(seed=100 + i, seed_mode="request"))
                for i in range(3)])
    assert e.llm.kwargs == {"seed": 7}  # the same LLM in both modes: only the requests differ
    assert e.llm.seeds == [[100, 101, 102]]


def test_engine_mode_refuses_a_seed_the_llm_does_not_use(fake_vllm: ModuleType) -> None:
    e = engine(seed=7)
    with pytest.raises(EngineError, match=r"seed 8, but the LLM was built with seed 7"):
        e.generate([Request("Q: 1?", engine_mode(seed=8))])
    with pytest.raises(EngineError, match=r"seed 7, but the LLM was built with seed None"):
        engine().generate([Request("Q: 1?", engine_mode(seed=7))])
    # No seed anywhere: vLLM's own default governs, and the record says None.
    assert engine().generate([Request("Q: 1?", engine_mode(seed=None))])


def test_request_seeds_repeat_however_requests_are_batched(fake_vllm: ModuleType) -> None:
    q = Request("Q: 9?", Sampling(n=2, seed=5))
    others = [Request(f"Q: {i}?", Sampling(n=3, seed=i)) for i in range(4)]
    alone = engine(seed=1).generate([q])[0]
    assert engine(seed=1).generate([*others, q])[-1] == alone
    assert engine(seed=2).generate([q, *others])[0] == alone  # the LLM's seed plays no part


def test_engine_seed_repeats_only_for_the_same_batches(fake_vllm: ModuleType) -> None:
    def batch(seed: int = 7) -> list[Request]:
        return [Request(f"Q: {i}?", engine_mode(seed, n=2)) for i in range(4)]

    first = engine(seed=7).generate(batch())
    assert engine(seed=7).generate(batch()) == first  # a fresh LLM, the same batch
    assert engine(seed=8).generate(batch(8)) != first
    reordered = engine(seed=7).generate(batch()[::-1])[::-1]
    assert reordered != first  # the same requests in another order sample differently


def test_sampling_knows_the_modes() -> None:
    assert Sampling().seed_mode == "request"  # what star did before engine seeding
    assert engine_mode(seed=3).for_problem(99).seed == 3  # the engine's seed is the record
    assert Sampling(seed=3).for_problem(99).seed == 99
    assert engine_mode().record()["seed_mode"] == "engine"
    with pytest.raises(ValueError, match="seed_mode"):
        Sampling(seed_mode="batch")


# -- through the CLI ----------------------------------------------------------------------------


def star(runner, problems: Path, out: Path | str, *args: object):
    from star_cli.cli import app

    argv = ["generate", str(problems), "--task", "gsm8k", "--model", "org/model", "--engine",
            "vllm", "-n", "2", "-q", "-o", str(out), *[str(a) for a in args]]
    return runner.invoke(app, argv)


def test_cli_default_is_one_engine_seed(fake_vllm, runner, problems_file, tmp_path) -> None:
    out = tmp_path / "out"
    result = star(runner, problems_file, out, "--seed", 5)
    assert result.exit_code == 0, result.output
    [llm] = fake_vllm.LLM.instances
    assert llm.kwargs["seed"] == 5
    assert {s for call in llm.seeds for s in call} == {None}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["seed_mode"] == "engine" and manifest["config"]["seed"] == 5
    rows = read_out(out)
    assert len(rows) == 24
    assert all(r["sampling"]["seed"] == 5 and r["sampling"]["seed_mode"] == "engine"
               for r in rows)


def test_cli_request_mode_seeds_each_problem(fake_vllm, runner, problems_file, tmp_path) -> None:
    from star_cli.steps.sampling import problem_seed

    out = tmp_path / "out"
    result = star(runner, problems_file, out, "--seed", 5, "--seed-mode", "request")
    assert result.exit_code == 0, result.output
    [llm] = fake_vllm.LLM.instances
    assert llm.kwargs["seed"] == 5
    sent = [s for call in llm.seeds for s in call]
    rows = read_out(out)
    expected = {r["problem_id"]: problem_seed(5, r["problem_id"]) for r in rows}
    assert sorted(sent) == sorted(expected.values()) and len(set(sent)) == 12
    assert all(r["sampling"]["seed"] == expected[r["problem_id"]]
               and r["sampling"]["seed_mode"] == "request" for r in rows)
    # At "request", what every OUT written before the option holds, it stays out of the config.
    assert "seed_mode" not in json.loads((out / "manifest.json").read_text())["config"]


@pytest.mark.parametrize(("first", "then", "change"), [
    ([], ["--seed-mode", "request"], "seed_mode: 'engine' -> None"),
    (["--seed-mode", "request"], [], "seed_mode: None -> 'engine'"),
])
def test_cli_other_mode_into_the_same_out_is_refused(fake_vllm, runner, problems_file, tmp_path,
                                                     first, then, change) -> None:
    out = tmp_path / "out"
    assert star(runner, problems_file, out, *first).exit_code == 0
    before = read_out(out)
    result = star(runner, problems_file, out, *then)
    assert result.exit_code == 2 and change in result.stderr
    assert read_out(out) == before
    assert star(runner, problems_file, out, *first).exit_code == 0  # the same mode resumes
    result = star(runner, problems_file, out, *then, "--overwrite")
    assert result.exit_code == 0, result.output
    mode = "request" if then else "engine"
    assert {r["sampling"]["seed_mode"] for r in read_out(out)} == {mode}


def test_cli_engine_mode_is_vllm_only(runner, scripted, problems_file) -> None:
    from star_cli.cli import app

    base = ["generate", str(problems_file), "--task", "gsm8k", "--model", "m", "--engine",
            "scripted", "-q", "-o", "-", "-n", "1"]
    result = runner.invoke(app, [*base, "--seed-mode", "engine"])
    assert result.exit_code == 2
    assert "--seed-mode engine: engine 'scripted' supports --seed-mode request only" in (
        result.stderr)
    result = runner.invoke(app, [*base, "--seed-mode", "batch"])
    assert result.exit_code == 2 and "--seed-mode must be one of engine, request" in result.stderr
    # Other engines keep their per-problem seeds by default, and get no `seed` option.
    result = runner.invoke(app, [*base, "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert len({r.sampling.seed for r in scripted.seen}) == 12
    assert {r.sampling.seed_mode for r in scripted.seen} == {"request"}
