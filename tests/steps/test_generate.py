"""The generate step as a library: pipelining, engine contracts, progress, plugins."""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence

import pytest

from star_cli.cli import app
from star_cli.engines import Completion, Engine, Request, Sampling, registry
from star_cli.errors import EngineError
from star_cli.records import Problem
from star_cli.steps.sampling import GenerateConfig, generate
from star_cli.tasks import get_task
from tests.conftest import SAFETY_S
from tests.scripted import ScriptedEngine, arithmetic_problems


class ListSink:
    def __init__(self, events: list[str]) -> None:
        self.events, self.stats, self.groups = events, {}, []

    def write_group(self, records):
        self.groups.append(list(records))
        self.events.append(f"write {records[0]['problem_id']}")


class RecordingEngine(Engine):
    name = "recording"

    def __init__(self, model: str, events: list[str], **options) -> None:
        super().__init__(model, **options)
        self.events = events

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        first = requests[0].prompt.rpartition("Q: ")[2]
        self.events.append(f"generate {first.split('?')[0]}")
        return [[Completion("The answer is 1.", "stop", 3)] * r.sampling.n for r in requests]


def problems(n: int) -> list[Problem]:
    task = get_task("gsm8k")
    return [task.read(r, None) for r in arithmetic_problems(n)]


def test_next_chunk_is_sampled_before_the_current_one_is_written():
    events: list[str] = []
    ps = problems(4)
    engine = RecordingEngine("m", events)
    generate(ps, get_task("gsm8k"), engine, ListSink(events),
             GenerateConfig(Sampling(n=1), chunk_size=2))
    # chunk 2 went to the engine before chunk 1's first problem was written
    assert events.index("generate What is 2 + 5") < events.index(f"write {ps[0].id}")
    assert [e for e in events if e.startswith("write")] == [f"write {p.id}" for p in ps]


def test_engine_returning_wrong_count_stops_the_run():
    class Short(Engine):
        name = "short"

        def generate(self, requests):
            return [[Completion("x")] for _ in requests]

    sink = ListSink([])
    with pytest.raises(EngineError, match="returned 1 completions, expected n=3"):
        generate(problems(2), get_task("gsm8k"), Short("m"), sink,
                 GenerateConfig(Sampling(n=3)))
    assert sink.groups == []


def test_engine_error_surfaces_with_exit_2(runner, problems_file, monkeypatch, scripted):
    def boom(self, requests):
        raise EngineError("engine 'scripted': out of GPU memory")

    monkeypatch.setattr(ScriptedEngine, "generate", boom)
    result = runner.invoke(app, ["generate", str(problems_file), "--task", "gsm8k", "--model",
                                 "m", "--engine", "scripted", "-o", "-", "-q"])
    assert result.exit_code == 2 and "out of GPU memory" in result.stderr


def test_progress_lines_without_a_terminal(runner, problems_file, scripted):
    result = runner.invoke(app, ["generate", str(problems_file), "--task", "gsm8k", "--model",
                                 "m", "--engine", "scripted", "-n", "2", "-o", "-"])
    assert result.exit_code == 0
    assert "star generate: 12/12 problems, 24 samples" in result.stderr
    assert "solve rate 100.0%" in result.stderr
    assert len(result.stdout.splitlines()) == 24  # progress never mixes into the data


def test_quiet_prints_no_progress(runner, problems_file, scripted):
    result = runner.invoke(app, ["generate", str(problems_file), "--task", "gsm8k", "--model",
                                 "m", "--engine", "scripted", "-o", "-", "-q"])
    assert result.exit_code == 0 and result.stderr == ""


def test_entry_point_engine(runner, problems_file, monkeypatch):
    from importlib.metadata import EntryPoint

    import star_cli.registry

    ep = EntryPoint(name="plugged", value="tests.scripted:ScriptedEngine",
                    group="star_cli.engines")
    monkeypatch.setattr(star_cli.registry, "_ENTRY_POINTS", {"star_cli.engines": {"plugged": ep}})
    assert "plugged" in registry.available()
    result = runner.invoke(app, ["generate", str(problems_file), "--task", "gsm8k", "--model",
                                 "m", "--engine", "plugged", "-o", "-", "-q", "--limit", "1"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout.splitlines()[0])["correct"] is True


def test_auto_falls_back_to_transformers_without_vllm(monkeypatch):
    monkeypatch.setattr(registry, "_vllm_usable", lambda: False)
    assert registry.resolve("auto").name == "transformers"


def test_hf_dataset_from_a_local_directory(runner, tmp_path, scripted):
    pytest.importorskip("datasets")
    folder = tmp_path / "ds"
    folder.mkdir()
    (folder / "train.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in arithmetic_problems(3)))
    result = runner.invoke(app, ["generate", "--dataset", str(folder), "--split", "train",
                                 "--task", "gsm8k", "--model", "m", "--engine", "scripted",
                                 "-n", "1", "-o", "-", "-q"])
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_engine_thread_stops_when_the_writer_fails():
    class FailingSink(ListSink):
        def write_group(self, records):
            raise OSError("disk full")

    engine = RecordingEngine("m", [])
    before = set(threading.enumerate())
    with pytest.raises(OSError, match="disk full"):
        generate(problems(20), get_task("gsm8k"), engine, FailingSink([]),
                 GenerateConfig(Sampling(n=1), chunk_size=2))
    ours = [t for t in threading.enumerate() if t not in before and t.name == "star-engine"]
    for t in ours:
        t.join(SAFETY_S)  # a safety net: it ends as soon as it sees the stop
    assert not any(t.is_alive() for t in ours)  # it stopped
    assert len(engine.events) <= 3  # at most two chunks ahead


def test_rationale_without_answer_stops_at_a_run_on(scripted, runner, tmp_path):
    from tests.conftest import write_jsonl

    src = write_jsonl(tmp_path / "p.jsonl", [{"question": "What?", "answer": "#### 1"}])
    scripted.queue.append("I am not sure.\nQ: What is 5 + 5?\nA: 10")
    result = runner.invoke(app, ["generate", str(src), "--task", "gsm8k", "--model", "m",
                                 "--engine", "scripted", "-n", "1", "-o", "-", "-q"])
    row = json.loads(result.stdout)
    assert row["answer"] is None and row["rationale"] == "I am not sure."


def test_unwritable_output_is_one_line_exit_2(runner, scripted, problems_file, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = runner.invoke(app, ["generate", str(problems_file), "--task", "gsm8k", "--model",
                                 "m", "--engine", "scripted", "-o", str(blocker / "out"), "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith("star: error:") and "Traceback" not in result.stderr


def test_negative_few_shot_is_refused(runner, scripted, problems_file):
    result = runner.invoke(app, ["generate", str(problems_file), "--task", "gsm8k", "--model",
                                 "m", "--engine", "scripted", "-o", "-", "--few-shot", "-3"])
    assert result.exit_code == 2 and "--few-shot must be 0 or more" in result.stderr


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"sampling": {"n": 0}}, "-n/--samples"),
    ({"sampling": {"top_p": 0}}, "--top-p"),
    ({"check_timeout": 0}, "--check-timeout"),
    ({"few_shot": -1}, "--few-shot"),
])
def test_a_python_caller_gets_the_clis_errors(kwargs, message):
    from star_cli.errors import UsageError
    from star_cli.steps.generate import GenerateRun

    with pytest.raises(UsageError, match=message):
        GenerateRun(inputs=["p.jsonl"], task="gsm8k", model="m", output="-", **kwargs)
