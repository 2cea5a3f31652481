"""Running `star serve` in a test: the server on a thread of this process (the tiny verifier
loaded once per session and shared), a stub generator (tests/openai_server.py) whose
candidates a test sets, and the answers the verifier should pick, computed without star."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from typing import Any

import httpx

from star_cli.serve import ServeConfig, StarServer
from tests.openai_server import FakeOpenAIServer

# Candidates with answers (numeric checker): two say 5, one 6, one 7.
TEXTS = [" 2 + 3 = 5. The answer is 5.", " 2 + 3 = 6. The answer is 6.",
         " The answer is 5.", " I think it is 7."]


class Stub:
    """The stub generator: choice i of a reply gets `texts[i % len(texts)]`."""

    def __init__(self, server: FakeOpenAIServer, texts: Sequence[str] = TEXTS) -> None:
        self.server = server
        self.texts = list(texts)
        server.default = ("mutate", self._mutate)

    @property
    def url(self) -> str:
        return self.server.url

    def _mutate(self, data: dict[str, Any]) -> dict[str, Any]:
        for i, c in enumerate(data["choices"]):
            text = self.texts[i % len(self.texts)]
            if isinstance(c.get("message"), dict):
                c["message"]["content"] = text
            else:
                c["text"] = text
        return data


class Running:
    """A StarServer on a thread, ready (verifier loaded) on entry, stopped on exit."""

    def __init__(self, server: StarServer) -> None:
        self.server = server
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="star-serve-test", daemon=True)

    def _run(self) -> None:
        try:
            self.server.run()
        except BaseException as e:  # noqa: BLE001 - the test reads it
            self.error = e

    def __enter__(self) -> Running:
        self.server.bind()
        self.port = self.server.port
        self.thread.start()
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.error is not None or not self.thread.is_alive():
                raise RuntimeError(f"server stopped: {self.error!r}")
            try:
                if httpx.get(self.base + "/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.02)
        raise TimeoutError("server not ready")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.base + "/v1"

    @property
    def state(self) -> Any:
        return self.server.app.state.star

    def stop(self, timeout: float = 30.0) -> None:
        self.server.stop()
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "server did not stop"

    def __exit__(self, *exc: object) -> None:
        if self.thread.is_alive():
            self.stop()

    def post(self, path: str, body: Any, **kwargs: Any) -> httpx.Response:
        return httpx.post(self.url + path, json=body, timeout=60, **kwargs)


def config(verifier: str, generator: str | None, **overrides: Any) -> ServeConfig:
    base: dict[str, Any] = dict(verifier=verifier, task="gsm8k", port=0, k=4)
    if generator is not None:
        base |= dict(generator_url=[generator], generator_model="stub-gen", backoff=0.01)
    return ServeConfig(**(base | overrides))


def ranked(scores: Sequence[float]) -> list[int]:
    """Candidates by descending score, a tie to the first: what --select best returns."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))
