"""`--filter min_words[:n=N]`: drop rationales shorter than N words (default 5): a bare
answer teaches no reasoning."""

from __future__ import annotations

from star_cli.filters.base import Keep, Record, TraceFilter
from star_cli.filters.quality import text_of


class MinWords(TraceFilter):
    name = "min_words"

    def __init__(self, n: int = 5) -> None:
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"n must be a positive whole number, got {n!r}")
        self.n = n

    def keep(self, trace: Record) -> Keep:
        return True if len(text_of(trace).split()) >= self.n else (False, "too_few_words")
