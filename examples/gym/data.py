"""Make the gym example's problem sets and the base model's seed rationales from the rows
`star problems` wrote.

    python examples/gym/data.py RAW_DIR OUT_DIR --family spell_backward [--seed 0]
                                [--quick | --toy]

RAW_DIR holds, per level i (examples/gym/families.py), `train-i.jsonl` and `test-i.jsonl`:
two draws of `star problems gym:FAMILY` with that level's options, far apart in seed
(reasoning-gym draws item k of seed s with Random(s + k), so seeds s and s+1 share all but
one item). Writes, under OUT_DIR:

  pool.jsonl        the problems the STaR loop samples rationales for, every iteration
  test.jsonl        held-out problems: none has a question the train draw has
  seed/train.jsonl  prompt-completion rationales the base is trained on (the family's
                    scratchpad): many easy problems, a handful of hard ones, half of them also
                    shown with the hint, so the base knows the hinted prompt too
  levels.json       each level's label and options, and what each set holds of it

Rows stay star problems rows (ids, gold, the gym object), with the level added, so every
star command reads them. The prompts are built by star's own gym task, exactly as `star
generate` and `star rationalize --few-shot 0` build them.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from families import FAMILIES, Family  # noqa: E402

from star_cli.records import Location  # noqa: E402
from star_cli.tasks import get_task  # noqa: E402
from star_cli.tasks.base import PromptOptions  # noqa: E402


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def distinct(rows: list[dict[str, Any]], exclude: set[str] = frozenset()) -> list[dict[str, Any]]:
    """The first row of each question, none of whose questions is in `exclude`."""
    seen, out = set(exclude), []
    for r in rows:
        if r["question"] not in seen:
            seen.add(r["question"])
            out.append(r)
    return out


def take(rows: list[dict[str, Any]], n: int, rng: random.Random) -> list[dict[str, Any]]:
    """The first n rows, shuffled."""
    chosen = rows[:n]
    if len(chosen) < n:
        raise SystemExit(f"data.py: only {len(chosen)} distinct problems where {n} are needed "
                         "(a larger draw: run.sh sizes it)")
    rng.shuffle(chosen)
    return chosen


def seed_examples(family: Family, rows: list[dict[str, Any]],
                  rng: random.Random) -> list[dict[str, Any]]:
    """Prompt-completion rows: every row plain, and half of them again with the hint."""
    task = get_task("gym")
    plain, hinted = PromptOptions(few_shot=0), PromptOptions(few_shot=0, hinted=True)
    out = []
    for r in rows:
        problem = task.read(r, Location("seed"))
        completion = family.scratchpad(r)
        out.append({"prompt": task.prompt(problem, plain), "completion": completion})
        if rng.random() < 0.5:
            out.append({"prompt": task.prompt(problem, hinted), "completion": completion})
    rng.shuffle(out)
    return out


def draw_sizes(family: Family, size: str) -> list[int]:
    """How many rows run.sh draws per level and split: enough to leave, once repeated
    questions are dropped (short words repeat), what each set needs."""
    counts = getattr(family, size)
    return [max(4 * (s + p + t), 200) for s, p, t in counts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--family", default="spell_backward", choices=sorted(FAMILIES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--toy", action="store_true")
    parser.add_argument("--sizes", action="store_true",
                        help="print the draw size per level (for run.sh) and exit")
    args = parser.parse_args(argv)
    family = FAMILIES[args.family]
    size = "toy" if args.toy else "quick" if args.quick else "full"
    if args.sizes:
        print(" ".join(map(str, draw_sizes(family, size))))
        return 0
    rng = random.Random(args.seed)
    seed, pool, test, levels = [], [], [], []
    for i, ((label, options), (n_seed, n_pool, n_test)) in enumerate(
            zip(family.levels, getattr(family, size), strict=True)):
        train_draw = distinct(read_jsonl(args.raw / f"train-{i}.jsonl"))
        test_draw = distinct(read_jsonl(args.raw / f"test-{i}.jsonl"),
                             exclude={r["question"] for r in train_draw})
        drawn = take(train_draw, n_seed + n_pool, rng)  # seed and pool apart
        held = take(test_draw, n_test, rng)
        for r in (*drawn, *held):
            r["level"] = i  # which level a row is: the report's columns
        seed += drawn[:n_seed]
        pool += drawn[n_seed:]
        test += held
        levels.append({"label": label, "options": options, "seed": n_seed, "pool": n_pool,
                       "test": n_test})
    write_jsonl(args.out / "pool.jsonl", pool)
    write_jsonl(args.out / "test.jsonl", test)
    write_jsonl(args.out / "seed" / "train.jsonl", seed_examples(family, seed, rng))
    (args.out / "levels.json").write_text(json.dumps(
        {"family": family.name, "levels": levels},
        indent=2) + "\n")
    print(f"data: gym:{family.name}, {len(seed)} seed rationales, {len(pool)} pool and "
          f"{len(test)} held-out problems -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
