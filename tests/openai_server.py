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

The text of choice i is f"{content} seed={seed} i={i}" in whitespace-separated words, cut to
max_tokens words (then finish_reason is "length", else "stop"); `content` is the prompt, or
the last chat message's content. Received bodies land in `requests`, with `paths` and
`headers` alongside (same order).
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

Behaviour = tuple[Any, ...]
TOKEN_LOGPROB = -0.5


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up early (cancelled requests) are expected here, not news."""


class FakeOpenAIServer:
    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        self.host, self.port = host, port
        self.script: deque[Behaviour] = deque()
        self.default: Behaviour = ("ok",)
        self.reverse_choices = False  # answer choices out of index order
        self.requests: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> FakeOpenAIServer:
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
            if kind == "status":
                message = behaviour[2] if len(behaviour) > 2 else f"fake error {behaviour[1]}"
                self._send(behaviour[1], {"error": {"message": message, "code": behaviour[1]}})
                return
            if kind == "sleep":
                time.sleep(behaviour[1])
            n = 1 if kind == "ignore_n" else int(body.get("n", 1))
            data = answer(body, chat, n, logprobs=kind == "logprobs")
            if server.reverse_choices:
                data["choices"].reverse()
            self._send(200, data)

        def _send(self, status: int, data: dict[str, Any]) -> None:
            raw = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler
