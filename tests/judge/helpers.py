"""Helpers of the judge's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from star_cli.judge import JudgeConfig
from tests.judge.stub_server import StubJudgeServer

SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
GRADED = SHARED_DATA / "graded"


def config_for(server: StubJudgeServer | str, **options: Any) -> JudgeConfig:
    """A config for `server` with backoffs short enough for tests (no test times anything)."""
    url = server if isinstance(server, str) else server.url
    options.setdefault("backoff", 0.001)
    options.setdefault("retries", 2)
    options.setdefault("timeout", 10.0)
    return JudgeConfig(model=options.pop("model", "judge-model"), urls=(url,), **options)
