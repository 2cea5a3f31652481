"""Scoring with vLLM: the token ids sent as prompts to `LLM.generate` with
`SamplingParams(max_tokens=1, prompt_logprobs=0)`, the completion's `prompt_logprobs` summed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from star_cli.engines.scoring import (
    CompletionLike,
    Encoded,
    Formatter,
    Prompt,
    Score,
    Scorer,
    ScoringOptions,
    require,
)
from star_cli.errors import EngineError


class VLLMScorer(Scorer):
    @classmethod
    def load(cls, model: str, options: ScoringOptions) -> Scorer:
        return cls(model, options.eos, options.dtype, dict(options.options))

    def __init__(self, model: str, eos: bool | str | None, dtype: str | None,
                 options: dict[str, Any]) -> None:
        vllm = require("vllm", "vllm")
        names = ("tensor_parallel_size", "pipeline_parallel_size", "gpu_memory_utilization",
                 "max_model_len", "seed")
        given = {k: options.get(k) for k in names} | {"dtype": dtype}
        kwargs = {k: v for k, v in given.items() if v is not None}
        kwargs |= dict(options.get("engine_args") or {})
        self.llm = vllm.LLM(model=model, **kwargs)
        self.formatter = Formatter(self.llm.get_tokenizer(), eos, model)
        # One generated token (vLLM generates at least one); prompt_logprobs=0 returns the
        # log-prob of each prompt token itself, the cheapest setting.
        self.params = vllm.SamplingParams(max_tokens=1, temperature=0.0, prompt_logprobs=0)
        self.model = model

    def score_pairs(self, pairs: Sequence[tuple[Prompt, CompletionLike]]) -> list[Score]:
        items = self.formatter.encode(pairs)
        todo = [i for i, it in enumerate(items) if it.tokens > 0]
        values = [0.0] * len(items)
        if todo:
            prompts = [{"prompt_token_ids": items[i].ids} for i in todo]
            outputs = self.llm.generate(prompts, self.params, use_tqdm=False)
            for i, out in zip(todo, outputs, strict=True):
                values[i] = self._sum(items[i], out.prompt_logprobs)
        return [Score(v, it.tokens) for v, it in zip(values, items, strict=True)]

    def _sum(self, item: Encoded, logprobs: Any) -> float:
        if logprobs is None or len(logprobs) != len(item.ids):
            got = "none" if logprobs is None else f"{len(logprobs)}"
            raise EngineError(f"verifier {self.model!r}: vLLM returned {got} prompt logprobs "
                              f"for a prompt of {len(item.ids)} tokens")
        total = 0.0
        for pos in range(item.start, len(item.ids)):
            step = logprobs[pos]
            entry = step.get(item.ids[pos]) if step is not None else None
            if entry is None:
                raise EngineError(f"verifier {self.model!r}: vLLM's prompt logprobs lack "
                                  f"prompt token {pos} (id {item.ids[pos]})")
            total += float(getattr(entry, "logprob", entry))
        return total

    def close(self) -> None:
        self.llm = None
