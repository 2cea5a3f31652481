"""What every command shares: error reporting, logging, option parsing helpers."""

from __future__ import annotations

import errno
import functools
import logging
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from star_cli import interrupts
from star_cli.errors import StarError
from star_cli.keyvalue import parse_pairs

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
            return _run(fn, args, kwargs)
        except KeyboardInterrupt:
            pass
        # Out of the except block, so that the traceback and the frames it holds are gone:
        # the engine's prefetch generator is closed, and its thread told to stop.
        typer.echo("star: interrupted; rerun the same command to resume", err=True)
        _settle_engine_threads()
        raise typer.Exit(130)

    return wrapper  # type: ignore[return-value]


def _run(fn: Callable[..., Any], args: Any, kwargs: Any) -> Any:
    """`fn`, with every error but Ctrl-C turned into one line and an exit code."""
    try:
        return fn(*args, **kwargs)
    except StarError as e:
        raise fail(str(e), e.exit_code) from None
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError, PermissionError,
            FileExistsError) as e:
        # The output path or an input path is unusable: the user's to fix, like bad input.
        raise fail(f"{e.filename or ''}: {e.strerror or e}".lstrip(": "), 2) from None
    except BrokenPipeError:
        # `star ... -o - | head`: the reader left; that is not an error.
        sys.stdout = open("/dev/null", "w")  # noqa: SIM115 - silence the flush at exit
        raise typer.Exit(0) from None
    except OSError as e:
        # A full disk, a quota, an I/O error: the run frame has closed the output
        # consistently (whole groups sealed, the last good manifest kept).
        raise fail(_os_error(e), 1) from None


def _os_error(e: OSError) -> str:
    reason = e.strerror or str(e) or type(e).__name__
    if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        reason += " (free some space, then rerun the same command to resume)"
    if e.filename:
        return f"cannot write {e.filename}: {reason}" if e.errno in _WRITE_ERRNOS else \
            f"{e.filename}: {reason}"
    return f"a write failed: {reason}" if e.errno in _WRITE_ERRNOS else reason


_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}
# Seconds a Ctrl-C waits for the engine thread to leave a call in flight. A thread still
# inside native code (torch, CUDA) when Python 3.11 finalizes is ended with pthread_exit,
# which C++ answers with "terminate called without an active exception" (exit 134).
ENGINE_GRACE = 5.0


def _settle_engine_threads() -> None:
    """Let the engine thread (steps/sampling.py's `star-engine`) finish its call; one stuck
    in native code is not waited for: the process then ends at once, with exit code 130,
    after the output was sealed and the exit handlers ran."""
    import threading
    import time

    deadline = time.monotonic() + ENGINE_GRACE
    for thread in threading.enumerate():
        if thread.name == "star-engine" and thread is not threading.current_thread():
            thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.name == "star-engine" and t.is_alive() for t in threading.enumerate()):
        import atexit
        import os

        try:
            atexit._run_exitfuncs()  # worker pools: their processes are stopped
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)


def parse_engine_args(pairs: list[str]) -> dict[str, Any]:
    """`--engine-arg KEY=VALUE` pairs (see `parse_pairs`)."""
    return parse_pairs(pairs, "--engine-arg")


def parse_template_kwargs(pairs: list[str]) -> dict[str, Any]:
    """`--chat-template-kwarg KEY=VALUE` pairs: variables for the model's chat template
    (`enable_thinking=false`), checked now so a bad one stops the run before a model loads."""
    from star_cli.engines.base import template_kwargs

    return template_kwargs(parse_pairs(pairs, "--chat-template-kwarg"), engine="any")
