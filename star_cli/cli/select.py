"""`star select`: one trace per problem (by a score, majority or weighted majority), and
pass@k, majority@k and Best-of-k over all the candidates."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.cli.options import (
    allow_partial_option,
    checker_option,
    inputs_argument,
    output_option,
    overwrite_option,
    quiet_option,
    shard_size_option,
    task_option,
    verify_input_option,
)
from star_cli.errors import UsageError

log = logging.getLogger("star_cli")


def _parse_ks(text: str | None) -> list[int] | None:
    if text is None:
        return None
    try:
        ks = [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise UsageError(f"--k takes numbers separated by commas, e.g. 1,2,4,8; got {text!r}"
                         ) from None
    if not ks or any(k < 1 for k in ks):
        raise UsageError(f"--k takes positive numbers, e.g. 1,2,4,8; got {text!r}")
    return ks


@handle_errors
def select(
    inputs: list[str] = inputs_argument("Labelled (and scored) traces: files or star output "
                                        "directories"),
    allow_partial: bool = allow_partial_option(),
    verify_input: bool = verify_input_option(),
    output: str = output_option(),
    by: str = typer.Option(..., "--by", help="What picks each problem's trace: a score field "
                           "(verifier_score, ...), majority or weighted-majority."),
    weight: str | None = typer.Option(None, help="The field a weighted vote sums (default: "
                                      "verifier_score, when the traces have it)."),
    weight_mode: str = typer.Option("auto", help="linear: sum the field as it is (>= 0); exp: "
                                    "it is a log-likelihood, sum exp(value); auto: exp for "
                                    "verifier_score and reference_score, else linear."),
    task: str | None = task_option(purpose="Group answers with its checker."),
    checker: str | None = checker_option("Group answers with it (default: the checker that "
                                         "judged each trace)."),
    k: str | None = typer.Option(None, "--k", help="The k to report, e.g. 1,2,4,8 (default: "
                                 "1, 2, 4, ... up to N, and N)."),
    draws: int = typer.Option(1000, help="Random k-subsets per problem where enumerating all "
                              "of them would cost more."),
    seed: int = typer.Option(0, help="Seed of those draws."),
    metrics: str | None = typer.Option(None, "--metrics", help="Where to write metrics.json "
                                       "(default: OUT/metrics.json; none with -o - unless "
                                       "given)."),
    plot: str | None = typer.Option(None, "--plot", help="Write accuracy against k to this PNG."),
    shard_size: int = shard_size_option(),
    overwrite: bool = overwrite_option(),
    quiet: bool = quiet_option(),
) -> None:
    """Pick one trace per problem; print pass@k, majority@k and Best-of-k on stderr."""
    from star_cli.cli.plots import check_plotting, plot_metrics
    from star_cli.cli.tables import format_table, sampled
    from star_cli.steps.select import SelectRun, check_parent

    setup_logging(quiet)
    if shard_size < 1:
        raise UsageError("--shard-size must be at least 1")
    if plot is not None:  # before any work: a missing matplotlib or folder is exit 2
        check_plotting()
        check_parent(plot, "--plot")
    run = SelectRun(inputs=list(inputs or []), output=output, by=by, weight=weight,
                    weight_mode=weight_mode, task=task, checker=checker, ks=_parse_ks(k),
                    draws=draws, seed=seed, metrics_path=metrics,
                    shard_size=shard_size, overwrite=overwrite, quiet=quiet,
                    argv=["star", *sys.argv[1:]], allow_partial=allow_partial,
                   verify_input=verify_input)
    report = run.execute()
    if plot is not None:
        plot_metrics(report.metrics, Path(plot), title=f"star select: {report.problems} problems")
    if report.skipped:
        log.info("%d problems were already selected in %s", report.skipped, output)
    log.info("%s -> %s", report.summary(), "stdout" if output == "-" else output)
    if report.metrics:
        note = " (± : 95%% interval of a sampled value)" if sampled(report.metrics) else ""
        log.info("over all candidates%s:\n%s", note, format_table(report.metrics))
    for note in report.notes:
        log.info("%s", note)
