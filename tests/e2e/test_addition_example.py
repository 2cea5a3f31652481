"""examples/addition: its data maker and report on tables written here, and the whole run at
toy size (real TRL training of a from-scratch model, real star commands) as a smoke test.
The full run is a benchmark (bench/addition.py), not a test."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO, read_out

EXAMPLE = REPO / "examples" / "addition"


def _module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"addition_example_{name}",
                                                  EXAMPLE / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _pair(question: str) -> frozenset[int]:
    return frozenset(int(x) for x in question.split(" + "))


def test_data_keeps_test_apart_and_prompts_as_star_builds_them(tmp_path: Path) -> None:
    data = _module("data")
    sys.argv = ["data.py", str(tmp_path), "--quick", "--seed", "3"]
    data.main()
    pool, test = _rows(tmp_path / "pool.jsonl"), _rows(tmp_path / "test.jsonl")
    seed = _rows(tmp_path / "seed" / "train.jsonl")
    test_pairs = {_pair(r["question"]) for r in test}
    assert not test_pairs & {_pair(r["question"]) for r in pool}
    seed_questions = {r["prompt"].split("Q: ")[1].split(" (Answer")[0].split("\n")[0]
                      for r in seed}
    assert not test_pairs & {_pair(q) for q in seed_questions}
    assert not seed_questions & {r["question"] for r in pool}  # seed and pool apart too
    by_digits = {d: sum(r["digits"] == d for r in pool) for d in range(1, 6)}
    assert by_digits == {d: n for d, (_, n, _) in data.QUICK.items()}
    # the prompts are the ones star generate and star rationalize --few-shot 0 send
    plain = [r for r in seed if "(Answer:" not in r["prompt"]]
    hinted = [r for r in seed if "(Answer:" in r["prompt"]]
    assert len(plain) == len(seed_questions) and 0 < len(hinted) < len(plain)
    first = plain[0]
    assert first["prompt"].startswith("Q: ") and first["prompt"].endswith("\nA:")
    from star_cli.answers import check

    question = first["prompt"][3:-3]
    a, b = (int(x) for x in question.split(" + "))
    assert check(str(a + b), first["completion"], task="addition-steps", question=question).correct


def _trace(question: str, correct: bool, completion: str = "") -> dict:
    a, b = (int(x) for x in question.split(" + "))
    from star_cli.tasks.addition import scratchpad

    return {"question": question, "gold": str(a + b), "correct": correct,
            "completion": completion or (scratchpad(a, b) if correct else "The answer is 1.")}


def test_report_accuracy_and_frontier() -> None:
    report = _module("report")
    rows = [_trace("00001 + 00002", True), _trace("00011 + 00022", True),
            _trace("00011 + 00023", False), _trace("00111 + 00222", False)]
    # right final answer, wrong step: counted by `answer`, not by `steps`
    wrong_step = "1+2+0=03\n2+1+0=03\n1+2+0=03\n0+0+0=00\n0+0+0=00\nThe answer is 000333."
    rows.append(_trace("00111 + 00222", True, wrong_step))
    acc = report.accuracy(rows)
    assert acc == {"1": {"n": 1, "answer": 1.0, "steps": 1.0},
                   "2": {"n": 2, "answer": 0.5, "steps": 0.5},
                   "3": {"n": 2, "answer": 0.5, "steps": 0.0}}
    assert report.first_failed(acc) is None  # 50% is not failing
    assert report.first_failed({**acc, "3": {"n": 2, "answer": 0.0, "steps": 0.0}}) == "3"
    assert report.digits_of("00047 + 00005") == 2


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.slow  # real training and every star command of examples/addition, toy sized
def test_toy_run_end_to_end(tmp_path: Path) -> None:
    star = Path(sys.executable).parent / "star"
    trl = Path(sys.executable).parent / "trl"
    if not star.exists() or not trl.exists():
        pytest.skip("star and trl must be installed next to this Python")
    env = {**os.environ, "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
           "HF_HOME": str(tmp_path / "hf")}
    out = tmp_path / "run"
    cmd = ["bash", str(EXAMPLE / "run.sh"), "--toy", "--out", str(out)]
    proc = _run_group(cmd, env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    assert list(results["accuracy"]) == ["base", "M1"]
    assert set(results["accuracy"]["base"]) == {"1", "2", "3"}
    assert results["checker"] == "addition-steps" and results["rationalize"] is True
    assert (out / "results.md").read_text().startswith("# STaR / V-STaR miniature")
    assert (out / "accuracy.png").stat().st_size > 1000
    # every model is a real, loadable checkpoint; M1 was fine-tuned from the base
    for model in ("base", "it0/model"):
        assert (out / model / ".star-done").exists() and (out / model / "config.json").exists()
    log = (out / "it0" / "model.log").read_text()
    assert str(out / "base") in _rows_manifest(out / "it0" / "gen")["config"]["model"]
    assert "Training completed" in log or "train_runtime" in log
    held_out = read_out(out / "eval" / "it1")
    assert len(held_out) == len(_rows(out / "data" / "test.jsonl"))
    assert all(r["sampling"]["temperature"] == 0 for r in held_out)
    # rerun: every finished step is skipped
    again = _run_group(cmd, env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert (out / "it0" / "model.log").read_text() == log
    assert "base model: done before" in again.stderr
    # progress on stderr: the steps, each training's steps with the time left, where it ended
    for said in ("1/5 data", "2/5 the base model", "3/5 STaR iteration 1 of 1",
                 "base model: step 8/8 (100%)", "left", "5/5 report", f"{out}/results.md"):
        assert said in proc.stderr, said
    assert results["plots"] == ["accuracy.png"] and not (out / "vstar.png").exists()
    assert results["model"]["parameters"] > 100_000 and results["wall"]["cores"] >= 1
    assert "vstar.png" not in (out / "results.md").read_text()


def _run_group(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run cmd in a process group of its own, and end the whole group (the run's background
    evaluations too) when it runs past the time limit: a slow machine leaves no orphans."""
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def _rows_manifest(path: Path) -> dict:
    return json.loads((path / "manifest.json").read_text())


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(("args", "says"), [
    (["--checker", "addition"], "--checker must be"),
    (["--seed", "one"], "whole numbers"),
    (["--iterations", "-1"], "whole numbers"),
    (["--frobnicate"], "unknown option"),
    (["--out"], "--out needs a value"),
])
def test_bad_options_exit_2_before_anything_is_written(tmp_path: Path, args: list[str],
                                                       says: str) -> None:
    proc = subprocess.run(["bash", str(EXAMPLE / "run.sh"), *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_states_a_curve_from_a_base_at_zero() -> None:
    report = _module("report")
    results = {"run": "r", "seed": 0, "checker": "addition-steps", "rationalize": True,
               "accuracy": {"base": {"3": {"n": 1, "answer": 0.0, "steps": 0.0}},
                            "M1": {"3": {"n": 1, "answer": 1.0, "steps": 1.0}}},
               "frontier": {"digits": "3", "curve": [0.0, 1.0], "ratio": None, "rising": True},
               "iterations": []}
    text = report.markdown(results)
    assert "First digit count the base fails: **3**: 0.0% → 100.0%." in text


def test_report_embeds_only_the_plots_it_drew(tmp_path: Path, monkeypatch) -> None:
    report = _module("report")
    rows = {"it0": [_trace("00011 + 00022", True), _trace("00111 + 00222", False)],
            "it1": [_trace("00011 + 00022", True), _trace("00111 + 00222", True)]}
    for name in rows:
        (tmp_path / "eval" / name).mkdir(parents=True)
    (tmp_path / "vstar.png").write_bytes(b"a plot of another run")
    monkeypatch.setattr(report, "traces", lambda path: rows.get(path.name, []))
    results = report.report(tmp_path, True, "addition-steps")
    assert results["plots"] == ["accuracy.png"]  # --quick has no V-STaR: no vstar.png
    assert not (tmp_path / "vstar.png").exists()
    text = report.markdown(results)
    assert "accuracy.png" in text and "vstar.png" not in text
    assert (tmp_path / "accuracy.png").stat().st_size > 1000


def _metrics() -> dict:
    ks = [1, 2, 4, 8]
    curves = {"pass@k": [0.377, 0.464, 0.491, 0.494], "majority@k": [0.377, 0.378, 0.448, 0.456],
              "best_of_k:verifier_score": [0.377, 0.458, 0.479, 0.472],
              "best_of_k:reference_score": [0.377, 0.457, 0.477, 0.47]}
    return {name: dict(zip(map(str, ks), ys, strict=True)) for name, ys in curves.items()}


def test_plots_show_every_series_in_percent_with_the_legend_outside(tmp_path: Path) -> None:
    report = _module("report")
    figures = {
        "vstar": report.figure_vstar(_metrics(), 820),
        "accuracy": report.figure_accuracy({"1": [1.0, 1.0, 1.0], "2": [1.0, 1.0, 1.0],
                                            "3": [0.16, 0.45, 0.695], "4": [0.015, 0.005, 0.0],
                                            "5": [0.0, 0.0, 0.0]}),
    }
    for name, fig in figures.items():
        ax = fig.axes[0]
        lines = ax.get_lines()
        # one look per series: no two share colour, line style and marker
        looks = {(line.get_color(), str(line.get_linestyle()), line.get_marker())
                 for line in lines}
        assert len(looks) == len(lines) >= 4, name
        assert len({line.get_marker() for line in lines}) == len(lines), name
        assert "%" in ax.get_ylabel() and max(max(line.get_ydata()) for line in lines) > 1, name
        fig.canvas.draw()
        legend = ax.get_legend().get_window_extent()
        assert legend.x0 >= ax.get_window_extent().x1, f"{name}: the legend is over the data"
        fig.savefig(tmp_path / f"{name}.png")
    ax = figures["vstar"].axes[0]
    assert ax.get_xscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "2", "4", "8"]
    assert ax.get_xaxis().get_minor_ticks() == [] or not any(
        t.label1.get_text() for t in ax.get_xaxis().get_minor_ticks())
    import matplotlib.pyplot as plt

    plt.close("all")


def test_docs_quote_the_committed_results() -> None:
    """README.md and docs/star.md quote docs/results/*.json (examples/addition/figures.py)."""
    figures = _module("figures")
    assert figures.problems() == []


def test_a_drifted_figure_is_caught(tmp_path: Path) -> None:
    figures = _module("figures")
    (tmp_path / "docs").mkdir()
    readme = (REPO / "README.md").read_text()
    quick = json.loads(figures.QUICK.read_text())
    first = f"{100 * quick['frontier']['curve'][0]:.1f}%"
    assert first in readme
    (tmp_path / "README.md").write_text(readme.replace(first, "12.3%", 1))
    (tmp_path / "docs" / "star.md").write_text((REPO / "docs" / "star.md").read_text())
    found = figures.problems(tmp_path)
    assert any("README.md: no `held-out" in p for p in found), found
    assert any("12.3%" in p for p in found), found
    # a figure in docs/star.md's measurements that no results file holds
    star = (REPO / "docs" / "star.md").read_text()
    (tmp_path / "README.md").write_text(readme)
    measured = figures.sections(REPO)["docs/star.md"]
    (tmp_path / "docs" / "star.md").write_text(
        star.replace(measured, measured + "\nA stray figure, 31.4%.\n"))
    assert figures.problems(tmp_path) == ["docs/star.md: quotes 31.4%, which no results file holds"]


def test_help_defaults_and_docs_agree_on_the_iterations() -> None:
    script = (EXAMPLE / "run.sh").read_text()
    helped = re.search(r"--iterations N +STaR iterations \(full: (\d+), quick: (\d+)\)", script)
    assert helped is not None
    full_default = re.search(r'out=\$\{out:-runs/addition\} iterations=\$\{iterations:-(\d+)\}',
                             script)
    quick_default = re.search(r"out=\$\{out:-runs/addition-quick\} "
                              r"iterations=\$\{iterations:-(\d+)\}", script)
    assert full_default and quick_default
    assert helped.groups() == (full_default.group(1), quick_default.group(1))
    results = REPO / "docs" / "results"
    quick = json.loads((results / "addition-quick-seed0.json").read_text())
    assert len(quick["iterations"]) == int(quick_default.group(1))
    if (results / "addition-seed0.json").exists():
        full = json.loads((results / "addition-seed0.json").read_text())
        assert len(full["iterations"]) == int(full_default.group(1))
    # the model the help and the docs count is the one model.py builds
    params = re.search(r"GPT-2 of (\d+)k parameters", script)
    assert params and int(params.group(1)) == round(quick["model"]["parameters"] / 1000)


FAKE_PYTHON = """#!/usr/bin/env bash
# A stand-in for the venv's python: records its arguments, installs nothing.
v=$(dirname "$(dirname "$0")")
echo "$*" >> "$v/calls"
case "$*" in
  "-c import torch; print(torch.__version__)") [ -e "$v/torch" ] && echo 0.0 ;;
  "-c import star_cli") [ -e "$v/star" ] ;;
  "-m pip install -e .[hf,test]") touch "$v/star" ;;
  "-m pip install "*) touch "$v/torch" ;;
  "-m pytest -q"*) exit "${PYTEST_EXIT:-0}" ;;
esac
"""


def _fake_venv(path: Path) -> Path:
    (path / "bin").mkdir(parents=True)
    python = path / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    (path / "bin" / "activate").write_text(f'export PATH="{path / "bin"}:$PATH"\n')
    return path


def _run_sh(venv: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    # run.sh's own settings come from the test alone, not from the shell that runs pytest
    ours = {k: v for k, v in os.environ.items() if k not in ("STAR_SETUP", "STAR_TORCH")}
    return subprocess.run(["bash", str(REPO / "examples" / "run.sh"), *args],
                          env={**ours, "VENV": str(venv), **env}, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_run_sh_sets_up_once_from_the_configured_index(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path / "venv")
    first = _run_sh(venv, "setup")
    assert first.returncode == 0, first.stderr
    calls = (venv / "calls").read_text().splitlines()
    installs = [c for c in calls if c.startswith("-m pip install")]
    # torch by version from whatever index pip is set up with: no index named
    assert installs == ["-m pip install torch==2.13.0", "-m pip install -e .[hf,test]"]
    assert "environment ready" in first.stderr
    (venv / "calls").unlink()
    again = _run_sh(venv, "setup")  # idempotent: nothing installed the second time
    assert again.returncode == 0, again.stderr
    assert not any("pip" in c for c in (venv / "calls").read_text().splitlines())
    # the override, for a machine whose index serves CUDA builds
    other = _fake_venv(tmp_path / "other")
    proc = _run_sh(other, "setup", STAR_TORCH="torch==2.5.1 --index-url file:///wheels")
    assert proc.returncode == 0, proc.stderr
    assert "-m pip install torch==2.5.1 --index-url file:///wheels" in (
        other / "calls").read_text().splitlines()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(("pytest_exit", "exit"), [(0, 0), (1, 1), (5, 1)])
def test_run_sh_test_runs_pytest_and_fails_an_empty_run(tmp_path: Path, pytest_exit: int,
                                                         exit: int) -> None:
    venv = _fake_venv(tmp_path / "venv")
    proc = _run_sh(venv, "test", "-x", PYTEST_EXIT=str(pytest_exit))
    assert proc.returncode == exit, proc.stderr
    assert "-m pytest -q -x" in (venv / "calls").read_text().splitlines()
    assert (pytest_exit == 5) == ("collected no tests" in proc.stderr)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_run_sh_unknown_command_exits_2(tmp_path: Path) -> None:
    proc = _run_sh(_fake_venv(tmp_path / "venv"), "demoo")
    assert proc.returncode == 2 and "unknown command demoo" in proc.stderr
    assert not (tmp_path / "venv" / "calls").exists()
