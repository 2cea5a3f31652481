"""`star filter --dedup minhash` at scale: each phase's time and memory, in one process and
with the per-trace phase in N ranks (`--num-shards N`), on generated GSM8K-style traces.

    python bench/filter_scale.py                       # 1M traces, 2 ranks
    python bench/filter_scale.py --traces 100000 --ranks 4

The traces: 8 samples per problem, rationales of about 400 characters with `<<a*b=c>>`
calculations; within a problem some samples repeat another exactly (up to case), some
reword it slightly (near duplicates), some reach another number (wrong). Written as 16 JSONL
files, the way a few ranks of `star generate` leave them.

Each run is a child process of its own (its peak memory is its own). One process: reading
and parsing with validation and the id check (`read`), the quality rules and spooling
(`admit`), the group steps with their bucket reloads (`decide`), export and writing
(`write`). Ranks: the ranks' phase (read + admit + MinHash signatures, in parallel), the
decision over signatures, the writing. Peak RSS: the process's own (`ru_maxrss`) after each
phase, and the largest rank's. The two outputs are compared byte for byte.

Prints a table, and the same figures per 10M traces, extrapolated linearly (every phase is
linear in the traces: the buckets are 64 whatever the input, so a bucket grows with it).
"""

from __future__ import annotations

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]
sys.path.insert(0, os.path.dirname(_HERE))

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

FILES = 16
SAMPLES = 8
NAMES = ["Natalia", "Weng", "Betty", "Julie", "James", "Mark", "Albert", "Ken", "Alexis"]
THINGS = ["clips", "dollars", "pages", "apples", "marbles", "cookies", "stickers", "books"]
FILLER = ["So", "Then", "Next", "Now", "Thus", "Therefore", "After that", "First"]


def rationale(rng: random.Random, p: int, variant: int) -> tuple[str, str]:
    """A problem's worked solution; `variant` rewords it (near duplicates share most
    3-word shingles) or, when odd, miscounts."""
    prng = random.Random(p)
    name, thing = prng.choice(NAMES), prng.choice(THINGS)
    a, b, c = prng.randint(2, 90), prng.randint(2, 12), prng.randint(2, 50)
    ab = a * b
    total = ab + c if variant % 2 == 0 else ab + c + prng.randint(1, 9)
    steps = [
        f"{name} has {a} {thing} in each of {b} boxes.",
        f"In all that is {a}*{b} = <<{a}*{b}={ab}>>{ab} {thing}.",
        f"{name} then gets {c} more {thing} from a friend at school.",
        f"Adding them gives {ab}+{c} = <<{ab}+{c}={total}>>{total} {thing} altogether.",
        "We check that every box was counted once and nothing was left out of the sum.",
    ]
    words = " ".join(steps).split()
    for _ in range(variant // 2):  # a few words changed: a near duplicate
        words.insert(rng.randrange(len(words)), rng.choice(FILLER).lower())
    text = " ".join(words) + f"\nThe answer is {total}."
    return text, str(ab + c)


def write_traces(folder: Path, count: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files = [(folder / f"part-{k:02d}.jsonl").open("w", encoding="utf-8")
             for k in range(FILES)]
    for n in range(count):
        p, s = divmod(n, SAMPLES)
        variant = rng.choice([0, 0, 1, 2, 3, 4, 6, 8])
        text, gold = rationale(rng, p, variant)
        if s == SAMPLES - 1 and rng.random() < 0.5:
            text = text.upper()  # the same rationale up to case: an exact duplicate
        answer = text.rsplit(" ", 1)[-1].rstrip(".")
        row = {"id": f"p{p}/generate/it0/s{s}", "problem_id": f"p{p}",
               "question": f"Problem {p}: how many in all?", "gold": gold,
               "prompt": f"Q: Problem {p}: how many in all?\nA:", "completion": text,
               "rationale": text, "answer": answer, "correct": answer == gold,
               "finish_reason": "stop" if rng.random() > 0.03 else "length",
               "tokens": len(text) // 4, "source": "generate", "iteration": 0, "sample": s,
               "model": "m", "checker": "numeric", "check_reason": "match"
               if answer == gold else "mismatch", "answer_source": "marker"}
        files[rng.randrange(FILES)].write(json.dumps(row) + "\n")
    for f in files:
        f.close()


def rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_s(who: int = resource.RUSAGE_SELF) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


# -- the children ------------------------------------------------------------------------
def baseline() -> float:
    """RSS once everything a run imports is loaded: what does not grow with the traces."""
    import numpy  # noqa: F401

    import star_cli.executors.filter  # noqa: F401
    import star_cli.filters.diversity  # noqa: F401
    import star_cli.steps.filter  # noqa: F401

    return rss_mb()


def child_single(src: str, out: str) -> dict:
    from star_cli.steps.filter import FilterConfig, FilterRun

    base = baseline()
    marks: dict[str, float] = {}
    clock = time.process_time  # CPU seconds: the machine may be shared, the work is not

    class Timed(FilterRun):
        """FilterRun with clocks: CPU inside admit, in the group steps, and the rest."""

        admit_s = 0.0

        def admit_line(self, record, loc, line, spool):  # type: ignore[no-untyped-def]
            t = clock()
            super().admit_line(record, loc, line, spool)
            Timed.admit_s += clock() - t

        def spooled(self):  # type: ignore[no-untyped-def]
            marks["spooled"] = clock()
            marks["rss_read"] = rss_mb()
            super().spooled()

        def groups(self, spool):  # type: ignore[no-untyped-def]
            t = clock()
            selected = self._select(spool, self.group_steps, self.group_stats,
                                    self.explanation)
            marks["decide"] = clock() - t
            marks["rss_decide"] = rss_mb()
            return self._groups(spool, selected)

    run = Timed([src], out, FilterConfig(dedup="minhash"), argv=[])
    t0, wall = clock(), time.perf_counter()
    report = run.execute()
    total, wall = clock() - t0, time.perf_counter() - wall
    read_admit = marks["spooled"] - t0
    return {"read": read_admit - Timed.admit_s, "admit": Timed.admit_s,
            "decide": marks["decide"], "write": total - read_admit - marks["decide"],
            "total": total, "wall": wall, "rss_read": marks["rss_read"],
            "rss_decide": marks["rss_decide"], "rss_end": rss_mb(), "base": base,
            "read_n": report.read, "written": report.written}


def child_ranks(src: str, out: str, ranks: int) -> dict:
    from star_cli.executors.filter import filter_ranks
    from star_cli.steps.filter import FilterConfig, FilterRun

    base = baseline()
    run = FilterRun([src], out, FilterConfig(dedup="minhash"), argv=[])
    wall = time.perf_counter()
    report = filter_ranks(run, ranks)
    wall = time.perf_counter() - wall
    t = run.timing
    return {"ranks_wall": t.ranks, "decide": t.decide_cpu, "write": t.write_cpu,
            "wall": wall, "cpu": cpu_s(), "ranks_cpu": cpu_s(resource.RUSAGE_CHILDREN),
            "rss_end": rss_mb(), "rss_rank": rss_mb(resource.RUSAGE_CHILDREN), "base": base,
            "read_n": report.read, "written": report.written}


def run_child(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                          text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def digest(out: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted((out / "data").glob("*.jsonl"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--traces", type=int, default=1_000_000)
    parser.add_argument("--ranks", type=int, default=2)
    parser.add_argument("--child", nargs="+")
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = child_single(*rest) if kind == "single" else \
            child_ranks(rest[0], rest[1], int(rest[2]))
        print(json.dumps(result))
        return
    work = Path(tempfile.mkdtemp(prefix="star-bench-filter-"))
    try:
        t = time.perf_counter()
        write_traces(work / "in", args.traces)
        made = time.perf_counter() - t
        size = sum(f.stat().st_size for f in (work / "in").iterdir())
        one = run_child(["single", str(work / "in"), str(work / "one")])
        ranked = run_child(["ranks", str(work / "in"), str(work / "ranked"), str(args.ranks)])
        same = digest(work / "one") == digest(work / "ranked")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    scale = 10_000_000 / args.traces
    r = args.ranks
    print(f"{args.traces:,} traces ({size / 2**20:,.0f} MiB, made in {made:.0f} s), --dedup "
          f"minhash, {os.cpu_count()} CPUs; kept {one['written']:,}; the {r}-rank output is "
          f"identical: {same}")
    head = f"at {args.traces:,}"
    print(f"{'CPU seconds':<30}{head:>14}{'per 10M':>14}")
    rows = [("one process: read+parse+ids", one["read"]),
            ("  rules+spool (admit)", one["admit"]),
            ("  group steps (decide)", one["decide"]), ("  export+write", one["write"]),
            ("  total", one["total"]),
            (f"{r} ranks: the ranks, summed", ranked["ranks_cpu"]),
            ("  driver: decide (features)", ranked["decide"]),
            ("  driver: export+write", ranked["write"]),
            ("  driver: total", ranked["cpu"])]
    for label, seconds in rows:
        print(f"{label:<30}{seconds:>12.1f} s{seconds * scale / 60:>10.1f} min")
    print(f"wall here (a shared machine): one process {one['wall']:.0f} s; {r} ranks "
          f"{ranked['wall']:.0f} s, of which the ranks' phase {ranked['ranks_wall']:.0f} s")
    print(f"{'peak RSS':<30}{head:>14}{'growth per 10M':>18}   (a process starts at "
          f"{one['base']:.0f} MB with its imports)")
    mem = [("one process: after reading", one["rss_read"], one["base"]),
           ("  after deciding", one["rss_decide"], one["base"]),
           ("  peak", one["rss_end"], one["base"]),
           (f"{r} ranks: driver", ranked["rss_end"], ranked["base"]),
           ("  largest rank", ranked["rss_rank"], ranked["base"])]
    for label, mb, base in mem:
        grown = max(0.0, mb - base) * scale / 1024
        print(f"{label:<30}{mb:>11.0f} MB{grown:>15.2f} GB")


if __name__ == "__main__":
    main()
