"""A whole `star generate` run: read, validate, open the output, load the engine, sample.

The order matters for safety: every input record is validated and the output directory is
checked before a model is loaded, and the engine is loaded before anything is marked done.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from star_cli.answers.thinking import DEFAULT_TAGS, thinking_options
from star_cli.engines.base import Engine, Sampling
from star_cli.engines.registry import resolve
from star_cli.errors import UsageError
from star_cli.io.digests import digest
from star_cli.io.hub import local_fingerprint
from star_cli.io.readers import read_hf_dataset, read_records
from star_cli.io.sink import Sink, make_sink
from star_cli.io.units import Reading, entry, source_id
from star_cli.records import Location, Problem
from star_cli.registry import TASKS, known_checker, make_checker
from star_cli.steps.base import RunFrame, check_resume_changed, checker_identity, held_of
from star_cli.steps.problems import Scope, content_key, load_problems
from star_cli.steps.sampling import GenerateConfig, Reporter, Stats, generate
from star_cli.tasks import GenericOptions, PromptOptions, Task, get_task

log = logging.getLogger("star_cli")

# Engine options that change what is sampled, and so belong to the run's identity (each left
# out when unset, so that outputs written before an option existed still resume).
_OUTPUT_AFFECTING = ("dtype", "max_model_len", "engine_args", "chat_template_kwargs")


@dataclass
class GenerateRun:
    inputs: list[str]
    task: str
    model: str
    output: str
    dataset: str | None = None
    dataset_config: str | None = None
    split: str = "train"
    generic: dict[str, Any] = field(default_factory=dict)
    checker: str | None = None  # --checker: another checker than the preset's (generic's own)
    selection: dict[str, Any] = field(default_factory=dict)
    engine: str = "auto"
    engine_options: dict[str, Any] = field(default_factory=dict)
    sampling: dict[str, Any] = field(default_factory=dict)
    few_shot: int | None = None
    chat: bool = False
    check_timeout: float = 5.0  # not part of the identity: it only bounds pathological checks
    iteration: int = 0
    chunk_size: int = 256
    shard_size: int = 1000
    overwrite: bool = False
    quiet: bool = False
    argv: list[str] | None = None
    # Options for a checker that takes them (`judge`: its JudgeConfig; `code`: its sandbox).
    checker_options: dict[str, Any] = field(default_factory=dict)
    # Options of a task that takes them (`code`: which hint rationalize shows).
    task_options: dict[str, Any] = field(default_factory=dict)
    # --allow-partial: read only the shards of a star input directory that verify.
    allow_partial: bool = False
    # --verify-input: fingerprint whole input files, not their size and ends only.
    verify_input: bool = False
    thinking: str = "auto"  # --thinking: auto, on or off (answers/thinking.py)
    think_tags: tuple[str, str] | None = None  # --think-tags START END (default <think> ...)
    # Progress goes to an object the caller builds (the CLI: a bar or log lines on stderr);
    # nothing below cli/ builds a display. A Python caller gets none unless it passes one.
    reporter: Reporter | None = None
    command = "generate"  # the manifest's command; a rationalize run says so
    hinted = False  # rationalize: the engine sees the gold answer as a hint
    # The engine that ran (`auto` resolved): in the scope, not the identity, so a rerun with
    # --engine auto that resolves the same way, or not, still resumes.
    engine_used: str | None = None
    # --resume-changed: a rerun over changed input removes the traces of the problems whose
    # input record changed (as the task reads it) or is gone, and samples them again.
    resume_changed: bool = False

    def __post_init__(self) -> None:
        """The same errors for a Python caller as for the CLI, before anything is read."""
        s = self.sampling
        if s.get("n", 1) < 1:
            raise UsageError(f"-n/--samples must be at least 1, got {s['n']}")
        if s.get("temperature", 0) < 0:
            raise UsageError(f"--temperature must be >= 0, got {s['temperature']}")
        if not 0 < s.get("top_p", 1) <= 1:
            raise UsageError(f"--top-p must be in (0, 1], got {s['top_p']}")
        if s.get("max_tokens", 1) < 1:
            raise UsageError(f"--max-tokens must be at least 1, got {s['max_tokens']}")
        if self.chunk_size < 1 or self.shard_size < 1:
            raise UsageError("--chunk-size and --shard-size must be at least 1")
        if self.check_timeout <= 0:
            raise UsageError(f"--check-timeout must be positive, got {self.check_timeout:g}")
        if self.few_shot is not None and self.few_shot < 0:
            raise UsageError(f"--few-shot must be 0 or more, got {self.few_shot}")
        self.reading = thinking_options(self.thinking, self.think_tags)
        if self.engine_options.get("chat_template_kwargs") and not self.chat:
            # Text prompts never go through a chat template: the variables would do nothing.
            raise UsageError("--chat-template-kwarg sets variables of the model's chat template, "
                             "which only chat prompts go through: add --chat")
        if self.checker is not None:
            known_checker(self.checker)  # an unknown name fails here, before any work
        check_resume_changed(self.resume_changed, self.overwrite, self.output)
        if self.resume_changed and self.dataset:
            raise UsageError(f"--resume-changed compares each input record with the one OUT's "
                             f"traces were sampled from: --dataset {self.dataset} is not "
                             "fingerprinted; give the problems as files")
        self._units: dict[str, bytes] = {}  # problem id -> its unit log entry

    def execute(self) -> Stats:
        options_type = TASKS.get(self.task).options_type
        options = (GenericOptions(**self.generic) if options_type is GenericOptions
                   else options_type(**self.task_options) if options_type else None)
        task_ = get_task(self.task, options)
        if self.checker is not None and self.task != "generic":
            task_.checker = make_checker(self.checker, **self.checker_options)
        elif not task_.checker.local:  # a sandbox or a server: built from the run's options
            task_.checker = type(task_.checker).from_options(**self.checker_options)
        task_.checker = task_.checker.with_timeout(self.check_timeout)
        problems = self._problems(task_)
        engine_cls = resolve(self.engine)
        self.engine_used = engine_cls.name or self.engine  # `auto` resolved, for the manifest
        with RunFrame(self._sink()) as run:  # OUT checked, its lock taken, nothing written
            done = self.stale_dropped(run, problems)
            todo = sum(p.id not in done for p in problems)
            if done:
                log.info("resuming: %d of %d problems already done", len(problems) - todo,
                         len(problems))
            if todo == 0:
                run.open()
                return Stats(total=0, skipped=len(problems))
            # The engine loads before OUT is touched: a bad model path or a missing package
            # leaves a new OUT uncreated and an old one (even with --overwrite) intact.
            engine = engine_cls(self.model, **self._engine_kwargs())
            try:
                run.open()
                return self._sample(problems, task_, engine, run, set(done))
            finally:
                engine.close()

    def stale_dropped(self, run: RunFrame, problems: list[Problem]) -> dict[str, str | None]:
        """The problems OUT holds, checked against the input: a changed gold or input is
        refused, or with --resume-changed the stale ones are forgotten as done (and their
        traces removed when OUT opens)."""
        done = run.committed.problems
        if not self.resume_changed:
            _check_golds(problems, done)  # the most precise refusal first: which gold changed
        run.check_inputs(self.read_inputs(), self.verify_input,
                         resume_changed=self.resume_changed, resumable=True)
        if not self.resume_changed:
            return done
        drop = run.find_stale(self._now(), held_of(done), problem_of)
        return {k: v for k, v in done.items() if digest(k) not in drop} if drop else done

    def _now(self) -> Reading:
        """--resume-changed: every problem read (this rank's), by id and content. Problems
        past --skip and --limit are not read, nor those of a damaged shard --allow-partial
        skips: with any of them, none is known to be gone."""
        scope = self.selection
        whole = not scope.get("skip") and scope.get("limit") is None and not self.allow_partial
        now = Reading({source_id(p) for p in self.inputs}, whole=whole)
        for packed in self._units.values():
            now.extend(packed)
        return now

    def _engine_kwargs(self) -> dict[str, Any]:
        """The engine's options; other delimiters than `<think>`/`</think>` are passed on as
        `think_tags`, so an engine that writes a server's separate thought back into the
        text (openai) writes the ones this run reads. Left out at the default, so an engine
        of the user's that takes fixed keywords is not handed an option it does not know."""
        options = dict(self.engine_options)
        if self.reading.tags != DEFAULT_TAGS and "think_tags" not in options:
            options["think_tags"] = (self.reading.tags.start, self.reading.tags.end)
        return options

    def _records(self) -> Iterator[tuple[dict[str, Any], Location]]:
        if self.dataset and self.inputs:
            raise UsageError("give input files or --dataset, not both")
        if self.dataset:
            return read_hf_dataset(self.dataset, self.dataset_config, self.split)
        if not self.inputs:
            raise UsageError("no input: give problem files, - for stdin, or --dataset NAME")
        return read_records(self.inputs, allow_partial=self.allow_partial)

    def _problems(self, task_: Task) -> list[Problem]:
        return self._load_problems(task_)

    def _load_problems(self, task_: Task) -> list[Problem]:
        located: dict[str, Location] = {}
        sources: dict[str, int] = {}  # a record's file -> the input it was read from
        problems = load_problems(self._sourced(sources), task_, Scope(**self.selection),
                                 located)
        if not problems:
            raise UsageError("no problems selected (check --skip, --limit and the input)")
        for p in problems:  # what each problem's traces are computed from (io/units.py)
            source = sources.get(located[p.id].path, 0) if p.id in located else 0
            self._units[p.id] = entry(p.id, source, bytes.fromhex(content_key(p)))
        return problems

    def _sourced(self, sources: dict[str, int]) -> Iterator[tuple[dict[str, Any], Location]]:
        """`_records`, noting which input each record's file belongs to (a star directory's
        shards all belong to the directory given)."""
        if self.dataset:
            source = source_id(f"dataset:{self.dataset}/{self.dataset_config}/{self.split}")
            for record, loc in self._records():
                sources.setdefault(loc.path, source)
                yield record, loc
            return
        self._records()  # the checks it makes (no input; files and --dataset)
        for path in self.inputs:
            source = source_id(path) if path != "-" else 0
            for record, loc in read_records([path], allow_partial=self.allow_partial):
                sources.setdefault(loc.path, source)
                yield record, loc

    def _sink(self) -> Sink:
        return make_sink(
            self.output, command=self.command, config=self.identity(),
            shard_size=self.shard_size, rank=self.selection.get("shard_index", 0),
            num_ranks=self.selection.get("num_shards", 1), overwrite=self.overwrite,
            argv=self.argv, scope=self.scope(),
        )

    def _sample(self, problems: list[Problem], task_: Task, engine: Engine, run: RunFrame,
                done: set[str]) -> Stats:
        config = GenerateConfig(
            sampling=Sampling(stop=self._engine_stops(task_), **self.sampling),
            prompt=PromptOptions(few_shot=self.few_shot, chat=self.chat, hinted=self.hinted),
            iteration=self.iteration, chunk_size=self.chunk_size, source=self.command,
            thinking=self.reading,
        )
        try:
            return generate(problems, task_, engine, run.sink, config, done=done,
                            reporter=self.reporter, prior=run.prior,
                            units=lambda p: self._units.get(p.id, b""))
        finally:
            if self.reporter is not None:
                self.reporter.close()

    def _engine_stops(self, task_: Task) -> tuple[str, ...]:
        """The stop sequences the engine is given. A thought may hold a line starting `Q:`,
        and an engine stops at it wherever it is, leaving the thought unclosed (the trace
        reads as unfinished). Chat prompts have no next few-shot question to stop before, so
        when thoughts are read the engine gets none, and star cuts the task's stops from the
        answer part only (`generate._judge`). Text prompts keep them: there the run-on into
        the next question is the usual case, and stopping it saves the tokens."""
        return () if self.chat and not self.reading.off else task_.stop

    def scope(self) -> dict[str, Any]:
        """Which problems this run covers. It may change between runs (a --limit 100 smoke
        test, then the full set): records already in OUT stay valid for their problems."""
        return {
            "inputs": [i if i == "-" else str(Path(i).resolve()) for i in self.inputs],
            "dataset": self.dataset,
            "dataset_config": self.dataset_config,
            "split": self.split if self.dataset else None,
            **self.selection,
            "engine_used": self.engine_used,
        }

    def read_inputs(self) -> list[str]:
        """The files and directories this run reads (fingerprinted: io/fingerprint.py)."""
        return list(self.inputs)

    def identity(self) -> dict[str, Any]:
        """The options that decide what lands in OUT; a resume must match them exactly."""
        engine_opts = {k: self.engine_options.get(k) for k in _OUTPUT_AFFECTING
                       if self.engine_options.get(k) not in (None, {}, [])}
        identity = {
            "task": self.task,
            "generic": self.generic if self.task == "generic" else None,
            # A preset judged by another checker writes other verdicts; left out when not
            # given, so an OUT written before the option applied to presets still resumes.
            **({"checker": self.checker} if self.checker and self.task != "generic" else {}),
            "model": self.model,
            "engine": self.engine,
            "engine_options": engine_opts,
            **self.sampling,
            "few_shot": self.few_shot,
            "chat": self.chat,
            "iteration": self.iteration,
        }
        # How thoughts are read decides the verdicts. Left out at the default (auto, <think>),
        # so that an OUT written before the option existed still resumes.
        if (thinking := self.reading.config()) is not None:
            identity["thinking"] = thinking
        identity.update(checker_identity(self.checker_options,
                                         self.task == "code" or self.checker == "code"))
        if self.task_options:
            identity["task_options"] = self.task_options
        # Other weights under the same local path sample otherwise (io/hub.py).
        if (files := local_fingerprint(self.model)) is not None:
            identity["model_files"] = files
        return identity


def problem_of(record: dict[str, Any]) -> str:
    """A generated trace's unit: its problem."""
    return str(record["problem_id"])


def _check_golds(problems: list[Problem], done: dict[str, str | None]) -> None:
    """Traces in OUT were judged against the gold they carry; a changed gold makes them stale."""
    changed = [(p.id, done[p.id], p.gold) for p in problems
               if p.id in done and done[p.id] is not None and done[p.id] != p.gold]
    if changed:
        shown = "; ".join(f"{pid}: {old!r} -> {new!r}" for pid, old, new in changed[:3])
        raise UsageError(
            f"{len(changed)} problem(s) already in the output have a different gold answer "
            f"in the input ({shown}). Use --overwrite to redo them, or another -o."
        )
