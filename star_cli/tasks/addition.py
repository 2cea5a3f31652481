"""Addition: n-digit addition with a scratchpad, the STaR paper's third task in miniature.

A problem's question is two operands zero-padded to one fixed width, `00047 + 00385`
(WIDTH digits by default, whatever the digit count: the fixed width gives a small model the
same positions to attend to for every problem); its gold is the sum, `432`. A record is
`{"id": ..., "question": "00047 + 00385", "gold": "432"}` (`answer` is read when `gold` is
absent); `make_problems` writes them.

The rationale is a scratchpad, one step a digit position of the padded width, least
significant first: the two digits, the carry in, and their sum in two digits (the format
`star_cli.answers.addition` verifies; its written digit is the sum's last, its carry out the
sum's tens), then the sum zero-padded to one digit more than the operands:

    7+5+0=12
    4+8+1=13
    0+3+1=04
    0+0+0=00
    0+0+0=00
    The answer is 000432.

The format is made for the miniature (`examples/addition/`), which trains a character-level
model on a laptop. It is terse, since such a model pays for every character; and every
problem's scratchpad has one geometry, each digit at the same place, so the answer is a
copy of the steps' last digits that a model with learned positions can learn (the unpadded
`432` is a copy that starts at a place depending on the sum, which a model this small gets
wrong). The numeric checker reads `000432` as 432. For the same reason the preset has no
instruction line: as in the STaR paper's addition prompts, the exemplars (or the fine-tuning)
teach the format.

The hint for rationalization is GSM8K's: `00047 + 00385 (Answer: 432)`. The preset's checker
is `numeric` (the final answer); `--checker addition-steps` also verifies every step against
the question's digits.

Train and test are kept apart by construction: `split_of` hashes the unordered operand pair,
so a pair (and its swap) belongs to one split only, whatever the seed or count.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from star_cli.answers.addition import step_line
from star_cli.answers.checker import NumericChecker
from star_cli.errors import InputError
from star_cli.records import Location, Problem
from star_cli.tasks.base import Task, record_id, require_text
from star_cli.tasks.exemplars import ADDITION_EXEMPLARS

WIDTH = 5  # operands are zero-padded to this many digits unless told otherwise
TEST_PERCENT = 20  # the share of operand pairs that belong to the test split
QUESTION = re.compile(r"([0-9]+) \+ ([0-9]+)")
_ENUMERATE = 200_000  # digit counts with at most this many pairs are drawn from the full list


def question(a: int, b: int, width: int = WIDTH) -> str:
    """`00047 + 00385`: both operands zero-padded to `width`."""
    if a < 0 or b < 0 or max(len(str(a)), len(str(b))) > width:
        raise ValueError(f"operands {a}, {b} do not fit width {width}")
    return f"{a:0{width}d} + {b:0{width}d}"


def scratchpad(a: int, b: int, width: int = WIDTH) -> str:
    """The rationale for `a + b`: one step a padded digit, least significant first, then the
    final-answer sentence."""
    pa, pb = f"{a:0{width}d}", f"{b:0{width}d}"
    if len(pa) != width or len(pb) != width:
        raise ValueError(f"operands {a}, {b} do not fit width {width}")
    lines, carry = [], 0
    for x, y in zip(reversed(pa), reversed(pb), strict=True):
        lines.append(step_line(int(x), int(y), carry))
        carry = (int(x) + int(y) + carry) // 10
    lines.append(f"The answer is {a + b:0{width + 1}d}.")
    return "\n".join(lines)


def split_of(a: int, b: int, test_percent: int = TEST_PERCENT) -> str:
    """`test` or `train` for the unordered pair {a, b}: a stable hash, not the seed."""
    lo, hi = sorted((a, b))
    h = int.from_bytes(hashlib.blake2b(f"{lo}+{hi}".encode(), digest_size=8).digest(), "big")
    return "test" if h % 100 < test_percent else "train"


def _operand_range(digits: int) -> range:
    """Operands with exactly `digits` digits (0-9 for one digit)."""
    if digits < 1:
        raise ValueError("digits must be at least 1")
    return range(0 if digits == 1 else 10 ** (digits - 1), 10**digits)


def make_problems(digits: int, count: int, seed: int, exclude: Iterable[tuple[int, int]] = (),
                  *, split: str | None = None, width: int = WIDTH,
                  test_percent: int = TEST_PERCENT) -> list[dict[str, Any]]:
    """`count` distinct problems adding two `digits`-digit operands, as records; the same
    arguments always give the same list. `exclude` holds (a, b) pairs not to draw; `split`
    (`train` or `test`) draws only pairs of that split (`split_of`). ValueError when fewer
    than `count` pairs are left."""
    if split not in (None, "train", "test"):
        raise ValueError(f"split must be train or test, not {split!r}")
    if digits > width:
        raise ValueError(f"{digits}-digit operands do not fit width {width}")
    operands = _operand_range(digits)
    excluded = {(int(a), int(b)) for a, b in exclude}
    rng = random.Random(seed * 1_000 + digits)

    def wanted(pair: tuple[int, int]) -> bool:
        return pair not in excluded and (split is None or split_of(*pair, test_percent) == split)

    pairs: list[tuple[int, int]] = []
    if len(operands) ** 2 <= _ENUMERATE:
        pool = [(a, b) for a in operands for b in operands if wanted((a, b))]
        if len(pool) < count:
            raise ValueError(f"only {len(pool)} {digits}-digit pairs are left, not {count}")
        pairs = rng.sample(pool, count)
    else:
        seen: set[tuple[int, int]] = set()
        for _ in range(100 * count + 1_000):  # the space is large: collisions are rare
            if len(pairs) == count:
                break
            pair = (rng.choice(operands), rng.choice(operands))
            if pair not in seen and wanted(pair):
                seen.add(pair)
                pairs.append(pair)
        if len(pairs) < count:
            raise ValueError(f"could not draw {count} distinct {digits}-digit pairs")
    return [_record(a, b, digits, width) for a, b in pairs]


def _record(a: int, b: int, digits: int, width: int) -> dict[str, Any]:
    return {"id": f"add{digits}-{a:0{width}d}-{b:0{width}d}", "question": question(a, b, width),
            "gold": str(a + b), "digits": digits}


def write_splits(directory: str | Path, counts: Mapping[int, tuple[int, int]], seed: int,
                 *, width: int = WIDTH, test_percent: int = TEST_PERCENT) -> dict[str, Path]:
    """Write `train.jsonl` and `test.jsonl` under `directory`: for each digit count,
    `counts[digits] = (train, test)` problems, the test pairs never among the train's
    (`split_of`). Returns the two paths."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for index, name in enumerate(("train", "test")):
        records = []
        for digits in sorted(counts):
            records += make_problems(digits, counts[digits][index], seed, split=name,
                                     width=width, test_percent=test_percent)
        paths[name] = out / f"{name}.jsonl"
        with open(paths[name], "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r) + "\n" for r in records)
    return paths


def operands(text: str) -> tuple[int, int] | None:
    """(a, b) of a question `a + b`, or None."""
    m = QUESTION.fullmatch(text.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


class Addition(Task):
    """Zero-padded n-digit addition with a carry scratchpad: the addition miniature."""

    name = "addition"
    checker = NumericChecker()
    instruction = ""  # the exemplars show the format (see the module's docstring)
    exemplars = ADDITION_EXEMPLARS

    def read(self, record: Mapping[str, Any], where: Location) -> Problem:
        text = require_text(record, "question", where, "two numbers, as '00047 + 00385'")
        text = text.strip()
        pair = operands(text)
        if pair is None:
            raise InputError("is not an addition 'A + B' of two whole numbers", path=where.path,
                             line=where.line, field="question",
                             fix="write the question as '00047 + 00385'")
        field = "gold" if record.get("gold") not in (None, "") else "answer"
        gold = require_text(record, field, where, "the sum")
        if not gold.isascii() or not gold.isdigit() or int(gold) != sum(pair):
            raise InputError(f"is not the sum of {text} ({sum(pair)})", path=where.path,
                             line=where.line, field=field)
        return Problem(record_id(record, "id", text), text, str(int(gold)))

