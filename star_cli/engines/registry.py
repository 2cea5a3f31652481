"""Find an engine class by name: built-ins, entry points, or `package.module:Class`."""

from __future__ import annotations

import importlib
import importlib.util
from importlib.metadata import entry_points

from star_cli.engines.base import Engine
from star_cli.errors import UsageError

ENTRY_POINT_GROUP = "star_cli.engines"

# Built-ins are named by path so that choosing one imports only its module.
BUILTIN: dict[str, str] = {
    "vllm": "star_cli.engines.vllm:VLLMEngine",
    "openai": "star_cli.engines.openai:OpenAIEngine",
    "transformers": "star_cli.engines.transformers:TransformersEngine",
}

# Engines registered at run time (tests register their scripted engine here).
_registered: dict[str, type[Engine]] = {}


def register(cls: type[Engine], name: str | None = None) -> type[Engine]:
    _registered[name or cls.name] = cls
    return cls


def unregister(name: str) -> None:
    _registered.pop(name, None)


def available() -> list[str]:
    names = set(BUILTIN) | set(_registered) | {"auto"}
    names |= {ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)}
    return sorted(names)


def resolve(name: str) -> type[Engine]:
    """The class for `name`; `auto` picks vllm where it can run, else transformers."""
    if name == "auto":
        name = "vllm" if _vllm_usable() else "transformers"
    if name in _registered:
        return _registered[name]
    if name in BUILTIN:
        return _load(BUILTIN[name], name)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if ep.name == name:
            return _check(ep.load(), name)
    if ":" in name:
        return _load(name, name)
    raise UsageError(
        f"unknown engine {name!r}; choose one of {', '.join(available())}, "
        "or give package.module:ClassName"
    )


def _load(spec: str, name: str) -> type[Engine]:
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        raise UsageError(f"engine {name!r}: cannot import module {module_name!r} ({e})") from None
    try:
        return _check(getattr(module, attr), name)
    except AttributeError:
        raise UsageError(f"engine {name!r}: module {module_name!r} has no {attr!r}") from None


def _check(obj: object, name: str) -> type[Engine]:
    if not (isinstance(obj, type) and issubclass(obj, Engine)):
        raise UsageError(f"engine {name!r} is not a subclass of star_cli.engines.Engine")
    return obj


def _vllm_usable() -> bool:
    """vllm importable and a CUDA device present, found without importing either."""
    if importlib.util.find_spec("vllm") is None or importlib.util.find_spec("torch") is None:
        return False
    import torch

    return bool(torch.cuda.is_available())
