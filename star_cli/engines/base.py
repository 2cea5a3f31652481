"""The engine interface: a batch of requests in, n completions per request out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, ClassVar

from star_cli.records import Prompt

# How an engine's sampling is seeded. "request": every request carries its own seed (each
# problem's, derived from --seed), so its random draws do not depend on its batch.
# "engine": the engine is seeded once with --seed and requests carry none; cheaper where the
# engine draws per-request noise one request at a time (vLLM), but the samples depend on the
# batches. `Sampling.seed` is the seed actually used: the problem's, or the engine's.
SEED_MODES = ("engine", "request")


@dataclass(frozen=True)
class Sampling:
    """Sampling parameters as every engine understands them."""

    n: int = 1
    temperature: float = 0.7
    top_p: float = 1.0
    max_tokens: int = 512
    stop: tuple[str, ...] = ()
    seed: int | None = None
    seed_mode: str = "request"  # see SEED_MODES

    def __post_init__(self) -> None:
        if self.seed_mode not in SEED_MODES:
            raise ValueError(f"seed_mode must be one of {SEED_MODES}, got {self.seed_mode!r}")

    def with_seed(self, seed: int | None) -> Sampling:
        return replace(self, seed=seed)

    def for_problem(self, seed: int | None) -> Sampling:
        """One problem's sampling: its own `seed` in "request" mode; in "engine" mode the
        engine's seed (this one) is what seeds it, so the record keeps that."""
        return self if self.seed_mode == "engine" else replace(self, seed=seed)

    def record(self) -> dict[str, Any]:
        """What goes into a trace's `sampling` field."""
        d = asdict(self)
        d.pop("stop")
        d.pop("n")
        return d


@dataclass(frozen=True)
class Request:
    prompt: Prompt  # text for completion models, a message list for chat
    sampling: Sampling


@dataclass(frozen=True)
class Completion:
    text: str
    finish_reason: str | None = None  # "stop" or "length"
    tokens: int | None = None
    logprob: float | None = None  # cumulative log-probability, when the engine reports it


class Engine(ABC):
    """Subclass, set `name`, implement `generate`. Options arrive as keyword arguments.

    `generate` must return, for each request in order, exactly `request.sampling.n`
    completions. It is called from a worker thread while the caller checks and writes the
    previous batch, so it must not touch shared state outside the engine.
    """

    name: ClassVar[str] = ""
    # The seed modes the engine implements, its default first. An engine listing "engine"
    # gets `seed` (the global seed) as an option, to seed itself with once.
    seed_modes: ClassVar[tuple[str, ...]] = ("request",)

    def __init__(self, model: str, **options: Any) -> None:
        self.model = model
        self.options = options

    @abstractmethod
    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]: ...

    def close(self) -> None:  # noqa: B027 - an optional hook, not abstract
        """Free what the engine holds (GPU memory, connections)."""


def require_module(module: str, engine: str, install: str) -> Any:
    """Import an engine's backing package, or fail with the command that installs it."""
    import importlib

    from star_cli.errors import EngineError

    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise EngineError(
            f"engine {engine!r} needs the {module!r} package, which is not importable ({e}); "
            f"install it with: pip install {install}"
        ) from None
