"""The `openai` engine: any OpenAI-compatible HTTP server (vllm serve, SGLang, TGI, llama.cpp).

Requests of a batch run concurrently (bounded by a semaphore) and are spread round robin over
one or more base URLs, so a fleet of GPU servers can be driven from one process. Transient
failures (connection errors, timeouts, 429, 5xx) are retried with exponential backoff; other
4xx answers are the caller's fault and fail at once with the server's own message.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import os
import random
from collections.abc import Sequence
from typing import Any

import httpx

from star_cli.engines.base import Completion, Engine, Request, Sampling
from star_cli.errors import EngineError, UsageError

log = logging.getLogger("star_cli.engines.openai")

MAX_DELAY = 30.0  # cap on one backoff sleep, so a long outage does not mean hour-long waits
EXCERPT = 300  # characters of an error body worth showing the user


class OpenAIEngine(Engine):
    name = "openai"

    def __init__(
        self,
        model: str,
        *,
        base_url: str | list[str] = "http://localhost:8000/v1",
        api_key: str | None = None,
        concurrency: int = 16,
        max_retries: int = 5,
        backoff: float = 0.5,
        timeout: float = 600.0,
        logprobs: bool = False,
        engine_args: dict[str, Any] | None = None,
        **ignored_options: Any,
    ) -> None:
        super().__init__(model, **ignored_options)
        # --engine-arg KEY=VALUE reaches the named options here (max_retries=8, logprobs=true);
        # anything else is sent to the server in each request body (e.g. repetition_penalty).
        extra = dict(engine_args or {})
        max_retries = extra.pop("max_retries", max_retries)
        backoff = extra.pop("backoff", backoff)
        timeout = extra.pop("timeout", timeout)
        self.logprobs = bool(extra.pop("logprobs", logprobs))
        self.extra_body = extra
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self.base_urls = [u.rstrip("/") for u in urls if u]
        if not self.base_urls:
            raise UsageError("engine 'openai': give at least one base URL")
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or None
        # Options may arrive as strings from the command line; coerce them once here.
        self.concurrency = int(concurrency)
        self.max_retries = int(max_retries)
        self.backoff = float(backoff)
        self.timeout = float(timeout)
        if self.concurrency < 1 or self.max_retries < 0 or self.backoff < 0 or self.timeout <= 0:
            raise UsageError(
                "engine 'openai': concurrency must be >= 1, max_retries >= 0, "
                "backoff >= 0 and timeout > 0"
            )
        # Shared across batches so the load keeps rotating over the servers.
        self._turn = itertools.count()

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        if not requests:
            return []
        # generate runs in a worker thread with no loop of its own, so asyncio.run is safe.
        return asyncio.run(self._run_batch(requests))

    def close(self) -> None:
        # The HTTP client lives only for one batch (it is bound to that batch's event
        # loop), so nothing outlives generate().
        pass

    # -- batch ------------------------------------------------------------------------------

    async def _run_batch(self, requests: Sequence[Request]) -> list[list[Completion]]:
        sem = asyncio.Semaphore(self.concurrency)
        async with self._client() as client:
            tasks = [asyncio.ensure_future(self._one(client, sem, r)) for r in requests]
            try:
                return list(await asyncio.gather(*tasks))
            except BaseException:
                # One request failed for good: stop the others before the client closes.
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise

    def _client(self) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        limits = httpx.Limits(
            max_connections=self.concurrency, max_keepalive_connections=self.concurrency
        )
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 30.0))
        return httpx.AsyncClient(headers=headers, limits=limits, timeout=timeout)

    async def _one(
        self, client: httpx.AsyncClient, sem: asyncio.Semaphore, request: Request
    ) -> list[Completion]:
        """Exactly n completions for one request, asking again when a server returns fewer."""
        chat = not isinstance(request.prompt, str)
        path = "/chat/completions" if chat else "/completions"
        s = request.sampling
        out: list[Completion] = []
        for k in itertools.count():
            missing = s.n - len(out)
            if missing <= 0:
                break
            # Some servers ignore n; a shifted seed keeps the extra samples distinct.
            seed = None if s.seed is None else s.seed + k
            body = self._body(request, s, missing, seed)
            # The slot is held through retry sleeps too: backing off must not let more
            # requests pile onto a server that is already failing.
            async with sem:
                url, data = await self._post(client, path, body)
            got = _completions(data, chat)
            if not got:
                raise EngineError(f"engine 'openai': {url} returned no choices")
            out.extend(got[:missing])
        return out

    def _body(self, request: Request, s: Sampling, n: int, seed: int | None) -> dict[str, Any]:
        key = "prompt" if isinstance(request.prompt, str) else "messages"
        body: dict[str, Any] = {
            "model": self.model,
            key: request.prompt,
            "n": n,
            "temperature": s.temperature,
            "top_p": s.top_p,
            "max_tokens": s.max_tokens,
        }
        if s.stop:
            body["stop"] = list(s.stop)
        if seed is not None:
            body["seed"] = seed
        if self.logprobs:
            # Only the sampled token's log-prob: enough for the token count and the sum.
            body.update({"logprobs": True, "top_logprobs": 0} if key == "messages"
                        else {"logprobs": 0})
        body.update(self.extra_body)
        return body

    # -- HTTP with retries ------------------------------------------------------------------

    async def _post(
        self, client: httpx.AsyncClient, path: str, body: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """POST with retries. The first try takes the next base URL in the rotation; each retry
        moves on one URL from the last, so a dead or overloaded server is not tried twice running.
        """
        first = next(self._turn)
        last = ""
        url = ""
        for attempt in range(self.max_retries + 1):
            url = self.base_urls[(first + attempt) % len(self.base_urls)] + path
            try:
                resp = await client.post(url, json=body)
            except httpx.UnsupportedProtocol as e:
                raise EngineError(f"engine 'openai': bad base URL {url}: {e}") from None
            except httpx.TransportError as e:  # refused, reset, timeouts, protocol errors
                last = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
            else:
                if resp.is_success:
                    return url, _json(resp, url)
                if resp.status_code != 429 and resp.status_code < 500:
                    raise EngineError(
                        f"engine 'openai': {url} answered HTTP {resp.status_code}: "
                        f"{_error_message(resp)}"
                    )
                last = f"HTTP {resp.status_code}: {_error_message(resp)}"
            if attempt < self.max_retries:
                delay = self._delay(attempt)
                log.warning(
                    "openai engine: %s from %s; retry %d/%d in %.2fs",
                    last,
                    url,
                    attempt + 1,
                    self.max_retries,
                    delay,
                )
                await asyncio.sleep(delay)
        raise EngineError(
            f"engine 'openai': {url} still failing after {self.max_retries} retries; "
            f"last error: {last}"
        )

    def _delay(self, attempt: int) -> float:
        # Jitter keeps many concurrent requests from retrying in lockstep.
        return min(MAX_DELAY, self.backoff * 2**attempt) * random.uniform(1.0, 1.1)


# -- response parsing ---------------------------------------------------------------------


def _json(resp: httpx.Response, url: str) -> dict[str, Any]:
    try:
        data = resp.json()
    except ValueError:
        raise EngineError(
            f"engine 'openai': {url} returned a non-JSON body: {resp.text[:EXCERPT]!r}"
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
        raise EngineError(f"engine 'openai': {url} returned no 'choices': {resp.text[:EXCERPT]!r}")
    return data


def _error_message(resp: httpx.Response) -> str:
    """The server's own error text: OpenAI's {"error": {"message"}}, vLLM's {"message"}, or raw."""
    try:
        data = resp.json()
    except ValueError:
        return resp.text[:EXCERPT].strip() or resp.reason_phrase
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:EXCERPT]
        for key in ("message", "detail", "error"):
            if data.get(key):
                return str(data[key])[:EXCERPT]
    return resp.text[:EXCERPT]


def _completions(data: dict[str, Any], chat: bool) -> list[Completion]:
    choices = sorted(data["choices"], key=lambda c: c.get("index", 0))
    usage = data.get("usage") or {}
    # usage.completion_tokens totals all choices, so it only belongs to a lone choice.
    shared = usage.get("completion_tokens") if len(choices) == 1 else None
    return [_completion(c, chat, shared) for c in choices]


def _completion(choice: dict[str, Any], chat: bool, tokens: int | None) -> Completion:
    message = choice.get("message") or {}
    text = (message.get("content") if chat else choice.get("text")) or ""
    values = _token_logprobs(choice.get("logprobs"), chat)
    logprob = None
    if values is not None:
        tokens = len(values)
        present = [v for v in values if v is not None]  # the first token's may be null
        logprob = float(sum(present)) if present else None
    return Completion(
        text=text, finish_reason=choice.get("finish_reason"), tokens=tokens, logprob=logprob
    )


def _token_logprobs(logprobs: Any, chat: bool) -> list[float | None] | None:
    """Per-token log-probabilities of a choice, or None when the server sent none."""
    if not isinstance(logprobs, dict):
        return None
    if chat:
        content = logprobs.get("content")
        if not isinstance(content, list):
            return None
        return [item.get("logprob") for item in content if isinstance(item, dict)]
    values = logprobs.get("token_logprobs")
    if isinstance(values, list):
        return list(values)
    # A token list without log-probs still gives the token count.
    tokens = logprobs.get("tokens")
    return [None] * len(tokens) if isinstance(tokens, list) else None
