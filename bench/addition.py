"""The miniature's targets, measured: examples/addition/run.sh on several seeds and the
rationalization ablation, with wall time, the frontier curve and V-STaR at k = 8.

    python bench/addition.py                      # seeds 0 and 1, and seed 0 without
                                                  # rationalization, one run at a time
    python bench/addition.py --parallel 2         # two runs at once (each uses ~1 core)
    python bench/addition.py --quick --seeds 0    # the README's quick run
    python bench/addition.py --report-only        # print the figures of finished runs

Targets (issue 12): a full run in under 30 minutes on 2 cores; held-out accuracy on the first
digit count the base fails rising over at least 4 iterations and ending at least 3x the base's,
on 2 seeds; Best-of-k by the verifier above majority@k and pass@1 at k = 8; --quick in under
5 minutes, with a rise after its one iteration. Runs go to runs/bench-addition/ (resumed
when rerun: delete a run's directory to measure it afresh).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RUN = REPO / "examples" / "addition" / "run.sh"


def run(name: str, args: list[str], root: Path) -> tuple[str, float, int]:
    out = root / name
    started = time.perf_counter()
    with open(root / f"{name}.log", "w") as log:
        code = subprocess.call(["bash", str(RUN), "--out", str(out), *args], stdout=log,
                               stderr=subprocess.STDOUT, cwd=REPO)
    return name, time.perf_counter() - started, code


def figures(out: Path) -> dict:
    results = json.loads((out / "results.json").read_text())
    row: dict = {"run": out.name}
    if (f := results.get("frontier")) is not None:
        row.update(frontier_digits=f["digits"], curve=[round(100 * y, 1) for y in f["curve"]],
                   ratio=f["ratio"], rising=f["rising"])
    if (v := results.get("vstar")) is not None:
        k = max(v["pass@k"], key=int)
        k8 = "8" if "8" in v["pass@k"] else k
        row.update({"k": int(k8), "pass@1": v["pass@k"]["1"], f"pass@{k8}": v["pass@k"][k8],
                    f"majority@{k8}": v["majority@k"][k8],
                    **{f"{name.split(':')[1]}@{k8}": by_k[k8] for name, by_k in v.items()
                       if name.startswith("best_of_k:")}})
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-ablation", action="store_true")
    parser.add_argument("--parallel", type=int, default=1)
    parser.add_argument("--root", type=Path, default=REPO / "runs" / "bench-addition")
    parser.add_argument("--report-only", action="store_true")
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    mode = ["--quick"] if args.quick else []
    tag = "quick" if args.quick else "full"
    jobs = {f"{tag}-seed{s}": [*mode, "--seed", s] for s in args.seeds.split(",")}
    if not args.no_ablation and not args.quick:
        first = args.seeds.split(",")[0]
        jobs[f"{tag}-seed{first}-no-rationalize"] = ["--seed", first, "--no-rationalize"]
    times: dict[str, float] = {}
    if not args.report_only:
        with ThreadPoolExecutor(args.parallel) as pool:
            for name, seconds, code in pool.map(lambda j: run(j[0], j[1], args.root),
                                                jobs.items()):
                times[name] = seconds
                print(f"{name}: exit {code}, {seconds / 60:.1f} min "
                      f"({args.parallel} at a time)", file=sys.stderr)
    for name in jobs:
        if (args.root / name / "results.json").exists():
            row = figures(args.root / name)
            if name in times:
                row["minutes"] = round(times[name] / 60, 1)
            print(json.dumps(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
