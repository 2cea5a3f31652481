"""Check many (gold, completion) pairs on all cores.

The pairs are cut into groups of consecutive pairs with the same gold (a problem's samples),
so each gold is prepared once per problem, and the groups into chunks that worker processes
judge with the cheap tiers (`Checker.judge_local`). What they cannot decide comes back as
pending and goes to the symbolic pool, one calling thread per symbolic worker. Verdicts come
back in the order of the pairs.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple

from star_cli.answers import pool
from star_cli.answers.checker import Checker, Pending, Verdict, from_spec
from star_cli.answers.thinking import ThinkingOptions, Thought, shift, unfinished_verdict
from star_cli.records import Choice

CHUNK = 512  # pairs per request to a worker: big enough to amortise the JSON round trip
LOCAL_TIMEOUT = 30.0  # seconds a single pair may take in the cheap tiers (milliseconds, really)


class Pair(NamedTuple):
    """A gold and a completion to judge against it (a tuple: a batch makes one per trace,
    and a frozen dataclass costs several times as much to build)."""

    gold: str
    completion: str
    choices: tuple[Choice, ...] | None = None
    question: str | None = None  # for checkers that verify the work against it


Group = tuple[str, tuple[Choice, ...] | None, str | None, list[str]]
COMPLETIONS = 3  # a group's completions, after gold, choices and question


def groups_of(pairs: Sequence[Pair]) -> list[Group]:
    """Runs of consecutive pairs with the same gold, choices and question."""
    out: list[Group] = []
    for p in pairs:
        if out and out[-1][:COMPLETIONS] == (p.gold, p.choices, p.question):
            out[-1][COMPLETIONS].append(p.completion)
        else:
            out.append((p.gold, p.choices, p.question, [p.completion]))
    return out


def judge_groups(checker: Checker, groups: Iterable[Group]) -> list[Verdict | Pending]:
    out: list[Verdict | Pending] = []
    for gold_text, choices, question, completions in groups:
        gold = checker.prepare(gold_text, choices, question)
        out.extend(checker.judge_local(gold, c) for c in completions)
    return out


class BatchChecker:
    """Judges batches of pairs with `workers` processes for the cheap tiers and as many
    symbolic workers; reuse one for many batches (`star check` streams through one)."""

    def __init__(self, checker: Checker, workers: int | None = None) -> None:
        self.checker = checker
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.local = pool.WorkerPool(self.workers, module="star_cli.answers.batch")
        self.symbolic = pool.WorkerPool(self.workers)

    def __enter__(self) -> BatchChecker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.local.close()
        self.symbolic.close()
        self.checker.close()

    def check(self, pairs: Sequence[Pair],
              thinking: ThinkingOptions | None = None) -> list[Verdict]:
        """Verdicts in the order of `pairs`. With `thinking`, each completion's thought is
        split off first: only the answer part is judged (`end` still indexes the whole
        completion), and a thought that never closed is `unfinished_thought`, never judged."""
        if thinking is None or thinking.off:
            return self._check(pairs)
        return self.check_thoughts(pairs, [thinking.split(p.completion) for p in pairs])

    def check_thoughts(self, pairs: Sequence[Pair], thoughts: Sequence[Thought]) -> list[Verdict]:
        """`check` with each completion's thought split already (a caller that keeps the
        thoughts, as `star check` does to rewrite them, splits once)."""
        todo = [p._replace(completion=t.answer_part(p.completion)) if t.answer_start else p
                for p, t in zip(pairs, thoughts, strict=True) if not t.unfinished]
        verdicts = iter(self._check(todo))
        return [unfinished_verdict() if t.unfinished else shift(next(verdicts), t)
                for t in thoughts]

    def _check(self, pairs: Sequence[Pair]) -> list[Verdict]:
        groups = groups_of(pairs)
        if not self.checker.local:  # a sandbox or a server: the checker overlaps the waits
            items = [(gold, c) for g, choices, q, completions in groups
                     for gold in (self.checker.prepare(g, choices, q),) for c in completions]
            return self.checker.judge_batch(items)
        if self.workers == 1 or len(pairs) <= CHUNK:
            local = judge_groups(self.checker, groups)
        else:
            local = self._judge_in_workers(groups)
        return self._resolve(local)

    def _judge_in_workers(self, groups: list[Group]) -> list[Verdict | Pending]:
        total = sum(len(g[COMPLETIONS]) for g in groups)
        chunks = _chunks(groups, min(CHUNK, -(-total // self.workers)))
        with ThreadPoolExecutor(self.workers) as threads:
            replies = threads.map(self._ask_local, chunks)
            return [item for reply in replies for item in reply]

    def _ask_local(self, chunk: list[Group]) -> list[Verdict | Pending]:
        """A chunk's cheap-tier verdicts. The cheap tiers are bounded by design; should a
        chunk still fail or stall its worker, its pairs are retried one by one, so one bad
        completion costs its own verdict (`timeout` or `error`), not the batch."""
        pairs = sum(len(g[COMPLETIONS]) for g in chunk)
        try:
            return self._local_call(chunk, LOCAL_TIMEOUT + 0.05 * pairs)
        except (pool.Timeout, pool.WorkerError):
            if pairs == 1:
                raise
        out: list[Verdict | Pending] = []
        for gold, choices, question, completions in chunk:
            for completion in completions:
                try:
                    out += self._local_call([(gold, choices, question, [completion])],
                                            LOCAL_TIMEOUT)
                except pool.Timeout:
                    out.append(Verdict(None, False, "timeout", None, "local"))
                except pool.WorkerError:
                    out.append(Verdict(None, False, "error", None, "local"))
        return out

    def _local_call(self, chunk: list[Group], timeout: float) -> list[Verdict | Pending]:
        request = {
            "checker": self.checker.spec(),
            "groups": [[g, _choices_json(c), q, completions] for g, c, q, completions in chunk],
        }
        return [_decode(item) for item in self.local.call(request, timeout)]

    def _resolve(self, local: list[Verdict | Pending]) -> list[Verdict]:
        todo = [k for k, v in enumerate(local) if isinstance(v, Pending)]
        if not todo:
            return local  # type: ignore[return-value]
        out: list[Any] = list(local)
        with ThreadPoolExecutor(self.symbolic.size) as threads:
            verdicts = threads.map(lambda k: self.checker.resolve(out[k], self.symbolic), todo)
            for k, verdict in zip(todo, verdicts, strict=True):
                out[k] = verdict
        return out


def _chunks(groups: list[Group], size: int) -> list[list[Group]]:
    """Consecutive groups, about `size` pairs a chunk; a group is never split."""
    out: list[list[Group]] = [[]]
    count = 0
    for g in groups:
        if count >= size:
            out.append([])
            count = 0
        out[-1].append(g)
        count += len(g[COMPLETIONS])
    return [c for c in out if c]


def _choices_json(choices: tuple[Choice, ...] | None) -> list[list[str]] | None:
    return [[c.label, c.text] for c in choices] if choices else None


def _encode(v: Verdict | Pending) -> list[Any]:
    if isinstance(v, Pending):
        return ["p", v.gold, v.answer, v.end, v.source]
    return ["v", v.answer, v.correct, v.reason, v.end, v.method, v.source]


def _decode(item: list[Any]) -> Verdict | Pending:
    return Pending(*item[1:]) if item[0] == "p" else Verdict(*item[1:])


def _handle(request: dict[str, Any]) -> list[list[Any]]:
    """A batch worker's request: judge these groups with the cheap tiers."""
    checker = from_spec(request["checker"])
    groups = [
        (g, tuple(Choice(*c) for c in choices) if choices else None, q, completions)
        for g, choices, q, completions in request["groups"]
    ]
    return [_encode(v) for v in judge_groups(checker, groups)]


if __name__ == "__main__":
    pool.serve(_handle)
