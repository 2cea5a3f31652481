"""An answer stated first: the value a completion opens with before its working.

Chat models now often answer first and explain after ("**42 apples.** Here's why: ...",
"TL;DR: **$49**", "**205 minutes.**" and then how): the opening line is the answer, and the
working below it need not restate it. Read from the end as usual, such a completion gives
the working's last number ("8:15 → 11:15 is 3 hours, then another 25 minutes to 11:40."),
which answers nothing. So, where no marker answers, the checker weighs the opening value
against the final statement (`weigh`):

- the same value: the final statement stands;
- a final statement that only works (a calculation: "3 pizzas × 8 slices is 24 slices"):
  the opening value is the answer;
- another value of the same kind, stated ("The train travels 210 miles in total." after
  "**200 miles.**"): the completion gives two answers, and its opening one is the rival.

Only a whole opening line that is a value and its words in bold (or after `TL;DR:`, `Short
answer:`), alone or followed by "Here's why:" and the like, opens with an answer: a bold
heading with other words ("**Step 1: eggs per day**") or a bold value inside a sentence
("**16 eggs** are laid ...") does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from star_cli.answers.extract import Extraction

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
# A calculation: a number, at most two words, an operator and another number ("340 − 200",
# "3 pizzas × 8 slices", "8:15 → 11:15").
_WORKS = re.compile(r"\d(?:[ \t]+[A-Za-z]+){0,2}[ \t]*(?:[×*÷+−=→]|[ \t][x/-][ \t])[ \t]*[$€£]?\d")
# The words after a value that name what it counts: its unit.
_UNIT = re.compile(r"[-−]?([$€£]?)[ \t]?\d[\d,]*(?:\.\d+)?(%?)[ \t]*([A-Za-z]*)")


def weigh(completion: str, found: Extraction | None, differ: Callable[[str, str], bool]
          ) -> Extraction | None:
    """The answer of a completion that may open with one (see above), given the final
    statement read from its end (`found`, a fallback's, or None) and whether two answers
    differ in value (`differ`)."""
    opening = completion[:2] if not completion[:1].isspace() else completion.lstrip()[:2]
    if opening not in _OPENINGS or (lead := lead_answer(completion)) is None:
        return found
    if found is None:
        return lead
    if found.end <= lead.end or not differ(found.text, lead.text) or _CORRECTING.search(
            completion, lead.end, found.end):
        return found  # (the same value, or the opening one set right: "So actually it's 22")
    if works(completion, found):
        return lead
    if same_unit(f"{lead.text} {lead.tail}", f"{found.text} {found.tail}"):
        return found._replace(rival=lead.text)  # "**200 miles.**", then "... 210 miles ..."
    return found


_OPENINGS = frozenset(("**", "TL", "Tl", "Sh", "Qu"))  # (a cheap first look)


def lead_answer(completion: str) -> Extraction | None:
    """The value a completion opens with (its first line, as above), or None."""
    m = _LEAD.match(completion)
    if m is None:
        return None
    return Extraction(m.group("value").strip(), m.end(), "fallback", m.group("words").strip(),
                      start=m.start("value"))


def works(completion: str, found: Extraction) -> bool:
    """Whether the line that holds a final statement is a calculation (`_WORKS`)."""
    line = completion[completion.rfind("\n", 0, max(0, found.end - 1)) + 1 :]
    line = line[: line.find("\n")] if "\n" in line else line
    return _WORKS.search(line) is not None


def same_unit(lead: str, said: str) -> bool:
    """Whether two values are written with the same sign, percent and first word after them
    ("200 miles" and "210 miles", "$8" and "$4"; not "16 eggs" and "$18")."""
    a, b = _UNIT.match(lead), _UNIT.match(said.lstrip("*_ "))
    return a is not None and b is not None and (
        a.group(1), a.group(2), a.group(3).lower().rstrip("s")) == (
        b.group(1), b.group(2), b.group(3).lower().rstrip("s"))
