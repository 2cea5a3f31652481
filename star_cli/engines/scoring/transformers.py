"""Scoring with transformers: batched teacher-forced forward passes (sequences sorted by
length, right-padded with an attention mask, logits kept only from the first completion
position, log-softmax in float32 whatever the model's dtype), or a reward model's head."""

from __future__ import annotations

import contextlib
import inspect
import logging
from collections.abc import Iterator, Sequence
from typing import Any

from star_cli.engines.scoring import (
    CompletionLike,
    Encoded,
    Formatter,
    Prompt,
    Score,
    Scorer,
    ScoringOptions,
    first_line,
    load_tokenizer,
    pad_id,
    require,
    source,
    torch_dtype,
)
from star_cli.errors import EngineError

log = logging.getLogger("star_cli")

# Float32 log-softmax work per chunk of rows: bounds the memory a batch needs beyond the
# model's own logits (two batch x positions x vocabulary float tensors at most).
SOFTMAX_BYTES = 256 * 2**20


class TransformersScorer(Scorer):
    kinds = ("logprob", "reward-model")

    @classmethod
    def load(cls, model: str, options: ScoringOptions) -> Scorer:
        return cls(model, options.kind, options.eos, options.batch_size, options.device,
                   options.dtype, options.trust_remote_code)

    def __init__(self, model: str, kind: str, eos: bool | str | None, batch_size: int,
                 device: str | None, dtype: str | None, trust_remote_code: bool) -> None:
        self.torch = torch = require("torch", "transformers")
        transformers = require("transformers", "transformers")
        path = source(model)
        self.kind, self.batch_size = kind, batch_size
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        tokenizer = load_tokenizer(transformers, path, trust_remote_code)
        auto = (transformers.AutoModelForSequenceClassification if kind == "reward-model"
                else transformers.AutoModelForCausalLM)
        try:
            with _quiet_loading(transformers):
                self.model = auto.from_pretrained(
                    path, dtype=torch_dtype(torch, self.device, dtype),
                    trust_remote_code=trust_remote_code)
        except (OSError, ValueError) as e:
            raise EngineError(f"cannot load verifier {model!r} as a "
                              f"{'reward model' if kind == 'reward-model' else 'causal LM'} "
                              f"({first_line(e)})") from None
        try:
            self.model.to(self.device).eval()
        except (RuntimeError, AssertionError) as e:  # no such device, CUDA absent
            raise EngineError(f"cannot put verifier {model!r} on device {self.device!r} "
                              f"({first_line(e)})") from None
        self.formatter = Formatter(tokenizer, eos, model)
        config = self.model.config
        self.pad = pad_id(tokenizer, config)
        if kind == "reward-model":
            if getattr(config, "num_labels", 1) != 1:
                raise EngineError(f"reward model {model!r} has {config.num_labels} labels; a "
                                  "reward model (TRL RewardTrainer) has one scalar output")
            # The head pools the last token that is not padding: it must know the pad id.
            config.pad_token_id = self.pad
        params = inspect.signature(self.model.forward).parameters
        self.keep_logits = kind == "logprob" and "logits_to_keep" in params

    def score_pairs(self, pairs: Sequence[tuple[Prompt, CompletionLike]]) -> list[Score]:
        return self.score_encoded(self.formatter.encode(pairs))

    def score_encoded(self, items: Sequence[Encoded]) -> list[Score]:
        torch = self.torch
        values = [0.0] * len(items)
        todo = [i for i, it in enumerate(items)
                if it.tokens > 0 or (self.kind == "reward-model" and it.ids)]
        # Longest first: similar lengths share a batch, and an out-of-memory shows at once.
        todo.sort(key=lambda i: -len(items[i].ids))
        done: list[tuple[list[int], Any]] = []
        with torch.inference_mode():
            for k in range(0, len(todo), self.batch_size):
                batch = todo[k : k + self.batch_size]
                done.append((batch, self._batch([items[i] for i in batch])))
        # One device sync for the whole call: batches queue on the GPU back to back.
        for batch, result in done:
            for i, v in zip(batch, result.tolist(), strict=True):
                values[i] = float(v)
        return [Score(v, it.tokens) for v, it in zip(values, items, strict=True)]

    def _batch(self, batch: list[Encoded]) -> Any:
        torch = self.torch
        width = len(batch[0].ids)
        rows = [it.ids + [self.pad] * (width - len(it.ids)) for it in batch]
        mask = [[1] * len(it.ids) + [0] * (width - len(it.ids)) for it in batch]
        input_ids = torch.tensor(rows, device=self.device)
        attention = torch.tensor(mask, device=self.device)
        if self.kind == "reward-model":
            logits = self.model(input_ids=input_ids, attention_mask=attention).logits
            return logits[:, 0].float()
        # Only positions from the first one that predicts a completion token need logits.
        first = min(it.start for it in batch) - 1
        extra = {"logits_to_keep": width - first} if self.keep_logits else {}
        logits = self.model(input_ids=input_ids, attention_mask=attention, **extra).logits
        base = width - logits.shape[1]  # the position of logits[:, 0]
        window = logits[:, first - base : width - 1 - base]  # positions first .. width-2
        targets = input_ids[:, first + 1 :]  # what each of them predicts
        pos = torch.arange(first, width - 1, device=self.device)
        starts = torch.tensor([it.start - 1 for it in batch], device=self.device)
        ends = torch.tensor([len(it.ids) - 1 for it in batch], device=self.device)
        keep = (pos[None, :] >= starts[:, None]) & (pos[None, :] < ends[:, None])
        step = max(1, SOFTMAX_BYTES // max(1, window.shape[1] * window.shape[2] * 4))
        sums = []
        for r in range(0, len(batch), step):
            # log_softmax then gather: one fused pass, faster than logsumexp on CPU.
            chunk = torch.log_softmax(window[r : r + step].float(), dim=-1)
            token_lp = chunk.gather(-1, targets[r : r + step, :, None]).squeeze(-1)
            sums.append(torch.where(keep[r : r + step], token_lp, 0.0).sum(-1))
        return torch.cat(sums)

    def close(self) -> None:
        self.model = None
        if self.torch.cuda.is_available():
            self.torch.cuda.empty_cache()


@contextlib.contextmanager
def _quiet_loading(transformers: Any) -> Iterator[None]:
    """No weight-loading bar on stderr when star's own progress is off (`-q`)."""
    hub = transformers.utils.logging
    if log.isEnabledFor(logging.INFO) or not hub.is_progress_bar_enabled():
        yield
        return
    hub.disable_progress_bar()
    try:
        yield
    finally:
        hub.enable_progress_bar()


