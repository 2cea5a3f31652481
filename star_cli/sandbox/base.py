"""The sandbox interface: limits, one run's result, the backend ABC and its two errors.

A backend runs a program it is handed (files, argv, stdin) under `Limits` and reports how the
run ended. It never decides whether a program is *correct*: that is the harness's job
(harness.py), which proves passing by a token, never by an exit code.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field

from star_cli.errors import StarError

# How a run ended. `ok` means the program exited by itself, whatever its exit code.
OK = "ok"
TIMEOUT = "timeout"  # the wall-clock deadline fired, or the CPU limit (SIGXCPU)
MEMORY = "memory"  # the program died of the memory limit (MemoryError last on stderr)
CRASHED = "crashed"  # killed by a signal that is not one of ours
OUTPUT_LIMIT = "output_limit"  # stdout or stderr passed `output_bytes`; the tree was killed
STATUSES = (OK, TIMEOUT, MEMORY, CRASHED, OUTPUT_LIMIT)


class SandboxError(StarError):
    """The sandbox itself failed (could not start, bad reply, lost service): an error to stop
    on or retry, never a label for the program that was being run."""

    exit_code = 1


class SandboxUnavailable(SandboxError):
    """No sandbox on this machine (not Linux, no bwrap, user namespaces off), said in one line."""

    exit_code = 2


@dataclass(frozen=True)
class Limits:
    """What one run may use. Per process unless said otherwise (rlimits are per process;
    `processes` bounds how many there are, so memory is bounded by processes * memory_mb)."""

    cpu_seconds: float = 10.0  # RLIMIT_CPU: CPU time of each process
    memory_mb: int = 1024  # RLIMIT_AS: address space of each process
    processes: int = 16  # RLIMIT_NPROC: processes + threads of the sandbox user
    file_size_mb: int = 16  # RLIMIT_FSIZE; also the size of the work dir's and /tmp's tmpfs
    open_files: int = 128  # RLIMIT_NOFILE
    wall_seconds: float = 10.0  # the whole run, start to end; the process tree is killed
    output_bytes: int = 1 << 20  # stdout and stderr each; more kills the run (output_limit)

    def __post_init__(self) -> None:
        for name in ("cpu_seconds", "memory_mb", "processes", "file_size_mb", "open_files",
                     "wall_seconds", "output_bytes"):
            if not getattr(self, name) > 0:
                raise ValueError(f"Limits.{name} must be > 0, not {getattr(self, name)!r}")


@dataclass(frozen=True)
class RunResult:
    """One run, as the backend saw it. stdout/stderr are capped at `Limits.output_bytes` and
    decoded with errors='replace'; `truncated` says a cap was hit."""

    status: str
    returncode: int | None
    stdout: str
    stderr: str
    wall_seconds: float
    truncated: bool = False
    backend: str = ""
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return self.status == OK


Run = RunResult  # the name for it


class Sandbox(abc.ABC):
    """A place to run untrusted programs. Backends are thread-safe: check_many calls `run`
    from several threads at once."""

    name: str = "sandbox"
    #: True when the program runs as PID 1 of its own PID namespace, so the harness may kill
    #: every other process it can see (kill(-1)) without touching anything outside.
    own_pid_namespace: bool = False

    @abc.abstractmethod
    def run(self, files: dict[str, str], argv: list[str], stdin: str, limits: Limits) -> RunResult:
        """Write `files` (relative path -> text) into a fresh work dir, run `argv` there with
        `stdin`, under `limits`. argv[0] == "python" means the sandbox's Python interpreter.
        Raises SandboxError when the sandbox, not the program, failed."""

    def close(self) -> None:  # noqa: B027 - optional hook, most backends hold nothing
        """Release what the backend holds (connections). Safe to call twice."""

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_files(files: dict[str, str]) -> None:
    """Relative paths without '..' only: a file must land inside the work dir."""
    for path in files:
        parts = path.split("/")
        if not path or path.startswith("/") or any(p in ("", ".", "..") for p in parts):
            raise SandboxError(f"sandbox: file name {path!r} must be a relative path inside "
                               "the work dir")
