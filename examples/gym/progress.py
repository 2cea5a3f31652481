"""examples/addition/progress.py with the gym example's prefix: copy a training command's
output to its log, and say on stderr, every tenth of its steps, the step, the loss and the
time left.

    trl sft ... 2>&1 | python examples/gym/progress.py LOG --steps N --label "base model"
"""

from __future__ import annotations

import builtins
import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "addition_progress", Path(__file__).resolve().parents[1] / "addition" / "progress.py")
assert _spec is not None and _spec.loader is not None
progress = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(progress)


def _print(*args: object, **kwargs: object) -> None:
    text = " ".join(map(str, args)).replace("[addition ", "[gym ", 1)
    builtins.print(text, **kwargs)  # type: ignore[call-overload]


progress.print = _print  # the module's own lines, renamed

if __name__ == "__main__":
    sys.exit(progress.main())
