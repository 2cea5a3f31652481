"""`--resume-changed`: a rerun over changed input recomputes exactly the records whose input
record changed or is gone, and keeps every other record byte for byte; without the flag the
rerun is refused, naming it; where the flag cannot apply, one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from star_cli.cli import app
from star_cli.io.verify import verify_directory
from star_cli.steps.check import CheckRun
from star_cli.steps.problems import slice_of
from star_cli.steps.score import ScoreRun
from tests.conftest import make_trace, read_jsonl, write_jsonl
from tests.scripted import arithmetic_problems


def traces(n: int = 6, samples: int = 2) -> list[dict[str, Any]]:
    return [make_trace(problem_id=f"p{k}", sample=s, gold=str(k),
                       completion=f"Line {k}.{s} The answer is {k}.")
            for k in range(n) for s in range(samples)]


def lines_by_id(out: Path) -> dict[str, bytes]:
    """Every record's line in OUT, by trace id, read as the manifest lists the shards."""
    manifest = json.loads((out / "manifest.json").read_text())
    found: dict[str, bytes] = {}
    for shard in manifest["shards"]:
        for line in (out / shard["file"]).read_bytes().splitlines():
            tid = json.loads(line)["id"]
            assert tid not in found, f"{tid} twice"
            found[tid] = line
    return found


def change(path: Path, edit: Any) -> None:
    rows = read_jsonl(path)
    write_jsonl(path, edit(rows))


def check_run(src: Path, out: Path, **options: Any) -> CheckRun:
    return CheckRun(inputs=[str(src)], output=str(out), task="gsm8k",
                    **{"workers": 1, "shard_size": 4, "quiet": True, **options})


def regolded(rows: list[dict], *ids: str) -> list[dict]:
    """The rows with the gold of the traces `ids` changed (their verdicts now differ)."""
    return [{**r, "gold": "99"} if r["id"] in ids else r for r in rows]


# -- star check -------------------------------------------------------------------------------
@pytest.mark.parametrize("workers", [1, 2])
def test_check_recomputes_only_changed_traces_and_drops_gone_ones(tmp_path, workers,
                                                                   monkeypatch):
    from star_cli.steps import check as check_step

    monkeypatch.setattr(check_step, "BLOCK_BYTES", 2000)  # blocks enough for 2 workers
    src, out = write_jsonl(tmp_path / "t.jsonl", traces()), tmp_path / "out"
    check_run(src, out, workers=workers).execute()
    before = lines_by_id(out)
    changed, gone = "p1/generate/it0/s0", "p4/generate/it0/s1"
    change(src, lambda rows: [r for r in regolded(rows, changed) if r["id"] != gone])

    stats = check_run(src, out, workers=workers, resume_changed=True).execute()

    assert stats.checked == 1 and stats.skipped == 10  # only the changed trace was judged
    after = lines_by_id(out)
    assert set(after) == set(before) - {gone}
    assert json.loads(after[changed])["gold"] == "99"
    assert json.loads(after[changed])["correct"] is False
    assert all(after[k] == before[k] for k in after if k != changed)  # the same bytes
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 11
    # p1 is recomputed in part (its other trace kept): still counted once
    assert manifest["problems"] == len({json.loads(v)["problem_id"] for v in after.values()})
    assert verify_directory(out) == []
    again = check_run(src, out, workers=workers, resume_changed=True).execute()
    assert again.checked == 0  # nothing changed since: nothing recomputed


def test_without_the_flag_the_refusal_names_it(runner, tmp_path):
    src, out = write_jsonl(tmp_path / "t.jsonl", traces()), tmp_path / "out"
    args = ["check", str(src), "--task", "gsm8k", "-o", str(out), "-q"]
    assert runner.invoke(app, args).exit_code == 0
    change(src, lambda rows: regolded(rows, "p0/generate/it0/s0"))
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2
    assert "--resume-changed" in refused.stderr and "changed at its start" in refused.stderr
    assert runner.invoke(app, [*args, "--resume-changed"]).exit_code == 0


def test_where_the_flag_cannot_apply_it_is_one_line_and_exit_2(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", traces())
    out = tmp_path / "out"
    stdin = runner.invoke(app, ["check", "-", "--task", "gsm8k", "-o", str(out),
                                "--resume-changed"], input=src.read_text())
    assert stdin.exit_code == 2 and "<stdin> cannot be read again" in stdin.stderr
    both = runner.invoke(app, ["check", str(src), "--task", "gsm8k", "-o", str(out),
                               "--resume-changed", "--overwrite"])
    assert both.exit_code == 2 and "give one of them" in both.stderr
    piped = runner.invoke(app, ["check", str(src), "--task", "gsm8k", "-o", "-",
                                "--resume-changed"])
    assert piped.exit_code == 2 and "-o - does not resume" in piped.stderr
    # Commands whose output depends on the whole input do not offer it.
    assert runner.invoke(app, ["check", str(src), "--task", "gsm8k", "-o", str(out),
                               "-q"]).exit_code == 0
    filtered = runner.invoke(app, ["filter", str(out), "-o", str(tmp_path / "f"),
                                   "--resume-changed"])
    assert filtered.exit_code == 2 and "--resume-changed" in filtered.stderr


def test_filter_refusal_does_not_offer_the_flag(runner, tmp_path):
    src = write_jsonl(tmp_path / "t.jsonl", traces())
    first, out = tmp_path / "first", tmp_path / "out"
    check = ["check", str(src), "--task", "gsm8k", "-o", str(first), "-q"]
    assert runner.invoke(app, check).exit_code == 0
    assert runner.invoke(app, ["filter", str(first), "-o", str(out), "-q"]).exit_code == 0
    change(src, lambda rows: regolded(rows, "p2/generate/it0/s1"))
    assert runner.invoke(app, [*check, "--resume-changed"]).exit_code == 0
    refused = runner.invoke(app, ["filter", str(first), "-o", str(out), "-q"])
    assert refused.exit_code == 2 and "changed" in refused.stderr
    assert "--resume-changed" not in refused.stderr and "--overwrite" in refused.stderr


def test_two_ranks_each_compact_their_own_shards(runner, tmp_path):
    src, out = write_jsonl(tmp_path / "t.jsonl", traces(10)), tmp_path / "out"
    args = ["check", str(src), "--task", "gsm8k", "-o", str(out), "--shard-size", "3",
            "--num-shards", "2", "--workers", "1", "-q"]
    assert runner.invoke(app, args).exit_code == 0
    before = lines_by_id(out)
    ranks_before = {p.name for p in (out / "data").iterdir()}
    changed = [f"p{k}/generate/it0/s0" for k in range(0, 10, 3)]
    assert {slice_of(c.split("/")[0], 2) for c in changed} == {0, 1}  # in both ranks
    change(src, lambda rows: regolded(rows, *changed))
    result = runner.invoke(app, [*args, "--resume-changed"])
    assert result.exit_code == 0, result.output
    after = lines_by_id(out)
    assert set(after) == set(before)
    assert {k for k in after if after[k] != before[k]} == set(changed)
    assert all(json.loads(after[k])["gold"] == "99" for k in changed)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["records"] == 20
    for shard in manifest["shards"]:  # each rank's records stay in its own shards
        rank = shard["file"][5:10]
        for line in (out / shard["file"]).read_bytes().splitlines():
            assert slice_of(json.loads(line)["problem_id"], 2) == int(rank)
    assert {p.name for p in (out / "ranks").iterdir()} >= {"00000.units", "00001.units"}
    assert ranks_before != {p.name for p in (out / "data").iterdir()}
    assert verify_directory(out) == []


def test_an_out_without_a_unit_log_is_recomputed_where_the_input_is_read(runner, tmp_path):
    """An OUT written before the log existed cannot say what changed: every record whose
    input is read is redone (as --overwrite would), nothing is lost or doubled."""
    src, out = write_jsonl(tmp_path / "t.jsonl", traces()), tmp_path / "out"
    check_run(src, out).execute()
    (out / "ranks" / "00000.units").unlink()
    for path in (out / "ranks" / "00000.json", out / "manifest.json"):
        data = json.loads(path.read_text())
        data.pop("units", None)
        for part in (data.get("ranks") or {}).values():
            part.pop("units", None)
        path.write_text(json.dumps(data))
    stats = check_run(src, out, resume_changed=True).execute()
    assert stats.checked == 12
    assert len(lines_by_id(out)) == 12 and verify_directory(out) == []


def test_a_star_directory_input_changed_upstream(runner, scripted, tmp_path):
    """generate -> check: a problem changed is resampled by generate --resume-changed, and
    check --resume-changed over generate's OUT judges exactly its new traces again."""
    rows = arithmetic_problems(5)
    for k, r in enumerate(rows):
        r["id"] = f"q{k}"
    problems = write_jsonl(tmp_path / "p.jsonl", rows)
    gen, checked = tmp_path / "gen", tmp_path / "checked"
    generate = ["generate", str(problems), "--task", "gsm8k", "--model", "m", "--engine",
                "scripted", "-n", "2", "--shard-size", "4", "-q", "-o", str(gen)]
    check = ["check", str(gen), "--task", "gsm8k", "--workers", "1", "-q", "-o",
             str(checked)]
    assert runner.invoke(app, generate).exit_code == 0
    assert runner.invoke(app, check).exit_code == 0
    before = lines_by_id(checked)
    rows[2]["question"], rows[2]["answer"] = "What is 40 + 2?", "#### 42"
    write_jsonl(problems, rows)
    scripted.seen = []
    assert runner.invoke(app, [*generate, "--resume-changed"]).exit_code == 0
    assert [r.prompt.rpartition("Q: ")[2] for r in scripted.seen] == ["What is 40 + 2?\nA:"]
    refused = runner.invoke(app, check)
    assert refused.exit_code == 2 and "--resume-changed" in refused.stderr
    assert runner.invoke(app, [*check, "--resume-changed"]).exit_code == 0
    after = lines_by_id(checked)
    assert set(after) == set(before)
    redone = {k for k in after if after[k] != before[k]}
    assert redone == {"q2/generate/it0/s0", "q2/generate/it0/s1"}
    assert verify_directory(gen) == [] and verify_directory(checked) == []


# -- star generate and rationalize -------------------------------------------------------------
def numbered_problems(tmp_path: Path) -> tuple[list[dict], Path, Path]:
    """Six problems with ids q0..q5, their file, and an OUT path."""
    rows = arithmetic_problems(6)
    for k, r in enumerate(rows):
        r["id"] = f"q{k}"
    return rows, write_jsonl(tmp_path / "p.jsonl", rows), tmp_path / "out"


def test_generate_resamples_only_changed_problems(runner, scripted, tmp_path):
    rows, problems, out = numbered_problems(tmp_path)
    args = ["generate", str(problems), "--task", "gsm8k", "--model", "m", "--engine",
            "scripted", "-n", "2", "--shard-size", "4", "-q", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    before = lines_by_id(out)
    rows[1]["answer"] = "#### 1000"  # another gold: refused without the flag, as before
    del rows[4]
    write_jsonl(problems, rows)
    refused = runner.invoke(app, args)
    assert refused.exit_code == 2 and "different gold answer" in refused.stderr
    scripted.seen = []
    result = runner.invoke(app, [*args, "--resume-changed"])
    assert result.exit_code == 0, result.output
    assert len(scripted.seen) == 1 and "What is 1 + 3?" in scripted.seen[0].prompt
    after = lines_by_id(out)
    assert set(after) == {k for k in before if not k.startswith("q4/")}
    assert {k for k in after if after[k] != before[k]} == {"q1/generate/it0/s0",
                                                           "q1/generate/it0/s1"}
    assert all(json.loads(after[k])["gold"] == "1000" for k in after if k.startswith("q1/"))
    assert verify_directory(out) == []


def test_generate_with_a_limit_keeps_problems_it_did_not_read(runner, scripted, tmp_path):
    rows, problems, out = numbered_problems(tmp_path)
    args = ["generate", str(problems), "--task", "gsm8k", "--model", "m", "--engine",
            "scripted", "-n", "1", "-q", "-o", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    rows[0]["answer"] = "#### 7"
    write_jsonl(problems, rows)
    result = runner.invoke(app, [*args, "--limit", "2", "--resume-changed"])
    assert result.exit_code == 0, result.output
    after = lines_by_id(out)
    assert len(after) == 6  # q2..q5 not read: kept; q0 resampled
    assert json.loads(after["q0/generate/it0/s0"])["gold"] == "7"


def test_generate_from_a_dataset_refuses_the_flag(runner, scripted, tmp_path):
    result = runner.invoke(app, ["generate", "--dataset", "some/set", "--task", "gsm8k",
                                 "--model", "m", "--engine", "scripted", "-o",
                                 str(tmp_path / "out"), "--resume-changed"])
    assert result.exit_code == 2 and "--dataset some/set" in result.stderr


def test_rationalize_resamples_only_changed_problems(runner, tmp_path):
    from star_cli.engines import register, unregister
    from tests.scripted import HintEngine

    register(HintEngine)
    HintEngine.seen = []
    try:
        rows = arithmetic_problems(4)
        for k, r in enumerate(rows):
            r["id"] = f"p{k}"
        problems = write_jsonl(tmp_path / "problems.jsonl", rows)
        gen = write_jsonl(tmp_path / "gen.jsonl", [
            {"problem_id": f"p{k}", "correct": False, "gold": "x", "completion": "c",
             "id": f"p{k}/generate/it0/s0"} for k in range(4)])
        out = tmp_path / "out"
        args = ["rationalize", str(gen), "--problems", str(problems), "--task", "gsm8k",
                "--model", "m", "--engine", "hint", "-n", "1", "-q", "-o", str(out)]
        assert runner.invoke(app, args).exit_code == 0
        before = lines_by_id(out)
        rows[3]["answer"] = "#### 50"
        write_jsonl(problems, rows)
        HintEngine.seen = []
        result = runner.invoke(app, [*args, "--resume-changed"])
        assert result.exit_code == 0, result.output
        assert len(HintEngine.seen) == 1
        after = lines_by_id(out)
        assert set(after) == set(before)
        assert {k for k in after if after[k] != before[k]} == {"p3/rationalize/it0/s0"}
        assert json.loads(after["p3/rationalize/it0/s0"])["gold"] == "50"
    finally:
        unregister("hint")


# -- star score -------------------------------------------------------------------------------
class CountingVerifier:
    """Scores a rationale by its length; counts what it was asked to score."""

    scored: list[str] = []

    def __init__(self) -> None:
        self.mismatches = 0

    def score_pairs(self, pairs: list[tuple[Any, str]]) -> list[Any]:
        from types import SimpleNamespace

        type(self).scored += [completion for _, completion in pairs]
        return [SimpleNamespace(value=-float(len(c)), tokens=len(c.split())) for _, c in pairs]

    def close(self) -> None:
        pass


def test_score_rescores_only_changed_traces(tmp_path, monkeypatch):
    monkeypatch.setattr(ScoreRun, "_load", lambda self: [CountingVerifier()])
    src, out = write_jsonl(tmp_path / "t.jsonl", traces()), tmp_path / "out"

    def run(**options: Any) -> Any:
        return ScoreRun(inputs=[str(src)], output=str(out), verifier="v", shard_size=4,
                        quiet=True, **options).execute()

    run()
    before = lines_by_id(out)
    changed, gone = "p2/generate/it0/s1", "p0/generate/it0/s0"
    change(src, lambda rows: [{**r, "rationale": "Shorter."} if r["id"] == changed else r
                              for r in rows if r["id"] != gone])
    CountingVerifier.scored = []
    stats = run(resume_changed=True)
    assert CountingVerifier.scored == [" Shorter."] and stats.skipped == 10
    after = lines_by_id(out)
    assert set(after) == set(before) - {gone}
    assert {k for k in after if after[k] != before[k]} == {changed}
    assert verify_directory(out) == []
