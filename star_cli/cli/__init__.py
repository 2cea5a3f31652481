"""The `star` command: a thin Typer layer over the library. Nothing below imports it.

Each command is a module of this package, imported only when that command runs or shows its
help: `star --help` lists the commands from the table below without importing any of them
(or anything heavy), so every shell pipeline stage and tab completion starts fast. Lists of
registered names in a command's help (`--task`, `--checker`, `--format`, ...) are filled in
only when that help is shown (`cli/help.py`).
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Iterator
from typing import Any

import click
import typer
from typer.core import TyperGroup

from star_cli.version import __version__

# name -> (module, function, one line of help for `star --help`), in the order listed.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "problems": ("star_cli.cli.problems", "problems",
                 "Write a problem file of procedural problems (reasoning-gym families)."),
    "generate": ("star_cli.cli.generate", "generate",
                 "Sample -n rationales per problem, check each answer, write every trace."),
    "rationalize": ("star_cli.cli.rationalize", "rationalize",
                    "Rationalize the problems a generate run got wrong, with the answer as a "
                    "hint; store the traces without it."),
    "filter": ("star_cli.cli.filter", "filter_traces",
               "Turn raw traces into a training set: filter, deduplicate, diversify, export."),
    "pairs": ("star_cli.cli.pairs", "pairs",
              "Preference data for a verifier: every correct x incorrect pair of each problem."),
    "score": ("star_cli.cli.score", "score",
              "Score every trace's rationale under a verifier."),
    "select": ("star_cli.cli.select", "select",
               "Pick one trace per problem; print pass@k, majority@k and Best-of-k."),
    "steps": ("star_cli.cli.steps", "steps",
              "Label each step of each trace by rollouts from its prefix (PRM data)."),
    "check": ("star_cli.cli.check", "check",
              "Re-judge traces with the current checker."),
    "status": ("star_cli.cli.status", "status",
               "Where a run stands: its status, then one line per rank."),
    "serve": ("star_cli.cli.serve", "serve",
              "Serve a verifier: an OpenAI-compatible Best-of-k endpoint over a generator."),
    "judge-eval": ("star_cli.cli.judge_eval", "judge_eval",
                   "Measure an LLM judge against labelled traces before trusting it."),
}


class LazyGroup(TyperGroup):
    """A group whose commands are imported when one runs or shows its help."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if getattr(self, "_listing", False):
            # `star --help` needs a name and a line, not the command.
            return click.Command(cmd_name, help=COMMANDS[cmd_name][2])
        return load_command(cmd_name)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """A Ctrl-C while a command loads or parses its options (before its own handler,
        `cli/common.handle_errors`, takes over) is one line and exit 130, never a silent
        exit or a traceback: nothing was written yet. (Typer turns a KeyboardInterrupt into
        a silent exit 130 itself; `interrupted` sees it first.)"""
        with interrupted():
            try:
                return super().main(*args, **kwargs)
            except SystemExit as e:
                if e.code == 130 and isinstance(
                        getattr(e.__context__, "__cause__", None), KeyboardInterrupt):
                    # Typer's own silent exit: a Ctrl-C outside the steps wrapped here (the
                    # context's clean-up after the command, say) still says so in one line.
                    typer.echo("star: interrupted", err=True)
                raise

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with interrupted():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with interrupted():
            return super().invoke(ctx)

    def format_help(self, ctx: click.Context, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False


@contextlib.contextmanager
def interrupted() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        typer.echo("star: interrupted", err=True)
        raise typer.Exit(130) from None


_LOADED: dict[str, click.Command] = {}


def load_command(name: str) -> click.Command:
    """The click command of `name`, built from its module's function."""
    if name not in _LOADED:
        from star_cli.cli.help import StarCommand

        module, function, _ = COMMANDS[name]
        fn = getattr(importlib.import_module(module), function)
        sub = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        sub.command(name=name, cls=StarCommand)(fn)
        _LOADED[name] = typer.main.get_command(sub)
    return _LOADED[name]


app = typer.Typer(
    name="star",
    cls=LazyGroup,
    help="Build STaR / V-STaR reasoning-trace datasets: sample, check, rationalize, filter.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"star {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """star: reasoning-trace datasets the STaR way."""


def main() -> None:
    app()
