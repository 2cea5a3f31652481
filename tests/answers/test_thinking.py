"""Thinking models: where a thought ends, judging only the answer after it, the trace fields,
`--thinking`/`--think-tags` on generate, check and filter, and leaks inside the thought."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, ClassVar

import pytest

from star_cli.answers.checker import NumericChecker
from star_cli.answers.thinking import (
    MODES,
    ThinkingOptions,
    ThinkTags,
    approx_tokens,
    judge_answer,
    split_thought,
    thinking_options,
    thinking_tokens,
)
from star_cli.cli import app
from star_cli.engines import register, unregister
from star_cli.engines.base import Completion, Sampling
from star_cli.errors import UsageError
from star_cli.leaks import hint_leak
from star_cli.records import Problem, Trace
from star_cli.steps.sampling import make_traces, mark_leaks
from star_cli.tasks import get_task
from tests.conftest import ABSENT, REPO, finishes, make_trace, read_out, write_jsonl
from tests.scripted import ScriptedEngine

GSM = get_task("gsm8k")
QUIET = ThinkTags("<|startofthought|>", "<|endofthought|>")

# -- where the thought ends ---------------------------------------------------------------
# name: (text, mode, thinking, answer part, closed, present)
SPLITS: dict[str, tuple[str, str, str | None, str, bool, bool]] = {
    "closed": ("<think>\nadd them</think>\n\nThe answer is 6.", "auto", "add them",
               "\n\nThe answer is 6.", True, True),
    "unclosed": ("<think>\nThe answer is 6.\nActually let me reconsider", "auto",
                 "The answer is 6.\nActually let me reconsider", "", False, True),
    "closing tag only (prompt opened it)": ("so 6.\n</think>\nThe answer is 6.", "auto",
                                            "so 6.", "\nThe answer is 6.", True, True),
    "no tag, auto": ("The answer is 6.", "auto", None, "The answer is 6.", False, False),
    "no tag, on: never closed": ("The answer is 6.", "on", "The answer is 6.", "", False,
                                 True),
    "off reads no thought": ("<think>The answer is 6.", "off", None,
                             "<think>The answer is 6.", False, False),
    "answer inside and outside": ("<think>The answer is 5? no</think> The answer is 6.", "on",
                                  "The answer is 5? no", " The answer is 6.", True, True),
    "backticked tag is a mention": ("<think>I end with `</think>` later</think> Six.", "auto",
                                    "I end with `</think>` later", " Six.", True, True),
    "quoted tag is a mention": ('<think>write "</think>" then</think> Six.', "auto",
                                'write "</think>" then', " Six.", True, True),
    "quoted tag only: unfinished": ("<think>I close with `</think>`. The answer is 6.", "auto",
                                    "I close with `</think>`. The answer is 6.", "", False,
                                    True),
    "bare mention: the last closing tag ends it": (
        "<think>I should close with </think> later. So 6.</think> The answer is 6.", "auto",
        "I should close with </think> later. So 6.", " The answer is 6.", True, True),
    "nested tags": ("<think>a <think>b</think> c</think> The answer is 6.", "auto",
                    "a <think>b</think> c", " The answer is 6.", True, True),
    "unpaired nested start": ("<think>the tag <think> opens</think> The answer is 6.", "auto",
                              "the tag <think> opens", " The answer is 6.", True, True),
    "thinking again after the answer": ("<think>a</think> The answer is 6. <think>hmm", "auto",
                                        "a</think> The answer is 6. <think>hmm", "", False,
                                        True),
    "two thoughts": ("<think>a</think> so far <think>b</think> The answer is 6.", "auto",
                     "a</think> so far <think>b", " The answer is 6.", True, True),
    "empty thought (Qwen3, thinking off)": ("<think>\n\n</think>\n\nThe answer is 6.", "auto",
                                            "", "\n\nThe answer is 6.", True, True),
    "empty completion, on": ("", "on", "", "", False, True),
    "text before the thought": ("Sure. <think>x</think> The answer is 6.", "auto", "x",
                                " The answer is 6.", True, True),
    # a few-shot answer that runs on into a next exemplar with a thought of its own
    "a next exemplar's thought after the answer": (
        "<think>3 + 3</think>\nSo 6. The answer is 6.\n\nQ: What is 2 + 5?\nA: <think>2 + 5"
        "</think>\nThe answer is 7.", "auto", "3 + 3",
        "\nSo 6. The answer is 6.\n\nQ: What is 2 + 5?\nA: <think>2 + 5</think>\nThe answer "
        "is 7.", True, True),
    "a next exemplar's thought, none before": (
        "3 + 3 = 6. The answer is 6.\n\nQ: What is 2 + 5?\nA: <think>2 + 5</think>\nThe "
        "answer is 7.", "auto", None, "3 + 3 = 6. The answer is 6.\n\nQ: What is 2 + 5?\nA: "
        "<think>2 + 5</think>\nThe answer is 7.", False, False),
    "an end tag first: the run-on is the thought's own": (
        "So the answer would be 36.\n\nExample: if she had 1 box, 12.\n</think>\n\nShe has "
        "30 left.", "auto", "So the answer would be 36.\n\nExample: if she had 1 box, 12.",
        "\n\nShe has 30 left.", True, True),
    "no answer before the next question: the last tag still ends it": (
        "<think>a</think> Let me restate.\n\nQ: What is 3 + 3?\n<think>b</think> The answer "
        "is 6.", "auto", "a</think> Let me restate.\n\nQ: What is 3 + 3?\n<think>b",
        " The answer is 6.", True, True),
    # Sky-T1 / OpenThoughts delimiters, read with the default tags when no <think> is there
    "Sky-T1 thought, then the solution": (
        "<|begin_of_thought|>\nso 6\n<|end_of_thought|>\n\n<|begin_of_solution|>\nThe answer "
        "is 6.\n<|end_of_solution|>", "auto", "so 6",
        "\n\n<|begin_of_solution|>\nThe answer is 6.\n<|end_of_solution|>", True, True),
    "Sky-T1 thought never closed": ("<|begin_of_thought|>\nThe answer is 6. Let me check the",
                                    "auto", "The answer is 6. Let me check the", "", False,
                                    True),
    "Sky-T1 tags inside a <think> thought are its text": (
        "<think>a <|end_of_thought|> b</think> The answer is 6.", "auto",
        "a <|end_of_thought|> b", " The answer is 6.", True, True),
    "Sky-T1 tags, off": ("<|begin_of_thought|>6<|end_of_thought|>", "off", None,
                         "<|begin_of_thought|>6<|end_of_thought|>", False, False),
}


@pytest.mark.parametrize("name", SPLITS)
def test_split(name):
    text, mode, thinking, answer, closed, present = SPLITS[name]
    t = split_thought(text, mode=mode)
    assert (t.thinking, text[t.answer_start:], t.closed, t.present) == \
        (thinking, answer, closed, present)


def test_custom_tags():
    text = "<|startofthought|> 2 + 4 <|endofthought|> The answer is 6."
    t = split_thought(text, QUIET, "auto")
    assert t.thinking == "2 + 4" and text[t.answer_start:] == " The answer is 6."
    assert not split_thought(text, mode="auto").present  # <think> tags: nothing to read
    assert split_thought("<think>x</think> 6", QUIET, "auto").present is False


@pytest.mark.parametrize("tags", [("", "</think>"), ("<think>", " "), ("<t>", "<t>"),
                                  ("think>", "</think>"), ("</think>", "think")])
def test_bad_tags(tags):
    with pytest.raises(ValueError):
        ThinkTags(*tags)
    with pytest.raises(UsageError, match="--think-tags"):
        thinking_options("auto", tags)


def test_bad_mode():
    with pytest.raises(UsageError, match="--thinking must be one of auto, on, off"):
        thinking_options("sometimes")
    with pytest.raises(ValueError):
        ThinkingOptions("sometimes")
    assert ThinkingOptions().config() is None  # the default: not in a manifest
    assert ThinkingOptions("on", QUIET).config() == {
        "mode": "on", "tags": ["<|startofthought|>", "<|endofthought|>"]}


@pytest.mark.parametrize("text", [
    "<think>" + "let me think step by step. " * 80_000 + "</think> The answer is 6.",
    "<think>" + "`</think>` " * 200_000 + "</think> The answer is 6.",  # quoted, everywhere
    "<think>" + "<think> " * 250_000 + "</think> The answer is 6.",
    "x" * 2_000_000 + "</think> The answer is 6.",
])
def test_long_thoughts_are_split_and_judged(text):
    # Linear scans: a quadratic one would take hours here and fail by the safety timeout.
    assert len(text) >= 2_000_000
    thought = finishes(lambda: split_thought(text))
    checker = NumericChecker()
    verdict = finishes(lambda: judge_answer(checker, checker.prepare("6"), text, thought))
    assert thought.closed and verdict.correct
    unclosed = text[: text.rindex("</think>")]
    assert finishes(lambda: split_thought(unclosed, mode="on")).unfinished


# -- judging the answer part -----------------------------------------------------------------
# name: (completion, mode, correct, reason)
JUDGED: dict[str, tuple[str, str, bool, str]] = {
    "the issue's example": ("<think>\nThe answer is 6.\nActually let me reconsider", "auto",
                            False, "unfinished_thought"),
    "closed, right": ("<think>3 + 3</think> The answer is 6.", "auto", True, "match"),
    "answer only inside": ("<think>The answer is 6.</think> I am done.", "auto", False,
                           "no_answer"),
    "wrong outside, right inside": ("<think>The answer is 6.</think> The answer is 5.", "auto",
                                    False, "mismatch"),
    "closing tag only": ("3 + 3 = 6\n</think>\n\nThe answer is 6.", "auto", True, "match"),
    "on, no tag": ("The answer is 6.", "on", False, "unfinished_thought"),
    "the issue's example, off: a retraction": (
        "<think>\nThe answer is 6.\nActually let me reconsider", "off", False, "ambiguous"),
    "unfinished, auto": ("<think>\nThe answer is 6.\nLet me double-check the carry", "auto",
                         False, "unfinished_thought"),
    "unfinished, off: read from the thought": (
        "<think>\nThe answer is 6.\nLet me double-check the carry", "off", True, "match"),
    "a next exemplar's answer after the run-on": (
        "<think>3 + 3</think>\nThe answer is 6.\n\nQ: What is 2 + 5?\nA: <think>2 + 5</think>"
        "\nThe answer is 7.", "auto", True, "match"),
    "hedge in the thought only": ("<think>5 or 6? not sure</think>\nThe answer is 6.", "auto",
                                  True, "match"),
}


@pytest.mark.parametrize("name", JUDGED)
def test_judged_on_the_answer_part(name):
    completion, mode, correct, reason = JUDGED[name]
    checker = NumericChecker()
    thought = split_thought(completion, mode=mode)
    v = judge_answer(checker, checker.prepare("6"), completion, thought)
    assert (v.correct, v.reason) == (correct, reason), v
    if v.answer is not None:  # the verdict's end indexes the whole completion
        assert completion[: v.end].rstrip(".").endswith(v.answer)
        assert v.end > thought.answer_start


def test_thinking_tokens_fallbacks():
    assert thinking_tokens(None, 7) is None
    assert thinking_tokens("a b", 7, lambda _: 99) == 7
    assert thinking_tokens("a b", None, lambda _: 99) == 99
    assert thinking_tokens("a b, c.", None, lambda _: None) == 5 == approx_tokens("a b, c.")
    assert thinking_tokens("", None) == 0


# -- traces: fields, make_traces, records ------------------------------------------------------
P = Problem("p", "What is 3 + 3?", "6")


def _traces(*completions: Completion | str, thinking: ThinkingOptions = ThinkingOptions(),
            count=None) -> list[Trace]:
    items = [c if isinstance(c, Completion) else Completion(c, "stop", 30) for c in completions]
    return make_traces(P, "Q: What is 3 + 3?\nA:", items, task=GSM, gold=GSM.checker.prepare("6"),
                       sampling=Sampling(), model="m", iteration=0, thinking=thinking,
                       count_tokens=count)


def test_make_traces_fields_and_rationale():
    closed = "<think>\nQ: is it 3 + 3?\nyes, 6</think>\n\nThe answer is 6.\n\nQ: next one"
    unclosed = "<think>\nThe answer is 6.\nActually let me reconsider"
    a, b, c = _traces(Completion(closed, "stop", 30, thinking_tokens=11), unclosed,
                      "The answer is 6.")
    # A `Q:` line inside the thought is no run-on: only the answer part is cut at the stops.
    assert a.correct and a.thinking == "Q: is it 3 + 3?\nyes, 6" and a.thinking_tokens == 11
    assert a.rationale == "<think>\nQ: is it 3 + 3?\nyes, 6</think>\n\nThe answer is 6."
    assert (b.correct, b.answer, b.check_reason) == (False, None, "unfinished_thought")
    assert b.rationale == unclosed.strip() and b.thinking.startswith("The answer is 6.")
    assert b.thinking_tokens == approx_tokens(b.thinking)
    assert c.correct and c.thinking is None and c.thinking_tokens is None
    d = _traces(closed, count=lambda text: len(text))[0]
    assert d.thinking_tokens == len(d.thinking)  # the engine's tokenizer


def test_trace_json_order_and_old_traces():
    t = _traces("<think>x</think> The answer is 6.")[0]
    keys = list(t.to_dict())
    assert keys[keys.index("rationale") + 1] == "thinking"
    assert keys[keys.index("tokens") + 1] == "thinking_tokens"
    old = {k: v for k, v in t.to_dict().items() if k not in ("thinking", "thinking_tokens")}
    back = Trace.from_dict(old)
    assert back.thinking is None and back.thinking_tokens is None and not back.extra
    assert Trace.from_dict(t.to_dict()).to_dict() == t.to_dict()


# -- leaks in the thought --------------------------------------------------------------------
LEAKS: dict[str, tuple[str | None, str, str | None]] = {
    # name: (thought, answer part, rule)
    "hint quoted in the thought": ("the hint says 72, so 48 + 24 = 72", "The answer is 72.",
                                   "mentions_hint"),
    "answer first in the thought": ("72. Because 48 + 24 = 72.", "The answer is 72.",
                                    "answer_first"),
    "answer part opens with the answer": ("48 + 24 = 72, done.",
                                          "The answer is 72. Because 48 + 24 = 72.", None),
    "late mention in a long thought": ("48 + 24 = 72. " * 20_000 + "as the hint says, 72",
                                       "The answer is 72.", "mentions_hint"),
    "empty thought: the answer part reasons": ("", "The answer is 72. First, 48 + 24 = 72.",
                                               "answer_first"),
}


@pytest.mark.parametrize("name", LEAKS)
def test_leaks_in_the_thought(name):
    thought, answer, rule = LEAKS[name]
    problem = Problem("g", "Natalia sold clips...", "72")
    assert hint_leak(answer, problem, GSM.checker, thinking=thought) == rule


def test_mark_leaks_scans_the_thought():
    traces = _traces("<think>The hint says 6, so 3 + 3 = 6.</think> The answer is 6.",
                     "<think>3 + 3 = 6.</think> The answer is 6. Since 3 + 3 = 6.")
    mark_leaks(traces, P, GSM, GSM.checker.prepare("6"))
    assert [t.extra["hint_leak_rule"] for t in traces] == ["mentions_hint", None]


# -- the CLI: generate, check, filter ----------------------------------------------------------
GEN = ["generate", "--task", "gsm8k", "--model", "m", "--engine", "scripted", "-q", "-n", "3"]
REPLIES = ["<think>\n3 + 3 = 6\n</think>\n\nThe answer is 6.",
           "<think>\nThe answer is 6.\nLet me double-check the carry",
           "3 + 3 = 6\n</think>\nThe answer is 6."]


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "p.jsonl", [{"id": "p", "question": "What is 3 + 3?",
                                               "answer": "#### 6"}])


def _generate(runner, problem_file, out, *args, replies=REPLIES):
    ScriptedEngine.queue[:] = list(replies)
    return runner.invoke(app, [*GEN, str(problem_file), "-o", str(out), *map(str, args)])


def test_generate_records_thoughts(runner, scripted, problem_file, tmp_path):
    out = tmp_path / "out"
    r = _generate(runner, problem_file, out)
    assert r.exit_code == 0, r.output
    rows = read_out(out)
    assert [x["correct"] for x in rows] == [True, False, True]
    assert rows[1]["check_reason"] == "unfinished_thought" and rows[1]["answer"] is None
    assert [x["thinking"] for x in rows] == ["3 + 3 = 6",
                                             "The answer is 6.\nLet me double-check the carry",
                                             "3 + 3 = 6"]
    assert rows[0]["thinking_tokens"] == approx_tokens("3 + 3 = 6")  # no tokenizer at hand
    assert rows[0]["rationale"] == REPLIES[0]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["stats"]["unfinished_thoughts"] == 1
    assert "thinking" not in manifest["config"]  # the default: older outputs still resume


def test_generate_thinking_off_and_resume_refused(runner, scripted, problem_file, tmp_path):
    out = tmp_path / "out"
    assert _generate(runner, problem_file, out, "--thinking", "off").exit_code == 0
    rows = read_out(out)
    assert [x["correct"] for x in rows] == [True, True, True]  # star before thoughts
    assert all(x["thinking"] is None and x["thinking_tokens"] is None for x in rows)
    again = _generate(runner, problem_file, out)  # the default, auto: another configuration
    assert again.exit_code == 2 and "different configuration" in again.output
    assert "thinking" in again.output


def test_generate_custom_tags(runner, scripted, problem_file, tmp_path):
    replies = ["<|startofthought|>3 + 3<|endofthought|> The answer is 6.",
               "<|startofthought|>The answer is 6.", "The answer is 6."]
    r = _generate(runner, problem_file, "-", "--think-tags", "<|startofthought|>",
                  "<|endofthought|>", replies=replies)
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["check_reason"] for x in rows] == ["match", "unfinished_thought", "match"]
    assert rows[0]["thinking"] == "3 + 3" and rows[2]["thinking"] is None


@pytest.mark.parametrize("args, message", [
    (["--think-tags", "", "</think>"], "--think-tags '' '</think>': the start tag is empty"),
    (["--think-tags", "<t>", "<t>"], "must differ"),
    (["--thinking", "maybe"], "--thinking must be one of auto, on, off"),
])
def test_bad_thinking_options_exit_2(runner, scripted, problem_file, tmp_path, args, message):
    for cmd in (GEN + [str(problem_file)], ["check", str(problem_file), "--task", "gsm8k"],
                ["filter", str(problem_file)]):
        r = runner.invoke(app, [*cmd, "-o", str(tmp_path / "out"), *args])
        assert r.exit_code == 2, (cmd, r.output)
        assert message in " ".join(r.output.split())
        assert not (tmp_path / "out").exists()


class CountingEngine(ScriptedEngine):
    """The scripted engine with a tokenizer: one token per character."""

    name = "counting"
    counted: ClassVar[list[str]] = []
    options_seen: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, model: str, **options: Any) -> None:
        super().__init__(model, **options)
        type(self).options_seen.append(options)

    def count_tokens(self, text: str) -> int | None:
        type(self).counted.append(text)
        return len(text)


def test_generate_counts_with_the_engine_tokenizer(runner, problem_file, tmp_path):
    register(CountingEngine)
    try:
        CountingEngine.queue[:] = [REPLIES[0], Completion(REPLIES[0], "stop", 9,
                                                          thinking_tokens=4), "The answer is 6."]
        argv = [*GEN, str(problem_file), "--engine", "counting", "-o", "-"]
        rows = [json.loads(x) for x in runner.invoke(app, argv).stdout.splitlines()]
    finally:
        unregister("counting")
    assert [x["thinking_tokens"] for x in rows] == [len("3 + 3 = 6"), 4, None]
    assert "think_tags" not in CountingEngine.options_seen[-1]  # the default: not passed


def test_custom_tags_reach_the_engine(runner, problem_file, tmp_path):
    """An engine that writes a server's separate thought back into the text (openai) is told
    the run's delimiters."""
    register(CountingEngine)
    try:
        CountingEngine.queue[:] = ["[T]3 + 3[/T] The answer is 6."] * 3
        argv = [*GEN, str(problem_file), "--engine", "counting", "-o", "-", "--think-tags",
                "[T]", "[/T]"]
        rows = [json.loads(x) for x in runner.invoke(app, argv).stdout.splitlines()]
    finally:
        unregister("counting")
    assert CountingEngine.options_seen[-1]["think_tags"] == ("[T]", "[/T]")
    assert [x["thinking"] for x in rows] == ["3 + 3"] * 3


def _trace(k: int, completion: str, **fields: Any) -> dict[str, Any]:
    """A trace of a star from before thoughts were split (no `thinking` fields)."""
    return make_trace(**{"problem_id": "p", "sample": k, "question": "What is 3 + 3?",
                         "gold": "6", "prompt": "Q: What is 3 + 3?\nA:",
                         "completion": completion, "answer": "6", "tokens": 40,
                         "thinking": ABSENT, "thinking_tokens": ABSENT, **fields})


def test_check_rejudges_thoughts(runner, tmp_path):
    rows = [_trace(0, REPLIES[1]),  # an older star judged the unfinished thought correct
            _trace(1, REPLIES[0], thinking="3 + 3 = 6", thinking_tokens=9),  # engine's count
            _trace(2, REPLIES[0], thinking="something else", thinking_tokens=9),
            _trace(3, "The answer is 6.")]
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "out"
    r = runner.invoke(app, ["check", str(src), "-o", str(out), "--task", "gsm8k"])
    assert r.exit_code == 0, r.output
    got = read_out(out)
    assert [x["check_reason"] for x in got] == ["unfinished_thought", "match", "match", "match"]
    assert got[0]["correct"] is False and got[0]["answer"] is None
    assert [x["thinking_tokens"] for x in got] == [approx_tokens(got[0]["thinking"]), 9,
                                                   approx_tokens("3 + 3 = 6"), None]
    assert got[2]["thinking"] == "3 + 3 = 6" and got[3]["thinking"] is None
    assert "1 unfinished (the thought never closed)" in r.output
    stats = json.loads((out / "manifest.json").read_text())["stats"]
    assert stats["unfinished_thoughts"] == 1 and stats["now_wrong"] == 1
    other = runner.invoke(app, ["check", str(src), "-o", str(out), "--task", "gsm8k",
                                "--thinking", "on"])
    assert other.exit_code == 2 and "different configuration" in other.output
    off = runner.invoke(app, ["check", str(src), "-o", "-", "--task", "gsm8k", "-q",
                              "--thinking", "off"])
    passed = [json.loads(x) for x in off.stdout.splitlines()]
    assert passed[0]["correct"] is True and "thinking" not in passed[0]  # untouched


def _filter(runner, rows, tmp_path, *args):
    src = write_jsonl(tmp_path / "t.jsonl", rows)
    out = tmp_path / "out"
    r = runner.invoke(app, ["filter", str(src), "-o", str(out), "--overwrite",
                            *map(str, args)])
    steps = json.loads((out / "manifest.json").read_text())["stats"]["steps"]
    return r, [x["id"] for x in read_out(out)], {s["step"]: s for s in steps}


def test_filter_drops_unfinished_thoughts(runner, tmp_path):
    rows = [_trace(0, REPLIES[0]),
            _trace(1, REPLIES[1]),  # old verdict: correct; read again, unfinished
            _trace(2, "x", correct=False, answer=None, check_reason="unfinished_thought"),
            _trace(3, "The answer is 6.")]
    r, kept, steps = _filter(runner, rows, tmp_path)
    assert r.exit_code == 0, r.output
    assert kept == ["p/generate/it0/s0", "p/generate/it0/s3"]
    assert steps["finished_thought"]["dropped"] == {"unfinished_thought": 2}
    assert "unfinished_thought 2" in " ".join(r.output.split())
    _, kept, steps = _filter(runner, rows, tmp_path, "--keep-unfinished-thoughts")
    assert len(kept) == 3 and steps["correct"]["dropped"] == {"incorrect": 1}
    _, kept, steps = _filter(runner, rows, tmp_path, "--thinking", "off")
    assert len(kept) == 3 and "finished_thought" not in steps  # s1 kept: read as before
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["config"]["thinking"] == "off"


def test_filter_thinking_token_bounds(runner, tmp_path):
    rows = [_trace(0, REPLIES[0], thinking="3 + 3 = 6", thinking_tokens=50),
            _trace(1, REPLIES[0], thinking="3 + 3 = 6", thinking_tokens=5),
            _trace(2, "<think>" + "hmm " * 30 + "</think> The answer is 6."),  # estimated: 30
            _trace(3, "The answer is 6.")]  # no thought: 0
    r, kept, steps = _filter(runner, rows, tmp_path, "--min-thinking-tokens", 10,
                             "--max-thinking-tokens", 40)
    assert r.exit_code == 0, r.output
    assert kept == ["p/generate/it0/s2"]
    assert steps["thinking_length"]["dropped"] == {"too_many_thinking_tokens": 1,
                                                   "too_few_thinking_tokens": 2}
    bad = runner.invoke(app, ["filter", str(tmp_path / "t.jsonl"), "-o", "-",
                              "--min-thinking-tokens", 9, "--max-thinking-tokens", 3])
    assert bad.exit_code == 2 and "above --max-thinking-tokens" in bad.output


def test_filter_single_answer_reads_the_answer_part(runner, tmp_path):
    weighed = "<think>The answer is 5? No: the answer is 6.</think> The answer is 6."
    rows = [_trace(0, weighed), _trace(1, "The answer is 5. The answer is 6.")]
    _, kept, steps = _filter(runner, rows, tmp_path, "--single-answer")
    assert kept == ["p/generate/it0/s0"]
    assert steps["single_answer"]["dropped"] == {"several_answers": 1}


def test_modes_are_documented():
    text = (REPO / "docs" / "checking.md").read_text()
    assert all(f"`{m}`" in text for m in MODES) and "unfinished_thought" in text
