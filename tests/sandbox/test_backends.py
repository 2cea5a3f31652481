"""The backends on their own: what a program sees inside, how runs end, what is an error."""

from __future__ import annotations

import os
import sys

import pytest

from star_cli.sandbox import Limits, SandboxError, SandboxUnavailable, make_sandbox
from star_cli.sandbox.base import check_files
from tests.sandbox.conftest import FAST, gone

INSIDE = r"""
import os, sys, resource
print("uid", os.getuid(), os.getgid())
print("pid", os.getpid())
print("fds", sorted(int(f) for f in os.listdir("/proc/self/fd")))
print("cwd", os.getcwd(), sorted(os.listdir(".")))
print("root", sorted(os.listdir("/")))
print("nproc", resource.getrlimit(resource.RLIMIT_NPROC)[0])
print("as", resource.getrlimit(resource.RLIMIT_AS)[0])
print("caps", open("/proc/self/status").read().split("CapEff:")[1].split()[0])
print("stdin", sys.stdin.read())
print("env", sorted(os.environ))
print("sub", open("sub/data.txt").read())
"""


def lines(out: str) -> dict[str, str]:
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


def test_what_a_program_sees_inside_bwrap(bwrap, tmp_path):
    r = bwrap.run({"main.py": INSIDE, "sub/data.txt": "hello"}, ["python", "-I", "main.py"],
                  "some input", FAST)
    assert r.status == "ok" and r.returncode == 0, r
    seen = lines(r.stdout)
    assert seen["uid"] == "65534 65534"
    assert seen["pid"] == "1"  # PID 1 of its own namespace: its end is everyone's end
    assert seen["fds"] == "[0, 1, 2, 3]"  # 3 is listdir's own; nothing of the host leaked
    assert seen["cwd"] == "/work ['main.py', 'sub']"
    root = eval(seen["root"])
    assert "home" not in root and "work" in root and "etc" in root
    assert not {"home", "mnt", "opt", "srv", "var"} & set(root)
    assert seen["nproc"] == str(FAST.processes)
    assert seen["as"] == str(FAST.memory_mb << 20)
    assert seen["caps"] == "0000000000000000"
    assert seen["stdin"] == "some input"
    assert "OPENAI_API_KEY" not in seen["env"] and "HF_HOME" not in seen["env"]
    assert seen["sub"] == "hello"


def test_the_host_is_not_there(bwrap, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    probe = f"""
import os
for p in ["/etc/passwd", "/etc/shadow", {str(secret)!r}, {os.getcwd()!r}, "/root/.bashrc",
          "/home", "/var", "/work/main"]:
    try:
        print(p, "READ", open(p).read()[:20] if os.path.isfile(p) else os.listdir(p))
    except OSError as e:
        print(p, type(e).__name__)
try:
    print("home", sorted(os.listdir(os.path.expanduser("~"))), sorted(os.listdir("/root")))
except OSError as e:
    print("home", type(e).__name__)
print("etc", sorted(os.listdir("/etc")))
"""
    r = bwrap.run({"main.py": probe}, ["python", "main.py"], "", FAST)
    assert r.status == "ok", r
    assert "READ" not in r.stdout and "TOPSECRET" not in r.stdout, r.stdout
    assert "/etc/passwd FileNotFoundError" in r.stdout
    home = lines(r.stdout)["home"]
    # /root exists inside only as the path to a pyenv interpreter, if that is where it lives
    assert home in ("[] ['.pyenv']", "[] []", "FileNotFoundError"), home
    assert lines(r.stdout)["etc"] in ("['ld.so.cache']", "[]")


@pytest.mark.slow
def test_statuses(bwrap):
    run = bwrap.run
    assert run({}, ["python", "-c", "raise SystemExit(3)"], "", FAST).returncode == 3
    r = run({}, ["python", "-c", "import time; time.sleep(60)"], "", Limits(wall_seconds=1))
    assert r.status == "timeout" and r.returncode is None
    r = run({}, ["python", "-c", "while True: pass"], "", Limits(cpu_seconds=1, wall_seconds=20))
    assert r.status == "timeout", r  # SIGXCPU, well before the wall clock
    r = run({}, ["python", "-c", "x = bytearray(1 << 30)"], "", FAST)
    assert r.status == "memory", r
    r = run({}, ["python", "-c", "import sys; sys.stdout.write('x' * 10**8)"], "", FAST)
    assert r.status == "output_limit" and r.truncated and len(r.stdout) == FAST.output_bytes
    r = run({}, ["python", "-c", "import sys; sys.stderr.write('é' * 10); sys.stdout.buffer"
                 ".write(b'\\xff')"], "", FAST)
    assert r.stderr == "é" * 10 and r.stdout == "\ufffd"


@pytest.mark.slow
def test_the_deadline_kills_everything_inside(bwrap, marker):
    """The wall clock fires from outside: PID 1 and a daemon that left its session go too."""
    program = f"""
import os, sys, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv(sys.executable, [sys.executable, "-S", "-c", "import time; time.sleep(60)",
                 "{marker}"])
    os._exit(0)
time.sleep(60)
"""
    r = bwrap.run({"main.py": program}, ["python", "main.py"], "", Limits(wall_seconds=1))
    assert r.status == "timeout"
    assert gone(marker)


def test_a_file_limit_and_the_tmpfs_size(bwrap):
    r = bwrap.run({}, ["python", "-c", "open('big', 'wb').write(b'x' * (8 << 20))"], "",
                  Limits(file_size_mb=2))
    assert r.returncode != 0 and "File too large" in r.stderr + r.stdout or \
        "No space" in r.stderr, r


def test_the_sandbox_failing_is_an_error_not_a_result(bwrap):
    with pytest.raises(SandboxError, match="bootstrap failed"):
        bwrap.run({}, ["/no/such/program"], "", FAST)
    with pytest.raises(SandboxError, match="relative path"):
        bwrap.run({"../escape.py": "x"}, ["python", "x"], "", FAST)
    for bad in ("/abs", "a/../b", "", "a//b"):
        with pytest.raises(SandboxError):
            check_files({bad: ""})


def test_a_program_cannot_fake_a_bootstrap_failure(bwrap):
    # the bootstrap reports on a pipe that closes when the program starts: printing its
    # message and exiting 125 is just a program's exit
    r = bwrap.run({}, ["python", "-c", "import sys; print('star-sandbox-boot: x', file=sys."
                       "stderr); raise SystemExit(125)"], "", FAST)
    assert r.status == "ok" and r.returncode == 125


def test_no_bwrap_or_not_linux_is_unavailable(monkeypatch):
    from star_cli.sandbox import bwrap as mod

    monkeypatch.setattr(mod, "find_bwrap", lambda: None)
    with pytest.raises(SandboxUnavailable, match="no bwrap") as e:
        mod.BwrapSandbox()
    assert e.value.exit_code == 2 and "\n" not in str(e.value)
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(SandboxUnavailable, match="needs Linux"):
        mod.BwrapSandbox()


def test_a_bwrap_that_cannot_start_is_unavailable_with_the_reason(tmp_path):
    from star_cli.sandbox.bwrap import BwrapSandbox

    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create a new namespace, "
                    "likely because the kernel does not allow non-privileged user namespaces.'"
                    " >&2\nexit 1\n")
    fake.chmod(0o755)
    box = BwrapSandbox(bwrap=str(fake))
    with pytest.raises(SandboxUnavailable, match="user namespaces are off") as e:
        box.run({}, ["python", "-c", "pass"], "", FAST)
    assert "\n" not in str(e.value)


def test_make_sandbox():
    from star_cli.errors import UsageError
    from star_cli.sandbox import RemoteSandbox, UnconfinedSandbox

    assert isinstance(make_sandbox("none"), UnconfinedSandbox)
    assert isinstance(make_sandbox("http://127.0.0.1:1"), RemoteSandbox)
    assert isinstance(make_sandbox("remote:https://example.invalid"), RemoteSandbox)
    with pytest.raises(UsageError):
        make_sandbox("docker")


def test_unconfined_runs_with_the_same_limits(unconfined):
    r = unconfined.run({"main.py": "import sys; print(sys.stdin.read()[::-1])"},
                       ["python", "main.py"], "abc", FAST)
    assert r.status == "ok" and r.stdout == "cba\n"
    assert unconfined.run({}, ["python", "-c", "x = bytearray(1 << 30)"], "",
                          FAST).status == "memory"
    r = unconfined.run({}, ["python", "-c", "import time; time.sleep(60)"], "",
                       Limits(wall_seconds=1))
    assert r.status == "timeout"


def test_importing_the_package_is_light():
    import subprocess

    code = ("import sys, star_cli.sandbox as s; "
            "print(sorted(m for m in sys.modules if m.startswith(('httpx', 'star_cli.sandbox'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=os.getcwd()), check=True).stdout
    assert out.strip() == "['star_cli.sandbox', 'star_cli.sandbox.base']"
