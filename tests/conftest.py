"""Shared fixtures and factories: the scripted engine, problem files, the CLI runner, a trace
(`make_trace`) and a real star output directory (`run_dir`).

Running the suite: `python -m pytest -q` (the README's command) runs every test;
`python -m pytest -q -m "not slow"` skips the ones marked `slow` (real training, examples/
end to end, many subprocesses: more than a few seconds each) for a quick run while editing.
No test asserts how fast something ran: speed is measured in bench/. A deadline is tested by
what it does (a timeout verdict, an error naming it, a killed process); a hang is caught by a
generous safety timeout (`subprocess.run(timeout=...)`, `finishes`), never a tight bound.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from star_cli.engines import register, unregister
from star_cli.engines.base import Sampling
from star_cli.io.sink import make_sink
from star_cli.records import FewShot, Trace, trace_id
from tests.openai_server import FakeOpenAIServer
from tests.scripted import ScriptedEngine, arithmetic_problems

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"  # data files written by older star versions
FAKE_VLLM = TESTS / "fake_vllm"  # a stand-in `vllm` package (put on sys.path by tests)
SHARED_DATA = REPO.parent / "shared" / "data"

# The suite's own Hugging Face home, offline: a shared ~/.cache/huggingface would make results
# depend on earlier runs (datasets caches by name), and nothing may reach the Hub. Set at
# import, so subprocesses the tests start inherit it; removed when the suite's process ends.
os.environ["HF_HOME"] = tempfile.mkdtemp(prefix="star-tests-hf-")
atexit.register(shutil.rmtree, os.environ["HF_HOME"], ignore_errors=True)
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"


@pytest.fixture
def scripted() -> Iterator[type[ScriptedEngine]]:
    """Register the scripted engine as `--engine scripted`, with an empty queue."""
    ScriptedEngine.queue = []
    ScriptedEngine.seen = []
    ScriptedEngine.calls = 0
    register(ScriptedEngine)
    yield ScriptedEngine
    unregister("scripted")


@pytest.fixture
def problems_file(tmp_path: Path) -> Path:
    """Twelve GSM8K-format arithmetic problems the scripted oracle understands."""
    path = tmp_path / "problems.jsonl"
    write_jsonl(path, arithmetic_problems(12))
    return path


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    """A local OpenAI-compatible server (tests/openai_server.py), one per test."""
    with FakeOpenAIServer() as s:
        yield s


@pytest.fixture(autouse=True)
def no_env_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A user's OPENAI_API_KEY never reaches a test: what is sent must not depend on it."""
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


@pytest.fixture(autouse=True)
def own_tmpdir(tmp_path_factory: pytest.TempPathFactory,
               monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's scratch directories in a TMPDIR of its own (and its subprocesses'): the
    sweep of directories left by killed star runs (io/scratch.py) then never meets another
    test's, or another job's, and says nothing a test did not cause. Beside tmp_path, not in
    it: tests that check what a command wrote there see only that."""
    scratch = tmp_path_factory.mktemp("tmpdir")
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))


@pytest.fixture
def offline_hf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing may reach the Hub: the test's own HF_HOME (datasets' cache), and offline mode."""
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict]:
    """JSON lines split on \n only: U+2028 and its kin are characters of a string."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def read_out(out: Path) -> list[dict]:
    """Every record in a star output directory, shard by shard."""
    rows: list[dict] = []
    for shard in sorted((out / "data").glob("*.jsonl")):
        rows += read_jsonl(shard)
    return rows


def read_manifest(out: Path) -> dict[str, Any]:
    """The merged manifest of a star output directory."""
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# -- factories -------------------------------------------------------------------------------
ABSENT: Any = object()  # make_trace(field=ABSENT): the field left out, as older star wrote it


def make_trace(**overrides: Any) -> dict[str, Any]:
    """A valid trace as star writes it: every field of `records.Trace`, in its JSON order.

    By default problem p0 ("What is 48 + 24?", gold 72) answered right by sample 0 of a
    gsm8k-style generate run, judged by the numeric checker. Any field may be overridden;
    `id` follows `problem_id`, `source`, `iteration` and `sample` unless given; `rationale`
    and `completion` default to each other when only one is given; `check_reason` follows
    `correct` unless given; a field given as ABSENT is left out (a trace of an older star);
    fields a Trace does not know are kept, after the known ones (as a user's `jq` adds them).
    None of it is judged: the fields say what the test says.
    """
    if "completion" in overrides and "rationale" not in overrides:
        overrides["rationale"] = overrides["completion"]
    elif "rationale" in overrides and "completion" not in overrides:
        overrides["completion"] = overrides["rationale"]
    correct = overrides.get("correct", True)
    fields: dict[str, Any] = {
        "problem_id": "p0", "question": "What is 48 + 24?", "choices": None, "gold": "72",
        "prompt": "Q: What is 48 + 24?\nA:", "completion": "48 + 24 = 72. The answer is 72.",
        "rationale": "48 + 24 = 72. The answer is 72.", "answer": "72", "correct": True,
        "source": "generate", "hint": None, "iteration": 0, "sample": 0, "model": "m",
        "sampling": Sampling().record(), "finish_reason": "stop", "tokens": 20,
        "logprob": -1.0, "checker": "numeric",
        "check_reason": "match" if correct else "mismatch", "answer_source": "answer_is",
        "few_shot": None, "thinking": None, "thinking_tokens": None,
    }
    fields.update(overrides)
    fields.setdefault("id", trace_id(fields["problem_id"], fields["source"],
                                     fields["iteration"], fields["sample"]))
    absent = {k for k, v in fields.items() if v is ABSENT}
    trace = Trace.from_dict({k: None if k in absent else v for k, v in fields.items()})
    return {k: v for k, v in trace.to_dict().items() if k not in absent}


def run_dir(tmp_path: Path, records: Iterable[dict[str, Any]], *, command: str = "generate",
            name: str = "out", config: dict[str, Any] | None = None,
            stats: dict[str, Any] | None = None, shard_size: int = 1000,
            few_shot: Iterable[FewShot] = (), status: str = "complete") -> Path:
    """A star output directory `tmp_path/name` holding `records`, written by star's own writer
    (`io.sink.make_sink`, a ShardWriter) as `command` writes one: shards of `shard_size`
    records, rank parts, the merged manifest (with `config`, `stats` and `status`), the
    dataset card, and any few-shot blocks the traces name. Records are committed one group
    per problem (consecutive records with the same `problem_id`), as the steps commit them;
    records without a problem_id (exports) one group each."""
    out = tmp_path / name
    rows = list(records)
    keyed = all("problem_id" in r for r in rows)
    sink = make_sink(str(out), command=command, config=config or {}, shard_size=shard_size,
                     argv=["star", command, "-o", str(out)], keyed=keyed)
    sink.prepare()
    sink.open()
    for block in few_shot:
        sink.write_few_shot(block)
    group: list[dict[str, Any]] = []
    for row in rows:
        if group and (not keyed or row["problem_id"] != group[-1]["problem_id"]):
            sink.write_group(group)
            group = []
        group.append(row)
    if group:
        sink.write_group(group)
    if stats is not None:
        sink.stats = stats
    sink.close(status)
    return out


SAFETY_S = 120.0  # a hang's safety net: far beyond any normal run, even on a loaded machine


def wait_until(condition: Callable[[], Any], what: str, within: float = SAFETY_S) -> Any:
    """Poll `condition()` until it gives something true, and return that; fail the test
    naming `what` if it has not after `within` seconds. A hang's safety net, not a speed
    check (its default is minutes)."""
    deadline = time.monotonic() + within
    while not (got := condition()):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {within:g} s (a hang)")
        time.sleep(0.02)
    return got


def finishes(fn: Callable[[], Any], within: float = SAFETY_S) -> Any:
    """`fn()`'s result, failing the test (rather than blocking the suite) if it has not
    returned after `within` seconds. A guard against hangs and runaway work, not a speed
    check: its default is minutes, far from any normal duration even under load."""
    out: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            out.append(fn())
        except BaseException as e:  # re-raised in the test's thread
            errors.append(e)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(within)
    assert not worker.is_alive(), f"still running after {within:g} s: a hang"
    if errors:
        raise errors[0]
    return out[0]
