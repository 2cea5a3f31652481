"""`star` and `python -m star_cli`: the command line, with Ctrl-C answered in one line (exit
130) from the first moment, before the commands' modules are even imported."""

from __future__ import annotations

import contextlib
import signal
import sys


def main() -> None:
    try:
        from star_cli.cli import main as run

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


def _ignore_interrupts() -> None:
    with contextlib.suppress(ValueError):  # not the main thread: not ours to set
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    main()
