"""Training rows from traces, in the formats TRL trains on, behind one registry.

`export(trace, "messages")` writes one SFT row; `star pairs` writes preference rows through
`get_format(name, PREFERENCE)`. Each format is a class in `sft.py` or `preference.py` (or a
plug-in's module), registered by name in `star_cli.registry.FORMATS`; `thoughts.py` says how
a thinking model's thought is written in a row.
"""

from __future__ import annotations

import warnings
from typing import Any

from star_cli.export.base import (
    PREFERENCE,
    SFT,
    ExportOptions,
    Format,
    PreferenceFormat,
    SFTFormat,
    Side,
    formats_of,
    get_format,
)
from star_cli.export.sft import PromptParts, split_prompt, to_messages, to_prompt_completion
from star_cli.export.thoughts import (
    KEEP,
    THOUGHT_MODES,
    Thoughts,
    assistant_text,
    check_exportable,
    check_thought_tokens,
    load_tokenizer,
    thoughts_for,
)


def export(trace: dict[str, Any], fmt: str, keep_few_shot: bool = False,
           thoughts: Thoughts = KEEP) -> dict[str, Any]:
    """`trace` as one row of the SFT format `fmt`."""
    return get_format(fmt, SFT).row(trace, ExportOptions(keep_few_shot, thoughts))


def __getattr__(name: str) -> Any:
    if name == "thoughts_option":
        warnings.warn("star_cli.export.thoughts_option is deprecated; use "
                      "star_cli.export.thoughts_for", DeprecationWarning, stacklevel=2)
        return thoughts_for
    if name == "FORMATS":
        warnings.warn("star_cli.export.FORMATS is deprecated; use "
                      "star_cli.export.formats_of('sft')", DeprecationWarning, stacklevel=2)
        return tuple(formats_of(SFT))
    raise AttributeError(f"module 'star_cli.export' has no attribute {name!r}")


__all__ = ["KEEP", "PREFERENCE", "SFT", "THOUGHT_MODES", "ExportOptions", "Format",
           "PreferenceFormat", "PromptParts", "SFTFormat", "Side", "Thoughts", "assistant_text",
           "check_exportable", "check_thought_tokens", "export", "formats_of", "get_format",
           "load_tokenizer", "split_prompt", "thoughts_for", "to_messages",
           "to_prompt_completion"]
