"""A SandboxFusion-compatible service as the sandbox: `POST {url}/run_code`.

Request: {"code", "language": "python", "run_timeout", "memory_limit_MB", "stdin",
"compile_timeout"}; reply: {"status": "Success" | "Failed" | "SandboxError", "message",
"run_result": {"status": "Finished" | "Error" | "TimeLimitExceeded", "return_code",
"stdout", "stderr", "execution_time"}}. The service runs one file, so a run is one Python file
(the code harness is built as one). Limits other than wall time and memory are the
service's; so are its isolation guarantees (see docs/code.md).

Connection errors, 5xx and the service's own "SandboxError" are retried with exponential
backoff; after the last try, or on any reply that does not have the shape above, the run
fails with SandboxError (never a label for the program).
"""

from __future__ import annotations

import threading
import time

from star_cli.sandbox.base import (
    CRASHED,
    MEMORY,
    OK,
    TIMEOUT,
    Limits,
    RunResult,
    Sandbox,
    SandboxError,
    check_files,
)


class RemoteSandbox(Sandbox):
    """Runs programs on a SandboxFusion-compatible service at `url`."""

    name = "remote"
    own_pid_namespace = False

    def __init__(self, url: str, *, retries: int = 3, backoff: float = 0.5,
                 slack: float = 30.0, headers: dict[str, str] | None = None) -> None:
        if not url.startswith(("http://", "https://")):
            raise SandboxError(f"sandbox remote: {url!r} is not an http(s) URL")
        self.url = url.rstrip("/") + "/run_code"
        self.retries, self.backoff, self.slack = retries, backoff, slack
        self.headers = dict(headers or {})
        self._local = threading.local()  # one client per thread: runs happen in a pool
        self._clients: list = []
        self._lock = threading.Lock()

    def _client(self):
        client = getattr(self._local, "client", None)
        if client is None:
            import httpx

            client = httpx.Client(headers=self.headers)
            self._local.client = client
            with self._lock:
                self._clients.append(client)
        return client

    def close(self) -> None:
        with self._lock:
            clients, self._clients = self._clients, []
        for c in clients:
            c.close()

    def run(self, files: dict[str, str], argv: list[str], stdin: str, limits: Limits) -> RunResult:
        check_files(files)
        if (len(files) != 1 or not argv or argv[0] != "python" or argv[-1] not in files
                or any(not a.startswith("-") for a in argv[1:-1])):
            raise SandboxError("sandbox remote: runs one Python file: argv must be "
                               "['python', ..., FILE] with FILE the only file")
        payload = {"code": files[argv[-1]], "language": "python", "stdin": stdin,
                   "run_timeout": limits.wall_seconds, "compile_timeout": 10,
                   "memory_limit_MB": limits.memory_mb}
        started = time.monotonic()
        reply = self._post(payload, timeout=limits.wall_seconds + self.slack)
        return self._result(reply, limits, time.monotonic() - started)

    def _post(self, payload: dict, timeout: float) -> dict:
        import httpx

        last = "no attempt"
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                r = self._client().post(self.url, json=payload, timeout=timeout)
            except httpx.TransportError as e:  # connect, read, write errors and timeouts
                last = f"{type(e).__name__}: {str(e)[:200]}"
                continue
            if r.status_code >= 500:
                last = f"HTTP {r.status_code}: {r.text[:200]}"
                continue
            if r.status_code != 200:
                raise SandboxError(f"sandbox remote {self.url}: HTTP {r.status_code}: "
                                   f"{r.text[:300]}")
            try:
                reply = r.json()
            except ValueError:
                raise SandboxError(f"sandbox remote {self.url}: reply is not JSON: "
                                   f"{r.text[:200]!r}") from None
            if not isinstance(reply, dict):
                raise SandboxError(f"sandbox remote {self.url}: reply is not an object")
            if reply.get("status") == "SandboxError":
                last = f"the service reported SandboxError: {str(reply.get('message'))[:300]}"
                continue
            return reply
        raise SandboxError(f"sandbox remote {self.url}: gave up after {self.retries + 1} "
                           f"tries: {last}")

    def _result(self, reply: dict, limits: Limits, wall: float) -> RunResult:
        def bad(what: str) -> SandboxError:
            return SandboxError(f"sandbox remote {self.url}: malformed reply ({what}): "
                                f"{str(reply)[:300]}")

        if reply.get("status") not in ("Success", "Failed"):
            raise bad("status")
        run = reply.get("run_result")
        if not isinstance(run, dict):
            raise bad("no run_result")
        status, code = run.get("status"), run.get("return_code")
        out, err = run.get("stdout") or "", run.get("stderr") or ""
        if not isinstance(out, str) or not isinstance(err, str):
            raise bad("stdout/stderr")
        if code is not None and (isinstance(code, bool) or not isinstance(code, int)):
            raise bad("return_code")
        if status == "Error":
            raise SandboxError(f"sandbox remote {self.url}: the service could not run the "
                               f"program: {err.strip()[-300:]}")
        if status == "TimeLimitExceeded":
            kind = TIMEOUT
        elif status == "Finished":
            last = (err.rstrip().splitlines() or [""])[-1]
            if last.startswith("MemoryError"):
                kind = MEMORY
            elif code is not None and code < 0:
                kind = CRASHED
            else:
                kind = OK
        else:
            raise bad("run_result.status")
        cap = limits.output_bytes
        truncated = len(out) > cap or len(err) > cap
        return RunResult(status=kind, returncode=code, stdout=out[:cap], stderr=err[:cap],
                         wall_seconds=wall, truncated=truncated, backend=self.name)
