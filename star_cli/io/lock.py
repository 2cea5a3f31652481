"""One writer per output directory and rank: an OS lock that a killed process releases.

`RankLock` holds `flock(LOCK_EX)` on `OUT/.lock-RRRRR` for as long as the writer runs. The
kernel drops the lock when the process dies however it dies (kill -9, OOM, a node reboot on
a shared file system with lock support), so a rerun never finds a stale lock to clean up.
The file itself says who holds it (pid, host, start time, command), so a second writer
stops at once with a line naming the first. flock locks belong to an open file, not to a
process, so two writers of one OUT in one Python process exclude each other too.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import time
import weakref
from pathlib import Path
from typing import IO, Any

from star_cli.errors import UsageError

_LIVE: weakref.WeakSet[RankLock] = weakref.WeakSet()


def _forget_in_child() -> None:
    """A forked child (an engine's helper process, multiprocessing with fork) must not keep
    its parent's lock alive after the parent dies: close its copy, which leaves the
    parent's lock as it is."""
    for lock in list(_LIVE):
        f, lock._file = lock._file, None
        if f is not None:
            with contextlib.suppress(OSError):
                f.close()


os.register_at_fork(after_in_child=_forget_in_child)


def lock_path(root: Path, rank: int) -> Path:
    return root / f".lock-{rank:05d}"


class RankLock:
    def __init__(self, root: Path, rank: int) -> None:
        self.path = lock_path(root, rank)
        self.rank = rank
        self._file: IO[str] | None = None
        _LIVE.add(self)

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> None:
        """Take the lock or raise UsageError naming its holder. OUT must exist."""
        if self.held:
            return
        f = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = _describe(f.read())
            f.close()
            raise UsageError(
                f"{self.path.parent} (rank {self.rank}) is being written by {holder}; "
                "wait for it to finish, stop it, or choose another -o"
            ) from None
        f.seek(0)
        f.truncate()
        f.write(json.dumps(_me()) + "\n")
        f.flush()
        self._file = f

    def release(self) -> None:
        if self._file is None:
            return
        fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
        self._file.close()
        self._file = None


def holder(root: Path, rank: int) -> dict[str, Any] | None:
    """Who holds rank `rank` of `root` now, or None when nobody does (for `star status`)."""
    path = lock_path(root, rank)
    if not path.exists():
        return None
    with path.open("r", encoding="utf-8") as f:
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            try:
                return json.loads(f.read() or "{}")
            except json.JSONDecodeError:
                return {}
        fcntl.flock(f.fileno(), fcntl.LOCK_UN)
    return None


def _me() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "argv": sys.argv[:6]}


def _describe(text: str) -> str:
    try:
        info = json.loads(text or "{}")
    except json.JSONDecodeError:
        info = {}
    if not info:
        return "another process"
    return (f"pid {info.get('pid')} on {info.get('host')} since {info.get('started')}"
            f" ({' '.join(str(a) for a in info.get('argv') or [])})")
