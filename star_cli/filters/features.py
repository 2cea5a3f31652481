"""A trace's features, computed once, and what they are made of.

The built-in group steps (dedup, diversity) read `Features`, not traces: per trace the exact
key of its text (up to case and spacing), the digest of its reasoning path (its list of
calculations; a code trace's program) and, when a step asks, its MinHash signature. `star
filter` computes them while it reads each trace, in batches (`FeatureBatch`), and keeps them
beside the spooled line: 32 bytes of keys and a 512-byte signature a trace. So a trace is
parsed once, its text normalised once and its shingles hashed once. `features_of` computes
the same from traces in hand (a group step's `apply`, tests, plug-ins).

Signatures are computed for hundreds of traces at once, in numpy, with no Python object per
word: the batch's normalised texts lie in one byte array, and each shingle (three words in a
row) is the span from its first word's start to its third's end, hashed by a polynomial hash
read off prefix sums (`_shingle_hashes`: every byte of a word counts, however long); rensa's
R-MinHash turns all the texts' shingle hashes into 128-value signatures in one call
(`_minhash`). rensa used per document (a Python string per shingle, each text's MinHash
updated and read alone), as star used it before, measured 15.6x faster than datasketch on
bench/filter.py's 1M traces, not the 50x an earlier comment claimed; most of that time went
to making the shingle strings, twice. Per text of about 120 words, on this machine: the
shingle hashes about 5 us, rensa's batch call 1.6 us, and reading its matrix back 2 us more
plus 1.6 us to pack each row as bytes (it has no buffer to view).
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

from xxhash import xxh3_128_digest

from star_cli.answers.code import extract_program, normalized
from star_cli.records import utf8

Record = dict[str, Any]


def text_of(trace: Record) -> str:
    """What a model would be trained on: the rationale, else the whole completion."""
    value = trace.get("rationale")
    if not isinstance(value, str) or not value:
        value = trace.get("completion")
    return value if isinstance(value, str) else ""


@dataclass
class Features:
    """What the built-in group steps read of a problem's traces, computed once per trace
    when it is read (`filters/features.py`), so a step never parses or re-reads a trace:
    per trace its exact key (16 bytes: its text up to case and spacing), its reasoning path
    (16 bytes: a digest of its list of calculations, empty when it has none) and its MinHash
    signature (a row of a numpy uint32 matrix; None when no step asked for them)."""

    exact: list[bytes]
    paths: list[bytes]
    signatures: Any = None

    def path_key(self, k: int) -> bytes:
        """RFT's reasoning path: the list of calculations; a rationale without any is a path
        of its own unless it is the same text as another, as exact dedup says."""
        return self.paths[k] or self.exact[k]


SHINGLE = 3  # words per shingle


NUM_PERM = 128


SEED = 1234


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def exact_key(trace: Record) -> bytes:
    """Two traces with the same key are the same rationale up to case and spacing."""
    return key_of(normalised(text_of(trace)))


def key_of(norm: str) -> bytes:
    """The exact key of a normalised text. Keys and path digests are xxh3-128 (16 bytes):
    only ever compared with each other within a run (never written to OUT), so the hash
    is the quickest one with room enough."""
    return xxh3_128_digest(utf8(norm))


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
    starts, ends = _runs((data == 32) | (data == 10))  # norms: single spaces, newlines between
    doc = np.searchsorted(np.flatnonzero(data == 10), starts)
    return _minhash(*_shingle_hashes(data, starts, ends, doc, len(norms)), len(norms))


def keys_and_signatures(texts: Sequence[str], packed: bool = False) -> tuple[list[bytes], Any]:
    """For each text, its exact key (`key_of(normalised(text))`) and its MinHash signature
    (`signatures([normalised(text)])`), computed for all at once: ASCII texts are
    lower-cased, split and joined in numpy (no Python string per word), others as
    `normalised` does. `packed`: the signatures as a list of bytes (each row's uint32 in
    this machine's order, as the matrix's `tobytes` holds them), not a matrix."""
    import numpy as np

    if all(t.isascii() for t in texts):  # the usual batch: no lists to place results in
        return _ascii_keys_and_signatures(texts, packed) if texts else (
            [], [] if packed else np.zeros((0, NUM_PERM), dtype=np.uint32))
    keys: list[bytes] = [b""] * len(texts)
    sigs: Any = ([b""] * len(texts) if packed
                 else np.zeros((len(texts), NUM_PERM), dtype=np.uint32))
    plain = [k for k, t in enumerate(texts) if t.isascii()]
    other = [k for k, t in enumerate(texts) if not t.isascii()]
    if plain:
        got_keys, got = _ascii_keys_and_signatures([texts[k] for k in plain], packed)
        for k, key in zip(plain, got_keys, strict=True):
            keys[k] = key
        _place(sigs, plain, got)
    if other:
        norms = [normalised(texts[k]) for k in other]
        for k, norm in zip(other, norms, strict=True):
            keys[k] = key_of(norm)
        got = signatures(norms)
        _place(sigs, other, [row.tobytes() for row in got] if packed else got)
    return keys, sigs


def _place(sigs: Any, at: list[int], got: Any) -> None:
    if isinstance(sigs, list):
        for k, row in zip(at, got, strict=True):
            sigs[k] = row
    else:
        sigs[at] = got


def _ascii_keys_and_signatures(texts: Sequence[str], as_bytes: bool = False
                               ) -> tuple[list[bytes], Any]:
    import numpy as np

    count = len(texts)
    # A newline between texts and after the last: every word ends at a whitespace byte.
    blob = ("\n".join(texts) + "\n").encode("ascii")
    lowered = np.frombuffer(blob.translate(_LOWER_BYTES), dtype=np.uint8)  # a lookup a byte, in C
    space = np.frombuffer(blob.translate(_SPACE_BYTES), dtype=bool)
    starts, ends = _runs(space)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    text_start = np.zeros(count, dtype=np.int64)
    np.cumsum(lengths[:-1] + 1, out=text_start[1:])
    doc = np.searchsorted(text_start, starts, side="right") - 1
    # The normalised texts, one after another: each word and the whitespace byte after it,
    # made a space; a text's normalised form is its part but the last space, as
    # `normalised` makes it.
    kept = ~space
    kept[ends] = True
    data = lowered[kept]
    sizes = ends - starts
    at = np.zeros(len(starts), dtype=np.int64)  # each word's start in `data`
    np.cumsum(sizes[:-1] + 1, out=at[1:])
    data[at + sizes] = 32
    upto = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.bincount(doc, weights=sizes + 1, minlength=count).astype(np.int64),
              out=upto[1:])
    lows = upto[:-1].tolist()
    highs = np.maximum(upto[1:] - 1, upto[:-1]).tolist()  # but the last space
    view = memoryview(data.tobytes())  # each text's normalised bytes hashed where they lie
    keys = [xxh3_128_digest(view[a:b]) for a, b in zip(lows, highs, strict=True)]
    sig = _minhash(*_shingle_hashes(data, at, at + sizes, doc, count), count, as_bytes)
    return keys, sig


_ROW = struct.Struct(f"={NUM_PERM}I")  # a signature's bytes, as a uint32 matrix row holds it


def _minhash(flat: Any, offsets: Any, count: int, packed: bool = False) -> Any:
    """Each text's R-MinHash signature (rensa: NUM_PERM seeded permutations, `SEED`) over its
    shingle hashes, all texts in one call from the flat buffer and its offsets (`packed`:
    a list of each one's bytes)."""
    import numpy as np
    from rensa import RMinHash

    if not count:
        return [] if packed else np.zeros((0, NUM_PERM), dtype=np.uint32)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(flat, offsets, NUM_PERM, SEED)
    rows = matrix.to_rows()  # lists of ints: rensa's matrix has no buffer to view
    if packed:
        pack = _ROW.pack
        return [pack(*row) for row in rows]
    return np.fromiter(chain.from_iterable(rows), dtype=np.uint32,
                       count=count * NUM_PERM).reshape(count, NUM_PERM)


def similarity(signature: Any, others: Any) -> Any:
    """Estimated Jaccard similarity of one signature to each row of a signature matrix."""
    import numpy as np

    if len(others) == 0:
        return np.zeros(0)
    return (others == signature[None, :]).mean(axis=1)


_LOWER_BYTES = bytes(range(65)) + bytes(range(97, 123)) + bytes(range(91, 256))  # A-Z: a-z


_SPACE_BYTES = bytes(1 if b in (9, 10, 11, 12, 13, 28, 29, 30, 31, 32) else 0 for b in range(256))


def fmix(h: Any) -> Any:
    """MurmurHash3's 64-bit finaliser: every bit of the input reaches every bit out."""
    import numpy as np

    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _runs(space: Any) -> tuple[Any, Any]:
    """(starts, ends) of the runs of False in a boolean array: the words."""
    import numpy as np

    gap = np.empty(len(space) + 2, dtype=bool)
    gap[0] = gap[-1] = True
    gap[1:-1] = space
    edges = np.flatnonzero(gap[1:] != gap[:-1])
    return edges[0::2], edges[1::2]


_BASE = 0x9E3779B97F4A7C15  # odd, so invertible modulo 2**64


class _Powers:
    """_BASE**i and _BASE**-i modulo 2**64 for i < n, as two uint64 arrays; kept between
    batches up to KEEP entries (a batch's bytes: `FeatureBatch.BYTES`), made afresh beyond."""

    KEEP = 1 << 21
    up: Any = None
    down: Any = None

    @classmethod
    def get(cls, n: int) -> tuple[Any, Any]:
        if cls.up is not None and len(cls.up) >= n:
            return cls.up, cls.down
        import numpy as np

        size = max(n, min(cls.KEEP, 2 * n))
        made = []
        for base in (_BASE, pow(_BASE, -1, 1 << 64)):
            table = np.full(size, base, dtype=np.uint64)
            table[0] = 1
            made.append(np.cumprod(table, dtype=np.uint64))  # wraps modulo 2**64
        if size <= cls.KEEP:
            cls.up, cls.down = made
        return made[0], made[1]


def _shingle_hashes(data: Any, starts: Any, ends: Any, doc: Any, count: int
                    ) -> tuple[Any, Any]:
    """(every text's shingle hashes in one uint64 array, each text's offsets into it).

    `data` holds the texts' normalised bytes (uint8), their words at [starts, ends) in order,
    one space apart within a text; `doc` is each word's text. A shingle, three words in a
    row, is the span of bytes from the first's start to the third's end, and its hash a
    polynomial hash of those bytes: from prefix sums of byte * _BASE**position, the span's
    difference scaled back by _BASE**-start, so the same span hashes the same wherever it
    lies and every span costs the same few operations, with no Python object a word. A text
    of fewer than three words has one shingle: all of it."""
    import numpy as np

    up, down = _Powers.get(len(data) + 1)
    prefix = np.zeros(len(data) + 1, dtype=np.uint64)
    np.cumsum(data * up[: len(data)], out=prefix[1:])
    per_text = np.bincount(doc, minlength=count)
    first_word = np.zeros(count, dtype=np.int64)
    np.cumsum(per_text[:-1], out=first_word[1:])
    offsets = np.zeros(count + 1, dtype=np.int64)
    np.cumsum(np.maximum(1, per_text - 2), out=offsets[1:])
    out = np.empty(int(offsets[-1]), dtype=np.uint64)
    if len(starts) >= 3:  # three words of one text in a row
        inside = np.flatnonzero(doc[:-2] == doc[2:])
        owner = doc[inside]
        out[offsets[owner] + (inside - first_word[owner])] = _span_hash(
            prefix, down, starts[inside], ends[inside + 2])
    short = np.flatnonzero(per_text < 3)
    if len(short):
        words = per_text[short]
        first = first_word[short]
        padded_starts, padded_ends = np.append(starts, 0), np.append(ends, 0)
        begin = np.where(words > 0, padded_starts[first], 0)
        out[offsets[short]] = _span_hash(
            prefix, down, begin, np.where(words > 0, padded_ends[first + words - 1], begin))
    return out, offsets.astype(np.uint64)


def _span_hash(prefix: Any, down: Any, start: Any, end: Any) -> Any:
    import numpy as np

    poly = (prefix[end] - prefix[start]) * down[start]
    return fmix(poly ^ (end - start).astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))


_ANNOTATION = re.compile(r"<<([^<>=]{1,200})=([^<>]{1,60})>>")


# `_ANNOTATION` with its two sides and the `=` between them as one group: the same matches.
_ANNOTATED = re.compile(r"<<([^<>=]{1,200}=[^<>]{1,60})>>")


_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"


_OP = r"[-+*/×÷x]"


_INLINE = re.compile(
    rf"(?<![\w.])({_NUMBER}(?:\s*{_OP}\s*{_NUMBER}){{1,8}})\s*=\s*({_NUMBER})(?!\d|\.\d)"
)


_SPACES_AND_COMMAS = re.compile(r"[\s,]")


# ASCII whitespace (what `\s` matches in ASCII text) and commas out, `x` as `*`.
_ASCII_NORM = {ord(c): None for c in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f,"} | {ord("x"): "*"}


def _norm(expr: str) -> str:
    if expr.isascii():
        if expr.isprintable():  # no whitespace but spaces: str.replace is quicker
            expr = expr.replace(" ", "").replace(",", "")
            return expr.replace("x", "*") if "x" in expr else expr
        return expr.translate(_ASCII_NORM)
    return _SPACES_AND_COMMAS.sub("", expr).replace("×", "*").replace("÷", "/").replace("x", "*")


def equations(text: str) -> tuple[str, ...]:
    """The calculations a rationale makes: GSM8K's `<<48/2=24>>` annotations when it has
    them, else every `a op b = c` written in the text, in order."""
    found = _ANNOTATION.findall(text)
    if not found:
        found = _INLINE.findall(text)
    return tuple(f"{_norm(lhs)}={_norm(rhs)}" for lhs, rhs in found)


def path_digest(text: str) -> bytes:
    """The digest of a rationale's list of calculations (16 bytes), or b"" without any: of
    `equations(text)`, each normalised as it does, in one pass over all of them."""
    # `<`, `>` and `=` are in no normalised side, so they mark where each one ends.
    found = _ANNOTATED.findall(text)  # each `lhs=rhs` whole: no join of its two sides
    if found:
        joined = _norm("<".join(found))
    else:
        inline = _INLINE.findall(text)
        if not inline:
            return b""
        joined = _norm("<".join(map("=".join, inline)))
    return xxh3_128_digest(utf8(joined))


def program_key(trace: Record) -> bytes:
    """A digest of a code trace's program, normalised: its `answer` (the program the checker
    ran), else the program read from its completion."""
    program = trace.get("answer")
    if not isinstance(program, str):
        found = extract_program(str(trace.get("completion") or ""))
        program = found.text if found is not None else ""
    return xxh3_128_digest(utf8(normalized(program)))


def is_code(trace: Record) -> bool:
    return trace.get("checker") == "code"


KEY = 16  # bytes of an exact key, and of a path digest


SIGNATURE = 4 * NUM_PERM  # bytes of a signature


_NO_KEY = bytes(KEY)


def wanted(steps: Iterable[Any]) -> frozenset[str] | None:
    """The features `steps` (group steps) read, or None when one of them reads traces
    (`apply` only)."""
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
    BYTES = 1 << 20  # or text bytes: long texts make smaller batches

    def __init__(self, signature: bool, exact: bool = True) -> None:
        self.signature = signature
        self.exact = exact  # every exact key; else only those of texts without a path
        self.record_size = 2 * KEY + (SIGNATURE if signature else 0)
        self.texts: list[str] = []
        self.given: dict[int, bytes] = {}  # position in the batch: its path, given
        self.size = 0  # characters in `texts`

    def add(self, text: str, path: bytes | None = None) -> None:
        if path is not None:
            self.given[len(self.texts)] = path
        self.texts.append(text)
        self.size += len(text)

    @property
    def full(self) -> bool:
        return len(self.texts) >= self.SIZE or self.size >= self.BYTES

    def compute(self) -> list[bytes]:
        """Each text's features, packed; the batch is empty afterwards."""
        texts, self.texts = self.texts, []
        given, self.given = self.given, {}
        self.size = 0
        if not texts:
            return []
        paths = ([given.get(i) or path_digest(x) for i, x in enumerate(texts)] if given
                 else list(map(path_digest, texts)))
        if not self.signature:
            # A text without a path is known by its exact key (`Features.path_key`).
            return [(key_of(normalised(x)) if self.exact or not p else _NO_KEY) + (p or _NO_KEY)
                    for x, p in zip(texts, paths, strict=True)]
        paths = [p or _NO_KEY for p in paths]
        keys, rows = keys_and_signatures(texts, packed=True)
        return [k + p + row for k, p, row in zip(keys, paths, rows, strict=True)]


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
