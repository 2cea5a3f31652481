"""Scratch directories for a command's spools, and the sweep of those a killed run left.

`star filter`, `pairs`, `score` and `select` spool their whole input to a temporary directory
first (so bad input fails before OUT is touched, and memory holds one bucket at a time). A
normal exit or an exception removes it; a SIGKILL, an OOM kill or a node lost does not, and a
spool is as large as the input. So each scratch directory is named for its owner,
`star-<command>-<host>-<pid>-<random>`, and every new one first removes the star scratch
directories of this host whose process is gone. Another host's (a TMPDIR shared over NFS)
is never touched: its pids mean nothing here.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger("star_cli")

# A directory younger than this is never swept: a pid read from its name could belong to a
# process that is still starting on another PID namespace sharing this TMPDIR.
GRACE_S = 60.0
_NAME = re.compile(r"star-(?:filter|pairs|score|select)-(?P<host>.+)-(?P<pid>\d+)-[^-]+\Z")


def _host() -> str:
    # Dashes would make the name ambiguous; the host only has to match itself.
    return re.sub(r"[^A-Za-z0-9_.]", "_", socket.gethostname()) or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def sweep(root: str | os.PathLike[str] | None = None, *, now: float | None = None) -> list[Path]:
    """Remove this host's star scratch directories under `root` (default: the temporary
    directory) whose process is dead; return what was removed. Never raises."""
    base = Path(root if root is not None else tempfile.gettempdir())
    host, now = _host(), time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    for path in entries:
        m = _NAME.match(path.name)
        if not m or m["host"] != host or int(m["pid"]) == os.getpid() or _alive(int(m["pid"])):
            continue
        try:
            if not path.is_dir() or path.is_symlink() or now - path.stat().st_mtime < GRACE_S:
                continue
            shutil.rmtree(path)
        except OSError:
            continue  # raced with another sweeper, or not ours to remove
        removed.append(path)
    if removed:
        log.info("removed %d scratch director%s left by killed star runs in %s", len(removed),
                 "y" if len(removed) == 1 else "ies", base)
    return removed


@contextmanager
def scratch_dir(command: str) -> Iterator[Path]:
    """A temporary directory for `command`'s spool, removed on exit; stale ones swept first."""
    sweep()
    with tempfile.TemporaryDirectory(prefix=f"star-{command}-{_host()}-{os.getpid()}-") as tmp:
        yield Path(tmp)
