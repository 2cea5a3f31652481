"""A tiny OpenAI-compatible server for tests: stdlib only, offline, scriptable.

    with FakeOpenAIServer() as server:
        server.script.extend([("status", 500), ("ok",)])
        engine = OpenAIEngine("m", base_url=server.url, backoff=0.01)

Each request takes the next behaviour from `server.script` (`server.default` once it is
empty):

- ("ok",)                     n choices, text derived from the request, usage totals
- ("ignore_n",)               one choice whatever n says (some servers ignore n)
- ("logprobs",)               like ok, plus per-token log-probs (-0.5 each)
- ("status", code)            that HTTP status with an OpenAI-style error body
- ("status", code, message)   the same, with this error message
- ("drop",)                   close the connection without answering
- ("sleep", seconds)          wait, then answer like ok

Faults a misbehaving server shows (each answers like ok, then breaks the reply):

- ("retry_after", code, value)  that HTTP status with a Retry-After header of `value`
- ("non_json",)               status 200 with an HTML page for a body
- ("trickle", interval)       the ok reply, one byte every `interval` seconds
- ("text_null",)              choice 0's text (chat: message.content) is null
- ("text_missing",)           choice 0 has no text (chat: message has no content)
- ("message_null",)           chat: choice 0's message is null
- ("reasoning_only",)         chat: content null, but reasoning_content, finish "length"
- ("empty_text",)             every choice's text is "" with finish_reason "stop" (valid)
- ("finish", reason)          every choice's finish_reason is `reason` ("error", "abort")
- ("choices_strings",)        choices are bare strings, not objects
- ("index_null",)             choice 0's index is null
- ("mutate", fn)              the ok reply passed through fn(data) (any JSON value back)

Thinking models (chat; each answers like ok, the thought `text` added to every choice):

- ("reasoning", text)         the thought in message.reasoning (vLLM's current reasoning
                              parser field), usage.completion_tokens_details.reasoning_tokens
                              its word count
- ("reasoning_content", text) the same in message.reasoning_content (older vLLM, SGLang)
- ("think_inline", text)      no parser: content is "<think>" + text + "</think>" + content

Echo requests (`/v1/completions` with `"echo": true`, as `vllm serve` answers them) get the
prompt back as choice 0's text followed by the generated token, with `logprobs` holding
`tokens`, `token_logprobs` (None for the first token) and `text_offset` (cumulative lengths
of the token texts) over the prompt's tokens and then the generated one (none for
`max_tokens: 0`). The prompt is cut into tokens by `server.echo_tokens(text,
add_special_tokens)` -> [(token text, log-prob)], by default into words with their leading
whitespace, each scoring -0.25 per character, after `server.echo_bos` (a special token the
text does not hold, like vLLM's "<s>") when set and `add_special_tokens` is not false.

The text of choice i is f"{content} seed={seed} i={i}" in whitespace-separated words, cut to
max_tokens words (then finish_reason is "length", else "stop"); `content` is the prompt, or
the last chat message's content. Received bodies land in `requests`, with `paths` and
`headers` alongside (same order).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

Behaviour = tuple[Any, ...]
TOKEN_LOGPROB = -0.5


def _text_key(chat: bool) -> str:
    return "content" if chat else "text"


def _holder(choice: dict[str, Any], chat: bool) -> dict[str, Any]:
    """The dict that holds a choice's text: the message for chat, the choice itself else."""
    return choice["message"] if chat else choice


def _text_null(data: dict[str, Any], chat: bool) -> dict[str, Any]:
    _holder(data["choices"][0], chat)[_text_key(chat)] = None
    return data


def _text_missing(data: dict[str, Any], chat: bool) -> dict[str, Any]:
    del _holder(data["choices"][0], chat)[_text_key(chat)]
    return data


def _message_null(data: dict[str, Any], chat: bool) -> dict[str, Any]:
    data["choices"][0]["message"] = None
    return data


def _reasoning_only(data: dict[str, Any], chat: bool) -> dict[str, Any]:
    for c in data["choices"]:
        c["message"].update(content=None, reasoning_content="let me think about this")
        c["finish_reason"] = "length"
    return data


def _empty_text(data: dict[str, Any], chat: bool) -> dict[str, Any]:
    for c in data["choices"]:
        _holder(c, chat)[_text_key(chat)] = ""
        c["finish_reason"] = "stop"
    return data


def _choices_strings(data: dict[str, Any], chat: bool) -> dict[str, Any]:
    data["choices"] = [_holder(c, chat)[_text_key(chat)] for c in data["choices"]]
    return data


def _index_null(data: dict[str, Any], chat: bool) -> dict[str, Any]:
    data["choices"][0]["index"] = None
    return data


def _thought(data: dict[str, Any], kind: str, text: str) -> dict[str, Any]:
    """A thinking model's reply: the thought in a reasoning field, or inlined in content."""
    for c in data["choices"]:
        message = c["message"]
        if kind == "think_inline":
            message["content"] = f"<think>{text}</think>{message['content']}"
        else:
            message[kind] = text
    if kind != "think_inline":
        data["usage"]["completion_tokens_details"] = {"reasoning_tokens": len(text.split())}
    return data


THOUGHTS = ("reasoning", "reasoning_content", "think_inline")

# Faults that break an ok reply: name -> fn(reply, chat) -> the reply to send.
FAULTS: dict[str, Callable[[dict[str, Any], bool], Any]] = {
    "text_null": _text_null,
    "text_missing": _text_missing,
    "message_null": _message_null,
    "reasoning_only": _reasoning_only,
    "empty_text": _empty_text,
    "choices_strings": _choices_strings,
    "index_null": _index_null,
}


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up early (cancelled requests) are expected here, not news."""


class FakeOpenAIServer:
    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, port
        self.script: deque[Behaviour] = deque()
        self.default: Behaviour = ("ok",)
        self.reverse_choices = False  # answer choices out of index order
        self.echo_tokens: Callable[[str, bool], list[tuple[str, float]]] = word_tokens
        self.echo_bos: str | None = None
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self.stopped = threading.Event()  # ends trickling replies at teardown
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
        self.stopped.clear()
        self._httpd = _QuietServer((self.host, self.port), _handler_for(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _take(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> Behaviour:
        """Record a request and pick its behaviour, atomically across handler threads."""
        with self._lock:
            self.requests.append(body)
            self.paths.append(path)
            self.headers.append(headers)
            return self.script.popleft() if self.script else self.default


@pytest.fixture
def fake_openai_server() -> Iterator[FakeOpenAIServer]:
    """A running server; import this fixture into a test module to use it."""
    with FakeOpenAIServer() as server:
        yield server


def answer(body: dict[str, Any], chat: bool, n: int, logprobs: bool) -> dict[str, Any]:
    """A canned response for `body`, shaped like the completions or chat API."""
    content = str(body["messages"][-1]["content"] if chat else body["prompt"])
    max_tokens = int(body.get("max_tokens", 16))
    choices, total = [], 0
    for i in range(n):
        words = f"{content} seed={body.get('seed')} i={i}".split()
        finish = "length" if len(words) > max_tokens else "stop"
        words = words[:max_tokens]
        total += len(words)
        choices.append(_choice(i, " ".join(words), finish, chat, words if logprobs else None))
    return {
        "id": "cmpl-fake",
        "object": "chat.completion" if chat else "text_completion",
        "model": body.get("model"),
        "choices": choices,
        "usage": {
            "prompt_tokens": len(content.split()),
            "completion_tokens": total,
            "total_tokens": len(content.split()) + total,
        },
    }


ECHO_GENERATED = (" ok", -1.0)  # the one token an echo request generates


def word_tokens(text: str, add_special_tokens: bool) -> list[tuple[str, float]]:
    """The default echo tokenizer: words with their leading whitespace."""
    return [(w, -0.25 * len(w)) for w in re.findall(r"\s*\S+|\s+", text)]


def echo_answer(server: FakeOpenAIServer, body: dict[str, Any]) -> dict[str, Any]:
    """The reply of vllm serve to an echo request: the prompt's tokens, then one generated."""
    prompt = str(body["prompt"])
    special = body.get("add_special_tokens", True) is not False
    tokens = list(server.echo_tokens(prompt, special))
    if server.echo_bos and special:
        tokens.insert(0, (server.echo_bos, 0.0))
    prompt_count = len(tokens)
    generated = [ECHO_GENERATED] if int(body.get("max_tokens", 16)) > 0 else []
    tokens += generated
    offsets, at = [], 0
    for text, _ in tokens:
        offsets.append(at)
        at += len(text)
    logprobs = None
    if body.get("logprobs") is not None:
        logprobs = {"tokens": [t for t, _ in tokens],
                    "token_logprobs": [None] + [v for _, v in tokens[1:]],
                    "text_offset": offsets, "top_logprobs": [None] * len(tokens)}
    text = prompt + "".join(t for t, _ in generated)
    return {"id": "cmpl-echo", "object": "text_completion", "model": body.get("model"),
            "choices": [{"index": 0, "text": text, "logprobs": logprobs,
                         "finish_reason": "length" if generated else "stop"}],
            "usage": {"prompt_tokens": prompt_count, "completion_tokens": len(generated),
                      "total_tokens": len(tokens)}}


def _choice(i: int, text: str, finish: str, chat: bool, words: list[str] | None) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": i, "finish_reason": finish}
    if chat:
        choice["message"] = {"role": "assistant", "content": text}
    else:
        choice["text"] = text
    if words is None:
        choice["logprobs"] = None
    elif chat:
        choice["logprobs"] = {"content": [{"token": w, "logprob": TOKEN_LOGPROB} for w in words]}
    else:
        choice["logprobs"] = {"tokens": words, "token_logprobs": [TOKEN_LOGPROB] * len(words)}
    return choice


def _handler_for(server: FakeOpenAIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like real servers

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            behaviour = server._take(self.path, dict(self.headers), body)
            if self.path not in ("/v1/completions", "/v1/chat/completions"):
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            self._behave(behaviour, body, chat=self.path.endswith("/chat/completions"))

        def _behave(self, behaviour: Behaviour, body: dict[str, Any], chat: bool) -> None:
            kind = behaviour[0]
            if kind == "drop":
                self.close_connection = True
                self.connection.close()
                return
            if kind in ("status", "retry_after"):
                self._error(behaviour)
                return
            if kind == "non_json":
                page = b"<html><body><h1>502 Bad Gateway</h1>\nnginx</body></html>"
                self._send_raw(200, page, "text/html")
                return
            if kind == "sleep":
                time.sleep(behaviour[1])
            n = 1 if kind == "ignore_n" else int(body.get("n", 1))
            data: Any
            if body.get("echo") and not chat:
                data = echo_answer(server, body)
            else:
                data = answer(body, chat, n, logprobs=kind == "logprobs")
            if server.reverse_choices:
                data["choices"].reverse()
            data = self._break(behaviour, data, chat)
            if kind == "trickle":
                self._trickle(json.dumps(data).encode(), behaviour[1])
                return
            self._send(200, data)

        def _break(self, behaviour: Behaviour, data: dict[str, Any], chat: bool) -> Any:
            kind = behaviour[0]
            if kind in FAULTS:
                return FAULTS[kind](data, chat)
            if kind in THOUGHTS and chat:
                return _thought(data, kind, behaviour[1])
            if kind == "finish":
                for c in data["choices"]:
                    c["finish_reason"] = behaviour[1]
            if kind == "mutate":
                return behaviour[1](data)
            return data

        def _error(self, behaviour: Behaviour) -> None:
            code = behaviour[1]
            if behaviour[0] == "retry_after":
                data = {"error": {"message": f"busy, retry after {behaviour[2]}", "code": code}}
                self._send(code, data, {"Retry-After": str(behaviour[2])})
                return
            message = behaviour[2] if len(behaviour) > 2 else f"fake error {code}"
            self._send(code, {"error": {"message": message, "code": code}})

        def _trickle(self, raw: bytes, interval: float) -> None:
            """Headers at once, then the body a byte at a time: each read is quick, the
            whole reply is not. Stops when the client hangs up or the server stops."""
            self._head(200, len(raw), "application/json")
            for k in range(len(raw)):
                if server.stopped.wait(interval):
                    return
                try:
                    self.wfile.write(raw[k : k + 1])
                except OSError:  # the client gave up on us, as it should
                    return

        def _send(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            self._send_raw(status, json.dumps(data).encode(), "application/json", headers)

        def _send_raw(self, status: int, raw: bytes, ctype: str,
                      headers: dict[str, str] | None = None) -> None:
            self._head(status, len(raw), ctype, headers)
            self.wfile.write(raw)

        def _head(self, status: int, length: int, ctype: str,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(length))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()

    return Handler
