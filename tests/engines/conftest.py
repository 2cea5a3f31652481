"""Fixtures of the engine tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

import star_cli.engines.openai as openai_engine


class _RecordedAsyncio:
    """`asyncio` as the openai engine sees it, its sleeps (backoff, Retry-After) recorded:
    what the engine chose to wait is asserted, never the wall time it took."""

    def __init__(self) -> None:
        self.sleeps: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        self.sleeps.append(delay)
        return await asyncio.sleep(delay, result)


@pytest.fixture
def engine_sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The seconds each of the openai engine's retry pauses asked to sleep, in order."""
    recorded = _RecordedAsyncio()
    monkeypatch.setattr(openai_engine, "asyncio", recorded)
    yield recorded.sleeps
