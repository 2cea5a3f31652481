"""The dataset card (OUT/README.md): what ran, the counts, and how to load it."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from star_cli.io.files import replace_surrogates, write_atomic


def card_version(fingerprint_hex: str) -> str:
    """The shards' fingerprint as the `major.minor.patch` version `datasets` puts in its
    cache path: new data, new cache entry, so `load_dataset(OUT)` never returns an older run."""
    return f"1.{int(fingerprint_hex[:6], 16)}.{int(fingerprint_hex[6:12], 16)}"

CARD = """---
configs:
- config_name: default
  version: {data_version}
  data_files:
  - split: train
    path: data/*.jsonl
tags:
- star
- reasoning-traces
---

# {title}

Reasoning traces written by `star {command}` (star {version}, schema version {schema}).
Status: **{status}**.

| | |
| --- | --- |
{engine_rows}| problems | {problems} |
| records | {records} |
| shards | {shards} |
{stats_rows}
{sections}
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

{records_are}; `docs/format.md` in star describes every field.
"""

# The table's own rows: a command's stats of the same name are not shown twice.
log = logging.getLogger("star_cli")
_TABLE = ("problems", "records", "shards")


def write_card(root: Path, manifest: dict[str, Any]) -> None:
    stats = manifest.get("stats") or {}
    # Nested stats get sections of their own, not a Python repr in a table cell.
    rows = "\n".join(f"| {k} | {v} |" for k, v in stats.items()
                     if not isinstance(v, dict | list) and k not in _TABLE)
    text = CARD.format(
        title=f"star {manifest['command']}: {root.name}",
        data_version=card_version(manifest.get("fingerprint") or "0" * 12),
        command=manifest["command"],
        version=manifest["star_version"],
        schema=manifest["schema_version"],
        status=manifest["status"],
        problems=manifest["problems"],
        records=manifest["records"],
        shards=len(manifest["shards"]),
        engine_rows=_engine_rows(manifest),
        stats_rows=rows,
        records_are=_records_are(manifest),
        sections="".join(f"\n{s}\n" for s in _sections(stats)),
        config=json.dumps(manifest["config"], indent=2, ensure_ascii=False),
        root=root,
    )
    # The card is text for people and the Hub: valid UTF-8, lone surrogates (from a path or
    # an option given on a command line) shown as U+FFFD, and said.
    text, replaced = replace_surrogates(text)
    if replaced:
        log.warning("%s: the dataset card shows lone surrogates (from a path or an option) "
                    "as U+FFFD", root)
    write_atomic(root / "README.md", text)


def _engine_rows(manifest: dict[str, Any]) -> str:
    """The model and the engine that ran it (`--engine auto` resolved), for sampling runs."""
    config = manifest.get("config") or {}
    scope = manifest.get("scope") or {}
    if "model" not in config:
        return ""
    asked, used = config.get("engine"), scope.get("engine_used")
    engine = used or asked
    if used and asked and used != asked:
        engine = f"{used} (--engine {asked})"
    rows = f"| model | {_cell(config['model'])} |\n"
    return rows + (f"| engine | {_cell(engine)} |\n" if engine else "")


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|")


def _records_are(manifest: dict[str, Any]) -> str:
    fmt = (manifest.get("config") or {}).get("format")
    if manifest.get("command") == "filter" and fmt not in (None, "traces"):
        return f"Each record is one kept trace, exported as `{fmt}`"
    if manifest.get("command") == "filter":
        return "Each record is one kept trace"
    if manifest.get("command") == "steps":
        return f"Each record is one trace with its step labels, as `{fmt or 'step-labels'}`"
    return "Each record is one sampled completion"


def _sections(stats: dict[str, Any]) -> list[str]:
    """The nested stats a command wrote (star filter's), each as a readable section."""
    out = []
    if isinstance(stats.get("steps"), list):
        out.append(_steps(stats["steps"]))
    if isinstance(stats.get("check_reasons"), dict):
        out.append(_reasons(stats["check_reasons"]))
    if isinstance(stats.get("distinct_paths"), dict):
        out.append(_paths(stats["distinct_paths"]))
    return out


def _steps(steps: list[dict[str, Any]]) -> str:
    rows = "\n".join(f"| {s.get('step')} | {s.get('seen')} | {s.get('kept')} | {_drops(s)} |"
                     for s in steps)
    return f"## Filter steps\n\n| step | seen | kept | dropped |\n| --- | --- | --- | --- |\n{rows}"


def _drops(step: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v}" for k, v in (step.get("dropped") or {}).items()) or "-"


def _reasons(reasons: dict[str, int]) -> str:
    rows = "\n".join(f"| {r} | {n} |" for r, n in reasons.items() if n)
    return ("## Check reasons\n\nWhy the checker judged each input trace as it did "
            "(`unknown`: traces written before star recorded it).\n\n"
            f"| check_reason | traces |\n| --- | --- |\n{rows}")


def _paths(paths: dict[str, Any]) -> str:
    """RFT's measure (Yuan et al. 2023): distinct lists of calculations per problem."""
    histogram = paths.get("histogram") or {}
    head = " | ".join(histogram)
    return (
        "## Distinct reasoning paths\n\n"
        "Per problem kept, the number of distinct reasoning paths as RFT counts them: different "
        "lists of calculations (`<<48/2=24>>` annotations, else written equations); a rationale "
        "without any counts by its text. RFT reports 5.25 per problem for a 7B model at "
        "k=100; star's docs/filter.md says how to compare.\n\n"
        f"| problems | paths | mean | median |\n| --- | --- | --- | --- |\n"
        f"| {paths.get('problems')} | {paths.get('total')} | {_num(paths.get('mean'))} | "
        f"{_num(paths.get('median'))} |\n\n"
        f"| paths per problem | {head} |\n| --- |{' --- |' * len(histogram)}\n"
        f"| problems | {' | '.join(str(n) for n in histogram.values())} |"
    )


def _num(value: Any) -> str:
    return "-" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
