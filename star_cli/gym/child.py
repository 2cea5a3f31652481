"""Problem rows made in a child process that runs with PYTHONHASHSEED=0.

A few reasoning-gym generators iterate over sets of strings, so their problems follow the
hash seed of the process that makes them. The child fixes it, so the same plan gives the same
bytes from any parent. The child reads the plan (problems.Plan as JSON) on stdin and writes
one row per line on stdout; a failure is a last line {"__error__": message, "exit_code": n}.
Anything a generator prints goes to the child's stderr, and its last lines are reported if
the child dies without a word.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from star_cli.errors import StarError
from star_cli.gym.families import GymError

_ERROR = "__error__"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def rows_in_child(plan: Any) -> Iterator[dict[str, Any]]:
    """The rows of `plan` (a problems.Plan), made by `python -m star_cli.gym.child`."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "star_cli.gym.child"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=err, env=env, text=True, encoding="utf-8",
        )
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(json.dumps(plan.to_json()) + "\n")
            proc.stdin.close()
            for line in proc.stdout:
                row = json.loads(line)
                if _ERROR in row:
                    raise _error(row)
                yield row
            if proc.wait() != 0:
                err.seek(0)
                tail = " | ".join(err.read().strip().splitlines()[-3:])
                raise GymError(f"the gym generator process failed (exit {proc.returncode}): "
                               f"{tail or 'no message'}")
        finally:  # the caller stopped early, or something failed: the child goes too
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            proc.stdout.close()


def _error(row: dict[str, Any]) -> StarError:
    e = GymError(str(row[_ERROR]))
    e.exit_code = int(row.get("exit_code", GymError.exit_code))
    return e


def main() -> None:
    from star_cli.gym.problems import Plan, dumps_row, rows_here

    out = sys.stdout
    sys.stdout = sys.stderr  # a generator's prints must not land among the rows
    try:
        plan = Plan.from_json(json.loads(sys.stdin.readline()))
        for row in rows_here(plan):
            out.write(dumps_row(row) + "\n")
    except StarError as e:
        out.write(json.dumps({_ERROR: str(e), "exit_code": e.exit_code}) + "\n")
    except BrokenPipeError:  # the parent stopped reading
        sys.exit(0)
    out.flush()


if __name__ == "__main__":
    main()
