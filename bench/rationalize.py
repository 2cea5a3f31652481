"""Rationalization on real data with an instant scripted model: selection and prompt speed.

For each of ../shared/data/commonsenseqa/dev.jsonl and gsm8k/test.jsonl:
  1. `star generate` (n samples per problem) with a model that is right on a sample with
     probability --solve (decided by a hash, so runs repeat), through the real CLI;
  2. the selection `star rationalize` makes from that output (default rule and
     --max-solve-rate 0.5): how many problems, how many unsolved;
  3. hinted prompts built per second (`Task.prompt` with hints, few-shot block included);
  4. `star rationalize` end to end through the CLI with a model that follows the hint:
     problems/s and samples/s, recovered problems, hint leaks (1 sample in 4 leaks).

    python bench/rationalize.py
    python bench/rationalize.py --samples 8 --solve 0.3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from star_cli.cli import app  # noqa: E402
from star_cli.engines import Completion, Engine, Request, register  # noqa: E402
from star_cli.io.readers import read_records  # noqa: E402
from star_cli.steps.problems import Scope, load_problems  # noqa: E402
from star_cli.steps.rationalize import TargetRule, choose, solve_counts  # noqa: E402
from star_cli.tasks import PromptOptions, get_task  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SETS = {"csqa": DATA / "commonsenseqa" / "dev.jsonl", "gsm8k": DATA / "gsm8k" / "test.jsonl"}
_QUESTION = re.compile(r"Q: (.*?)\nA:$", re.S)
_CORRECT = re.compile(r"^\((\w)\) (.*) \(CORRECT\)$", re.M)
_HINT = re.compile(r"\(Answer: ([^)]*)\)$")


class BenchModel(Engine):
    """generate: right with probability `solve` per sample; rationalize: follows the hint."""

    name = "bench"
    golds: dict[str, str] = {}  # question text -> what a right answer says
    solve = 0.4

    def generate(self, requests: Sequence[Request]) -> list[list[Completion]]:
        return [[self._one(str(r.prompt), i) for i in range(r.sampling.n)] for r in requests]

    def _one(self, prompt: str, i: int) -> Completion:
        last = prompt.rpartition("Q: ")[2].removesuffix("\nA:")
        if (m := _CORRECT.search(last)) is not None:
            text = f"Only {m.group(2)} fits. The answer is ({m.group(1)}) {m.group(2)}."
        elif (m := _HINT.search(last)) is not None:
            text = f"Adding up the amounts gives {m.group(1)}. The answer is {m.group(1)}."
        else:
            key = last.partition("\nAnswer Choices:")[0]
            h = hashlib.blake2b(f"{key}|{i}".encode(), digest_size=2).digest()
            right = int.from_bytes(h, "big") / 65536 < self.solve
            text = f"Thinking it over. The answer is {self.golds[key] if right else '(z)'}."
        if i % 4 == 3 and ("(CORRECT)" in last or "(Answer:" in last):
            text = "The hint says so. " + text
        return Completion(text, "stop", len(text) // 4, -1.0)


def run_cli(args: list[str]) -> float:
    from typer.testing import CliRunner

    t = time.perf_counter()
    result = CliRunner().invoke(app, args)
    if result.exit_code != 0:
        sys.exit(f"star {' '.join(args[:1])} failed: {result.output}")
    return time.perf_counter() - t


def bench(task_name: str, path: Path, n: int, workdir: Path) -> None:
    task = get_task(task_name)
    problems = load_problems(read_records([str(path)]), task, Scope())
    BenchModel.golds = {
        task.format_question(p.question, None): (
            f"({p.gold.lower()}) x" if p.choices else p.gold) for p in problems
    }
    gen, rat = workdir / f"{task_name}-gen", workdir / f"{task_name}-rat"
    common = ["--task", task_name, "--model", "m", "--engine", "bench", "-q"]
    run_cli(["generate", str(path), *common, "-n", str(n), "-o", str(gen)])
    counts = solve_counts(read_records([str(gen)]))
    print(f"\n== {task_name}: {path.name}, {len(problems)} problems, n={n} ==")
    for rule in (TargetRule(), TargetRule(max_solve_rate=0.5)):
        print("  " + choose(problems, counts, rule).report(rule))

    chosen = choose(problems, counts, TargetRule(all=True)).problems
    options = PromptOptions(hinted=True)
    t = time.perf_counter()
    for p in chosen:
        task.prompt(p, options)
    seconds = time.perf_counter() - t
    print(f"  hinted prompts: {len(chosen)} in {seconds:.3f} s = "
          f"{len(chosen) / seconds:,.0f} prompts/s (all {len(task.exemplars)} exemplars)")

    seconds = run_cli(["rationalize", str(gen), "--problems", str(path), *common,
                       "-n", str(n), "-o", str(rat)])
    rows = [json.loads(line) for f in sorted((rat / "data").glob("*.jsonl"))
            for line in f.read_text().splitlines()]
    stats = json.loads((rat / "manifest.json").read_text())["stats"]
    hinted_prompts = sum("(CORRECT)" in str(r["prompt"]) or "(Answer:" in str(r["prompt"])
                         for r in rows)
    print(f"  star rationalize end to end: {stats['problems']} problems, {len(rows)} samples "
          f"in {seconds:.2f} s = {stats['problems'] / seconds:,.0f} problems/s, "
          f"{len(rows) / seconds:,.0f} samples/s")
    print(f"  recovered {stats['solved_problems']} of {stats['problems']} problems; "
          f"{stats['hint_leaks']} samples marked as hint leaks; stored prompts with a hint: "
          f"{hinted_prompts}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--samples", "-n", type=int, default=4)
    ap.add_argument("--solve", type=float, default=0.4, help="per-sample solve probability")
    args = ap.parse_args()
    BenchModel.solve = args.solve
    register(BenchModel)
    missing = [str(p) for p in SETS.values() if not p.exists()]
    if missing:
        sys.exit(f"not found: {', '.join(missing)} (../shared/data is needed)")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in SETS.items():
            bench(name, path, args.samples, Path(tmp))


if __name__ == "__main__":
    main()
