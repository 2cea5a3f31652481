"""The `vllm` engine: a thin adapter over vLLM's offline `LLM.generate` / `LLM.chat`.

Every request gets its own `SamplingParams`, and the whole batch goes to vLLM in one call so
its scheduler keeps the GPU full. Prefix caching (on by default in modern vLLM) serves the
few-shot block that every prompt starts with.

Seeding (`Sampling.seed_mode`, docs/engines.md): the LLM is always built with `seed` (star's
--seed). In "engine" mode, the default, requests carry no seed, so vLLM's sampler draws the
noise for the whole batch at once and keeps its FlashInfer top-p/top-k kernel; the samples then
depend on the batches. In "request" mode each request carries its problem's seed: vLLM gives
it its own generator and draws its noise one request at a time (slower), independently of
what it is batched with.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from star_cli.engines.base import (
    Completion,
    Engine,
    Request,
    Sampling,
    require_module,
    template_kwargs,
)
from star_cli.errors import EngineError, UsageError


class VLLMEngine(Engine):
    """vLLM offline (`LLM.generate` / `LLM.chat`, `SamplingParams(n=k)`), the shared few-shot block
    first for prefix caching."""

    name = "vllm"
    scorer = "star_cli.engines.scoring.vllm:VLLMScorer"
    seed_modes = ("engine", "request")

    def __init__(
        self,
        model: str,
        *,
        seed: int | None = None,
        tensor_parallel_size: int | None = None,
        pipeline_parallel_size: int | None = None,
        gpu_memory_utilization: float | None = None,
        max_model_len: int | None = None,
        dtype: str | None = None,
        chat_template_kwargs: dict[str, Any] | None = None,
        engine_args: dict[str, Any] | None = None,
        **ignored: Any,
    ) -> None:
        extra = dict(engine_args or {})
        # Template variables go to LLM.chat, not to the LLM (whose EngineArgs would refuse them).
        self.template_kwargs = template_kwargs(extra.pop("chat_template_kwargs", None),
                                               chat_template_kwargs, engine=self.name)
        if seed is not None and extra.get("seed", seed) != seed:
            # The traces record --seed as the engine's seed: it must be the one vLLM uses.
            raise UsageError(
                f"--engine-arg seed={extra['seed']!r} conflicts with --seed {seed}: the vllm "
                "engine is seeded with --seed; drop the engine arg or set --seed instead"
            )
        given = {
            "seed": seed,
            "tensor_parallel_size": tensor_parallel_size,
            "pipeline_parallel_size": pipeline_parallel_size,
            "gpu_memory_utilization": gpu_memory_utilization,
            "max_model_len": max_model_len,
            "dtype": dtype,
        }
        # Only what the user set, so vLLM's own defaults apply to everything else.
        options = {k: v for k, v in given.items() if v is not None} | extra
        super().__init__(model, **options)
        self.seed: int | None = options.get("seed")  # the LLM's; None: vLLM's default
        self._vllm = require_module("vllm", self.name, "'star-cli[vllm]'")
        self.llm = self._vllm.LLM(model=model, **options)
        self._tokenizer: Any = None
        self._no_tokenizer = False

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        if not requests:
            return []
        params = [self._params(r.sampling) for r in requests]
        prompts = [r.prompt for r in requests]
        if all(isinstance(p, str) for p in prompts):
            outputs = self.llm.generate(prompts, sampling_params=params, use_tqdm=False)
        elif not any(isinstance(p, str) for p in prompts):
            # Only when given: vLLM releases before chat_template_kwargs existed refuse it.
            extra = {"chat_template_kwargs": dict(self.template_kwargs)} \
                if self.template_kwargs else {}
            outputs = self.llm.chat(prompts, sampling_params=params, use_tqdm=False, **extra)
        else:  # a mixed batch: send each kind separately, then restore the order
            return self._mixed(requests)
        return [_completions(out, r.sampling.n) for out, r in zip(outputs, requests, strict=True)]

    def _mixed(self, requests: Sequence[Request]) -> list[list[Completion]]:
        text = [i for i, r in enumerate(requests) if isinstance(r.prompt, str)]
        chat = [i for i, r in enumerate(requests) if not isinstance(r.prompt, str)]
        results: list[list[Completion]] = [[] for _ in requests]
        for indices in (text, chat):
            for i, done in zip(indices, self.generate([requests[i] for i in indices]), strict=True):
                results[i] = done
        return results

    def _params(self, s: Sampling) -> Any:
        return self._vllm.SamplingParams(
            # Greedy decoding gives one answer; ask for it once (older vLLM refuses n > 1).
            n=1 if s.temperature <= 0 else s.n,
            temperature=s.temperature,
            top_p=s.top_p,
            max_tokens=s.max_tokens,
            stop=list(s.stop),
            seed=self._request_seed(s),
            # vLLM fills `cumulative_logprob` only when logprobs are requested; 0 asks for
            # just the sampled token's, the cheapest setting.
            logprobs=0,
        )

    def _request_seed(self, s: Sampling) -> int | None:
        """The request's own seed, or None where the LLM's seed governs (engine mode)."""
        if s.seed_mode == "request":
            return s.seed
        if s.seed != self.seed:
            # The trace would name a seed vLLM never used.
            raise EngineError(
                f"engine-seeded request with seed {s.seed!r}, but the LLM was built with seed "
                f"{self.seed!r}: build VLLMEngine with seed={s.seed!r}"
            )
        return None

    def count_tokens(self, text: str) -> int | None:
        """`text`'s tokens under the LLM's own tokenizer (no special tokens); None when the
        LLM has none (built with skip_tokenizer_init)."""
        tokenizer = self._get_tokenizer()
        if tokenizer is None:
            return None
        return len(tokenizer.encode(text, add_special_tokens=False))

    def _get_tokenizer(self) -> Any:
        if self._tokenizer is None and not self._no_tokenizer and self.llm is not None:
            try:
                self._tokenizer = self.llm.get_tokenizer()
            except Exception:  # noqa: BLE001 - any failure means: no count, not no run
                self._no_tokenizer = True
        return self._tokenizer

    def close(self) -> None:
        self.llm = None


def _completions(output: Any, n: int) -> list[Completion]:
    """One RequestOutput as exactly `n` completions (a greedy answer repeated n times)."""
    done = [
        Completion(
            text=c.text,
            finish_reason=c.finish_reason,
            tokens=len(c.token_ids),
            logprob=c.cumulative_logprob,
        )
        for c in output.outputs
    ]
    return (done * n)[:n] if len(done) < n else done
