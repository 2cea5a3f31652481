"""Task presets as a user relies on them: reading records, errors, prompts, exemplars."""

from __future__ import annotations

import ast
import json
import operator
import re
from fractions import Fraction

import pytest

from star_cli.errors import InputError, UsageError
from star_cli.records import Choice, Location, Problem
from star_cli.tasks import GenericOptions, PromptOptions, get_task
from star_cli.tasks.exemplars import CSQA_EXEMPLARS, GSM8K_EXEMPLARS, MATH_EXEMPLARS
from star_cli.tasks.gsm8k import gold_after_hashes
from tests.conftest import REPO

EXAMPLES = REPO / "examples"
HERE = Location("train.jsonl", 7)


def read(task_name: str, record: dict, generic: GenericOptions | None = None) -> Problem:
    return get_task(task_name, generic).read(record, HERE)


# -- gsm8k ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "gold"),
    [
        ("48 / 2 = <<48/2=24>>24\n#### 72", "72"),
        ("Total 1,080 clips.\n#### 1,080", "1080"),
        ("#### 1,234,567", "1234567"),
        ("#### -3", "-3"),
        ("#### 3.5  \n", "3.5"),
        ("the last one counts #### 1\n#### 2", "2"),
    ],
    ids=["plain", "thousands", "millions", "negative", "decimal-trailing-space", "last-marker"],
)
def test_gsm8k_gold_after_hashes(answer, gold):
    problem = read("gsm8k", {"question": " How many? ", "answer": answer})
    assert problem.gold == gold
    assert problem.question == "How many?"
    assert problem.choices is None


def test_gsm8k_gold_marker_missing():
    assert gold_after_hashes("no marker here") is None
    with pytest.raises(InputError) as e:
        read("gsm8k", {"question": "How many?", "answer": "It is 72."})
    assert "train.jsonl:7" in str(e.value)
    assert "'answer'" in str(e.value)


def test_gsm8k_ids():
    with_id = read("gsm8k", {"id": "p-1", "question": "Q1", "answer": "#### 1"})
    assert with_id.id == "p-1"
    a = read("gsm8k", {"question": "Q1", "answer": "#### 1"})
    b = read("gsm8k", {"question": "Q1", "answer": "#### 1"})
    c = read("gsm8k", {"question": "Q2", "answer": "#### 1"})
    assert a.id == b.id != c.id


# -- math ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "gold"),
    [
        ({"problem": "p", "answer": "\\frac{1}{2}"}, "\\frac{1}{2}"),
        ({"problem": "p", "answer": "5", "solution": "so $\\boxed{4}$"}, "5"),
        ({"problem": "p", "solution": "First $\\boxed{1}$, then $\\boxed{2}$."}, "2"),
        (
            {"problem": "p", "solution": "Thus $x = \\boxed{\\frac{\\sqrt{3}}{2}}$."},
            "\\frac{\\sqrt{3}}{2}",
        ),
        ({"question": "p", "solution": "It is $\\boxed{(3, 2)}$."}, "(3, 2)"),
        ({"problem": "p", "answer": "", "solution": "$\\boxed{7}$"}, "7"),
    ],
    ids=[
        "answer",
        "answer-beats-solution",
        "last-boxed",
        "nested-braces",
        "question-field",
        "empty-answer-uses-solution",
    ],
)
def test_math_gold(record, gold):
    problem = read("math", record)
    assert problem.gold == gold
    assert problem.question == "p"


def test_math_no_gold():
    with pytest.raises(InputError) as e:
        read("math", {"problem": "p", "solution": "no box here"})
    message = str(e.value)
    assert "train.jsonl:7" in message and "'answer'" in message


# -- csqa ----------------------------------------------------------------------------------

LABELS = ("A", "B", "C", "D", "E")
TEXTS = ("bank", "library", "park", "school", "store")


def csqa_nested(**overrides) -> dict:
    record = {
        "answerKey": "B",
        "id": "q-17",
        "question": {
            "question_concept": "book",
            "choices": [{"label": lab, "text": t} for lab, t in zip(LABELS, TEXTS, strict=True)],
            "stem": "Where can you borrow a book?",
        },
    }
    record.update(overrides)
    return record


def csqa_flat(**overrides) -> dict:
    record = {
        "id": "q-17",
        "question": "Where can you borrow a book?",
        "question_concept": "book",
        "choices": {"label": list(LABELS), "text": list(TEXTS)},
        "answerKey": "B",
    }
    record.update(overrides)
    return record


@pytest.mark.parametrize("make", [csqa_nested, csqa_flat], ids=["nested", "flat"])
def test_csqa_formats(make):
    problem = read("csqa", make())
    assert problem.id == "q-17"
    assert problem.question == "Where can you borrow a book?"
    assert problem.gold == "B"
    assert problem.choices == tuple(Choice(lab, t) for lab, t in zip(LABELS, TEXTS, strict=True))


def test_csqa_lowercase_key_and_no_id():
    record = csqa_flat(answerKey="c")
    del record["id"]
    a, b = read("csqa", record), read("csqa", dict(record))
    assert a.gold == "C"
    assert a.id == b.id and a.id


def test_csqa_key_not_a_label():
    with pytest.raises(InputError, match="answerKey"):
        read("csqa", csqa_flat(answerKey="F"))


@pytest.mark.parametrize(
    "choices",
    [[], [{"label": "A"}], {"label": ["A", "B"], "text": ["x"]}, "A B C"],
    ids=["empty", "no-text", "uneven-hf", "string"],
)
def test_csqa_bad_choices(choices):
    with pytest.raises(InputError) as e:
        read("csqa", csqa_flat(choices=choices))
    assert "train.jsonl:7" in str(e.value) and "'choices'" in str(e.value)


# -- generic -------------------------------------------------------------------------------


def test_generic_custom_dotted_fields():
    options = GenericOptions(
        question_field="data.prompt", answer_field="data.target", id_field="meta.uid"
    )
    record = {"data": {"prompt": " What is 6 * 7? ", "target": 42}, "meta": {"uid": 9}}
    problem = read("generic", record, options)
    assert (problem.id, problem.question, problem.gold) == ("9", "What is 6 * 7?", "42")


def test_generic_defaults_and_missing_id():
    problem = read("generic", {"question": "2 + 2?", "answer": "4"})
    assert problem.gold == "4" and problem.id


def test_generic_choices_field():
    options = GenericOptions(choices_field="options", checker="choice")
    record = {"question": "Pick", "answer": "A", "options": [{"label": "A", "text": "x"}]}
    assert read("generic", record, options).choices == (Choice("A", "x"),)


def test_generic_template():
    options = GenericOptions(template="Problem: {question}\n{choices}\nSolution:")
    task = get_task("generic", options)
    problem = Problem("1", "What is {x} in $\\frac{1}{2}$?", "0.5", (Choice("A", "half"),))
    text = task.prompt(problem, PromptOptions())
    assert text == "Problem: What is {x} in $\\frac{1}{2}$?\n(a) half\nSolution:"
    assert task.prompt(problem, PromptOptions(chat=True)) == [{"role": "user", "content": text}]


def test_generic_template_without_question():
    with pytest.raises(UsageError, match=r"\{question\}"):
        get_task("generic", GenericOptions(template="Solve this:\nA:"))


def test_generic_unknown_checker():
    with pytest.raises(UsageError, match="unknown checker"):
        get_task("generic", GenericOptions(checker="nope"))


def test_unknown_task():
    with pytest.raises(UsageError, match="unknown task 'gsm9k'"):
        get_task("gsm9k")


# -- missing and empty fields --------------------------------------------------------------

GENERIC_QA = GenericOptions(question_field="q", answer_field="data.a")

MISSING = [
    ("gsm8k", None, {"answer": "#### 1"}, "question"),
    ("gsm8k", None, {"question": "Q"}, "answer"),
    ("math", None, {"answer": "1"}, "question"),
    (
        "csqa",
        None,
        csqa_nested(question={"choices": [{"label": "A", "text": "x"}]}),
        "question.stem",
    ),
    ("csqa", None, csqa_nested(question={"stem": "S"}), "question.choices"),
    ("csqa", None, {"question": "S", "choices": {"label": ["A"], "text": ["x"]}}, "answerKey"),
    ("csqa", None, {"question": "S", "answerKey": "A"}, "choices"),
    ("generic", GENERIC_QA, {"data": {"a": 1}}, "q"),
    ("generic", GENERIC_QA, {"q": "Q", "data": {}}, "data.a"),
    ("generic", GENERIC_QA, {"q": "Q", "data": 5}, "data.a"),
]
EMPTY = [
    ("gsm8k", None, {"question": "  ", "answer": "#### 1"}, "question"),
    ("gsm8k", None, {"question": "Q", "answer": ""}, "answer"),
    ("math", None, {"problem": "", "answer": "1"}, "problem"),
    ("csqa", None, csqa_flat(question=""), "question"),
    ("csqa", None, csqa_nested(answerKey=None), "answerKey"),
    ("generic", GENERIC_QA, {"q": None, "data": {"a": 1}}, "q"),
    ("generic", GENERIC_QA, {"q": "Q", "data": {"a": " "}}, "data.a"),
]


def _ids(cases):
    return [f"{name}-{field}" for name, _, _, field in cases]


@pytest.mark.parametrize(("name", "options", "record", "field"), MISSING, ids=_ids(MISSING))
def test_missing_field(name, options, record, field):
    with pytest.raises(InputError) as e:
        read(name, record, options)
    assert e.value.field == field
    assert str(e.value).startswith(f"train.jsonl:7: field '{field}': missing")


@pytest.mark.parametrize(("name", "options", "record", "field"), EMPTY, ids=_ids(EMPTY))
def test_empty_field(name, options, record, field):
    with pytest.raises(InputError) as e:
        read(name, record, options)
    assert (e.value.path, e.value.line, e.value.field) == ("train.jsonl", 7, field)
    assert str(e.value).startswith(f"train.jsonl:7: field '{field}': is empty")


# -- prompts -------------------------------------------------------------------------------

PRESETS = ["gsm8k", "math", "csqa"]
CSQA_CHOICES = tuple(Choice(lab, t) for lab, t in zip(LABELS, TEXTS, strict=True))


def problem_for(name: str, question: str) -> Problem:
    return Problem("x", question, "B", CSQA_CHOICES if name == "csqa" else None)


@pytest.mark.parametrize("name", PRESETS)
def test_completion_prompt_ends_with_question(name):
    task = get_task(name)
    text = task.prompt(problem_for(name, "What is 2 + 3?"), PromptOptions())
    assert isinstance(text, str)
    expected = task.format_question("What is 2 + 3?", problem_for(name, "").choices)
    assert text.endswith(f"Q: {expected}\nA:")
    if name != "csqa":
        assert text.endswith("Q: What is 2 + 3?\nA:")


@pytest.mark.parametrize("name", PRESETS)
def test_few_shot_block_is_shared_prefix(name):
    task = get_task(name)
    options = PromptOptions()
    block = task.few_shot_block(options)
    one = task.prompt(problem_for(name, "First problem?"), options)
    two = task.prompt(problem_for(name, "A different one?"), options)
    assert one.startswith(block) and two.startswith(block)
    assert block.count("\nA: ") == len(task.exemplars)
    assert one[len(block) :].startswith("Q: First problem?")


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("k", [0, 2])
def test_few_shot_count(name, k):
    task = get_task(name)
    text = task.prompt(problem_for(name, "Final?"), PromptOptions(few_shot=k))
    assert text.count("Q: ") == k + 1
    if k == 0:
        question = task.format_question("Final?", problem_for(name, "").choices)
        assert text == f"{task.instruction}\n\nQ: {question}\nA:"
    for ex in task.exemplars[:k]:
        assert ex.rationale in text
    for ex in task.exemplars[k:]:
        assert ex.rationale not in text


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("k", [None, 0, 2])
def test_chat_prompt(name, k):
    task = get_task(name)
    messages = task.prompt(problem_for(name, "Final?"), PromptOptions(few_shot=k, chat=True))
    n = len(task.exemplars) if k is None else k
    assert len(messages) == 2 + 2 * n
    assert messages[0] == {"role": "system", "content": task.instruction}
    turns = messages[1:-1]
    assert [m["role"] for m in turns] == ["user", "assistant"] * n
    assert [m["content"] for m in turns[1::2]] == [ex.rationale for ex in task.exemplars[:n]]
    assert messages[-1]["role"] == "user"
    assert messages[-1]["content"].startswith("Final?")


def test_csqa_prompt_lists_choices():
    task = get_task("csqa")
    text = task.prompt(problem_for("csqa", "Where can you borrow a book?"), PromptOptions())
    assert text.endswith(
        "Q: Where can you borrow a book?\nAnswer Choices:\n(a) bank\n(b) library\n"
        "(c) park\n(d) school\n(e) store\nA:"
    )
    chat = task.prompt(problem_for("csqa", "Q?"), PromptOptions(few_shot=0, chat=True))
    assert chat[-1]["content"] == "Q?\nAnswer Choices:\n" + "\n".join(
        f"({lab.lower()}) {t}" for lab, t in zip(LABELS, TEXTS, strict=True)
    )


# -- exemplars -----------------------------------------------------------------------------

# The gold of each exemplar, written by hand from the problem (not from the rationale).
GOLDS = {
    "gsm8k": {0: "300", 1: "36", 2: "10.25", 3: "120", 4: "232", 5: "18000", 6: "12", 7: "79"},
    "math": {0: "8", 1: "\\frac{2}{5}", 2: "11\\sqrt{2}", 3: "(-1, 4)", 4: "(3, 2)"},
    "csqa": {0: "A", 1: "B", 2: "C", 3: "D", 4: "E", 5: "D", 6: "B"},
}
FINAL = {
    "gsm8k": re.compile(r"The answer is -?\d+(?:\.\d+)?\.$"),
    "math": re.compile(r"The answer is \$\\boxed\{.+\}\$\.$"),
    "csqa": re.compile(r"The answer is \(([a-e])\) ([^()]+)\.$"),
}


def test_exemplar_counts():
    assert (len(GSM8K_EXEMPLARS), len(MATH_EXEMPLARS), len(CSQA_EXEMPLARS)) == (8, 5, 7)


@pytest.mark.parametrize("name", PRESETS)
def test_exemplars_judged_correct(name):
    task = get_task(name)
    assert set(GOLDS[name]) == set(range(len(task.exemplars)))
    for i, ex in enumerate(task.exemplars):
        verdict = task.checker.judge(task.checker.prepare(GOLDS[name][i], ex.choices), ex.rationale)
        assert verdict.correct, (i, verdict)
        assert verdict.end == len(ex.rationale), (i, "the final answer must end the rationale")
        assert task.rationale(ex.rationale, verdict) == ex.rationale


@pytest.mark.parametrize("name", PRESETS)
def test_exemplars_well_formed(name):
    task = get_task(name)
    for i, ex in enumerate(task.exemplars):
        assert "\n" not in ex.rationale, (i, "one paragraph")
        assert ex.question.strip() == ex.question and ex.rationale.strip() == ex.rationale
        assert "Q:" not in ex.rationale and "Q:" not in ex.question, i
        assert task.truncate(ex.rationale) == ex.rationale, i
        assert FINAL[name].search(ex.rationale), (i, ex.rationale[-60:])
        assert ex.rationale.count("The answer is") == 1, i
        if name == "csqa":
            assert ex.choices is not None
            assert [c.label for c in ex.choices] == list(LABELS)
            letter, text = FINAL[name].search(ex.rationale).groups()
            assert dict((c.label, c.text) for c in ex.choices)[letter.upper()] == text
        else:
            assert ex.choices is None


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


def _value(node: ast.AST) -> Fraction:
    """Exact value of a literal arithmetic expression (our own text, never model output)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return Fraction(str(node.value))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _value(node.left) / _value(node.right)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_value(node.left), _value(node.right))
    raise ValueError(ast.dump(node))


def _check_equation(expr: str, result: str) -> None:
    value = _value(ast.parse(expr, mode="eval").body)
    assert value == Fraction(result), f"{expr} = {result}, but it is {value}"


_EQUATION = re.compile(r"(\d+(?:\.\d+)?(?:\s*[-+*/]\s*\d+(?:\.\d+)?)+)\s*=\s*(\d+(?:\.\d+)?)\b")


def test_gsm8k_exemplar_arithmetic():
    checked = 0
    for ex in GSM8K_EXEMPLARS:
        for expr, result in _EQUATION.findall(ex.rationale):
            _check_equation(expr, result)
            checked += 1
    assert checked >= 20


# -- example files -------------------------------------------------------------------------


def _records(name: str) -> list[dict]:
    with open(EXAMPLES / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_example_gsm8k():
    task = get_task("gsm8k")
    records = _records("gsm8k_sample.jsonl")
    assert len(records) == 10
    for n, record in enumerate(records, 1):
        problem = task.read(record, Location("gsm8k_sample.jsonl", n))
        assert re.fullmatch(r"-?\d+(?:\.\d+)?", problem.gold)
        annotations = re.findall(r"<<([^=<>]+)=([^<>]+)>>", record["answer"])
        assert annotations
        for expr, result in annotations:
            _check_equation(expr, result)
        # the last annotated result is the final answer
        assert Fraction(annotations[-1][1]) == Fraction(problem.gold)


def test_example_csqa():
    task = get_task("csqa")
    records = _records("csqa_sample.jsonl")
    assert len(records) == 6
    problems = [task.read(r, Location("csqa_sample.jsonl", n)) for n, r in enumerate(records, 1)]
    assert len({p.id for p in problems}) == 6
    assert all(len(p.choices) == 5 for p in problems)


def test_example_generic():
    template = (EXAMPLES / "generic_template.txt").read_text(encoding="utf-8")
    task = get_task(
        "generic", GenericOptions(question_field="q", answer_field="a", template=template)
    )
    records = _records("generic_sample.jsonl")
    assert len(records) == 6
    for n, record in enumerate(records, 1):
        problem = task.read(record, Location("generic_sample.jsonl", n))
        assert task.checker.prepare(problem.gold).number is not None
        prompt = task.prompt(problem, PromptOptions())
        assert problem.question in prompt and "{question}" not in prompt
