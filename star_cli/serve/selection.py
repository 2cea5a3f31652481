"""Which candidate answers a request: `star select`'s own rules, on one request's candidates.

The candidates are in sample order, which is `star select`'s canonical order for the traces
`--log` writes (one source and iteration per request, samples 0..k-1), and the pieces are
star select's: answers grouped by the checker's equality (`group_answers` with
`answer_equality`), a vote by `vote`, weights exp(score - best) (`exp_weights`, star
select's default for `verifier_score`), and for `best` the highest score with a tie going to
the first candidate. So `star select` over the logged traces picks what was served.

Beyond the pick, the candidates are ranked (a request's `n` returns the top n): `best` by
score; a vote puts its pick first, then the others by their answer group's votes (weight),
then by score; a candidate with no answer comes after those with one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# star select's voting and answer grouping (star_cli/steps/select.py, star_cli/select.py).
# The integrator: star_cli.select becomes star_cli.metrics; these names move with it.
from star_cli.metrics import exp_weights, group_answers
from star_cli.steps.select import answer_equality, vote

BY = {"best": "verifier_score", "majority": "majority",
      "weighted-majority": "weighted-majority"}  # --select -> star select's `--by`


@dataclass(frozen=True)
class Selection:
    chosen: int
    order: list[int]  # every candidate, the chosen first
    selected_by: str  # as `star select --by` names it
    labels: list[int | None]  # each candidate's answer group (None: no answer)
    votes: int | None = None  # a vote: the winning group's members
    weight: float | None = None  # weighted majority: the winning group's share of the weight
    majority: int | None = None  # plain majority's pick; None when no candidate has an answer

    @property
    def differs(self) -> bool | None:
        """Whether the chosen answer is not the majority's (None: no majority to differ)."""
        if self.majority is None:
            return None
        return self.labels[self.chosen] != self.labels[self.majority]


def equality_for(checker: Any) -> Callable[[str, str], bool]:
    """The checker's answer equality, as star select groups answers (cached verdicts)."""
    return answer_equality(checker)


def select(answers: Sequence[str | None], scores: Sequence[float], how: str,
           equal: Callable[[str, str], bool] | None) -> Selection:
    """Pick and rank the candidates by `how` (best, majority, weighted-majority)."""
    if how not in BY:
        raise ValueError(f"unknown selection {how!r}; choose from {', '.join(BY)}")
    n = len(answers)
    if n == 0 or len(scores) != n:
        raise ValueError("one score per candidate, and at least one candidate")
    # As star select reads a trace's answer: stripped, and empty is none.
    read = [a.strip() or None if isinstance(a, str) else None for a in answers]
    labels = group_answers(read, equal)
    majority = vote(labels, None)[0] if any(g is not None for g in labels) else None
    if how == "best":
        chosen = max(range(n), key=lambda i: (scores[i], -i))
        order = sorted(range(n), key=lambda i: (-scores[i], i))
        return Selection(chosen, order, BY[how], labels, majority=majority)
    weights = exp_weights(scores) if how == "weighted-majority" else None
    chosen, votes, share = vote(labels, weights)
    size: Counter[int] = Counter(g for g in labels if g is not None)
    mass: dict[int, float] = {}
    for i, g in enumerate(labels):
        if g is not None:
            mass[g] = mass.get(g, 0.0) + (weights[i] if weights is not None else 1.0)

    def rank(i: int) -> tuple[Any, ...]:
        g = labels[i]
        if g is None:
            return (1, 0.0, -scores[i], i)
        return (0, -(mass[g] if weights is not None else size[g]), -scores[i], i)

    order = [chosen] + sorted((i for i in range(n) if i != chosen), key=rank)
    return Selection(chosen, order, BY[how], labels, votes=votes,
                     weight=round(share, 6) if weights is not None else None,
                     majority=majority)


__all__ = ["BY", "Selection", "equality_for", "select"]
