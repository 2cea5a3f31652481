"""Help texts that list registered names, filled in when the help is shown.

An option's help may hold `{tasks}`, `{checkers}`, `{filters}`, `{engines}`, `{executors}`,
`{formats:sft}`, `{formats:preference}` or `{formats:stepwise}`: `StarCommand` replaces each
with the names the registry knows (plug-ins' included) only when `--help` is asked for, so
running a command never reads the entry points for its help, and a help text can never list
a stale set.
"""

from __future__ import annotations

import re
from typing import Any

import click
from typer.core import TyperCommand

_MARK = re.compile(
    r"\{(tasks|checkers|filters|engines|executors|formats:sft|formats:preference|"
    r"formats:stepwise)\}")


def names_of(kind: str) -> str:
    """The names of a registry (or of one kind of format), comma-separated."""
    from star_cli.registry import CHECKERS, EXECUTORS, FILTERS, TASKS

    if kind.startswith("formats:"):
        from star_cli.export import formats_of

        return ", ".join(formats_of(kind.split(":", 1)[1]))
    if kind == "engines":
        from star_cli.engines.registry import available

        return ", ".join(available())
    return ", ".join({"tasks": TASKS, "checkers": CHECKERS, "filters": FILTERS,
                      "executors": EXECUTORS}[kind].names())


def fill(text: str) -> str:
    return _MARK.sub(lambda m: names_of(m.group(1)), text)


# Every command shows its panels in this order (a panel not named here comes after Engine:
# a command's own, such as filter's Quality), then Typer's own Options (--help).
PANELS = ("Input", "Task and checking", "Sampling", "Engine", None, "Thinking models",
          "Judge (--checker judge, RULE+judge)", "Output")


def _panel_rank(param: Any) -> int:
    panel = getattr(param, "rich_help_panel", None)
    if panel is None:
        return len(PANELS)
    return PANELS.index(panel) if panel in PANELS else PANELS.index(None)


class StarCommand(TyperCommand):
    """A Typer command whose options' help is completed from the registries when shown,
    its panels in one order for every command."""

    def format_help(self, ctx: click.Context, formatter: Any) -> None:
        order = self.params
        self.params = sorted(order, key=_panel_rank)  # stable: options keep their order
        try:
            self._format_help(ctx, formatter)
        finally:
            self.params = order

    def _format_help(self, ctx: click.Context, formatter: Any) -> None:
        for param in self.get_params(ctx):
            help_text = getattr(param, "help", None)
            if help_text and "{" in help_text:
                param.help = fill(help_text)
            if getattr(param, "param_type_name", "") == "argument":
                # The name says what it is (INPUT...); Typer would add `<list[str]>`.
                param.display_type_rich = lambda ctx: None
            elif param.metavar is None:
                param.metavar = _metavar(param, ctx)
        super().format_help(ctx, formatter)


# What a value looks like, where an option names none itself: a flag takes no value (Typer
# would show `<bool>`), a number `N` or `NUM`, text `TEXT`.
_TYPES = {"<bool>": "", "<int>": "N", "<float>": "NUM", "<str>": "TEXT", "<Path>": "PATH"}


def _metavar(param: Any, ctx: click.Context) -> str | None:
    if getattr(param, "is_flag", False):
        return ""
    shown = param.display_type_rich(ctx=ctx) if hasattr(param, "display_type_rich") else None
    return _TYPES.get(shown) if isinstance(shown, str) else None
