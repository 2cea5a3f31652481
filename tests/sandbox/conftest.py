"""Fixtures of the sandbox tests: the backends (bwrap skipped where it cannot start), small
limits that keep the attack battery fast, and a look at the host's process table."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

import pytest

from star_cli.sandbox import Limits, SandboxUnavailable

# Small everywhere: a bomb hits its limit in a fraction of a second.
FAST = Limits(cpu_seconds=2, memory_mb=256, processes=16, file_size_mb=4, open_files=64,
              wall_seconds=4, output_bytes=1 << 16)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes seconds (the deadline has to fire)")


@pytest.fixture(scope="session")
def bwrap():
    from star_cli.sandbox import BwrapSandbox

    try:
        box = BwrapSandbox()
        box.probe()
    except SandboxUnavailable as e:
        pytest.skip(str(e))
    return box


@pytest.fixture(scope="session")
def unconfined():
    from star_cli.sandbox import UnconfinedSandbox

    return UnconfinedSandbox(warn=False)


def processes_with(marker: str) -> list[int]:
    """Host PIDs whose name or command line contains `marker`."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
            with open(f"/proc/{pid}/comm", "rb") as f:
                comm = f.read()
        except OSError:
            continue
        if marker.encode() in cmd or marker.encode() in comm:
            found.append(int(pid))
    return found


def gone(marker: str, wait: float = 5.0) -> bool:
    """True once no host process carries `marker` (SIGKILL of a namespace is not instant)."""
    end = time.monotonic() + wait
    while processes_with(marker):
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def marker() -> Iterator[str]:
    m = "stx" + os.urandom(4).hex()  # fits a 15-character comm
    yield m
    for pid in processes_with(m):  # a failed test must not leave its bomb behind
        with contextlib.suppress(OSError):
            os.kill(pid, 9)
