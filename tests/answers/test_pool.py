"""The worker pool: hard timeouts, replacement of killed or dead workers, any thread."""

from __future__ import annotations

import signal
import threading

import pytest

from star_cli.answers import check
from star_cli.answers.checker import Pending
from star_cli.answers.pool import Timeout, WorkerError, WorkerPool
from star_cli.registry import make_checker


@pytest.fixture
def stuck_pool():
    pool = WorkerPool(1, module="tests.slow_worker")
    yield pool
    pool.close()


def test_a_stuck_worker_is_killed_at_the_deadline_and_replaced(stuck_pool):
    assert stuck_pool.call(["quick", "quick"], 30) is True
    [stuck] = list(stuck_pool._idle.queue)  # the worker the next call gets
    with pytest.raises(Timeout, match="no verdict within 0.5 s"):
        stuck_pool.call(["hang", "hang"], 0.5)
    assert stuck.process.returncode == -signal.SIGKILL  # killed, not left hanging
    assert stuck_pool.timeouts == 1
    assert stuck_pool.call(["quick", "quick"], 30) is True  # a fresh worker took the slot
    assert stuck_pool.started == 2


def test_timeout_verdict_from_a_thread(stuck_pool):
    checker = make_checker("math", timeout=0.5)
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
        checker = make_checker("math")
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


# answers/ knows nothing of tasks/ (docs/architecture.md): its checkers judge a gold they are
# handed, in this process and in batch workers, without importing star_cli.tasks.

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

from star_cli.answers import BatchChecker, Pair
from star_cli.answers.checker import ChoiceChecker, MathChecker, NumericChecker
from star_cli.records import Choice

def check(checker, gold, completion, choices=None):
    return checker.judge(checker.prepare(gold, choices), completion)

assert check(NumericChecker(), "18", "So she makes 18 dollars.\n#### 18").correct
assert check(NumericChecker(), "18", "The answer is 17.").correct is False
v = check(MathChecker(60), r"\frac12", r"\boxed{\int_0^1 x\,dx}")
assert v.correct and v.method == "symbolic", v
choices = [Choice("a", "bank"), Choice("b", "library")]
assert check(ChoiceChecker(), "b", "Books are lent there. The answer is (b).", choices).correct
pairs = [Pair("3", "#### 3"), Pair("3", "#### 4")] * 400
with BatchChecker(NumericChecker(), workers=2) as batch:  # the workers rebuild the checker
    assert [v.correct for v in batch.check(pairs)] == [True, False] * 400
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


def test_a_task_name_stands_for_its_presets_checker():
    from star_cli.errors import UsageError
    from star_cli.registry import TASKS, checker_for
    from star_cli.tasks import get_task

    for name in TASKS.names():
        assert checker_for(name).name == get_task(name).checker.name
    assert checker_for("math", timeout=2.5).timeout == 2.5
    with pytest.raises(UsageError, match="unknown task or checker 'gsm9k'; tasks: gsm8k"):
        check("1", "The answer is 1.", task="gsm9k")


def test_names_that_moved_still_work_with_a_warning():
    import star_cli.answers as answers
    from star_cli.registry import CHECKERS

    with pytest.warns(DeprecationWarning, match="make_checker"):
        assert answers.get_checker("math").name == "math"
    with pytest.warns(DeprecationWarning):
        assert answers.TASK_CHECKERS["csqa"] == "choice"
    with pytest.warns(DeprecationWarning):
        assert answers.CHECKERS is CHECKERS
