"""The `openai` engine: any OpenAI-compatible HTTP server (vllm serve, SGLang, TGI, llama.cpp).

Requests of a batch run concurrently (bounded by a semaphore) and are spread round robin over
one or more base URLs, so a fleet of GPU servers can be driven from one process. Transient
failures (connection errors, timeouts, 429, 5xx, replies a healthy server would not send such
as a choice without text) are retried with exponential backoff; other 4xx answers are the
caller's fault and fail at once with the server's own message, and a reply of the wrong shape
(a server speaking another dialect) fails at once naming the field.

Options (keyword arguments, or `--engine-arg KEY=VALUE`):

- `timeout` (seconds, default 600): the total deadline of one HTTP request -- connect, send
  and the whole reply body. A server trickling its body is cut off at the deadline; the
  attempt then counts as a server fault and is retried.
- `max_retries` (default 5) and `backoff` (default 0.5 s, doubled per retry, at most 30 s).
  A 429 or 503 carrying `Retry-After` (seconds or an HTTP date) waits what the server asks
  instead, capped at 60 s so one bad header cannot stall the run.
- `logprobs` (default false): ask for per-token log-probs; their sum lands in the trace.
- `chat_template_kwargs` (a dict, `--chat-template-kwarg KEY=VALUE`): sent with every chat
  request as vLLM's and SGLang's `chat_template_kwargs` (Qwen3: `enable_thinking`).
- `think_tags` (START, END; default `<think>`, `</think>`): how a server's separate thought is
  written back into the text (below).
- anything else is sent to the server in each request body (e.g. repetition_penalty=1.1).

Thinking models: a server with a reasoning parser (`vllm serve --reasoning-parser ...`, SGLang)
answers a chat request with the thought in `message.reasoning` (`reasoning_content` in older
vLLM) and the answer in `content`. The completion text is put back together as the model wrote
it, START + thought + END + content, so a trace looks the same whichever way it was sampled; a
reply with a thought but no content (`content` null: the model was cut off thinking) keeps the
thought open, with no END, since the server never showed its end. `thinking_tokens` comes from
`usage.completion_tokens_details.reasoning_tokens` where the server counts them (n=1 only: the
usage is a total). The completions API has no reasoning fields; its text is kept as it is.

No reply that lacks text (text/message/content null or missing) or reports a failed choice
(finish_reason "error" or "abort") is ever stored as a sample: such a reply is retried, and
when retries run out the run fails with the server's URL and what was wrong.
"""

from __future__ import annotations

import asyncio
import email.utils
import itertools
import json
import logging
import math
import os
import random
import time
from collections.abc import Sequence
from datetime import timezone
from typing import Any

import httpx

from star_cli.answers.thinking import DEFAULT_TAG_PAIR as DEFAULT_THINK_TAGS
from star_cli.answers.thinking import ThinkTags, tags_of
from star_cli.engines.base import Completion, Engine, Request, Sampling, template_kwargs
from star_cli.errors import EngineError, UsageError

log = logging.getLogger("star_cli.engines.openai")

DEFAULT_TIMEOUT = 600.0  # seconds for one whole request; long generations on a busy server
MAX_DELAY = 30.0  # cap on one backoff sleep, so a long outage does not mean hour-long waits
MAX_RETRY_AFTER = 60.0  # cap on a server's Retry-After: a bogus header must not stall a run
EXCERPT = 300  # characters of an error body worth showing the user
SHOW = 60  # characters of a bad field value worth showing
FAILED_FINISH = ("error", "abort")  # finish reasons of a choice the server did not complete
RETRY_AFTER_STATUS = (429, 503)  # the statuses whose Retry-After asks the client to wait
# Where a reasoning parser puts the thought: vLLM's current name first, then the older one
# (vLLM warns that a client reading only `reasoning_content` may see it empty).
REASONING_KEYS = ("reasoning", "reasoning_content")


class Transient(Exception):
    """One attempt failed in a way that asking again (maybe another server) can fix.
    `wait` is the server's own Retry-After, in seconds, when it gave one."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class Malformed(Exception):
    """A reply whose shape is wrong: the same server answers the same way every time (it
    speaks another dialect, or points at another service), so asking again only burns time."""


class OpenAIEngine(Engine):
    """Any OpenAI-compatible server (vllm serve, SGLang, TGI, llama.cpp): async, bounded
    concurrency, retries with backoff, several --base-url spread the load."""

    name = "openai"
    scorer = "star_cli.engines.scoring.openai:OpenAIScorer"

    def __init__(
        self,
        model: str,
        *,
        base_url: str | list[str] = "http://localhost:8000/v1",
        api_key: str | None = None,
        concurrency: int = 16,
        max_retries: int = 5,
        backoff: float = 0.5,
        timeout: float = DEFAULT_TIMEOUT,
        logprobs: bool = False,
        chat_template_kwargs: dict[str, Any] | None = None,
        think_tags: Any = None,
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
        self.template_kwargs = template_kwargs(extra.pop("chat_template_kwargs", None),
                                               chat_template_kwargs, engine=self.name)
        self.think_tags = think_tag_pair(extra.pop("think_tags", think_tags))
        self.extra_body = extra
        urls = [base_url] if isinstance(base_url, str) else list(base_url)
        self.base_urls = [u.rstrip("/") for u in urls if u]
        if not self.base_urls:
            raise UsageError("engine 'openai': give at least one base URL")
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or None
        # Options may arrive as strings from the command line; coerce them once here.
        try:
            self.concurrency = int(concurrency)
            self.max_retries = int(max_retries)
            self.backoff = float(backoff)
            self.timeout = float(timeout)
        except (TypeError, ValueError) as e:
            raise UsageError(f"engine 'openai': bad option value ({e})") from None
        if not (self.concurrency >= 1 and self.max_retries >= 0 and self.backoff >= 0
                and 0 < self.timeout < math.inf):
            raise UsageError(
                "engine 'openai': concurrency must be >= 1, max_retries >= 0, "
                "backoff >= 0 and timeout > 0 (seconds for a whole request)"
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
            return await gather_or_cancel([self._one(client, sem, r) for r in requests])

    def _client(self) -> httpx.AsyncClient:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        limits = httpx.Limits(
            max_connections=self.concurrency, max_keepalive_connections=self.concurrency
        )
        # These bound each connect and read; the deadline of the whole request is _send's.
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
                got = await self._post(client, path, body, chat)
            # A reply holds at least one choice (see _choices), so this loop ends.
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
        if self.template_kwargs and key == "messages":  # a text prompt has no chat template
            body["chat_template_kwargs"] = dict(self.template_kwargs)
        body.update(self.extra_body)
        return body

    # -- HTTP with retries ------------------------------------------------------------------

    async def _post(
        self, client: httpx.AsyncClient, path: str, body: dict[str, Any], chat: bool
    ) -> list[Completion]:
        """POST with retries. The first try takes the next base URL in the rotation; each retry
        moves on one URL from the last, so a dead or overloaded server is not tried twice running.
        """
        first = next(self._turn)
        last, url = "", ""
        for attempt in range(self.max_retries + 1):
            url = self.base_urls[(first + attempt) % len(self.base_urls)] + path
            wait: float | None = None
            try:
                return await self._attempt(client, url, body, chat)
            except Transient as e:
                last, wait = e.reason, e.wait
            if attempt < self.max_retries:
                await self._pause(attempt, wait, last, url)
        raise EngineError(
            f"engine 'openai': server {url} still failing after {self.max_retries} retries; "
            f"last error: {last}"
        )

    async def _attempt(
        self, client: httpx.AsyncClient, url: str, body: dict[str, Any], chat: bool
    ) -> list[Completion]:
        """One request: its completions, Transient to ask again, or EngineError to give up."""
        resp = await self._send(client, url, body)
        if not resp.is_success:
            raise _status_fault(resp, url)
        try:
            return parse_reply(resp, chat, int(body["n"]), self.think_tags)
        except Malformed as e:
            raise EngineError(f"engine 'openai': server {url}: {e}") from None

    async def _send(
        self, client: httpx.AsyncClient, url: str, body: dict[str, Any]
    ) -> httpx.Response:
        try:
            # httpx's timeout bounds each read, so a body trickling in byte by byte would never
            # time out; the deadline covers connect, send and reading the whole body.
            return await asyncio.wait_for(client.post(url, json=body), self.timeout)
        except asyncio.TimeoutError:
            raise Transient(f"no complete reply within the {self.timeout:g} s deadline "
                            "(--engine-arg timeout=SECONDS)") from None
        except httpx.UnsupportedProtocol as e:
            raise EngineError(f"engine 'openai': bad base URL {url}: {e}") from None
        except httpx.TransportError as e:  # refused, reset, timeouts, protocol errors
            raise Transient(f"{type(e).__name__}: {e}" if str(e) else type(e).__name__) from None

    async def _pause(self, attempt: int, wait: float | None, last: str, url: str) -> None:
        # Jitter (upwards only, so a Retry-After is never cut short) keeps many concurrent
        # requests from retrying in lockstep.
        delay = (self._delay(attempt) if wait is None else wait) * random.uniform(1.0, 1.1)
        log.warning(
            "openai engine: %s from %s; retry %d/%d in %.2fs%s",
            last, url, attempt + 1, self.max_retries, delay,
            "" if wait is None else " (the server's Retry-After)",
        )
        await asyncio.sleep(delay)

    def _delay(self, attempt: int) -> float:
        return min(MAX_DELAY, self.backoff * 2**attempt)


def _status_fault(resp: httpx.Response, url: str) -> Transient:
    """The Transient to retry a 429 or 5xx with; any other status fails at once."""
    status = f"HTTP {resp.status_code}: {_error_message(resp)}"
    if resp.status_code != 429 and resp.status_code < 500:
        raise EngineError(f"engine 'openai': server {url} answered {status}")
    wait = None
    if resp.status_code in RETRY_AFTER_STATUS:
        wait = retry_after(resp.headers.get("Retry-After"))
    return Transient(status, wait)


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delay-seconds or an HTTP date), capped at
    MAX_RETRY_AFTER; None when there is no usable header, so the default backoff applies."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:  # HTTP dates are GMT; an obsolete form may lack the zone
            when = when.replace(tzinfo=timezone.utc)
        seconds = max(0.0, when.timestamp() - (time.time() if now is None else now))
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return min(MAX_RETRY_AFTER, seconds)


# -- response parsing ---------------------------------------------------------------------
#
# Which faults are retried: those a healthy server shows now and then -- a body that is not
# JSON (a proxy's error page, a body cut short by a restarting server), an error object sent
# with status 200, no choices, a choice without text or message, one whose finish_reason is
# "error"/"abort" (the engine dropped or preempted it). Which fail at once (Malformed): a
# reply of the wrong shape -- not an object, choices not a list, a choice not an object, a bad
# index, a field of the wrong type, bad usage or logprobs. Those come from a server speaking
# another dialect (or a URL pointing at another service); it answers the same way every time,
# so retrying would only delay the error.


def parse_reply(resp: httpx.Response, chat: bool, n: int,
                think_tags: tuple[str, str] = DEFAULT_THINK_TAGS) -> list[Completion]:
    """The completions of a successful reply to a request for `n`, in index order; a chat
    reply's separate thought is joined back into the text between `think_tags`."""
    data = _decode(resp)
    choices = _choices(data, n)
    usage = data.get("usage")
    shared = _shared_tokens(usage, len(choices))
    thinking = _reasoning_tokens(usage) if len(choices) == 1 else None
    return [_completion(where, c, chat, shared, think_tags, thinking) for where, c in choices]


def _decode(resp: httpx.Response) -> dict[str, Any]:
    try:
        data = resp.json()
    except ValueError:  # bad JSON and bad UTF-8 alike
        raise Transient(f"reply body is not JSON: {resp.text[:EXCERPT]!r}") from None
    if not isinstance(data, dict):
        raise Malformed(f"reply must be a JSON object, got {_show(data)}")
    if "choices" not in data and (data.get("error") or data.get("object") == "error"):
        # Some servers report a failed generation with status 200 and an error object.
        raise Transient(f"reply is an error: {_message_in(data) or _show(data)}")
    return data


def _choices(data: dict[str, Any], n: int) -> list[tuple[str, dict[str, Any]]]:
    """(field name, choice) pairs sorted by index, each index in 0..n-1 at most once."""
    choices = data.get("choices")
    if not isinstance(choices, list):
        raise Malformed(_must("choices", "a list", choices, absent="choices" not in data))
    if not choices:
        # An engine that dropped the request (preempted, aborted) may answer so: ask again.
        raise Transient("reply field 'choices' is an empty list")
    by_index: dict[int, tuple[str, dict[str, Any]]] = {}
    for pos, choice in enumerate(choices):
        where = f"choices[{pos}]"
        if not isinstance(choice, dict):
            raise Malformed(_must(where, "an object", choice))
        index = choice.get("index", pos)  # some servers leave it out: list order stands in
        if isinstance(index, bool) or not isinstance(index, int):
            raise Malformed(_must(f"{where}.index", "an integer", index))
        if not 0 <= index < n:
            raise Malformed(f"reply field '{where}.index' is {index}, outside 0..{n - 1} (n={n})")
        if index in by_index:
            raise Malformed(f"reply field '{where}.index' repeats index {index}")
        by_index[index] = (where, choice)
    return [by_index[i] for i in sorted(by_index)]


def _shared_tokens(usage: Any, count: int) -> int | None:
    """usage.completion_tokens totals all choices, so it only belongs to a lone choice."""
    if usage is None:
        return None
    if not isinstance(usage, dict):
        raise Malformed(_must("usage", "an object or null", usage))
    tokens = usage.get("completion_tokens")
    if tokens is not None and not (_is_int(tokens) and tokens >= 0):
        raise Malformed(_must("usage.completion_tokens", "a non-negative integer", tokens))
    return tokens if count == 1 else None


def _reasoning_tokens(usage: Any) -> int | None:
    """usage.completion_tokens_details.reasoning_tokens (OpenAI's name, which vLLM and SGLang
    may fill), checked like the other counts; None when absent. `usage` is checked already."""
    if not isinstance(usage, dict) or usage.get("completion_tokens_details") is None:
        return None
    details = usage["completion_tokens_details"]
    if not isinstance(details, dict):
        raise Malformed(_must("usage.completion_tokens_details", "an object or null", details))
    tokens = details.get("reasoning_tokens")
    if tokens is not None and not (_is_int(tokens) and tokens >= 0):
        raise Malformed(_must("usage.completion_tokens_details.reasoning_tokens",
                              "a non-negative integer", tokens))
    return tokens


def _completion(where: str, choice: dict[str, Any], chat: bool, tokens: int | None,
                think_tags: tuple[str, str] = DEFAULT_THINK_TAGS,
                thinking: int | None = None) -> Completion:
    # The finish reason first: a failed choice explains a missing text.
    finish = _finish(where, choice)
    if chat:
        text, separate = _chat_text(where, choice, think_tags)
    else:
        text, separate = _text(where, choice), False
    # The server's count of reasoning tokens is the separate thought's length; a thought
    # inlined in the text is counted by the caller (Engine.count_tokens), not taken from here.
    thinking = thinking if separate else None
    values = _token_logprobs(where, choice.get("logprobs"), chat)
    logprob = None
    if values is not None:
        tokens = len(values)
        present = [v for v in values if v is not None]  # the first token's may be null
        logprob = float(sum(present)) if present else None
    return Completion(text=text, finish_reason=finish, tokens=tokens, logprob=logprob,
                      thinking_tokens=thinking)


def _finish(where: str, choice: dict[str, Any]) -> str | None:
    finish = choice.get("finish_reason")
    if finish is not None and not isinstance(finish, str):
        raise Malformed(_must(f"{where}.finish_reason", "a string or null", finish))
    if finish in FAILED_FINISH:
        raise Transient(f"reply field '{where}.finish_reason' is {finish!r}: "
                        "the server failed this choice")
    return finish


def _text(where: str, choice: dict[str, Any]) -> str:
    """A completion's text. "" is a real completion (EOS at once); null or missing is not."""
    text = choice.get("text")
    if text is None:
        raise Transient(_absent(f"{where}.text", choice, "text"))
    if not isinstance(text, str):
        raise Malformed(_must(f"{where}.text", "a string", text))
    return text


def _chat_text(where: str, choice: dict[str, Any],
               think_tags: tuple[str, str] = DEFAULT_THINK_TAGS) -> tuple[str, bool]:
    """The message's text, its separate thought (if any) joined back in front of it, and
    whether there was one."""
    message = choice.get("message")
    if message is None:
        raise Transient(_absent(f"{where}.message", choice, "message"))
    if not isinstance(message, dict):
        raise Malformed(_must(f"{where}.message", "an object", message))
    content = message.get("content")
    if content is not None and not isinstance(content, str):
        raise Malformed(_must(f"{where}.message.content", "a string", content))
    thought = _thought(where, message)
    start, end = think_tags
    if thought is None:
        if content is None:
            raise Transient(_absent(f"{where}.message.content", message, "content")
                            + ", no reasoning")
        return content, False
    if content is None:
        # A model that spent its budget thinking: a real sample with no answer. The server
        # never showed the thought's end, so none is written: the thought stays unfinished.
        return start + thought, True
    return start + thought + end + content, True


def _thought(where: str, message: dict[str, Any]) -> str | None:
    """The reasoning parser's thought: the first non-empty of REASONING_KEYS; None without
    one. A value of another type is a server speaking another dialect, never a sample."""
    found = None
    for key in REASONING_KEYS:
        value = message.get(key)
        if value is not None and not isinstance(value, str):
            raise Malformed(_must(f"{where}.message.{key}", "a string or null", value))
        if found is None and value:
            found = value
    return found


def think_tag_pair(tags: Any) -> tuple[str, str]:
    """The (START, END) delimiters of a `think_tags` option: None for the default, a pair of
    strings, or a ThinkTags; checked by the rules the checker reads thoughts by."""
    if tags is None:
        return DEFAULT_THINK_TAGS
    if isinstance(tags, ThinkTags):
        return tags.start, tags.end
    try:
        checked = tags_of(tags)
    except ValueError as e:
        raise UsageError(f"engine 'openai': think_tags must be two non-empty strings (START, "
                         f"END), got {tags!r} ({e})") from None
    return checked.start, checked.end


def _token_logprobs(where: str, logprobs: Any, chat: bool) -> list[float | None] | None:
    """Per-token log-probabilities of a choice, or None when the server sent none."""
    field = f"{where}.logprobs"
    if logprobs is None:
        return None
    if not isinstance(logprobs, dict):
        raise Malformed(_must(field, "an object or null", logprobs))
    if chat:
        return _chat_logprobs(field, logprobs.get("content"))
    values = logprobs.get("token_logprobs")
    if values is not None:
        if not isinstance(values, list):
            raise Malformed(_must(f"{field}.token_logprobs", "a list", values))
        return [_number(f"{field}.token_logprobs[{k}]", v) for k, v in enumerate(values)]
    # A token list without log-probs still gives the token count.
    tokens = logprobs.get("tokens")
    return [None] * len(tokens) if isinstance(tokens, list) else None


def _chat_logprobs(field: str, content: Any) -> list[float | None] | None:
    if content is None:
        return None
    if not isinstance(content, list):
        raise Malformed(_must(f"{field}.content", "a list or null", content))
    out = []
    for k, item in enumerate(content):
        if not isinstance(item, dict):
            raise Malformed(_must(f"{field}.content[{k}]", "an object", item))
        out.append(_number(f"{field}.content[{k}].logprob", item.get("logprob")))
    return out


def _number(field: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Malformed(_must(field, "a number or null", value))
    return float(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)  # JSON true is no count


def _must(field: str, what: str, value: Any, absent: bool = False) -> str:
    got = "nothing (the field is missing)" if absent else _show(value)
    return f"reply field '{field}' must be {what}, got {got}"


def _absent(field: str, holder: dict[str, Any], key: str) -> str:
    return f"reply field '{field}' is {'null' if key in holder else 'missing'}, no text"


async def gather_or_cancel(coroutines: list[Any]) -> list[Any]:
    """Every result, in order; when one fails for good, the others are cancelled (and
    awaited) before the error goes on, so nothing runs on after its client closed."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


def _show(value: Any) -> str:
    """A bad value as JSON (null, "x", [1]), cut short: it goes into a one-line message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= SHOW else text[: SHOW - 3] + "..."


def _error_message(resp: httpx.Response) -> str:
    """The server's own error text: OpenAI's {"error": {"message"}}, vLLM's {"message"}, or raw."""
    try:
        data = resp.json()
    except ValueError:
        return _one_line(resp.text) or resp.reason_phrase
    return _message_in(data) or _one_line(resp.text)


def _message_in(data: Any) -> str:
    if not isinstance(data, dict):
        return ""
    err = data.get("error")
    if isinstance(err, dict) and err.get("message"):
        return _one_line(str(err["message"]))
    for key in ("message", "detail", "error"):
        if data.get(key):
            return _one_line(str(data[key]))
    return ""


def _one_line(text: str) -> str:
    # Server messages (HTML pages, validation dumps) span lines; star's errors are one line.
    return " ".join(text[: EXCERPT * 2].split())[:EXCERPT]
