"""`star select` as a library call: one trace per problem, and the selection metrics.

1. Traces stream in from every input and are checked (`problem_id`, `correct`, `answer`,
   each score); of each only what selection needs is kept (answer, verdict, scores, its
   canonical place: about 300 bytes a trace, not the trace). Nothing is written before every
   trace has been read and found good.
2. Per problem, in canonical order (never the input's), the candidates' answers are grouped
   by the checker's equality (`5`, `5.0` and `\\frac{10}{2}` are one vote with the math
   checker; the checker given, else the one each trace was judged by, else string equality),
   and one candidate is picked (`--by`): the highest score of a field, the largest answer
   group (majority) or the heaviest (weighted majority).
3. Over all N candidates of every problem, `star_cli.select` estimates pass@k, majority@k,
   weighted majority@k and Best-of-k by each score field for k = 1, 2, 4, ... and N
   (`Summary`), on a worker thread (numpy releases the GIL) while the inputs are read a
   second time for the picked traces (standard input is kept in a temporary file for
   that), which are written, problem by problem in order of id, with `selected_by`,
   `selected_from` (N) and, for a vote, `selected_votes` and `selected_weight`.

Ties, documented once: a score tie picks the first candidate in canonical order; a vote tie
the group whose first member comes first; a vote's pick is its group's first member
(majority) or its heaviest (weighted majority). A null answer never votes; a problem whose
answers are all null gets its first candidate, with 0 votes.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from star_cli.answers.checker import Checker, Gold, Verdict
from star_cli.answers.extract import Extraction
from star_cli.errors import InputError, UsageError
from star_cli.io.files import dump_line, write_atomic
from star_cli.io.readers import UniqueIds, read_records
from star_cli.io.scratch import scratch_dir
from star_cli.io.shards import trace_key
from star_cli.io.sink import Sink, make_sink
from star_cli.io.spool import check_same_input
from star_cli.metrics import DRAWS, TIE, Summary, default_ks, group_answers
from star_cli.records import Location, check_trace, trace_field, utf8
from star_cli.registry import CHECKERS, make_checker
from star_cli.steps.base import RunFrame

log = logging.getLogger("star_cli")

MAJORITY = "majority"
WEIGHTED = "weighted-majority"
SCORES = ("verifier_score", "reference_score")  # `star score`'s fields: log-likelihoods
PRM_SCORES = ("prm_min", "prm_last", "prm_prod")  # `star score --kind prm`'s: probabilities
WEIGHT_MODES = ("auto", "linear", "exp")
METRICS = "metrics.json"
FIX = "star select reads labelled traces, as star generate, check and score write them"


@dataclass
class SelectReport:
    traces: int = 0
    problems: int = 0
    written: int = 0
    skipped: int = 0  # problems already in OUT
    duplicates: int = 0  # traces given twice (same id): counted once
    selected_correct: int = 0
    grouping: Counter[str] = field(default_factory=Counter)  # problems per checker
    candidates: Counter[int] = field(default_factory=Counter)  # problems per N
    metrics: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # k counted over fewer problems
    started: float = field(default_factory=time.monotonic)

    @property
    def accuracy(self) -> float | None:
        return self.selected_correct / self.problems if self.problems else None

    def as_dict(self) -> dict[str, Any]:
        return {"traces": self.traces, "problems": self.problems, "written": self.written,
                "duplicates": self.duplicates, "selected_correct": self.selected_correct,
                "seconds": round(time.monotonic() - self.started, 2)}

    def summary(self) -> str:
        acc = f"{self.accuracy:.1%}" if self.accuracy is not None else "n/a"
        return (f"selected one of {self.traces} traces for each of {self.problems} problems: "
                f"{self.selected_correct} correct ({acc})")


MISSING = object()
Pick = tuple[str, int, "int | None"]  # the picked trace's key, path index and line
BATCH = 512  # problems per metrics batch


@dataclass
class _Scan:
    """What the first pass keeps: per problem, one entry per trace, (source order,
    iteration, sample, trace key, answer, correct, checker, path index, line, *fields) with
    `fields` the values of `SelectRun.fields` (None where absent); and for each optional
    score field whether some trace has it and where it is first missing."""

    problems: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    has: set[str] = field(default_factory=set)
    missing: dict[str, Location] = field(default_factory=dict)
    paths: list[str] = field(default_factory=list)  # where the entries' traces are
    stdin_copy: Path | None = None


@dataclass
class _Problem:
    pid: str
    size: int
    pick: tuple[str, int, int | None]  # the picked trace's key, path index and line
    correct: list[bool]
    labels: list[int | None]
    scores: dict[str, list[float]]
    weights: list[float] | None


@dataclass
class SelectRun:
    inputs: list[str]
    output: str
    by: str  # a score field, "majority" or "weighted-majority"
    weight: str | None = None  # the weight field (default: verifier_score, when present)
    weight_mode: str = "auto"  # auto (exp for star score's fields), linear, exp
    task: str | None = None
    checker: str | None = None
    ks: list[int] | None = None
    draws: int = DRAWS
    seed: int = 0
    metrics_path: str | None = None
    shard_size: int = 1000
    overwrite: bool = False
    quiet: bool = False
    argv: list[str] | None = None
    # --allow-partial: read only the shards of a star input directory that verify.
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    report: SelectReport = field(default_factory=SelectReport)

    def execute(self) -> SelectReport:
        self._check()
        fixed = self._fixed_checker()
        self._equal: dict[str, Callable[[str, str], bool]] = {}
        self._extra: dict[str, dict[str, Any]] = {}
        self._sizes: dict[str, int] = {}
        with RunFrame(self._sink(fixed)) as run, \
                scratch_dir("select") as tmp:
            run.check_inputs(self.inputs, self.verify_input)
            scan = self._scan(Path(tmp))
            if not scan.problems:
                raise UsageError("no traces in the input")
            self._resolve_fields(scan)
            ks = self._ks(max(len({e[3] for e in v}) for v in scan.problems.values()))
            summary = Summary(ks, draws=self.draws)
            with ThreadPoolExecutor(1, thread_name_prefix="star-select") as pool:
                pending: list[Future[None]] = []
                picks = self._select(scan, fixed, summary, pool, pending)
                # What OUT holds is the picks: a rerun resumes only if it picks the same.
                check_same_input(run.sink, _digest(picks), output=self.output,
                                 overwrite=self.overwrite, command="select")
                run.open()
                try:
                    self._write(picks, scan, run.committed.problems, run.sink)
                    for f in pending:
                        f.result()
                finally:
                    run.stats = self.report.as_dict()
            self.report.metrics = summary.rows()
            metrics = self.metrics_document(ks)
            self.report.notes = metrics["notes"]
            target = self._metrics_target()
            if target is not None:
                write_atomic(target, json.dumps(metrics, indent=2) + "\n")
        return self.report

    # -- options ---------------------------------------------------------------------------
    def _check(self) -> None:
        if not self.inputs:
            raise UsageError("no input: give trace files or star output directories, or -")
        if not self.by:
            raise UsageError("--by: give a score field, majority or weighted-majority")
        if self.weight_mode not in WEIGHT_MODES:
            raise UsageError(f"unknown --weight-mode {self.weight_mode!r}; choose from "
                             f"{', '.join(WEIGHT_MODES)}")
        if self.draws < 1:
            raise UsageError(f"--draws must be at least 1, got {self.draws}")
        if self.ks is not None and (not self.ks or any(k < 1 for k in self.ks)):
            raise UsageError("--k takes positive numbers of candidates, e.g. 1,2,4,8")
        if self.metrics_path is not None:
            check_parent(self.metrics_path, "--metrics")

    def _fixed_checker(self) -> Checker | None:
        if self.checker is not None:
            return make_checker(self.checker)
        if self.task is not None:
            from star_cli.tasks import get_task

            if self.task == "generic":
                raise UsageError("--task generic: say which checker with --checker")
            return get_task(self.task).checker
        return None

    @property
    def _score_by(self) -> str | None:
        return None if self.by in (MAJORITY, WEIGHTED) else self.by

    @property
    def fields(self) -> list[str]:
        """The numeric fields the first pass keeps: --by's, --weight's, star score's."""
        return list(dict.fromkeys(
            [f for f in (self._score_by, self.weight) if f is not None] + list(SCORES)
            + list(PRM_SCORES)))

    def _sink(self, fixed: Checker | None) -> Sink:
        config = {"by": self.by, "weight": self.weight, "weight_mode": self.weight_mode,
                  "checker": fixed.name if fixed else None}
        scope = {"inputs": [i if i == "-" else str(Path(i).resolve()) for i in self.inputs]}
        return make_sink(self.output, command="select", config=config,
                         shard_size=self.shard_size, overwrite=self.overwrite,
                         argv=self.argv, scope=scope)

    def _metrics_target(self) -> Path | None:
        if self.metrics_path is not None:
            return Path(self.metrics_path)
        return None if self.output == "-" else Path(self.output) / METRICS

    def _ks(self, most: int) -> list[int]:
        return sorted(set(self.ks)) if self.ks is not None else default_ks(most)

    # -- the first pass: check and keep what selection needs ---------------------------------
    def _scan(self, tmp: Path) -> _Scan:
        """Check every trace; a bad one stops the run before OUT is touched."""
        scan = _Scan()
        fields = self.fields
        required = {f for f in (self._score_by, self.weight) if f is not None}
        linear = self.weight is not None and self._mode(self.weight) == "linear"
        names: dict[Any, Any] = {}  # each checker name and path once, not once a trace
        paths: dict[str, int] = {}
        problems = scan.problems
        copy = None
        copied = 0
        if "-" in self.inputs:  # read again for the picks: keep a copy
            scan.stdin_copy = tmp / "stdin.jsonl"
            copy = scan.stdin_copy.open("w", encoding="utf-8")
        try:
            unique = UniqueIds(self.inputs, allow_partial=self.allow_partial)
            for record, loc in read_records(self.inputs, allow_partial=self.allow_partial):
                check_trace(record, path=loc.path, line=loc.line, fix=FIX)
                unique.add(record, loc)
                pid = record.get("problem_id")
                correct = record.get("correct")
                answer = record.get("answer", MISSING)
                if (type(pid) is not str or not pid or type(correct) is not bool
                        or (answer is not None and type(answer) is not str)):
                    if type(answer) in (int, float) and type(pid) is str and pid and \
                            type(correct) is bool:
                        answer = str(answer)  # a number in a user's file is its text
                    else:
                        _bad_trace(record, loc)  # raises, naming the field
                values = []
                for name in fields:
                    v = record.get(name)
                    if v is None:
                        if name in required:
                            _score(record, name, loc)  # raises: missing
                        scan.missing.setdefault(name, loc)
                    elif (type(v) is not float and type(v) is not int) or v - v != 0:
                        _score(record, name, loc)  # raises: not a finite number
                    else:
                        if linear and name == self.weight and v < 0:
                            raise InputError(
                                f"must be non-negative to weigh a vote, got {v:g}",
                                path=loc.path, line=loc.line, field=name,
                                fix="a log-likelihood weighs as exp(value): --weight-mode exp")
                        scan.has.add(name)
                    values.append(v)
                checker = record.get("checker")
                checker = names.setdefault(checker, checker) if type(checker) is str else None
                # The canonical order (io.spool.canonical): generate first, then iteration,
                # sample and id; the id is the trace's key, as resume knows it.
                iteration, sample = record.get("iteration"), record.get("sample")
                key = record.get("id")
                if type(key) is not str:
                    key = trace_key(record)
                if answer is not None:
                    answer = answer.strip() or None
                path, line = loc.path, loc.line
                if copy is not None and (path == "<stdin>" or path.startswith("<stdin>[")):
                    # (stdin read once: its records are copied for the second pass, those of
                    # a JSON array on stdin too, named "<stdin>[i]")
                    copy.write(dump_line(record))
                    copied += 1
                    path, line = str(scan.stdin_copy), copied
                where = paths.get(path)
                if where is None:
                    where = paths[path] = len(paths)
                entry = (0 if record.get("source", "generate") == "generate" else 1,
                         iteration if type(iteration) is int else 0,
                         sample if type(sample) is int else 0,
                         key, answer, correct, checker, where, line, *values)
                found = problems.get(pid)
                if found is None:
                    problems[pid] = [entry]
                else:
                    found.append(entry)
                self.report.traces += 1
        finally:
            if copy is not None:
                copy.close()
        scan.paths = list(paths)
        return scan

    def _resolve_fields(self, scan: _Scan) -> None:
        """The score fields every trace has (a field some traces lack is an error: every
        candidate needs a score to be ranked), and the weight of weighted majority."""
        required = {f for f in (self._score_by, self.weight) if f is not None}
        for name in sorted(scan.has - required):
            if name in scan.missing:
                loc = scan.missing[name]
                raise InputError("missing (other traces have it: every candidate of every "
                                 "problem needs one to rank by)", path=loc.path,
                                 line=loc.line, field=name, fix="star score adds it")
        present = [f for f in (*SCORES, *PRM_SCORES) if f in scan.has and f not in scan.missing]
        self.score_fields = list(dict.fromkeys(
            [f for f in (self._score_by,) if f is not None] + present))
        self._index = {f: i for i, f in enumerate(self.fields)}
        if self.weight is None and "verifier_score" in present:
            self.weight = "verifier_score"
        if self.by == WEIGHTED and self.weight is None:
            raise UsageError("--by weighted-majority needs --weight FIELD (or traces with "
                             "verifier_score, from star score)")

    def _mode(self, name: str) -> str:
        if self.weight_mode != "auto":
            return self.weight_mode
        return "exp" if name in SCORES else "linear"

    # -- per problem -------------------------------------------------------------------------
    def _select(self, scan: _Scan, fixed: Checker | None, summary: Summary,
                pool: ThreadPoolExecutor, pending: list[Future[None]]) -> dict[str, Pick]:
        """Each problem's pick, the metrics' batches queued on `pool`."""
        import numpy as np

        picks: dict[str, Pick] = {}
        batches: dict[int, list[_Problem]] = {}
        sent: Counter[int] = Counter()

        def flush(n: int) -> None:
            batch = batches.pop(n)
            rng = np.random.default_rng([self.seed, n, sent[n]])
            sent[n] += 1
            pending.append(pool.submit(summary.add, *self._arrays(batch), rng=rng))
            while sum(not f.done() for f in pending) > 2:
                next(f for f in pending if not f.done()).result()

        for pid in sorted(scan.problems):
            p = self._problem(pid, scan.problems.pop(pid), fixed)
            picks[pid] = p.pick
            self.report.problems += 1
            self.report.candidates[p.size] += 1
            batch = batches.setdefault(p.size, [])
            batch.append(p)
            if len(batch) >= BATCH:
                flush(p.size)
        for n in sorted(batches):
            flush(n)
        return picks

    def _problem(self, pid: str, entries: list[tuple[Any, ...]],
                 fixed: Checker | None) -> _Problem:
        entries.sort(key=lambda e: e[:4])
        seen: set[str] = set()
        kept = []
        for e in entries:
            if e[3] in seen:
                self.report.duplicates += 1
                continue
            seen.add(e[3])
            kept.append(e)
        answers = [e[4] for e in kept]
        correct = [e[5] for e in kept]
        if fixed is not None:
            name = fixed.name
        else:
            named = next((e[6] for e in kept if e[6] is not None), None)
            name = named if named in CHECKERS and CHECKERS.get(named).local else "exact"
        self.report.grouping[name] += 1
        equal = self._equal.get(name)
        if equal is None:
            equal = self._equal[name] = answer_equality(fixed or make_checker(name))
        labels = group_answers(answers, equal)
        at = self._index
        scores = {f: [float(e[9 + at[f]]) for e in kept] for f in self.score_fields}
        weights = None
        if self.weight is not None:
            raw = [float(e[9 + at[self.weight]]) for e in kept]
            if self._mode(self.weight) == "exp":
                top = max(raw)
                weights = [math.exp(w - top) for w in raw]
            else:
                weights = raw
        n = len(kept)
        if self._score_by is not None:
            s = scores[self._score_by]
            best = max(range(n), key=lambda i: (s[i], -i))
            extra: dict[str, Any] = {}
        else:
            vote_weights = weights if self.by == WEIGHTED else None
            best, votes, share = vote(labels, vote_weights)
            extra = {"selected_votes": votes}
            if vote_weights is not None:
                extra["selected_weight"] = round(share, 6)
        self._extra[pid] = extra
        self._sizes[pid] = n
        self.report.selected_correct += correct[best]
        pick = kept[best]
        return _Problem(pid, n, (pick[3], pick[7], pick[8]), correct, labels, scores,
                        weights)

    def _arrays(self, batch: list[_Problem]) -> tuple[Any, ...]:
        import numpy as np

        correct = np.array([p.correct for p in batch], dtype=bool)
        labels = np.array([[-1 if g is None else g for g in p.labels] for p in batch])
        scores = {f: np.array([p.scores[f] for p in batch]) for f in self.score_fields}
        weights = np.array([p.weights for p in batch]) if self.weight is not None else None
        return correct, labels, scores, weights

    # -- the second pass: the picked traces --------------------------------------------------
    def _write(self, picks: dict[str, Pick], scan: _Scan, done: dict[str, Any],
               sink: Any) -> None:
        """Read the picked traces back (from JSONL by line, without parsing the others; from
        any other layout by reading it again); write them in order of problem id (a problem
        already in OUT is skipped)."""
        wanted = {pid: pick for pid, pick in picks.items() if pid not in done}
        self.report.skipped = len(picks) - len(wanted)
        found = _read_back(wanted, scan.paths)
        rest = {pid: pick for pid, pick in wanted.items() if pid not in found}
        if rest:
            inputs = [str(scan.stdin_copy) if i == "-" and scan.stdin_copy else i
                      for i in self.inputs]
            for record, _ in read_records(inputs, allow_partial=self.allow_partial):
                pid = record["problem_id"]
                pick = rest.get(pid)
                if pick is not None and pid not in found and trace_key(record) == pick[0]:
                    found[pid] = record
        lost = sorted(set(wanted) - set(found))
        if lost:
            raise UsageError(f"the input changed while star select read it (problem "
                             f"{lost[0]!r}'s pick is gone); rerun on a settled input")
        for pid in sorted(found):
            sink.write_group([{**found[pid], "selected_by": self.by,
                               "selected_from": self._sizes[pid], **self._extra[pid]}])
            self.report.written += 1

    # -- reporting ---------------------------------------------------------------------------
    def metrics_document(self, ks: list[int]) -> dict[str, Any]:
        r = self.report
        notes = []
        for k in ks:
            fewer = sum(c for n, c in r.candidates.items() if n < k)
            if fewer:
                notes.append(f"k={k}: over the {r.problems - fewer} of {r.problems} problems "
                             f"with at least {k} candidates")
        sizes = sorted(r.candidates)
        return {
            "command": "select",
            "traces": r.traces - r.duplicates,
            "problems": r.problems,
            "candidates": {"min": sizes[0] if sizes else 0, "max": sizes[-1] if sizes else 0,
                           "mean": round((r.traces - r.duplicates) / r.problems, 3)
                           if r.problems else 0},
            "selected": {"by": self.by, "correct": r.selected_correct,
                         "accuracy": round(r.accuracy, 6) if r.accuracy is not None else None},
            "grouping": dict(r.grouping),
            "weight": ({"field": self.weight, "mode": self._mode(self.weight)}
                       if self.weight is not None else None),
            "draws": self.draws,
            "seed": self.seed,
            "confidence": 0.95,
            "k": ks,
            "metrics": r.metrics,
            "notes": notes,
        }


def _digest(picks: dict[str, Pick]) -> int:
    import hashlib

    h = hashlib.blake2b(digest_size=16)
    for pid in sorted(picks):
        h.update(utf8(f"{pid}\x1f{picks[pid][0]}\x1e"))
    return int.from_bytes(h.digest(), "big")


def _read_back(wanted: dict[str, Pick], paths: list[str]) -> dict[str, dict[str, Any]]:
    """The picked traces that sit in JSONL files at the line the first pass saw them on,
    each checked to be the trace picked (problem and key); the others are left out."""
    import gzip

    lines: dict[int, dict[int, str]] = {}
    for pid, (_, where, line) in wanted.items():
        name = paths[where]
        if line is not None and not name.lower().endswith((".parquet", ".csv", ".tsv",
                                                          ".csv.gz", ".tsv.gz")):
            lines.setdefault(where, {})[line] = pid
    found: dict[str, dict[str, Any]] = {}
    for where, at in lines.items():
        path = Path(paths[where])
        if not path.is_file():
            continue
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8-sig") as f:  # type: ignore[operator]
            last = max(at)
            for number, text in enumerate(f, start=1):
                pid = at.get(number)
                if pid is not None:
                    try:
                        record = json.loads(text)
                    except ValueError:
                        continue
                    if isinstance(record, dict) and record.get("problem_id") == pid and \
                            trace_key(record) == wanted[pid][0]:
                        found[pid] = record
                if number >= last:
                    break
    return found


def _bad_trace(record: dict[str, Any], loc: Location) -> None:
    """Raise the error that names what makes `record` no labelled trace."""
    trace_field(record, "problem_id", (str,), path=loc.path, line=loc.line, fix=FIX)
    trace_field(record, "correct", (bool,), path=loc.path, line=loc.line, fix=FIX)
    if "answer" not in record:
        raise InputError("missing (null for a trace without an answer)", path=loc.path,
                         line=loc.line, field="answer", fix=FIX)
    raise InputError(f"must be a string, a number or null, got "
                     f"{type(record['answer']).__name__}",
                     path=loc.path, line=loc.line, field="answer", fix=FIX)


def _score(record: dict[str, Any], name: str, loc: Location) -> float:
    value = trace_field(record, name, (int, float), path=loc.path, line=loc.line,
                        fix="a score to rank candidates by: star score adds verifier_score")
    if not math.isfinite(value):
        raise InputError(f"must be a finite number, got {value}", path=loc.path,
                         line=loc.line, field=name)
    return float(value)


def check_parent(path: str, option: str) -> None:
    parent = Path(path).resolve().parent
    if not parent.is_dir():
        raise UsageError(f"{option} {path}: no such directory {parent}")


def vote(labels: list[int | None], weights: list[float] | None) -> tuple[int, int, float]:
    """(the pick, its group's members, its group's share of the weight): the largest group
    (the heaviest with weights; a tie goes to the group that appeared first), and in it the
    first member (the heaviest with weights). No answer at all: the first candidate."""
    size: Counter[int] = Counter(g for g in labels if g is not None)
    if not size:
        return 0, 0, 0.0
    if weights is None:
        top = max(size.values())
        group = min(g for g, c in size.items() if c == top)
        return labels.index(group), top, 0.0
    mass: dict[int, float] = {}
    for g, w in zip(labels, weights, strict=True):
        if g is not None:
            mass[g] = mass.get(g, 0.0) + w
    heaviest = max(mass.values())
    group = min(g for g, m in mass.items() if m >= heaviest - TIE * abs(heaviest))
    members = [i for i, g in enumerate(labels) if g == group]
    pick = max(members, key=lambda i: (weights[i], -i))
    total = sum(mass.values())
    return pick, size[group], mass[group] / total if total > 0 else 0.0


def answer_equality(checker: Checker) -> Callable[[str, str], bool]:
    """`equal(first, answer)`: whether `checker` judges `answer` right against `first` as the
    gold, by its string, number and LaTeX tiers (a pair only the symbolic tier could decide
    counts as two answers). Each first answer is prepared once; verdicts are cached."""
    golds: dict[str, Gold] = {}
    cache: dict[tuple[str, str], bool] = {}

    def equal(first: str, answer: str) -> bool:
        key = (first, answer)
        hit = cache.get(key)
        if hit is None:
            gold = golds.get(first)
            if gold is None:
                gold = golds[first] = checker.prepare(first)
            try:
                verdict = checker.compare(Extraction(answer, len(answer), "answer"), gold)
            except (ArithmeticError, ValueError, TypeError, RecursionError):
                verdict = None
            hit = isinstance(verdict, Verdict) and verdict.correct
            if len(cache) > 1_000_000:
                cache.clear()
                golds.clear()
            cache[key] = hit
        return hit

    return equal
