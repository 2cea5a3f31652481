"""`star check`: re-judge traces with the current checker; everything else passes through."""

from __future__ import annotations

import logging
import sys
from typing import Any

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.cli.options import (
    CODE_OPTIONS,
    TASK,
    allow_partial_option,
    checker_option,
    code_params,
    executor_params,
    inputs_argument,
    judge_config,
    judge_params,
    num_shards_option,
    output_option,
    overwrite_option,
    quiet_option,
    resume_changed_option,
    shard_index_option,
    shard_size_option,
    task_option,
    think_tags_option,
    thinking_option,
    verify_input_option,
    with_options,
)

log = logging.getLogger("star_cli")


@with_options(code_params, judge_params, executor_params)
@handle_errors
def check(
    inputs: list[str] = inputs_argument(),
    allow_partial: bool = allow_partial_option(),
    verify_input: bool = verify_input_option(),
    output: str = output_option(),
    task: str | None = task_option(purpose="Judge with its checker."),
    checker: str | None = checker_option("Overrides --task; needed for generic traces."),
    timeout: float = typer.Option(5.0, metavar="SECONDS", help="Seconds per symbolic "
                                  "comparison before the verdict is 'timeout'.",
                                  rich_help_panel=TASK),
    workers: int | None = typer.Option(None, metavar="N", help="Processes to check with "
                                       "(default: all cores).", rich_help_panel=TASK),
    thinking: str = thinking_option(),
    think_tags: tuple[str, str] = think_tags_option(),
    num_shards: int = num_shards_option("traces"),
    shard_index: int | None = shard_index_option(),
    shard_size: int = shard_size_option(),
    overwrite: bool = overwrite_option(),
    resume_changed: bool = resume_changed_option(),
    quiet: bool = quiet_option(),
    **more: Any,
) -> None:
    """Re-judge traces: rewrite answer, correct and checker (and, for thinking models, the
    thought); print a summary on stderr."""
    from star_cli.cli.ranks import execute
    from star_cli.steps.check import CheckRun

    setup_logging(quiet)
    run = CheckRun(inputs=list(inputs or []), output=output, task=task, checker=checker,
                   timeout=timeout, workers=workers, shard_size=shard_size,
                   overwrite=overwrite, resume_changed=resume_changed, quiet=quiet,
                   argv=["star", *sys.argv[1:]],
                   thinking=thinking, think_tags=tuple(think_tags),
                   allow_partial=allow_partial,
                   verify_input=verify_input,
                   checker_options=_checker_options(more, checker or task, output),
                   num_shards=num_shards, shard_index=shard_index or 0)
    stats = execute(run, {**more, "num_shards": num_shards, "shard_index": shard_index,
                          "quiet": quiet}, "check", "traces")
    if stats.skipped:
        log.info("%d traces were already checked in %s", stats.skipped, output)
    log.info("%s -> %s", stats.summary(), "stdout" if output == "-" else output)


def _checker_options(options: dict[str, Any], checker: str | None,
                     output: str) -> dict[str, Any]:
    config = judge_config(options, checker, output)
    out: dict[str, Any] = {"judge": config} if config is not None else {}
    if checker == "code":
        out |= {k: options[k] for k in CODE_OPTIONS}
    return out
