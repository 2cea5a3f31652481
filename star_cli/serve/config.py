"""`star serve`'s options, checked once, before a socket is bound or a model loaded.

The generator is either an OpenAI-compatible server (`generator_url`, `generator_model`: one
request with `n=k` per served request) or a local engine (`engine`, `model`: requests of
concurrent clients batched into one `Engine.generate` call). The verifier is always local
(`verifier`, `verifier_engine`), loaded by `star_cli.verifier.Verifier` exactly as
`star score` loads it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from star_cli.errors import UsageError

SELECTS = ("best", "weighted-majority", "majority")
VERIFIER_ENGINES = ("transformers", "vllm")


@dataclass
class ServeConfig:
    verifier: str
    task: str
    # The generator: an upstream server ...
    generator_url: list[str] = field(default_factory=list)
    generator_model: str | None = None
    generator_api_key: str | None = None
    # ... or a local engine.
    engine: str | None = None
    model: str | None = None
    engine_options: dict[str, Any] = field(default_factory=dict)
    checker: str | None = None  # --task generic: which checker reads the answers
    k: int = 8
    select: str = "best"
    # The verifier, as `star score` takes it.
    verifier_engine: str = "transformers"
    kind: str = "logprob"
    eos: bool = True
    dtype: str | None = None
    device: str | None = None
    batch_size: int = 16  # sequences per forward pass (transformers)
    verifier_options: dict[str, Any] = field(default_factory=dict)  # vllm's
    # HTTP.
    host: str = "127.0.0.1"
    port: int = 8000
    served_model_name: str | None = None
    # Batching and limits.
    batch_window: float = 0.005  # seconds a verifier batch waits for requests on their way
    max_batch: int = 64  # sequences per verifier call (a request larger than this goes alone)
    concurrency: int = 64  # generator calls in flight
    generator_timeout: float = 300.0  # seconds for one generator attempt, reply body included
    generator_retries: int = 2
    backoff: float = 0.25  # seconds before the first retry, doubled per retry
    # Sampling defaults for requests that do not say.
    temperature: float = 0.7
    top_p: float = 1.0
    max_tokens: int = 512
    # Traffic as traces.
    log: str | None = None
    iteration: int = 0
    shard_size: int = 1000
    log_rotate: float = 300.0  # seconds: a shard open this long is sealed (made readable)
    overwrite: bool = False
    shutdown_timeout: float = 30.0  # seconds in-flight requests get to finish on SIGTERM
    access_log: bool = False

    def check(self) -> None:
        """Every option's error, as the CLI reports it (UsageError, exit 2)."""
        from star_cli.verifier import KINDS

        upstream, local = bool(self.generator_url), self.engine is not None
        if upstream == local:
            raise UsageError("give one generator: --generator-url URL --generator-model NAME "
                             "(an OpenAI-compatible server), or --engine ENGINE --model MODEL")
        if upstream and not self.generator_model:
            raise UsageError("--generator-url needs --generator-model: the model name the "
                             "generator serves")
        if local and not self.model:
            raise UsageError(f"--engine {self.engine} needs --model")
        if not self.verifier:
            raise UsageError("--verifier: give the verifier model (a directory or Hub id)")
        if self.k < 1:
            raise UsageError(f"-k/--candidates must be at least 1, got {self.k}")
        if self.select not in SELECTS:
            raise UsageError(f"unknown --select {self.select!r}; choose from "
                             f"{', '.join(SELECTS)}")
        if self.verifier_engine not in VERIFIER_ENGINES:
            raise UsageError(f"unknown --verifier-engine {self.verifier_engine!r}; choose "
                             f"{' or '.join(VERIFIER_ENGINES)}")
        if self.kind not in KINDS:
            raise UsageError(f"unknown --kind {self.kind!r}; choose {' or '.join(KINDS)}")
        if self.kind == "reward-model" and self.verifier_engine != "transformers":
            raise UsageError("--kind reward-model scores with --verifier-engine transformers "
                             "only")
        _at_least(self.batch_size, 1, "--batch-size")
        _at_least(self.max_batch, 1, "--max-batch")
        _at_least(self.concurrency, 1, "--concurrency")
        _at_least(self.generator_retries, 0, "--generator-retries")
        _at_least(self.shard_size, 1, "--shard-size")
        _at_least(self.max_tokens, 1, "--max-tokens")
        if not 0 <= self.port <= 65535:
            raise UsageError(f"--port must be in 0..65535, got {self.port}")
        for name, value in (("--batch-window", self.batch_window), ("--backoff", self.backoff)):
            if not (math.isfinite(value) and value >= 0):
                raise UsageError(f"{name} must be a number of seconds >= 0, got {value}")
        for name, value in (("--generator-timeout", self.generator_timeout),
                            ("--log-rotate", self.log_rotate),
                            ("--shutdown-timeout", self.shutdown_timeout)):
            if not (math.isfinite(value) and value > 0):
                raise UsageError(f"{name} must be a positive number of seconds, got {value}")
        if not (math.isfinite(self.temperature) and self.temperature >= 0):
            raise UsageError(f"--temperature must be >= 0, got {self.temperature}")
        if not 0 < self.top_p <= 1:
            raise UsageError(f"--top-p must be in (0, 1], got {self.top_p}")
        self.load_task()  # an unknown task or checker fails here

    def load_task(self) -> Any:
        """The task preset whose rules read the answers (and cut the rationale)."""
        from star_cli.tasks import GenericOptions, get_task

        if self.checker is not None and self.task != "generic":
            raise UsageError("--checker goes with --task generic; a preset has its own checker")
        generic = GenericOptions(checker=self.checker or "numeric")
        return get_task(self.task, generic)

    @property
    def name(self) -> str:
        """The model name `/v1/models` lists and replies carry."""
        return self.served_model_name or self.generator_model or self.model or "star"

    @property
    def generator_name(self) -> str:
        """What the traces' `model` field says sampled them."""
        return (self.generator_model if self.generator_url else self.model) or ""

    def identity(self) -> dict[str, Any]:
        """What decides how a served request is sampled, scored and chosen: a traffic log
        (`--log OUT`) resumes only under the same (like every command's OUT)."""
        return {"generator": self.generator_name,
                "engine": "openai" if self.generator_url else self.engine,
                "task": self.task, "checker": self.checker, "k": self.k,
                "select": self.select, "verifier": self.verifier, "kind": self.kind,
                "verifier_engine": self.verifier_engine, "eos": self.eos, "dtype": self.dtype,
                "iteration": self.iteration}


def _at_least(value: int, low: int, name: str) -> None:
    if value < low:
        raise UsageError(f"{name} must be at least {low}, got {value}")


__all__ = ["SELECTS", "VERIFIER_ENGINES", "ServeConfig"]
