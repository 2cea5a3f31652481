"""Duplicate removal within each problem: exact (normalised text) and near (MinHash + LSH).

Traces arrive in canonical order, so the first of each duplicate group survives whatever
order the input files came in. Near duplicates use rensa's MinHash and LSH (Rust; about
50x faster than datasketch's per document here, measured in bench/filter.py), with each LSH
candidate confirmed by its estimated Jaccard similarity, so the threshold is what it says.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Sequence
from typing import Any

from star_cli.filters.base import Dropped, GroupStep, Record
from star_cli.filters.quality import text_of

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
SHINGLE = 3  # words per shingle
NUM_PERM = 128
SEED = 1234


def normalised(text: str) -> str:
    return _SPACE.sub(" ", text.strip().lower())


class ExactDedup(GroupStep):
    name = "dedup_exact"

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        seen: set[bytes] = set()
        kept, dropped = [], []
        for t in traces:
            key = hashlib.blake2b(normalised(text_of(t)).encode(), digest_size=16).digest()
            if key in seen:
                dropped.append((t, "exact_duplicate"))
            else:
                seen.add(key)
                kept.append(t)
        return kept, dropped


@functools.lru_cache(maxsize=65536)
def shingles(text: str, k: int = SHINGLE) -> frozenset[str]:
    """Lower-cased word k-grams: the set MinHash and the diversity steps compare."""
    words = _WORD.findall(text.lower())
    if len(words) <= k:
        return frozenset([" ".join(words)])
    return frozenset(" ".join(words[i : i + k]) for i in range(len(words) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def bands_for(threshold: float, num_perm: int = NUM_PERM) -> int:
    """LSH bands: the divisor of num_perm whose S-curve midpoint (1/b)^(1/r) sits just below
    the threshold, so near duplicates are found (recall) and then confirmed (precision)."""
    target = max(0.05, threshold - 0.1)
    divisors = [b for b in range(1, num_perm + 1) if num_perm % b == 0]
    return min(divisors, key=lambda b: abs((1 / b) ** (b / num_perm) - target))


class MinHashDedup(GroupStep):
    name = "dedup_minhash"

    def __init__(self, threshold: float = 0.8, num_perm: int = NUM_PERM) -> None:
        import rensa  # deferred: only this step needs it

        self.rensa: Any = rensa
        self.threshold, self.num_perm = threshold, num_perm
        self.bands = bands_for(threshold, num_perm)

    def signature(self, text: str) -> Any:
        mh = self.rensa.RMinHash(num_perm=self.num_perm, seed=SEED)
        mh.update(list(shingles(text)))
        return mh

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        lsh = self.rensa.RMinHashLSH(threshold=self.threshold, num_perm=self.num_perm,
                                     num_bands=self.bands)
        kept: list[Record] = []
        signatures: list[Any] = []
        dropped: Dropped = []
        for t in traces:
            mh = self.signature(text_of(t))
            if any(mh.jaccard(signatures[c]) >= self.threshold for c in lsh.query(mh)):
                dropped.append((t, "near_duplicate"))
                continue
            lsh.insert(len(signatures), mh)
            signatures.append(mh)
            kept.append(t)
        return kept, dropped
