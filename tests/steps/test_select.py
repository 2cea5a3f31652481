"""`star select` and `star_cli.metrics`: every estimator against brute-force enumeration of
the k-subsets, ties included; the sampled path's interval; the command end to end."""

from __future__ import annotations

import itertools
import json
import math
import random
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from star_cli.cli import app
from star_cli.metrics import (
    Summary,
    best_of_k,
    best_of_k_batch,
    default_ks,
    exp_weights,
    group_answers,
    majority_at_k,
    majority_batch,
    majority_estimate,
    pass_at_k,
    weighted_majority_at_k,
)
from star_cli.registry import make_checker
from star_cli.steps.select import answer_equality
from tests.conftest import read_out, write_jsonl

# -- brute force: the definitions, subset by subset -----------------------------------------


def brute_pass(correct: list[bool], k: int) -> Fraction:
    subsets = list(itertools.combinations(range(len(correct)), k))
    return Fraction(sum(any(correct[i] for i in s) for s in subsets), len(subsets))


def brute_best(scores: list[float], correct: list[bool], k: int) -> Fraction:
    """The subset's highest score wins; tied candidates are picked alike."""
    total, subsets = Fraction(0), list(itertools.combinations(range(len(scores)), k))
    for s in subsets:
        top = max(scores[i] for i in s)
        tied = [i for i in s if scores[i] == top]
        total += Fraction(sum(correct[i] for i in tied), len(tied))
    return total / len(subsets)


def brute_majority(labels: list[int | None], correct: list[bool], k: int,
                   weights: list[float] | None = None) -> Fraction:
    """The subset's largest (heaviest) answer group wins; tied groups count their mean; a
    group counts the share of its drawn members that are correct; nulls never vote."""
    total, subsets = Fraction(0), list(itertools.combinations(range(len(labels)), k))
    for s in subsets:
        votes: dict[int, list[Fraction]] = {}
        for i in s:
            if labels[i] is None:
                continue
            v = votes.setdefault(labels[i], [Fraction(0), Fraction(0), Fraction(0)])
            v[0] += 1
            v[1] += correct[i]
            v[2] += Fraction(weights[i]) if weights is not None else 1
        if not votes:
            continue
        top = max(v[2] for v in votes.values())
        tied = [v for v in votes.values() if v[2] == top]
        total += sum((v[1] / v[0] for v in tied), Fraction(0)) / len(tied)
    return total / len(subsets)


def random_case(rng: random.Random, n: int) -> dict:
    kinds = rng.randint(1, 4)
    answers = [None if rng.random() < 0.15 else str(rng.randrange(kinds)) for _ in range(n)]
    # Mostly one correct answer, as a checker judges; sometimes a group judged both ways.
    right = str(rng.randrange(kinds))
    correct = [a == right if rng.random() < 0.9 else rng.random() < 0.5 for a in answers]
    return {
        "answers": answers,
        "correct": correct,
        "scores": [float(rng.randrange(4)) for _ in range(n)],  # many ties
        "weights": [rng.choice([0.0, 0.5, 1.0, 1.5, 2.0, 3.0]) for _ in range(n)],
    }


# -- the estimators ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 9))
def test_pass_at_k_is_the_subset_average(n):
    for c in range(n + 1):
        correct = [True] * c + [False] * (n - c)
        for k in range(1, n + 1):
            assert pass_at_k(n, c, k) == pytest.approx(float(brute_pass(correct, k)), abs=1e-12)


def test_pass_at_k_is_stable_for_large_n():
    assert pass_at_k(1000, 1, 1) == pytest.approx(0.001)
    assert pass_at_k(1000, 0, 500) == 0.0
    assert pass_at_k(1000, 600, 500) == 1.0
    value = 1 - math.comb(900, 100) / math.comb(1000, 100)
    assert pass_at_k(1000, 100, 100) == pytest.approx(value, rel=1e-12)
    with pytest.raises(ValueError):
        pass_at_k(4, 5, 1)
    with pytest.raises(ValueError):
        pass_at_k(4, 1, 5)


def test_best_of_k_without_ties_is_the_papers_formula():
    rng = random.Random(1)
    for _ in range(50):
        n = rng.randint(1, 10)
        scores = rng.sample(range(100), n)
        correct = [rng.random() < 0.4 for _ in range(n)]
        alpha = [correct[i] for i in sorted(range(n), key=lambda i: -scores[i])]
        for k in range(1, n + 1):
            paper = sum(math.comb(n - i - 1, k - 1) * alpha[i]
                        for i in range(n - k + 1)) / math.comb(n, k)
            assert best_of_k(scores, correct, k) == pytest.approx(paper, abs=1e-12)


def test_best_of_k_with_ties_against_enumeration():
    rng = random.Random(2)
    for _ in range(200):
        n = rng.randint(1, 8)
        case = random_case(rng, n)
        for k in range(1, n + 1):
            want = float(brute_best(case["scores"], case["correct"], k))
            assert best_of_k(case["scores"], case["correct"], k) == pytest.approx(want,
                                                                                   abs=1e-12)


def test_a_tied_block_counts_with_its_mean():
    # All tied: any k draws a random subset of the block, each pick alike: the mean.
    assert best_of_k([1.0] * 4, [True, False, False, False], 2) == pytest.approx(0.25)
    # The top two tie, one right: the best of 3 of 4 is always in the block.
    assert best_of_k([2, 2, 1, 0], [True, False, True, True], 3) == pytest.approx(0.5)


def test_best_of_k_batch_matches_the_closed_form():
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 4, (40, 9)).astype(float)
    correct = rng.random((40, 9)) < 0.4
    out = best_of_k_batch(scores, correct, range(1, 10))
    for b in range(40):
        for k in range(1, 10):
            assert out[k][b] == pytest.approx(best_of_k(list(scores[b]), list(correct[b]), k),
                                              abs=1e-12)


def test_majority_against_enumeration_ties_and_nulls():
    rng = random.Random(4)
    for _ in range(250):
        n = rng.randint(1, 8)
        case = random_case(rng, n)
        labels = group_answers(case["answers"])
        for k in range(1, n + 1):
            want = float(brute_majority(labels, case["correct"], k))
            got = majority_estimate(case["answers"], case["correct"], k)
            assert got.exact and got.value == pytest.approx(want, abs=1e-12), (case, k)


def test_weighted_majority_against_enumeration():
    rng = random.Random(5)
    for _ in range(250):
        n = rng.randint(1, 8)
        case = random_case(rng, n)
        labels = group_answers(case["answers"])
        for k in range(1, n + 1):
            want = float(brute_majority(labels, case["correct"], k, case["weights"]))
            got = weighted_majority_at_k(case["answers"], case["correct"], case["weights"], k)
            assert got == pytest.approx(want, abs=1e-9), (case, k)


def test_a_tie_between_groups_counts_as_their_average():
    answers, correct = ["1", "2"], [True, False]
    assert majority_at_k(answers, correct, 2) == 0.5
    assert majority_at_k(["1", "1", "2", "2"], [True, True, False, False], 4) == 0.5
    # Weighted: the heavier group wins outright; equal weights tie.
    assert weighted_majority_at_k(answers, correct, [2.0, 1.0], 2) == 1.0
    assert weighted_majority_at_k(answers, correct, [1.0, 1.0], 2) == 0.5


def test_null_answers_never_win():
    answers, correct = [None, None, None, "7"], [False, False, False, True]
    # Any subset holding the one answer votes for it; all-null subsets score 0.
    assert majority_at_k(answers, correct, 2) == pytest.approx(0.5)
    assert majority_at_k(answers, correct, 4) == 1.0
    assert majority_at_k([None, None], [False, False], 1) == 0.0


def test_closed_forms_and_enumeration_for_larger_n():
    """k = 1 and 2 have closed forms, small C(N,k) is enumerated: all exact at N = 11."""
    rng = random.Random(6)
    for _ in range(6):
        case = random_case(rng, 11)
        labels = group_answers(case["answers"])
        for k in (1, 2, 3, 9, 10, 11):
            for weights in (None, case["weights"]):
                got = majority_estimate(case["answers"], case["correct"], k,
                                        weights=weights, exact_limit=200)
                assert got.exact
                want = float(brute_majority(labels, case["correct"], k, weights))
                assert got.value == pytest.approx(want, abs=1e-9)


def test_the_sampled_interval_holds_the_exact_value():
    rng = random.Random(7)
    n, k = 16, 8  # 12,870 subsets: sampled with 1,000 draws, enumerated here
    answers = [str(rng.choice("aaaabbbbccd")) if rng.random() > 0.1 else None
               for _ in range(n)]
    correct = [a == "b" for a in answers]
    weights = [rng.choice([0.5, 1.0, 2.0, 4.0]) for _ in range(n)]
    labels = group_answers(answers)
    for w in (None, weights):
        exact = float(brute_majority(labels, correct, k, w))
        got = majority_estimate(answers, correct, k, weights=w, draws=2000, seed=11)
        assert not got.exact and got.draws == 2000
        assert got.low <= exact <= got.high, (got, exact)
        assert got.high - got.low < 0.1
        again = majority_estimate(answers, correct, k, weights=w, draws=2000, seed=11)
        assert again == got  # seeded
        enumerated = majority_estimate(answers, correct, k, weights=w, exact_limit=20_000)
        assert enumerated.exact and enumerated.value == pytest.approx(exact, abs=1e-9)


def test_the_batched_interval_over_many_problems():
    """Problems sharing one set of draws, each shuffled apart: the average's interval holds
    the exact average, and a problem's estimate does not depend on its neighbours."""
    rng = np.random.default_rng(8)
    b, n, k = 30, 10, 5  # C(10,5) = 252 subsets: enumerate for the truth, sample to test
    labels = rng.integers(-1, 3, (b, n))
    correct = labels == 1
    exact = majority_batch(labels, correct, [k], exact_limit=1000)[k]
    sampled = majority_batch(labels, correct, [k], exact_limit=0, draws=1000,
                             rng=np.random.default_rng(9))[k]
    assert exact.exact and not sampled.exact
    truth = exact.plain.mean()
    half = 1.959963984540054 * math.sqrt(sampled.plain_var.sum()) / b
    assert abs(sampled.plain.mean() - truth) <= half
    for i in range(b):
        want = float(brute_majority([None if g < 0 else int(g) for g in labels[i]],
                                    list(correct[i]), k))
        assert exact.plain[i] == pytest.approx(want, abs=1e-12)


def test_grouping_by_the_math_checker():
    equal = answer_equality(make_checker("math"))
    answers = ["5", "5.0", r"\frac{10}{2}", "6", None, "5", r"\dfrac{12}{2}"]
    assert group_answers(answers, equal) == [0, 0, 0, 1, None, 0, 1]
    assert group_answers(["5", "5.0"]) == [0, 1]  # no checker: exact equality
    # Three forms of 5 are one vote of three, beating 6 twice; apart, 6 wins.
    answers = ["5", "5.0", r"\frac{10}{2}", "6", "6", None]
    correct = [True, True, True, False, False, False]
    assert majority_at_k(answers, correct, 6, equal=equal) == 1.0
    assert majority_at_k(answers, correct, 6) == 0.0
    assert group_answers(["7", "7"], lambda a, b: pytest.fail("asked")) == [0, 0]


def test_exp_weights_are_relative_likelihoods():
    w = exp_weights([-10.0, -11.0, -10.0])
    assert w[0] == 1.0 and w[1] == pytest.approx(math.exp(-1))
    assert weighted_majority_at_k(["1", "2", "2"], [True, False, False],
                                  exp_weights([0.0, -5.0, -5.0]), 3) == 1.0


def test_summary_counts_each_k_over_problems_with_enough_candidates():
    s = Summary([1, 2, 4])
    rng = np.random.default_rng(0)
    s.add(np.array([[True, False, False, False]]), np.array([[0, 1, 1, 1]]),
          {"v": np.array([[3.0, 1.0, 2.0, 0.0]])}, None, rng=rng)
    s.add(np.array([[True, True]]), np.array([[0, 0]]), {"v": np.array([[1.0, 1.0]])}, None,
          rng=rng)
    rows = s.rows()
    by_k = {r["k"]: r for r in rows["pass@k"]}
    assert by_k[1]["problems"] == 2 and by_k[4]["problems"] == 1
    assert by_k[1]["value"] == pytest.approx((0.25 + 1.0) / 2)
    assert by_k[4]["value"] == 1.0
    maj = {r["k"]: r for r in rows["majority@k"]}
    assert maj[4]["value"] == 0.0  # "1" x3 beats the right answer
    best = {r["k"]: r for r in rows["best_of_k:v"]}
    assert best[4]["value"] == 1.0 and best[1]["value"] == pytest.approx(0.625)


def test_default_ks():
    assert default_ks(1) == [1]
    assert default_ks(16) == [1, 2, 4, 8, 16]
    assert default_ks(100) == [1, 2, 4, 8, 16, 32, 64, 100]


# -- the command ------------------------------------------------------------------------------


def _trace(pid: str, s: int, answer: str | None, correct: bool, score: float, **extra) -> dict:
    return {"id": f"{pid}/generate/it0/s{s}", "problem_id": pid, "question": "q", "gold": "5",
            "prompt": "Q: q\nA:", "completion": f"The answer is {answer}.",
            "rationale": f"The answer is {answer}.", "answer": answer, "correct": correct,
            "checker": "math", "source": "generate", "iteration": 0, "sample": s,
            "verifier_score": score, **extra}


@pytest.fixture
def scored(tmp_path: Path) -> Path:
    rows = []
    # p0: the right answer in three forms (one vote), two wrong 7s, best score on a 7.
    for s, (a, ok, sc) in enumerate([("5", True, -3.0), ("5.0", True, -2.5),
                                     (r"\frac{10}{2}", True, -2.0), ("7", False, -1.0),
                                     ("7", False, -4.0), (None, False, -9.0)]):
        rows.append(_trace("p0", s, a, ok, sc))
    # p1: a score tie between a right and a wrong candidate; majority right.
    for s, (a, ok, sc) in enumerate([("3", False, -1.0), ("5", True, -1.0), ("5", True, -2.0),
                                     ("4", False, -5.0), ("5", True, -6.0), ("2", False, -7.0)]):
        rows.append(_trace("p1", s, a, ok, sc))
    return write_jsonl(tmp_path / "scored.jsonl", rows)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_select_by_a_score_field(runner, scored, tmp_path):
    out = tmp_path / "best"
    result = runner.invoke(app, ["select", str(scored), "-o", str(out), "--by",
                                 "verifier_score"])
    assert result.exit_code == 0, result.output
    picked = {r["problem_id"]: r for r in read_out(out)}
    assert picked["p0"]["answer"] == "7" and picked["p0"]["selected_by"] == "verifier_score"
    assert picked["p1"]["sample"] == 0  # a score tie goes to the first candidate
    assert picked["p0"]["selected_from"] == 6
    assert picked["p0"]["completion"] == "The answer is 7."  # the whole trace
    assert "0 correct (0.0%)" in result.output
    assert "best-of-k (verifier_score)" in result.output and "majority@k" in result.output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["command"] == "select" and manifest["status"] == "complete"


def test_select_by_majority_groups_with_the_checker(runner, scored, tmp_path):
    out = tmp_path / "maj"
    result = runner.invoke(app, ["select", str(scored), "-o", str(out), "--by", "majority"])
    assert result.exit_code == 0, result.output
    picked = {r["problem_id"]: r for r in read_out(out)}
    # The traces name the math checker: 5, 5.0 and \frac{10}{2} are one vote of three.
    assert picked["p0"]["answer"] == "5" and picked["p0"]["selected_votes"] == 3
    assert picked["p1"]["answer"] == "5" and picked["p1"]["sample"] == 1
    assert all(r["correct"] for r in picked.values())
    # With the exact checker 5, 5.0 and \frac{10}{2} are three answers: 7 wins p0.
    out2 = tmp_path / "maj2"
    result = runner.invoke(app, ["select", str(scored), "-o", str(out2), "--by", "majority",
                                 "--checker", "exact"])
    assert result.exit_code == 0, result.output
    picked = {r["problem_id"]: r for r in read_out(out2)}
    assert picked["p0"]["answer"] == "7" and picked["p0"]["selected_votes"] == 2


def test_weighted_majority_and_metrics_json(runner, scored, tmp_path):
    out = tmp_path / "w"
    result = runner.invoke(app, ["select", str(scored), "-o", str(out), "--by",
                                 "weighted-majority", "--seed", "3"])
    assert result.exit_code == 0, result.output
    picked = {r["problem_id"]: r for r in read_out(out)}
    # exp weights: 7 (e^-1 + e^-4) outweighs 5 (e^-3 + e^-2.5 + e^-2) in p0.
    assert picked["p0"]["answer"] == "7" and picked["p0"]["sample"] == 3
    assert 0 < picked["p0"]["selected_weight"] < 1
    m = json.loads((out / "metrics.json").read_text())
    assert m["problems"] == 2 and m["traces"] == 12 and m["k"] == [1, 2, 4, 6]
    assert m["weight"] == {"field": "verifier_score", "mode": "exp"}
    assert m["grouping"] == {"math": 2}
    assert set(m["metrics"]) == {"pass@k", "majority@k", "weighted_majority@k",
                                 "best_of_k:verifier_score"}
    equal = answer_equality(make_checker("math"))
    traces = _rows(scored)
    per = {pid: [t for t in traces if t["problem_id"] == pid] for pid in ("p0", "p1")}
    for row in m["metrics"]["pass@k"]:
        want = np.mean([pass_at_k(6, sum(t["correct"] for t in ts), row["k"])
                        for ts in per.values()])
        assert row["value"] == pytest.approx(want, abs=1e-6) and row["exact"]
    for row in m["metrics"]["best_of_k:verifier_score"]:
        want = np.mean([best_of_k([t["verifier_score"] for t in ts],
                                  [t["correct"] for t in ts], row["k"]) for ts in per.values()])
        assert row["value"] == pytest.approx(want, abs=1e-6)
    for row in m["metrics"]["majority@k"]:  # C(6,k) <= 1,000: all exact
        want = np.mean([majority_at_k([t["answer"] for t in ts], [t["correct"] for t in ts],
                                      row["k"], equal=equal) for ts in per.values()])
        assert row["exact"] and row["value"] == pytest.approx(want, abs=1e-6)
    for row in m["metrics"]["weighted_majority@k"]:
        want = np.mean([weighted_majority_at_k(
            [t["answer"] for t in ts], [t["correct"] for t in ts],
            exp_weights([t["verifier_score"] for t in ts]), row["k"], equal=equal)
            for ts in per.values()])
        assert row["value"] == pytest.approx(want, abs=1e-6)
    assert m["selected"]["correct"] == 1


def test_metrics_over_fewer_problems_are_said(runner, scored, tmp_path):
    rows = _rows(scored)[:-2]  # p1 has 4 candidates now
    path = write_jsonl(tmp_path / "uneven.jsonl", rows)
    out = tmp_path / "o"
    result = runner.invoke(app, ["select", str(path), "-o", str(out), "--by", "majority",
                                 "--k", "1,4,6"])
    assert result.exit_code == 0, result.output
    m = json.loads((out / "metrics.json").read_text())
    six = next(r for r in m["metrics"]["pass@k"] if r["k"] == 6)
    assert six["problems"] == 1
    assert any("k=6" in note for note in m["notes"]) and "k=6: over the 1 of 2" in result.output


def test_plot_writes_a_png(runner, scored, tmp_path):
    pytest.importorskip("matplotlib")
    png = tmp_path / "curves.png"
    result = runner.invoke(app, ["select", str(scored), "-o", "-", "--by", "majority",
                                 "--plot", str(png), "-q"])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_stdout_and_a_metrics_file(runner, scored, tmp_path):
    metrics = tmp_path / "m.json"
    result = runner.invoke(app, ["select", str(scored), "-o", "-", "--by", "verifier_score",
                                 "--metrics", str(metrics), "-q"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["problem_id"] for r in rows] == ["p0", "p1"]
    assert json.loads(metrics.read_text())["problems"] == 2


def test_stdin_in_a_pipeline(scored):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "star_cli", "select", "-", "-o", "-", "--by", "majority"]
    proc = subprocess.run(cmd, input=scored.read_bytes(), capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(r["problem_id"], r["answer"]) for r in rows] == [("p0", "5"), ("p1", "5")]
    assert b"majority@k" in proc.stderr


def test_a_json_array_on_stdin(scored):
    """stdin is read once: records of a JSON array on it are kept for the second pass as a
    JSONL stream's are (they were named `<stdin>[i]` and lost)."""
    import subprocess
    import sys

    rows = [json.loads(line) for line in scored.read_text().splitlines()]
    cmd = [sys.executable, "-m", "star_cli", "select", "-", "-o", "-", "--by", "majority"]
    proc = subprocess.run(cmd, input=json.dumps(rows).encode(), capture_output=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    picked = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(r["problem_id"], r["answer"]) for r in picked] == [("p0", "5"), ("p1", "5")]


def test_rerun_resumes_and_a_changed_input_is_refused(runner, scored, tmp_path):
    out = tmp_path / "o"
    args = ["select", str(scored), "-o", str(out), "--by", "verifier_score"]
    assert runner.invoke(app, args).exit_code == 0
    first = read_out(out)
    result = runner.invoke(app, args)
    assert result.exit_code == 0 and "2 problems were already selected" in result.output
    assert read_out(out) == first
    rows = _rows(scored)
    rows[1]["verifier_score"] = 5.0  # p0 would pick another trace
    changed = write_jsonl(tmp_path / "changed.jsonl", rows)
    result = runner.invoke(app, ["select", str(changed), "-o", str(out), "--by",
                                 "verifier_score"])
    assert result.exit_code == 2 and "different traces" in result.output
    other = runner.invoke(app, ["select", str(scored), "-o", str(out), "--by", "majority"])
    assert other.exit_code == 2 and "different configuration" in other.output


def test_duplicate_traces_are_refused_naming_both(runner, scored, tmp_path):
    out = tmp_path / "o"
    result = runner.invoke(app, ["select", str(scored), str(scored), "-o", str(out), "--by",
                                 "majority"])
    assert result.exit_code == 2 and not out.exists()
    said = " ".join(result.stderr.split())
    assert "field 'id': trace id" in said and "is given twice as input" in said


@pytest.mark.parametrize(
    ("edit", "args", "expected"),
    [
        (lambda r: r.pop("correct"), [], "scored.jsonl:3: field 'correct': missing"),
        (lambda r: r.update(correct="yes"), [], "field 'correct': must be true or false"),
        (lambda r: r.pop("answer"), [], "field 'answer': missing"),
        (lambda r: r.pop("verifier_score"), [],
         "scored.jsonl:3: field 'verifier_score': missing"),
        (lambda r: r.update(verifier_score="high"), [],
         "scored.jsonl:3: field 'verifier_score': must be a number"),
        (lambda r: r.update(verifier_score=float("nan")), [],
         "scored.jsonl:3: field 'verifier_score': not valid JSON (NaN is no JSON number)"),
        (lambda r: r.pop("my_score"), ["--by", "my_score"],
         "scored.jsonl:3: field 'my_score': missing"),
        (lambda r: r.update(my_score=-1), ["--by", "weighted-majority", "--weight", "my_score"],
         "field 'my_score': must be non-negative"),
        (lambda r: r.pop("problem_id"), [], "field 'problem_id': missing"),
    ],
)
def test_bad_input_is_named_before_out_exists(runner, tmp_path, edit, args, expected):
    rows = [_trace("p0", s, str(s % 2), s % 2 == 0, -float(s), my_score=float(s))
            for s in range(4)]
    edit(rows[2])
    path = write_jsonl(tmp_path / "scored.jsonl", rows)
    out = tmp_path / "out"
    result = runner.invoke(app, ["select", str(path), "-o", str(out),
                                 *(args or ["--by", "majority"])])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert result.output.count("star: error:") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "weighted-majority"], "--by weighted-majority needs --weight"),
        (["--by", "majority", "--k", "0,2"], "--k takes positive numbers"),
        (["--by", "majority", "--k", "two"], "--k takes numbers"),
        (["--by", "majority", "--checker", "fuzzy"], "unknown checker 'fuzzy'"),
        (["--by", "majority", "--weight-mode", "log"], "unknown --weight-mode"),
        (["--by", "majority", "--draws", "0"], "--draws must be at least 1"),
        (["--by", "majority", "--plot", "/no/such/dir/p.png"], "no such directory"),
    ],
)
def test_usage_errors(runner, tmp_path, args, message):
    rows = [{"id": f"a{s}", "problem_id": "a", "answer": "1", "correct": True, "sample": s}
            for s in range(3)]
    path = write_jsonl(tmp_path / "t.jsonl", rows)
    result = runner.invoke(app, ["select", str(path), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (tmp_path / "o").exists()


def test_plot_without_matplotlib_says_how_to_install(runner, scored, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "matplotlib" else real(name, *a))
    result = runner.invoke(app, ["select", str(scored), "-o", "-", "--by", "majority",
                                 "--plot", str(tmp_path / "p.png")])
    assert result.exit_code == 2
    assert "pip install 'star-cli[plot]'" in result.output


def test_inputs_in_any_layout_and_order(runner, scored, tmp_path):
    """A problem split over files, a JSON array (read back by reading it again) and gzip:
    the same picks as from the one file, whatever the order of the inputs."""
    import gzip

    rows = _rows(scored)
    folder = tmp_path / "dir"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", rows[:4])
    write_jsonl(folder / "b.jsonl", rows[4:8][::-1])
    array = tmp_path / "rest.json"
    array.write_text(json.dumps(rows[8:10]))
    packed = tmp_path / "last.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as f:
        f.write("".join(json.dumps(r) + "\n" for r in rows[10:]))
    metrics = tmp_path / "m.json"
    args = ["-o", "-", "--by", "majority", "--k", "3", "--draws", "5", "-q",
            "--metrics", str(metrics)]  # C(6,3) = 20 > 5 draws: sampled, seeded
    want = runner.invoke(app, ["select", str(scored), *args])
    want_metrics = json.loads(metrics.read_text())["metrics"]
    assert not want_metrics["majority@k"][0]["exact"]
    for inputs in ([folder, array, packed], [packed, array, folder]):
        got = runner.invoke(app, ["select", *map(str, inputs), *args])
        assert got.exit_code == 0, got.output
        assert got.stdout == want.stdout
        assert json.loads(metrics.read_text())["metrics"] == want_metrics
