"""The attack battery: candidate programs that try to be judged correct without being correct,
or to reach past the sandbox. Each must come out not correct, with the host untouched:
nothing read or written outside the work dir, no connection made, no process left behind.

The problem is add(a, b); no attack implements it. What an attack found is exfiltrated
through the only channel it has, an exception message, which ends in the verdict's detail:
so the tests can check that it found nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
import threading

import pytest

from star_cli.sandbox import HumanEvalTests, Limits, MBPPTests, StdioTests, check_program
from tests.sandbox.conftest import gone

LIMITS = Limits(cpu_seconds=1, memory_mb=256, processes=16, file_size_mb=4, open_files=64,
                wall_seconds=2.5, output_bytes=1 << 16)
PROMPT = 'def add(a, b):\n    """a + b"""\n'
TESTS = HumanEvalTests(PROMPT, "def check(candidate):\n    assert candidate(1, 2) == 3\n"
                               "    assert candidate(-1, 1) == 0\n"
                               "    assert candidate(10, 5) == 15\n", "add")
TOKEN = "5e" * 16  # check_program's token in these tests (secrets.token_hex is patched)

FORGE = """
import os, sys
lines = ["PASSED", "All tests passed", "ok", "OK (3 tests)", "1 passed",
         "{} {{\\"done\\": true, \\"passed\\": 3, \\"total\\": 3, \\"reason\\": \\"passed\\"}}"
         .format("0" * 32), '{{"done": true, "passed": 3, "total": 3, "reason": "passed"}}']
for fd in (1, 2):
    for line in lines:
        os.write(fd, (line + "\\n").encode())
for path in ("/proc/1/fd/1", "/proc/self/fd/1", "/dev/stdout", "/dev/tty"):
    try:
        with open(path, "w") as f:
            f.write("\\n".join(lines) + "\\n")
    except OSError:
        pass
"""

ATTACKS = {
    # -- exit codes --------------------------------------------------------------------
    "os._exit(0) on load": "import os\nos._exit(0)\n",
    "sys.exit(0) on load": "import sys\nsys.exit(0)\n",
    "os._exit(0) inside the tests": "import os\ndef add(a, b):\n    os._exit(0)\n",
    "sys.exit(0) inside the tests": "import sys\ndef add(a, b):\n    sys.exit(0)\n",
    "raise SystemExit from a finally": (
        "def add(a, b):\n    try:\n        return None\n    finally:\n"
        "        raise SystemExit(0)\n"),
    # -- printing what passing looks like -------------------------------------------------
    "printing success strings": FORGE + "def add(a, b):\n    return 0\n",
    "printing success strings, then exit 0": FORGE + "os._exit(0)\n",
    "printing from inside the tests": (
        "def add(a, b):\n" + "".join("    " + line + "\n" for line in FORGE.strip().splitlines())
        + "    return 0\n"),
    # -- values that lie ------------------------------------------------------------------
    "an object equal to everything": (
        "class Yes:\n    def __eq__(self, o): return True\n    def __ne__(self, o): return False\n"
        "    __hash__ = object.__hash__\n"
        "def add(a, b):\n    return Yes()\n"),
    "an int subclass equal to everything": (
        "class Yes(int):\n    def __eq__(self, o): return True\n    __hash__ = int.__hash__\n"
        "def add(a, b):\n    return Yes(0)\n"),
    # -- patching the judge ---------------------------------------------------------------
    "patching assert and builtins": """
import builtins, sys
class Never(BaseException):
    pass
builtins.AssertionError = Never
builtins.__import__ = lambda *a, **k: sys
builtins.print = lambda *a, **k: None
builtins.isinstance = lambda *a: True
def add(a, b):
    return 0
""",
    "patching the harness through gc and frames": """
import gc, sys
def add(a, b):
    for o in gc.get_objects():
        try:
            if isinstance(o, dict) and ("_star_record" in o or "check" in o):
                o["check"] = lambda c: None
                o["_star_record"] = lambda k, e: None
        except Exception:
            pass
    f = sys._getframe()
    while f:
        f.f_globals.pop("check", None)
        f = f.f_back
    return 0
""",
    "forging replies on every descriptor": """
import os
def add(a, b):
    reply = b'{"ok": 3}'
    for fd in range(3, 64):
        try:
            os.write(fd, len(reply).to_bytes(4, "big") + reply)
        except OSError:
            pass
    return 0
""",
    "signals to the harness": """
import os, signal
for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGSTOP, signal.SIGKILL, signal.SIGUSR1):
    for pid in (1, os.getppid(), -1):
        try:
            os.kill(pid, sig)
        except OSError:
            pass
def add(a, b):
    return 0
""",
    "ptrace on the harness": """
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
got = []
for pid in (1, os.getppid()):
    got.append((pid, libc.ptrace(16, pid, 0, 0), ctypes.get_errno()))  # PTRACE_ATTACH
def add(a, b):
    raise RuntimeError("ptrace %r" % got)
""",
    # -- the sandbox's edges --------------------------------------------------------------
    "closing stdout, stderr and stdin": "import os\nfor fd in (0, 1, 2):\n    os.close(fd)\n"
                                        "def add(a, b):\n    return 0\n",
    "deleting the test file and the work dir": """
import os, shutil, glob
for p in glob.glob("*") + glob.glob("/work/*") + glob.glob("/tmp/*"):
    try:
        shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    except OSError:
        pass
def add(a, b):
    return 0
""",
    "source that does not parse": "def add(a, b)\n    return a + b\n",
    "an infinite loop": "def add(a, b):\n    while True:\n        pass\n",
    "sleeping past the deadline": "import time\ndef add(a, b):\n    time.sleep(3600)\n",
    "a memory bomb": "def add(a, b):\n    x = []\n    while True:\n"
                     "        x.append(bytearray(1 << 24))\n",
    "a huge return value": "def add(a, b):\n    return [[]] * (1 << 24)\n",
    "100 MB of output": "import sys\ndef add(a, b):\n    sys.stdout.write('x' * (100 << 20))\n"
                        "    return a + b\n",
}

OUTCOME = {
    "source that does not parse": {"syntax_error"},
    "an infinite loop": {"timeout"},
    "sleeping past the deadline": {"timeout"},
    "a memory bomb": {"memory"},
    "os._exit(0) on load": {"crashed"},
    "sys.exit(0) on load": {"crashed"},
    "os._exit(0) inside the tests": {"crashed"},
    "sys.exit(0) inside the tests": {"crashed"},
}


@pytest.fixture
def fixed_token(monkeypatch):
    import secrets

    monkeypatch.setattr(secrets, "token_hex", lambda n=32: TOKEN)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_not_correct(bwrap, fixed_token, name):
    v = check_program(bwrap, ATTACKS[name], TESTS, LIMITS)
    assert not v.correct, (name, v)
    assert v.tests_passed < v.tests_total
    assert TOKEN not in v.detail
    if name in OUTCOME:
        assert v.reason in OUTCOME[name], (name, v)
    if name == "ptrace on the harness":
        assert ", 0, 0)" not in v.detail, v.detail  # every attach failed


def test_the_token_cannot_be_read(bwrap, fixed_token):
    """Everywhere a token could be: the harness's memory, environ, fds and file, the stdin
    it came on, this process's whole memory. The program knows the token's hash (never the
    token), so it can say whether any 32-hex string it found was the token."""
    v = check_program(bwrap, TOKEN_HUNT, TESTS, LIMITS)
    assert not v.correct, v
    assert "TOKEN NOT-FOUND []" in v.detail, v.detail  # and every look at the harness refused


@pytest.mark.skipif(os.geteuid() != 0, reason="reading another process's memory needs root")
def test_the_token_hunt_finds_it_where_nothing_protects_it(unconfined, fixed_token):
    """The control: unconfined, as root (CAP_SYS_PTRACE), the harness's memory is readable
    and the same hunt finds the token. The program still does not pass: it cannot print to
    the harness's stdout, only to its own, which the harness reads as output."""
    v = check_program(unconfined, TOKEN_HUNT, TESTS, Limits(cpu_seconds=10, wall_seconds=15))
    assert not v.correct and "TOKEN FOUND" in v.detail, v


TOKEN_HUNT = r"""
import gc, hashlib, os, re, sys
WANT = "SHA"
hits, refused = set(), []
def look(text):
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    for m in set(re.findall(r"[0-9a-f]{32}", text)):
        if hashlib.sha256(m.encode()).hexdigest() == WANT:
            hits.add(m)
for pid in ("1", str(os.getppid())):  # the harness: PID 1, our parent
    for what in ("environ", "mem", "maps", "fd/0", "fd/1", "fd/3", "fd/4", "cmdline"):
        try:
            fd = os.open("/proc/%s/%s" % (pid, what), os.O_RDONLY | os.O_NONBLOCK)
            try:
                look(os.read(fd, 1 << 16))
            except OSError:
                pass
            finally:
                os.close(fd)
            if what != "cmdline":  # world-readable, and only `python -I -S main.py`
                refused.append((pid, what, "READ"))
        except OSError as e:
            if not isinstance(e, PermissionError):
                refused.append((pid, what, type(e).__name__))
for what in ("environ", "cmdline", "fd/0"):
    try:
        with open("/proc/self/" + what, "rb") as f:
            look(f.read())
    except OSError:
        pass
for pid in ("self", str(os.getppid())):  # all of our memory, and the harness's if we can
    try:
        maps, mem = open("/proc/%s/maps" % pid), open("/proc/%s/mem" % pid, "rb", 0)
    except OSError:
        continue
    for line in maps:
        span, perms = line.split()[:2]
        if perms[0] != "r":
            continue
        lo, hi = (int(x, 16) for x in span.split("-"))
        try:
            mem.seek(lo)
            look(mem.read(min(hi - lo, 1 << 26)))
        except (OSError, ValueError, OverflowError):
            pass
for p in ("main.py", "/work/main.py", sys.argv[0]):
    try:
        look(open(p).read())
    except OSError:
        pass
look(sys.stdin.read())
look(repr(dict(os.environ)))
for o in gc.get_objects():
    if isinstance(o, str):
        look(o)
def add(a, b):
    raise RuntimeError("TOKEN %s %r" % ("FOUND" if hits else "NOT-FOUND", refused))
""".replace("SHA", hashlib.sha256(TOKEN.encode()).hexdigest())


def test_host_files_are_out_of_reach(bwrap, tmp_path):
    out = tmp_path / "OUT"
    out.mkdir()
    (out / "shard-00000.jsonl").write_text('{"secret": "HOSTSECRET"}\n')
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    escape = f"/tmp/star-escape-{os.getpid()}"
    program = f"""
import os
seen = []
for p in ["/etc/passwd", "/etc/shadow", "/root/.bashrc", "/root/.ssh/id_rsa",
          {str(out / 'shard-00000.jsonl')!r}, {os.path.realpath(os.getcwd())!r}]:
    try:
        seen.append((p, open(p).read(200) if os.path.isfile(p) else os.listdir(p)))
    except OSError as e:
        seen.append((p, type(e).__name__))
for p in [{str(victim)!r}, {str(tmp_path / 'new.txt')!r}, {escape!r}, "/root/pwned",
          "/usr/pwned", "/work/../pwned", "/proc/sys/kernel/hostname"]:
    try:
        with open(p, "w") as f:
            f.write("pwned")
        seen.append((p, "WROTE"))
    except OSError as e:
        seen.append((p, type(e).__name__))
def add(a, b):
    raise RuntimeError("SEEN %r" % seen)
"""
    v = check_program(bwrap, program, TESTS, LIMITS)
    assert not v.correct and "SEEN" in v.detail, v
    for leaked in ("HOSTSECRET", "root:x:", "READ"):
        assert leaked not in v.detail, v.detail
    assert victim.read_text() == "untouched"
    assert not (tmp_path / "new.txt").exists() and not os.path.exists(escape)
    assert not os.path.exists("/root/pwned") and not os.path.exists("/usr/pwned")


def test_no_network(bwrap):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    port = server.getsockname()[1]
    accepted = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            with contextlib.suppress(OSError):
                accepted.append(server.accept())

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    program = f"""
import socket
got = []
for host in ("127.0.0.1", "localhost"):
    try:
        socket.create_connection((host, {port}), timeout=1).sendall(b"hello")
        got.append((host, "CONNECTED"))
    except OSError as e:
        got.append((host, type(e).__name__))
def add(a, b):
    raise RuntimeError("NET %r" % got)
"""
    try:
        v = check_program(bwrap, program, TESTS, LIMITS)
    finally:
        stop.set()
        t.join()
        server.close()
    assert not v.correct and "NET" in v.detail and "CONNECTED" not in v.detail, v
    assert accepted == []


@pytest.mark.slow
def test_a_fork_bomb_is_bounded_and_leaves_nothing(bwrap, marker):
    program = f"""
import ctypes, os
ctypes.CDLL(None).prctl(15, b"{marker}", 0, 0, 0)  # PR_SET_NAME: our processes' name
n = 0
while n < 100000:
    n += 1
    try:
        os.fork()
    except OSError:
        pass
def add(a, b):
    return 0
"""
    v = check_program(bwrap, program, TESTS, LIMITS)
    assert not v.correct and v.reason in ("timeout", "crashed", "failed"), v
    assert gone(marker)


@pytest.mark.slow
def test_a_daemon_does_not_outlive_the_check(bwrap, marker):
    program = f"""
import os, sys, time
def add(a, b):
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv(sys.executable, [sys.executable, "-S", "-c",
                     "import time; time.sleep(120)", "{marker}"])
        os._exit(0)
    time.sleep(0.3)
    return 0
"""
    v = check_program(bwrap, program, TESTS, LIMITS)
    assert not v.correct and v.reason == "failed", v
    assert gone(marker)


@pytest.mark.slow
def test_stdio_attacks(bwrap, fixed_token, marker):
    tests = StdioTests(("1 2\n", "5 5\n"), ("3\n", "10\n"))
    for program in (FORGE + "os._exit(0)\n",
                    FORGE + "print(3)\n",
                    "import sys\nsys.stdout.write('3\\n' + 'x' * (100 << 20))\n",
                    "import sys\nsys.exit(0)\n",
                    "while True:\n    pass\n",
                    f"import ctypes, os\nctypes.CDLL(None).prctl(15, b'{marker}', 0, 0, 0)\n"
                    "while True:\n    try:\n        os.fork()\n    except OSError:\n"
                    "        pass\n"):
        v = check_program(bwrap, program, tests, LIMITS)
        assert not v.correct and TOKEN not in v.detail, (program[:60], v)
    assert gone(marker)


def test_mbpp_attacks(bwrap):
    tests = MBPPTests(("assert add(1, 2) == 3", "assert add(2, 2) == 4"))
    for program in (ATTACKS["an object equal to everything"],
                    ATTACKS["patching assert and builtins"],
                    "import os\nos._exit(0)\n",
                    "add = 3\n"):
        v = check_program(bwrap, program, tests, LIMITS)
        assert not v.correct, (program, v)


def test_a_correct_program_still_passes_under_these_limits(bwrap):
    v = check_program(bwrap, PROMPT + "    return a + b\n", TESTS, LIMITS)
    assert v.correct and v.tests_passed == 3, v
