"""The openai engine against a misbehaving server: bad replies are retried or fail with one
line naming the server and the field; none is ever returned as a finished completion."""

from __future__ import annotations

import email.utils
from typing import Any

import pytest

from star_cli.engines.base import Completion, Request, Sampling
from star_cli.engines.openai import MAX_RETRY_AFTER, OpenAIEngine, retry_after
from star_cli.errors import EngineError
from tests.openai_server import Behaviour, FakeOpenAIServer

FAST = {"backoff": 0.01, "max_retries": 2, "timeout": 5.0}
CHAT = [{"role": "user", "content": "q"}]


def run(server: FakeOpenAIServer, chat: bool = False, n: int = 2,
        **options: Any) -> list[Completion]:
    engine = OpenAIEngine("m", base_url=server.url, **{**FAST, **options})
    return engine.generate([Request(CHAT if chat else "q", Sampling(n=n, seed=1))])[0]


def failure(server: FakeOpenAIServer, chat: bool = False, **options: Any) -> str:
    with pytest.raises(EngineError) as info:
        run(server, chat, **options)
    message = str(info.value)
    assert "\n" not in message and server.url in message
    return message


# -- replies without text, or failed choices: retried, never stored -------------------------

TRANSIENT: list[tuple[Behaviour, bool, str]] = [
    (("text_null",), False, "'choices[0].text' is null"),
    (("text_missing",), False, "'choices[0].text' is missing"),
    (("text_null",), True, "'choices[0].message.content' is null"),
    (("text_missing",), True, "'choices[0].message.content' is missing"),
    (("message_null",), True, "'choices[0].message' is null"),
    (("finish", "error"), False, "'choices[0].finish_reason' is 'error'"),
    (("finish", "abort"), True, "'choices[0].finish_reason' is 'abort'"),
    (("non_json",), False, "not JSON"),
    (("mutate", lambda d: {**d, "choices": []}), False, "'choices' is an empty list"),
    (("mutate", lambda d: {"error": {"message": "engine dead"}}), False, "engine dead"),
]


@pytest.mark.parametrize(("fault", "chat", "said"), TRANSIENT)
def test_fault_is_retried(server: FakeOpenAIServer, fault: Behaviour, chat: bool,
                          said: str) -> None:
    server.script.append(fault)
    out = run(server, chat)
    assert [c.text for c in out] == ["q seed=1 i=0", "q seed=1 i=1"]
    assert len(server.requests) == 2


@pytest.mark.parametrize(("fault", "chat", "said"), TRANSIENT)
def test_persistent_fault_fails_naming_it(server: FakeOpenAIServer, fault: Behaviour,
                                          chat: bool, said: str) -> None:
    server.default = fault
    message = failure(server, chat)
    assert "still failing after 2 retries" in message and said in message
    assert len(server.requests) == 3


@pytest.mark.parametrize("chat", [False, True])
def test_empty_text_is_a_real_completion(server: FakeOpenAIServer, chat: bool) -> None:
    server.default = ("empty_text",)  # the model emitted EOS at once
    out = run(server, chat)
    assert [(c.text, c.finish_reason) for c in out] == [("", "stop")] * 2
    assert len(server.requests) == 1


def test_reasoning_without_content_is_a_real_completion(server: FakeOpenAIServer) -> None:
    server.default = ("reasoning_only",)  # thought until max_tokens, never answered
    out = run(server, chat=True)
    # The thought is kept, left open: the server never showed its end (no answer came).
    assert [(c.text, c.finish_reason) for c in out] == [("<think>let me think about this",
                                                          "length")] * 2
    assert len(server.requests) == 1


# -- replies of the wrong shape: one line at once ------------------------------------------


def _choice0(**fields: Any) -> Behaviour:
    return ("mutate", lambda d: {**d, "choices": [{**d["choices"][0], **fields},
                                                  *d["choices"][1:]]})


MALFORMED: list[tuple[Behaviour, str]] = [
    (("choices_strings",), "'choices[0]' must be an object, got \"q seed=1 i=0\""),
    (("index_null",), "'choices[0].index' must be an integer, got null"),
    (_choice0(index="0"), "'choices[0].index' must be an integer, got \"0\""),
    (_choice0(index=True), "'choices[0].index' must be an integer, got true"),
    (_choice0(index=7), "'choices[0].index' is 7, outside 0..1"),
    (_choice0(index=1), "'choices[1].index' repeats index 1"),
    (_choice0(text=42), "'choices[0].text' must be a string, got 42"),
    (_choice0(finish_reason=3), "'choices[0].finish_reason' must be a string or null"),
    (_choice0(logprobs={"token_logprobs": ["x"]}),
     "'choices[0].logprobs.token_logprobs[0]' must be a number or null"),
    (_choice0(logprobs="yes"), "'choices[0].logprobs' must be an object or null"),
    (("mutate", lambda d: {**d, "choices": {"0": "x"}}), "'choices' must be a list"),
    (("mutate", lambda d: {"id": "x"}), "'choices' must be a list, got nothing"),
    (("mutate", lambda d: [d]), "reply must be a JSON object, got [{"),
    (("mutate", lambda d: "hello"), "reply must be a JSON object, got \"hello\""),
    (("mutate", lambda d: {**d, "usage": "lots"}), "'usage' must be an object or null"),
    (("mutate", lambda d: {**d, "usage": {"completion_tokens": "12"}}),
     "'usage.completion_tokens' must be a non-negative integer, got \"12\""),
]


@pytest.mark.parametrize(("fault", "said"), MALFORMED)
def test_wrong_shape_fails_at_once(server: FakeOpenAIServer, fault: Behaviour,
                                   said: str) -> None:
    server.default = fault
    message = failure(server)
    assert f"server {server.url}/completions: reply" in message and said in message
    assert len(server.requests) == 1  # the same server answers the same way: no retry


@pytest.mark.parametrize(("fields", "said"), [
    ({"message": "hi"}, "'choices[0].message' must be an object, got \"hi\""),
    ({"message": {"role": "assistant", "content": ["a"]}},
     "'choices[0].message.content' must be a string, got [\"a\"]"),
])
def test_chat_wrong_shape_fails_at_once(server: FakeOpenAIServer, fields: dict[str, Any],
                                        said: str) -> None:
    server.default = _choice0(**fields)
    message = failure(server, chat=True)
    assert said in message and len(server.requests) == 1


# -- deadlines and Retry-After -------------------------------------------------------------


def test_trickling_body_is_cut_at_the_deadline(server: FakeOpenAIServer) -> None:
    # Each byte comes well within the per-read timeout; the whole body would take minutes.
    # Only the deadline ends it, and the error says so.
    server.default = ("trickle", 0.3)
    message = failure(server, timeout=1.0, max_retries=1)
    assert "no complete reply within the 1 s deadline" in message
    assert len(server.requests) == 2  # a deadline is a server fault: retried


def test_trickle_then_recovery(server: FakeOpenAIServer) -> None:
    server.script.append(("trickle", 0.3))
    out = run(server, timeout=1.0)
    assert [c.text for c in out] == ["q seed=1 i=0", "q seed=1 i=1"]


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(server: FakeOpenAIServer, status: int,
                                engine_sleeps: list[float]) -> None:
    server.script.append(("retry_after", status, "1"))
    out = run(server)  # backoff is 0.01 s: only the header explains a wait of a second
    assert len(engine_sleeps) == 1 and 1.0 <= engine_sleeps[0] <= 1.1  # jitter: upwards only
    assert len(out) == 2 and len(server.requests) == 2


def test_retry_after_on_other_status_is_ignored(server: FakeOpenAIServer,
                                                engine_sleeps: list[float]) -> None:
    server.script.append(("retry_after", 500, "30"))
    out = run(server)
    # the backoff's wait (0.01 s, jittered), not the header's 30 s
    assert len(engine_sleeps) == 1 and 0.01 <= engine_sleeps[0] <= 0.011
    assert len(out) == 2 and len(server.requests) == 2


def test_retry_after_values() -> None:
    now = 1_700_000_000.0
    assert retry_after("2") == 2.0 and retry_after(" 0 ") == 0.0 and retry_after("1.5") == 1.5
    assert retry_after("3600") == MAX_RETRY_AFTER == 60.0
    assert retry_after(email.utils.formatdate(now + 5, usegmt=True), now=now) == 5.0
    assert retry_after(email.utils.formatdate(now - 5, usegmt=True), now=now) == 0.0
    assert retry_after(email.utils.formatdate(now + 1e5, usegmt=True), now=now) == 60.0
    for bad in (None, "", "soon", "-3", "nan", "inf"):
        assert retry_after(bad) is None


def test_timeout_option_is_checked() -> None:
    with pytest.raises(Exception, match="timeout > 0"):
        OpenAIEngine("m", engine_args={"timeout": 0})
    assert OpenAIEngine("m", engine_args={"timeout": "3"}).timeout == 3.0
    assert OpenAIEngine("m").timeout == 600.0
