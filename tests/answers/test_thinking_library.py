"""The library reads thoughts as `star check` does: `check`, `check_many` and the GRPO
`accuracy_reward` judge only the answer after a closed thought, and score an unclosed one as
`unfinished_thought`, so a reward never pays for an answer the model was still thinking."""

from __future__ import annotations

import pickle

import pytest

from star_cli.answers import check, check_many
from star_cli.rewards import accuracy_reward, make_accuracy_reward

QUIET = ("<|startofthought|>", "<|endofthought|>")

# (completion, mode, tags, answer, correct, reason)
CASES = [
    ("<think>Maybe 5? The answer is 5.</think>\nThe answer is 6.", "auto", None, "6", True,
     "match"),
    ("<think>So the answer is 6.</think>\nThe answer is 5.", "auto", None, "5", False,
     "mismatch"),
    ("<think>The answer is 6.\nLet me double-check the carry", "auto", None, None, False,
     "unfinished_thought"),
    # R1's template opens the thought in the prompt: the completion holds the end tag only.
    ("The answer is 5, no wait.\n</think>\nThe answer is 6.", "auto", None, "6", True,
     "match"),
    ("<think>The answer is 6.", "off", None, "6", True, "match"),
    ("The answer is 6.", "on", None, None, False, "unfinished_thought"),
    ("The answer is 6.", "auto", None, "6", True, "match"),
    # Other delimiters: `<think>` is then plain text, and the thought is theirs.
    ("<think>The answer is 6.", "auto", QUIET, "6", True, "match"),
    ("<|startofthought|>The answer is 5.<|endofthought|>The answer is 6.", "auto", QUIET, "6",
     True, "match"),
]


@pytest.mark.parametrize("text, mode, tags, answer, correct, reason", CASES)
def test_check_reads_the_answer_after_the_thought(text, mode, tags, answer, correct, reason):
    v = check("6", text, "gsm8k", thinking=mode, think_tags=tags)
    assert (v.answer, v.correct, v.reason) == (answer, correct, reason)
    if v.end is not None:  # `end` indexes the whole completion, so rationales cut right
        assert text[:v.end].rstrip().endswith(f"The answer is {answer}.")


def test_check_many_agrees_with_check():
    pairs = [("6", text) for text, mode, tags, *_ in CASES if mode == "auto" and tags is None]
    many = check_many(pairs, "gsm8k", workers=1)
    assert many == [check(g, t, "gsm8k") for g, t in pairs]
    assert [v.reason for v in many].count("unfinished_thought") == 1


def test_bad_modes_and_tags_fail_at_once():
    with pytest.raises(ValueError, match="thinking mode"):
        check("6", "The answer is 6.", thinking="yes")
    with pytest.raises(ValueError, match="must differ"):
        check("6", "The answer is 6.", think_tags=("<t>", "<t>"))
    with pytest.raises(ValueError, match="thinking mode"):
        make_accuracy_reward("gsm8k", thinking="maybe")
    for tags in [("<t>",), "<>", ("<a>", "</a>", "<b>"), ("<a>", 3)]:
        with pytest.raises(ValueError, match="two tags|tag"):
            check("6", "The answer is 6.", think_tags=tags)


def test_accuracy_reward_pays_for_the_answer_not_the_thought():
    completions = [
        [{"role": "assistant", "content": "<think>\\boxed{5}</think> So \\boxed{6}"}],
        [{"role": "assistant", "content": "<think>It is \\boxed{6}, let me verify"}],
        [{"role": "assistant", "content": "Reasoning... </think> \\boxed{6}"}],
        "<think>\\boxed{6}</think> Hence \\boxed{5}",
    ]
    assert accuracy_reward(completions, ["6"] * 4) == [1.0, 0.0, 1.0, 0.0]
    whole = make_accuracy_reward("math", thinking="off")
    assert whole(completions[1:2], ["6"]) == [1.0]


def test_the_reward_logs_unfinished_thoughts_and_pickles_its_reading():
    reward = make_accuracy_reward("gsm8k", think_tags=QUIET, name="acc")
    metrics: dict[str, float] = {}
    texts = ["<|startofthought|>The answer is 6.", "<|startofthought|>x<|endofthought|>"
             "The answer is 6."]
    assert reward(texts, gold=["6", "6"], log_metric=metrics.__setitem__) == [0.0, 1.0]
    assert metrics["acc/unfinished_thought"] == 0.5
    again = pickle.loads(pickle.dumps(reward))
    assert again.thinking == reward.thinking
    assert again(texts, gold=["6", "6"]) == [0.0, 1.0]
    reward.close()
    again.close()
