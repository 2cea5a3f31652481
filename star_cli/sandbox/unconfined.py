"""The `none` backend: a plain subprocess under the same rlimits and deadline, no isolation.

Only for `--sandbox none`, asked for by name (a machine without user namespaces, a container
that is itself the sandbox). The program runs as you, sees your files and the network, and a
process that leaves its process group (setsid) can outlive the run. RLIMIT_NPROC is not set:
on the host it counts every process of the user, not the run's.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading

from star_cli.sandbox import _process
from star_cli.sandbox.base import TIMEOUT, Limits, RunResult, Sandbox, SandboxError, check_files

log = logging.getLogger(__name__)
_warned = threading.Event()


class UnconfinedSandbox(Sandbox):
    """Runs programs as plain subprocesses in a fresh temporary directory."""

    name = "none"
    own_pid_namespace = False

    def __init__(self, python: str | None = None, *, warn: bool = True) -> None:
        self.python = python or sys.executable
        if warn and not _warned.is_set():
            _warned.set()
            log.warning("sandbox none: model code runs unconfined, as this user, with this "
                        "machine's files and network")

    def run(self, files: dict[str, str], argv: list[str], stdin: str, limits: Limits) -> RunResult:
        check_files(files)
        if not argv:
            raise SandboxError("sandbox: empty argv")
        argv = [self.python if argv[0] == "python" else argv[0], *argv[1:]]
        work = tempfile.mkdtemp(prefix="star-none-")
        boot_r, boot_w = os.pipe()
        fds = [boot_r, boot_w]  # closed once each: a number closed twice may be another thread's
        try:
            for rel, text in files.items():
                path = os.path.join(work, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            env = {"PATH": os.environ.get("PATH", os.defpath), "HOME": work, "TMPDIR": work,
                   "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
            cmd = _process.boot_args(self.python, limits, drop=False, bootfd=boot_w,
                                     nproc=False) + argv

            def after_spawn(_proc: object) -> None:
                _close(boot_w, fds)

            raw = _process.run_capped(cmd, stdin=stdin.encode("utf-8", "replace"),
                                      limits=limits, env=env, cwd=work, pass_fds=(boot_w,),
                                      after_spawn=after_spawn)
            booted = _process.boot_failure(boot_r)
        finally:
            for fd in list(fds):
                _close(fd, fds)
            shutil.rmtree(work, ignore_errors=True)
        if booted is not None:
            raise SandboxError(f"sandbox none: the bootstrap failed before the program ran: "
                               f"{booted}")
        code = raw.returncode
        signum = -code if isinstance(code, int) and code < 0 else None
        result = _process.classify(raw, signum, self.name)
        if raw.killed == TIMEOUT:
            code = None
        return RunResult(status=result.status, returncode=code, stdout=result.stdout,
                         stderr=result.stderr, wall_seconds=result.wall_seconds,
                         truncated=result.truncated, backend=self.name)


def _close(fd: int, fds: list[int]) -> None:
    if fd in fds:
        fds.remove(fd)
        os.close(fd)
