"""`star` and `python -m star_cli`: the command line, with Ctrl-C answered in one line (exit
130) from the first moment, before the commands' modules are even imported."""

from __future__ import annotations

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


if __name__ == "__main__":
    main()
