"""Families and their options, read from reasoning-gym's registry."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from star_cli.errors import UsageError

REPO = Path(__file__).resolve().parents[2]


def test_importing_star_cli_gym_does_not_import_reasoning_gym():
    code = ("import sys, star_cli.gym; "
            "print(sorted(m for m in ('reasoning_gym', 'numpy', 'sympy') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_public_names_are_all_there():
    import star_cli.gym as gym

    assert sorted(gym.__all__) == sorted(set(gym.__all__))
    for name in gym.__all__:
        assert hasattr(gym, name), name


pytest.importorskip("reasoning_gym")

from star_cli.gym import BROKEN, family_info, family_names  # noqa: E402
from star_cli.gym.families import registry  # noqa: E402


def test_the_families_are_reasoning_gyms_without_its_composite():
    names = family_names()
    assert names == sorted(set(registry()) - {"composite"})
    assert len(names) == 105 and "chain_sum" in names and "composite" not in names


def test_a_familys_options_with_types_and_defaults():
    info = family_info("chain_sum")
    assert info.category == "arithmetic" and info.broken is None
    shown = [(o.name, o.type, o.default, o.settable) for o in info.options]
    assert shown == [
        ("min_terms", "int", 2, True), ("max_terms", "int", 6, True),
        ("min_digits", "int", 1, True), ("max_digits", "int", 4, True),
        ("allow_negation", "bool", False, True),
        ("seed", "int or none", None, False), ("size", "int", 500, False),
    ]
    assert [o.name for o in info.settable] == ["min_terms", "max_terms", "min_digits",
                                                "max_digits", "allow_negation"]


def test_option_types_of_other_kinds():
    def types(family):
        return {o.name: o.type for o in family_info(family).options}
    assert types("basic_arithmetic")["whitespace"] == "one of no_space|single|random"
    assert types("basic_arithmetic")["operators"] == "list[str]"
    assert types("word_sorting")["transformation"].startswith("one of lowercase|")
    assert types("time_intervals")["min_date"] == "date"
    assert types("rearc")["diff_ub"] == "float"  # declared int, default 0.2
    assert types("rearc")["rng_difficulty_ranges"] == "list[(float, float)]"
    assert types("figlet_font")["static_word"] == "str or none"
    board = family_info("arc_agi").option("board_format_opts")
    assert not board.settable and board.type == "BoardFormattingOptions"
    assert board.default["col_delimiter"] == " "  # a nested options object, shown as JSON


def test_every_default_parses_as_its_own_option():
    from star_cli.gym.jsonsafe import to_json

    for name in family_names():
        for opt in family_info(name).settable:
            if opt.default is None or isinstance(opt.default, str) and opt.type.startswith("list"):
                continue  # intermediate_integration's `symbols: tuple = "x"`
            assert to_json(opt.parse(opt.default)) == opt.default, (name, opt.name)


def test_broken_families_say_why():
    for name, reason in BROKEN.items():
        assert family_info(name).broken == reason


def test_unknown_families():
    with pytest.raises(UsageError, match="unknown reasoning-gym family 'composite'"):
        family_info("composite")
    with pytest.raises(UsageError, match="did you mean word_ladder"):
        family_info("word_ladders")


def test_no_gold_is_measured():
    assert family_info("rush_hour").no_gold and not family_info("sudoku").no_gold


@pytest.mark.slow
def test_every_family_makes_problems_with_every_default_given_explicitly():
    """Each settable option, given its default as text, is accepted by the family's own
    validation (the parsers agree with reasoning-gym about every type)."""
    from star_cli.gym.families import create, parse_config

    for name in family_names():
        given = {o.name: o.default for o in family_info(name).settable
                 if o.default is not None}
        create(name, seed=0, size=1, config=parse_config(name, given))
