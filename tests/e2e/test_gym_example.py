"""examples/gym: its scratchpads against the families' own scorers, its data split, its
tokenizer against star's gym prompt, its report on traces written here, and the whole run at
toy size (real TRL training of a from-scratch model, real star commands) as a smoke test."""

from __future__ import annotations

import dataclasses
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

EXAMPLE = REPO / "examples" / "gym"


def _module(name: str) -> ModuleType:
    # the example's modules import each other by name (families), as scripts do
    sys.path.insert(0, str(EXAMPLE))
    try:
        spec = importlib.util.spec_from_file_location(f"gym_example_{name}",
                                                      EXAMPLE / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(EXAMPLE))
    return module


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _problems(family: str, size: int, seed: int, options: dict) -> list[dict]:
    from star_cli.gym import make_problems

    return list(make_problems(family, size=size, seed=seed, config=options))


def test_every_scratchpad_ends_in_the_answer_its_scorer_takes() -> None:
    pytest.importorskip("reasoning_gym")
    from star_cli.gym import extract_answer, score_answer

    families = _module("families")
    for family in families.FAMILIES.values():
        for label, options in family.levels:
            for row in _problems(family.name, 5, 3, options):
                completion = family.scratchpad(row)
                verdict = score_answer(row["gym"], extract_answer(completion))
                assert verdict.correct, (family.name, label, completion)
                assert family.steps_correct(row, completion)
                assert family.working_correct(row, completion)
                # one wrong step is not every step right, whatever the answer
                wrong = completion.replace(completion[2], "#", 1)
                assert not family.steps_correct(row, wrong)
        # every level's draw, seed and pool and held-out, is planned for
        for size in ("full", "quick", "toy"):
            assert len(getattr(family, size)) == len(family.levels), (family.name, size)


def test_spell_backward_scratchpad_reads_the_word_by_index() -> None:
    families = _module("families")
    row = {"gold": "noremopyh"}
    assert families.spell_backward(row) == (
        " 09n 08o 07r 06e 05m 04o 03p 02y 01h\n<answer>noremopyh</answer>")


def test_data_keeps_held_out_questions_out_of_the_train_draw(tmp_path: Path,
                                                             monkeypatch) -> None:
    pytest.importorskip("reasoning_gym")
    data, families = _module("data"), _module("families")
    # The shortest words (which repeat most) and the longest: each draw costs a second or
    # two of reasoning-gym's set-up, and the toy run draws all six levels.
    full = families.FAMILIES["spell_backward"]
    family = dataclasses.replace(full, levels=(full.levels[0], full.levels[-1]),
                                 toy=(full.toy[0], full.toy[-1]))
    monkeypatch.setattr(data, "FAMILIES", {"spell_backward": family})
    raw = tmp_path / "raw"
    raw.mkdir()
    sizes = data.draw_sizes(family, "toy")
    for i, (_, options) in enumerate(family.levels):
        for name, seed in (("train", 0), ("test", 10**6)):  # as run.sh draws them
            rows = _problems(family.name, sizes[i], seed, options)
            (raw / f"{name}-{i}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "data"
    assert data.main([str(raw), str(out), "--family", "spell_backward", "--toy"]) == 0
    seed = _rows(out / "seed" / "train.jsonl")
    pool, test = _rows(out / "pool.jsonl"), _rows(out / "test.jsonl")
    # short words repeat across draws: none of the train draw's is held out
    drawn = {r["question"] for path in raw.glob("train-*.jsonl") for r in _rows(path)}
    assert test and not {r["question"] for r in test} & drawn
    assert len({r["question"] for r in pool}) == len(pool)
    assert {r["level"] for r in test} == set(range(len(family.levels)))
    # the seed: star's own gym prompt, the scratchpad, some with the hint
    assert all(r["prompt"].endswith("\nA:") and "\n\nQ: Spell this word" in r["prompt"]
               for r in seed)
    assert any("(Answer: " in r["prompt"] for r in seed)
    assert all(r["completion"].startswith(" 0") and r["completion"].endswith("</answer>")
               for r in seed)
    levels = json.loads((out / "levels.json").read_text())
    assert levels["family"] == "spell_backward"
    assert [lv["label"] for lv in levels["levels"]] == ["3 letters", "8 letters"]
    assert [lv["test"] for lv in levels["levels"]] == [2, 2]
    # every planned problem: the seed's (each once plain), the pool's and the held-out ones
    assert sum("(Answer: " not in r["prompt"] for r in seed) == 10 + 1
    assert len(pool) == 2 + 2 and len(test) == 2 + 2


def test_distinct_drops_repeats_and_the_excluded() -> None:
    data = _module("data")
    rows = [{"question": q} for q in ("a", "b", "a", "c")]
    assert [r["question"] for r in data.distinct(rows)] == ["a", "b", "c"]
    assert [r["question"] for r in data.distinct(rows, exclude={"b"})] == ["a", "c"]


def test_tokenizer_reads_star_gym_prompt_unchanged_the_instruction_one_token() -> None:
    pytest.importorskip("tokenizers")
    pytest.importorskip("transformers")
    model, families = _module("model"), _module("families")
    from star_cli.records import Problem
    from star_cli.tasks import get_task
    from star_cli.tasks.base import PromptOptions

    tokenizer = model.build_tokenizer(families.FAMILIES["spell_backward"].phrases)
    task = get_task("gym")
    gold = json.dumps({"answer": "nus", "gym": {"family": "spell_backward"}})
    problem = Problem("p", "Spell this word backward (example: sun -> nus): sun", gold)
    for options in (PromptOptions(few_shot=0), PromptOptions(few_shot=0, hinted=True)):
        prompt = task.prompt(problem, options)
        ids = tokenizer(prompt)["input_ids"]
        assert tokenizer.decode(ids) == prompt
        assert ids[0] == tokenizer.convert_tokens_to_ids(model.instruction())
        # the instruction and the question's phrase one token each, the rest one a character
        tail = prompt.split("backward (example: sun -> nus): ", 1)[1]
        assert len(ids) == 1 + len("\n\nQ: ") + 1 + len(tail)


def _trace(problem: dict, completion: str, correct: bool) -> dict:
    return {"problem_id": problem["id"], "question": problem["question"],
            "completion": completion, "correct": correct}


def test_report_accuracy_per_level_and_steps(tmp_path: Path, monkeypatch) -> None:
    report, families = _module("report"), _module("families")
    family = families.FAMILIES["spell_backward"]
    problems = {f"p{i}": {"id": f"p{i}", "question": f"q{i}", "gold": word[::-1],
                          "level": level}
                for i, (word, level) in enumerate([("sun", 0), ("moon", 1), ("star", 1)])}
    right = {k: family.scratchpad(p) for k, p in problems.items()}
    rows = [_trace(problems["p0"], right["p0"], True),
            _trace(problems["p1"], right["p1"], True),
            # the right answer through a wrong step: counted by `answer`, not by `steps`
            _trace(problems["p2"], right["p2"].replace("04r", "04x"), True)]
    labels = [label for label, _ in family.levels]
    acc = report.accuracy(rows, problems, labels, "spell_backward")
    assert acc == {"3 letters": {"n": 1, "answer": 1.0, "steps": 1.0, "working": 1.0},
                   "4 letters": {"n": 2, "answer": 1.0, "steps": 0.5, "working": 0.5}}
    # every step right, the answer copied out wrong: `working` only
    wrong = right["p1"].replace("<answer>noom", "<answer>nomo")
    assert report.accuracy([_trace(problems["p1"], wrong, False)], problems, labels,
                           "spell_backward")["4 letters"] == {"n": 1, "answer": 0.0,
                                                              "steps": 0.0, "working": 1.0}
    assert report.first_failed({"3 letters": {"answer": 1.0}, "6 letters": {"answer": 0.4}}) \
        == "6 letters"
    assert report.question_of("INSTRUCTION\n\nQ: Spell it: sun\nA:") == "Spell it: sun"


def test_report_writes_results_and_a_plot_in_the_miniature_style(tmp_path: Path,
                                                                   monkeypatch) -> None:
    report = _module("report")
    data = tmp_path / "data"
    data.mkdir()
    levels = [{"label": "3 letters"}, {"label": "6 letters"}]
    (data / "levels.json").write_text(json.dumps({"family": "spell_backward",
                                                  "levels": levels}))
    test = [{"id": "a", "question": "qa", "gold": "nus", "level": 0},
            {"id": "b", "question": "qb", "gold": "yhpargotohp", "level": 1}]
    (data / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in test))
    (data / "seed.txt").write_text("0\n")
    rows = {"it0": [_trace(test[0], "x", True), _trace(test[1], "x", False)],
            "it1": [_trace(test[0], "x", True), _trace(test[1], "x", True)]}
    for name in rows:
        (tmp_path / "eval" / name).mkdir(parents=True)
    monkeypatch.setattr(report, "traces", lambda path: rows.get(path.name, []))
    assert report.main([str(tmp_path), "--wall-seconds", "61"]) == 0
    results = json.loads((tmp_path / "results.json").read_text())
    assert results["accuracy"]["base"]["6 letters"]["answer"] == 0.0
    assert results["frontier"] == {"level": "6 letters", "curve": [0.0, 1.0], "ratio": None,
                                   "rising": True}
    assert results["plots"] == ["accuracy.png"] and results["wall"]["seconds"] == 61
    text = (tmp_path / "results.md").read_text()
    assert text.startswith("# STaR on gym:spell_backward")
    assert "First level the base fails: **6 letters**: 0.0% → 100.0%." in text
    fig = report.figure_accuracy({"3 letters": [1.0, 1.0], "6 letters": [0.4, 0.7]},
                                 "spell_backward")
    ax = fig.axes[0]
    assert "%" in ax.get_ylabel() and len({line.get_marker() for line in ax.get_lines()}) == 2
    fig.canvas.draw()
    assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1
    import matplotlib.pyplot as plt

    plt.close("all")


def test_docs_quote_the_committed_results() -> None:
    """README.md and docs/gym.md quote docs/results/gym-*.json (examples/gym/figures.py)."""
    figures = _module("figures")
    assert figures.problems() == []


def test_a_drifted_figure_is_caught(tmp_path: Path) -> None:
    figures = _module("figures")
    (tmp_path / "docs").mkdir()
    readme, gym = (REPO / "README.md").read_text(), (REPO / "docs" / "gym.md").read_text()
    quick = json.loads(figures.QUICK.read_text())
    last = f"{100 * quick['frontier']['curve'][-1]:.1f}%"
    summary = re.sub(r"\s+", " ", readme).split("held-out accuracy on ", 1)[1]
    assert summary.startswith(figures.summary(quick).removeprefix("held-out accuracy on "))
    # the README's summary with its figure changed, wrapped as it is
    start = readme.index("held-out accuracy on")
    end = readme.index(last, start)
    (tmp_path / "README.md").write_text(readme[:end] + "12.3%" + readme[end + len(last):])
    (tmp_path / "docs" / "gym.md").write_text(gym)
    found = figures.problems(tmp_path)
    assert found == [f"README.md: no `{figures.summary(quick)}`"], found
    # a figure in docs/gym.md's measurements that no results file holds
    (tmp_path / "README.md").write_text(readme)
    measured = figures.section(REPO)
    (tmp_path / "docs" / "gym.md").write_text(
        gym.replace(measured, measured + "\nA stray figure, 31.4%.\n"))
    assert figures.problems(tmp_path) == ["docs/gym.md: quotes 31.4%, which no results file holds"]
    # and the section itself gone
    (tmp_path / "docs" / "gym.md").write_text(gym.replace(measured, ""))
    assert "docs/gym.md: the section of measured figures is gone" in figures.problems(tmp_path)


def test_help_defaults_and_results_agree_on_the_iterations() -> None:
    script = (EXAMPLE / "run.sh").read_text()
    helped = re.search(r"--iterations N +STaR iterations \(full: (\d+), quick: (\d+)[;)]", script)
    full = re.search(r"out=\$\{out:-runs/gym-\$family\} iterations=\$\{iterations:-(\d+)\}",
                     script)
    quick = re.search(r"out=\$\{out:-runs/gym-\$family-quick\} "
                      r"iterations=\$\{iterations:-(\d+)\}", script)
    assert helped and full and quick
    assert helped.groups() == (full.group(1), quick.group(1))
    results = REPO / "docs" / "results"
    measured = json.loads((results / "gym-quick-seed0.json").read_text())
    assert len(measured["accuracy"]) == 1 + int(quick.group(1))  # the base, then each M_i
    if (results / "gym-seed0.json").exists():
        measured = json.loads((results / "gym-seed0.json").read_text())
        assert len(measured["accuracy"]) == 1 + int(full.group(1))


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(("args", "says"), [
    (["--family", "letter_countin"], "--family must be one of"),
    (["--seed", "one"], "whole numbers"),
    (["--iterations", "-1"], "whole numbers"),
    (["--frobnicate"], "unknown option"),
    (["--out"], "--out needs a value"),
])
def test_bad_options_exit_2_before_anything_is_written(tmp_path: Path, args: list[str],
                                                       says: str) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    proc = subprocess.run(["bash", str(EXAMPLE / "run.sh"), *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.slow  # real training and every star command of examples/gym, toy sized
def test_toy_run_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("reasoning_gym")
    star = Path(sys.executable).parent / "star"
    trl = Path(sys.executable).parent / "trl"
    if not star.exists() or not trl.exists():
        pytest.skip("star and trl must be installed next to this Python")
    env = {**os.environ, "PATH": f"{star.parent}{os.pathsep}{os.environ['PATH']}",
           "HF_HOME": str(tmp_path / "hf")}
    out = tmp_path / "run"
    cmd = ["bash", str(EXAMPLE / "run.sh"), "--toy", "--out", str(out)]
    # --data-only: the problem sets and nothing else (the loop with a served model); the run
    # after it starts from them
    data = _run_group([*cmd, "--data-only"], env)
    assert data.returncode == 0, data.stderr[-3000:]
    assert "done: the problem sets are in" in data.stderr
    assert sorted(p.name for p in out.iterdir() if p.name != ".hf") == ["data", "raw"]
    pool = _rows(out / "data" / "pool.jsonl")
    assert len(pool) == 6 * 2 and {r["level"] for r in pool} == set(range(6))
    proc = _run_group(cmd, env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads((out / "results.json").read_text())
    labels = [f"{n} letters" for n in range(3, 9)]
    assert list(results["accuracy"]) == ["base", "M1"]
    assert list(results["accuracy"]["base"]) == labels
    for per in results["accuracy"].values():
        for level in per.values():
            assert set(level) == {"n", "answer", "steps", "working"}
            assert 0 <= level["steps"] <= min(level["answer"], level["working"])
            assert max(level["answer"], level["working"]) <= 1
    assert results["family"] == "spell_backward" and results["rationalize"] is True
    assert [lv["label"] for lv in results["levels"]] == labels
    (kept,) = results["iterations"]
    assert kept["generated"] == len(_rows(out / "data" / "pool.jsonl")) and kept["kept"] > 0
    assert set(kept["kept_by_level"]) <= set(labels)
    assert results["plots"] == ["accuracy.png"]
    assert (out / "results.md").read_text().startswith("# STaR on gym:spell_backward")
    assert (out / "accuracy.png").stat().st_size > 1000
    assert results["model"]["parameters"] > 100_000 and results["wall"]["cores"] >= 1
    assert results["versions"]["reasoning_gym"]
    # every model is a real, loadable checkpoint; M1 was fine-tuned from the base
    for model in ("base", "it0/model"):
        assert (out / model / ".star-done").exists() and (out / model / "config.json").exists()
    manifest = json.loads((out / "it0" / "gen" / "manifest.json").read_text())
    assert str(out / "base") in manifest["config"]["model"]
    log = (out / "it0" / "model.log").read_text()
    assert "Training completed" in log or "train_runtime" in log
    held_out = read_out(out / "eval" / "it1")
    assert len(held_out) == len(_rows(out / "data" / "test.jsonl"))
    assert all(r["sampling"]["temperature"] == 0 for r in held_out)
    assert all("gym_score" in r for r in held_out)
    # rerun: every finished step is skipped
    again = _run_group(cmd, env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert (out / "it0" / "model.log").read_text() == log
    assert "base model: done before" in again.stderr
    for said in ("1/4 data", "2/4 the base model", "3/4 STaR iteration 1 of 1",
                 "base model: step 8/8 (100%)", "left", "4/4 report", f"{out}/results.md"):
        assert said in proc.stderr, said


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
