"""A scripted engine for `star steps`: rollouts succeed exactly when the prefix holds no
wrong step.

Prompts are the addition task's (`Q: 00047 + 00385\\nA:` then the rationale's prefix). The
engine compares the prefix's scratchpad lines with the right ones: while every line so far
is right it completes the scratchpad correctly (steps and `The answer is ...`), otherwise it
ends with a wrong answer. So under any checker a rollout reaches the gold exactly when its
prefix holds, and the exact step labels of a trace are known.

`engine_args`: `delay` (seconds per call), `fail_after` (raise KeyboardInterrupt on that
call, as a Ctrl-C in the middle of a run; also a class attribute, which a test sets so that
the rerun's configuration is the same).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from typing import Any, ClassVar

from star_cli.engines.base import Completion, Engine, Request
from star_cli.tasks.addition import operands, scratchpad

_PROMPT = re.compile(r"Q: (\d+ \+ \d+)\nA:(.*)\Z", re.DOTALL)


def right_lines(question: str) -> list[str]:
    a, b = operands(question)  # type: ignore[misc]
    return scratchpad(a, b).splitlines()


def first_wrong(question: str, rationale: str) -> int:
    """The exact first wrong line of a scratchpad rationale (-1: every line is right)."""
    right = right_lines(question)
    lines = [line.strip() for line in rationale.splitlines() if line.strip()]
    for i, line in enumerate(lines):
        if i >= len(right) or line != right[i]:
            return i
    return -1 if len(lines) == len(right) else len(lines) - 1


def wrong_at(question: str, k: int | None) -> str:
    """The right scratchpad of `question` with line k (None: none) made wrong; a wrong step
    line leads on to a wrong answer."""
    lines = right_lines(question)
    if k is None:
        return "\n".join(lines)
    if k < len(lines) - 1:
        lines[k] = lines[k][:-1] + str((int(lines[k][-1]) + 1) % 10)
        lines[-1] = "The answer is 999999."
    else:
        lines[k] = "The answer is 999999."
    return "\n".join(lines)


class StepEngine(Engine):
    name = "scripted-steps"
    seen: ClassVar[list[Request]] = []
    calls: ClassVar[int] = 0
    fail_after: ClassVar[int | None] = None  # as engine_args' fail_after

    def __init__(self, model: str, **options: Any) -> None:
        super().__init__(model, **options)
        args = options.get("engine_args", {})
        self.delay = float(args.get("delay", 0))
        if "fail_after" in args:
            self.fail_after = args["fail_after"]

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        type(self).calls += 1
        if self.fail_after is not None and type(self).calls >= int(self.fail_after):
            raise KeyboardInterrupt
        if self.delay:
            time.sleep(self.delay)
        type(self).seen.extend(requests)
        return [[self._one(r) for _ in range(r.sampling.n)] for r in requests]

    def _one(self, request: Request) -> Completion:
        m = _PROMPT.search("Q: " + str(request.prompt).rpartition("Q: ")[2])
        if m is None:
            return Completion("The answer is 0.", "stop", 4)
        question, prefix = m.group(1), m.group(2)
        right = right_lines(question)
        lines = [line.strip() for line in prefix.splitlines() if line.strip()]
        if lines == right[:len(lines)]:
            rest = "\n".join(right[len(lines):])
            return Completion(rest + "\n\nQ: 1 + 1", "stop", len(rest))
        return Completion("The answer is 0.", "stop", 4)
