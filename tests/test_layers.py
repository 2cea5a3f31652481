"""The package's layers (docs/architecture.md): each module imports only layers below its own,
nothing below the CLI draws or imports Typer, and `import star_cli` loads nothing heavy."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "star_cli"

# unit (a top-level module or package of star_cli) -> its layer; docs/architecture.md
LAYERS = {
    "errors": 0, "version": 0, "metrics": 0,
    "records": 1, "registry": 1, "keyvalue": 1, "interrupts": 1,
    "answers": 2, "io": 2, "sandbox": 2,
    "engines": 3, "gym": 3,
    "judge": 4,
    "checkers": 5,
    "tasks": 6, "leaks": 5,
    "filters": 7, "export": 7, "verifier": 7,
    "steps": 8, "rewards": 8,
    "serve": 9, "executors": 9,
    "cli": 10,
    "__init__": 11, "__main__": 11, "select": 11,  # select: the deprecated name of metrics
}
DRAWING = ("typer", "rich", "matplotlib", "click")


def unit_of(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def imports() -> list[tuple[str, str, str]]:
    """(importing file, its unit, imported module) for every import anywhere in a module,
    function-level imports included."""
    out = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(rel.parts)
        unit = unit_of(module.removesuffix(".__init__")) if path.name != "__init__.py" or \
            path.parent != PACKAGE else "__init__"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                out += [(str(rel), unit, a.name) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module == "star_cli":
                # `from star_cli import registry`: the submodules named
                out += [(str(rel), unit, f"star_cli.{a.name}") for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                out.append((str(rel), unit, node.module))
    return out


def test_every_unit_has_a_layer():
    units = {unit_of(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts))
             for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    units = {"__init__" if u == "star_cli" else u for u in units}
    assert units <= set(LAYERS), sorted(units - set(LAYERS))


def test_no_import_runs_up_a_layer():
    upward = []
    for path, unit, imported in imports():
        if not imported.startswith("star_cli"):
            continue
        target = unit_of(imported)
        if target != unit and LAYERS[target] >= LAYERS[unit]:
            upward.append(f"{path} ({unit}, layer {LAYERS[unit]}) imports {imported} "
                          f"({target}, layer {LAYERS[target]})")
    assert not upward, "\n".join(upward)


def test_nothing_below_the_cli_draws():
    found = [f"{path} imports {imported}" for path, unit, imported in imports()
             if LAYERS[unit] < LAYERS["cli"] and imported.split(".")[0] in DRAWING]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("module", ["star_cli", "star_cli.cli"])
def test_a_lean_start(module):
    heavy = ("sympy", "torch", "transformers", "datasets", "rensa", "numpy", "httpx",
             "math_verify", "ray", "fastapi")
    code = (f"import sys, {module}; print(' '.join(m for m in {heavy!r} if m in sys.modules)"
            " or 'none'); print('importlib.metadata' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=PACKAGE.parent).stdout.split("\n")
    assert out[0] == "none"
    assert out[1] == "False"  # no entry-point scan before a name is needed


def test_docs_registry_is_what_the_registries_hold():
    from star_cli.registry import markdown

    doc = (PACKAGE.parent / "docs" / "registry.md").read_text(encoding="utf-8")
    assert doc == markdown(), "regenerate: python -m star_cli.registry > docs/registry.md"
