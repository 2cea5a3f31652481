"""The features the built-in group steps read, computed once per trace (`Features`).

`star filter` computes them while it reads each trace, in batches (`FeatureBatch`), and keeps
them beside the spooled line: 32 bytes of keys and, when a step asks for them, a 512-byte
MinHash signature a trace. The group steps then work on these per problem, and a trace is
parsed once, its text normalised once and its shingles hashed once. `features_of` computes
the same from traces in hand (a group step's `apply`, tests, plug-ins).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from star_cli.filters.base import Features, GroupStep, Record
from star_cli.filters.code import is_code, program_key
from star_cli.filters.dedup import NUM_PERM, key_of, keys_and_signatures, normalised
from star_cli.filters.diversity import path_digest
from star_cli.filters.quality import text_of

KEY = 16  # bytes of an exact key, and of a path digest
SIGNATURE = 4 * NUM_PERM  # bytes of a signature
_NO_KEY = bytes(KEY)


def wanted(steps: Iterable[GroupStep]) -> frozenset[str] | None:
    """The features `steps` read, or None when one of them reads traces (`apply` only)."""
    uses: set[str] = set()
    for step in steps:
        if step.uses is None:
            return None
        uses |= step.uses
    return frozenset(uses)


def features_of(traces: Sequence[Record], uses: Iterable[str] = ("signature",)) -> Features:
    texts = [text_of(t) for t in traces]
    paths = [path_of(t, x) for t, x in zip(traces, texts, strict=True)]
    if "signature" not in set(uses):
        return Features([key_of(normalised(x)) for x in texts], paths)
    keys, sigs = keys_and_signatures(texts)
    return Features(keys, paths, sigs)


def path_of(trace: Record, text: str) -> bytes:
    """A trace's reasoning path digest (empty: none): a code trace's is its program,
    normalised (filters/code.py), any other's its list of calculations."""
    return program_key(trace) if is_code(trace) else path_digest(text)


class FeatureBatch:
    """Traces' features, computed a batch at a time: `add` a text, and `full` says when to
    `compute` (exact keys, path digests and, with `signature`, signatures, as bytes: per
    trace KEY + KEY (+ SIGNATURE) bytes, in the order added). A trace whose path is not
    read from its text (a program) is added with it."""

    SIZE = 512  # texts a batch: its numpy arrays stay within a core's cache

    def __init__(self, signature: bool, exact: bool = True) -> None:
        self.signature = signature
        self.exact = exact  # every exact key; else only those of texts without a path
        self.record_size = 2 * KEY + (SIGNATURE if signature else 0)
        self.texts: list[str] = []
        self.given: dict[int, bytes] = {}  # position in the batch: its path, given

    def add(self, text: str, path: bytes | None = None) -> None:
        if path is not None:
            self.given[len(self.texts)] = path
        self.texts.append(text)

    @property
    def full(self) -> bool:
        return len(self.texts) >= self.SIZE

    def compute(self) -> list[bytes]:
        """Each text's features, packed; the batch is empty afterwards."""
        texts, self.texts = self.texts, []
        given, self.given = self.given, {}
        if not texts:
            return []
        paths = [given.get(i) or path_digest(x) for i, x in enumerate(texts)]
        if not self.signature:
            # A text without a path is known by its exact key (`Features.path_key`).
            return [(key_of(normalised(x)) if self.exact or not p else _NO_KEY) + (p or _NO_KEY)
                    for x, p in zip(texts, paths, strict=True)]
        paths = [p or _NO_KEY for p in paths]
        keys, rows = keys_and_signatures(texts)
        data = rows.tobytes()
        size = SIGNATURE
        return [k + p + data[i * size : (i + 1) * size]
                for i, (k, p) in enumerate(zip(keys, paths, strict=True))]


def unpack(data: bytes, signature: bool) -> Features:
    """The features of a spooled bucket, as `FeatureBatch.compute` packed them."""
    import numpy as np

    size = 2 * KEY + (SIGNATURE if signature else 0)
    count = len(data) // size
    table = np.frombuffer(data, dtype=np.uint8, count=count * size).reshape(count, size)
    keys = np.ascontiguousarray(table[:, : 2 * KEY]).tobytes()  # slices of bytes, not rows
    exact = [keys[i : i + KEY] for i in range(0, len(keys), 2 * KEY)]
    zero = bytes(KEY)
    paths = [b"" if p == zero else p
             for p in (keys[i : i + KEY] for i in range(KEY, len(keys), 2 * KEY))]
    sigs: Any = None
    if signature:
        sigs = np.ascontiguousarray(table[:, 2 * KEY :]).view(np.uint32).reshape(count, NUM_PERM)
    return Features(exact, paths, sigs)


__all__ = ["KEY", "SIGNATURE", "FeatureBatch", "features_of", "unpack", "wanted"]
