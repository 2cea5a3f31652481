"""Agreement of a judge with labels: pure functions over a confusion table.

"Positive" is "correct". A judge_error is no prediction: it is counted beside the table
(by label) and left out of every figure computed from the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Confusion:
    """tp: labelled correct, judged correct; fp: labelled wrong, judged correct; fn:
    labelled correct, judged wrong; tn: labelled wrong, judged wrong. errors_true /
    errors_false: judge_errors among items labelled correct / wrong."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors_true: int = 0
    errors_false: int = 0

    @property
    def decided(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    @property
    def errors(self) -> int:
        return self.errors_true + self.errors_false

    def as_dict(self) -> dict[str, int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
                "judge_error_labelled_correct": self.errors_true,
                "judge_error_labelled_wrong": self.errors_false}


def confusion(pairs: Iterable[tuple[bool, bool | None]]) -> Confusion:
    """The table of (label, prediction) pairs; a prediction of None is a judge_error."""
    tp = fp = fn = tn = et = ef = 0
    for label, predicted in pairs:
        if predicted is None:
            et += label
            ef += not label
        elif predicted:
            tp += label
            fp += not label
        else:
            fn += label
            tn += not label
    return Confusion(tp, fp, fn, tn, et, ef)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def agreement(c: Confusion) -> float | None:
    """Share of decided items where judge and label agree; None with none decided."""
    return _ratio(c.tp + c.tn, c.decided)


def precision(c: Confusion) -> float | None:
    """Of the items judged correct, the share labelled correct; None when none was."""
    return _ratio(c.tp, c.tp + c.fp)


def recall(c: Confusion) -> float | None:
    """Of the items labelled correct, the share judged correct; None when none was."""
    return _ratio(c.tp, c.tp + c.fn)


def false_positive_rate(c: Confusion) -> float | None:
    """Of the items labelled wrong, the share judged correct; None when none was."""
    return _ratio(c.fp, c.fp + c.tn)


def cohen_kappa(c: Confusion) -> float | None:
    """Cohen's kappa, (p_o - p_e) / (1 - p_e): agreement beyond what the two marginals give
    by chance. None when undefined: nothing decided, or p_e = 1 (judge and labels each put
    every item in the same single class, so chance explains everything)."""
    n = c.decided
    if not n:
        return None
    p_o = (c.tp + c.tn) / n
    yes = ((c.tp + c.fp) / n) * ((c.tp + c.fn) / n)  # both say correct, by chance
    no = ((c.fn + c.tn) / n) * ((c.fp + c.tn) / n)  # both say wrong, by chance
    p_e = yes + no
    if p_e >= 1:
        return None
    return (p_o - p_e) / (1 - p_e)
