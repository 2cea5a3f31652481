"""Fixtures of the judge's tests: a stub judge server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.judge.stub_server import StubJudgeServer


@pytest.fixture
def stub() -> Iterator[StubJudgeServer]:
    """A stub judge that says Yes to everything until told otherwise."""
    with StubJudgeServer() as server:
        yield server
