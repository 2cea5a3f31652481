"""Where the ranks of a run execute: one after another in this process (`local`), or as Ray
tasks across a cluster (`ray`), each rank the same star rank a Slurm array job would run
(`--num-shards N --shard-index I`) over one shared OUT.

    from star_cli.executors.ray import run_ranks
    result = run_ranks(GenerateRun(...), num_shards=8, gpus_per_shard=1)

The executor is found by name in `star_cli.registry.EXECUTORS` (`--executor NAME`); the
base class is `star_cli.executors.base.Executor`. Nothing here imports Ray until a Ray run
starts. `star_cli.executors.filter` runs the per-trace part of `star filter` in ranks.
"""

from __future__ import annotations

__all__: list[str] = []
