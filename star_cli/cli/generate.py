"""`star generate`: k sampled rationales per problem, each checked and written."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Any

import typer

from star_cli.cli.common import handle_errors, parse_engine_args, setup_logging
from star_cli.errors import UsageError

log = logging.getLogger("star_cli")

INPUT = "Input"
TASK = "Task and prompt"
SAMPLING = "Sampling"
ENGINE = "Engine"
OUTPUT = "Output"


@handle_errors
def generate(
    inputs: list[str] = typer.Argument(
        None, help="Problem files (JSONL, JSON, Parquet, CSV, a star output dir) or - for stdin."
    ),
    task: str = typer.Option(..., "--task", "-t", help="gsm8k, math, csqa or generic.",
                             rich_help_panel=TASK),
    model: str = typer.Option(..., "--model", "-m", help="Model name or local path.",
                              rich_help_panel=ENGINE),
    output: str = typer.Option(..., "--output", "-o", help="Output directory, or - for stdout.",
                               rich_help_panel=OUTPUT),
    dataset: str | None = typer.Option(None, help="A Hugging Face dataset name instead of files.",
                                       rich_help_panel=INPUT),
    dataset_config: str | None = typer.Option(None, help="The dataset's config name.",
                                              rich_help_panel=INPUT),
    split: str = typer.Option("train", help="The dataset split.", rich_help_panel=INPUT),
    limit: int | None = typer.Option(None, help="Take at most N problems.", rich_help_panel=INPUT),
    skip: int = typer.Option(0, help="Skip the first N problems.", rich_help_panel=INPUT),
    num_shards: int = typer.Option(1, help="Split problems into N slices by a stable hash.",
                                   rich_help_panel=INPUT),
    shard_index: int = typer.Option(0, help="Which slice this run takes (0-based).",
                                    rich_help_panel=INPUT),
    question_field: str = typer.Option("question", help="generic: question field (a.b paths).",
                                       rich_help_panel=TASK),
    answer_field: str = typer.Option("answer", help="generic: gold answer field.",
                                     rich_help_panel=TASK),
    id_field: str = typer.Option("id", help="generic: id field (a content hash if absent).",
                                 rich_help_panel=TASK),
    choices_field: str | None = typer.Option(None, help="generic: choices field.",
                                             rich_help_panel=TASK),
    template: str | None = typer.Option(None, help="generic: prompt template with {question}.",
                                        rich_help_panel=TASK),
    template_file: Path | None = typer.Option(None, help="generic: read the template from a file.",
                                              rich_help_panel=TASK),
    checker: str = typer.Option("numeric", help="generic: numeric, math, choice or exact.",
                                rich_help_panel=TASK),
    check_timeout: float = typer.Option(5.0, help="Seconds per symbolic answer comparison "
                                        "(math) before the verdict is 'timeout'.",
                                        rich_help_panel=TASK),
    few_shot: int | None = typer.Option(None, help="Few-shot examples (default: all; 0: none).",
                                        rich_help_panel=TASK),
    chat: bool = typer.Option(False, "--chat", help="Prompt as chat messages (chat template).",
                              rich_help_panel=TASK),
    iteration: int = typer.Option(0, help="STaR iteration recorded on every trace.",
                                  rich_help_panel=TASK),
    samples: int = typer.Option(4, "--samples", "-n", help="Samples per problem.",
                                rich_help_panel=SAMPLING),
    temperature: float = typer.Option(0.7, help="Sampling temperature.", rich_help_panel=SAMPLING),
    top_p: float = typer.Option(1.0, help="Nucleus sampling.", rich_help_panel=SAMPLING),
    max_tokens: int = typer.Option(512, help="Completion length limit.", rich_help_panel=SAMPLING),
    seed: int | None = typer.Option(0, help="Global seed; each problem's derives from it.",
                                    rich_help_panel=SAMPLING),
    engine: str = typer.Option("auto", help="auto, vllm, openai, transformers, or pkg.mod:Class.",
                               rich_help_panel=ENGINE),
    tensor_parallel_size: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    pipeline_parallel_size: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    gpu_memory_utilization: float | None = typer.Option(None, help="vllm.",
                                                        rich_help_panel=ENGINE),
    max_model_len: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    dtype: str | None = typer.Option(None, help="vllm / transformers.", rich_help_panel=ENGINE),
    engine_arg: list[str] = typer.Option(None, help="Extra engine option KEY=VALUE (repeatable).",
                                         rich_help_panel=ENGINE),
    base_url: list[str] = typer.Option(None, help="openai: server URL (repeatable).",
                                       rich_help_panel=ENGINE),
    api_key: str | None = typer.Option(None, help="openai: API key (or OPENAI_API_KEY).",
                                       rich_help_panel=ENGINE),
    concurrency: int = typer.Option(16, help="openai: requests in flight.",
                                    rich_help_panel=ENGINE),
    device: str | None = typer.Option(None, help="transformers: cpu, cuda, cuda:1.",
                                      rich_help_panel=ENGINE),
    batch_size: int = typer.Option(8, help="transformers: prompts per generate call.",
                                   rich_help_panel=ENGINE),
    chunk_size: int = typer.Option(256, help="Problems per engine call.", rich_help_panel=ENGINE),
    shard_size: int = typer.Option(1000, help="Records per output shard.",
                                   rich_help_panel=OUTPUT),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace a different run in -o.",
                                   rich_help_panel=OUTPUT),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress, warnings only."),
) -> None:
    """Sample -n rationales per problem, check each answer, write every trace."""
    from star_cli.steps.run import GenerateRun

    setup_logging(quiet)
    _check_ranges(samples, temperature, top_p, max_tokens, chunk_size, shard_size)
    if check_timeout <= 0:
        raise UsageError(f"--check-timeout must be positive, got {check_timeout:g}")
    if few_shot is not None and few_shot < 0:
        raise UsageError(f"--few-shot must be 0 or more, got {few_shot}")
    if template_file is not None:
        if not template_file.exists():
            raise UsageError(f"--template-file {template_file}: no such file")
        template = template_file.read_text(encoding="utf-8")
    run = GenerateRun(
        inputs=list(inputs or []),
        dataset=dataset,
        dataset_config=dataset_config,
        split=split,
        task=task,
        generic=dict(question_field=question_field, answer_field=answer_field, id_field=id_field,
                     choices_field=choices_field, template=template, checker=checker),
        selection=dict(skip=skip, limit=limit, num_shards=num_shards, shard_index=shard_index),
        model=model,
        engine=engine,
        engine_options=_engine_options(locals()),
        sampling=dict(n=samples, temperature=temperature, top_p=top_p, max_tokens=max_tokens,
                      seed=seed),
        few_shot=few_shot,
        chat=chat,
        check_timeout=check_timeout,
        iteration=iteration,
        chunk_size=chunk_size,
        output=output,
        shard_size=shard_size,
        overwrite=overwrite,
        quiet=quiet,
        argv=redact(["star", *sys.argv[1:]]),
    )
    stats = run.execute()
    dest = "stdout" if output == "-" else output
    if stats.total == 0:
        log.info("nothing to do: all %d problems are already in %s", stats.skipped, dest)
        return
    log.info(
        "%d problems, %d samples, %d correct, solve rate %s -> %s",
        stats.problems, stats.samples, stats.correct,
        f"{stats.solved / stats.problems:.1%}" if stats.problems else "n/a", dest,
    )


def redact(argv: list[str]) -> list[str]:
    """The command line as recorded in the manifest: never with the API key in it."""
    out = []
    for i, arg in enumerate(argv):
        if arg.startswith("--api-key="):
            arg = "--api-key=***"
        elif i and argv[i - 1] == "--api-key":
            arg = "***"
        out.append(arg)
    return out


def _check_ranges(n: int, temperature: float, top_p: float, max_tokens: int,
                  chunk_size: int, shard_size: int) -> None:
    if n < 1:
        raise UsageError(f"-n/--samples must be at least 1, got {n}")
    if temperature < 0:
        raise UsageError(f"--temperature must be >= 0, got {temperature}")
    if not 0 < top_p <= 1:
        raise UsageError(f"--top-p must be in (0, 1], got {top_p}")
    if max_tokens < 1:
        raise UsageError(f"--max-tokens must be at least 1, got {max_tokens}")
    if chunk_size < 1 or shard_size < 1:
        raise UsageError("--chunk-size and --shard-size must be at least 1")


def _engine_options(options: dict[str, Any]) -> dict[str, Any]:
    """Options for the engine; each engine takes what it knows and ignores the rest."""
    names = ("tensor_parallel_size", "pipeline_parallel_size", "gpu_memory_utilization",
             "max_model_len", "dtype", "api_key", "concurrency", "device", "batch_size")
    out = {k: options[k] for k in names if options[k] is not None}
    if options["base_url"]:
        out["base_url"] = list(options["base_url"])
    if out.get("api_key") is None and os.environ.get("OPENAI_API_KEY"):
        out["api_key"] = os.environ["OPENAI_API_KEY"]
    out["engine_args"] = parse_engine_args(options["engine_arg"] or [])
    return out
