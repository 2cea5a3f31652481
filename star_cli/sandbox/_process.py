"""Host side of a local run: start the process tree, feed stdin, read stdout/stderr with a cap,
and kill the whole tree at the deadline. Shared by the bwrap and none backends.

The bootstrap (BOOT) is the first program inside: it sets the rlimits, optionally drops to
the sandbox uid, and execs the real argv. It runs as `python -I -S -c BOOT ...`, so nothing
from the environment, the user's site or the work dir is imported before the limits hold.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass

from star_cli.sandbox.base import (
    CRASHED,
    MEMORY,
    OK,
    OUTPUT_LIMIT,
    TIMEOUT,
    Limits,
    RunResult,
    SandboxError,
)

SANDBOX_UID = 65534  # nobody

# Runs inside, before anything else. argv: BOOT cpu,as,nproc,fsize,nofile drop bootfd -- argv...
# A limit of 0 is left as it is (the none backend leaves RLIMIT_NPROC: on the host it counts
# every process of the user, not the sandbox's). Kept small and dependency-free: it is
# compiled on every run.
BOOT = r"""
import os, resource as r, sys
a = sys.argv
bootfd = int(a[3])
try:
    cpu, mem, nproc, fsize, nofile = (int(x) for x in a[1].split(","))
    def cap(k, v, hard_extra=0):
        if v <= 0:
            return
        soft, hard = r.getrlimit(k)
        h = v + hard_extra
        if hard != r.RLIM_INFINITY:
            v, h = min(v, hard), min(h, hard)
        r.setrlimit(k, (v, h))
    cap(r.RLIMIT_CPU, cpu, 1)  # SIGXCPU at the soft limit, SIGKILL a second later
    cap(r.RLIMIT_AS, mem)
    cap(r.RLIMIT_NPROC, nproc)
    cap(r.RLIMIT_FSIZE, fsize)
    cap(r.RLIMIT_NOFILE, nofile)
    r.setrlimit(r.RLIMIT_CORE, (0, 0))
    if a[2] == "1":
        os.setgroups([])
        os.setresgid(65534, 65534, 65534)
        os.setresuid(65534, 65534, 65534)
        if os.getuid() != 65534 or os.geteuid() != 65534:
            raise OSError("uid did not change")
        # A uid change clears the parent-death signal bwrap's --die-with-parent set: again,
        # so the sandbox still dies with bwrap (and bwrap with us).
        import ctypes
        if ctypes.CDLL(None).prctl(1, 9, 0, 0, 0) != 0:  # PR_SET_PDEATHSIG, SIGKILL
            raise OSError("prctl(PR_SET_PDEATHSIG) failed")
    # The program gets stdin, stdout and stderr only; bootfd closes on a successful exec,
    # so the host knows a message on it came from here, never from the program.
    os.closerange(3, bootfd)
    os.closerange(bootfd + 1, 65536)
    os.set_inheritable(bootfd, False)
    os.execv(a[5], a[5:])
except BaseException as e:
    os.write(bootfd, ("%s: %s" % (type(e).__name__, e)).encode()[:1000])
    os._exit(125)
"""

def boot_failure(read_fd: int) -> str | None:
    """What BOOT wrote on its pipe (it failed before the program started), or None."""
    os.set_blocking(read_fd, False)
    try:
        data = os.read(read_fd, 2000)
    except BlockingIOError:
        return None
    return data.decode("utf-8", "replace") or None


def boot_args(python: str, limits: Limits, *, drop: bool, bootfd: int,
              nproc: bool = True) -> list[str]:
    """The argv prefix that runs BOOT with these limits before the program's argv; `bootfd`
    is the write end of a pipe the host reads after the run (boot_failure)."""
    mb = 1 << 20
    values = [int(limits.cpu_seconds + 0.999), limits.memory_mb * mb,
              limits.processes if nproc else 0, limits.file_size_mb * mb, limits.open_files]
    return [python, "-I", "-S", "-c", BOOT, ",".join(str(v) for v in values),
            "1" if drop else "0", str(bootfd), "--"]


@dataclass
class Raw:
    """How the process ended, before a backend reads meaning into the return code."""

    returncode: int | None
    stdout: bytes
    stderr: bytes
    wall: float
    killed: str | None  # TIMEOUT or OUTPUT_LIMIT when we killed the tree, else None
    truncated: bool


def _kill_tree(proc: subprocess.Popen, kill_inside: Callable[[], None] | None) -> None:
    # `kill_inside` first: bwrap's sandbox is in a session of its own, out of the group, and
    # its PID 1 loses --die-with-parent's PDEATHSIG when the bootstrap changes uid; killing
    # PID 1 takes the whole PID namespace with it. Then the group: the bwrap monitor or,
    # unconfined, every process that did not leave it.
    if kill_inside is not None:
        kill_inside()
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


def run_capped(cmd: list[str], *, stdin: bytes, limits: Limits, env: dict[str, str],
               cwd: str | None = None, pass_fds: tuple[int, ...] = (),
               after_spawn: Callable[[subprocess.Popen], None] | None = None,
               kill_inside: Callable[[], None] | None = None, grace: float = 0.0) -> Raw:
    """Run `cmd`; stop at `limits.wall_seconds + grace` or when stdout or stderr passes
    `limits.output_bytes`, killing the process group. Never buffers more than the caps."""
    cap = limits.output_bytes
    started = time.monotonic()
    deadline = started + limits.wall_seconds + grace
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env=env, cwd=cwd, pass_fds=pass_fds,
                                close_fds=True, start_new_session=True)
    except OSError as e:
        raise SandboxError(f"sandbox: cannot start {cmd[0]}: {e}") from None
    killed: str | None = None
    truncated = False
    out, err = bytearray(), bytearray()
    try:
        if after_spawn is not None:
            after_spawn(proc)
        sel = selectors.DefaultSelector()
        assert proc.stdin and proc.stdout and proc.stderr
        bufs = {proc.stdout.fileno(): out, proc.stderr.fileno(): err}
        for fd in bufs:
            os.set_blocking(fd, False)
            sel.register(fd, selectors.EVENT_READ)
        pending = memoryview(stdin)
        win = proc.stdin.fileno()
        if pending:
            os.set_blocking(win, False)
            sel.register(win, selectors.EVENT_WRITE)
        else:
            proc.stdin.close()
        exited_at: float | None = None
        while bufs or (pending and killed is None):
            now = time.monotonic()
            if now >= deadline:
                killed = TIMEOUT
                break
            if exited_at is None and proc.poll() is not None:
                exited_at = now
            # Unconfined, a daemon that left the group can hold the pipes open after the
            # program exited: read what is there for a moment, then stop waiting for it.
            if exited_at is not None and now - exited_at > 0.5:
                break
            wait = min(deadline - now, 0.1 if exited_at is None else 0.05)
            for key, _ in sel.select(wait):
                fd = key.fd
                if fd == win:
                    try:
                        n = os.write(fd, pending[:65536])
                        pending = pending[n:]
                    except (BrokenPipeError, OSError):
                        pending = memoryview(b"")
                    if not pending:
                        sel.unregister(fd)
                        proc.stdin.close()
                    continue
                try:
                    chunk = os.read(fd, 65536)
                except BlockingIOError:
                    continue
                if not chunk:
                    sel.unregister(fd)
                    del bufs[fd]
                    continue
                buf = bufs[fd]
                room = cap - len(buf)
                buf += chunk[:max(room, 0)]
                if len(chunk) > room:
                    truncated = True
                    killed = OUTPUT_LIMIT
                    bufs.clear()
                    break
        sel.close()
        if killed is not None:
            _kill_tree(proc, kill_inside)
        remaining = max(deadline - time.monotonic(), 0.0)
        try:
            proc.wait(timeout=remaining + 1.0)
        except subprocess.TimeoutExpired:
            killed = killed or TIMEOUT
            _kill_tree(proc, kill_inside)
            proc.wait()
        # The main process is gone; anything of the tree still in its group goes too (the
        # none backend's stragglers; under bwrap the namespace already took them).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    except BaseException:
        _kill_tree(proc, kill_inside)
        proc.wait()
        raise
    finally:
        for f in (proc.stdin, proc.stdout, proc.stderr):
            if f is not None:
                with contextlib.suppress(OSError):
                    f.close()
    return Raw(proc.returncode, bytes(out), bytes(err), time.monotonic() - started, killed,
               truncated)


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def classify(raw: Raw, signum: int | None, backend: str) -> RunResult:
    """A RunResult from a finished run; `signum` is the signal that ended the program, if any
    (backends read it from the return code in their own way)."""
    stderr = decode(raw.stderr)
    if raw.killed is not None:
        status = raw.killed
    elif signum in (signal.SIGXCPU,):
        status = TIMEOUT
    elif _last_line(stderr).startswith("MemoryError"):
        status = MEMORY
    elif signum is not None:
        status = CRASHED
    else:
        status = OK
    return RunResult(status=status, returncode=raw.returncode, stdout=decode(raw.stdout),
                     stderr=stderr, wall_seconds=raw.wall, truncated=raw.truncated,
                     backend=backend)


def _last_line(text: str) -> str:
    lines = text.rstrip().splitlines()
    return lines[-1] if lines else ""


def memfd(name: str, text: str) -> int:
    """An anonymous in-memory file holding `text`, positioned at 0 (bwrap --file copies it)."""
    fd = os.memfd_create(name.replace("/", "_"), os.MFD_CLOEXEC)
    data = text.encode("utf-8")
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
