"""The gym tests: reasoning-gym's families through star_cli.gym."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: runs every reasoning-gym family (a minute or more)")


@pytest.fixture(scope="session")
def gym_workers() -> Iterator[object]:
    """One scorer worker for the session (each starts by importing reasoning_gym)."""
    pytest.importorskip("reasoning_gym")
    from star_cli.gym import make_workers

    workers = make_workers(1)
    yield workers
    workers.close()
