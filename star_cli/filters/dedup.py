"""Duplicate removal within each problem: exact (normalised text) and near (MinHash + LSH).

Traces arrive in canonical order, so the first of each duplicate group survives whatever
order the input files came in. Near duplicates use rensa's MinHash and LSH (Rust; about
50x faster than datasketch's per document here, measured in bench/filter.py), with each LSH
candidate confirmed by its estimated Jaccard similarity, so the threshold is what it says.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from star_cli.filters.base import Dropped, GroupStep, Record
from star_cli.filters.quality import text_of
from star_cli.io.files import replace_surrogates
from star_cli.records import utf8

SHINGLE = 3  # words per shingle
NUM_PERM = 128
SEED = 1234


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def exact_key(trace: Record) -> bytes:
    """Two traces with the same key are the same rationale up to case and spacing."""
    return hashlib.blake2b(utf8(normalised(text_of(trace))), digest_size=16).digest()


class KeyDedup(GroupStep):
    """Keep the first trace (in canonical order) of each `key`; drop the rest as `reason`."""

    reason = "duplicate"

    def key(self, trace: Record) -> bytes:
        raise NotImplementedError

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        seen: set[bytes] = set()
        kept, dropped = [], []
        for t in traces:
            key = self.key(t)
            if key in seen:
                dropped.append((t, self.reason))
            else:
                seen.add(key)
                kept.append(t)
        return kept, dropped


class ExactDedup(KeyDedup):
    """Drop a problem's repeated rationales: the same text up to case and spacing."""

    name = "dedup_exact"
    reason = "exact_duplicate"

    def key(self, trace: Record) -> bytes:
        return exact_key(trace)


def shingles(text: str, k: int = SHINGLE) -> list[str]:
    """Lower-cased, whitespace-split word k-grams (with repeats: MinHash sees a set)."""
    words = text.lower().split()
    if len(words) <= k:
        return [" ".join(words)]
    return [" ".join(gram) for gram in zip(*(words[i:] for i in range(k)), strict=False)]


@functools.lru_cache(maxsize=4096)
def minhash(text: str) -> Any:
    """rensa's MinHash of the text's shingles; cached, as several steps compare the same
    traces of a problem (4,096 covers the largest problem a run is likely to hold)."""
    import rensa

    mh = rensa.RMinHash(num_perm=NUM_PERM, seed=SEED)
    # rensa takes valid UTF-8 only: a lone surrogate counts as U+FFFD for similarity.
    mh.update(shingles(replace_surrogates(text)[0]))
    return mh


@functools.lru_cache(maxsize=4096)
def digest(text: str) -> np.ndarray:
    return np.asarray(minhash(text).digest(), dtype=np.uint64)


def similarity(text: str, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of `text` to each row of a digest matrix."""
    if len(others) == 0:
        return np.zeros(0)
    return (others == digest(text)[None, :]).mean(axis=1)


def bands_for(threshold: float, num_perm: int = NUM_PERM) -> int:
    """LSH bands: the divisor of num_perm whose S-curve midpoint (1/b)^(1/r) sits just below
    the threshold, so near duplicates are found (recall) and then confirmed (precision)."""
    target = max(0.05, threshold - 0.1)
    divisors = [b for b in range(1, num_perm + 1) if num_perm % b == 0]
    return min(divisors, key=lambda b: abs((1 / b) ** (b / num_perm) - target))


class MinHashDedup(GroupStep):
    """Drop a problem's near-duplicate rationales: MinHash + LSH, confirmed by estimated Jaccard
    similarity >= threshold."""

    name = "dedup_minhash"

    def __init__(self, threshold: float = 0.8) -> None:
        import rensa  # deferred: only this step needs it

        self.rensa: Any = rensa
        self.threshold = threshold
        self.bands = bands_for(threshold, NUM_PERM)

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        lsh = self.rensa.RMinHashLSH(threshold=self.threshold, num_perm=NUM_PERM,
                                     num_bands=self.bands)
        kept: list[Record] = []
        signatures: list[Any] = []
        dropped: Dropped = []
        for t in traces:
            mh = minhash(text_of(t))
            if any(mh.jaccard(signatures[c]) >= self.threshold for c in lsh.query(mh)):
                dropped.append((t, "near_duplicate"))
                continue
            lsh.insert(len(signatures), mh)
            signatures.append(mh)
            kept.append(t)
        return kept, dropped
