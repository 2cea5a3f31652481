"""An answer stated first: the value a completion opens with before its working.

Chat models now often answer first and explain after ("**42 apples.** Here's why: ...",
"TL;DR: **$49**"). Read from the end as usual, such a completion gives its conclusion; where
that conclusion states another value of the same kind as the opening one ("**200 miles.**"
... "The train travels 210 miles in total."), with no word between that sets the opening
one right ("So actually it's 22"), the completion gives two answers: the opening value is
the final statement's rival (`weigh`). The opening value is never read in place of the
final statement: a first bold line may be a step's result ("**9 eggs left**"), a given
restated, or a value the working then revises, and working that does not restate an
opening answer ("**6 slices.**" and then "3 pizzas × 8 slices is 24 slices, split four
ways.") cannot be told from working that ends on another ("**3 hours.**" ... "3 + 0.5 = 3.5
hours") without reading it; so a last line that calculates ("... so 5/20 × 100 = 25%.") is
weighed as a conclusion too.

Only a whole opening line that is a value and its words in bold (or after `TL;DR:`, `Short
answer:`), alone or followed by "Here's why:" and the like, opens with an answer: a bold
heading with other words ("**Step 1: eggs per day**") or a bold value inside a sentence
("**16 eggs** are laid ...") does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from star_cli.answers.extract import Extraction
from star_cli.answers.measures import same_unit

# The opening line: an optional label, then a value and up to three words in bold, maybe a
# period, then nothing, an aside in brackets, or words that announce the working.
_LEAD = re.compile(
    r"\s*(?:(?:TL;?DR|Short answer|Quick answer)[ \t]*:[ \t]*)?\*\*[ \t]*"
    r"(?P<value>[-−]?[$€£]?[ \t]?\d[\d,]*(?:\.\d+)?%?)"
    r"(?P<words>(?:[ \t]+[A-Za-z][A-Za-z'’-]*){0,3})"
    r"[ \t]*[.!]?[ \t]*\*\*[.!]?[ \t]*"
    r"(?:\([^()\n]{0,60}\)[.!]?[ \t]*"
    r"|(?:Here(?:'s|’s|[ \t]+is)[ \t]+(?:why|how|the[ \t]+(?:breakdown|math|working|reasoning))"
    r"|Let(?:'s|’s)[ \t]+(?:see|break[ \t]+it[ \t]+down)|Working|Reasoning|Explanation|Why"
    r"|How|Breakdown|Steps)[ \t]*[:.]?[ \t]*)?(?=\n|\Z)",
    re.IGNORECASE)
# Words that set an opening value right: the final statement after them is the answer.
_CORRECTING = re.compile(r"\b(?:actually|correct(?:ion|ed|ing)?|wrong|mistakes?|oops|sorry|wait"
                         r"|hold on|redo(?:ing)?|not right|slip|instead|misread|typo|scratch that"
                         r"|my bad|fix(?:ed|ing)?)\b", re.IGNORECASE)
def weigh(completion: str, found: Extraction, differ: Callable[[str, str], bool]
          ) -> Extraction:
    """The final statement read from a completion's end (`found`, a fallback's), with the
    value the completion opens with as its rival where the two are two answers (see above);
    `differ` tells whether two answers differ in value."""
    opening = completion[:2] if not completion[:1].isspace() else completion.lstrip()[:2]
    if found.rival or opening not in _OPENINGS or (
            lead := lead_answer(completion)) is None:
        return found
    if found.end <= lead.end or not differ(found.text, lead.text) or _CORRECTING.search(
            completion, lead.end, found.end):
        return found  # (the same value; the opening one set right: "So actually it's 22")
    if same_unit(f"{lead.text} {lead.tail}", f"{found.text} {found.tail}"):
        return found._replace(rival=lead.text)  # "**200 miles.**", then "... 210 miles ..."
    return found


_OPENINGS = frozenset(("**", "TL", "Tl", "Sh", "Qu"))  # (a cheap first look)


def lead_answer(completion: str) -> Extraction | None:
    """The value a completion opens with (its first line, as above), or None."""
    m = _LEAD.match(completion)
    if m is None or " per " in f" {m.group('words').lower()} ":
        return None  # ("**2 dollars per egg**": a rate, most often one given)
    return Extraction(m.group("value").strip(), m.end(), "fallback", m.group("words").strip(),
                      start=m.start("value"))
