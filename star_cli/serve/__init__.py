"""`star serve`: a trained verifier deployed as an OpenAI-compatible Best-of-k endpoint.

    from star_cli.serve import ServeConfig, StarServer

    config = ServeConfig(verifier="runs/verifier", task="gsm8k", k=8, select="best",
                         generator_url=["http://localhost:8001/v1"], generator_model="gen")
    StarServer(config).run()      # or create_app(config) for any ASGI server

Modules: config (options), protocol (the OpenAI wire format), errors (OpenAI error objects),
batcher (cross-request batches for a blocking model call), generator (upstream server or
local engine), scorer (the verifier), traces (candidates as star traces), selection (star
select's rules), metrics (Prometheus text), traffic (`--log OUT`), service (one request's
Best-of-k), app (the FastAPI routes), runner (uvicorn, signals, graceful shutdown).
FastAPI and uvicorn are imported only when an app is built or run (`star-cli[serve]`).
"""

from __future__ import annotations

from typing import Any

from star_cli.serve.config import SELECTS, ServeConfig

_LAZY = {"StarServer": "star_cli.serve.runner", "create_app": "star_cli.serve.app"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'star_cli.serve' has no attribute {name!r}")


__all__ = ["SELECTS", "ServeConfig", "StarServer", "create_app"]
