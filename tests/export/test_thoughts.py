"""Exports of thinking models' traces (issue 13): the thought kept in the assistant turn with the
model's delimiters, dropped (`--thoughts drop`), or rewritten into other thought tokens
(`--thought-tokens`), checked against a tokenizer; `star pairs` the same way;
`think_format_reward` against TRL's; and every export trained on by TRL's SFTTrainer on a tiny
model whose tokenizer has the thought tokens."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from star_cli.answers.thinking import ThinkingOptions, ThinkTags
from star_cli.cli import app
from star_cli.errors import UsageError
from star_cli.export import Thoughts, assistant_text, thoughts_for
from star_cli.records import Problem
from star_cli.rewards import make_think_format_reward, think_format_reward
from star_cli.tasks import PromptOptions, get_task
from tests.conftest import make_trace, read_out, write_jsonl
from tests.tiny_model import tiny_model_dir  # noqa: F401  (the session fixture)

TASK = get_task("gsm8k")
QUIET = ThinkTags("<|startofthought|>", "<|endofthought|>")
THOUGHT = "I add 48 and 24.\nThat is 72."
ANSWER = "48 + 24 = 72. The answer is 72."
THINKING = f"<think>\n{THOUGHT}\n</think>\n\n{ANSWER}"


def trace(pid: str, k: int, rationale: str = THINKING, *, correct: bool = True,
          chat: bool = False, **fields) -> dict:
    problem = Problem(pid, f"Question {pid}: what is the total?", "72")
    return make_trace(**{"problem_id": pid, "sample": k, "question": problem.question,
                         "prompt": TASK.training_prompt(problem, PromptOptions(chat=chat)),
                         "rationale": rationale, "thinking": THOUGHT,
                         "answer": "72" if correct else "70", "correct": correct,
                         "tokens": 30, "thinking_tokens": 9, **fields})


# -- the assistant text, case by case ----------------------------------------------------------

KEEP, DROP, REWRITE = Thoughts(), Thoughts("drop"), Thoughts("keep", QUIET)
Q_START, Q_END = QUIET.start, QUIET.end

CASES = [
    # (rationale, keep, drop, rewritten)
    ("closed", THINKING, THINKING, ANSWER, f"{Q_START}\n{THOUGHT}\n{Q_END}\n\n{ANSWER}"),
    # R1's template put "<think>\n" into the prompt: the start tag comes back, one shape.
    ("started inside", f"{THOUGHT}\n</think>\n\n{ANSWER}", THINKING, ANSWER,
     f"{Q_START}\n{THOUGHT}\n{Q_END}\n\n{ANSWER}"),
    ("empty thought", f"<think></think>{ANSWER}", f"<think></think>{ANSWER}", ANSWER,
     f"{Q_START}{Q_END}{ANSWER}"),
    # A start tag inside the thought is the thought's text; the last end tag closes it.
    ("nested", f"<think>a <think> b</think> c</think> {ANSWER}",
     f"<think>a <think> b</think> c</think> {ANSWER}", ANSWER,
     f"{Q_START}a <think> b</think> c{Q_END} {ANSWER}"),
    # Never closed: no answer, and no end tag is made up.
    ("unfinished", f"<think>\n{THOUGHT}", f"<think>\n{THOUGHT}", "", f"{Q_START}\n{THOUGHT}"),
    ("no thought", ANSWER, ANSWER, ANSWER, ANSWER),
]


@pytest.mark.parametrize(("name", "rationale", "keep", "drop", "rewritten"), CASES,
                         ids=[c[0] for c in CASES])
def test_assistant_text(name: str, rationale: str, keep: str, drop: str,
                        rewritten: str) -> None:
    row = {"rationale": rationale, "thinking": None if name == "no thought" else THOUGHT}
    assert assistant_text(row, KEEP) == keep
    assert assistant_text(row, DROP) == drop
    assert assistant_text(row, REWRITE) == rewritten


def test_other_model_delimiters_are_read_and_rewritten() -> None:
    quiet = ThinkingOptions("auto", QUIET)
    row = {"rationale": f"{Q_START}hm{Q_END} {ANSWER}", "thinking": "hm"}
    assert assistant_text(row, Thoughts("drop", reading=quiet)) == ANSWER
    back = Thoughts("keep", ThinkTags(), quiet)
    assert assistant_text(row, back) == f"<think>hm</think> {ANSWER}"
    # The default delimiters find no thought in it: dropping would pass it on silently.
    with pytest.raises(ValueError, match="find none in its rationale"):
        assistant_text(row, DROP)
    assert assistant_text(row, KEEP) == row["rationale"]  # keep: the text as it is


@pytest.mark.parametrize(("args", "said"), [
    (("remove",), "--thoughts must be one of keep, drop"),
    (("drop", ["<a>", "</a>"]), "--thought-tokens rewrites"),
    (("keep", ["<a>"]), "--thought-tokens takes two tags"),
    (("keep", ["<a>", "<a>"]), "must differ"),
    (("drop", None, ThinkingOptions("off")), "--thinking off reads no thoughts"),
])
def test_bad_export_options(args: tuple, said: str) -> None:
    with pytest.raises(UsageError, match=said):
        thoughts_for(*args)


# -- star filter -----------------------------------------------------------------------------


def run(runner, command: str, inputs, out, *args):
    return runner.invoke(app, [command, *map(str, inputs), "-o", str(out), *map(str, args)])


def assistant_of(row: dict) -> str:
    return row["messages"][-1]["content"]


def test_filter_exports_keep_drop_and_rewrite(runner, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0), trace("b", 0, chat=True)])
    for name, args, want in [("keep", (), THINKING), ("drop", ("--thoughts", "drop"), ANSWER),
                             ("quiet", ("--thought-tokens", Q_START, Q_END),
                              f"{Q_START}\n{THOUGHT}\n{Q_END}\n\n{ANSWER}")]:
        out = tmp_path / f"msg-{name}"
        r = run(runner, "filter", [src], out, "--format", "messages", *args)
        assert r.exit_code == 0, r.output
        assert [assistant_of(row) for row in read_out(out)] == [want, want]
        pc = tmp_path / f"pc-{name}"
        r = run(runner, "filter", [src], pc, "--format", "prompt-completion", *args)
        assert r.exit_code == 0, r.output
        rows = sorted(read_out(pc), key=lambda row: isinstance(row["prompt"], list))
        assert rows[0]["completion"] == " " + want  # text
        assert rows[1]["completion"] == [{"role": "assistant", "content": want}]  # chat
    def config(name: str) -> dict:
        return json.loads((tmp_path / name / "manifest.json").read_text())["config"]

    assert config("msg-quiet")["thought_tokens"] == [Q_START, Q_END]
    assert config("msg-drop")["thoughts"] == "drop"
    assert not {"thoughts", "thought_tokens"} & config("msg-keep").keys()  # older OUTs resume


@pytest.mark.parametrize(("args", "said"), [
    (("--thoughts", "drop"), "--thoughts drop and --thought-tokens shape exported rows"),
    (("--format", "messages", "--thoughts", "skip"), "--thoughts must be one of keep, drop"),
    (("--format", "messages", "--thoughts", "drop", "--thought-tokens", "<a>", "</a>"),
     "choose one"),
])
def test_filter_bad_export_options_exit_2(runner, tmp_path: Path, args: tuple,
                                          said: str) -> None:
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0)])
    r = run(runner, "filter", [src], tmp_path / "out", *args)
    assert r.exit_code == 2 and said in r.output, r.output
    assert not (tmp_path / "out").exists()


def test_filter_refuses_a_thought_its_delimiters_do_not_find(runner, tmp_path: Path) -> None:
    quiet = f"{Q_START}{THOUGHT}{Q_END}{ANSWER}"
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0), trace("b", 0, quiet)])
    r = run(runner, "filter", [src], tmp_path / "out", "--format", "messages",
            "--thoughts", "drop")
    assert r.exit_code == 2, r.output
    assert "t.jsonl:2: field 'thinking'" in r.output and "--think-tags" in r.output
    # With the delimiters it was sampled with, its thought is found and dropped.
    only = write_jsonl(tmp_path / "quiet.jsonl", [trace("b", 0, quiet)])
    r = run(runner, "filter", [only], tmp_path / "ok", "--format", "messages",
            "--thoughts", "drop", "--think-tags", Q_START, Q_END)
    assert r.exit_code == 0, r.output
    assert [assistant_of(row) for row in read_out(tmp_path / "ok")] == [ANSWER]


# -- tokenizers: what the thought tokens are to the model --------------------------------------


@pytest.fixture(scope="module")
def thought_model(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory  # noqa: F811
                  ) -> Path:
    """The tiny model with Quiet-STaR's thought tokens added as special tokens (and its
    embeddings resized), as a trainer would prepare it."""
    pytest.importorskip("transformers")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    path = tmp_path_factory.mktemp("thought-model") / "m"
    shutil.copytree(tiny_model_dir, path)
    tokenizer = AutoTokenizer.from_pretrained(path)
    tokenizer.add_special_tokens({"additional_special_tokens": [Q_START, Q_END]})
    model = AutoModelForCausalLM.from_pretrained(path)
    model.resize_token_embeddings(len(tokenizer))
    tokenizer.save_pretrained(path)
    model.save_pretrained(path)
    return path


def test_thought_tokens_are_checked_against_the_tokenizer(runner, tmp_path: Path,
                                                          thought_model: Path,
                                                          tiny_model_dir: Path  # noqa: F811
                                                          ) -> None:
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0)])
    export = ("--format", "messages", "--thought-tokens", Q_START, Q_END)
    r = run(runner, "filter", [src], tmp_path / "bare", *export, "--tokenizer", tiny_model_dir)
    assert r.exit_code == 2, r.output
    assert f"--thought-tokens '{Q_START}': the tokenizer of {tiny_model_dir} encodes it as" \
        in " ".join(r.output.split()) and "not as one token" in r.output
    assert "add_special_tokens" in r.output and not (tmp_path / "bare").exists()
    r = run(runner, "filter", [src], tmp_path / "ok", *export, "--tokenizer", thought_model)
    assert r.exit_code == 0, r.output
    r = run(runner, "filter", [src], tmp_path / "none", "--tokenizer", tmp_path / "nowhere",
            *export)
    assert r.exit_code == 2 and "--tokenizer" in r.output, r.output
    r = run(runner, "filter", [src], tmp_path / "unchecked", *export)
    assert r.exit_code == 0, r.output
    assert "not checked against a tokenizer" in r.output  # said on stderr
    # The model's own delimiters, kept as text: only a warning that they are several pieces.
    r = run(runner, "filter", [src], tmp_path / "kept", "--format", "messages",
            "--tokenizer", tiny_model_dir)
    assert r.exit_code == 0, r.output
    text = " ".join(r.output.split())
    assert f"'<think>': the tokenizer of {tiny_model_dir} encodes it as" in text
    assert "the thoughts are exported with it as text" in text


# -- star pairs ------------------------------------------------------------------------------


def pair_rows(runner, tmp_path: Path, name: str, *args) -> list[dict]:
    rows = [trace("a", 0), trace("a", 1, "<think>\nI add.\n</think>\n\nThe answer is 70.",
                                 correct=False, thinking="I add.")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    r = run(runner, "pairs", [src], tmp_path / name, *args)
    assert r.exit_code == 0, r.output
    return read_out(tmp_path / name)


def test_pairs_carry_thoughts(runner, tmp_path: Path) -> None:
    [row] = pair_rows(runner, tmp_path, "keep")
    assert row["chosen"] == " " + THINKING
    assert row["rejected"] == " <think>\nI add.\n</think>\n\nThe answer is 70."
    [row] = pair_rows(runner, tmp_path, "drop", "--thoughts", "drop")
    assert (row["chosen"], row["rejected"]) == (" " + ANSWER, " The answer is 70.")
    [row] = pair_rows(runner, tmp_path, "quiet", "--thought-tokens", Q_START, Q_END, "--chat")
    assert row["chosen"] == [{"role": "assistant",
                              "content": f"{Q_START}\n{THOUGHT}\n{Q_END}\n\n{ANSWER}"}]
    assert row["rejected"][0]["content"].startswith(f"{Q_START}\nI add.\n{Q_END}")
    manifest = json.loads((tmp_path / "quiet" / "manifest.json").read_text())
    assert manifest["config"]["thought_tokens"] == [Q_START, Q_END]
    keep = json.loads((tmp_path / "keep" / "manifest.json").read_text())["config"]
    assert not {"thinking", "think_tags", "thoughts", "thought_tokens"} & keep.keys()


def test_pairs_refuse_bad_thought_options(runner, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "t.jsonl", [trace("a", 0)])
    r = run(runner, "pairs", [src], tmp_path / "o", "--thoughts", "drop", "--thinking", "off")
    assert r.exit_code == 2 and "--thinking off reads no thoughts" in r.output, r.output


# -- think_format_reward: TRL's rule -----------------------------------------------------------

FORMATS = [
    ("<think>\nThis is my reasoning.\n</think>\nThis is my answer.", 1.0),  # TRL's examples
    ("<think>\nThis is my reasoning.\nThis is my answer.", 0.0),
    ("<think></think>", 1.0),
    ("<think>a</think>b</think>c", 1.0),  # a later end tag is answer text
    ("<think>a<think>b</think>", 0.0),  # a second thought
    ("<think>a</think>b<think>c", 0.0),
    (" <think>a</think>b", 0.0),  # the thought must come first
    ("a\n<think>b</think>c", 0.0),
    ("I think.</think> 4", 0.0),  # started inside (the tag in the prompt): no format
    ("", 0.0),
]


@pytest.mark.parametrize(("text", "reward"), FORMATS)
def test_think_format_reward(text: str, reward: float) -> None:
    assert think_format_reward([[{"role": "assistant", "content": text}]]) == [reward]
    assert think_format_reward([text]) == [reward]  # a standard (text) completion


def test_think_format_reward_agrees_with_trl() -> None:
    trl_rewards = pytest.importorskip("trl.rewards")
    completions = [[{"content": text}] for text, _ in FORMATS]
    assert think_format_reward(completions) == trl_rewards.think_format_reward(completions)
    assert think_format_reward.__name__ == trl_rewards.think_format_reward.__name__


def test_think_format_reward_other_tags_and_odd_shapes() -> None:
    quiet = make_think_format_reward(Q_START, Q_END)
    assert quiet([f"{Q_START}a{Q_END}b", "<think>a</think>b"]) == [1.0, 0.0]
    assert quiet.__name__ == "think_format_reward"
    assert think_format_reward([[], [{"content": None}], [{"content": [
        {"type": "text", "text": "<think>a</think>b"}]}]]) == [0.0, 0.0, 1.0]
    with pytest.raises(ValueError):
        make_think_format_reward("", "</think>")


# -- TRL's SFTTrainer on each export -----------------------------------------------------------


@pytest.mark.parametrize(("fmt", "args", "tokens"), [
    ("messages", (), ()),
    ("messages", ("--thoughts", "drop"), ()),
    ("messages", ("--thought-tokens", Q_START, Q_END), (Q_START, Q_END)),
    ("prompt-completion", (), ()),
    ("prompt-completion", ("--thought-tokens", Q_START, Q_END), (Q_START, Q_END)),
], ids=["messages-keep", "messages-drop", "messages-tokens", "pc-keep", "pc-tokens"])
@pytest.mark.slow  # trains a model
def test_sft_trainer_trains_on_the_export(runner, offline_hf, tmp_path: Path,
                                          thought_model: Path, fmt: str, args: tuple,
                                          tokens: tuple) -> None:
    pytest.importorskip("trl")
    import datasets
    from transformers import AutoTokenizer
    from trl import SFTConfig, SFTTrainer

    rows = [trace(p, 0, chat=fmt == "messages") for p in "abcd"]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "sft"
    r = run(runner, "filter", [src], out, "--format", fmt, "--tokenizer", thought_model, *args)
    assert r.exit_code == 0, r.output
    dataset = datasets.load_dataset(str(out), split="train")
    tokenizer = AutoTokenizer.from_pretrained(thought_model)
    config = SFTConfig(output_dir=str(tmp_path / "run"), use_cpu=True, bf16=False, max_steps=2,
                       per_device_train_batch_size=2, max_length=256, report_to=[],
                       logging_steps=1, save_strategy="no", disable_tqdm=True, seed=0)
    trainer = SFTTrainer(model=str(thought_model), args=config, train_dataset=dataset,
                         processing_class=tokenizer)
    # Each thought token reaches the model as its one id, in every row.
    ids = tokenizer.convert_tokens_to_ids(list(tokens))
    for row in trainer.train_dataset:
        assert all(ids.count(i) == 1 and row["input_ids"].count(i) == 1 for i in ids)
    trainer.train()
    losses = [log["loss"] for log in trainer.state.log_history if "loss" in log]
    assert trainer.state.global_step == 2 and len(losses) == 2
    assert all(loss == loss for loss in losses)  # not NaN
