"""Diversity within a problem: RFT's distinct reasoning paths, and a cap of K per problem.

RFT (Yuan et al. 2023) found that distinct reasoning paths, not samples, drive what
fine-tuning gains; two paths are the same when they make the same list of calculations.
`Equations` keeps one trace per list, the one most different from those already kept.
`MaxPerProblem` keeps at most K, chosen greedily to be as different from each other as
possible (farthest-point on word-shingle Jaccard distance). Both see traces in canonical
order and break ties by it, so the result does not depend on input order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from star_cli.filters.base import Dropped, GroupStep, Record
from star_cli.filters.dedup import jaccard, shingles
from star_cli.filters.quality import text_of

_ANNOTATION = re.compile(r"<<([^<>=]{1,200})=([^<>]{1,60})>>")
_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_OP = r"[-+*/×÷x]"
_INLINE = re.compile(
    rf"(?<![\w.])({_NUMBER}(?:\s*{_OP}\s*{_NUMBER}){{1,8}})\s*=\s*({_NUMBER})(?!\d|\.\d)"
)


def _norm(expr: str) -> str:
    return re.sub(r"[\s,]", "", expr).replace("×", "*").replace("÷", "/").replace("x", "*")


def equations(text: str) -> tuple[str, ...]:
    """The calculations a rationale makes: GSM8K's `<<48/2=24>>` annotations when it has
    them, else every `a op b = c` written in the text, in order."""
    found = _ANNOTATION.findall(text)
    if not found:
        found = _INLINE.findall(text)
    return tuple(f"{_norm(lhs)}={_norm(rhs)}" for lhs, rhs in found)


def _distance(t: Record, chosen: Sequence[Record]) -> float:
    """1 - the highest similarity to any chosen trace (1.0 when none is chosen)."""
    mine = shingles(text_of(t))
    return 1.0 - max((jaccard(mine, shingles(text_of(c))) for c in chosen), default=0.0)


class Equations(GroupStep):
    """One trace per distinct list of calculations; a trace without any is its own path."""

    name = "diversity_equations"

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        groups: dict[tuple[str, ...], list[Record]] = {}
        singles: list[Record] = []
        for t in traces:
            key = equations(text_of(t))
            if key:
                groups.setdefault(key, []).append(t)
            else:
                singles.append(t)  # CSQA-style prose: no calculations to compare
        kept: list[Record] = []
        dropped: Dropped = []
        for members in groups.values():  # in order of first appearance: canonical
            best = max(members, key=lambda t: _distance(t, kept))  # max keeps the first tie
            kept.append(best)
            dropped += [(t, "same_equations") for t in members if t is not best]
        order = {id(t): k for k, t in enumerate(traces)}
        kept = sorted(kept + singles, key=lambda t: order[id(t)])
        return kept, dropped


class MaxPerProblem(GroupStep):
    name = "max_per_problem"

    def __init__(self, k: int) -> None:
        self.k = k

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        if len(traces) <= self.k:
            return list(traces), []
        chosen = [traces[0]]
        rest = list(traces[1:])
        while len(chosen) < self.k:
            best = max(range(len(rest)), key=lambda i: _distance(rest[i], chosen))
            chosen.append(rest.pop(best))
        return chosen, [(t, "max_per_problem") for t in rest]
