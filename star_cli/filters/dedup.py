"""Duplicate removal within each problem: exact (normalised text) and near (MinHash + LSH).

Traces arrive in canonical order, so the first of each duplicate group survives whatever
order the input files came in. Both steps read a problem's `Features` (filters/base.py),
computed once per trace while the input is read: the exact key of its normalised text, and
its MinHash signature. Signatures are computed for hundreds of traces at once: each word of
the normalised text is hashed from its bytes in numpy (no Python object per word), each run
of three words (a shingle) from its words' hashes, and rensa's R-MinHash turns all the
texts' shingle hashes into 128-value signatures in one call (`_minhash`). Near duplicates
are found by LSH bands over the signatures, and each candidate is confirmed by its estimated
Jaccard similarity, so the threshold is what it says.

rensa used per document (a Python string per shingle, each text's MinHash updated and read
alone), as this step used it before, measured 15.6x faster than datasketch on
bench/filter.py's 1M traces, not the 50x an earlier comment claimed; most of that time went
to making the shingle strings, twice. Its batch call on hashes made in numpy costs about
1.4 us a text here, and reading its matrix back about 10 us more (it has no buffer to view).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from itertools import chain
from typing import Any

from star_cli.filters.base import Dropped, Features, GroupStep, Record
from star_cli.filters.quality import text_of
from star_cli.records import utf8

SHINGLE = 3  # words per shingle
NUM_PERM = 128
SEED = 1234


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def exact_key(trace: Record) -> bytes:
    """Two traces with the same key are the same rationale up to case and spacing."""
    return key_of(normalised(text_of(trace)))


def key_of(norm: str) -> bytes:
    """The exact key of a normalised text."""
    return hashlib.blake2b(utf8(norm), digest_size=16).digest()


class KeyDedup(GroupStep):
    """Keep the first trace (in canonical order) of each key; drop the rest as `reason`. A
    subclass gives the key either from the features (`feature_key`, a step that uses them)
    or from the trace (`key`, read by `apply`)."""

    reason = "duplicate"

    def key(self, trace: Record) -> bytes:
        raise NotImplementedError

    def feature_key(self, features: Features, k: int) -> bytes:
        raise NotImplementedError

    def select(self, features: Features, order: Sequence[int]
               ) -> tuple[list[int], list[tuple[int, str]]]:
        return _first_of_each([self.feature_key(features, k) for k in order], order,
                              self.reason)

    def apply(self, traces: Sequence[Record]) -> tuple[list[Record], Dropped]:
        kept, dropped = _first_of_each([self.key(t) for t in traces], traces, self.reason)
        return kept, dropped


def _first_of_each(keys: Sequence[bytes], items: Sequence[Any], reason: str
                   ) -> tuple[list[Any], list[tuple[Any, str]]]:
    seen: set[bytes] = set()
    kept, dropped = [], []
    for key, item in zip(keys, items, strict=True):
        if key in seen:
            dropped.append((item, reason))
        else:
            seen.add(key)
            kept.append(item)
    return kept, dropped


class ExactDedup(KeyDedup):
    """Drop a problem's repeated rationales: the same text up to case and spacing."""

    name = "dedup_exact"
    reason = "exact_duplicate"
    uses = frozenset({"exact"})

    def key(self, trace: Record) -> bytes:
        return exact_key(trace)

    def feature_key(self, features: Features, k: int) -> bytes:
        return features.exact[k]


def shingles(text: str, k: int = SHINGLE) -> list[str]:
    """Lower-cased, whitespace-split word k-grams (with repeats: MinHash sees a set), as
    strings: what the signatures are computed from (`signatures` hashes them without making
    the strings)."""
    words = text.lower().split()
    if len(words) <= k:
        return [" ".join(words)]
    return [" ".join(gram) for gram in zip(*(words[i:] for i in range(k)), strict=False)]


def signatures(norms: Sequence[str]) -> Any:
    """The MinHash signatures (a numpy array, one row of NUM_PERM uint32 per text) of
    normalised texts (`normalised`); see `_minhash`."""
    import numpy as np

    if not norms:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    blob = ("\n".join(norms) + "\n").encode("utf-8", "surrogatepass")
    data = np.frombuffer(blob, dtype=np.uint8)
    starts, ends = _runs(np.less_equal(data, 32))  # norms: single spaces, newlines between
    doc = np.searchsorted(np.flatnonzero(data == 10), starts)
    return _minhash(*_shingle_hashes(_word_hashes(blob, starts, ends), doc, len(norms)),
                    len(norms))


def keys_and_signatures(texts: Sequence[str]) -> tuple[list[bytes], Any]:
    """For each text, its exact key (`key_of(normalised(text))`) and its MinHash signature
    (`signatures([normalised(text)])`), computed for all at once: ASCII texts are
    lower-cased, split and joined in numpy (no Python string per word), others as
    `normalised` does."""
    import numpy as np

    keys: list[bytes] = [b""] * len(texts)
    sigs = np.zeros((len(texts), NUM_PERM), dtype=np.uint32)
    plain = [k for k, t in enumerate(texts) if t.isascii()]
    other = [k for k, t in enumerate(texts) if not t.isascii()]
    if plain:
        got_keys, got = _ascii_keys_and_signatures([texts[k] for k in plain])
        for k, key in zip(plain, got_keys, strict=True):
            keys[k] = key
        sigs[plain] = got
    if other:
        norms = [normalised(texts[k]) for k in other]
        for k, norm in zip(other, norms, strict=True):
            keys[k] = key_of(norm)
        sigs[other] = signatures(norms)
    return keys, sigs


def _ascii_keys_and_signatures(texts: Sequence[str]) -> tuple[list[bytes], Any]:
    import numpy as np

    count = len(texts)
    blob = "\n".join(texts).encode("ascii")  # a newline is whitespace: no word spans two
    raw = np.frombuffer(blob, dtype=np.uint8)
    lower = np.take(_LOWER.get(), raw)
    space = np.take(_SPACE.get(), raw)
    starts, ends = _runs(space)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    text_start = np.zeros(count, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=text_start[1:])
    doc = np.searchsorted(text_start, starts, side="right") - 1
    # The normalised text: each text's words, one space between them (the byte before each
    # of its words but the first), as `normalised` makes it.
    kept = ~space
    between = starts[1:][doc[1:] == doc[:-1]] - 1
    normal = lower.copy()
    normal[between] = 32
    kept[between] = True
    packed = normal[kept].tobytes()
    words = np.bincount(doc, minlength=count)
    size = np.bincount(doc, weights=ends - starts, minlength=count).astype(np.int64)
    size += np.maximum(0, words - 1)
    upto = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(size, out=upto[1:])
    blake2b = hashlib.blake2b
    bounds = upto.tolist()
    keys = [blake2b(packed[bounds[k] : bounds[k + 1]], digest_size=16).digest()
            for k in range(count)]
    sig = _minhash(*_shingle_hashes(_word_hashes(lower.tobytes(), starts, ends), doc, count),
                   count)
    return keys, sig


def _minhash(flat: Any, offsets: Any, count: int) -> Any:
    """Each text's R-MinHash signature (rensa: NUM_PERM seeded permutations, `SEED`) over its
    shingle hashes, all texts in one call from the flat buffer and its offsets."""
    import numpy as np
    from rensa import RMinHash

    if not count:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
    rows = matrix.to_rows()  # lists of ints: rensa's matrix has no buffer to view
    return np.fromiter(chain.from_iterable(rows), dtype=np.uint32,
                       count=count * NUM_PERM).reshape(count, NUM_PERM)


def similarity(signature: Any, others: Any) -> Any:
    """Estimated Jaccard similarity of one signature to each row of a signature matrix."""
    import numpy as np

    if len(others) == 0:
        return np.zeros(0)
    return (others == signature[None, :]).mean(axis=1)




class _Lazy:
    """A numpy table built on first use: numpy is not imported with this module."""

    def __init__(self, build: Any) -> None:
        self.build = build
        self.value: Any = None

    def __len__(self) -> int:
        return len(self.get())

    def __getitem__(self, k: int) -> Any:
        return self.get()[k]

    def get(self) -> Any:
        if self.value is None:
            self.value = self.build()
        return self.value


def _lower_table() -> Any:
    import numpy as np

    table = np.arange(256, dtype=np.uint8)
    table[65:91] += 32  # A-Z: as str.lower() does to ASCII
    return table


def _space_table() -> Any:
    import numpy as np

    table = np.zeros(256, dtype=bool)
    table[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True  # what str.split() splits ASCII on
    return table


_LOWER = _Lazy(_lower_table)
_SPACE = _Lazy(_space_table)
_MASK_ARRAY = _Lazy(lambda: __import__("numpy").array(_MASKS, dtype="uint64"))


def bands_for(threshold: float, num_perm: int = NUM_PERM) -> int:
    """LSH bands: the divisor of num_perm whose S-curve midpoint (1/b)^(1/r) sits just below
    the threshold, so near duplicates are found (recall) and then confirmed (precision)."""
    target = max(0.05, threshold - 0.1)
    divisors = [b for b in range(1, num_perm + 1) if num_perm % b == 0]
    return min(divisors, key=lambda b: abs((1 / b) ** (b / num_perm) - target))


class MinHashDedup(GroupStep):
    """Drop a problem's near-duplicate rationales: MinHash + LSH, confirmed by estimated Jaccard
    similarity >= threshold."""

    name = "dedup_minhash"
    uses = frozenset({"signature"})

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self.bands = bands_for(threshold, NUM_PERM)

    def select(self, features: Features, order: Sequence[int]
               ) -> tuple[list[int], list[tuple[int, str]]]:
        """Greedy in canonical order: a trace is dropped when a kept one shares an LSH band
        with it and is at least `threshold` similar. The candidate pairs (sharing a band)
        and their similarities are found for the whole problem at once."""
        import numpy as np

        order = list(order)
        if len(order) < 2:
            return order, []
        sigs = features.signatures[order]
        first, second = _band_pairs(_band_keys(sigs, self.bands))
        agree = (sigs[first] == sigs[second]).sum(axis=1) / NUM_PERM
        near = agree >= self.threshold
        earlier: dict[int, list[int]] = {}
        for a, b in zip(first[near].tolist(), second[near].tolist(), strict=True):
            earlier.setdefault(b, []).append(a)  # a < b: a comes first
        kept_flag = np.ones(len(order), dtype=bool)
        for i in sorted(earlier):
            if kept_flag[earlier[i]].any():
                kept_flag[i] = False
        kept = [k for k, keep in zip(order, kept_flag.tolist(), strict=True) if keep]
        dropped = [(k, "near_duplicate")
                   for k, keep in zip(order, kept_flag.tolist(), strict=True) if not keep]
        return kept, dropped


def _band_pairs(keys: Any) -> tuple[Any, Any]:
    """Every pair (i, j), i < j, of rows that agree in some band (a column of `keys`),
    each pair once."""
    import numpy as np

    rows = len(keys)
    found = []
    for band in keys.T:
        order = np.argsort(band, kind="stable")
        ordered = band[order]
        starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1]]))
        sizes = np.diff(np.concatenate([starts, [rows]]))
        if sizes.max() < 2:
            continue
        # Each row of a run pairs with the rows before it in the run.
        rank = np.arange(rows) - np.repeat(starts, sizes)
        mates = np.repeat(np.arange(rows), rank)
        partner = np.repeat(np.repeat(starts, sizes), rank) + (
            np.arange(len(mates)) - np.repeat(np.cumsum(rank) - rank, rank))
        a, b = order[partner], order[mates]
        found.append(np.minimum(a, b) * rows + np.maximum(a, b))
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    pairs = np.unique(np.concatenate(found))
    return pairs // rows, pairs % rows


def _band_keys(sigs: Any, bands: int) -> Any:
    """Each signature's bands, each as one uint64 (a polynomial of its values: equal
    bands, equal keys; two unequal bands share a key with chance 2^-64, and a candidate is
    confirmed by its similarity anyway)."""
    import numpy as np

    rows = sigs.shape[1] // bands
    coeffs = _fmix(np.arange(1, rows + 1, dtype=np.uint64))
    grouped = sigs.reshape(len(sigs), bands, rows).astype(np.uint64)
    return (grouped * coeffs).sum(axis=2, dtype=np.uint64)


# -- shingle hashes, vectorised ----------------------------------------------------------------

_MASKS = [(1 << (8 * k)) - 1 for k in range(9)]  # the first k bytes of eight


def _fmix(h: Any) -> Any:
    """MurmurHash3's 64-bit finaliser: every bit of the input reaches every bit out."""
    import numpy as np

    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _rotl(x: Any, r: int) -> Any:
    import numpy as np

    return (x << np.uint64(r)) | (x >> np.uint64(64 - r))


def _runs(space: Any) -> tuple[Any, Any]:
    """(starts, ends) of the runs of False in a boolean array: the words."""
    import numpy as np

    gap = np.empty(len(space) + 2, dtype=bool)
    gap[0] = gap[-1] = True
    gap[1:-1] = space
    edges = np.flatnonzero(gap[1:] != gap[:-1])
    return edges[0::2], edges[1::2]


def _word_hashes(blob: bytes, starts: Any, ends: Any) -> Any:
    """A hash of each word blob[start:end], from its length, its first eight bytes and its
    last eight: whole for words of up to 16 bytes; two longer ones (rare: numbers, URLs)
    share a hash only if they agree at both ends."""
    import numpy as np

    size = len(blob)
    cols = size // 8 + 2
    padded = blob + b"\0" * (8 * cols + 8 - size)
    at = np.empty(8 * cols, dtype=np.uint64)  # the eight bytes at i: at[(i % 8) * cols + i // 8]
    for k in range(8):
        at[k * cols : (k + 1) * cols] = np.frombuffer(padded, dtype=np.uint64, count=cols,
                                                      offset=k)
    lengths = ends - starts
    first = at[(starts & 7) * cols + (starts >> 3)] & _MASK_ARRAY.get()[np.minimum(lengths, 8)]
    tail = ends - 8
    last = np.where(lengths > 8, at[(tail & 7) * cols + (tail >> 3)], np.uint64(0))
    return _fmix(first * np.uint64(0x9E3779B97F4A7C15) ^ _rotl(last, 29)
                 ^ lengths.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))


def _shingle_hashes(word: Any, text_of_word: Any, count: int) -> tuple[Any, Any]:
    """(every text's shingle hashes in one uint64 array, each text's offsets into it), from
    its words' hashes in order: a shingle's hash mixes its three words' hashes; a text of
    fewer than three words has one shingle, padded with zeros."""
    import numpy as np

    per_text = np.bincount(text_of_word, minlength=count)
    first_word = np.zeros(count, dtype=np.int64)
    np.cumsum(per_text[:-1], out=first_word[1:])
    shingled = np.maximum(1, per_text - 2)
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(shingled, out=offsets[1:])
    out = np.empty(int(offsets[-1]), dtype=np.uint64)
    if len(word) >= 3:  # shingles within a text: three words of one text in a row
        inside = np.flatnonzero(text_of_word[:-2] == text_of_word[2:])
        owner = text_of_word[inside]
        out[offsets[owner] + (inside - first_word[owner])] = _mix3(
            word[inside], word[inside + 1], word[inside + 2])
    short = np.flatnonzero(per_text < 3)
    if len(short):  # one shingle of what words there are, padded with zeros
        zero = np.zeros(len(short), dtype=np.uint64)
        padded = np.concatenate([word, np.zeros(2, dtype=np.uint64)])
        one = np.where(per_text[short] >= 1, padded[first_word[short]], zero)
        two = np.where(per_text[short] >= 2, padded[first_word[short] + 1], zero)
        out[offsets[short]] = _mix3(one, two, zero)
    return out, offsets.astype(np.uint64)


def _mix3(a: Any, b: Any, c: Any) -> Any:
    import numpy as np

    return _fmix(a * np.uint64(0x9E3779B97F4A7C15) + _rotl(b, 23) * np.uint64(0xC2B2AE3D27D4EB4F)
                 + _rotl(c, 47) * np.uint64(0x165667B19E3779F9))


__all__ = ["NUM_PERM", "SEED", "SHINGLE", "ExactDedup", "MinHashDedup", "bands_for",
           "exact_key", "key_of", "normalised", "shingles", "signatures", "similarity"]
