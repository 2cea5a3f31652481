"""The gym example's figures as README.md and docs/gym.md quote them, from the results files
its runs wrote, so the docs cannot drift from what was measured (examples/addition/figures.py
does the same for the addition miniature).

    python examples/gym/figures.py          # check: exit 1 naming every quote missing
    python examples/gym/figures.py --print  # the quotes, to paste after a new run

The results files are results.json of examples/gym/run.sh, copied to docs/results/:
  gym-quick-seed0.json        examples/gym/run.sh --quick --seed 0
  gym-seed0.json              examples/gym/run.sh --seed 0 (the full run; optional)
  gym-quick-norat-seed0.json  examples/gym/run.sh --quick --seed 0 --no-rationalize (optional)
  gym-quick-seed1.json        examples/gym/run.sh --quick --seed 1 (optional)
After a new run: copy its results.json there, run --print, and update the docs.

Every percentage in docs/gym.md's measurements (its section `### What it measured`) must
also be one of these files' figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RESULTS = REPO / "docs" / "results"
QUICK, FULL = RESULTS / "gym-quick-seed0.json", RESULTS / "gym-seed0.json"
EXTRAS = (RESULTS / "gym-quick-norat-seed0.json", RESULTS / "gym-quick-seed1.json")
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
SECTION = r"^### What it measured.*?(?=^##|\Z)"  # in docs/gym.md

# the addition miniature's checker: the same rule for which percentages a results file holds
_spec = importlib.util.spec_from_file_location(
    "addition_figures", Path(__file__).resolve().parents[1] / "addition" / "figures.py")
assert _spec is not None and _spec.loader is not None
_addition = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_addition)
allowed_percentages = _addition.allowed_percentages


def pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def curve(ys: list[float]) -> str:
    """`2.5 → 95.0 → 100.0%`"""
    return " → ".join(f"{100 * y:.1f}" for y in ys) + "%"


def words(label: str) -> str:
    """`7 letters` -> `7-letter words`; another family's label as it is."""
    m = re.fullmatch(r"(\d+) letters", label)
    return f"{m.group(1)}-letter words" if m else label


def level_curve(results: dict[str, Any], label: str) -> list[float]:
    return [per[label]["answer"] for per in results["accuracy"].values()]


def minutes(results: dict[str, Any]) -> float:
    return results["wall"]["seconds"] / 60


def summary(results: dict[str, Any]) -> str:
    """The run in one phrase: the frontier's curve and the hardest level's."""
    frontier = results["frontier"]["level"]
    hardest = results["levels"][-1]["label"]
    iterations = len(results["accuracy"]) - 1
    text = (f"held-out accuracy on {words(frontier)} went {curve(level_curve(results, frontier))}"
            f" in {WORDS.get(iterations, iterations)} iterations")
    if hardest != frontier:
        text += f", on {words(hardest)} {curve(level_curve(results, hardest))}"
    return text + f" (seed {results['seed']})"


def pool_story(results: dict[str, Any]) -> list[str]:
    """Where the frontier's and the hardest level's training rationales came from: solved
    unaided, or recovered with the hint."""
    frontier, hardest = results["frontier"]["level"], results["levels"][-1]["label"]
    pool = {lv["label"]: lv["pool"] for lv in results["levels"]}
    first, *later = results["iterations"]
    solved, hinted = first["generated_correct_by_level"], first["rationalized_correct_by_level"]
    story = [f"The base solved {solved.get(frontier, 0)} of the pool's {pool[frontier]} "
             f"{words(frontier)} unaided and {solved.get(hardest, 0)} of its {pool[hardest]} "
             f"{words(hardest)}; the hint recovered {hinted.get(frontier, 0)} and "
             f"{hinted.get(hardest, 0)} of them"]
    for i, it in enumerate(later, start=1):
        by = it["generated_correct_by_level"]
        story.append(f"M{i} solved {by.get(frontier, 0)} and {by.get(hardest, 0)} of them "
                     "unaided")
    return story


def working(results: dict[str, Any]) -> str:
    """The frontier's first failure: the base's working right, its answer wrong."""
    frontier = results["frontier"]["level"]
    base = results["accuracy"]["base"][frontier]
    return (f"on {words(frontier)} the base's working was right on {pct(base['working'])} of "
            f"them and its answer on {pct(base['answer'])}")


def table(results: dict[str, Any]) -> list[str]:
    """docs/gym.md's table: a row per model, a column per level (answer right)."""
    labels = [lv["label"] for lv in results["levels"]]
    rows = ["| model | " + " | ".join(labels) + " |"]
    for name, per in results["accuracy"].items():
        rows.append(f"| {name} | " + " | ".join(pct(per[k]["answer"]) for k in labels) + " |")
    return rows


def quotes(quick: dict[str, Any], full: dict[str, Any] | None,
           extras: tuple[dict[str, Any], ...] = ()) -> dict[str, list[str]]:
    """file (relative to the repository) -> the phrases it must hold, each from a results
    file; `extras`, the ablation's and other seeds' results, are quoted by docs/gym.md."""
    params = f"{round(quick['model']['parameters'] / 1000)}k"
    readme = [
        "examples/gym/run.sh --quick",
        summary(quick),
        f"in about {round(minutes(quick))} minutes",
    ]
    gym = [
        f"{params} parameters",
        f"`--quick`, seed {quick['seed']}, {minutes(quick):.1f} minutes on "
        f"{quick['wall']['cores']} cores (load average {quick['wall']['load_average_15min']})",
        summary(quick),
        *table(quick),
        *pool_story(quick),
        working(quick),
    ]
    for i, it in enumerate(quick["iterations"]):
        gym.append(f"| M{i + 1} | {it['generated_correct']} of {it['generated']} | "
                   f"{it['rationalized_correct']} of {it['rationalized']} | "
                   f"{it['hint_leaks']} | {it['kept']} |")
    if full is not None:
        gym += [f"(`examples/gym/run.sh --seed {full['seed']}`, {minutes(full):.1f} minutes on "
                f"{full['wall']['cores']} cores (load average "
                f"{full['wall']['load_average_15min']})", summary(full), *table(full),
                *pool_story(full), working(full)]
    for extra in extras:
        gym += [summary(extra), f"{extra['iterations'][0]['kept']} rationales"]
    return {"README.md": readme, "docs/gym.md": gym}


def section(repo: Path = REPO) -> str:
    m = re.search(SECTION, (repo / "docs" / "gym.md").read_text(), re.S | re.M)
    return m.group(0) if m else ""


def load() -> tuple[dict[str, Any], dict[str, Any] | None, tuple[dict[str, Any], ...]]:
    """The quick run's results, the full run's (None until one was copied there) and those
    of EXTRAS copied there."""
    quick = json.loads(QUICK.read_text())
    full = json.loads(FULL.read_text()) if FULL.exists() else None
    return quick, full, tuple(json.loads(p.read_text()) for p in EXTRAS if p.exists())


def problems(repo: Path = REPO) -> list[str]:
    """What the docs quote that the results files do not say; empty when they agree."""
    quick, full, extras = load()
    found = []
    for name, phrases in quotes(quick, full, extras).items():
        flat = re.sub(r"\s+", " ", (repo / name).read_text())  # a phrase may wrap
        found += [f"{name}: no `{p}`" for p in phrases if p not in flat]
    measured = section(repo)
    if not measured:
        found.append("docs/gym.md: the section of measured figures is gone")
    allowed = allowed_percentages(quick, *([full] if full else []), *extras)
    flat = re.sub(r"\s+", " ", measured)
    for number in re.findall(r"(\d+(?:\.\d+)?)(?=(?: → [\d.]+)*%)", flat):
        if f"{float(number):.1f}" not in allowed:
            found.append(f"docs/gym.md: quotes {number}%, which no results file holds")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--print", action="store_true", help="print the quotes, check nothing")
    args = parser.parse_args(argv)
    if args.print:
        for name, phrases in quotes(*load()).items():
            print(f"{name}:")
            for p in phrases:
                print(f"  {p}")
        return 0
    found = problems()
    for p in found:
        print(p, file=sys.stderr)
    if not found:
        print("README.md and docs/gym.md quote docs/results/gym-*.json faithfully")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
