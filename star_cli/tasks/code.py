"""`--task code`: programming problems checked by running their tests in a sandbox.

The layout of each row is read from its fields:

- HumanEval: `task_id`, `prompt` (a function's signature and docstring), `test` (a `check`
  function), `entry_point`, `canonical_solution`;
- MBPP: `text` or `prompt` (the task), `code` (a solution), `test_list` (asserts),
  `test_setup_code`;
- stdin/stdout (APPS, CodeContests, LiveCodeBench): `question` with `inputs`/`outputs` lists
  or an `input_output` JSON field, and a solution in `solution(s)` when there is one.

The gold is the row's tests as JSON (`checkers/code.py` reads it), with the function prompt a
continuation completes and the reference solution (the hint of `star rationalize --hint
solution`). Prompts: text prompts frame each problem as `Q: ... A:`; for a HumanEval function
the answer opens a code block with the function's prompt, so a base model continues the
function; chat prompts ask for reasoning first, then one fenced Python block. Either way the
rationale is the completion up to the end of the program, and the program is its answer.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from star_cli.answers.code import extract_program, overlap
from star_cli.checkers.code import CodeChecker, code_gold
from star_cli.errors import InputError, UsageError
from star_cli.records import Choice, Location, Problem, Prompt
from star_cli.tasks.base import (
    Exemplar,
    PromptOptions,
    Task,
    record_id,
    require,
    require_text,
    text_of,
)

HINTS = ("solution", "tests")
LEAK_OVERLAP = 0.8  # a program holding this share of the reference's 8-grams copies it


@dataclass(frozen=True)
class CodeOptions:
    hint: str = "solution"  # rationalize: show the reference solution, or the tests

    def __post_init__(self) -> None:
        if self.hint not in HINTS:
            raise UsageError(f"--hint must be one of {', '.join(HINTS)}, got {self.hint!r}")


_EXEMPLARS = (
    Exemplar(
        "Write a function `second_largest(xs)` that returns the second largest distinct "
        "value of a list of integers, or None when there is none.",
        "Distinct values matter, so I take the set first. With fewer than two distinct "
        "values there is no second largest. Otherwise I sort them and take the one before "
        "the last.\n```python\ndef second_largest(xs):\n    values = sorted(set(xs))\n"
        "    if len(values) < 2:\n        return None\n    return values[-2]\n```"),
    Exemplar(
        "Read two integers n and k from standard input (on one line), and print how many "
        "numbers from 1 to n are divisible by k.",
        "The multiples of k up to n are k, 2k, ..., and there are n // k of them. I read "
        "both numbers from one line and print the quotient.\n```python\n"
        "n, k = map(int, input().split())\nprint(n // k)\n```"),
)


class Code(Task):
    """Programming problems (HumanEval, MBPP, stdin/stdout): a program is right when its
    tests pass in a sandbox."""

    name = "code"
    options_type = CodeOptions
    instruction = ("Solve each programming problem. Explain your approach briefly, then give "
                   "the complete program in one ```python code block.")
    exemplars = _EXEMPLARS
    stop = ("\nQ:",)

    def __init__(self, options: CodeOptions | None = None) -> None:
        self.options = options or CodeOptions()
        self.checker = CodeChecker()

    # -- reading ---------------------------------------------------------------------------
    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        if "entry_point" in record and "test" in record:
            return self._humaneval(record, where)
        if "test_list" in record:
            return self._mbpp(record, where)
        return self._stdio(record, where)

    def _humaneval(self, record: Mapping[str, Any], where: Location) -> Problem:
        expected = "the function's signature and docstring"
        # As given: the completion continues it, so its last newline matters.
        prompt = text_of(require(record, "prompt", where, expected), where, "prompt", expected)
        entry = require_text(record, "entry_point", where, "the function's name")
        test = require_text(record, "test", where, "a check(candidate) function")
        solution = record.get("canonical_solution")
        question = (f"Complete the function `{entry}`:\n```python\n{prompt.rstrip()}\n```")
        gold = {"layout": "humaneval", "prefix": prompt,
                "tests": {"prompt": prompt, "test": test, "entry_point": entry},
                "solution": prompt + solution if isinstance(solution, str) else None}
        return self._problem(record, question, gold, where)

    def _mbpp(self, record: Mapping[str, Any], where: Location) -> Problem:
        field = "text" if "text" in record else "prompt"
        text = require_text(record, field, where, "the task")
        tests = record["test_list"]
        if not isinstance(tests, list) or not tests or not all(isinstance(t, str)
                                                              for t in tests):
            raise InputError("must be a non-empty list of assert statements", path=where.path,
                             line=where.line, field="test_list")
        setup = record.get("test_setup_code") or ""
        question = f"{text}\nYour code should pass these tests:\n" + "\n".join(tests)
        solution = record.get("code")
        gold = {"layout": "mbpp", "prefix": None,
                "tests": {"test_list": tests, "test_setup_code": str(setup)},
                "solution": solution if isinstance(solution, str) else None}
        return self._problem(record, question, gold, where)

    def _stdio(self, record: Mapping[str, Any], where: Location) -> Problem:
        question = require_text(record, "question", where, "the problem statement")
        tests = {k: record[k] for k in ("inputs", "outputs", "input_output") if k in record}
        if not tests:
            raise InputError("no tests: a code problem needs entry_point and test (HumanEval), "
                             "test_list (MBPP), or inputs and outputs / input_output (stdio)",
                             path=where.path, line=where.line, field="inputs")
        gold = {"layout": "stdio", "prefix": None, "tests": tests,
                "solution": _first_solution(record)}
        question += "\nRead the input from standard input and print the answer."
        return self._problem(record, question, gold, where)

    def _problem(self, record: Mapping[str, Any], question: str, gold: dict[str, Any],
                 where: Location) -> Problem:
        from star_cli.sandbox import tests_from_row

        try:
            tests_from_row(gold["tests"])  # bad tests are the row's error, found now
        except InputError as e:
            raise InputError(str(e).split(": ", 1)[-1], path=where.path, line=where.line,
                             field=e.field) from None
        text = json.dumps(gold, ensure_ascii=False, sort_keys=True)
        pid = record_id(record, "task_id", question) if "task_id" in record else \
            record_id(record, "id", question)
        return Problem(pid, question, text)

    # -- prompts ---------------------------------------------------------------------------
    def prompt(self, problem: Problem, options: PromptOptions) -> Prompt:
        prompt = super().prompt(problem, options)
        prefix = _spec(problem.gold).get("prefix")
        if prefix and not options.chat:
            # A base model continues the function: the answer opens its code block.
            return f"{prompt} ```python\n{prefix}"
        return prompt

    def hinted_question(self, question: str, choices: Sequence[Choice] | None,
                        gold: str) -> tuple[str, str]:
        spec = code_gold(gold)
        if spec.get("solution") and (self.options.hint == "solution"
                                     or spec.get("layout") not in _TESTED):
            hint = f"(A reference solution:\n```python\n{spec['solution'].rstrip()}\n```)"
        else:
            hint = f"(It must pass these tests:\n{_tests_text(spec)})"
        return f"{question}\n{hint}", hint

    def exemplar_gold(self, ex: Exemplar) -> str:
        """An exemplar's gold: its own program as the reference solution (the hint the
        rationalization few-shot shows); exemplars carry no tests."""
        program = extract_program(ex.rationale)
        return json.dumps({"layout": "exemplar", "prefix": None, "tests": {},
                           "solution": program.text if program else None}, sort_keys=True)

    def gold_from_solution(self, solution: str) -> str | None:
        return None

    # -- leaks -------------------------------------------------------------------------------
    def hint_leak(self, text: str, problem: Problem, gold: Any,
                  thinking: str | None = None) -> str | None:
        """A rationalized program that copies the reference solution shown as the hint
        (LEAK_OVERLAP of its token 8-grams) is a leak, beside the prose rules."""
        spec = code_gold(problem.gold)
        program = extract_program(text, spec.get("prefix"))
        if spec.get("solution") and program is not None and \
                overlap(program.text, spec["solution"]) >= LEAK_OVERLAP:
            return "copies_solution"
        return super().hint_leak(text, problem, gold, thinking=thinking)


_TESTED = ("humaneval", "mbpp", "stdio")


def _spec(gold: str) -> dict[str, Any]:
    """The gold's spec, or nothing for a gold that is no code problem's (a prompt is still
    built: only a function's prompt is continued)."""
    try:
        return code_gold(gold)
    except InputError:
        return {}


def _first_solution(record: Mapping[str, Any]) -> str | None:
    for name in ("solution", "solutions", "code"):
        value = record.get(name)
        if isinstance(value, str) and value.strip().startswith("["):
            with contextlib.suppress(ValueError):  # APPS: a JSON list of solutions
                value = json.loads(value)
        if isinstance(value, list) and value and isinstance(value[0], str):
            return value[0]
        if isinstance(value, str) and value.strip():
            return value
    return None


def _tests_text(spec: dict[str, Any]) -> str:
    tests = spec["tests"]
    if spec["layout"] == "humaneval":
        return tests["test"].strip()
    if spec["layout"] == "mbpp":
        return "\n".join(tests["test_list"])
    from star_cli.sandbox import tests_from_row

    t = tests_from_row(tests)
    return "\n".join(f"input:\n{i}output:\n{o}" for i, o in list(zip(t.inputs, t.outputs,
                                                                     strict=True))[:3])
