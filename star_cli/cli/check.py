"""`star check`: re-judge traces with the current checker; everything else passes through."""

from __future__ import annotations

import logging
import sys

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.cli.options import think_tags_option, thinking_option

log = logging.getLogger("star_cli")


@handle_errors
def check(
    inputs: list[str] = typer.Argument(
        None, help="Trace files or star output directories, or - for stdin."
    ),
    output: str = typer.Option(..., "--output", "-o", help="Output directory, or - for stdout."),
    task: str | None = typer.Option(None, "--task", "-t",
                                    help="gsm8k, math or csqa: use that preset's checker."),
    checker: str | None = typer.Option(None, help="numeric, math, choice, exact or "
                                       "addition-steps (overrides "
                                       "--task; needed for generic traces)."),
    timeout: float = typer.Option(5.0, help="Seconds per symbolic comparison before the "
                                  "verdict is 'timeout'."),
    workers: int | None = typer.Option(None, help="Processes to check with (default: all cores)."),
    thinking: str = thinking_option(),
    think_tags: tuple[str, str] = think_tags_option(),
    shard_size: int = typer.Option(1000, help="Records per output shard."),
    overwrite: bool = typer.Option(False, help="Replace what star wrote in OUT."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress or summary on stderr."),
) -> None:
    """Re-judge traces: rewrite answer, correct and checker (and, for thinking models, the
    thought); print a summary on stderr."""
    from star_cli.steps.check import CheckRun

    setup_logging(quiet)
    run = CheckRun(inputs=list(inputs or []), output=output, task=task, checker=checker,
                   timeout=timeout, workers=workers, shard_size=shard_size,
                   overwrite=overwrite, quiet=quiet, argv=["star", *sys.argv[1:]],
                   thinking=thinking, think_tags=tuple(think_tags))
    stats = run.execute()
    if stats.skipped:
        log.info("%d traces were already checked in %s", stats.skipped, output)
    log.info("%s -> %s", stats.summary(), "stdout" if output == "-" else output)
