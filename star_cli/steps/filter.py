"""`star filter` as a library call: from raw traces to a training set.

1. Traces stream in from every input; the per-trace filters (verdict, finish, leaks, length,
   one answer, patterns, decontamination) keep or drop each one on the spot.
2. Survivors are spooled to disk in buckets by a hash of their problem id, so each bucket
   holds whole problems and memory holds one bucket at a time, never the whole input.
3. Per problem, in canonical order (source, iteration, sample, id: not input order), the
   group steps run: exact and near dedup, equation diversity, the per-problem cap.
4. `--max-total` caps the set fairly across problems (water-filling), then the kept traces
   are exported and written, problem by problem, in a deterministic order.

Same input, same output, whatever the order of the input files. A rerun into the same OUT
resumes: the output order is deterministic, so the problems already written are skipped.
"""

from __future__ import annotations

import functools
import json
import logging
import operator
import os
import time
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from star_cli.answers.thinking import DEFAULT_TAG_PAIR, ThinkingOptions, thinking_options
from star_cli.errors import StarError, UsageError
from star_cli.export import (
    SFT,
    ExportOptions,
    SFTFormat,
    Thoughts,
    check_exportable,
    check_thought_tokens,
    get_format,
    thoughts_for,
)
from star_cli.export.sft import Traces
from star_cli.filters import build_filter, quality
from star_cli.filters.base import (
    FilterContext,
    GroupStep,
    Record,
    StepStats,
    TraceChain,
    TraceFilter,
    fair_quotas,
    run_group,
)
from star_cli.filters.code import CodeDedup
from star_cli.filters.dedup import ExactDedup, MinHashDedup
from star_cli.filters.diversity import (
    Equations,
    MaxPerProblem,
    PathStats,
    path_ids,
    path_numbers,
)
from star_cli.filters.features import FeatureBatch, is_code, program_key, text_of, unpack, wanted
from star_cli.filters.thinking import FinishedThought, ThinkingLength, ThoughtReader
from star_cli.io.few_shot import Blocks, write_few_shot
from star_cli.io.files import dump_line
from star_cli.io.lines import BlockReader, LineBlock, line_blocks
from star_cli.io.readers import UniqueIds
from star_cli.io.shards import trace_key
from star_cli.io.sink import Sink
from star_cli.io.spool import BUCKETS, LineSpool, needs_legacy, position_of
from star_cli.io.spool import canonical as canonical  # re-exported: its old home
from star_cli.records import FewShot, Location, check_trace, check_traces, trace_field
from star_cli.steps.base import (
    Emission,
)
from star_cli.steps.spooled import SpooledRun, valid_text, warn_surrogates

log = logging.getLogger("star_cli")

DROPPED = "dropped"
# star check's reasons, in the order a reader goes through them; "unknown": older traces.
CHECK_REASONS = ("match", "mismatch", "no_answer", "ambiguous", "unfinished_thought", "timeout",
                 "error", "judge_error")
UNKNOWN = "unknown"
# Options added after OUTs were first written, with their defaults: left out of the manifest's
# config when at the default, so that a rerun into an older star's OUT still resumes.
ADDED: dict[str, Any] = {"require_marker": False, "thinking": "auto",
                         "think_tags": DEFAULT_TAG_PAIR, "finished_thoughts": True,
                         "min_thinking_tokens": None, "max_thinking_tokens": None,
                         "thoughts": "keep", "thought_tokens": None, "filters": ()}


@dataclass(frozen=True)
class FilterConfig:
    correct: bool = True
    require_marker: bool = False
    finished: bool = True
    no_hint_leak: bool = True
    min_tokens: int | None = None
    max_tokens: int | None = None
    min_chars: int | None = None
    max_chars: int | None = None
    single_answer: bool = False
    require_regex: str | None = None
    exclude_regex: str | None = None
    decontaminate: tuple[str, ...] = ()
    dedup: str | None = None  # "exact" or "minhash"
    threshold: float = 0.8
    diversity: str | None = None  # "equations"
    max_per_problem: int | None = None
    max_total: int | None = None
    format: str = "traces"
    keep_few_shot: bool = False
    # Thinking models: how thoughts are read, whether an unfinished one is dropped, and the
    # bounds on the thought's tokens (filters/thinking.py).
    thinking: str = "auto"
    think_tags: tuple[str, str] = DEFAULT_TAG_PAIR
    finished_thoughts: bool = True
    min_thinking_tokens: int | None = None
    max_thinking_tokens: int | None = None

    # Exports (export/): keep or drop the thought, and the delimiters to write it with.
    thoughts: str = "keep"
    thought_tokens: tuple[str, str] | None = None
    # --filter NAME[:KEY=VALUE,...]: any registered filter (a plug-in's), after the above.
    filters: tuple[str, ...] = ()

    def reading(self) -> ThinkingOptions:
        return thinking_options(self.thinking, self.think_tags)

    def exporting(self) -> Thoughts:
        """--thoughts and --thought-tokens, checked (they shape exports, not traces)."""
        thoughts = thoughts_for(self.thoughts, self.thought_tokens, self.reading())
        if thoughts.changes and self.format == "traces":
            raise UsageError("--thoughts drop and --thought-tokens shape exported rows: give "
                             "--format messages or prompt-completion (traces pass unchanged)")
        if thoughts.mode == "drop" and not self.finished_thoughts:
            # An unfinished thought has no answer part: its row would be an empty turn.
            raise UsageError("--thoughts drop exports the answer after the thought, and an "
                             "unfinished thought has none, so --keep-unfinished-thoughts would "
                             "write empty assistant turns: leave out one of the two")
        return thoughts

    def trace_filters(self) -> list[TraceFilter]:
        out: list[TraceFilter] = []
        reader = ThoughtReader(self.reading())
        # First, so that their counts say why: no label, or a thought that never closed, is
        # also written `correct: false`.
        out.append(quality.Judged())
        if self.finished_thoughts and not reader.options.off:
            out.append(FinishedThought(reader))
        if self.correct:
            out.append(quality.Correct())
        if self.require_marker:
            out.append(quality.RequireMarker())
        if self.finished:
            out.append(quality.Finished())
        if self.no_hint_leak:
            out.append(quality.NoHintLeak())
        bounds = (self.min_tokens, self.max_tokens, self.min_chars, self.max_chars)
        if any(b is not None for b in bounds):
            out.append(quality.Length(*bounds))
        if self.min_thinking_tokens is not None or self.max_thinking_tokens is not None:
            out.append(ThinkingLength(reader, self.min_thinking_tokens,
                                      self.max_thinking_tokens))
        if self.single_answer:
            out.append(quality.SingleAnswer(None if reader.options.off else reader))
        if self.require_regex or self.exclude_regex:
            out.append(quality.Pattern(self.require_regex, self.exclude_regex))
        if self.decontaminate:
            out.append(quality.Decontaminate(quality.reference_questions(self.decontaminate)))
        return out

    def steps(self) -> tuple[list[TraceFilter], list[GroupStep]]:
        """Every step of the run, in order: the built-in trace filters, then --filter's trace
        filters; the built-in group steps, then --filter's group steps."""
        context = FilterContext(self.reading())
        named = [build_filter(spec, context) for spec in self.filters]
        return ([*self.trace_filters(), *(f for f in named if isinstance(f, TraceFilter))],
                [*self.group_steps(), *(f for f in named if isinstance(f, GroupStep))])

    def group_steps(self) -> list[GroupStep]:
        out: list[GroupStep] = []
        if self.dedup == "code":
            out.append(CodeDedup())
        if self.dedup in ("exact", "minhash"):
            out.append(ExactDedup())
        if self.dedup == "minhash":
            out.append(MinHashDedup(self.threshold))
        if self.diversity == "equations":
            out.append(Equations())
        if self.max_per_problem is not None:
            out.append(MaxPerProblem(self.max_per_problem))
        return out


def check_reason(trace: Record) -> str:
    reason = trace.get("check_reason")
    return reason if isinstance(reason, str) and reason else UNKNOWN


@dataclass
class FilterReport:
    read: int = 0
    written: int = 0
    problems: int = 0
    steps: list[StepStats] = field(default_factory=list)
    check_reasons: Counter[str] = field(default_factory=Counter)  # of the traces read
    surrogates: int = 0  # exported strings whose lone surrogates became U+FFFD
    paths: PathStats = field(default_factory=PathStats)  # of the traces kept
    started: float = field(default_factory=time.monotonic)

    def reasons(self) -> dict[str, int]:
        """Every known reason (0 when absent, so the keys are stable), then any other a
        checker wrote, then the traces without one."""
        known = {r: self.check_reasons[r] for r in CHECK_REASONS}
        other = sorted(set(self.check_reasons) - set(CHECK_REASONS) - {UNKNOWN})
        return {**known, **{r: self.check_reasons[r] for r in other},
                UNKNOWN: self.check_reasons[UNKNOWN]}

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "written": self.written, "problems": self.problems,
                "steps": [s.as_dict() for s in self.steps],
                "check_reasons": self.reasons(), "distinct_paths": self.paths.as_dict(),
                "surrogates_replaced": self.surrogates,
                "seconds": round(time.monotonic() - self.started, 2)}


@dataclass
class Kept:
    """One problem's survivors: their spool line numbers and, for each, its reasoning path
    numbered within the problem, so the distinct paths can be counted after --max-total.
    Arrays of 4-byte ints: a run of 10 million traces holds them all until it writes."""

    problem_id: str
    lines: Sequence[int]
    paths: Sequence[int]

    def cut(self, quota: int) -> Sequence[int]:
        """Keep the first `quota` traces; the line numbers of the others."""
        cut = self.lines[quota:]
        self.lines, self.paths = self.lines[:quota], self.paths[:quota]
        return cut


Selected = list[list[Kept]]  # per bucket, per problem (sorted by id)


@dataclass
class FilterRun(SpooledRun):
    inputs: list[str]
    output: str
    config: FilterConfig = FilterConfig()
    explain: bool = False
    shard_size: int = 1000
    overwrite: bool = False
    argv: list[str] | None = None
    # --allow-partial: read only the shards of a star input directory that verify.
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    # --tokenizer: the model the exported thought delimiters must be tokens of (a check only).
    tokenizer: str | None = None
    report: FilterReport = field(default_factory=FilterReport)
    # The few-shot blocks the kept traces name, put into OUT with them (--format traces).
    carried: dict[str, FewShot] = field(default_factory=dict)
    # OUT holds an older star's input digest: the spool sums its kind too (io/spool.py).
    legacy_digest: bool = False

    command: ClassVar[str] = "filter"
    added: ClassVar[dict[str, Any]] = ADDED

    def check(self) -> None:
        _ = self.format  # an unknown --format fails here, before any input is read
        if self.explain and self.output == "-":
            raise UsageError("--explain writes OUT/dropped/: give an output directory, not -o -")
        if self.config.dedup not in (None, "exact", "minhash", "code"):
            raise UsageError(f"unknown --dedup {self.config.dedup!r}; choose exact, minhash or "
                             "code")
        if self.config.diversity not in (None, "equations"):
            raise UsageError(f"unknown --diversity {self.config.diversity!r}; choose equations")
        if not 0 < self.config.threshold <= 1:
            raise UsageError(f"--threshold must be in (0, 1], got {self.config.threshold:g}")
        for name in ("max_per_problem", "max_total"):
            value = getattr(self.config, name)
            if value is not None and value < 1:
                raise UsageError(f"--{name.replace('_', '-')} must be at least 1, got {value}")
        self.config.reading()  # --thinking and --think-tags, checked
        low, high = self.config.min_thinking_tokens, self.config.max_thinking_tokens
        for name, value in (("min", low), ("max", high)):
            if value is not None and value < 0:
                raise UsageError(f"--{name}-thinking-tokens must be 0 or more, got {value}")
        if low is not None and high is not None and low > high:
            raise UsageError(f"--min-thinking-tokens {low} is above --max-thinking-tokens {high}")
        # Exports: --thoughts / --thought-tokens checked, and against --tokenizer, before any
        # input is read or OUT touched.
        check_thought_tokens(self.tokenizer, self.thoughts)
        self.filters, self.group_steps = self.config.steps()
        self.trace_stats = [StepStats(f.name) for f in self.filters]
        self.chain = TraceChain(self.filters, self.trace_stats)
        self.group_stats = [StepStats(s.name) for s in self.group_steps]
        self.report.steps = self.trace_stats + self.group_stats

    def begin(self, scratch: Path) -> None:
        self.explanation = _Explain(scratch) if self.explain else None
        # Schema 2 prompts lack the exemplars: --keep-few-shot puts back those of the block
        # each trace names, found beside the file it was read from (each input OUT has its
        # own). Traces passed on as traces take their blocks into OUT with them.
        self.needs_prompt = self.format.needs_prompt
        self.rebuild = self.needs_prompt and self.config.keep_few_shot
        self.blocks = Blocks(self.inputs)
        self.missing: set[str] = set()

    reads_lines: ClassVar[bool] = True  # traces pass on as the lines they were read as

    def prepared(self, sink: Sink) -> None:
        self.legacy_digest = needs_legacy(sink, self.overwrite)

    def spool(self, scratch: Path) -> LineSpool:
        return LineSpool(scratch, self.features(), legacy=self.legacy_digest)

    def features(self) -> int:
        """Set up the features the group steps read (filters/features.py), computed while
        reading, unless one of them reads traces (a plug-in's `apply`: then each bucket is
        parsed again); the bytes they take per trace in the spool."""
        self.uses = wanted(self.group_steps)
        signature = self.uses is not None and "signature" in self.uses
        exact = self.uses is not None and "exact" in self.uses
        self.batch = FeatureBatch(signature, exact) if self.uses is not None else None
        self.waiting: list[int] = []  # the buckets of the traces in the batch, in order
        return self.batch.record_size if self.batch else 0

    def admit(self, record: Record, loc: Location, spool: Any) -> None:
        self.admit_line(record, loc, dump_line(record)[:-1].encode("utf-8"), spool)

    def admit_line(self, record: Record, loc: Location, line: bytes, spool: Any) -> None:
        _validate(record, loc.path, loc.line, self.needs_prompt)
        self.report.read += 1
        verdict = record.get("check_reason")
        self.report.check_reasons[verdict if isinstance(verdict, str) and verdict
                                  else UNKNOWN] += 1
        reason = self.chain(record)
        if reason is None:
            if self.thoughts.changes:
                check_exportable(record, self.thoughts, path=loc.path, line=loc.line)
            if self.rebuild:
                record["prompt"] = self.blocks.sampled_prompt(record, loc)
                record.pop("few_shot", None)
                line = dump_line(record)[:-1].encode("utf-8")  # changed: written anew
            elif not self.needs_prompt and record.get("few_shot") is not None:
                self._carry(self.blocks, record, loc, self.missing)
            b = spool.add(record["problem_id"], position_of(record), line)
            batch = self.batch
            if batch is not None:
                batch.add(text_of(record), program_key(record) if is_code(record) else None)
                self.waiting.append(b)
                if len(batch.texts) >= batch.SIZE:
                    self._computed(spool)
        elif self.explanation is not None:
            self.explanation.add_line(line, reason)

    def read(self, spool: Any, unique: UniqueIds) -> None:
        reader = BlockReader()
        for block in line_blocks(self.inputs, allow_partial=self.allow_partial):
            self.admit_block(block, reader, spool, unique)

    def admit_block(self, block: LineBlock, reader: BlockReader, spool: Any, ids: Any) -> int:
        """A block's traces admitted as `admit_line` admits each, and their ids handed to
        `ids` (`ids.add_keys(keys, path, lines)`, or `ids.add(record, loc)` each), a block at
        a time: validation, the trace filters, the spool and the features each over the
        whole block. A block with an error (a bad line, a trace that fails a check) is
        admitted again trace by trace, so the error raised is that of the first trace that
        has one, after the ids before it, as reading one at a time raises it (the run ends
        there: what the block left in the spool is never read). Returns the traces read."""
        base = reader.next_line.get(block.path)
        got = reader.block(block)
        if got is not None:
            records, lines, numbers = got
            try:
                keys = self._admit_all(records, lines, numbers, block.path, spool)
            except StarError:
                pass
            else:
                ids.add_keys(keys, block.path, numbers)
                return len(records)
            if base is None:
                reader.next_line.pop(block.path, None)
            else:
                reader.next_line[block.path] = base
        count = 0
        for record, loc, line in reader.records(block):
            self.admit_line(record, loc, line, spool)
            ids.add(record, loc)
            count += 1
        return count

    def _admit_all(self, records: list[Record], lines: list[bytes], numbers: list[int],
                   path: str, spool: Any) -> list[str]:
        """`admit_line` for each trace of a block, in order; their keys (`trace_key`)."""
        needs_prompt = self.needs_prompt
        if needs_prompt:
            for record, number in zip(records, numbers, strict=True):
                _validate(record, path, number, needs_prompt)
        else:
            check_traces(records, path=path, lines=numbers, required=_REQUIRED, fix=_FIX)
        self.report.read += len(records)
        self.report.check_reasons.update([
            verdict if isinstance(verdict, str) and verdict else UNKNOWN
            for verdict in map(_CHECK_REASON, records)])
        reasons = self.chain.block(records)
        kept = [k for k, reason in enumerate(reasons) if reason is None]
        if self.explanation is not None and len(kept) < len(records):
            for k, reason in enumerate(reasons):
                if reason is not None:
                    self.explanation.add_line(lines[k], reason)
        changes, rebuild = self.thoughts.changes, self.rebuild
        if changes or rebuild or not needs_prompt:
            for k in kept:
                record = records[k]
                if changes:
                    check_exportable(record, self.thoughts, path=path, line=numbers[k])
                if rebuild:
                    record["prompt"] = self.blocks.sampled_prompt(record,
                                                                  Location(path, numbers[k]))
                    record.pop("few_shot", None)
                    lines[k] = dump_line(record)[:-1].encode("utf-8")  # changed: written anew
                elif not needs_prompt and record.get("few_shot") is not None:
                    self._carry(self.blocks, record, Location(path, numbers[k]), self.missing)
        survivors = [records[k] for k in kept]
        buckets = spool.add_records(survivors, [lines[k] for k in kept])
        batch = self.batch
        if batch is not None:
            for record in survivors:
                batch.add(text_of(record), program_key(record) if is_code(record) else None)
            self.waiting += buckets
            if len(batch.texts) >= batch.SIZE:
                self._computed(spool)
        return [key if type(key) is str else trace_key(record)
                for key, record in zip(map(_ID, records), records, strict=True)]

    def _computed(self, spool: LineSpool) -> None:
        """The batch's features, each spooled beside its trace."""
        assert self.batch is not None
        for b, data in zip(self.waiting, self.batch.compute(), strict=True):
            spool.add_extra(b, data)
        self.waiting = []

    def read_all(self, spool: Any) -> None:
        self.chain.settle()  # the trace filters' counts, into their stats
        if self.batch is not None:
            self._computed(spool)  # the last batch's features

    def spooled(self) -> None:
        _warn_legacy(self.filters)

    def groups(self, spool: Any) -> Iterator[Emission]:
        selected = self._select(spool, self.group_steps, self.group_stats, self.explanation)
        return self._groups(spool, selected)

    def opened(self, sink: Sink) -> None:
        for block in self.carried.values():
            write_few_shot(sink, block)
        if self.output != "-":
            _remove_stale_explanation(Path(self.output))

    def written(self) -> None:
        warn_surrogates(self.report.surrogates)
        if self.explanation is not None:
            self.explanation.publish(Path(self.output) / DROPPED)

    def _carry(self, blocks: Blocks, record: Record, loc: Location, missing: set[str]) -> None:
        name = blocks.name_of(record, loc)
        if name is None or name in self.carried or name in missing:
            return
        block = blocks.find(name, loc)
        if block is not None:
            self.carried[name] = block
        else:
            missing.add(name)
            log.warning("%s: few-shot block %r is not beside the input; the output names it "
                        "without holding it", loc.path, name)

    def _select(self, spool: LineSpool, steps: list[GroupStep], stats: list[StepStats],
                explain: _Explain | None) -> Selected:
        """Per bucket, per problem (sorted): the traces kept, and their reasoning paths."""
        selected: Selected = []
        for b in range(BUCKETS):
            chosen = []
            if self.uses is None:
                problems = self._by_records(spool, b, steps, stats, explain)
            else:
                problems = self._by_features(spool, b, steps, stats, explain)
            for pid, kept, paths in problems:
                chosen.append(Kept(pid, array("I", kept), array("I", paths)))
            selected.append(chosen)
        if self.config.max_total is not None:
            self._cap_total(selected, spool, explain)
        for problem in (k for bucket in selected for k in bucket):  # after every cut
            self.report.paths.add(len(set(problem.paths)))
        return selected

    def _by_features(self, spool: LineSpool, b: int, steps: list[GroupStep],
                     stats: list[StepStats], explain: _Explain | None
                     ) -> Iterator[tuple[str, list[int], list[int]]]:
        """Bucket `b`'s problems through the group steps, on the features spooled with the
        traces: no trace is parsed again."""
        if self.batch is not None and self.waiting:
            raise AssertionError("features not computed for every trace")
        features = unpack(spool.extra(b), self.batch is not None and self.batch.signature)
        for pid, order in spool.problems(b):
            kept = order
            for step, s in zip(steps, stats, strict=True):
                t0 = time.perf_counter()
                kept, dropped = step.select(features, kept)
                s.seconds += time.perf_counter() - t0
                s.seen += len(kept) + len(dropped)
                s.kept += len(kept)
                if dropped:
                    s.dropped.update([reason for _, reason in dropped])
                    if explain is not None:
                        lines = spool.lines(b)
                        explain.add_lines([lines[n] for n, _ in dropped],
                                          [reason for _, reason in dropped])
            yield pid, kept, path_numbers(features, kept)

    def _by_records(self, spool: LineSpool, b: int, steps: list[GroupStep],
                    stats: list[StepStats], explain: _Explain | None
                    ) -> Iterator[tuple[str, list[int], list[int]]]:
        """Bucket `b`'s problems through group steps that read traces (`apply`): each
        bucket's traces are parsed again, one bucket at a time."""
        lines = spool.lines(b)
        for pid, order in spool.problems(b):
            items = [(n, json.loads(lines[n])) for n in order]
            kept = [r for _, r in items]
            for step, s in zip(steps, stats, strict=True):
                kept, dropped = run_group(step, s, kept)
                if explain is not None:
                    for record, reason in dropped:
                        explain.add(record, reason)
            line_of = {id(r): n for n, r in items}
            yield pid, [line_of[id(r)] for r in kept], path_ids(kept)

    def _cap_total(self, selected: Selected, spool: LineSpool, explain: _Explain | None) -> None:
        """Fair across problems: every problem keeps min(kept, q), the largest q that fits,
        and the slots left over go one each to problems in a fixed, hashed order."""
        cap = self.config.max_total
        assert cap is not None
        counts = {k.problem_id: len(k.lines) for bucket in selected for k in bucket}
        quota = fair_quotas(counts, cap)
        stats = StepStats("max_total")
        self.report.steps.append(stats)
        for b, bucket in enumerate(selected):
            lines = spool.lines(b) if explain is not None else []
            for kept in bucket:
                stats.seen += len(kept.lines)
                cut = kept.cut(quota[kept.problem_id])
                stats.kept += len(kept.lines)
                stats.dropped["max_total"] += len(cut)
                if explain is not None:
                    for n in cut:
                        explain.add_line(lines[n], "max_total")

    def _groups(self, spool: LineSpool, selected: Selected) -> Iterator[Emission]:
        """Each kept problem's export, in the deterministic output order."""
        try:
            for b, bucket in enumerate(selected):
                if not any(kept.lines for kept in bucket):
                    spool.release(b)
                    continue
                lines = spool.lines(b)
                spool.release(b)  # `lines` holds what is left to write of it
                for kept in bucket:
                    if not kept.lines:
                        continue
                    self.report.problems += 1
                    self.report.written += len(kept.lines)
                    yield len(kept.lines), functools.partial(self._export, lines, kept.lines)
        finally:
            spool.settle()

    def _export(self, lines: list[bytes], picked: Sequence[int]) -> list[dict[str, Any]] | bytes:
        if isinstance(self.format, Traces):  # traces pass on as the lines they were read as
            picked_lines = [lines[n] for n in picked]
            picked_lines.append(b"")  # the last newline, without copying the whole again
            return b"\n".join(picked_lines)
        options = ExportOptions(self.config.keep_few_shot, self.thoughts)
        rows = [self.format.row(json.loads(lines[n]), options) for n in picked]
        if self.format.training:
            rows, self.report.surrogates = valid_text(rows, self.report.surrogates)
        return rows

    @functools.cached_property
    def thoughts(self) -> Thoughts:
        return self.config.exporting()

    @functools.cached_property
    def format(self) -> SFTFormat:
        return get_format(self.config.format, SFT)  # type: ignore[return-value]


def _warn_legacy(filters: Sequence[TraceFilter]) -> None:
    """Once per run, not per trace: a whole input from an older star lacks answer_source."""
    for f in filters:
        if isinstance(f, quality.RequireMarker) and f.legacy:
            log.warning("%d %s answer_source (written by an older star), so "
                        "--require-marker dropped them as no_marker; `star check` re-judges "
                        "them and records where each answer was read", f.legacy,
                        "trace predates" if f.legacy == 1 else "traces predate")


def _remove_stale_explanation(out: Path) -> None:
    """An old --explain file would describe another run's drops."""
    (out / DROPPED / "dropped.jsonl").unlink(missing_ok=True)


_FIX = "star filter reads traces, as star generate and star rationalize write them"
# An empty completion (EOS at once) is a trace without an answer, not bad input.
_REQUIRED = ("problem_id", "completion")
_CHECK_REASON = operator.methodcaller("get", "check_reason")
_ID = operator.methodcaller("get", "id")


def _validate(record: Record, path: str, line: int | None, needs_prompt: bool) -> None:
    check_trace(record, path=path, line=line, required=_REQUIRED, fix=_FIX)
    if needs_prompt:
        trace_field(record, "prompt", (str, list), path=path, line=line,
                    fix="needed to export; " + _FIX)


_SPACE_OR_BRACE = (b"", b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c", b"{")  # bytes.rstrip's


class _Explain:
    """Dropped traces with their reason, spooled, then moved to OUT/dropped/ at the end."""

    def __init__(self, root: Path) -> None:
        self.path = root / "dropped.jsonl"
        self.file = open(self.path, "wb")  # noqa: SIM115
        self.count = 0
        self._tails: dict[str, bytes] = {}  # per reason: what ends its lines

    def add(self, record: Record, reason: str) -> None:
        self.file.write(dump_line({**record, "drop_reason": reason}).encode("utf-8"))
        self.count += 1

    def add_lines(self, lines: list[bytes], reasons: list[str]) -> None:
        """`add_line` for each line and its reason, in order, written at once. A line as
        star writes a trace (ending in `}` after no space, not `{}`, no `"drop_reason"`)
        is written as it is up to its `}`, without a copy."""
        parts: list[Any] = []
        tails = self._tails
        for line, reason in zip(lines, reasons, strict=True):
            if line[-1:] == b"}" and line[-2:-1] not in _SPACE_OR_BRACE \
                    and b'"drop_reason"' not in line:
                tail = tails.get(reason)
                if tail is None:
                    tail = tails[reason] = (b'"drop_reason": ' + json.dumps(reason).encode()
                                            + b"}\n")
                parts += (memoryview(line)[:-1], b", ", tail)
                self.count += 1
            else:
                self.file.writelines(parts)
                parts = []
                self.add_line(line, reason)
        self.file.writelines(parts)

    def add_line(self, line: bytes, reason: str) -> None:
        """A dropped trace as it was read (a JSON object's line) with its reason added last,
        as `add` writes it, without parsing or encoding it again."""
        body = line.rstrip()
        if body.endswith(b"}") and b'"drop_reason"' not in body:
            head = body[:-1].rstrip()
            tail = self._tails.get(reason)
            if tail is None:
                tail = self._tails[reason] = (b'"drop_reason": ' + json.dumps(reason).encode()
                                              + b"}\n")
            self.file.write(head + (b", " if not head.endswith(b"{") else b"") + tail)
            self.count += 1
        else:  # a reason already there is replaced in place, as `add` does
            self.add(json.loads(line), reason)

    def publish(self, where: Path) -> None:
        """Replace OUT/dropped/dropped.jsonl as a whole: a reader never sees half of it."""
        import shutil

        self.file.close()
        where.mkdir(parents=True, exist_ok=True)
        tmp = where / ".dropped.jsonl.tmp"
        shutil.move(self.path, tmp)  # a copy when the temp dir is on another device
        os.replace(tmp, where / "dropped.jsonl")
