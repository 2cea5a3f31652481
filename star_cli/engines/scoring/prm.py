"""Process reward models with transformers: a token-classification head read at the end of
each step.

The sequence is the one TRL's former `PRMTrainer` (TRL 0.x, `tokenize_row`) trained on, so a
model trained that way (or by `examples/addition/prm.py`, which builds its rows with
`encode_steps`) is read where it learned: the prompt's tokens (after the tokenizer's BOS token,
when it has one), then each step's tokens followed by the separator's (`\\n` by default,
TRL's `step_separator`), all without the tokenizer's other special tokens. A step's label
sits on the last token of its separator; its probability of holding is the head's
probability of label 1 there (softmax over two labels, or the sigmoid of a single one).

A sequence longer than the model's positions loses the start of its prompt (the steps are
kept whole while they fit), as TRL's `max_prompt_length` truncation does; such sequences are
counted (`truncated`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from star_cli.engines.scoring import (
    first_line,
    load_tokenizer,
    pad_id,
    require,
    source,
    torch_dtype,
)
from star_cli.errors import EngineError

log = logging.getLogger("star_cli")

SEPARATOR = "\n"  # TRL's default step_separator


def encode_steps(tokenizer: Any, prompt: str, steps: Sequence[str],
                 separator: str = SEPARATOR) -> tuple[list[int], list[int]]:
    """(token ids, the position of each step's last token): TRL's PRM layout."""
    ids = list(tokenizer(prompt, add_special_tokens=False)["input_ids"])
    if getattr(tokenizer, "bos_token_id", None) is not None:
        ids = [tokenizer.bos_token_id, *ids]
    sep = list(tokenizer.encode(separator, add_special_tokens=False))
    ends = []
    for step in steps:
        ids += list(tokenizer(step, add_special_tokens=False)["input_ids"]) + sep
        ends.append(len(ids) - 1)
    return ids, ends


class TransformersPRM:
    """A token-classification model (one or two labels) scoring each step's end."""

    def __init__(self, model: str, *, batch_size: int = 8, device: str | None = None,
                 dtype: str | None = None, trust_remote_code: bool = False,
                 separator: str = SEPARATOR) -> None:
        self.torch = torch = require("torch", "transformers")
        transformers = require("transformers", "transformers")
        path = source(model)
        self.model_name, self.batch_size, self.separator = model, batch_size, separator
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.tokenizer = load_tokenizer(transformers, path, trust_remote_code)
        try:
            self.model = transformers.AutoModelForTokenClassification.from_pretrained(
                path, dtype=torch_dtype(torch, self.device, dtype),
                trust_remote_code=trust_remote_code)
        except (OSError, ValueError) as e:
            raise EngineError(f"cannot load process verifier {model!r} as a token-"
                              f"classification model ({first_line(e)})") from None
        labels = getattr(self.model.config, "num_labels", 2)
        if labels not in (1, 2):
            raise EngineError(f"process verifier {model!r} has {labels} labels; a PRM has two "
                              "(a step holds or not) or one (its logit)")
        try:
            self.model.to(self.device).eval()
        except (RuntimeError, AssertionError) as e:
            raise EngineError(f"cannot put process verifier {model!r} on device "
                              f"{self.device!r} ({first_line(e)})") from None
        config = self.model.config
        self.limit = next((v for v in (getattr(config, "max_position_embeddings", None),
                                       getattr(config, "n_positions", None))
                           if isinstance(v, int) and v > 0), None)
        self.pad = pad_id(self.tokenizer, config)
        self.truncated = 0

    def encode(self, prompt: str, steps: Sequence[str]) -> tuple[list[int], list[int]]:
        ids, ends = encode_steps(self.tokenizer, prompt, steps, self.separator)
        if self.limit is not None and len(ids) > self.limit:
            cut = len(ids) - self.limit
            self.truncated += 1
            if ends and ends[0] < cut:
                raise EngineError(f"a rationale's steps alone are longer than process "
                                  f"verifier {self.model_name!r}'s {self.limit} positions")
            ids, ends = ids[cut:], [e - cut for e in ends]
        return ids, ends

    def score(self, items: Sequence[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """For each (prompt, steps), the probability that each step holds."""
        encoded = [self.encode(p, s) for p, s in items]
        out: list[list[float]] = [[] for _ in items]
        todo = sorted((i for i, (_, ends) in enumerate(encoded) if ends),
                      key=lambda i: -len(encoded[i][0]))
        torch = self.torch
        with torch.inference_mode():
            for k in range(0, len(todo), self.batch_size):
                batch = todo[k:k + self.batch_size]
                width = len(encoded[batch[0]][0])
                rows = [encoded[i][0] + [self.pad] * (width - len(encoded[i][0]))
                        for i in batch]
                mask = [[1] * len(encoded[i][0]) + [0] * (width - len(encoded[i][0]))
                        for i in batch]
                logits = self.model(input_ids=torch.tensor(rows, device=self.device),
                                    attention_mask=torch.tensor(mask, device=self.device)
                                    ).logits.float()
                if logits.shape[-1] == 1:
                    probs = torch.sigmoid(logits[..., 0])
                else:
                    probs = torch.softmax(logits, dim=-1)[..., 1]
                probs = probs.cpu().tolist()
                for row, i in enumerate(batch):
                    out[i] = [float(probs[row][e]) for e in encoded[i][1]]
        return out

    def close(self) -> None:
        self.model = None
        if self.torch.cuda.is_available():
            self.torch.cuda.empty_cache()


__all__ = ["SEPARATOR", "TransformersPRM", "encode_steps"]
