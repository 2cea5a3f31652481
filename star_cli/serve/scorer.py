"""The verifier behind a batcher: the (prompt, rationale) pairs of concurrent requests scored
together by `Verifier.score_pairs`, the same call `star score` makes, on one worker thread."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from typing import Any

from star_cli.serve.batcher import Batcher, BatchHook
from star_cli.serve.errors import VerifierError


class Scorer:
    def __init__(self, model: str, *, engine: str = "transformers", kind: str = "logprob",
                 eos: bool = True, dtype: str | None = None, device: str | None = None,
                 batch_size: int = 16, options: dict[str, Any] | None = None,
                 window: float = 0.005, max_items: int = 64,
                 on_batch: BatchHook | None = None, instance: Any = None) -> None:
        self.model = model
        self._build = dict(engine=engine, kind=kind, eos=eos, dtype=dtype, device=device,
                           batch_size=batch_size, **(options or {}))
        self.verifier: Any = instance  # a Verifier already loaded (tests, library callers)
        self._owned = instance is None  # one handed in is its owner's to close
        self.batcher: Batcher[Any, Any] = Batcher(self._score, window=window,
                                                  max_items=max_items, name="verifier",
                                                  on_batch=on_batch)

    def start(self) -> None:
        self.batcher.start()

    async def load(self) -> None:
        """Load the verifier on the thread that will run it."""
        if self.verifier is None:
            from star_cli.verifier import Verifier

            self.verifier = await self.batcher.run(lambda: Verifier(self.model, **self._build))

    @contextlib.contextmanager
    def expecting(self) -> Iterator[None]:
        with self.batcher.expecting():
            yield

    async def score(self, pairs: Sequence[tuple[Any, Any]]) -> list[Any]:
        """One `Score(value, tokens)` per pair, or a VerifierError: a candidate is never
        returned unscored, nor with a score that is not a number."""
        try:
            scores = await self.batcher.submit(list(pairs))
        except VerifierError:
            raise
        except Exception as e:  # noqa: BLE001 - this request fails; the server goes on
            raise VerifierError(f"the verifier could not score the candidates: "
                                f"{_first_line(e)}") from None
        bad = [i for i, s in enumerate(scores) if not math.isfinite(s.value)]
        if bad:
            raise VerifierError(f"the verifier gave candidate {bad[0]} the score "
                                f"{scores[bad[0]].value}, not a finite number")
        return scores

    def _score(self, pairs: list[Any]) -> list[Any]:
        if self.verifier is None:
            raise VerifierError("the verifier is not loaded")
        return self.verifier.score_pairs(pairs)

    async def close(self) -> None:
        await self.batcher.close()
        if self.verifier is not None and self._owned:
            self.verifier.close()
            self.verifier = None


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


__all__ = ["Scorer"]
