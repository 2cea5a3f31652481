"""Numbers as most languages other than English group their digits.

German, Spanish, Portuguese, Italian, Dutch, Indonesian, Vietnamese and Turkish write thousands
with dots (`70.000 $`, `1.210 Beine`); French, Spanish, Russian and others with spaces (`10 000 $`,
`1 210 pattes`). Read as English, the first is a decimal (70.0) and the second two numbers
(the last, 000 or 210, taken as the answer). A completion's own words say which way it is
written: only a text in one of those languages has its grouped digits joined, so an English
`1.210` stays one and some hundredths. A number with two dot groups (`1.234.567`) is no
decimal in any language.

Both are asked about only where they can matter: `regrouped` when an answer holds a
dot-grouped number, `space_grouped` when the answer came from the final statement (no
marker, which reads a grouped number's parts as separate numbers; a marker's answer is read
whole): the usual check pays a substring test.
"""

from __future__ import annotations

import re

from star_cli.answers.extract import Extraction

# Words of running text in a language that groups with dots, each found in no English text
# (not "die", "per", "son", "con", "um", "del", "den", "mit", "von", "total", "also",
# "hat", "hay", "dan", "dos", nor names' words: "Los", "Las", "Costa").
_DOT_LANGUAGES = {
    "German": "und ist sind nicht insgesamt jede jeder jeden kostet kosten antwort beträgt "
              "ergibt eine einen einem haben wird werden für auf dem bei nach weil wenn "
              "oder aber dass noch zusammen übrig bleiben gleich sieht bekommt",
    "Spanish": "el es que por para una cada respuesta cuesta entonces tiene más "
               "pero también ella cuántos dinero",
    "Portuguese": "não são uma resposta custa então tem mais também ela ele pelo pela isso",
    "Italian": "il che sono della ogni risposta quindi anche totale alla",
    "Dutch": "het een zijn niet elke antwoord totaal dus kost heeft ook",
    "Indonesian": "adalah yang jawaban jawabannya setiap untuk dengan jadi kita maka jumlah "
                  "sehingga pertama langkah",
    "Vietnamese": "là và của có cho được một bài toán đáp án hãy giải từng bước đầu tiên vậy "
                  "số tiền còn lại mỗi tổng cộng",
    "Turkish": "ve bir bu için ile cevap toplam her kaç olur yani adım sonra toplamda",
}
_DOT_WORDS = frozenset(w for words in _DOT_LANGUAGES.values() for w in words.split())
# French, whose thousands are spaced; with the above, a text whose spaces may group digits.
_FRENCH = ("le la les est des une pour avec donc chaque réponse coûte au sont voit leur aussi "
           "combien reste")
_SPACE_WORDS = _DOT_WORDS | frozenset(_FRENCH.split())
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
WINDOW = 1_000  # characters, from the end, whose words tell the language
EVIDENCE = 2  # distinct words of the language, at least

# The answer's own marker in a language that groups with dots ("Antwort:", "La respuesta es").
_DOT_MARKER = re.compile(r"antwo(?:rd|rt)|respuesta|resposta|risposta|jawaban|đáp (?:án|số)|cevap",
                         re.IGNORECASE)
# An amount of a currency with no minor unit in use (Vietnam's dong, Indonesia's rupiah),
# dot-grouped: its dots group thousands in any text ("75.000 đồng", "Rp140.000"), unless a
# scale word follows ("Rp 1.250 juta" is 1.25 million).
_WHOLE_AMOUNT = re.compile(
    r"(?:\bRp\.?|\bIDR)\s?([1-9]\d{0,2}(?:\.\d{3})+)(?![\d]|[.,]\d)(?!\s*[a-zA-Z]*illion|\s*juta"
    r"|\s*ribu|\s*miliar)"
    r"|(?<![\d.,])([1-9]\d{0,2}(?:\.\d{3})+)(?![\d]|[.,]\d)\s?(?:₫|đồng|đ\b|VND\b|[Rr]upiah)")
CURRENCY_REACH = 40  # characters around an answer where its currency is written
# Thousands grouped with dots: `70.000`, `1.234.567`; not `1.5`, `1.2345`, `3.14.15`, `0.125`.
_DOT_GROUPED = re.compile(r"(?<![\d.,])([1-9]\d{0,2})((?:\.\d{3})+)(?![\d]|[.,]\d)")
# Thousands grouped with spaces: `10 000`, `1 234 567`.
_SPACE_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d]|[.,]\d)")
_RESULT_GROUPED = re.compile(r"=[ \t]*(\d{1,3}(?: \d{3})+)(?![\d]|[.,]\d)[ \t]*(?:$|[^\s\d])",
                             re.MULTILINE)  # ending its line or followed by no number


def _speaks(text: str, words: frozenset[str]) -> bool:
    """Whether the end of `text` is written in a language of `words`: EVIDENCE distinct ones
    among its words (split at spaces, punctuation stripped: a word pattern costs ten times
    as much on a long text)."""
    found = text[-WINDOW:].lower().translate(_PUNCTUATION).split()
    return len(words.intersection(found)) >= EVIDENCE


_PUNCTUATION = str.maketrans(dict.fromkeys(".,;:!?¡¿()[]{}\"«»„“”*_–—", " "))


def regrouped(found: Extraction, completion: str, question: str | None = None) -> Extraction:
    """`found` with its dot-grouped numbers joined (`70.000 $` as `70000 $`) where the
    completion's language groups digits with dots, the number has two groups, the completion
    writes so a number the question groups with commas (`24,750` as `24.750`), or a product
    or sum in it holds only so (`28 × 144 = 4.032`); else `found` itself."""
    text = found.text
    if "." not in text or (m := _DOT_GROUPED.search(text)) is None:
        return found
    if ("Rp" in completion or "đ" in completion or "₫" in completion or "VND" in completion
            or "IDR" in completion or "upiah" in completion) and (
            amounts := _whole_amounts(completion, found)):
        return found._replace(text=_DOT_GROUPED.sub(
            lambda g: _joined(g) if g.group() in amounts else g.group(), text))
    if m.group(2).count(".") > 1 or _DOT_MARKER.search(
            completion, found.start, found.start + 40) or _speaks(completion, _DOT_WORDS) or (
            question is not None and "," in question or "×" in completion or "*" in completion
            or "+" in completion or "·" in completion or "⋅" in completion) and _shown_grouped(
                completion, question):
        return found._replace(text=_DOT_GROUPED.sub(_joined, text))
    return found


def _whole_amounts(completion: str, found: Extraction) -> set[str]:
    """The dot-grouped amounts of a whole-unit currency (`_WHOLE_AMOUNT`) written in or around
    the answer read (the currency may stand outside it: `Rp140.000` read as `140.000`)."""
    lo = max(0, min(found.start, found.end - len(found.text)) - CURRENCY_REACH)
    return {g.group(1) or g.group(2) for g in _WHOLE_AMOUNT.finditer(
        completion, lo, found.end + CURRENCY_REACH)}


def _shown_grouped(completion: str, question: str | None) -> bool:
    """Whether the completion shows it groups digits with dots (`_dots_given`,
    `_worked_grouped`), and writes no thousands with commas nor a decimal with a point that
    groups nothing (`1,250`, `$1.20`, `0.125`: then its dots are decimals)."""
    return (question is not None and _dots_given(completion, question)
            or _worked_grouped(completion)) and not _COMMA_GROUPED.search(completion) and (
        not _DOT_DECIMAL.search(completion))


def _dots_given(completion: str, question: str) -> bool:
    """Whether the completion writes with dots a number the question groups with commas."""
    given = {n.replace(",", "") for n in _COMMA_GROUPED.findall(question)}
    return any(_joined(m) in given for m in _DOT_GROUPED.finditer(completion))


# A product or sum of two whole numbers (a word after each, maybe) whose result is
# dot-grouped: `28 × 144 = 4.032`, `28 Schachteln × 144 Buntstifte = 4.032 Buntstifte` (not
# before a scale word: `36 × 144 = 5.184 thousand` is a decimal of thousands).
_WORKED = re.compile(r"(?<![\d.,])(\d{1,6})(?:\s+[^\W\d]+|\s*[€$£¥₹])?\s*([×x*+·⋅])\s*"
                     r"(\d{1,6})(?![\d.,]\d)(?:\s*([^\W\d]+|[€$£¥₹]))?\s*=\s*"
                     r"([1-9]\d{0,2}(?:\.\d{3})+)(?![\d]|[.,]\d)"
                     r"(?!\s*(?:thousand|million|billion|k\b|tausend|mil\b|mille|ribu|juta|bin\b))"
                     r"(?:\s*([^\W\d]+))?", re.IGNORECASE)
# A decimal written with a point that groups no thousands: `$1.20`, `0.125`, `3.14159`.
_DOT_DECIMAL = re.compile(r"(?<![\d.,])(?:0\.\d+|\d+\.(?:\d{1,2}|\d{4,}))(?!\d|[.,]\d)")
_COMMA_GROUPED = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d]|[.,]\d)")


def _worked_grouped(completion: str) -> bool:
    """Whether a product or sum (`_WORKED`) holds with its result's dots as thousands, in one
    unit (`45 × 50 ml = 2.250 L` converts: a decimal)."""
    for m in _WORKED.finditer(completion):
        a, b = int(m.group(1)), int(m.group(3))
        if m.group(4) and m.group(6) and m.group(4).lower() != m.group(6).lower():
            continue
        if (a + b if m.group(2) == "+" else a * b) == int(m.group(5).replace(".", "")):
            return True
    return False


def space_grouped(completion: str, question: str | None = None) -> str | None:
    """The completion with the spaces that group its numbers' digits made no-break spaces
    (one number each, as a final statement reads them; the same length, so positions hold),
    when it is written in a language that groups with spaces, groups a number the question
    gives (`2,450` written `2 450`: the SI way), or states one as a calculation's result
    (`150 × 8 = 1 200`: no list of two numbers), and has such a number; else None."""
    if not _SPACE_GROUPED.search(completion):
        return None
    if _CYRILLIC.search(completion) or _speaks(completion, _SPACE_WORDS) or (
            question is not None and _groups_given(completion, question)):
        return _SPACE_GROUPED.sub(lambda m: m.group().replace(" ", "\u00a0"), completion)
    # else only the numbers a calculation states so ("= 1 200", then "1 200 toys"; not
    # "5 500-dollar laptops" beside them)
    results = {m.group(1) for m in _RESULT_GROUPED.finditer(completion)}
    return _SPACE_GROUPED.sub(lambda m: m.group().replace(" ", "\u00a0") if m.group() in (
        results) else m.group(), completion) if results else None


_GIVEN_NUMBER = re.compile(r"\d[\d,]{3,}")


def _groups_given(completion: str, question: str) -> bool:
    """Whether a number the completion groups with spaces is one the question gives."""
    given = {n.replace(",", "") for n in _GIVEN_NUMBER.findall(question)}
    return any(m.group().replace(" ", "") in given for m in _SPACE_GROUPED.finditer(completion))


def _joined(m: re.Match[str]) -> str:
    return m.group(1) + m.group(2).replace(".", "")
