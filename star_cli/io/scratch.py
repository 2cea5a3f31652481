"""Scratch directories for a command's spools, and the sweep of those a killed run left.

`star filter`, `pairs`, `score` and `select` spool their whole input to a temporary directory
first (so bad input fails before OUT is touched, and memory holds one bucket at a time). A
normal exit or an exception removes it; a SIGKILL, an OOM kill or a node lost does not, and a
spool is as large as the input. So each scratch directory is named
`star-<command>-<host>-<pid>-<random>` (for whoever lists TMPDIR) and its owner holds
`flock(LOCK_EX)` on the `.owner` file inside it for as long as it runs; the kernel drops the
lock when the owner dies, however it dies. Every new scratch directory first removes the star
scratch directories of this host and user whose lock it can take: their owner is gone.

A lock, not the pid: a pid says nothing across PID namespaces (a container and its host, or
pods with host networking, may share /tmp and a host name), and one that no longer exists
here may be a live process there. Another host's directories (a TMPDIR shared over NFS) and
another user's are never touched.
"""

from __future__ import annotations

import contextlib
import fcntl
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

OWNER = ".owner"  # the file whose lock says the directory's run is alive
# A directory younger than this is left alone: its owner may not have taken its lock yet
# (it locks right after mkdir), and a sweeper could take the lock in that moment.
GRACE_S = 5.0
_NAME = re.compile(
    r"star-(?:check|filter|pairs|score|select|steps)-(?P<host>[A-Za-z0-9_.]+)-[0-9]+-[^-]+\Z")


def _host() -> str:
    # Dashes would make the name ambiguous; the host only has to match itself.
    return re.sub(r"[^A-Za-z0-9_.]", "_", socket.gethostname()) or "host"


def _abandoned(path: Path, now: float) -> bool:
    """Whether `path`'s run is gone: its owner lock can be taken (or, with no lock file, it
    is past the grace). Raises OSError when it cannot be told."""
    st = path.lstat()
    if not path.is_dir() or path.is_symlink() or st.st_uid != os.getuid():
        return False
    if now - st.st_mtime < GRACE_S:
        return False  # just made: its owner may be between mkdir and taking the lock
    try:
        fd = os.open(path / OWNER, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        return True  # an owner that never locked for a whole grace: killed at the start
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # its owner holds it: alive
    finally:
        os.close(fd)  # releases the lock taken above, if any
    return True


def sweep(root: str | os.PathLike[str] | None = None, *, now: float | None = None) -> list[Path]:
    """Remove this host's and user's star scratch directories under `root` (default: the
    temporary directory) whose run is gone; return what was removed. Never raises."""
    base = Path(root if root is not None else tempfile.gettempdir())
    host, now = _host(), time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(base.iterdir())
    except OSError:
        return removed
    for path in entries:
        m = _NAME.match(path.name)
        if not m or m["host"] != host:
            continue
        try:
            if not _abandoned(path, now):
                continue
            shutil.rmtree(path)
        except OSError as e:  # raced with another sweeper, or not ours to remove
            log.debug("left %s: %s", path, e)
            continue
        removed.append(path)
    if removed:
        log.info("removed %d scratch director%s left by killed star runs in %s", len(removed),
                 "y" if len(removed) == 1 else "ies", base)
    return removed


@contextmanager
def scratch_dir(command: str) -> Iterator[Path]:
    """A temporary directory for `command`'s spool, locked by this run and removed on exit;
    abandoned ones swept first."""
    sweep()
    with tempfile.TemporaryDirectory(prefix=f"star-{command}-{_host()}-{os.getpid()}-") as tmp:
        fd = os.open(Path(tmp) / OWNER, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield Path(tmp)
        finally:
            with contextlib.suppress(OSError):
                os.close(fd)
