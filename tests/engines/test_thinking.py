"""Thinking models through the engines (issue 13): a server's separate thought joined back into
the text, its token count, and chat template variables (`--chat-template-kwarg`) reaching the
openai server, vLLM's `LLM.chat` and the transformers chat template."""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from star_cli.engines.base import Request, Sampling
from star_cli.engines.openai import OpenAIEngine
from star_cli.errors import EngineError, UsageError
from tests.conftest import FAKE_VLLM, read_out, write_jsonl
from tests.openai_server import Behaviour, FakeOpenAIServer
from tests.tiny_model import tiny_model_dir  # noqa: F401  (the session fixture)

FAST = {"backoff": 0.01, "max_retries": 1, "timeout": 5.0}
CHAT = [{"role": "user", "content": "What is 3 + 4?"}]
ANSWER = "What is 3 + 4? seed=None i=0"  # the fake server's content for CHAT
THOUGHT = "\nLet me add: 3 + 4 = 7.\n"


def sample(server: FakeOpenAIServer, n: int = 1, prompt: Any = CHAT, **options: Any):
    engine = OpenAIEngine("m", base_url=server.url, **{**FAST, **options})
    [out] = engine.generate([Request(prompt, Sampling(n=n, max_tokens=50))])
    return out


# -- the openai engine: one trace shape whatever the server does with the thought -----------


@pytest.mark.parametrize("kind", ["reasoning", "reasoning_content", "think_inline"])
def test_a_thought_lands_in_the_text_between_the_tags(server: FakeOpenAIServer,
                                                      kind: str) -> None:
    server.default = (kind, THOUGHT)
    [c] = sample(server)
    assert c.text == f"<think>{THOUGHT}</think>{ANSWER}"
    # The server's count goes with its own reasoning field; an inlined thought is counted by
    # the caller (Engine.count_tokens), since the server did not tell it apart.
    assert c.thinking_tokens == (None if kind == "think_inline" else len(THOUGHT.split()))


def test_the_current_field_wins_over_the_older_one(server: FakeOpenAIServer) -> None:
    def both(data: dict) -> dict:
        data["choices"][0]["message"].update(reasoning="new", reasoning_content="")
        return data

    server.default = ("mutate", both)
    assert sample(server)[0].text == f"<think>new</think>{ANSWER}"


def test_configured_tags_write_the_thought(server: FakeOpenAIServer) -> None:
    server.default = ("reasoning", "hmm")
    tags = ("<|startofthought|>", "<|endofthought|>")
    [c] = sample(server, think_tags=tags)
    assert c.text == f"<|startofthought|>hmm<|endofthought|>{ANSWER}"
    # Also as --engine-arg think_tags='["<a>", "</a>"]', which is never sent to the server.
    [c] = sample(server, engine_args={"think_tags": ["<a>", "</a>"]})
    assert c.text == f"<a>hmm</a>{ANSWER}" and "think_tags" not in server.requests[-1]


def test_a_thought_cut_by_max_tokens_stays_open(server: FakeOpenAIServer) -> None:
    server.default = ("reasoning_only",)  # content null: the model never answered
    out = sample(server, n=2)
    assert [(c.text, c.finish_reason) for c in out] == [
        ("<think>let me think about this", "length")] * 2
    assert all(c.thinking_tokens is None for c in out)  # usage is a total over two choices


def test_an_empty_reasoning_field_is_no_thought(server: FakeOpenAIServer) -> None:
    server.default = ("reasoning", "")
    [c] = sample(server)
    assert (c.text, c.thinking_tokens) == (ANSWER, None)


def test_the_completions_api_is_unchanged(server: FakeOpenAIServer) -> None:
    server.default = ("reasoning", THOUGHT)  # only chat replies carry reasoning fields
    [c] = sample(server, prompt="two plus two", chat_template_kwargs={"enable_thinking": False})
    assert c.text == "two plus two seed=None i=0" and c.thinking_tokens is None
    assert "chat_template_kwargs" not in server.requests[0]  # a text prompt has no template


def _message(**fields: Any) -> Behaviour:
    return ("mutate", lambda d: {**d, "choices": [{**d["choices"][0], "message": {
        **d["choices"][0]["message"], **fields}}]})


def _details(value: Any) -> Behaviour:
    return ("mutate", lambda d: {**d, "usage": {**d["usage"],
                                                "completion_tokens_details": value}})


@pytest.mark.parametrize(("behaviour", "said"), [
    (_message(reasoning=["a", "b"]), "'choices[0].message.reasoning' must be a string or null"),
    (_message(reasoning_content={"text": "x"}),
     "'choices[0].message.reasoning_content' must be a string or null"),
    (_message(reasoning=7, content=None), "'choices[0].message.reasoning' must be a string"),
    (_details([1]), "'usage.completion_tokens_details' must be an object or null"),
    (_details({"reasoning_tokens": -1}),
     "'usage.completion_tokens_details.reasoning_tokens' must be a non-negative integer"),
    (_details({"reasoning_tokens": True}), "reasoning_tokens' must be a non-negative integer"),
])
def test_a_malformed_thought_is_an_error_never_a_sample(server: FakeOpenAIServer,
                                                        behaviour: Behaviour, said: str) -> None:
    server.default = behaviour
    with pytest.raises(EngineError, match="engine 'openai'") as e:
        sample(server)
    assert said in str(e.value)
    assert len(server.requests) == 1  # the same server answers the same way: not retried


def test_chat_template_kwargs_reach_each_chat_request(server: FakeOpenAIServer) -> None:
    sample(server, chat_template_kwargs={"enable_thinking": False},
           engine_args={"chat_template_kwargs": {"enable_thinking": True, "budget": 64}})
    # --engine-arg's object is merged under the option's, which wins.
    assert server.requests[0]["chat_template_kwargs"] == {"enable_thinking": False,
                                                          "budget": 64}


@pytest.mark.parametrize("bad", [{"tokenize": True}, {"add_generation_prompt": False}, [1]])
def test_bad_chat_template_kwargs_are_refused(bad: Any) -> None:
    with pytest.raises(UsageError, match="chat_template_kwargs must be|star sets this"):
        OpenAIEngine("m", chat_template_kwargs=bad)


def test_bad_think_tags_are_refused() -> None:
    with pytest.raises(UsageError, match="think_tags must be two non-empty strings"):
        OpenAIEngine("m", think_tags=("<think>", ""))


# -- the CLI: --chat-template-kwarg ---------------------------------------------------------


def test_cli_option_reaches_the_server_and_the_run_config(runner, server: FakeOpenAIServer,
                                                          tmp_path: Path) -> None:
    from star_cli.cli import app

    src = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "2 + 2?", "answer": "#### 4"}])
    args = ["generate", str(src), "-t", "gsm8k", "-m", "m", "--engine", "openai",
            "--base-url", server.url, "--chat", "-n", "1", "--few-shot", "0",
            "--chat-template-kwarg", "enable_thinking=false",
            "--chat-template-kwarg", "mode=fast", "-o", str(tmp_path / "out"), "-q"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert server.requests[0]["chat_template_kwargs"] == {"enable_thinking": False,
                                                          "mode": "fast"}
    import json

    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["config"]["engine_options"]["chat_template_kwargs"] == {
        "enable_thinking": False, "mode": "fast"}
    assert len(read_out(tmp_path / "out")) == 1


@pytest.mark.parametrize(("pair", "said"), [
    ("enable_thinking", "--chat-template-kwarg expects KEY=VALUE, got 'enable_thinking'"),
    ("=1", "--chat-template-kwarg expects KEY=VALUE"),
    ("tokenize=true", "--chat-template-kwarg tokenize: star sets this argument"),
])
def test_cli_bad_pairs_exit_2(runner, tmp_path: Path, pair: str, said: str) -> None:
    from star_cli.cli import app

    src = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "2 + 2?", "answer": "#### 4"}])
    r = runner.invoke(app, ["generate", str(src), "-t", "gsm8k", "-m", "m", "--engine",
                            "openai", "--chat-template-kwarg", pair, "-o", str(tmp_path / "o")])
    assert r.exit_code == 2 and said in r.output, r.output
    assert not (tmp_path / "o").exists()


# -- vllm (the stand-in) --------------------------------------------------------------------


@pytest.fixture
def fake_vllm(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.setitem(sys.modules, "vllm", None)
    del sys.modules["vllm"]
    monkeypatch.syspath_prepend(str(FAKE_VLLM))
    return importlib.import_module("vllm")


def test_vllm_chat_gets_the_template_kwargs(fake_vllm: ModuleType) -> None:
    from star_cli.engines.vllm import VLLMEngine

    e = VLLMEngine("org/model", chat_template_kwargs={"enable_thinking": False},
                   engine_args={"enable_prefix_caching": True})
    assert e.llm.kwargs == {"enable_prefix_caching": True}  # not an LLM argument
    sampling = Sampling(n=1, max_tokens=8, seed=1)
    e.generate([Request(CHAT, sampling), Request("Q: text?", sampling)])
    assert e.llm.template_kwargs == [{"enable_thinking": False}]  # the one chat call
    plain = VLLMEngine("org/model")
    plain.generate([Request(CHAT, sampling)])
    assert plain.llm.template_kwargs == [None]  # left out: older vLLM has no such argument


def test_vllm_template_kwargs_from_engine_args_are_not_llm_args(fake_vllm: ModuleType) -> None:
    from star_cli.engines.vllm import VLLMEngine

    e = VLLMEngine("org/model", engine_args={"chat_template_kwargs": {"thinking": True}})
    assert e.llm.kwargs == {} and e.template_kwargs == {"thinking": True}


def test_vllm_counts_tokens_with_the_llms_tokenizer(fake_vllm: ModuleType,
                                                    tiny_model_dir: Path) -> None:  # noqa: F811
    from transformers import AutoTokenizer

    from star_cli.engines.vllm import VLLMEngine

    text = "Let me add: 3 + 4 = 7."
    want = len(AutoTokenizer.from_pretrained(tiny_model_dir)(text, add_special_tokens=False)
               ["input_ids"])
    assert VLLMEngine(str(tiny_model_dir)).count_tokens(text) == want
    # No tokenizer to be had (here: no such model): no count, and the run goes on.
    assert VLLMEngine("org/no-such-model").count_tokens(text) is None


# -- transformers: a chat template that branches on enable_thinking ---------------------------

BRANCHING = (
    "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}assistant:"
    "{% if enable_thinking is defined and not enable_thinking %} <think>\n\n</think>\n\n"
    "{% else %} <think>\n{% endif %}{% endif %}"
)


@pytest.fixture(scope="module")
def thinking_model(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory  # noqa: F811
                   ) -> Path:
    pytest.importorskip("transformers")
    from transformers import AutoTokenizer

    path = tmp_path_factory.mktemp("thinking-model") / "m"
    shutil.copytree(tiny_model_dir, path)
    tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.chat_template = BRANCHING
    tokenizer.save_pretrained(path)
    return path


@pytest.mark.parametrize(("kwargs", "ends"), [
    (None, "assistant: <think>\n"),
    ({"enable_thinking": True}, "assistant: <think>\n"),
    ({"enable_thinking": False}, "assistant: <think>\n\n</think>\n\n"),
])
def test_transformers_passes_template_kwargs(thinking_model: Path, kwargs: dict | None,
                                             ends: str) -> None:
    from star_cli.engines.transformers import TransformersEngine

    e = TransformersEngine(str(thinking_model), device="cpu", chat_template_kwargs=kwargs)
    ids = e._encode([CHAT])["input_ids"][0].tolist()
    assert e.tokenizer.decode(ids, skip_special_tokens=True).endswith(ends)
    [[c]] = e.generate([Request(CHAT, Sampling(n=1, temperature=0.0, max_tokens=3))])
    assert c.tokens == 3
    text = "Let me add: 3 + 4 = 7."
    assert e.count_tokens(text) == len(e.tokenizer(text, add_special_tokens=False)["input_ids"])


def test_transformers_refuses_reserved_template_kwargs(thinking_model: Path) -> None:
    from star_cli.engines.transformers import TransformersEngine

    with pytest.raises(UsageError, match="tokenize: star sets this argument"):
        TransformersEngine(str(thinking_model), device="cpu",
                           engine_args={"chat_template_kwargs": {"tokenize": True}})


@pytest.mark.parametrize("tags", [None, ("<|startofthought|>", "<|endofthought|>")])
def test_generate_stores_a_servers_thought(runner, server: FakeOpenAIServer, tmp_path: Path,
                                           tags: tuple[str, str] | None) -> None:
    """End to end: the reasoning field becomes the trace's thought, between the delimiters
    --think-tags names, counted by the server; the answer is read after it."""
    from star_cli.cli import app

    def answered(data: dict) -> dict:
        data["choices"][0]["message"]["content"] = "\n\nThe answer is 4."
        return data

    server.script.append(("mutate", lambda d: answered(_thought_reply(d))))
    src = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "2 + 2?",
                                              "answer": "#### 4"}])
    extra = ["--think-tags", *tags] if tags else []
    r = runner.invoke(app, ["generate", str(src), "-t", "gsm8k", "-m", "m", "--engine", "openai",
                            "--base-url", server.url, "--chat", "-n", "1", "--few-shot", "0",
                            *extra, "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    [t] = read_out(tmp_path / "out")
    start, end = tags or ("<think>", "</think>")
    assert t["completion"] == f"{start}\nfour, surely.\n{end}\n\nThe answer is 4."
    assert (t["thinking"], t["thinking_tokens"]) == ("four, surely.", 2)
    assert (t["answer"], t["correct"]) == ("4", True)


def _thought_reply(data: dict) -> dict:
    data["choices"][0]["message"]["reasoning"] = "\nfour, surely.\n"
    data["usage"]["completion_tokens_details"] = {"reasoning_tokens": 2}
    return data


# -- the task's stop sequences never cut a thought ------------------------------------------


@pytest.mark.parametrize(("chat", "thinking", "stops"), [
    (True, "auto", None),       # chat: star cuts the stops from the answer part itself
    (True, "on", None),
    (True, "off", ["\n\nQ:", "\nQ:"]),  # no thoughts read: as before
    (False, "auto", ["\n\nQ:", "\nQ:"]),  # text prompts: the run-on is the usual case
])
def test_engine_stops_spare_thoughts(runner, server: FakeOpenAIServer, tmp_path: Path,
                                     chat: bool, thinking: str, stops: list | None) -> None:
    from star_cli.cli import app

    src = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "2 + 2?", "answer": "#### 4"}])
    r = runner.invoke(app, ["generate", str(src), "-t", "gsm8k", "-m", "m", "--engine", "openai",
                            "--base-url", server.url, *(["--chat"] if chat else []), "-n", "1",
                            "--few-shot", "0", "--thinking", thinking,
                            "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    assert server.requests[0].get("stop") == stops


def test_a_thought_holding_q_is_whole_and_a_run_on_is_cut(runner, server: FakeOpenAIServer,
                                                          tmp_path: Path) -> None:
    """The thought quotes a `Q:` line; after the answer the model runs on into a next
    question until max_tokens. The thought is kept whole, the answer read, and the sample
    counts as finished (star cut it at the stop sequence, as an engine would have)."""
    from star_cli.cli import app

    text = ("<think>\nRestating it:\nQ: 2 + 2?\nThat is 4.\n</think>\nThe answer is 4."
            "\nQ: 3 + 3?\nA: The answer is")

    def reply(data: dict) -> dict:
        choice = data["choices"][0]
        choice["message"]["content"] = text
        choice["finish_reason"] = "length"
        return data

    server.script.append(("mutate", reply))
    src = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "2 + 2?", "answer": "#### 4"}])
    r = runner.invoke(app, ["generate", str(src), "-t", "gsm8k", "-m", "m", "--engine", "openai",
                            "--base-url", server.url, "--chat", "-n", "1", "--few-shot", "0",
                            "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    [t] = read_out(tmp_path / "out")
    assert t["thinking"] == "Restating it:\nQ: 2 + 2?\nThat is 4."
    assert (t["answer"], t["correct"], t["finish_reason"]) == ("4", True, "stop")
    assert t["rationale"].endswith("</think>\nThe answer is 4.")
    assert t["completion"] == text


def test_a_text_run_on_the_engine_did_not_stop_is_cut_and_finished(runner, server: FakeOpenAIServer,
                                                                   tmp_path: Path) -> None:
    """Text prompts keep the engine's stops; a server that ignores them and runs to
    max_tokens still gives a whole answer, cut by star at the stop, and a finished sample."""
    from star_cli.cli import app

    text = " 2 plus 2 is 4. The answer is 4.\nQ: 3 + 3?\nA: 3 plus"

    def reply(data: dict) -> dict:
        data["choices"][0]["text"] = text
        data["choices"][0]["finish_reason"] = "length"
        return data

    server.script.append(("mutate", reply))
    src = write_jsonl(tmp_path / "p.jsonl", [{"id": "a", "question": "2 + 2?", "answer": "#### 4"}])
    r = runner.invoke(app, ["generate", str(src), "-t", "gsm8k", "-m", "m", "--engine", "openai",
                            "--base-url", server.url, "-n", "1", "--few-shot", "0",
                            "-o", str(tmp_path / "out"), "-q"])
    assert r.exit_code == 0, r.output
    assert server.requests[0]["stop"] == ["\n\nQ:", "\nQ:"]
    [t] = read_out(tmp_path / "out")
    assert (t["answer"], t["correct"], t["finish_reason"]) == ("4", True, "stop")
    assert t["rationale"] == "2 plus 2 is 4. The answer is 4."
