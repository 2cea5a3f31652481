"""`star --help` stays instant: no heavy library is imported for it."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("vllm", "torch", "transformers", "datasets", "sympy", "pyarrow", "httpx", "numpy",
         "rensa", "mpmath", "math_verify")


def test_help_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from star_cli.cli import app\n"
        "for argv in (['--help'], ['generate', '--help'], ['check', '--help'],\n"
        "             ['rationalize', '--help'], ['filter', '--help']):\n"
        "    try:\n"
        "        app(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_python_dash_m_works():
    result = subprocess.run([sys.executable, "-m", "star_cli", "--version"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("star ")
