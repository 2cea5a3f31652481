"""The OpenAI wire format: request bodies checked into `ServedRequest`, replies built back.

Every field star reads is checked and a bad one is a 400 naming it (`param`); fields star does
not read (`user`, `logit_bias`, ...) are ignored, as OpenAI-compatible servers do. A request
for something star cannot give (`logprobs`, `echo`, tools) is refused rather than answered
without it. The `star` object is star's own: `return_candidates` (the candidates, their
scores and answers, and the choice, in a top-level `star` object of the reply), `gold` (the
reference answer: the logged traces are then judged, `correct` true or false) and
`question` (the question the logged traces record, when the prompt holds more than it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from star_cli.serve.errors import bad_request

MAX_STOP = 4  # OpenAI's limit on stop sequences


@dataclass(frozen=True)
class StarOptions:
    return_candidates: bool = False
    gold: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class ServedRequest:
    chat: bool
    prompt: str | list[dict[str, str]]  # text, or messages normalised to {role, content}
    n: int = 1
    stream: bool = False
    include_usage: bool = False  # stream_options.include_usage
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    stop: tuple[str, ...] = ()
    seed: int | None = None
    model: str | None = None
    star: StarOptions = field(default_factory=StarOptions)


def parse_body(raw: bytes) -> dict[str, Any]:
    """The request body as a JSON object, or a 400 that says what is wrong with it."""
    try:
        body = json.loads(raw)
    except RecursionError:
        raise bad_request("request body is JSON nested too deeply") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise bad_request(f"request body is not valid JSON ({e})") from None
    if not isinstance(body, dict):
        raise bad_request(f"request body must be a JSON object, got {_kind(body)}")
    return body


def parse_request(body: dict[str, Any], *, chat: bool, k: int) -> ServedRequest:
    """A completions (`chat=False`) or chat completions body, checked field by field."""
    prompt = _messages(body) if chat else _prompt(body)
    n = _int(body, "n", 1)
    if n is not None and not 1 <= n <= k:
        raise bad_request(f"must be between 1 and {k} (the candidates this server samples "
                          f"per request), got {n}", "n")
    if body.get("logprobs") not in (None, False):
        raise bad_request("star serve does not return log-probabilities", "logprobs")
    if body.get("echo"):
        raise bad_request("star serve does not echo the prompt", "echo")
    for name in ("tools", "functions"):
        if body.get(name):
            raise bad_request("star serve does not call tools", name)
    stream = _bool(body, "stream", False)
    options = body.get("stream_options")
    if options is not None and not isinstance(options, dict):
        raise bad_request(f"must be an object, got {_kind(options)}", "stream_options")
    include_usage = bool(options) and _bool(options, "include_usage", False,
                                            "stream_options.include_usage")
    temperature = _number(body, "temperature")
    if temperature is not None and not 0 <= temperature <= 2:
        raise bad_request(f"must be between 0 and 2, got {temperature:g}", "temperature")
    top_p = _number(body, "top_p")
    if top_p is not None and not 0 < top_p <= 1:
        raise bad_request(f"must be in (0, 1], got {top_p:g}", "top_p")
    max_name = "max_completion_tokens" if body.get("max_tokens") is None and \
        body.get("max_completion_tokens") is not None else "max_tokens"
    max_tokens = _int(body, max_name, None)
    if max_tokens is not None and max_tokens < 1:
        raise bad_request(f"must be at least 1, got {max_tokens}", max_name)
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise bad_request(f"must be a string, got {_kind(model)}", "model")
    return ServedRequest(chat=chat, prompt=prompt, n=n or 1, stream=bool(stream),
                         include_usage=include_usage, temperature=temperature, top_p=top_p,
                         max_tokens=max_tokens, stop=_stop(body), seed=_int(body, "seed", None),
                         model=model, star=_star(body))


def _prompt(body: dict[str, Any]) -> str:
    if "prompt" not in body or body["prompt"] is None:
        raise bad_request("is required", "prompt")
    prompt = body["prompt"]
    if isinstance(prompt, list) and len(prompt) == 1 and isinstance(prompt[0], str):
        prompt = prompt[0]  # a batch of one
    if isinstance(prompt, list):
        raise bad_request("must be one string: star serve answers one prompt per request "
                          "(send several requests; they are batched for the verifier)",
                          "prompt")
    if not isinstance(prompt, str):
        raise bad_request(f"must be a string, got {_kind(prompt)}", "prompt")
    return prompt


def _messages(body: dict[str, Any]) -> list[dict[str, str]]:
    messages = body.get("messages")
    if messages is None:
        raise bad_request("is required", "messages")
    if not isinstance(messages, list) or not messages:
        raise bad_request("must be a non-empty list of {role, content} messages", "messages")
    out = []
    for i, m in enumerate(messages):
        where = f"messages[{i}]"
        if not isinstance(m, dict):
            raise bad_request(f"must be an object, got {_kind(m)}", where)
        role = m.get("role")
        if not isinstance(role, str) or not role:
            raise bad_request("must be a non-empty string", f"{where}.role")
        out.append({"role": role, "content": _content(m.get("content"), f"{where}.content")})
    return out


def _content(content: Any, where: str) -> str:
    """A message's text: a string, or OpenAI's list of text parts joined (star stores and
    scores text; an image part is refused, not dropped)."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        parts = []
        for j, part in enumerate(content):
            if not (isinstance(part, dict) and part.get("type") == "text"
                    and isinstance(part.get("text"), str)):
                raise bad_request("must be text: star serve reads {type: text, text} parts "
                                  "only", f"{where}[{j}]")
            parts.append(part["text"])
        return "".join(parts)
    raise bad_request(f"must be a string or a list of text parts, got {_kind(content)}", where)


def _star(body: dict[str, Any]) -> StarOptions:
    star = body.get("star")
    if star is None:
        return StarOptions()
    if not isinstance(star, dict):
        raise bad_request(f"must be an object, got {_kind(star)}", "star")
    gold = star.get("gold")
    if gold is not None:
        if isinstance(gold, bool) or not isinstance(gold, (str, int, float)):
            raise bad_request(f"must be a string or a number, got {_kind(gold)}", "star.gold")
        gold = str(gold).strip()
        if not gold:
            raise bad_request("must not be empty", "star.gold")
    question = star.get("question")
    if question is not None and not (isinstance(question, str) and question.strip()):
        raise bad_request("must be a non-empty string", "star.question")
    return StarOptions(return_candidates=_bool(star, "return_candidates", False,
                                               "star.return_candidates"),
                       gold=gold, question=question)


def _stop(body: dict[str, Any]) -> tuple[str, ...]:
    stop = body.get("stop")
    if stop is None:
        return ()
    if isinstance(stop, str):
        stop = [stop]
    if not (isinstance(stop, list) and all(isinstance(s, str) and s for s in stop)):
        raise bad_request("must be a string or a list of non-empty strings", "stop")
    if len(stop) > MAX_STOP:
        raise bad_request(f"at most {MAX_STOP} stop sequences, got {len(stop)}", "stop")
    return tuple(stop)


def _int(body: dict[str, Any], name: str, default: int | None) -> int | None:
    value = body.get(name)
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f"must be an integer, got {_kind(value)}", name)
    return value


def _number(body: dict[str, Any], name: str) -> float | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value):
        raise bad_request(f"must be a number, got {_kind(value)}", name)
    return float(value)


def _bool(body: dict[str, Any], name: str, default: bool, param: str | None = None) -> bool:
    value = body.get(name)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise bad_request(f"must be true or false, got {_kind(value)}", param or name)
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    return "a list" if isinstance(value, list) else "an object"


# -- replies -------------------------------------------------------------------------------
@dataclass
class Reply:
    """One answered request, best candidate first."""

    id: str
    created: int
    model: str
    chat: bool
    choices: list[tuple[str, str | None]]  # (text, finish_reason), in the order returned
    usage: dict[str, int]
    star: dict[str, Any] | None = None  # the candidates, with `return_candidates`


def reply_body(reply: Reply) -> dict[str, Any]:
    choices = []
    for i, (text, finish) in enumerate(reply.choices):
        choice: dict[str, Any] = {"index": i, "finish_reason": finish or "stop",
                                  "logprobs": None}
        if reply.chat:
            choice["message"] = {"role": "assistant", "content": text}
        else:
            choice["text"] = text
        choices.append(choice)
    body = {"id": reply.id, "object": "chat.completion" if reply.chat else "text_completion",
            "created": reply.created, "model": reply.model, "choices": choices,
            "usage": reply.usage}
    if reply.star is not None:
        body["star"] = reply.star
    return body


def reply_chunks(reply: Reply, include_usage: bool) -> Iterator[bytes]:
    """The reply as server-sent events in OpenAI's chunk format: per choice its text (chat:
    the role first), then its finish reason; the `star` object rides on the last content
    chunk; with `include_usage` a last chunk with no choices and the usage; then [DONE]."""
    kind = "chat.completion.chunk" if reply.chat else "text_completion"
    head = {"id": reply.id, "object": kind, "created": reply.created, "model": reply.model}

    def event(choices: list[dict[str, Any]], **extra: Any) -> bytes:
        data = {**head, "choices": choices, **extra}
        if include_usage and "usage" not in data:
            data["usage"] = None
        return b"data: " + json.dumps(data, ensure_ascii=False).encode() + b"\n\n"

    last = len(reply.choices) - 1
    for i, (text, finish) in enumerate(reply.choices):
        if reply.chat:
            yield event([{"index": i, "delta": {"role": "assistant", "content": ""},
                          "logprobs": None, "finish_reason": None}])
            piece: dict[str, Any] = {"index": i, "delta": {"content": text}, "logprobs": None,
                                     "finish_reason": None}
            end: dict[str, Any] = {"index": i, "delta": {}, "logprobs": None,
                                   "finish_reason": finish or "stop"}
        else:
            piece = {"index": i, "text": text, "logprobs": None, "finish_reason": None}
            end = {"index": i, "text": "", "logprobs": None, "finish_reason": finish or "stop"}
        yield event([piece])
        extra = {"star": reply.star} if reply.star is not None and i == last else {}
        yield event([end], **extra)
    if include_usage:
        yield event([], usage=reply.usage)
    yield b"data: [DONE]\n\n"


__all__ = ["Reply", "ServedRequest", "StarOptions", "parse_body", "parse_request",
           "reply_body", "reply_chunks"]
