"""The gym scorer's worker process (`python -m star_cli.gym.worker`, started by score.py).

A family's `score_answer` runs on model output and is reasoning-gym's code, not star's: it can
loop (simulating a puzzle from a hostile move list), eat memory or raise. Here it runs in a
process that star_cli.answers.pool kills at the deadline. reasoning_gym is imported before the
worker reports ready, so its import is not part of any check's deadline.

Request: {"family", "config", "seed", "entry", "types", "answer"} (a row's `gym` part and the
answer); reply: the score as a float. The entry gets back the tuples, sets and int keys the
generator made (jsonsafe.restore) before the scorer sees it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import sys
from typing import Any

import reasoning_gym  # noqa: F401 - imported at start, not inside the first check's deadline

from star_cli.gym.families import create, parse_config
from star_cli.gym.jsonsafe import restore


@functools.lru_cache(maxsize=64)
def _dataset(family: str, config: str, seed: int) -> Any:
    # size 1: some families build `size` items up front; scoring needs none of them
    return create(family, seed=seed, size=1, config=parse_config(family, json.loads(config)))


def handle(request: dict[str, Any]) -> float:
    entry = restore(request["entry"], request.get("types") or {})
    # stdout carries the replies: anything a family prints goes to stderr instead
    with contextlib.redirect_stdout(sys.stderr):
        dataset = _dataset(request["family"], json.dumps(request["config"], sort_keys=True),
                           int(request["seed"]))
        score = float(dataset.score_answer(request["answer"], entry))
    if not math.isfinite(score):
        raise ValueError(f"the scorer returned {score}")
    return score


if __name__ == "__main__":
    from star_cli.answers.pool import serve

    serve(handle)
