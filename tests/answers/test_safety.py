"""Model output is hostile: nothing in it runs, and every input gets a verdict in time."""

from __future__ import annotations

from pathlib import Path

import pytest

from star_cli.answers import check, check_many
from tests.conftest import finishes

TIMEOUT = 2.0


def _payloads(target: Path) -> list[str]:
    t = str(target)
    return [
        f"__import__('os').system('touch {t}')",
        f"open('{t}', 'w').write('x')",
        f"exec(\"open('{t}','w')\")",
        f"eval(\"open('{t}','w')\")",
        f"(lambda: open('{t}', 'w'))()",
        f"Symbol('x').__class__.__init__.__globals__['os'].system('touch {t}')",
        f"\\input{{{t}}}",
        f"x = __import__('pathlib').Path('{t}').touch()",
    ]


@pytest.mark.parametrize("task", ["math", "gsm8k"])
@pytest.mark.parametrize(
    "form", ["\\boxed{{{}}}", "The answer is {}", "#### {}", "$\\boxed{{{}}}$."]
)
def test_payloads_never_run(tmp_path: Path, task: str, form: str) -> None:
    target = tmp_path / "pwned"
    for payload in _payloads(target):
        v = check("42", "Let me think. " + form.format(payload), task, timeout=TIMEOUT)
        assert v.correct is False
        assert not target.exists(), payload
    # the same payloads as gold: a malicious dataset must not run either
    v = check(_payloads(target)[0], "\\boxed{1}", "math", timeout=TIMEOUT)
    assert not target.exists() and v.correct is False


ADVERSARIAL = {
    "nul bytes": "The answer is \\boxed{1\x002\x00}",
    "lone surrogates": "The answer is \\boxed{\ud800\udfff\ud83d}",
    "200k junk": "(" * 1000 + "x" * 200_000 + "The answer is \\boxed{" + "1+" * 50_000 + "1}",
    "500 nested parens": "\\boxed{" + "(" * 500 + "1" + ")" * 500 + "}",
    "500 nested braces": "\\boxed{" + "{" * 500 + "1" + "}" * 500 + "}",
    "500 nested roots": "\\boxed{" + "\\sqrt{" * 500 + "2" + "}" * 500 + "}",
    "power tower": "\\boxed{10^{10^{10^{10}}}}",
    "taller tower": "\\boxed{9^{9^{9^{9^{9^{9}}}}}}",
    "huge factorial": "\\boxed{1000000000!}",
    "huge power": "\\boxed{2^{100000000}}",
    "huge float exponent": "\\boxed{1e999999999}",
    "division by zero": "\\boxed{\\frac{1}{0}}",
    "zero to the zero": "\\boxed{0^0}",
    "unbalanced": "\\boxed{\\frac{1}{",
    "many variables": "\\boxed{" + "+".join(f"x_{k}" for k in range(200)) + "}",
    "long sum": "\\boxed{" + "+".join(["1"] * 5000) + "}",
}


@pytest.mark.parametrize("completion", list(ADVERSARIAL.values()), ids=list(ADVERSARIAL))
def test_adversarial_inputs_get_a_verdict_in_time_from_a_thread(completion: str) -> None:
    # `finishes` runs the check in a thread (not the main one: no signal-based timeouts
    # there) and fails if it hangs; what stops a runaway check is the pool's deadline, which
    # answers "timeout". Its speed is bench/'s to measure.
    verdict = finishes(lambda: check("10^{10^{10^{10}}} + 1", completion, "math",
                                     timeout=TIMEOUT))
    assert verdict.correct is False
    assert verdict.reason in ("mismatch", "no_answer", "timeout", "error")


@pytest.mark.slow  # workers hit their deadline one input after another
def test_batch_of_adversarial_inputs() -> None:
    pairs = [("7", c) for c in ADVERSARIAL.values()] + [("7", "\\boxed{7}")]
    verdicts = check_many(pairs, "math", workers=2, timeout=TIMEOUT)
    assert [v.correct for v in verdicts] == [False] * len(ADVERSARIAL) + [True]


# Long runs a completion may hold before or around its answer: spaces, tabs, no-break spaces
# (a rendered page shows one space for each run), thousands of numbers in one sentence, of
# headings a next problem could open with, of superscripts after numbers. Each once took
# seconds per 20,000 characters, growing with the square of the run (a pattern trying a long
# run of spaces every way; each heading or mark weighed against the whole text): at these
# sizes, minutes to hours. The answer stands as read.
_RAISED = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PADDED = {
    "spaces before the answer": (" " * 100_000 + "42", True),
    "tabs before a marked answer": ("\t" * 100_000 + "Answer: 42", True),
    "no-break spaces before the answer": ("\u00a0" * 100_000 + "42", True),
    "spaces inside the closing sentence": ("So " + " " * 100_000 + "42.", True),
    "spaces after a stop, then a correction cut off": (
        "The answer is 42." + " " * 100_000 + "Wait, let me", False),
    "a sentence of 50,000 numbers": ("1," * 50_000 + "42", False),
    "40,000 headings in another language": ("\n问题：" * 40_000 + "\nThe answer is 42.", True),
    "25,000 headings a follow-up opens with": ("\nBonus:" * 25_000 + "\nThe answer is 42.", True),
    "40,000 next questions in a fence": (
        "```" + "\nQ:" * 40_000 + "\n```\nThe answer is 42.", True),
    "50,000 superscripts after numbers": ("2¹" * 50_000 + "\nThe answer is 42.", True),
    "40,000 lines that end in one": ("2³\n" * 40_000 + "\nThe answer is 42.", True),
    "30,000 lines, each a different mark": (
        "".join(f"1{str(i).translate(_RAISED)}\n" for i in range(30_000)) + "The answer is 42.",
        True),
    "100,000 digits before a boxed letter": ("1" * 100_000 + "\n\\boxed{C}", False),
    "a letter, then 100,000 spaces": ("(C)" + " " * 100_000 + "x\n\\boxed{C}", False),
    "50,000 comments never closed, then a link": (
        "<!--" * 50_000 + "\nThe answer is 42. See [note](http://x.org).", True),
    "40 owners' words before a pick in another language": (
        "Intro.\n" + "моя " * 40 + "xyz jag väljer A.", False),
    "8,000 words on the line before a pick in another language": (
        "word " * 8_000 + "\nJag väljer A.", False),
    "a correction's cue, then a word of 250 letters": (
        "So the answer is 42.\nEn realidad " + "f" * 250 + ". Total 7.", True),
    "8,000 spans never closed before a boxed answer": (
        "<span " * 8_000 + "So the answer is $\\boxed{42}$ </span>", True),
    "20,000 comments on a line, a closing on the next": (
        "Note: " + "<!-- a " * 20_000 + "\n-->\nThe answer is 42. See [note](http://x.org).", True),
}


@pytest.mark.parametrize("task", ["gsm8k", "math"])
@pytest.mark.parametrize("name", list(PADDED))
def test_long_runs_get_their_verdict_in_time(task: str, name: str) -> None:
    completion, correct = PADDED[name]
    verdict = finishes(lambda: check("42", completion, task, timeout=TIMEOUT))
    assert verdict.correct is correct, verdict
