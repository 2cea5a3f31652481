"""Ctrl-C and SIGTERM that never land in the middle of sealing a shard.

The CLI installs `handler` for SIGINT and SIGTERM. Outside a `deferred()` block it raises
KeyboardInterrupt at once, as Python's default does; inside one (the writer appending a
group, sealing a shard, rewriting the manifest) it only notes the signal, and the
KeyboardInterrupt is raised when the outermost block ends, with the files consistent.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

_depth = 0
_pending = False


@contextmanager
def deferred() -> Iterator[None]:
    global _depth, _pending
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _pending:
            _pending = False
            raise KeyboardInterrupt


def handler(signum: int, frame: FrameType | None) -> None:
    global _pending
    if _depth:
        _pending = True
        return
    raise KeyboardInterrupt


def install() -> None:
    """Route SIGINT and SIGTERM (Slurm preemption, kill) through `handler`."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
