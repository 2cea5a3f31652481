"""The harness: the three layouts, counting, reasons, what crosses between tests and program."""

from __future__ import annotations

import pytest

from star_cli.errors import InputError
from star_cli.sandbox import (
    CodeVerdict,
    HumanEvalTests,
    Limits,
    MBPPTests,
    SandboxError,
    StdioTests,
    check_many,
    check_program,
)
from star_cli.sandbox import tests_from_row as from_row
from star_cli.sandbox.harness import build_harness, precheck, read_reports
from tests.sandbox.conftest import FAST

PROMPT = '''from typing import List


def sum_pairs(xs: List[int]) -> List[int]:
    """Sums of neighbours."""
'''
TEST = '''

METADATA = {}


def check(candidate):
    assert candidate([1, 2, 3]) == [3, 5]
    assert candidate([]) == []
    for n in range(5):
        assert candidate([n, n]) == [2 * n]
    assert candidate([-1, 1]) == [0]
'''
HE = HumanEvalTests(PROMPT, TEST, "sum_pairs")
GOOD = PROMPT + "    return [a + b for a, b in zip(xs, xs[1:])]\n"
HALF = PROMPT + "    return [a + b for a, b in zip(xs, xs[1:])] if not xs or xs[0] >= 0 " \
                "else [1]\n"

MBPP = MBPPTests(("assert remove_odd([1,2,3]) == [2]", "assert remove_odd([2,4]) == [2,4]",
                  "assert math.isclose(half(3), 1.5)"))
MBPP_GOOD = "import math\ndef remove_odd(l):\n    return [x for x in l if x % 2 == 0]\n" \
            "def half(x):\n    return x / 2\n"

STDIO = StdioTests(("1 2\n", "10 20\n", "0 0\n"), ("3\n", "30", "0  \n\n"))
STDIO_GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"


def verdict(box, program, tests, limits=FAST) -> CodeVerdict:
    return check_program(box, program, tests, limits)


def test_humaneval_layout(bwrap):
    v = verdict(bwrap, GOOD, HE)
    assert v == CodeVerdict(True, 4, 4, "passed", "")
    v = verdict(bwrap, HALF, HE)
    assert (v.correct, v.tests_passed, v.tests_total, v.reason) == (False, 3, 4, "failed")
    assert v.detail.startswith("test 4/4: assert candidate([-1, 1]) == [0]: AssertionError")


def test_humaneval_completion_style_and_a_missing_entry_point(bwrap):
    assert verdict(bwrap, PROMPT + "    out = []\n    for a, b in zip(xs, xs[1:]):\n"
                   "        out.append(a + b)\n    return out\n", HE).correct
    v = verdict(bwrap, "def other(xs):\n    return xs\n", HE)
    assert not v.correct and v.reason == "failed" and "defines no sum_pairs" in v.detail


def test_mbpp_layout(bwrap):
    assert verdict(bwrap, MBPP_GOOD, MBPP) == CodeVerdict(True, 3, 3, "passed", "")
    # `math` is not imported by the tests or the program: the harness imports it itself
    v = verdict(bwrap, MBPP_GOOD.replace("import math\n", ""), MBPP)
    assert v.correct, v
    v = verdict(bwrap, MBPP_GOOD.replace("x % 2 == 0", "x % 2"), MBPP)
    assert (v.tests_passed, v.tests_total, v.reason) == (1, 3, "failed")
    assert v.detail.startswith("test 1/3: assert remove_odd([1,2,3]) == [2]")


def test_stdio_layout(bwrap):
    assert verdict(bwrap, STDIO_GOOD, STDIO) == CodeVerdict(True, 3, 3, "passed", "")
    # as __main__, with exit() available, input through sys.stdin too
    assert verdict(bwrap, "import sys\nif __name__ == '__main__':\n    a, b = map(int, sys."
                   "stdin.read().split())\n    print(a + b)\n    exit(0)\n", STDIO).correct
    v = verdict(bwrap, "a, b = map(int, input().split())\nprint(a + b if a else 1)\n", STDIO)
    assert (v.tests_passed, v.reason) == (2, "failed")
    assert v.detail == "case 3/3: expected '0  \\n\\n', got '1\\n'"
    v = verdict(bwrap, "input()\nprint(1 // 0)\n", STDIO)
    assert v.reason == "failed" and "ZeroDivisionError" in v.detail


def test_stdio_whitespace_rules(bwrap):
    tests = StdioTests(("",), ("1 2\n3\n",))
    assert verdict(bwrap, "print(' 1   2 ')\nprint('3')\nprint()\n", tests).correct
    assert not verdict(bwrap, "print('1 2 3')\n", tests).correct  # lines still count
    assert not verdict(bwrap, "print('12')\nprint('3')\n", tests).correct


def test_syntax_error_and_no_code_need_no_sandbox():
    class Refuses:
        name = "refuses"

        def run(self, *a):
            raise AssertionError("ran")

    v = check_program(Refuses(), "def f(:\n  pass", HE)
    assert (v.correct, v.reason, v.tests_total) == (False, "syntax_error", 4)
    assert "line 1" in v.detail
    assert check_program(Refuses(), "  \n", HE).reason == "no_code"
    assert check_program(Refuses(), "x = '\0'", MBPP).reason == "syntax_error"
    assert check_program(Refuses(), "return 1", STDIO).reason == "syntax_error"
    assert precheck("x" * 300_000)[0] == "failed"


@pytest.mark.slow
def test_reasons(bwrap):
    he = HumanEvalTests("", "def check(candidate):\n    assert candidate(1) == 2\n", "f")
    cases = {
        "def f(x):\n    while True:\n        pass\n": "timeout",
        "import time\ndef f(x):\n    time.sleep(100)\n": "timeout",
        "def f(x):\n    return bytearray(1 << 30)\n": "memory",
        "def f(x):\n    return f(x)\n": "failed",  # RecursionError
        "def f(x):\n    raise ValueError('no')\n": "failed",
        "import os\ndef f(x):\n    os._exit(0)\n": "crashed",
        "import os\nos.kill(os.getpid(), 11)\n": "crashed",
        "raise SystemExit(0)\n": "crashed",
        "import nonexistent_module\n": "failed",
    }
    limits = Limits(cpu_seconds=1, wall_seconds=2, memory_mb=256)
    for program, reason in cases.items():
        v = verdict(bwrap, program, he, limits)
        assert (v.correct, v.reason) == (False, reason), (program, v)


def test_tests_that_expect_an_exception_and_objects_the_program_defines(bwrap):
    tests = MBPPTests((
        "try:\n    checked(-1)\n    raise AssertionError('no error')\nexcept ValueError:\n"
        "    pass",
        "assert chain([Pair(1, 2), Pair(3, 4)]) == 2",
        "assert str(Pair(1, 2)) == 'P(1,2)'",
        "assert list(gen(3)) == [0, 1, 2]",
        "assert counts('aab') == {'a': 2, 'b': 1}",
        "assert LIMIT == 10 and pair_tuple() == (1, 2)",
    ))
    program = """
from collections import Counter, namedtuple
LIMIT = 10
P = namedtuple("P", "a b")
class Pair:
    def __init__(self, a, b): self.a, self.b = a, b
    def __str__(self): return f"P({self.a},{self.b})"
def checked(x):
    if x < 0:
        raise ValueError(x)
def chain(pairs): return len(pairs)
def gen(n): return (i for i in range(n))
def counts(s): return Counter(s)
def pair_tuple(): return P(1, 2)
"""
    v = verdict(bwrap, program, tests)
    assert v.correct, v


def test_arguments_that_cannot_cross_fail_with_a_reason(bwrap):
    tests = MBPPTests(("assert apply(lambda x: x + 1, 1) == 2",))
    v = verdict(bwrap, "def apply(f, x):\n    return f(x)\n", tests)
    assert not v.correct and "cannot pass a function" in v.detail


def test_tests_from_row():
    assert from_row({"prompt": "p", "test": "t", "entry_point": "f"}) == \
        HumanEvalTests("p", "t", "f")
    assert from_row({"test_list": ["assert 1"], "test_setup_code": ""}) == \
        MBPPTests(("assert 1",), "")
    assert from_row({"inputs": ["1"], "outputs": ["2"]}) == StdioTests(("1",), ("2",))
    assert from_row({"input_output": '{"inputs": [["1", "2"]], "outputs": ["3"]}'}) == \
        StdioTests(("1\n2",), ("3",))
    with pytest.raises(InputError, match="fn_name"):
        from_row({"input_output": '{"fn_name": "f", "inputs": [], "outputs": []}'})
    with pytest.raises(InputError, match="no code tests"):
        from_row({"question": "q"})
    with pytest.raises(InputError, match="2 outputs"):
        StdioTests(("1",), ("2", "3"))


def test_bad_tests_are_an_input_error_not_a_label(bwrap):
    with pytest.raises(InputError, match="do not compile"):
        check_program(bwrap, GOOD, HumanEvalTests(PROMPT, "def check(c):\n  assert (", "f"))
    with pytest.raises(InputError, match="no check"):
        check_program(bwrap, GOOD, HumanEvalTests(PROMPT, "x = 1", "sum_pairs"))
    with pytest.raises(InputError, match="empty"):
        check_program(bwrap, GOOD, MBPPTests(()))


def test_a_harness_that_does_not_start_is_a_sandbox_error(bwrap):
    class Broken:
        name = "broken"

        def run(self, files, argv, stdin, limits):
            return bwrap.run(files, argv, "", limits)  # no token on stdin

    with pytest.raises(SandboxError, match="did not start"):
        check_program(Broken(), GOOD, HE, FAST)


def test_tests_that_raise_in_the_harness_are_a_sandbox_error(bwrap):
    tests = MBPPTests(("assert f(1) == 1",), "import no_such_module_anywhere")
    with pytest.raises(SandboxError, match="harness"):
        check_program(bwrap, "def f(x):\n    return x\n", tests, FAST)


def test_only_token_lines_count():
    out = "abc 1\ntok {\"done\": true}\n tok {\"x\": 1}\ntok not json\ntok {\"started\": true}\n"
    assert read_reports(out, "tok") == [{"done": True}, {"started": True}]


def test_the_harness_is_one_file_and_holds_no_token():
    source = build_harness(GOOD, HE, limits=FAST, own_pidns=True)
    compile(source, "main.py", "exec")
    assert "_star_main(" in source


def test_check_many_keeps_order(bwrap):
    items = [(GOOD, HE), (HALF, HE), (STDIO_GOOD, STDIO), ("", HE)] * 2
    got = [v.reason for v in check_many(bwrap, items, FAST, workers=2)]
    assert got == ["passed", "failed", "passed", "no_code"] * 2
