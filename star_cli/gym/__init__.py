"""Procedural problems from reasoning-gym (`star problems gym:NAME`), scored by each family's
own scorer.

reasoning_gym is imported only inside the functions that need it (it takes seconds), so
importing this package costs nothing. docs/gym.md describes the rows, the options, the
scoring and the families star refuses.
"""

from __future__ import annotations

from star_cli.gym.families import (
    BROKEN,
    MIX,
    FamilyInfo,
    GymError,
    all_families,
    family_info,
    family_names,
    no_gold,
    parse_config,
    refuse_broken,
)
from star_cli.gym.options import Option
from star_cli.gym.problems import dumps_row, make_problems, parse_weights, write_problems
from star_cli.gym.prompt import ANSWER_FORMAT, INSTRUCTION, chat_prompt, hint, text_prompt
from star_cli.gym.score import (
    DEFAULT_TIMEOUT,
    GymScore,
    default_workers,
    extract_answer,
    make_workers,
    score_answer,
    score_completion,
)

__all__ = [
    "ANSWER_FORMAT",
    "BROKEN",
    "DEFAULT_TIMEOUT",
    "INSTRUCTION",
    "MIX",
    "FamilyInfo",
    "GymError",
    "GymScore",
    "Option",
    "all_families",
    "chat_prompt",
    "default_workers",
    "dumps_row",
    "extract_answer",
    "family_names",
    "family_info",
    "hint",
    "make_problems",
    "make_workers",
    "no_gold",
    "parse_config",
    "parse_weights",
    "refuse_broken",
    "score_answer",
    "score_completion",
    "text_prompt",
    "write_problems",
]
