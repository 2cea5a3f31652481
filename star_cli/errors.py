"""Errors a user can act on. The CLI prints their message on one line and exits with `exit_code`."""

from __future__ import annotations


class StarError(Exception):
    """A failure with a message meant for the user, not a traceback."""

    exit_code = 1


class UsageError(StarError):
    """Bad options or bad input: exit code 2, like a usage error."""

    exit_code = 2


class InputError(UsageError):
    """A problem in an input file, located as precisely as we can."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        field: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.path, self.line, self.field, self.fix = path, line, field, fix
        where = path or "<input>"
        if line is not None:
            where += f":{line}"
        parts = [where]
        if field is not None:
            parts.append(f"field '{field}'")
        text = ": ".join(parts) + f": {message}"
        if fix:
            text += f" ({fix})"
        super().__init__(text)


class EngineError(StarError):
    """The engine could not be loaded or refused a request."""

    exit_code = 2
