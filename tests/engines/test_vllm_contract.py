"""The real vLLM still offers what `star_cli.engines.vllm` uses. Skipped where vllm is absent.

Nothing here loads a model: it checks signatures, fields and SamplingParams validation only.
"""

from __future__ import annotations

import dataclasses
import inspect

import pytest

vllm = pytest.importorskip("vllm")


def sampling_params():
    return vllm.SamplingParams(
        n=2, temperature=0.7, top_p=0.9, max_tokens=8, stop=["\n\n"], seed=3, logprobs=0
    )


def test_sampling_params_takes_what_the_adapter_passes() -> None:
    p = sampling_params()
    assert (p.n, p.temperature, p.top_p, p.max_tokens, p.seed, p.logprobs) == (2, 0.7, 0.9, 8, 3, 0)
    assert list(p.stop) == ["\n\n"]


def test_sampling_params_takes_no_seed() -> None:
    # Engine seed mode (the default) sends seed=None: the request draws from the engine's RNG.
    p = vllm.SamplingParams(n=2, temperature=0.7, top_p=0.9, max_tokens=8, seed=None, logprobs=0)
    assert p.seed is None
    assert vllm.SamplingParams().seed is None


def test_llm_takes_an_engine_seed() -> None:
    # The adapter builds LLM(model=..., seed=--seed, ...) without loading anything here.
    signature = inspect.signature(vllm.LLM.__init__)
    assert "seed" in signature.parameters
    signature.bind(object(), model="org/model", seed=5, tensor_parallel_size=1)
    assert "seed" in {f.name for f in dataclasses.fields(vllm.EngineArgs)}


def test_sampling_params_still_rejects_bad_n() -> None:
    with pytest.raises((ValueError, TypeError)):
        vllm.SamplingParams(n=0)


@pytest.mark.parametrize(("method", "first"), [("generate", "prompts"), ("chat", "messages")])
def test_llm_methods_accept_the_adapters_call(method: str, first: str) -> None:
    signature = inspect.signature(getattr(vllm.LLM, method))
    assert list(signature.parameters)[1] == first
    # The adapter calls llm.<method>(batch, sampling_params=[...], use_tqdm=False).
    signature.bind(object(), ["x"], sampling_params=[sampling_params()], use_tqdm=False)


def test_llm_takes_the_engine_options() -> None:
    # LLM passes what it does not name itself on to EngineArgs.
    assert "model" in inspect.signature(vllm.LLM.__init__).parameters
    names = {f.name for f in dataclasses.fields(vllm.EngineArgs)}
    wanted = {
        "tensor_parallel_size",
        "pipeline_parallel_size",
        "gpu_memory_utilization",
        "max_model_len",
        "dtype",
        "enable_prefix_caching",
    }
    assert wanted <= names


def test_outputs_have_the_fields_the_adapter_reads() -> None:
    names = {f.name for f in dataclasses.fields(vllm.CompletionOutput)}
    assert {"text", "finish_reason", "token_ids", "cumulative_logprob"} <= names
    assert "outputs" in inspect.signature(vllm.RequestOutput.__init__).parameters
