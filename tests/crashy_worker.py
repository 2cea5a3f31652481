"""Test double for WorkerPool: a worker that dies on any request but a "quick" one."""

import os

from star_cli.answers.pool import serve


def _crash(request: object) -> bool:
    if request == ["quick", "quick"]:
        return True
    os._exit(3)


if __name__ == "__main__":
    serve(_crash)
