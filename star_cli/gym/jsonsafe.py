"""Deterministic JSON-safe copies of reasoning-gym values.

Entries carry numpy scalars and arrays, tuples, sets, enums, dates and nested dicts whose key
order can follow set iteration (which changes with PYTHONHASHSEED). A problem file must be
byte-identical for the same spec, size, seed and config in any process, so every container
is rebuilt in an order that depends only on its content: dict keys sorted, sets sorted by
their elements' canonical JSON.

Some scorers compare with the types the generator made (ARC compares a parsed board, a tuple
of tuples, with the stored one), so `to_json_typed` also returns where the copy changed a type:
{path: tag}, a path being the keys from the root joined by "/" with "*" for every list
position, a tag one of tuple, set, frozenset, int_keys. `restore` puts those types back. The
survey (bench/gym.py) re-scores every family from a restored copy and compares.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any


class NotJsonSafe(TypeError):
    """A value of a type this module does not know how to copy faithfully."""


TAGS = ("tuple", "set", "frozenset", "int_keys")


def to_json(value: Any) -> Any:
    """A copy of `value` made only of dict (str keys, sorted), list, str, int, float (finite),
    bool and None. Raises NotJsonSafe for a type it does not know, rather than guessing with
    repr() (which can hold memory addresses, and so differ between processes)."""
    return _copy(value, "", None)


def to_json_typed(value: Any) -> tuple[Any, dict[str, str]]:
    """(to_json(value), where it changed a type that `restore` puts back)."""
    types: dict[str, str] = {}
    copied = _copy(value, "", types)
    return copied, dict(sorted(types.items()))


def restore(value: Any, types: Mapping[str, str]) -> Any:
    """The JSON copy with the recorded tuples, sets and int keys put back."""
    return _restore(value, "", types) if types else value


def _restore(value: Any, path: str, types: Mapping[str, str]) -> Any:
    tag = types.get(path)
    if isinstance(value, list):
        items = [_restore(v, _child(path, "*"), types) for v in value]
        if tag in ("set", "frozenset"):
            return (set if tag == "set" else frozenset)(_hashable(v) for v in items)
        return tuple(items) if tag == "tuple" else items
    if isinstance(value, dict):
        items = {k: _restore(v, _child(path, k), types) for k, v in value.items()}
        if tag == "int_keys":
            return {int(k): v for k, v in items.items()}
        return items
    return value


def _hashable(value: Any) -> Any:
    # a set's elements were hashable: a list inside one was a tuple with no recorded tag only
    # when it was empty or the record was lost; a tuple is the faithful guess
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def _child(path: str, key: str) -> str:
    return f"{path}/{key}" if path else key


def _note(types: dict[str, str] | None, path: str, tag: str) -> None:
    if types is not None:
        types.setdefault(path, tag)


def _copy(value: Any, path: str, types: dict[str, str] | None) -> Any:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):  # before str: a str enum's str() is its qualified name
        return _copy(value.value, path, types)
    if isinstance(value, str):
        return str.__str__(value)  # numpy.str_ and other str subclasses: a plain str
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (Fraction, Decimal)):
        return str(value)
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, Mapping):
        if value and all(isinstance(k, int) and not isinstance(k, bool) for k in value):
            _note(types, path, "int_keys")
        items = [(k, _copy(v, _child(path, k), types))
                 for k, v in ((_key(k), v) for k, v in value.items())]
        return dict(sorted(items, key=lambda kv: kv[0]))
    if isinstance(value, (set, frozenset)):
        _note(types, path, "set" if isinstance(value, set) else "frozenset")
        return sorted((_copy(v, _child(path, "*"), types) for v in value), key=canonical)
    if isinstance(value, (list, tuple, range)):
        if isinstance(value, tuple):
            _note(types, path, "tuple")
        return [_copy(v, _child(path, "*"), types) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
        return _copy(fields, path, types)
    numpy_value = _numpy(value)
    if numpy_value is not _NOT_NUMPY:
        return _copy(numpy_value, path, types)
    raise NotJsonSafe(f"cannot store a {type(value).__module__}.{type(value).__qualname__}")


def canonical(value: Any) -> str:
    """The one JSON text of a JSON-safe value (sorted keys, no spaces, UTF-8 kept)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _key(key: Any) -> str:
    # JSON keys are strings; an int key comes back as "3". Scorers that index a metadata
    # dict by int would then miss; the survey's round-trip check catches such a family.
    key = to_json(key)
    return key if isinstance(key, str) else canonical(key)


def _float(value: float) -> float | str:
    # NaN and infinities are not JSON (json.dumps writes them, strict readers refuse them).
    return value if math.isfinite(value) else repr(value)


_NOT_NUMPY = object()


def _numpy(value: Any) -> Any:
    """numpy scalars and arrays as Python values, without importing numpy here."""
    if type(value).__module__ != "numpy":
        return _NOT_NUMPY
    tolist = getattr(value, "tolist", None)
    return tolist() if callable(tolist) else _NOT_NUMPY
