"""The judge end to end on real graded completions, with stand-in judges on a local stub server.

No judge model runs here: the point is the plumbing (guard, prompt, server, contract, cache,
metrics) on real data, with figures anyone can reproduce. For each file of
../shared/data/graded (GSM8K model solutions, joined to their questions from
../shared/data/gsm8k/test.jsonl; Qwen2.5-Math MATH samples, no questions), three judges:

  rule      a stand-in whose decision is star's rule checker on what it was sent: judge-eval's
            figures are then the rule checker's agreement with the labels, through the judge's
            whole path, and the battery shows a judge that is not fooled (0% raw)
  gullible  says "Final Decision: Yes" to everything: the battery's raw false-positive rate is
            100%, and through the guard only hedges and injections that state something reach
            it -- what the guard alone buys
  rule+judge  `--checker RULE+judge` routing: how many responses the rule checker leaves to
            the judge (rule_then_judge)

    python bench/judge.py                   # every row of both files
    python bench/judge.py --limit 400 --json judge-bench.json

A rerun with --cache FILE is served from the cache (requests 0).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from star_cli.answers import check  # noqa: E402
from star_cli.judge import (  # noqa: E402
    Judge,
    JudgeConfig,
    JudgeItem,
    LabelledItem,
    judge_eval,
    rule_then_judge,
)
from tests.judge.stub_server import StubJudgeServer, always, rule_judge  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FILES = (("gsm8k_example_model_solutions.jsonl", "gsm8k"),
         ("qwen25math_math_cot_100.jsonl", "math"))


def load(name: str, limit: int | None) -> list[LabelledItem]:
    questions: list[str] = []
    if name.startswith("gsm8k"):
        with open(DATA / "gsm8k" / "test.jsonl", encoding="utf-8") as f:
            questions = [json.loads(line)["question"] for line in f]
    with open(DATA / "graded" / name, encoding="utf-8") as f:
        rows = [json.loads(line) for line in islice(f, limit)]
    # 4 solutions per GSM8K test question, in the test file's order (the golds agree).
    return [LabelledItem(questions[n // 4] if questions else None, r["gold"], r["completion"],
                         r["expected"]) for n, r in enumerate(rows)]


def run(items: list[LabelledItem], responder, model: str, args: argparse.Namespace) -> dict:
    with StubJudgeServer(responder) as server:
        # Each stand-in is its own model: they must not share cached verdicts.
        config = JudgeConfig(model=model, urls=(server.url,), concurrency=args.concurrency,
                             cache_path=args.cache)
        with Judge(config) as judge:
            start = time.perf_counter()
            report = judge_eval(items, judge, battery_pairs=args.pairs)
            seconds = time.perf_counter() - start
    for line in report.lines():
        print("  " + line)
    print(f"  {seconds:.1f} s, {len(items) / seconds:.0f} items/s")
    return {**report.as_dict(), "seconds": seconds}


def routing(items: list[LabelledItem], task: str, args: argparse.Namespace) -> dict:
    rules = [check(i.reference, i.response, task) for i in items]
    with StubJudgeServer(rule_judge(task)) as server, \
            Judge(JudgeConfig(model="stand-in", urls=(server.url,),
                              concurrency=args.concurrency)) as judge:
        combined, counts = rule_then_judge(
            rules, [JudgeItem(i.question, i.reference, i.response) for i in items], judge)
    agree = sum(c.correct == i.label for c, i in zip(combined, items, strict=True))
    print(f"  {task}+judge: {counts.line()}; agreement with the labels {agree}/{len(items)}")
    return {**counts.as_dict(), "agreement": agree / len(items) if items else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="rows per file (default all)")
    parser.add_argument("--pairs", type=int, default=5, help="battery (question, reference) "
                        "pairs per file")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--cache", default=None, help="a judge cache file (sqlite)")
    parser.add_argument("--json", default=None, help="write every figure here")
    args = parser.parse_args()
    if not (DATA / "graded").is_dir():
        sys.exit(f"bench/judge.py: {DATA / 'graded'} is absent")
    out: dict = {}
    for name, task in FILES:
        items = load(name, args.limit)
        print(f"\n{name}: {len(items)} labelled completions (task {task})")
        print(" judge: star's rule checker as a stand-in")
        rule = run(items, rule_judge(task), "stand-in-rule", args)
        print(" judge: gullible (Yes to everything)")
        gullible = run(items, always("Final Decision: Yes"), "stand-in-gullible", args)
        out[name] = {"rule": rule, "gullible": gullible, "routing": routing(items, task, args)}
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
