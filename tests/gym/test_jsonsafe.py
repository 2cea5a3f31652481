"""Deterministic JSON copies of reasoning-gym values, and the types put back for scorers."""

from __future__ import annotations

import datetime
import enum
import json
from fractions import Fraction

import pytest

from star_cli.gym.jsonsafe import NotJsonSafe, canonical, restore, to_json, to_json_typed


class Colour(enum.Enum):
    RED = "red"


class Word(str, enum.Enum):
    UP = "uppercase"


def test_plain_values_pass_and_odd_ones_become_json():
    value = {"b": (1, 2), "a": {3, 1, 2}, "c": Colour.RED, "w": Word.UP,
             "d": datetime.date(2020, 1, 2), "t": datetime.time(1, 2), "f": Fraction(1, 3),
             "n": [None, True, 1.5, "x"], "inf": float("inf")}
    copied = to_json(value)
    assert list(copied) == sorted(copied)
    assert copied == {"a": [1, 2, 3], "b": [1, 2], "c": "red", "d": "2020-01-02",
                      "f": "1/3", "inf": "inf", "n": [None, True, 1.5, "x"],
                      "t": "01:02:00", "w": "uppercase"}
    json.dumps(copied, allow_nan=False)


def test_numpy_values_become_python_values():
    np = pytest.importorskip("numpy")
    copied = to_json({"i": np.int64(3), "f": np.float32(0.5), "s": np.str_("x"),
                      "a": np.array([[1, 2], [3, 4]])})
    assert copied == {"a": [[1, 2], [3, 4]], "f": 0.5, "i": 3, "s": "x"}
    assert type(copied["i"]) is int and type(copied["s"]) is str


def test_sets_and_dicts_come_out_in_one_order_whatever_the_insertion_order():
    words = ["pear", "apple", "fig", "kiwi"]
    first = to_json({"s": set(words), "d": {w: len(w) for w in words}})
    second = to_json({"d": {w: len(w) for w in reversed(words)}, "s": set(reversed(words))})
    assert canonical(first) == canonical(second)


def test_unknown_objects_are_refused_not_guessed():
    with pytest.raises(NotJsonSafe, match="object"):
        to_json({"x": object()})


def test_tuples_sets_and_int_keys_are_recorded_and_put_back():
    value = {"board": ((1, 2), (3, 4)), "seen": {(0, 1), (2, 3)}, "frozen": frozenset({"a"}),
             "colours": {0: "red", 1: "blue"}, "plain": [1, [2]], "empty": ()}
    copied, types = to_json_typed(value)
    assert types == {"board": "tuple", "board/*": "tuple", "colours": "int_keys",
                     "empty": "tuple", "frozen": "frozenset", "seen": "set",
                     "seen/*": "tuple"}
    back = restore(json.loads(json.dumps(copied)), types)
    assert back == value
    assert type(back["board"][0]) is tuple and type(back["plain"][1]) is list


def test_restore_without_types_is_the_copy():
    copied = to_json({"a": (1,)})
    assert restore(copied, {}) is copied
