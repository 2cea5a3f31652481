"""Checking a candidate program against its tests, in a sandbox, proven by a token.

`check_program` builds ONE self-contained Python program (the in-sandbox harness,
_runtime.py, plus the candidate and its tests as data), runs it in a Sandbox with a fresh
`secrets.token_hex` on stdin, and believes only what the harness prints behind that token.
The candidate never holds the token: the harness reads it before any candidate code exists,
runs the candidate in a separate interpreter, and keeps the tests' assertions in its own
process (see _runtime.py for the two-process design).

Three layouts of tests:

* HumanEvalTests(prompt, test, entry_point): the prompt runs (trusted) in the harness, so
  helpers it defines (poly, encode_cyclic) are the dataset's; `check(candidate)` runs with
  each asserting statement counted as one test; the entry point's name is the candidate.
* MBPPTests(test_list, test_setup_code): each assert string is one test; names they use
  that the setup code does not define are looked up in the candidate's program.
* StdioTests(inputs, outputs): each case is a fresh run of the program as __main__ with the
  input on stdin; outputs compared line by line after whitespace normalisation (APPS /
  LiveCodeBench). One sandbox run for all cases (a fresh interpreter per case inside it):
  one sandbox start instead of N, and cases cannot leak state into each other.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from star_cli.errors import InputError
from star_cli.sandbox.base import MEMORY, OUTPUT_LIMIT, TIMEOUT, Limits, Sandbox, SandboxError

MAX_PROGRAM_CHARS = 256_000  # what we compile in-process and ship; a longer "program" fails
REASONS = ("passed", "failed", "timeout", "memory", "crashed", "syntax_error", "no_code")
HARNESS_FILE = "main.py"


@dataclass(frozen=True)
class HumanEvalTests:
    prompt: str
    test: str
    entry_point: str


@dataclass(frozen=True)
class MBPPTests:
    test_list: tuple[str, ...]
    test_setup_code: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "test_list", tuple(self.test_list))


@dataclass(frozen=True)
class StdioTests:
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(self.inputs))
        object.__setattr__(self, "outputs", tuple(self.outputs))
        if len(self.inputs) != len(self.outputs):
            raise InputError(f"stdio tests: {len(self.inputs)} inputs but "
                             f"{len(self.outputs)} outputs")


Tests = HumanEvalTests | MBPPTests | StdioTests


@dataclass(frozen=True)
class CodeVerdict:
    """`correct` only when the harness's token line said every test passed."""

    correct: bool
    tests_passed: int
    tests_total: int
    reason: str  # one of REASONS
    detail: str = ""


def tests_from_row(row: Mapping) -> Tests:
    """The tests of a dataset row, by its fields: HumanEval (prompt, test, entry_point), MBPP
    (test_list, test_setup_code), stdio (inputs + outputs, or APPS' input_output JSON)."""
    if "entry_point" in row and "test" in row:
        return HumanEvalTests(str(row.get("prompt") or ""), str(row["test"]),
                              str(row["entry_point"]))
    if "test_list" in row:
        return MBPPTests(tuple(str(t) for t in row["test_list"]),
                         str(row.get("test_setup_code") or ""))
    io = row.get("input_output")
    if isinstance(io, str) and io.strip():
        try:
            io = json.loads(io)
        except ValueError as e:
            raise InputError(f"input_output is not JSON ({e})", field="input_output") from None
    if isinstance(io, Mapping):
        if io.get("fn_name"):
            raise InputError("function-call APPS problems (fn_name) are not a stdio layout",
                             field="input_output")
        row = io
    if "inputs" in row and "outputs" in row:
        return StdioTests(tuple(_text(x) for x in row["inputs"]),
                          tuple(_text(x) for x in row["outputs"]))
    raise InputError("no code tests found: need entry_point + test (HumanEval), test_list "
                     "(MBPP), or inputs + outputs (stdio)")


def _text(x: object) -> str:
    if isinstance(x, list):  # APPS sometimes stores an input as a list of lines
        return "\n".join(str(i) for i in x)
    return str(x)


def check_program(sandbox: Sandbox, program: str, tests: Tests,
                  limits: Limits | None = None) -> CodeVerdict:
    """Run `program` against `tests` in `sandbox`. A verdict for anything the program did;
    SandboxError when the sandbox or the harness failed (never a label)."""
    limits = limits or Limits()
    total = _count(tests)
    early = precheck(program)
    if early is not None:
        reason, detail = early
        return CodeVerdict(False, 0, total, reason, detail)
    token = secrets.token_hex(16)
    source = build_harness(program, tests, limits=limits,
                           own_pidns=getattr(sandbox, "own_pid_namespace", False))
    result = sandbox.run({HARNESS_FILE: source}, ["python", "-I", "-S", HARNESS_FILE],
                         token + "\n", limits)
    reports = read_reports(result.stdout, token)
    errors = [r["error"] for r in reports if "error" in r]
    if errors:
        raise SandboxError(f"code check: {str(errors[0])[:500]}")
    if not any(r.get("started") for r in reports):
        tail = " / ".join(result.stderr.strip().splitlines()[-3:])[:400]
        raise SandboxError(f"code check: the harness did not start in the sandbox "
                           f"({result.backend or sandbox.name}: {result.status}"
                           f"{', ' + tail if tail else ''})")
    done = [r for r in reports if r.get("done")]
    if not done:
        # Started, then killed from outside before it could report: the candidate made the
        # run exceed a limit of the whole sandbox, or killed the harness (not under bwrap).
        reason = {TIMEOUT: "timeout", MEMORY: "memory", OUTPUT_LIMIT: "crashed"}.get(
            result.status, "crashed")
        tail = " / ".join(result.stderr.strip().splitlines()[-2:])[:300]
        detail = f"the harness was stopped ({result.status})" + (f": {tail}" if tail else "")
        return CodeVerdict(False, 0, total, reason, detail)
    d = done[-1]
    try:
        passed, n, reason = int(d["passed"]), int(d["total"]), str(d["reason"])
    except (KeyError, TypeError, ValueError):
        raise SandboxError(f"code check: unreadable harness report {str(d)[:200]}") from None
    if reason not in REASONS:
        raise SandboxError(f"code check: unknown reason {reason!r} from the harness")
    correct = reason == "passed" and passed == n > 0
    return CodeVerdict(correct, passed, n, reason, str(d.get("detail", ""))[:800])


def check_many(sandbox: Sandbox, items: Iterable[tuple[str, Tests]],
               limits: Limits | None = None, workers: int = 2) -> list[CodeVerdict]:
    """check_program over (program, tests) pairs, `workers` at a time (each run is its own
    process tree, so threads suffice). Verdicts in input order; the first SandboxError
    stops the rest and is raised."""
    from concurrent.futures import ThreadPoolExecutor

    items = list(items)
    if workers <= 1:
        return [check_program(sandbox, p, t, limits) for p, t in items]
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="star-code")
    try:
        futures = [pool.submit(check_program, sandbox, p, t, limits) for p, t in items]
        return [f.result() for f in futures]
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def precheck(program: str) -> tuple[str, str] | None:
    """What can be said without running anything: no code, too long, or a syntax error.
    compile() only parses and folds constants (bounded by CPython); it never runs the code,
    and the size bound keeps it fast."""
    if not program.strip():
        return "no_code", "the program is empty"
    if len(program) > MAX_PROGRAM_CHARS:
        return "failed", f"the program is over {MAX_PROGRAM_CHARS} characters"
    try:
        compile(program, "<candidate>", "exec", dont_inherit=True)
    except SyntaxError as e:
        return "syntax_error", f"{type(e).__name__}: {e.msg} (line {e.lineno})"
    except (ValueError, RecursionError, MemoryError, OverflowError) as e:
        return "syntax_error", f"{type(e).__name__}: {str(e)[:200]}"
    return None


def harness_budget(limits: Limits) -> float:
    """The harness's own deadline, inside the sandbox's wall clock: it stops testing and
    reports a timeout itself, before the host has to kill the run."""
    margin = min(1.0, 0.1 * limits.wall_seconds + 0.2)
    return max(limits.wall_seconds - margin, limits.wall_seconds * 0.5)


def build_harness(program: str, tests: Tests, *, limits: Limits, own_pidns: bool) -> str:
    """The one self-contained program the sandbox runs (a single file, as a remote service
    takes one `code` string). Reads its token from the first line of stdin.

    What needs the ast module is done here, on the host, so the harness need not import it:
    HumanEval's check() with each asserting statement wrapped to record its outcome, and
    the names the tests take from the candidate."""
    spec: dict = {"program": program, "budget": harness_budget(limits),
                  "cap": limits.output_bytes, "own_pidns": own_pidns}
    if isinstance(tests, HumanEvalTests):
        spec.update(layout="humaneval", entry_point=tests.entry_point, **_humaneval(tests))
    elif isinstance(tests, MBPPTests):
        spec.update(layout="mbpp", **_mbpp(tests))
    elif isinstance(tests, StdioTests):
        if not tests.inputs:
            raise InputError("stdio tests: no cases", field="inputs")
        spec.update(layout="stdio", cases=[list(c) for c in zip(tests.inputs, tests.outputs,
                                                                strict=True)])
    else:
        raise TypeError(f"unknown tests layout {type(tests).__name__}")
    return runtime_source() + "\n\n_star_main(" + repr(json.dumps(spec)) + ")\n"


def _humaneval(tests: HumanEvalTests) -> dict:
    import ast

    if not tests.entry_point.isidentifier():
        raise InputError(f"entry_point {tests.entry_point!r} is not a Python name",
                         field="entry_point")
    prompt = _parse(tests.prompt, "prompt")
    tree = _parse(tests.test, "test")
    checks = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "check"]
    if not checks:
        raise InputError("the tests define no check(candidate)", field="test")
    sources: list[str] = []
    for fn in checks[-1:]:
        body: list[ast.stmt] = []
        for stmt in fn.body:
            if not any(isinstance(n, ast.Assert) for n in ast.walk(stmt)):
                body.append(stmt)
                continue
            k = len(sources)
            sources.append(ast.get_source_segment(tests.test, stmt) or ast.unparse(stmt))
            wrapped = ast.parse(
                "try:\n    pass\n"
                "except _star_Stop:\n    raise\n"
                f"except BaseException as _star_e:\n    _star_record({k}, _star_e)\n"
                f"else:\n    _star_record({k}, None)\n").body[0]
            assert isinstance(wrapped, ast.Try)
            wrapped.body = [stmt]
            body.append(wrapped)
        fn.body = body
    if not sources:
        sources = ["check(candidate)"]
    free = _free_names(tree) - {"candidate"}
    defined = _top_level_names(prompt)
    needs_prompt = bool((free & defined) - {tests.entry_point})
    names = [tests.entry_point] + sorted(free - defined - {tests.entry_point})
    return {"check": ast.unparse(ast.fix_missing_locations(tree)), "sources": sources,
            "setup": tests.prompt if needs_prompt else "", "names": names,
            "preimport": sorted(_imports(tree) | (_imports(prompt) if needs_prompt else set()))}


def _mbpp(tests: MBPPTests) -> dict:
    if not tests.test_list:
        raise InputError("test_list is empty", field="test_list")
    setup = _parse(tests.test_setup_code, "test_setup_code")
    trees = [_parse(t, "test_list") for t in tests.test_list]
    free: set[str] = set()
    for t in trees:
        free |= _free_names(t)
    names = sorted(free - _top_level_names(setup))
    imports = _imports(setup)
    for t in trees:
        imports |= _imports(t)
    stdlib = getattr(sys, "stdlib_module_names", frozenset())
    imports |= {n for n in names if n in stdlib}  # `math.isclose(...)` with no import
    return {"sources": list(tests.test_list), "setup": tests.test_setup_code, "names": names,
            "preimport": sorted(imports)}


def _parse(src: str, field: str):
    import ast

    try:
        return ast.parse(src)
    except (SyntaxError, ValueError) as e:
        raise InputError(f"the tests do not compile: {e}", field=field) from None


def _free_names(tree) -> set[str]:
    """Names read that nothing in `tree` binds and that are not builtins."""
    import ast
    import builtins

    loads, bound = set(), set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name):
            (loads if isinstance(n.ctx, ast.Load) else bound).add(n.id)
        elif isinstance(n, ast.arg):
            bound.add(n.arg)
        elif isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            bound |= {(a.asname or a.name).split(".")[0] for a in n.names}
        elif isinstance(n, ast.ExceptHandler) and n.name:
            bound.add(n.name)
    return {n for n in loads - bound if not hasattr(builtins, n)}


def _top_level_names(tree) -> set[str]:
    import ast

    names: set[str] = set()
    for n in tree.body:
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(n.name)
        elif isinstance(n, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in n.names}
        else:
            names |= {x.id for x in ast.walk(n)
                      if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store)}
    return names


def _imports(tree) -> set[str]:
    import ast

    out: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            out |= {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module and not n.level:
            out.add(n.module)
    return out


_RUNTIME: str | None = None


def runtime_source() -> str:
    global _RUNTIME
    if _RUNTIME is None:
        _RUNTIME = (Path(__file__).parent / "_runtime.py").read_text(encoding="utf-8")
    return _RUNTIME


def read_reports(stdout: str, token: str) -> list[dict]:
    """The harness's lines: `TOKEN {json}` at the start of a line. Anything else in the
    output (there should be nothing) is ignored, whatever it says."""
    out = []
    prefix = token + " "
    for line in stdout.splitlines():
        if line.startswith(prefix):
            try:
                obj = json.loads(line[len(prefix):])
            except ValueError:
                continue
            if isinstance(obj, dict):
                out.append(obj)
    return out


def _count(tests: Tests) -> int:
    """How many tests, as the harness will count them (for verdicts given without a run)."""
    if isinstance(tests, MBPPTests):
        return len(tests.test_list)
    if isinstance(tests, StdioTests):
        return len(tests.inputs)
    import ast

    try:
        tree = ast.parse(tests.test)
    except SyntaxError:
        return 1
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "check":
            n = sum(any(isinstance(x, ast.Assert) for x in ast.walk(s)) for s in node.body)
            return max(n, 1)
    return 1
