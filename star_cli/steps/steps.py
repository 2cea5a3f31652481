"""`star steps` as a library call: step labels for traces, from rollouts of each step's prefix.

Each trace's rationale is cut into steps (`answers/segment.py`); from the prefix ending with
a step, `rollouts` completions are sampled with any engine, each judged by the task's
checker (prefix + completion, as a whole solution), and the step is labelled by the share
that reach the gold (`steps/step_search.py`: the full scan, or the binary search for the
first wrong step).

A step's prompt is the prompt the trace was sampled with (its stored training prompt with
the few-shot block it names put back, `io/few_shot.py`), then the rationale's own text up to
where the next step begins; a text prompt's completion keeps the whitespace it opened with.
Rollouts are sampled like `star generate` samples: the same sampling options, the task's stop
sequences, a seed per (trace, step) derived from `--seed`.

Order of work, as every command: every input trace is read and checked first (spooled to a
scratch file, indexed by problem), OUT is checked and its lock taken, the engine loads, and
only then does OUT change. A problem's traces are labelled together and written as one group
(`--format`: `step-labels`, the traces with their labels; `stepwise`, TRL's stepwise rows;
`first-error`, ProcessBench's rows), so a rerun resumes by trace id: a killed run loses at
most the problems it was labelling. `num_shards`/`shard_index` split the problems by a
stable hash of their id, so ranks of a cluster job share one OUT.

Rollouts are counted in the stats: how many, their generated tokens, what the full scan
would have cost (so the binary search reports what it saved) and, with a price per 1,000
tokens, the cost.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from star_cli.answers.checker import Verdict, cut_off
from star_cli.answers.segment import StepSep, split_steps, step_sep, step_texts
from star_cli.answers.thinking import (
    DEFAULT_TAGS,
    ThinkingOptions,
    judge_answers,
    thinking_options,
)
from star_cli.engines.base import Completion, Engine, Request, Sampling
from star_cli.engines.registry import resolve
from star_cli.errors import InputError, UsageError
from star_cli.export.base import get_format
from star_cli.export.stepwise import STEPWISE, StepwiseFormat
from star_cli.io.few_shot import Blocks, write_few_shot
from star_cli.io.files import dump_line, replace_surrogates
from star_cli.io.hub import local_fingerprint
from star_cli.io.readers import UniqueIds, read_records
from star_cli.io.scratch import scratch_dir
from star_cli.io.shards import trace_key
from star_cli.io.sink import Sink, make_sink
from star_cli.records import Choice, FewShot, Location, check_trace, trace_field
from star_cli.registry import TASKS, known_checker, make_checker
from star_cli.steps.base import RunFrame, checker_identity
from star_cli.steps.problems import Scope, slice_of
from star_cli.steps.sampling import _prefetch, problem_seed
from star_cli.steps.step_search import FULL, SEARCHES, TraceSearch
from star_cli.tasks import GenericOptions, Task, get_task

log = logging.getLogger("star_cli")

FIX = "star steps reads traces, as star generate and star rationalize write them"
# Engine options that change what is sampled (as generate's identity has them).
_OUTPUT_AFFECTING = ("dtype", "max_model_len", "engine_args", "chat_template_kwargs")


@dataclass
class StepsStats:
    total: int = 0  # traces this run has to label
    skipped: int = 0  # already in OUT
    no_steps: int = 0  # empty rationales: nothing to label, not written
    problems: int = 0
    traces: int = 0
    steps: int = 0
    holding: int = 0  # traces whose every step holds
    prefixes: int = 0  # step prefixes rolled out from
    rollouts: int = 0
    rollout_tokens: int = 0  # generated tokens of the rollouts (of the traces written)
    full_scan_rollouts: int = 0  # what the full scan costs on the same traces
    engine_seconds: float = 0.0
    started: float = field(default_factory=time.monotonic)
    surrogates: int = 0  # exported strings whose lone surrogates became U+FFFD

    def add(self, search: TraceSearch) -> None:
        self.traces += 1
        self.steps += search.steps
        self.holding += search.first_error < 0
        self.prefixes += sum(n > 0 for n in search.done_steps)
        self.rollouts += search.used
        self.full_scan_rollouts += search.full_cost

    def as_dict(self, prior: dict[str, Any] | None = None,
                price_per_1k: float | None = None) -> dict[str, Any]:
        """Totals over every run into OUT: this one plus `prior` (a resumed run's)."""
        now = {"labelled_problems": self.problems, "labelled": self.traces,
               "steps": self.steps, "traces_holding": self.holding,
               "prefixes": self.prefixes, "rollouts": self.rollouts,
               "rollout_tokens": self.rollout_tokens,
               "full_scan_rollouts": self.full_scan_rollouts,
               "exported_surrogates": self.surrogates,
               "seconds": time.monotonic() - self.started,
               "engine_seconds": self.engine_seconds}
        total = {k: v + ((prior or {}).get(k) or 0) for k, v in now.items()}
        total["seconds"] = round(total["seconds"], 2)
        total["engine_seconds"] = round(total["engine_seconds"], 2)
        total["rollouts_saved"] = total["full_scan_rollouts"] - total["rollouts"]
        if price_per_1k is not None:
            total["cost"] = round(total["rollout_tokens"] / 1000 * price_per_1k, 6)
        return total

    def summary(self, price_per_1k: float | None = None) -> str:
        saved = self.full_scan_rollouts - self.rollouts
        cost = (f", cost {self.rollout_tokens / 1000 * price_per_1k:.4g}"
                if price_per_1k is not None else "")
        share = f"{self.holding / self.traces:.1%}" if self.traces else "n/a"
        return (f"labelled {self.traces} traces of {self.problems} problems ({self.steps} "
                f"steps; every step holds in {self.holding}, {share}): {self.rollouts} "
                f"rollouts from {self.prefixes} prefixes, {self.rollout_tokens} tokens{cost}; "
                f"the full scan costs {self.full_scan_rollouts} rollouts "
                f"({saved} saved)")


@dataclass
class _Work:
    """One trace being labelled."""

    record: dict[str, Any]
    steps: list[str]
    prefixes: list[str]  # the prompt rollouts from step i start from (all but the last)
    judged_prefix: list[str]  # the rationale text through step i (what a completion follows)
    budgets: list[int]  # max_tokens of step i's rollouts: what the trace had left there
    gold: Any
    search: TraceSearch
    tokens: int = 0


@dataclass
class StepsRun:
    inputs: list[str]
    output: str
    task: str | None  # both None only with from_labels
    model: str | None
    checker: str | None = None
    rollouts: int = 8
    search: str = FULL
    step_sep: str | None = None  # --step-sep: paragraphs (default), lines, or a separator
    format: str = "step-labels"
    engine: str = "auto"
    engine_options: dict[str, Any] = field(default_factory=dict)
    # temperature, top_p, max_tokens, seed (and seed_mode); `n` is `rollouts`
    sampling: dict[str, Any] = field(default_factory=dict)
    selection: dict[str, Any] = field(default_factory=dict)  # skip, limit, num_shards, ...
    thinking: str = "auto"
    think_tags: tuple[str, str] | None = None
    check_timeout: float = 5.0
    chunk_size: int = 64  # problems labelled together (their prefixes share engine calls)
    price_per_1k: float | None = None  # price of 1,000 generated tokens, for the summary
    shard_size: int = 1000
    overwrite: bool = False
    quiet: bool = False
    argv: list[str] | None = None
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    # Options for a checker that takes them (`judge`: its JudgeConfig; `code`: its sandbox).
    checker_options: dict[str, Any] = field(default_factory=dict)
    # --from-labels: the inputs are star steps' own step-labelled traces, written again in
    # `format` without a rollout (no engine, no model): labels once, export as often.
    from_labels: bool = False
    engine_used: str | None = None
    command = "steps"  # the manifest's command (and the executors')

    def __post_init__(self) -> None:
        """The same errors for a Python caller as for the CLI, before anything is read."""
        if not self.from_labels and (not self.task or not self.model):
            raise UsageError("give --task and --model (the model whose rollouts label the "
                             "steps), or --from-labels to export labels star steps wrote")
        if self.rollouts < 1:
            raise UsageError(f"--rollouts must be at least 1, got {self.rollouts}")
        if self.search not in SEARCHES:
            raise UsageError(f"--search must be {' or '.join(SEARCHES)}, got {self.search!r}")
        s = self.sampling
        if s.get("temperature", 0) < 0:
            raise UsageError(f"--temperature must be >= 0, got {s['temperature']}")
        if not 0 < s.get("top_p", 1) <= 1:
            raise UsageError(f"--top-p must be in (0, 1], got {s['top_p']}")
        if s.get("max_tokens", 1) < 1:
            raise UsageError(f"--max-tokens must be at least 1, got {s['max_tokens']}")
        if "n" in s:
            raise UsageError("rollouts per step are --rollouts, not n")
        if self.chunk_size < 1 or self.shard_size < 1:
            raise UsageError("--chunk-size and --shard-size must be at least 1")
        if self.check_timeout <= 0:
            raise UsageError(f"--check-timeout must be positive, got {self.check_timeout:g}")
        if self.price_per_1k is not None and not self.price_per_1k >= 0:
            raise UsageError(f"--price-per-1k must be 0 or more, got {self.price_per_1k}")
        self.sep: StepSep = step_sep(self.step_sep)
        self.reading: ThinkingOptions = thinking_options(self.thinking, self.think_tags)
        self.scope_ = Scope(**self.selection)
        self.fmt: StepwiseFormat = get_format(self.format, STEPWISE)  # type: ignore[assignment]
        if self.checker is not None:
            known_checker(self.checker)  # an unknown name fails here, before any work

    # -- the run ---------------------------------------------------------------------------
    def execute(self) -> StepsStats:
        if not self.inputs:
            raise UsageError("no input: give trace files or star output directories, or -")
        if self.from_labels:
            task, engine_cls = None, None
        else:
            task = self._task()
            engine_cls = resolve(self.engine)
            self.engine_used = engine_cls.name or self.engine
        stats = StepsStats()
        blocks = Blocks(self.inputs)
        named: dict[str, FewShot] = {}  # the few-shot blocks the traces to label name
        with RunFrame(self._sink()) as run, scratch_dir("steps") as tmp:
            run.check_inputs(self.inputs, self.verify_input)
            spool = Path(tmp) / "todo.jsonl"
            with spool.open("w", encoding="utf-8") as f:
                order = self._spool(f, run.committed.ids, blocks, named, stats)
            if stats.skipped:
                log.info("resuming: %d traces already labelled in %s", stats.skipped,
                         self.output)
            if stats.total == 0 or engine_cls is None:
                run.open()
                try:
                    if stats.total:
                        self._write_blocks(run.sink, named)
                        with spool.open("rb") as f:
                            self._export(f, order, run, stats)
                finally:
                    run.stats = stats.as_dict(run.prior, self.price_per_1k)
                return stats
            # The engine loads before OUT is touched: a bad model leaves OUT as it was.
            engine = engine_cls(self.model, **self._engine_kwargs())
            try:
                run.open()
                self._write_blocks(run.sink, named)
                try:
                    with spool.open("rb") as f:
                        self._label(f, order, task, engine, run, stats)
                finally:
                    run.stats = stats.as_dict(run.prior, self.price_per_1k)
            finally:
                engine.close()
        return stats

    def preflight(self, num_shards: int) -> Any:
        """Before an executor starts any rank: every input trace checked, the task, checker
        and engine found, OUT checked read-only (its run, configuration and inputs), as rank
        0 would; returns the traces left to label over all ranks (`total`, `unit`, `root`,
        what the executors read)."""
        from types import SimpleNamespace

        if not self.from_labels:
            self._task()
            resolve(self.engine)  # an engine that cannot be imported fails here, not N times
        first = self.with_rank(num_shards, 0)
        whole = self.with_rank(1, 0)
        stats = StepsStats()
        with RunFrame(first._sink()) as frame, open(os.devnull, "w") as sink:
            frame.check_inputs(self.inputs, self.verify_input)
            whole._spool(sink, frame.committed.ids, Blocks(self.inputs), {}, stats)
        return SimpleNamespace(total=stats.total, unit="traces",
                               root=None if self.output == "-" else Path(self.output))

    def with_rank(self, num_shards: int, index: int) -> StepsRun:
        """This run as rank `index` of `num_shards` (`--num-shards N --shard-index I`)."""
        return replace(self, selection={**self.selection, "num_shards": num_shards,
                                        "shard_index": index})

    def _write_blocks(self, sink: Sink, named: dict[str, FewShot]) -> None:
        if not self.fmt.training:  # star's records: OUT holds the blocks they name
            for block in named.values():
                write_few_shot(sink, block)

    def _export(self, f: IO[bytes], order: list[list[int]], run: RunFrame,
                stats: StepsStats) -> None:
        """--from-labels: each problem's labelled traces written in the format, as read."""
        for offsets in order:
            rows = []
            for at in offsets:
                record = _read_line(f, at)["record"]
                stats.traces += 1
                stats.steps += len(record["steps"])
                stats.holding += record["first_error"] < 0
                rows.append(self._exported(record, stats))
            run.sink.write_group(rows)
            stats.problems += 1
        run.sink.stats = stats.as_dict(run.prior, self.price_per_1k)

    def _task(self) -> Task:
        generic = TASKS.get(self.task).options_type is GenericOptions
        task = get_task(self.task, GenericOptions(checker=self.checker or "numeric")
                        if generic else None)
        if self.checker is not None and not generic:
            task.checker = make_checker(self.checker, **self.checker_options)
        elif not task.checker.local:  # a sandbox or a server: built from the run's options
            task.checker = type(task.checker).from_options(**self.checker_options)
        task.checker = task.checker.with_timeout(self.check_timeout)
        return task

    def _engine_kwargs(self) -> dict[str, Any]:
        options = dict(self.engine_options)
        if self.reading.tags != DEFAULT_TAGS and "think_tags" not in options:
            options["think_tags"] = (self.reading.tags.start, self.reading.tags.end)
        return options

    def identity(self) -> dict[str, Any]:
        """What decides the labels written; a resume must match it exactly."""
        if self.from_labels:
            return {"from_labels": True, "format": self.format}
        engine_opts = {k: self.engine_options.get(k) for k in _OUTPUT_AFFECTING
                       if self.engine_options.get(k) not in (None, {}, [])}
        identity = {"task": self.task, "checker": self.checker, "model": self.model,
                    "engine": self.engine, "engine_options": engine_opts,
                    "rollouts": self.rollouts, **self.sampling, "search": self.search,
                    "step_sep": self.sep.spec, "format": self.format}
        if (thinking := self.reading.config()) is not None:
            identity["thinking"] = thinking
        identity.update(checker_identity(self.checker_options,
                                         self.task == "code" or self.checker == "code"))
        # Other weights under the same local path roll out otherwise (io/hub.py).
        if self.model and (files := local_fingerprint(self.model)) is not None:
            identity["model_files"] = files
        return identity

    def scope(self) -> dict[str, Any]:
        return {"inputs": [i if i == "-" else str(Path(i).resolve()) for i in self.inputs],
                **self.selection, "engine_used": self.engine_used}

    def _sink(self) -> Sink:
        return make_sink(self.output, command="steps", config=self.identity(),
                         shard_size=self.shard_size, rank=self.scope_.shard_index,
                         num_ranks=self.scope_.num_shards, overwrite=self.overwrite,
                         argv=self.argv, scope=self.scope())

    # -- reading ---------------------------------------------------------------------------
    def _spool(self, f: IO[str], done: set[str], blocks: Blocks, named: dict[str, FewShot],
               stats: StepsStats) -> list[list[int]]:
        """Check every input trace; spool those to label to `f` (each line with its sampled
        prompt), and return their line offsets grouped by problem, in the order problems
        first appear, after --skip, --limit and this rank's slice."""
        by_problem: dict[str, list[int]] = {}
        unique = UniqueIds(self.inputs, allow_partial=self.allow_partial)
        offset = 0
        scope = self.scope_
        for record, loc in read_records(self.inputs, allow_partial=self.allow_partial):
            pid = _validate(record, loc)
            unique.add(record, loc)  # a trace given twice is refused, naming both places
            if self.from_labels:
                _validate_labels(record, loc)
            sampled = "" if self.from_labels else blocks.sampled_prompt(record, loc)
            found = by_problem.get(pid)
            if found is None:
                found = by_problem[pid] = []
            tid = trace_key(record)
            if tid in done:
                stats.skipped += 1
                continue
            if not isinstance(record.get("id"), str):
                record["id"] = tid  # rows of every format carry it: resume by id
            if self.from_labels and self.fmt.training:
                pass  # rows without the trace's prompt: no block needed
            elif (block := blocks.block_of(record, loc)) is not None:
                named[block.name] = block
            line = dump_line({"record": record, "sampled": sampled})
            found.append(offset)
            offset += len(line.encode("utf-8", "surrogatepass"))
            f.write(line)
        stop = None if scope.limit is None else scope.skip + scope.limit
        order = []
        for n, (pid, offsets) in enumerate(by_problem.items()):
            if n < scope.skip or (stop is not None and n >= stop):
                continue
            if scope.num_shards > 1 and slice_of(pid, scope.num_shards) != scope.shard_index:
                continue
            if offsets:
                order.append(offsets)
                stats.total += len(offsets)
        return order

    # -- labelling -------------------------------------------------------------------------
    def _label(self, f: IO[bytes], order: list[list[int]], task: Task, engine: Engine,
               run: RunFrame, stats: StepsStats) -> None:
        sink = run.sink
        base = Sampling(n=self.rollouts, stop=task.stop, **self.sampling)
        last = time.monotonic()
        for k in range(0, len(order), self.chunk_size):
            chunk = [[self._work(_read_line(f, at), task, engine, base.max_tokens)
                      for at in offsets]
                     for offsets in order[k:k + self.chunk_size]]
            self._search([w for problem in chunk for w in problem if w is not None], task,
                         engine, base, stats)
            for problem in chunk:
                rows = []
                for work in problem:
                    if work is None:
                        stats.no_steps += 1
                        continue
                    stats.add(work.search)
                    stats.rollout_tokens += work.tokens
                    rows.append(self._row(work, stats))
                if rows:
                    sink.write_group(rows)
                stats.problems += 1
            sink.stats = stats.as_dict(run.prior, self.price_per_1k)
            if not self.quiet and time.monotonic() - last >= 5:
                last = time.monotonic()
                log.info("labelled %d/%d traces, %d rollouts", stats.traces, stats.total,
                         stats.rollouts)

    def _work(self, item: dict[str, Any], task: Task, engine: Engine,
              max_tokens: int) -> _Work | None:
        record, sampled = item["record"], item["sampled"]
        rationale = record["rationale"]
        spans = split_steps(rationale, self.sep, self.reading)
        if not spans:
            return None
        gold = task.checker.prepare(record["gold"], _choices(record.get("choices")),
                                    record.get("question"))
        lead = _lead(record.get("completion"), rationale)
        prefixes, judged, budgets = [], [], []
        for i in range(len(spans) - 1):
            text = rationale[:spans[i + 1].start]
            judged.append(text)
            prefixes.append(sampled + lead + text)
            # The trace's completion had max_tokens; a rollout from its prefix has what was
            # left (so it also stays within the model's length, as the trace did).
            used = engine.count_tokens(lead + text)
            budgets.append(max(1, max_tokens - used) if used is not None else max_tokens)
        correct = self._verdict(task, gold, rationale,
                                cut=record.get("finish_reason") == "length"
                                and (record.get("completion") or "").strip() == rationale)
        search = TraceSearch(len(spans), correct, self.rollouts, self.search)
        return _Work(record, step_texts(rationale, spans), prefixes, judged, budgets, gold,
                     search)

    def _verdict(self, task: Task, gold: Any, text: str, cut: bool) -> bool:
        """Whether `text`, a whole solution, reaches the gold (as generate judges it)."""
        return self._verdicts(task, gold, [text], [cut])[0]

    def _verdicts(self, task: Task, gold: Any, texts: list[str], cuts: list[bool]
                  ) -> list[bool]:
        """Whether each of `texts`, whole solutions to one problem, reaches the gold, judged
        as generate judges (a checker that waits on a sandbox or a server gets them in one
        batch); `cuts`: which the engine cut at its token limit."""
        thoughts = [self.reading.split(t) for t in texts]
        judged = [t[:th.answer_start] + task.truncate(t[th.answer_start:])
                  for t, th in zip(texts, thoughts, strict=True)]
        verdicts: list[Verdict] = judge_answers(task.checker, gold, judged, thoughts)
        return [bool((cut_off(v) if cut and len(j) == len(t) else v).correct)
                for v, j, t, cut in zip(verdicts, judged, texts, cuts, strict=True)]

    def _search(self, works: list[_Work], task: Task, engine: Engine, base: Sampling,
                stats: StepsStats) -> None:
        """Run every trace's search to its end, one engine call per round."""
        while True:
            asked = [(w, step) for w in works for step in w.search.pending()]
            if not asked:
                return
            requests = [Request(w.prefixes[step], replace(base, max_tokens=w.budgets[step])
                                .for_problem(problem_seed(base.seed,
                                                          f"{trace_key(w.record)}\x1f{step}")))
                        for w, step in asked]
            results = self._generate(requests, engine, stats)
            hits: dict[int, dict[int, int]] = {}
            for (w, step), completions in zip(asked, results, strict=True):
                w.tokens += sum(c.tokens or 0 for c in completions)
                hits.setdefault(id(w), {})[step] = sum(self._verdicts(
                    task, w.gold, [w.judged_prefix[step] + c.text for c in completions],
                    [c.finish_reason == "length" for c in completions]))
            for w in works:
                if id(w) in hits:
                    w.search.record(hits[id(w)])

    def _generate(self, requests: list[Request], engine: Engine,
                  stats: StepsStats) -> list[list[Completion]]:
        """One engine call on a worker thread (Ctrl-C gets through while it runs)."""
        jobs = [(None, r) for r in requests]
        out: list[list[Completion]] = []
        for _, results in _prefetch(jobs, engine, max(1, len(jobs)), stats):  # type: ignore
            out.extend(results)
        return out

    def _row(self, work: _Work, stats: StepsStats) -> dict[str, Any]:
        s = work.search
        labelled = {**work.record, "steps": work.steps, "step_labels": s.hard,
                    "step_soft": [None if v is None else round(v, 6) for v in s.soft],
                    "step_rollouts": s.done_steps, "first_error": s.first_error,
                    "step_search": self.search, "step_sep": self.sep.spec,
                    "rollout_tokens": work.tokens}
        return self._exported(labelled, stats)

    def _exported(self, labelled: dict[str, Any], stats: StepsStats) -> dict[str, Any]:
        row = self.fmt.row(labelled)
        if self.fmt.training:
            row, replaced = replace_surrogates(row)
            stats.surrogates += replaced
        return row


def _validate(record: dict[str, Any], loc: Location) -> str:
    """A trace to label: `problem_id`, a text `prompt`, a `rationale` and a `gold`."""
    at = dict(path=loc.path, line=loc.line)
    check_trace(record, **at, required=("problem_id", "prompt", "rationale", "gold"), fix=FIX)
    pid = record["problem_id"]
    if isinstance(record["prompt"], list):
        raise InputError("is a chat prompt: star steps rolls out from text prompts only (the "
                         "engines cannot yet continue an assistant message)", **at,
                         field="prompt", fix="sample the traces without --chat")
    record["gold"] = str(record["gold"])  # a number in a user's file is its text
    return pid


def _validate_labels(record: dict[str, Any], loc: Location) -> None:
    """--from-labels: the fields star steps wrote, each of the right type and length."""
    at = dict(path=loc.path, line=loc.line)
    fix = "--from-labels reads star steps' output (its step-labels format)"
    steps = trace_field(record, "steps", (list,), **at, fix=fix)
    if not steps or not all(isinstance(s, str) for s in steps):
        raise InputError("must be a non-empty list of step texts", **at, field="steps", fix=fix)
    labels = trace_field(record, "step_labels", (list,), **at, fix=fix)
    if len(labels) != len(steps) or not all(isinstance(x, bool) for x in labels):
        raise InputError(f"must be {len(steps)} booleans, one per step", **at,
                         field="step_labels", fix=fix)
    first = record.get("first_error")
    expected = next((i for i, x in enumerate(labels) if not x), -1)
    if type(first) is not int or not -1 <= first < len(steps):
        raise InputError(f"must be a step index or -1, got {first!r}", **at,
                         field="first_error", fix=fix)
    if first != expected:
        raise InputError(f"is {first}, but the first false step_labels is {expected}", **at,
                         field="first_error", fix=fix)


def _choices(raw: list[dict[str, str]] | None) -> tuple[Choice, ...] | None:
    return tuple(Choice(c["label"], c["text"]) for c in raw) if raw else None


def _lead(completion: str | None, rationale: str) -> str:
    """The whitespace the completion opened with before its rationale (a text prompt's
    `A:` is followed by a space the rationale was stripped of); a space when unknown."""
    if isinstance(completion, str):
        body = completion.lstrip()
        if body.startswith(rationale):
            return completion[:len(completion) - len(body)]
    return " "


def _read_line(f: IO[bytes], at: int) -> dict[str, Any]:
    f.seek(at)
    return json.loads(f.readline().decode("utf-8", "surrogatepass"))


__all__ = ["STEPWISE", "StepsRun", "StepsStats"]
