"""Units of measure a completion writes after its numbers, and the answer whose unit its own
work, or the question, contradicts.

A model that works out "48 - 12 - 3 = 33 slices" and answers "33 pizzas" may have picked the
wrong noun; one that computes "90 + 65 = 155 km" and answers "155 meters", or "$65.50" and
answers "65.5 cents", states another quantity than the one it found: the same number in
another unit of the same kind is no longer that quantity. Only units of measure are weighed
(a length against a length, money against money), never the nouns a count counts ("slices",
"pizzas"), whose kinds a table cannot know.

With the question (`asked_otherwise`), the unit it asks for decides: "How many hours ..."
answered "18 minutes" is another unit of the same kind, "$6" or "15 cm" a quantity of another
kind, and "How many laps ...?" answered "15 kilometers" or "10%" measures what a count was
asked of (money, time and cups may count: "12 months" of payments). A count answered with
another count's noun ("How many books ...?" "30 shelves") is still not weighed: real
solutions count people by their cars and customers by the cars served.
"""

from __future__ import annotations

import re
from fractions import Fraction

# Each spelling of a unit: (the unit, its kind). Abbreviations that are common words or
# letters ("in", "m", "s", "l") are left out: a letter after a number is too often a variable.
_KINDS: dict[str, tuple[str, ...]] = {
    "length": ("km kilometer kilometers kilometre kilometres", "meter meters metre metres",
               "cm centimeter centimeters centimetre centimetres",
               "mm millimeter millimeters millimetre millimetres", "mile miles",
               "foot feet ft", "inch inches", "yard yards yd yds"),
    "volume": ("cup cups", "tablespoon tablespoons tbsp", "teaspoon teaspoons tsp",
               "liter liters litre litres", "ml milliliter milliliters millilitre millilitres",
               "gallon gallons gal", "quart quarts", "pint pints"),
    "mass": ("kg kilogram kilograms kilo kilos", "gram grams", "mg milligram milligrams",
             "pound pounds lb lbs", "ounce ounces oz", "ton tons tonne tonnes"),
    "temperature": ("°c celsius", "°f fahrenheit"),
    "data": ("kb kilobyte kilobytes", "mb megabyte megabytes", "gb gigabyte gigabytes",
             "tb terabyte terabytes"),
    "money": ("$ dollar dollars", "cent cents ¢", "€ euro euros"),
    "time": ("second seconds sec secs", "minute minutes min mins", "hour hours hr hrs",
             "day days", "week weeks", "month months", "year years"),
}
_MEASURES: dict[str, tuple[str, str]] = {
    spelling: (unit.split()[0], kind)
    for kind, units in _KINDS.items() for unit in units for spelling in unit.split()
}

_NUMBER = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
# A number and the unit written after it (`155 km`, `8 \text{ more cups}`, `$8$ more cups`),
# or a sign before it (`$65.50`, `€12`).
_AFTER = re.compile(_NUMBER + r"(?:\$|\\[)\]])?(?:\s*\\(?:text|mathrm|mbox)\s*\{)?\s*"
                    r"(?:(?:more|extra|additional|total|left|of)\s+)?([A-Za-z]+|¢|°[CcFf])\b")
_BEFORE = re.compile(r"([$€])\s?" + _NUMBER)
_ANSWER = re.compile(r"[^\d]{0,3}?" + _NUMBER + r"(?:\s*\\(?:text|mathrm|mbox)\s*\{)?\s*"
                     r"([A-Za-z]+|¢|°[CcFf])")


def _value(number: str) -> Fraction:
    return Fraction(number.replace(",", ""))


def stated_unit(answer: str) -> tuple[Fraction, str, str] | None:
    """(value, unit, kind) of an answer that is a number and a unit of measure ("155 meters",
    "$65.50", "8 \\text{ tablespoons}"); None for any other answer."""
    m = _ANSWER.match(answer)
    if m is not None and m.group(2).lower() in _MEASURES:
        return (_value(m.group(1)), *_MEASURES[m.group(2).lower()])
    m = _BEFORE.match(answer.lstrip("*_ "))
    if m is not None:
        return (_value(m.group(2)), *_MEASURES[m.group(1)])
    return None


_PART_BEFORE = re.compile(r"\d\s*([A-Za-z]+)\s*(?:and\s+|,\s*)?\Z")


def _second_part(work: str, at: int, kind: str) -> bool:
    """Whether the quantity at `at` is the second part of a compound one ("3 minutes 45
    seconds", "5 ft 3 in"): a number and a unit of the same kind right before it."""
    m = _PART_BEFORE.search(work, max(0, at - 24), at)
    return m is not None and (before := _MEASURES.get(m.group(1).lower())) is not None and (
        before[1] == kind)


def unit_contradicted(work: str, answer: str) -> bool:
    """Whether the work before an answer gives the answer's number in another unit of the
    same kind, and never in the answer's own ("= 155 km" and then "155 meters"): the
    answer names another quantity than the one the work found."""
    stated = stated_unit(answer)
    if stated is None:
        return False
    value, unit, kind = stated
    others = set()
    for m in _AFTER.finditer(work):
        number, word = m.groups()
        if (found := _MEASURES.get(word.lower())) is not None and _value(number) == value and (
                not _second_part(work, m.start(), found[1])):
            others.add(found)
    for sign, number in _BEFORE.findall(work):
        if _value(number) == value:
            others.add(_MEASURES[sign])
    return (unit, kind) not in others and any(k == kind for _, k in others)


# The unit the question asks for: "How many (more) hours ...", or a unit after "in" at the
# end of its ask ("How long, in minutes, ...", "What is the distance in km?").
_HOW_MANY = re.compile(r"\bhow\s+many\s+(?:more\s+|fewer\s+|less\s+|extra\s+|additional\s+"
                       r"|total\s+|whole\s+|full\s+)?(?:degrees\s+(?=[CF]))?([A-Za-z]+)",
                       re.IGNORECASE)
_IN_UNIT = re.compile(r"\bin\s+(?:degrees\s+)?([A-Za-z]+)\s*(?:[?,]|\Z)", re.IGNORECASE)
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)*")
ASK_REACH = 300  # characters at the question's end where its ask is read


def asked_for(question: str) -> str | None:
    """The word for what the question's last ask counts or measures ("How many hours ...",
    "How long, in minutes, ...", "how many laps"), lower case; None when it names none (or
    only a verb: "how many did she keep?")."""
    tail = question[-ASK_REACH:]
    asks = [m for m in _HOW_MANY.finditer(tail) if m.group(1).lower() not in _NOT_NOUNS]
    asks += [m for m in _IN_UNIT.finditer(tail) if m.group(1).lower() in _MEASURES]
    return max(asks, key=re.Match.start).group(1).lower() if asks else None


# Words after "how many" that name no thing counted: verbs, pronouns, determiners.
_NOT_NOUNS = frozenset((
    "did", "do", "does", "are", "is", "was", "were", "will", "would", "can", "could", "should",
    "must", "have", "has", "had", "of", "in", "on", "at", "to", "for", "times", "more", "fewer",
    "less", "total", "them", "they", "he", "she", "we", "you", "it", "there", "each", "such",
    "square", "cubic", "sq"))


# A span of time in a final sentence: "in 4 weeks", "after 60 days" (group 1 the number,
# group 2 the unit as written).
_SPAN = re.compile(r"\b(?:in|after|within|over|during)\s+" + _NUMBER + r"\s*([A-Za-z]+)\b",
                   re.IGNORECASE)
# ... or one the value read converts right after it, at the sentence's end: "360 minutes,
# i.e. 6 hours.", "**360 minutes** (6 hours)" (group 3: the value read; not "or": "45 minutes,
# or 1 hour if traffic is bad" offers two); not the second part of a compound ("1 hour 35
# minutes, which is 95 minutes", "an hour and 20 minutes, i.e. 1.33 hours").
_CONVERTED = re.compile(r"(?<![\w.,])" + _NUMBER + r"\s*([A-Za-z]+)\b[*_]*\s*,?\s*(?:\(|(?:i\.e\.|"
                        r"that\s+is|which\s+is)[,:]?\s)\s*(\d+(?:\.\d+)?)\s*[A-Za-z]*\.?[)*_]*"
                        r"[.!]?\s*\Z", re.IGNORECASE)
_COMPOUND_BEFORE = re.compile(r"(?:\d|\b(?:an?|one|half|hours?|hrs?|minutes?|mins?|days?|weeks?"
                              r"|months?|years?|seconds?|secs?))\.?\s*[A-Za-z]*[\s,]+(?:(?:and|plus"
                              r"|&)\s+)?\Z", re.IGNORECASE)


def asked_span(question: str | None, sentence: str, said: str) -> str | None:
    """The number of the last span of time in `sentence` in the unit the question asks for
    ("She reads the 20 pages in 4 weeks." for "How many weeks ...?": 4; "It lasts 360
    minutes, i.e. 6 hours." for "How many minutes ...?": 360), when the value read (`said`,
    with its words) is in no such unit; else None. The span is the answer there, where
    elsewhere it is what the value is over or a conversion of it."""
    if not question or (asked := asked_for(question)) is None or (
            _MEASURES.get(asked, ("", ""))[1] != "time"):
        return None
    unit = _MEASURES[asked][0]
    if (own := _ANSWER.match(said)) is not None and _MEASURES.get(
            own.group(2).lower(), ("", ""))[0] == unit:
        return None  # "... = 2 hours": the value read is in the unit asked already
    value = _NUMBERS.search(said)
    spans = [m for m in _SPAN.finditer(sentence)
             if _MEASURES.get(m.group(2).lower(), ("", ""))[0] == unit]
    spans += [m for m in _CONVERTED.finditer(sentence)
              if _MEASURES.get(m.group(2).lower(), ("", ""))[0] == unit and value is not None
              and m.group(3) == value.group() and not _COMPOUND_BEFORE.search(
                  sentence, max(0, m.start() - 24), m.start())]
    return max(spans, key=re.Match.start).group(1) if spans else None


def in_asked_unit(question: str | None, said: str) -> str | None:
    """The value an answer restates in the unit the question asks for, when its own value is
    in another unit of that kind ("14 hours (that's 840 minutes)" for "How many minutes
    ...?": 840; "40 miles (≈ 64 km)" for kilometers: "≈ 64"; "14 kiloliters (14,000
    liters)" for liters: 14,000); None when the answer's own unit is the one asked ("360
    minutes (6 hours)" is 360) or it restates nothing at its end. The value in the asked
    unit is the answer to the question; its words of approximation are kept, and a rounded
    conversion is approximate ("400 minutes (7 hours)": "≈ 7"). "" when the restated value
    is no conversion of the answer's ("3 hours (that's 210 minutes)"): two values. Units of
    no known size (a month, a ton) are never weighed."""
    if not question or (m := _RESTATED_IN.match(said)) is None or (
            asked := asked_for(question)) is None or (wanted := _MEASURES.get(asked)) is None:
        return None
    own, other = _unit_named(m.group(2)), _MEASURES.get(m.group(5).lower())
    if other is None or other[0] != wanted[0] or own is None or own[0] == wanted[0] or (
            own[1] != wanted[1]) or (size := _size(own[0])) is None or (
            other_size := _size(other[0])) is None:
        return None
    exact = _converts(_value(m.group(1)) * size, m.group(4), other_size)
    if exact is None:
        return ""  # "3 hours (that's 210 minutes)": no conversion, a second value
    approx = m.group(3) or ("" if exact else "≈ ")  # "400 minutes (7 hours)": 7 is rounded
    return f"{approx}{m.group(4)}".strip()


def _converts(mine: Fraction, restated: str, size: Fraction) -> bool | None:
    """Whether `restated`, in a unit of `size`, is the quantity `mine` (in the kind's base
    unit) exactly (True) or rounded (False: to its last digit, or within 1%, "40 miles (≈ 64
    km)"); None when it is neither."""
    theirs = _value(restated) * size
    if mine == theirs:
        return True
    digits = restated.replace(",", "").partition(".")[2]
    slack = max(abs(mine) / 100, Fraction(1, 2 * 10 ** len(digits)) * size)
    return False if abs(mine - theirs) <= slack else None


def _size(unit: str) -> Fraction | None:
    """A unit's size in its kind's base unit (`_SIZES`), a metric prefix on a known unit
    included ("kiloliters": 1,000 liters)."""
    if unit in _SIZES:
        return _SIZES[unit]
    if (prefixed := _prefixed(unit)) is None or prefixed[1][0] not in _SIZES:
        return None
    return _SIZES[prefixed[1][0]] * prefixed[0]


# Each unit's size in its kind's base unit (seconds, meters, grams, liters, dollars); not a
# ton (short, long or metric) nor a month or a year (of which length?).
_SIZES: dict[str, Fraction] = {
    "second": Fraction(1), "minute": Fraction(60), "hour": Fraction(3600),
    "day": Fraction(86400), "week": Fraction(604800),
    "mm": Fraction(1, 1000), "cm": Fraction(1, 100), "meter": Fraction(1), "km": Fraction(1000),
    "inch": Fraction(254, 10000), "foot": Fraction(3048, 10000), "yard": Fraction(9144, 10000),
    "mile": Fraction(1609344, 1000),
    "mg": Fraction(1, 1000), "gram": Fraction(1), "kg": Fraction(1000),
    "ounce": Fraction(28349523125, 10**9), "pound": Fraction(45359237, 10**5),
    "ml": Fraction(1, 1000), "liter": Fraction(1), "gallon": Fraction(3785411784, 10**9),
    "quart": Fraction(946352946, 10**9), "pint": Fraction(473176473, 10**9),
    "cent": Fraction(1, 100), "$": Fraction(1),
}


# A value, its unit, then the same quantity restated in another unit ending the answer: in
# brackets, after a dash, "i.e.", "that's", "which is", "or", "=", or approximately.
_RESTATED_IN = re.compile(
    r"[^\d]{0,3}?" + _NUMBER + r"[ \t]*([A-Za-z]+)[*_]*[ \t]*,?[ \t]*"
    # (a connector, else "3 hours 50 minutes" is one compound quantity)
    r"(?=[(—–;:=≈~]|-[ \t]|i\.e\.|that|which|or\b|so\b|about|approx|roughly|around|nearly"
    r"|almost)(?:\(|[—–;:]|-[ \t])?[ \t]*"
    r"(?:(?:i\.e\.|that's|that’s|that[ \t]+is|which[ \t]+is|or|so|=)[,:]?[ \t]*)?"
    r"((?:≈|~|about|approximately|approx\.|roughly|around|nearly|almost)[ \t]*)?"
    + _NUMBER + r"[ \t]*([A-Za-z]+)\b[)*_.!]*\s*\Z", re.IGNORECASE)
_PREFIXES = {"kilo": Fraction(1000), "centi": Fraction(1, 100), "milli": Fraction(1, 1000),
             "deci": Fraction(1, 10), "mega": Fraction(10**6), "micro": Fraction(1, 10**6)}


def _unit_named(word: str) -> tuple[str, str] | None:
    """(unit, kind) of a unit word, a metric prefix on a known unit included ("kiloliters":
    its own unit, of the liter's kind)."""
    word = word.lower()
    if (found := _MEASURES.get(word)) is not None:
        return found
    return (word, prefixed[1][1]) if (prefixed := _prefixed(word)) is not None else None


def _prefixed(word: str) -> tuple[Fraction, tuple[str, str]] | None:
    """(the prefix's factor, the stem's (unit, kind)) of a metric prefix on a known unit
    ("kiloliters": 1,000 and the liter), or None."""
    for prefix, times in _PREFIXES.items():
        if word.startswith(prefix) and (stem := _MEASURES.get(word[len(prefix) :])):
            return times, stem
    return None


def asked_otherwise(question: str, answer: str) -> bool:
    """Whether an answer of one number names it in a unit the question does not ask for:
    another unit of the same kind ("18 minutes" for "How many hours ..."), or a unit of
    measure of another kind than the one asked for or where a count was asked (`_measured_
    otherwise`). Two numbers ("18 hours (1080 minutes)") are a conversion, read whole elsewhere;
    the nouns a count counts are never weighed against each other: "How many people ..."
    answered "10 singers" is right, and no table tells that from "33 pizzas" for "How many
    slices ..."."""
    if len(_NUMBERS.findall(answer)) != 1:
        return False
    stated = stated_unit(answer)
    if stated is not None and (asked := asked_for(question)) is not None and (
            wanted := _MEASURES.get(asked)) is not None and wanted[1] == stated[2]:
        return wanted[0] != stated[1]
    return _measured_otherwise(question, answer)


# The thing the question's last ask counts: "how many (more) <words>" in its last sentence
# that asks, up to the first word that is no part of the noun phrase.
_HOW_MANY_WORDS = re.compile(r"\bhow\s+many\s+((?:[A-Za-z]+\s+){0,4})", re.IGNORECASE)
_SKIPPED = frozenset(("more", "fewer", "less", "extra", "additional", "total", "whole", "full",
                      "different", "other", "new"))
_PHRASE_ENDS = frozenset((
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "per", "and",
    "or", "than", "as", "if", "when", "that", "which", "who", "this", "these", "those", "be",
    "been", "left", "each", "every")) | _NOT_NOUNS - {"square", "cubic", "sq", "times"}
_ASKED_AREA = frozenset(("square", "cubic", "sq"))
# An answer's own unit: a sign before the number (not LaTeX's `$...$`), a percent, or the word
# after it.
_STATED = re.compile(r"[^\d$€]{0,3}?(?:([$€])\s?)?\d[\d,]*(?:\.\d+)?(\$)?\s*(%|\\%)?"
                     r"(?:\s*\\(?:text|mathrm|mbox)\s*\{)?\s*(?:(?:more|extra|additional|total|"
                     r"left)\s+)?([A-Za-z]+)?")


def asked_noun(question: str) -> tuple[str, ...]:
    """The words of what the question's last ask counts or measures ("How many pregnant cows
    are there?": ("pregnant", "cows"); "how many more laps does she run?": ("laps",); "How
    far is it, in meters?": ("meters",)), lower case; empty when its last asking sentence
    has neither."""
    text = question.rstrip()
    end = text.rfind("?") + 1 or len(text)
    start = max(text.rfind(stop, 0, end - 1) for stop in (". ", "? ", "! ", "\n"))
    asks = list(_HOW_MANY_WORDS.finditer(text, start + 1, end))
    units = [m for m in _IN_UNIT.finditer(text, start + 1, end) if m.group(1).lower() in _MEASURES]
    if units and (not asks or units[-1].start() > asks[-1].start()):
        return (units[-1].group(1).lower(),)  # "How far is it, in meters?"
    words: list[str] = []
    for word in asks[-1].group(1).lower().split() if asks else ():
        if word in _SKIPPED and not words:
            continue
        if word in _PHRASE_ENDS or word in _SKIPPED:
            break
        words.append(word)
        if word == "times":
            break
    return tuple(words)


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for plural, single in (("ies", "y"), ("ches", "ch"), ("shes", "sh"), ("sses", "ss"),
                           ("xes", "x"), ("s", "")):
        if word.endswith(plural) and len(word) > len(plural) + 1:
            return word[: -len(plural)] + single
    return word


_IRREGULAR = {"people": "person", "feet": "foot", "children": "child", "men": "man",
              "women": "woman", "teeth": "tooth", "geese": "goose", "mice": "mouse"}


def _measured_otherwise(question: str, answer: str) -> bool:
    """Whether an answer gives a unit of measure (or a percent) where the question asks for a
    unit of another kind ("How many hours ...?" "$6", "15 cm") or for a count ("How many
    laps ...?" "15 kilometers", "How many issues ...?" "26 weeks", "How many hours ...?"
    "10%"). Not when the answer measures what was asked ("216 kilograms of grapes"),
    nor for an area asked ("square feet": the answer may drop "square"), nor money, time
    or cups for a count (coins are counted in dollars, payments in months, nights in days,
    glasses in cups)."""
    words = asked_noun(question)
    if not words or _ASKED_AREA.intersection(words) or (unit := _unit_word(answer)) is None:
        return False
    asked = {_singular(w) for w in words}
    if "dozen" in asked and unit and "dozen" not in answer.lower():
        # "How many dozen bagels ...?" "13 bagels": the bagels, not their dozens ("3 boxes"
        # of a dozen each may count them)
        return _singular(unit) in asked
    if not unit or _singular(unit) in asked or any(
            re.search(rf"\bof\s+(?:[a-z]+\s+)?{w}", answer, re.IGNORECASE) for w in asked):
        return False  # "216 kilograms of grapes" (not "12 kg of hay per day" for days)
    if unit == "%":
        return not asked & {"percent", "percentage"}
    if (measure := _MEASURES.get(unit)) is None:
        return False
    kinds = [_MEASURES[w][1] for w in words if w in _MEASURES]
    if kinds:
        return measure[1] != kinds[-1]
    # A count answered in money, time or cups may count right: coins in dollars, payments
    # by months, nights by days, glasses by cups.
    return measure[1] not in ("money", "time") and measure[0] != "cup"


def _unit_word(answer: str) -> str | None:
    """An answer's own unit as written: a sign before its number (not LaTeX's `$...$`), `%`,
    or the word after it, lower case ("" when it has none); None when it is no number."""
    m = _STATED.match(answer)
    if m is None:
        return None
    sign, closed, percent, word = m.groups()
    return "%" if percent else sign if sign and not closed else (word or "").lower()


def same_unit(answer: str, other: str) -> bool:
    """Whether two answers write their values in one unit (`_unit_word`, singular): "200
    miles" and "210 miles in total", "$8" and "$4", "20%" and "25%"; not "16 eggs" and "$18"."""
    mine, theirs = _unit_word(answer.lstrip("*_ ")), _unit_word(other.lstrip("*_ "))
    return mine is not None and theirs is not None and _singular(mine) == _singular(theirs)


def _unit_of(answer: str) -> str | None:
    """An answer's own unit (`_unit_word`), singular, when it names something the number
    counts; None for none ("15 both work", "8 altogether")."""
    unit = _unit_word(answer)
    if not unit or unit in _PHRASE_ENDS or unit in _SKIPPED or unit in _NOT_UNITS:
        return None
    return _singular(unit)


# Words after a number that name nothing it counts ("15 both work", "8 altogether").
_NOT_UNITS = frozenset((
    "both", "all", "so", "then", "now", "still", "only", "just", "altogether", "overall",
    "either", "again", "instead", "here", "too", "not", "or", "is", "are", "was", "were"))


_ASKS_PERCENT = re.compile(r"\b(?:what|which)\s+(?:percent|percentage)\b|\bas\s+a\s+percent",
                           re.IGNORECASE)


def _names(unit: str, question: str) -> bool:
    """Whether `unit` (`_unit_of`) is what the question asks for: its noun or its unit of
    measure, spelt any way (`km` for "kilometers"), or a percent for "what percent"."""
    if unit == "%":
        return _ASKS_PERCENT.search(question[-ASK_REACH:]) is not None
    words = asked_noun(question)
    if unit in {_singular(w) for w in words}:
        return True
    measure = _measure(unit)
    return measure is not None and any(_MEASURES.get(w, ("",))[0] == measure[0] for w in words)


def _measure(unit: str) -> tuple[str, str] | None:
    """(unit, kind) of a singular unit word (`_unit_of`: "liter", "mile"), or None."""
    return _MEASURES.get(unit) or _MEASURES.get(unit + "s")


def names_asked(question: str, answer: str) -> bool:
    """Whether an answer names what the question asks for ("22.1 liters" for "How many
    liters ...?", "60 km" for "how many kilometers", "50%" for "what percent"); a bare
    number names nothing (a given count: "Number of notebooks: **5**" for pens)."""
    unit = _unit_of(answer)
    return unit is not None and _names(unit, question)


def names_other(question: str, answer: str) -> bool:
    """Whether an answer measures another kind of quantity than the question asks for: money,
    a percent or a unit of measure of another kind ("$39.78" for "How many liters ...?", "5
    more weeks" for "What percent ...?"), or one of them where a count is asked ("$365" for
    "How many notebooks ...?"). Not a bare number, a noun (the asked thing may be named
    otherwise: "9 treats" for cookies), another unit of the asked kind ("420 minutes" for
    hours: a conversion), nor any answer to a question that names nothing it asks for."""
    unit = _unit_of(answer)
    if unit is None or (kind := _kind(unit)) is None:
        return False
    words = asked_noun(question)
    if _ASKS_PERCENT.search(question[-ASK_REACH:]) is not None:
        return kind != "percent"
    if not words:
        return False
    asked = [_MEASURES[w][1] for w in words if w in _MEASURES]
    return kind != asked[-1] if asked else True


def _kind(unit: str) -> str | None:
    """The kind of quantity a unit (`_unit_of`) measures: "percent", "money", "length", ...;
    None for a noun."""
    if unit == "%":
        return "percent"
    measure = _measure(unit)
    return measure[1] if measure is not None else None


_VALUE_AND_WORD = re.compile(r"[$€]?\s?\d[\d,]*(?:\.\d+)?\s*(?:%|[A-Za-z]+)?")


def names_asked_anywhere(question: str, text: str) -> bool:
    """Whether some value in `text` names what the question asks for ("5 liters" in "Since the
    tank already has 5 liters, she must buy 17.1 L" for "How many liters ...?")."""
    return any((unit := _unit_of(m.group())) is not None and _names(unit, question)
               for m in _VALUE_AND_WORD.finditer(text))
