"""Filters for code traces: duplicates by what the program does, not how it is written.

`CodeDedup` (`star filter --dedup code`) keeps one trace per distinct program of a problem:
programs are compared normalised (`answers/code.py`: comments, docstrings, quotes and
layout ignored), so a model restating the same solution with other comments does not count
twice. The distinct passing programs a run keeps are its reasoning paths for code
(`diversity.path_key`).
"""

from __future__ import annotations

from star_cli.filters.base import Record
from star_cli.filters.dedup import KeyDedup
from star_cli.filters.features import program_key


class CodeDedup(KeyDedup):
    """Drop a problem's programs that do what an earlier one does: the same program up to
    comments, docstrings and formatting."""

    name = "dedup_code"
    reason = "same_program"

    def key(self, trace: Record) -> bytes:
        return program_key(trace)
