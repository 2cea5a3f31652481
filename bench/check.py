"""Answer-checking throughput and agreement: star's checker against math-verify.

Two sets of (gold, completion) pairs:
  gsm8k  from ../shared/data/gsm8k/train.jsonl: each problem's worked solution, ending in
         "The answer is N.", as a right completion, and the next problem's as a wrong one
         (~15,000 pairs; a neighbour with the same answer is right, and both checkers say so)
  latex  bench/latex_set.py: our own MATH-style boxed answers (fractions, roots, tuples,
         intervals, sets, expressions, equations, matrices), right and wrong forms

For each: checks/s on one core and on all cores for star (`BatchChecker`: the cheap tiers in
worker processes, sympy only for what they cannot decide) and for math-verify's
`verify(parse(gold), parse(completion))`, both warmed up on the first pairs and timed on the
others (no cache of either checker has seen a timed pair), the agreement of the two
verdicts, and every disagreement with the reason star gives.

  graded ../shared/data/graded/*.jsonl: real model completions with correctness labels
         (fields task, gold, completion, expected); for each file, star's and math-verify's
         agreement with the labels side by side, and their speed:
         warm  both checkers in one process, warmed on half the problems, timed in turns on
               the other half (pairs and golds not seen while warming; each checker judges
               warm rows again for REWARM seconds right before its turn), on one core,
               --rounds times in each of --warm fresh processes (what either could carry
               from a round dropped before the next; every ratio printed, the median run's
               median round's figures: one round of star's is milliseconds, which the
               machine's neighbours can stretch twofold); as CPU
               time (what a busy machine does not bend; a pair star sends to its symbolic
               worker is counted at wall time) and wall time
         cold  a fresh process that imports the checker and judges every row, against a
               fresh math-verify process doing the same (start-up, imports and worker
               processes included), best of --cold runs each, in turns; CPU and wall

    python bench/check.py                  # every set
    python bench/check.py --set graded --graded ../shared/data/graded --cold 5
    python bench/check.py --set latex --show 50

star's checker runs as Python, or compiled where `examples/run.sh compile` built it (setup.py,
STAR_COMPILE=1); the first lines say which.

Targets: numeric at least 50x math-verify's throughput on one core; on real LaTeX (the graded
MATH completions) at least 30x warm and 3x cold; on every graded file star agrees with the
labels at least as often as math-verify.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import multiprocessing as mp
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latex_set import pairs as latex_pairs  # noqa: E402
from measured import run_star  # noqa: E402

from star_cli.answers import BatchChecker, Pair, Verdict  # noqa: E402
from star_cli.answers.compiled import compiled  # noqa: E402
from star_cli.registry import make_checker  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
GSM8K = DATA / "gsm8k" / "train.jsonl"
GRADED = DATA / "graded"
WARM = 20  # 1 pair in WARM warms the checkers up (untimed); the others are timed


def gsm8k_pairs(path: Path) -> list[tuple[str, str, str]]:
    """(gold, completion, task) pairs: own solution (right), next problem's (wrong)."""
    sols = []
    for line in path.open(encoding="utf-8"):
        steps, _, gold = json.loads(line)["answer"].rpartition("####")
        gold = gold.strip().replace(",", "")
        sols.append((gold, f"{' '.join(steps.split())} The answer is {gold}."))
    out = []
    for k, (gold, own) in enumerate(sols):
        out.append((gold, own, "gsm8k"))
        out.append((gold, sols[(k + 1) % len(sols)][1], "gsm8k"))
    return out


def star_run(warm: list[tuple[str, str, str]], pairs: list[tuple[str, str, str]],
             checker: str, workers: int) -> tuple[float, list[Verdict]]:
    """star's `BatchChecker` on `workers` cores: its processes started and warmed on `warm`
    (untimed), then `pairs` timed."""
    with BatchChecker(make_checker(checker), workers) as batch:
        t = time.perf_counter()
        batch.local.start_all()  # a one-off cost per run, shown apart from the throughput
        batch.symbolic.start_all()
        batch.check([Pair(g, c) for g, c, _ in warm])
        print(f"   (star: {2 * workers} worker processes started and warmed in "
              f"{time.perf_counter() - t:.2f} s, not timed)")
        timed = [Pair(g, c) for g, c, _ in pairs]  # built before the clock, as math-verify's
        t = time.perf_counter()
        verdicts = batch.check(timed)
        return time.perf_counter() - t, verdicts


def _mv_one(pair: tuple[str, str, str]) -> bool:
    from math_verify import parse, verify

    gold, completion, task = pair
    # As math-verify's README does: a LaTeX gold goes in $...$ so its LaTeX extractor sees it.
    return bool(verify(parse(f"${gold}$" if task == "math" else gold), parse(completion)))


def _mv_chunk(chunk: list[tuple[str, str, str]]) -> list[bool]:
    logging.getLogger("math_verify").setLevel(logging.ERROR)
    return [_mv_one(p) for p in chunk]


def mv_run(warm: list[tuple[str, str, str]], pairs: list[tuple[str, str, str]],
           workers: int) -> tuple[float, list[bool]]:
    """math-verify as its README shows it, with its own (main-thread) timeouts: warmed on
    `warm` (untimed), then `pairs` timed."""
    if workers == 1:
        _mv_chunk(warm)
        t = time.perf_counter()
        out = _mv_chunk(pairs)
        return time.perf_counter() - t, out
    size = max(1, len(pairs) // (workers * 8))
    chunks = [pairs[i : i + size] for i in range(0, len(pairs), size)]
    with mp.get_context("fork").Pool(workers) as procs:
        part = max(1, len(warm) // workers)
        procs.map(_mv_chunk, [warm[i : i + part] for i in range(0, len(warm), part)])
        t = time.perf_counter()
        out = [v for part in procs.map(_mv_chunk, chunks) for v in part]
        return time.perf_counter() - t, out


def report(name: str, pairs: list[tuple[str, str, str]], checker: str, cores: int,
           show: int, expected: list[bool] | None) -> dict[str, float]:
    """Throughput of each checker on `pairs`, after warming on other pairs (WARM, taken
    from the front and not timed: no cache of either checker has seen a timed pair)."""
    warm_n = max(2, len(pairs) // WARM)
    warm, timed = pairs[:warm_n], pairs[warm_n:]
    expected = expected[warm_n:] if expected is not None else None
    print(f"\n== {name}: {len(timed)} pairs timed, after {warm_n} others to warm up ==")
    figures: dict[str, float] = {}
    results: dict[str, list] = {}
    for who, run in (("star", lambda w: star_run(warm, timed, checker, w)),
                     ("math-verify", lambda w: mv_run(warm, timed, w))):
        for w in sorted({1, cores}):
            seconds, verdicts = run(w)
            rate = len(timed) / seconds
            figures[f"{who}/{w}"] = rate
            results[who] = verdicts
            print(f"{who:12s} {w} core{'s' if w > 1 else ' '}  {seconds:8.2f} s  "
                  f"{rate:10,.0f} checks/s")
    for w in sorted({1, cores}):
        print(f"speed-up on {w} core{'s' if w > 1 else ''}: "
              f"{figures[f'star/{w}'] / figures[f'math-verify/{w}']:.1f}x")
    ours = [v.correct for v in results["star"]]
    theirs = results["math-verify"]
    agree = sum(a == b for a, b in zip(ours, theirs, strict=True))
    print(f"agreement with math-verify: {agree}/{len(timed)} ({agree / len(timed):.2%})")
    print("star tiers:", dict(Counter(v.method for v in results["star"])),
          "reasons:", dict(Counter(v.reason for v in results["star"])))
    if expected is not None:
        for who, got in (("star", ours), ("math-verify", theirs)):
            right = sum(g == e for g, e in zip(got, expected, strict=True))
            print(f"{who:12s} matches the set's intended verdict on {right}/{len(timed)}")
    diffs = [(p, v, m) for p, v, m in zip(timed, results["star"], theirs, strict=True)
             if v.correct != m]
    for (gold, _, _), v, m in diffs[:show]:
        print(f"  gold {gold!r:32} star {v.correct!s:5} ({v.method}: {v.answer!r:.40})  "
              f"math-verify {m}")
    if len(diffs) > show:
        print(f"  ... and {len(diffs) - show} more (--show N)")
    return figures


def _halves(rows: list[dict]) -> tuple[list[int], list[int]]:
    """Row indices split by problem (a problem's rows share task and gold): even problems
    warm the checkers up, odd ones are timed, so no timed pair (nor its gold) was seen."""
    order: dict[tuple[str, str], int] = {}
    warm, timed = [], []
    for k, r in enumerate(rows):
        n = order.setdefault((r["task"], r["gold"]), len(order))
        (timed if n % 2 else warm).append(k)
    return warm, timed


def _side_by_side(rows: list[dict], warm: list[int], timed: list[int], rounds: int = 1
                  ) -> tuple[list[tuple[float, float]], list[tuple[float, float]],
                             list[Verdict | None], list[bool]]:
    """star and math-verify in this process, one core each: both judge the `warm` rows
    first (untimed: imports, caches, star's symbolic worker up), then the `timed` rows,
    star's and math-verify's turns alternating, `rounds` times, so that both see the same
    load on a shared machine. Before each round after the first, what either checker could
    carry from the last round is dropped (sympy's cache, which math-verify fills; star's
    symbolic worker, restarted where a pair went to it), so every round times pairs neither
    has seen. Returns each round's (wall seconds, CPU seconds), each (star, math-verify), and
    the verdicts. The CPU time of this process is the figure a busy machine does not bend; a
    pair star sends to its symbolic worker is counted at its wall time instead (the worker's
    CPU is not this process's), so that figure never flatters star."""
    from contextlib import ExitStack

    from sympy.core.cache import clear_cache

    from star_cli.answers import pool
    from star_cli.tasks import get_task

    ours: list[Verdict | None] = [None] * len(rows)
    theirs: list[bool] = [False] * len(rows)
    mv_pairs = [(r["gold"], r["completion"], "math" if r["task"] == "math" else "plain")
                for r in rows]
    with ExitStack() as stack:
        batches = {}
        for task in sorted({r["task"] for r in rows}):
            batch = stack.enter_context(BatchChecker(get_task(task).checker, 1))
            batch.symbolic.start_all()  # warm: star's symbolic worker is up, as sympy is
            batches[task] = batch

        # Each checker's input is built before its clock starts: star's pairs, as
        # math-verify's tuples above.
        star_pairs = [Pair(r["gold"], r["completion"]) for r in rows]

        def star(part: list[int]) -> None:
            for task, batch in batches.items():
                idx = [k for k in part if rows[k]["task"] == task]
                got = batch.check([star_pairs[k] for k in idx])
                for k, v in zip(idx, got, strict=True):
                    ours[k] = v

        def mv(part: list[int]) -> None:
            for k, v in zip(part, _mv_chunk([mv_pairs[k] for k in part]), strict=True):
                theirs[k] = v

        star(warm)
        mv(warm)
        walls, cpus = [], []
        sent = False  # whether star sent a timed pair to its symbolic worker
        for n in range(rounds):
            wall = {star: 0.0, mv: 0.0}
            cpu = {star: 0.0, mv: 0.0}
            for who in (star, mv):
                if n and who is mv:
                    clear_cache()
                elif n and sent:
                    for batch in batches.values():
                        batch.symbolic.close()
                        batch.symbolic = pool.WorkerPool(1)
                        batch.symbolic.start_all()
                gc.collect()  # (neither pays for the other's garbage: sympy leaves much)
                _rewarm(who, warm)
                t, c = time.perf_counter(), time.process_time()
                who(timed)
                wall[who] = time.perf_counter() - t
                sent = sent or who is star and any(
                    ours[k].method == "symbolic" for k in timed)  # type: ignore[union-attr]
                cpu[who] = wall[who] if who is star and sent else time.process_time() - c
            walls.append((wall[star], wall[mv]))
            cpus.append((cpu[star], cpu[mv]))
    return walls, cpus, ours, theirs


REWARM = 0.05  # seconds each checker judges warm rows again right before its timed turn


def _rewarm(who: Callable[[list[int]], None], warm: list[int]) -> None:
    """Judge warm rows (untimed) for REWARM seconds, so the timed turn starts as warm as the
    steady state of a long run: right after the other checker's turn, the processor's caches
    hold the other's code and data, and star's turn (milliseconds, against math-verify's
    tenths of a second) would pay that refill as a large share of its time (measured here:
    25 us a MATH check right after its own turn, 29-38 us right after math-verify's). Each
    checker gets the same time, on pairs it has seen, never on a timed one."""
    end = time.perf_counter() + REWARM
    for i in range(0, len(warm), 8):
        who(warm[i : i + 8])
        if time.perf_counter() >= end:
            return


# A fresh process that imports a checker and judges every row of a graded file, one core.
_COLD_STAR = """
import json, sys
from star_cli.answers import check_many
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
right = 0
for task in sorted({r["task"] for r in rows}):
    mine = [r for r in rows if r["task"] == task]
    got = check_many([(r["gold"], r["completion"]) for r in mine], task, workers=1)
    right += sum(v.correct == r["expected"] for v, r in zip(got, mine))
print(right)
"""
_COLD_MV = """
import json, logging, sys
from math_verify import parse, verify
logging.getLogger("math_verify").setLevel(logging.ERROR)
rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8")]
right = 0
for r in rows:
    gold = f"${r['gold']}$" if r["task"] == "math" else r["gold"]
    right += bool(verify(parse(gold), parse(r["completion"]))) == r["expected"]
print(right)
"""


def cold(path: Path, runs: int) -> dict[str, Any]:
    """Seconds of a fresh star process and of a fresh math-verify process judging the whole
    file (start-up, imports and any worker processes included), as {"wall": (star, mv),
    "CPU": (star, mv)}: CPU is the process's user and system time with its children's
    (star's workers), the figure a busy machine does not bend. The best of `runs` each,
    taken in turns so that both see the same machine; "agreed": each one's agreements with
    the labels in those runs (one value each, or a run went wrong)."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    wall = {"star": float("inf"), "math-verify": float("inf")}
    cpu = dict(wall)
    agreed: dict[str, set[int]] = {"star": set(), "math-verify": set()}
    for _ in range(runs):
        for who, script in (("star", _COLD_STAR), ("math-verify", _COLD_MV)):
            t = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", script, str(path)], env=env,
                                    stdout=subprocess.PIPE)
            out = proc.stdout.read() if proc.stdout else b""
            _, status, usage = os.wait4(proc.pid, 0)
            wall[who] = min(wall[who], time.perf_counter() - t)
            cpu[who] = min(cpu[who], usage.ru_utime + usage.ru_stime)
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"the cold {who} run failed")
            agreed[who].add(int(out))
    return {"wall": (wall["star"], wall["math-verify"]),
            "CPU": (cpu["star"], cpu["math-verify"]), "agreed": agreed}


def _warm_in_fresh_process(path: Path, rounds: int) -> dict[str, Any]:
    """`_side_by_side` on a graded file in a fresh process (so nothing of an earlier run is
    warm in it): {"wall": [(star, mv) a round], "CPU": [...], "ours": verdicts, "theirs":
    bools}."""
    out = subprocess.run([sys.executable, __file__, "--side-by-side", str(path),
                          "--rounds", str(rounds)], check=True, stdout=subprocess.PIPE,
                         text=True).stdout
    got = json.loads(out.splitlines()[-1])
    got["ours"] = [Verdict(*v) for v in got["ours"]]
    return got


def side_by_side_here(path: Path, rounds: int) -> None:
    """The child of `_warm_in_fresh_process`: its figures as one JSON line on stdout."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    warm, timed = _halves(rows)
    wall, cpu, ours, theirs = _side_by_side(rows, warm, timed, rounds)
    print(json.dumps({"wall": wall, "CPU": cpu, "n": len(timed), "theirs": theirs,
                      "ours": [list(v)[:6] if v else None for v in ours]}))


def _median_round(run: dict[str, Any]) -> int:
    """The round of a run whose CPU ratio (math-verify's time over star's) is the median."""
    ratios = [mv / star for star, mv in run["CPU"]]
    return sorted(range(len(ratios)), key=ratios.__getitem__)[len(ratios) // 2]


def graded(path: Path, show: int, cold_runs: int, warm_runs: int = 3, rounds: int = 5) -> None:
    """Agreement with a file's labels and speed, star and math-verify side by side: warm
    (each checker warmed on half the problems, timed on the other half, one core, `rounds`
    rounds in each of `warm_runs` fresh processes: the median round of the median run) and
    cold (a fresh process judging every row)."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    print(f"\n== graded: {path.name}, {len(rows)} labelled completions ==")
    warm, timed = _halves(rows)
    runs = [_warm_in_fresh_process(path, rounds) for _ in range(max(1, warm_runs))]
    middle = [(star, mv) for r in runs for star, mv in (r["CPU"][_median_round(r)],)]
    ratios = [mv / star for star, mv in middle]
    median = sorted(range(len(runs)), key=ratios.__getitem__)[len(runs) // 2]
    at = _median_round(runs[median])
    wall, cpu = runs[median]["wall"][at], runs[median]["CPU"][at]
    ours, theirs = runs[median]["ours"], runs[median]["theirs"]
    if any(r["ours"] != ours or r["theirs"] != theirs for r in runs):
        print("  WARNING: the warm runs' verdicts differ")
    expected = [bool(r["expected"]) for r in rows]
    star_ok = [v is not None and v.correct == e for v, e in zip(ours, expected, strict=True)]
    mv_ok = [m == e for m, e in zip(theirs, expected, strict=True)]
    for who, ok in (("star", star_ok), ("math-verify", mv_ok)):
        print(f"{who:12s} agrees with the labels on {sum(ok)}/{len(rows)} "
              f"({sum(ok) / len(rows):.2%})")
    n = len(timed)
    print("warm runs (fresh processes), CPU ratios of each round (the median run's median "
          "round below): " + "; ".join(", ".join(f"{mv / star:.1f}x" for star, mv in r["CPU"])
                                        for r in runs))
    for what, (star_s, mv_s) in (("CPU", cpu), ("wall", wall)):
        print(f"warm ({what}), {n} pairs not seen while warming, 1 core: star "
              f"{star_s / n * 1e6:,.1f} us a check ({n / star_s:,.0f}/s), math-verify "
              f"{mv_s / n * 1e6:,.1f} us ({n / mv_s:,.0f}/s): {mv_s / star_s:.1f}x")
    if cold_runs:
        times = cold(path, cold_runs)
        for what in ("CPU", "wall"):
            star_c, mv_c = times[what]
            print(f"cold ({what}), a fresh process importing and judging all {len(rows)} "
                  f"rows (best of {cold_runs}): star {star_c:.2f} s, math-verify "
                  f"{mv_c:.2f} s: {mv_c / star_c:.1f}x")
        for who, ok in (("star", star_ok), ("math-verify", mv_ok)):
            if times["agreed"][who] != {sum(ok)}:
                print(f"  WARNING: {who}'s cold runs agreed with the labels on "
                      f"{sorted(times['agreed'][who])}, not {sum(ok)}: a run went wrong")
    print("star reasons:", dict(Counter(v.reason for v in ours if v)),
          "tiers:", dict(Counter(v.method for v in ours if v)),
          "answer sources:", dict(Counter(v.source for v in ours if v)))
    wrong = [k for k in range(len(rows)) if not star_ok[k] or not mv_ok[k]]
    for k in wrong[:show]:
        v = ours[k]
        print(f"  #{k} gold {rows[k]['gold']!r:.30} label {expected[k]!s:5} star "
              f"{v.correct if v else None!s:5} ({v.reason if v else ''}: "
              f"{(v.answer if v else '')!r:.40}) math-verify {theirs[k]}")
    if len(wrong) > show:
        print(f"  ... and {len(wrong) - show} more (--show N)")


def cli_traces(path: Path, source: Path, samples: int) -> int:
    """GSM8K-style traces as `star generate` writes them: `samples` per training problem,
    even samples the problem's own worked solution (right), odd ones the next problem's
    (wrong), each ending in "The answer is N."; returns how many."""
    sols = []
    for line in source.open(encoding="utf-8"):
        row = json.loads(line)
        steps, _, gold = row["answer"].rpartition("####")
        gold = gold.strip().replace(",", "")
        sols.append((row["question"], gold, f"{' '.join(steps.split())} The answer is {gold}."))
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for k, (question, gold, own) in enumerate(sols):
            other = sols[(k + 1) % len(sols)][2]
            pid = f"gsm8k-train-{k:05d}"
            for s in range(samples):
                text = own if s % 2 == 0 else other
                f.write(json.dumps({
                    "id": f"{pid}/generate/it0/s{s}", "problem_id": pid, "question": question,
                    "choices": None, "gold": gold, "prompt": f"Q: {question}\nA:",
                    "completion": text, "rationale": text, "answer": None, "correct": False,
                    "source": "generate", "iteration": 0, "sample": s, "model": "bench",
                    "finish_reason": "stop", "tokens": len(text) // 4}) + "\n")
                n += 1
    return n


def cli_run(src: Path, out: str, workers: int) -> dict[str, float]:
    """`star check SRC -o OUT --task gsm8k --workers N`: wall seconds, CPU seconds of all its
    processes, and the main process's CPU seconds and peak RSS (MiB)."""
    r = run_star(["check", str(src), "-o", out, "--task", "gsm8k", "--workers", str(workers),
                  "-q"], stdout=subprocess.DEVNULL)
    return {"wall": r.wall, "cpu": r.cpu, "main_cpu": r.main_cpu, "main_rss": r.main_rss / 2**20}


def cli(source: Path, samples: int, cores: int) -> None:
    """`star check` on GSM8K-style traces with 1 worker and with more, into a directory and to
    standard output; the outputs must be the same bytes whatever the workers. On a busy
    machine the wall times say little; the main process's share of the CPU time says how
    far more cores can take it (at best total CPU / cores, never below the main's CPU)."""
    import hashlib
    import tempfile

    with tempfile.TemporaryDirectory(prefix="star-bench-check-") as tmp:
        src = Path(tmp) / "traces.jsonl"
        n = cli_traces(src, source, samples)
        print(f"\n== star check: {n:,} GSM8K-style traces "
              f"({src.stat().st_size / 2**20:,.0f} MiB) ==")
        digests = set()
        base = 0.0
        for w in sorted({1, 2, cores}):
            for target in ("dir", "stdout"):
                out = str(Path(tmp) / f"out-{w}") if target == "dir" else "-"
                r = cli_run(src, out, w)
                if target == "dir":
                    shards = sorted(Path(out, "data").glob("*.jsonl"))
                    digests.add(hashlib.sha256(b"".join(p.read_bytes() for p in shards))
                                .hexdigest())
                    base = base or r["wall"]
                print(f"--workers {w} -o {target:6s} {r['wall']:7.1f} s wall "
                      f"({n / r['wall']:8,.0f} traces/s"
                      + (f", {base / r['wall']:.2f}x of 1 worker" if target == "dir" else "")
                      + f"); CPU {r['cpu']:6.1f} s, of it the main process {r['main_cpu']:6.1f}"
                      f" s; main peak RSS {r['main_rss']:6,.0f} MiB")
        print("outputs identical across workers:", len(digests) == 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=("gsm8k", "latex", "graded", "cli", "all"), default="all")
    ap.add_argument("--samples", type=int, default=32,
                    help="cli: traces per GSM8K training problem (32: about 240,000)")
    ap.add_argument("--graded", type=Path, default=GRADED, help="folder of graded *.jsonl")
    ap.add_argument("--data", type=Path, default=GSM8K)
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=40, help="disagreements to list per set")
    ap.add_argument("--cold", type=int, default=3,
                    help="fresh-process runs per graded file and checker (0: none)")
    ap.add_argument("--warm", type=int, default=5,
                    help="fresh processes each timing the warm figures of a graded file "
                         "(the median is printed)")
    ap.add_argument("--rounds", type=int, default=5,
                    help="timed rounds in each warm process, alternating the checkers (the "
                         "median round is the process's figure)")
    ap.add_argument("--side-by-side", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side_by_side:
        side_by_side_here(args.side_by_side, args.rounds)
        return
    print(f"{os.cpu_count()} cores on this machine; all-core runs use {args.cores}")
    built = compiled()
    print("star's checker: " + (f"compiled by mypyc ({', '.join(built)})" if built else
                                "Python (examples/run.sh compile builds it compiled)"))
    if args.set in ("gsm8k", "all"):
        if not args.data.exists():
            sys.exit(f"{args.data} not found (../shared/data is needed for the gsm8k set)")
        report("gsm8k (numeric)", gsm8k_pairs(args.data), "numeric", args.cores, args.show, None)
    if args.set in ("latex", "all"):
        pairs = [(g, c, "math") for g, c, _ in latex_pairs()]
        expected = [e for _, _, e in latex_pairs()]
        report("latex (MATH-style)", pairs, "math", args.cores, args.show, expected)
    if args.set in ("graded", "all"):
        files = sorted(args.graded.glob("*.jsonl"))
        if not files:
            sys.exit(f"no graded *.jsonl in {args.graded}")
        for path in files:
            graded(path, args.show, args.cold, args.warm, args.rounds)
    if args.set in ("cli", "all"):
        cli(args.data, args.samples, args.cores)


if __name__ == "__main__":
    main()
