"""Bad input: one clear line naming file, line and field; exit 2; nothing looks complete."""

from __future__ import annotations

import json
import sys

import pytest

from star_cli.cli import app
from tests.conftest import SHARED_DATA, write_jsonl


def gen(runner, *args):
    argv = ["generate", *[str(a) for a in args]]
    if "--engine" not in argv:
        argv += ["--engine", "scripted"]
    if "--model" not in argv:
        argv += ["--model", "m"]
    return runner.invoke(app, argv + ["-q"])


def error_line(result) -> str:
    lines = [x for x in result.stderr.splitlines() if x.startswith("star: error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_malformed_json_names_file_and_line(runner, scripted, tmp_path):
    src = tmp_path / "bad.jsonl"
    src.write_text('{"question": "q", "answer": "#### 1"}\n{"question": oops}\n')
    out = tmp_path / "out"
    result = gen(runner, src, "--task", "gsm8k", "-o", out)
    assert result.exit_code == 2
    line = error_line(result)
    assert f"{src}:2" in line and "not valid JSON" in line
    assert not out.exists()  # validated before anything is created


def test_missing_field_names_field_and_fix(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [{"question": "q", "answer": "#### 1"},
                                             {"prompt": "q2", "answer": "#### 2"}])
    result = gen(runner, src, "--task", "gsm8k", "-o", "-")
    assert result.exit_code == 2
    line = error_line(result)
    assert f"{src}:2" in line and "field 'question'" in line and "present fields" in line
    assert result.stdout == ""


def test_gsm8k_answer_without_marker(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", [{"question": "q", "answer": "42"}])
    line = error_line(gen(runner, src, "--task", "gsm8k", "-o", "-"))
    assert "field 'answer'" in line and "####" in line


def test_empty_file(runner, scripted, tmp_path):
    src = tmp_path / "empty.jsonl"
    src.write_text("\n")
    result = gen(runner, src, "--task", "gsm8k", "-o", "-")
    assert result.exit_code == 2 and "is empty" in error_line(result)


def test_missing_file(runner, scripted, tmp_path):
    result = gen(runner, tmp_path / "nope.jsonl", "--task", "gsm8k", "-o", "-")
    assert result.exit_code == 2 and "no such file" in error_line(result)


def test_not_an_object(runner, scripted, tmp_path):
    src = tmp_path / "p.jsonl"
    src.write_text("[1, 2]\n")
    result = gen(runner, src, "--task", "gsm8k", "-o", "-")
    assert result.exit_code == 2 and "expected a JSON object" in error_line(result)


def test_unknown_task(runner, scripted, problems_file):
    result = gen(runner, problems_file, "--task", "gsm9k", "-o", "-")
    assert result.exit_code == 2
    assert "unknown task 'gsm9k'" in error_line(result) and "gsm8k" in error_line(result)


def test_unknown_engine(runner, problems_file):
    result = gen(runner, problems_file, "--task", "gsm8k", "--engine", "nope", "-o", "-")
    assert result.exit_code == 2 and "unknown engine 'nope'" in error_line(result)


def test_engine_package_not_installed(runner, problems_file, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "vllm", None)  # import vllm -> ImportError
    out = tmp_path / "out"
    result = gen(runner, problems_file, "--task", "gsm8k", "--engine", "vllm", "-o", out)
    assert result.exit_code == 2
    line = error_line(result)
    assert "vllm" in line and "pip install" in line
    assert not out.exists()  # a failed start creates nothing, so a corrected rerun just works


def test_model_path_that_does_not_exist(runner, problems_file, tmp_path):
    pytest.importorskip("transformers")
    missing = tmp_path / "no-such-model"
    result = gen(runner, problems_file, "--task", "gsm8k", "--engine", "transformers",
                 "--model", missing, "-o", "-")
    assert result.exit_code == 2
    assert "does not exist" in error_line(result) and str(missing) in error_line(result)


@pytest.mark.parametrize(
    "args, message",
    [
        (["-n", "0"], "-n/--samples must be at least 1"),
        (["--top-p", "1.5"], "--top-p must be in (0, 1]"),
        (["--check-timeout", "0"], "--check-timeout must be positive"),
        (["--temperature", "-1"], "--temperature must be >= 0"),
        (["--num-shards", "2", "--shard-index", "2"], "--shard-index must be in [0, 2)"),
        (["--engine-arg", "novalue"], "--engine-arg expects KEY=VALUE"),
    ],
)
def test_bad_options(runner, scripted, problems_file, args, message):
    result = gen(runner, problems_file, "--task", "gsm8k", "-o", "-", *args)
    assert result.exit_code == 2 and message in error_line(result)


def test_no_input(runner, scripted):
    result = gen(runner, "--task", "gsm8k", "-o", "-")
    assert result.exit_code == 2 and "no input" in error_line(result)


def test_existing_foreign_directory_is_not_touched(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    (out / "data").mkdir()
    (out / "data" / "important.csv").write_text("keep me")
    for extra in ([], ["--overwrite"]):
        result = gen(runner, problems_file, "--task", "gsm8k", "-o", out, *extra)
        assert result.exit_code == 2 and "not a star output directory" in error_line(result)
    assert (out / "notes.txt").read_text() == "precious"
    assert (out / "data" / "important.csv").read_text() == "keep me"


def test_failed_start_with_overwrite_keeps_the_old_run(runner, scripted, problems_file,
                                                       tmp_path):
    out = tmp_path / "out"
    assert gen(runner, problems_file, "--task", "gsm8k", "-o", out).exit_code == 0
    before = sorted(p.name for p in (out / "data").iterdir())
    result = gen(runner, problems_file, "--task", "gsm8k", "-o", out, "--overwrite",
                 "--engine", "tests.no_such_module:Engine")
    assert result.exit_code == 2
    assert sorted(p.name for p in (out / "data").iterdir()) == before
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_overwrite_keeps_files_star_did_not_write(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    assert gen(runner, problems_file, "--task", "gsm8k", "-o", out).exit_code == 0
    (out / "data" / "notes.txt").write_text("mine")
    (out / "analysis.ipynb").write_text("{}")
    assert gen(runner, problems_file, "--task", "gsm8k", "-o", out, "-n", "2",
               "--overwrite").exit_code == 0
    assert (out / "data" / "notes.txt").exists() and (out / "analysis.ipynb").exists()


def test_output_path_is_a_file(runner, scripted, problems_file, tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = gen(runner, problems_file, "--task", "gsm8k", "-o", target)
    assert result.exit_code == 2 and "not a star output directory" in error_line(result)


def test_damaged_shard_is_named_on_resume(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    assert gen(runner, problems_file, "--task", "gsm8k", "-o", out).exit_code == 0
    shard = sorted((out / "data").glob("*.jsonl"))[0]
    shard.write_text(shard.read_text().replace('"problem_id"', '"pid"', 1))
    result = gen(runner, problems_file, "--task", "gsm8k", "-o", out)
    # (checked against its manifest entry before its records are read as work done)
    assert result.exit_code == 2 and f"{shard}: is " in error_line(result)
    assert "is damaged" in error_line(result)


def test_offline_hf_dataset_fails_clearly(tmp_path):
    """In a subprocess: the hub's offline switch is read when huggingface_hub is imported."""
    import os
    import subprocess

    pytest.importorskip("datasets")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_HOME": str(tmp_path / "hf")}
    result = subprocess.run(
        [sys.executable, "-m", "star_cli", "generate", "--dataset", "no-such-org/no-such-dataset",
         "--task", "gsm8k", "--model", "m", "-o", "-"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 2
    assert "cannot load dataset 'no-such-org/no-such-dataset'" in error_line(result)


def test_csqa_answer_key_not_a_label(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "c.jsonl", [{
        "id": "1", "answerKey": "F",
        "question": {"stem": "?", "choices": [{"label": "A", "text": "x"}]}}])
    line = error_line(gen(runner, src, "--task", "csqa", "-o", "-"))
    assert f"{src}:1" in line and "answerKey" in line


def test_shared_data_reads_cleanly(runner, scripted):
    """The real files parse under their presets (skipped where ../shared/data is absent)."""
    data = SHARED_DATA
    if not data.exists():
        pytest.skip("../shared/data not present")
    for task, path in (("gsm8k", data / "gsm8k" / "test.jsonl"),
                       ("csqa", data / "commonsenseqa" / "dev.jsonl")):
        result = gen(runner, path, "--task", task, "-n", "1", "-o", "-", "--limit", "50")
        assert result.exit_code == 0, result.stderr
        assert len(result.stdout.splitlines()) == 50


DEEP = "[" * 100_000 + "]" * 100_000


def test_json_nested_100000_deep_is_one_line_not_a_recursion_error(runner, scripted, tmp_path):
    ok = {"question": "What is 1 + 2?", "answer": "#### 3"}
    jsonl = tmp_path / "deep.jsonl"
    jsonl.write_text(json.dumps(ok) + "\n" + '{"question": "q", "answer": "#### 1", "x": '
                     + DEEP + "}\n")
    document = tmp_path / "deep.json"
    document.write_text("[\n" + json.dumps(ok) + ',\n{"question": "q",\n"x": ' + DEEP + "}\n]\n")
    for src, line in ((jsonl, 2), (document, 4)):
        out = tmp_path / f"out-{src.suffix}"
        result = gen(runner, src, "--task", "gsm8k", "-o", out)
        assert result.exit_code == 2
        assert f"{src}:{line}: JSON nested too deeply" in error_line(result)
        assert not out.exists()


def test_deep_record_in_own_shard_is_named_on_resume(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    assert gen(runner, problems_file, "--task", "gsm8k", "-o", out).exit_code == 0
    shard = sorted((out / "data").glob("*.jsonl"))[0]
    lines = shard.read_text().splitlines()
    lines[1] = lines[1][:-1] + ', "x": ' + DEEP + "}"
    shard.write_text("\n".join(lines) + "\n")
    result = gen(runner, problems_file, "--task", "gsm8k", "-o", out)
    assert result.exit_code == 2  # (no longer the shard its manifest lists)
    assert f"{shard}: is " in error_line(result) and "is damaged" in error_line(result)
    # a trace file given to filter is read as any file is: the line nested too deeply
    result = runner.invoke(app, ["filter", str(shard), "-o", "-", "-q"])
    assert result.exit_code == 2 and f"{shard}:2" in error_line(result)


def _star(args, **env):
    import os
    import subprocess

    full = {**os.environ, **env}
    for k, v in env.items():
        if v is None:
            full.pop(k)
    # The timeout is a safety net (a hub client retrying an unreachable host would hang the
    # suite), not a speed check: failing at once is the one line below, with no retry noise.
    return subprocess.run([sys.executable, "-m", "star_cli", *args], capture_output=True,
                          text=True, env=full, timeout=300)


# A closed local port: refused at once, never an outside address.
UNREACHABLE = {"HF_HUB_OFFLINE": None, "HF_DATASETS_OFFLINE": None,
               "HF_ENDPOINT": "http://127.0.0.1:9"}


@pytest.mark.parametrize("env", [{}, UNREACHABLE], ids=["offline", "unreachable"])
def test_hub_dataset_without_network_fails_in_one_line(tmp_path, env):
    pytest.importorskip("datasets")
    result = _star(["generate", "--dataset", "no-such-org/no-such-dataset", "--task",
                    "gsm8k", "--model", "m", "-o", "-"], HF_HOME=str(tmp_path / "hf"), **env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr  # one line, nothing else
    line = error_line(result)
    assert "cannot load dataset 'no-such-org/no-such-dataset'" in line
    assert "not in the local cache" in line
    assert ("offline" if not env else "127.0.0.1:9) is unreachable") in line


@pytest.mark.parametrize("env", [{}, UNREACHABLE], ids=["offline", "unreachable"])
def test_hub_model_without_network_fails_in_one_line(tmp_path, problems_file, env):
    pytest.importorskip("transformers")
    result = _star(["generate", str(problems_file), "--task", "gsm8k", "--engine",
                    "transformers", "--model", "no-such-org/no-such-model", "-o", "-"],
                   HF_HOME=str(tmp_path / "hf"), **env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr
    line = error_line(result)
    assert "'no-such-org/no-such-model' is neither a local path nor in the Hugging Face cache" \
        in line
    assert ("HF_HUB_OFFLINE=1" if not env else "127.0.0.1:9) is unreachable") in line
