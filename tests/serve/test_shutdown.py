"""The real `star serve` command in a subprocess: SIGTERM with requests in flight lets them
finish, then seals the traffic log and exits 0; SIGKILL loses nothing that was answered and
logged, and the next start recovers the log. Option errors stop the command before anything
loads."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.conftest import REPO, read_out, wait_until

PROMPT = "Q: What is 2 + 3?\nA:"


class Process:
    def __init__(self, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), "TOKENIZERS_PARALLELISM": "false"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "star_cli", "serve", *args], cwd=REPO,
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.port: int | None = None
        self._found = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)
            m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/v1", line)
            if m:
                self.port = int(m.group(1))
                self._found.set()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 120) -> None:
        assert self._found.wait(timeout), self.log()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log()
            try:
                if httpx.get(self.base + "/health", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise TimeoutError(self.log())

    def log(self) -> str:
        return "".join(self.lines)

    def finish(self, timeout: float = 60) -> int:
        code = self.proc.wait(timeout)
        time.sleep(0.1)  # the reader thread drains stderr
        return code


def start(tmp_path: Path, tiny_model_dir: Path, stub, *extra: str) -> Process:
    p = Process("--verifier", str(tiny_model_dir), "--task", "gsm8k", "--generator-url",
                stub.url, "--generator-model", "g", "-k", "4", "--port", "0",
                "--log", str(tmp_path / "log"), "--shutdown-timeout", "20", *extra)
    p.wait_ready()
    return p


def post(base: str) -> httpx.Response:
    return httpx.post(base + "/v1/completions", json={"model": "m", "prompt": PROMPT},
                      timeout=60)


@pytest.mark.slow  # the real star serve in a subprocess, loading a model
def test_sigterm_finishes_requests_in_flight(tmp_path, tiny_model_dir, stub):  # noqa: F811
    proc = start(tmp_path, tiny_model_dir, stub)
    stub.server.script.extend([("sleep", 2.0)] * 3)
    with ThreadPoolExecutor(3) as pool:
        futures = [pool.submit(post, proc.base) for _ in range(3)]
        wait_until(lambda: len(stub.server.requests) >= 3,  # all three with the generator
                   "three requests reaching the generator")
        proc.proc.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        with pytest.raises(httpx.TransportError):  # no new connections while draining
            httpx.get(proc.base + "/health", timeout=2)
        replies = [f.result() for f in futures]
    assert [r.status_code for r in replies] == [200, 200, 200]
    assert all(r.json()["choices"][0]["text"] for r in replies)
    assert proc.finish() == 0, proc.log()
    assert "Traceback" not in proc.log()
    log = tmp_path / "log"
    manifest = json.loads((log / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    traces = read_out(log)
    assert len(traces) == 12
    assert {t["problem_id"] for t in traces} == {r.json()["id"] for r in replies}


@pytest.mark.slow  # star serve started twice in a subprocess, killed once
def test_sigkill_then_restart_recovers_the_log(tmp_path, tiny_model_dir, stub):  # noqa: F811
    proc = start(tmp_path, tiny_model_dir, stub, "--log-rotate", "3600")
    first = [post(proc.base).json()["id"] for _ in range(2)]
    time.sleep(0.5)  # the writer thread has written both groups (answered before logged)
    proc.proc.kill()
    proc.finish()
    log = tmp_path / "log"
    assert json.loads((log / "manifest.json").read_text())["status"] == "running"
    proc = start(tmp_path, tiny_model_dir, stub, "--log-rotate", "3600")
    later = post(proc.base).json()["id"]
    proc.proc.send_signal(signal.SIGINT)
    assert proc.finish() == 0, proc.log()
    traces = read_out(log)
    assert {t["problem_id"] for t in traces} == {*first, later}
    assert len(traces) == 12
    assert json.loads((log / "manifest.json").read_text())["status"] == "complete"


def run_cli(*args: str):
    from star_cli.cli import app

    return CliRunner().invoke(app, ["serve", *args])


@pytest.mark.parametrize("args, message", [
    ([], "give one generator"),
    (["--generator-url", "http://x/v1", "--engine", "vllm", "--model", "m"],
     "give one generator"),
    (["--generator-url", "http://x/v1"], "--generator-model"),
    (["--engine", "transformers"], "needs --model"),
    (["--generator-url", "http://x/v1", "--generator-model", "g", "--select", "best-of"],
     "unknown --select"),
    (["--generator-url", "http://x/v1", "--generator-model", "g", "-k", "0"], "-k"),
    (["--generator-url", "http://x/v1", "--generator-model", "g", "--checker", "math"],
     "--checker goes with --task generic"),
    (["--generator-url", "http://x/v1", "--generator-model", "g", "--verifier-engine",
      "openai"], "unknown --verifier-engine"),
])
def test_option_errors(args, message):
    result = run_cli("--verifier", "/nowhere", "--task", "gsm8k", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_port_in_use(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = run_cli("--verifier", "/nowhere", "--task", "gsm8k", "--generator-url",
                         "http://x/v1", "--generator-model", "g", "--port", str(port),
                         "--log", str(tmp_path / "log"))
    assert result.exit_code == 2 and "cannot listen on 127.0.0.1" in result.output
    assert not (tmp_path / "log").exists()
