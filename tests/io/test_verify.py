"""Readers verify a star directory against its manifest before they trust it: every way a
finished run can be damaged is one error naming the shard, in every command that reads it;
--allow-partial reads what verifies; `star status` reports the damage."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from star_cli.cli import app
from tests.conftest import make_trace, read_out, write_jsonl


def _traces(n: int) -> list[dict]:
    return [make_trace(problem_id=f"p{k}", sample=s, question=f"What is {k} + 1?",
                       gold=str(k + 1), completion=f"The answer is {k + 1 + s % 2}.",
                       correct=s % 2 == 0, answer=str(k + 1 + s % 2))
            for k in range(n) for s in range(2)]


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    """A finished `star check` run of 40 traces in 4 shards."""
    from typer.testing import CliRunner

    root = tmp_path_factory.mktemp("run")
    src = write_jsonl(root / "t.jsonl", _traces(20))
    out = root / "run"
    r = CliRunner().invoke(app, ["check", str(src), "--task", "gsm8k", "-o", str(out),
                                 "--shard-size", "10", "-q"])
    assert r.exit_code == 0, r.output
    assert len(list((out / "data").glob("*.jsonl"))) == 4
    return out


def shards(out: Path) -> list[Path]:
    return sorted((out / "data").glob("*.jsonl"))


def _edit_digit(out: Path) -> None:
    f = shards(out)[1]
    data = bytearray(f.read_bytes())
    at = data.index(b"The answer is ") + len(b"The answer is ")
    data[at] = ord("8") if data[at] != ord("8") else ord("7")
    f.write_bytes(bytes(data))


def _manifest(out: Path, edit: Callable[[dict], None]) -> None:
    m = json.loads((out / "manifest.json").read_text())
    edit(m)
    (out / "manifest.json").write_text(json.dumps(m))


TAMPER: dict[str, tuple[Callable[[Path], None], str]] = {
    "deleted": (lambda o: shards(o)[2].unlink(), "listed in manifest.json but missing"),
    "cut at a line": (lambda o: shards(o)[0].write_bytes(
        b"".join(shards(o)[0].read_bytes().splitlines(keepends=True)[:-1])), "bytes"),
    "cut mid-line": (lambda o: shards(o)[0].write_bytes(shards(o)[0].read_bytes()[:-9]),
                     "bytes, the manifest says"),
    "a digit edited": (_edit_digit, "does not match the sha256"),
    "stray file": (lambda o: shutil.copy(shards(o)[0], o / "data" / "extra.jsonl"),
                   "is not listed in manifest.json"),
    "newer schema": (lambda o: _manifest(o, lambda m: m.update(schema_version=99)),
                     "(schema version 99); this star reads schema versions up to 2"),
    "schema as text": (lambda o: _manifest(o, lambda m: m.update(schema_version="99")),
                       "schema_version '99' is no integer"),
    "count edited": (lambda o: _manifest(o, lambda m: m["shards"][0].update(records=3)),
                     "records, the manifest says 3"),
    # the manifest edited so that it checks less: an entry's checks taken out, an entry
    # dropped with its shard, a total edited; each rank's part still lists the shards
    "checks nulled": (lambda o: _manifest(o, lambda m: m["shards"][1].update(
        sha256=None, bytes=None, records=None)), "has no records"),
    "entry dropped": (lambda o: (shards(o)[3].unlink(), _manifest(o, lambda m: m.update(
        shards=m["shards"][:3]))), "its shards are not those its ranks' parts list"),
    "total edited": (lambda o: _manifest(o, lambda m: m.update(records=41)),
                     "its total of 41 records is not its shards' 40"),
    "a part's entry cut": (lambda o: _part(o, lambda p: p["shards"][0].pop("sha256")),
                           "ranks/00000.json: the entry of shard"),
    "manifest and parts gone": (lambda o: ((o / "manifest.json").unlink(),
                                           shutil.rmtree(o / "ranks")),
                                "manifest.json and ranks/ are gone"),
}


def _part(out: Path, edit: Callable[[dict], None]) -> None:
    path = out / "ranks" / "00000.json"
    part = json.loads(path.read_text())
    edit(part)
    path.write_text(json.dumps(part))


@pytest.mark.parametrize("command", [
    ["check", "--task", "gsm8k", "-o", "-"], ["filter", "-o", "-"], ["pairs", "-o", "-"],
    ["select", "--by", "majority", "-o", "-"]], ids=lambda c: c[0])
@pytest.mark.parametrize("how", list(TAMPER))
def test_every_reader_refuses_a_damaged_run(runner, finished, tmp_path, command, how):
    copy = tmp_path / "copy"
    shutil.copytree(finished, copy)
    tamper, said = TAMPER[how]
    tamper(copy)
    r = runner.invoke(app, [command[0], str(copy), *command[1:]])
    assert r.exit_code == 2, r.output
    assert said in " ".join(r.stderr.split()) and r.stdout == ""


def test_allow_partial_reads_what_verifies_and_names_the_rest(runner, finished, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(finished, copy)
    _edit_digit(copy)
    bad = shards(copy)[1]
    r = runner.invoke(app, ["check", str(copy), "--task", "gsm8k", "-o", "-",
                            "--allow-partial"])
    assert r.exit_code == 0, r.output
    assert len(r.stdout.splitlines()) == 30  # 3 of 4 shards of 10
    assert f"{bad}: does not match the sha256" in " ".join(r.stderr.split())


def test_status_reports_damage_and_verify_hashes(runner, finished, tmp_path):
    assert runner.invoke(app, ["status", str(finished), "--verify"]).exit_code == 0
    copy = tmp_path / "copy"
    shutil.copytree(finished, copy)
    _edit_digit(copy)
    quick = runner.invoke(app, ["status", str(copy)])  # sizes only: a same-size edit passes
    assert quick.exit_code == 0 and "--verify hashes them" in quick.output
    full = runner.invoke(app, ["status", str(copy), "--verify"])
    assert full.exit_code == 2 and "damaged:" in full.output
    shards(copy)[0].unlink()
    assert runner.invoke(app, ["status", str(copy)]).exit_code == 2


def test_a_deleted_manifest_is_rebuilt_from_the_ranks_parts(runner, finished, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(finished, copy)
    (copy / "manifest.json").unlink()
    ok = runner.invoke(app, ["filter", str(copy), "--no-correct", "-o", "-"])
    assert ok.exit_code == 0 and len(ok.stdout.splitlines()) == 40
    assert "checked against its ranks' manifest parts" in ok.stderr
    _edit_digit(copy)
    assert runner.invoke(app, ["filter", str(copy), "-o", "-"]).exit_code == 2


def test_an_untouched_run_reads_whole(finished):
    assert len(read_out(finished)) == 40


def test_a_rerun_into_a_damaged_run_refuses_to_take_its_work_as_done(runner, finished,
                                                                      tmp_path):
    """A writer resuming into its own OUT checks every sealed shard it would skip the work
    of: a shard cut short or edited since is an error, not work done."""
    src = tmp_path / "t.jsonl"
    write_jsonl(src, _traces(20))
    out = tmp_path / "run"
    args = ["check", str(src), "--task", "gsm8k", "-o", str(out), "--shard-size", "10", "-q"]
    assert runner.invoke(app, args).exit_code == 0
    cut = shards(out)[1]
    cut.write_bytes(b"".join(cut.read_bytes().splitlines(keepends=True)[:-1]))
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert f"{cut}: is " in " ".join(r.stderr.split()) and "is damaged" in r.stderr
    assert runner.invoke(app, [*args, "--overwrite"]).exit_code == 0
    assert len(read_out(out)) == 40
