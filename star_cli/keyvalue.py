"""`KEY=VALUE` pairs from the command line (`--engine-arg`, `--chat-template-kwarg`,
`--filter NAME:KEY=VALUE,...`), read one way everywhere."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from star_cli.errors import UsageError


def parse_pairs(pairs: Iterable[str], option: str) -> dict[str, Any]:
    """`KEY=VALUE` pairs; VALUE is read as JSON when it parses (numbers, booleans, lists),
    else kept as a string. A pair without `=` or a key is the user's error, named by option."""
    out: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{option} expects KEY=VALUE, got {pair!r}")
        try:
            out[key.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[key.strip()] = value
    return out
