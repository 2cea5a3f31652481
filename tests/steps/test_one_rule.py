"""One rule for odd fields, in every command: types checked wherever a trace is read (file,
line and field in one line, exit 2), a trace id given twice refused naming both places,
problem text fields read one way (a one-element list is its element, several are refused)."""

from __future__ import annotations

import pytest

from star_cli.cli import app
from star_cli.errors import InputError
from star_cli.records import Location
from star_cli.tasks import get_task
from tests.conftest import make_trace, write_jsonl

COMMANDS = [["check", "--task", "gsm8k"], ["filter"], ["pairs"], ["select", "--by", "majority"]]
BAD = [
    ({"correct": "true"}, "field 'correct': must be true or false"),
    ({"tokens": True}, "field 'tokens': must be a whole number of 0 or more or null, got True"),
    ({"sample": 1.5}, "field 'sample': must be a whole number of 0 or more or null, got 1.5"),
    ({"prompt": [{"role": "user"}]}, "field 'prompt': chat messages need string role"),
    ({"choices": ["a", "b"]}, "field 'choices': must be a list of {label, text}"),
    ({"sampling": [1]}, "field 'sampling': must be an object or null, got list"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(("bad", "said"), BAD, ids=[s.split(":")[0] for _, s in BAD])
def test_a_field_of_the_wrong_type_is_one_line_in_every_command(runner, tmp_path, command,
                                                                bad, said):
    good = [make_trace(problem_id="a", sample=k, completion="The answer is 72.")
            for k in range(2)]
    src = write_jsonl(tmp_path / "t.jsonl", [*good, {**good[0], "id": "a/x", **bad}])
    out = tmp_path / "o"
    r = runner.invoke(app, [command[0], str(src), *command[1:], "-o", str(out)])
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and f"t.jsonl:3: {said}" in " ".join(r.stderr.split())
    # Commands that read all input first touch nothing; `check` streams, and its OUT, if
    # any, is never complete.
    assert not out.exists() if command[0] != "check" else \
        not (out / "manifest.json").exists() or '"complete"' not in (
            out / "manifest.json").read_text()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_trace_id_given_twice_is_refused_naming_both(runner, tmp_path, command):
    t = make_trace(problem_id="a", sample=0)
    src = write_jsonl(tmp_path / "t.jsonl", [t, make_trace(problem_id="b", sample=0), t])
    r = runner.invoke(app, [command[0], str(src), *command[1:], "-o", "-"])
    said = " ".join(r.stderr.split())
    assert r.exit_code == 2 and r.stdout == ""
    assert f"t.jsonl:3: field 'id': trace id '{t['id']}' was given twice (first at " in said


@pytest.mark.parametrize(("field", "gold", "expected"), [
    ("answer", ["#### 3"], "3"), ("gold", 3, "3"), ("gold", [7], "7"), ("gold", 2.5, "2.5"),
    ("answer", "#### 1,080", "1080")])
def test_problem_text_fields_read_one_way(field, gold, expected):
    problem = get_task("gsm8k").read({"question": "q?", field: gold}, Location("f", 1))
    assert problem.gold == expected


@pytest.mark.parametrize(("record", "said"), [
    ({"question": "q?", "answer": ["#### 3", "#### 4"]}, "is a list of 2 values"),
    ({"question": {"text": "q"}, "answer": "#### 3"}, "field 'question': must be text, got dict"),
    ({"question": "q?", "gold": True}, "field 'gold': must be text, got bool"),
    ({"question": [], "answer": "#### 3"}, "is a list of 0 values"),
])
def test_odd_problem_fields_are_refused(record, said):
    with pytest.raises(InputError, match=said.replace("(", r"\(").replace(")", r"\)")):
        get_task("gsm8k").read(record, Location("f", 2))
