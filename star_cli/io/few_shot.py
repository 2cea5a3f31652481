"""Few-shot blocks on disk: `OUT/few_shot/<name>.json`, once per output directory.

Since schema 2 a trace stores its prompt without the exemplars and names the block it was
sampled with in `few_shot` (`records.FewShot`). The writer puts each block in OUT before the
first shard that names it. Names are content hashes, so every rank of a run writes the same
bytes under the same name, each through its own temporary file and an atomic rename: ranks
racing on one block are safe, and a reader never sees half a file.

Reading: `sampled_prompt(trace, out_dir)` rebuilds the prompt a trace was sampled with, and
`Blocks` finds the blocks of traces read from files (beside each file's output directory,
then in any input directory), for `star filter --keep-few-shot` and for carrying blocks into
the output of a command that passes traces on (check, filter).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from star_cli.errors import InputError
from star_cli.io.files import json_text, write_atomic
from star_cli.records import FewShot, Location, Prompt

log = logging.getLogger("star_cli")

FEW_SHOT = "few_shot"
FIELD = "few_shot"
# A name read from a trace becomes a file name: no separators, no leading dot.
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$")
_INDEXED = re.compile(r"\[\d+\]$")  # "file.json[3]": an item of a JSON document


def block_path(root: Path, name: str) -> Path:
    return Path(root) / FEW_SHOT / f"{name}.json"


def write_block(root: Path, block: FewShot) -> Path:
    """Put `block` in OUT (atomically; nothing to do when it is there already)."""
    path = block_path(root, block.name)
    text = json_text(block.to_dict(), indent=2) + "\n"
    if path.is_file():
        try:
            if path.read_text(encoding="utf-8") == text:
                return path
        except (OSError, UnicodeDecodeError):
            pass  # damaged: replace it
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, text, shared=True)  # ranks may write the same block at one moment
    return path


def read_block(path: Path, name: str | None = None) -> FewShot:
    """The block in `path`; InputError when it is unreadable or does not hold `name` (the
    file's own name by default: a block whose content does not hash to it was altered)."""
    name = name or path.stem
    try:
        block = FewShot.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as e:
        raise InputError(f"not a readable few-shot block ({e})", path=str(path)) from None
    if block.name != name:
        raise InputError(f"does not hold few-shot block {name!r} (its content is "
                         f"{block.name!r}): the file was changed", path=str(path),
                         fix="restore it from the run that wrote it")
    return block


def out_dirs_of(path: str) -> list[Path]:
    """Where the blocks of a trace file may be: an output directory itself, or the output
    directory a shard (`OUT/data/x.jsonl`) or a trace file beside `few_shot/` is in."""
    if path in ("-", "<stdin>"):
        return []
    p = Path(_INDEXED.sub("", path))
    if p.is_dir():
        return [p]
    dirs = [p.parent]
    if p.parent.name == "data":
        dirs.insert(0, p.parent.parent)
    return dirs


def sampled_prompt(trace: dict[str, Any], out_dir: str | Path | None) -> Prompt:
    """The prompt `trace` was sampled with: its stored prompt with the exemplars of the block
    it names (from `out_dir/few_shot/`) put back. A trace without `few_shot` (zero-shot, or
    schema 1, whose prompt holds its exemplars) is its own prompt. For a rationalized trace
    it is the hint-free prompt generate would have sampled. InputError when the block is
    not there."""
    blocks = Blocks([str(out_dir)] if out_dir is not None else [])
    where = str(out_dir) if out_dir is not None else "<trace>"
    return blocks.sampled_prompt(trace, Location(where))


class Blocks:
    """The few-shot blocks traces name, found beside their files or in the inputs' output
    directories, each read (and checked against its name) once."""

    def __init__(self, inputs: Sequence[str] = ()) -> None:
        self.search = [d for path in inputs for d in out_dirs_of(path)]
        self._found: dict[str, FewShot] = {}

    def name_of(self, record: dict[str, Any], where: Location) -> str | None:
        """The block a trace names (None for zero-shot and schema 1 traces)."""
        name = record.get(FIELD)
        if name is None:
            return None
        if not isinstance(name, str) or not _NAME.match(name):
            raise InputError(f"must be a few-shot block name or null, got {name!r}",
                             path=where.path, line=where.line, field=FIELD,
                             fix="star writes it; keep the value it wrote")
        return name

    def find(self, name: str, where: Location) -> FewShot | None:
        """The block `name`, beside `where`'s file first, then in any input directory.
        Blocks are content-addressed: any copy of a name holds the same block."""
        if name in self._found:
            return self._found[name]
        for root in [*out_dirs_of(where.path), *self.search]:
            path = block_path(root, name)
            if path.is_file():
                block = self._found[name] = read_block(path, name)
                return block
        return None

    def block_of(self, record: dict[str, Any], where: Location) -> FewShot | None:
        """The block a trace names; InputError when it names one that is not there."""
        name = self.name_of(record, where)
        if name is None:
            return None
        block = self.find(name, where)
        if block is None:
            raise InputError(
                f"names few-shot block {name!r}, but no {FEW_SHOT}/{name}.json is beside it",
                path=where.path, line=where.line, field=FIELD,
                fix="read it from the star output directory it came from, whose few_shot/ "
                    "folder holds the block, or copy that folder next to the file",
            )
        return block

    def sampled_prompt(self, record: dict[str, Any], where: Location) -> Prompt:
        block = self.block_of(record, where)
        prompt = record.get("prompt")
        if block is None:
            return prompt  # type: ignore[return-value]
        try:
            return block.insert(prompt)  # type: ignore[arg-type]
        except ValueError as e:
            raise InputError(f"does not fit few-shot block {block.name!r}: {e}",
                             path=where.path, line=where.line, field="prompt") from None


def carry(records: Iterable[tuple[dict[str, Any], Location]], sink: Any,
          blocks: Blocks) -> Iterator[tuple[dict[str, Any], Location]]:
    """Pass traces on, putting each block they name into the output (`sink`) the first time
    it is named, so the output directory holds the blocks of the traces it holds. A block
    that cannot be found is reported once; the traces still pass."""
    done: set[str] = set()
    for record, where in records:
        name = blocks.name_of(record, where)
        if name is not None and name not in done:
            done.add(name)
            block = blocks.find(name, where)
            if block is None:
                log.warning("%s: few-shot block %r is not beside the input; the output names "
                            "it without holding it", where.path, name)
            else:
                write_few_shot(sink, block)
        yield record, where


def write_few_shot(sink: Any, block: FewShot) -> bool:
    """Hand `block` to a sink that stores blocks (an output directory); False for one that
    cannot (standard output, a test's list)."""
    write = getattr(sink, "write_few_shot", None)
    return bool(write(block)) if write is not None else False
