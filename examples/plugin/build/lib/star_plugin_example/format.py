"""`--format alpaca`: Alpaca-style SFT rows (`instruction`, `input`, `output`, and the
task's instruction as `system`), the layout many fine-tuning scripts read."""

from __future__ import annotations

from typing import Any

from star_cli.export import ExportOptions, SFTFormat, assistant_text, split_prompt


class Alpaca(SFTFormat):
    name = "alpaca"

    def row(self, trace: dict[str, Any], options: ExportOptions) -> dict[str, Any]:
        parts = split_prompt(trace["prompt"], trace.get("question"))
        return {"system": parts.system or "", "instruction": parts.question, "input": "",
                "output": assistant_text(trace, options.thoughts)}
