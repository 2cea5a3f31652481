"""The reasoning-gym families examples/gym/run.sh knows: for each, its difficulty levels
(`star problems --config` options), the scratchpad the seed rationales are written in, and
the check that every step of a scratchpad is right.

A family here is what the loop needs beyond reasoning-gym: a worked rationale for a seed
problem (the analogue of a few-shot prompt), written by a script, ending in
`<answer>GOLD</answer>` as star's gym prompt asks. Every scratchpad is designed for a
character-level model with learned absolute positions (examples/gym/model.py): each step
names the index of the character it reads, so reading it is a lookup at a fixed place of
the prompt, whatever the problem's length.

    spell_backward   (the default, the one measured) 'Spell this word backward (example:
                     sun -> nus): hypomeron', words of 3 to 8 letters: the letters read from
                     the last, each with its index in the word, then the word
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Family:
    name: str
    # (label, options): one problem set per level, from easy to hard
    levels: tuple[tuple[str, dict[str, Any]], ...]
    scratchpad: Callable[[dict[str, Any]], str]  # a star problems row -> completion
    # per level: (seed rationales, pool problems, held-out problems)
    full: tuple[tuple[int, int, int], ...]
    quick: tuple[tuple[int, int, int], ...]
    toy: tuple[tuple[int, int, int], ...]
    # the most tokens a completion of the hardest level takes, and a prompt and completion
    max_tokens: int = 256
    max_length: int = 384
    # the constant text of the family's questions: a token each (model.py), so a position
    # goes to what differs between problems
    phrases: tuple[str, ...] = ()

    def steps_correct(self, row: dict[str, Any], completion: str) -> bool:
        """Every step right: the completion is the family's scratchpad for the row, but for
        the whitespace around it."""
        return completion.strip() == self.scratchpad(row).strip()

    def working_correct(self, row: dict[str, Any], completion: str) -> bool:
        """The working right, whatever the answer: the completion up to its answer tag is the
        family's scratchpad up to its own (a model may work every step right and then copy
        the answer out wrong)."""
        def working(text: str) -> str:
            return text.split("<answer>", 1)[0].strip()

        return working(completion) == working(self.scratchpad(row))


def answer(text: str) -> str:
    return f"\n<answer>{text}</answer>"


# -- spell_backward -------------------------------------------------------------------------

def spell_backward(row: dict[str, Any]) -> str:
    """` 09n 08o 07r 06e 05m 04o 03p 02y 01h` then the answer: the letters from the last,
    each with its index in the word."""
    word = row["gold"][::-1]
    units = [f"{i:02d}{word[i - 1]}" for i in range(len(word), 0, -1)]
    return " " + " ".join(units) + answer(row["gold"])


FAMILIES = {
    "spell_backward": Family(
        name="spell_backward",
        levels=tuple((f"{n} letters", {"min_word_len": n, "max_word_len": n})
                     for n in (3, 4, 5, 6, 7, 8)),
        scratchpad=spell_backward,
        # many 3-5 letter words, a handful of longer ones (as the miniature's seed)
        full=((300, 100, 100), (400, 200, 100), (400, 300, 100), (40, 500, 100),
              (25, 500, 100), (10, 500, 100)),
        quick=((200, 50, 40), (300, 100, 40), (300, 150, 40), (40, 250, 40), (25, 250, 40),
               (10, 200, 40)),
        toy=((10, 2, 2), (10, 2, 2), (5, 2, 2), (1, 2, 2), (1, 2, 2), (1, 2, 2)),
        max_tokens=64,
        max_length=128,
        phrases=("Spell this word backward (example: sun -> nus): ",),
    ),
}


def get(name: str) -> Family:
    return FAMILIES[name]


if __name__ == "__main__":
    # `python families.py NAME`: what run.sh needs to know of a family: a line with its
    # completions' most tokens and its sequences' most tokens, then one line per level with
    # its star problems options
    import sys

    if len(sys.argv) != 2 or sys.argv[1] not in FAMILIES:
        print(f"families.py: a family, one of {', '.join(sorted(FAMILIES))}", file=sys.stderr)
        sys.exit(2)
    f = FAMILIES[sys.argv[1]]
    print(f.max_tokens, f.max_length)
    for _, options in f.levels:
        print(" ".join(f"--config {k}={v}" for k, v in options.items()))
