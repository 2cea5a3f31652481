"""The compiled build of the checker (setup.py, STAR_COMPILE=1; `examples/run.sh compile`):
which modules it compiles, and the warning when a compiled module is older than its source.
The verdicts of the compiled build are the answer tests' own: `.ci/run` runs them again on it,
with STAR_EXPECT_COMPILED=1 so that a build that compiled nothing cannot pass for one."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

import pytest

from star_cli.answers import compiled

ROOT = Path(__file__).resolve().parents[2]


def test_setup_compiles_the_modules_star_reports() -> None:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    listed = next(node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  and getattr(node.targets[0], "id", None) == "COMPILED")
    assert tuple(ast.literal_eval(listed)) == compiled.COMPILED
    for name in compiled.COMPILED:
        assert (ROOT / "star_cli" / "answers" / f"{name}.py").exists()


def _built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source_newer: bool) -> None:
    """Every module of COMPILED as if compiled into tmp_path, its source older or newer."""
    paths = {}
    for name in compiled.COMPILED:
        built = tmp_path / f"{name}.cpython-311-x86_64-linux-gnu.so"
        source = tmp_path / f"{name}.py"
        built.write_bytes(b"")
        source.write_text("")
        old, new = time.time() - 100, time.time()
        os.utime(built, (new, new) if not source_newer else (old, old))
        os.utime(source, (old, old) if not source_newer else (new, new))
        paths[name] = built
    monkeypatch.setattr(compiled, "_path", paths.__getitem__)


def test_a_pure_install_compiles_nothing_unless_ci_built_it() -> None:
    if os.environ.get("STAR_EXPECT_COMPILED") == "1":
        assert compiled.compiled() == list(compiled.COMPILED)
        assert compiled.stale() == []
    else:
        assert compiled.compiled() == []  # (tests run on the sources: no build in the tree)


def test_a_build_newer_than_its_sources_is_not_stale(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _built(tmp_path, monkeypatch, source_newer=False)
    assert compiled.compiled() == list(compiled.COMPILED)
    assert compiled.stale() == []


def test_an_installed_build_is_never_stale(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # (a wheel's files are written at install, sources after modules maybe: not an edit)
    installed = tmp_path / "lib" / "site-packages" / "star_cli" / "answers"
    installed.mkdir(parents=True)
    _built(installed, monkeypatch, source_newer=True)
    assert compiled.compiled() == list(compiled.COMPILED)
    assert compiled.stale() == []


def test_a_source_edited_after_the_build_is_named_and_warned_of(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _built(tmp_path, monkeypatch, source_newer=True)
    assert compiled.stale() == list(compiled.COMPILED)
    with pytest.warns(UserWarning) as caught:
        compiled.warn_stale()
    assert [str(w.message).split(" ")[0] for w in caught] == [
        f"star_cli/answers/{name}.py" for name in compiled.COMPILED]
    assert all("was edited after it was compiled" in str(w.message)
               and "examples/run.sh compile" in str(w.message) for w in caught)
