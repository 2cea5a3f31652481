"""`star generate --engine transformers` end to end on a tiny model built on the spot."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from star_cli.cli import app  # noqa: E402
from tests.conftest import read_out  # noqa: E402
from tests.tiny_model import tiny_model_dir  # noqa: E402, F401


def test_transformers_end_to_end_and_resume(runner, problems_file, tiny_model_dir, tmp_path):  # noqa: F811
    out = tmp_path / "out"
    args = ["generate", str(problems_file), "--task", "gsm8k", "--engine", "transformers",
            "--model", str(tiny_model_dir), "-n", "2", "--max-tokens", "6", "--few-shot", "1",
            "--limit", "4", "--batch-size", "3", "--chunk-size", "2", "--seed", "3",
            "-o", str(out), "-q"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    rows = read_out(out)
    assert len(rows) == 8
    for r in rows:
        assert r["model"] == str(tiny_model_dir)
        assert isinstance(r["completion"], str) and r["correct"] in (True, False)
        assert r["finish_reason"] in ("stop", "length") and 1 <= r["tokens"] <= 6
        assert isinstance(r["logprob"], float) and r["logprob"] <= 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["config"]["engine"] == "transformers"
    # the same seed samples the same texts again
    again = runner.invoke(app, [a if a != str(out) else "-" for a in args])
    texts = sorted(json.loads(x)["completion"] for x in again.stdout.splitlines())
    assert texts == sorted(r["completion"] for r in rows)


def test_transformers_chat_prompts(runner, problems_file, tiny_model_dir):  # noqa: F811
    result = runner.invoke(app, [
        "generate", str(problems_file), "--task", "gsm8k", "--engine", "transformers",
        "--model", str(tiny_model_dir), "-n", "1", "--max-tokens", "4", "--chat",
        "--few-shot", "0", "--limit", "2", "-o", "-", "-q"])
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(rows) == 2 and rows[0]["prompt"][-1]["role"] == "user"
