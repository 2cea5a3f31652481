"""`star generate --engine openai` against the local fake server, through the CLI."""

from __future__ import annotations

import json

import pytest

from star_cli.cli import app
from tests.conftest import read_out
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


# -- a misbehaving server: a clear one-line error, no junk sample, no "complete" -------------

FAULTS = [
    (("text_null",), "'choices[0].text' is null"),
    (("text_missing",), "'choices[0].text' is missing"),
    (("finish", "error"), "'choices[0].finish_reason' is 'error'"),
    (("non_json",), "not JSON"),
    (("choices_strings",), "'choices[0]' must be an object"),
    (("index_null",), "'choices[0].index' must be an integer, got null"),
]


def _generate(runner, problems_file, server, out, *extra):
    return runner.invoke(app, [
        "generate", str(problems_file), "--task", "gsm8k", "--engine", "openai",
        "--model", "m", "--base-url", server.url, "-n", "2", "--limit", "3",
        "--engine-arg", "backoff=0.01", "--engine-arg", "max_retries=1", "-o", str(out), "-q",
        *extra,
    ])


def _assert_failed(result, server, said, out):
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("star: error:")]
    assert len(errors) == 1 and server.url in errors[0] and said in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads((out / "manifest.json").read_text())["status"] == "failed"


@pytest.mark.parametrize(("fault", "said"), FAULTS)
def test_bad_reply_fails_cleanly(runner, problems_file, fake_openai_server,  # noqa: F811
                                 tmp_path, fault, said):
    server: FakeOpenAIServer = fake_openai_server
    server.default = fault
    out = tmp_path / "out"
    _assert_failed(_generate(runner, problems_file, server, out), server, said, out)
    assert read_out(out) == []


def test_trickling_server_hits_the_deadline(runner, problems_file, fake_openai_server,  # noqa: F811
                                            tmp_path):
    server: FakeOpenAIServer = fake_openai_server
    server.default = ("trickle", 0.3)  # the whole body would take minutes: the deadline ends it
    out = tmp_path / "out"
    result = _generate(runner, problems_file, server, out, "--engine-arg", "timeout=1")
    _assert_failed(result, server, "within the 1 s deadline", out)
    assert read_out(out) == []


def test_failed_run_keeps_good_samples_and_resumes(runner, problems_file,
                                                   fake_openai_server, tmp_path):  # noqa: F811
    server: FakeOpenAIServer = fake_openai_server
    server.script.append(("ok",))  # the first problem's request; then the text goes missing
    server.default = ("text_null",)
    out = tmp_path / "out"
    first = _generate(runner, problems_file, server, out, "--chunk-size", "1")
    _assert_failed(first, server, "'choices[0].text' is null", out)
    kept = read_out(out)
    # The first problem's two samples; nothing from the reply without text.
    assert len(kept) == 2 and all(r["completion"] for r in kept)

    server.default = ("ok",)
    again = _generate(runner, problems_file, server, out, "--chunk-size", "1")
    assert again.exit_code == 0, again.stderr
    rows = read_out(out)
    assert len(rows) == 6 and all(r["completion"] for r in rows)
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_retry_after_through_the_cli(runner, problems_file, fake_openai_server,  # noqa: F811
                                     tmp_path, engine_sleeps):
    server: FakeOpenAIServer = fake_openai_server
    server.script.append(("retry_after", 429, "1"))
    result = _generate(runner, problems_file, server, tmp_path / "out", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    # the server's second, not the 0.01 s backoff (jitter is upwards only)
    assert len(engine_sleeps) == 1 and 1.0 <= engine_sleeps[0] <= 1.1
    assert len(read_out(tmp_path / "out")) == 2
