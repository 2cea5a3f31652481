"""The server's metrics in Prometheus' text format (`GET /metrics`), with no dependency.

- `star_serve_requests_total{endpoint,status}` (counter): answered requests, by status;
- `star_serve_errors_total{endpoint,type}` (counter): error answers, by error code or type;
- `star_serve_in_flight`, `star_serve_ready` (gauges): requests being answered; 1 once the
  verifier (and a local generator) is loaded;
- `star_serve_request_seconds` (histogram): a request from its body read to its reply;
- `star_serve_generation_seconds`: the generator call (k candidates, retries included);
- `star_serve_scoring_seconds`: a request's wait for its scores (queue and forward pass);
- `star_serve_verifier_forward_seconds`: one verifier batch's call;
- `star_serve_verifier_batch_size`, `star_serve_verifier_batch_requests`: sequences and
  requests per verifier batch; `star_serve_generator_batch_requests`: requests per local
  engine batch;
- `star_serve_candidates_total`: candidates sampled and scored;
- `star_serve_selections_total`: selections with at least one answer, and of those
  `star_serve_pick_differs_from_majority_total`: picks whose answer is not the majority's;
- `star_serve_logged_traces_total`, `star_serve_log_errors_total`: traces written by
  `--log`, and log writes that failed (the requests were answered all the same).

The pick-differs ratio is how often the verifier overrules the vote: near 0, the verifier
adds little over majority voting; high, it is doing the work (or is miscalibrated).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence

LATENCY = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
SIZES = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)

Labels = tuple[tuple[str, str], ...]


class Counter:
    def __init__(self, name: str, help: str, kind: str = "counter") -> None:
        self.name, self.help, self.kind = name, help, kind
        self.values: dict[Labels, float] = {}
        self._lock = threading.Lock()

    def inc(self, amount: float = 1.0, **labels: str) -> None:
        key = tuple(sorted(labels.items()))
        with self._lock:
            self.values[key] = self.values.get(key, 0.0) + amount

    def set(self, value: float, **labels: str) -> None:
        with self._lock:
            self.values[tuple(sorted(labels.items()))] = value

    def get(self, **labels: str) -> float:
        return self.values.get(tuple(sorted(labels.items())), 0.0)

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}"]
        with self._lock:
            items = sorted(self.values.items())
        if not items and self.kind in ("counter", "gauge"):
            items = [((), 0.0)]
        lines += [f"{self.name}{_labels(k)} {_num(v)}" for k, v in items]
        return lines


class Histogram:
    def __init__(self, name: str, help: str, buckets: Sequence[float]) -> None:
        self.name, self.help, self.buckets = name, help, tuple(buckets)
        self.counts = [0] * (len(self.buckets) + 1)  # the last: +Inf
        self.sum = 0.0
        self.count = 0
        self._lock = threading.Lock()

    def observe(self, value: float) -> None:
        with self._lock:
            self.sum += value
            self.count += 1
            for i, bound in enumerate(self.buckets):
                if value <= bound:
                    self.counts[i] += 1
                    break
            else:
                self.counts[-1] += 1

    def render(self) -> list[str]:
        lines = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        with self._lock:
            counts, total, count = list(self.counts), self.sum, self.count
        running = 0
        for bound, c in zip(self.buckets, counts, strict=False):
            running += c
            lines.append(f'{self.name}_bucket{{le="{_num(bound)}"}} {running}')
        lines.append(f'{self.name}_bucket{{le="+Inf"}} {count}')
        lines.append(f"{self.name}_sum {_num(total)}")
        lines.append(f"{self.name}_count {count}")
        return lines


class Metrics:
    def __init__(self) -> None:
        p = "star_serve_"
        self.requests = Counter(p + "requests_total", "Answered requests, by endpoint and "
                                "HTTP status.")
        self.errors = Counter(p + "errors_total", "Error answers, by endpoint and error type.")
        self.in_flight = Counter(p + "in_flight", "Requests being answered.", "gauge")
        self.ready = Counter(p + "ready", "1 once the models are loaded.", "gauge")
        self.request_seconds = Histogram(p + "request_seconds", "Whole request latency.",
                                         LATENCY)
        self.generation_seconds = Histogram(p + "generation_seconds", "Generator call "
                                            "latency (k candidates, retries included).",
                                            LATENCY)
        self.scoring_seconds = Histogram(p + "scoring_seconds", "A request's wait for its "
                                         "verifier scores (queue and forward pass).", LATENCY)
        self.forward_seconds = Histogram(p + "verifier_forward_seconds", "One verifier "
                                         "batch's forward pass.", LATENCY)
        self.batch_size = Histogram(p + "verifier_batch_size", "Sequences per verifier "
                                    "batch.", SIZES)
        self.batch_requests = Histogram(p + "verifier_batch_requests", "Requests per "
                                        "verifier batch.", SIZES)
        self.generator_batch = Histogram(p + "generator_batch_requests", "Requests per local "
                                         "engine batch.", SIZES)
        self.candidates = Counter(p + "candidates_total", "Candidates sampled and scored.")
        self.selections = Counter(p + "selections_total", "Selections among candidates of "
                                  "which at least one has an answer.")
        self.differs = Counter(p + "pick_differs_from_majority_total", "Selections whose "
                               "pick's answer is not the majority answer.")
        self.logged = Counter(p + "logged_traces_total", "Traces written by --log.")
        self.log_errors = Counter(p + "log_errors_total", "Traffic log writes that failed.")

    def verifier_batch(self, requests: int, items: int, seconds: float) -> None:
        self.batch_requests.observe(requests)
        self.batch_size.observe(items)
        self.forward_seconds.observe(seconds)

    def generator_batch_seen(self, requests: int, items: int, seconds: float) -> None:
        self.generator_batch.observe(requests)

    def render(self) -> str:
        lines: list[str] = []
        for metric in (self.requests, self.errors, self.in_flight, self.ready,
                       self.request_seconds, self.generation_seconds, self.scoring_seconds,
                       self.forward_seconds, self.batch_size, self.batch_requests,
                       self.generator_batch, self.candidates, self.selections, self.differs,
                       self.logged, self.log_errors):
            lines += metric.render()
        return "\n".join(lines) + "\n"


def _labels(key: Labels) -> str:
    if not key:
        return ""
    inner = ",".join(f'{k}="{_escape(v)}"' for k, v in key)
    return "{" + inner + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _num(value: float) -> str:
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

__all__ = ["CONTENT_TYPE", "Counter", "Histogram", "Metrics"]
