"""What `star serve` adds over calling the generator directly, and whether batching works.

Three processes: a stub OpenAI-compatible generator (Starlette + uvicorn, every reply the
same k candidates after `--delay` seconds, standing in for the decode time of a real
server), the real `star serve` command (the tiny test verifier on CPU, Best-of-k with
`--select best`), and the clients here (httpx, `c` concurrent clients each sending its next
request when the last is answered). For c = 1, 8, 32:

  direct  POST the stub's /v1/completions with n=k (what a client would do without star)
  star    POST star serve's /v1/completions (n=1: star asks the stub for n=k, reads the
          answers, scores the k candidates, picks one)

and the verifier's own forward time: `Verifier.score_pairs` on one request's k candidates,
in this process, median of 50. Targets: star's added p50 at c=1 no more than that forward
time plus 10 ms; star's throughput at 32 clients at least 4x that at 1 (verifier batches
across requests). `--unbatched` runs star once more with `--max-batch k`, one request per
forward pass, to show what batching buys.

    python bench/serve.py                      # k=8, --delay 0.05, 200 requests per client count
    python bench/serve.py --delay 0 --unbatched

Figures: see docs/serve.md (2-core shared CPU box, so they move with the neighbours' load).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(REPO))

CANDIDATES = [" 2 + 3 = 5. The answer is 5.", " 2 + 3 = 6, so the answer is 6.",
              " Adding 2 and 3 gives 5. The answer is 5.", " The answer is 7.",
              " 3 + 2 = 5. The answer is 5.", " 2 + 3 is 23. The answer is 23.",
              " First 2, then 3 more: 5. The answer is 5.", " The answer is 5."]
PROMPT = "Q: What is 2 + 3?\nA:"


# -- the stub generator (its own process) --------------------------------------------------
def stub_app(delay: float, k: int):
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    async def completions(request: Request) -> JSONResponse:
        body = await request.json()
        if delay:
            await asyncio.sleep(delay)
        n = int(body.get("n", 1))
        texts = [CANDIDATES[i % len(CANDIDATES)] for i in range(n)]
        return JSONResponse({
            "id": "cmpl-stub", "object": "text_completion", "created": 0, "model": "stub",
            "choices": [{"index": i, "text": t, "finish_reason": "stop", "logprobs": None}
                        for i, t in enumerate(texts)],
            "usage": {"prompt_tokens": 8, "completion_tokens": 12 * n,
                      "total_tokens": 8 + 12 * n}})

    return Starlette(routes=[Route("/v1/completions", completions, methods=["POST"])])


def run_stub(port: int, delay: float, k: int) -> None:
    import uvicorn

    uvicorn.run(stub_app(delay, k), host="127.0.0.1", port=port, log_level="warning",
                access_log=False)


# -- processes -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def spawn(args: list[str]) -> subprocess.Popen:
    # One torch thread per process: three processes share the cores, and torch's threads
    # spinning against each other's made every figure noise on a 2-core box.
    env = {**os.environ, "PYTHONPATH": str(REPO), "TOKENIZERS_PARALLELISM": "false",
           "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    return subprocess.Popen([sys.executable, *args], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_http(url: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: process exited:\n{proc.stderr.read()}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(url)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


# -- clients ---------------------------------------------------------------------------------
async def load(url: str, body: dict, clients: int, requests: int) -> tuple[list[float], float]:
    """Latencies (s) of `requests` requests from `clients` concurrent clients; wall time."""
    import httpx

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    latencies: list[float] = []
    left = requests

    async with httpx.AsyncClient(limits=limits, timeout=120) as http:
        async def client() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                started = time.perf_counter()
                reply = await http.post(url, json=body)
                latencies.append(time.perf_counter() - started)
                if reply.status_code != 200:
                    raise RuntimeError(f"{url}: HTTP {reply.status_code}: {reply.text[:300]}")

        warm = [asyncio.create_task(client()) for _ in range(1)]
        left = min(10, requests)
        await asyncio.gather(*warm)
        latencies.clear()
        left = requests
        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - started
    return latencies, wall


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def forward_ms(model: Path, k: int, repeats: int = 50) -> float:
    from star_cli.steps.score import scored_pair
    from star_cli.verifier import Verifier

    traces = [{"prompt": PROMPT, "question": "What is 2 + 3?",
               "rationale": CANDIDATES[i % len(CANDIDATES)].strip()} for i in range(k)]
    pairs = [scored_pair(t) for t in traces]
    with Verifier(str(model), batch_size=16) as v:
        v.score_pairs(pairs)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            v.score_pairs(pairs)
            times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def star_server(model: Path, stub: str, port: int, k: int, max_batch: int) -> subprocess.Popen:
    return spawn(["-m", "star_cli", "serve", "--verifier", str(model),
                  "--task", "gsm8k", "--generator-url", stub, "--generator-model", "stub",
                  "-k", str(k), "--port", str(port), "--max-batch", str(max_batch),
                  "--batch-size", "64", "-q"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", type=int, default=8)
    parser.add_argument("--delay", type=float, default=0.05,
                        help="the stub's seconds per reply (its decode time)")
    parser.add_argument("--requests", type=int, default=200, help="per client count")
    parser.add_argument("--clients", default="1,8,32")
    parser.add_argument("--unbatched", action="store_true",
                        help="also run star with --max-batch k (no cross-request batches)")
    parser.add_argument("--stub", type=int, help=argparse.SUPPRESS)  # the stub's own process
    args = parser.parse_args()
    if args.stub:
        run_stub(args.stub, args.delay, args.k)
        return
    from tests.tiny_model import build_tiny_model

    counts = [int(c) for c in args.clients.split(",")]
    with tempfile.TemporaryDirectory(prefix="star-bench-serve-") as tmp:
        model = build_tiny_model(Path(tmp) / "tiny")
        fwd = forward_ms(model, args.k)
        stub_port, star_port = free_port(), free_port()
        stub_url = f"http://127.0.0.1:{stub_port}/v1"
        procs = [spawn([str(Path(__file__).resolve()), "--stub", str(stub_port),
                        "--delay", str(args.delay), "-k", str(args.k)])]
        runs = {"star": 64}  # --max-batch: the default
        if args.unbatched:
            runs["star, --max-batch k"] = args.k
        results: dict[str, dict[int, tuple[float, float, float]]] = {}
        try:
            wait_http(f"http://127.0.0.1:{stub_port}/", procs[0])
            direct = {"model": "stub", "prompt": PROMPT, "n": args.k}
            results["direct"] = measure(stub_url + "/completions", direct, counts,
                                        args.requests)
            for name, max_batch in runs.items():
                star = star_server(model, stub_url, star_port, args.k, max_batch)
                procs.append(star)
                wait_http(f"http://127.0.0.1:{star_port}/health", star)
                while _status(star_port) != 200:
                    time.sleep(0.1)
                body = {"model": "any", "prompt": PROMPT}
                results[name] = measure(f"http://127.0.0.1:{star_port}/v1/completions", body,
                                        counts, args.requests,
                                        f"http://127.0.0.1:{star_port}/metrics")
                stop(star)
        finally:
            for p in procs:
                stop(p)
    report(results, counts, fwd, args)


def _status(port: int) -> int:
    import httpx

    return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code


def measure(url: str, body: dict, counts: list[int], requests: int,
            metrics: str | None = None) -> dict[int, tuple[float, ...]]:
    """Per client count: p50 ms, p95 ms, req/s; for star also, from its /metrics over that
    run, the mean forward pass ms per verifier batch and the mean sequences per batch."""
    out = {}
    for c in counts:
        before = _scrape(metrics)
        latencies, wall = asyncio.run(load(url, body, c, max(requests, 4 * c)))
        after = _scrape(metrics)
        row: tuple[float, ...] = (pct(latencies, 0.5) * 1000, pct(latencies, 0.95) * 1000,
                                  len(latencies) / wall)
        if metrics:
            batches = after["batches"] - before["batches"]
            row += ((after["forward"] - before["forward"]) / max(batches, 1) * 1000,
                    (after["sequences"] - before["sequences"]) / max(batches, 1))
        out[c] = row
    return out


def _scrape(url: str | None) -> dict[str, float]:
    """Totals of star's verifier histograms (warm-up requests included in neither delta:
    `load` warms up before its own scrape-free run, so they land before `before`)."""
    if url is None:
        return {}
    import httpx

    values = {}
    for line in httpx.get(url, timeout=5).text.splitlines():
        name, _, value = line.partition(" ")
        values[name] = float(value) if value and not line.startswith("#") else 0.0
    return {"batches": values.get("star_serve_verifier_forward_seconds_count", 0.0),
            "forward": values.get("star_serve_verifier_forward_seconds_sum", 0.0),
            "sequences": values.get("star_serve_verifier_batch_size_sum", 0.0)}


def report(results: dict, counts: list[int], fwd: float, args: argparse.Namespace) -> None:
    print(f"k={args.k}, stub delay {args.delay * 1000:.0f} ms, tiny verifier on CPU; "
          f"forward of one request's {args.k} candidates, alone: {fwd:.1f} ms (median)")
    print("per run: p50 and p95 latency (ms), throughput (req/s); for star also the mean "
          "verifier batch (sequences) and its forward pass (ms), from its /metrics")
    print(f"{'clients':>7}  " + "  ".join(f"{n:>{len(_cells(r[counts[0]]))}}"
                                        for n, r in results.items()))
    for c in counts:
        print(f"{c:>7}  " + "  ".join(_cells(r[c]) for r in results.values()))
    direct, star = results["direct"], results["star"]
    served_fwd = star[1][3]  # the server's own forward time per batch at 1 client
    added50, added95 = star[1][0] - direct[1][0], star[1][1] - direct[1][1]
    print(f"star adds at 1 client: p50 {added50:+.1f} ms, p95 {added95:+.1f} ms; its forward "
          f"pass there {served_fwd:.1f} ms (target: p50 added <= forward + 10 ms = "
          f"{served_fwd + 10:.1f}: {'met' if added50 <= served_fwd + 10 else 'MISSED'})")
    if 32 in star and 1 in star:
        ratio = star[32][2] / star[1][2]
        print(f"star throughput, 32 clients over 1: {ratio:.1f}x (target >= 4x: "
              f"{'met' if ratio >= 4 else 'MISSED'})")
    print(json.dumps({"forward_ms": round(fwd, 2), "results": {
        name: {str(c): [round(x, 2) for x in v] for c, v in r.items()}
        for name, r in results.items()}}))


def _cells(row: tuple[float, ...]) -> str:
    text = f"{row[0]:7.1f} {row[1]:7.1f} {row[2]:7.1f}/s"
    if len(row) > 3:
        text += f"  batch {row[4]:5.1f} in {row[3]:6.1f} ms"
    return text


if __name__ == "__main__":
    main()
