"""A `star check` worker process: `python -m star_cli.steps.check_worker`.

It judges whole blocks of trace lines (`steps.check.BlockJudge`): each request is the
block's JSON header (the run's checker and reading, where the block's lines are) and its raw
bytes, each reply the block's result and its traces' JSON lines (`pool.serve_bytes`: JSON and
plain bytes only, never pickle). The judge is built once per run's configuration.
"""

from __future__ import annotations

import json
from typing import Any

from star_cli.answers.pool import serve_bytes
from star_cli.io.lines import LineBlock
from star_cli.steps.check import BlockJudge

_judges: dict[str, BlockJudge] = {}


def handle(request: dict[str, Any], data: bytes) -> tuple[dict[str, Any], bytes]:
    key = json.dumps(request["config"], sort_keys=True)
    judge = _judges.get(key)
    if judge is None:
        judge = _judges[key] = BlockJudge.from_config(request["config"])
    where = request["where"]
    block = LineBlock(request["path"], request["start"], data,
                      tuple((p, n) for p, n in where) if where is not None else None,
                      request["errors"])
    return judge.judge(block)


if __name__ == "__main__":
    serve_bytes(handle)
