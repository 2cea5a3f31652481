"""`star judge-eval`: measure a judge against labels before anyone trusts it.

The judge (guard included, exactly as a run would use it) judges every labelled item; the
report gives agreement, precision and recall of "correct", Cohen's kappa, the confusion table,
judge_errors, what it cost in tokens, and its false-positive rate on the master-key battery
(battery.py), twice: through the guard (what a run gets: master keys never reach the judge,
hedges do) and raw (every master key sent to the judge as it is: how gullible the model
itself is, which says how much the guard is carrying).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from star_cli.errors import InputError
from star_cli.judge.battery import KINDS, BatteryItem, battery
from star_cli.judge.client import Judge, JudgeItem, ProgressFn
from star_cli.judge.metrics import (
    Confusion,
    agreement,
    cohen_kappa,
    confusion,
    precision,
    recall,
)
from star_cli.judge.verdict import JUDGE_ERROR, JudgeVerdict

# Field names read from a labelled record, first present wins: star traces (`gold`,
# `completion`, `correct`), the graded files (`expected`), and plain names.
QUESTION_KEYS = ("question", "problem")
REFERENCE_KEYS = ("reference", "gold", "gold_answer")
RESPONSE_KEYS = ("response", "completion", "llm_response")
LABEL_KEYS = ("label", "expected", "correct", "is_correct")
# A trace whose verdict is no label: a judge's error, or a rule checker that ran out of time
# or failed (its `correct: false` says nothing about the answer).
UNLABELLED_REASONS = frozenset({JUDGE_ERROR, "timeout", "error"})


@dataclass(frozen=True)
class LabelledItem:
    question: str | None
    reference: str
    response: str
    label: bool

    def item(self) -> JudgeItem:
        return JudgeItem(self.question, self.reference, self.response)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    for key in keys:
        if key in record and record[key] is not None:
            return key, record[key]
    return keys[0], None


def labelled_item(record: Any, path: str | None = None, line: int | None = None
                  ) -> LabelledItem | None:
    """A labelled record as an item; None for a trace whose verdict is no label
    (UNLABELLED_REASONS). An InputError, located, for a record that is not one."""
    if not isinstance(record, dict):
        raise InputError("a labelled record must be a JSON object", path=path, line=line)
    if record.get("check_reason") in UNLABELLED_REASONS:
        return None
    _, question = _first(record, QUESTION_KEYS)
    if question is not None and not isinstance(question, str):
        raise InputError("must be a string or null", path=path, line=line, field="question")
    values = {}
    for keys in (REFERENCE_KEYS, RESPONSE_KEYS):
        name, value = _first(record, keys)
        if not isinstance(value, str):
            raise InputError("missing or not a string", path=path, line=line, field=name,
                             fix=f"a labelled record needs one of {', '.join(keys)}")
        values[keys[0]] = value
    name, label = _first(record, LABEL_KEYS)
    if not isinstance(label, bool):
        raise InputError("missing or not true/false", path=path, line=line, field=name,
                         fix=f"a labelled record needs one of {', '.join(LABEL_KEYS)}")
    return LabelledItem(question, values["reference"], values["response"], label)


def load_labelled(path: str | Path) -> tuple[list[LabelledItem], int]:
    """The labelled items of a JSONL file, and how many records were skipped as unlabelled."""
    items: list[LabelledItem] = []
    skipped = 0
    try:
        with open(path, encoding="utf-8") as f:
            for n, raw in enumerate(f, 1):
                if not raw.strip():
                    continue
                try:
                    record = json.loads(raw)
                except ValueError as e:
                    raise InputError(f"not JSON ({e})", path=str(path), line=n) from None
                item = labelled_item(record, str(path), n)
                if item is None:
                    skipped += 1
                else:
                    items.append(item)
    except OSError as e:
        raise InputError(f"cannot read it ({e})", path=str(path)) from None
    return items, skipped


@dataclass
class KindFigures:
    """Battery items of one kind: how many, stopped by the guard, judged correct (false
    positives), judge_errors."""

    n: int = 0
    guarded: int = 0
    correct: int = 0
    errors: int = 0

    def add(self, verdict: JudgeVerdict) -> None:
        self.n += 1
        self.guarded += verdict.reason in ("no_answer", "unfinished_thought")
        self.correct += verdict.correct is True
        self.errors += verdict.reason == JUDGE_ERROR

    @property
    def rate(self) -> float | None:
        """False positives over the items that got a label (judge_errors left out)."""
        decided = self.n - self.errors
        return self.correct / decided if decided else None

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "guarded": self.guarded, "judged_correct": self.correct,
                "judge_errors": self.errors, "false_positive_rate": self.rate}


@dataclass
class BatteryReport:
    guarded: dict[str, KindFigures] = field(default_factory=dict)
    raw: dict[str, KindFigures] = field(default_factory=dict)

    @staticmethod
    def _total(kinds: dict[str, KindFigures]) -> KindFigures:
        total = KindFigures()
        for f in kinds.values():
            total.n += f.n
            total.guarded += f.guarded
            total.correct += f.correct
            total.errors += f.errors
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "false_positive_rate": self._total(self.guarded).rate,
            "raw_false_positive_rate": self._total(self.raw).rate if self.raw else None,
            "guarded": {k: f.as_dict() for k, f in self.guarded.items()},
            "raw": {k: f.as_dict() for k, f in self.raw.items()},
        }


@dataclass
class EvalReport:
    """judge-eval's figures; `as_dict` is the JSON written, `lines` the text printed."""

    model: str
    items: int
    confusion: Confusion
    no_answer: int  # items the guard stopped (counted as judged wrong in the table)
    cached: int
    requests: int
    tokens_spent: dict[str, int]  # what this evaluation's requests cost, battery included
    tokens_judging: dict[str, int]  # what judging every item once costs (cached included)
    battery: BatteryReport | None = None

    def as_dict(self) -> dict[str, Any]:
        c = self.confusion
        return {
            "model": self.model, "items": self.items, "decided": c.decided,
            "judge_errors": c.errors, "no_answer": self.no_answer,
            "agreement": agreement(c), "precision": precision(c), "recall": recall(c),
            "cohen_kappa": cohen_kappa(c), "confusion": c.as_dict(),
            "cached": self.cached, "requests": self.requests,
            "tokens": {"spent": self.tokens_spent, "judging": self.tokens_judging},
            "battery": self.battery.as_dict() if self.battery else None,
        }

    def lines(self) -> list[str]:
        d = self.as_dict()
        c = self.confusion
        out = [
            f"judge {self.model}: {self.items} labelled items, {c.decided} decided, "
            f"{c.errors} judge_error, {self.no_answer} stopped by the guard (no_answer)",
            f"agreement {_pct(d['agreement'])}  precision {_pct(d['precision'])}  "
            f"recall {_pct(d['recall'])}  Cohen's kappa {_num(d['cohen_kappa'])}",
            "                 judged correct  judged wrong  judge_error",
            f"labelled correct {c.tp:>14}  {c.fn:>12}  {c.errors_true:>11}",
            f"labelled wrong   {c.fp:>14}  {c.tn:>12}  {c.errors_false:>11}",
            f"tokens: {self.tokens_judging['total']} to judge every item once "
            f"({self.tokens_judging['prompt']} prompt, {self.tokens_judging['completion']} "
            f"completion); spent now {self.tokens_spent['total']} in {self.requests} requests "
            f"(battery included), {self.cached} items from the cache",
        ]
        if self.battery is not None:
            b = d["battery"]
            out.append(f"master-key battery: false positives {_pct(b['false_positive_rate'])} "
                       f"through the guard, {_pct(b['raw_false_positive_rate'])} raw "
                       "(the judge alone)")
            for kind in KINDS:
                g = self.battery.guarded.get(kind)
                r = self.battery.raw.get(kind)
                if g is None:
                    continue
                raw = f", raw {r.correct}/{r.n - r.errors}" if r is not None else ""
                out.append(f"  {kind:<13} {g.n:>4} items, {g.guarded:>4} stopped by the guard, "
                           f"judged correct {g.correct}/{g.n - g.errors}{raw}")
        return out


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _tokens(prompt: int, completion: int) -> dict[str, int]:
    return {"prompt": prompt, "completion": completion, "total": prompt + completion}


def judge_eval(items: Sequence[LabelledItem], judge: Judge, *, with_battery: bool = True,
               battery_pairs: int = 5, raw: bool = True,
               progress: ProgressFn | None = None) -> EvalReport:
    """Judge `items` with `judge` and measure it against their labels (module docstring).
    `battery_pairs`: how many (question, reference) pairs of `items` the battery uses;
    `raw=False` skips the raw battery (which sends every master key to the judge)."""
    before = judge.stats.as_dict()
    verdicts = judge.judge_many([i.item() for i in items], progress=progress)
    table = confusion((i.label, v.correct) for i, v in zip(items, verdicts, strict=True))
    report_battery = None
    if with_battery and items:
        report_battery = _run_battery(judge, battery([(i.question, i.reference) for i in items],
                                                     battery_pairs), raw, progress)
    after = judge.stats.as_dict()
    spent = {k: after[k] - before[k] for k in after}
    judging = [v.tokens for v in verdicts]
    return EvalReport(
        model=judge.config.model, items=len(items), confusion=table,
        no_answer=sum(v.reason in ("no_answer", "unfinished_thought") for v in verdicts),
        cached=sum(v.cached for v in verdicts), requests=spent["requests"],
        tokens_spent=_tokens(spent["prompt_tokens"], spent["completion_tokens"]),
        tokens_judging=_tokens(sum(t.prompt for t in judging),
                               sum(t.completion for t in judging)),
        battery=report_battery)


def _run_battery(judge: Judge, keys: list[BatteryItem], raw: bool,
                 progress: ProgressFn | None) -> BatteryReport:
    report = BatteryReport()
    guarded = judge.judge_many([b.item for b in keys], progress=progress)
    for b, v in zip(keys, guarded, strict=True):
        report.guarded.setdefault(b.kind, KindFigures()).add(v)
    if raw:
        # Hedges pass the guard anyway: only the keys the guard would stop are sent raw.
        masters = [b for b in keys if b.kind != "hedge"]
        plain = judge.judge_many([b.item for b in masters], guard=False, progress=progress)
        for b, v in zip(masters, plain, strict=True):
            report.raw.setdefault(b.kind, KindFigures()).add(v)
    return report
