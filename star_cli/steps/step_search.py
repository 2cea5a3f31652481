"""Which step prefixes of a trace to roll out from, and the step labels their rollouts give.

Math-Shepherd (Wang et al. 2024) labels step i of a rationale by completing it m times from
the prefix that ends with step i: the step *holds* (`hard`) when some completion reaches the
gold answer, and its `soft` label is the share that do. The first wrong step (ProcessBench's
convention, Zheng et al. 2024) is the first that does not hold, or -1 when every step holds.

The last step needs no rollout: its prefix is the whole rationale, whose verdict (the
checker's, on the trace itself) is its label.

Two searches (`TraceSearch`), both driven in rounds by the caller, which rolls out every
trace's `pending()` steps of a round in one engine call:

- `full` rolls out every step but the last in one round: a hard and a soft label for each.
- `binary` (OmegaPRM, Luo et al. 2024) assumes that a prefix holding a wrong step cannot be
  completed correctly, so "the prefix through step i holds" is true up to the first wrong
  step and false from it on, and finds that step by bisection with about log2(steps)
  prefixes instead of all. A correct trace holds throughout (it is itself a completion of
  each of its prefixes) and needs no rollout. Steps before the first wrong one are labelled
  holding, the rest not; `soft` is known only for the prefixes rolled out (None elsewhere).
  Where the assumption holds (an exact step checker, or a model that does not recover from
  its own errors) both searches find the same first wrong step.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FULL = "full"
BINARY = "binary"
SEARCHES = (FULL, BINARY)


@dataclass
class TraceSearch:
    """The search over one trace's `steps` step prefixes (steps >= 1), given the verdict on
    the whole trace (`correct`) and `rollouts` (m) completions per prefix rolled out."""

    steps: int
    correct: bool
    rollouts: int
    search: str = FULL
    soft: list[float | None] = field(init=False)
    done_steps: list[int] = field(init=False)  # rollouts run from each step's prefix
    _lo: int = field(init=False, default=0)
    _hi: int = field(init=False, default=0)
    _pending: list[int] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        if self.steps < 1:
            raise ValueError("a trace to label has at least one step")
        if self.search not in SEARCHES:
            raise ValueError(f"search must be one of {SEARCHES}, got {self.search!r}")
        n = self.steps
        self.soft = [None] * n
        self.soft[-1] = 1.0 if self.correct else 0.0
        self.done_steps = [0] * n
        if self.search == FULL:
            self._pending = list(range(n - 1))
        elif not self.correct:
            self._lo, self._hi = 0, n - 1  # step hi is known not to hold
            self._pending = self._bisect()

    def _bisect(self) -> list[int]:
        return [(self._lo + self._hi) // 2] if self._lo < self._hi else []

    @property
    def finished(self) -> bool:
        return not self._pending

    def pending(self) -> list[int]:
        """The steps whose prefixes this round rolls out (none once finished)."""
        return list(self._pending)

    def record(self, results: dict[int, int]) -> None:
        """This round's results: step -> how many of its `rollouts` completions reached the
        gold. Every pending step must be given."""
        if sorted(results) != sorted(self._pending):
            raise ValueError(f"results for steps {sorted(results)}, expected {self._pending}")
        for step, hits in results.items():
            self.soft[step] = hits / self.rollouts
            self.done_steps[step] += self.rollouts
        if self.search == FULL:
            self._pending = []
            return
        (step,) = self._pending
        if results[step] > 0:
            self._lo = step + 1
        else:
            self._hi = step
        self._pending = self._bisect()

    @property
    def first_error(self) -> int:
        """The first step that does not hold, or -1 when every step holds."""
        if not self.finished:
            raise ValueError("the search is not finished")
        if self.search == BINARY:
            return -1 if self.correct else self._hi
        return next((i for i, s in enumerate(self.soft) if not s), -1)

    @property
    def hard(self) -> list[bool]:
        """Whether each step holds. Full scan: some rollout from its prefix reached the
        gold. Binary: the steps before the first wrong one."""
        if self.search == FULL:
            if not self.finished:
                raise ValueError("the search is not finished")
            return [bool(s) for s in self.soft]
        first = self.first_error
        return [True] * self.steps if first < 0 else \
            [i < first for i in range(self.steps)]

    @property
    def used(self) -> int:
        """Rollouts run so far."""
        return sum(self.done_steps)

    @property
    def full_cost(self) -> int:
        """Rollouts the full scan runs on this trace (every step but the last)."""
        return (self.steps - 1) * self.rollouts


__all__ = ["BINARY", "FULL", "SEARCHES", "TraceSearch"]
