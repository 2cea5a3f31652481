"""Survey of reasoning-gym's families as star uses them: which are sound, which give partial
credit, which are broken, which have no gold answer.

For every family (default config, --size items of --seed):
  generate   make_problems(NAME) runs offline, within --deadline seconds (time in ms)
  gold       the family's scorer on its own gold, from the stored JSON row, through star's
             worker (score.py): should be 1.0
  junk       the scorer on answers that are not the gold ("zzz junk", "True", "False", "0",
             "1", "[]", "", ...; a candidate equal to the gold, as text or as a number, is
             skipped): the highest score, and which score 1.0 (the scorer accepts non-answers)
  wrong      the scorer on wrong answers made from the gold (its first digit changed; its last
             digit dropped, unless every number stays within 0.1%, which a scorer asking for 3
             significant figures rightly accepts): which score 1.0. (Dropping a final ")",
             "$", "." or "s" makes a sloppy answer, not a wrong one: not tried.)
  near       the scorer on the gold restated ("The answer is G", "G.", "G 0"): partial credit
  raises     which candidates make the scorer raise (in-process, reasoning-gym's own call)
  roundtrip  the scorer gives the same scores on the stored JSON entry (types restored) as on
             the generator's own entry
  hash seed  the rows made in this process (PYTHONHASHSEED=0) are byte-identical to those a
             process with PYTHONHASHSEED=12345 makes in itself; families that differ depend
             on set order, which is why make_problems makes rows in a PYTHONHASHSEED=0 child
  prefix     rows 0..2 of --size 3 equal rows 0..2 of --size N (a row does not depend on size)

Verdicts: broken (a junk or wrong answer scores 1.0, the gold scores < 1.0, or the scorer
raises on prose: "zzz junk" or "The answer is G", so most wrong answers would be errors rather
than mismatches), no-gold (entries carry no answer), partial (some answer scores strictly
between 0 and 1), sound (otherwise), gen-fails (the generator raises or times out). A scorer
that raises only on answers of the wrong shape ("{}" for a grid) is not broken: star records
those as `error`, not correct; the line lists them.

    python bench/gym.py                  # all families, size 5, seed 0
    python bench/gym.py --family chain_sum --family sokoban --size 10
    python bench/gym.py --json survey.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from star_cli.gym import BROKEN, family_names, make_problems  # noqa: E402
from star_cli.gym.problems import dumps_row  # noqa: E402
from star_cli.gym.score import make_workers, score_answer  # noqa: E402

JUNK = ["zzz junk", "True", "False", "true", "false", "Yes", "No", "0", "1", "-1", "None",
        "[]", "{}", "A", "", "0 0\n0 0"]


class Deadline(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise Deadline


def rows_of(name: str, size: int, seed: int) -> list[dict[str, Any]]:
    return list(make_problems(name, size, seed, allow_broken=True))


def digest(rows: list[dict[str, Any]]) -> str:
    return hashlib.sha256("".join(dumps_row(r) + "\n" for r in rows).encode()).hexdigest()


PROSE = ("zzz junk", "The answer is ")


def content(row: dict[str, Any]) -> str:
    """A row's problem, without what names its size (id, gym.size)."""
    gym = {k: v for k, v in row["gym"].items() if k != "size"}
    return dumps_row({"question": row["question"], "gold": row["gold"], "gym": gym})


def near_answers(gold: str) -> list[str]:
    return [f"The answer is {gold}", f"{gold}.", f"{gold} 0"]


NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")


def wrong_answers(gold: str) -> list[str]:
    out = []
    first = re.search(r"\d", gold)
    if first:
        i = first.start()
        out.append(gold[:i] + str((int(gold[i]) + 1) % 10) + gold[i + 1:])
    if len(gold) > 1 and gold[-1].isdigit() and not same(gold[:-1], gold, rel=1e-3):
        out.append(gold[:-1])
    return [a for a in out if not same(a, gold)]


def same(a: str, gold: str | None, rel: float = 0.0) -> bool:
    """The same answer: the same text around its numbers (case aside), and the same numbers
    (within `rel`)."""
    if gold is None:
        return False

    def text(s: str) -> str:
        return NUMBER.sub("#", s).strip().lower()
    if text(a) != text(gold):
        return False
    xs, ys = NUMBER.findall(a), NUMBER.findall(gold)
    return len(xs) == len(ys) and all(
        abs(float(x) - float(y)) <= rel * abs(float(y)) for x, y in zip(xs, ys, strict=True))


def survey(name: str, size: int, seed: int, deadline: float, workers: Any) -> dict[str, Any]:
    from star_cli.gym.families import create, parse_config
    from star_cli.gym.jsonsafe import restore
    from star_cli.gym.problems import _Source

    result: dict[str, Any] = {"family": name, "broken_listed": name in BROKEN}
    signal.setitimer(signal.ITIMER_REAL, deadline)
    try:
        t0 = time.perf_counter()
        rows = rows_of(name, size, seed)
        result["gen_ms"] = round((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        source = _Source(name, seed, size, {})
        originals = [source._item(i) for i in range(size)]
        short = rows_of(name, 3, seed)
    except Deadline:
        result["verdict"] = "gen-fails"
        result["error"] = f"no rows within {deadline:g} s"
        return result
    except Exception as e:  # noqa: BLE001 - a survey reports every failure
        result["verdict"] = "gen-fails"
        result["error"] = f"{type(e).__name__}: {str(e)[:160]}"
        return result
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    result["digest"] = digest(rows)
    result["prefix"] = all(content(a) == content(b) for a, b in zip(short, rows, strict=False))
    stored = [json.loads(dumps_row(r)) for r in rows]
    result["no_gold"] = all(r["gold"] is None for r in stored)
    result["some_no_gold"] = any(r["gold"] is None for r in stored)
    dataset = create(name, seed=seed, size=1, config=parse_config(name, {}))

    def direct(answer: str, entry: dict[str, Any]) -> float | str:
        signal.setitimer(signal.ITIMER_REAL, deadline)
        try:
            return float(dataset.score_answer(answer, entry))
        except Deadline:
            return "timeout"
        except Exception as e:  # noqa: BLE001
            return type(e).__name__
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    gold_scores, junk_full, wrong_full, scores = [], set(), set(), []
    raises, prose_raises, mismatched = set(), False, 0
    for row, original in zip(stored, originals, strict=True):
        gold = row["gold"]
        entry = restore(row["gym"]["entry"], row["gym"]["types"])
        candidates = [(a, "junk") for a in JUNK if not same(a, gold)]
        if gold is not None:
            candidates += [(a, "near") for a in near_answers(gold)]
            candidates += [(a, "wrong") for a in wrong_answers(gold)]
        for answer, kind in candidates:
            s = direct(answer, entry)
            if direct(answer, original) != s:
                mismatched += 1
            if isinstance(s, str):
                raises.add(f"{answer!r}:{s}")
                prose_raises |= answer.startswith(PROSE)
                continue
            scores.append(s)
            if kind == "junk" and s == 1.0:
                junk_full.add(answer)
            if kind == "wrong" and s == 1.0:
                wrong_full.add(f"{answer!r} for {gold!r}")
        if gold is not None:
            verdict = score_answer(row["gym"], gold, workers=workers, allow_broken=True)
            gold_scores.append(verdict.score if verdict.reason in ("match", "mismatch")
                               else f"{verdict.reason}: {verdict.detail}")
            if direct(gold, original) != direct(gold, entry):
                mismatched += 1
    numeric = [g for g in gold_scores if isinstance(g, float)]
    result["gold_min"] = min(numeric) if numeric else None
    result["gold_errors"] = sorted({g for g in gold_scores if isinstance(g, str)})
    result["junk_max"] = max(scores, default=None)
    result["junk_full"] = sorted(junk_full)
    result["wrong_full"] = sorted(wrong_full)
    partial = [s for s in scores if 0 < s < 1]
    result["partial_max"] = max(partial, default=None)
    result["raises"] = sorted(raises)
    result["prose_raises"] = prose_raises
    result["roundtrip"] = mismatched == 0
    if junk_full or wrong_full or prose_raises:
        result["verdict"] = "broken"
    elif result["gold_errors"] or (numeric and min(numeric) < 1.0):
        result["verdict"] = "gold-fails"
    elif result["no_gold"]:
        result["verdict"] = "no-gold"
    elif partial:
        result["verdict"] = "partial"
    else:
        result["verdict"] = "sound"
    return result


def digests(names: list[str], size: int, seed: int) -> dict[str, str | None]:
    """Each family's rows' hash, made in this process (the --digest child, whose hash seed
    is not 0) rather than in make_problems' child."""
    from star_cli.gym.problems import plan_problems, rows_here

    out: dict[str, str | None] = {}
    for name in names:
        try:
            plan = plan_problems(name, size, seed, allow_broken=True)
            out[name] = digest(list(rows_here(plan)))
        except Exception:  # noqa: BLE001
            out[name] = None
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--family", action="append", help="only these families (repeatable)")
    ap.add_argument("--size", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--deadline", type=float, default=60.0, help="seconds per family step")
    ap.add_argument("--json", type=Path, help="write every family's measurements here")
    ap.add_argument("--digest", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not args.digest and os.environ.get("PYTHONHASHSEED") != "0":
        # make_problems then makes rows here instead of in a child per call
        env = dict(os.environ, PYTHONHASHSEED="0")
        os.execve(sys.executable, [sys.executable, *sys.argv], env)
    names = args.family or family_names()
    if args.digest:
        print(json.dumps(digests(names, args.size, args.seed)))
        return
    signal.signal(signal.SIGALRM, _alarm)
    workers = make_workers(1)
    results = []
    for name in names:
        r = survey(name, args.size, args.seed, args.deadline, workers)
        results.append(r)
        print(line(r), flush=True)
    workers.close()
    env = dict(os.environ, PYTHONHASHSEED="12345")
    cmd = [sys.executable, __file__, "--digest", "--size", str(args.size), "--seed",
           str(args.seed)] + [a for n in names for a in ("--family", n)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    other = json.loads(out.strip().splitlines()[-1])  # a generator may print (bf does)
    for r in results:
        if "digest" in r:
            r["deterministic"] = other.get(r["family"]) == r["digest"]
    summary(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


def line(r: dict[str, Any]) -> str:
    if r["verdict"] == "gen-fails":
        return f"{r['family']:28} gen-fails   {r['error']}"
    extra = []
    if r["junk_full"]:
        extra.append(f"junk=1.0 for {r['junk_full'][:3]}")
    if r["wrong_full"]:
        extra.append(f"wrong=1.0: {r['wrong_full'][:2]}")
    if r["raises"]:
        extra.append(f"raises on {len(r['raises'])} answers, e.g. {r['raises'][:2]}")
    if r["gold_errors"]:
        extra.append(f"gold {r['gold_errors']}")
    if not r["roundtrip"]:
        extra.append("ROUNDTRIP DIFFERS")
    if not r["prefix"]:
        extra.append("size-dependent")
    if r["some_no_gold"] and not r["no_gold"]:
        extra.append("some rows without gold")

    def f(x: Any) -> str:
        return "  -  " if x is None else f"{x:5.3f}"
    return (f"{r['family']:28} {r['verdict']:10} gen {r['gen_ms']:6d} ms  gold {f(r['gold_min'])}"
            f"  other {f(r['junk_max'])}  partial {f(r['partial_max'])}  {'; '.join(extra)}")


def summary(results: list[dict[str, Any]]) -> None:
    by: dict[str, list[str]] = {}
    for r in results:
        by.setdefault(r["verdict"], []).append(r["family"])
    print(f"\n{len(results)} families")
    for verdict in ("sound", "partial", "no-gold", "gold-fails", "broken", "gen-fails"):
        names = by.get(verdict, [])
        print(f"  {verdict:11} {len(names):3d}  {', '.join(names)}")
    nondet = [r["family"] for r in results if r.get("deterministic") is False]
    sized = [r["family"] for r in results if r.get("prefix") is False]
    trip = [r["family"] for r in results if r.get("roundtrip") is False]
    print(f"  rows depend on the hash seed:        {', '.join(nondet) or 'none'}")
    print(f"  rows depend on --size:               {', '.join(sized) or 'none'}")
    print(f"  score differs on the stored entry:   {', '.join(trip) or 'none'}")
    listed = sorted(BROKEN)
    found = sorted(by.get("broken", []))
    print(f"  BROKEN lists {listed}; measured broken {found}")


if __name__ == "__main__":
    main()
