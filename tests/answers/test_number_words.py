"""Numbers in words in other languages (answers/number_words.py), table-driven per language,
and through the checker: a final answer in words is its value; a second number, an "or" or
words in no order the language has make it no number."""

from fractions import Fraction

import pytest

from star_cli.answers import check
from star_cli.answers.number_words import number_words


@pytest.mark.parametrize(("text", "value"), [
    # Spanish, Portuguese, Italian
    ("dieciocho", 18), ("treinta y dos manzanas", 32), ("mil doscientos cincuenta", 1250),
    ("quinientos cuarenta", 540), ("oitenta e quatro reais", 84), ("trezentos litros", 300),
    ("mil e quinhentos", 1500), ("diciotto euro", 18), ("centottanta", 180),
    ("duecento", 200), ("trentotto", 38), ("milleduecento", 1200), ("duemila", 2000),
    # French: hyphens, "et", the twenties
    ("dix-huit filles", 18), ("vingt et un", 21), ("soixante-dix", 70),
    ("quatre-vingt-quatre", 84), ("quatre-vingt-dix-sept", 97), ("quatre cents", 400),
    ("cent vingt", 120), ("deux mille trois", 2003),
    # German compounds
    ("sechzig", 60), ("siebenundzwanzig", 27), ("tausendachtzig Euro", 1080),
    ("zweihundertfünfundvierzig", 245), ("dreitausend", 3000),
    # Russian, Turkish, Indonesian
    ("семьдесят девять книг", 79), ("двести сорок страниц", 240), ("две тысячи", 2000),
    ("elli beş lira", 55), ("dokuz yüz litre", 900), ("iki bin beş yüz", 2500),
    ("enam belas", 16), ("empat puluh satu", 41), ("dua ratus lima puluh", 250),
    ("seratus", 100),
    # Hindi, Arabic
    ("पैंतीस किलोमीटर।", 35), ("तीन सौ बीस", 320), ("सात हज़ार", 7000),
    ("أربعة وأربعون سنة", 44), ("سبعة آلاف وخمسمائة علبة", 7500),
    # a thousand millions (the review's): not a thousand and a million
    ("mil millones", 10**9), ("dos mil millones", 2 * 10**9),
    ("mil doscientos millones", 1_200_000_000), ("dos millones trescientos mil", 2_300_000),
])
def test_a_number_in_words(text, value):
    assert number_words(text) == Fraction(value)


@pytest.mark.parametrize("text", [
    "dieciocho o veinte", "dix-huit ou vingt", "achtzehn oder zwanzig",  # an or
    "dieciocho dos", "vingt trente", "dos treinta", "einszwanzig",  # no order the language has
    "dieciocho con 5 más", "treinta y",  # another number; a joiner at the end
    "on Monday", "un chien", "bin", "null",  # common words of other languages
    "twelve", "quizás 18", "18", "",  # English, digits: not this module's
    "dieciocho manzanas y dos peras grandes más",  # too many words after it
    # parts, halves and dozens (the review's): no count
    "dos tercios", "deux tiers", "drei Viertel", "одна треть", "cinco sextos",
    "dos horas y media", "два с половиной часа", "due ore e mezza", "duas horas e meia",
    "iki buçuk saat", "dua setengah jam", "doce docenas",
    # words of English and names (the review's)
    "once", "quince", "Sept", "due", "due to rain", "event", "elf", "cents", "Lima", "Otto",
    "mil",
])
def test_no_number_in_words(text):
    assert number_words(text) is None


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("18", "Roberto tiene 60 - 42 = 18 lápices.\n\nLa respuesta es dieciocho.", True),
    ("84", "Réponse : quatre-vingt-quatre", True),
    ("1080", "Die Antwort lautet: tausendachtzig Euro", True),
    ("79", "Ответ: семьдесят девять книг", True),
    ("55", "Cevap: elli beş lira", True),
    # a word for another value, or two values
    ("18", "La respuesta es diecisiete.", False),
    ("94", "Réponse : quatre-vingt-quatre", False),
    ("80", "Die Antwort lautet: achtzehn oder achtzig", False),
])
def test_an_answer_in_words_through_the_checker(gold, completion, correct):
    assert check(gold, completion, "gsm8k").correct is correct
