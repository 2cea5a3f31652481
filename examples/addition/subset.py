"""Traces of N problems drawn by a stable hash of their ids, problems in that order.

    python examples/addition/subset.py TRACES OUT.jsonl --problems N

The pool is written by digit count, so its first problems are the easy ones; ordered by a
hash of the id instead, the first n of the output's problems (`star steps --limit n`) are a
sample across digit counts, and a smaller --limit takes a subset of a larger one's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

from star_cli.io.readers import read_records


def rank(problem_id: str) -> bytes:
    return hashlib.blake2b(problem_id.encode(), digest_size=8).digest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("traces")
    parser.add_argument("out", type=Path)
    parser.add_argument("--problems", type=int, required=True)
    args = parser.parse_args()
    by_problem: dict[str, list[dict]] = {}
    for record, _ in read_records([args.traces]):
        by_problem.setdefault(record["problem_id"], []).append(record)
    chosen = sorted(by_problem, key=rank)[: args.problems]
    with open(args.out, "w", encoding="utf-8") as f:
        for pid in chosen:
            f.writelines(json.dumps(r) + "\n" for r in by_problem[pid])
    print(f"{sum(len(by_problem[p]) for p in chosen)} traces of {len(chosen)} problems "
          f"-> {args.out}")


if __name__ == "__main__":
    main()
