"""`star generate` as a library call: sample, check and write, streaming in chunks.

The engine works on chunk i+1 in a background thread while this thread checks and writes
chunk i, so a GPU engine never waits on answer checking or disk.

The engine gets the whole prompt, exemplars first; a trace stores it without them (schema 2:
`Task.training_prompt`) and names the few-shot block, which the sink stores once per output
before the first trace (`io/few_shot.py`).

Thinking models (`GenerateConfig.thinking`, answers/thinking.py): the checker judges only the
answer after the thought, a thought that never closes has no answer, and each trace records
the thought and its length in tokens.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Protocol

from star_cli.answers.checker import cut_off
from star_cli.answers.thinking import (
    UNFINISHED,
    ThinkingOptions,
    Thought,
    judge_answers,
    thinking_tokens,
)
from star_cli.engines.base import Completion, Engine, Request, Sampling
from star_cli.io.few_shot import write_few_shot
from star_cli.io.files import replace_surrogates
from star_cli.io.sink import Sink
from star_cli.records import FewShot, Problem, Prompt, Trace, trace_id, utf8
from star_cli.steps.base import as_text, write_counted
from star_cli.tasks.base import PromptOptions, Task

log = logging.getLogger("star_cli")


class Reporter(Protocol):
    """Where progress goes; the CLI builds one (cli/progress.py), the library none."""

    def update(self, stats: Stats) -> None: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class GenerateConfig:
    sampling: Sampling
    prompt: PromptOptions = PromptOptions()
    iteration: int = 0
    chunk_size: int = 256  # problems per engine call
    source: str = "generate"
    thinking: ThinkingOptions = ThinkingOptions()


@dataclass
class Stats:
    total: int = 0  # problems to run this time
    skipped: int = 0  # problems already in OUT
    problems: int = 0
    samples: int = 0
    correct: int = 0
    solved: int = 0  # problems with at least one correct sample
    no_answer: int = 0
    truncated: int = 0  # finish_reason == "length"
    leaks: int = 0  # rationalize: traces whose rationale gives the hint away
    tokens: int = 0
    unfinished_thoughts: int = 0  # thinking models: the thought never closed, so no answer
    thinking_tokens: int = 0
    engine_seconds: float = 0.0
    started: float = field(default_factory=time.monotonic)
    prior: dict[str, Any] = field(default_factory=dict)  # totals of earlier runs into OUT

    def add(self, traces: Sequence[Trace]) -> None:
        self.problems += 1
        self.samples += len(traces)
        right = sum(t.correct for t in traces)
        self.correct += right
        self.solved += right > 0
        self.no_answer += sum(t.answer is None for t in traces)
        self.truncated += sum(t.finish_reason == "length" for t in traces)
        self.tokens += sum(t.tokens or 0 for t in traces)
        self.leaks += sum(bool(t.extra.get("hint_leak")) for t in traces)
        self.unfinished_thoughts += sum(t.check_reason == UNFINISHED for t in traces)
        self.thinking_tokens += sum(t.thinking_tokens or 0 for t in traces)

    def as_dict(self) -> dict[str, Any]:
        """Totals over every run into OUT: this one plus `prior`."""
        now = {
            "problems": self.problems,
            "samples": self.samples,
            "correct": self.correct,
            "solved_problems": self.solved,
            "no_answer": self.no_answer,
            "truncated": self.truncated,
            "hint_leaks": self.leaks,
            "completion_tokens": self.tokens,
            "unfinished_thoughts": self.unfinished_thoughts,
            "thinking_tokens": self.thinking_tokens,
            "seconds": time.monotonic() - self.started,
            "engine_seconds": self.engine_seconds,
        }
        total = {k: v + (self.prior.get(k) or 0) for k, v in now.items()}
        total["seconds"] = round(total["seconds"], 2)
        total["engine_seconds"] = round(total["engine_seconds"], 2)
        p, s = total["problems"], total["samples"]
        total["solve_rate"] = round(total["solved_problems"] / p, 4) if p else None
        total["sample_accuracy"] = round(total["correct"] / s, 4) if s else None
        return total


def mark_leaks(traces: Sequence[Trace], problem: Problem, task: Task, gold: Any,
               thinking: ThinkingOptions = ThinkingOptions()) -> None:
    """Record on each rationalized trace whether its rationale gives the hint away; a
    thinking model's thought is scanned too (its answer part is the rationale proper)."""
    for t in traces:
        thought = thinking.split(t.rationale)
        rule = task.hint_leak(thought.answer_part(t.rationale), problem, gold,
                              thinking=thought.thinking)
        t.extra["hint_leak"] = rule is not None
        t.extra["hint_leak_rule"] = rule


def problem_seed(seed: int | None, problem_id: str) -> int | None:
    """Each problem's seed derives from the global seed and its id, so reruns repeat it."""
    if seed is None:
        return None
    digest = hashlib.blake2b(utf8(f"{seed}\x1f{problem_id}"), digest_size=4).digest()
    return int.from_bytes(digest, "big") & 0x7FFFFFFF


def make_traces(
    problem: Problem,
    prompt: Prompt,
    completions: Sequence[Completion],
    *,
    task: Task,
    gold: Any,
    sampling: Sampling,
    model: str,
    iteration: int,
    source: str = "generate",
    hint: str | None = None,
    few_shot: str | None = None,
    thinking: ThinkingOptions = ThinkingOptions(),
    count_tokens: Callable[[str], int | None] | None = None,
) -> list[Trace]:
    """Judge each completion and wrap it as a trace record. `prompt` is the prompt to store
    (without exemplars and hint); `few_shot` names the exemplar block it was sampled with.
    `count_tokens` (the engine's tokenizer) measures a thought the engine did not count."""
    checker, choices = task.checker, problem.choices_json()
    sampling_record = sampling.record()
    thoughts = [thinking.split(c.text) for c in completions]
    judged = [_judged(task, c.text, th) for c, th in zip(completions, thoughts, strict=True)]
    verdicts = judge_answers(checker, gold, judged, thoughts)
    traces = []
    for i, c in enumerate(completions):
        thought, verdict = thoughts[i], verdicts[i]
        finish = c.finish_reason
        if finish == "length" and len(judged[i]) < len(c.text):
            finish = "stop"  # it ran on past a stop sequence star cut: the answer was whole
        if finish == "length":
            verdict = cut_off(verdict)
        traces.append(
            Trace(
                id=trace_id(problem.id, source, iteration, i),
                problem_id=problem.id,
                question=problem.question,
                choices=choices,
                gold=problem.gold,
                prompt=prompt,
                completion=c.text,
                rationale=task.rationale(judged[i], verdict),
                thinking=thought.thinking,
                thinking_tokens=thinking_tokens(thought.thinking, c.thinking_tokens,
                                                count_tokens),
                answer=verdict.answer,
                correct=verdict.correct,
                source=source,
                hint=hint,
                iteration=iteration,
                sample=i,
                model=model,
                sampling=sampling_record,
                finish_reason=finish,
                tokens=c.tokens,
                logprob=c.logprob,
                checker=checker.name,
                check_reason=verdict.reason,
                answer_source=verdict.source,
                few_shot=few_shot,
                extra=dict(verdict.extra or {}),
            )
        )
    return traces


def _judged(task: Task, text: str, thought: Thought) -> str:
    """The text judged: stop sequences the engine did not honour are cut from the answer part
    only (a thought may well hold a line starting `Q:`). It is a prefix of the completion, so
    a verdict's `end` indexes both (without a thought, answer_start is 0 and the whole text
    is the answer part)."""
    at = thought.answer_start
    return text[:at] + task.truncate(text[at:])


Job = tuple[Problem, Request]


def run_jobs(
    jobs: Sequence[Job],
    engine: Engine,
    sink: Sink,
    stats: Stats,
    on_results: Callable[[Problem, Request, list[Completion]], list[Trace]],
    *,
    chunk_size: int,
    reporter: Reporter | None = None,
    units: Callable[[Problem], bytes] | None = None,
) -> Stats:
    """Send jobs to the engine chunk by chunk; judge and write each problem as it returns
    (`units`: a problem's unit log entry, io/units.py, logged with its traces)."""
    sink.live_stats = as_text(stats.as_dict)  # logged with each problem: what a kill keeps
    for chunk, results in _prefetch(jobs, engine, chunk_size, stats):
        for (problem, request), completions in zip(chunk, results, strict=True):
            traces = on_results(problem, request, completions)
            records = [t.to_dict() for t in traces]
            write = (partial(sink.write_group, records, units(problem)) if units is not None
                     else partial(sink.write_group, records))
            write_counted(stats, partial(stats.add, traces), write)
            if reporter is not None:
                reporter.update(stats)
        sink.stats = stats.as_dict()
    return stats


def generate(
    problems: Sequence[Problem],
    task: Task,
    engine: Engine,
    sink: Sink,
    config: GenerateConfig,
    *,
    done: set[str] | frozenset[str] = frozenset(),
    reporter: Reporter | None = None,
    prior: dict[str, Any] | None = None,
    units: Callable[[Problem], bytes] | None = None,
) -> Stats:
    """Sample `config.sampling.n` completions per problem not in `done`, judge, write.

    `prior` holds the stats of earlier runs into the same output, so the totals written to
    the sink cover them all; `units` gives a problem's unit log entry (io/units.py).
    """
    todo = [p for p in problems if p.id not in done]
    stats = Stats(total=len(todo), skipped=len(problems) - len(todo), prior=dict(prior or {}))
    golds = {p.id: task.checker.prepare(p.gold, p.choices, p.question) for p in todo}
    jobs = [
        (p, Request(task.prompt(p, config.prompt),
                    config.sampling.for_problem(problem_seed(config.sampling.seed, p.id))))
        for p in todo
    ]
    hinted = config.prompt.hinted
    plain = replace(config.prompt, hinted=False)
    stored = _StoredPrompts(task, plain)
    # The engine's tokenizer, where it has one (Engine.count_tokens), measures thoughts.
    count_tokens = engine.count_tokens
    if stored.block is not None and todo:
        write_few_shot(sink, stored.block)  # before the first trace that names it

    def judge(problem: Problem, request: Request, completions: list[Completion]) -> list[Trace]:
        # A rationalized trace keeps the prompt generate would have used: never the hint.
        prompt, few_shot = stored.of(problem, None if hinted else request.prompt)
        traces = make_traces(
            problem, prompt, completions,
            task=task, gold=golds[problem.id], sampling=request.sampling, model=engine.model,
            iteration=config.iteration, source=config.source,
            hint=task.hint(problem) if hinted else None, few_shot=few_shot,
            thinking=config.thinking, count_tokens=count_tokens,
        )
        if hinted:
            mark_leaks(traces, problem, task, golds[problem.id], config.thinking)
        return traces

    if reporter is not None:
        reporter.update(stats)
    return run_jobs(jobs, engine, sink, stats, judge, chunk_size=config.chunk_size,
                    reporter=reporter, units=units)


class _StoredPrompts:
    """What a trace stores: the training prompt and the name of the plain (hint-free) block,
    checked to rebuild the prompt generate samples, so the sampled prompt is never lost. A
    task whose prompts do not split that way (a custom preset) stores them whole, as in
    schema 1, with `few_shot` null."""

    def __init__(self, task: Task, plain: PromptOptions) -> None:
        self.task, self.plain = task, plain
        self.block: FewShot | None = task.few_shot(plain)
        self.name = self.block.name if self.block is not None else None
        self.whole = False

    def of(self, problem: Problem, sampled: Prompt | None) -> tuple[Prompt, str | None]:
        """(prompt to store, block name); `sampled`: the plain prompt, when already built."""
        full = sampled if sampled is not None else self.task.prompt(problem, self.plain)
        if self.whole:
            return full, None
        bare = self.task.training_prompt(problem, self.plain)
        rebuilt = bare if self.block is None else _insert(self.block, bare)
        if rebuilt != full:
            log.warning("task %r: its prompts do not split into a few-shot block and the "
                        "question; the traces store the whole prompt", self.task.name)
            self.whole = True
            return full, None
        return bare, self.name


def _insert(block: FewShot, prompt: Prompt) -> Prompt | None:
    try:
        return block.insert(prompt)
    except ValueError:
        return None


def _prefetch(
    jobs: Sequence[Job], engine: Engine, chunk_size: int, stats: Stats
) -> Iterator[tuple[Sequence[Job], list[list[Completion]]]]:
    """Yield (chunk, results) while the engine already works on the next chunks.

    One daemon thread calls the engine (engines are not re-entrant) and hands results over a
    one-slot queue: it holds at most one finished chunk while sampling the next. When the
    consumer stops (an error, Ctrl-C, a closed generator) the thread stops after the call in
    progress. A daemon thread, not an executor: on Ctrl-C the process must exit without
    waiting for a generate call that may take minutes.
    """
    chunks = [jobs[i : i + chunk_size] for i in range(0, len(jobs), max(1, chunk_size))]
    handoff: queue.Queue[tuple[list[list[Completion]] | None, BaseException | None]]
    handoff = queue.Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        for chunk in chunks:
            if stop.is_set():
                return
            t0 = time.monotonic()
            try:
                requests = [request for _, request in chunk]
                item = (_validated(engine.generate(_for_engine(requests)), requests, engine),
                        None)
            except BaseException as e:  # handed to the main thread, which raises it
                item = (None, e)
            stats.engine_seconds += time.monotonic() - t0
            if not _put(handoff, item, stop) or item[1] is not None:
                return

    threading.Thread(target=work, name="star-engine", daemon=True).start()
    try:
        for chunk in chunks:
            results, error = _get(handoff)
            if error is not None:
                raise error
            assert results is not None
            yield chunk, results
    finally:
        stop.set()


def _for_engine(requests: list[Request]) -> list[Request]:
    """What a model is sent: a prompt with a lone surrogate (legal JSON, no text a tokenizer
    or a server takes) gets U+FFFD in its place; the trace keeps the prompt as it was."""
    out = []
    for request in requests:
        prompt, changed = replace_surrogates(request.prompt)
        out.append(replace(request, prompt=prompt) if changed else request)
    return out


def _get(q: queue.Queue[Any]) -> Any:
    """queue.get that still lets Ctrl-C through on every platform."""
    while True:
        try:
            return q.get(timeout=0.2)
        except queue.Empty:
            continue


def _put(q: queue.Queue[Any], item: Any, stop: threading.Event) -> bool:
    """Hand `item` over unless the consumer has gone; False when it has."""
    while not stop.is_set():
        try:
            q.put(item, timeout=0.2)
            return True
        except queue.Full:
            continue
    return False


def _validated(
    results: list[list[Completion]], requests: Sequence[Request], engine: Engine
) -> list[list[Completion]]:
    """An engine that returns the wrong shape would silently corrupt the data: stop instead."""
    from star_cli.errors import EngineError

    if len(results) != len(requests):
        raise EngineError(
            f"engine {engine.name!r} returned {len(results)} results for {len(requests)} requests"
        )
    for request, completions in zip(requests, results, strict=True):
        if len(completions) != request.sampling.n:
            raise EngineError(
                f"engine {engine.name!r} returned {len(completions)} completions, "
                f"expected n={request.sampling.n}"
            )
    return results
