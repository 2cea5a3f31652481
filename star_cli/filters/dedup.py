"""Duplicate removal within each problem: exact (normalised text) and near (MinHash + LSH).

Traces arrive in canonical order, so the first of each duplicate group survives whatever
order the input files came in. Both steps read a problem's `Features` (filters/features.py),
computed once per trace while the input is read: the exact key of its normalised text, and
its MinHash signature (rensa's, a batch of traces at a time). Near duplicates are found by
LSH bands over the signatures, and each candidate is confirmed by its estimated Jaccard
similarity, so the threshold is what it says.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from star_cli.filters.base import Dropped, Features, GroupStep, Record
from star_cli.filters.features import NUM_PERM, exact_key, fmix


class KeyDedup(GroupStep):
    """Keep the first trace (in canonical order) of each key; drop the rest as `reason`. A
    subclass gives the key either from the features (`feature_key`, a step that uses them)
    or from the trace (`key`, read by `apply`)."""

    reason = "duplicate"

    def key(self, trace: Record) -> bytes:
        raise NotImplementedError

    def feature_key(self, features: Features, k: int) -> bytes:
        raise NotImplementedError

    def select(self, features: Features, order: Sequence[int]
               ) -> tuple[list[int], list[tuple[int, str]]]:
        return _first_of_each([self.feature_key(features, k) for k in order], order,
                              self.reason)

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        kept, dropped = _first_of_each([self.key(t) for t in traces], traces, self.reason)
        return kept, dropped


def _first_of_each(keys: Sequence[bytes], items: Sequence[Any], reason: str
                   ) -> tuple[list[Any], list[tuple[Any, str]]]:
    seen: set[bytes] = set()
    kept, dropped = [], []
    for key, item in zip(keys, items, strict=True):
        if key in seen:
            dropped.append((item, reason))
        else:
            seen.add(key)
            kept.append(item)
    return kept, dropped


class ExactDedup(KeyDedup):
    """Drop a problem's repeated rationales: the same text up to case and spacing."""

    name = "dedup_exact"
    reason = "exact_duplicate"
    uses = frozenset({"exact"})

    def key(self, trace: Record) -> bytes:
        return exact_key(trace)

    def feature_key(self, features: Features, k: int) -> bytes:
        return features.exact[k]


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
    uses = frozenset({"signature"})

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self.bands = bands_for(threshold, NUM_PERM)

    def select(self, features: Features, order: Sequence[int]
               ) -> tuple[list[int], list[tuple[int, str]]]:
        """Greedy in canonical order: a trace is dropped when a kept one shares an LSH band
        with it and is at least `threshold` similar. The candidate pairs (sharing a band)
        and their similarities are found for the whole problem at once."""
        order = list(order)
        if len(order) < 2:
            return order, []
        sigs = features.signatures[order]
        first, second = _band_pairs(_band_keys(sigs, self.bands))
        agree = (sigs[first] == sigs[second]).sum(axis=1) / NUM_PERM
        near = agree >= self.threshold
        earlier: dict[int, list[int]] = {}
        for a, b in zip(first[near].tolist(), second[near].tolist(), strict=True):
            earlier.setdefault(b, []).append(a)  # a < b: a comes first
        kept_flag = [True] * len(order)
        for i in sorted(earlier):
            for a in earlier[i]:
                if kept_flag[a]:
                    kept_flag[i] = False
                    break
        kept = [k for k, keep in zip(order, kept_flag, strict=True) if keep]
        dropped = [(k, "near_duplicate")
                   for k, keep in zip(order, kept_flag, strict=True) if not keep]
        return kept, dropped


def _band_pairs(keys: Any) -> tuple[Any, Any]:
    """Every pair (i, j), i < j, of rows that agree in some band (a column of `keys`),
    each pair once."""
    import numpy as np

    rows, bands = keys.shape
    # Every band at once: the keys band by band, sorted by band then key (stable: equal
    # keys of a band in row order), so each run is the rows that agree in one band.
    by_key = np.argsort(keys, axis=0, kind="stable")  # per band (column), its rows
    ordered = np.take_along_axis(keys, by_key, axis=0).T.ravel()
    order = (by_key.T + (np.arange(bands) * rows)[:, None]).ravel()  # band * rows + row
    in_band = np.repeat(np.arange(bands), rows)
    total = rows * bands
    starts = np.flatnonzero(np.concatenate([
        [True], (ordered[1:] != ordered[:-1]) | (in_band[1:] != in_band[:-1])]))
    sizes = np.diff(np.concatenate([starts, [total]]))
    if not total or sizes.max() < 2:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # Each row of a run pairs with the rows before it in the run.
    rank = np.arange(total) - np.repeat(starts, sizes)
    mates = np.repeat(np.arange(total), rank)
    partner = np.repeat(np.repeat(starts, sizes), rank) + (
        np.arange(len(mates)) - np.repeat(np.cumsum(rank) - rank, rank))
    row = order % rows
    a, b = row[partner], row[mates]
    pairs = np.unique(np.minimum(a, b) * rows + np.maximum(a, b))
    return pairs // rows, pairs % rows


def _band_keys(sigs: Any, bands: int) -> Any:
    """Each signature's bands, each as one uint64 (a polynomial of its values: equal
    bands, equal keys; two unequal bands share a key with chance 2^-64, and a candidate is
    confirmed by its similarity anyway)."""
    import numpy as np

    rows = sigs.shape[1] // bands
    coeffs = fmix(np.arange(1, rows + 1, dtype=np.uint64))
    grouped = sigs.reshape(len(sigs), bands, rows).astype(np.uint64)
    return (grouped * coeffs).sum(axis=2, dtype=np.uint64)


__all__ = ["ExactDedup", "KeyDedup", "MinHashDedup", "bands_for"]
