"""Answer-checking throughput and agreement: star's checker against math-verify.

Two sets of (gold, completion) pairs:
  gsm8k  from ../shared/data/gsm8k/train.jsonl: each problem's worked solution, ending in
         "The answer is N.", as a right completion, and the next problem's as a wrong one
         (~15,000 pairs; a neighbour with the same answer is right, and both checkers say so)
  latex  bench/latex_set.py: our own MATH-style boxed answers (fractions, roots, tuples,
         intervals, sets, expressions, equations, matrices), right and wrong forms

  graded ../shared/data/graded/*.jsonl: real model completions with correctness labels
         (fields task, gold, completion, expected); for each file, star's and
         math-verify's agreement with the labels side by side, and the time of each

For each of the first two sets: checks/s on one core and on all cores for star
(`BatchChecker`: the cheap tiers in worker processes, sympy only for what they cannot
decide) and for math-verify's
`verify(parse(gold), parse(completion))`, plus the agreement of the two verdicts, and every
disagreement with the reason star gives.

    python bench/check.py                  # every set
    python bench/check.py --set latex --show 50

Targets: numeric at least 50x math-verify's throughput on one core, LaTeX at least 20x;
on every graded file star agrees with the labels at least as often as math-verify.
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing as mp
import os
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from latex_set import pairs as latex_pairs  # noqa: E402

from star_cli.answers import BatchChecker, Pair, Verdict  # noqa: E402
from star_cli.registry import make_checker  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
GSM8K = DATA / "gsm8k" / "train.jsonl"
GRADED = DATA / "graded"


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


def star_run(pairs: list[tuple[str, str, str]], checker: str, workers: int
             ) -> tuple[float, list[Verdict]]:
    with BatchChecker(make_checker(checker), workers) as batch:
        t = time.perf_counter()
        batch.local.start_all()  # a one-off cost per run, shown apart from the throughput
        batch.symbolic.start_all()
        print(f"   (star: {2 * workers} worker processes started in "
              f"{time.perf_counter() - t:.2f} s, not timed)")
        t = time.perf_counter()
        verdicts = batch.check([Pair(g, c) for g, c, _ in pairs])
        return time.perf_counter() - t, verdicts


def _mv_one(pair: tuple[str, str, str]) -> bool:
    from math_verify import parse, verify

    gold, completion, task = pair
    # As math-verify's README does: a LaTeX gold goes in $...$ so its LaTeX extractor sees it.
    return bool(verify(parse(f"${gold}$" if task == "math" else gold), parse(completion)))


def _mv_chunk(chunk: list[tuple[str, str, str]]) -> list[bool]:
    logging.getLogger("math_verify").setLevel(logging.ERROR)
    return [_mv_one(p) for p in chunk]


def mv_run(pairs: list[tuple[str, str, str]], workers: int) -> tuple[float, list[bool]]:
    """math-verify as its README shows it, with its own (main-thread) timeouts."""
    if workers == 1:
        _mv_chunk(pairs[:2])  # import and warm up: not timed
        t = time.perf_counter()
        out = _mv_chunk(pairs)
        return time.perf_counter() - t, out
    size = max(1, len(pairs) // (workers * 8))
    chunks = [pairs[i : i + size] for i in range(0, len(pairs), size)]
    with mp.get_context("fork").Pool(workers) as procs:
        procs.map(_mv_chunk, [pairs[:2]] * workers)  # warm up each process: not timed
        t = time.perf_counter()
        out = [v for part in procs.map(_mv_chunk, chunks) for v in part]
        return time.perf_counter() - t, out


def report(name: str, pairs: list[tuple[str, str, str]], checker: str, cores: int,
           show: int, expected: list[bool] | None, repeat: int) -> dict[str, float]:
    print(f"\n== {name}: {len(pairs)} pairs ==")
    figures: dict[str, float] = {}
    results: dict[str, list] = {}
    for who, run in (("star", lambda w: star_run(pairs, checker, w)),
                     ("math-verify", lambda w: mv_run(pairs, w))):
        for w in sorted({1, cores}):
            seconds, verdicts = min((run(w) for _ in range(repeat)), key=lambda r: r[0])
            rate = len(pairs) / seconds
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
    print(f"agreement with math-verify: {agree}/{len(pairs)} ({agree / len(pairs):.2%})")
    print("star tiers:", dict(Counter(v.method for v in results["star"])),
          "reasons:", dict(Counter(v.reason for v in results["star"])))
    if expected is not None:
        for who, got in (("star", ours), ("math-verify", theirs)):
            right = sum(g == e for g, e in zip(got, expected, strict=True))
            print(f"{who:12s} matches the set's intended verdict on {right}/{len(pairs)}")
    diffs = [(p, v, m) for p, v, m in zip(pairs, results["star"], theirs, strict=True)
             if v.correct != m]
    for (gold, _, _), v, m in diffs[:show]:
        print(f"  gold {gold!r:32} star {v.correct!s:5} ({v.method}: {v.answer!r:.40})  "
              f"math-verify {m}")
    if len(diffs) > show:
        print(f"  ... and {len(diffs) - show} more (--show N)")
    return figures


def graded(path: Path, show: int) -> None:
    """Agreement with a file's labels, star and math-verify side by side."""
    from star_cli.tasks import get_task

    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    print(f"\n== graded: {path.name}, {len(rows)} labelled completions ==")
    ours: list[Verdict | None] = [None] * len(rows)
    t = time.perf_counter()
    for task in sorted({r["task"] for r in rows}):
        idx = [k for k, r in enumerate(rows) if r["task"] == task]
        with BatchChecker(get_task(task).checker, 1) as batch:
            for k, v in zip(idx, batch.check([Pair(rows[k]["gold"], rows[k]["completion"])
                                              for k in idx]), strict=True):
                ours[k] = v
    star_s = time.perf_counter() - t
    mv_pairs = [(r["gold"], r["completion"], "math" if r["task"] == "math" else "plain")
                for r in rows]
    mv_s, theirs = mv_run(mv_pairs, 1)
    expected = [bool(r["expected"]) for r in rows]
    star_ok = [v is not None and v.correct == e for v, e in zip(ours, expected, strict=True)]
    mv_ok = [m == e for m, e in zip(theirs, expected, strict=True)]
    for who, ok, sec in (("star", star_ok, star_s), ("math-verify", mv_ok, mv_s)):
        print(f"{who:12s} agrees with the labels on {sum(ok)}/{len(rows)} "
              f"({sum(ok) / len(rows):.2%}) in {sec:.2f} s on 1 core")
    print("star reasons:", dict(Counter(v.reason for v in ours if v)),
          "answer sources:", dict(Counter(v.source for v in ours if v)))
    wrong = [k for k in range(len(rows)) if not star_ok[k] or not mv_ok[k]]
    for k in wrong[:show]:
        v = ours[k]
        print(f"  #{k} gold {rows[k]['gold']!r:.30} label {expected[k]!s:5} star "
              f"{v.correct if v else None!s:5} ({v.reason if v else ''}: "
              f"{(v.answer if v else '')!r:.40}) math-verify {theirs[k]}")
    if len(wrong) > show:
        print(f"  ... and {len(wrong) - show} more (--show N)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--set", choices=("gsm8k", "latex", "graded", "all"), default="all")
    ap.add_argument("--graded", type=Path, default=GRADED, help="folder of graded *.jsonl")
    ap.add_argument("--data", type=Path, default=GSM8K)
    ap.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--show", type=int, default=40, help="disagreements to list per set")
    ap.add_argument("--repeat", type=int, default=2, help="runs per figure; the best counts")
    args = ap.parse_args()
    print(f"{os.cpu_count()} cores on this machine; all-core runs use {args.cores}")
    if args.set in ("gsm8k", "all"):
        if not args.data.exists():
            sys.exit(f"{args.data} not found (../shared/data is needed for the gsm8k set)")
        report("gsm8k (numeric)", gsm8k_pairs(args.data), "numeric", args.cores, args.show, None,
               args.repeat)
    if args.set in ("latex", "all"):
        pairs = [(g, c, "math") for g, c, _ in latex_pairs()]
        expected = [e for _, _, e in latex_pairs()]
        report("latex (MATH-style)", pairs, "math", args.cores, args.show, expected, args.repeat)
    if args.set in ("graded", "all"):
        files = sorted(args.graded.glob("*.jsonl"))
        if not files:
            sys.exit(f"no graded *.jsonl in {args.graded}")
        for path in files:
            graded(path, args.show)


if __name__ == "__main__":
    main()
