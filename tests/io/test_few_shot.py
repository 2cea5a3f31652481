"""Schema 2: the few-shot block once per OUT, the stored prompt without it, the sampled prompt
rebuilt (library, `star filter --keep-few-shot`), and schema 1 inputs still read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from star_cli.cli import app
from star_cli.engines import register, unregister
from star_cli.errors import InputError
from star_cli.io.few_shot import block_path, read_block, sampled_prompt, write_block
from star_cli.records import SCHEMA_VERSION, FewShot, Problem
from star_cli.registry import TASKS
from star_cli.tasks import PromptOptions, get_task
from tests.conftest import FIXTURES, read_jsonl, read_out, write_jsonl
from tests.scripted import HintEngine, arithmetic_problems

FIXTURE = FIXTURES / "schema1"  # written by star before schema 2
TASK = get_task("gsm8k")
EXEMPLAR = TASK.exemplars[0].question  # "Maya reads ..."


def generate(runner, src, out, *args):
    argv = ["generate", str(src), "--task", "gsm8k", "--model", "m", "--engine", "scripted",
            "-q", "-o", str(out), *map(str, args)]
    result = runner.invoke(app, argv)
    assert result.exit_code == 0, result.output
    return result


def star(runner, *args):
    return runner.invoke(app, [str(a) for a in args])


def seen_by_question(seen) -> dict:
    """The prompt the engine saw, by the question it ended with."""
    out = {}
    for request in seen:
        p = request.prompt
        question = p[-1]["content"] if isinstance(p, list) else \
            p.rpartition("Q: ")[2].removesuffix("\nA:")
        out[question] = p
    return out


def blocks_in(out: Path) -> list[Path]:
    return sorted((out / "few_shot").glob("*")) if (out / "few_shot").is_dir() else []


@pytest.mark.parametrize("chat", [False, True])
def test_stored_prompt_has_no_exemplars_and_the_block_is_stored_once(runner, scripted,
                                                                      problems_file, tmp_path,
                                                                      chat):
    out = tmp_path / "out"
    generate(runner, problems_file, out, "-n", 2, "--shard-size", 5, *(["--chat"] if chat else []))
    rows = read_out(out)
    names = {r["few_shot"] for r in rows}
    assert len(names) == 1 and None not in names
    (name,) = names
    assert [p.name for p in blocks_in(out)] == [f"{name}.json"]  # once, nothing else
    block = read_block(block_path(out, name))
    assert block.format == ("chat" if chat else "text") and block.task == "gsm8k"
    options = PromptOptions(chat=chat)
    seen = seen_by_question(scripted.seen)
    for r in rows:
        problem = Problem(r["problem_id"], r["question"], r["gold"])
        assert EXEMPLAR not in json.dumps(r["prompt"])
        assert r["prompt"] == TASK.training_prompt(problem, options)
        # the engine still got the whole prompt, exemplars first; it can be rebuilt
        assert EXEMPLAR in json.dumps(seen[r["question"]])
        assert sampled_prompt(r, out) == seen[r["question"]] == TASK.prompt(problem, options)
    if chat:
        assert [m["role"] for m in rows[0]["prompt"]] == ["system", "user"]
        assert rows[0]["prompt"][0]["content"] == TASK.instruction
    else:
        assert rows[0]["prompt"] == f"{TASK.instruction}\n\nQ: {rows[0]['question']}\nA:"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema_version"] == SCHEMA_VERSION == 2
    keys = list(rows[0])
    assert keys[keys.index("prompt") + 1] == "few_shot"  # beside the prompt it completes


@pytest.mark.parametrize("chat", [False, True])
def test_keep_few_shot_exports_the_prompt_the_engine_saw(runner, scripted, problems_file,
                                                         tmp_path, chat):
    out = tmp_path / "out"
    generate(runner, problems_file, out, "-n", 4, "--few-shot", 3, *(["--chat"] if chat else []))
    seen = seen_by_question(scripted.seen)
    assert star(runner, "filter", out, "-o", tmp_path / "pc", "--format", "prompt-completion",
                "--keep-few-shot").exit_code == 0
    exported = read_out(tmp_path / "pc")
    assert len(exported) == 12 * 2  # samples 0 and 2 are right
    for row in exported:
        prompt = row["prompt"]
        question = prompt[-1]["content"] if chat else prompt.rpartition("Q: ")[2][:-3]
        assert prompt == seen[question]
    # without --keep-few-shot: the stored prompt, the same as a zero-shot export's
    assert star(runner, "filter", out, "-o", tmp_path / "plain", "--format",
                "prompt-completion").exit_code == 0
    stored = {json.dumps(r["prompt"]) for r in read_out(out)}
    assert {json.dumps(r["prompt"]) for r in read_out(tmp_path / "plain")} <= stored


def test_zero_shot_names_no_block(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    generate(runner, problems_file, out, "-n", 1, "--few-shot", 0)
    rows = read_out(out)
    assert all(r["few_shot"] is None for r in rows) and blocks_in(out) == []
    seen = seen_by_question(scripted.seen)
    assert all(r["prompt"] == seen[r["question"]] == sampled_prompt(r, None) for r in rows)
    assert star(runner, "filter", out, "-o", tmp_path / "pc", "--format", "prompt-completion",
                "--keep-few-shot").exit_code == 0
    assert all(r["prompt"] == seen[r["prompt"].rpartition("Q: ")[2][:-3]]
               for r in read_out(tmp_path / "pc"))


def test_each_input_out_has_its_own_blocks(runner, scripted, tmp_path):
    a = write_jsonl(tmp_path / "a.jsonl", arithmetic_problems(3))
    b = write_jsonl(tmp_path / "b.jsonl", arithmetic_problems(3, start=10))
    generate(runner, a, tmp_path / "A", "-n", 1, "--few-shot", 1)
    generate(runner, b, tmp_path / "B", "-n", 1, "--few-shot", 2)
    seen = seen_by_question(scripted.seen)
    # a directory, and a shard given by path: each finds its own OUT's block
    shard = sorted((tmp_path / "B" / "data").glob("*.jsonl"))[0]
    assert star(runner, "filter", tmp_path / "A", shard, "-o", tmp_path / "pc", "--format",
                "prompt-completion", "--keep-few-shot").exit_code == 0
    exported = read_out(tmp_path / "pc")
    assert len(exported) == 6
    for row in exported:
        assert row["prompt"] == seen[row["prompt"].rpartition("Q: ")[2][:-3]]
    counts = sorted(row["prompt"].count("\nA: ") for row in exported)
    assert counts == [1, 1, 1, 2, 2, 2]  # one exemplar from A, two from B


def test_a_trace_file_without_its_block_is_a_clear_error(runner, scripted, problems_file,
                                                         tmp_path):
    out = tmp_path / "out"
    generate(runner, problems_file, out, "-n", 1)
    loose = tmp_path / "elsewhere" / "mine.jsonl"
    loose.parent.mkdir()
    shutil.copy(sorted((out / "data").glob("*.jsonl"))[0], loose)
    r = star(runner, "filter", loose, "-o", tmp_path / "pc", "--format", "prompt-completion",
             "--keep-few-shot")
    assert r.exit_code == 2, r.output
    assert "mine.jsonl:1: field 'few_shot'" in r.output and "few_shot/gsm8k-" in r.output
    assert not (tmp_path / "pc").exists()  # refused before OUT was touched
    # without --keep-few-shot the block is not needed
    assert star(runner, "filter", loose, "-o", tmp_path / "m", "--format",
                "messages").exit_code == 0
    # copying the block folder beside the file is enough
    shutil.copytree(out / "few_shot", loose.parent / "few_shot")
    assert star(runner, "filter", loose, "-o", tmp_path / "pc", "--format", "prompt-completion",
                "--keep-few-shot").exit_code == 0
    with pytest.raises(InputError, match="few_shot"):
        sampled_prompt(read_jsonl(loose)[0], tmp_path)


def test_an_altered_block_or_a_bad_name_is_refused(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    generate(runner, problems_file, out, "-n", 1)
    row = read_out(out)[0]
    path = block_path(out, row["few_shot"])
    data = json.loads(path.read_text())
    data["exemplars"] = data["exemplars"].replace("300", "301")
    path.write_text(json.dumps(data))
    with pytest.raises(InputError, match="was changed"):
        sampled_prompt(row, out)
    with pytest.raises(InputError, match="block name"):
        sampled_prompt({**row, "few_shot": "../../etc/passwd"}, out)
    # `star status --verify` hashes the blocks too (its quick look reads only sizes)
    assert star(runner, "status", out).exit_code == 0
    full = star(runner, "status", out, "--verify")
    assert full.exit_code == 2 and f"damaged: {path}: does not hold" in full.output


def test_blocks_carried_through_check_and_filter(runner, scripted, problems_file, tmp_path):
    out = tmp_path / "out"
    generate(runner, problems_file, out, "-n", 4, "--few-shot", 2)
    seen = seen_by_question(scripted.seen)
    assert star(runner, "check", out, "--task", "gsm8k", "-o", tmp_path / "checked").exit_code == 0
    assert star(runner, "filter", tmp_path / "checked", "-o", tmp_path / "kept").exit_code == 0
    for d in ("checked", "kept"):
        assert [p.name for p in blocks_in(tmp_path / d)] == [p.name for p in blocks_in(out)]
    assert star(runner, "filter", tmp_path / "kept", "-o", tmp_path / "pc", "--format",
                "prompt-completion", "--keep-few-shot").exit_code == 0
    for row in read_out(tmp_path / "pc"):
        assert row["prompt"] == seen[row["prompt"].rpartition("Q: ")[2][:-3]]


def test_ranks_write_one_block_and_overwrite_clears_it(runner, scripted, problems_file,
                                                       tmp_path):
    out = tmp_path / "out"
    for rank in range(2):
        generate(runner, problems_file, out, "-n", 1, "--num-shards", 2, "--shard-index", rank)
    assert len(blocks_in(out)) == 1 and len({r["few_shot"] for r in read_out(out)}) == 1
    block = read_block(blocks_in(out)[0])
    write_block(out, block)  # a second writer of the same block: nothing changes, no debris
    assert blocks_in(out) == [block_path(out, block.name)]
    generate(runner, problems_file, out, "-n", 1, "--few-shot", 1, "--overwrite")
    rows = read_out(out)
    assert [p.stem for p in blocks_in(out)] == [rows[0]["few_shot"]] != [block.name]


@pytest.mark.parametrize("name", sorted(TASKS.builtin_names()))
@pytest.mark.parametrize("chat", [False, True])
def test_every_preset_splits_into_block_and_training_prompt(name, chat):
    task = get_task(name)
    from star_cli.records import Choice

    choices = (Choice("A", "bank"), Choice("B", "library")) if name == "csqa" else None
    problem = Problem("p", "Where are books lent?", "B" if choices else "7", choices)
    for k in (None, 0, 1, 2):
        options = PromptOptions(few_shot=k, chat=chat)
        block, bare = task.few_shot(options), task.training_prompt(problem, options)
        full = task.prompt(problem, options)
        assert (bare if block is None else block.insert(bare)) == full
        assert bare == task.prompt(problem, PromptOptions(few_shot=0, chat=chat))
        assert (block is None) == (k == 0 or not task.exemplars)
        if block is not None:
            assert FewShot.from_dict(json.loads(json.dumps(block.to_dict()))) == block


# -- schema 1 --------------------------------------------------------------------------------
@pytest.fixture
def schema1(tmp_path) -> tuple[Path, Path]:
    """A generate output written by star before schema 2 (gsm8k, 3 problems, n=4, 2 shots)."""
    shutil.copytree(FIXTURE, tmp_path / "s1")
    gen = tmp_path / "s1" / "gen"
    assert json.loads((gen / "manifest.json").read_text())["schema_version"] == 1
    rows = read_out(gen)
    assert all("few_shot" not in r and EXEMPLAR in r["prompt"] for r in rows)
    return gen, tmp_path / "s1" / "problems.jsonl"


def test_schema1_through_check_and_filter(runner, scripted, schema1, tmp_path):
    gen, problems = schema1
    old = read_out(gen)
    r = star(runner, "check", gen, "--task", "gsm8k", "-o", tmp_path / "checked")
    assert r.exit_code == 0, r.output
    checked = read_out(tmp_path / "checked")
    assert [x["prompt"] for x in checked] == [x["prompt"] for x in old]
    assert all("few_shot" not in x for x in checked) and blocks_in(tmp_path / "checked") == []
    assert sampled_prompt(old[0], gen) == old[0]["prompt"]  # its own sampled prompt
    for source in (gen, tmp_path / "checked"):
        r = star(runner, "filter", source, "-o", tmp_path / f"pc-{source.name}", "--format",
                 "prompt-completion", "--keep-few-shot")
        assert r.exit_code == 0, r.output
        whole = read_out(tmp_path / f"pc-{source.name}")
        assert {x["prompt"] for x in whole} <= {x["prompt"] for x in old}
    # the same samples written as schema 2 export the same records, with or without exemplars
    new = tmp_path / "new"
    generate(runner, problems, new, "-n", 4, "--few-shot", 2, "--seed", 1)
    for args in ([], ["--keep-few-shot"]):
        for fmt in ("messages", "prompt-completion"):
            a, b = tmp_path / f"a{fmt}{len(args)}", tmp_path / f"b{fmt}{len(args)}"
            assert star(runner, "filter", gen, "-o", a, "--format", fmt, *args).exit_code == 0
            assert star(runner, "filter", new, "-o", b, "--format", fmt, *args).exit_code == 0
            assert read_out(a) == read_out(b) and read_out(a)


def test_schema1_through_rationalize_and_resume(runner, scripted, schema1, tmp_path):
    gen, problems = schema1
    HintEngine.seen = []
    register(HintEngine)
    try:
        r = star(runner, "rationalize", gen, "--problems", problems, "--task", "gsm8k",
                 "--model", "m", "--engine", "hint", "--all", "-n", 1, "-o", tmp_path / "rat")
    finally:
        unregister("hint")
    assert r.exit_code == 0, r.output
    rows = read_out(tmp_path / "rat")
    assert len(rows) == 3 and all(x["few_shot"] and "(Answer:" not in x["prompt"] for x in rows)
    for x in rows:
        problem = Problem(x["problem_id"], x["question"], x["gold"])
        assert sampled_prompt(x, tmp_path / "rat") == TASK.prompt(problem, PromptOptions())
    # a schema 1 directory resumed: new problems come in as schema 2 beside the old traces
    write_jsonl(problems, [*read_jsonl(problems),
                           {"id": "p9", "question": "What is 9 + 19?", "answer": "#### 28"}])
    argv = ["generate", problems, "--task", "gsm8k", "--model", "scripted-model", "--engine",
            "tests.scripted:ScriptedEngine", "-n", 4, "--few-shot", 2, "-o", gen, "-q",
            "--seed", 1]
    r = star(runner, *argv)
    assert r.exit_code == 0, r.output
    both = read_out(gen)
    assert len(both) == 16 and sum("few_shot" in x for x in both) == 4
    assert star(runner, "filter", gen, "-o", tmp_path / "pc", "--format", "prompt-completion",
                "--keep-few-shot").exit_code == 0
    prompts = [x["prompt"] for x in read_out(tmp_path / "pc")]
    assert len(prompts) == 8 and all(EXEMPLAR in p for p in prompts)
