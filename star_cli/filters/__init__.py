"""`star filter`'s steps: per-trace filters (keep, or drop with a reason) and per-problem
group steps (dedup, diversity, caps), each counted. Every one is registered by name in
`star_cli.registry.FILTERS`, so `star filter --filter NAME[:KEY=VALUE,...]` runs any of them,
a plug-in's included (docs/extending.md)."""

from __future__ import annotations

from typing import Any

from star_cli.errors import UsageError
from star_cli.filters.base import FilterContext, GroupStep, Step, TraceFilter
from star_cli.keyvalue import parse_pairs
from star_cli.registry import FILTERS, register_filter


def parse_filter(spec: str) -> tuple[str, dict[str, Any]]:
    """`NAME` or `NAME:KEY=VALUE,KEY=VALUE` -> (NAME, options); a VALUE is read as JSON when
    it parses (numbers, booleans, lists), else kept as a string."""
    name, _, rest = spec.partition(":")
    options = parse_pairs(filter(None, (p.strip() for p in rest.split(","))),
                          f"--filter {spec}:")
    if not name.strip():
        raise UsageError(f"--filter {spec!r}: give a filter's name")
    return name.strip(), options


def build_filter(spec: str, context: FilterContext) -> Step:
    """The filter `spec` names (`parse_filter`), built for a run; exit 2 on an unknown name
    or options the filter does not take."""
    name, options = parse_filter(spec)
    cls = FILTERS.get(name)
    try:
        return cls.build(context, **options)
    except (TypeError, ValueError) as e:
        raise UsageError(f"--filter {spec}: {e}") from None


__all__ = ["FILTERS", "FilterContext", "GroupStep", "Step", "TraceFilter", "build_filter",
           "parse_filter", "register_filter"]
