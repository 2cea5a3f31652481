"""The openai engine against a local fake OpenAI-compatible server (offline, fast)."""

from __future__ import annotations

import logging
import socket
import threading

import pytest

from star_cli.engines.base import Request, Sampling
from star_cli.engines.openai import OpenAIEngine
from star_cli.engines.registry import resolve
from star_cli.errors import EngineError
from tests.openai_server import TOKEN_LOGPROB, FakeOpenAIServer

FAST = {"backoff": 0.01, "max_retries": 3, "timeout": 5.0}


def engine_for(*servers: FakeOpenAIServer, **options: object) -> OpenAIEngine:
    urls = [s.url for s in servers]
    return OpenAIEngine(
        "fake-model", base_url=urls if len(urls) > 1 else urls[0], **{**FAST, **options}
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_registry_finds_engine() -> None:
    assert resolve("openai") is OpenAIEngine


def test_text_prompt_n_completions_in_order(server: FakeOpenAIServer) -> None:
    server.reverse_choices = True  # the engine must sort by index
    sampling = Sampling(n=3, temperature=0.5, top_p=0.9, max_tokens=50, stop=("\n\n",), seed=7)
    out = engine_for(server).generate([Request("two plus two", sampling)])

    assert [c.text for c in out[0]] == [f"two plus two seed=7 i={i}" for i in range(3)]
    assert all(c.finish_reason == "stop" for c in out[0])
    assert all(c.tokens is None and c.logprob is None for c in out[0])  # usage is a total
    assert server.paths == ["/v1/completions"]
    assert server.requests == [
        {
            "model": "fake-model",
            "prompt": "two plus two",
            "n": 3,
            "temperature": 0.5,
            "top_p": 0.9,
            "max_tokens": 50,
            "stop": ["\n\n"],
            "seed": 7,
        }
    ]


def test_chat_prompt_and_defaults_omitted(server: FakeOpenAIServer) -> None:
    messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]
    out = engine_for(server).generate([Request(messages, Sampling(n=2, max_tokens=3))])

    assert [c.text for c in out[0]] == ["hi seed=None i=0", "hi seed=None i=1"]
    assert [c.finish_reason for c in out[0]] == ["stop", "stop"]
    assert server.paths == ["/v1/chat/completions"]
    body = server.requests[0]
    assert body["messages"] == messages and body["n"] == 2 and body["max_tokens"] == 3
    assert "stop" not in body and "seed" not in body and "prompt" not in body


def test_single_choice_tokens_and_length(server: FakeOpenAIServer) -> None:
    out = engine_for(server).generate([Request("a b c d", Sampling(n=1, max_tokens=2))])
    assert len(out) == 1 and len(out[0]) == 1
    (c,) = out[0]
    assert c.text == "a b" and c.finish_reason == "length" and c.tokens == 2


@pytest.mark.parametrize("chat", [False, True])
def test_logprobs_summed(server: FakeOpenAIServer, chat: bool) -> None:
    server.default = ("logprobs",)
    prompt = [{"role": "user", "content": "x"}] if chat else "x"
    out = engine_for(server).generate([Request(prompt, Sampling(n=2, seed=1))])
    for c in out[0]:
        words = len(c.text.split())
        assert c.tokens == words
        assert c.logprob == pytest.approx(TOKEN_LOGPROB * words)


def test_many_requests_keep_order(server: FakeOpenAIServer) -> None:
    # Earlier requests answer later, so completion order differs from request order.
    server.script.extend(("sleep", 0.05 * (5 - i)) for i in range(5))
    requests = [Request(f"p{i}", Sampling(n=2)) for i in range(5)]
    out = engine_for(server, concurrency=5).generate(requests)
    assert [[c.text for c in cs] for cs in out] == [
        [f"p{i} seed=None i=0", f"p{i} seed=None i=1"] for i in range(5)
    ]


def test_empty_batch() -> None:
    assert OpenAIEngine("m").generate([]) == []


@pytest.mark.parametrize("status", [500, 503, 429])
def test_transient_status_retried(
    server: FakeOpenAIServer, status: int, caplog: pytest.LogCaptureFixture
) -> None:
    server.script.extend([("status", status), ("status", status)])
    with caplog.at_level(logging.WARNING, logger="star_cli.engines.openai"):
        out = engine_for(server).generate([Request("q", Sampling(n=2, seed=3))])
    assert [c.text for c in out[0]] == ["q seed=3 i=0", "q seed=3 i=1"]
    assert len(server.requests) == 3
    assert server.requests[0] == server.requests[2]  # the retry is the same request
    assert sum(f"HTTP {status}" in r.getMessage() for r in caplog.records) == 2


def test_dropped_connection_retried(server: FakeOpenAIServer) -> None:
    server.script.append(("drop",))
    out = engine_for(server).generate([Request("q", Sampling())])
    assert out[0][0].text == "q seed=None i=0"
    assert len(server.requests) == 2


def test_connection_refused_then_server_comes_up(engine_sleeps: list[float]) -> None:
    port = free_port()
    late = FakeOpenAIServer(port=port)
    timer = threading.Timer(0.3, late.start)
    timer.start()
    try:
        engine = engine_for(late, backoff=0.05, max_retries=8)
        out = engine.generate([Request("late", Sampling(n=2))])
        # each refusal waited its exponential backoff (jittered upwards by at most 10%)
        for attempt, slept in enumerate(engine_sleeps):
            assert 0.05 * 2**attempt <= slept <= 0.055 * 2**attempt
    finally:
        timer.join()
        late.stop()
    assert [c.text for c in out[0]] == ["late seed=None i=0", "late seed=None i=1"]
    assert len(late.requests) == 1


def test_client_error_not_retried(server: FakeOpenAIServer) -> None:
    server.script.append(("status", 400, "max_tokens is too large for this model"))
    with pytest.raises(EngineError) as info:
        engine_for(server).generate([Request("q", Sampling())])
    message = str(info.value)
    assert "max_tokens is too large for this model" in message
    assert "400" in message and f"{server.url}/completions" in message
    assert len(server.requests) == 1


def test_persistent_failure_gives_up(server: FakeOpenAIServer) -> None:
    server.default = ("status", 500, "the GPU caught fire")
    with pytest.raises(EngineError) as info:
        engine_for(server, max_retries=2).generate([Request("q", Sampling())])
    message = str(info.value)
    assert "2 retries" in message and "500" in message and "the GPU caught fire" in message
    assert server.url in message
    assert len(server.requests) == 3  # one try plus max_retries


def test_refused_everywhere_gives_up() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    engine = OpenAIEngine("m", base_url=url, backoff=0.0, max_retries=1)
    with pytest.raises(EngineError, match="ConnectError"):
        engine.generate([Request("q", Sampling())])


def test_two_base_urls_share_the_load() -> None:
    with FakeOpenAIServer() as a, FakeOpenAIServer() as b:
        requests = [Request(f"p{i}", Sampling(n=1)) for i in range(6)]
        out = engine_for(a, b).generate(requests)
        assert [cs[0].text for cs in out] == [f"p{i} seed=None i=0" for i in range(6)]
        assert len(a.requests) == 3 and len(b.requests) == 3


def test_dead_url_is_skipped_on_retry(server: FakeOpenAIServer) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"
    # One retry is enough: a retry always moves on to the next URL.
    engine = OpenAIEngine("m", base_url=[dead, server.url], **{**FAST, "max_retries": 1})
    out = engine.generate([Request(f"p{i}", Sampling()) for i in range(6)])
    assert [cs[0].text for cs in out] == [f"p{i} seed=None i=0" for i in range(6)]
    assert len(server.requests) == 6


def test_api_key_header(server: FakeOpenAIServer) -> None:
    engine_for(server, api_key="sk-test").generate([Request("q", Sampling())])
    assert server.headers[-1]["Authorization"] == "Bearer sk-test"


def test_api_key_from_env(server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    engine_for(server).generate([Request("q", Sampling())])
    assert server.headers[-1]["Authorization"] == "Bearer sk-env"


def test_no_key_no_header(server: FakeOpenAIServer) -> None:
    engine_for(server).generate([Request("q", Sampling())])
    assert "Authorization" not in server.headers[-1]


def test_server_ignoring_n_is_asked_again(server: FakeOpenAIServer) -> None:
    server.default = ("ignore_n",)
    out = engine_for(server).generate(
        [
            Request("s", Sampling(n=3, seed=10)),
            Request("u", Sampling(n=2)),
        ]
    )
    assert [c.text for c in out[0]] == [f"s seed={10 + k} i=0" for k in range(3)]
    assert [c.text for c in out[1]] == ["u seed=None i=0"] * 2
    assert all(c.tokens == 3 for cs in out for c in cs)  # one choice: usage is its own
    seeded = sorted((b["seed"], b["n"]) for b in server.requests if b["prompt"] == "s")
    assert seeded == [(10, 3), (11, 2), (12, 1)]


def test_options_coerced_and_unknown_ignored() -> None:
    engine = OpenAIEngine(
        "m",
        base_url=["http://h1/v1/", "http://h2/v1"],
        concurrency="4",
        max_retries="2",
        tensor_parallel_size=2,
    )
    assert engine.base_urls == ["http://h1/v1", "http://h2/v1"]
    assert engine.concurrency == 4 and engine.max_retries == 2
    assert engine.options == {"tensor_parallel_size": 2}
    engine.close()


def test_repeated_batches_from_a_worker_thread(server: FakeOpenAIServer) -> None:
    # The pipeline calls generate from a worker thread, batch after batch.
    from concurrent.futures import ThreadPoolExecutor

    engine = engine_for(server)
    with ThreadPoolExecutor(1) as pool:
        for i in range(3):
            out = pool.submit(engine.generate, [Request(f"b{i}", Sampling())]).result()
            assert out[0][0].text == f"b{i} seed=None i=0"
    engine.close()
