"""`star rationalize`: which problems need a hint, and the run that samples them.

The selection reads the traces of a generate output (files, directories or stdin) and counts,
per problem, its samples and its correct samples. By default the problems with no correct
trace are taken, including those with no trace at all; `--max-solve-rate R` also takes those
solved in fewer than R of their samples; `--all` takes every problem. When more than half of
the problems read have no trace at all, the generate output covers another set of problems
(it ran with `--limit`, say) and the run stops, unless `--include-untraced`. Sampling itself is
`star generate`'s with `PromptOptions(hinted=True)`: the engine sees the hint, the stored
trace does not (see `steps/sampling.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from star_cli.errors import UsageError
from star_cli.filters.quality import NOT_LABELS
from star_cli.io.readers import UniqueIds, read_records
from star_cli.records import Location, Problem, check_trace
from star_cli.steps.generate import GenerateRun
from star_cli.tasks import Task

log = logging.getLogger("star_cli")


@dataclass(frozen=True)
class TargetRule:
    all: bool = False
    max_solve_rate: float | None = None  # also take problems solved below this rate

    def describe(self) -> str:
        if self.all:
            return "every problem"
        if self.max_solve_rate is not None:
            return f"problems solved in fewer than {self.max_solve_rate:g} of their samples"
        return "problems with no correct trace"


@dataclass
class Targets:
    problems: list[Problem]
    given: int  # problems read
    unsolved: int  # no correct trace (absent ones included)
    absent: int  # no trace at all
    low_rate: int  # solved, but below --max-solve-rate
    unjudged: int = 0  # every trace judge_error (no label): skipped, neither solved nor not

    def report(self, rule: TargetRule) -> str:
        return (f"selected {len(self.problems)} of {self.given} problems ({rule.describe()}): "
                f"{self.unsolved} unsolved, of which {self.absent} had no trace"
                + (f"; {self.low_rate} below the solve rate" if rule.max_solve_rate else "")
                + (f"; {self.unjudged} skipped: their traces are judge_error (no label), "
                   "check them again" if self.unjudged else ""))


Counts = dict[str, list[int]]  # problem_id -> [samples, correct, no label]


def solve_counts(records: Iterable[tuple[dict[str, Any], Location]],
                 unique: UniqueIds | None = None) -> Counts:
    """Samples and correct samples per problem in a generate output (a trace given twice is
    refused when `unique` tracks the ids: it would count twice)."""
    counts: Counts = {}
    unique = unique or UniqueIds([])
    fix = "pass the output of star generate (its directory or data/*.jsonl)"
    for record, loc in records:
        check_trace(record, path=loc.path, line=loc.line, required=("problem_id", "correct"),
                    fix=fix)
        unique.add(record, loc)
        pid, correct = record["problem_id"], record["correct"]
        c = counts.setdefault(pid, [0, 0, 0])
        if record.get("check_reason") in NOT_LABELS:
            c[2] += 1  # no label (judge_error): neither a sample that failed nor one that won
            continue
        c[0] += 1
        c[1] += correct
    return counts


def choose(problems: Sequence[Problem], counts: Counts, rule: TargetRule) -> Targets:
    chosen, unsolved, absent, low, unjudged = [], 0, 0, 0, 0
    for p in problems:
        samples, correct, *no_label = counts.get(p.id, (0, 0, 0))
        if samples == 0 and any(no_label):
            unjudged += 1  # every trace judge_error: unknown, not unsolved; judge it again
            continue
        absent += samples == 0
        unsolved += correct == 0
        below = (rule.max_solve_rate is not None and correct > 0
                 and correct / samples < rule.max_solve_rate)
        low += below
        if rule.all or correct == 0 or below:
            chosen.append(p)
    return Targets(chosen, len(problems), unsolved, absent, low, unjudged)


@dataclass
class RationalizeRun(GenerateRun):
    """A generate run over the selected problems, with hinted prompts."""

    traces: list[str] = field(default_factory=list)
    rule: TargetRule = TargetRule()
    # More than half of the problems read without any trace: the generate output covers
    # another set (a --limit run); refused unless asked for.
    include_untraced: bool = False
    command = "rationalize"
    hinted = True
    targets: Targets | None = None

    def read_inputs(self) -> list[str]:
        return [*self.inputs, *self.traces]

    def _problems(self, task_: Task) -> list[Problem]:
        if not self.traces:
            raise UsageError("give the generate output to rationalize (a directory or traces)")
        problems = self._load_problems(task_)
        counts = solve_counts(read_records(self.traces, allow_partial=self.allow_partial),
                              UniqueIds(self.traces, allow_partial=self.allow_partial))
        if counts and not any(p.id in counts for p in problems):
            raise UsageError(
                "none of the problems appears in the generate output: are --problems and the "
                "task options (--id-field, ...) the ones the generate run used?"
            )
        self.targets = report = choose(problems, counts, self.rule)
        if not self.include_untraced and report.absent * 2 > report.given:
            raise UsageError(
                f"{report.absent} of the {report.given} problems read have no trace in the "
                f"generate output (it covers {report.given - report.absent}), and "
                f"{report.absent} of the {len(report.problems)} selected would be sampled "
                "as unsolved: was generate run with --limit, --skip or --num-shards? Give "
                "rationalize the same options, or --include-untraced to sample them anyway"
            )
        log.info("%s", report.report(self.rule))
        hintable = []
        for problem in report.problems:
            why = task_.cannot_hint(problem)
            if why is None:
                hintable.append(problem)
            else:
                log.info("skipped %s: %s", problem.id, why)
        if len(hintable) < len(report.problems):
            log.warning("%d of the %d problems selected have no hint to show: skipped",
                        len(report.problems) - len(hintable), len(report.problems))
        return hintable

    def scope(self) -> dict[str, Any]:
        scope = super().scope()
        scope["traces"] = self.traces
        scope["select"] = {"all": self.rule.all, "max_solve_rate": self.rule.max_solve_rate,
                           "include_untraced": self.include_untraced}
        return scope
