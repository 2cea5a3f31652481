"""Where candidates come from: an OpenAI-compatible server, or a local engine.

`UpstreamGenerator` sends one request with `n=k` per served request (asking again for the
missing ones when a server returns fewer, as the openai engine does), at most `concurrency`
at once. Each attempt has a deadline covering the whole reply body (a trickling server is
cut off); refused connections, deadlines, 429 and 5xx, and replies a healthy server sends
now and then (a body that is not JSON, a choice without text) are retried with backoff, the
rest fail at once. Replies are read by the openai engine's own parser (`parse_reply`), so a
malformed reply is an error, never a sample. Failing for good is a 502 (`GeneratorError`); a
400 or 422 from the generator is the request's fault and comes back as a 400.

`LocalGenerator` runs an `Engine` (vllm, transformers, any registered one) on a worker
thread; the requests of concurrent clients are batched into one `generate` call.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

from star_cli.engines.base import Completion, Request, Sampling
from star_cli.serve.batcher import Batcher, BatchHook
from star_cli.serve.errors import GeneratorError, GeneratorRejected

log = logging.getLogger("star_cli.serve")

MAX_DELAY = 10.0  # cap on one backoff sleep: a client is waiting
EXCERPT = 300


class Generation(NamedTuple):
    completions: list[Completion]
    prompt_tokens: int | None = None  # as the generator counted them, when it says
    completion_tokens: int | None = None  # all k candidates together


class Generator(Protocol):
    name: str

    async def start(self) -> None: ...
    async def load(self) -> None: ...
    async def generate(self, prompt: Any, sampling: Sampling) -> Generation: ...
    async def close(self) -> None: ...


class UpstreamGenerator:
    def __init__(self, urls: Sequence[str], model: str, *, api_key: str | None = None,
                 concurrency: int = 64, timeout: float = 300.0, retries: int = 2,
                 backoff: float = 0.25, extra_body: dict[str, Any] | None = None) -> None:
        self.urls = [u.rstrip("/") for u in urls]
        self.name = model
        self.api_key, self.timeout, self.retries = api_key, timeout, retries
        self.backoff, self.concurrency = backoff, concurrency
        self.extra_body = dict(extra_body or {})
        self._turn = itertools.count()
        self._client: Any = None
        self._slots: asyncio.Semaphore | None = None

    async def start(self) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        limits = httpx.Limits(max_connections=self.concurrency,
                              max_keepalive_connections=self.concurrency)
        self._client = httpx.AsyncClient(headers=headers, limits=limits,
                                         timeout=httpx.Timeout(self.timeout,
                                                               connect=min(self.timeout, 30.0)))
        self._slots = asyncio.Semaphore(self.concurrency)

    async def load(self) -> None:
        """Nothing to load: the server is the generator."""

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def generate(self, prompt: Any, sampling: Sampling) -> Generation:
        assert self._client is not None and self._slots is not None, "start() first"
        chat = not isinstance(prompt, str)
        path = "/chat/completions" if chat else "/completions"
        out: list[Completion] = []
        usages: list[Any] = []
        for k in itertools.count():
            missing = sampling.n - len(out)
            if missing <= 0:
                break
            seed = None if sampling.seed is None else sampling.seed + k
            body = self._body(prompt, sampling, missing, seed)
            # The slot is held through retries: backing off must not let more requests pile
            # onto a generator that is failing.
            async with self._slots:
                got, usage = await self._post(path, body, chat)
            out.extend(got[:missing])
            usages.append(usage)
        parts = [_count(u, "completion_tokens") for u in usages]
        generated = None if None in parts else sum(p for p in parts if p is not None)
        return Generation(out, _count(usages[0], "prompt_tokens"), generated)

    def _body(self, prompt: Any, s: Sampling, n: int, seed: int | None) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.name,
                                "messages" if not isinstance(prompt, str) else "prompt": prompt,
                                "n": n, "temperature": s.temperature, "top_p": s.top_p,
                                "max_tokens": s.max_tokens}
        if s.stop:
            body["stop"] = list(s.stop)
        if seed is not None:
            body["seed"] = seed
        body.update(self.extra_body)
        return body

    async def _post(self, path: str, body: dict[str, Any],
                    chat: bool) -> tuple[list[Completion], Any]:
        from star_cli.engines.openai import Transient

        first = next(self._turn)
        last, url = "", ""
        for attempt in range(self.retries + 1):
            url = self.urls[(first + attempt) % len(self.urls)] + path
            wait = None
            try:
                return await self._attempt(url, body, chat)
            except Transient as e:
                last, wait = e.reason, e.wait
            if attempt < self.retries:
                delay = (min(MAX_DELAY, self.backoff * 2**attempt) if wait is None
                         else min(MAX_DELAY, wait)) * random.uniform(1.0, 1.1)
                log.warning("generator %s: %s; retry %d/%d in %.2fs", url, last, attempt + 1,
                            self.retries, delay)
                await asyncio.sleep(delay)
        raise GeneratorError(f"the generator failed: {url} still failing after "
                             f"{self.retries} retries; last error: {last}")

    async def _attempt(self, url: str, body: dict[str, Any],
                       chat: bool) -> tuple[list[Completion], Any]:
        import httpx

        from star_cli.engines.openai import Malformed, Transient, parse_reply, retry_after

        try:
            # httpx's timeout bounds each read; this deadline bounds the whole reply.
            resp = await asyncio.wait_for(self._client.post(url, json=body), self.timeout)
        except asyncio.TimeoutError:
            raise Transient(f"no complete reply within {self.timeout:g} s "
                            "(--generator-timeout)") from None
        except httpx.UnsupportedProtocol as e:
            raise GeneratorError(f"bad generator URL {url}: {e}") from None
        except httpx.TransportError as e:  # refused, reset, protocol errors
            raise Transient(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__) \
                from None
        status = resp.status_code
        if status in (400, 422):
            raise GeneratorRejected(f"the generator rejected the request: {_message(resp)}")
        if status == 429 or status >= 500:
            wait = retry_after(resp.headers.get("Retry-After")) if status in (429, 503) \
                else None
            raise Transient(f"HTTP {status}: {_message(resp)}", wait)
        if not resp.is_success:  # 401, 403, 404: how the generator is set up, not the request
            raise GeneratorError(f"the generator {url} answered HTTP {status}: "
                                 f"{_message(resp)}")
        try:
            completions = parse_reply(resp, chat, int(body["n"]))
        except Malformed as e:
            raise GeneratorError(f"the generator {url} sent a malformed reply: {e}") from None
        return completions, resp.json().get("usage")


class LocalGenerator:
    def __init__(self, engine: str, model: str, options: dict[str, Any], *, window: float,
                 max_requests: int, on_batch: BatchHook | None = None,
                 instance: Any = None) -> None:
        self.engine_name, self.name, self.options = engine, model, dict(options)
        self.engine: Any = instance
        self._owned = instance is None  # one handed in is its owner's to close
        self.batcher: Batcher[Request, list[Completion]] = Batcher(
            self._generate, window=window, max_items=max_requests, name="generator",
            on_batch=on_batch)

    async def start(self) -> None:
        self.batcher.start()

    async def load(self) -> None:
        """Build the engine on its worker thread (a model load takes a while)."""
        if self.engine is None:
            from star_cli.engines.registry import resolve

            cls = resolve(self.engine_name)
            self.engine = await self.batcher.run(lambda: cls(self.name, **self.options))

    async def close(self) -> None:
        await self.batcher.close()
        if self.engine is not None and self._owned:
            self.engine.close()

    async def generate(self, prompt: Any, sampling: Sampling) -> Generation:
        try:
            [completions] = await self.batcher.submit([Request(prompt, sampling)])
        except GeneratorError:
            raise
        except Exception as e:  # noqa: BLE001 - an engine failure answers this request only
            raise GeneratorError(f"the generator engine failed: {e}") from None
        return Generation(completions, None, sum(c.tokens or 0 for c in completions) or None)

    def _generate(self, requests: list[Request]) -> list[list[Completion]]:
        results = self.engine.generate(requests)
        if len(results) != len(requests) or any(
                len(r) != q.sampling.n for r, q in zip(results, requests, strict=True)):
            raise GeneratorError(f"engine {self.engine_name!r} returned the wrong number of "
                                 "completions")
        return results


def _count(usage: Any, key: str) -> int | None:
    value = usage.get(key) if isinstance(usage, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 \
        else None


def _message(resp: Any) -> str:
    """The generator's own error text, on one line."""
    try:
        data = resp.json()
    except ValueError:
        data = None
    text = ""
    if isinstance(data, dict):
        err = data.get("error")
        text = str(err.get("message") if isinstance(err, dict) else err or
                   data.get("message") or data.get("detail") or "")
        if not text:
            text = json.dumps(data)[:EXCERPT]
    if not text:
        text = resp.text or resp.reason_phrase
    return " ".join(text[: EXCERPT * 2].split())[:EXCERPT]


__all__ = ["Generation", "Generator", "LocalGenerator", "UpstreamGenerator"]
