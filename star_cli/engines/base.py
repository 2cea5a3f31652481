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
    # Tokens of the thought (`<think>...</think>`), when the engine was told (an OpenAI server's
    # usage.completion_tokens_details.reasoning_tokens); None: count them with `count_tokens`.
    thinking_tokens: int | None = None


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
    # The backend that scores completions under this engine's models (a verifier's
    # log-likelihood): "module:Class" of a `star_cli.engines.scoring.Scorer`, or None.
    scorer: ClassVar[str | None] = None

    def __init__(self, model: str, **options: Any) -> None:
        self.model = model
        self.options = options

    @abstractmethod
    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]: ...

    def count_tokens(self, text: str) -> int | None:
        """Tokens of `text` under the model's tokenizer, without special tokens (a thought's
        length, say); None where the engine has no tokenizer at hand (a remote server)."""
        return None

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


# Arguments of the chat template call that star sets itself: a template variable of the same
# name would change how the prompt is built (or fail), not what the template sees.
RESERVED_TEMPLATE_KWARGS = frozenset({
    "conversation", "messages", "add_generation_prompt", "continue_final_message", "tokenize",
    "chat_template", "return_dict", "return_tensors",
})


def template_kwargs(*given: Any, engine: str) -> dict[str, Any]:
    """An engine's chat_template_kwargs, merged from where they came (--engine-arg, then the
    option, which wins), each checked: a JSON object whose keys star does not set itself."""
    from star_cli.errors import UsageError

    out: dict[str, Any] = {}
    for value in given:
        if value is None:
            continue
        if not isinstance(value, dict):
            raise UsageError(f"engine {engine!r}: chat_template_kwargs must be a JSON object "
                             f"(--chat-template-kwarg KEY=VALUE), got {value!r}")
        out.update(value)
    reserved = sorted(RESERVED_TEMPLATE_KWARGS & out.keys())
    if reserved:
        raise UsageError(f"--chat-template-kwarg {reserved[0]}: star sets this argument of the "
                         "chat template itself; pass only the template's own variables "
                         "(enable_thinking=false, say)")
    return out
