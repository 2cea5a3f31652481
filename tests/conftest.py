"""Shared fixtures: the scripted engine, problem files, and the CLI runner."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from star_cli.engines import register, unregister
from tests.openai_server import FakeOpenAIServer
from tests.scripted import ScriptedEngine, arithmetic_problems

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"  # data files written by older star versions
FAKE_VLLM = TESTS / "fake_vllm"  # a stand-in `vllm` package (put on sys.path by tests)
SHARED_DATA = REPO.parent / "shared" / "data"

# The suite's own Hugging Face home, offline: a shared ~/.cache/huggingface would make results
# depend on earlier runs (datasets caches by name), and nothing may reach the Hub. Set at
# import, so subprocesses the tests start inherit it.
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="star-tests-hf-")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"


@pytest.fixture
def scripted() -> Iterator[type[ScriptedEngine]]:
    """Register the scripted engine as `--engine scripted`, with an empty queue."""
    ScriptedEngine.queue = []
    ScriptedEngine.seen = []
    ScriptedEngine.calls = 0
    register(ScriptedEngine)
    yield ScriptedEngine
    unregister("scripted")


@pytest.fixture
def problems_file(tmp_path: Path) -> Path:
    """Twelve GSM8K-format arithmetic problems the scripted oracle understands."""
    path = tmp_path / "problems.jsonl"
    write_jsonl(path, arithmetic_problems(12))
    return path


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    """A local OpenAI-compatible server (tests/openai_server.py), one per test."""
    with FakeOpenAIServer() as s:
        yield s


@pytest.fixture(autouse=True)
def no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's OPENAI_API_KEY never reaches a test: what is sent must not depend on it."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture
def offline_hf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may reach the Hub: the test's own HF_HOME (datasets' cache), and offline mode."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def read_out(out: Path) -> list[dict]:
    """Every record in a star output directory, shard by shard."""
    rows: list[dict] = []
    for shard in sorted((out / "data").glob("*.jsonl")):
        rows += read_jsonl(shard)
    return rows
