"""The server's errors, each answered as OpenAI's error object:

    {"error": {"message": "...", "type": "invalid_request_error", "param": "n", "code": null}}

`ApiError` carries the HTTP status with it, so whatever raises it (request parsing, the
generator client, the scorer) decides the answer, and the route only turns it into JSON.
"""

from __future__ import annotations

from typing import Any

INVALID = "invalid_request_error"
SERVER = "server_error"


class ApiError(Exception):
    def __init__(self, status: int, message: str, *, type: str | None = None,
                 param: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type or (INVALID if status < 500 else SERVER)
        self.param = param
        self.code = code

    def body(self) -> dict[str, Any]:
        return error_body(self.message, self.type, self.param, self.code)


def error_body(message: str, type: str, param: str | None = None,
               code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def bad_request(message: str, param: str | None = None) -> ApiError:
    """A malformed request: 400, naming the field."""
    return ApiError(400, message, param=param)


class GeneratorError(ApiError):
    """The generator failed for good (refused, timed out, 5xx, a malformed reply): 502."""

    def __init__(self, message: str) -> None:
        super().__init__(502, message, code="generator_error")


class GeneratorRejected(ApiError):
    """The generator refused the request itself (HTTP 400/422: a prompt longer than its
    context, say): the client's to fix, so 400 with the generator's own words."""

    def __init__(self, message: str) -> None:
        super().__init__(400, message, code="generator_rejected")


class VerifierError(ApiError):
    """The verifier could not score this request's candidates: 500, and no candidate."""

    def __init__(self, message: str) -> None:
        super().__init__(500, message, code="verifier_error")


__all__ = ["INVALID", "SERVER", "ApiError", "GeneratorError", "GeneratorRejected",
           "VerifierError", "bad_request", "error_body"]
