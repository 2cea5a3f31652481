"""The run frame under concurrency: one writer per OUT and rank, ranks sharing one OUT,
resume by trace id, and `load_dataset(OUT)` always reading what OUT holds now."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.errors import UsageError
from star_cli.io.lock import holder
from star_cli.io.shards import ShardWriter
from tests.conftest import REPO, read_out, write_jsonl
from tests.scripted import arithmetic_problems

pytestmark = pytest.mark.skipif(os.name != "posix", reason="needs POSIX locks and signals")
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def generate(src: Path, out: Path, *extra: str, delay: float = 0.0,
             hold: Path | None = None) -> list[str]:
    held = ["--engine-arg", f"hold={hold}"] if hold else []
    return [sys.executable, "-m", "star_cli", "generate", str(src), "--task", "gsm8k",
            "--model", "m", "--engine", "tests.scripted:ScriptedEngine", "--engine-arg",
            f"delay={delay}", *held, "--chunk-size", "2", "--shard-size", "5", "-n", "2",
            "-q", "-o", str(out), *extra]


def wait_for(path: Path, timeout: float = 120) -> None:  # a safety net, not a bound
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_second_writer_stops_at_once_naming_the_first(tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(30))
    out = tmp_path / "out"
    go = tmp_path / "go"  # the first run holds at its first engine call until this exists
    first = subprocess.Popen(generate(src, out, delay=0.05, hold=go), cwd=REPO, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_for(out / "ranks" / "00000.json")
        second = subprocess.run(generate(src, out), cwd=REPO, env=ENV, capture_output=True,
                                text=True, timeout=120)
        assert second.returncode == 2
        assert f"pid {first.pid}" in second.stderr and "is being written by" in second.stderr
        assert first.poll() is None  # it did not wait for the first to finish
    finally:
        go.touch()
    assert first.wait(timeout=120) == 0, first.stderr.read()
    rows = read_out(out)
    assert len(rows) == len({r["id"] for r in rows}) == 60  # nothing duplicated
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_ranks_write_one_out_at_the_same_time(tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(40))
    out = tmp_path / "out"
    ranks = [subprocess.Popen(generate(src, out, "--num-shards", "2", "--shard-index", str(i),
                                       delay=0.02), cwd=REPO, env=ENV,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    for proc in ranks:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    rows = read_out(out)
    assert len(rows) == len({r["id"] for r in rows}) == 80
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 80
    assert {s["file"][5:10] for s in manifest["shards"]} == {"00000", "00001"}
    for shard in manifest["shards"]:  # every listed hash is the file's
        import hashlib
        data = (out / shard["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == shard["sha256"]


def test_directory_is_complete_only_when_every_rank_is(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(20))
    out = tmp_path / "out"
    base = ["generate", str(src), "--task", "gsm8k", "--model", "m", "--engine", "scripted",
            "-n", "1", "-q", "-o", str(out), "--num-shards", "2"]
    assert runner.invoke(app, [*base, "--shard-index", "1"]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "incomplete"
    status = runner.invoke(app, ["status", str(out)])
    assert status.exit_code == 0
    assert "rank 0: missing" in status.output and "rank 1: complete" in status.output
    assert "rerun rank(s) 0 with the same command" in status.output
    peek = runner.invoke(app, ["check", str(out), "-o", "-", "--task", "gsm8k"])
    assert peek.exit_code == 0 and "its run is incomplete, not complete" in peek.stderr
    assert runner.invoke(app, [*base, "--shard-index", "0"]).exit_code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 20
    # star's own readers see the union of the ranks
    check = runner.invoke(app, ["check", str(out), "-o", "-", "--task", "gsm8k", "-q"])
    assert check.exit_code == 0 and len(check.stdout.splitlines()) == 20


def test_a_killed_rank_shows_as_died_and_resumes_alone(tmp_path, runner):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(30))
    out = tmp_path / "out"
    go = tmp_path / "go"  # held at its first engine call until this exists: surely running
    cmd0 = generate(src, out, "--num-shards", "2", "--shard-index", "0", hold=go)
    proc = subprocess.Popen(cmd0, cwd=REPO, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_for(out / "ranks" / "00000.json")
    assert proc.poll() is None
    proc.kill()
    proc.wait()
    status = runner.invoke(app, ["status", str(out)])
    assert "rank 0: died" in status.output
    go.touch()
    assert subprocess.run(cmd0, cwd=REPO, env=ENV, capture_output=True,
                          timeout=120).returncode == 0
    rows = read_out(out)
    assert len(rows) == len({r["id"] for r in rows})


def test_a_killed_run_of_one_rank_is_told_to_rerun(tmp_path, runner):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(10))
    out = tmp_path / "out"
    go = tmp_path / "go"
    proc = subprocess.Popen(generate(src, out, hold=go), cwd=REPO, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(out / "ranks" / "00000.json")
    proc.kill()
    proc.wait()
    status = runner.invoke(app, ["status", str(out)])
    assert "rank 0: died" in status.output
    assert "rerun the same command; it resumes where it stopped" in status.output
    assert "--shard-index" not in status.output


def test_check_resumes_by_trace_id_across_inputs(runner, tmp_path):
    def trace(pid: str, source: str, k: int) -> dict:
        return {"id": f"{pid}/{source}/it0/s{k}", "problem_id": pid, "question": "q",
                "gold": "5", "completion": "The answer is 5.", "source": source}

    gen = write_jsonl(tmp_path / "gen.jsonl", [trace(p, "generate", k)
                                               for p in "abcd" for k in range(2)])
    rat = write_jsonl(tmp_path / "rat.jsonl", [trace(p, "rationalize", 0) for p in "abcd"])
    out = tmp_path / "out"
    base = ["check", "--task", "gsm8k", "-q", "-o", str(out), "--shard-size", "3"]
    assert runner.invoke(app, [*base, str(gen)]).exit_code == 0
    # more inputs, in another order, the same problems: only the missing traces are written
    assert runner.invoke(app, [*base, str(rat), str(gen)]).exit_code == 0
    ids = [r["id"] for r in read_out(out)]
    assert len(ids) == len(set(ids)) == 12
    # an input given twice holds every trace twice: refused, naming both places
    again = runner.invoke(app, [*base, str(rat), str(gen), str(rat)])
    assert again.exit_code == 2
    assert f"rat.jsonl:1: field 'id': trace id 'a/rationalize/it0/s0' was given twice ({rat} " \
        "is given twice as input)" in " ".join(again.stderr.split())
    dup = write_jsonl(tmp_path / "dup.jsonl", [trace("e", "generate", 0), trace("f", "generate",
                                                                                0),
                                               trace("e", "generate", 0)])
    twice = runner.invoke(app, [*base[:-4], "-o", str(tmp_path / "o2"), str(dup)])
    assert twice.exit_code == 2
    assert f"dup.jsonl:3: field 'id': trace id 'e/generate/it0/s0' was given twice (first at " \
        f"{dup}:1)" in " ".join(twice.stderr.split())


def _writer(out: Path, **kw) -> ShardWriter:
    return ShardWriter(out, command="generate", config={"k": 1}, argv=[], **kw)


def test_load_dataset_reads_what_out_holds_now(tmp_path):
    datasets = pytest.importorskip("datasets")
    outs = [tmp_path / "a" / "run", tmp_path / "b" / "run"]  # two OUTs, one directory name
    for value, out in enumerate(outs):
        w = _writer(out)
        w.open()
        w.write_group([{"id": f"p/{value}", "problem_id": "p", "value": value}])
        w.close()
    assert [datasets.load_dataset(str(o), split="train")["value"][0] for o in outs] == [0, 1]
    w = _writer(outs[0], overwrite=True)  # rewrite the first with other rows
    w.prepare()
    w.open()
    w.write_group([{"id": "p/9", "problem_id": "p", "value": 9}])
    w.close()
    assert datasets.load_dataset(str(outs[0]), split="train")["value"] == [9]


def test_a_forked_child_does_not_keep_the_lock(tmp_path):
    out = tmp_path / "out"
    w = _writer(out)
    w.open()
    release, hold = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child outlives nothing here; it only must not hold the lock
        os.close(hold)
        os.read(release, 1)  # alive until the parent is done (its end closes)
        os._exit(0)
    os.close(release)
    try:
        w.close()  # the parent lets go while the child is still alive
        again = _writer(out)
        again.prepare()  # would raise "is being written by" if the child held it
        again.release()
    finally:
        os.close(hold)
        os.waitpid(pid, 0)


def test_another_partition_of_ranks_is_refused(runner, scripted, tmp_path):
    src = write_jsonl(tmp_path / "p.jsonl", arithmetic_problems(10))
    out = tmp_path / "out"
    base = ["generate", str(src), "--task", "gsm8k", "--model", "m", "--engine", "scripted",
            "-n", "1", "-q", "-o", str(out)]
    assert runner.invoke(app, [*base, "--num-shards", "2", "--shard-index", "1"]).exit_code == 0
    result = runner.invoke(app, base)  # one rank over an OUT of two: would redo rank 1's work
    assert result.exit_code == 2 and "--num-shards 2" in result.output


def test_a_run_that_finds_out_written_meanwhile_refuses(tmp_path):
    out = tmp_path / "out"
    late = _writer(out)
    late.prepare()  # OUT does not exist yet: nothing to lock, nothing to skip
    early = _writer(out)
    early.open()
    early.write_group([{"id": "p/0", "problem_id": "p"}])
    early.close()
    with pytest.raises(Exception, match="written by another run"):
        late.open()
    assert [r["id"] for r in read_out(out)] == ["p/0"]


def _started_meanwhile(out: Path, rank: int, num_ranks: int, config: dict | None = None) -> None:
    """A run of `rank` that creates OUT, writes a group and finishes."""
    other = ShardWriter(out, command="generate", config=config or {"k": 1}, argv=[],
                        rank=rank, num_ranks=num_ranks)
    other.prepare()
    other.open()
    other.write_group([{"id": f"p{rank}/x", "problem_id": f"p{rank}", "value": rank}])
    other.close()


def test_ranks_started_together_both_run(tmp_path):
    """Two ranks both find OUT missing; the other creates it first. This rank goes on beside
    it (a rank never refuses to start because its sibling was quicker), and OUT holds both."""
    out = tmp_path / "out"
    w = _writer(out, rank=0, num_ranks=2)
    assert not w.prepare().ids  # OUT does not exist yet
    _started_meanwhile(out, rank=1, num_ranks=2)
    w.open()
    w.write_group([{"id": "p0/x", "problem_id": "p0", "value": 0}])
    w.close()
    assert sorted(r["problem_id"] for r in read_out(out)) == ["p0", "p1"]


@pytest.mark.parametrize(("rank", "num_ranks", "config", "said"), [
    (0, 2, None, "written by another run while this one started"),  # this rank's own part
    (1, 3, None, "--num-shards 3"),  # another partition
    (1, 2, {"k": 2}, "different configuration"),  # another run altogether
])
def test_what_was_started_meanwhile_is_checked(tmp_path, rank, num_ranks, config, said):
    out = tmp_path / "out"
    w = _writer(out, rank=0, num_ranks=2)
    w.prepare()
    _started_meanwhile(out, rank=rank, num_ranks=num_ranks, config=config)
    with pytest.raises(UsageError, match=said):
        w.open()
    assert holder(out, 0) is None  # the refused start let go of its lock
