"""A stand-in for the part of vLLM's offline API that `star_cli.engines.vllm` uses.

It mirrors the documented surface: `LLM(model, **engine_args)`, `LLM.generate(prompts,
sampling_params, *, use_tqdm)`, `LLM.chat(messages, sampling_params, *, use_tqdm,
chat_template_kwargs)` (keyword-only `use_tqdm`, as in current vLLM; the template variables
are recorded per call in `template_kwargs`), `SamplingParams` and the `RequestOutput` /
`CompletionOutput` results, and validates arguments the way vLLM does, so the adapter's tests
catch misuse.
`generate` also takes `TokensPrompt` / `TextPrompt` dicts (`{"prompt_token_ids": [...]}`,
`{"prompt": "..."}`), and `SamplingParams(prompt_logprobs=k)` fills
`RequestOutput.prompt_logprobs` in vLLM's shape: one entry per prompt token, None for the
first, else a dict token id -> `Logprob(logprob, rank, decoded_token)` holding the prompt
token and the k most likely others. When the model is a local Hugging Face directory the
log-probs are that model's own (computed with transformers, as vLLM would); otherwise they
are a deterministic function of the prefix. `LLM.get_tokenizer()` loads the model's tokenizer.
No model: the text of a request with its own `seed` is a function of the prompt, that seed and
the sample index, whatever it is batched with. A request without one draws from the LLM's
random stream (seeded by `LLM(seed=...)`, from the OS when None), request by request in batch
order, so, as in vLLM, its text repeats only for the same batches on a fresh LLM. Greedy text
depends on the prompt alone.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

_WORDS = ["alpha", "beta", "gamma", "delta", "The", "answer", "is", "7", "."]
_UNSET: Any = object()


@dataclass
class SamplingParams:
    n: int = 1
    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = 0
    seed: int | None = None
    stop: str | list[str] | None = None
    max_tokens: int | None = 16
    logprobs: int | None = None
    prompt_logprobs: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.stop, str):
            self.stop = [self.stop]
        elif self.stop is None:
            self.stop = []
        else:
            self.stop = list(self.stop)
        if not isinstance(self.n, int) or self.n < 1:
            raise ValueError(f"n must be an int of at least 1, got {self.n!r}.")
        if self.temperature < 0.0:
            raise ValueError(f"temperature must be non-negative, got {self.temperature}.")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must be in (0, 1], got {self.top_p}.")
        if self.max_tokens is not None and self.max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1, got {self.max_tokens}.")
        if self.seed is not None and not isinstance(self.seed, int):
            raise TypeError(f"seed must be an int or None, got {type(self.seed)}.")
        if self.logprobs is not None and self.logprobs < 0:
            raise ValueError(f"logprobs must be non-negative, got {self.logprobs}.")
        if self.prompt_logprobs is not None and self.prompt_logprobs < -1:
            raise ValueError(f"prompt_logprobs must be non-negative or -1, got "
                             f"{self.prompt_logprobs}.")
        if self.temperature < 1e-5 and self.n > 1:
            # vLLM 0.6 refused this ("n must be 1 when using greedy sampling").
            raise ValueError(f"n must be 1 when using greedy sampling, got {self.n}.")


@dataclass
class Logprob:
    logprob: float
    rank: int | None = None
    decoded_token: str | None = None


@dataclass
class CompletionOutput:
    index: int
    text: str
    token_ids: Sequence[int]
    cumulative_logprob: float | None
    logprobs: list[dict[int, Any]] | None = None
    finish_reason: str | None = None
    stop_reason: int | str | None = None


@dataclass
class RequestOutput:
    request_id: str
    prompt: str | None
    prompt_token_ids: list[int] | None
    outputs: list[CompletionOutput]
    finished: bool = True
    prompt_logprobs: list[dict[int, Logprob] | None] | None = None


class LLM:
    """Records what it was built with (`kwargs`), every call made to it (`calls`, and the
    requests' seeds in `seeds`), and itself in `LLM.instances`."""

    instances: ClassVar[list[LLM]] = []

    def __init__(self, model: str, *, seed: Any = _UNSET, **kwargs: Any) -> None:
        # `seed` is a named parameter of vLLM's LLM, like this one; the rest go to EngineArgs.
        if seed is not _UNSET:
            kwargs = {"seed": seed, **kwargs}
        seed = kwargs.get("seed")
        if seed is not None and not isinstance(seed, int):
            raise TypeError(f"seed must be an int or None, got {type(seed)}.")
        self.model = model
        self.kwargs = kwargs  # exactly what was passed
        self.calls: list[tuple[str, list[Any], list[SamplingParams]]] = []
        self.use_tqdm: list[bool] = []
        self.template_kwargs: list[dict[str, Any] | None] = []  # per chat call
        self._rng = random.Random(seed)  # the engine's stream, for requests without a seed
        self._tokenizer: Any = None
        self._hf_model: Any = None
        LLM.instances.append(self)

    def get_tokenizer(self) -> Any:
        """The model's Hugging Face tokenizer, as vLLM returns it."""
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            self._tokenizer = AutoTokenizer.from_pretrained(self.model)
        return self._tokenizer

    @property
    def seeds(self) -> list[list[int | None]]:
        """Per call, the seed of each request's SamplingParams."""
        return [[p.seed for p in params] for _, _, params in self.calls]

    def generate(
        self,
        prompts: str | Sequence[str],
        sampling_params: SamplingParams | Sequence[SamplingParams] | None = None,
        *,
        use_tqdm: bool = True,
    ) -> list[RequestOutput]:
        prompts = [prompts] if isinstance(prompts, (str, dict)) else list(prompts)
        texts, ids = [], []
        for p in prompts:
            if isinstance(p, str):
                texts.append(p)
                ids.append(None)
            elif isinstance(p, dict) and isinstance(p.get("prompt_token_ids"), list):
                tokens = p["prompt_token_ids"]
                if not tokens or not all(isinstance(t, int) for t in tokens):
                    raise ValueError("prompt_token_ids must be a non-empty list of ints")
                texts.append(" ".join(map(str, tokens)))
                ids.append(list(tokens))
            elif isinstance(p, dict) and isinstance(p.get("prompt"), str):
                texts.append(p["prompt"])
                ids.append(None)
            else:
                raise TypeError("generate() takes text prompts or TokensPrompt/TextPrompt "
                                "dicts; use chat() for messages")
        outputs = self._run("generate", prompts, texts, sampling_params, use_tqdm)
        for out, p, tokens in zip(outputs, self.calls[-1][2], ids, strict=True):
            if p.prompt_logprobs is not None:
                if tokens is None:
                    tokens = list(self.get_tokenizer()(out.prompt)["input_ids"])
                out.prompt_token_ids = tokens
                out.prompt_logprobs = self._prompt_logprobs(tokens, p.prompt_logprobs)
        return outputs

    def _prompt_logprobs(self, ids: list[int], k: int) -> list[dict[int, Logprob] | None]:
        rows = self._log_softmax(ids)  # rows[j]: the distribution over token j+1
        out: list[dict[int, Logprob] | None] = [None]
        for j in range(1, len(ids)):
            row = rows[j - 1]
            order = sorted(range(len(row)), key=lambda t: -row[t])
            rank = {t: r + 1 for r, t in enumerate(order)}
            chosen = [ids[j]] + [t for t in order[: (len(row) if k == -1 else k)]
                                 if t != ids[j]]
            out.append({t: Logprob(row[t], rank[t], f"<{t}>") for t in chosen})
        return out

    def _log_softmax(self, ids: list[int]) -> list[list[float]]:
        import math
        import os

        if os.path.isfile(os.path.join(self.model, "config.json")):
            import torch
            from transformers import AutoModelForCausalLM

            if self._hf_model is None:
                self._hf_model = AutoModelForCausalLM.from_pretrained(
                    self.model, dtype=torch.float32).eval()
            with torch.inference_mode():
                logits = self._hf_model(torch.tensor([ids])).logits[0].float()
            return logits.log_softmax(-1)[:-1].tolist()
        rows = []
        vocab = max(256, max(ids) + 1)
        for j in range(1, len(ids)):  # no model: weights from a digest of the prefix
            digest = hashlib.sha256(repr(ids[:j]).encode()).digest()
            weights = [digest[t % 32] / 32 + t * 1e-6 for t in range(vocab)]
            norm = math.log(sum(math.exp(w) for w in weights))
            rows.append([w - norm for w in weights])
        return rows

    def chat(
        self,
        messages: list[dict[str, str]] | list[list[dict[str, str]]],
        sampling_params: SamplingParams | Sequence[SamplingParams] | None = None,
        *,
        use_tqdm: bool = True,
        chat_template_kwargs: dict[str, Any] | None = None,
    ) -> list[RequestOutput]:
        conversations = [messages] if messages and isinstance(messages[0], dict) else messages
        for conversation in conversations:
            for m in conversation:
                if not isinstance(m, dict) or "role" not in m or "content" not in m:
                    raise ValueError(f"not a chat message: {m!r}")
        if chat_template_kwargs is not None and not isinstance(chat_template_kwargs, dict):
            raise TypeError("chat_template_kwargs must be a dict")
        self.template_kwargs.append(chat_template_kwargs)
        # Stands in for the model's chat template; the variables it was given end the prompt
        # (sorted), so that they change what is sampled, as a real template's would.
        extra = "".join(f"<{k}={v}>" for k, v in sorted((chat_template_kwargs or {}).items()))
        texts = ["".join(f"<{m['role']}>{m['content']}" for m in c) + extra
                 for c in conversations]
        return self._run("chat", list(conversations), texts, sampling_params, use_tqdm)

    def _run(
        self,
        method: str,
        inputs: list[Any],
        texts: list[str],
        sampling_params: SamplingParams | Sequence[SamplingParams] | None,
        use_tqdm: bool,
    ) -> list[RequestOutput]:
        params = _pair(sampling_params, len(texts))
        self.calls.append((method, inputs, params))
        self.use_tqdm.append(use_tqdm)
        return [
            RequestOutput(str(i), text if isinstance(inp, str) or method == "chat"
                          else inp.get("prompt"), None,
                          [self._complete(text, p, k) for k in range(p.n)])
            for i, (text, p, inp) in enumerate(zip(texts, params, inputs, strict=True))
        ]

    def _complete(self, prompt: str, params: SamplingParams, index: int) -> CompletionOutput:
        if params.temperature < 1e-5:
            noise = "greedy"
        elif params.seed is not None:  # the request's own generator
            noise = f"seed={params.seed}|{index}"
        else:  # the engine's generator, shared by the batch
            noise = f"engine={self._rng.getrandbits(64)}"
        return _complete(prompt, params, noise, index)


def _pair(
    sampling_params: SamplingParams | Sequence[SamplingParams] | None, count: int
) -> list[SamplingParams]:
    """One SamplingParams per prompt, as vLLM pairs them (a list must match the prompts)."""
    if sampling_params is None:
        return [SamplingParams()] * count
    if isinstance(sampling_params, SamplingParams):
        return [sampling_params] * count
    params = list(sampling_params)
    if len(params) != count:
        raise ValueError("The lengths of prompts and sampling_params must be the same.")
    return params


def _complete(prompt: str, params: SamplingParams, noise: str, index: int) -> CompletionOutput:
    """A deterministic completion: the same prompt and noise give the same text."""
    digest = hashlib.sha256(f"{prompt}|{noise}".encode()).digest()
    words = [_WORDS[b % len(_WORDS)] for b in digest]
    limit = params.max_tokens or 16
    tokens = words[: min(limit, 4 + digest[0] % 8)]
    text, reason, stop_reason = " ".join(tokens), "stop", None
    if len(tokens) == limit:
        reason = "length"
    for s in params.stop:
        if s in text:  # the stop string ends the text and is left out, as in vLLM
            text, reason, stop_reason = text[: text.index(s)], "stop", s
            tokens = text.split()
    logprob = -0.5 * len(tokens) if params.logprobs is not None else None
    return CompletionOutput(
        index=index,
        text=text,
        token_ids=[digest[i] for i in range(len(tokens))],
        cumulative_logprob=logprob,
        finish_reason=reason,
        stop_reason=stop_reason,
    )
