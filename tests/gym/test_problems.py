"""star problems gym:NAME as a library: rows, seeds, options, errors, mixes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("reasoning_gym")

from star_cli.errors import UsageError  # noqa: E402
from star_cli.gym import (  # noqa: E402
    BROKEN,
    GymError,
    dumps_row,
    make_problems,
    no_gold,
    write_problems,
)
from star_cli.gym.families import SIZE_DEPENDENT  # noqa: E402
from star_cli.gym.problems import Plan, plan_problems, rows_here  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def rows(spec: str, size: int = 4, seed: int = 0, **config: str) -> list[dict]:
    """make_problems' rows, made in this process (make_problems itself uses a child process
    unless PYTHONHASHSEED=0: tested below, but seconds per call on a loaded machine)."""
    return list(rows_here(plan_problems(spec, size, seed, config)))


def jsonl(spec: str, size: int, seed: int, config: dict[str, str] | None = None) -> str:
    out = io.StringIO()
    write_problems(make_problems(spec, size, seed, config), out)
    return out.getvalue()


def test_make_problems_rows_are_the_rows_made_here():
    # families whose rows do not follow the hash seed (word_ladder's do: see below)
    made = jsonl("mix", 6, 2, {"weights": "chain_sum,spell_backward"})
    here = rows("mix", 6, 2, weights="chain_sum,spell_backward")
    assert made == "".join(dumps_row(r) + "\n" for r in here)


# -- rows ---------------------------------------------------------------------------------------

def test_a_row_has_id_question_gold_and_what_the_scorer_needs():
    row = rows("gym:chain_sum", size=1, seed=42)[0]
    assert list(row) == ["id", "question", "gold", "gym"]
    assert row["id"] == "gym:chain_sum:42:0"
    assert isinstance(row["question"], str) and row["question"]
    assert isinstance(row["gold"], str) and row["gold"] == row["gym"]["entry"]["answer"]
    gym = row["gym"]
    assert gym["family"] == "chain_sum" and gym["seed"] == 42 and gym["index"] == 0
    assert gym["config"] == {} and gym["size"] == 1 and gym["version"] == "0.1.25"
    assert set(gym["entry"]) == {"answer", "metadata"}
    # the generator's tuples are recorded, so the scorer can get them back
    assert gym["types"]["metadata/difficulty/num_terms"] == "tuple"


def test_rows_are_json_and_survive_a_round_trip():
    def strict(constant: str) -> None:
        pytest.fail(f"{constant} in JSON")

    for spec in ("chain_sum", "rearc", "graph_color", "knights_knaves", "advanced_geometry"):
        for row in rows(spec, size=3):
            line = dumps_row(row)
            assert json.loads(line, parse_constant=strict) == row, spec
            assert "\n" not in line


def test_same_seed_same_rows_other_seed_other_rows():
    assert rows("chain_sum", 5, 3) == rows("chain_sum", 5, 3)
    assert rows("chain_sum", 5, 3) != rows("chain_sum", 5, 4)


def test_ids_are_stable_across_sizes_and_name_the_config():
    small, big = rows("chain_sum", size=2), rows("chain_sum", size=5)
    assert [r["id"] for r in small] == [r["id"] for r in big[:2]]
    assert small == [{**r, "gym": {**r["gym"], "size": 2}} for r in big[:2]]
    hard = rows("chain_sum", size=2, max_terms="3")
    assert hard[0]["id"].startswith("gym:chain_sum@") and hard[0]["id"].endswith(":0:0")
    assert hard[0]["id"] != small[0]["id"]
    # the same options, written differently, are the same config
    assert rows("chain_sum", size=1, max_terms="03")[0]["id"] == hard[0]["id"]


def test_a_family_that_builds_its_dataset_from_its_size_names_the_size_in_ids():
    assert "acre" in SIZE_DEPENDENT
    three, five = rows("acre", size=3), rows("acre", size=5)
    assert three[0]["id"] == "gym:acre~n3:0:0" and five[0]["id"] == "gym:acre~n5:0:0"


def _subprocess_jsonl(hash_seed: str) -> str:
    code = (
        "import sys; from star_cli.gym import make_problems, write_problems\n"
        "for spec, cfg in [('chain_sum', {}), ('word_ladder', {}), "
        "('mix', {'weights': 'ransom_note:2,list_functions'})]:\n"
        "    write_problems(make_problems(spec, 4, 11, cfg), sys.stdout)\n"
    )
    env = dict(os.environ, PYTHONHASHSEED=hash_seed, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=600, check=True)
    return done.stdout


@pytest.mark.slow  # three interpreters, each importing reasoning-gym and making rows
def test_rows_are_byte_identical_across_processes_and_hash_seeds():
    # word_ladder and ransom_note iterate over sets of strings, list_functions draws from the
    # global random: the three ways a family's rows could differ between processes.
    # PYTHONHASHSEED=0 makes rows in-process; the others through the PYTHONHASHSEED=0 child.
    outputs = {seed: _subprocess_jsonl(seed) for seed in ("0", "1", "2")}
    assert outputs["0"] == outputs["1"] == outputs["2"]
    assert len(outputs["0"].splitlines()) == 12


def test_generator_output_never_reaches_stdout(capfd):
    # bf's compiler prints dots while it generates; rows may be streaming to stdout (-o -)
    list(rows_here(plan_problems("bf", 2, 0)))
    assert capfd.readouterr().out == ""


# -- options ------------------------------------------------------------------------------------

def test_difficulty_options_reach_the_generator():
    for row in rows("chain_sum", size=6, min_terms="2", max_terms="2", max_digits="1"):
        assert row["gym"]["entry"]["metadata"]["num_terms"] == 2
        assert row["gym"]["config"] == {"min_terms": 2, "max_terms": 2, "max_digits": 1}
    for row in rows("basic_arithmetic", size=6, operators="+", allow_parentheses="false"):
        expression = row["gym"]["entry"]["metadata"]["expression"]
        assert set(expression) <= set("0123456789+- ") and "(" not in expression
    for row in rows("letter_counting", size=4, min_words="2", max_words="2"):
        assert row["gym"]["entry"]["metadata"]["span_length"] == 2


def test_option_values_of_every_kind_parse():
    word = rows("word_sorting", size=1, transformation="uppercase")[0]
    assert word["gym"]["config"] == {"transformation": "uppercase"}
    spaced = rows("basic_arithmetic", size=1, whitespace="no_space", operators="+,*")[0]
    assert spaced["gym"]["config"] == {"whitespace": "no_space", "operators": ["+", "*"]}
    dated = rows("time_intervals", size=1, min_date="2000-01-01", max_date="2001-01-01",
                 task_types="date")[0]
    assert dated["gym"]["config"]["min_date"] == "2000-01-01"
    # rearc declares `diff_ub: int = 0.2`: the default's type wins, so 0.1 is accepted
    assert rows("rearc", size=1, diff_ub="0.1")[0]["gym"]["config"] == {"diff_ub": 0.1}
    # a JSON list for a list of pairs
    pairs = "[[0.0, 0.05], [0.05, 0.1]]"
    arc = rows("rearc", size=1, rng_difficulty_ranges=pairs,
               rng_difficulty_weights="0.5,0.5")[0]
    assert arc["gym"]["config"]["rng_difficulty_ranges"] == [[0.0, 0.05], [0.05, 0.1]]


def test_an_option_given_again_from_its_stored_value_is_the_same_config():
    row = rows("time_intervals", size=1, min_date="2000-01-01", task_types="date,time")[0]
    again = rows("time_intervals", size=1, **row["gym"]["config"])[0]
    assert again == row


# -- errors -------------------------------------------------------------------------------------

def test_an_unknown_family_is_named_with_the_known_ones():
    with pytest.raises(UsageError) as e:
        rows("chain_sums")
    text = str(e.value)
    assert "'chain_sums'" in text and "did you mean chain_sum" in text
    assert "word_ladder" in text and "mix" in text
    assert e.value.exit_code == 2


def test_an_unknown_option_is_named_with_the_family_and_its_options():
    with pytest.raises(UsageError) as e:
        rows("chain_sum", max_term="3")
    assert "gym:chain_sum has no option 'max_term'" in str(e.value)
    assert "max_terms" in str(e.value) and "min_digits" in str(e.value)


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("max_terms", "many", "expected an integer"),
    ("max_terms", "2.5", "expected an integer"),
    ("allow_negation", "perhaps", "expected true or false"),
])
def test_a_bad_value_names_the_option_its_type_and_the_family(option, value, expected):
    with pytest.raises(UsageError) as e:
        rows("chain_sum", **{option: value})
    assert f"gym:chain_sum option {option}: {expected}, got {value!r}" == str(e.value)


def test_bad_values_of_other_kinds():
    with pytest.raises(UsageError, match=r"one of lowercase\|uppercase\|original\|randomcase"):
        rows("word_sorting", transformation="shouting")
    with pytest.raises(UsageError, match="expected a finite number"):
        rows("gsm_symbolic", difficulty="nan")
    with pytest.raises(UsageError, match="expected an ISO date"):
        rows("time_intervals", min_date="yesterday")
    with pytest.raises(UsageError, match="cannot be set from the command line"):
        rows("rearc", board_format_opts="x")


def test_seed_and_size_are_not_config():
    with pytest.raises(UsageError, match="seed is set by --seed, not by --config"):
        make_problems("chain_sum", 3, 0, {"seed": "3"})
    with pytest.raises(UsageError, match="size is set by --size, not by --config"):
        make_problems("chain_sum", 3, 0, {"size": "3"})
    with pytest.raises(UsageError, match="must be a non-negative integer"):
        make_problems("chain_sum", -1, 0)
    with pytest.raises(UsageError, match="must be a non-negative integer"):
        make_problems("chain_sum", 3, -5)


def test_reasoning_gyms_own_validation_is_a_usage_error_naming_the_family():
    with pytest.raises(UsageError, match="gym:chain_sum: invalid config"):
        rows("chain_sum", min_terms="5", max_terms="2")
    # an assert without a message is shown by its source line
    with pytest.raises(UsageError) as e:
        rows("gsm_symbolic", difficulty="0.5")
    assert "invalid config: assert 1.0 <= self.difficulty <= 1.0" in str(e.value)


def test_errors_come_before_the_first_row():
    # make_problems checks everything when called, not when the rows are first read
    with pytest.raises(UsageError):
        make_problems("chain_sum", 3, 0, {"max_term": "3"})
    with pytest.raises(UsageError):
        make_problems("chain_sum", 3, 0, {"min_terms": "5", "max_terms": "2"})


def test_a_generator_that_fails_is_one_line_and_exit_code_2(monkeypatch):
    from reasoning_gym.factory import DATASETS

    cls = DATASETS["chain_sum"][0]

    def fail(self, idx):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cls, "__getitem__", fail)
    with pytest.raises(GymError) as e:
        list(rows_here(plan_problems("chain_sum", 2, 5)))
    assert str(e.value).startswith("gym:chain_sum: reasoning-gym failed on problem 0 (seed 5)")
    assert e.value.exit_code == 2


def test_a_failure_in_the_child_comes_back_as_one_line():
    from star_cli.gym.child import rows_in_child

    plan = Plan((("no_such_family", {}, 1.0),), 2, 0, False)
    with pytest.raises(GymError) as e:
        list(rows_in_child(plan))
    assert "no_such_family" in str(e.value) and "\n" not in str(e.value)
    assert e.value.exit_code == 2


# -- refused and gold-less families -------------------------------------------------------------

@pytest.mark.parametrize("family", sorted(BROKEN))
def test_a_broken_family_is_refused_with_its_reason(family):
    with pytest.raises(UsageError) as e:
        rows(family)
    assert f"gym:{family} is refused: {BROKEN[family]}" == str(e.value)
    with pytest.raises(UsageError, match="is refused"):
        rows("mix", weights=f"chain_sum,{family}")


def test_a_family_without_gold_makes_rows_with_gold_null():
    assert no_gold("graph_color") and not no_gold("chain_sum")
    for row in rows("graph_color", size=3):
        assert row["gold"] is None and row["gym"]["entry"]["answer"] is None
        assert json.loads(dumps_row(row))["gold"] is None


# -- mix ----------------------------------------------------------------------------------------

def test_a_mix_follows_its_weights():
    mixed = rows("mix", size=300, seed=1, weights="chain_sum:3,spell_backward:1")
    counts = {f: sum(r["gym"]["family"] == f for r in mixed)
              for f in ("chain_sum", "spell_backward")}
    assert sum(counts.values()) == 300
    assert 0.65 < counts["chain_sum"] / 300 < 0.85


def test_a_mix_row_is_its_familys_row():
    mixed = rows("mix", size=8, seed=10, weights="chain_sum:1,spell_backward:1",
                 **{"chain_sum.max_terms": "3"})
    alone = {
        "chain_sum": rows("chain_sum", size=8, seed=11, max_terms="3"),
        "spell_backward": rows("spell_backward", size=8, seed=12),
    }
    assert {r["gym"]["family"] for r in mixed} == {"chain_sum", "spell_backward"}
    for i, row in enumerate(mixed):
        assert row == alone[row["gym"]["family"]][i]


def test_a_mix_chooses_as_reasoning_gyms_composite_does():
    from reasoning_gym.composite import CompositeConfig, CompositeDataset, DatasetSpec

    composite = CompositeDataset(CompositeConfig(size=30, seed=7, datasets=[
        DatasetSpec("chain_sum", 2.0, {}), DatasetSpec("spell_backward", 1.0, {}),
        DatasetSpec("gcd", 0.5, {}),
    ]))
    mixed = rows("mix", size=30, seed=7, weights="chain_sum:2,spell_backward,gcd:0.5")
    for i, row in enumerate(mixed):
        theirs = composite[i]
        assert row["gym"]["family"] == theirs["metadata"]["source_dataset"]
        assert row["question"] == theirs["question"] and row["gold"] == theirs["answer"]


@pytest.mark.parametrize(("config", "message"), [
    ({}, "needs --config weights="),
    ({"weights": "chain_sum:0"}, "needs a weight > 0"),
    ({"weights": "chain_sum:-1"}, "needs a weight > 0"),
    ({"weights": "chain_sum:x"}, "needs a weight > 0"),
    ({"weights": "chain_sum,chain_sum:2"}, "listed twice"),
    ({"weights": "chain_sum,mix"}, "cannot contain mix"),
    ({"weights": "chain_sum,nope"}, "unknown reasoning-gym family 'nope'"),
    ({"weights": "chain_sum", "max_terms": "3"}, "name the family"),
    ({"weights": "chain_sum", "gcd.max_value": "3"}, "gcd is not in weights"),
    ({"weights": "chain_sum", "chain_sum.max_terms": "x"}, "gym:chain_sum option max_terms"),
])
def test_mix_errors(config, message):
    with pytest.raises(UsageError, match=message):
        make_problems("mix", 3, 0, config)


def test_composite_is_spelled_mix():
    with pytest.raises(UsageError, match="use gym:mix"):
        make_problems("composite", 3, 0)
