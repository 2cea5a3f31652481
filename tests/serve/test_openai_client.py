"""The OpenAI Python client against star serve: completions and chat, `n`, streaming, the
candidates, /v1/models; and what reaches the generator."""

from __future__ import annotations

import pytest

from star_cli.steps.score import scored_pair
from tests.serve.helpers import TEXTS, ranked

openai = pytest.importorskip("openai")

TEXT = "Q: What is 2 + 3?\nA:"
CHAT = [{"role": "user", "content": "What is 2 + 3?"}]


def client(running):
    return openai.OpenAI(base_url=running.url, api_key="unused", max_retries=0)


def expected_order(verifier, prompt, texts=TEXTS):
    """The verifier's ranking of the stub's candidates, scored as star score scores them."""
    traces = []
    for t in texts:
        trace = {"prompt": prompt, "question": "What is 2 + 3?", "rationale": t.strip()}
        traces.append(trace)
    scores = [s.value for s in verifier.score_pairs([scored_pair(t) for t in traces])]
    return ranked(scores), scores


def test_completions_best_and_n(serve, stub, verifier):
    running = serve()
    order, scores = expected_order(verifier, TEXT)
    api = client(running)
    one = api.completions.create(model="anything-at-all", prompt=TEXT)
    assert [c.text for c in one.choices] == [TEXTS[order[0]]]
    assert one.model == "stub-gen" and one.id.startswith("cmpl-")
    assert one.choices[0].finish_reason == "stop"
    two = api.completions.create(model="x", prompt=TEXT, n=2, temperature=0.3, max_tokens=40)
    assert [c.text for c in two.choices] == [TEXTS[i] for i in order[:2]]
    sent = stub.server.requests[-1]
    assert sent["n"] == 4 and sent["temperature"] == 0.3 and sent["max_tokens"] == 40
    assert sent["model"] == "stub-gen" and sent["prompt"] == TEXT
    assert two.usage.completion_tokens > 0


def test_chat_with_candidates(serve, verifier):
    running = serve(select="best")
    order, scores = expected_order(verifier, CHAT)
    reply = client(running).chat.completions.create(
        model="m", messages=CHAT, n=3, extra_body={"star": {"return_candidates": True}})
    assert [c.message.content for c in reply.choices] == [TEXTS[i] for i in order[:3]]
    assert reply.choices[0].message.role == "assistant"
    star = reply.model_extra["star"]
    assert star["chosen"] == order[0] and star["returned"] == order[:3]
    assert star["selected_by"] == "verifier_score"
    cands = star["candidates"]
    assert [c["content"] for c in cands] == TEXTS
    assert [c["answer"] for c in cands] == ["5", "6", "5", "7"]
    assert cands[0]["verifier_score"] == pytest.approx(scores[0], abs=1e-4)
    assert all(c["correct"] is None for c in cands)  # no gold given


def test_streaming_completions_and_chat(serve, verifier):
    running = serve()
    api = client(running)
    order, _ = expected_order(verifier, TEXT)
    pieces, finish = [], None
    for chunk in api.completions.create(model="m", prompt=TEXT, stream=True):
        for c in chunk.choices:
            pieces.append(c.text)
            finish = c.finish_reason or finish
    assert "".join(pieces) == TEXTS[order[0]] and finish == "stop"

    chat_order, _ = expected_order(verifier, CHAT)
    by_index: dict[int, str] = {}
    star, usage = None, None
    stream = api.chat.completions.create(
        model="m", messages=CHAT, n=2, stream=True, stream_options={"include_usage": True},
        extra_body={"star": {"return_candidates": True}})
    for chunk in stream:
        for c in chunk.choices:
            by_index[c.index] = by_index.get(c.index, "") + (c.delta.content or "")
        star = (chunk.model_extra or {}).get("star") or star
        usage = chunk.usage or usage
    assert by_index == {0: TEXTS[chat_order[0]], 1: TEXTS[chat_order[1]]}
    assert star is not None and star["chosen"] == chat_order[0]
    assert usage is not None and usage.completion_tokens > 0


def test_models_lists_served_name(serve):
    running = serve(served_model_name="best-of-4")
    api = client(running)
    assert [m.id for m in api.models.list().data] == ["best-of-4"]
    reply = api.completions.create(model="not-best-of-4", prompt=TEXT)
    assert reply.model == "best-of-4"


def test_bad_request_through_the_client(serve):
    api = client(serve())
    with pytest.raises(openai.BadRequestError) as info:
        api.completions.create(model="m", prompt=TEXT, n=5)  # k is 4
    assert info.value.body["param"] == "n"
    assert info.value.body["type"] == "invalid_request_error"
