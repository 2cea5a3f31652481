"""`star rationalize`: sample again with the answer as a hint; store the traces hint-free."""

from __future__ import annotations

import logging
from typing import Any

import typer

from star_cli.cli.common import handle_errors
from star_cli.cli.options import (
    INPUT,
    TASK,
    code_params,
    executor_params,
    inputs_argument,
    judge_params,
    run_options,
    sample_options,
    with_options,
)
from star_cli.errors import UsageError

log = logging.getLogger("star_cli")


@with_options(sample_options, code_params, judge_params, executor_params)
@handle_errors
def rationalize(
    traces: list[str] = inputs_argument("The generate run's traces: star output directories "
                                        "or trace files"),
    problems: list[str] = typer.Option(
        None, "--problems", "-p", help="Problem files, as given to star generate (repeatable).",
        rich_help_panel=INPUT),
    select_all: bool = typer.Option(False, "--all", help="Rationalize every problem.",
                                    rich_help_panel=INPUT),
    max_solve_rate: float | None = typer.Option(
        None, help="Also take problems solved in fewer than this share of their samples.",
        rich_help_panel=INPUT),
    include_untraced: bool = typer.Option(
        False, "--include-untraced", help="Go on when more than half of the problems have no "
        "trace at all (the generate run covered fewer: --limit), sampling them as unsolved.",
        rich_help_panel=INPUT),
    hint_template: str | None = typer.Option(
        None, help="generic: the hinted question, with {question} and {answer}.",
        rich_help_panel=TASK),
    hint: str | None = typer.Option(
        None, "--hint", metavar="solution|tests",
        help="code: show the reference solution (default) or the tests as the hint.",
        rich_help_panel=TASK),
    **options: Any,
) -> None:
    """Rationalize the problems generate could not solve: the model sees the answer as a hint,
    the stored prompt is the plain one, and rationales that give the hint away are marked."""
    from star_cli.steps.rationalize import RationalizeRun, TargetRule

    if max_solve_rate is not None and not 0 < max_solve_rate <= 1:
        raise UsageError(f"--max-solve-rate must be in (0, 1], got {max_solve_rate:g}")
    if select_all and max_solve_rate is not None:
        raise UsageError("--all and --max-solve-rate: choose one")
    kwargs = run_options(options)
    kwargs["generic"]["hint_template"] = hint_template
    if hint is not None:
        if options["task"] != "code":
            raise UsageError("--hint chooses the hint of --task code (solution or tests)")
        kwargs["task_options"] = {"hint": hint}
    from star_cli.cli.progress import make_reporter
    from star_cli.cli.ranks import execute, one_process

    run = RationalizeRun(inputs=list(problems or []), traces=list(traces or []),
                         rule=TargetRule(select_all, max_solve_rate),
                         include_untraced=include_untraced, **kwargs,
                         reporter=make_reporter("rationalize", kwargs["quiet"])
                         if one_process(options) else None)
    stats = execute(run, options, "rationalize")
    dest = "stdout" if options["output"] == "-" else options["output"]
    if stats.total == 0:
        log.info("nothing to rationalize in %s (%d already done)", dest, stats.skipped)
        return
    log.info("%d problems, %d samples: %d correct (%d problems recovered), %d hint leaks -> %s",
             stats.problems, stats.samples, stats.correct, stats.solved, stats.leaks, dest)
