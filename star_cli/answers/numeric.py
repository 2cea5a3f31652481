"""Exact numbers from answer strings, without sympy and without floats.

`parse_number` understands what graders meet in grade-school math: integers, decimals,
thousands separators (`1,080`, `10{,}000`, `1 000 000`, but not `1,2`), fractions `a/b` and
`\\frac{a}{b}`, mixed numbers, signs, percent, currency signs and trailing unit words, and
small scientific notation, and whole numbers in English words (`forty-two`). It returns a
Fraction, so 99.99999 never equals 100.
"""

from __future__ import annotations

import re
from fractions import Fraction

from star_cli.answers.hedges import MULTIPLIERS, QUALIFIERS
from star_cli.answers.number_words import number_words
from star_cli.answers.numerals import (
    CJK_HEDGES,
    KILO,
    cjk_number,
    cjk_sentence_value,
    korean_native,
    stated_after_copula,
)

MAX_LEN = 120  # longer strings are not a number we should spend time on
# A signed decimal with or without thousands separators, read as Fraction reads it.
_PLAIN = re.compile(r"-?(?:[1-9]\d{0,2}(?:,\d{3})+|\d{1,20})(?:\.\d{1,20})?")
MAX_EXP = 400  # 1e400 is fine as a Fraction; 1e400000000 would allocate forever

# LaTeX that never changes a number: spacing, sizing, degrees (`^\circ`, `°`), math delimiters
# (`\(42\)`, `\[42\]`).
_LATEX_NOISE = re.compile(
    r"\\[,!;: ]|\\left|\\right|\\displaystyle|\^\s*\{?\\circ\}?|°|\\\$|\\[()\[\]]")
_TEXT_WRAP = re.compile(r"\\(?:text|textbf|mathrm|mbox|mathbf|boldsymbol|bm)\s*\{([^{}]*)\}")
_FRAC = re.compile(r"^\\[dt]?frac\s*\{([^{}]+)\}\s*\{([^{}]+)\}$")
_MIXED_FRAC = re.compile(r"^([-+]?\d+)\s*\\[dt]?frac\s*\{(\d+)\}\s*\{(\d+)\}$")
_LEAD = re.compile(r"^(?:[a-zA-Z]\s*=\s*|approximately\s+|about\s+|exactly\s+)")
# (R$: Brazil's real; RM Malaysia's ringgit, before an amount; ৳ Bangladesh's taka, ฿ Thailand's
# baht, ₫ Vietnam's dong, ₱ the Philippine peso, ₪ the shekel, ₴ the hryvnia; Swahili's dollar and
# shilling words, written before the amount: "dola 18", "shilingi 1,500"; the shilling's
# abbreviations, "Sh. 1,500", "KSh 1,500")
_CURRENCY = re.compile(r"[$€£¥₹₽₩₺¢৳฿₫₱₪₴]|\b(?:R\$|USD|EUR|GBP|CHF|Rs\.?|Rp\.?|K?Sh\.?|Ksh\.?"
                       r"|TSh\.?|RM(?=\s?\d)|dola|shilingi)\s*")
_TRAIL_UNITS = re.compile(r"(?<=[\d%.}])\s*[a-zA-Z][a-zA-Z\s./²³-]*(?:\^\s*\{?[23]\}?)?$")  # m^2
# (and India's "/-" after an amount, "₹7,300/-": no paise)
_PER_UNIT = re.compile(r"(?<=[\d.])\s*/\s*(?:(?:month|mo|week|wk|day|hour|hr|h|minute|min"
                       r"|second|sec|year|yr|person|kg|lb|item|unit)s?\.?|-)$")
_DECIMAL = re.compile(
    r"^(?P<sign>[-+−]?)"
    r"(?P<int>[1-9]\d{0,2}(?:,\d{3})+|\d{1,3}(?: \d{3})+|\d*)"  # (`0,125` groups nothing)
    r"(?:\.(?P<frac>\d+))?"
    r"(?:[eE](?P<exp>[-+]?\d+))?"
    r"(?P<pct>\s*%)?$"
)
# 1.5 \times 10^{3}, 2 \cdot 10^-2, 3 x 10^4, 10^6: scientific notation as people write it.
_TIMES_TEN = re.compile(
    r"^(?:(?P<mant>[-+−]?\d+(?:\.\d+)?)\s*(?:\\times|\\cdot|[x×*])\s*)?"
    r"10\s*\^\s*\{?\s*(?P<exp>[-+−]?\d{1,4})\s*\}?$"
)
_SIMPLE_FRAC = re.compile(r"^([-+−]?\d+)\s*/\s*(\d+)$")
_MIXED = re.compile(r"^([-+−]?\d+)\s+(\d+)\s*/\s*(\d+)$")


_EMPHASIS = "*`\"'“”‘’"  # markdown bold/code and quotes around an answer
# "3 million" is 3000000, "5k" 5000, "5 halves" 5/2: a word that scales the value (one list,
# hedges.MULTIPLIERS), never a unit word; "5 and a half" is 11/2.
_WORD_AFTER_DIGIT = re.compile(r"(?<=[\d.])\s*([A-Za-z]+)\b")
# Millions written short, in this case only ("$3.4M", "$2.5 mil"; "5 m" is five metres).
_MILLIONS = {"M": Fraction(10**6), "MM": Fraction(10**6), "mil": Fraction(10**6)}
_SIGN_WORD = re.compile(r"\s*(?:minus|negative)\s+(?=[$€£]?\d)", re.IGNORECASE)
_AND_A_HALF = re.compile(r"(?<=\d)\s+and\s+a\s+half\b", re.IGNORECASE)




# Unicode's vulgar fractions, as the mixed numbers they write ("4¼" is 4 1/4).
_VULGAR = str.maketrans({"½": " 1/2", "⅓": " 1/3", "⅔": " 2/3", "¼": " 1/4", "¾": " 3/4",
                         "⅕": " 1/5", "⅖": " 2/5", "⅗": " 3/5", "⅘": " 4/5", "⅙": " 1/6",
                         "⅚": " 5/6", "⅛": " 1/8", "⅜": " 3/8", "⅝": " 5/8", "⅞": " 7/8"})


# Superscript digits as an exponent, a run of them one exponent: "4.2 × 10⁴" is 4.2 × 10^4,
# "3.8 × 10¹³" 3.8 × 10^13.
_SUPERSCRIPT_RUN = re.compile("⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def _exponent(m: re.Match[str]) -> str:
    return "^" + m.group().translate(_SUPERSCRIPT_DIGITS)


# The spaces that group digits in print ("1\u00a0210", "1\u202f210"), as a space groups them.
_GROUP_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})
# Digits of other scripts as ASCII (Arabic-Indic, Persian, Devanagari, Bengali, Gurmukhi,
# Gujarati, Telugu, Kannada, Thai, Lao, Myanmar, full-width), and Arabic's decimal and
# thousands signs ("٢٫٥" is 2.5, "١٬٠٠٠" 1000, "১,২০০" 1200): read as the same number.
_NATIVE_DIGITS = str.maketrans(
    {chr(zero + k): str(k) for zero in (0x660, 0x6F0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xC66, 0xCE6,
                                        0xE50, 0xED0, 0x1040, 0xFF10) for k in range(10)}
    | {"٫": ".", "٬": ","})
# Emoji and other pictographs beside a value: decoration, never part of it; but a cross
# (✗, ❌) marks it wrong, and stays.
_PICTOGRAPHS = re.compile(
    "(?:(?![\u2717\u2718\u274c\u274e])[\u2600-\u27bf]|[\U0001f300-\U0001faff\ufe0f\u200d])+")
# Chinese, Japanese or Korean after a value: its unit and a copula ("ドルです", "个", "元。",
# "원입니다"); not a multiplier (万 is ten thousand, 億 a hundred million), which `cjk_number`
# reads, nor a part of a yuan ("2元8角"), nor words that bound, doubt or deny the value
# ("20人左右", "100人近くいます", "20명 남짓입니다"): those make it none.
_CJK_AFTER = re.compile(r"(?<=\d)(?<![元角]\d)\s*(?:(?:km|kg|cm|mm|ml|mL|m|g|L|l|h|min|s)\s*)?"
                        rf"(?!(?!{KILO})[万萬亿億千百兆만천백억])(?![^\n]*(?:{CJK_HEDGES}))"
                        r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]+[。．.]?\Z")  # ("40km입니다")


# Unit words in any script after a value ("рублей", "Äpfel", "pièces"), when they are no
# multiplier: "10 mil" is ten thousand in Spanish, "3 тысячи" three thousand; those make no
# number rather than a wrong one.
# (a word's combining marks are part of it: Arabic "يوماً", Hindi "वर्ष", and a danda ends it)
_WORDS_AFTER = re.compile(r"(?<=[\d%])\s+(?!(?:mil|tausend|milliard|тыс|милл|млн|млрд|ribu|juta"
                          r"|lakh|crore)|\w*\d)[^\W\d_][\w\s.\u0300-\u036f\u0610-\u061a"
                          r"\u064b-\u065f\u0670\u0900-\u0903\u093a-\u094f\u0962-\u0964-]*\Z",
                          re.IGNORECASE)
# Thousands grouped with apostrophes, the Swiss way: "5'000", "1'250'000".
_APOSTROPHE_GROUPS = re.compile(r"(?<=\d)['’](?=\d{3}(?!\d))")


def clean(s: str) -> str:
    """Strip the LaTeX and prose around a number, leaving what might be one."""
    if not s.isascii():
        s = _PICTOGRAPHS.sub("", s)  # "42 ✓", "0.75 ✨", "🎉 18": ticks and emoji, decoration
    s = s.strip().strip(_EMPHASIS).strip()
    if not s.isascii():
        s = _SUPERSCRIPT_RUN.sub(_exponent, s.translate(_VULGAR)).translate(
            _GROUP_SPACES).translate(_NATIVE_DIGITS).strip()
        s = _CJK_AFTER.sub("", s)  # "18ドルです", "42 元": a unit (and a copula) after the value
        s = _WORDS_AFTER.sub("", s)  # "10 000 рублей", "12 Äpfel": unit words after the value
    s = _TEXT_WRAP.sub(r"\1", s)
    if "'" in s or "’" in s:
        s = _APOSTROPHE_GROUPS.sub("", s)
    s = s.replace("{,}", ",").replace("\\%", "%")
    s = _LATEX_NOISE.sub("", s)
    s = s.strip().strip("$").strip()
    if s[:1] == "{" and s[-1:] == "}" and s.count("{") == 1:  # `${42}$`
        s = s[1:-1].strip()
    s = s.rstrip(".।").strip()  # (and a danda, the Hindi full stop)
    s = _LEAD.sub("", s)
    s = _CURRENCY.sub("", s).strip()
    if "/" in s:
        s = _PER_UNIT.sub("", s)  # "$60/month": a rate's unit, not a division
    s = _TRAIL_UNITS.sub("", s).strip()
    return s.rstrip(".").strip()


# A number in brackets, as accounts write a negative amount: `(7)`, `$(7)`, `($1,250.50)`.
_ACCOUNTING = re.compile(r"\$?\(\s*\$?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*\)")


def accounting(s: str) -> Fraction | None:
    """The value of an amount written as accounts write a loss, in brackets (`$(7)` is -7),
    else None. For word problems' answers only: in math, `(5)` is 5 in brackets."""
    m = _ACCOUNTING.fullmatch(s) if "(" in s[:3] else None
    return -Fraction(m.group(1).replace(",", "")) if m is not None else None


def parse_number(s: str) -> Fraction | None:
    """The exact value of `s` if it is a number in a format we know, else None."""
    if len(s) > MAX_LEN:
        return None
    if s.isdigit() and s.isascii():  # the common case, and the cheapest: a plain integer
        return Fraction(int(s))
    if s[:1] == "–" and (s[1:2].isdigit() or s[1:2] in "$€£¥₹"):  # a minus: "–8", "–$20"
        s = "-" + s[1:]
    if _PLAIN.fullmatch(s):  # the next most common: `-10`, `10.5`, `6,250` (no regex pass)
        return Fraction(s.replace(",", ""))
    scale: Fraction | None = None  # no Fraction arithmetic for the usual number
    half = False
    if "{" in s and ("\\text" in s or "\\m" in s):
        s = _TEXT_WRAP.sub(r" \1 ", s)  # `5 \text{ thousand}` scales as `5 thousand` does
    if s.lower() != s.upper():  # letters: a word that scales the value, maybe
        if (sign := _SIGN_WORD.match(s)) is not None:  # "minus 5", "negative 12"
            value = parse_number(s[sign.end() :])
            return -value if value is not None else None
        for m in _WORD_AFTER_DIGIT.finditer(s):
            if (factor := MULTIPLIERS.get(m.group(1).lower()) or _MILLIONS.get(
                    m.group(1))) is not None:
                # "3 million" is 3000000, not 3 with a unit word
                scale = factor
                s = s[: m.start()] + s[m.end() :]
                break
    if "half" in s and (m := _AND_A_HALF.search(s)):
        half = True
        s = s[: m.start()] + s[m.end() :]
    if not s.isascii() and (stated := stated_after_copula(s.strip(_EMPHASIS).rstrip("。．."))):
        return stated  # "3箱梨有一百零八个": read before its unit words are stripped
    s = clean(s)
    if not s or len(s) > MAX_LEN:
        return None
    value = _parse_clean(s)
    if value is None and not s.isascii():
        # "四十二", "1.26万", "3万5千円", "2억 8,800만 원", "서른한 자루", "还剩80瓶"
        for read in (cjk_number, korean_native, cjk_sentence_value):
            if (value := read(s)) is not None:
                break
    if value is None and s[:1].isalpha():
        value = number_words(s)  # "dieciocho", "tausendachtzig Euro", "семьдесят девять книг"
    if value is None or (scale is None and not half):
        return value
    value = value + Fraction(1, 2) if half else value
    return value * scale if scale is not None else value


def _parse_clean(s: str) -> Fraction | None:
    if s[0] in "-−" and s[1:].lstrip().startswith("\\"):
        inner = _parse_clean(s[1:].lstrip())  # -\frac{3}{4}
        return -inner if inner is not None else None
    if m := _FRAC.match(s):
        num, den = parse_number(m.group(1)), parse_number(m.group(2))
        return num / den if num is not None and den else None
    if m := _MIXED_FRAC.match(s):
        return _mixed(m.group(1), m.group(2), m.group(3))
    if m := _MIXED.match(s):
        return _mixed(m.group(1), m.group(2), m.group(3))
    if m := _TIMES_TEN.match(s):
        e = int(m.group("exp").replace("−", "-"))
        if abs(e) > MAX_EXP:
            return None
        mant = _decimal(m.group("mant").replace("−", "-")) if m.group("mant") else Fraction(1)
        return None if mant is None else mant * Fraction(10) ** e
    if m := _SIMPLE_FRAC.match(s):
        den = int(m.group(2))
        return Fraction(int(m.group(1).replace("−", "-")), den) if den else None
    value = _decimal(s)
    if value is None and s[:1].isalpha() and s.isascii():
        value = spelled(s)
        return value if value is not None else spelled_part(s)
    return value



# Numbers written in words ("twelve", "forty-two", "three hundred and five", "two thousand"),
# as a model may state a small count. Read word by word with the order English allows, so
# "twenty twelve" or "one two" is no number.
UNIT_WORDS = {w: n for n, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])}
TEEN_WORDS = {w: n + 10 for n, w in enumerate(
    ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
     "eighteen", "nineteen"])}
TENS_WORDS = {w: 10 * (n + 2) for n, w in enumerate(
    ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"])}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
# What each kind of word may follow (None: the start).
_FOLLOWS = {"unit": {None, "tens", "hundred", "scale"}, "teen": {None, "hundred", "scale"},
            "tens": {None, "hundred", "scale"}, "hundred": {"unit", "teen"},
            "scale": {"unit", "teen", "tens", "hundred"}}
_SPELLED_WORDS = 12  # words a spelled number may take


def spelled(s: str) -> Fraction | None:
    """The value of a number written in words at the start of `s`, or None. Words after it
    may be units ("forty two marbles"), a word that scales it ("seven dozen") or "and a
    half"; anything else that could change or qualify the value makes it no number we read:
    another number ("two hours and forty minutes"), a fraction ("one third"), "and" or
    "point", a qualifier ("twelve max", "twelve if rounded"), a word joined on ("one-sided",
    "twelve-ish")."""
    words = s.lower().split()
    if words[:1] in (["negative"], ["minus"]) and len(words) > 1:
        value = spelled(" ".join(words[1:]))  # "negative three"
        return -value if value is not None else None
    if words[:2] == ["half", "a"] and len(words) > 2 and words[2] in ("dozen", "hundred") \
            and (whole := spelled(" ".join(words[1:]))) is not None:
        return whole / 2  # "half a dozen"
    if words[:1] == ["a"] and len(words) > 1 and (words[1] in _SCALES or words[1] in (
            "hundred", "dozen", "score", "gross")):
        words[0] = "one"  # "a hundred", "a dozen"
    total = current = 0
    last: str | None = None
    for k, token in enumerate(words[:_SPELLED_WORDS]):
        parts = token.strip(".,;:!").split("-")  # "forty-two"
        # ("and" joins words only: the part after a hyphen is read as if after a tens word.)
        kinds = [_kind(part, last if i == 0 else "tens") for i, part in enumerate(parts)]
        if kinds[0] == "and":
            continue
        if None in kinds:
            if kinds[0] is not None or last is None:  # "twelve-ish", or no number at all
                return None
            return _spelled_end(Fraction(total + current),
                                [w.strip(".,;:!") for w in words[k:]])
        for part, kind in zip(parts, kinds, strict=True):
            if last not in _FOLLOWS[kind]:  # type: ignore[index]
                return None  # "twenty twelve", "one two": number words in no order English has
            if kind == "hundred":
                current *= 100
            elif kind == "scale":
                total, current = total + current * _SCALES[part], 0
            else:
                current += UNIT_WORDS.get(part) or TEEN_WORDS.get(part) or TENS_WORDS.get(part, 0)
            last = kind
    if last is None or len(words) > _SPELLED_WORDS:
        return None
    return Fraction(total + current)


def _kind(word: str, last: str | None) -> str | None:
    if word in UNIT_WORDS:
        return "unit"
    if word in TEEN_WORDS:
        return "teen"
    if word in TENS_WORDS:
        return "tens"
    if word == "hundred":
        return "hundred"
    if word in _SCALES:
        return "scale"
    return "and" if word == "and" and last in ("hundred", "scale") else None


# Fraction words that name a part, not a count: "one third", "three quarters".
_PARTS = frozenset({"half", "third", "quarter", "quarters", "fourth", "fourths", "fifth",
                    "sixth", "seventh", "eighth", "ninth", "tenth", "hundredth", "thousandth"})


def _spelled_end(value: Fraction, rest: list[str]) -> Fraction | None:
    """A spelled number with words after it (see `spelled`)."""
    if rest[:1] == ["and"] and tuple(rest[1:3]) in _AND_PARTS:
        if len(rest) > 3 and _changes(rest[3:]):
            return None
        return value + _AND_PARTS[tuple(rest[1:3])]  # "two and a half", "two and a quarter"
    if (factor := MULTIPLIERS.get(rest[0])) is not None:
        if rest[1:4] == ["and", "a", "half"]:  # "a dozen and a half": one and a half dozen
            return None if _changes(rest[4:]) else (value + Fraction(1, 2)) * factor
        return None if _changes(rest[1:]) else value * factor
    if rest[0] in ("and", "point") or rest[0] in _PARTS or _changes(rest):
        return None
    return value


_AND_PARTS = {("a", "half"): Fraction(1, 2), ("one", "half"): Fraction(1, 2),
              ("a", "quarter"): Fraction(1, 4), ("one", "quarter"): Fraction(1, 4),
              ("three", "quarters"): Fraction(3, 4)}


def _changes(words: list[str]) -> bool:
    """Whether words after a value hold another number or qualify it."""
    return any(w in QUALIFIERS or any(c.isdigit() for c in w)
               or any(_kind(p, "tens") not in (None, "and") for p in w.split("-"))
               for w in words)


def _mixed(whole: str, num: str, den: str) -> Fraction | None:
    w, n, d = int(whole.replace("−", "-")), int(num), int(den)
    if d == 0:
        return None
    part = Fraction(n, d)
    return w - part if whole.lstrip().startswith(("-", "−")) else w + part


def _decimal(s: str) -> Fraction | None:
    m = _DECIMAL.match(s)
    if m is None and "," in s:
        # "0,125", "1.250,00 €", "₹1,25,000": grouped as no English number is
        other = _ZERO_COMMA.fullmatch(s) or _DOTS_THEN_COMMA.fullmatch(s) or _LAKHS.fullmatch(s)
        if other is not None:
            return _grouped_value(other)
        m = _DECIMAL_COMMA.fullmatch(s)  # "7,5": no thousands, so a decimal comma
    if m is None or not (m.group("int") or m.group("frac")):
        return None
    digits = m.group("int").replace(",", "").replace(" ", "") or "0"
    value = Fraction(int(digits))
    if frac := m.group("frac"):
        value += Fraction(int(frac), 10 ** len(frac))
    if exp := m.group("exp"):
        e = int(exp)
        if abs(e) > MAX_EXP:
            return None
        value *= Fraction(10) ** e
    return -value if m.group("sign") in ("-", "−") else value


# A decimal comma, as most of Europe writes it: one or two digits after the comma, which
# thousands never have ("7,5 kg", "12,50 €"; "7,500" stays seven thousand five hundred).
_DECIMAL_COMMA = re.compile(r"(?P<sign>[-+−]?)(?P<int>\d+),(?P<frac>\d{1,2})(?P<exp>)")
# Any number of digits after a lone zero's comma, which never starts a group ("0,125").
_ZERO_COMMA = re.compile(r"(?P<sign>[-+−]?)(?P<int>0),(?P<frac>\d+)")


# Thousands grouped with dots and a decimal comma, as most of Europe writes money ("1.250,00
# €", "R$ 1.250,00"); the lakh grouping of India ("₹1,25,000": two digits a group, three
# last). Neither is an English number, so each reads the same in any language.
_DOTS_THEN_COMMA = re.compile(
    r"(?P<sign>[-+−]?)(?P<int>[1-9]\d{0,2}(?:\.\d{3})+),(?P<frac>\d{1,2})")
_LAKHS = re.compile(r"(?P<sign>[-+−]?)(?P<int>[1-9]\d?(?:,\d{2})+,\d{3})(?:\.(?P<frac>\d{1,20}))?")


def _grouped_value(m: re.Match[str]) -> Fraction:
    value = Fraction(int(m.group("int").replace(".", "").replace(",", "")))
    if frac := m.group("frac"):
        value += Fraction(int(frac), 10 ** len(frac))
    return -value if m.group("sign") in ("-", "−") else value


_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5,
                 "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
# A fraction in words, alone: "one half", "two-thirds", "three quarters", "a fifth".
_SPELLED_PART = re.compile(
    rf"(a|an|{'|'.join(list(UNIT_WORDS)[1:])})[\s-]+({'|'.join(_DENOMINATORS)})s?\.?",
    re.IGNORECASE)


def spelled_part(s: str) -> Fraction | None:
    """The value of a fraction in words that is all of `s` ("two-thirds"), or None."""
    m = _SPELLED_PART.fullmatch(s.strip())
    if m is None:
        return None
    count = m.group(1).lower()
    return Fraction(UNIT_WORDS.get(count, 1), _DENOMINATORS[m.group(2).lower()])


# A calculation of plain numbers left unevaluated ("6 × 7", "20 + 80 + 160", "84 / 2"): each
# operator spaced or a sign that is one (×, ÷, *), so "5-7" stays a range and "3/4" a fraction.
_OPERAND = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CALCULATION = re.compile(
    rf"(?:{_OPERAND})(?:(?:\s*[×*÷]\s*|\s+[-+−x/]\s+)(?:{_OPERAND})){{1,7}}")
_FRACTION = re.compile(r"(?<![\d}])\s*\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}")
_LATEX_OPS = re.compile(r"\s*\\(times|cdot|div)\b\s*")
_LATEX_SIGNS = {"times": " × ", "cdot": " × ", "div": " ÷ "}
_STEP = re.compile(rf"({_OPERAND})|([×*÷x/])|([-+−])")


def calculated(s: str) -> Fraction | None:
    """The exact value of an unevaluated calculation of plain numbers, products and
    quotients before sums (read token by token, never evaluated as code); None for
    anything else, or a division by zero."""
    s = s.strip().rstrip(".").strip()
    if "\\" in s and ("times" in s or "cdot" in s or "div" in s):
        # `\frac{6}{24} \times 100`: LaTeX's own signs for the same steps
        s = _LATEX_OPS.sub(lambda m: _LATEX_SIGNS[m.group(1)], _FRACTION.sub(r" \1 / \2", s))
        s = s.strip().strip("$").strip()
    if len(s) > MAX_LEN or not _CALCULATION.fullmatch(s):
        return None
    total, term, op = Fraction(0), None, "+"
    pending = "*"
    for m in _STEP.finditer(s):
        number, times, plus = m.groups()
        if number is not None:
            value = Fraction(number.replace(",", ""))
            if term is None:
                term = value
            elif pending in "÷/":
                if not value:
                    return None
                term /= value
            else:
                term *= value
        elif times is not None:
            pending = times
        else:
            total += term if op == "+" else -term
            term, op, pending = None, "-" if plus in "-−" else "+", "*"
    assert term is not None  # the pattern ends with a number
    return total + (term if op == "+" else -term)



# A quantity in two units, the larger first: "7 hours and 45 minutes", "5 ft 3 in", "2 lb 4
# oz", "3 dollars and 50 cents" (groups: whole, its unit, part, its unit). Read as either
# unit: a question that asks for hours is answered by 7.75, one that asks for minutes by 465.
COMPOUND = re.compile(
    r"(\d{1,7})\s*(hours?|hrs?|minutes?|mins?|days?|weeks?|feet|foot|ft|yards?|yds?|pounds?"
    r"|lbs?|dollars?)\s*,?\s*(?:and\s+)?(\d{1,7}(?:\.\d+)?)\s*(minutes?|mins?|seconds?|secs?"
    r"|hours?|hrs?|days?|inch(?:es)?|in|feet|foot|ft|ounces?|oz|cents?)(?![A-Za-z])",
    re.IGNORECASE)
_PER_THING = re.compile(r"\s+per\s+[A-Za-z]+\Z")
_UNIT_NAMES = {"hour": "h", "hr": "h", "minute": "min", "min": "min", "second": "s", "sec": "s",
               "day": "d", "week": "wk", "feet": "ft", "foot": "ft", "ft": "ft", "yard": "yd",
               "yd": "yd", "inch": "in", "inche": "in", "in": "in", "pound": "lb", "lb": "lb",
               "ounce": "oz", "oz": "oz", "dollar": "$", "cent": "c"}
# How many of the smaller unit make one of the larger.
_PER_LARGER = {("h", "min"): 60, ("min", "s"): 60, ("d", "h"): 24, ("wk", "d"): 7,
               ("ft", "in"): 12, ("yd", "ft"): 3, ("lb", "oz"): 16, ("$", "c"): 100}


def compound(text: str) -> tuple[Fraction, Fraction] | None:
    """A quantity in two units (`COMPOUND`, the whole text but a closing period) as (the larger
    unit, the smaller): "7 hours and 45 minutes" is (31/4, 465); None for anything else or
    units that do not go together ("5 feet 3 minutes")."""
    text = text.strip().rstrip(".").rstrip()
    if not text[-1:].isalpha():
        return None  # (the usual answer, "$18" or "18.00", ends in no unit word)
    if " per " in text:
        text = _PER_THING.sub("", text)  # "7 minutes 30 seconds per mile": a rate's time
    if (m := COMPOUND.fullmatch(text)) is None:
        return None
    units = tuple(_UNIT_NAMES.get(u.lower().rstrip("s"), "") for u in (m.group(2), m.group(4)))
    per = _PER_LARGER.get(units)  # type: ignore[arg-type]
    if per is None:
        return None
    whole, part = Fraction(m.group(1)), Fraction(m.group(3))
    if part >= per:
        return None  # "2 hours 75 minutes" is no way of writing a time
    return whole + part / per, whole * per + part
