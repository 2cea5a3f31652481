"""`star steps`: label each step of each trace by rollouts from its prefix (process
supervision data: step-labelled traces, TRL's stepwise rows, ProcessBench's rows)."""

from __future__ import annotations

import inspect
import logging
import sys
from typing import Any

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.cli.options import (
    ENGINE,
    INPUT,
    OUTPUT,
    SAMPLING,
    TASK,
    code_params,
    executor_params,
    inputs_argument,
    judge_params,
    sample_options,
    task_option,
    with_options,
)

log = logging.getLogger("star_cli")

# `star generate`'s options that have no meaning here: the input is traces (their prompts
# and few-shot blocks are stored), and -n is --rollouts.
_NOT_HERE = {"dataset", "dataset_config", "split", "question_field", "answer_field",
             "id_field", "choices_field", "template", "template_file", "few_shot", "chat",
             "iteration", "samples", "resume_changed"}


# --task and --model are needed for rollouts, not with --from-labels.
_OPTIONAL = {
    "task": task_option(purpose="Its checker judges the rollouts (needed unless "
                        "--from-labels)."),
    "model": typer.Option(None, "--model", "-m", help="The model whose rollouts label the "
                          "steps: a model name or local path (needed unless --from-labels).",
                          rich_help_panel=ENGINE),
}


def _rollout_options() -> None:
    """`sample_options` without the options of reading problems (a signature only)."""


_rollout_options.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
    [p.replace(default=_OPTIONAL[name]) if name in _OPTIONAL else p
     for name, p in inspect.signature(sample_options, eval_str=True).parameters.items()
     if name not in _NOT_HERE])


@with_options(_rollout_options, code_params, judge_params, executor_params)
@handle_errors
def steps(
    inputs: list[str] = inputs_argument("Traces (generate, rationalize): files or star output "
                                        "directories"),
    rollouts: int = typer.Option(8, "--rollouts", metavar="M",
                                 help="Completions sampled from each step's prefix.",
                                 rich_help_panel=SAMPLING),
    search: str = typer.Option("full", "--search", metavar="full|binary",
                               help="full: roll out from every step (hard and soft labels); "
                               "binary: find the first wrong step with about log2(steps) "
                               "prefixes (assumes a wrong step is never recovered from).",
                               rich_help_panel=SAMPLING),
    step_sep: str | None = typer.Option(
        None, "--step-sep", metavar="paragraphs|lines|TEXT",
        help="How a rationale is cut into steps: blank lines (paragraphs, the default), line "
        "breaks (lines), or TEXT (\\n and \\t read as such). Code fences are never cut; a "
        "thinking model's steps are its thought's, then its answer.", rich_help_panel=TASK),
    fmt: str = typer.Option("step-labels", "--format", metavar="NAME",
                            help="What to write: {formats:stepwise} (step-labels: the traces "
                            "with their labels; stepwise: TRL's prompt, completions, labels; "
                            "first-error: ProcessBench's problem, steps, label).",
                            rich_help_panel=OUTPUT),
    from_labels: bool = typer.Option(
        False, "--from-labels", help="The inputs are star steps' own step-labelled traces: "
        "write them in --format without rolling out (no --model).", rich_help_panel=INPUT),
    price_per_1k: float | None = typer.Option(
        None, "--price-per-1k", metavar="PRICE",
        help="The price of 1,000 generated tokens: the summary shows what the rollouts cost.",
        rich_help_panel=OUTPUT),
    **options: Any,
) -> None:
    """Label each step of each trace by rollouts from its prefix: whether some completion
    reaches the gold (hard), the share that do (soft), and the first wrong step."""
    from star_cli.cli.options import _checker_options, _engine_options, _seed_mode, redact
    from star_cli.cli.ranks import execute
    from star_cli.steps.steps import StepsRun

    o = options
    setup_logging(o["quiet"])
    seed_mode, engine_seeded = ("request", False) if from_labels else \
        _seed_mode(o["engine"], o["seed_mode"])
    run = StepsRun(
        inputs=list(inputs or []), output=o["output"], task=o["task"], model=o["model"],
        checker=o["checker"], rollouts=rollouts, search=search, step_sep=step_sep,
        format=fmt, engine=o["engine"],
        engine_options=_engine_options(o) | ({"seed": o["seed"]} if engine_seeded else {}),
        sampling=dict(temperature=o["temperature"], top_p=o["top_p"],
                      max_tokens=o["max_tokens"], seed=o["seed"],
                      **({} if seed_mode == "request" else {"seed_mode": seed_mode})),
        selection=dict(skip=o["skip"], limit=o["limit"], num_shards=o["num_shards"],
                       shard_index=o["shard_index"] or 0),
        thinking=o["thinking"], think_tags=tuple(o["think_tags"]),
        check_timeout=o["check_timeout"], chunk_size=o["chunk_size"],
        price_per_1k=price_per_1k, shard_size=o["shard_size"], overwrite=o["overwrite"],
        quiet=o["quiet"], argv=redact(["star", *sys.argv[1:]]),
        allow_partial=o["allow_partial"], verify_input=o["verify_input"],
        checker_options={} if from_labels else _checker_options(o), from_labels=from_labels)
    stats = execute(run, o, "steps", "traces")
    dest = "stdout" if o["output"] == "-" else o["output"]
    if stats.total == 0:
        log.info("nothing to do: all %d traces are already labelled in %s", stats.skipped, dest)
        return
    if from_labels:
        log.info("wrote %d labelled traces of %d problems as %s -> %s", stats.traces,
                 stats.problems, fmt, dest)
        return
    if stats.no_steps:
        log.info("%d traces have an empty rationale: no step to label, not written",
                 stats.no_steps)
    log.info("%s -> %s", stats.summary(price_per_1k), dest)
