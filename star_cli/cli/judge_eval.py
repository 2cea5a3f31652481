"""`star judge-eval LABELLED`: how far to trust a judge, measured against labels, before it
labels anything (docs/judge.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.cli.options import (
    allow_partial_option,
    inputs_argument,
    judge_config,
    judge_params,
    quiet_option,
    with_options,
)
from star_cli.errors import UsageError


@with_options(judge_params)
@handle_errors
def judge_eval(
    inputs: list[str] = inputs_argument("Labelled traces (human or rule labels: `correct`), "
                                        "files or star output directories"),
    allow_partial: bool = allow_partial_option(),
    as_json: Path | None = typer.Option(None, "--json", metavar="FILE",
                                        help="Also write the report as JSON to FILE."),
    battery: bool = typer.Option(True, "--battery/--no-battery",
                                 help="Measure false positives on the built-in battery of "
                                 "master-key responses and hedges."),
    raw: bool = typer.Option(True, "--raw/--no-raw",
                             help="Also send the battery to the judge without star's guard "
                             "(how gullible is the model itself)."),
    battery_pairs: int = typer.Option(5, "--battery-pairs", metavar="N",
                                      help="Questions of the input the battery is paired "
                                      "with."),
    quiet: bool = quiet_option(),
    **judge: Any,
) -> None:
    """Run a judge over labelled traces: agreement, precision and recall of "correct",
    Cohen's kappa, a confusion table, tokens, and its false-positive rate on master keys."""
    from star_cli.io.readers import read_records
    from star_cli.judge import Judge, labelled_item
    from star_cli.judge import judge_eval as evaluate

    setup_logging(quiet)
    if battery_pairs < 1:
        raise UsageError("--battery-pairs must be at least 1")
    config = judge_config(judge, "judge", str(as_json.parent) if as_json else "-")
    items, skipped = [], 0
    for record, loc in read_records(list(inputs), allow_partial=allow_partial):
        item = labelled_item(record, loc.path, loc.line)
        if item is None:
            skipped += 1
        else:
            items.append(item)
    if not items:
        raise UsageError("no labelled traces in the input (each needs a question, a gold or "
                         "reference, a completion and `correct`)")
    with Judge(config) as j:
        report = evaluate(items, j, with_battery=battery, battery_pairs=battery_pairs, raw=raw)
    for line in report.lines():
        typer.echo(line, err=True)
    if skipped:
        typer.echo(f"{skipped} traces without a label (judge_error, timeout) were skipped",
                   err=True)
    if as_json is not None:
        from star_cli.io.files import json_text, write_atomic

        write_atomic(as_json, json_text(report.as_dict(), indent=2) + "\n")
    elif not sys.stdout.isatty():
        typer.echo(json.dumps(report.as_dict()))
