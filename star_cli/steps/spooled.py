"""The frame of every command whose steps need a problem's traces together (`star filter`,
`star pairs`, and any command of that kind to come): read, spool by problem, check the
input against OUT, then write problem by problem in a deterministic order.

    class MyRun(SpooledRun):
        command = "mine"
        def check(self): ...                       # options, before anything is read
        def admit(self, record, loc, spool): ...   # validate one record, spool it (or not)
        def groups(self, spool): ...               # (size, build) per problem, in order

`execute()` does the rest, the same way for every such command: the run frame (OUT checked
read-only and locked before any input is read), a scratch directory for the spool, the
input's digest compared with the one OUT was written from (a changed input is refused),
resume by skipping the records OUT already holds (`write_in_order`: a group is committed
whole, so those are exactly the first groups), the report recorded as the run's stats in the
manifest whatever happens, and the manifest's config written once (`recorded_config`).
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

from star_cli.errors import StarError
from star_cli.io.files import replace_surrogates
from star_cli.io.lines import BlockReader, line_blocks
from star_cli.io.readers import UniqueIds, read_records
from star_cli.io.scratch import scratch_dir
from star_cli.io.sink import Sink, make_sink
from star_cli.io.spool import Spool, check_same_input
from star_cli.records import Location
from star_cli.steps.base import Emission, RunFrame, check_inputs, recorded_config, write_in_order

log = logging.getLogger("star_cli")

UNIQUE_BATCH = 32768  # trace ids checked at once (io/readers.UniqueIds)


def close_groups(groups: Iterator[Emission]) -> None:
    """End a command's groups now, even when writing them stopped with an error (a
    generator's own clean-up, such as waiting for its spool's removals, then runs before
    the scratch directory goes, not when the error's traceback is dropped)."""
    close = getattr(groups, "close", None)
    if close is not None:
        close()


class SpooledRun(ABC):
    """Base of the spooled commands. Subclasses are dataclasses with at least `inputs`,
    `output`, `config` (a frozen dataclass: what decides the output), `shard_size`,
    `overwrite`, `argv` and `report` (with `as_dict()`)."""

    command: ClassVar[str]
    # Options added after OUTs were first written, with their defaults: left out of the
    # manifest's config at the default, so a rerun into an older star's OUT still resumes.
    added: ClassVar[dict[str, Any]] = {}

    inputs: list[str]
    output: str
    config: Any
    shard_size: int
    overwrite: bool
    argv: list[str] | None
    allow_partial: bool
    verify_input: bool
    report: Any

    def execute(self) -> Any:
        check_inputs(self.inputs)
        self.check()
        with RunFrame(self.sink()) as run, scratch_dir(self.command) as tmp:
            # A refused OUT has failed above, before any input is read.
            run.check_inputs(self.inputs, self.verify_input)
            self.prepared(run.sink)
            spool = self.spool(Path(tmp))
            self.begin(Path(tmp))
            # Ids are checked a batch at a time; an error met while reading is raised
            # after the batch before it is checked, so a repeat read first is the error.
            unique = UniqueIds(self.inputs, allow_partial=self.allow_partial,
                               batch=UNIQUE_BATCH)
            try:
                self.read(spool, unique)
            except StarError:
                unique.flush()
                raise
            unique.flush()
            self.read_all(spool)
            spool.close()
            self.spooled()
            check_same_input(run.sink, spool.digest, output=self.output,
                             overwrite=self.overwrite, command=self.command, tag=spool.TAG,
                             legacy=spool.legacy_digest)
            run.open()
            self.opened(run.sink)
            groups = self.groups(spool)
            try:
                write_in_order(run.sink, groups)
            finally:
                close_groups(groups)
                run.stats = self.report.as_dict()
            self.written()
        return self.report

    def read(self, spool: Any, unique: UniqueIds) -> None:
        """Every input record, admitted into `spool`, its id added to `unique`."""
        if self.reads_lines:
            reader = BlockReader()
            for block in line_blocks(self.inputs, allow_partial=self.allow_partial):
                for record, loc, line in reader.records(block):
                    self.admit_line(record, loc, line, spool)
                    unique.add(record, loc)
        else:
            for record, loc in read_records(self.inputs, allow_partial=self.allow_partial):
                self.admit(record, loc, spool)
                unique.add(record, loc)

    # -- what each command says ----------------------------------------------------------
    @abstractmethod
    def check(self) -> None:
        """Check the options (exit 2) before OUT or any input is touched."""

    @abstractmethod
    def admit(self, record: dict[str, Any], loc: Location, spool: Spool) -> None:
        """Validate one input record and spool what the command keeps of it."""

    @abstractmethod
    def groups(self, spool: Spool) -> Iterator[Emission]:
        """Each problem's records, as (count, build), in the deterministic output order."""

    # -- reading each record with the line it was read as ---------------------------------
    # A command that sets `reads_lines` is handed each record with its line's bytes
    # (`admit_line`), into the spool it makes (`spool`), so that what it passes on unchanged
    # is written as it was read, never encoded again.
    reads_lines: ClassVar[bool] = False

    def spool(self, scratch: Path) -> Any:
        return Spool(scratch)

    def admit_line(self, record: dict[str, Any], loc: Location, line: bytes, spool: Any) -> None:
        self.admit(record, loc, spool)

    # -- hooks, empty by default ---------------------------------------------------------
    def prepared(self, sink: Sink) -> None:  # noqa: B027 - an optional hook
        """OUT is checked (what it holds is known, `sink.previous`); nothing is read yet."""

    def begin(self, scratch: Path) -> None:  # noqa: B027 - an optional hook
        """Before the first record is read (the scratch directory exists)."""

    def read_all(self, spool: Any) -> None:  # noqa: B027
        """After the last record is admitted, the spool still open."""

    def spooled(self) -> None:  # noqa: B027
        """After the last record is spooled, before OUT is opened."""

    def opened(self, sink: Sink) -> None:  # noqa: B027
        """OUT is open: write what goes before the records."""

    def written(self) -> None:  # noqa: B027
        """Every record is written and OUT closed."""

    # -- the output ----------------------------------------------------------------------
    def sink(self) -> Sink:
        config = recorded_config(self.config, self.added)
        config["inputs"] = [i if i == "-" else str(Path(i).resolve()) for i in self.inputs]
        return make_sink(self.output, command=self.command, config=config,
                         shard_size=self.shard_size, overwrite=self.overwrite, argv=self.argv,
                         keyed=False)


def valid_text(rows: list[dict[str, Any]], count: int) -> tuple[list[dict[str, Any]], int]:
    """Training rows as valid UTF-8 (io/files.py's rule): lone surrogates replaced by U+FFFD;
    `count` plus the strings that held one."""
    out, n = replace_surrogates(rows)
    return out, count + n


def warn_surrogates(count: int) -> None:
    if count:
        log.warning("%d exported string%s held lone surrogates (legal JSON, not valid UTF-8), "
                    "written as U+FFFD so that datasets and Arrow load the rows; the traces "
                    "keep them as they were", count, "s" * (count > 1))


__all__ = ["SpooledRun", "valid_text", "warn_surrogates"]
