"""Verifier batches form across concurrent requests (and never exceed --max-batch); a lone
request does not wait for company; one request the verifier cannot score fails alone; a
local engine's requests are batched too."""

from __future__ import annotations

import math
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from star_cli.verifier import Score
from tests.scripted import ScriptedEngine

PROMPT = "Q: What is 2 + 3?\nA:"


class Recording:
    """The real verifier, recording each call's size; slow enough for requests to queue."""

    def __init__(self, verifier, delay: float = 0.05, fail_on: str | None = None,
                 nan_on: str | None = None) -> None:
        self.verifier, self.delay = verifier, delay
        self.fail_on, self.nan_on = fail_on, nan_on
        self.calls: list[int] = []
        self.lock = threading.Lock()

    def score_pairs(self, pairs):
        with self.lock:
            self.calls.append(len(pairs))
        time.sleep(self.delay)
        if self.fail_on and any(self.fail_on in str(p) for p, _ in pairs):
            raise RuntimeError("cannot score this prompt")
        scores = self.verifier.score_pairs(pairs)
        if self.nan_on:
            scores = [Score(math.nan, s.tokens) if self.nan_on in str(p) else s
                      for (p, _), s in zip(pairs, scores, strict=True)]
        return scores


def post_many(running, prompts, path="/completions"):
    def one(prompt):
        return httpx.post(running.url + path, json={"model": "m", "prompt": prompt}, timeout=60)

    with ThreadPoolExecutor(len(prompts)) as pool:
        return list(pool.map(one, prompts))


def test_batches_form_under_concurrency(serve, verifier):
    recording = Recording(verifier)
    running = serve(verifier_instance=recording, k=4, max_batch=64, batch_window=0.05)
    replies = post_many(running, [PROMPT] * 8)
    assert all(r.status_code == 200 for r in replies)
    assert sum(recording.calls) == 32
    assert max(recording.calls) > 4, recording.calls  # requests shared a forward pass
    assert len(recording.calls) < 8
    metrics = httpx.get(running.base + "/metrics").text
    assert 'star_serve_verifier_batch_size_count' in metrics
    assert f"star_serve_verifier_batch_requests_count {len(recording.calls)}" in metrics
    assert 'star_serve_requests_total{endpoint="completions",status="200"} 8' in metrics


def test_batches_hold_at_most_max_batch(serve, verifier):
    recording = Recording(verifier)
    running = serve(verifier_instance=recording, k=4, max_batch=8, batch_window=0.05)
    replies = post_many(running, [PROMPT] * 6)
    assert all(r.status_code == 200 for r in replies)
    assert sum(recording.calls) == 24 and max(recording.calls) <= 8


def test_a_lone_request_does_not_wait_the_window(serve, verifier):
    # A window no test would wait out: a lone request that waited it would fail by the
    # client's timeout (60 s) instead of being answered.
    running = serve(batch_window=3600.0)
    assert running.post("/completions", {"prompt": PROMPT}).status_code == 200


def test_one_bad_request_fails_alone(serve, verifier):
    recording = Recording(verifier, fail_on="BOOM")
    running = serve(verifier_instance=recording, batch_window=0.1)
    prompts = [PROMPT, PROMPT + " BOOM", PROMPT, PROMPT]
    replies = post_many(running, prompts)
    assert [r.status_code for r in replies] == [200, 500, 200, 200]
    error = replies[1].json()["error"]
    assert error["type"] == "server_error" and error["code"] == "verifier_error"
    assert "cannot score this prompt" in error["message"]
    assert max(recording.calls) > 4  # the bad one was batched with others, then retried alone
    assert running.post("/completions", {"prompt": PROMPT}).status_code == 200


def test_no_candidate_without_a_finite_score(serve, verifier):
    running = serve(verifier_instance=Recording(verifier, delay=0, nan_on="NAN"))
    reply = running.post("/completions", {"prompt": PROMPT + " NAN"})
    assert reply.status_code == 500 and "choices" not in reply.json()
    assert "not a finite number" in reply.json()["error"]["message"]


def test_local_engine_batched(serve, verifier):
    ScriptedEngine.queue, ScriptedEngine.seen, ScriptedEngine.calls = [], [], 0
    engine = ScriptedEngine("oracle", engine_args={"delay": 0.05})
    running = serve(generator=None, engine_instance=engine, engine="scripted", model="oracle",
                    k=4, batch_window=0.05)
    prompts = [f"Q: What is {a} + 2?\nA:" for a in range(6)]
    replies = post_many(running, prompts)
    assert all(r.status_code == 200 for r in replies)
    assert len(ScriptedEngine.seen) == 6 and ScriptedEngine.calls < 6  # shared calls
    assert all(s.sampling.n == 4 for s in ScriptedEngine.seen)
    reply = running.post("/completions", {"prompt": prompts[1], "star": {
        "return_candidates": True, "gold": "3"}}).json()
    assert [c["correct"] for c in reply["star"]["candidates"]] == [True, False, True, False]


def test_listening_socket_is_tcp_for_nodelay(serve):
    """asyncio sets TCP_NODELAY on accepted sockets only when the listening socket's proto
    says TCP; a socket made with proto 0 cost every keep-alive reply a 40 ms delayed ACK
    (bench/serve.py found it: star added 49 ms at p50 instead of 11)."""
    import socket

    running = serve()
    assert running.server.socket.proto == socket.IPPROTO_TCP
    with httpx.Client() as http:  # keep-alive: one connection, accepted by the server
        assert http.post(running.url + "/completions", json={"prompt": PROMPT}).status_code == 200
        assert all(http.get(running.base + "/health").status_code == 200 for _ in range(5))
        # the accepted socket has TCP_NODELAY (what the 40 ms costs is bench/serve.py's)
        [conn] = running.server._server.server_state.connections
        accepted = conn.transport.get_extra_info("socket")
        assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0


def test_local_transformers_engine_loaded_by_the_server(serve, tiny_model_dir):
    """--engine transformers --model M: the engine built (by the registry) on its thread."""
    running = serve(generator=None, engine="transformers", model=str(tiny_model_dir),
                    max_tokens=6, k=3)
    reply = running.post("/chat/completions", {
        "messages": [{"role": "user", "content": "What is 2 + 3?"}], "n": 2,
        "temperature": 1.0, "star": {"return_candidates": True}})
    assert reply.status_code == 200, reply.text
    body = reply.json()
    assert len(body["choices"]) == 2 and len(body["star"]["candidates"]) == 3
    assert 0 < body["usage"]["completion_tokens"] <= 3 * 6
