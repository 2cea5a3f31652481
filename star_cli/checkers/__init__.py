"""Checkers that need more than rules: tests run in a sandbox, a family's scorer, an LLM judge.

One module each, registered by name in `star_cli.registry.CHECKERS` beside the rule checkers
of `star_cli.answers` (exact, numeric, math, choice, addition-steps).
"""
