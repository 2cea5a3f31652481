"""`star pairs`: V-STaR verifier data, every (correct, incorrect) pair of a problem."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.cli.options import (
    OUTPUT,
    allow_partial_option,
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
)

if TYPE_CHECKING:
    from star_cli.steps.pairs import PairsReport

CHOSEN = "Chosen traces"
CAPS = "Caps"


@handle_errors
def pairs(
    inputs: list[str] = inputs_argument("Labelled traces (generate, rationalize; every "
                                        "iteration): files or star output directories"),
    allow_partial: bool = allow_partial_option(),
    verify_input: bool = verify_input_option(),
    output: str = output_option(),
    fmt: str = typer.Option("dpo", "--format", metavar="NAME",
                            help="What to write: {formats:preference} (dpo: prompt, chosen, "
                            "rejected; kto: prompt, completion, label).", rich_help_panel=OUTPUT),
    chat: bool | None = typer.Option(
        None, "--chat/--text", help="Conversational (message lists) or standard (text) rows; "
        "default: conversational if any trace has a chat prompt.", rich_help_panel=OUTPUT),
    finished: bool = typer.Option(True, "--finished/--no-finished",
                                  help="Never choose a trace cut by max_tokens.",
                                  rich_help_panel=CHOSEN),
    no_hint_leak: bool = typer.Option(True, "--no-hint-leak/--allow-hint-leak",
                                      help="Never choose a rationale that gives the hint away.",
                                      rich_help_panel=CHOSEN),
    max_pairs_per_problem: int | None = typer.Option(
        None, help="At most K pairs per problem, each trace used as evenly as possible.",
        rich_help_panel=CAPS),
    max_pairs: int | None = typer.Option(None, help="At most N pairs, fair across problems.",
                                         rich_help_panel=CAPS),
    thinking: str = thinking_option(),
    think_tags: tuple[str, str] = think_tags_option(),
    thoughts: str = thoughts_option(),
    thought_tokens: tuple[str, str] | None = thought_tokens_option(),
    tokenizer: str | None = tokenizer_option(),
    shard_size: int = shard_size_option(),
    overwrite: bool = overwrite_option(),
    quiet: bool = quiet_option(),
) -> None:
    """Preference data for a verifier: every correct x incorrect pair of each problem.

    Exits 1 when no pair is written (OUT is still written: complete and empty)."""
    from star_cli.steps.pairs import PairsConfig, PairsRun

    setup_logging(quiet)
    config = PairsConfig(format=fmt, chat=chat, finished=finished, no_hint_leak=no_hint_leak,
                         max_pairs_per_problem=max_pairs_per_problem, max_pairs=max_pairs,
                         thinking=thinking, think_tags=tuple(think_tags), thoughts=thoughts,
                         thought_tokens=tuple(thought_tokens) if thought_tokens else None)
    run = PairsRun(list(inputs or []), output, config, shard_size=shard_size,
                   overwrite=overwrite, argv=["star", *sys.argv[1:]], tokenizer=tokenizer,
                   allow_partial=allow_partial,
                   verify_input=verify_input)
    report = run.execute()
    if not quiet:
        _print_summary(report, output, fmt)
    if report.pairs == 0:
        # OUT is written, complete and empty (as star filter does); training on it would fail.
        from star_cli.errors import StarError

        dest = "stdout" if output == "-" else output
        raise StarError(f"no pairs: none of the {report.problems:,} problems read has both a "
                        f"usable correct and an incorrect trace ({dest} is complete and empty)")


def _print_summary(report: PairsReport, output: str, fmt: str) -> None:
    from rich.console import Console

    from star_cli.cli.tables import steps_table

    console = Console(stderr=True)
    console.print(steps_table(report.steps, title="star pairs"))
    console.print(f"{report.read:,} traces read for {report.problems:,} problems: "
                  f"{report.with_pairs:,} gave pairs, {report.only_correct:,} had only correct "
                  f"traces, {report.only_incorrect:,} only incorrect, {report.unusable:,} "
                  "neither usable")
    dest = "stdout" if output == "-" else output
    kind = "conversational" if report.conversational else "standard"
    rows = f" as {report.written:,} kto rows" if fmt == "kto" else ""
    console.print(f"{report.pairs:,} pairs written{rows} (of {report.possible:,} possible, "
                  f"{report.chosen:,} chosen x {report.rejected:,} rejected traces), "
                  f"{kind} -> {dest}")
