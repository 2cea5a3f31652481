"""`star filter --dedup minhash --diversity equations` on 1,000,000 synthetic traces.

The set: 2,000 problems x 500 samples. Per problem, samples 0..99 are distinct rationales
(random calculations and phrasing, pairwise Jaccard well under 0.5 on word 3-shingles); the
other 400 copy one of them at random: 100 exact duplicates (case and spacing changed) and
300 near duplicates (one or two words changed, Jaccard about 0.85 to 0.95). Distinct ones
come first in sample order, so an ideal dedup keeps exactly samples 0..99.

Printed: the parsing floor (reading the file and json.loads of each line, nothing else),
then wall time, CPU time, traces/s and peak RSS of the `star filter` process, each next to
the floor, with star filter's default options and with `--dedup minhash --diversity
equations --explain`; precision and recall of the planted near duplicates (a
near-duplicate drop of a planted copy is a true positive, of a distinct rationale a false
positive); and near-duplicate detection on the traces the MinHash step sees, with the same
greedy rule, three ways: datasketch's MinHashLSH, rensa per document (as star used it
before) and star's step now (shingle hashes in numpy, rensa's batch MinHash).

    python bench/filter.py                       # the full 1M
    python bench/filter.py --problems 200        # a quick look (100k)
    python bench/filter.py --problems 400 --only defaults --no-datasketch

Targets: within 5x the parsing floor in one process, under 2 GB peak memory (at 10M traces
too); recall at least 0.95 at precision at least 0.95.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import measured  # noqa: E402

DISTINCT, EXACT, NEAR = 100, 100, 300
WORDS = [
    "apples", "pears", "boxes", "crates", "tickets", "pages", "coins", "marbles", "stamps",
    "books", "cups", "bags", "hours", "minutes", "days", "weeks", "rows", "seats", "shelves",
    "cards", "pens", "bottles", "trays", "plates"
]
VERBS = [
    "buys", "sells", "packs", "counts", "adds", "removes", "shares", "gives", "finds", "keeps"
]
NAMES = [
    "Ava", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Moe",
    "Nia", "Oz", "Pia"
]


def rationale(rng: random.Random) -> str:
    """A random worked solution: six steps, each a sentence with one calculation."""
    steps = []
    for _ in range(6):
        a, b = rng.randint(2, 99), rng.randint(2, 99)
        op = rng.choice("+-*")
        c = eval(f"{a}{op}{b}")  # noqa: S307 - our own two integers, never model output
        who, what, verb = rng.choice(NAMES), rng.choice(WORDS), rng.choice(VERBS)
        steps.append(f"{who} {verb} {a} {what} and then {b} more {rng.choice(WORDS)}, "
                     f"so {a} {op} {b} = <<{a}{op}{b}={c}>>{c} {what} in step {rng.randint(1, 9)}.")
    return " ".join(steps) + f" The answer is {c}."


def near_copy(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    for _ in range(rng.randint(1, 2)):
        k = rng.randrange(len(words) - 6)  # never the final answer sentence
        words[k] = rng.choice(NAMES + WORDS)
    return " ".join(words)


def exact_copy(text: str, rng: random.Random) -> str:
    return ("  " + text.upper()) if rng.random() < 0.5 else text.replace(" ", "  ")


def write_set(path: Path, problems: int, seed: int = 7) -> dict[str, int]:
    """Writes the traces; returns {trace id: kind} with kind 0 distinct, 1 exact, 2 near."""
    rng = random.Random(seed)
    kinds: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as f:
        for p in range(problems):
            pid = f"p{p:05d}"
            bases = [rationale(rng) for _ in range(DISTINCT)]
            texts = [(t, 0) for t in bases]
            texts += [(exact_copy(rng.choice(bases), rng), 1) for _ in range(EXACT)]
            texts += [(near_copy(rng.choice(bases), rng), 2) for _ in range(NEAR)]
            rows = []
            for s, (text, kind) in enumerate(texts):
                tid = f"{pid}/generate/it0/s{s:03d}"
                kinds[tid] = kind
                rows.append({"id": tid, "problem_id": pid, "question": f"Problem {pid}",
                             "gold": "1", "prompt": f"Q: Problem {pid}\nA:", "completion": text,
                             "rationale": text, "answer": "1", "correct": True,
                             "source": "generate", "iteration": 0, "sample": s,
                             "finish_reason": "stop", "tokens": len(text) // 4})
            rng.shuffle(rows)  # input order is not canonical order
            f.write("".join(json.dumps(r) + "\n" for r in rows))
    return kinds


DEDUP = ["--dedup", "minhash", "--diversity", "equations", "--explain"]


def run_star(src: Path, out: Path, options: list[str]) -> tuple[float, float, int, str]:
    """(wall seconds, CPU seconds, peak RSS in bytes, stderr) of `star filter` on `src`."""
    r = measured.run_star(["filter", str(src), "-o", str(out), *options,
                           "--shard-size", "100000"])
    return r.wall, r.main_cpu, r.main_rss, r.stderr


def floor(src: Path) -> tuple[float, float]:
    """(wall, CPU) seconds to read `src` and parse each line with json.loads, nothing else:
    what any filter must at least do."""
    t, c = time.perf_counter(), time.process_time()
    with src.open(encoding="utf-8") as f:
        for line in f:
            json.loads(line)
    return time.perf_counter() - t, time.process_time() - c


def precision_recall(out: Path, kinds: dict[str, int]) -> tuple[float, float, int, int]:
    dropped_near = set()
    with (out / "dropped" / "dropped.jsonl").open(encoding="utf-8") as f:
        for line in f:
            if '"near_duplicate"' in line[-40:]:
                dropped_near.add(json.loads(line)["id"])
    planted = {t for t, k in kinds.items() if k == 2}
    tp = len(dropped_near & planted)
    precision = tp / len(dropped_near) if dropped_near else 1.0
    return precision, tp / len(planted), len(dropped_near), len(planted)


def minhash_runs(src: Path, threshold: float = 0.8) -> dict[str, tuple[float, set[str]]]:
    """Near-duplicate detection on the traces the MinHash step sees (after exact dedup), per
    problem, the same greedy rule, three ways: datasketch's MinHash and MinHashLSH; rensa's
    RMinHash and RMinHashLSH per document (as star's step used them before); and star's
    step now (rensa's signatures of a batch at a time, then `MinHashDedup.select`). Returns each
    one's (seconds, dropped ids)."""
    import rensa
    from datasketch import MinHash, MinHashLSH

    from star_cli.filters.dedup import ExactDedup, MinHashDedup, bands_for
    from star_cli.filters.features import (
        NUM_PERM,
        SEED,
        features_of,
        normalised,
        shingles,
        signatures,
    )
    from star_cli.io.spool import canonical

    by_problem: dict[str, list[dict]] = {}
    with src.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            by_problem.setdefault(r["problem_id"], []).append(r)
    inputs = {pid: ExactDedup().apply(sorted(rows, key=lambda r: canonical(r, json.dumps(r))))[0]
              for pid, rows in by_problem.items()}
    del by_problem
    out: dict[str, tuple[float, set[str]]] = {}

    dropped: set[str] = set()
    t = time.perf_counter()
    for rows in inputs.values():
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        kept: dict[int, MinHash] = {}
        for r in rows:
            m = MinHash(num_perm=NUM_PERM, seed=1)
            m.update_batch([s.encode() for s in shingles(r["rationale"])])
            if any(m.jaccard(kept[k]) >= threshold for k in lsh.query(m)):
                dropped.add(r["id"])
                continue
            lsh.insert(len(kept), m)
            kept[len(kept)] = m
    out["datasketch"] = (time.perf_counter() - t, dropped)

    dropped = set()
    bands = bands_for(threshold, NUM_PERM)
    t = time.perf_counter()
    for rows in inputs.values():
        rlsh = rensa.RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=bands)
        sigs: list = []
        for r in rows:
            mh = rensa.RMinHash(num_perm=NUM_PERM, seed=SEED)
            mh.update(shingles(r["rationale"]))
            if any(mh.jaccard(sigs[c]) >= threshold for c in rlsh.query(mh)):
                dropped.add(r["id"])
                continue
            rlsh.insert(len(sigs), mh)
            sigs.append(mh)
    out["rensa per document"] = (time.perf_counter() - t, dropped)

    dropped = set()
    step = MinHashDedup(threshold)
    t = time.perf_counter()
    for rows in inputs.values():
        features = features_of(rows, ())
        features.signatures = signatures([normalised(r["rationale"]) for r in rows])
        _, gone = step.select(features, range(len(rows)))
        dropped |= {rows[k]["id"] for k, _ in gone}
    out["star (batch signatures)"] = (time.perf_counter() - t, dropped)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--problems", type=int, default=2000)
    ap.add_argument("--no-datasketch", action="store_true", help="skip the comparison")
    ap.add_argument("--only", choices=["defaults", "dedup"],
                    help="run star filter with its default options only, or with "
                         f"{' '.join(DEDUP)} only (default: both)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="star-bench-") as tmp:
        src, out = Path(tmp) / "traces.jsonl", Path(tmp) / "out"
        t = time.perf_counter()
        kinds = write_set(src, args.problems)
        n = len(kinds)
        print(f"wrote {n:,} traces ({src.stat().st_size / 2**20:,.0f} MiB) in "
              f"{time.perf_counter() - t:.1f} s")
        floor(src)  # the file in the page cache for both
        floor_wall, floor_cpu = floor(src)
        print(f"parsing floor (read + json.loads each line, one process): {floor_wall:.1f} s "
              f"wall, {floor_cpu:.1f} s CPU")
        runs = [("defaults", []), (" ".join(DEDUP), DEDUP)]
        if args.only:
            runs = runs[:1] if args.only == "defaults" else runs[1:]
        for name, options in runs:
            shutil.rmtree(out, ignore_errors=True)
            seconds, cpu, rss, err = run_star(src, out, options)
            print(f"star filter {name}: {seconds:.1f} s wall ({seconds / floor_wall:.1f}x the "
                  f"floor), {cpu:.1f} s CPU ({cpu / floor_cpu:.1f}x), {n / seconds:,.0f} "
                  f"traces/s, peak RSS {rss / 2**20:,.0f} MiB")
            steps = {s["step"]: s for s in
                     json.loads((out / "manifest.json").read_text())["stats"]["steps"]}
            for step, s in steps.items():
                print(f"  {step:22s} seen {s['seen']:>9,}  kept {s['kept']:>9,}  "
                      f"{s['seconds']:6.1f} s  {s['dropped']}")
        if args.only == "defaults":
            return  # no drops explained: nothing to score
        precision, recall, flagged, planted = precision_recall(out, kinds)
        print(f"planted near duplicates: {planted:,}; dropped as near duplicates: {flagged:,}; "
              f"precision {precision:.4f}, recall {recall:.4f}")
        if args.no_datasketch:
            return
        planted_ids = {t for t, k in kinds.items() if k == 2}
        runs = minhash_runs(src)
        base = runs["datasketch"][0]
        for who, (secs, dropped) in runs.items():
            tp = len(dropped & planted_ids)
            print(f"near-duplicate detection, {who:24s} {secs:7.1f} s ({base / secs:5.1f}x "
                  f"datasketch); precision {tp / max(1, len(dropped)):.4f}, recall "
                  f"{tp / len(planted_ids):.4f}")


if __name__ == "__main__":
    main()
