"""Running untrusted programs, and checking them against tests (the `code` checker's engine).

    from star_cli.sandbox import make_sandbox, check_program, tests_from_row, Limits

    sandbox = make_sandbox("bwrap")          # or "none", or "http://host:8080" (SandboxFusion)
    v = check_program(sandbox, program, tests_from_row(row), Limits(wall_seconds=10))
    v.correct, v.tests_passed, v.tests_total, v.reason, v.detail
    verdicts = check_many(sandbox, [(program, tests), ...], workers=2)

Backends (Sandbox.run(files, argv, stdin, limits) -> RunResult):
  BwrapSandbox       bubblewrap: fresh namespaces, uid 65534, read-only interpreter, no network
  UnconfinedSandbox  `--sandbox none`: a plain subprocess with the same limits; warns once
  RemoteSandbox      a SandboxFusion-compatible service (POST {url}/run_code)

Verdicts: `correct` only when the harness printed its random token after all tests passed;
`reason` is one of passed, failed, timeout, memory, crashed, syntax_error, no_code.
SandboxError (SandboxUnavailable: exit 2) is a failure of the sandbox, never a label.

Nothing heavy is imported here: backends and the harness load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from star_cli.sandbox.base import (
    Limits,
    Run,
    RunResult,
    Sandbox,
    SandboxError,
    SandboxUnavailable,
)

if TYPE_CHECKING:
    from star_cli.sandbox.bwrap import BwrapSandbox
    from star_cli.sandbox.harness import (
        CodeVerdict,
        HumanEvalTests,
        MBPPTests,
        StdioTests,
        Tests,
        check_many,
        check_program,
        tests_from_row,
    )
    from star_cli.sandbox.remote import RemoteSandbox
    from star_cli.sandbox.unconfined import UnconfinedSandbox

__all__ = [
    "BwrapSandbox",
    "CodeVerdict",
    "HumanEvalTests",
    "Limits",
    "MBPPTests",
    "RemoteSandbox",
    "Run",
    "RunResult",
    "Sandbox",
    "SandboxError",
    "SandboxUnavailable",
    "StdioTests",
    "Tests",
    "UnconfinedSandbox",
    "check_many",
    "check_program",
    "make_sandbox",
    "tests_from_row",
]

_LAZY = {
    "BwrapSandbox": "bwrap",
    "UnconfinedSandbox": "unconfined",
    "RemoteSandbox": "remote",
    "CodeVerdict": "harness",
    "HumanEvalTests": "harness",
    "MBPPTests": "harness",
    "StdioTests": "harness",
    "Tests": "harness",
    "check_many": "harness",
    "check_program": "harness",
    "tests_from_row": "harness",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'star_cli.sandbox' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"star_cli.sandbox.{module}"), name)


def make_sandbox(kind: str = "bwrap") -> Sandbox:
    """The sandbox a `--sandbox` value names: "bwrap" (checked that it starts here; raises
    SandboxUnavailable with the reason), "none" (unconfined, warns), or an http(s) URL of a
    SandboxFusion-compatible service ("remote:URL" too)."""
    if kind == "bwrap":
        from star_cli.sandbox.bwrap import BwrapSandbox

        box = BwrapSandbox()
        box.probe()
        return box
    if kind == "none":
        from star_cli.sandbox.unconfined import UnconfinedSandbox

        return UnconfinedSandbox()
    url = kind[len("remote:"):] if kind.startswith("remote:") else kind
    if url.startswith(("http://", "https://")):
        from star_cli.sandbox.remote import RemoteSandbox

        return RemoteSandbox(url)
    from star_cli.errors import UsageError

    raise UsageError(f"--sandbox {kind!r}: expected bwrap, none, or an http(s) URL of a "
                       "SandboxFusion service")
