"""Which of the checker's modules run compiled. A build with STAR_COMPILE=1 (setup.py) compiles
the modules every check runs through with mypyc; a plain install runs them as Python, with
the same verdicts. A compiled module runs the code it was built from, so an edit to its source
after the build (an editable install) does nothing until the next build: `stale` names such
modules, and importing `star_cli.answers` warns of them."""

from __future__ import annotations

import importlib
import warnings
from pathlib import Path

# star_cli/answers/NAME.py, the modules setup.py compiles (a test holds the two lists equal)
COMPILED = ("extract", "hedges", "checker")


def _path(name: str) -> Path:
    return Path(importlib.import_module(f"star_cli.answers.{name}").__file__ or "")


def compiled() -> list[str]:
    """The modules of COMPILED that run compiled here (none in a pure-Python install)."""
    return [name for name in COMPILED if _path(name).suffix != ".py"]


def stale() -> list[str]:
    """The compiled modules whose source was changed after they were built, in a source tree
    (an installed wheel's files all carry the install's times, and no one edits them there)."""
    out = []
    for name in compiled():
        built = _path(name)
        if {"site-packages", "dist-packages"} & set(built.parts):
            continue
        source = built.with_name(f"{name}.py")
        if source.exists() and source.stat().st_mtime > built.stat().st_mtime:
            out.append(name)
    return out


def warn_stale() -> None:
    """A warning (on stderr) for each compiled module older than its source."""
    for name in stale():
        warnings.warn(f"star_cli/answers/{name}.py was edited after it was compiled: the "
                      "compiled code runs, not the edit; build again (examples/run.sh compile) "
                      "or remove the build (examples/run.sh compile --clean)", stacklevel=2)
