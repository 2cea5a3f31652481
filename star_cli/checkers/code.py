"""`--checker code` (`--task code`): a program is right when its tests pass in a sandbox.

The gold of a code problem is its tests, as JSON (`tasks/code.py` writes it): the layout
(HumanEval, MBPP, stdin/stdout), the tests, the function prompt a continuation completes,
and the reference solution. The program is read from the completion (`answers/code.py`: the
last fenced Python block, else the prompt plus the completion), then run with its tests
under bubblewrap, a service, or unconfined when asked (`star_cli.sandbox`). Passing is
proven only by the harness's random token, never by an exit code.

Each trace records `correct`, `check_reason` (passed, failed, timeout, memory, crashed,
syntax_error, no_code), `tests_passed`, `tests_total` and the first lines of the failure
(`test_output`). A failure of the sandbox itself is retried, then stops the run (exit 1, or
2 when no sandbox can start): it is never stored as a label.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from star_cli.answers.checker import Checker, Gold, Verdict
from star_cli.answers.code import extract_program
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.checkers.gold import json_gold

log = logging.getLogger("star_cli")

RETRIES = 2  # a sandbox failure is tried again this many times before the run stops
DETAIL_LINES = 8  # lines of a failure kept on the trace
PASSED = "passed"


def code_gold(text: str) -> dict[str, Any]:
    """A code problem's gold: the JSON `tasks/code.py` writes; an InputError otherwise."""
    return json_gold(text, "tests", "a code problem's tests (JSON with 'tests'): read the "
                     "problems with --task code")


class CodeChecker(Checker):
    name = "code"
    local = False  # programs run in a sandbox: judge_batch runs them side by side

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, sandbox: str = "bwrap",
                 workers: int = 2, wall_seconds: float = 10.0, memory_mb: int = 1024) -> None:
        super().__init__(timeout)
        self.sandbox_kind, self.workers = sandbox, workers
        self.wall_seconds, self.memory_mb = wall_seconds, memory_mb
        self._sandbox: Any = None

    @classmethod
    def from_options(cls, timeout: float = DEFAULT_TIMEOUT, sandbox: str = "bwrap",
                     sandbox_workers: int = 2, code_timeout: float = 10.0,
                     code_memory: int = 1024, **options: Any) -> Checker:
        checker = cls(timeout, sandbox, sandbox_workers, code_timeout, code_memory)
        checker.sandbox()  # no sandbox, no run: exit 2 now, before anything is written
        return checker

    def with_timeout(self, timeout: float) -> Checker:
        return type(self)(timeout, self.sandbox_kind, self.workers, self.wall_seconds,
                          self.memory_mb)

    def spec(self) -> dict[str, Any]:
        raise TypeError("the code checker runs in the calling process (local = False)")

    def sandbox(self) -> Any:
        if self._sandbox is None:
            from star_cli.sandbox import make_sandbox

            self._sandbox = make_sandbox(self.sandbox_kind)
            probe = getattr(self._sandbox, "probe", None)
            if probe is not None:
                probe()
        return self._sandbox

    def prepare(self, gold: str, choices: Sequence[Any] | None = None,
                question: str | None = None) -> Gold:
        from star_cli.sandbox import tests_from_row

        spec = code_gold(gold)
        return Gold(gold, "", None, None, (spec, tests_from_row(spec["tests"])),
                    question=question)

    def judge(self, gold: Gold, completion: str) -> Verdict:
        return self.judge_batch([(gold, completion)])[0]

    def judge_batch(self, items: Sequence[tuple[Gold, str]]) -> list[Verdict]:
        from star_cli.sandbox import Limits, check_many

        programs = [extract_program(c, g.structure[0].get("prefix")) for g, c in items]
        todo = [k for k, p in enumerate(programs) if p is not None]
        limits = Limits(wall_seconds=self.wall_seconds, memory_mb=self.memory_mb,
                        cpu_seconds=max(1, int(self.wall_seconds)))
        verdicts = _retried(lambda: check_many(
            self.sandbox(), [(programs[k].text, items[k][0].structure[1]) for k in todo],
            limits, workers=self.workers))
        out = [Verdict(None, False, "no_code", None, "tests")] * len(items)
        for k, v in zip(todo, verdicts, strict=True):
            program = programs[k]
            detail = "\n".join(v.detail.splitlines()[:DETAIL_LINES]) if v.detail else None
            out[k] = Verdict(program.text, v.correct, v.reason, program.end, "tests",
                             program.source, {"tests_passed": v.tests_passed,
                                              "tests_total": v.tests_total,
                                              "test_output": detail})
        return out


def _retried(run: Any) -> Any:
    """A sandbox failure (not a program's) is tried again; the last one is raised."""
    from star_cli.sandbox import SandboxError, SandboxUnavailable

    for attempt in range(RETRIES + 1):
        try:
            return run()
        except SandboxUnavailable:
            raise
        except SandboxError as e:
            if attempt == RETRIES:
                raise
            log.warning("the sandbox failed (%s); trying again (%d of %d)", e, attempt + 1,
                        RETRIES)
    raise AssertionError("unreachable")
