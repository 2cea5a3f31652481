"""Test double for WorkerPool: a worker that never answers (stuck, as sympy in C code can be)."""

import time

from star_cli.answers.pool import serve


def _stuck(request: object) -> bool:
    if request == ["quick", "quick"]:
        return True
    while True:
        time.sleep(60)


if __name__ == "__main__":
    serve(_stuck)
