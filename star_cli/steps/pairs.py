"""`star pairs` as a library call: V-STaR verifier data from labelled traces.

V-STaR (Hosseini et al. 2024) trains its verifier with DPO on every (correct, incorrect)
pair of a problem's solutions, pooled over every iteration. Here:

1. Traces stream in from every input (generate and rationalize outputs, any iteration). A
   correct trace may be *chosen* only if it is finished and does not give the hint away
   (the quality filters of `star filter`); every incorrect trace may be *rejected*.
2. They are spooled by problem (`io/spool.py`, as `star filter` does), and per problem, in
   canonical order, exact duplicates of a rationale are dropped on each side (the first one
   kept); a text found on both sides (contradicting labels) is dropped from both.
3. The pairs of a problem are its chosen x rejected product, enumerated in a balanced order
   (`balanced_pairs`): any prefix of it uses each chosen and each rejected trace as evenly as
   possible, so `--max-pairs-per-problem K` keeps the first K. Each side is ranked by a hash
   of the trace ids first, so a cap samples all iterations and sources alike.
4. `--max-pairs N` caps the total fairly across problems (water-filling, as `star filter
   --max-total`), and the pairs are exported, problem by problem, in a deterministic order:
   `dpo` (TRL preference rows: prompt, chosen, rejected) or `kto` (TRL unpaired rows: prompt,
   completion, label; each trace of the kept pairs once). The prompt is the training prompt
   as `star filter` exports it (`export.py`): hint-free, without exemplars.

Same input, same output, whatever the order of the input files; a rerun into the same OUT
resumes by skipping the records already written.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from star_cli.answers.thinking import DEFAULT_TAG_PAIR, thinking_options
from star_cli.errors import InputError, UsageError
from star_cli.export import (
    KEEP,
    PREFERENCE,
    PreferenceFormat,
    Thoughts,
    check_exportable,
    check_thought_tokens,
    get_format,
    thoughts_for,
)
from star_cli.export.base import Side
from star_cli.export.preference import side
from star_cli.filters import quality
from star_cli.filters.base import Record, StepStats, TraceFilter, fair_quotas, run_filters
from star_cli.filters.features import exact_key
from star_cli.filters.quality import NOT_LABELS
from star_cli.filters.thinking import FinishedThought, ThoughtReader
from star_cli.io.shards import trace_key
from star_cli.io.spool import BUCKETS, Spool, canonical
from star_cli.records import Location, check_trace, utf8
from star_cli.steps.base import (
    Emission,
)
from star_cli.steps.spooled import SpooledRun, valid_text, warn_surrogates

log = logging.getLogger("star_cli")

# Options added after OUTs were first written, with their defaults (steps.base.recorded_config).
ADDED: dict[str, Any] = {"thinking": "auto", "think_tags": DEFAULT_TAG_PAIR,
                         "thoughts": "keep", "thought_tokens": None}
DROPPED = "_star_pairs_dropped"  # a spooled stub: the problem was read, this trace dropped
FIX = "star pairs reads labelled traces, as star generate and star rationalize write them"


@dataclass(frozen=True)
class PairsConfig:
    format: str = "dpo"  # dpo | kto
    chat: bool | None = None  # conversational rows; None: as the traces' prompts are
    finished: bool = True  # a chosen trace must not be cut by max_tokens
    no_hint_leak: bool = True  # nor give the hint away
    max_pairs_per_problem: int | None = None
    max_pairs: int | None = None
    # Thinking models: how thoughts are read, and how the rows write them (export.py).
    thinking: str = "auto"
    think_tags: tuple[str, str] = DEFAULT_TAG_PAIR
    thoughts: str = "keep"
    thought_tokens: tuple[str, str] | None = None

    def exporting(self) -> Thoughts:
        """--thinking, --think-tags, --thoughts and --thought-tokens, checked."""
        return thoughts_for(self.thoughts, self.thought_tokens,
                               thinking_options(self.thinking, self.think_tags))

    def chosen_filters(self) -> list[TraceFilter]:
        """What a correct trace must pass to be chosen (the verdict is the split itself). A
        thought that never closed has no answer, whatever an older star judged from inside
        it, so it is never chosen (as `star filter` drops it)."""
        out: list[TraceFilter] = []
        reading = thinking_options(self.thinking, self.think_tags)
        if not reading.off:
            out.append(FinishedThought(ThoughtReader(reading)))
        if self.finished:
            out.append(quality.Finished())
        if self.no_hint_leak:
            out.append(quality.NoHintLeak())
        return out


def balanced_pairs(chosen: int, rejected: int, n: int | None = None) -> Iterator[tuple[int, int]]:
    """The first `n` (default: all) of the chosen x rejected index pairs, in an order in
    which every prefix uses each chosen and each rejected index as evenly as possible (the
    counts differ by at most one on each side), and which holds every pair exactly once.

    The order runs along diagonals: pair k is (t mod c, (t + d) mod r) with d, t = divmod(k,
    lcm(c, r)). One diagonal holds lcm(c, r) distinct pairs (Chinese remainder theorem) and
    meets every chosen index lcm/c times and every rejected one lcm/r times; the gcd(c, r)
    diagonals are disjoint (j - i = d mod gcd) and together are the whole product."""
    total = chosen * rejected
    n = total if n is None else min(n, total)
    if n <= 0:
        return
    span = math.lcm(chosen, rejected)
    for k in range(n):
        d, t = divmod(k, span)
        yield t % chosen, (t + d) % rejected


@dataclass
class PairsReport:
    read: int = 0  # traces read
    problems: int = 0  # problems read
    with_pairs: int = 0
    only_correct: int = 0  # usable chosen traces, no rejected one
    only_incorrect: int = 0  # rejected traces, no usable chosen one
    unusable: int = 0  # neither: every correct trace dropped, no incorrect one
    chosen: int = 0  # usable traces, after dedup
    rejected: int = 0
    possible: int = 0  # pairs in the Cartesian products
    pairs: int = 0  # pairs kept (for kto: the pairs whose traces were written)
    written: int = 0  # records written
    mixed_prompts: int = 0  # problems whose traces have different training prompts
    surrogates: int = 0  # exported strings whose lone surrogates became U+FFFD
    conversational: bool | None = None
    steps: list[StepStats] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def as_dict(self) -> dict[str, Any]:
        return {"read": self.read, "problems": self.problems,
                "problems_with_pairs": self.with_pairs,
                "problems_only_correct": self.only_correct,
                "problems_only_incorrect": self.only_incorrect,
                "problems_unusable": self.unusable,
                "chosen": self.chosen, "rejected": self.rejected,
                "pairs_possible": self.possible, "pairs": self.pairs, "written": self.written,
                "mixed_prompts": self.mixed_prompts, "conversational": self.conversational,
                "surrogates_replaced": self.surrogates,
                "steps": [s.as_dict() for s in self.steps],
                "seconds": round(time.monotonic() - self.started, 2)}


@dataclass
class Problem:
    """One problem's usable traces (spool line numbers, in pairing order) and how many of
    its balanced pairs are kept."""

    problem_id: str
    chosen: list[int]
    rejected: list[int]
    keep: int


@dataclass
class PairsRun(SpooledRun):
    inputs: list[str]
    output: str
    config: PairsConfig = PairsConfig()
    shard_size: int = 1000
    overwrite: bool = False
    argv: list[str] | None = None
    # --allow-partial: read only the shards of a star input directory that verify.
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    # --tokenizer: the model the exported thought delimiters must be tokens of (a check only).
    tokenizer: str | None = None
    report: PairsReport = field(default_factory=PairsReport)

    @functools.cached_property
    def thoughts(self) -> Thoughts:
        return self.config.exporting()

    @functools.cached_property
    def format(self) -> PreferenceFormat:
        return get_format(self.config.format, PREFERENCE)  # type: ignore[return-value]

    command: ClassVar[str] = "pairs"
    added: ClassVar[dict[str, Any]] = ADDED

    def check(self) -> None:
        _ = self.format  # an unknown --format fails here, before any input is read
        for name in ("max_pairs_per_problem", "max_pairs"):
            value = getattr(self.config, name)
            if value is not None and value < 1:
                raise UsageError(f"--{name.replace('_', '-')} must be at least 1, got {value}")
        check_thought_tokens(self.tokenizer, self.thoughts)  # before any input is read
        self.filters = self.config.chosen_filters()
        self.filter_stats = [StepStats(f.name) for f in self.filters]
        self.dedup = StepStats("dedup_exact")
        self.report.steps = [*self.filter_stats, self.dedup]
        self.seen_chat = self.seen_text = False
        self.unjudged = 0

    def admit(self, record: Record, loc: Location, spool: Spool) -> None:
        """Spool a usable trace (and a stub for a dropped one, so that its problem is
        counted), noting whether the rows will be conversational."""
        prompt = _validate(record, loc.path, loc.line, self.thoughts)
        if isinstance(prompt, list):
            if self.config.chat is False:
                raise InputError("is chat messages, which --text cannot export",
                                 path=loc.path, line=loc.line, field="prompt",
                                 fix="leave out --text: chat prompts give conversational rows")
            self.seen_chat = True
        else:
            self.seen_text = True
        self.report.read += 1
        if record.get("check_reason") in NOT_LABELS:  # no label: neither chosen nor rejected
            spool.add({"problem_id": record["problem_id"], DROPPED: record["check_reason"]})
            self.unjudged += 1
            return
        if record["correct"] is True:
            reason = run_filters(self.filters, self.filter_stats, record)
            if reason is not None:
                spool.add({"problem_id": record["problem_id"], DROPPED: reason})
                return
        spool.add(record)

    def spooled(self) -> None:
        if self.seen_chat and self.seen_text and self.config.chat is None:
            log.info("the traces have both text and chat prompts: writing conversational "
                     "rows (text prompts as messages)")
        chat = self.config.chat
        self.report.conversational = self.seen_chat if chat is None else chat

    def groups(self, spool: Spool) -> Iterator[Emission]:
        selected = self._select(spool, self.dedup)
        return self._groups(spool, selected, bool(self.report.conversational))

    def written(self) -> None:
        warn_surrogates(self.report.surrogates)
        if self.unjudged:
            log.info("%d traces are no label (judge_error): used on neither side",
                     self.unjudged)
        if self.report.mixed_prompts:
            log.warning("%d problems have traces with different training prompts; each pair "
                        "takes its chosen trace's prompt", self.report.mixed_prompts)

    def _select(self, spool: Spool, dedup: StepStats) -> list[list[Problem]]:
        """Per bucket, per problem (sorted by id): the usable traces of each side, deduped and
        ranked, and the number of pairs kept."""
        selected: list[list[Problem]] = []
        cap = self.config.max_pairs_per_problem
        per_problem = StepStats("max_pairs_per_problem") if cap is not None else None
        for b in range(BUCKETS):
            lines = spool.lines(b)
            bucket = []
            for pid, items in spool.problems(b):
                self.report.problems += 1
                chosen, rejected = _sides([(n, r) for n, r in items if DROPPED not in r], dedup)
                c, r = len(chosen), len(rejected)
                self.report.chosen += c
                self.report.rejected += r
                self.report.possible += c * r
                if c and r:
                    self.report.with_pairs += 1
                elif c:
                    self.report.only_correct += 1
                elif r:
                    self.report.only_incorrect += 1
                else:
                    self.report.unusable += 1
                keep = c * r if cap is None else min(c * r, cap)
                if per_problem is not None:
                    _count(per_problem, c * r, keep, "max_pairs_per_problem")
                rank = _ranked(lines)
                bucket.append(Problem(pid, rank(chosen), rank(rejected), keep))
            selected.append(bucket)
        if per_problem is not None:
            self.report.steps.append(per_problem)
        if self.config.max_pairs is not None:
            self._cap_total(selected)
        return selected

    def _cap_total(self, selected: list[list[Problem]]) -> None:
        """Fair across problems: each keeps the first pairs of its balanced order, min(kept,
        q) of them, the slots left over going to problems in a fixed, hashed order."""
        cap = self.config.max_pairs
        assert cap is not None
        counts = {p.problem_id: p.keep for bucket in selected for p in bucket if p.keep}
        quota = fair_quotas(counts, cap)
        stats = StepStats("max_pairs")
        for p in (p for bucket in selected for p in bucket if p.keep):
            _count(stats, p.keep, quota[p.problem_id], "max_pairs")
            p.keep = quota[p.problem_id]
        self.report.steps.append(stats)

    def _groups(self, spool: Spool, selected: list[list[Problem]], chat: bool
                ) -> Iterator[Emission]:
        """Each problem's rows, in the deterministic output order (built here, since the
        report counts them)."""
        for b, bucket in enumerate(selected):
            if not any(p.keep for p in bucket):
                continue
            lines = spool.lines(b)
            for p in bucket:
                if not p.keep:
                    continue
                rows = self._rows(p, lines, chat)
                self.report.pairs += p.keep
                self.report.written += len(rows)
                yield len(rows), functools.partial(list, rows)

    def _rows(self, p: Problem, lines: list[str], chat: bool) -> list[dict[str, Any]]:
        pairs = list(balanced_pairs(len(p.chosen), len(p.rejected), p.keep))
        used_c = sorted({i for i, _ in pairs})
        used_r = sorted({j for _, j in pairs})
        chosen = {i: self._side(lines[p.chosen[i]], chat) for i in used_c}
        rejected = {j: self._side(lines[p.rejected[j]], chat) for j in used_r}
        prompts = {json.dumps(e.prompt, sort_keys=True) for e in (*chosen.values(),
                                                                  *rejected.values())}
        self.report.mixed_prompts += len(prompts) > 1
        rows = self.format.rows(p.problem_id, chosen, rejected, pairs)
        if self.format.training:
            rows, self.report.surrogates = valid_text(rows, self.report.surrogates)
        return rows

    def _side(self, line: str, chat: bool) -> Side:
        trace = json.loads(line)
        return side(trace, trace_key(trace), chat, self.thoughts)


def _validate(record: Record, path: str, line: int | None, thoughts: Thoughts = KEEP) -> Any:
    """The fields a pair needs (and a thought the rows can write); returns the prompt."""
    # An empty completion (EOS at once) is an incorrect trace, not bad input.
    check_trace(record, path=path, line=line,
                required=("problem_id", "completion", "correct", "prompt"), fix=FIX)
    prompt = record["prompt"]
    if isinstance(prompt, list) and not prompt:
        raise InputError("is an empty list of messages", path=path, line=line,
                         field="prompt", fix=FIX)
    check_exportable(record, thoughts, path=path, line=line)
    return prompt


def _sides(items: list[tuple[int, Record]], stats: StepStats
           ) -> tuple[list[tuple[int, Record]], list[tuple[int, Record]]]:
    """A problem's chosen and rejected traces (canonical order in, first kept): exact
    duplicates dropped within each side, and a text on both sides dropped from both."""
    t0 = time.perf_counter()
    stats.seen += len(items)
    sides: tuple[dict[bytes, tuple[int, Record]], ...] = ({}, {})
    for n, record in items:
        side = sides[0 if record["correct"] is True else 1]
        key = exact_key(record)
        if key in side:
            stats.dropped["exact_duplicate"] += 1
        else:
            side[key] = (n, record)
    both = sides[0].keys() & sides[1].keys()
    if both:
        stats.dropped["both_labels"] += 2 * len(both)
    chosen = [v for k, v in sides[0].items() if k not in both]
    rejected = [v for k, v in sides[1].items() if k not in both]
    stats.kept += len(chosen) + len(rejected)
    stats.seconds += time.perf_counter() - t0
    return chosen, rejected


def _ranked(lines: list[str]) -> Any:
    """Pairing order: a hash of each trace's id (then the canonical order, for equal ids),
    so a cap draws from every iteration and source, whatever the order of the inputs."""
    def rank(side: list[tuple[int, Record]]) -> list[int]:
        def key(item: tuple[int, Record]) -> tuple[Any, ...]:
            digest = hashlib.blake2b(utf8(trace_key(item[1])), digest_size=8).digest()
            return (digest, canonical(item[1], lines[item[0]]))
        return [n for n, _ in sorted(side, key=key)]
    return rank


def _count(stats: StepStats, seen: int, kept: int, reason: str) -> None:
    stats.seen += seen
    stats.kept += kept
    if seen > kept:
        stats.dropped[reason] += seen - kept
