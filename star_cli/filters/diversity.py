"""Diversity within a problem: RFT's distinct reasoning paths, and a cap of K per problem.

RFT (Yuan et al. 2023) found that distinct reasoning paths, not samples, drive what
fine-tuning gains; two paths are the same when they make the same list of calculations.
`Equations` keeps one trace per list, the one most different from those already kept.
`MaxPerProblem` keeps at most K, chosen greedily to be as different from each other as
possible (farthest-point on MinHash-estimated Jaccard similarity). Both see traces in canonical
order and break ties by it, so the result does not depend on input order. `PathStats` counts
the distinct paths per problem of what a run keeps, RFT's measure of a set's diversity.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from star_cli.filters.base import Features, GroupStep, Record
from star_cli.filters.features import (
    exact_key,
    is_code,
    path_digest,
    program_key,
    similarity,
    text_of,
)


class Equations(GroupStep):
    """One trace per distinct list of calculations; a trace without any is its own path."""

    name = "diversity_equations"
    uses = frozenset({"paths", "signature"})

    def select(self, features: Features, order: Sequence[int]
               ) -> tuple[list[int], list[tuple[int, str]]]:
        groups: dict[bytes, list[int]] = {}
        singles: list[int] = []
        for k in order:
            key = features.paths[k]
            if key:
                groups.setdefault(key, []).append(k)
            else:
                singles.append(k)  # CSQA-style prose: no calculations to compare
        kept: list[int] = []
        dropped: list[tuple[int, str]] = []
        sigs = features.signatures
        for members in groups.values():  # in order of first appearance: canonical
            best = members[0]
            if len(members) > 1:  # the member least like what is kept; min keeps the first tie
                chosen = sigs[kept] if kept else sigs[:0]
                best = min(members, key=lambda k: _closest(sigs[k], chosen))
            kept.append(best)
            dropped += [(k, "same_equations") for k in members if k != best]
        position = {k: n for n, k in enumerate(order)}
        return sorted(kept + singles, key=position.__getitem__), dropped


def _closest(signature: Any, chosen: Any) -> float:
    """The highest estimated similarity (MinHash Jaccard) to any chosen trace; 0 if none."""
    return float(similarity(signature, chosen).max()) if len(chosen) else 0.0


class MaxPerProblem(GroupStep):
    """Keep at most k traces per problem, the most different reasoning paths first."""

    name = "max_per_problem"
    uses = frozenset({"signature"})

    def __init__(self, k: int) -> None:
        self.k = k

    def select(self, features: Features, order: Sequence[int]
               ) -> tuple[list[int], list[tuple[int, str]]]:
        import numpy as np

        order = list(order)
        if len(order) <= self.k:
            return order, []
        matrix = features.signatures[order]
        closest = np.full(len(order), -1.0)  # each trace's similarity to its nearest chosen
        picked = [0]
        while len(picked) < self.k:
            closest = np.maximum(closest, (matrix == matrix[picked[-1]]).mean(axis=1))
            closest[picked] = np.inf
            picked.append(int(np.argmin(closest)))  # argmin keeps the first tie: canonical
        chosen = set(picked)
        kept = [order[i] for i in sorted(picked)]
        return kept, [(k, "max_per_problem") for i, k in enumerate(order) if i not in chosen]


PathKey = bytes


def path_key(trace: Record) -> PathKey:
    """RFT's reasoning path: the list of calculations; a rationale without any (prose) is a
    path of its own unless it is the same text, up to case and spacing, as exact dedup says.
    A code trace's path is its program, normalised (filters/code.py)."""
    if is_code(trace):
        return program_key(trace)
    return path_digest(text_of(trace)) or exact_key(trace)


def path_ids(traces: Sequence[Record]) -> list[int]:
    """Each trace's reasoning path, numbered within its problem in order of first appearance:
    small ints, so a problem's paths can be counted again after a later cut."""
    ids: dict[PathKey, int] = {}
    return [ids.setdefault(path_key(t), len(ids)) for t in traces]


def path_numbers(features: Features, kept: Sequence[int]) -> list[int]:
    """`path_ids` of the kept traces, from their features."""
    ids: dict[PathKey, int] = {}
    return [ids.setdefault(features.path_key(k), len(ids)) for k in kept]


# Paths per problem: one bin per small count, then doubling, so k=4 and k=100 runs both read.
BINS: tuple[tuple[int, int | None], ...] = (
    (1, 1), (2, 2), (3, 3), (4, 4), (5, 8), (9, 16), (17, 32), (33, None))


def bin_label(lo: int, hi: int | None) -> str:
    return str(lo) if lo == hi else f"{lo}+" if hi is None else f"{lo}-{hi}"


@dataclass
class PathStats:
    """Distinct reasoning paths per problem, over the problems that kept a trace. Held as a
    count of problems per value, so memory grows with the largest count, not the problems."""

    per_value: Counter[int] = field(default_factory=Counter)

    def add(self, paths: int) -> None:
        if paths > 0:
            self.per_value[paths] += 1

    def as_dict(self) -> dict[str, Any]:
        problems = sum(self.per_value.values())
        total = sum(v * n for v, n in self.per_value.items())
        return {"problems": problems, "total": total,
                "mean": round(total / problems, 2) if problems else None,
                "median": self._median(problems), "histogram": self.histogram()}

    def histogram(self) -> dict[str, int]:
        return {bin_label(lo, hi): sum(n for v, n in self.per_value.items()
                                       if v >= lo and (hi is None or v <= hi))
                for lo, hi in BINS}

    def _median(self, problems: int) -> float | None:
        if not problems:
            return None
        middle = (self._nth((problems - 1) // 2) + self._nth(problems // 2)) / 2
        return int(middle) if middle.is_integer() else middle

    def _nth(self, i: int) -> int:
        """The i-th smallest count (0-based)."""
        for value in sorted(self.per_value):
            i -= self.per_value[value]
            if i < 0:
                return value
        raise IndexError(i)
