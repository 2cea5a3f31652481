"""Scoring on an OpenAI-compatible server: `/v1/completions` with the text, `echo`,
`logprobs=0` and `max_tokens=1` (`vllm serve` answers it); the server tokenizes, and the
completion's tokens are found by `text_offset`. The model's tokenizer is needed locally only
for chat prompts and for the EOS text (`tokenizer=` names it; default the model)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from star_cli.engines.scoring import (
    CompletionLike,
    Formatter,
    Prompt,
    Score,
    Scorer,
    ScoringOptions,
    common_prefix_length,
    is_chat,
    load_tokenizer,
    require,
    source,
)
from star_cli.errors import EngineError

log = logging.getLogger("star_cli")


class OpenAIScorer(Scorer):
    @classmethod
    def load(cls, model: str, options: ScoringOptions) -> Scorer:
        return cls(model, options.eos, options.trust_remote_code, dict(options.options))

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
    def mismatches(self) -> int:
        """Always 0: this backend compares texts, not tokens."""
        return 0

    @property  # type: ignore[override]
    def formatter(self) -> Formatter:
        """Built on first use: the tokenizer is loaded only where the EOS text needs it."""
        if self._formatter is None:
            self._formatter = self._build(self._eos is True or self.tokenizer_name is not None)
        return self._formatter

    def _build(self, with_tokenizer: bool) -> Formatter:
        tok = None
        if with_tokenizer:
            transformers = require("transformers", "openai")
            name = self.tokenizer_name or self.model
            try:
                tok = load_tokenizer(transformers, source(name), self.trust_remote_code)
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

                from star_cli.engines.openai import gather_or_cancel

                return await gather_or_cancel([one(b) for b in bodies])

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
