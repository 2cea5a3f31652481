"""reasoning-gym's families as star sees them: their options, which are refused, which lack a
gold answer.

The list of families and their options is read from reasoning-gym's own registry
(`reasoning_gym.factory.DATASETS`: name -> (dataset class, config dataclass)), so a new
reasoning-gym release brings its families with it. What cannot be read from the registry is
measured: whether a family's entries carry an answer (`no_gold`), and whether its scorer can be
trusted (BROKEN, kept here and re-measured by tests/gym/test_broken.py and bench/gym.py).
"""

from __future__ import annotations

import difflib
import functools
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from star_cli.errors import StarError, UsageError
from star_cli.gym.options import RESERVED, Option, read_options

# reasoning-gym's composite is star's `mix` (problems.py), not a family of its own.
COMPOSITE = "composite"
MIX = "mix"

# Families star refuses to make or score problems of, with the reason: their scorer cannot
# label an answer, so a STaR dataset filtered by it would keep wrong traces as correct or lose
# wrong ones to errors. Kept only here. Measured with reasoning-gym 0.1.25 by bench/gym.py
# (verdict "broken": a junk or wrong answer scores 1.0, the gold scores < 1.0, or the scorer
# raises on prose); tests/gym/test_broken.py re-measures every entry, so an entry whose
# reason stops being true fails the suite instead of lingering. A scorer that raises only on
# answers of the wrong shape (boxnet on "0", game_of_life on "{}") is kept: those answers
# are recorded as errors, never as correct.
BROKEN: dict[str, str] = {
    "coin_flip": (
        "its scorer gives 1.0 to any answer whose digits are a prefix of the gold's: "
        "'0' and '0.31' both score 1.0 for 0.3125"
    ),
    "game_of_life_halting": (
        "its scorer compares bool(answer) with bool(gold), and both golds ('True', 'False') "
        "are non-empty strings, so any non-empty answer ('zzz junk') scores 1.0"
    ),
    "prime_factorization": (
        "its scorer raises ValueError on any answer that is not integers joined by '×' "
        "('The answer is 2 × 3', '6.', 'zzz junk'), so most wrong answers are errors, "
        "not mismatches"
    ),
}

# Families that build their whole dataset up front from (seed, size), so that problem i of
# --size 10 is not problem i of --size 20: their ids name the size (problems.py). Measured by
# bench/gym.py ("rows depend on --size"); tests/gym/test_broken.py re-measures each entry.
SIZE_DEPENDENT = frozenset({"acre"})

# How many entries no_gold looks at: a family either never has a gold answer or always has.
_GOLD_PROBE = 3


class GymError(StarError):
    """reasoning-gym failed on a family (its generator raised): one line, exit code 2."""

    exit_code = 2


@dataclass(frozen=True)
class FamilyInfo:
    """A family: its name, reasoning-gym's category, its options, and why star refuses it
    (None when it does not)."""

    name: str
    category: str
    options: tuple[Option, ...]
    broken: str | None

    def option(self, name: str) -> Option:
        for opt in self.options:
            if opt.name == name:
                return opt
        raise KeyError(name)

    @property
    def settable(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.settable)

    @property
    def no_gold(self) -> bool:
        """Measured on first use (it generates a few problems): see no_gold()."""
        return no_gold(self.name)


def registry() -> Mapping[str, tuple[type, type]]:
    """reasoning-gym's registry of families (imports reasoning_gym: heavy, hence here)."""
    try:
        from reasoning_gym.factory import DATASETS
    except ImportError:
        raise UsageError(
            "reasoning-gym is not installed (pip install 'star-cli[gym]')"
        ) from None
    return DATASETS


def family_names() -> list[str]:
    """Every family star can use, sorted (broken ones included: family_info says why)."""
    return sorted(n for n in registry() if n != COMPOSITE)


def all_families() -> list[FamilyInfo]:
    """Every family's info, sorted by name (what `star problems gym --list` shows)."""
    return [family_info(n) for n in family_names()]


@functools.cache
def family_info(name: str) -> FamilyInfo:
    """A family's options and status; UsageError naming the known families if unknown."""
    reg = registry()
    if name not in reg or name == COMPOSITE:
        raise unknown_family(name)
    dataset_cls, config_cls = reg[name]
    module = dataset_cls.__module__.split(".")
    category = module[1] if len(module) >= 3 else "other"
    return FamilyInfo(name, category, read_options(config_cls), BROKEN.get(name))


def unknown_family(name: str) -> UsageError:
    known = family_names()
    near = difflib.get_close_matches(name, known, n=3)
    hint = f"did you mean {', '.join(near)}? " if near else ""
    return UsageError(
        f"unknown reasoning-gym family {name!r}; {hint}known families ({len(known)}, "
        f"and {MIX} for a weighted mix): {', '.join(known)}"
    )


def refuse_broken(name: str) -> None:
    """UsageError with the reason when star does not trust this family's scorer."""
    if name in BROKEN:
        raise UsageError(f"gym:{name} is refused: {BROKEN[name]}")


def parse_config(name: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """`config` (text from --config, or the JSON values a row stored) as the values the
    family's config dataclass takes; UsageError naming the family and option otherwise."""
    info = family_info(name)
    parsed = {}
    for key, value in config.items():
        if key in RESERVED:
            raise UsageError(f"gym:{name}: {key} is set by --{key}, not by --config")
        try:
            opt = info.option(key)
        except KeyError:
            known = ", ".join(o.name for o in info.settable) or "none"
            raise UsageError(
                f"gym:{name} has no option {key!r}; its options: {known}"
            ) from None
        try:
            parsed[key] = opt.parse(value)
        except ValueError as e:
            raise UsageError(f"gym:{name} option {key}: {e}") from None
    return parsed


def create(name: str, *, seed: int, size: int, config: Mapping[str, Any]) -> Any:
    """reasoning-gym's dataset for `name` with the parsed `config`; a config its own
    validation refuses is a UsageError naming the family."""
    from reasoning_gym import create_dataset

    try:
        return create_dataset(name, seed=seed, size=size, **config)
    except (AssertionError, ValueError, TypeError) as e:
        raise UsageError(f"gym:{name}: invalid config: {_why(e)}") from None


def _why(e: BaseException) -> str:
    """The exception's message; for a bare `assert` in a config's validate(), the assert's
    own source line (reasoning-gym's asserts often carry no message)."""
    if str(e):
        return str(e)
    frames = traceback.extract_tb(e.__traceback__)
    line = frames[-1].line if frames else None
    return line.strip() if line else type(e).__name__


@functools.cache
def no_gold(name: str) -> bool:
    """Measured: do this family's entries come without an answer (None)? Such families are
    scored by checking the answer itself (a colouring, a path); rationalize has no gold to
    show as a hint. Looks at the first few entries of seed 0 with the default config."""
    dataset = create(name, seed=0, size=_GOLD_PROBE, config={})
    try:
        return all(dataset[i]["answer"] is None for i in range(_GOLD_PROBE))
    except Exception as e:  # noqa: BLE001 - a family's generator failing is reported, not raised
        raise GymError(f"gym:{name}: reasoning-gym failed: {type(e).__name__}: {e}") from None
