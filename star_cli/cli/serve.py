"""`star serve`: a V-STaR verifier deployed as an OpenAI-compatible Best-of-k endpoint."""

from __future__ import annotations

import logging
import os
import sys

import typer

from star_cli.cli.common import handle_errors, parse_engine_args, setup_logging

log = logging.getLogger("star_cli")

GENERATOR = "Generator"
VERIFIER = "Verifier"
SELECTION = "Selection"
SERVER = "Server"
LOG = "Traffic log"


@handle_errors
def serve(
    verifier: str = typer.Option(..., "--verifier", help="The verifier: a model directory or "
                                 "Hub id (a DPO-trained V-STaR verifier, or a reward model "
                                 "with --kind reward-model).", rich_help_panel=VERIFIER),
    task: str = typer.Option(..., "--task", "-t", help="gsm8k, math, csqa, addition or "
                             "generic: whose rules read each candidate's answer.",
                             rich_help_panel=SELECTION),
    generator_url: list[str] = typer.Option(
        None, help="An OpenAI-compatible generator (vllm serve, SGLang, ...), e.g. "
        "http://localhost:8001/v1; one request with n=k per served request (repeatable: "
        "spread over several).", rich_help_panel=GENERATOR),
    generator_model: str | None = typer.Option(None, help="The model name the generator "
                                               "serves.", rich_help_panel=GENERATOR),
    api_key: str | None = typer.Option(None, help="The generator's API key (or "
                                       "OPENAI_API_KEY).", rich_help_panel=GENERATOR),
    engine: str | None = typer.Option(None, help="A local generator instead: vllm, "
                                      "transformers (or package.module:Class).",
                                      rich_help_panel=GENERATOR),
    model: str | None = typer.Option(None, help="The local generator's model.",
                                     rich_help_panel=GENERATOR),
    engine_arg: list[str] = typer.Option(None, help="Local generator option KEY=VALUE "
                                         "(repeatable).", rich_help_panel=GENERATOR),
    k: int = typer.Option(8, "-k", "--candidates", help="Candidates sampled per request.",
                          rich_help_panel=SELECTION),
    select: str = typer.Option("best", "--select", help="best (the highest verifier score), "
                               "weighted-majority (answer groups weighed by exp(score)) or "
                               "majority, as star select picks.", rich_help_panel=SELECTION),
    checker: str | None = typer.Option(None, help="--task generic: numeric, math, choice, "
                                       "exact or addition-steps.", rich_help_panel=SELECTION),
    temperature: float = typer.Option(0.7, help="Default temperature (a request's own "
                                      "wins).", rich_help_panel=GENERATOR),
    top_p: float = typer.Option(1.0, help="Default top_p.", rich_help_panel=GENERATOR),
    max_tokens: int = typer.Option(512, help="Default max_tokens.", rich_help_panel=GENERATOR),
    concurrency: int = typer.Option(64, help="Generator calls in flight (local engine: "
                                    "requests per batch).", rich_help_panel=GENERATOR),
    generator_timeout: float = typer.Option(300.0, help="Seconds for one generator attempt, "
                                            "whole reply included.",
                                            rich_help_panel=GENERATOR),
    generator_retries: int = typer.Option(2, help="Retries of a failed generator call before "
                                          "answering 502.", rich_help_panel=GENERATOR),
    verifier_engine: str = typer.Option("transformers", help="transformers or vllm.",
                                        rich_help_panel=VERIFIER),
    kind: str = typer.Option("logprob", metavar="logprob|reward-model", help="As star score.",
                             rich_help_panel=VERIFIER),
    eos: bool = typer.Option(True, "--eos/--no-eos", help="Score the EOS token after a text "
                             "prompt's rationale, as star score does.",
                             rich_help_panel=VERIFIER),
    batch_size: int = typer.Option(16, help="transformers: sequences per forward pass.",
                                   rich_help_panel=VERIFIER),
    device: str | None = typer.Option(None, help="transformers: cpu, cuda, cuda:1.",
                                      rich_help_panel=VERIFIER),
    dtype: str | None = typer.Option(None, help="float32, bfloat16, float16 or auto.",
                                     rich_help_panel=VERIFIER),
    gpu_memory_utilization: float | None = typer.Option(
        None, help="vllm verifier (beside a vllm generator on one GPU: e.g. 0.2).",
        rich_help_panel=VERIFIER),
    max_model_len: int | None = typer.Option(None, help="vllm verifier.",
                                             rich_help_panel=VERIFIER),
    tensor_parallel_size: int | None = typer.Option(None, help="vllm verifier.",
                                                    rich_help_panel=VERIFIER),
    batch_window: float = typer.Option(5.0, help="Milliseconds a verifier batch waits for "
                                       "requests on their way.", rich_help_panel=VERIFIER),
    max_batch: int = typer.Option(64, help="Sequences per verifier batch, across requests.",
                                  rich_help_panel=VERIFIER),
    host: str = typer.Option("127.0.0.1", help="Address to listen on (0.0.0.0: all).",
                             rich_help_panel=SERVER),
    port: int = typer.Option(8000, help="Port to listen on.", rich_help_panel=SERVER),
    served_model_name: str | None = typer.Option(None, help="The name /v1/models lists "
                                                 "(default: the generator's).",
                                                 rich_help_panel=SERVER),
    shutdown_timeout: float = typer.Option(30.0, help="Seconds in-flight requests get to "
                                           "finish on SIGTERM.", rich_help_panel=SERVER),
    access_log: bool = typer.Option(False, help="Log every HTTP request.",
                                    rich_help_panel=SERVER),
    log_dir: str | None = typer.Option(None, "--log", help="Write every served request's "
                                       "candidates, scores and choice as star traces into "
                                       "this output directory (- for stdout).",
                                       rich_help_panel=LOG),
    iteration: int = typer.Option(0, help="The STaR iteration the logged traces record.",
                                  rich_help_panel=LOG),
    shard_size: int = typer.Option(1000, help="Records per log shard.", rich_help_panel=LOG),
    log_rotate: float = typer.Option(300.0, help="Seconds after which a log shard is sealed "
                                     "(readable by star check and friends).",
                                     rich_help_panel=LOG),
    overwrite: bool = typer.Option(False, help="Replace what star wrote in the log OUT.",
                                   rich_help_panel=LOG),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Warnings and errors only."),
) -> None:
    """Serve Best-of-k behind an OpenAI-compatible API: per request, sample k candidates from
    a generator, score each with the verifier as star score does, answer with the one
    --select picks; --log writes the traffic as star traces."""
    from star_cli.cli.options import redact
    from star_cli.errors import UsageError
    from star_cli.serve import ServeConfig, StarServer

    setup_logging(quiet)
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        raise UsageError("star serve needs its extra: pip install 'star-cli[serve]'") from None
    verifier_options = {"gpu_memory_utilization": gpu_memory_utilization,
                        "max_model_len": max_model_len,
                        "tensor_parallel_size": tensor_parallel_size}
    options = {"engine_args": parse_engine_args(engine_arg or [])}
    config = ServeConfig(
        verifier=verifier, task=task, generator_url=list(generator_url or []),
        generator_model=generator_model,
        generator_api_key=api_key or os.environ.get("OPENAI_API_KEY"), engine=engine,
        model=model, engine_options=options, checker=checker, k=k, select=select,
        verifier_engine=verifier_engine, kind=kind, eos=eos, dtype=dtype, device=device,
        batch_size=batch_size,
        verifier_options={n: v for n, v in verifier_options.items() if v is not None},
        host=host, port=port, served_model_name=served_model_name,
        batch_window=batch_window / 1000, max_batch=max_batch, concurrency=concurrency,
        generator_timeout=generator_timeout, generator_retries=generator_retries,
        temperature=temperature, top_p=top_p, max_tokens=max_tokens, log=log_dir,
        iteration=iteration, shard_size=shard_size, log_rotate=log_rotate,
        overwrite=overwrite, shutdown_timeout=shutdown_timeout, access_log=access_log)
    server = StarServer(config, argv=redact(["star", *sys.argv[1:]]))
    server.bind()
    log.info("listening on http://%s:%d/v1 (Best-of-%d by %s); loading the verifier %s",
             host, server.port, k, select, verifier)
    server.run()
    log.info("stopped")
