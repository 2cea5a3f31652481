"""The miniature's figures as README.md and docs/star.md quote them, from the results files
the miniature wrote, so the docs cannot drift from what was measured.

    python examples/addition/figures.py          # check: exit 1 naming every quote missing
    python examples/addition/figures.py --print  # the quotes, to paste after a new run

The results files are results.json of two runs, copied to docs/results/:
  addition-quick-seed0.json  examples/run.sh demo (examples/addition/run.sh --quick)
  addition-seed0.json        examples/addition/run.sh (the full run, seed 0)
After a new run: copy its results.json there, run --print, and update the docs.

Every percentage in the README's quick start and in docs/star.md's measurements (up to the
earlier ones, which it names as such) must also be one of these files' figures.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "docs" / "results"
QUICK, FULL = RESULTS / "addition-quick-seed0.json", RESULTS / "addition-seed0.json"
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
         8: "eight"}


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def minutes(results: dict[str, Any]) -> float:
    return results["wall"]["seconds"] / 60


def full_iterations(script: Path = REPO / "examples" / "addition" / "run.sh") -> int:
    """The full run's default iteration count, as run.sh sets it."""
    m = re.search(r"out=\$\{out:-runs/addition\} iterations=\$\{iterations:-(\d+)\}",
                  script.read_text())
    assert m is not None, "run.sh no longer sets the full run's iterations where expected"
    return int(m.group(1))


def quotes(quick: dict[str, Any], full: dict[str, Any] | None) -> dict[str, list[str]]:
    """file (relative to the repository) -> the phrases it must hold, each from a results file
    (or, for the iteration count, run.sh's default)."""
    q = quick["frontier"]
    q_steps = [quick["accuracy"][m][q["digits"]]["steps"] for m in quick["accuracy"]]
    it = quick["iterations"][0]
    iterations = full_iterations()
    params = f"{round(quick['model']['parameters'] / 1000)}k"
    readme = [
        f"{params}-parameter",
        f"held-out {q['digits']}-digit accuracy went from {pct(q['curve'][0])} to "
        f"{pct(q['curve'][-1])} in one iteration (seed {quick['seed']})",
        f"It ends in about {round(minutes(quick))} minutes",
        f"load average {quick['wall']['load_average_15min']})",
        f"Without `--quick` (`examples/addition/run.sh`) it runs "
        f"{WORDS.get(iterations, iterations)} iterations",
    ]
    star = [
        f"`--quick` runs in about {round(minutes(quick))} minutes, the full run ({iterations} "
        f"iterations) in",
        f"{params} parameters",
        f"seed {quick['seed']}, {q['digits']} digits {pct(q['curve'][0])} "
        f"({pct(q_steps[0])} with every step right) → {pct(q['curve'][-1])} "
        f"({pct(q_steps[-1])}) in {minutes(quick):.1f} minutes",
        f"The iteration kept {it['kept']} rationales ({it['generated_correct']} of the "
        f"{it['generated']} pool problems solved unaided, {it['rationalized_correct']} of the "
        f"{it['rationalized']} failures recovered with the hint)",
    ]
    if full is None:
        return {"README.md": readme, "docs/star.md": star}
    f = full["frontier"]
    curve = " → ".join(f"{100 * y:.1f}" for y in f["curve"]) + "%"
    readme += [
        f"in about {round(minutes(full))} minutes on {full['wall']['cores']} cores",
        f"held-out {f['digits']}-digit accuracy rose at every iteration ({curve} with seed "
        f"{full['seed']})" if f["rising"] else
        f"held-out {f['digits']}-digit accuracy went {curve} (seed {full['seed']})",
    ]
    star[0] += f" about {round(minutes(full))} minutes"
    rationalized = [i["rationalized_correct"] for i in full["iterations"]]
    star += [
        f"| seed {full['seed']} | {curve} | {f['ratio']:.1f} | {minutes(full):.1f} min |",
        f"rationalization recovered {sum(rationalized)} problems"
        + (", all in the first iteration" if sum(rationalized[1:]) == 0 else ""),
        "kept every unaided correct rationale ("
        + ", ".join(f"{i['generated_correct']:,}" for i in full["iterations"][:-1])
        + f" and {full['iterations'][-1]['generated_correct']:,} of the "
        f"{full['iterations'][0]['generated']:,} pool problems)",
    ]
    if (v := full.get("vstar")) is not None:
        k = max(v["pass@k"], key=int)
        one, vote = v["pass@k"]["1"], v["majority@k"][k]
        best, base, every = (v["best_of_k:verifier_score"][k], v["best_of_k:reference_score"][k],
                             v["pass@k"][k])
        star.append(f"| seed {full['seed']} | {pct(one)} | {pct(vote)} | **{pct(best)}** | "
                    f"{pct(base)} | {pct(every)} |")

        def gap(a: float, b: float) -> str:  # points, as the table's rounded figures give them
            return f"{round(100 * a, 1) - round(100 * b, 1):.1f}"

        star.append(f"beats majority@{k} by {gap(best, vote)} points, pass@1 by "
                    f"{gap(best, one)} and the base's own likelihood by {gap(best, base)}, "
                    f"{gap(every, best)} short of pass@{k}")
    return {"README.md": readme, "docs/star.md": star}


def allowed_percentages(*results: dict[str, Any]) -> set[str]:
    """Every figure a results file holds, as a percentage with one decimal."""
    found: set[str] = set()

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        elif isinstance(x, float | int) and not isinstance(x, bool) and 0 <= x <= 1:
            found.add(f"{100 * x:.1f}")

    for r in results:
        walk(r)
    return found


def sections(repo: Path = REPO) -> dict[str, str]:
    """The passages whose every percentage must come from a results file: the README's quick
    start, and docs/star.md's measurements up to its earlier ones."""
    readme = (repo / "README.md").read_text()
    star = (repo / "docs" / "star.md").read_text()
    m = re.search(r"^## Quick start.*?(?=^## )", readme, re.S | re.M)
    n = re.search(r"^### What it measured.*?(?=^\*\*Earlier measurements)", star, re.S | re.M)
    return {"README.md": m.group(0) if m else "", "docs/star.md": n.group(0) if n else ""}


def load() -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The quick run's results and the full run's (None until a full run was copied there)."""
    quick = json.loads(QUICK.read_text())
    return quick, json.loads(FULL.read_text()) if FULL.exists() else None


def problems(repo: Path = REPO) -> list[str]:
    """What the docs quote that the results files do not say; empty when they agree."""
    quick, full = load()
    found = []
    for name, phrases in quotes(quick, full).items():
        text = (repo / name).read_text()
        flat = re.sub(r"\s+", " ", text)  # a phrase may wrap across lines
        found += [f"{name}: no `{p}`" for p in phrases if p not in flat]
    allowed = allowed_percentages(quick, *([full] if full else []))
    for name, section in sections(repo).items():
        if not section:
            found.append(f"{name}: the section of measured figures is gone")
        flat = re.sub(r"\s+", " ", section)
        for number in re.findall(r"(\d+(?:\.\d+)?)(?=(?: → [\d.]+)*%)", flat):
            if f"{float(number):.1f}" not in allowed:
                found.append(f"{name}: quotes {number}%, which no results file holds")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print the quotes, check nothing")
    args = parser.parse_args(argv)
    if args.print:
        quick, full = load()
        for name, phrases in quotes(quick, full).items():
            print(f"{name}:")
            for p in phrases:
                print(f"  {p}")
        return 0
    found = problems()
    for p in found:
        print(p, file=sys.stderr)
    if not found:
        print("README.md and docs/star.md quote docs/results/ faithfully")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
