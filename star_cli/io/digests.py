"""A set of trace ids kept as 8-byte digests: what a run that resumes or drops duplicate ids
must remember of every trace it has met, in a few bytes each rather than the id's string.

`DigestSet.add_new(digests)` takes a batch in order and says which are new: not met before,
nor earlier in the batch (the first of duplicates is the one kept). The table is an
open-addressing hash table in one numpy array (linear probing, at most three quarters full),
so 10 million ids take about 130 MB, where a Python set of their strings took 3 GB. Two ids
share a digest with a chance of about n^2 / 2^65 (3 in a million at 10 million ids): the
later one would be taken for a duplicate.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import Any

from star_cli.records import utf8

_MASK = (1 << 64) - 1


def digest(key: str) -> int:
    """The 8-byte digest of a trace's key (`io.shards.trace_key`), never 0 (an empty slot)."""
    value = int.from_bytes(hashlib.blake2b(utf8(key), digest_size=8).digest(), "big")
    return value or 1


class DigestSet:
    def __init__(self, capacity: int = 1 << 16) -> None:
        import numpy as np  # deferred: only the steps that keep ids need it

        self._np: Any = np
        size = 1 << max(4, (max(1, capacity) * 4 // 3).bit_length())
        self._table = np.zeros(size, dtype=np.uint64)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def update(self, digests: Iterable[int]) -> None:
        self.add_new(list(digests))

    def has(self, digests: Any) -> Any:
        """Per digest (a numpy array of uint64): True when it is in the set."""
        values = self._np.asarray(digests, dtype=self._np.uint64)
        return self._find(values) != 0 if self.count else self._np.zeros(len(values), bool)

    def __contains__(self, value: int) -> bool:
        return not bool(self._find(self._np.array([value], dtype=self._np.uint64))[0] == 0)

    def sorted(self) -> array:
        """Every digest in the set, ascending, as an `array("Q")` (for `bisect`, or to hand
        to another process as bytes)."""
        values = self._np.sort(self._table[self._table != 0])
        out = array("Q")
        out.frombytes(values.astype("<u8" if sys.byteorder == "little" else ">u8").tobytes())
        return out

    def add_new(self, digests: Sequence[int] | Any) -> Any:
        """Add `digests` (ints, or a numpy array of uint64) in order; a numpy array of bools,
        True for each that was new (not in the set, nor an earlier item of `digests`)."""
        np = self._np
        values = np.asarray(digests, dtype=np.uint64)
        if not len(values):
            return np.zeros(0, dtype=bool)
        first = np.zeros(len(values), dtype=bool)
        _, index = np.unique(values, return_index=True)
        first[index] = True  # the first of each repeated value in the batch
        candidates = np.flatnonzero(first)
        present = self._find(values[candidates]) != 0
        fresh = candidates[~present]
        self._grow(self.count + len(fresh))
        self._insert(values[fresh])
        self.count += len(fresh)
        new = np.zeros(len(values), dtype=bool)
        new[fresh] = True
        return new

    # -- the table ---------------------------------------------------------------------------
    def _slots(self, values: Any) -> Any:
        np = self._np
        mixed = values * np.uint64(0x9E3779B97F4A7C15)  # spread the digest's bits
        return (mixed >> np.uint64(17)) & np.uint64(len(self._table) - 1)

    def _find(self, values: Any) -> Any:
        """Per value: nonzero when it is in the table."""
        np = self._np
        table, mask = self._table, np.uint64(len(self._table) - 1)
        slot = self._slots(values)
        found = np.zeros(len(values), dtype=np.uint8)
        active = np.arange(len(values))
        while len(active):
            held = table[slot[active]]
            hit = held == values[active]
            found[active[hit]] = 1
            active = active[~hit & (held != 0)]
            slot[active] = (slot[active] + np.uint64(1)) & mask
        return found

    def _insert(self, values: Any) -> None:
        """Place values known to be absent and distinct."""
        np = self._np
        table, mask = self._table, np.uint64(len(self._table) - 1)
        slot = self._slots(values)
        active = np.arange(len(values))
        while len(active):
            at = slot[active]
            free = table[at] == 0
            trying, where = active[free], at[free]
            table[where] = values[trying]  # where two try one slot, one of them wins
            keep = ~free
            keep[free] = table[where] != values[trying]
            active = active[keep]
            slot[active] = (slot[active] + np.uint64(1)) & mask

    def _grow(self, count: int) -> None:
        if count * 4 <= len(self._table) * 3:
            return
        np = self._np
        old = self._table[self._table != 0]
        size = len(self._table)
        while count * 4 > size * 3:
            size *= 2
        self._table = np.zeros(size, dtype=np.uint64)
        self._insert(old)


__all__ = ["DigestSet", "digest"]
