"""A stub OpenAI-compatible chat server for the judge's tests and bench: stdlib only, 127.0.0.1.

    with StubJudgeServer(responder=lambda body: ("reply", "Final Decision: Yes")) as server:
        config = JudgeConfig(model="m", urls=(server.url,))

Each request takes the next behaviour from `server.script`, else `server.responder(body)`:

- ("reply", text)                 a chat completion whose message content is `text`
- ("reply", text, finish)         the same with that finish_reason ("stop" by default)
- ("status", code)                that HTTP status with an OpenAI-style error body
- ("status", code, message)       the same, with this message
- ("retry_after", code, value)    that status with a Retry-After header
- ("sleep", seconds, text)        wait, then reply `text` (a slow judge)
- ("drop",)                       close the connection without answering
- ("body", status, raw, ctype)    these bytes as the body (not JSON, HTML pages, ...)
- ("json", data)                  status 200 with `data` as the JSON body (any shape)

Replies carry usage: prompt_tokens the prompt's words, completion_tokens the reply's. Every
request body lands in `requests` (in arrival order) with `headers` beside it. `sections(body)`
reads back the question, reference and response of a prompt built from the default template.
Modelled on tests/openai_server.py, trimmed to what a judge asks.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Behaviour = tuple[Any, ...]
YES = "The final answer matches the reference.\nFinal Decision: Yes"
NO = "The final answer differs from the reference.\nFinal Decision: No"


def prompt_of(body: dict[str, Any]) -> str:
    messages = body.get("messages") or [{}]
    return str(messages[-1].get("content", ""))


_SECTION = {name: re.compile(rf"<{name}>\n(.*?)\n</{name}>", re.S)
            for name in ("question", "reference_answer")}
_RESPONSE = re.compile(r"<response>\n(.*)\n</response>", re.S)


def sections(body: dict[str, Any]) -> dict[str, str]:
    """question, reference and response of a prompt from star's default template."""
    prompt = prompt_of(body)
    out = {}
    for name, key in (("question", "question"), ("reference_answer", "reference")):
        m = _SECTION[name].search(prompt)
        out[key] = m.group(1) if m else ""
    m = _RESPONSE.search(prompt)
    out["response"] = m.group(1) if m else ""
    return out


def always(text: str) -> Callable[[dict[str, Any]], Behaviour]:
    return lambda body: ("reply", text)


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 resets connections a concurrent judge opens

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up early (timeouts, cancelled requests) are expected here."""


class StubJudgeServer:
    def __init__(self, responder: Callable[[dict[str, Any]], Behaviour] | None = None) -> None:
        self.responder = responder or always(YES)
        self.script: deque[Behaviour] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.port = 0
        self._lock = threading.Lock()
        self.stopped = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> StubJudgeServer:
        self.stopped.clear()
        self._httpd = _Quiet(("127.0.0.1", self.port), _handler(self))
        self.port = self._httpd.server_address[1]
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> StubJudgeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def responses(self) -> list[str]:
        """The response section of every request received."""
        return [sections(b)["response"] for b in self.requests]

    def _take(self, body: dict[str, Any], headers: dict[str, str]) -> Behaviour:
        with self._lock:
            self.requests.append(body)
            self.headers.append(headers)
            if self.script:
                return self.script.popleft()
        return self.responder(body)


def completion(body: dict[str, Any], text: str | None, finish: str = "stop") -> dict[str, Any]:
    words = len(prompt_of(body).split())
    return {"id": "chatcmpl-stub", "object": "chat.completion", "model": body.get("model"),
            "choices": [{"index": 0, "finish_reason": finish,
                         "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": words,
                      "completion_tokens": len((text or "").split()),
                      "total_tokens": words + len((text or "").split())}}


def _handler(server: StubJudgeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            behaviour = server._take(body, dict(self.headers))
            if self.path != "/v1/chat/completions":
                self._json(404, {"error": {"message": f"no route {self.path}"}})
                return
            self._behave(behaviour, body)

        def _behave(self, b: Behaviour, body: dict[str, Any]) -> None:
            kind = b[0]
            if kind == "drop":
                self.close_connection = True
                self.connection.close()
            elif kind == "status":
                message = b[2] if len(b) > 2 else f"stub error {b[1]}"
                self._json(b[1], {"error": {"message": message, "code": b[1]}})
            elif kind == "retry_after":
                self._json(b[1], {"error": {"message": "busy"}}, {"Retry-After": str(b[2])})
            elif kind == "body":
                self._raw(b[1], b[2], b[3])
            elif kind == "json":
                self._json(200, b[1])
            elif kind == "sleep":
                if not server.stopped.wait(b[1]):
                    self._json(200, completion(body, b[2]))
            else:  # reply
                self._json(200, completion(body, b[1], b[2] if len(b) > 2 else "stop"))

        def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
            self._raw(status, json.dumps(data).encode(), "application/json", headers)

        def _raw(self, status: int, raw: bytes, ctype: str,
                 headers: dict[str, str] | None = None) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(raw)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(raw)
            except OSError:  # the client gave up (a timeout): nothing to answer
                pass

    return Handler


def wait_for(predicate: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Poll `predicate` until true or `seconds` pass (for conditions set by server threads)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def rule_judge(task: str) -> Callable[[dict[str, Any]], Behaviour]:
    """A stand-in judge whose decision is star's rule checker (`task`: a preset or checker
    name) on the question, reference and response it was sent: the plumbing end to end,
    with decisions anyone can reproduce."""
    from star_cli.answers import check

    def respond(body: dict[str, Any]) -> Behaviour:
        s = sections(body)
        verdict = check(s["reference"], s["response"], task)
        return ("reply", f"Rule checker: {verdict.reason}.\n"
                         f"Final Decision: {'Yes' if verdict.correct else 'No'}")

    return respond
