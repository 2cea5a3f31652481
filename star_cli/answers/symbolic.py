"""The symbolic tier: math-verify (LaTeX to sympy) and its comparison, in worker processes only.

This module is imported by the workers of `pool.py`, never by the main process: sympy can
spend minutes or gigabytes on a hostile expression, and only a separate process can be
stopped. Parsing uses math-verify's LaTeX grammar (an ANTLR parser that builds sympy objects
node by node); its expression extractor, which calls sympy's `parse_expr` (an `eval`) on
the text, is not used. math-verify's own signal-based timeouts are off: the pool kills a worker
that runs past its deadline.
"""

from __future__ import annotations

import functools
import logging

from math_verify import LatexExtractionConfig, parse, verify

logging.getLogger("math_verify").setLevel(logging.ERROR)  # its "timeout disabled" warning

_LATEX_ONLY = [LatexExtractionConfig(boxed_match_priority=0)]


@functools.lru_cache(maxsize=4096)
def _parsed(answer: str) -> list:
    """math-verify's reading of one answer, cached: a gold is parsed once per problem."""
    return parse(f"${answer}$", _LATEX_ONLY, fallback_mode="no_fallback", parsing_timeout=None)


def same(gold: str, pred: str) -> bool:
    """math-verify's verdict on two extracted answers; unreadable answers are not equal."""
    g, p = _parsed(gold), _parsed(pred)
    if not g or not p:
        return False
    return bool(verify(g, p, timeout_seconds=None))



def _handle(request: list) -> bool:
    gold, pred = request
    return same(str(gold), str(pred))


if __name__ == "__main__":
    from star_cli.answers.pool import serve

    serve(_handle)
