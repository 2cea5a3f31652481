"""Every option more than one command has, defined once, so that a name, its help and its
panel read the same in every command.

- Shared options: `inputs_argument`, `output_option`, `overwrite_option`,
  `resume_changed_option`, `quiet_option`,
  `shard_size_option`, `task_option`, `checker_option`, and the thinking models' options
  (`thinking_option`, `think_tags_option`, `thoughts_option`, `thought_tokens_option`,
  `tokenizer_option`).
- The sampling commands' options (`generate`, `rationalize`): `with_options(sample_options)`
  gives a command its own parameters followed by these, and `run_options` turns them into
  `GenerateRun` arguments.

Help texts that list registered names use `{tasks}`, `{checkers}`, `{engines}`, ... which
`cli/help.py` fills in when the help is shown.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from star_cli.answers.thinking import DEFAULT_TAG_PAIR
from star_cli.cli.common import parse_engine_args, parse_template_kwargs, setup_logging
from star_cli.errors import UsageError

# The panels, in the order every command lists them.
INPUT = "Input"
TASK = "Task and checking"
JUDGE = "Judge (--checker judge, RULE+judge)"
SAMPLING = "Sampling"
ENGINE = "Engine"
THINKING = "Thinking models"
OUTPUT = "Output"
RANKS = "Ranks and executors"


def inputs_argument(what: str = "Trace files or star output directories",
                    required: bool = True) -> Any:
    """The input files of a command (`-` for stdin)."""
    return typer.Argument(... if required else None, metavar="INPUT",
                          help=f"{what}, or - for stdin.", show_default=False)


def allow_partial_option() -> Any:
    return typer.Option(False, "--allow-partial",
                        help="Read a star input directory even when some shards do not match "
                        "its manifest: only those that verify, the others named on stderr.",
                        rich_help_panel=INPUT)


def verify_input_option() -> Any:
    return typer.Option(False, "--verify-input",
                        help="Fingerprint whole input files (a rerun compares them in full), "
                        "not their size and first and last blocks only.",
                        rich_help_panel=INPUT)


def output_option() -> Any:
    return typer.Option(..., "--output", "-o", metavar="OUT",
                        help="Output directory, or - for stdout (JSONL, no resume).",
                        rich_help_panel=OUTPUT)


def overwrite_option() -> Any:
    return typer.Option(False, "--overwrite",
                        help="Replace an earlier run in OUT (what star wrote there, nothing "
                        "else); without it a different run there is refused.",
                        rich_help_panel=OUTPUT)


RESUME_CHANGED_HELP = (
    "Rerun over input that changed since OUT was written: remove the records computed from "
    "input records (traces, problems) that changed or are gone, recompute those, keep every "
    "other record as it is. Without it such a rerun is refused.")


def resume_changed_option() -> Any:
    """`--resume-changed`: for the commands that write a group per input record or problem
    and resume by them (check, score, generate, rationalize)."""
    return typer.Option(False, "--resume-changed", help=RESUME_CHANGED_HELP,
                        rich_help_panel=OUTPUT)


def shard_size_option() -> Any:
    return typer.Option(1000, "--shard-size", metavar="N", help="Records per output shard.",
                        rich_help_panel=OUTPUT)


def quiet_option() -> Any:
    return typer.Option(False, "--quiet", "-q",
                        help="No progress or summary on stderr; warnings and errors only.",
                        rich_help_panel=OUTPUT)


def task_option(required: bool = False, purpose: str = "") -> Any:
    tail = f" {purpose}" if purpose else ""
    return typer.Option(... if required else None, "--task", "-t", metavar="NAME",
                        help=f"The task preset: {{tasks}}.{tail}", rich_help_panel=TASK)


def checker_option(purpose: str) -> Any:
    return typer.Option(None, "--checker", metavar="NAME",
                        help=f"The checker: {{checkers}}. {purpose}", rich_help_panel=TASK)


def thinking_option(panel: str | None = THINKING) -> Any:
    """`--thinking auto|on|off`: how thoughts are read (answers/thinking.py)."""
    return typer.Option(
        "auto", "--thinking", metavar="auto|on|off",
        help="Thinking models: judge only the answer after the thought (<think>...</think>); "
             "a thought that never closes has no answer. auto: per trace, when a tag occurs; "
             "on: every completion starts with a thought; off: no thoughts.",
        rich_help_panel=panel)


def think_tags_option(panel: str | None = THINKING) -> Any:
    """`--think-tags START END`: the thought's delimiters."""
    return typer.Option(
        DEFAULT_TAG_PAIR, "--think-tags", metavar="START END",
        help="The thought's delimiters (default <think> </think>; Quiet-STaR: "
             "'<|startofthought|>' '<|endofthought|>').", rich_help_panel=panel)


def judge_params(
    judge_url: list[str] = typer.Option(None, "--judge-url", metavar="URL",
                                        help="The judge's OpenAI-compatible server "
                                        "(repeatable: requests spread round robin).",
                                        rich_help_panel=JUDGE),
    judge_model: str | None = typer.Option(None, "--judge-model", metavar="NAME",
                                           help="The judge's model name on that server.",
                                           rich_help_panel=JUDGE),
    judge_prompt: Path | None = typer.Option(None, "--judge-prompt", metavar="FILE",
                                             help="A prompt template with {question}, "
                                             "{reference} and {response} (default: star's).",
                                             rich_help_panel=JUDGE),
    judge_pattern: str | None = typer.Option(None, "--judge-pattern", metavar="REGEX",
                                             help="The reply's contract: a regex whose first "
                                             "group is the decision (default: 'Final "
                                             "Decision: Yes|No' on the last line).",
                                             rich_help_panel=JUDGE),
    judge_correct: list[str] = typer.Option(None, "--judge-correct", metavar="VALUE",
                                            help="A decision meaning correct (repeatable; "
                                            "default Yes).", rich_help_panel=JUDGE),
    judge_incorrect: list[str] = typer.Option(None, "--judge-incorrect", metavar="VALUE",
                                              help="A decision meaning incorrect (repeatable; "
                                              "default No).", rich_help_panel=JUDGE),
    judge_cache: Path | None = typer.Option(None, "--judge-cache", metavar="FILE",
                                            help="Verdicts cached by content (sqlite); "
                                            "default: OUT/.judge-cache.sqlite.",
                                            rich_help_panel=JUDGE),
    judge_concurrency: int = typer.Option(16, "--judge-concurrency", metavar="N",
                                          help="Judge requests in flight.",
                                          rich_help_panel=JUDGE),
    judge_retries: int = typer.Option(5, "--judge-retries", metavar="N",
                                      help="Retries of a failed request, with backoff.",
                                      rich_help_panel=JUDGE),
    judge_timeout: float = typer.Option(120.0, "--judge-timeout", metavar="SECONDS",
                                        help="Seconds per judge request.",
                                        rich_help_panel=JUDGE),
    judge_max_tokens: int = typer.Option(1024, "--judge-max-tokens", metavar="N",
                                         help="The judge's reply length limit.",
                                         rich_help_panel=JUDGE),
) -> None:
    """The judge's options (a signature only: `with_options(judge_params)`)."""


def code_params(
    sandbox: str = typer.Option(
        "bwrap", "--sandbox", metavar="bwrap|none|URL",
        help="code: where programs run: bubblewrap (no network, no host files, limits), a "
        "SandboxFusion service's URL, or none (unconfined: only when you trust the model).",
        rich_help_panel=TASK),
    sandbox_workers: int = typer.Option(2, "--sandbox-workers", metavar="N",
                                        help="code: programs run side by side.",
                                        rich_help_panel=TASK),
    code_timeout: float = typer.Option(10.0, "--code-timeout", metavar="SECONDS",
                                       help="code: wall-clock seconds a program and its tests "
                                       "may take.", rich_help_panel=TASK),
    code_memory: int = typer.Option(1024, "--code-memory", metavar="MB",
                                    help="code: memory a program may take.",
                                    rich_help_panel=TASK),
) -> None:
    """The code checker's options (a signature only: `with_options(code_params)`)."""


CODE_OPTIONS = ("sandbox", "sandbox_workers", "code_timeout", "code_memory")


def judge_config(o: dict[str, Any], checker: str | None, output: str) -> Any:
    """The JudgeConfig the options describe, or None when the checker is no judge; exit 2
    when a judge is asked for without a server and model."""
    if not checker or not (checker == "judge" or checker.endswith("+judge")):
        return None
    if not o["judge_url"] or not o["judge_model"]:
        raise UsageError(f"--checker {checker} needs --judge-url and --judge-model")
    from star_cli.judge import JudgeConfig, load_prompt

    cache = o["judge_cache"]
    if cache is None and output != "-":
        cache = Path(output) / ".judge-cache.sqlite"
    fields: dict[str, Any] = dict(
        model=o["judge_model"], urls=tuple(o["judge_url"]),
        concurrency=o["judge_concurrency"], retries=o["judge_retries"],
        timeout=o["judge_timeout"], max_tokens=o["judge_max_tokens"],
        cache_path=str(cache) if cache is not None else None,
        api_key=os.environ.get("STAR_JUDGE_API_KEY"))
    if o["judge_prompt"] is not None:
        fields["prompt"] = load_prompt(str(o["judge_prompt"]))
    if o["judge_pattern"] is not None:
        fields["pattern"] = o["judge_pattern"]
    if o["judge_correct"]:
        fields["correct"] = tuple(o["judge_correct"])
    if o["judge_incorrect"]:
        fields["incorrect"] = tuple(o["judge_incorrect"])
    return JudgeConfig(**fields)


def thoughts_option(panel: str | None = THINKING) -> Any:
    """`--thoughts keep|drop`: whether exported rows keep a thinking model's thought."""
    return typer.Option(
        "keep", "--thoughts", metavar="keep|drop",
        help="Keep the thought in the exported assistant text, between its delimiters "
             "(R1-style SFT), or drop it and train on the answers only.", rich_help_panel=panel)


def thought_tokens_option(panel: str | None = THINKING) -> Any:
    """`--thought-tokens START END`: the delimiters exported rows write the thought with."""
    return typer.Option(
        None, "--thought-tokens", metavar="START END",
        help="Write the thought between these instead of the model's delimiters (Quiet-STaR: "
             "'<|startofthought|>' '<|endofthought|>'; check them with --tokenizer).",
        rich_help_panel=panel)


def tokenizer_option(panel: str | None = THINKING) -> Any:
    """`--tokenizer PATH`: the model whose tokens exported thought delimiters must be."""
    return typer.Option(
        None, "--tokenizer", metavar="PATH",
        help="Check the exported thought delimiters against this tokenizer (a model directory "
             "or Hub id): --thought-tokens must each be one token of it.",
        rich_help_panel=panel)


def num_shards_option(what: str = "problems") -> Any:
    return typer.Option(1, "--num-shards", metavar="N",
                        help=f"Split the {what} into N ranks by a stable hash of the problem "
                        "id; all N run (--executor) unless --shard-index picks one.",
                        rich_help_panel=RANKS)


def shard_index_option() -> Any:
    return typer.Option(None, "--shard-index", metavar="I",
                        help="Run only rank I (0-based), as one task of an array job does.",
                        rich_help_panel=RANKS)


def executor_params(
    executor: str = typer.Option(
        "local", "--executor", metavar="NAME",
        help="Where the ranks of --num-shards run: {executors}. local: in this process, one "
        "after another; ray: one Ray task per rank over the shared OUT.",
        rich_help_panel=RANKS),
    ray_address: str | None = typer.Option(
        None, "--ray-address", metavar="ADDRESS",
        help="ray: the cluster (default: $RAY_ADDRESS, else a local Ray that star starts and "
        "stops).", rich_help_panel=RANKS),
    cpus_per_shard: float | None = typer.Option(
        None, "--cpus-per-shard", metavar="NUM",
        help="ray: CPUs per rank (default: the cluster's CPUs / N, at most 1: fractional, so "
        "N ranks run at once).", rich_help_panel=RANKS),
    gpus_per_shard: float | None = typer.Option(
        None, "--gpus-per-shard", metavar="NUM",
        help="ray: GPUs per rank; a vllm rank uses them as its tensor parallelism.",
        rich_help_panel=RANKS),
    max_retries: int | None = typer.Option(
        None, "--max-retries", metavar="N",
        help="ray: resubmissions of a rank whose worker or node died (default 3).",
        rich_help_panel=RANKS),
) -> None:
    """The executors' options (a signature only: `with_options(executor_params)`)."""


def sample_options(
    task: str = task_option(required=True),
    model: str = typer.Option(..., "--model", "-m", help="Model name or local path.",
                              rich_help_panel=ENGINE),
    output: str = output_option(),
    dataset: str | None = typer.Option(None, help="A Hugging Face dataset name instead of files.",
                                       rich_help_panel=INPUT),
    dataset_config: str | None = typer.Option(None, help="The dataset's config name.",
                                              rich_help_panel=INPUT),
    split: str = typer.Option("train", help="The dataset split.", rich_help_panel=INPUT),
    limit: int | None = typer.Option(None, help="Take at most N problems.", rich_help_panel=INPUT),
    skip: int = typer.Option(0, help="Skip the first N problems.", rich_help_panel=INPUT),
    allow_partial: bool = allow_partial_option(),
    verify_input: bool = verify_input_option(),
    num_shards: int = num_shards_option("problems"),
    shard_index: int | None = shard_index_option(),
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
    checker: str | None = checker_option("Default: the preset's (generic: numeric)."),
    check_timeout: float = typer.Option(5.0, help="Seconds per symbolic answer comparison "
                                        "(math) before the verdict is 'timeout'.",
                                        rich_help_panel=TASK),
    few_shot: int | None = typer.Option(None, help="Few-shot examples (default: all; 0: none).",
                                        rich_help_panel=TASK),
    chat: bool = typer.Option(False, "--chat", help="Prompt as chat messages (chat template).",
                              rich_help_panel=TASK),
    iteration: int = typer.Option(0, help="STaR iteration recorded on every trace.",
                                  rich_help_panel=TASK),
    thinking: str = thinking_option(),
    think_tags: tuple[str, str] = think_tags_option(),
    samples: int = typer.Option(4, "--samples", "-n", help="Samples per problem.",
                                rich_help_panel=SAMPLING),
    temperature: float = typer.Option(0.7, help="Sampling temperature.", rich_help_panel=SAMPLING),
    top_p: float = typer.Option(1.0, help="Nucleus sampling.", rich_help_panel=SAMPLING),
    max_tokens: int = typer.Option(512, help="Completion length limit.", rich_help_panel=SAMPLING),
    seed: int | None = typer.Option(0, help="Global seed: the engine's, or each problem's "
                                    "derives from it (see --seed-mode).",
                                    rich_help_panel=SAMPLING),
    seed_mode: str | None = typer.Option(
        None, metavar="engine|request",
        help="engine: seed the engine once with --seed (vllm's default: fastest, repeats only "
             "for the same batches); request: a seed per problem (other engines' only mode; "
             "vllm: reruns repeat however problems are batched, slower sampler).",
        rich_help_panel=SAMPLING),
    engine: str = typer.Option("auto", metavar="NAME",
                               help="The engine: {engines}, or package.module:Class.",
                               rich_help_panel=ENGINE),
    tensor_parallel_size: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    pipeline_parallel_size: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    gpu_memory_utilization: float | None = typer.Option(None, help="vllm.",
                                                        rich_help_panel=ENGINE),
    max_model_len: int | None = typer.Option(None, help="vllm.", rich_help_panel=ENGINE),
    dtype: str | None = typer.Option(None, help="vllm / transformers.", rich_help_panel=ENGINE),
    engine_arg: list[str] = typer.Option(None, help="Extra engine option KEY=VALUE (repeatable).",
                                         rich_help_panel=ENGINE),
    chat_template_kwarg: list[str] = typer.Option(
        None, metavar="KEY=VALUE", help="A chat template variable, e.g. enable_thinking=false "
        "(repeatable; VALUE read as JSON when it parses). openai: sent as chat_template_kwargs; "
        "vllm, transformers: passed to the chat template.", rich_help_panel=ENGINE),
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
    shard_size: int = shard_size_option(),
    overwrite: bool = overwrite_option(),
    resume_changed: bool = resume_changed_option(),
    quiet: bool = quiet_option(),
) -> None:
    """The options of every sampling command (a signature only: see `with_options`)."""


def with_options(*shared: Callable[..., Any]
                 ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A Typer command whose parameters are the decorated function's own (before its
    `**options`) followed by each of `shared`'s; the function gets them all as keywords."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        own = [p for p in inspect.signature(fn, eval_str=True).parameters.values()
               if p.kind is not inspect.Parameter.VAR_KEYWORD]
        params = own + [p for s in shared
                        for p in inspect.signature(s, eval_str=True).parameters.values()]

        def command(**kwargs: Any) -> Any:
            return fn(**kwargs)

        command.__name__, command.__doc__ = fn.__name__, fn.__doc__
        command.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        command.__annotations__ = {}
        return command

    return decorate


def run_options(o: dict[str, Any]) -> dict[str, Any]:
    """Check the shared options and turn them into `GenerateRun` keyword arguments."""
    setup_logging(o["quiet"])  # the ranges are checked by GenerateRun itself
    seed_mode, engine_seeded = _seed_mode(o["engine"], o["seed_mode"])
    template = o["template"]
    if o["template_file"] is not None:
        if not o["template_file"].exists():
            raise UsageError(f"--template-file {o['template_file']}: no such file")
        template = o["template_file"].read_text(encoding="utf-8")
    return dict(
        dataset=o["dataset"], dataset_config=o["dataset_config"], split=o["split"],
        task=o["task"],
        generic=dict(question_field=o["question_field"], answer_field=o["answer_field"],
                     id_field=o["id_field"], choices_field=o["choices_field"],
                     template=template, checker=o["checker"] or "numeric"),
        checker=o["checker"],
        selection=dict(skip=o["skip"], limit=o["limit"], num_shards=o["num_shards"],
                       shard_index=o["shard_index"] or 0),
        model=o["model"], engine=o["engine"],
        # An engine that can seed itself always gets the global seed, in either mode.
        engine_options=_engine_options(o) | ({"seed": o["seed"]} if engine_seeded else {}),
        sampling=dict(n=o["samples"], temperature=o["temperature"], top_p=o["top_p"],
                      max_tokens=o["max_tokens"], seed=o["seed"],
                      # Left out at "request", what star did before the option existed, so
                      # that a rerun into an older star's OUT still resumes (as filter does).
                      **({} if seed_mode == "request" else {"seed_mode": seed_mode})),
        few_shot=o["few_shot"], chat=o["chat"], check_timeout=o["check_timeout"],
        iteration=o["iteration"], chunk_size=o["chunk_size"], output=o["output"],
        allow_partial=o["allow_partial"], verify_input=o["verify_input"],
        thinking=o["thinking"], think_tags=tuple(o["think_tags"]),
        shard_size=o["shard_size"], overwrite=o["overwrite"],
        resume_changed=o["resume_changed"], quiet=o["quiet"],
        argv=redact(["star", *sys.argv[1:]]),
        checker_options=_checker_options(o),
    )


def _checker_options(o: dict[str, Any]) -> dict[str, Any]:
    """Options for checkers that take them (a judge's server, a sandbox), by the checker
    asked for; each checker takes those it knows."""
    checker = o["checker"] if o["task"] != "generic" else o["checker"] or None
    config = judge_config(o, checker, o["output"]) if "judge_url" in o else None
    out: dict[str, Any] = {"judge": config} if config is not None else {}
    if o["task"] == "code" or checker == "code":
        out |= {k: o[k] for k in CODE_OPTIONS}
    return out


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


def _seed_mode(engine: str, asked: str | None) -> tuple[str, bool]:
    """The seed mode the run uses (`asked`, or the engine's default), and whether the engine
    seeds itself (it then gets --seed as its `seed` option)."""
    from star_cli.engines.base import SEED_MODES
    from star_cli.engines.registry import resolve

    if asked is not None and asked not in SEED_MODES:
        raise UsageError(f"--seed-mode must be one of {', '.join(SEED_MODES)}, got {asked!r}")
    cls = resolve(engine)
    if asked is not None and asked not in cls.seed_modes:
        raise UsageError(f"--seed-mode {asked}: engine {cls.name or engine!r} supports "
                         f"--seed-mode {' or '.join(cls.seed_modes)} only")
    return asked or cls.seed_modes[0], "engine" in cls.seed_modes


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
    # --chat-template-kwarg (issue 13): only when given, so a run without it keeps its identity.
    template = parse_template_kwargs(options["chat_template_kwarg"] or [])
    if template:
        out["chat_template_kwargs"] = template
    return out
