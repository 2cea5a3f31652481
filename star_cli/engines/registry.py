"""Find an engine class by name: `star_cli.registry.ENGINES` (built-ins, engines registered at
run time, entry points of group `star_cli.engines`, or `package.module:Class`), plus `auto`."""

from __future__ import annotations

import importlib.util

from star_cli.engines.base import Engine
from star_cli.registry import ENGINES

AUTO = "auto"


def register(cls: type[Engine], name: str | None = None) -> type[Engine]:
    """Make `cls` available as `--engine NAME` (default: its `name`)."""
    return ENGINES.register(cls, name=name)


def unregister(name: str) -> None:
    ENGINES.unregister(name)


def available() -> list[str]:
    return [*ENGINES.names(), AUTO]


def resolve(name: str) -> type[Engine]:
    """The class for `name`; `auto` picks vllm where it can run, else transformers."""
    if name == AUTO:
        name = "vllm" if _vllm_usable() else "transformers"
    if name not in ENGINES and ":" not in name:
        raise ENGINES.unknown(name, available())
    return ENGINES.get(name)


def _vllm_usable() -> bool:
    """vllm importable and a CUDA device present, found without importing either."""
    if importlib.util.find_spec("vllm") is None or importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())
