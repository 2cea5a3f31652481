"""The gym example's report: held-out accuracy per difficulty level and iteration, and what
each STaR iteration kept, as results.json, results.md and accuracy.png in the run directory,
in the addition miniature's style (its plotting, examples/addition/report.py).

    python examples/gym/report.py RUN_DIR [--rationalize 1]

Accuracy is held-out only (test.jsonl, greedy): the pool the loop trains on overstates it.
A held-out answer counts when the family's own scorer gives it 1.0 (the trace's `correct`,
star's gym checker); `steps` also asks the whole scratchpad to be the family's, step by step
(families.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from families import FAMILIES  # noqa: E402

from star_cli.io.readers import read_records  # noqa: E402

_spec = importlib.util.spec_from_file_location(
    "addition_report", Path(__file__).resolve().parents[1] / "addition" / "report.py")
assert _spec is not None and _spec.loader is not None
style = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(style)  # the miniature's plots: markers, legend outside, percent


def traces(path: Path) -> list[dict[str, Any]]:
    return [record for record, _ in read_records([str(path)])] if path.exists() else []


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def question_of(prompt: Any) -> str:
    """The question of a text prompt star built (`...\\n\\nQ: QUESTION\\nA:`), or of a chat
    prompt's last user message."""
    if isinstance(prompt, list):
        prompt = next((m["content"] for m in reversed(prompt) if m.get("role") == "user"), "")
    text = str(prompt)
    if "Q: " in text:
        text = text.rsplit("Q: ", 1)[1]
    return text.removesuffix("\nA:")


def accuracy(rows: list[dict[str, Any]], problems: dict[str, dict[str, Any]],
             labels: list[str], family: str) -> dict[str, dict[str, float]]:
    """Per level: the share of answers the scorer took (`answer`), of those with the
    scratchpad right throughout (`steps`), and of completions whose working is right, the
    answer copied out of it right or not (`working`; both 0 for a family families.py does
    not know)."""
    known = FAMILIES.get(family)
    tally: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows:
        problem = problems.get(r["problem_id"])
        if problem is None:
            continue
        t = tally[problem["level"]]
        t[0] += 1
        t[1] += bool(r["correct"])
        if known is not None:
            t[2] += bool(r["correct"]) and known.steps_correct(problem, r["completion"])
            t[3] += known.working_correct(problem, r["completion"])
    return {labels[i]: {"n": n, "answer": round(a / n, 4), "steps": round(s / n, 4),
                        "working": round(w / n, 4)}
            for i, (n, a, s, w) in sorted(tally.items())}


def kept(run: Path, i: int, level_of: dict[str, int], labels: list[str]) -> dict[str, Any]:
    """What iteration i's generate and rationalize solved and what star filter kept."""
    gen, rat = traces(run / f"it{i}" / "gen"), traces(run / f"it{i}" / "rat")
    sft = traces(run / f"it{i}" / "sft")
    by_level: dict[str, int] = defaultdict(int)
    for r in sft:
        # prompt-completion rows (run.sh) or chat messages (a served model's loop)
        prompt = r.get("prompt") or [m for m in r.get("messages", []) if m["role"] != "assistant"]
        if (level := level_of.get(question_of(prompt))) is not None:
            by_level[labels[level]] += 1

    def correct_by_level(rows: list[dict[str, Any]]) -> dict[str, int]:
        """Right answers per level, over the levels tried (0 where none was right)."""
        tally: dict[str, int] = {}
        for r in rows:
            if (level := level_of.get(r.get("question", ""))) is not None:
                tally[labels[level]] = tally.get(labels[level], 0) + bool(r["correct"])
        return {k: tally[k] for k in labels if k in tally}

    return {"generated": len(gen), "generated_correct": sum(bool(r["correct"]) for r in gen),
            "generated_correct_by_level": correct_by_level(gen),
            "rationalized": len(rat),
            "rationalized_correct": sum(bool(r["correct"]) for r in rat),
            "rationalized_correct_by_level": correct_by_level(rat),
            "hint_leaks": sum(bool(r.get("hint_leak")) for r in rat),
            "kept": len(sft),
            "kept_by_level": {k: by_level[k] for k in labels if k in by_level}}


def first_failed(base: dict[str, dict[str, float]]) -> str | None:
    """The first level the base gets wrong more often than right."""
    return next((k for k, v in base.items() if v["answer"] < 0.5), None)


def figure_accuracy(curves: dict[str, list[float]], family: str) -> Any:
    """Held-out accuracy (%) per level against the iteration (0: the base)."""
    plt = style._pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    iterations = max(len(ys) for ys in curves.values())
    style._lines(ax, list(range(iterations)), {k: list(ys) for k, ys in curves.items()})
    ax.set(xlabel="STaR iteration (0: the base)", ylabel="held-out accuracy (%)",
           title=f"STaR on gym:{family}", ylim=(-4, 104), xlim=(-0.2, iterations - 0.8))
    ax.set_xticks(range(iterations))
    style._legend_outside(ax)
    return fig


def markdown(results: dict[str, Any]) -> str:
    acc, lines = results["accuracy"], []
    lines += [f"# STaR on gym:{results['family']}: {results['run']}", "",
              f"Seed {results['seed']}, rationalization "
              f"{'on' if results['rationalize'] else 'off'}. Held-out greedy accuracy (the "
              "family's scorer gave 1.0; in brackets, every scratchpad step right too):", ""]
    labels = list(next(iter(acc.values())).keys()) if acc else []
    lines.append("| model | " + " | ".join(labels) + " |")
    lines.append("|---|" + "---|" * len(labels))
    for name, per in acc.items():
        cells = [f"{100 * per[k]['answer']:.1f}% ({100 * per[k]['steps']:.1f}%)"
                 if k in per else "-" for k in labels]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if any("working" in per[k] for per in acc.values() for k in per):
        lines += ["", "Working right (every step before `<answer>`, the answer copied out right "
                  "or not):", "", "| model | " + " | ".join(labels) + " |",
                  "|---|" + "---|" * len(labels)]
        for name, per in acc.items():
            cells = [f"{100 * per[k].get('working', 0):.1f}%" if k in per else "-"
                     for k in labels]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if (f := results.get("frontier")) is not None:
        ratio = f" ({f['ratio']}x the base's)" if f["ratio"] is not None else ""
        lines += ["", f"First level the base fails: **{f['level']}**: "
                  + " → ".join(f"{100 * y:.1f}%" for y in f["curve"]) + ratio + "."]
    lines += ["", "| iteration | generated correct | rationalized correct | hint leaks | kept |",
              "|---|---|---|---|---|"]
    for i, k in enumerate(results["iterations"]):
        by = ", ".join(f"{label}: {n}" for label, n in k["kept_by_level"].items())
        lines.append(f"| {i} | {k['generated_correct']}/{k['generated']} | "
                     f"{k['rationalized_correct']}/{k['rationalized']} | {k['hint_leaks']} | "
                     f"{k['kept']} ({by}) |")
    if results.get("model"):
        m = results["model"]
        lines += ["", f"Model: {m['parameters']:,} parameters ({m['layers']} layers, "
                  f"{m['dim']} wide, {m['vocab']} tokens)."]
    if (w := results.get("wall")) is not None:
        lines += ["", f"Wall time: {w['seconds'] / 60:.1f} minutes on {w['cores']} cores "
                  f"(load average {w.get('load_average_15min', '?')} at the end)"
                  + (", resumed: this invocation only" if w["resumed"] else "") + "."]
    for name in results.get("plots", []):
        lines += ["", f"![{name.removesuffix('.png')}]({name})"]
    lines.append("")
    return "\n".join(lines)


def report(run: Path, rationalize: bool) -> dict[str, Any]:
    levels = json.loads((run / "data" / "levels.json").read_text())
    family, labels = levels["family"], [lv["label"] for lv in levels["levels"]]
    test = read_jsonl(run / "data" / "test.jsonl")
    problems = {p["id"]: p for p in test}
    level_of = {p["question"]: p["level"] for p in (*read_jsonl(run / "data" / "pool.jsonl"),
                                                     *test)}
    evals = sorted((p for p in (run / "eval").glob("it*")), key=lambda p: int(p.name[2:]))
    acc = {("base" if p.name == "it0" else f"M{p.name[2:]}"):
           accuracy(traces(p), problems, labels, family) for p in evals}
    # every iteration that generated, its model evaluated or not (a served model's loop may
    # be mid-way)
    ran = sum(1 for _ in run.glob("it*/gen"))
    iterations = [kept(run, i, level_of, labels) for i in range(max(len(evals) - 1, ran))]
    results: dict[str, Any] = {"run": str(run), "family": family, "seed": _seed(run),
                               "rationalize": rationalize, "levels": levels["levels"],
                               "accuracy": acc, "iterations": iterations}
    base = acc.get("base", {})
    if (k := first_failed(base)) is not None:
        curve = [per.get(k, {}).get("answer", 0.0) for per in acc.values()]
        ratio = round(curve[-1] / curve[0], 2) if curve[0] > 0 else None
        results["frontier"] = {"level": k, "curve": curve, "ratio": ratio,
                               "rising": all(b > a for a, b in zip(curve, curve[1:], strict=False))}
    config = run / "init" / "config.json"
    if config.exists() and (n := style.parameters(run / "init")) is not None:
        c = json.loads(config.read_text())
        results["model"] = {"parameters": n, "layers": c.get("n_layer"), "dim": c.get("n_embd"),
                            "heads": c.get("n_head"), "vocab": c.get("vocab_size")}
    (run / "accuracy.png").unlink(missing_ok=True)  # what this report does not draw is not shown
    plots = []
    if acc:
        style._save(figure_accuracy({k: [per.get(k, {}).get("answer", 0.0)
                                         for per in acc.values()] for k in base}, family),
                    run / "accuracy.png")
        plots.append("accuracy.png")
    results["plots"] = plots
    results["versions"] = style.versions() | {"reasoning_gym": _version("reasoning_gym")}
    return results


def _version(name: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return None


def _seed(run: Path) -> int | None:
    path = run / "data" / "seed.txt"
    return int(path.read_text()) if path.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--rationalize", type=int, default=1)
    parser.add_argument("--wall-seconds", type=int, help="how long run.sh took")
    parser.add_argument("--fresh", type=int, default=1,
                        help="0 when run.sh resumed a run (its wall time is then a part's)")
    ns = parser.parse_args(argv)
    results = report(ns.run, bool(ns.rationalize))
    if ns.wall_seconds is not None:
        results["wall"] = {"seconds": ns.wall_seconds, "resumed": not ns.fresh,
                           "cores": os.cpu_count(),
                           "load_average_15min": round(os.getloadavg()[2], 1)}
    (ns.run / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    (ns.run / "results.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
