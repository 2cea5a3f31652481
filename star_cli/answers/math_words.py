"""Math said in English words, written as LaTeX: "three root two" is `3\\sqrt{2}`, "the
square root of three over two" `\\frac{\\sqrt{3}}{2}`, "nine times five" `9 \\cdot 5`, "two
cubed" `2^{3}`, "pi over four" `\\frac{\\pi}{4}`.

A closing sentence that names math and then says its value in words ("$\\sqrt{12}$ simplifies
to two root three.") states the words' value, not the math's. Only phrases read whole are
written: numbers in words (`numeric.spelled`), "half", "third", "quarter" and the like as
parts ("three quarters"), "pi", "root" and "the square root of", "plus", "minus",
"times", "over", "divided by", "squared", "cubed", and "units" or "square units" at the end;
anything else ("the root of the equation", "one solution") is None: the words are no value.

    expression := term (("plus" | "minus") term)*
    term       := factor (("times" | "over" | "divided by") factor)*
    factor     := ["negative" | "minus"] power
    power      := atom ["squared" | "cubed"]
    atom       := [number] ("root" | "square root of" | "cube root of") atom | number ["pi"]
                  | number part | "pi"
"""

from __future__ import annotations

from star_cli.answers.numeric import TEEN_WORDS, TENS_WORDS, UNIT_WORDS, spelled

_NUMBER_WORDS = frozenset(UNIT_WORDS) | frozenset(TEEN_WORDS) | frozenset(TENS_WORDS) | {
    "hundred", "thousand", "million", "and"}
_PARTS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
          "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
          "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
          "tenth": 10, "tenths": 10}
# (not degrees nor radians: "$\\frac{\\pi}{2}$ is ninety degrees" converts, and states the math)
_UNITS = (("square", "units"), ("cubic", "units"), ("units",))
MAX_WORDS = 16  # words read; a longer phrase is a sentence, not a value


def math_in_words(phrase: str) -> str | None:
    """`phrase` as LaTeX when every word of it is read (a unit of angle or area may end
    it), else None."""
    words = phrase.lower().replace("-", " ").replace(",", " ").split()
    if words[:1] == ["the"] and words[1:3] != ["square", "root"] and words[1:3] != [
            "cube", "root"]:
        return None  # "the root", "the answer": a description
    for unit in _UNITS:
        if tuple(words[-len(unit) :]) == unit and len(words) > len(unit):
            words = words[: -len(unit)]
            break
    if not words or len(words) > MAX_WORDS:
        return None
    reader = _Reader(words)
    latex = reader.expression()
    return latex if latex is not None and reader.done() else None


class _Reader:
    """A recursive-descent reader over the words (the grammar above)."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.at = 0

    def done(self) -> bool:
        return self.at == len(self.words)

    def _peek(self, *words: str) -> bool:
        return tuple(self.words[self.at : self.at + len(words)]) == words

    def _take(self, *words: str) -> bool:
        if self._peek(*words):
            self.at += len(words)
            return True
        return False

    def expression(self) -> str | None:
        left = self.term()
        while left is not None and (self._peek("plus") or self._peek("minus")):
            sign = "+" if self._take("plus") else "-" if self._take("minus") else ""
            right = self.term()
            left = None if right is None else f"{left} {sign} {right}"
        return left

    def term(self) -> str | None:
        left = self.factor()
        while left is not None:
            if self._take("times"):
                right = self.factor()
                left = None if right is None else f"{left} \\cdot {right}"
            elif self._take("over") or self._take("divided", "by"):
                right = self.factor()
                left = None if right is None else f"\\frac{{{left}}}{{{right}}}"
            else:
                break
        return left

    def factor(self) -> str | None:
        negative = self._take("negative") or self._take("minus")
        value = self.power()
        if negative and value is not None and value.endswith("}") and value.startswith("("):
            return None  # "negative three squared": -9 or 9, as one reads it
        return None if value is None else f"-{value}" if negative else value

    def power(self) -> str | None:
        value = self.atom()
        if value is not None and self._take("squared"):
            return f"({value})^{{2}}"
        if value is not None and self._take("cubed"):
            return f"({value})^{{3}}"
        return value

    def atom(self) -> str | None:
        if self._take("the"):
            pass  # "the square root of": its article
        number = self._number()
        if self._take("square", "root", "of") or self._take("root"):
            inside = self.atom()
            return None if inside is None else f"{number or ''}\\sqrt{{{inside}}}"
        if self._take("cube", "root", "of"):
            inside = self.atom()
            return None if inside is None else f"{number or ''}\\sqrt[3]{{{inside}}}"
        if self._take("pi"):
            return f"{number or ''}\\pi"
        if number is not None and self.at < len(self.words) and (
                parts := _PARTS.get(self.words[self.at])) is not None:
            self.at += 1
            return f"\\frac{{{number}}}{{{parts}}}"  # "three quarters"
        if number is None and self._take("a") and self.at < len(self.words) and (
                parts := _PARTS.get(self.words[self.at])) is not None:
            self.at += 1
            return f"\\frac{{1}}{{{parts}}}"  # "a half"
        return number

    def _number(self) -> str | None:
        """The number in words at the reading point (its longest run of number words)."""
        end = self.at
        while end < len(self.words) and self.words[end] in _NUMBER_WORDS:
            end += 1
        while end > self.at and self.words[end - 1] == "and":
            end -= 1
        if end == self.at or (value := spelled(" ".join(self.words[self.at : end]))) is None:
            return None
        self.at = end
        return str(value)
