"""The vllm engine adapter, against a stand-in `vllm` module (tests/fake_vllm)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from star_cli.engines.base import Request, Sampling
from star_cli.errors import EngineError

FAKE = Path(__file__).parent / "fake_vllm"
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
        tensor_parallel_size=2,
        gpu_memory_utilization=0.85,
        max_model_len=None,
        engine_args={"enable_prefix_caching": True, "seed": 3},
        batch_size=8,  # an option for other engines: ignored, not passed on
    )
    assert isinstance(e.llm, fake_vllm.LLM)
    assert e.llm.model == "org/model"
    assert e.llm.kwargs == {
        "tensor_parallel_size": 2,
        "gpu_memory_utilization": 0.85,
        "enable_prefix_caching": True,
        "seed": 3,
    }


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
