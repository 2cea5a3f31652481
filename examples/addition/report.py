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
import os
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


# Every series stays visible where others coincide with it (1 and 2 digits both at 100%, 4
# and 5 near 0): each has its own colour, line style and hollow marker, the earlier ones
# drawn larger, so a marker drawn over another leaves its ring showing.
STYLES = [("tab:blue", "-", "o", 11), ("tab:orange", "--", "s", 8.5), ("tab:green", "-.", "^", 7),
          ("tab:red", ":", "D", 5.5), ("tab:purple", (0, (6, 2)), "v", 5),
          ("tab:brown", (0, (3, 1, 1, 1)), "P", 5)]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _lines(ax: Any, xs: list[int], series: dict[str, list[float | None]]) -> None:
    """One line per series, in percent, each styled apart (STYLES)."""
    for n, (label, ys) in enumerate(series.items()):
        colour, dash, marker, size = STYLES[n % len(STYLES)]
        points = [(x, 100 * y) for x, y in zip(xs, ys, strict=False) if y is not None]
        ax.plot([x for x, _ in points], [y for _, y in points], color=colour, linestyle=dash,
                linewidth=1.6, marker=marker, markersize=size, markerfacecolor="none",
                markeredgewidth=1.6, label=label)


def _legend_outside(ax: Any) -> None:
    ax.grid(alpha=0.3)
    # The legend beside the axes, never over a line.
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, frameon=False)


def _save(fig: Any, path: Path) -> None:
    fig.savefig(path, dpi=120, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)


def figure_accuracy(curves: dict[str, list[float]]) -> Any:
    """Held-out accuracy (%) per digit count against the iteration (0: the base)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    iterations = max(len(ys) for ys in curves.values())
    _lines(ax, list(range(iterations)),
           {f"{d} digit{'s' * (d != '1')}": list(ys) for d, ys in curves.items()})
    ax.set(xlabel="STaR iteration (0: the base)", ylabel="held-out accuracy (%)",
           title="STaR on n-digit addition", ylim=(-4, 104), xlim=(-0.2, iterations - 0.8))
    ax.set_xticks(range(iterations))
    _legend_outside(ax)
    return fig


def plot_accuracy(path: Path, curves: dict[str, list[float]]) -> None:
    _save(figure_accuracy(curves), path)


# star select's metric names, as the report and the plot call them
METRICS = {"pass@k": "pass@k", "majority@k": "majority@k",
           "weighted_majority@k": "weighted majority@k",
           "best_of_k:verifier_score": "Best-of-k, verifier",
           "best_of_k:reference_score": "Best-of-k, base's likelihood"}


def figure_vstar(curves: dict[str, dict[str, float]], problems: int) -> Any:
    """V-STaR's selection curves (%) against k, on a log2 axis labelled 1, 2, 4, 8, ..."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    ks = sorted({int(k) for by_k in curves.values() for k in by_k})
    _lines(ax, ks, {METRICS.get(name, name): [by_k.get(str(k)) for k in ks]
                    for name, by_k in curves.items()})
    ax.set_xscale("log", base=2)
    ax.set_xticks(ks, [str(k) for k in ks])
    ax.xaxis.set_minor_locator(plt.NullLocator())
    ax.set(xlabel="k (candidates per problem)", ylabel="held-out accuracy (%)",
           title=f"V-STaR: choosing among k samples ({problems} problems)")
    _legend_outside(ax)
    return fig


def plot_vstar(path: Path, curves: dict[str, dict[str, float]], problems: int) -> None:
    _save(figure_vstar(curves, problems), path)


def parameters(model: Path) -> int | None:
    """The number of parameters of a saved model, from its safetensors header (tied weights
    are stored once); None when there is none."""
    files = sorted(model.glob("*.safetensors"))
    if not files:
        return None
    from safetensors import safe_open

    total = 0
    for file in files:
        with safe_open(str(file), framework="numpy") as f:
            for name in f.keys():  # noqa: SIM118 (safe_open has no __iter__)
                n = 1
                for size in f.get_slice(name).get_shape():
                    n *= size
                total += n
    return total


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
                lines.append(f"| {METRICS.get(name, name)} | " + " | ".join(
                    f"{100 * by_k[k]:.1f}%" if by_k.get(k) is not None else "-" for k in ks)
                    + " |")
    if results.get("model"):
        m = results["model"]
        lines += ["", f"Model: {m['parameters']:,} parameters ({m['layers']} layers, "
                  f"{m['dim']} wide, {m['vocab']} tokens)."]
    if (w := results.get("wall")) is not None:
        lines += ["", f"Wall time: {w['seconds'] / 60:.1f} minutes on {w['cores']} cores "
                  f"(load average {w.get('load_average_15min', '?')} at the end)"
                  + (", resumed: this invocation only" if w["resumed"] else "") + "."]
    # Only the plots this report drew.
    for name in results.get("plots", []):
        lines += ["", f"![{name.removesuffix('.png')}]({name})"]
    lines.append("")
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
    config = run / "init" / "config.json"
    if config.exists() and (n := parameters(run / "init")) is not None:
        c = json.loads(config.read_text())
        results["model"] = {"parameters": n, "layers": c.get("n_layer"), "dim": c.get("n_embd"),
                            "heads": c.get("n_head"), "vocab": c.get("vocab_size")}
    plots = []
    for stale in ("accuracy.png", "vstar.png"):
        (run / stale).unlink(missing_ok=True)  # what this report does not draw is not shown
    if acc:
        plot_accuracy(run / "accuracy.png",
                      {d: [per.get(d, {}).get("answer", 0.0) for per in acc.values()]
                       for d in base})
        plots.append("accuracy.png")
    metrics = run / "vstar" / "best" / "metrics.json"
    if metrics.exists():
        document = json.loads(metrics.read_text())
        results["vstar"] = {"problems": document["problems"], **vstar(document)}
        plot_vstar(run / "vstar.png", vstar(document), document["problems"])
        plots.append("vstar.png")
    results["plots"] = plots
    results["versions"] = versions()
    return results


def versions() -> dict[str, str | None]:
    """What the figures were measured with: a new TRL or torch may train another model."""
    from importlib.metadata import PackageNotFoundError, version

    found: dict[str, str | None] = {}
    for name in ("star-cli", "torch", "transformers", "trl"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = None
    return found


def _seed(run: Path) -> int | None:
    path = run / "data" / "seed.txt"
    return int(path.read_text()) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--rationalize", type=int, default=1)
    parser.add_argument("--checker", default="addition-steps")
    parser.add_argument("--wall-seconds", type=int, help="how long run.sh took")
    parser.add_argument("--fresh", type=int, default=1,
                        help="0 when run.sh resumed a run (its wall time is then a part's)")
    ns = parser.parse_args(argv)
    results = report(ns.run, bool(ns.rationalize), ns.checker)
    if ns.wall_seconds is not None:
        # the machine's load at the end: wall times on a shared machine mean little without it
        results["wall"] = {"seconds": ns.wall_seconds, "resumed": not ns.fresh,
                           "cores": os.cpu_count(),
                           "load_average_15min": round(os.getloadavg()[2], 1)}
    (ns.run / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (ns.run / "results.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
