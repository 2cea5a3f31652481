"""The worker pool: hard timeouts, replacement of killed or dead workers, any thread."""

from __future__ import annotations

import threading
import time

import pytest

from star_cli.answers import check, get_checker
from star_cli.answers.checker import Pending
from star_cli.answers.pool import Timeout, WorkerError, WorkerPool


@pytest.fixture
def stuck_pool():
    pool = WorkerPool(1, module="tests.slow_worker")
    yield pool
    pool.close()


def test_a_stuck_worker_is_killed_at_the_deadline_and_replaced(stuck_pool):
    assert stuck_pool.call(["quick", "quick"], 30) is True
    started = time.monotonic()
    with pytest.raises(Timeout):
        stuck_pool.call(["hang", "hang"], 0.5)
    assert time.monotonic() - started < 3
    assert stuck_pool.timeouts == 1
    assert stuck_pool.call(["quick", "quick"], 30) is True  # a fresh worker took the slot
    assert stuck_pool.started == 2


def test_timeout_verdict_from_a_thread(stuck_pool):
    checker = get_checker("math", timeout=0.5)
    out = []
    t = threading.Thread(
        target=lambda: out.append(checker.resolve(Pending("x", "y", 3), stuck_pool))
    )
    t.start()
    t.join(20)
    assert out and out[0].reason == "timeout" and out[0].correct is False
    assert out[0].answer == "y" and out[0].end == 3


def test_a_dead_worker_is_an_error_verdict_and_replaced():
    pool = WorkerPool(1, module="tests.crashy_worker")
    try:
        checker = get_checker("math")
        v = checker.resolve(Pending("x", "y", 0), pool)
        assert (v.correct, v.reason) == (False, "error")
        assert pool.call(["quick", "quick"], 30) is True
    finally:
        pool.close()


def test_a_worker_that_raises_reports_an_error():
    pool = WorkerPool(1)
    try:
        with pytest.raises(WorkerError):
            pool.call(["only one"], 30)  # not a (gold, pred) pair
        assert pool.same("2", "2", 30) is True  # the worker survived its own exception
        assert pool.started == 1
    finally:
        pool.close()


def test_many_threads_share_the_pool():
    pool = WorkerPool(2)
    results: list[bool] = []
    pairs = [(r"\sqrt{12}", r"2\sqrt{3}", True), (r"\sqrt{12}", "3", False)] * 3
    try:
        def one(gold: str, pred: str, want: bool) -> None:
            results.append(pool.same(gold, pred, 60) == want)

        threads = [threading.Thread(target=one, args=pair) for pair in pairs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert results == [True] * len(pairs)
        assert pool.started <= 2
    finally:
        pool.close()


def test_real_sympy_hang_times_out():
    # Two towers that differ: our evaluator refuses exponents this large, so sympy gets them.
    v = check(r"10^{10^{10^{10}}}", r"\boxed{10^{10^{10^{11}}}}", "math", timeout=1)
    assert v.correct is False
    assert v.reason in ("timeout", "mismatch")  # sympy may also decide quickly on a fast box


# answers/ knows nothing of tasks/ (DESIGN, "Lines of force"): `check(..., task="gsm8k")`
# maps a preset to its checker by name, without importing star_cli.tasks.

ISOLATED = r"""
import importlib.abc, sys, types

class NoTasks(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "star_cli.tasks" or name.startswith("star_cli.tasks."):
            raise ImportError("star_cli.answers imported " + name)

sys.meta_path.insert(0, NoTasks())
# The top-level package re-exports tasks (as it may); answers/ is what is under test, so
# star_cli's own __init__ is left out.
package = types.ModuleType("star_cli")
package.__path__ = [sys.argv[1]]
sys.modules["star_cli"] = package

from star_cli.answers import check, check_many
from star_cli.records import Choice

assert check("18", "So she makes 18 dollars.\n#### 18", task="gsm8k").correct
assert check("18", "The answer is 17.", "gsm8k").correct is False
v = check(r"\frac12", r"\boxed{\int_0^1 x\,dx}", task="math", timeout=60)
assert v.correct and v.method == "symbolic", v
choices = [Choice("a", "bank"), Choice("b", "library")]
assert check("b", "Books are lent there. The answer is (b).", "csqa", choices).correct
assert check("12", "The answer is 12.", task="numeric").correct  # a checker's name works too
assert [v.correct for v in check_many([("3", "#### 3"), ("3", "#### 4")], "gsm8k", workers=1)] \
    == [True, False]
tasks = [m for m in sys.modules if m == "star_cli.tasks" or m.startswith("star_cli.tasks.")]
assert not tasks, tasks
print("isolated")
"""


def test_answers_never_imports_tasks():
    import subprocess
    import sys
    from pathlib import Path

    import star_cli

    package = str(Path(star_cli.__file__).parent)
    result = subprocess.run([sys.executable, "-c", ISOLATED, package], capture_output=True,
                            text=True, timeout=120, cwd=str(Path(package).parent))
    assert result.returncode == 0 and result.stdout.strip() == "isolated", result.stderr


def test_no_module_of_answers_imports_tasks():
    import ast
    from pathlib import Path

    import star_cli.answers

    for path in Path(star_cli.answers.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not [n for n in names if n.split(".")[:2] == ["star_cli", "tasks"]], path


def test_the_preset_table_agrees_with_the_presets():
    from star_cli.answers import TASK_CHECKERS, checker_for
    from star_cli.errors import UsageError
    from star_cli.tasks import PRESETS, get_task

    assert set(TASK_CHECKERS) == set(PRESETS)
    for name in PRESETS:
        assert checker_for(name).name == get_task(name).checker.name == TASK_CHECKERS[name]
    assert checker_for("math", timeout=2.5).timeout == 2.5
    with pytest.raises(UsageError, match="unknown task 'gsm9k'"):
        check("1", "The answer is 1.", task="gsm9k")
