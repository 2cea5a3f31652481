"""Running the server: bind, serve with uvicorn, shut down gracefully.

    server = StarServer(config)
    server.run()          # blocks until SIGINT/SIGTERM (or server.stop() from a thread)

Order of work, so a failed start changes nothing: the options are checked, the socket is
bound (a port in use fails here), the traffic log's OUT is checked and locked; then uvicorn
serves while the models load in the background (`/health` says when they are ready). A
model that fails to load stops the server, and `run` raises its error.

On SIGINT or SIGTERM the server stops accepting connections, lets the requests in flight
finish (up to `shutdown_timeout` seconds), then closes the models and seals the traffic
log; `run` returns normally (a graceful stop is not an interruption). A second SIGINT
forces the exit.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import socket
import threading
from collections.abc import Iterator
from typing import Any

from star_cli.errors import UsageError
from star_cli.serve.config import ServeConfig

log = logging.getLogger("star_cli.serve")


class StarServer:
    def __init__(self, config: ServeConfig, *, verifier: Any = None, engine: Any = None,
                 argv: list[str] | None = None) -> None:
        self.config = config
        self.verifier, self.engine, self.argv = verifier, engine, argv
        self.socket: socket.socket | None = None
        self.app: Any = None
        self._server: Any = None
        self._stop_early = False

    @property
    def port(self) -> int:
        """The bound port (the one the OS chose for `port=0`)."""
        assert self.socket is not None, "bind() first"
        return int(self.socket.getsockname()[1])

    @property
    def url(self) -> str:
        return f"http://{self.config.host}:{self.port}/v1"

    def bind(self) -> None:
        """Check the options and bind the socket; then prepare the app (and the log)."""
        if self.socket is not None:
            return
        self.config.check()
        self.socket = _bind(self.config.host, self.config.port)
        try:
            from star_cli.serve.app import create_app

            self.app = create_app(self.config, verifier=self.verifier, engine=self.engine,
                                  argv=self.argv, on_fatal=self._fatal)
        except BaseException:
            self.socket.close()
            self.socket = None
            raise

    def run(self) -> None:
        """Serve until stopped; raise the error that stopped a failed start."""
        import uvicorn

        self.bind()
        assert self.socket is not None
        config = uvicorn.Config(self.app, log_config=None, access_log=self.config.access_log,
                                lifespan="on",
                                timeout_graceful_shutdown=self.config.shutdown_timeout)
        self._server = _Server(config)
        if self._stop_early:
            self._server.should_exit = True
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self.socket.close()
            self.socket = None
        state = self.app.state.star
        if state.fatal is not None:
            raise state.fatal
        if not self._server.started:
            raise UsageError("the server did not start (see the log above)")

    def stop(self) -> None:
        """Ask for a graceful shutdown (from any thread)."""
        if self._server is None:
            self._stop_early = True
        else:
            self._server.should_exit = True

    def _fatal(self, error: BaseException) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto named, not 0: asyncio sets TCP_NODELAY only on sockets whose proto says TCP, and
    # without it a keep-alive client waits out a 40 ms delayed ACK on every reply (uvicorn
    # writes the headers and the body apart).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as e:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None
    sock.set_inheritable(True)
    return sock


def _server_class() -> type:
    import uvicorn

    class Server(uvicorn.Server):
        @contextlib.contextmanager
        def capture_signals(self) -> Iterator[None]:
            """uvicorn's, without raising the signal again once shut down: a graceful stop
            on SIGTERM is the end of the job, not an interruption."""
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            signals = (signal.SIGINT, signal.SIGTERM)
            original = {sig: signal.signal(sig, self.handle_exit) for sig in signals}
            try:
                yield
            finally:
                for sig, handler in original.items():
                    signal.signal(sig, handler)

    return Server


def _Server(config: Any) -> Any:  # noqa: N802 - a class, built on first use
    return _server_class()(config)


__all__ = ["StarServer"]
