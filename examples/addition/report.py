"""The miniature's report: held-out accuracy per digit count and iteration, what each STaR
iteration kept, and V-STaR's pass@k / majority@k / Best-of-k, as results.json, results.md and
PNG plots in the run directory.

    python examples/addition/report.py RUN_DIR [--rationalize 1] [--checker addition-steps]

Accuracy is held-out only (test.jsonl, greedy): the pool the loop trains on overstates it.
A held-out answer counts when its final answer is the sum; `steps` also asks every
scratchpad step to be right (the addition-steps checker, against the question's digits).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from star_cli.answers import check
from star_cli.io.readers import read_records


def traces(path: Path) -> list[dict[str, Any]]:
    return [record for record, _ in read_records([str(path)])] if path.exists() else []


def digits_of(question: str) -> int:
    """The digit count of a problem: its longer operand's, leading zeros aside."""
    return max(len(x.lstrip("0") or "0") for x in question.split(" + "))


def accuracy(rows: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per digit count: the share of final answers right, and of scratchpads right throughout."""
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for r in rows:
        t = tally[digits_of(r["question"])]
        t[0] += 1
        t[1] += bool(r["correct"])
        t[2] += check(r["gold"], r["completion"], task="addition-steps",
                      question=r["question"]).correct
    return {str(d): {"n": n, "answer": round(a / n, 4), "steps": round(s / n, 4)}
            for d, (n, a, s) in sorted(tally.items())}


def kept(run: Path, i: int) -> dict[str, Any]:
    """What iteration i's generate and rationalize solved and what star filter kept."""
    gen, rat = traces(run / f"it{i}" / "gen"), traces(run / f"it{i}" / "rat")
    sft = traces(run / f"it{i}" / "sft")
    by_digits: dict[str, int] = defaultdict(int)
    for r in sft:
        m = re.search(r"Q: (\d+ \+ \d+)", r["prompt"])
        if m:
            by_digits[str(digits_of(m.group(1)))] += 1
    return {"generated": len(gen), "generated_correct": sum(r["correct"] for r in gen),
            "rationalized": len(rat), "rationalized_correct": sum(r["correct"] for r in rat),
            "hint_leaks": sum(bool(r.get("hint_leak")) for r in rat),
            "kept": len(sft), "kept_by_digits": dict(sorted(by_digits.items()))}


def first_failed(base: dict[str, dict[str, float]]) -> str | None:
    """The first digit count the base gets wrong more often than right."""
    return next((d for d, v in base.items() if v["answer"] < 0.5), None)


def plot_accuracy(path: Path, curves: dict[str, list[float]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 4))
    for d, ys in curves.items():
        label = f"{d} digit{'s' * (d != '1')}"
        ax.plot(range(len(ys)), [100 * y for y in ys], marker="o", label=label)
    ax.set(xlabel="STaR iteration (0: the base)", ylabel="held-out accuracy (%)",
           title="STaR on n-digit addition", ylim=(-2, 102))
    ax.set_xticks(range(max(len(ys) for ys in curves.values())))
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def vstar(metrics: dict[str, Any]) -> dict[str, dict[str, float]]:
    """metric -> {k: estimate} from star select's metrics.json."""
    return {name: {str(row["k"]): row["value"] for row in rows}
            for name, rows in metrics["metrics"].items()}


def markdown(results: dict[str, Any]) -> str:
    acc, lines = results["accuracy"], []
    lines += [f"# STaR / V-STaR miniature: {results['run']}", "",
              f"Seed {results['seed']}, checker `{results['checker']}`, rationalization "
              f"{'on' if results['rationalize'] else 'off'}. Held-out greedy accuracy "
              "(final answer right; in brackets, every step right too):", ""]
    digits = list(next(iter(acc.values())).keys()) if acc else []
    lines.append("| model | " + " | ".join(f"{d} digit{'s' * (d != '1')}" for d in digits)
                 + " |")
    lines.append("|---|" + "---|" * len(digits))
    for name, per in acc.items():
        cells = [f"{100 * per[d]['answer']:.1f}% ({100 * per[d]['steps']:.1f}%)" for d in digits]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if (f := results.get("frontier")) is not None:
        # A base at 0% has no ratio; its curve is still worth a line.
        ratio = f" ({f['ratio']}x the base's)" if f["ratio"] is not None else ""
        lines += ["", f"First digit count the base fails: **{f['digits']}**: "
                  + " → ".join(f"{100 * y:.1f}%" for y in f["curve"]) + ratio + "."]
    lines += ["", "| iteration | generated correct | rationalized correct | hint leaks | kept |",
              "|---|---|---|---|---|"]
    for i, k in enumerate(results["iterations"]):
        lines.append(f"| {i} | {k['generated_correct']}/{k['generated']} | "
                     f"{k['rationalized_correct']}/{k['rationalized']} | {k['hint_leaks']} | "
                     f"{k['kept']} {k['kept_by_digits']} |")
    if (v := results.get("vstar")) is not None:
        ks = list(v["pass@k"].keys())
        lines += ["", f"V-STaR on held-out problems ({v['problems']} problems, "
                  f"{ks[-1]} samples each from the last model):", "",
                  "| metric | " + " | ".join(f"k={k}" for k in ks) + " |",
                  "|---|" + "---|" * len(ks)]
        for name, by_k in v.items():
            if isinstance(by_k, dict):
                lines.append(f"| {name} | " + " | ".join(
                    f"{100 * by_k[k]:.1f}%" if by_k.get(k) is not None else "-" for k in ks)
                    + " |")
    lines += ["", "![accuracy](accuracy.png)", "", "![V-STaR](vstar.png)", ""]
    return "\n".join(lines)


def report(run: Path, rationalize: bool, checker: str) -> dict[str, Any]:
    evals = sorted((p for p in (run / "eval").glob("it*")), key=lambda p: int(p.name[2:]))
    acc = {("base" if p.name == "it0" else f"M{p.name[2:]}"): accuracy(traces(p))
           for p in evals}
    iterations = [kept(run, i) for i in range(len(evals) - 1)]
    results: dict[str, Any] = {"run": str(run), "seed": _seed(run), "checker": checker,
                               "rationalize": rationalize, "accuracy": acc,
                               "iterations": iterations}
    base = acc.get("base", {})
    if (d := first_failed(base)) is not None:
        curve = [per.get(d, {}).get("answer", 0.0) for per in acc.values()]
        ratio = round(curve[-1] / curve[0], 2) if curve[0] > 0 else None
        results["frontier"] = {"digits": d, "curve": curve, "ratio": ratio,
                               "rising": all(b > a for a, b in zip(curve, curve[1:], strict=False))}
    if acc:
        plot_accuracy(run / "accuracy.png",
                      {d: [per[d]["answer"] for per in acc.values()] for d in base})
    metrics = run / "vstar" / "best" / "metrics.json"
    if metrics.exists():
        document = json.loads(metrics.read_text())
        results["vstar"] = {"problems": document["problems"], **vstar(document)}
    return results


def _seed(run: Path) -> int | None:
    path = run / "data" / "seed.txt"
    return int(path.read_text()) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--rationalize", type=int, default=1)
    parser.add_argument("--checker", default="addition-steps")
    ns = parser.parse_args(argv)
    results = report(ns.run, bool(ns.rationalize), ns.checker)
    (ns.run / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (ns.run / "results.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
