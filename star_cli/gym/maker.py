"""The child process that makes gym problem rows with PYTHONHASHSEED=0 (`gym/child.py` starts
it): the plan as JSON on stdin, one row per line on stdout, a failure as a last line
{"__error__": message, "exit_code": n}."""

from __future__ import annotations

import json
import sys

from star_cli.errors import StarError
from star_cli.gym.child import ERROR
from star_cli.gym.problems import Plan, dumps_row, rows_here


def main() -> None:
    out = sys.stdout
    sys.stdout = sys.stderr  # a generator's prints must not land among the rows
    try:
        plan = Plan.from_json(json.loads(sys.stdin.readline()))
        for row in rows_here(plan):
            out.write(dumps_row(row) + "\n")
    except StarError as e:
        out.write(json.dumps({ERROR: str(e), "exit_code": e.exit_code}) + "\n")
    except BrokenPipeError:  # the parent stopped reading
        sys.exit(0)
    out.flush()


if __name__ == "__main__":
    main()
