"""A family's config options, read from its config dataclass, and the parsing of their values.

Every value arrives as text (`--config max_terms=4`) or, when a problem row is re-scored, as
the JSON value stored in the row; both go through the same coercion into the type the field
declares, so a stored config rebuilds exactly the dataset that made the row. Sequences take
`a,b,c` or a JSON array (`[[0.0, 0.1], [0.1, 0.2]]` for a list of pairs).
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import math
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from star_cli.gym.jsonsafe import NotJsonSafe, to_json

# Set by --seed and --size, never by --config.
RESERVED = ("seed", "size")

Coerce = Callable[[Any], Any]


@dataclass(frozen=True)
class Option:
    """One config field of a family: its name, its type as `star problems gym --list` shows
    it, its default (JSON-safe), and whether --config can set it."""

    name: str
    type: str
    default: Any
    settable: bool = True
    coerce: Coerce | None = field(default=None, repr=False, compare=False)

    def parse(self, value: Any) -> Any:
        """The value for the config dataclass; ValueError says what was expected."""
        if not self.settable or self.coerce is None:
            raise ValueError(f"cannot be set from the command line (type {self.type})")
        return self.coerce(value)


def read_options(config_cls: type) -> tuple[Option, ...]:
    hints = typing.get_type_hints(config_cls)
    options = []
    for f in dataclasses.fields(config_cls):
        default = _default(f)
        kind = _coercer(hints.get(f.name, Any), default)
        try:
            shown = to_json(default)
        except NotJsonSafe:
            shown = type(default).__name__  # a nested options object (ARC board format)
        if kind is None:
            options.append(Option(f.name, _type_name(hints.get(f.name)), shown, settable=False))
        else:
            name, coerce = kind
            options.append(Option(f.name, name, shown, f.name not in RESERVED, coerce))
    return tuple(options)


def _default(f: dataclasses.Field) -> Any:
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return None


def _type_name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")


def _coercer(hint: Any, default: Any) -> tuple[str, Coerce] | None:
    """(the type's display name, its coercion), or None for a type text cannot express."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is bool:
        return "bool", _bool
    if hint is int:
        # rearc declares `diff_ub: int = 0.2`: the default says what the generator uses.
        return ("float", _float) if isinstance(default, float) else ("int", _int)
    if hint is float:
        return "float", _float
    if hint is str:
        return "str", _str
    if hint is datetime.date:
        return "date", _iso(datetime.date)
    if hint is datetime.time:
        return "time", _iso(datetime.time)
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _choice(list(hint), hint)
    if origin is typing.Literal:
        return _choice(list(args), None)
    if origin in (typing.Union, types.UnionType) and type(None) in args:
        rest = [a for a in args if a is not type(None)]
        inner = _coercer(rest[0], default) if len(rest) == 1 else None
        if inner is None:
            return None
        name, coerce = inner
        return f"{name} or none", _optional(coerce)
    if hint in (list, tuple) or origin in (list, tuple, Sequence):
        return _sequence(hint, origin, args, default)
    return None


def _sequence(hint: Any, origin: Any, args: tuple, default: Any) -> tuple[str, Coerce] | None:
    container = tuple if tuple in (hint, origin) else list
    if origin is tuple and len(args) > 1 and args[-1] is not Ellipsis:
        # a fixed-length tuple such as tuple[float, float]
        parts = [_coercer(a, None) for a in args]
        if any(p is None for p in parts):
            return None
        names = ", ".join(p[0] for p in parts)  # type: ignore[index]
        return f"({names})", _fixed([p[1] for p in parts])  # type: ignore[index]
    if args:
        element = _coercer(args[0], None)
    else:
        # a bare `tuple` or `list`: its elements are of the default's kind (str when unknown)
        sample = next(iter(default), "") if isinstance(default, (list, tuple)) else ""
        element = _coercer(type(sample), None) if type(sample) in (int, float, str) else None
    if element is None:
        return None
    name, coerce = element
    return f"list[{name}]", _many(coerce, container)


# -- coercions: each takes the text from --config or the JSON value stored in a row ------------

def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value, "true or false").lower()
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def _int(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(_text(value, "an integer"))
    except ValueError:
        raise ValueError(f"expected an integer, got {value!r}") from None


def _float(value: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(_text(value, "a number"))
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, got {value!r}")
    return number


def _str(value: Any) -> str:
    return _text(value, "text")


def _iso(kind: type) -> Coerce:
    def coerce(value: Any) -> Any:
        try:
            return kind.fromisoformat(_text(value, f"an ISO {kind.__name__}").strip())
        except ValueError:
            raise ValueError(f"expected an ISO {kind.__name__}, got {value!r}") from None
    return coerce


def _choice(choices: list[Any], enum_cls: type | None) -> tuple[str, Coerce]:
    values = [c.value if isinstance(c, enum.Enum) else c for c in choices]
    shown = "|".join(str(v) for v in values)

    def coerce(value: Any) -> Any:
        text = str(value.value if isinstance(value, enum.Enum) else value).strip()
        for choice, v in zip(choices, values, strict=True):
            names = {str(v)} | ({choice.name.lower()} if enum_cls else set())
            if text in names or (enum_cls and text.lower() in names):
                return choice
        raise ValueError(f"expected one of {shown}, got {value!r}")
    return f"one of {shown}", coerce


def _optional(coerce: Coerce) -> Coerce:
    def optional(value: Any) -> Any:
        if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "null")):
            return None
        return coerce(value)
    return optional


def _many(coerce: Coerce, container: type) -> Coerce:
    def many(value: Any) -> Any:
        items = _items(value)
        return container(coerce(v) for v in items)
    return many


def _fixed(coerces: list[Coerce]) -> Coerce:
    def fixed(value: Any) -> tuple:
        items = _items(value)
        if len(items) != len(coerces):
            raise ValueError(f"expected {len(coerces)} values, got {value!r}")
        return tuple(c(v) for c, v in zip(coerces, items, strict=True))
    return fixed


def _items(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    text = _text(value, "a list").strip()
    if text.startswith("["):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueError(f"not a JSON list ({e.msg}): {value!r}") from None
        if not isinstance(parsed, list):
            raise ValueError(f"expected a list, got {value!r}")
        return parsed
    return [part.strip() for part in text.split(",")] if text else []


def _text(value: Any, expected: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected {expected}, got {value!r}")
    return value
