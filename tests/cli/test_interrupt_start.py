"""Ctrl-C at any moment after star's code runs is one line and exit 130, never a traceback
(the first ~20 ms belong to the Python interpreter's own start-up, before any of star runs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from tests.conftest import REPO, make_trace, write_jsonl

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")]


def test_ctrl_c_while_the_cli_loads_or_runs(tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", [make_trace(problem_id=f"p{k}", sample=0)
                                             for k in range(200)])
    # The child says `ready` when star's entry point starts importing the CLI (a finder on
    # sys.meta_path sees `star_cli.cli` asked for, inside star_cli.__main__.main's guard).
    code = """
import signal, sys, importlib.abc
class Ready(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "star_cli.cli":
            sys.stderr.write("ready\\n"); sys.stderr.flush()
        return None
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.meta_path.insert(0, Ready())
import star_cli.__main__ as m
sys.argv = ["star", "check", sys.argv[1], "--task", "gsm8k", "-o", "-"]
m.main()
"""
    seen = []
    for delay in (0.0, 0.02, 0.05, 0.1, 0.2, 0.4):
        proc = subprocess.Popen([sys.executable, "-c", code, str(src)], cwd=REPO,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        # Only once star's entry point runs (the child says `ready`): the interpreter's own
        # start-up is not star's to catch. Then `delay` later, however loaded the machine.
        assert proc.stderr is not None and proc.stderr.readline() == "ready\n"
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        seen.append((delay, proc.returncode, err))
    for delay, code_, err in seen:
        assert "Traceback" not in err, (delay, err)
        assert code_ in (0, 130), (delay, code_, err)
        if code_ == 130:
            assert err.strip().splitlines()[-1].startswith("star: interrupted"), err


def test_ctrl_c_inside_the_import_machinery_still_stops_the_run(tmp_path):
    # A Ctrl-C that lands in a callback the import machinery runs (a module lock's weakref
    # callback) is printed by Python as ignored, and the run goes on. The child delivers one
    # there, deterministically: a weakref callback, run while star's CLI is imported, sends
    # the signal.
    src = write_jsonl(tmp_path / "t.jsonl", [make_trace(problem_id="p0", sample=0)])
    code = """
import os, signal, sys, weakref, importlib.abc
class Thing: pass
class Kick(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "star_cli.cli":
            thing = Thing()
            self.ref = weakref.ref(thing, lambda _: os.kill(os.getpid(), signal.SIGINT))
            del thing  # the callback runs here, the signal handled inside it
        return None
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.meta_path.insert(0, Kick())
import star_cli.__main__ as m
sys.argv = ["star", "check", sys.argv[1], "--task", "gsm8k", "-o", "-"]
m.main()
"""
    proc = subprocess.run([sys.executable, "-c", code, str(src)], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr and "ignored" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("star: interrupted"), proc.stderr


def test_ctrl_c_between_the_wrapped_steps_still_says_so(tmp_path):
    # Typer turns a KeyboardInterrupt raised outside make_context and invoke (here: in the
    # context's clean-up once the command is done) into a silent exit 130; star says it in
    # one line as everywhere else. The child raises it there, deterministically.
    src = write_jsonl(tmp_path / "t.jsonl", [make_trace(problem_id="p0", sample=0)])
    code = """
import sys
import typer._click.core as core
close = core.Context.close
def interrupted_close(self):
    core.Context.close = close
    raise KeyboardInterrupt
core.Context.close = interrupted_close
import star_cli.__main__ as m
sys.argv = ["star", "check", sys.argv[1], "--task", "gsm8k", "-o", "-"]
m.main()
"""
    proc = subprocess.run([sys.executable, "-c", code, str(src)], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("star: interrupted"), proc.stderr
