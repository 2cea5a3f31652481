"""A scorer worker that never answers (`python -m tests.gym.hang_worker`): the deadline test."""

from __future__ import annotations

import time

from star_cli.answers.pool import serve


def handle(request: object) -> float:
    time.sleep(3600)
    return 1.0


if __name__ == "__main__":
    serve(handle)
