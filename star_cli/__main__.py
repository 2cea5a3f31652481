"""`star` and `python -m star_cli`: the command line, with Ctrl-C answered in one line (exit
130) from the first moment, before the commands' modules are even imported."""

from __future__ import annotations

import contextlib
import signal
import sys
from collections.abc import Callable


def main() -> None:
    try:
        run = _load_cli()
        run()
    except KeyboardInterrupt:
        # Before a command's own handler took over (a Ctrl-C while the CLI loads): nothing
        # was written, so there is nothing to resume; say so in one line.
        sys.stderr.write("star: interrupted\n")
        sys.exit(130)
    finally:
        # The command is over (its output sealed, its exit status chosen): a Ctrl-C now would
        # only interrupt the interpreter's clean-up and turn the status into death by SIGINT.
        _ignore_interrupts()


def _load_cli() -> Callable[[], None]:
    """The CLI's entry point, imported with a Ctrl-C held until the import is over, then
    raised: one raised inside the import machinery itself can land in a callback of its
    module locks, where Python prints it as ignored and goes on, the run unstopped."""
    held: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    except ValueError:  # not the main thread: not ours to set
        previous = None
    try:
        from star_cli.cli import main as run
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if held and callable(previous):
        previous(signal.SIGINT, None)  # (Python's own handler raises KeyboardInterrupt)
    elif held and previous == signal.SIG_DFL:
        raise KeyboardInterrupt
    return run


def _ignore_interrupts() -> None:
    with contextlib.suppress(ValueError):  # not the main thread: not ours to set
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    main()
