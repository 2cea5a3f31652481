"""`star score` as a library call: add each trace's score under a verifier (and a reference).

Every trace gains `verifier_score` (the summed log-probability of its `rationale` given its
training `prompt`, or a reward model's scalar with `kind="reward-model"`) and
`verifier_tokens` (the rationale tokens scored); with a reference model also
`reference_score`, so the DPO reward beta * (verifier_score - reference_score) can be used.
What is scored is the sequence a trainer sees (see `star_cli.verifier`): text prompts get the
EOS token after the rationale unless `eos=False`; chat prompts the chat template. An empty
rationale is scored like any other (its EOS or end-of-turn tokens); one that adds no token
at all (empty, with eos off) scores 0.0 with 0 tokens. Every other field passes through.

Order of work: all input is read and validated first (spooled to a temporary file, so stdin
works and a bad line 900,000 fails before anything is loaded or written), then the
models load, and only then does OUT change. Into a directory the run resumes by trace id:
a rerun scores exactly the traces OUT lacks, whatever the inputs' order; a trace given twice
is scored once. `num_shards`/`shard_index` split the traces by a stable hash of their
problem id, so ranks of a cluster job score one input into one shared OUT.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from star_cli.errors import InputError, UsageError
from star_cli.export import to_prompt_completion
from star_cli.io.digests import digest
from star_cli.io.files import dump_line, json_text
from star_cli.io.hub import local_fingerprint
from star_cli.io.readers import UniqueIds, read_records
from star_cli.io.scratch import scratch_dir
from star_cli.io.shards import trace_key
from star_cli.io.sink import Sink, make_sink
from star_cli.io.units import Reading, content_of, entry, source_id
from star_cli.records import Location, check_trace, trace_field, utf8
from star_cli.steps import prm
from star_cli.steps.base import RunFrame, as_text, check_resume_changed, held_of
from star_cli.steps.prm import PRM
from star_cli.steps.problems import in_slice

log = logging.getLogger("star_cli")

BLOCK = 1024  # traces scored per verifier call: sorted by length inside, so padding is small
FIX = "star score reads traces, as star generate writes them"


@dataclass
class ScoreStats:
    problems: int = 0
    scored: int = 0
    tokens: int = 0  # rationale tokens scored by the verifier
    total: int = 0  # traces this run has to score
    skipped: int = 0  # already in OUT
    repeated: int = 0  # given twice in the input: scored once
    score_sum: float = 0.0
    mismatches: int = 0  # tokenized prompt not a prefix of prompt + rationale
    started: float = field(default_factory=time.monotonic)
    kind: str = "logprob"  # prm: `tokens` counts steps, `score_sum` sums prm_min

    def as_dict(self, prior: dict[str, Any] | None = None) -> dict[str, Any]:
        """Totals over every run into OUT: this one plus `prior` (a resumed run's)."""
        now = {"scored_problems": self.problems, "scored": self.scored,
               "verifier_tokens": self.tokens, "score_sum": self.score_sum,
               "prefix_mismatches": self.mismatches,
               "seconds": time.monotonic() - self.started}
        total = {k: v + ((prior or {}).get(k) or 0) for k, v in now.items()}
        total["seconds"] = round(total["seconds"], 2)
        total["mean_verifier_score"] = (round(total["score_sum"] / total["scored"], 6)
                                        if total["scored"] else None)
        if self.kind == PRM:
            total["prm_steps"] = total.pop("verifier_tokens")
            total["mean_prm_min"] = total.pop("mean_verifier_score")
        return total

    def rate(self) -> float:
        return self.tokens / max(time.monotonic() - self.started, 1e-9)

    def summary(self) -> str:
        mean = f"{self.score_sum / self.scored:.4g}" if self.scored else "n/a"
        if self.kind == PRM:
            return (f"scored {self.scored} traces of {self.problems} problems: {self.tokens} "
                    f"steps, mean prm_min {mean}")
        return (f"scored {self.scored} traces of {self.problems} problems: {self.tokens} "
                f"rationale tokens ({self.rate():.0f} tok/s), mean verifier_score {mean}")


@dataclass
class ScoreRun:
    inputs: list[str]
    output: str
    verifier: str
    reference: str | None = None
    kind: str = "logprob"
    engine: str = "transformers"
    eos: bool = True
    dtype: str | None = None
    device: str | None = None
    batch_size: int = 8
    engine_options: dict[str, Any] = field(default_factory=dict)
    num_shards: int = 1
    shard_index: int = 0
    block: int = BLOCK
    shard_size: int = 1000
    overwrite: bool = False
    quiet: bool = False
    argv: list[str] | None = None
    # --allow-partial: read only the shards of a star input directory that verify.
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    step_sep: str | None = None  # --kind prm: how rationales without `steps` are cut
    # --resume-changed: a rerun over changed input removes the scored traces whose input
    # trace changed or is gone, and scores them (and only them) again.
    resume_changed: bool = False

    def execute(self) -> ScoreStats:
        self._check()
        stats = ScoreStats(kind=self.kind)
        self._units = bytearray()  # the unit log's entries of the spooled traces, in order
        with RunFrame(self._sink()) as run, \
                scratch_dir("score") as tmp:
            run.check_inputs(self.inputs, self.verify_input,
                             resume_changed=self.resume_changed, resumable=True)
            done = run.committed.ids
            if self.resume_changed:
                drop = run.find_stale(self._now(), held_of(done), trace_key)
                done = {k for k in done if digest(k) not in drop} if drop else done
            spool = Path(tmp) / "todo.jsonl"
            with spool.open("w", encoding="utf-8") as f:
                self._spool(f, done, stats)  # bad input fails here, OUT untouched
            if stats.skipped:
                log.info("resuming: %d traces already scored in %s", stats.skipped,
                         self.output)
            if stats.total == 0:
                run.open()
                run.stats = stats.as_dict(run.prior)
                return stats
            # The models load before OUT is touched: a bad path leaves it as it was.
            models = self._load()
            try:
                run.open()
                run.sink.live_stats = as_text(partial(stats.as_dict, run.prior))  # kills keep
                try:
                    with spool.open(encoding="utf-8") as f:
                        self._score(f, models, run.sink, stats)
                finally:
                    run.stats = stats.as_dict(run.prior)
            finally:
                for m in models:
                    m.close()
        return stats

    # -- options ---------------------------------------------------------------------------
    def _check(self) -> None:
        from star_cli.answers.segment import step_sep
        from star_cli.verifier import ENGINES, KINDS

        if not self.inputs:
            raise UsageError("no input: give trace files or star output directories, or -")
        if self.kind not in (*KINDS, PRM):
            raise UsageError(f"unknown --kind {self.kind!r}; choose "
                             f"{', '.join(KINDS)} or {PRM}")
        if self.kind == PRM and (self.reference or self.engine not in ("auto", "transformers")):
            raise UsageError("--kind prm scores with --engine transformers, without --reference")
        self.sep = step_sep(self.step_sep)
        if self.engine not in ENGINES:
            raise UsageError(f"unknown --engine {self.engine!r}; choose from "
                             f"{', '.join(ENGINES)}")
        if self.kind == "reward-model" and self.engine not in ("auto", "transformers"):
            raise UsageError("--kind reward-model scores with --engine transformers only")
        if self.batch_size < 1 or self.block < 1 or self.shard_size < 1:
            raise UsageError("--batch-size and --shard-size must be at least 1")
        if self.num_shards < 1 or not 0 <= self.shard_index < self.num_shards:
            raise UsageError(f"--shard-index must be in [0, {self.num_shards}) for "
                             f"--num-shards {self.num_shards}, got {self.shard_index}")
        check_resume_changed(self.resume_changed, self.overwrite, self.output)

    def identity(self) -> dict[str, Any]:
        """What decides the scores written; a resume must match it: other weights under the
        same local path score otherwise (io/hub.py)."""
        identity = {"verifier": self.verifier, "reference": self.reference, "kind": self.kind,
                    "engine": self.engine, "eos": self.eos, "dtype": self.dtype}
        files = {name: fp for name, model in (("verifier", self.verifier),
                                              ("reference", self.reference))
                 if model and (fp := local_fingerprint(model)) is not None}
        if files:
            identity["model_files"] = files
        if self.kind == PRM:
            identity["step_sep"] = self.sep.spec
        return identity

    def _sink(self) -> Sink:
        scope = {"inputs": [i if i == "-" else str(Path(i).resolve()) for i in self.inputs],
                 "num_shards": self.num_shards, "shard_index": self.shard_index}
        return make_sink(self.output, command="score", config=self.identity(),
                         shard_size=self.shard_size, rank=self.shard_index,
                         num_ranks=self.num_shards, overwrite=self.overwrite,
                         argv=self.argv, scope=scope)

    def _load(self) -> list[Any]:
        from star_cli.verifier import Verifier

        options = dict(self.engine_options)
        if self.reference and self.engine == "vllm" and \
                options.get("gpu_memory_utilization") is None:
            # Two vLLM engines share the GPU: each takes half of vLLM's default 0.9.
            options["gpu_memory_utilization"] = 0.45
        if self.kind == PRM:
            from star_cli.verifier import ProcessVerifier

            return [ProcessVerifier(self.verifier, self.engine, batch_size=self.batch_size,
                                    device=self.device, dtype=self.dtype)]
        common = dict(engine=self.engine, kind=self.kind, eos=self.eos, dtype=self.dtype,
                      device=self.device, batch_size=self.batch_size)
        models = [Verifier(self.verifier, **common, **options)]
        if self.reference:
            try:
                models.append(Verifier(self.reference, **common, **options))
            except BaseException:
                models[0].close()
                raise
        return models

    # -- reading -----------------------------------------------------------------------------
    def _records(self) -> Iterator[tuple[dict[str, Any], Location, int]]:
        """Every input trace, with where it is and the input it was read from (its source
        in the unit log)."""
        for path in self.inputs:
            source = source_id(path) if path != "-" else 0
            for record, loc in read_records([path], allow_partial=self.allow_partial):
                yield record, loc, source

    def _mine(self, record: dict[str, Any]) -> bool:
        return in_slice(record, self.num_shards, self.shard_index)

    def _now(self) -> Reading:
        """--resume-changed: this rank's traces as the input holds them now."""
        # With --allow-partial a damaged input shard is skipped: its traces are not gone.
        now = Reading({source_id(p) for p in self.inputs}, whole=not self.allow_partial)
        for record, _, source in self._records():
            if self._mine(record):
                now.extend(entry(trace_key(record), source, _content(record)))
        return now

    def _spool(self, f: IO[str], done: set[str], stats: ScoreStats) -> None:
        """Validate every input trace; write the ones to score, in input order, to `f`
        (and their unit log entries to `self._units`)."""
        needs_id = self.output != "-"
        unique = UniqueIds(self.inputs, allow_partial=self.allow_partial)
        for record, loc, source in self._records():
            _validate(record, loc, needs_id)
            if self.kind == PRM:
                prm.check_record(record, loc)
            unique.add(record, loc)
            if not self._mine(record):
                continue
            key = trace_key(record)
            if key in done:
                stats.skipped += 1
                continue
            f.write(dump_line(record))
            self._units += entry(key, source, _content(record))
            stats.total += 1

    # -- scoring -----------------------------------------------------------------------------
    def _score(self, f: IO[str], models: list[Any], sink: Any, stats: ScoreStats) -> None:
        verifier, reference = models[0], (models[1] if len(models) > 1 else None)
        last = time.monotonic()
        self._logged = 0  # records whose unit log entries were handed to the sink
        for block in _blocks(f, self.block):
            records = [r for group in block for r in group]
            if self.kind == PRM:
                self._score_prm(block, records, verifier, sink, stats)
                continue
            pairs = [scored_pair(r) for r in records]
            scores = verifier.score_pairs(pairs)
            refs = reference.score_pairs(pairs) if reference is not None else None
            stats.mismatches = verifier.mismatches  # (found while scoring: before the writes)
            k = 0
            for group in block:
                out = []
                for record in group:
                    s = scores[k]
                    added = {"verifier_score": s.value, "verifier_tokens": s.tokens}
                    if refs is not None:
                        added["reference_score"] = refs[k].value
                    out.append({**record, **added})
                    stats.scored += 1
                    stats.tokens += s.tokens
                    stats.score_sum += s.value
                    k += 1
                stats.problems += 1  # (counted as written: the writer logs the totals)
                sink.write_group(out, self._units_of(len(out)))
            now = time.monotonic()
            if not self.quiet and now - last >= 5:
                last = now
                self._progress(stats)
        if not self.quiet and stats.scored:
            self._progress(stats)

    def _score_prm(self, block: list[list[dict[str, Any]]], records: list[dict[str, Any]],
                   verifier: Any, sink: Any, stats: ScoreStats) -> None:
        """Each trace's steps under the process verifier (steps/prm.py)."""
        from star_cli.answers.thinking import ThinkingOptions

        probs = iter(verifier.score_many(prm.items(records, self.sep, ThinkingOptions())))
        for group in block:
            out = []
            for record in group:
                added = prm.fields(next(probs))
                out.append({**record, **added})
                stats.scored += 1
                stats.tokens += len(added["prm_steps"])
                stats.score_sum += added["prm_min"]
            stats.problems += 1
            sink.write_group(out, self._units_of(len(out)))

    def _units_of(self, count: int) -> bytes:
        """The unit log entries of the next `count` spooled traces (written in spool
        order)."""
        start, self._logged = self._logged, self._logged + count
        return bytes(self._units[32 * start : 32 * self._logged])

    def _progress(self, stats: ScoreStats) -> None:
        elapsed = time.monotonic() - stats.started
        left = stats.total - stats.scored
        eta = left * elapsed / stats.scored if stats.scored else 0.0
        log.info("scored %d/%d traces, %.0f %s/s, ETA %d:%02d:%02d", stats.scored,
                 stats.total, stats.rate(), "steps" if self.kind == PRM else "tok",
                 eta // 3600, eta % 3600 // 60, eta % 60)


def _validate(record: dict[str, Any], loc: Location, needs_id: bool) -> None:
    """A trace to score: a `prompt` (text, or chat messages) and a `rationale` string (and a
    `problem_id` when writing a directory, whose shards hold whole problems)."""
    if needs_id:
        trace_field(record, "problem_id", (str,), path=loc.path, line=loc.line,
                    fix="needed to resume a directory; or -o -")
    check_trace(record, path=loc.path, line=loc.line, fix=FIX)
    prompt = trace_field(record, "prompt", (str, list), path=loc.path, line=loc.line, fix=FIX)
    if isinstance(prompt, list) and not (prompt and all(_message(m) for m in prompt)):
        raise InputError("must be a text or a non-empty list of {role, content} messages",
                         path=loc.path, line=loc.line, field="prompt", fix=FIX)
    trace_field(record, "rationale", (str,), path=loc.path, line=loc.line, fix=FIX,
                empty_ok=True)


def _content(record: dict[str, Any]) -> bytes:
    """A trace's content digest: its JSON re-serialised with sorted keys (the file may be
    JSONL, Parquet or a star directory: the parsed record is what all of them share)."""
    return content_of(utf8(json_text(record, sort_keys=True)))


def _message(m: Any) -> bool:
    return (isinstance(m, dict) and isinstance(m.get("role"), str)
            and isinstance(m.get("content"), (str, list)))


def scored_pair(trace: dict[str, Any]) -> tuple[Any, str]:
    """(prompt, completion) as a verifier was trained on them: for a text prompt, exactly what
    `star pairs` (and `star filter --format prompt-completion`) export, the completion with
    its leading space; a chat prompt with the rationale as the assistant's content."""
    if isinstance(trace["prompt"], str):
        pc = to_prompt_completion(trace)
        return pc["prompt"], pc["completion"]
    return trace["prompt"], trace["rationale"]


def _blocks(f: IO[str], size: int) -> Iterator[list[list[dict[str, Any]]]]:
    """Blocks of about `size` traces, as runs of consecutive traces of one problem (a
    trace without a problem_id is a group of its own)."""
    block: list[list[dict[str, Any]]] = []
    group: list[dict[str, Any]] = []
    count = 0
    key: Any = None
    for line in f:
        record = json.loads(line)
        k = record.get("problem_id")
        if group and (k is None or k != key):
            block.append(group)
            count += len(group)
            group = []
            if count >= size:
                yield block
                block, count = [], 0
        group.append(record)
        key = k
    if group:
        block.append(group)
    if block:
        yield block
