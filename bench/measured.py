"""`star` run as a child process that says its own CPU time and peak memory as it exits, for
the benches that time a whole command (bench/check.py, bench/filter.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

# The main process's figures, said on stderr at exit: a wait4 of it would add its workers'
# CPU; VmHWM, since ru_maxrss survives the exec and would carry the bench's own size.
_REPORTING = """
import atexit, resource, sys
def said():
    u = resource.getrusage(resource.RUSAGE_SELF)
    hwm = [line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM")]
    sys.stderr.write(f"\\nMAIN {u.ru_utime + u.ru_stime} {hwm[0] if hwm else u.ru_maxrss}\\n")
atexit.register(said)
sys.argv = ["star", *sys.argv[1:]]
from star_cli.cli import main
main()
"""


class Measured(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, the command and every process it waited for
    main_cpu: float  # seconds, its main process alone
    main_rss: int  # bytes, its main process's peak
    stderr: str


def run_star(args: list[str], *, stdout: int | None = None) -> Measured:
    """`star ARGS` with this checkout's star, wherever the bench runs; exits the bench with
    star's stderr when it fails."""
    root = str(Path(__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (root, os.environ.get("PYTHONPATH")) if p)}
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _REPORTING, *args], env=env, stdout=stdout,
                            stderr=subprocess.PIPE, text=True)
    err = proc.stderr.read() if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"star {args[0]} failed:\n{err}")
    main_cpu, main_rss = err.rsplit("MAIN ", 1)[1].split()
    return Measured(seconds, usage.ru_utime + usage.ru_stime, float(main_cpu),
                    int(main_rss) * 1024, err)
