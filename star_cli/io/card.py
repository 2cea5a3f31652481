"""The dataset card (OUT/README.md): what ran, the counts, and how to load it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from star_cli.io.files import write_atomic

CARD = """---
configs:
- config_name: default
  data_files:
  - split: train
    path: data/*.jsonl
tags:
- star
- reasoning-traces
---

# {title}

Reasoning traces written by [star](https://github.com/) `{command}` (star {version}, schema
version {schema}). Status: **{status}**.

| | |
| --- | --- |
| problems | {problems} |
| records | {records} |
| shards | {shards} |
{stats_rows}

## Configuration

```json
{config}
```

## Loading

```python
import datasets
ds = datasets.load_dataset("json", data_files="{root}/data/*.jsonl", split="train")
# or, from this directory's card:
ds = datasets.load_dataset("{root}", split="train")
```

Each record is one sampled completion; `docs/format.md` in star describes every field.
"""


def write_card(root: Path, manifest: dict[str, Any]) -> None:
    stats = manifest.get("stats") or {}
    rows = "\n".join(f"| {k} | {v} |" for k, v in stats.items() if not isinstance(v, dict))
    text = CARD.format(
        title=f"star {manifest['command']}: {root.name}",
        command=manifest["command"],
        version=manifest["star_version"],
        schema=manifest["schema_version"],
        status=manifest["status"],
        problems=manifest["problems"],
        records=manifest["records"],
        shards=len(manifest["shards"]),
        stats_rows=rows,
        config=json.dumps(manifest["config"], indent=2, ensure_ascii=False),
        root=root,
    )
    write_atomic(root / "README.md", text)
