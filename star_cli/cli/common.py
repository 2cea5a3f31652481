"""What every command shares: error reporting, logging, option parsing helpers."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from star_cli import interrupts
from star_cli.errors import StarError, UsageError

F = TypeVar("F", bound=Callable[..., Any])


def setup_logging(quiet: bool) -> None:
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.WARNING if quiet else logging.INFO,
        format="star: %(message)s",
        force=True,
    )


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"star: error: {message}", err=True)
    return typer.Exit(code)


def handle_errors(fn: F) -> F:
    """Turn StarError into one line on stderr and its exit code; Ctrl-C into exit 130."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        interrupts.install()
        try:
            return fn(*args, **kwargs)
        except StarError as e:
            raise fail(str(e), e.exit_code) from None
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError,
                FileExistsError) as e:
            # The output path or an input path is unusable: the user's to fix, like bad input.
            raise fail(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "), 2) from None
        except KeyboardInterrupt:
            typer.echo("star: interrupted; rerun the same command to resume", err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # `star ... -o - | head`: the reader left; that is not an error.
            sys.stdout = open("/dev/null", "w")  # noqa: SIM115 - silence the flush at exit
            raise typer.Exit(0) from None

    return wrapper  # type: ignore[return-value]


def parse_engine_args(pairs: list[str]) -> dict[str, Any]:
    """`KEY=VALUE` pairs; VALUE is read as JSON when it parses (numbers, booleans, lists)."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--engine-arg expects KEY=VALUE, got {pair!r}")
        try:
            out[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[key.strip()] = value
    return out
