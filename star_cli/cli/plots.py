"""The plots commands draw (`star select --plot`): accuracy against k."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from star_cli.cli.tables import label_of
from star_cli.errors import UsageError

# Every series visible where lines overlap: its own marker and dash pattern.
STYLES = [("o", "-"), ("s", "--"), ("^", "-."), ("D", ":"), ("v", "-"), ("P", "--")]


def check_plotting() -> None:
    """Exit 2 before any work when matplotlib is missing."""
    if importlib.util.find_spec("matplotlib") is None:
        raise UsageError("--plot needs matplotlib: pip install 'star-cli[plot]'")


def plot_metrics(metrics: dict[str, list[dict[str, Any]]], path: Path,
                 title: str = "star select") -> None:
    """Accuracy (percent) against k on a log2 axis labelled 1, 2, 4, ...; one line per
    metric, each with its own marker and dashes; sampled intervals shaded; the legend
    outside the data."""
    check_plotting()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedLocator, NullLocator, PercentFormatter

    fig = Figure(figsize=(8.5, 4.5), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ks_all: set[int] = set()
    for n, (name, rows) in enumerate(metrics.items()):
        ks = [r["k"] for r in rows]
        ks_all.update(ks)
        marker, dashes = STYLES[n % len(STYLES)]
        line, = ax.plot(ks, [100 * r["value"] for r in rows], marker=marker, markersize=5,
                        linestyle=dashes, label=label_of(name), alpha=0.9)
        if not all(r["exact"] for r in rows):
            ax.fill_between(ks, [100 * r["low"] for r in rows], [100 * r["high"] for r in rows],
                            color=line.get_color(), alpha=0.15, linewidth=0)
    ax.set_xscale("log", base=2)
    ticks = sorted(ks_all)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.set_xticks(ticks, [str(k) for k in ticks])
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xlabel("k (candidates)")
    ax.set_ylabel("accuracy")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize="small", frameon=False)
    fig.tight_layout()
    fig.savefig(path, format="png")
