"""How long `star --help` takes, beside a bare Typer app with the same command names.

Every shell pipeline stage and every tab completion pays star's start-up, so it should cost
little more than Typer itself. The baseline is a Typer app whose commands (star's names, each
with one string option) do nothing; both run as fresh processes, interleaved, in one run.

    python bench/startup.py [--runs 20]

Target (issue 19): star at most 1.3x the bare app (at most 0.3 s on a quiet 2-core machine).
Also prints what `import star_cli` and `import star_cli.cli` load that they should not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from star_cli.cli import COMMANDS  # noqa: E402

HEAVY = ("sympy", "torch", "transformers", "datasets", "rensa", "numpy", "httpx",
         "math_verify", "ray", "fastapi", "importlib.metadata")

BARE = '''
import typer

app = typer.Typer(name="star", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)


@app.callback()
def root(version: bool = typer.Option(False, "--version", help="Print the version.")) -> None:
    """A bare Typer app with star's command names."""


def _make(name: str) -> None:
    def command(output: str = typer.Option(..., "-o", help="Output.")) -> None:
        """Does nothing."""
    app.command(name=name)(command)


for _name in {names!r}:
    _make(_name)

app()
'''


def timed(argv: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def loaded(module: str) -> list[str]:
    code = (f"import sys, {module}; print(' '.join(m for m in {HEAVY!r} "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO)
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    star = [sys.executable, "-m", "star_cli", "--help"]
    with tempfile.TemporaryDirectory() as tmp:
        bare_py = Path(tmp) / "bare.py"
        bare_py.write_text(BARE.format(names=list(COMMANDS)), encoding="utf-8")
        bare = [sys.executable, str(bare_py), "--help"]
        for argv in (star, bare):  # warm the file cache
            timed(argv)
        star_t, bare_t = [], []
        for _ in range(args.runs):
            star_t.append(timed(star))
            bare_t.append(timed(bare))
    s, b = statistics.median(star_t), statistics.median(bare_t)
    print(f"star --help      median {s * 1000:6.1f} ms  (min {min(star_t) * 1000:.1f})")
    print(f"bare Typer app   median {b * 1000:6.1f} ms  (min {min(bare_t) * 1000:.1f})")
    print(f"ratio            {s / b:.2f}x   (target <= 1.3x, and <= 300 ms)   "
          f"[{args.runs} runs each, {os.cpu_count()} cores]")
    for module in ("star_cli", "star_cli.cli"):
        heavy = loaded(module)
        said = ", ".join(heavy) if heavy else "none of " + ", ".join(HEAVY)
        print(f"import {module:<13} loads: {said}")


if __name__ == "__main__":
    main()
