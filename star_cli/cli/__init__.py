"""The `star` command: a thin Typer layer over the library. Nothing below imports it."""

from __future__ import annotations

import typer

from star_cli.cli.check import check
from star_cli.cli.filter import filter_traces
from star_cli.cli.generate import generate
from star_cli.cli.pairs import pairs
from star_cli.cli.rationalize import rationalize
from star_cli.cli.score import score
from star_cli.cli.select import select
from star_cli.cli.status import status
from star_cli.version import __version__

app = typer.Typer(
    name="star",
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


app.command(name="generate")(generate)
app.command(name="rationalize")(rationalize)
app.command(name="filter")(filter_traces)
app.command(name="pairs")(pairs)
app.command(name="score")(score)
app.command(name="select")(select)
app.command(name="check")(check)
app.command(name="status")(status)


def main() -> None:
    app()
