"""`star select` with its metrics on 1,000,000 scored traces (10,000 problems x 100).

The traces are random but seeded: each problem has a skill p ~ Beta(2, 3); a candidate is
right with probability p (answer = the gold), else wrong with one of six other numbers or,
one time in twenty, no answer at all; its verifier_score is a normal draw, one unit higher
for a right candidate. Every trace is judged by the `numeric` checker, so answers are grouped
with it. The file is written first (not timed); then the library path the CLI runs
(`SelectRun.execute`: read, check, spool, group, pick, write OUT, pass@k, majority@k and
weighted majority@k with 1,000 draws, Best-of-k, metrics.json) is timed.

    python bench/selection.py                      # 10,000 x 100, --by verifier_score
    python bench/selection.py --problems 1000 --by weighted-majority

Target: under 30 s for 10,000 x 100 on the 2-core development machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

# Not named select.py: that would shadow the standard library's `select` (which subprocess
# imports) for every script in bench/.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import tempfile  # noqa: E402
import time  # noqa: E402

from star_cli.cli.tables import format_table  # noqa: E402
from star_cli.steps.select import SelectRun  # noqa: E402


def write_traces(path: Path, problems: int, n: int, seed: int) -> int:
    import numpy as np

    rng = np.random.default_rng(seed)
    skill = rng.beta(2, 3, problems)
    gold = rng.integers(0, 100, problems)
    right = rng.random((problems, n)) < skill[:, None]
    wrong = (gold[:, None] + rng.integers(1, 7, (problems, n))) % 100
    none = rng.random((problems, n)) < 0.05
    score = rng.normal(0, 1, (problems, n)) + right
    count = 0
    with path.open("w", encoding="utf-8") as f:
        for p in range(problems):
            pid = f"bench-{p:05d}"
            g = int(gold[p])
            lines = []
            for s in range(n):
                ok = bool(right[p, s])
                if ok:
                    answer = str(g)
                elif none[p, s]:
                    answer = None
                else:
                    answer = str(int(wrong[p, s]))
                rationale = f"Work it out. The answer is {answer}." if answer else "Hmm."
                lines.append(json.dumps({
                    "id": f"{pid}/generate/it0/s{s}", "problem_id": pid, "gold": str(g),
                    "completion": rationale, "rationale": rationale, "answer": answer,
                    "correct": ok, "checker": "numeric", "source": "generate",
                    "iteration": 0, "sample": s,
                    "verifier_score": round(float(score[p, s]), 4),
                }) + "\n")
                count += 1
            f.write("".join(lines))
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--problems", type=int, default=10_000)
    ap.add_argument("-n", type=int, default=100, help="candidates per problem")
    ap.add_argument("--by", default="verifier_score")
    ap.add_argument("--draws", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING, format="star: %(message)s")

    with tempfile.TemporaryDirectory(prefix="star-bench-select-") as tmp:
        traces = Path(tmp) / "traces.jsonl"
        t0 = time.perf_counter()
        count = write_traces(traces, args.problems, args.n, args.seed)
        size = traces.stat().st_size / 2**20
        print(f"wrote {count:,} traces ({size:.0f} MiB) in {time.perf_counter() - t0:.1f} s")
        out = Path(tmp) / "out"
        run = SelectRun(inputs=[str(traces)], output=str(out), by=args.by, draws=args.draws,
                        seed=args.seed, quiet=True, shard_size=10_000)
        t0, c0 = time.perf_counter(), time.process_time()
        report = run.execute()
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        metrics = json.loads((out / "metrics.json").read_text())
    print(report.summary())
    print(format_table(report.metrics))
    print(f"\nstar select --by {args.by}: {count:,} traces, {report.problems:,} problems, "
          f"{len(metrics['metrics'])} metrics x {len(metrics['k'])} k, draws {args.draws}: "
          f"{took:.1f} s ({count / took:,.0f} traces/s; {cpu:.1f} s of CPU, all threads)")
    target = 30.0 * count / 1_000_000
    print(f"target: under {target:.0f} s -> {'PASS' if took < target else 'FAIL'}")


if __name__ == "__main__":
    main()
