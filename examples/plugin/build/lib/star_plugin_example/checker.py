"""`--checker casefold`: short text answers compared as people read them: case, accents,
surrounding punctuation and a leading article ignored ("the Hague" is "The Hague", "Bogota"
is "Bogotá")."""

from __future__ import annotations

import re
import unicodedata

from star_cli.answers.checker import Checker, Gold, Verdict
from star_cli.answers.extract import Extraction

_ARTICLE = re.compile(r"^(?:the|a|an)\s+")
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def folded(text: str) -> str:
    """`text` without case, accents, edge punctuation or a leading article."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    bare = " ".join(_EDGES.sub("", bare.casefold()).split())
    return _ARTICLE.sub("", bare)


class CasefoldChecker(Checker):
    """Star's extraction (`The answer is ...`, `Answer:`, ...) and its hedge rules, then a
    folded string comparison."""

    name = "casefold"

    def compare(self, found: Extraction, gold: Gold) -> Verdict:
        correct = folded(found.text) == folded(gold.text)
        return Verdict(found.text, correct, "match" if correct else "mismatch", found.end,
                       "casefold", found.source)
