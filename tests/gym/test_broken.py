"""Re-measure every entry of BROKEN and SIZE_DEPENDENT, so the lists stay true.

Each BROKEN family has a measurement here that shows its reason on fresh problems, run
against reasoning-gym's own scorer (in this process) and through star's scorer (allowed for
the measurement). A family whose scorer gets fixed fails its test: take it off the list. The
slow test runs the whole survey (bench/gym.py) and checks that the lists are also complete.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("reasoning_gym")

from star_cli.gym import BROKEN, score_answer  # noqa: E402
from star_cli.gym.families import SIZE_DEPENDENT, create  # noqa: E402
from star_cli.gym.problems import plan_problems, rows_here  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def rows(family: str, size: int = 5, seed: int = 0) -> list[dict]:
    return list(rows_here(plan_problems(family, size, seed, allow_broken=True)))


def theirs(family: str) -> Callable[[str, dict], float]:
    """reasoning-gym's own scorer of the family, called as reasoning-gym calls it."""
    from star_cli.gym.jsonsafe import restore

    dataset = create(family, seed=0, size=1, config={})
    return lambda answer, row: dataset.score_answer(
        answer, restore(row["gym"]["entry"], row["gym"]["types"]))


def measure_coin_flip(workers) -> None:
    score = theirs("coin_flip")
    shown = 0
    for row in rows("coin_flip", size=8):
        gold = row["gold"]
        if not (gold.startswith("0.") and len(gold) > 5):
            continue  # a probability of 1, or too short to have a wrong prefix
        shown += 1
        for answer in ("0", gold[:4]):  # digit prefixes of the gold, and far from it
            assert abs(float(answer) - float(gold)) > 1e-3
            assert score(answer, row) == 1.0, (answer, gold)
            assert score_answer(row["gym"], answer, workers=workers,
                                allow_broken=True).correct
    assert shown >= 3


def measure_game_of_life_halting(workers) -> None:
    score = theirs("game_of_life_halting")
    golds = set()
    for row in rows("game_of_life_halting", size=8):
        golds.add(row["gold"])
        for junk in ("zzz junk", "no idea", "True" if row["gold"] == "False" else "False"):
            assert score(junk, row) == 1.0
        assert score_answer(row["gym"], "zzz junk", workers=workers, allow_broken=True).correct
    assert golds <= {"True", "False"}


def measure_prime_factorization(workers) -> None:
    score = theirs("prime_factorization")
    for row in rows("prime_factorization"):
        assert score(row["gold"], row) == 1.0
        for prose in ("zzz junk", f"The answer is {row['gold']}", f"{row['gold']}."):
            with pytest.raises(ValueError):
                score(prose, row)
            verdict = score_answer(row["gym"], prose, workers=workers, allow_broken=True)
            assert verdict.reason == "error" and "ValueError" in verdict.detail


MEASURE = {
    "coin_flip": measure_coin_flip,
    "game_of_life_halting": measure_game_of_life_halting,
    "prime_factorization": measure_prime_factorization,
}


def test_every_broken_family_has_a_measurement():
    assert set(MEASURE) == set(BROKEN)


@pytest.mark.parametrize("family", sorted(BROKEN))
def test_the_reason_a_family_is_broken_still_holds(family, gym_workers):
    MEASURE[family](gym_workers)


@pytest.mark.parametrize("family", sorted(SIZE_DEPENDENT))
def test_a_size_dependent_family_still_depends_on_size(family):
    def content(row: dict) -> tuple:
        return row["question"], row["gold"]
    assert [content(r) for r in rows(family, size=3)] != [content(r) for r in rows(family)[:3]]


def test_a_family_off_the_size_list_does_not_depend_on_size():
    for family in ("chain_sum", "list_functions", "word_ladder"):
        three = [(r["question"], r["gold"]) for r in rows(family, size=3)]
        assert three == [(r["question"], r["gold"]) for r in rows(family, size=6)[:3]], family


@pytest.mark.slow
def test_the_survey_finds_exactly_the_listed_families(tmp_path):
    """bench/gym.py over every family: broken ones are BROKEN, size-dependent ones are
    SIZE_DEPENDENT, every generator runs, every gold scores 1.0 from its stored row."""
    out = tmp_path / "survey.json"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, str(REPO / "bench" / "gym.py"), "--json", str(out)],
                   env=env, check=True, capture_output=True, timeout=1800)
    results = json.loads(out.read_text())
    by = {}
    for r in results:
        by.setdefault(r["verdict"], set()).add(r["family"])
    assert by.get("broken", set()) == set(BROKEN)
    assert not by.get("gen-fails") and not by.get("gold-fails")
    assert by["no-gold"] == {"boxnet", "graph_color", "propositional_logic", "rubiks_cube",
                             "rush_hour"}
    assert {r["family"] for r in results if not r["prefix"]} == set(SIZE_DEPENDENT)
    assert all(r["roundtrip"] for r in results)
