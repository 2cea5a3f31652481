"""Where a command's records go: the `Sink` protocol, and the factory every command uses.

Two sinks: `ShardWriter` (an output directory: shards, manifests, card, lock, resume) and
`StdoutWriter` (`-o -`: JSONL on standard output, no resume). A command writes whole groups
(one problem's records, committed together) and never needs to know which it has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from star_cli.io.shards import Committed, ShardWriter, StdoutWriter


class Sink(Protocol):
    stats: dict[str, Any]
    # The step's totals now, as JSON text, counting every group written: set by a step
    # whose totals must survive a kill (an output directory logs them with each group).
    live_stats: Callable[[], str] | None

    def prepare(self) -> Committed:
        """Check the output without writing; what it already holds."""

    def release(self) -> None:
        """Give the output up unopened (a start that failed after `prepare`)."""

    def open(self) -> None:
        """Make the output ready for writing (recovering a killed run's work)."""

    def write_group(self, records: Iterable[dict[str, Any]], units: bytes = b"") -> None:
        """Append one group of records, all or nothing; `units`: what they were computed
        from, for `--resume-changed` (io/units.py; kept by an output directory only)."""

    def write_lines(self, payload: bytes, units: bytes = b"") -> None:
        """`write_group` for records already serialised as JSON lines (UTF-8)."""

    def close(self, status: str = "complete") -> None:
        """Seal what was written and record `status`."""


def make_sink(output: str, *, command: str, config: dict[str, Any], **writer: Any) -> Sink:
    """`-` is standard output; anything else an output directory (see ShardWriter)."""
    if output == "-":
        return StdoutWriter()
    return ShardWriter(Path(output), command=command, config=config, **writer)
