"""Golds that are more than an answer: JSON that a task writes and its checker reads back
(a code problem's tests, a gym row's scorer state)."""

from __future__ import annotations

import json
from typing import Any

from star_cli.errors import InputError


def json_gold(text: Any, key: str, what: str) -> dict[str, Any]:
    """The JSON object `text` holds, which must have the object `key`; an InputError naming
    the gold otherwise (`what`: what it should be, and how to make it)."""
    try:
        gold = json.loads(text)
    except (TypeError, ValueError):
        gold = None
    if not isinstance(gold, dict) or not isinstance(gold.get(key), dict):
        raise InputError(f"is not {what}", field="gold")
    return gold
