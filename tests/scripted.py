"""A scripted engine for tests: canned replies from a queue, or an arithmetic oracle.

Queue mode (in-process tests): put strings or Completions on `ScriptedEngine.queue`; each
completion served pops the next one. Oracle mode (the default, and what subprocess tests use
through `--engine tests.scripted:ScriptedEngine`): the engine reads the last "What is A + B?"
in the prompt and answers it right for even sample indexes, wrong for odd ones, and cuts
sample 3 short as if max_tokens ran out. `engine_args` may set `delay` (seconds per call)
and `hold` (a path: each call waits until that file exists, so a test decides when a run
goes on rather than racing it).
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from star_cli.engines.base import Completion, Engine, Request

_QUESTION = re.compile(r"What is (\d+) \+ (\d+)\?")
HOLD_SAFETY_S = 300.0  # a held run gives up after this, so a failed test leaves no orphan


class ScriptedEngine(Engine):
    name = "scripted"
    queue: ClassVar[list[str | Completion]] = []
    seen: ClassVar[list[Request]] = []
    calls: ClassVar[int] = 0

    def __init__(self, model: str, **options: Any) -> None:
        super().__init__(model, **options)
        args = options.get("engine_args", {})
        self.delay = float(args.get("delay", 0))
        self.hold = Path(args["hold"]) if args.get("hold") else None

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        type(self).calls += 1
        if self.hold is not None:
            deadline = time.monotonic() + HOLD_SAFETY_S
            while not self.hold.exists():
                if time.monotonic() > deadline:  # the test died without letting go
                    raise RuntimeError(f"{self.hold} never appeared")
                time.sleep(0.01)
        if self.delay:
            time.sleep(self.delay)
        out = []
        for request in requests:
            type(self).seen.append(request)
            out.append([self._one(request, i) for i in range(request.sampling.n)])
        return out

    def _one(self, request: Request, i: int) -> Completion:
        if self.queue:
            item = self.queue.pop(0)
            return item if isinstance(item, Completion) else Completion(item, "stop", 5)
        return oracle(request, i)


def oracle(request: Request, i: int) -> Completion:
    prompt = request.prompt if isinstance(request.prompt, str) else request.prompt[-1]["content"]
    found = _QUESTION.findall(prompt)
    a, b = (int(x) for x in found[-1]) if found else (0, 0)
    right = a + b
    if i == 3:
        return Completion(f"First, {a} + {b} is", "length", 6, -3.0)
    answer = right if i % 2 == 0 else right + 1
    text = f"{a} + {b} = {answer}. The answer is {answer}.\n\nQ: What is 1 + 1?\nA: 2"
    return Completion(text, "stop", 20, -1.5 - i)


def arithmetic_problems(count: int, start: int = 0) -> list[dict[str, str]]:
    """GSM8K-format problems the oracle can answer."""
    return [
        {"question": f"What is {k} + {2 * k + 1}?",
         "answer": f"{k} + {2 * k + 1} = {3 * k + 1}\n#### {3 * k + 1}"}
        for k in range(start, start + count)
    ]


_HINT = re.compile(r"\(Answer: ([^)]*)\)\s*$")
_CORRECT = re.compile(r"^\((\w)\) (.*) \(CORRECT\)$", re.M)


class HintEngine(Engine):
    """Knows the answer only when the prompt's last question shows it as a hint.

    `(Answer: N)` after the question (gsm8k, math) or a choice marked `(CORRECT)` (csqa):
    it reasons its way there. Without a hint it answers 0, or (a). With `engine_args`
    `leak=K`, every sample K gives the hint away ("The hint says ...")."""

    name = "hint"
    seen: ClassVar[list[Request]] = []

    def __init__(self, model: str, **options: Any) -> None:
        super().__init__(model, **options)
        self.leak = options.get("engine_args", {}).get("leak")

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        type(self).seen.extend(requests)
        return [[self._one(r, i) for i in range(r.sampling.n)] for r in requests]

    def _one(self, request: Request, i: int) -> Completion:
        prompt = request.prompt
        last = prompt[-1]["content"] if isinstance(prompt, list) else prompt.rpartition("Q: ")[2]
        last = last.removesuffix("\nA:")
        leak = self.leak is not None and i == self.leak
        if (m := _CORRECT.search(last)) is not None:
            answer = f"({m.group(1)}) {m.group(2)}"
            why = f"The hint says {answer}. " if leak else f"Only {m.group(2)} fits the question. "
        elif (m := _HINT.search(last)) is not None:
            answer = m.group(1)
            found = _QUESTION.findall(last)
            work = f"{found[-1][0]} + {found[-1][1]} = {answer}. " if found else "Working it out. "
            why = f"The hint says {answer}. " if leak else work
        else:
            answer, why = ("(a) " if "Answer Choices" in last else "0"), "I am not sure. "
        return Completion(f"{why}The answer is {answer}.\n\nQ: Next?", "stop", 12, -1.0)
