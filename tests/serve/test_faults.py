"""Faults: a generator that refuses, stalls, fails, or answers garbage gets deadlines and
retries, then a 502; malformed requests a 400 naming the field; every error is OpenAI's
error object, and the server stays up. Loading, and a load that fails."""

from __future__ import annotations

import asyncio
import socket
import threading

import httpx
import pytest

from star_cli.errors import EngineError
from star_cli.serve import StarServer
from star_cli.serve.scorer import Scorer
from tests.conftest import wait_until
from tests.serve.helpers import TEXTS, Running, config

PROMPT = "Q: What is 2 + 3?\nA:"


def _reply(url: str) -> httpx.Response | None:
    """The server's reply to a GET, or None while it does not listen yet."""
    try:
        return httpx.get(url)
    except httpx.TransportError:
        return None


def is_openai_error(reply: httpx.Response) -> dict:
    body = reply.json()
    assert set(body) == {"error"}
    assert {"message", "type", "param", "code"} <= set(body["error"])
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def still_up(running) -> None:
    assert httpx.get(running.base + "/health").status_code == 200


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_refused_generator_is_502(serve):
    running = serve(generator=f"http://127.0.0.1:{closed_port()}/v1", generator_retries=1)
    reply = running.post("/completions", {"prompt": PROMPT})
    assert reply.status_code == 502
    error = is_openai_error(reply)
    assert error["type"] == "server_error" and error["code"] == "generator_error"
    assert "ConnectError" in error["message"] and "1 retries" in error["message"]
    still_up(running)


@pytest.mark.parametrize("behaviour", [("sleep", 3), ("trickle", 0.05)],
                         ids=["silent", "trickling"])
def test_slow_generator_is_cut_off(serve, stub, behaviour):
    running = serve(generator_timeout=0.3, generator_retries=1)
    stub.server.script.extend([behaviour] * 2)
    reply = running.post("/completions", {"prompt": PROMPT})
    # the deadline ended each try (a trickle would take minutes), and the error says so
    assert reply.status_code == 502
    assert "no complete reply within 0.3 s" in is_openai_error(reply)["message"]
    assert len(stub.server.requests) == 2
    stub.server.stopped.set()  # end the trickle
    still_up(running)


def test_500_is_retried_then_502(serve, stub):
    running = serve(generator_retries=2)
    stub.server.script.append(("status", 500))
    assert running.post("/completions", {"prompt": PROMPT}).status_code == 200
    assert len(stub.server.requests) == 2
    stub.server.script.extend([("status", 500, "engine died")] * 3)
    reply = running.post("/completions", {"prompt": PROMPT})
    assert reply.status_code == 502 and len(stub.server.requests) == 5
    assert "HTTP 500: engine died" in is_openai_error(reply)["message"]
    still_up(running)


def test_malformed_replies_are_errors_not_samples(serve, stub):
    running = serve(generator_retries=1, log=None)
    stub.server.script.extend([("non_json",), ("non_json",)])
    reply = running.post("/completions", {"prompt": PROMPT})
    assert reply.status_code == 502 and "not JSON" in is_openai_error(reply)["message"]
    # A reply of the wrong shape is not retried: the same server answers the same way.
    stub.server.script.append(("choices_strings",))
    reply = running.post("/chat/completions", {"messages": [{"role": "user", "content": "x"}]})
    assert reply.status_code == 502 and "malformed reply" in is_openai_error(reply)["message"]
    assert len(stub.server.requests) == 3
    # A choice without text is what a healthy server sends now and then: asked again.
    stub.server.script.append(("text_null",))
    reply = running.post("/completions", {"prompt": PROMPT, "star": {"return_candidates": True}})
    assert reply.status_code == 200
    assert [c["text"] for c in reply.json()["star"]["candidates"]] == TEXTS
    still_up(running)


def test_fewer_choices_than_n_are_asked_again(serve, stub):
    running = serve(k=3)
    stub.server.default = ("ignore_n",)
    reply = running.post("/completions", {"prompt": PROMPT, "star": {"return_candidates": True}})
    assert reply.status_code == 200 and len(reply.json()["star"]["candidates"]) == 3
    assert [r["n"] for r in stub.server.requests] == [3, 2, 1]


def test_generator_rejecting_the_request_is_400(serve, stub):
    running = serve()
    stub.server.script.append(("status", 400, "prompt is longer than the context"))
    reply = running.post("/completions", {"prompt": PROMPT})
    assert reply.status_code == 400
    error = is_openai_error(reply)
    assert error["code"] == "generator_rejected" and "longer than the context" in \
        error["message"]
    stub.server.script.append(("status", 401, "bad key"))
    reply = running.post("/completions", {"prompt": PROMPT})
    assert reply.status_code == 502 and "HTTP 401" in is_openai_error(reply)["message"]


BAD = [  # (path, body, the field named)
    ("/completions", b"{not json", None),
    ("/completions", b"[1, 2]", None),
    ("/completions", b"\xff\xfe", None),
    ("/completions", {}, "prompt"),
    ("/completions", {"prompt": ["a", "b"]}, "prompt"),
    ("/completions", {"prompt": 3}, "prompt"),
    ("/completions", {"prompt": "x", "n": 0}, "n"),
    ("/completions", {"prompt": "x", "n": 5}, "n"),
    ("/completions", {"prompt": "x", "n": "2"}, "n"),
    ("/completions", {"prompt": "x", "n": True}, "n"),
    ("/completions", {"prompt": "x", "temperature": -1}, "temperature"),
    ("/completions", {"prompt": "x", "temperature": "hot"}, "temperature"),
    ("/completions", {"prompt": "x", "top_p": 0}, "top_p"),
    ("/completions", {"prompt": "x", "max_tokens": 0}, "max_tokens"),
    ("/completions", {"prompt": "x", "max_tokens": 1.5}, "max_tokens"),
    ("/completions", {"prompt": "x", "stream": "yes"}, "stream"),
    ("/completions", {"prompt": "x", "stream_options": []}, "stream_options"),
    ("/completions", {"prompt": "x", "stop": [1]}, "stop"),
    ("/completions", {"prompt": "x", "stop": ["a", "b", "c", "d", "e"]}, "stop"),
    ("/completions", {"prompt": "x", "seed": "s"}, "seed"),
    ("/completions", {"prompt": "x", "logprobs": 1}, "logprobs"),
    ("/completions", {"prompt": "x", "echo": True}, "echo"),
    ("/completions", {"prompt": "x", "model": 3}, "model"),
    ("/completions", {"prompt": "x", "star": []}, "star"),
    ("/completions", {"prompt": "x", "star": {"gold": True}}, "star.gold"),
    ("/completions", {"prompt": "x", "star": {"return_candidates": "y"}},
     "star.return_candidates"),
    ("/chat/completions", {}, "messages"),
    ("/chat/completions", {"messages": []}, "messages"),
    ("/chat/completions", {"messages": [1]}, "messages[0]"),
    ("/chat/completions", {"messages": [{"role": 1, "content": "x"}]}, "messages[0].role"),
    ("/chat/completions", {"messages": [{"role": "user"}]}, "messages[0].content"),
    ("/chat/completions", {"messages": [{"role": "user", "content": [
        {"type": "image_url", "image_url": {"url": "x"}}]}]}, "messages[0].content[0]"),
    ("/chat/completions", {"messages": [{"role": "user", "content": "x"}],
                           "tools": [{"type": "function"}]}, "tools"),
]


def test_bad_requests_are_400_naming_the_field(serve, stub):
    running = serve()
    for path, body, param in BAD:
        if isinstance(body, bytes):
            reply = httpx.post(running.url + path, content=body,
                               headers={"Content-Type": "application/json"})
        else:
            reply = running.post(path, body)
        assert reply.status_code == 400, (body, reply.text)
        error = is_openai_error(reply)
        assert error["param"] == param, (body, error)
        assert error["type"] == "invalid_request_error"
    assert stub.server.requests == []  # none reached the generator
    for method, path, status in [("GET", "/v1/nothing", 404), ("GET", "/v1/completions", 405),
                                 ("DELETE", "/v1/models", 405)]:
        reply = httpx.request(method, running.base + path)
        assert reply.status_code == status
        is_openai_error(reply)
    reply = httpx.post(running.url + "/completions", content=b" " * (17 * 2**20))
    assert reply.status_code == 413
    is_openai_error(reply)
    still_up(running)
    assert running.post("/completions", {"prompt": PROMPT}).status_code == 200
    metrics = httpx.get(running.base + "/metrics").text
    assert f'star_serve_requests_total{{endpoint="completions",status="400"}} ' \
           f'{sum(p == "/completions" for p, _, _ in BAD)}' in metrics


def test_loading_then_ready(tiny_model_dir, stub, verifier, monkeypatch):
    release = threading.Event()
    original = Scorer.load

    async def slow_load(self):
        await asyncio.to_thread(release.wait, 30)
        await original(self)

    monkeypatch.setattr(Scorer, "load", slow_load)
    server = StarServer(config(str(tiny_model_dir), stub.url))
    running = Running(server)
    server.bind()
    running.port = server.port
    running.thread.start()
    try:
        health = wait_until(lambda: _reply(running.base + "/health"), "the server answering")
        assert health.status_code == 503 and health.json()["status"] == "loading"
        reply = running.post("/completions", {"prompt": PROMPT})
        assert reply.status_code == 503 and is_openai_error(reply)["code"] == "not_ready"
        release.set()
        running.wait_ready()
        assert running.post("/completions", {"prompt": PROMPT}).status_code == 200
    finally:
        release.set()
        running.__exit__(None, None, None)


def test_a_load_that_fails_stops_the_server(tmp_path, stub):
    log = tmp_path / "log"
    server = StarServer(config(str(tmp_path / "no-such-verifier"), stub.url, log=str(log)))
    with pytest.raises(EngineError, match="does not exist"):
        server.run()
    assert not log.exists()  # the log's OUT is left as it was
    assert server.socket is None
