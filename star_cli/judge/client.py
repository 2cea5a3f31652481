"""The judge's client: guard, cache, then an OpenAI-compatible chat server, concurrently.

Each item goes through, in order: the response's final part (guard.final_part); lines that
follow the judge's contract taken out of it (a response must not pass for the judge); the
guard (no final answer: `no_answer`, no request); the cache; and only then the server. Items
with the same key are asked once. Requests run concurrently (at most `concurrency` in
flight) over the configured URLs, round robin, with these rules for failures:

- Connection errors, timeouts (the whole request, `timeout` seconds), 408, 429, 5xx, a body
  that is not JSON or is an error object, no choices: retried with exponential backoff plus
  jitter (a 429 or 503 with Retry-After waits what the server asks, capped), moving on to the
  next URL each time. When the retries run out the run stops with `JudgeUnavailable` (exit 2
  in the CLI): an unreachable or failing judge is one clear error, never a page of
  judge_errors. What a user wants then is to fix or restart the server and run again; since
  every verdict is cached the moment it arrives (and the CLI writes judged traces as it
  goes), nothing already judged is lost and the rerun pays only for the rest. Marking the
  remaining items judge_error instead would make a dead server look like a finished run,
  and a resume by trace id would never judge them again.
- 401, 403, 404, 405 (a wrong key, model or URL) and a reply that is not a chat completion
  at all stop the run at once: every request would fail the same way. So does any other 4xx
  before the server has answered once: the first request is sent alone, as a probe, so a
  misconfigured judge fails fast instead of after `concurrency` sets of retries.
- Another 4xx once the server has answered (400, 413, 422: usually this prompt is too long
  for the judge's context) is this item's `judge_error`, with the server's message.
- A reply that breaks the contract (contract.py) is asked again up to `contract_retries`
  times, at `retry_temperature`, and then is a `judge_error` with the last reply kept for
  audit. If the judge has not followed the contract once in its first FAIL_FAST replies, the
  prompt or pattern is wrong, not the item, and the run stops with `JudgeUnavailable`.

Nothing here imports httpx until a request is made.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import random
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from star_cli.answers.extract import first_of
from star_cli.answers.thinking import ThinkingOptions
from star_cli.errors import EngineError
from star_cli.judge.cache import JudgeCache, cache_key
from star_cli.judge.config import JudgeConfig
from star_cli.judge.contract import decide, without_contract_lines
from star_cli.judge.guard import EXTRACTORS, final_part, no_answer_reason
from star_cli.judge.verdict import JUDGE_ERROR, NO_USAGE, JudgeVerdict, Usage, no_answer

if TYPE_CHECKING:
    import httpx

log = logging.getLogger("star_cli.judge")

MAX_DELAY = 30.0  # cap on one backoff sleep
MAX_RETRY_AFTER = 60.0  # cap on a server's Retry-After
FAIL_FAST = 8  # contract failures with no success at all before the run stops
RETRIED_STATUS = frozenset({408, 429})  # besides 5xx
FATAL_STATUS = frozenset({401, 403, 404, 405})  # wrong key, model or URL: every request fails
EXCERPT = 300  # characters of a server's error message worth showing
CUT_MARK = "[...]\n"  # in front of a response cut to its last max_response_chars


class JudgeUnavailable(EngineError):
    """The judge cannot be used: unreachable or failing after retries, misconfigured, or
    never following its contract. Exit code 2; verdicts judged before it are cached."""


@dataclass(frozen=True)
class JudgeItem:
    """One response to judge: the question (None when unknown), the reference answer and
    the response (a whole completion; the judge sees its final part)."""

    question: str | None
    reference: str
    response: str


@dataclass
class JudgeStats:
    """Counts over a Judge's lifetime. `judged`: items a server decided now; `cached`: items
    read from the cache or shared with an identical item; `requests`: HTTP attempts;
    `prompt_tokens`/`completion_tokens`: what those attempts cost."""

    items: int = 0
    no_answer: int = 0
    cached: int = 0
    judged: int = 0
    judge_errors: int = 0
    requests: int = 0
    contract_retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class _Transient(Exception):
    """An attempt failed in a way asking again may fix; `wait` is the server's Retry-After."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.wait = reason, wait


class _Reply(NamedTuple):
    content: str | None
    finish_reason: str | None
    usage: Usage
    broken: str | None = None  # why the reply is no chat completion (after the probe)


class _Refused(NamedTuple):
    message: str  # the server refused this item (a 4xx after the probe)


@dataclass(frozen=True)
class _Ask:
    key: str
    prompt: str
    answer: str | None


ProgressFn = Callable[[int], None]


class Judge:
    """An LLM judge (`config`) with its guard and cache. Reuse one for a whole run: the
    probe is sent once, the cache stays open, and `stats` add up. `thinking`: how the
    responses' thoughts are read (star's --thinking / --think-tags)."""

    def __init__(self, config: JudgeConfig, *, cache: JudgeCache | None = None,
                 thinking: ThinkingOptions | None = None) -> None:
        self.config = config
        self._own_cache = cache is None and config.cache_path is not None
        self.cache = JudgeCache(config.cache_path) if self._own_cache else cache
        self.thinking = thinking or ThinkingOptions()
        self.stats = JudgeStats()
        self._healthy = False  # the server has answered a request like a chat server
        self._followed = False  # a reply has followed the contract
        self._broken = 0  # contract failures (after retries) while _followed is False
        self._turn = itertools.count()

    def close(self) -> None:
        if self._own_cache and self.cache is not None:
            self.cache.close()

    def __enter__(self) -> Judge:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the public calls ---------------------------------------------------------------

    def judge(self, question: str | None, reference: str, response: str) -> JudgeVerdict:
        """One verdict (see `judge_many`)."""
        return self.judge_many([JudgeItem(question, reference, response)])[0]

    def judge_many(self, items: Sequence[JudgeItem], *, guard: bool = True,
                   progress: ProgressFn | None = None) -> list[JudgeVerdict]:
        """Verdicts in the order of `items`. `guard=False` sends every response to the judge
        as it is (judge-eval's raw battery: how gullible is the model itself). `progress` is
        called with the number of items just settled. Raises JudgeUnavailable (module
        docstring). Call from a thread without a running event loop (or use `ajudge_many`)."""
        return asyncio.run(self.ajudge_many(items, guard=guard, progress=progress))

    async def ajudge_many(self, items: Sequence[JudgeItem], *, guard: bool = True,
                          progress: ProgressFn | None = None) -> list[JudgeVerdict]:
        """`judge_many` in a running event loop."""
        self.stats.items += len(items)
        out: list[JudgeVerdict | None] = [None] * len(items)
        asks: dict[str, _Ask] = {}
        waiting: dict[str, list[int]] = {}
        for k, item in enumerate(items):
            prepared = self._prepare(item, guard)
            if isinstance(prepared, JudgeVerdict):
                out[k] = prepared
                self.stats.no_answer += 1
            else:
                asks.setdefault(prepared.key, prepared)
                waiting.setdefault(prepared.key, []).append(k)
        _report(progress, sum(v is not None for v in out))
        decided = self._from_cache(asks)
        for key, verdict in decided.items():
            self._settle(out, waiting[key], verdict, progress, first_cached=True)
        todo = [a for key, a in asks.items() if key not in decided]
        if todo:
            await self._ask_all(todo, lambda key, v: self._settle(out, waiting[key], v,
                                                                  progress))
        return [v for v in out if v is not None]

    # -- preparing items ------------------------------------------------------------------

    def _prepare(self, item: JudgeItem, guard: bool) -> JudgeVerdict | _Ask:
        final = final_part(item.response, self.thinking)
        if final is None:
            return no_answer("unfinished_thought")
        if guard:
            final = without_contract_lines(final, self.config).strip()
            why = no_answer_reason(final, item.question)
            if why is not None:
                return no_answer(why)
        found = first_of(final, EXTRACTORS) if final else None
        limit = self.config.max_response_chars
        sent = final if len(final) <= limit else CUT_MARK + final[-limit:]
        key = cache_key(self.config, item.question, item.reference, sent)
        return _Ask(key, self.config.render(item.question, item.reference, sent),
                    found.text if found else None)

    def _from_cache(self, asks: dict[str, _Ask]) -> dict[str, JudgeVerdict]:
        if self.cache is None or not asks:
            return {}
        out = {}
        for key, row in self.cache.get_many(list(asks)).items():
            # The stored reply is read again: a row the contract does not confirm is a miss.
            if decide(row.reply, self.config).correct is row.correct:
                out[key] = _verdict(row.correct, row.reply,
                                    Usage(row.prompt_tokens, row.completion_tokens),
                                    asks[key].answer, cached=True)
        return out

    def _settle(self, out: list[JudgeVerdict | None], indices: list[int], verdict: JudgeVerdict,
                progress: ProgressFn | None, first_cached: bool = False) -> None:
        """Hand `verdict` to every item with its key; all but the first share it for free."""
        for n, k in enumerate(indices):
            shared = first_cached or n > 0
            out[k] = verdict if not shared or verdict.cached else _shared(verdict)
            self.stats.cached += shared
        _report(progress, len(indices))

    # -- asking the server ---------------------------------------------------------------

    async def _ask_all(self, asks: list[_Ask], done: Callable[[str, JudgeVerdict], None]
                       ) -> None:
        import httpx

        key = self.config.key()
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        size = self.config.concurrency
        limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
        timeout = httpx.Timeout(self.config.timeout, connect=min(self.config.timeout, 30.0))
        async with httpx.AsyncClient(headers=headers, limits=limits, timeout=timeout) as client:
            rest = list(asks)
            if not self._healthy:
                # The probe: alone, so a dead or misconfigured server fails once, clearly.
                first = rest.pop(0)
                done(first.key, await self._judge_one(client, first))
            sem = asyncio.Semaphore(size)

            async def one(ask: _Ask) -> None:
                # The slot is held through retry sleeps: backing off must not let more
                # requests pile onto a server that is already failing.
                async with sem:
                    verdict = await self._judge_one(client, ask)
                done(ask.key, verdict)

            tasks = [asyncio.ensure_future(one(a)) for a in rest]
            try:
                await asyncio.gather(*tasks)
            except BaseException:
                for t in tasks:
                    t.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                raise

    async def _judge_one(self, client: httpx.AsyncClient, ask: _Ask) -> JudgeVerdict:
        """One item's verdict: asked, and asked again while the reply breaks the contract."""
        c = self.config
        usage, last, why = NO_USAGE, None, None
        for attempt in range(c.contract_retries + 1):
            temperature = c.temperature if attempt == 0 else max(c.temperature,
                                                                  c.retry_temperature)
            got = await self._post(client, self._body(ask.prompt, temperature))
            if isinstance(got, _Refused):
                self.stats.judged += 1
                self.stats.judge_errors += 1
                return JudgeVerdict(None, JUDGE_ERROR, None, usage, error=got.message,
                                    answer=ask.answer)
            usage += got.usage
            decision = decide(got.content, c, got.finish_reason)
            if got.broken is not None:
                decision = decision._replace(correct=None, why=got.broken)
            if decision.correct is not None and got.content is not None:
                self._followed = True
                self.stats.judged += 1
                if self.cache is not None:
                    self.cache.put(ask.key, decision.correct, got.content, usage.prompt,
                                   usage.completion, c.model)
                return _verdict(decision.correct, got.content, usage, ask.answer)
            last, why = got.content, decision.why
            if attempt < c.contract_retries:
                self.stats.contract_retries += 1
                log.warning("judge: the reply breaks the contract (%s); asking again (%d/%d)",
                            why, attempt + 1, c.contract_retries)
        self.stats.judged += 1
        self.stats.judge_errors += 1
        if not self._followed:
            self._broken += 1
            if self._broken >= FAIL_FAST:
                raise JudgeUnavailable(
                    f"judge: model {c.model!r} broke the contract on each of its first "
                    f"{self._broken} items ({why}); check the prompt (--judge-prompt) and the "
                    f"pattern (--judge-pattern {c.pattern!r}); last reply: "
                    f"{_excerpt(last or '')!r}")
        return JudgeVerdict(None, JUDGE_ERROR, last, usage, error=why, answer=ask.answer)

    def _body(self, prompt: str, temperature: float) -> dict[str, Any]:
        return {"model": self.config.model, "messages": [{"role": "user", "content": prompt}],
                "temperature": temperature, "max_tokens": self.config.max_tokens, "n": 1}

    async def _post(self, client: httpx.AsyncClient, body: dict[str, Any]) -> _Reply | _Refused:
        """POST with retries; each retry moves on to the next URL."""
        urls = self.config.urls
        first = next(self._turn)
        last, url = "", urls[first % len(urls)]
        for attempt in range(self.config.retries + 1):
            url = urls[(first + attempt) % len(urls)]
            try:
                return await self._attempt(client, url + "/chat/completions", body)
            except _Transient as e:
                last, wait = e.reason, e.wait
            if attempt < self.config.retries:
                await self._pause(attempt, wait, last, url)
        raise JudgeUnavailable(
            f"judge: server {url} unreachable or failing after {self.config.retries} retries "
            f"(last error: {last}); verdicts judged so far are kept"
            + (f" in the cache {self.cache.path}" if self.cache is not None else ""))

    async def _attempt(self, client: httpx.AsyncClient, url: str, body: dict[str, Any]
                       ) -> _Reply | _Refused:
        import httpx

        self.stats.requests += 1
        try:
            # httpx bounds each read; a reply trickling in would never time out without the
            # deadline on the whole request.
            resp = await asyncio.wait_for(client.post(url, json=body), self.config.timeout)
        except asyncio.TimeoutError:
            raise _Transient(f"no complete reply within {self.config.timeout:g} s") from None
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as e:
            raise JudgeUnavailable(f"judge: bad server URL {url}: {e}") from None
        except httpx.TransportError as e:  # refused, reset, read/connect timeouts
            raise _Transient(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
                             ) from None
        status = resp.status_code
        if not resp.is_success:
            message = f"HTTP {status}: {_server_message(resp)}"
            if status in RETRIED_STATUS or status >= 500:
                raise _Transient(message, _retry_after(resp) if status in (429, 503) else None)
            if status in FATAL_STATUS or not self._healthy:
                raise JudgeUnavailable(f"judge: server {url} refused "
                                       f"{'the request' if self._healthy else 'the first request'}"
                                       f" for model {self.config.model!r}: {message}")
            return _Refused(f"server refused this item: {message}")
        reply = self._parse(resp, url)
        self.stats.prompt_tokens += reply.usage.prompt
        self.stats.completion_tokens += reply.usage.completion
        return reply

    def _parse(self, resp: httpx.Response, url: str) -> _Reply:
        """A chat completion's first choice, read defensively. Faults a healthy server shows
        now and then are retried; a reply of another shape stops the run before the server has
        answered once (it speaks another dialect), and later breaks only this item's contract."""
        try:
            data = resp.json()
        except ValueError:
            raise _Transient(f"reply body is not JSON: {_excerpt(resp.text)!r}") from None
        if isinstance(data, dict) and "choices" not in data and data.get("error"):
            raise _Transient(f"reply is an error: {_excerpt(json.dumps(data['error']))}")
        shape = _shape_fault(data)
        if shape == "choices is an empty list":
            raise _Transient("reply has no choices")
        if shape is not None:
            if not self._healthy:
                raise JudgeUnavailable(f"judge: server {url} does not answer like an "
                                       f"OpenAI-compatible chat server: {shape}")
            return _Reply(None, None, _usage(data), broken=f"reply is no chat completion: "
                                                             f"{shape}")
        self._healthy = True
        choice = data["choices"][0]
        return _Reply(choice["message"].get("content"), choice.get("finish_reason"),
                      _usage(data))

    async def _pause(self, attempt: int, wait: float | None, last: str, url: str) -> None:
        # Jitter keeps many concurrent requests from retrying in lockstep; upwards only, so
        # a server's Retry-After is never cut short.
        base = min(MAX_DELAY, self.config.backoff * 2**attempt) if wait is None else wait
        delay = base * random.uniform(1.0, 1.25)
        log.warning("judge: %s from %s; retry %d/%d in %.2fs", last, url, attempt + 1,
                    self.config.retries, delay)
        await asyncio.sleep(delay)


def _verdict(correct: bool, reply: str, usage: Usage, answer: str | None,
             cached: bool = False) -> JudgeVerdict:
    return JudgeVerdict(correct, "match" if correct else "mismatch", reply, usage, cached,
                        answer=answer)


def _shared(verdict: JudgeVerdict) -> JudgeVerdict:
    """The verdict of an item identical to one just judged: no request of its own."""
    from dataclasses import replace

    return replace(verdict, cached=True) if verdict.reason != JUDGE_ERROR else verdict


def _report(progress: ProgressFn | None, n: int) -> None:
    if progress is not None and n:
        progress(n)


def _shape_fault(data: Any) -> str | None:
    """Why `data` is not a chat completion with a first choice; None when it is one."""
    if not isinstance(data, dict):
        return f"the body is {type(data).__name__}, not an object"
    choices = data.get("choices")
    if not isinstance(choices, list):
        return "choices is missing or not a list"
    if not choices:
        return "choices is an empty list"
    choice = choices[0]
    if not isinstance(choice, dict):
        return "choices[0] is not an object"
    message = choice.get("message")
    if not isinstance(message, dict):
        return "choices[0].message is missing or not an object"
    content = message.get("content")
    if content is not None and not isinstance(content, str):
        return "choices[0].message.content is not a string"
    finish = choice.get("finish_reason")
    if finish is not None and not isinstance(finish, str):
        return "choices[0].finish_reason is not a string"
    return None


def _usage(data: Any) -> Usage:
    """usage.prompt_tokens and usage.completion_tokens; what is missing or bad counts 0."""
    usage = data.get("usage") if isinstance(data, dict) else None
    if not isinstance(usage, dict):
        return NO_USAGE
    return Usage(_count(usage.get("prompt_tokens")), _count(usage.get("completion_tokens")))


def _count(value: Any) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**40
    return value if ok else 0


def _retry_after(resp: httpx.Response) -> float | None:
    """The server's Retry-After in seconds (the openai engine's reading: seconds or an HTTP
    date), capped at MAX_RETRY_AFTER; None when absent or unusable."""
    from star_cli.engines.openai import retry_after

    seconds = retry_after(resp.headers.get("Retry-After"))
    return None if seconds is None else min(MAX_RETRY_AFTER, seconds)


def _server_message(resp: httpx.Response) -> str:
    """The server's own error text, on one line."""
    try:
        data = resp.json()
    except ValueError:
        return _excerpt(resp.text) or resp.reason_phrase
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and err.get("message"):
            return _excerpt(str(err["message"]))
        for key in ("message", "detail", "error"):
            if data.get(key):
                return _excerpt(str(data[key]))
    return _excerpt(resp.text)


def _excerpt(text: str) -> str:
    return " ".join(text[: EXCERPT * 2].split())[:EXCERPT]
