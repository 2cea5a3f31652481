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

Nothing here imports torch, transformers, vllm or httpx until a Verifier is built.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from star_cli.errors import EngineError, UsageError

log = logging.getLogger("star_cli")

KINDS = ("logprob", "reward-model")
ENGINES = ("auto", "transformers", "vllm", "openai")
_INSTALL = {"transformers": "'star-cli[hf]'", "torch": "'star-cli[hf]'",
            "vllm": "'star-cli[vllm]'"}
# Float32 log-softmax work per chunk of rows: bounds the memory a batch needs beyond the
# model's own logits (two batch x positions x vocabulary float tensors at most).
SOFTMAX_BYTES = 256 * 2**20

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


# -- the verifier ----------------------------------------------------------------------------
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
        if kind == "reward-model" and engine != "transformers":
            raise UsageError(f"--kind reward-model scores with the transformers engine only, "
                             f"not {engine!r}")
        self.model, self.engine, self.kind = model, engine, kind
        if engine == "transformers":
            self._backend: Any = _HFBackend(model, kind, eos, batch_size, device, dtype,
                                            trust_remote_code)
        elif engine == "vllm":
            self._backend = _VLLMBackend(model, eos, dtype, options)
        else:
            self._backend = _OpenAIBackend(model, eos, trust_remote_code, options)

    @property
    def mismatches(self) -> int:
        """Sequences so far whose tokenized prompt was not a prefix of the whole (the openai
        engine compares texts, not tokens: always 0)."""
        backend = self._backend
        if backend is None or isinstance(backend, _OpenAIBackend):
            return 0
        return backend.formatter.mismatches

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


def auto_engine() -> str:
    from star_cli.engines.registry import _vllm_usable

    return "vllm" if _vllm_usable() else "transformers"


def _require(module: str, engine: str) -> Any:
    from star_cli.engines.base import require_module

    return require_module(module, f"verifier {engine}", _INSTALL.get(module, module))


def _source(model: str) -> str:
    """A local path (checked to exist) or a Hub id."""
    if model.startswith((".", "/", "~")):
        path = os.path.expanduser(model)
        if not os.path.exists(path):
            raise EngineError(f"verifier path {model!r} does not exist")
        return path
    return model


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _load_tokenizer(transformers: Any, source: str, trust_remote_code: bool) -> Any:
    try:
        return transformers.AutoTokenizer.from_pretrained(source,
                                                          trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as e:
        raise EngineError(f"cannot load the tokenizer of {source!r} ({_first_line(e)}); give a "
                          "local model directory, or download the Hub model first") from None


# -- transformers ----------------------------------------------------------------------------
class _HFBackend:
    def __init__(self, model: str, kind: str, eos: bool | str | None, batch_size: int,
                 device: str | None, dtype: str | None, trust_remote_code: bool) -> None:
        self.torch = torch = _require("torch", "transformers")
        transformers = _require("transformers", "transformers")
        source = _source(model)
        self.kind, self.batch_size = kind, batch_size
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        tokenizer = _load_tokenizer(transformers, source, trust_remote_code)
        auto = (transformers.AutoModelForSequenceClassification if kind == "reward-model"
                else transformers.AutoModelForCausalLM)
        try:
            with _quiet_loading(transformers):
                self.model = auto.from_pretrained(source, dtype=self._dtype(dtype),
                                                  trust_remote_code=trust_remote_code)
        except (OSError, ValueError) as e:
            raise EngineError(f"cannot load verifier {model!r} as a "
                              f"{'reward model' if kind == 'reward-model' else 'causal LM'} "
                              f"({_first_line(e)})") from None
        try:
            self.model.to(self.device).eval()
        except (RuntimeError, AssertionError) as e:  # no such device, CUDA absent
            raise EngineError(f"cannot put verifier {model!r} on device {self.device!r} "
                              f"({_first_line(e)})") from None
        self.formatter = Formatter(tokenizer, eos, model)
        config = self.model.config
        self.pad = _pad_id(tokenizer, config)
        if kind == "reward-model":
            if getattr(config, "num_labels", 1) != 1:
                raise EngineError(f"reward model {model!r} has {config.num_labels} labels; a "
                                  "reward model (TRL RewardTrainer) has one scalar output")
            # The head pools the last token that is not padding: it must know the pad id.
            config.pad_token_id = self.pad
        params = inspect.signature(self.model.forward).parameters
        self.keep_logits = kind == "logprob" and "logits_to_keep" in params

    def _dtype(self, dtype: str | None) -> Any:
        torch = self.torch
        if dtype is None:
            return "auto" if self.device.startswith("cuda") else torch.float32
        if dtype == "auto":
            return dtype
        value = getattr(torch, dtype, None)
        if not isinstance(value, torch.dtype):
            raise UsageError(f"unknown dtype {dtype!r}; use auto, bfloat16, float16 or float32")
        return value

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


def _pad_id(tokenizer: Any, config: Any) -> int:
    for value in (getattr(config, "pad_token_id", None), tokenizer.pad_token_id,
                  tokenizer.eos_token_id):
        if isinstance(value, int):
            return value
    return 0


# -- vllm ------------------------------------------------------------------------------------
class _VLLMBackend:
    def __init__(self, model: str, eos: bool | str | None, dtype: str | None,
                 options: dict[str, Any]) -> None:
        vllm = _require("vllm", "vllm")
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


# -- openai ----------------------------------------------------------------------------------
class _OpenAIBackend:
    def __init__(self, model: str, eos: bool | str | None, trust_remote_code: bool,
                 options: dict[str, Any]) -> None:
        from star_cli.engines.openai import OpenAIEngine

        extra = dict(options.pop("engine_args", None) or {})
        self.max_tokens = int(extra.pop("max_tokens", 1))
        self.tokenizer_name = options.pop("tokenizer", None) or extra.pop("tokenizer", None)
        self.trust_remote_code = trust_remote_code
        self.client = _echo_client(OpenAIEngine)(model, engine_args=extra, **options)
        self.model = model
        self._eos, self._formatter = eos, None
        self.warned = False

    @property
    def formatter(self) -> Formatter:
        """Built on first use: the tokenizer is loaded only where the EOS text needs it."""
        if self._formatter is None:
            self._formatter = self._build(self._eos is True or self.tokenizer_name is not None)
        return self._formatter

    def _build(self, with_tokenizer: bool) -> Formatter:
        tok = None
        if with_tokenizer:
            transformers = _require("transformers", "openai")
            name = self.tokenizer_name or self.model
            try:
                tok = _load_tokenizer(transformers, _source(name), self.trust_remote_code)
            except EngineError as e:
                raise EngineError(f"{e}. The openai verifier needs the model's tokenizer for "
                                  "chat prompts and the EOS text: give tokenizer=PATH "
                                  "(--tokenizer), or for text prompts eos=False "
                                  "(--no-eos)") from None
        return Formatter(tok, self._eos, self.model)

    def score_pairs(self, pairs: Sequence[tuple[Prompt, CompletionLike]]) -> list[Score]:
        if self.formatter.tokenizer is None and any(is_chat(p) for p, _ in pairs):
            self._formatter = self._build(True)  # chat prompts need the chat template
        jobs = []
        for prompt, completion in pairs:
            p_text, whole, special = self.formatter.texts(prompt, completion)
            # The completion starts where the two texts diverge (TRL's rule, in characters).
            jobs.append((whole, common_prefix_length(p_text, whole), special))
        replies = self.client.echo_all(
            [self._body(whole, special) for whole, _, special in jobs])
        return [self._score(whole, boundary, reply)
                for (whole, boundary, _), reply in zip(jobs, replies, strict=True)]

    def _body(self, text: str, special: bool) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "prompt": text, "echo": True,
                                "logprobs": 0, "max_tokens": self.max_tokens,
                                "temperature": 0.0}
        if not special:
            # A rendered chat template already holds the BOS; vLLM would add another.
            body["add_special_tokens"] = False
        body.update(self.client.extra_body)
        return body

    def _score(self, whole: str, boundary: int, reply: dict[str, Any]) -> Score:
        tokens, values, offsets, generated = (reply["tokens"], reply["token_logprobs"],
                                              reply["text_offset"], reply["generated"])
        n = len(tokens) - generated  # the echoed prompt's tokens; the rest were generated
        if n <= 0:
            return Score(0.0, 0)
        # The server's offsets count its own token texts, which may start with a special
        # token (a BOS) the text does not hold: align them on the end of the echoed prompt.
        end = offsets[n - 1] + len(tokens[n - 1])
        shift = end - len(whole)
        joined = "".join(tokens[:n])
        if not joined.endswith(whole) and not self.warned:
            self.warned = True
            log.warning("verifier %s: the server's token texts do not spell the text sent "
                        "(byte-level tokens of non-ASCII characters?); the completion's first "
                        "token is found by character count and may be off by one token; the "
                        "vllm or transformers engine tokenizes exactly", self.model)
        cut = boundary + shift
        total, count = 0.0, 0
        for i in range(n):
            stop = offsets[i + 1] if i + 1 < n else end
            if stop > cut:  # the token holds completion text
                count += 1
                if values[i] is not None:
                    total += values[i]
                elif i > 0:
                    raise EngineError(f"verifier {self.model!r}: the server gave no log-prob "
                                      f"for prompt token {i} ({tokens[i]!r})")
                else:
                    count -= 1  # the first token has no context, hence no log-prob
        return Score(total, count)

    def close(self) -> None:
        self.client.close()


def _echo_client(base: type) -> type:
    """The openai engine's HTTP machinery (base URLs in rotation, bounded concurrency,
    retries with backoff, Retry-After, a deadline per request), answering echo requests."""

    class EchoClient(base):  # type: ignore[misc, valid-type]
        def echo_all(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return asyncio.run(self._echo_batch(bodies)) if bodies else []

        async def _echo_batch(self, bodies: list[dict[str, Any]]) -> list[dict[str, Any]]:
            sem = asyncio.Semaphore(self.concurrency)
            async with self._client() as client:

                async def one(body: dict[str, Any]) -> dict[str, Any]:
                    async with sem:
                        return await self._post(client, "/completions", body, False)

                tasks = [asyncio.ensure_future(one(b)) for b in bodies]
                try:
                    return list(await asyncio.gather(*tasks))
                except BaseException:
                    for t in tasks:
                        t.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                    raise

        async def _attempt(self, client: Any, url: str, body: dict[str, Any],
                           chat: bool) -> dict[str, Any]:
            from star_cli.engines.openai import Transient, _status_fault

            resp = await self._send(client, url, body)
            if not resp.is_success:
                raise _status_fault(resp, url)
            try:
                data = resp.json()
            except ValueError:
                raise Transient(f"reply body is not JSON: {resp.text[:300]!r}") from None
            return parse_echo(data, url, int(body.get("max_tokens") or 0))

    return EchoClient


def parse_echo(data: Any, url: str, max_tokens: int) -> dict[str, Any]:
    """The prompt's tokens, log-probs and offsets from an echo reply (vLLM serve's shape:
    choices[0].logprobs.tokens / token_logprobs / text_offset), and how many tokens at the
    end were generated rather than echoed."""

    def bad(what: str) -> EngineError:
        return EngineError(f"verifier openai: server {url}: reply {what}; the verifier needs "
                           "/v1/completions with echo and logprobs (vllm serve answers them)")

    choices = data.get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise bad("has no choices")
    lp = choices[0].get("logprobs")
    if not isinstance(lp, dict):
        raise bad("field 'choices[0].logprobs' is missing (does the server support echo?)")
    tokens, values, offsets = lp.get("tokens"), lp.get("token_logprobs"), lp.get("text_offset")
    if not (isinstance(tokens, list) and isinstance(values, list) and isinstance(offsets, list)
            and len(tokens) == len(values) == len(offsets)):
        raise bad("field 'choices[0].logprobs' lacks tokens, token_logprobs and text_offset of "
                  "one length")
    if not all(isinstance(t, str) for t in tokens) or not all(
            isinstance(o, int) for o in offsets) or not all(
            v is None or isinstance(v, (int, float)) for v in values):
        raise bad("field 'choices[0].logprobs' holds values of the wrong type")
    usage = data.get("usage") if isinstance(data.get("usage"), dict) else {}
    generated = usage.get("completion_tokens")
    if not isinstance(generated, int) or not 0 <= generated <= len(tokens):
        generated = min(max_tokens, len(tokens))
    return {"tokens": tokens, "token_logprobs": values, "text_offset": offsets,
            "generated": generated}
