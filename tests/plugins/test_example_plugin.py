"""examples/plugin, installed as a user would install it, adds a task, a checker, a filter
and an SFT format to star through entry points; each is used through the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from star_cli import registry
from star_cli.cli import app
from tests.conftest import write_jsonl

REPO = Path(__file__).resolve().parents[2]
PLUGIN = REPO / "examples" / "plugin"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The plug-in built and installed into a folder of its own (no index, no isolation:
    offline), which is then put on sys.path as site-packages would be."""
    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("build") / "plugin"
    # Built from a copy: setuptools writes build/ and *.egg-info beside the sources it builds.
    shutil.copytree(PLUGIN, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--no-build-isolation", "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300, cwd=source)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert list(target.glob("star_plugin_example-*.dist-info"))
    sys.path.insert(0, str(target))
    registry.rescan()
    yield target
    sys.path.remove(str(target))
    for name in [m for m in sys.modules if m.startswith("star_plugin_example")]:
        del sys.modules[name]
    registry.rescan()


def test_each_kind_is_found_by_its_entry_point_name(installed):
    assert "capitals" in registry.TASKS.names()
    assert "casefold" in registry.CHECKERS.names()
    assert "min_words" in registry.FILTERS.names()
    assert "alpaca" in registry.FORMATS.names()
    assert registry.TASKS.get("capitals").name == "capitals"
    assert registry.checker_for("capitals").name == "casefold"


def test_a_run_with_the_plugin_task_checker_filter_and_format(installed, runner, scripted,
                                                              tmp_path):
    problems = write_jsonl(tmp_path / "countries.jsonl", [
        {"id": "fr", "country": "France", "capital": "Paris"},
        {"id": "co", "country": "Colombia", "capital": "Bogotá"},
    ])
    scripted.queue = [
        "Paris has been the seat of the French state for centuries. The answer is paris.",
        "The answer is Lyon.",
        "Colombia governs from its highland capital, founded in 1538. The answer is Bogota.",
        "The answer is Bogotá.",
    ]
    gen = tmp_path / "gen"
    r = runner.invoke(app, ["generate", str(problems), "--task", "capitals", "--model", "m",
                            "--engine", "scripted", "-n", "2", "-o", str(gen), "-q"])
    assert r.exit_code == 0, r.output
    traces = [json.loads(line) for f in sorted((gen / "data").glob("*.jsonl"))
              for line in f.read_text().splitlines()]
    verdicts = {(t["problem_id"], t["sample"]): (t["correct"], t["checker"]) for t in traces}
    assert verdicts == {("fr", 0): (True, "casefold"), ("fr", 1): (False, "casefold"),
                        ("co", 0): (True, "casefold"), ("co", 1): (True, "casefold")}
    assert "What is the capital of France?" in json.dumps(traces[0]["prompt"])

    checked = tmp_path / "checked.jsonl"
    r = runner.invoke(app, ["check", str(gen), "--checker", "casefold", "-o", "-", "-q"])
    assert r.exit_code == 0, r.output
    checked.write_text(r.stdout)
    assert [json.loads(line)["correct"] for line in r.stdout.splitlines()] == \
        [t["correct"] for t in traces]

    r = runner.invoke(app, ["filter", str(gen), "--filter", "min_words:n=5", "--format",
                            "alpaca", "-o", "-"])
    assert r.exit_code == 0, r.output
    assert "too_few_words 1" in r.stderr  # "The answer is Bogotá.": right, but 4 words
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(rows) == 2
    assert {row["instruction"] for row in rows} == {"What is the capital of France?",
                                                   "What is the capital of Colombia?"}
    assert all(set(row) == {"system", "instruction", "input", "output"} for row in rows)
    assert all(row["output"].endswith(("is paris.", "is Bogota.")) for row in rows)
    assert all(row["system"].startswith("Answer each question") for row in rows)


def test_bad_plugin_options_are_usage_errors(installed, runner, tmp_path):
    traces = write_jsonl(tmp_path / "t.jsonl", [{"problem_id": "a", "completion": "x y",
                                                 "correct": True}])
    r = runner.invoke(app, ["filter", str(traces), "--filter", "min_words:n=0", "-o", "-"])
    assert r.exit_code == 2 and "--filter min_words:n=0: n must be a positive whole number" \
        in r.stderr
    r = runner.invoke(app, ["filter", str(traces), "--filter", "min_words:size=3", "-o", "-"])
    assert r.exit_code == 2 and "--filter min_words:size=3:" in r.stderr
    r = runner.invoke(app, ["filter", str(traces), "--filter", "max_words", "-o", "-"])
    assert r.exit_code == 2 and "unknown filter 'max_words'; known:" in r.stderr \
        and "min_words" in r.stderr
    r = runner.invoke(app, ["pairs", str(traces), "--format", "alpaca", "-o", "-"])
    assert r.exit_code == 2 and "--format alpaca is a sft format" in r.stderr


def test_help_in_a_fresh_process_lists_the_plugins_names(installed):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(installed), str(REPO)])}

    def help_of(*command: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "star_cli", *command, "--help"],
                              capture_output=True, text=True, env={**env, "COLUMNS": "200"},
                              timeout=120)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    assert "capitals" in help_of("generate") and "casefold" in help_of("check")
    text = help_of("filter")
    assert "min_words" in text and "alpaca" in text
