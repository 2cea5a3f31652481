"""The SandboxFusion client against a stand-in service on 127.0.0.1 (it runs the code with the
none backend): results, retries, and every malformed reply an error, never a label."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from star_cli.sandbox import (
    HumanEvalTests,
    Limits,
    RemoteSandbox,
    SandboxError,
    StdioTests,
    UnconfinedSandbox,
    check_program,
)
from tests.sandbox.test_attacks import ATTACKS, TESTS

LIMITS = Limits(wall_seconds=5, cpu_seconds=3, memory_mb=512)


class StandIn:
    """A SandboxFusion look-alike. `script` is a list of what to do with the next requests
    ("run", or a canned failure); after it runs out, every request runs."""

    def __init__(self) -> None:
        self.script: list[str] = []
        self.requests: list[dict] = []
        self.box = UnconfinedSandbox(warn=False)
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # quiet
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append(body)
                what = stand_in.script.pop(0) if stand_in.script else "run"
                if what == "drop":
                    self.connection.close()
                    return
                code, reply = stand_in.reply(what, body)
                data = reply if isinstance(reply, bytes) else json.dumps(reply).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    def reply(self, what: str, body: dict) -> tuple[int, object]:
        canned = {
            "500": (500, b"internal error"),
            "503": (503, {"detail": "busy"}),
            "400": (400, {"detail": "bad request"}),
            "not json": (200, b"<html>hello</html>"),
            "a list": (200, [1, 2]),
            "no run_result": (200, {"status": "Success", "message": ""}),
            "bad status": (200, {"status": "Weird", "run_result": {}}),
            "bad stdout": (200, {"status": "Success", "run_result": {
                "status": "Finished", "return_code": 0, "stdout": 3, "stderr": ""}}),
            "bad return_code": (200, {"status": "Success", "run_result": {
                "status": "Finished", "return_code": "0", "stdout": "", "stderr": ""}}),
            "bad run status": (200, {"status": "Success", "run_result": {
                "status": "Done", "return_code": 0, "stdout": "", "stderr": ""}}),
            "runner error": (200, {"status": "Success", "run_result": {
                "status": "Error", "return_code": None, "stdout": "", "stderr": "boom"}}),
            "sandbox error": (200, {"status": "SandboxError", "message": "pod died"}),
        }
        if what in canned:
            return canned[what]
        assert body["language"] == "python"
        limits = Limits(wall_seconds=body["run_timeout"], memory_mb=body["memory_limit_MB"])
        r = self.box.run({"code.py": body["code"]}, ["python", "code.py"], body["stdin"] or "",
                         limits)
        status = {"ok": "Finished", "timeout": "TimeLimitExceeded"}.get(r.status, "Finished")
        run = {"status": status, "execution_time": r.wall_seconds, "stdout": r.stdout,
               "stderr": r.stderr, "return_code": r.returncode}
        ok = status == "Finished" and r.returncode == 0
        return 200, {"status": "Success" if ok else "Failed", "message": "", "run_result": run}

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def service() -> Iterator[StandIn]:
    s = StandIn()
    yield s
    s.close()


@pytest.fixture
def remote(service) -> Iterator[RemoteSandbox]:
    box = RemoteSandbox(service.url, retries=2, backoff=0.01)
    yield box
    box.close()


GOOD = 'def add(a, b):\n    return a + b\n'


def test_checks_run_remotely(service, remote):
    assert check_program(remote, GOOD, TESTS, LIMITS).correct
    v = check_program(remote, "def add(a, b):\n    return a + b if a < 5 else 0\n", TESTS,
                      LIMITS)
    assert (v.correct, v.tests_passed, v.reason) == (False, 2, "failed")
    stdio = StdioTests(("1 2\n",), ("3\n",))
    assert check_program(remote, "print(sum(map(int, input().split())))\n", stdio, LIMITS).correct
    sent = service.requests[0]
    assert sent["run_timeout"] == 5 and sent["memory_limit_MB"] == 512
    assert len(sent["stdin"]) == 33  # the token and a newline, nothing else


def test_plain_runs_and_their_statuses(remote):
    r = remote.run({"main.py": "import sys; print(sys.stdin.read())"}, ["python", "main.py"],
                   "hi", LIMITS)
    assert (r.status, r.returncode, r.stdout, r.backend) == ("ok", 0, "hi\n", "remote")
    r = remote.run({"m.py": "import time; time.sleep(30)"}, ["python", "m.py"], "",
                   Limits(wall_seconds=1))
    assert r.status == "timeout"
    r = remote.run({"m.py": "raise MemoryError"}, ["python", "m.py"], "", LIMITS)
    assert r.status == "memory"


@pytest.mark.parametrize("name", ["printing success strings, then exit 0",
                                  "printing success strings", "os._exit(0) on load",
                                  "an object equal to everything",
                                  "patching the harness through gc and frames"])
def test_the_token_rule_holds_remotely(remote, name):
    v = check_program(remote, ATTACKS[name], TESTS, LIMITS)
    assert not v.correct, v


def test_retries_then_succeeds(service, remote):
    service.script = ["drop", "sandbox error"]
    assert check_program(remote, GOOD, TESTS, LIMITS).correct
    assert len(service.requests) == 3
    service.script = ["500", "503"]
    assert check_program(remote, GOOD, TESTS, LIMITS).correct
    assert len(service.requests) == 6


@pytest.mark.parametrize("failure", ["500", "503", "drop", "sandbox error"])
def test_gives_up_with_an_error(service, remote, failure):
    service.script = [failure] * 3
    with pytest.raises(SandboxError, match="gave up after 3 tries"):
        check_program(remote, GOOD, TESTS, LIMITS)


@pytest.mark.parametrize("failure", ["400", "not json", "a list", "no run_result", "bad status",
                                     "bad stdout", "bad return_code", "bad run status",
                                     "runner error"])
def test_a_malformed_reply_is_an_error_never_a_label(service, remote, failure):
    service.script = [failure]
    with pytest.raises(SandboxError) as e:
        check_program(remote, GOOD, TESTS, LIMITS)
    assert "\n" not in str(e.value)
    assert len(service.requests) == 1  # not retried: it would say the same again


def test_no_service_is_an_error():
    box = RemoteSandbox("http://127.0.0.1:9", retries=1, backoff=0.01)
    with pytest.raises(SandboxError, match="ConnectError"):
        check_program(box, GOOD, TESTS, LIMITS)


def test_one_python_file_only(remote):
    with pytest.raises(SandboxError, match="one Python file"):
        remote.run({"a.py": "", "b.py": ""}, ["python", "a.py"], "", LIMITS)
    with pytest.raises(SandboxError, match="one Python file"):
        remote.run({"a.py": ""}, ["python", "a.py", "arg"], "", LIMITS)
    with pytest.raises(SandboxError, match="not an http"):
        RemoteSandbox("ftp://x")


def test_humaneval_prompt_helpers_remotely(remote):
    prompt = "def helper(x):\n    return x * 2\n\n\ndef f(x):\n    '''helper(x) + 1'''\n"
    tests = HumanEvalTests(prompt, "def check(candidate):\n    assert candidate(2) == "
                                   "helper(2) + 1\n", "f")
    assert check_program(remote, "def f(x):\n    return 2 * x + 1\n", tests, LIMITS).correct
