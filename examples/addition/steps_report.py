"""The step-label run's report: rollout labels against the exact ones, and Best-of-k by the
process verifier next to the outcome verifier and majority.

    python examples/addition/steps_report.py STEPS_DIR

Reads what steps.sh wrote under STEPS_DIR: `labels-<search>/` (star steps, step-labels
format) for each search, and `best/metrics.json` (star select). Writes `steps.json` and
`steps.md` there, and prints the Markdown.

Per search: how often the first wrong step (ProcessBench's label) equals the exact one;
precision and recall of "this step is wrong" against the exact labels (a step is wrong from
the first wrong step on, as Math-Shepherd's labels mean); and the cost: rollouts run, what
the full scan would run, generated tokens.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from exact import exact_first_error, exact_labels  # noqa: E402

from star_cli.io.readers import read_records  # noqa: E402


def digits_of(question: str) -> int:
    return max(len(x.lstrip("0") or "0") for x in question.split(" + "))


def by_digits(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Per digit count: how often the first wrong step found is the exact one."""
    tally: dict[int, list[int]] = {}
    for r in rows:
        t = tally.setdefault(digits_of(r["question"]), [0, 0])
        t[0] += 1
        t[1] += r["first_error"] == exact_first_error(r["question"], r["steps"])
    return {str(d): round(a / n, 4) for d, (n, a) in sorted(tally.items())}


def solvable(rows: list[dict[str, Any]], most: int = 3) -> dict[str, Any]:
    """The measures on problems of at most `most` digits: those the model can finish."""
    mine = [r for r in rows if digits_of(r["question"]) <= most]
    quality = label_quality_core(mine)
    return {"digits": most, **quality}


def label_quality(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {**label_quality_core(rows), "first_error_agreement_by_digits": by_digits(rows),
            "up_to_3_digits": solvable(rows)}


def label_quality_core(rows: list[dict[str, Any]]) -> dict[str, Any]:
    agree = with_error = agree_error = 0
    tp = fp = fn = tn = 0
    rollouts = tokens = 0
    early = late = 0  # first wrong step found before / after the exact one
    for r in rows:
        truth = exact_first_error(r["question"], r["steps"])
        found = r["first_error"]
        agree += found == truth
        if truth >= 0:
            with_error += 1
            agree_error += found == truth
        if found != truth:
            if truth < 0 or (found >= 0 and found < truth):
                early += 1
            else:
                late += 1
        for predicted, right in zip(r["step_labels"], exact_labels(r["question"], r["steps"]),
                                    strict=True):
            tp += not predicted and not right
            fp += not predicted and right
            fn += predicted and not right
            tn += predicted and right
        rollouts += sum(r["step_rollouts"])
        tokens += r.get("rollout_tokens") or 0
    n = len(rows)
    return {
        "traces": n, "steps": sum(len(r["steps"]) for r in rows),
        "traces_with_error": with_error,
        "first_error_agreement": round(agree / n, 4) if n else None,
        "first_error_agreement_on_errors": round(agree_error / with_error, 4)
        if with_error else None,
        "found_too_early": early, "found_too_late": late,
        "wrong_step_precision": round(tp / (tp + fp), 4) if tp + fp else None,
        "wrong_step_recall": round(tp / (tp + fn), 4) if tp + fn else None,
        "rollouts": rollouts, "rollout_tokens": tokens,
    }


def processbench(rows: list[dict[str, Any]], threshold: float = 0.5) -> dict[str, Any]:
    """A PRM judged as ProcessBench judges one: its first error is the first step it gives
    less than `threshold`; accuracy on the candidates with an exact error, on those without,
    and their harmonic mean (F1)."""
    right = [0, 0]
    wrong = [0, 0]
    for r in rows:
        steps = r["rationale"].split("\n")
        steps = [x.strip() for x in steps if x.strip()]
        truth = exact_first_error(r["question"], steps)
        found = next((i for i, p in enumerate(r["prm_steps"]) if p < threshold), -1)
        t = wrong if truth >= 0 else right
        t[0] += 1
        t[1] += found == truth
    acc_err = wrong[1] / wrong[0] if wrong[0] else None
    acc_ok = right[1] / right[0] if right[0] else None
    f1 = (2 * acc_err * acc_ok / (acc_err + acc_ok)
          if acc_err is not None and acc_ok is not None and acc_err + acc_ok else None)
    return {"with_error": wrong[0], "accuracy_on_errors": round(acc_err, 4)
            if acc_err is not None else None, "without_error": right[0],
            "accuracy_on_correct": round(acc_ok, 4) if acc_ok is not None else None,
            "f1": round(f1, 4) if f1 is not None else None}


def agreement(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> float | None:
    """How often two runs over the same traces find the same first wrong step."""
    by_id = {r["id"]: r["first_error"] for r in b}
    shared = [r for r in a if r["id"] in by_id]
    if not shared:
        return None
    return round(sum(r["first_error"] == by_id[r["id"]] for r in shared) / len(shared), 4)


def read(path: Path) -> list[dict[str, Any]]:
    return [r for r, _ in read_records([str(path)])] if path.exists() else []


def report(root: Path) -> dict[str, Any]:
    out: dict[str, Any] = {"labels": {}}
    runs = {p.name.removeprefix("labels-"): read(p) for p in sorted(root.glob("labels-*"))}
    # Every search is measured on the traces all of them labelled (the binary run may cover
    # more problems: the PRM's training data).
    shared = set.intersection(*({r["id"] for r in rows} for rows in runs.values())) \
        if runs else set()
    for name, rows in runs.items():
        config = json.loads((root / f"labels-{name}" / "manifest.json").read_text())["config"]
        mine = [r for r in rows if r["id"] in shared]
        quality = label_quality(mine)
        quality["full_scan_rollouts"] = sum((len(r["steps"]) - 1) * config["rollouts"]
                                            for r in mine)
        quality["labelled_in_all"] = len(rows)
        quality["seconds"] = (json.loads((root / f"labels-{name}" / "manifest.json")
                                         .read_text()).get("stats") or {}).get("seconds")
        quality["config"] = {k: config.get(k) for k in ("checker", "rollouts", "temperature",
                                                         "search")}
        out["labels"][name] = quality
    names = list(runs)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            out.setdefault("first_error_between", {})[f"{a}/{b}"] = agreement(runs[a], runs[b])
    # Selection: pass@k, majority@k and the outcome verifier's Best-of-k from the PRM's
    # select run; each trained verifier's own Best-of-k from its run.
    selection: dict[str, Any] = {}
    for name, fields in (("prm", ("prm_min", "prm_prod", "prm_last")), ("orm", ("prm_last",)),
                         ("prm-exact", ("prm_min",))):
        metrics = root / f"best-{name}" / "metrics.json"
        if not metrics.exists():
            continue
        doc = json.loads(metrics.read_text())
        rows = {n: {str(row["k"]): row["value"] for row in v}
                for n, v in doc["metrics"].items()}
        if not selection:
            selection["problems"] = doc["problems"]
            for n, v in rows.items():
                if not n.startswith("best_of_k:prm_"):
                    selection[n] = v
        for field in fields:
            selection[f"best_of_k:{field} ({name})"] = rows[f"best_of_k:{field}"]
    if selection:
        out["selection"] = selection
    for name in ("prm", "orm", "prm-exact"):
        info = root / name / "prm.json"
        if info.exists():
            out.setdefault("verifiers", {})[name] = json.loads(info.read_text())
        scored = read(root / f"scored-{name}")
        if scored and name != "orm":
            out.setdefault("processbench", {})[name] = processbench(scored)
    return out


def pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def markdown(r: dict[str, Any]) -> str:
    lines = ["# Step labels on the addition miniature", "",
             "| search | traces | first error = exact | on traces with an error | "
             "wrong-step precision | recall | rollouts | full scan | tokens |",
             "|---|---|---|---|---|---|---|---|---|"]
    for name, q in r["labels"].items():
        lines.append(f"| {name} | {q['traces']} | {pct(q['first_error_agreement'])} | "
                     f"{pct(q['first_error_agreement_on_errors'])} | "
                     f"{pct(q['wrong_step_precision'])} | {pct(q['wrong_step_recall'])} | "
                     f"{q['rollouts']:,} | {q['full_scan_rollouts'] or 0:,} | "
                     f"{q['rollout_tokens']:,} |")
    lines += ["", "First wrong step equal to the exact one, by digit count:", "",
              "| search | " + " | ".join(f"{d} digits" for d in
                                        next(iter(r["labels"].values()))
                                        ["first_error_agreement_by_digits"]) + " |",
              "|---|" + "---|" * len(next(iter(r["labels"].values()))
                                     ["first_error_agreement_by_digits"])] if r["labels"] else []
    for name, q in r["labels"].items():
        lines.append(f"| {name} | " + " | ".join(
            pct(v) for v in q["first_error_agreement_by_digits"].values()) + " |")
    lines += ["", "On the problems of 1 to 3 digits (those the model can finish):", "",
              "| search | traces | first error = exact | on traces with an error | "
              "wrong-step precision | recall |", "|---|---|---|---|---|---|"]
    for name, q in r["labels"].items():
        s = q["up_to_3_digits"]
        lines.append(f"| {name} | {s['traces']} | {pct(s['first_error_agreement'])} | "
                     f"{pct(s['first_error_agreement_on_errors'])} | "
                     f"{pct(s['wrong_step_precision'])} | {pct(s['wrong_step_recall'])} |")
    for pair, value in (r.get("first_error_between") or {}).items():
        lines += ["", f"Same first wrong step, {pair}: {pct(value)}."]
    if (sel := r.get("selection")) is not None:
        ks = list(sel["pass@k"].keys())
        lines += ["", f"Selection on held-out problems ({sel['problems']} problems):", "",
                  "| metric | " + " | ".join(f"k={k}" for k in ks) + " |",
                  "|---|" + "---|" * len(ks)]
        for name, by_k in sel.items():
            if isinstance(by_k, dict):
                lines.append(f"| {name} | " + " | ".join(pct(by_k.get(k)) for k in ks) + " |")
    if (pb := r.get("processbench")) is not None:
        lines += ["", "Each PRM's first step below 0.5 against the exact first error, on the "
                  "held-out candidates (ProcessBench's measure):", "",
                  "| PRM | candidates with an error | accuracy | without | accuracy | F1 |",
                  "|---|---|---|---|---|---|"]
        for name, q in pb.items():
            lines.append(f"| {name} | {q['with_error']} | {pct(q['accuracy_on_errors'])} | "
                         f"{q['without_error']} | {pct(q['accuracy_on_correct'])} | "
                         f"{pct(q['f1'])} |")
    lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    ns = parser.parse_args(argv)
    results = report(ns.root)
    (ns.root / "steps.json").write_text(json.dumps(results, indent=2) + "\n")
    (ns.root / "steps.md").write_text(markdown(results))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
