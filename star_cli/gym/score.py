"""Scoring an answer to a gym row with its family's own scorer, in a worker with a deadline.

Everything the scorer needs is in the row's `gym` part (family, config, seed, the entry's
answer and metadata), so a trace file alone can be re-checked later, in another process:
the worker rebuilds the family's dataset from the stored config and calls
`score_answer(answer, entry)` on the stored entry. A trace is correct only when the score is
exactly 1.0: reasoning-gym's default scorers give partial credit (an answer that contains the
gold scores len(gold)/len(answer)), which is a reward, not a verdict.
"""

from __future__ import annotations

import atexit
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from star_cli.answers import pool
from star_cli.errors import UsageError
from star_cli.gym.families import family_info, refuse_broken

# Scorers are string and list work, milliseconds; the first check of a family in a worker
# also builds its dataset (0.5 s at most, arc_agi's, on a loaded 2-core machine; 1.4 s for
# all 105). A scorer past this is looping on the answer.
DEFAULT_TIMEOUT = 10.0
WORKER = "star_cli.gym.worker"

# reasoning_gym.utils.extract_answer's pattern: the last <answer>...</answer>, one optional
# whitespace character trimmed inside each tag, then stripped (tests/gym compares the two).
_ANSWER = re.compile(r"<answer>\s?(.*?)\s?</answer>", re.DOTALL)


@dataclass(frozen=True)
class GymScore:
    """The family scorer's verdict. `score` is what it returned (None when it did not run
    to the end: timeout or error); `reason` is match (score 1.0), mismatch, no_answer,
    timeout or error; `detail` says what failed."""

    score: float | None
    correct: bool
    reason: str
    detail: str | None = None


def extract_answer(completion: str) -> str | None:
    """The text of the last `<answer>…</answer>`, stripped; None when there is none."""
    matches = list(_ANSWER.finditer(completion))
    return matches[-1].group(1).strip() if matches else None


def score_answer(row_gym: Mapping[str, Any], answer: str | None, *,
                 timeout: float = DEFAULT_TIMEOUT,
                 workers: pool.WorkerPool | None = None,
                 allow_broken: bool = False) -> GymScore:
    """Score `answer` (already extracted; None: none was given) against the row. A family
    star refuses (BROKEN) raises UsageError with the reason unless `allow_broken` (for the
    measurements that keep BROKEN true); an unknown family raises UsageError."""
    family = row_gym.get("family")
    if not isinstance(family, str):
        raise UsageError("a gym row needs gym.family (make rows with star problems gym:NAME)")
    family_info(family)
    if not allow_broken:
        refuse_broken(family)
    if answer is None:
        return GymScore(0.0, False, "no_answer")
    request = {
        "family": family,
        "config": row_gym.get("config") or {},
        "seed": row_gym.get("seed", 0),
        "entry": row_gym.get("entry") or {},
        "types": row_gym.get("types") or {},
        "answer": answer,
    }
    try:
        score = (workers or default_workers()).call(request, timeout)
    except pool.Timeout:
        return GymScore(None, False, "timeout", f"no score within {timeout:g} s")
    except pool.WorkerError as e:
        return GymScore(None, False, "error", str(e))
    if score == 1.0:
        return GymScore(1.0, True, "match")
    return GymScore(score, False, "mismatch")


def score_completion(row_gym: Mapping[str, Any], completion: str,
                     **kwargs: Any) -> tuple[str | None, GymScore]:
    """(the extracted answer, its score)."""
    answer = extract_answer(completion)
    return answer, score_answer(row_gym, answer, **kwargs)


def make_workers(size: int | None = None) -> pool.WorkerPool:
    """A pool of gym scorer workers (one per core by default); close() it when done."""
    return pool.WorkerPool(size, module=WORKER)


_default: pool.WorkerPool | None = None
_default_lock = threading.Lock()


def default_workers() -> pool.WorkerPool:
    """The process-wide gym worker pool (one worker per core), started on first use and
    closed at exit. `call` is safe from many threads: one thread per worker keeps them all
    busy."""
    global _default
    with _default_lock:
        if _default is None:
            _default = make_workers(os.cpu_count())
            atexit.register(_default.close)
        return _default


def _after_fork_in_child() -> None:
    # the lock may have been held by a parent thread that does not exist here; the pool
    # itself drops the parent's workers at the fork (answers/pool.py)
    global _default_lock
    _default_lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)
