"""Problem rows from reasoning-gym: `star problems gym:NAME --size N --seed S --config K=V`.

A row is one JSON object:

    {"id": "gym:chain_sum:42:0",            # gym:FAMILY[@CONFIG][~nSIZE]:SEED:INDEX, stable
     "question": "...",                      # reasoning-gym's question, verbatim
     "gold": "1234",                         # its answer as text; null when it has none
     "gym": {"family": "chain_sum",          # the family whose scorer judges the row
             "entry": {"answer": ..., "metadata": {...}},   # what that scorer reads
             "types": {"metadata/difficulty/num_terms": "tuple"},  # see jsonsafe.restore
             "config": {"max_terms": 4},     # the options given (parsed, JSON), none: {}
             "seed": 42, "index": 0, "size": 10,   # the family's dataset seed, item, size
             "version": "0.1.25"}}           # reasoning-gym that made it

`@CONFIG` (8 hex digits of the config's hash) is in the id only when options were given, so
two difficulty levels of one family and seed never share ids; `~nSIZE` only for the families
whose problems depend on the dataset's size (families.SIZE_DEPENDENT). The same spec, size,
seed and config give byte-identical rows (dumps_row) in any process: every item is generated
with Python's global `random` seeded from (family, seed, index), since some generators draw
from it (list_functions) instead of their seeded Random.

`mix` draws each problem from one of several families, as reasoning-gym's composite does:
problem i comes from the family that `Random(seed + i).choices(..., weights)` picks, and
family k (in the order given) is the dataset of seed `seed + k + 1`. Its options:
`weights=NAME[:W],NAME[:W],...` (W > 0, default 1) and `NAME.OPTION=VALUE` for one family's
options. A mix row is exactly its own family's row: the same id and content as
`gym:NAME --seed seed+k+1` gives at that index (with the same size).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import random
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from random import Random
from typing import IO, Any

from star_cli.errors import UsageError
from star_cli.gym.families import (
    COMPOSITE,
    MIX,
    SIZE_DEPENDENT,
    GymError,
    create,
    family_info,
    parse_config,
    refuse_broken,
)
from star_cli.gym.jsonsafe import NotJsonSafe, canonical, to_json, to_json_typed

PREFIX = "gym:"
FIELDS = ("id", "question", "gold", "gym")


def make_problems(spec: str, size: int, seed: int,
                  config: Mapping[str, Any] | None = None, *,
                  allow_broken: bool = False) -> Iterator[dict[str, Any]]:
    """Rows for `spec` (a family name or `mix`, with or without the `gym:` prefix). Every
    check (family, options, values, broken families, reasoning-gym's own validation) happens
    here, before the first row; a generator that fails later raises GymError.
    `allow_broken` is for the measurements that keep BROKEN true (bench/gym.py, tests).

    Some generators iterate over sets of strings, whose order follows the process's hash
    seed (word_ladder, ransom_note, knight_swap, isomorphic_strings,
    polynomial_multiplication in reasoning-gym 0.1.25). Unless this process runs with
    PYTHONHASHSEED=0, the rows are therefore made in a child process that does."""
    plan = plan_problems(spec, size, seed, config, allow_broken=allow_broken)
    if sys.flags.hash_randomization == 0 and os.environ.get("PYTHONHASHSEED") == "0":
        return rows_here(plan)
    from star_cli.gym.child import rows_in_child

    return rows_in_child(plan)


@dataclass(frozen=True)
class Plan:
    """What to generate, checked: (family, its parsed config as JSON, its weight) in order;
    one family without a weight unless it is a mix."""

    families: tuple[tuple[str, dict[str, Any], float], ...]
    size: int
    seed: int
    mix: bool

    def to_json(self) -> dict[str, Any]:
        return {"families": [list(f) for f in self.families], "size": self.size,
                "seed": self.seed, "mix": self.mix}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        return cls(tuple((str(n), dict(c), float(w)) for n, c, w in data["families"]),
                   int(data["size"]), int(data["seed"]), bool(data["mix"]))


def plan_problems(spec: str, size: int, seed: int, config: Mapping[str, Any] | None = None,
                  *, allow_broken: bool = False) -> Plan:
    """The checked plan for make_problems; UsageError for anything wrong in it."""
    name = spec.removeprefix(PREFIX)
    config = dict(config or {})
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise UsageError(f"--size must be a non-negative integer, got {size!r}")
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise UsageError(f"--seed must be a non-negative integer, got {seed!r}")
    if name == COMPOSITE:
        raise UsageError(f"use gym:{MIX} with --config weights=NAME:W,... for a composite")
    if name == MIX:
        weights = parse_weights(config.pop("weights", None), allow_broken)
        per_family = _mix_options([n for n, _ in weights], config)
    else:
        family_info(name)  # an unknown family: UsageError listing the known ones
        if not allow_broken:
            refuse_broken(name)
        weights, per_family = [(name, 1.0)], {name: config}
    families = []
    for k, (family, weight) in enumerate(weights):
        parsed = parse_config(family, per_family[family])
        with _quiet():  # reasoning-gym's own validation of the values, with its message
            create(family, seed=_seed(seed, k, name == MIX), size=1, config=parsed)
        families.append((family, to_json(parsed), weight))
    return Plan(tuple(families), size, seed, name == MIX)


def _seed(seed: int, k: int, mix: bool) -> int:
    # reasoning-gym's composite gives its k-th dataset the seed seed + k + 1
    return seed + k + 1 if mix else seed


def rows_here(plan: Plan) -> Iterator[dict[str, Any]]:
    """The plan's rows, made in this process."""
    sources = [_Source(n, _seed(plan.seed, k, plan.mix), plan.size, parse_config(n, c))
               for k, (n, c, _) in enumerate(plan.families)]
    if not plan.mix:
        yield from (sources[0].row(i) for i in range(plan.size))
        return
    w = [weight for _, _, weight in plan.families]
    for i in range(plan.size):
        # reasoning_gym.composite.CompositeDataset.__getitem__'s choice, made here so that the
        # chosen family's item is generated like any other (tests/gym compares the two)
        k = Random(plan.seed + i).choices(range(len(w)), weights=w, k=1)[0]
        yield sources[k].row(i)


class _Source:
    """One family's dataset with its seed, size and config, making rows by index."""

    def __init__(self, family: str, seed: int, size: int, parsed: dict[str, Any]) -> None:
        self.family, self.seed, self.size = family, seed, size
        with _quiet():
            # size 0 is no dataset for some families (their validate wants size > 0)
            self.dataset = create(family, seed=seed, size=max(size, 1), config=parsed)
        self.config = to_json(parsed)
        self.version = _version()

    def row(self, index: int) -> dict[str, Any]:
        item = self._item(index)
        try:
            entry, types = to_json_typed({"answer": item.get("answer"),
                                          "metadata": item.get("metadata", {})})
        except NotJsonSafe as e:
            raise GymError(
                f"gym:{self.family}: problem {index} cannot be stored as JSON: {e}"
            ) from None
        return {
            "id": problem_id(self.family, self.config, self.seed, index, self.size),
            "question": item["question"],
            "gold": gold_text(entry["answer"]),
            "gym": {"family": self.family, "entry": entry, "types": types,
                    "config": self.config, "seed": self.seed, "index": index,
                    "size": self.size, "version": self.version},
        }

    def _item(self, index: int) -> dict[str, Any]:
        state = random.getstate()
        # str seeds are hashed with SHA-512: the same in every process, whatever PYTHONHASHSEED
        random.seed(f"{self.family}:{self.seed}:{index}")
        try:
            with _quiet():
                return self.dataset[index]
        except Exception as e:  # noqa: BLE001 - a family's generator failing is one clear line
            raise GymError(
                f"gym:{self.family}: reasoning-gym failed on problem {index} (seed "
                f"{self.seed}): {type(e).__name__}: {str(e)[:200]}"
            ) from None
        finally:
            random.setstate(state)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    # Some generators print (bf's compiler writes dots); rows may be going to stdout (-o -).
    with contextlib.redirect_stdout(sys.stderr):
        yield


def parse_weights(text: Any, allow_broken: bool = False) -> list[tuple[str, float]]:
    """`a:2,b,c:0.5` -> [("a", 2.0), ("b", 1.0), ("c", 0.5)], in the order given."""
    if not isinstance(text, str) or not text.strip():
        raise UsageError(f"gym:{MIX} needs --config weights=NAME[:W],NAME[:W],...")
    weights: list[tuple[str, float]] = []
    for part in text.split(","):
        name, _, w = part.strip().partition(":")
        name = name.strip()
        try:
            weight = float(w) if w.strip() else 1.0
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight) or weight <= 0:
            raise UsageError(f"gym:{MIX} weights: {part.strip()!r} needs a weight > 0")
        if name in (MIX, COMPOSITE):
            raise UsageError(f"gym:{MIX} weights: a mix cannot contain {name}")
        family_info(name)
        if not allow_broken:
            refuse_broken(name)
        if any(name == n for n, _ in weights):
            raise UsageError(f"gym:{MIX} weights: {name} is listed twice")
        weights.append((name, weight))
    return weights


def _mix_options(names: list[str], config: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """`FAMILY.OPTION=VALUE` options of a mix, by family."""
    per_family: dict[str, dict[str, Any]] = {n: {} for n in names}
    for key, value in config.items():
        family, dot, option = key.partition(".")
        if not dot:
            raise UsageError(
                f"gym:{MIX} option {key!r}: name the family (FAMILY.OPTION=VALUE) or give "
                "weights=NAME[:W],..."
            )
        if family not in per_family:
            raise UsageError(
                f"gym:{MIX} option {key!r}: {family} is not in weights ({', '.join(names)})"
            )
        per_family[family][option] = value
    return per_family


def problem_id(family: str, config: Mapping[str, Any], seed: int, index: int,
               size: int) -> str:
    tag = family
    if config:
        digest = hashlib.blake2b(canonical(config).encode(), digest_size=4).hexdigest()
        tag += f"@{digest}"
    if family in SIZE_DEPENDENT:
        tag += f"~n{size}"
    return f"{PREFIX}{tag}:{seed}:{index}"


def gold_text(answer: Any) -> str | None:
    """The gold as text: the answer itself when it is a string, None when there is none,
    and canonical JSON for anything else (the scorer still gets the stored value)."""
    if answer is None or isinstance(answer, str):
        return answer
    return canonical(answer)


def dumps_row(row: Mapping[str, Any]) -> str:
    """One JSONL line: the row's fields in schema order, UTF-8 text kept, so equal rows are
    equal bytes."""
    ordered = {k: row[k] for k in FIELDS if k in row}
    ordered.update((k, v) for k, v in row.items() if k not in FIELDS)
    return json.dumps(ordered, ensure_ascii=False, allow_nan=False)


def write_problems(rows: Iterator[Mapping[str, Any]], stream: IO[str]) -> int:
    """Write rows as JSONL to `stream`; the number written."""
    n = 0
    for row in rows:
        stream.write(dumps_row(row) + "\n")
        n += 1
    return n


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reasoning-gym")
    except PackageNotFoundError:
        return "unknown"
