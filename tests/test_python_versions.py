"""star runs on Python 3.10 (pyproject's requires-python), where `re` reads neither a
possessive quantifier (`*+`) nor an atomic group (`(?>...)`): both came with 3.11. A
pattern that uses one fails on 3.10 when its module is imported, so every pattern the
package compiles is parsed here, on whatever Python runs the suite, for those two."""

from __future__ import annotations

import importlib
import pkgutil
import re
import warnings

import pytest

import star_cli

try:  # (3.11 names the parser re._parser; 3.10 had sre_parse)
    from re import _constants as constants  # type: ignore[attr-defined]
    from re import _parser as parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as constants
    import sre_parse as parser

_NEWER = {getattr(constants, name) for name in ("POSSESSIVE_REPEAT", "ATOMIC_GROUP")
          if hasattr(constants, name)}


def _patterns() -> dict[str, re.Pattern[str]]:
    found: dict[str, re.Pattern[str]] = {}

    def collect(value: object, name: str, depth: int = 0) -> None:
        if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
            found.setdefault(name, value)
        elif isinstance(value, tuple | list) and depth < 2:
            for k, item in enumerate(value):
                collect(item, f"{name}[{k}]", depth + 1)
        elif isinstance(value, dict) and depth < 2:
            for key, item in value.items():
                collect(item, f"{name}[{key!r}]", depth + 1)

    for info in pkgutil.walk_packages(star_cli.__path__, "star_cli."):
        try:
            with warnings.catch_warnings():  # (a deprecated alias warns when imported)
                warnings.simplefilter("ignore", DeprecationWarning)
                module = importlib.import_module(info.name)
        except ImportError:  # an extra not installed here (vllm, ray): its module is skipped
            continue
        for attr, value in vars(module).items():
            collect(value, f"{info.name}.{attr}")
    return found


def _newer_syntax(tree: object) -> bool:
    for op, arg in tree:  # type: ignore[attr-defined]
        if op in _NEWER:
            return True
        for part in arg if isinstance(arg, tuple | list) else (arg,):
            if isinstance(part, parser.SubPattern) and _newer_syntax(part):
                return True
            if isinstance(part, tuple | list) and any(
                    isinstance(p, parser.SubPattern) and _newer_syntax(p) for p in part):
                return True
    return False


@pytest.mark.skipif(not _NEWER, reason="this Python's re has neither form")
def test_no_pattern_uses_regex_syntax_python_3_10_lacks() -> None:
    patterns = _patterns()
    assert len(patterns) > 500  # (the answer checker's alone: the walk found the package)
    newer = [name for name, p in patterns.items()
             if _newer_syntax(parser.parse(p.pattern, p.flags))]
    assert newer == [], f"possessive or atomic (Python 3.11+) in {newer}"


def test_the_check_finds_the_syntax_it_looks_for() -> None:
    if not _NEWER:
        pytest.skip("this Python's re has neither form")
    for pattern in (r"a*+b", r"(?>ab|a)c", r"x(?:[^{}]++|\\.)*+y", r"(a|(?:b++))"):
        assert _newer_syntax(parser.parse(pattern, 0)), pattern
    for pattern in (r"a*b", r"(?:ab|a)c", r"x(?:[^{}]|\\.)*(?![^{}]|\\.)y", r"[*+]+"):
        assert not _newer_syntax(parser.parse(pattern, 0)), pattern
