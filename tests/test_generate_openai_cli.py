"""`star generate --engine openai` against the local fake server, through the CLI."""

from __future__ import annotations

import json

from star_cli.cli import app
from tests.openai_server import FakeOpenAIServer, fake_openai_server  # noqa: F401


def test_generate_through_openai_server(runner, problems_file, fake_openai_server):  # noqa: F811
    server: FakeOpenAIServer = fake_openai_server
    server.script.extend([("status", 500), ("ok",)])
    result = runner.invoke(app, [
        "generate", str(problems_file), "--task", "gsm8k", "--engine", "openai",
        "--model", "served-model", "--base-url", server.url, "-n", "2", "--limit", "3",
        "--engine-arg", "backoff=0.01", "--engine-arg", "logprobs=true",
        "--engine-arg", "repetition_penalty=1.1", "--max-tokens", "64", "-o", "-", "-q",
    ])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(rows) == 6 and {r["model"] for r in rows} == {"served-model"}
    assert len(server.requests) == 4  # one 500, retried, then three problems
    body = server.requests[-1]
    assert body["model"] == "served-model" and body["n"] == 2 and body["max_tokens"] == 64
    assert body["logprobs"] == 0 and body["repetition_penalty"] == 1.1
    assert body["stop"] == ["\n\nQ:", "\nQ:"] and isinstance(body["seed"], int)
    assert "backoff" not in body


def test_client_error_exits_2_with_server_message(runner, problems_file,
                                                  fake_openai_server):  # noqa: F811
    server: FakeOpenAIServer = fake_openai_server
    server.default = ("status", 400, "model 'nope' does not exist")
    result = runner.invoke(app, [
        "generate", str(problems_file), "--task", "gsm8k", "--engine", "openai",
        "--model", "nope", "--base-url", server.url, "-o", "-", "-q",
    ])
    assert result.exit_code == 2
    assert "HTTP 400" in result.stderr and "model 'nope' does not exist" in result.stderr
    assert result.stdout == ""
