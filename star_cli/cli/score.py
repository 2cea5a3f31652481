"""`star score`: add verifier_score (and reference_score) to every trace."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import typer

from star_cli.cli.common import handle_errors, parse_engine_args, setup_logging
from star_cli.cli.options import (
    ENGINE,
    allow_partial_option,
    executor_params,
    inputs_argument,
    num_shards_option,
    output_option,
    overwrite_option,
    quiet_option,
    resume_changed_option,
    shard_index_option,
    shard_size_option,
    verify_input_option,
    with_options,
)

log = logging.getLogger("star_cli")

MODEL = "Models"


@with_options(executor_params)
@handle_errors
def score(
    inputs: list[str] = inputs_argument(),
    allow_partial: bool = allow_partial_option(),
    verify_input: bool = verify_input_option(),
    verifier: str = typer.Option(..., "--verifier", help="The verifier: a model directory or "
                                 "Hub id (e.g. a DPO-trained V-STaR verifier).",
                                 rich_help_panel=MODEL),
    output: str = output_option(),
    reference: str | None = typer.Option(None, help="Also score under this model "
                                         "(reference_score), e.g. the SFT model a DPO "
                                         "verifier started from.", rich_help_panel=MODEL),
    kind: str = typer.Option("logprob", metavar="logprob|reward-model|prm",
                             help="logprob: summed log-probability of the rationale; "
                             "reward-model: a sequence-classification head's scalar; prm: a "
                             "process reward model's probability for each step (prm_steps) "
                             "and their min, last and product (prm_min, prm_last, prm_prod).",
                             rich_help_panel=MODEL),
    step_sep: str | None = typer.Option(
        None, "--step-sep", metavar="paragraphs|lines|TEXT",
        help="--kind prm: how a rationale is cut into steps when the trace has no `steps` "
        "(star steps writes them), as star steps cuts it.", rich_help_panel=MODEL),
    eos: bool = typer.Option(True, "--eos/--no-eos", help="Score the EOS token after a text "
                             "prompt's rationale, as TRL trains it.", rich_help_panel=MODEL),
    engine: str = typer.Option("transformers", metavar="NAME",
                               help="transformers, vllm, openai or auto.",
                               rich_help_panel=ENGINE),
    batch_size: int = typer.Option(8, help="transformers: sequences per forward pass.",
                                   rich_help_panel=ENGINE),
    device: str | None = typer.Option(None, help="transformers: cpu, cuda, cuda:1.",
                                      rich_help_panel=ENGINE),
    dtype: str | None = typer.Option(None, help="float32, bfloat16, float16 or auto "
                                     "(default: float32 on CPU, the checkpoint's on a GPU).",
                                     rich_help_panel=ENGINE),
    tensor_parallel_size: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    gpu_memory_utilization: float | None = typer.Option(
        None, help="vllm (default with --reference: 0.45 per model).", rich_help_panel=ENGINE),
    max_model_len: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    base_url: list[str] = typer.Option(None, help="openai: server URL (repeatable).",
                                       rich_help_panel=ENGINE),
    api_key: str | None = typer.Option(None, help="openai: API key (or OPENAI_API_KEY).",
                                       rich_help_panel=ENGINE),
    concurrency: int = typer.Option(16, help="openai: requests in flight.",
                                    rich_help_panel=ENGINE),
    tokenizer: str | None = typer.Option(None, help="openai: where the chat template and EOS "
                                         "text come from (default: the model).",
                                         rich_help_panel=ENGINE),
    engine_arg: list[str] = typer.Option(None, help="Extra engine option KEY=VALUE "
                                         "(repeatable).", rich_help_panel=ENGINE),
    num_shards: int = num_shards_option("traces"),
    shard_index: int | None = shard_index_option(),
    shard_size: int = shard_size_option(),
    overwrite: bool = overwrite_option(),
    resume_changed: bool = resume_changed_option(),
    quiet: bool = quiet_option(),
    **ranks: Any,
) -> None:
    """Score every trace's rationale under a verifier: add verifier_score and verifier_tokens
    (and reference_score); resume by trace id."""
    from star_cli.cli.options import redact
    from star_cli.cli.ranks import execute
    from star_cli.steps.score import ScoreRun

    setup_logging(quiet)
    options: dict = {"tensor_parallel_size": tensor_parallel_size,
                     "gpu_memory_utilization": gpu_memory_utilization,
                     "max_model_len": max_model_len, "concurrency": concurrency,
                     "tokenizer": tokenizer,
                     "api_key": api_key or os.environ.get("OPENAI_API_KEY")}
    if base_url:
        options["base_url"] = list(base_url)
    options = {k: v for k, v in options.items() if v is not None}
    if engine != "openai":
        for k in ("concurrency", "tokenizer", "api_key"):
            options.pop(k, None)
    options["engine_args"] = parse_engine_args(engine_arg or [])
    run = ScoreRun(inputs=list(inputs or []), output=output, verifier=verifier,
                   reference=reference, kind=kind, engine=engine, eos=eos, dtype=dtype,
                   device=device, batch_size=batch_size, engine_options=options,
                   num_shards=num_shards, shard_index=shard_index or 0,
                   shard_size=shard_size,
                   overwrite=overwrite, resume_changed=resume_changed, quiet=quiet,
                   argv=redact(["star", *sys.argv[1:]]),
                   allow_partial=allow_partial,
                   verify_input=verify_input, step_sep=step_sep)
    stats = execute(run, {**ranks, "num_shards": num_shards, "shard_index": shard_index,
                          "quiet": quiet}, "score", "traces")
    if stats.repeated:
        log.info("%d traces were given twice and scored once", stats.repeated)
    log.info("%s -> %s", stats.summary(), "stdout" if output == "-" else output)
