"""How runs end: a filter that keeps nothing, a rationalize run beyond its traces, and what
the dataset card says about the run."""

from __future__ import annotations

import json

from star_cli.cli import app
from star_cli.engines import register, unregister
from tests.conftest import read_out, run_dir, write_jsonl
from tests.scripted import HintEngine, arithmetic_problems


def summary(card: str) -> str:
    """The card's first table: the run at a glance."""
    return card.split("| | |\n", 1)[1].split("\n\n", 1)[0]


def error_lines(result) -> list[str]:
    return [x for x in result.stderr.splitlines() if x.startswith("star: error:")]


def generate(runner, src, out, *args):
    return runner.invoke(app, ["generate", str(src), "--task", "gsm8k", "--engine", "scripted",
                               "--model", "m", "-n", "2", "-o", str(out), "-q", *args])


def test_filter_that_keeps_nothing_says_why_and_exits_1(runner, scripted, problems_file,
                                                        tmp_path):
    gen = tmp_path / "gen"
    assert generate(runner, problems_file, gen).exit_code == 0
    out = tmp_path / "sft"
    result = runner.invoke(app, ["filter", str(gen), "--require-regex", "NEVER", "-o", str(out),
                                 "--format", "messages"])
    assert result.exit_code == 1
    [line] = error_lines(result)
    assert "nothing kept" in line and "24 traces" in line
    assert "missing_required_pattern 12" in line and "incorrect 12" in line
    # OUT is valid, complete and empty; a rerun says the same
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 0
    assert read_out(out) == []
    again = runner.invoke(app, ["filter", str(gen), "--require-regex", "NEVER", "-o", str(out),
                                "--format", "messages", "-q"])
    assert again.exit_code == 1 and len(error_lines(again)) == 1
    # and a filter that keeps something still exits 0
    kept = runner.invoke(app, ["filter", str(gen), "-o", str(tmp_path / "kept"), "-q"])
    assert kept.exit_code == 0 and not error_lines(kept)


def test_filter_of_empty_inputs_keeps_nothing(runner, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    gen = run_dir(tmp_path, [], name="gen")  # a complete star output of no traces
    result = runner.invoke(app, ["filter", str(gen), "-o", "-", "-q"])
    assert result.exit_code == 1 and "the inputs hold no traces" in error_lines(result)[0]


def test_rationalize_beyond_the_traces_stops_unless_asked(runner, scripted, tmp_path):
    register(HintEngine)
    try:
        src = write_jsonl(tmp_path / "train.jsonl", arithmetic_problems(20))
        gen = tmp_path / "gen"
        assert generate(runner, src, gen, "--limit", "4").exit_code == 0
        base = ["rationalize", str(gen), "--problems", str(src), "--task", "gsm8k",
                "--engine", "hint", "--model", "m", "-n", "1", "-q"]
        result = runner.invoke(app, [*base, "-o", str(tmp_path / "rat")])
        assert result.exit_code == 2
        [line] = error_lines(result)
        assert "16 of the 20 problems read have no trace" in line and "covers 4" in line
        assert "--include-untraced" in line and "--limit" in line
        assert not (tmp_path / "rat").exists()
        # the same slice as generate: nothing untraced
        same = runner.invoke(app, [*base, "--limit", "4", "-o", "-"])
        assert same.exit_code == 0, same.stderr
        # asked to go on: every problem without a correct trace, absent ones included
        on = runner.invoke(app, [*base, "--include-untraced", "-o", "-"])
        assert on.exit_code == 0, on.stderr
        assert len(on.stdout.splitlines()) == 16
    finally:
        unregister("hint")


def test_card_names_the_engine_that_ran_and_lists_problems_once(runner, scripted,
                                                                problems_file, tmp_path):
    out = tmp_path / "gen"
    assert generate(runner, problems_file, out).exit_code == 0
    card = (out / "README.md").read_text()
    assert "https://github.com/)" not in card
    assert summary(card).count("| problems |") == 1
    assert "| engine | scripted |" in card and "| model | m |" in card
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scope"]["engine_used"] == "scripted"
    assert manifest["config"]["engine"] == "scripted"
    sft = tmp_path / "sft"
    assert runner.invoke(app, ["filter", str(out), "-o", str(sft), "-q"]).exit_code == 0
    card = (sft / "README.md").read_text()
    assert "## Filter steps" in card and "[{" not in card and "{'" not in card
    assert summary(card).count("| problems |") == 1


def test_engine_auto_records_what_ran_and_still_resumes(runner, scripted, problems_file,
                                                        tmp_path, monkeypatch):
    from star_cli.engines import registry
    from star_cli.registry import ENGINES

    monkeypatch.setattr(registry, "_vllm_usable", lambda: False)
    monkeypatch.setitem(ENGINES.builtins, "transformers", "tests.scripted:ScriptedEngine")
    monkeypatch.setattr(ENGINES, "_loaded", {})
    out = tmp_path / "gen"
    assert generate(runner, problems_file, out, "--engine", "auto", "--limit", "3").exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["engine"] == "auto"
    assert manifest["scope"]["engine_used"] == "scripted"
    assert "| engine | scripted (--engine auto) |" in (out / "README.md").read_text()
    again = generate(runner, problems_file, out, "--engine", "auto")
    assert again.exit_code == 0, again.stderr
    assert len(read_out(out)) == 24


def test_ctrl_c_does_not_wait_forever_for_an_engine_stuck_in_native_code(monkeypatch):
    """An engine thread that will not leave its call: the process ends at once with 130,
    after the exit handlers, rather than being aborted in C++ at interpreter exit."""
    import atexit
    import os
    import threading

    from star_cli.cli import common

    release = threading.Event()
    stuck = threading.Thread(target=release.wait, name="star-engine", daemon=True)
    stuck.start()
    calls = []
    monkeypatch.setattr(common, "ENGINE_GRACE", 0.05)
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: calls.append("atexit"))
    monkeypatch.setattr(os, "_exit", lambda code: calls.append(code))

    @common.handle_errors
    def interrupted() -> None:
        raise KeyboardInterrupt

    try:
        try:
            interrupted()
        except BaseException as e:  # typer.Exit(130), once the stand-in _exit returned
            assert getattr(e, "exit_code", None) == 130
        assert calls == ["atexit", 130]
        # a thread that finishes its call in time is simply waited for
        release.set()
        stuck.join()
        calls.clear()
        try:
            interrupted()
        except BaseException as e:
            assert getattr(e, "exit_code", None) == 130
        assert calls == []
    finally:
        release.set()
