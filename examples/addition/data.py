"""Make the miniature's problem sets and the base model's seed rationales.

    python examples/addition/data.py OUT_DIR [--seed 0] [--quick | --toy]

Writes, under OUT_DIR:
  pool.jsonl   the problems the STaR loop samples rationales for, every iteration
  test.jsonl   held-out problems (pairs the pool and the seed never hold: `split_of`)
  seed/train.jsonl  prompt-completion rationales the base is trained on: many short
               problems, a handful of long ones (the analogue of a few-shot prompt), half of
               them also shown with the hint, so the base knows the hinted prompt too

The prompts are built by star's own `addition` task, exactly as `star generate` and
`star rationalize --few-shot 0` build them, so the base sees at training what it is asked.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from star_cli.records import Problem
from star_cli.tasks import get_task
from star_cli.tasks.addition import make_problems, operands, scratchpad
from star_cli.tasks.base import PromptOptions

# digits: (seed rationales, pool problems, held-out problems)
FULL = {1: (40, 30, 20), 2: (1000, 300, 200), 3: (40, 800, 200), 4: (20, 800, 200),
        5: (10, 400, 200)}
TOY = {1: (10, 5, 5), 2: (20, 10, 5), 3: (2, 10, 5)}  # the test suite's smoke run
# --quick has one iteration from a 500-step base: three times the 3-digit seed gives it a base
# that already writes some 3-digit scratchpads right, something to build on.
QUICK = {1: (40, 30, 20), 2: (1000, 100, 50), 3: (120, 600, 100), 4: (20, 150, 50),
         5: (10, 50, 20)}


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in records)


def seed_examples(records: list[dict], rng: random.Random) -> list[dict]:
    """Prompt-completion rows: every record plain, and half of them again with the hint."""
    task = get_task("addition")
    plain, hinted = PromptOptions(few_shot=0), PromptOptions(few_shot=0, hinted=True)
    rows = []
    for r in records:
        problem = Problem(r["id"], r["question"], r["gold"])
        completion = " " + scratchpad(*operands(r["question"]))
        rows.append({"prompt": task.prompt(problem, plain), "completion": completion})
        if rng.random() < 0.5:
            rows.append({"prompt": task.prompt(problem, hinted), "completion": completion})
    rng.shuffle(rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--toy", action="store_true")
    args = parser.parse_args()
    counts = TOY if args.toy else QUICK if args.quick else FULL
    seed, pool, test = [], [], []
    for digits, (n_seed, n_pool, n_test) in sorted(counts.items()):
        test += make_problems(digits, n_test, args.seed, split="test")
        # one draw for seed and pool, so no problem is in both
        drawn = make_problems(digits, n_seed + n_pool, args.seed, split="train")
        seed += drawn[:n_seed]
        pool += drawn[n_seed:]
    write_jsonl(args.out / "pool.jsonl", pool)
    write_jsonl(args.out / "test.jsonl", test)
    write_jsonl(args.out / "seed" / "train.jsonl", seed_examples(seed, random.Random(args.seed)))
    print(f"data: {len(seed)} seed rationales, {len(pool)} pool and {len(test)} held-out "
          f"problems -> {args.out}")


if __name__ == "__main__":
    main()
