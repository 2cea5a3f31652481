"""`star check` as a library call: re-judge traces with a (better) checker.

Traces are read as a stream, cut into blocks of whole problems, judged on all cores with
`BatchChecker`, and written with `answer`, `correct`, `checker`, `check_reason` and
`answer_source` rewritten; every other field passes through unchanged. Into a directory the
run resumes by trace id: a rerun writes exactly the traces OUT lacks, whatever the inputs'
order, and a trace given twice is written once.

Thinking models (`--thinking`, answers/thinking.py): only the answer after the thought is
judged, an unfinished thought has no answer, and `thinking` and `thinking_tokens` are
rewritten too (an engine's count is kept while the thought is the same; otherwise the count
is the tokenizer-free estimate). With `--thinking off` they pass through untouched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from star_cli.answers.batch import BatchChecker, Pair
from star_cli.answers.checker import Checker, Verdict, cut_off
from star_cli.answers.thinking import (
    UNFINISHED,
    ThinkingOptions,
    Thought,
    thinking_options,
    thinking_tokens,
)
from star_cli.errors import UsageError
from star_cli.io.few_shot import Blocks, carry
from star_cli.io.readers import UniqueIds, read_records
from star_cli.io.shards import trace_key
from star_cli.io.sink import Sink, make_sink
from star_cli.records import Choice, Location, check_trace, trace_field
from star_cli.registry import make_checker
from star_cli.steps.base import RunFrame
from star_cli.steps.problems import slice_of

log = logging.getLogger("star_cli")

BLOCK = 4096  # traces judged together: enough to keep every core busy


@dataclass
class CheckStats:
    problems: int = 0
    checked: int = 0
    correct: int = 0
    no_answer: int = 0
    timeouts: int = 0
    errors: int = 0
    ambiguous: int = 0
    unfinished_thoughts: int = 0  # thinking models: the thought never closed
    fallback: int = 0  # answers read from the final statement, without a marker
    now_correct: int = 0  # verdicts that changed from wrong to right
    now_wrong: int = 0
    skipped: int = 0  # traces already in OUT
    started: float = field(default_factory=time.monotonic)

    def add(self, old: dict[str, Any], v: Verdict) -> None:
        self.checked += 1
        self.correct += v.correct
        self.no_answer += v.reason == "no_answer"
        self.timeouts += v.reason == "timeout"
        self.errors += v.reason == "error"
        self.ambiguous += v.reason == "ambiguous"
        self.unfinished_thoughts += v.reason == UNFINISHED
        self.fallback += v.source == "fallback"
        was = old.get("correct")
        if isinstance(was, bool) and was != v.correct:
            self.now_correct += v.correct
            self.now_wrong += not v.correct

    def as_dict(self, prior: dict[str, Any] | None = None) -> dict[str, Any]:
        """Totals over every run into OUT: this one plus `prior` (a resumed run's)."""
        now = {
            "checked_problems": self.problems, "checked": self.checked,
            "correct": self.correct, "no_answer": self.no_answer, "timeouts": self.timeouts,
            "errors": self.errors, "ambiguous": self.ambiguous,
            "unfinished_thoughts": self.unfinished_thoughts, "fallback": self.fallback,
            "now_correct": self.now_correct, "now_wrong": self.now_wrong,
            "seconds": time.monotonic() - self.started,
        }
        total = {k: v + ((prior or {}).get(k) or 0) for k, v in now.items()}
        total["seconds"] = round(total["seconds"], 2)
        return total

    def summary(self) -> str:
        rate = f"{self.correct / self.checked:.1%}" if self.checked else "n/a"
        unfinished = (f"{self.unfinished_thoughts} unfinished (the thought never closed), "
                      if self.unfinished_thoughts else "")
        return (
            f"checked {self.checked} traces of {self.problems} problems: {self.correct} correct "
            f"({rate}), {self.no_answer} no answer, {self.ambiguous} ambiguous, {unfinished}"
            f"{self.timeouts} timeouts, {self.errors} errors, {self.fallback} answers without a "
            f"marker; {self.now_correct} verdicts turned correct, {self.now_wrong} turned wrong"
        )


Group = list[tuple[dict[str, Any], Location]]


@dataclass
class CheckRun:
    inputs: list[str]
    output: str
    task: str | None = None
    checker: str | None = None
    timeout: float = 5.0
    workers: int | None = None
    shard_size: int = 1000
    overwrite: bool = False
    quiet: bool = False
    argv: list[str] | None = None
    # --allow-partial: read only the shards of a star input directory that verify.
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    thinking: str = "auto"  # --thinking: auto, on or off
    think_tags: tuple[str, str] | None = None  # --think-tags START END (default <think> ...)
    # Options for a checker that takes them (`judge`: its JudgeConfig).
    checker_options: dict[str, Any] = field(default_factory=dict)
    # Ranks of a cluster job (or of `--executor ray`): this run checks the traces of the
    # problems in its slice, by a stable hash of their problem id, into one shared OUT.
    num_shards: int = 1
    shard_index: int = 0

    def __post_init__(self) -> None:
        """The same errors for a Python caller as for the CLI."""
        self.reading: ThinkingOptions = thinking_options(self.thinking, self.think_tags)
        if self.timeout <= 0:
            raise UsageError(f"--timeout must be positive, got {self.timeout:g}")
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers must be at least 1, got {self.workers}")
        if self.shard_size < 1:
            raise UsageError("--shard-size must be at least 1")
        if self.num_shards < 1 or not 0 <= self.shard_index < self.num_shards:
            raise UsageError(f"--shard-index must be in [0, {self.num_shards}) for "
                             f"--num-shards {self.num_shards}, got {self.shard_index}")

    def execute(self) -> CheckStats:
        checker = self._checker()
        if not self.inputs:
            raise UsageError("no input: give trace files or directories, or - for stdin")
        records = _validated(read_records(self.inputs, allow_partial=self.allow_partial),
                             needs_id=self.output != "-",
                             unique=UniqueIds(self.inputs, allow_partial=self.allow_partial))
        if self.num_shards > 1:
            records = _slice(records, self.num_shards, self.shard_index)
        first = next(records, None)  # a file that is not traces fails before OUT is touched
        stats = CheckStats()
        self._last_log = time.monotonic()
        with RunFrame(self._sink(checker)) as run:
            run.check_inputs(self.inputs, self.verify_input)
            done = run.committed.ids
            run.open()
            try:
                with BatchChecker(checker, self.workers) as batch:
                    # Traces pass on: so do the few-shot blocks they name (schema 2).
                    stream = carry(_chain_first(first, records), run.sink, Blocks(self.inputs))
                    for block in _blocks(_groups(stream), done, stats):
                        _judge_block(batch, block, run.sink, stats, self.reading)
                        self._progress(stats)
            finally:
                run.stats = stats.as_dict(run.prior)
        return stats

    def _checker(self) -> Checker:
        if self.checker is not None:
            return make_checker(self.checker, self.timeout, **self.checker_options)
        if self.task is None:
            raise UsageError("give --task (gsm8k, math, csqa) or --checker")
        from star_cli.tasks import get_task

        if self.task == "generic":
            raise UsageError("--task generic: say which checker with --checker")
        checker = get_task(self.task).checker
        if not checker.local:  # a sandbox or a server: built from the run's options
            return type(checker).from_options(timeout=self.timeout, **self.checker_options)
        return checker.with_timeout(self.timeout)

    def _sink(self, checker: Checker) -> Sink:
        config: dict[str, Any] = {"checker": checker.name, "timeout": self.timeout}
        if (thinking := self.reading.config()) is not None:  # absent at the default: resumes
            config["thinking"] = thinking
        if (judge := self.checker_options.get("judge")) is not None:
            config["judge"] = judge.record()
        if checker.name == "code":  # other limits, other verdicts
            config["code_limits"] = {k: self.checker_options.get(k) for k in
                                     ("code_timeout", "code_memory")}
        scope: dict[str, Any] = {
            "inputs": [i if i == "-" else str(Path(i).resolve()) for i in self.inputs]}
        if self.num_shards > 1:  # absent for one rank, as before ranks were possible
            scope.update(num_shards=self.num_shards, shard_index=self.shard_index)
        return make_sink(self.output, command="check", config=config,
                         shard_size=self.shard_size, overwrite=self.overwrite,
                         argv=self.argv, scope=scope, rank=self.shard_index,
                         num_ranks=self.num_shards)

    _last_log = 0.0  # when progress was last logged

    def _progress(self, stats: CheckStats) -> None:
        now = time.monotonic()
        if not self.quiet and now - self._last_log >= 5:
            self._last_log = now
            log.info("checked %d traces of %d problems", stats.checked, stats.problems)


def _validated(records: Iterable[tuple[dict[str, Any], Location]], needs_id: bool,
               unique: UniqueIds) -> Iterator[tuple[dict[str, Any], Location]]:
    """Each record must be a trace: `gold` and `completion` strings (and `problem_id` when
    writing a directory, which resumes by problem)."""
    fix = "star check reads traces, as star generate writes them"
    for record, loc in records:
        if needs_id:
            trace_field(record, "problem_id", (str,), path=loc.path, line=loc.line,
                        fix="needed to resume a directory; or -o -")
        check_trace(record, path=loc.path, line=loc.line, required=("gold", "completion"),
                    fix=fix)
        unique.add(record, loc)
        yield record, loc


def _slice(records: Iterable[tuple[dict[str, Any], Location]], num_shards: int, index: int
           ) -> Iterator[tuple[dict[str, Any], Location]]:
    """The traces of this rank's problems (every record is still read and validated)."""
    for record, loc in records:
        key = record.get("problem_id")
        if slice_of(key if isinstance(key, str) else trace_key(record), num_shards) == index:
            yield record, loc


def _chain_first(first: Any, rest: Iterator[Any]) -> Iterator[Any]:
    if first is not None:
        yield first
    yield from rest


def _groups(records: Iterable[tuple[dict[str, Any], Location]]) -> Iterator[Group]:
    """Runs of consecutive traces of one problem (by problem_id, else one trace each)."""
    group: Group = []
    key: Any = None
    for record, loc in records:
        k = record.get("problem_id")
        if group and (k is None or k != key):
            yield group
            group = []
        group.append((record, loc))
        key = k
    if group:
        yield group


def _blocks(groups: Iterable[Group], done: set[str], stats: CheckStats
            ) -> Iterator[list[Group]]:
    """Blocks of about BLOCK traces, without the traces OUT already holds (by trace id:
    one problem's traces may sit in several inputs, in any order). A trace met twice is
    written once."""
    block: list[Group] = []
    size = 0
    for g in groups:
        todo = [item for item in g if not _seen(item[0], done)]
        stats.skipped += len(g) - len(todo)
        if not todo:
            continue
        block.append(todo)
        size += len(todo)
        if size >= BLOCK:
            yield block
            block, size = [], 0
    if block:
        yield block


def _seen(record: dict[str, Any], done: set[str]) -> bool:
    tid = trace_key(record)
    if tid in done:
        return True
    done.add(tid)
    return False


def _judge_block(batch: BatchChecker, block: list[Group], sink: Any, stats: CheckStats,
                 thinking: ThinkingOptions) -> None:
    """Judge a block of whole problems and write it. With a thought, only the answer part is
    sent to the checker; an unfinished thought is not sent at all."""
    records = [r for g in block for r, _ in g]
    thoughts = [thinking.split(r["completion"]) for r in records]
    pairs = [Pair(r["gold"], r["completion"], _choices(r.get("choices")), r.get("question"))
             for r in records]
    verdicts, each_thought = iter(batch.check_thoughts(pairs, thoughts)), iter(thoughts)
    for g in block:
        out = []
        for record, _ in g:
            thought, v = next(each_thought), next(verdicts)
            if record.get("finish_reason") == "length":
                v = cut_off(v)
            stats.add(record, v)
            out.append({**record, "answer": v.answer, "correct": v.correct,
                        "checker": batch.checker.name, "check_reason": v.reason,
                        "answer_source": v.source, **_thought_fields(record, thought, thinking),
                        **(v.extra or {})})
        stats.problems += 1
        sink.write_group(out)


def _thought_fields(record: dict[str, Any], thought: Thought,
                    thinking: ThinkingOptions) -> dict[str, Any]:
    """`thinking` and `thinking_tokens` as read now. A count the engine wrote is kept while
    the thought is the one it counted; without an engine, a new thought gets the estimate."""
    if thinking.off:
        return {}
    kept = record.get("thinking_tokens") if record.get("thinking") == thought.thinking else None
    return {"thinking": thought.thinking,
            "thinking_tokens": thinking_tokens(thought.thinking, kept)}


def _choices(raw: list[dict[str, str]] | None) -> tuple[Choice, ...] | None:
    return tuple(Choice(c["label"], c["text"]) for c in raw) if raw else None
