"""Fixtures of the star serve tests: the tiny verifier (once per session), the stub
generator, and `serve(...)`, which starts a server and stops it after the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from star_cli.serve import StarServer
from tests.openai_server import FakeOpenAIServer
from tests.serve.helpers import Running, Stub, config
from tests.tiny_model import tiny_model_dir  # noqa: F401

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("torch")
pytest.importorskip("transformers")


@pytest.fixture(scope="session")
def verifier(tiny_model_dir: Path) -> Iterator[Any]:  # noqa: F811
    from star_cli.verifier import Verifier

    with Verifier(str(tiny_model_dir)) as v:
        yield v


@pytest.fixture
def stub() -> Iterator[Stub]:
    with FakeOpenAIServer() as server:
        yield Stub(server)


@pytest.fixture
def serve(tiny_model_dir: Path, verifier: Any,  # noqa: F811
          stub: Stub) -> Iterator[Callable[..., Running]]:
    """serve(**options) -> a running server over the stub generator, sharing the loaded
    verifier (`verifier=` replaces it: a wrapper, say); stopped after the test."""
    started: list[Running] = []

    def start(*, verifier_instance: Any = verifier, generator: str | None = "stub",
              engine_instance: Any = None, **options: Any) -> Running:
        url = stub.url if generator == "stub" else generator
        cfg = config(str(tiny_model_dir), url, **options)
        running = Running(StarServer(cfg, verifier=verifier_instance, engine=engine_instance))
        started.append(running)
        return running.__enter__()

    yield start
    for running in started:
        running.__exit__(None, None, None)
