"""Scoring completions under a model: the backends of `star_cli.verifier.Verifier`, one per
engine (an engine names its scorer in `Engine.scorer`).

Every backend scores the sequence a trainer sees (`Formatter`: TRL's prompt + completion
(+ EOS) for text, the chat template for messages) and returns one `Score(value, tokens)` per
pair: the completion tokens' summed log-probability, or a reward model's scalar.
"""

from __future__ import annotations

import logging
import os
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from star_cli.errors import EngineError, UsageError

log = logging.getLogger("star_cli")

KINDS = ("logprob", "reward-model")
_INSTALL = {"transformers": "'star-cli[hf]'", "torch": "'star-cli[hf]'",
            "vllm": "'star-cli[vllm]'"}

Message = Mapping[str, Any]
Prompt = str | Sequence[Message]
CompletionLike = str | Sequence[Message]


class Score(NamedTuple):
    """A completion's score: `value` (summed log-probability, or a reward model's scalar)
    and `tokens`, the completion tokens it covers."""

    value: float
    tokens: int

    @property
    def mean(self) -> float:
        """The per-token average log-probability (0.0 for an empty completion)."""
        return self.value / self.tokens if self.tokens else 0.0


@dataclass(frozen=True)
class Encoded:
    """One sequence to score: its token ids and where the completion starts in them."""

    ids: list[int]
    start: int

    @property
    def tokens(self) -> int:
        return len(self.ids) - self.start


def common_prefix_length(a: Sequence[Any], b: Sequence[Any]) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def is_chat(prompt: Any) -> bool:
    return not isinstance(prompt, str)


# -- the sequence a trainer sees -------------------------------------------------------------
class Formatter:
    """Turns (prompt, completion) into the texts and token ids a trainer would see."""

    def __init__(self, tokenizer: Any, eos: bool | str | None = True, model: str = "") -> None:
        self.tokenizer = tokenizer
        self.model = model
        if eos is True:
            self.eos = (getattr(tokenizer, "eos_token", None) if tokenizer is not None
                        else None) or ""
        else:
            self.eos = eos or ""
        self.mismatches = 0  # sequences whose tokenized prompt is not a prefix of the whole
        self._warned = False

    def texts(self, prompt: Prompt, completion: CompletionLike) -> tuple[str, str, bool]:
        """(prompt text, whole text, whether the tokenizer adds its special tokens)."""
        if not is_chat(prompt):
            if not isinstance(completion, str):
                raise UsageError("a conversational completion (a message list) needs a chat "
                                 "prompt (a message list), not a text prompt")
            whole = prompt + completion
            if self.eos and not whole.endswith(self.eos):
                whole += self.eos
            return prompt, whole, True
        messages = [dict(m) for m in prompt]
        reply = ([{"role": "assistant", "content": completion}] if isinstance(completion, str)
                 else [dict(m) for m in completion])
        return (self._template(messages, True), self._template(messages + reply, False), False)

    def _template(self, messages: list[dict[str, Any]], generation: bool) -> str:
        tok = self.tokenizer
        if tok is None or not getattr(tok, "chat_template", None):
            raise EngineError(f"verifier {self.model!r} has no chat template: chat prompts "
                              "cannot be scored with it (score text prompts, or give a "
                              "tokenizer that has one)")
        return tok.apply_chat_template(messages, add_generation_prompt=generation,
                                       tokenize=False)

    def encode(self, pairs: Sequence[tuple[Prompt, CompletionLike]]) -> list[Encoded]:
        """Token ids and completion starts; each distinct prompt is tokenized once, and
        everything in one batched tokenizer call per kind (text, chat)."""
        rendered = [self.texts(p, c) for p, c in pairs]
        ids: dict[tuple[str, bool], list[int]] = {}
        for special in (True, False):
            wanted = list(dict.fromkeys(
                t for prompt, whole, s in rendered if s == special for t in (prompt, whole)
                if (t, special) not in ids))
            if wanted:
                got = self.tokenizer(wanted, add_special_tokens=special)["input_ids"]
                ids.update({(t, special): list(g) for t, g in zip(wanted, got, strict=True)})
        out = []
        for prompt, whole, special in rendered:
            p_ids, w_ids = ids[(prompt, special)], ids[(whole, special)]
            start = common_prefix_length(p_ids, w_ids)
            if start < len(p_ids):
                self._mismatch(p_ids[start:])
            # The first token of a sequence has no context: it is never scored.
            out.append(Encoded(w_ids, max(start, 1) if w_ids else 0))
        return out

    def _mismatch(self, dropped: list[int]) -> None:
        self.mismatches += 1
        if not self._warned:
            self._warned = True
            log.warning(
                "verifier %s: the tokenized prompt is not a prefix of prompt + completion "
                "(tokens merge across the boundary, or the chat template renders the prompt "
                "differently before an answer); the completion starts where they diverge, "
                "as TRL trains it; left over from the prompt: %r", self.model,
                self.tokenizer.decode(dropped))


@dataclass(frozen=True)
class ScoringOptions:
    """What every backend is built with (the `Verifier`'s arguments); each takes what it
    uses: `kind`, the EOS rule, and transformers' batch size, device and dtype, or the
    engine's own options (`engine_args`, a server's URL, ...)."""

    kind: str = "logprob"
    eos: bool | str | None = True
    batch_size: int = 8
    device: str | None = None
    dtype: str | None = None
    trust_remote_code: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)


class Scorer(ABC):
    """A scoring backend: `load(model, options)` builds one; `kinds` are the kinds of score
    it gives (`logprob`, and `reward-model` for a sequence-classification head)."""

    kinds: tuple[str, ...] = ("logprob",)
    formatter: Formatter | None = None

    @classmethod
    @abstractmethod
    def load(cls, model: str, options: ScoringOptions) -> Scorer: ...

    @abstractmethod
    def score_pairs(self, pairs: Sequence[tuple[Prompt, CompletionLike]]) -> list[Score]: ...

    @abstractmethod
    def close(self) -> None: ...

    @property
    def mismatches(self) -> int:
        """Sequences so far whose tokenized prompt was not a prefix of the whole."""
        return self.formatter.mismatches if self.formatter is not None else 0


def require(module: str, engine: str) -> Any:
    from star_cli.engines.base import require_module

    return require_module(module, f"verifier {engine}", _INSTALL.get(module, module))


def source(model: str) -> str:
    """A local path (checked to exist) or a Hub id."""
    if model.startswith((".", "/", "~")):
        path = os.path.expanduser(model)
        if not os.path.exists(path):
            raise EngineError(f"verifier path {model!r} does not exist")
        return path
    return model


def first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def load_tokenizer(transformers: Any, source: str, trust_remote_code: bool) -> Any:
    try:
        return transformers.AutoTokenizer.from_pretrained(source,
                                                          trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as e:
        raise EngineError(f"cannot load the tokenizer of {source!r} ({first_line(e)}); give a "
                          "local model directory, or download the Hub model first") from None



def torch_dtype(torch: Any, device: str, dtype: str | None) -> Any:
    """The dtype to load a model in: the checkpoint's own on a GPU and float32 on CPU when
    none is given (half precision is slow there), else the one named."""
    if dtype is None:
        return "auto" if device.startswith("cuda") else torch.float32
    if dtype == "auto":
        return dtype
    value = getattr(torch, dtype, None)
    if not isinstance(value, torch.dtype):
        raise UsageError(f"unknown dtype {dtype!r}; use auto, bfloat16, float16 or float32")
    return value


def pad_id(tokenizer: Any, config: Any) -> int:
    """The id to pad with: the model's, else the tokenizer's pad or end-of-text id, else 0."""
    for value in (getattr(config, "pad_token_id", None), tokenizer.pad_token_id,
                  tokenizer.eos_token_id):
        if isinstance(value, int):
            return value
    return 0


__all__ = ["KINDS", "CompletionLike", "Encoded", "Formatter", "Prompt", "Score", "Scorer",
           "ScoringOptions",
           "common_prefix_length", "first_line", "is_chat", "load_tokenizer", "pad_id",
           "require", "source", "torch_dtype"]
