"""Scoring a completion under a verifier: log V(y | x), or a reward model's scalar.

    from star_cli.verifier import Verifier

    with Verifier("runs/verifier") as v:                    # engine="transformers"
        scores = v.score("Q: What is 2 + 3?\\nA:", [" 2 + 3 = 5. The answer is 5.", " 6."])
        best = max(range(len(scores)), key=lambda i: scores[i].value)

`score(prompt, completions)` returns one `Score(value, tokens)` per completion: with
`kind="logprob"` (the default, V-STaR's score) `value` is the sum of the log-probabilities of
the completion's tokens given the prompt and `tokens` how many there are; with
`kind="reward-model"` (a sequence-classification head, as TRL's `RewardTrainer` trains it)
`value` is the head's scalar logit on the whole sequence. `score_pairs([(prompt, completion),
...])` scores pairs with different prompts in one call (and batches across them).

What is scored is the sequence a trainer sees, as TRL builds it for DPO and reward training:

- a **text** prompt: `prompt + completion + EOS`, tokenized together (with the tokenizer's
  special tokens, e.g. a BOS). TRL appends the EOS token to standard (non-conversational)
  completions, so a DPO verifier has learned where a solution ends; `eos=False` leaves it out,
  `eos="</s>"` appends that text instead.
- a **chat** prompt (a list of messages): the model's chat template applied to the prompt with
  `add_generation_prompt=True`, and to the prompt followed by the completion as the assistant's
  message (a string completion becomes `{"role": "assistant", "content": completion}`; a list
  of messages, as GRPO passes conversational completions, is appended as it is), tokenized
  without adding special tokens (the template writes them). The template's end-of-turn tokens
  are part of the completion, as in training.

The completion's tokens are those after the longest common prefix of the tokenized prompt and
the tokenized whole (TRL's `common_prefix_length`). Edge cases, all handled the way TRL does:

- a token that straddles the boundary (the prompt's last characters merged with the
  completion's first) belongs to the completion: it is the first token holding completion text;
- a template that renders the prompt alone differently from the prompt followed by an answer
  (an empty thought block dropped, say) moves the boundary back to where they diverge; this
  is counted (`Verifier.mismatches`) and logged once;
- the first token of a sequence has no context and no log-probability: with an empty prompt
  and no BOS token it is not scored;
- a completion that adds no token (an empty completion with `eos=False`) scores 0.0 with
  0 tokens: the log-probability of the empty sequence.

Engines. `transformers`: batched teacher-forced forward passes (sequences sorted by length,
right-padded with an attention mask, logits kept only from the first completion position,
log-softmax in float32 whatever the model's dtype). `vllm`: the same token ids sent as
`TokensPrompt`s to `LLM.generate` with `SamplingParams(max_tokens=1, prompt_logprobs=0)`, the
completion's `prompt_logprobs` summed. `openai`: `/v1/completions` with the text, `echo`,
`logprobs=0` and `max_tokens=1` (`vllm serve` answers it); the server tokenizes, and the
completion's tokens are found by `text_offset`. The openai engine needs the model's tokenizer
locally only for chat prompts and for the EOS text (`tokenizer=` names it; default the model).

The backends live with the engines (`star_cli.engines.scoring`: one per engine, named by the
engine's `scorer`). Nothing here imports torch, transformers, vllm or httpx until a Verifier
is built.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Iterable, Sequence
from typing import Any

from star_cli.engines.registry import resolve
from star_cli.engines.scoring import (
    KINDS,
    CompletionLike,
    Prompt,
    Score,
    Scorer,
    ScoringOptions,
)
from star_cli.errors import EngineError, UsageError

ENGINES = ("auto", "transformers", "vllm", "openai")


def scorer_class(engine: str) -> type[Scorer]:
    """The scoring backend of `engine` (its `Engine.scorer`)."""
    spec = resolve(engine).scorer
    if spec is None:
        raise UsageError(f"engine {engine!r} cannot score completions (it names no scorer)")
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def _gives(engine: str, kind: str) -> bool:
    return engine != "auto" and kind in scorer_class(engine).kinds


class Verifier:
    """A model that scores completions: see the module docstring.

    - `engine`: `transformers` (default), `vllm`, `openai`, or `auto` (vllm where it is
      importable and a GPU is present, else transformers).
    - `kind`: `logprob` (a causal LM: log V(y|x)) or `reward-model` (a sequence-classification
      head with one label; transformers only).
    - `eos`: append the EOS token to text completions (True, the TRL default), not (False),
      or this text.
    - `batch_size`, `device` (`cpu`, `cuda`, `cuda:1`; default cuda when available), `dtype`
      (`float32`, `bfloat16`, `float16`, `auto`; default float32 on CPU, the checkpoint's on
      a GPU): transformers.
    - vllm: `tensor_parallel_size`, `gpu_memory_utilization`, `max_model_len`, `dtype`,
      `engine_args` (more `LLM` keyword arguments).
    - openai: `base_url` (one or a list), `api_key`, `concurrency`, `tokenizer` (where the chat
      template and EOS text come from; default the model), `max_retries`, `timeout`,
      `engine_args` (`max_tokens=0` for servers that allow it, fields for the request body).
    """

    def __init__(self, model: str, engine: str = "transformers", *, kind: str = "logprob",
                 eos: bool | str | None = True, batch_size: int = 8, device: str | None = None,
                 dtype: str | None = None, trust_remote_code: bool = False,
                 **options: Any) -> None:
        if kind not in KINDS:
            raise UsageError(f"unknown verifier kind {kind!r}; choose {' or '.join(KINDS)}")
        if engine not in ENGINES:
            raise UsageError(f"unknown verifier engine {engine!r}; choose from "
                             f"{', '.join(ENGINES)}")
        if batch_size < 1:
            raise UsageError(f"batch size must be at least 1, got {batch_size}")
        if engine == "auto":
            engine = "transformers" if kind == "reward-model" else auto_engine()
        scorer = scorer_class(engine)
        if kind not in scorer.kinds:
            raise UsageError(f"--kind {kind} scores with the "
                             f"{' or '.join(k for k in ENGINES if _gives(k, kind))} engine "
                             f"only, not {engine!r}")
        self.model, self.engine, self.kind = model, engine, kind
        self._backend: Scorer | None = scorer.load(model, ScoringOptions(
            kind, eos, batch_size, device, dtype, trust_remote_code, options))

    @property
    def mismatches(self) -> int:
        """Sequences so far whose tokenized prompt was not a prefix of the whole (the openai
        engine compares texts, not tokens: always 0)."""
        return self._backend.mismatches if self._backend is not None else 0

    def score(self, prompt: Prompt, completions: Sequence[CompletionLike]) -> list[Score]:
        """One Score per completion of `prompt`, in order."""
        if isinstance(completions, str):
            raise TypeError("completions must be a list of completions, not one string")
        return self.score_pairs([(prompt, c) for c in completions])

    def score_pairs(self, pairs: Iterable[tuple[Prompt, CompletionLike]]) -> list[Score]:
        """One Score per (prompt, completion) pair, in order."""
        pairs = list(pairs)
        if not pairs:
            return []
        if self._backend is None:
            raise EngineError(f"verifier {self.model!r} is closed")
        return self._backend.score_pairs(pairs)

    def close(self) -> None:
        """Free the model (GPU memory); the verifier cannot score afterwards."""
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    def __enter__(self) -> Verifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Verifier({self.model!r}, engine={self.engine!r}, kind={self.kind!r})"


class ProcessVerifier:
    """A process reward model: the probability that each step of a completion holds, read
    from a token-classification head at each step's end (`engines/scoring/prm.py`: the
    sequence TRL's former PRMTrainer trains on). transformers only.

        with ProcessVerifier("runs/prm") as v:
            probs = v.score_steps("Q: 00047 + 00385\\nA:", ["7+5+0=12", "4+8+1=13", ...])
            aggregates(probs)  # {"prm_min": ..., "prm_last": ..., "prm_prod": ...}
    """

    def __init__(self, model: str, engine: str = "transformers", *, batch_size: int = 8,
                 device: str | None = None, dtype: str | None = None,
                 trust_remote_code: bool = False, **options: Any) -> None:
        if engine not in ("auto", "transformers"):
            raise UsageError(f"--kind prm scores with the transformers engine only, not "
                             f"{engine!r}")
        if batch_size < 1:
            raise UsageError(f"batch size must be at least 1, got {batch_size}")
        from star_cli.engines.scoring.prm import TransformersPRM

        self.model, self.engine, self.kind = model, "transformers", "prm"
        self._backend: Any = TransformersPRM(model, batch_size=batch_size, device=device,
                                             dtype=dtype, trust_remote_code=trust_remote_code)

    def score_steps(self, prompt: str, steps: Sequence[str]) -> list[float]:
        return self.score_many([(prompt, steps)])[0]

    def score_many(self, items: Iterable[tuple[str, Sequence[str]]]) -> list[list[float]]:
        """For each (text prompt, steps), each step's probability of holding."""
        if self._backend is None:
            raise EngineError(f"process verifier {self.model!r} is closed")
        return self._backend.score(list(items))

    @property
    def truncated(self) -> int:
        """Sequences so far that lost the start of their prompt to the model's length."""
        return self._backend.truncated if self._backend is not None else 0

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None

    def __enter__(self) -> ProcessVerifier:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


PRM_SCORES = ("prm_min", "prm_last", "prm_prod")  # what `star score --kind prm` adds


def aggregates(probs: Sequence[float]) -> dict[str, float]:
    """A completion's score from its steps' probabilities: the weakest step (`prm_min`, as
    Lightman et al. rank), the last (`prm_last`) and their product (`prm_prod`, the chance
    every step holds were they independent). No step at all scores 0.0 by each."""
    if not probs:
        return dict.fromkeys(PRM_SCORES, 0.0)
    return {"prm_min": min(probs), "prm_last": probs[-1], "prm_prod": math.prod(probs)}


def auto_engine() -> str:
    from star_cli.engines.registry import _vllm_usable

    return "vllm" if _vllm_usable() else "transformers"


__all__ = ["ENGINES", "KINDS", "PRM_SCORES", "CompletionLike", "ProcessVerifier", "Prompt",
           "Score", "Verifier", "aggregates", "auto_engine", "scorer_class"]
