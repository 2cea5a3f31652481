"""The HTTP face (FastAPI, on Starlette): OpenAI's routes, `/health`, `/metrics`, and errors as
OpenAI's error objects whatever went wrong.

- `POST /v1/completions`, `POST /v1/chat/completions`: Best-of-k (service.py); with
  `stream: true` the chosen reply is streamed once chosen;
- `GET /v1/models`: the served name (any name in a request is accepted);
- `GET /health`: 200 `{"status": "ok"}` once the verifier (and a local generator) is
  loaded; 503 with `loading`, `shutting_down` or `failed`;
- `GET /metrics`: Prometheus text (metrics.py).

Every error is `{"error": {"message", "type", "param", "code"}}`: 400 for a bad request (the
field in `param`), 404 and 405 for a wrong route or method, 413 for a body over 16 MiB, 503
while loading or shutting down, 502 when the generator fails, 500 when the verifier does (or
anything unforeseen: logged with its traceback, and the server goes on).

The models load in the background after the socket is bound, so `/health` answers (503)
while they load; a load that fails stops the server (`on_fatal`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from star_cli.serve.config import ServeConfig
from star_cli.serve.errors import ApiError, error_body
from star_cli.serve.generator import Generator, LocalGenerator, UpstreamGenerator
from star_cli.serve.metrics import CONTENT_TYPE, Metrics
from star_cli.serve.protocol import parse_body, parse_request, reply_body, reply_chunks
from star_cli.serve.scorer import Scorer
from star_cli.serve.service import BestOfK
from star_cli.serve.traffic import TrafficLog

log = logging.getLogger("star_cli.serve")

MAX_BODY = 16 * 2**20


class ServerState:
    """What the routes share: the models, the service, readiness and the in-flight count."""

    def __init__(self, config: ServeConfig, *, verifier: Any = None, engine: Any = None,
                 traffic: TrafficLog | None = None, argv: list[str] | None = None,
                 on_fatal: Callable[[BaseException], None] | None = None) -> None:
        self.config, self.on_fatal = config, on_fatal
        self.metrics = Metrics()
        task = config.load_task()
        self.scorer = Scorer(config.verifier, engine=config.verifier_engine, kind=config.kind,
                             eos=config.eos, dtype=config.dtype, device=config.device,
                             batch_size=config.batch_size, options=config.verifier_options,
                             window=config.batch_window, max_items=config.max_batch,
                             on_batch=self.metrics.verifier_batch, instance=verifier)
        self.generator = _generator(config, self.metrics, engine)
        if traffic is None and config.log is not None:
            traffic = TrafficLog(config.log, config=config.identity(),
                                 shard_size=config.shard_size, rotate=config.log_rotate,
                                 overwrite=config.overwrite, argv=argv,
                                 scope={"host": config.host, "port": config.port},
                                 on_write=self._logged)
            traffic.prepare()  # OUT checked and locked now: a bad OUT stops the start
        self.traffic = traffic
        self.service = BestOfK(config, task, self.generator, self.scorer, self.metrics,
                               traffic)
        self.ready = False
        self.closing = False
        self.fatal: BaseException | None = None
        self.in_flight = 0
        self._idle: asyncio.Event | None = None
        self._loading: asyncio.Task[None] | None = None

    def _logged(self, traces: int, ok: bool) -> None:
        if ok:
            self.metrics.logged.inc(traces)
        else:
            self.metrics.log_errors.inc()

    async def start(self) -> None:
        self._idle = asyncio.Event()
        self._idle.set()
        self.scorer.start()
        await self.generator.start()
        self._loading = asyncio.create_task(self._load(), name="star-serve-load")

    async def _load(self) -> None:
        try:
            started = time.monotonic()
            await self.scorer.load()
            await self.generator.load()
            if self.traffic is not None:
                await asyncio.to_thread(self.traffic.open)
        except Exception as e:  # noqa: BLE001 - reported, and the server stops
            self.fatal = e
            log.error("cannot start: %s", e)
            if self.on_fatal is not None:
                self.on_fatal(e)
            return
        self.ready = True
        self.metrics.ready.set(1)
        log.info("ready in %.1fs: Best-of-%d by %s, verifier %s, generator %s",
                 time.monotonic() - started, self.config.k, self.config.select,
                 self.config.verifier, self.config.generator_name)

    async def wait_ready(self) -> None:
        """Until the models are loaded (or failed to load)."""
        if self._loading is not None:
            await asyncio.shield(self._loading)

    async def stop(self) -> None:
        """Finish the requests in flight, then close the models and the traffic log."""
        self.closing = True
        self.metrics.ready.set(0)
        if self._idle is not None and self.in_flight:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._idle.wait(), self.config.shutdown_timeout)
        if self._loading is not None:
            with contextlib.suppress(Exception):
                await self._loading
        error: BaseException | None = self.fatal
        try:
            await self.generator.close()
            await self.scorer.close()
        except Exception as e:  # noqa: BLE001 - the log still closes
            log.error("closing the models: %s", e)
            error = error or e
        if self.traffic is not None:
            await asyncio.to_thread(self.traffic.close, error)

    def enter(self) -> None:
        self.in_flight += 1
        self.metrics.in_flight.set(self.in_flight)
        if self._idle is not None:
            self._idle.clear()

    def leave(self) -> None:
        self.in_flight -= 1
        self.metrics.in_flight.set(self.in_flight)
        if self.in_flight == 0 and self._idle is not None:
            self._idle.set()


def _generator(config: ServeConfig, metrics: Metrics, engine: Any) -> Generator:
    if config.generator_url:
        return UpstreamGenerator(config.generator_url, config.generator_model or "",
                                 api_key=config.generator_api_key,
                                 concurrency=config.concurrency,
                                 timeout=config.generator_timeout,
                                 retries=config.generator_retries, backoff=config.backoff)
    return LocalGenerator(config.engine or "", config.model or "", config.engine_options,
                          window=config.batch_window, max_requests=config.concurrency,
                          on_batch=metrics.generator_batch_seen, instance=engine)


def create_app(config: ServeConfig, *, verifier: Any = None, engine: Any = None,
               traffic: TrafficLog | None = None, argv: list[str] | None = None,
               on_fatal: Callable[[BaseException], None] | None = None) -> Any:
    """The ASGI app. `verifier` (a loaded `Verifier`) and `engine` (a local `Engine`) are
    used instead of loading `config`'s; the traffic log (`config.log`) is prepared now."""
    from fastapi import FastAPI
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import Response, StreamingResponse
    from starlette.routing import Route

    state = ServerState(config, verifier=verifier, engine=engine, traffic=traffic, argv=argv,
                        on_fatal=on_fatal)

    def json_response(data: Any, status: int = 200) -> Response:
        return Response(json.dumps(data, ensure_ascii=False), status_code=status,
                        media_type="application/json")

    def error_response(e: ApiError, endpoint: str) -> Response:
        state.metrics.errors.inc(endpoint=endpoint, type=e.code or e.type)
        return json_response(e.body(), e.status)

    async def best_of_k(request: Request, chat: bool) -> Response:
        endpoint = "chat" if chat else "completions"
        started = time.perf_counter()
        state.enter()
        status = 500
        try:
            try:
                response = await _answer(request, chat)
            except ApiError as e:
                response = error_response(e, endpoint)
            except Exception:  # noqa: BLE001 - one request fails; the server goes on
                log.exception("unexpected error answering a request")
                response = error_response(ApiError(500, "internal error (see the server's "
                                                   "log)", code="internal_error"), endpoint)
            status = response.status_code
            return response
        finally:
            state.leave()
            state.metrics.requests.inc(endpoint=endpoint, status=str(status))
            state.metrics.request_seconds.observe(time.perf_counter() - started)

    async def _answer(request: Request, chat: bool) -> Response:
        if state.closing:
            raise ApiError(503, "the server is shutting down", code="shutting_down")
        if not state.ready:
            raise ApiError(503, "the server is loading its models; retry when GET /health "
                           "answers 200", code="not_ready")
        declared = request.headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > MAX_BODY:
            raise ApiError(413, f"request body over {MAX_BODY} bytes")
        raw = await request.body()
        if len(raw) > MAX_BODY:
            raise ApiError(413, f"request body over {MAX_BODY} bytes")
        parsed = parse_request(parse_body(raw), chat=chat, k=config.k)
        served = await state.service.complete(parsed)
        if parsed.stream:
            chunks = list(reply_chunks(served.reply, parsed.include_usage))
            return StreamingResponse(_iterate(chunks), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache"})
        return json_response(reply_body(served.reply))

    async def completions(request: Request) -> Response:
        return await best_of_k(request, chat=False)

    async def chat_completions(request: Request) -> Response:
        return await best_of_k(request, chat=True)

    async def models(request: Request) -> Response:
        return json_response({"object": "list", "data": [
            {"id": config.name, "object": "model", "created": 0, "owned_by": "star"}]})

    async def health(request: Request) -> Response:
        if state.fatal is not None:
            return json_response({"status": "failed", "error": str(state.fatal)}, 503)
        if state.closing:
            return json_response({"status": "shutting_down"}, 503)
        if not state.ready:
            return json_response({"status": "loading"}, 503)
        return json_response({"status": "ok", "model": config.name, "k": config.k,
                              "select": config.select, "verifier": config.verifier,
                              "in_flight": state.in_flight})

    async def metrics(request: Request) -> Response:
        return Response(state.metrics.render(), media_type=CONTENT_TYPE)

    async def http_error(request: Request, exc: Exception) -> Response:
        code = getattr(exc, "status_code", 500)
        if code == 404:
            message = f"no route {request.method} {request.url.path}"
        elif code == 405:
            message = f"method {request.method} not allowed on {request.url.path}"
        else:
            message = str(getattr(exc, "detail", "")) or "error"
        state.metrics.errors.inc(endpoint="other", type=str(code))
        return json_response(error_body(message, "invalid_request_error" if code < 500
                                        else "server_error"), code)

    async def crash(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s: %s", request.url.path, exc, exc_info=exc)
        return json_response(error_body("internal error (see the server's log)",
                                        "server_error", code="internal_error"), 500)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        await state.start()
        try:
            yield
        finally:
            await state.stop()

    # FastAPI (Starlette underneath): star checks request bodies itself, so that every error,
    # a malformed body's included, is OpenAI's error object; no generated docs routes.
    app = FastAPI(
        docs_url=None, redoc_url=None, openapi_url=None,
        routes=[Route("/v1/completions", completions, methods=["POST"]),
                Route("/v1/chat/completions", chat_completions, methods=["POST"]),
                Route("/v1/models", models, methods=["GET"]),
                Route("/health", health, methods=["GET"]),
                Route("/metrics", metrics, methods=["GET"])],
        exception_handlers={HTTPException: http_error, Exception: crash},
        lifespan=lifespan)
    app.state.star = state
    return app


async def _iterate(chunks: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


__all__ = ["MAX_BODY", "ServerState", "create_app"]
