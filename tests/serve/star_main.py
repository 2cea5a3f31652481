"""`star` with the serve command registered as the integrator registers it, for tests that
run the real command in a subprocess: python -m tests.serve.star_main serve ..."""

from __future__ import annotations

from star_cli.cli import app
from star_cli.cli.serve import serve

app.command(name="serve")(serve)

if __name__ == "__main__":
    app()
