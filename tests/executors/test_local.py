"""Executors without Ray: the registry, every rank of --num-shards in one process, the checks
made before any rank starts (nothing starts, not even Ray, when they fail), and the pieces
the Ray executor shares (rank copies, merged stats, errors that cross a process)."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys

import pytest

from star_cli.cli import app
from star_cli.errors import InputError, UsageError
from star_cli.executors.base import Executor, RankFailed
from star_cli.executors.ranks import merge_stats, with_rank
from star_cli.registry import EXECUTORS
from star_cli.steps.generate import GenerateRun
from star_cli.steps.sampling import Stats
from tests.conftest import REPO, read_out, write_jsonl
from tests.scripted import arithmetic_problems

BASE = ["generate", "--task", "gsm8k", "--model", "m", "--engine", "scripted", "-q",
        "-n", "4", "--chunk-size", "2", "--shard-size", "7"]


def by_id(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows}


@pytest.fixture
def src(tmp_path):
    return write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(24))


def test_the_registry_holds_both_and_ray_is_not_imported_until_a_run():
    assert EXECUTORS.names()[:2] == ["local", "ray"]
    for name in ("local", "ray"):
        assert issubclass(EXECUTORS.get(name), Executor)
    code = "import sys, star_cli.executors.ray; print('ray' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.strip()
    assert out == "False"


def test_every_rank_in_one_process_equals_one_run(runner, scripted, src, tmp_path):
    one, ranked = tmp_path / "one", tmp_path / "ranked"
    assert runner.invoke(app, [*BASE, str(src), "-o", str(one)]).exit_code == 0
    result = runner.invoke(app, [*BASE, str(src), "-o", str(ranked), "--num-shards", "3"])
    assert result.exit_code == 0, result.output
    assert by_id(read_out(ranked)) == by_id(read_out(one))
    manifest = json.loads((ranked / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["num_ranks"] == 3
    part = json.loads((ranked / "ranks" / "00002.json").read_text())
    assert part["scope"]["executor"] == "local" and part["scope"]["shard_index"] == 2
    # the executor is scope, not identity: one rank alone, by hand, resumes the same run
    again = runner.invoke(app, [*BASE, str(src), "-o", str(ranked), "--num-shards", "3",
                                "--shard-index", "1"])
    assert again.exit_code == 0, again.output
    assert by_id(read_out(ranked)) == by_id(read_out(one))


def test_every_rank_to_stdout_in_turn(runner, scripted, src):
    result = runner.invoke(app, [*BASE, str(src), "-o", "-", "--num-shards", "3"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == len({r["id"] for r in rows}) == 96


def test_check_in_ranks_equals_one_check(runner, scripted, src, tmp_path):
    gen = tmp_path / "gen"
    assert runner.invoke(app, [*BASE, str(src), "-o", str(gen)]).exit_code == 0
    one, ranked = tmp_path / "one", tmp_path / "ranked"
    base = ["check", str(gen), "--task", "gsm8k", "-q", "--workers", "1"]
    assert runner.invoke(app, [*base, "-o", str(one)]).exit_code == 0
    result = runner.invoke(app, [*base, "-o", str(ranked), "--num-shards", "2"])
    assert result.exit_code == 0, result.output
    assert by_id(read_out(ranked)) == by_id(read_out(one))
    assert json.loads((ranked / "manifest.json").read_text())["num_ranks"] == 2


@pytest.mark.parametrize(("extra", "said"), [
    (["--executor", "ray", "-o", "-"], "not -o -"),
    (["--executor", "ray", "--engine", "vllm", "-o", "OUT"], "needs --gpus-per-shard"),
    (["--executor", "ray", "--shard-index", "1", "-o", "OUT"], "leave it out"),
    (["--gpus-per-shard", "1", "-o", "OUT"], "not an option of --executor local"),
    (["--executor", "nope", "-o", "OUT"], "known: local, ray"),
    (["--executor", "ray", "--max-retries", "-1", "-o", "OUT"], "--max-retries"),
    (["--executor", "ray", "--cpus-per-shard", "0", "-o", "OUT"], "--cpus-per-shard"),
])
def test_options_are_refused_before_anything_starts(runner, scripted, src, tmp_path, extra,
                                                    said):
    out = tmp_path / "out"
    args = [str(out) if a == "OUT" else a for a in extra]
    result = runner.invoke(app, [*BASE, str(src), "--num-shards", "3", *args])
    assert result.exit_code == 2 and said in result.output, result.output
    assert not out.exists()


def test_bad_input_is_one_line_before_any_rank_or_ray_starts(runner, scripted, src, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(src.read_text() + '{"question": "What is 1 + 2?"}\n')  # no answer
    out = tmp_path / "out"
    for executor in ("local", "ray"):
        result = runner.invoke(app, [*BASE, str(bad), "-o", str(out), "--num-shards", "3",
                                     "--executor", executor])
        assert result.exit_code == 2 and "bad.jsonl:25" in result.output, result.output
        assert not out.exists()


def test_another_run_in_out_is_refused_before_ray_starts(runner, scripted, src, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, [*BASE, str(src), "-o", str(out), "--num-shards", "2"]
                         ).exit_code == 0
    before = sorted(p.name for p in (out / "data").iterdir())
    other = runner.invoke(app, [*BASE, str(src), "-o", str(out), "--num-shards", "3",
                                "--executor", "ray"])
    assert other.exit_code == 2 and "--num-shards 2" in other.output
    changed = [a if a != "4" else "5" for a in BASE]
    other = runner.invoke(app, [*changed, str(src), "-o", str(out), "--num-shards", "2",
                                "--executor", "ray"])
    assert other.exit_code == 2 and "different configuration" in other.output
    assert sorted(p.name for p in (out / "data").iterdir()) == before


def test_a_complete_run_is_a_no_op_without_starting_ray(runner, scripted, src, tmp_path):
    out = tmp_path / "out"
    args = [*BASE, str(src), "-o", str(out), "--num-shards", "3"]
    assert runner.invoke(app, args).exit_code == 0
    shards = {p.name: p.read_bytes() for p in (out / "data").iterdir()}
    result = runner.invoke(app, [*args, "--executor", "ray"])
    assert result.exit_code == 0, result.output
    assert {p.name: p.read_bytes() for p in (out / "data").iterdir()} == shards
    assert "ray" not in sys.modules or not sys.modules["ray"].is_initialized()


def test_rank_copies_and_merged_stats():
    run = GenerateRun(inputs=["p"], task="gsm8k", model="m", output="o",
                      selection={"skip": 1, "num_shards": 1, "shard_index": 0})
    rank = with_rank(run, 4, 3)
    assert rank.selection == {"skip": 1, "num_shards": 4, "shard_index": 3}
    assert run.selection["num_shards"] == 1 and rank.reporter is None
    a, b = Stats(total=3, problems=3, samples=12, correct=6), Stats(total=2, problems=2,
                                                                     samples=8, correct=1)
    merged = merge_stats([a, b], started=5.0)
    assert (merged.total, merged.problems, merged.samples, merged.correct) == (5, 5, 20, 7)
    assert merged.started == 5.0 and a.problems == 3


def test_a_ranks_error_crosses_a_process_as_its_own_line():
    error = InputError("bad", path="p.jsonl", line=3, fix="fix it")
    carried = pickle.loads(pickle.dumps(RankFailed(str(error), error.exit_code, 2)))
    assert str(carried) == str(error) == "p.jsonl:3: bad (fix it)"
    assert carried.exit_code == 2 and carried.rank == 2


def test_gpus_per_shard_are_a_vllm_ranks_tensor_parallelism():
    pytest.importorskip("ray")
    from star_cli.executors.ray import RayExecutor, default_cpus

    run = GenerateRun(inputs=["p"], task="gsm8k", model="m", output="o", engine="vllm")
    assert RayExecutor(gpus_per_shard=2).check(run, 4).engine_options[
        "tensor_parallel_size"] == 2
    with pytest.raises(UsageError, match="needs --gpus-per-shard"):
        RayExecutor().check(run, 4)
    run.engine_options = {"tensor_parallel_size": 4}
    with pytest.raises(UsageError, match="is not --gpus-per-shard 2"):
        RayExecutor(gpus_per_shard=2).check(run, 4)
    assert default_cpus(2, 3) == 0.66 and default_cpus(64, 8) == 1.0
    assert default_cpus(2, 1000) == 0.01


def test_which_ray_errors_mean_a_lost_worker():
    exceptions = pytest.importorskip("ray.exceptions")
    from star_cli.executors.ray import lost

    assert lost(exceptions.WorkerCrashedError())
    assert lost(exceptions.NodeDiedError("node gone"))
    assert not lost(exceptions.RayTaskError("f", "tb", RankFailed("bad", 2)))
    assert not lost(ValueError("x"))
