"""`star generate`: k sampled rationales per problem, each checked and written."""

from __future__ import annotations

import logging
from typing import Any

from star_cli.cli.common import handle_errors
from star_cli.cli.options import (
    code_params,
    executor_params,
    inputs_argument,
    judge_params,
    run_options,
    sample_options,
    with_options,
)

log = logging.getLogger("star_cli")


@with_options(sample_options, code_params, judge_params, executor_params)
@handle_errors
def generate(
    inputs: list[str] = inputs_argument("Problem files (JSONL, JSON, Parquet, CSV, a star "
                                        "output directory; or --dataset)", required=False),
    **options: Any,
) -> None:
    """Sample -n rationales per problem, check each answer, write every trace."""
    from star_cli.cli.progress import make_reporter
    from star_cli.cli.ranks import execute, one_process
    from star_cli.steps.generate import GenerateRun

    kwargs = run_options(options)
    run = GenerateRun(inputs=list(inputs or []), **kwargs,
                      reporter=make_reporter("generate", kwargs["quiet"])
                      if one_process(options) else None)
    stats = execute(run, options, "generate")
    dest = "stdout" if options["output"] == "-" else options["output"]
    if stats.total == 0:
        log.info("nothing to do: all %d problems are already in %s", stats.skipped, dest)
        return
    log.info(
        "%d problems, %d samples, %d correct, solve rate %s -> %s",
        stats.problems, stats.samples, stats.correct,
        f"{stats.solved / stats.problems:.1%}" if stats.problems else "n/a", dest,
    )
    if stats.unfinished_thoughts:  # thinking models: usually --max-tokens is too small
        log.info("%d samples ended inside their thought (no answer: unfinished_thought); "
                 "a larger --max-tokens lets them finish", stats.unfinished_thoughts)
