"""`star filter`: quality filters, dedup, diversity and export, with counts per step."""

from __future__ import annotations

import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.cli.options import (
    OUTPUT,
    RANKS,
    THINKING,
    allow_partial_option,
    executor_params,
    inputs_argument,
    output_option,
    overwrite_option,
    quiet_option,
    shard_size_option,
    think_tags_option,
    thinking_option,
    thought_tokens_option,
    thoughts_option,
    tokenizer_option,
    verify_input_option,
    with_options,
)
from star_cli.errors import StarError

if TYPE_CHECKING:
    from rich.table import Table

    from star_cli.steps.filter import FilterReport

QUALITY = "Quality"
DEDUP = "Dedup and diversity"


@with_options(executor_params)
@handle_errors
def filter_traces(
    inputs: list[str] = inputs_argument("Traces (generate, rationalize): files or star output "
                                        "directories"),
    allow_partial: bool = allow_partial_option(),
    verify_input: bool = verify_input_option(),
    output: str = output_option(),
    correct: bool = typer.Option(True, "--correct/--no-correct",
                                 help="Keep only traces judged correct.", rich_help_panel=QUALITY),
    require_marker: bool = typer.Option(
        False, "--require-marker", help="Keep only answers read from a marker (The answer is, "
        "####, ...), not from the last sentence.", rich_help_panel=QUALITY),
    finished: bool = typer.Option(True, "--finished/--no-finished",
                                  help="Drop traces cut by max_tokens.", rich_help_panel=QUALITY),
    no_hint_leak: bool = typer.Option(True, "--no-hint-leak/--allow-hint-leak",
                                      help="Drop rationales that give the hint away.",
                                      rich_help_panel=QUALITY),
    min_tokens: int | None = typer.Option(None, help="Fewest completion tokens.",
                                          rich_help_panel=QUALITY),
    max_tokens: int | None = typer.Option(None, help="Most completion tokens.",
                                          rich_help_panel=QUALITY),
    min_chars: int | None = typer.Option(None, help="Shortest rationale, in characters.",
                                         rich_help_panel=QUALITY),
    max_chars: int | None = typer.Option(None, help="Longest rationale, in characters.",
                                         rich_help_panel=QUALITY),
    single_answer: bool = typer.Option(False, "--single-answer",
                                       help="Drop rationales that state two different answers.",
                                       rich_help_panel=QUALITY),
    require_regex: str | None = typer.Option(None, help="Keep rationales matching this regex.",
                                             rich_help_panel=QUALITY),
    exclude_regex: str | None = typer.Option(None, help="Drop rationales matching this regex.",
                                             rich_help_panel=QUALITY),
    decontaminate: list[str] = typer.Option(
        None, help="Drop problems sharing a word 8-gram with these problem files (repeatable).",
        rich_help_panel=QUALITY),
    thinking: str = thinking_option(),
    think_tags: tuple[str, str] = think_tags_option(),
    finished_thoughts: bool = typer.Option(
        True, "--drop-unfinished-thoughts/--keep-unfinished-thoughts",
        help="Drop traces whose thought never closed (they have no answer).",
        rich_help_panel=THINKING),
    min_thinking_tokens: int | None = typer.Option(
        None, help="Fewest thought tokens (a trace without a thought has 0).",
        rich_help_panel=THINKING),
    max_thinking_tokens: int | None = typer.Option(None, help="Most thought tokens.",
                                                   rich_help_panel=THINKING),
    named: list[str] = typer.Option(
        None, "--filter", metavar="NAME[:K=V,..]",
        help="Also run a registered filter, after the ones above (repeatable; options as "
        "KEY=VALUE, VALUE read as JSON): {filters}.", rich_help_panel=QUALITY),
    dedup: str | None = typer.Option(None, help="exact, minhash (exact, then near), or code "
                                     "(programs alike but for comments and layout).",
                                     rich_help_panel=DEDUP),
    threshold: float = typer.Option(0.8, help="minhash: Jaccard similarity of duplicates.",
                                    rich_help_panel=DEDUP),
    diversity: str | None = typer.Option(None, help="equations: one path per calculation list.",
                                         rich_help_panel=DEDUP),
    max_per_problem: int | None = typer.Option(None, help="At most K traces per problem, as "
                                               "different as possible.", rich_help_panel=DEDUP),
    max_total: int | None = typer.Option(None, help="At most N traces, fair across problems.",
                                         rich_help_panel=DEDUP),
    fmt: str = typer.Option("traces", "--format", metavar="NAME",
                            help="What to write: {formats:sft}.", rich_help_panel=OUTPUT),
    keep_few_shot: bool = typer.Option(False, "--keep-few-shot",
                                       help="Keep the exemplars in exported prompts.",
                                       rich_help_panel=OUTPUT),
    thoughts: str = thoughts_option(),
    thought_tokens: tuple[str, str] | None = thought_tokens_option(),
    tokenizer: str | None = tokenizer_option(),
    explain: bool = typer.Option(False, "--explain", help="Write dropped traces, with their "
                                 "reason, to OUT/dropped/.", rich_help_panel=OUTPUT),
    shard_size: int = shard_size_option(),
    overwrite: bool = overwrite_option(),
    quiet: bool = quiet_option(),
    num_shards: int = typer.Option(
        1, "--num-shards", metavar="N", help="Read, check the quality rules and compute "
        "MinHash signatures in N ranks (--executor: local processes or Ray tasks); dedup "
        "decides here, over the signatures. The output is the same.", rich_help_panel=RANKS),
    **ranks: Any,
) -> None:
    """Turn raw traces into a training set: filter, deduplicate, diversify, export.

    Exits 1 when nothing is kept (OUT is still written: complete and empty)."""
    from star_cli.steps.filter import FilterConfig, FilterRun

    setup_logging(quiet)
    config = FilterConfig(
        correct=correct, require_marker=require_marker, finished=finished,
        no_hint_leak=no_hint_leak, min_tokens=min_tokens, max_tokens=max_tokens,
        min_chars=min_chars, max_chars=max_chars,
        single_answer=single_answer, require_regex=require_regex, exclude_regex=exclude_regex,
        decontaminate=tuple(decontaminate or ()), dedup=dedup, threshold=threshold,
        diversity=diversity, max_per_problem=max_per_problem, max_total=max_total, format=fmt,
        keep_few_shot=keep_few_shot, thinking=thinking, think_tags=tuple(think_tags),
        finished_thoughts=finished_thoughts, min_thinking_tokens=min_thinking_tokens,
        max_thinking_tokens=max_thinking_tokens, thoughts=thoughts,
        thought_tokens=tuple(thought_tokens) if thought_tokens else None,
        filters=tuple(named or ()),
    )
    _check_regexes(require_regex, exclude_regex)
    run = FilterRun(list(inputs or []), output, config, explain=explain, shard_size=shard_size,
                    tokenizer=tokenizer, overwrite=overwrite, argv=["star", *sys.argv[1:]],
                    allow_partial=allow_partial, verify_input=verify_input)
    from star_cli.cli.ranks import executor_of

    executor = executor_of(ranks)  # unknown, or given an option it does not take: exit 2
    if num_shards == 1 and ranks.get("executor", "local") == "local":
        report = run.execute()
    else:  # per-trace work in ranks run by the executor's `map`, the dedup decision here
        from star_cli.executors.filter import filter_ranks

        report = filter_ranks(run, num_shards, executor)
    if not quiet:
        _print_table(report, output)
    if report.written == 0:
        # OUT is written, complete and empty; but training on it would fail, or worse.
        error = StarError(_nothing_kept(report, output))
        error.exit_code = NOTHING_KEPT
        raise error


# `star filter` that keeps nothing exits with this code (after writing a complete, empty OUT),
# so that a script stops before fine-tuning on an empty set.
NOTHING_KEPT = 1


def _nothing_kept(report: FilterReport, output: str) -> str:
    dest = "stdout" if output == "-" else output
    if report.read == 0:
        return f"nothing kept: the inputs hold no traces ({dest} is complete and empty)"
    drops: Counter[str] = Counter()
    for step in report.steps:
        drops.update(step.dropped)
    top = ", ".join(f"{reason} {n:,}" for reason, n in drops.most_common(3) if n)
    return (f"nothing kept: none of the {report.read:,} traces read passed the filters "
            f"(top drop reasons: {top or '-'}); {dest} is complete and empty")


def _check_regexes(*patterns: str | None) -> None:
    import re

    from star_cli.errors import UsageError

    for p in patterns:
        if p is None:
            continue
        try:
            re.compile(p)
        except re.error as e:
            raise UsageError(f"bad regular expression {p!r}: {e}") from None


def _print_table(report: FilterReport, output: str) -> None:
    from rich.console import Console

    from star_cli.cli.tables import steps_table

    console = Console(stderr=True)
    console.print(steps_table(report.steps, "star filter"))
    console.print(_reasons_line(report))
    console.print(_paths_line(report))
    console.print(_paths_table(report))
    dest = "stdout" if output == "-" else output
    console.print(f"{report.read:,} traces read, {report.written:,} written "
                  f"for {report.problems:,} problems -> {dest}")


def _reasons_line(report: FilterReport) -> str:
    """Why the checker said what it did, over every trace read (the zeros left out)."""
    counts = ", ".join(f"{r} {n:,}" for r, n in report.reasons().items() if n) or "-"
    return f"check reasons of the traces read: {counts}"


def _paths_line(report: FilterReport) -> str:
    """RFT's measure of what was kept: distinct lists of calculations per problem."""
    paths = report.paths.as_dict()
    mean = "-" if paths["mean"] is None else f"{paths['mean']:g}"
    median = "-" if paths["median"] is None else f"{paths['median']:g}"
    return (f"distinct reasoning paths per problem kept: mean {mean}, median {median}, "
            f"over {paths['problems']:,} problems")


def _paths_table(report: FilterReport) -> Table:
    from rich.table import Table

    histogram = report.paths.histogram()
    table = Table()
    table.add_column("paths")
    for label in histogram:  # one column per bin: the histogram reads across
        table.add_column(label, justify="right")
    table.add_row("problems", *(f"{n:,}" for n in histogram.values()))
    return table
