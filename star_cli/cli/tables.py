"""The tables commands print on stderr: each step's counts (filter, pairs) and the selection
metrics (select)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

    from star_cli.filters.base import StepStats

LABELS = {"pass@k": "pass@k", "majority@k": "majority@k",
          "weighted_majority@k": "weighted majority@k"}


def label_of(metric: str) -> str:
    if metric.startswith("best_of_k:"):
        return f"best-of-k ({metric.split(':', 1)[1]})"
    return LABELS.get(metric, metric)


def steps_table(steps: list[StepStats], title: str) -> Table:
    """Each step's counts: seen, kept, dropped by reason, seconds."""
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in ("step", "seen", "kept", "dropped", "seconds"):
        table.add_column(col, justify="right" if col in ("seen", "kept", "seconds") else "left")
    for s in steps:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(s.dropped.items())) or "-"
        table.add_row(s.name, f"{s.seen:,}", f"{s.kept:,}", reasons, f"{s.seconds:.2f}")
    return table


def sampled(metrics: dict[str, list[dict[str, Any]]]) -> bool:
    """Whether any value was estimated from random draws (and so has an interval)."""
    return any(not row["exact"] for rows in metrics.values() for row in rows)


def format_table(metrics: dict[str, list[dict[str, Any]]]) -> str:
    """k down, one column per metric, in percent; a sampled value shows its 95% half-width."""
    names = list(metrics)
    ks = sorted({row["k"] for rows in metrics.values() for row in rows})
    cells: dict[tuple[str, int], str] = {}
    counts: dict[int, int] = {}
    for name, rows in metrics.items():
        for row in rows:
            text = f"{100 * row['value']:.2f}%"
            if not row["exact"]:
                text += f" ±{100 * (row['high'] - row['low']) / 2:.2f}"
            cells[name, row["k"]] = text
            counts[row["k"]] = max(counts.get(row["k"], 0), row["problems"])
    head = ["k", "problems", *(label_of(n) for n in names)]
    body = [[str(k), str(counts[k]), *(cells.get((n, k), "-") for n in names)] for k in ks]
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True))
             for r in [head, *body]]
    return "\n".join(lines)
