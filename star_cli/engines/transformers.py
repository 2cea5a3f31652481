"""The `transformers` engine: plain `model.generate` on CPU or one GPU.

Slow next to vLLM, but it needs nothing beyond torch and transformers, so it is the engine
for laptops and for the test suite. Requests are grouped by their sampling parameters (all
sequences in one `generate` call share them) and run `batch_size` requests at a time.

`close` is safe from any thread while a `generate` call is in flight (Ctrl-C): it stops that
call at its next token and waits for it, so no thread is left inside torch when the
interpreter exits (Python 3.11 ends such a thread with pthread_exit, which aborts in C++:
"terminate called without an active exception", exit 134 instead of 130).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

from star_cli.engines.base import (
    Completion,
    Engine,
    Request,
    Sampling,
    require_module,
    template_kwargs,
)
from star_cli.errors import EngineError

_INSTALL = "'star-cli[hf]'"


class _FalsePaddingWarning(logging.Filter):
    """Drops transformers' "We strongly recommend passing in an `attention_mask`": star always
    passes one, but during cached decoding generate calls the model with the new tokens
    alone, and a finished row's new token is the pad token, which the check mistakes for
    unmasked padding (every batch with an early finisher printed it). Installed on the
    `transformers.modeling_utils` logger for the process once an engine is made, so it also
    hides that one message for a user's own model calls in the same process."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "passing in an `attention_mask`" not in record.getMessage()


def _quiet_false_padding_warning() -> None:
    logger = logging.getLogger("transformers.modeling_utils")
    if not any(isinstance(f, _FalsePaddingWarning) for f in logger.filters):
        logger.addFilter(_FalsePaddingWarning())


class TransformersEngine(Engine):
    """Plain transformers `generate` on CPU or one GPU: laptops and the test suite."""

    name = "transformers"
    scorer = "star_cli.engines.scoring.transformers:TransformersScorer"

    def __init__(
        self,
        model: str,
        *,
        device: str | None = None,
        dtype: str | None = None,
        batch_size: int = 8,
        trust_remote_code: bool = False,
        chat_template_kwargs: dict[str, Any] | None = None,
        engine_args: dict[str, Any] | None = None,
        **ignored: Any,
    ) -> None:
        super().__init__(model, device=device, dtype=dtype, batch_size=batch_size)
        if batch_size < 1:
            raise EngineError(f"batch_size must be at least 1, got {batch_size}")
        # Variables of the chat template (Qwen3's enable_thinking), from the option or from
        # --engine-arg chat_template_kwargs={...}; checked before the model loads.
        self.template_kwargs = template_kwargs(
            (engine_args or {}).get("chat_template_kwargs"), chat_template_kwargs,
            engine=self.name)
        self._torch = require_module("torch", self.name, _INSTALL)
        transformers = require_module("transformers", self.name, _INSTALL)
        source, local_only = _model_source(model)
        self.device = device or ("cuda" if self._torch.cuda.is_available() else "cpu")
        self.batch_size = batch_size
        self.tokenizer, self.hf_model = _load(
            transformers, source, trust_remote_code, self._dtype(dtype), local_only
        )
        self.hf_model.to(self.device).eval()
        # Decoder-only models continue from the right edge, so pad on the left.
        self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self._eos_ids = _eos_ids(self.hf_model.generation_config, self.tokenizer)
        # `close` sets `_closed`; a generate call in flight checks it at every token.
        self._closed = threading.Event()
        self._busy = threading.Lock()
        # count_tokens may run on the caller's thread while generate encodes on the engine's;
        # a fast tokenizer must not be entered from two threads at once ("Already borrowed").
        self._tokenizing = threading.Lock()
        self._stopping = transformers.StoppingCriteriaList([_Cancelled(self._closed, self._torch)])
        _quiet_false_padding_warning()

    def _dtype(self, dtype: str | None) -> Any:
        if dtype is None:
            # The checkpoint's own dtype on a GPU; float32 on CPU, where half precision is slow.
            return "auto" if self.device.startswith("cuda") else self._torch.float32
        if dtype == "auto":
            return dtype
        value = getattr(self._torch, dtype, None)
        if not isinstance(value, self._torch.dtype):
            raise EngineError(f"unknown dtype {dtype!r}; use auto, bfloat16, float16 or float32")
        return value

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        results: list[list[Completion]] = [[] for _ in requests]
        with self._busy:
            for indices in self._batches(requests):
                if self._closed.is_set():
                    raise EngineError("the transformers engine was closed during generate")
                batch = [requests[i] for i in indices]
                for i, completions in zip(indices, self._generate_batch(batch), strict=True):
                    results[i] = completions
            if self._closed.is_set():  # cut short by `close`: never hand these out
                raise EngineError("the transformers engine was closed during generate")
        return results

    def _batches(self, requests: Sequence[Request]) -> list[list[int]]:
        """Indices of requests that can share one `generate` call: same sampling but the seed."""
        groups: dict[Sampling, list[int]] = {}
        for i, request in enumerate(requests):
            groups.setdefault(request.sampling.with_seed(None), []).append(i)
        size = self.batch_size
        return [g[k : k + size] for g in groups.values() for k in range(0, len(g), size)]

    def _generate_batch(self, batch: list[Request]) -> list[list[Completion]]:
        torch = self._torch
        sampling = batch[0].sampling
        greedy = sampling.temperature <= 0
        # Greedy decoding gives the same sequence n times; generate it once and copy it.
        per_prompt = 1 if greedy else sampling.n
        inputs = self._encode([r.prompt for r in batch])
        if sampling.seed is not None:
            torch.manual_seed(_batch_seed([r.sampling.seed for r in batch]))
        with torch.inference_mode():
            out = self.hf_model.generate(
                **inputs,
                **self._generation_kwargs(sampling, per_prompt, greedy),
            )
            scores = self.hf_model.compute_transition_scores(
                out.sequences, out.logits, normalize_logits=True
            )
        new_tokens = out.sequences[:, inputs["input_ids"].shape[1] :].tolist()
        flat = [
            self._completion(ids, row.tolist(), sampling)
            for ids, row in zip(new_tokens, scores.float().cpu(), strict=True)
        ]
        return [
            flat[k * per_prompt : (k + 1) * per_prompt] * (sampling.n // per_prompt)
            for k in range(len(batch))
        ]

    def _generation_kwargs(self, sampling: Sampling, per_prompt: int, greedy: bool) -> dict:
        kwargs: dict[str, Any] = {
            "max_new_tokens": sampling.max_tokens,
            "num_return_sequences": per_prompt,
            "do_sample": not greedy,
            "pad_token_id": self.tokenizer.pad_token_id,
            "eos_token_id": self._eos_ids,
            # No penalty, and below no top-k: sample as vLLM does with explicit params,
            # whatever defaults the checkpoint's generation_config carries.
            "repetition_penalty": 1.0,
            # Raw logits, so the log-prob is the model's, as vLLM reports it by default. They
            # are kept for every step (batch * n * vocab floats each): lower batch_size if the
            # vocabulary is large and memory short.
            "output_logits": True,
            "return_dict_in_generate": True,
            "stopping_criteria": self._stopping,
        }
        if not greedy:
            kwargs.update(temperature=sampling.temperature, top_p=sampling.top_p, top_k=0)
        if sampling.stop:
            kwargs.update(stop_strings=list(sampling.stop), tokenizer=self.tokenizer)
        return kwargs

    def _encode(self, prompts: list[Any]) -> dict[str, Any]:
        """Token ids for each prompt, left-padded into one tensor batch on the model's device."""
        ids = []
        for prompt in prompts:
            if isinstance(prompt, str):
                with self._tokenizing:
                    ids.append(self.tokenizer(prompt)["input_ids"])
            else:
                # The chat template already writes any BOS it wants; do not add a second one.
                text = self._chat_text(prompt)
                with self._tokenizing:
                    ids.append(self.tokenizer(text, add_special_tokens=False)["input_ids"])
        with self._tokenizing:
            batch = self.tokenizer.pad({"input_ids": ids}, padding=True, return_tensors="pt")
        return {k: v.to(self.device) for k, v in batch.items()}

    def _chat_text(self, messages: list[dict[str, str]]) -> str:
        if not getattr(self.tokenizer, "chat_template", None):
            raise EngineError(
                f"model {self.model!r} has no chat template; drop --chat to send plain text prompts"
            )
        return self.tokenizer.apply_chat_template(
            messages, add_generation_prompt=True, tokenize=False, **self.template_kwargs
        )

    def count_tokens(self, text: str) -> int | None:
        """`text`'s tokens under the model's tokenizer, without special tokens."""
        with self._tokenizing:
            return len(self.tokenizer(text, add_special_tokens=False)["input_ids"])

    def _completion(self, ids: list[int], scores: list[float], sampling: Sampling) -> Completion:
        end, reason = _finish(ids, self._eos_ids, sampling, self._decode)
        return Completion(
            text=_cut_at_stop(self._decode(ids[:end]), sampling.stop),
            finish_reason=reason,
            tokens=end,
            logprob=float(sum(scores[:end])),
        )

    def _decode(self, ids: list[int]) -> str:
        return self.tokenizer.decode(ids, skip_special_tokens=True)

    def close(self, wait: float = 60.0) -> None:
        """Stop a generate call in flight (at its next token), wait for it, free the model."""
        self._closed.set()
        if not self._busy.acquire(timeout=wait):
            return  # still in a forward pass: leave the model to it
        try:
            self.hf_model = None
            if self._torch.cuda.is_available():
                self._torch.cuda.empty_cache()
        finally:
            self._busy.release()


class _Cancelled:
    """A stopping criterion: every sequence is done once the engine is closed."""

    def __init__(self, closed: threading.Event, torch: Any) -> None:
        self.closed, self.torch = closed, torch

    def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
        done = self.closed.is_set()
        return self.torch.full((input_ids.shape[0],), done, dtype=self.torch.bool,
                               device=input_ids.device)


def _model_source(model: str) -> tuple[str, bool]:
    """(what to load, whether from local files only): a local path (checked to exist), or a
    Hub id, read from the local cache when the Hub is offline or unreachable (see io/hub.py:
    a model neither local nor cached fails at once, not after minutes of retries)."""
    from star_cli.io.hub import resolve_hub_model

    looks_local = model.startswith((".", "/", "~")) or (os.sep != "/" and os.sep in model)
    path = os.path.expanduser(model)
    if looks_local and not os.path.exists(path):
        raise EngineError(f"model path {model!r} does not exist")
    if os.path.exists(path):
        return path, True
    return model, resolve_hub_model(model)


def _load(transformers: Any, source: str, trust_remote_code: bool, dtype: Any,
          local_only: bool = False) -> tuple[Any, Any]:
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            source, trust_remote_code=trust_remote_code, local_files_only=local_only
        )
        model = transformers.AutoModelForCausalLM.from_pretrained(
            source, dtype=dtype, trust_remote_code=trust_remote_code,
            local_files_only=local_only,
        )
    except (OSError, ValueError) as e:
        first_line = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise EngineError(
            f"cannot load model {source!r} ({first_line}); give a local model directory, or "
            "download the Hub model first (with HF_HUB_OFFLINE=1 it must already be cached)"
        ) from None
    return tokenizer, model


def _eos_ids(generation_config: Any, tokenizer: Any) -> list[int]:
    """Every token that ends a sequence: the checkpoint may list several (Llama 3 does)."""
    eos = generation_config.eos_token_id
    if eos is None:
        eos = tokenizer.eos_token_id
    if eos is None:
        return []
    return [eos] if isinstance(eos, int) else list(eos)


def _batch_seed(seeds: list[int | None]) -> int:
    """One seed for the whole batch, the same in every process (unlike `hash`)."""
    digest = hashlib.blake2b(repr(seeds).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & (2**63 - 1)


def _finish(
    ids: list[int], eos_ids: list[int], sampling: Sampling, decode: Callable[[list[int]], str]
) -> tuple[int, str]:
    """How many of `ids` were generated, and why generation stopped.

    Finished rows are padded to the batch's length, and the pad token may be the eos token,
    so the count is found from the first eos or the first stop string, not from padding.
    """
    end, reason = len(ids), "length"
    eos = set(eos_ids)
    for i, token in enumerate(ids):
        if token in eos:
            end, reason = i + 1, "stop"
            break
    if sampling.stop and _has_stop(decode(ids[:end]), sampling.stop):
        end, reason = _first_stop(ids[:end], sampling.stop, decode), "stop"
    return end, reason


def _first_stop(ids: list[int], stop: Sequence[str], decode: Callable[[list[int]], str]) -> int:
    """The fewest leading tokens whose text contains a stop string (binary search)."""
    low, high = 1, len(ids)
    while low < high:
        mid = (low + high) // 2
        if _has_stop(decode(ids[:mid]), stop):
            high = mid
        else:
            low = mid + 1
    return high


def _has_stop(text: str, stop: Sequence[str]) -> bool:
    return any(s and s in text for s in stop)


def _cut_at_stop(text: str, stop: Sequence[str]) -> str:
    """Text before the first stop string, which is left out, as vLLM and OpenAI do."""
    cuts = [text.find(s) for s in stop if s and s in text]
    return text[: min(cuts)] if cuts else text
