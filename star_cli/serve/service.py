"""Best-of-k for one request: sample k candidates, read them as traces, score them with the
verifier, choose, log, and build the reply. No HTTP here (see app.py).

    served = await service.complete(request)    # raises ApiError (400, 500, 502)
    body = reply_body(served.reply)

The steps, and what each shares with star's commands:

1. the generator samples k candidates (`n=k`; the request's temperature, top_p, max_tokens,
   stop and seed, else the server's defaults);
2. `TraceMaker` makes them traces as `star generate` would (answers read by `--task`);
3. the verifier scores `scored_pair(trace)`, what `star score` scores, batched with the
   candidates of concurrent requests;
4. `select` picks as `star select --by verifier_score|majority|weighted-majority` would;
5. the traces, with their scores and the choice, go to the traffic log (`--log`).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import Any

from star_cli.engines.base import Sampling
from star_cli.serve.config import ServeConfig
from star_cli.serve.generator import Generator
from star_cli.serve.metrics import Metrics
from star_cli.serve.protocol import Reply, ServedRequest
from star_cli.serve.scorer import Scorer
from star_cli.serve.selection import Selection, equality_for, select
from star_cli.serve.traces import TraceMaker, pairs_of
from star_cli.serve.traffic import TrafficLog


@dataclass
class Served:
    reply: Reply
    traces: list[dict[str, Any]]
    selection: Selection


class BestOfK:
    def __init__(self, config: ServeConfig, task: Any, generator: Generator, scorer: Scorer,
                 metrics: Metrics, traffic: TrafficLog | None = None) -> None:
        self.config, self.generator, self.scorer = config, generator, scorer
        self.metrics, self.traffic = metrics, traffic
        self.maker = TraceMaker(task, model=config.generator_name, iteration=config.iteration)
        self.equal = equality_for(task.checker)

    def sampling(self, request: ServedRequest) -> Sampling:
        c = self.config
        return Sampling(n=c.k, temperature=_given(request.temperature, c.temperature),
                        top_p=_given(request.top_p, c.top_p),
                        max_tokens=_given(request.max_tokens, c.max_tokens),
                        stop=request.stop, seed=request.seed)

    async def complete(self, request: ServedRequest) -> Served:
        rid = f"{'chatcmpl' if request.chat else 'cmpl'}-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        sampling = self.sampling(request)
        # Until the candidates are read, this request is on its way to the verifier: a batch
        # forming meanwhile may wait (briefly) for it.
        with self.scorer.expecting():
            started = time.perf_counter()
            generation = await self.generator.generate(request.prompt, sampling)
            self.metrics.generation_seconds.observe(time.perf_counter() - started)
            traces, pairs = await asyncio.to_thread(self._read, request, rid,
                                                    generation.completions, sampling)
        started = time.perf_counter()
        scores = await self.scorer.score(pairs)
        self.metrics.scoring_seconds.observe(time.perf_counter() - started)
        for trace, score in zip(traces, scores, strict=True):
            trace["verifier_score"] = score.value
            trace["verifier_tokens"] = score.tokens
        answers = [t.get("answer") for t in traces]
        chosen = await asyncio.to_thread(select, answers, [s.value for s in scores],
                                         self.config.select, self.equal)
        self._count(chosen, len(traces))
        top = chosen.order[: request.n]
        self._mark(traces, chosen, top)
        if self.traffic is not None:
            self.traffic.write(traces)
        completions = generation.completions
        reply = Reply(
            id=rid, created=created, model=self.config.name, chat=request.chat,
            choices=[(completions[i].text, completions[i].finish_reason) for i in top],
            usage=_usage(generation, completions),
            star=self._inspect(traces, completions, chosen, top, request.chat)
            if request.star.return_candidates else None)
        return Served(reply, traces, chosen)

    def _read(self, request: ServedRequest, rid: str, completions: Any,
              sampling: Sampling) -> tuple[list[dict[str, Any]], list[Any]]:
        traces = self.maker.traces(request, rid, completions, sampling)
        return traces, pairs_of(traces)

    def _count(self, chosen: Selection, candidates: int) -> None:
        self.metrics.candidates.inc(candidates)
        if chosen.differs is not None:
            self.metrics.selections.inc()
            if chosen.differs:
                self.metrics.differs.inc()

    @staticmethod
    def _mark(traces: list[dict[str, Any]], chosen: Selection, top: list[int]) -> None:
        """The choice, on the traces: `served_rank` (the place in the reply, null when not
        returned) on each; on the pick, `star select`'s fields."""
        rank = {i: r for r, i in enumerate(top)}
        for i, trace in enumerate(traces):
            trace["served_rank"] = rank.get(i)
        pick = traces[chosen.chosen]
        pick["selected_by"] = chosen.selected_by
        pick["selected_from"] = len(traces)
        if chosen.votes is not None:
            pick["selected_votes"] = chosen.votes
        if chosen.weight is not None:
            pick["selected_weight"] = chosen.weight

    def _inspect(self, traces: list[dict[str, Any]], completions: Any, chosen: Selection,
                 top: list[int], chat: bool) -> dict[str, Any]:
        key = "content" if chat else "text"
        candidates = []
        for i, (t, c) in enumerate(zip(traces, completions, strict=True)):
            candidates.append({"index": i, key: c.text, "verifier_score": t["verifier_score"],
                               "verifier_tokens": t["verifier_tokens"], "answer": t["answer"],
                               "correct": t["correct"], "finish_reason": c.finish_reason,
                               "trace_id": t["id"]})
        out: dict[str, Any] = {"candidates": candidates, "chosen": chosen.chosen,
                               "selected_by": chosen.selected_by, "returned": top,
                               "majority": chosen.majority}
        if chosen.votes is not None:
            out["votes"] = chosen.votes
        if chosen.weight is not None:
            out["weight"] = chosen.weight
        return out


def _given(value: Any, default: Any) -> Any:
    return default if value is None else value


def _usage(generation: Any, completions: Any) -> dict[str, int]:
    """What the generator spent: the prompt, and all k candidates (not only those returned:
    they were all sampled)."""
    prompt = generation.prompt_tokens or 0
    made = generation.completion_tokens
    if made is None:
        made = sum(c.tokens or 0 for c in completions)
    return {"prompt_tokens": prompt, "completion_tokens": made,
            "total_tokens": prompt + made}


__all__ = ["BestOfK", "Served"]
