"""`star problems gym:NAME`: a problem file of procedural problems from reasoning-gym."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from star_cli.cli.common import handle_errors, setup_logging
from star_cli.errors import UsageError
from star_cli.keyvalue import parse_pairs


@handle_errors
def problems(
    spec: str = typer.Argument("gym", metavar="gym:NAME|gym:mix",
                               help="The family to draw from (gym:mix: several, weighted by "
                               "--config weights=a:2,b:1)."),
    size: int = typer.Option(100, "--size", metavar="N", help="How many problems."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="The seed: the same seed, size "
                             "and options give the same file, byte for byte."),
    config: list[str] = typer.Option(None, "--config", metavar="KEY=VALUE",
                                     help="A family option, e.g. min_digits=3 (repeatable; "
                                     "for mix: FAMILY.OPTION=VALUE, and weights=...)."),
    output: str = typer.Option("-", "--output", "-o", metavar="FILE",
                               help="The problem file (JSONL), or - for stdout."),
    list_families: bool = typer.Option(False, "--list",
                                       help="List the families and their options."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary on stderr."),
) -> None:
    """Write a problem file from reasoning-gym: rows of id, question, gold and what the
    family's scorer needs, for --task gym. Families whose scorer is known broken are refused
    with the reason."""
    from star_cli import gym

    setup_logging(quiet)
    if list_families:
        for info in gym.all_families():
            options = ", ".join(f"{o.name}={o.default!r}" for o in info.options if o.settable)
            state = f"  [refused: {info.broken}]" if info.broken else ""
            typer.echo(f"{info.name}  ({info.category}){state}\n    {options or '-'}")
        return
    name = spec.split(":", 1)[1] if spec.startswith("gym:") else spec
    if not name or name == "gym":
        raise UsageError("give a family: star problems gym:NAME (star problems --list shows "
                         "them), or gym:mix")
    if size < 1:
        raise UsageError(f"--size must be at least 1, got {size}")
    rows = list(gym.make_problems(name, size, seed, parse_pairs(config or [], "--config")))
    if output == "-":
        count = gym.write_problems(rows, sys.stdout)
    else:
        from star_cli.io.files import write_atomic

        text = "".join(gym.dumps_row(r) + "\n" for r in rows)
        write_atomic(Path(output), text)
        count = len(rows)
    if not quiet:
        typer.echo(f"star: {count} problems of gym:{name} (seed {seed}) -> "
                   f"{'stdout' if output == '-' else output}", err=True)
