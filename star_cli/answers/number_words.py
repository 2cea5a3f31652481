"""Numbers written in words in other languages than English, Chinese, Japanese and Korean
(those are `numeric.spelled` and `numerals.py`): Spanish, Portuguese, Italian, French,
German, Russian, Turkish, Indonesian, Hindi and Arabic, as a model answering a problem set in
that language (MGSM) may state its answer ("dieciocho", "quatre-vingt-quatre",
"tausendachtzig Euro", "семьдесят девять книг", "elli beş lira", "empat puluh satu",
"पैंतीस किलोमीटर", "أربعة وأربعون سنة").

Each language is a table of its words, each word a value and a kind: a part added to the
number (`ADD`: "dieciocho" 18, "doscientos" 200, "vingt" 20), a multiplier of what came
before within the group (`HUNDRED`: "yüz", "सौ", "ratus"), a scale that closes a group
(`SCALE`: "mil", "тысяч", "bin"), a joiner ("y", "et", "und", "و"), or Indonesian's "belas"
(ten added to what came before: "enam belas" is 16). A number is read in one language only,
word by word from the start of the answer; languages that write compounds as one word
(German, Italian, Turkish, Indonesian's "se-") are split into their table's words, longest
first. After the number, a few words may name what it counts ("Euro", "книг", "yolcu"); a
second number, an "or", or words past that make it no number read here. Nothing is
evaluated: the value is a sum of table entries.
"""

from __future__ import annotations

from fractions import Fraction

ADD, HUNDRED, SCALE, JOIN, TEEN = "add", "hundred", "scale", "join", "teen"

# The words of each language: "word value" pairs, each group one kind.
_TABLES: dict[str, dict[str, str]] = {
    "es": {
        ADD: "cero 0 uno 1 un 1 una 1 dos 2 tres 3 cuatro 4 cinco 5 seis 6 siete 7 ocho 8 "
             "nueve 9 diez 10 once 11 doce 12 trece 13 catorce 14 quince 15 dieciséis 16 "
             "dieciseis 16 diecisiete 17 dieciocho 18 diecinueve 19 veinte 20 veintiuno 21 "
             "veintiún 21 veintiuna 21 veintidós 22 veintidos 22 veintitrés 23 veintitres 23 "
             "veinticuatro 24 veinticinco 25 veintiséis 26 veintiseis 26 veintisiete 27 "
             "veintiocho 28 veintinueve 29 treinta 30 cuarenta 40 cincuenta 50 sesenta 60 "
             "setenta 70 ochenta 80 noventa 90 cien 100 ciento 100 doscientos 200 "
             "doscientas 200 trescientos 300 trescientas 300 cuatrocientos 400 "
             "cuatrocientas 400 quinientos 500 quinientas 500 seiscientos 600 seiscientas 600 "
             "setecientos 700 setecientas 700 ochocientos 800 ochocientas 800 novecientos 900 "
             "novecientas 900",
        SCALE: "mil 1000 millón 1000000 millones 1000000",
        JOIN: "y",
    },
    "pt": {
        ADD: "zero 0 um 1 uma 1 dois 2 duas 2 três 3 tres 3 quatro 4 cinco 5 seis 6 sete 7 "
             "oito 8 nove 9 dez 10 onze 11 doze 12 treze 13 catorze 14 quatorze 14 quinze 15 "
             "dezesseis 16 dezasseis 16 dezessete 17 dezassete 17 dezoito 18 dezenove 19 "
             "dezanove 19 vinte 20 trinta 30 quarenta 40 cinquenta 50 sessenta 60 setenta 70 "
             "oitenta 80 noventa 90 cem 100 cento 100 duzentos 200 duzentas 200 trezentos 300 "
             "trezentas 300 quatrocentos 400 quatrocentas 400 quinhentos 500 quinhentas 500 "
             "seiscentos 600 seiscentas 600 setecentos 700 setecentas 700 oitocentos 800 "
             "oitocentas 800 novecentos 900 novecentas 900",
        SCALE: "mil 1000 milhão 1000000 milhões 1000000",
        JOIN: "e",
    },
    "it": {
        ADD: "zero 0 uno 1 un 1 una 1 due 2 tre 3 tré 3 quattro 4 cinque 5 sei 6 sette 7 "
             "otto 8 nove 9 dieci 10 undici 11 dodici 12 tredici 13 quattordici 14 quindici 15 "
             "sedici 16 diciassette 17 diciotto 18 diciannove 19 venti 20 vent 20 trenta 30 "
             "trent 30 quaranta 40 quarant 40 cinquanta 50 cinquant 50 sessanta 60 sessant 60 "
             "settanta 70 settant 70 ottanta 80 ottant 80 novanta 90 novant 90",
        HUNDRED: "cento 100 cent 100",  # "duecento" two hundreds, "centottanta" one
        SCALE: "mille 1000 mila 1000 milione 1000000 milioni 1000000",
        JOIN: "e",
    },
    "fr": {
        ADD: "zéro 0 un 1 une 1 deux 2 trois 3 quatre 4 cinq 5 six 6 sept 7 huit 8 neuf 9 "
             "dix 10 onze 11 douze 12 treize 13 quatorze 14 quinze 15 seize 16 vingt 20 "
             "vingts 20 trente 30 quarante 40 cinquante 50 soixante 60 septante 70 huitante 80 "
             "octante 80 nonante 90 quatre_vingt 80 quatre_vingts 80",
        HUNDRED: "cent 100 cents 100",
        SCALE: "mille 1000 million 1000000 millions 1000000",
        JOIN: "et",
    },
    "de": {
        ADD: "null 0 ein 1 eins 1 eine 1 einen 1 zwei 2 drei 3 vier 4 fünf 5 fuenf 5 sechs 6 "
             "sieben 7 acht 8 neun 9 zehn 10 elf 11 zwölf 12 zwoelf 12 dreizehn 13 "
             "vierzehn 14 fünfzehn 15 sechzehn 16 siebzehn 17 achtzehn 18 neunzehn 19 "
             "zwanzig 20 dreißig 30 dreissig 30 vierzig 40 fünfzig 50 sechzig 60 siebzig 70 "
             "achtzig 80 neunzig 90",
        HUNDRED: "hundert 100",
        SCALE: "tausend 1000 million 1000000 millionen 1000000",
        JOIN: "und",
    },
    "ru": {
        ADD: "ноль 0 один 1 одна 1 одно 1 два 2 две 2 три 3 четыре 4 пять 5 шесть 6 семь 7 "
             "восемь 8 девять 9 десять 10 одиннадцать 11 двенадцать 12 тринадцать 13 "
             "четырнадцать 14 пятнадцать 15 шестнадцать 16 семнадцать 17 восемнадцать 18 "
             "девятнадцать 19 двадцать 20 тридцать 30 сорок 40 пятьдесят 50 шестьдесят 60 "
             "семьдесят 70 восемьдесят 80 девяносто 90 сто 100 двести 200 триста 300 "
             "четыреста 400 пятьсот 500 шестьсот 600 семьсот 700 восемьсот 800 "
             "девятьсот 900",
        SCALE: "тысяча 1000 тысячи 1000 тысяч 1000 миллион 1000000 миллиона 1000000 "
               "миллионов 1000000",
    },
    "tr": {
        ADD: "sıfır 0 bir 1 iki 2 üç 3 dört 4 beş 5 altı 6 yedi 7 sekiz 8 dokuz 9 on 10 "
             "yirmi 20 otuz 30 kırk 40 elli 50 altmış 60 yetmiş 70 seksen 80 doksan 90",
        HUNDRED: "yüz 100",
        SCALE: "bin 1000 milyon 1000000",
    },
    "id": {
        ADD: "nol 0 satu 1 dua 2 tiga 3 empat 4 lima 5 enam 6 tujuh 7 delapan 8 sembilan 9 "
             "sepuluh 10 sebelas 11 seratus 100",
        TEEN: "belas 10",
        HUNDRED: "puluh 10 ratus 100",
        SCALE: "seribu 1000 ribu 1000 juta 1000000",
    },
    "hi": {
        ADD: "शून्य 0 एक 1 दो 2 तीन 3 चार 4 पाँच 5 पांच 5 छह 6 छः 6 छ: 6 सात 7 आठ 8 नौ 9 "
             "दस 10 ग्यारह 11 बारह 12 तेरह 13 चौदह 14 पंद्रह 15 पन्द्रह 15 सोलह 16 सत्रह 17 "
             "अठारह 18 उन्नीस 19 बीस 20 इक्कीस 21 बाईस 22 तेईस 23 चौबीस 24 पच्चीस 25 "
             "छब्बीस 26 सत्ताईस 27 अट्ठाईस 28 उनतीस 29 तीस 30 इकतीस 31 बत्तीस 32 तैंतीस 33 "
             "चौंतीस 34 पैंतीस 35 छत्तीस 36 सैंतीस 37 अड़तीस 38 उनतालीस 39 चालीस 40 "
             "इकतालीस 41 बयालीस 42 तैंतालीस 43 चवालीस 44 पैंतालीस 45 छियालीस 46 सैंतालीस 47 "
             "अड़तालीस 48 उनचास 49 पचास 50 इक्यावन 51 बावन 52 तिरपन 53 चौवन 54 पचपन 55 "
             "छप्पन 56 सत्तावन 57 अट्ठावन 58 उनसठ 59 साठ 60 इकसठ 61 बासठ 62 तिरसठ 63 "
             "चौंसठ 64 पैंसठ 65 छियासठ 66 सड़सठ 67 अड़सठ 68 उनहत्तर 69 सत्तर 70 इकहत्तर 71 "
             "बहत्तर 72 तिहत्तर 73 चौहत्तर 74 पचहत्तर 75 छिहत्तर 76 सतहत्तर 77 अठहत्तर 78 "
             "उन्यासी 79 अस्सी 80 इक्यासी 81 बयासी 82 तिरासी 83 चौरासी 84 पचासी 85 "
             "छियासी 86 सत्तासी 87 अट्ठासी 88 नवासी 89 नब्बे 90 इक्यानबे 91 बानबे 92 "
             "तिरानबे 93 चौरानबे 94 पंचानबे 95 छियानबे 96 सत्तानबे 97 अट्ठानबे 98 "
             "निन्यानबे 99",
        HUNDRED: "सौ 100",
        SCALE: "हज़ार 1000 हजार 1000 लाख 100000 करोड़ 10000000",
    },
    "ar": {
        ADD: "صفر 0 واحد 1 واحدة 1 اثنان 2 اثنين 2 اثنتان 2 ثلاثة 3 ثلاث 3 أربعة 4 أربع 4 "
             "اربعة 4 خمسة 5 خمس 5 ستة 6 ست 6 سبعة 7 سبع 7 ثمانية 8 ثماني 8 ثمان 8 تسعة 9 "
             "تسع 9 عشرة 10 عشر 10 أحد 1 إحدى 1 اثنا 2 اثنتا 2 عشرون 20 عشرين 20 "
             "ثلاثون 30 ثلاثين 30 أربعون 40 أربعين 40 اربعون 40 اربعين 40 خمسون 50 خمسين 50 "
             "ستون 60 ستين 60 سبعون 70 سبعين 70 ثمانون 80 ثمانين 80 تسعون 90 تسعين 90 "
             "مائة 100 مئة 100 مائتان 200 مئتان 200 مائتين 200 مئتين 200 ثلاثمائة 300 "
             "ثلاثمئة 300 أربعمائة 400 أربعمئة 400 خمسمائة 500 خمسمئة 500 ستمائة 600 "
             "ستمئة 600 سبعمائة 700 سبعمئة 700 ثمانمائة 800 ثمانمئة 800 تسعمائة 900 "
             "تسعمئة 900",
        SCALE: "ألف 1000 آلاف 1000 ألفان 2000 ألفين 2000 الف 1000 مليون 1000000 "
               "ملايين 1000000",
        JOIN: "و",
    },
}

# Languages that write a number's words as one ("siebenundzwanzig", "centottanta",
# "ellibeş", "seratus"): their words are split, longest table word first.
_COMPOUNDS = frozenset({"de", "it", "tr", "id"})
# Words for "or", and words that bound or doubt a value: after the number, it is no answer.
_OR = frozenset({"o", "ó", "ou", "oder", "или", "либо", "veya", "yahut", "atau", "या", "أو",
                 "od", "bis", "à", "a", "до", "ila", "hingga", "sampai", "oppure", "ovvero"})
_TAIL_WORDS = 4  # words after the number that may name what it counts
# Words after a number that bound, round or doubt it: "двадцать с лишним", "dua puluh lebih",
# "vingt au moins", "zwanzig, vielleicht ...", "yirmi civarında", "veinte, más o menos".
_HEDGES = ("лишн", "около", "примерно", "более", "менее", "больше", "меньше", "максимум",
           "минимум", "lebih", "kurang", "sekitar", "kira", "hampir", "moins", "plus", "environ",
           "peut", "presque", "vielleicht", "etwa", "ungefähr", "höchstens", "mindestens", "über",
           "unter", "fast", "forse", "circa", "oppure", "almeno", "più", "meno", "quasi",
           "civar", "yaklaşık", "aşağı", "fazla", "az", "belki", "más", "menos", "quizá", "tal",
           "aprox", "cerca", "talvez", "mais", "pelo", "lá", "शायद", "लगभग", "कम", "ज़्यादा",
           "ज्यादा", "حوالي", "تقريبا", "ربما", "أكثر", "أقل")


def _entries(table: dict[str, str]) -> dict[str, tuple[str, int]]:
    words: dict[str, tuple[str, int]] = {}
    for kind, text in table.items():
        tokens = text.split()
        if kind == JOIN:
            words.update((w, (JOIN, 0)) for w in tokens)
            continue
        words.update((w, (kind, int(v))) for w, v in zip(tokens[::2], tokens[1::2], strict=True))
    return words


_WORDS = {lang: _entries(table) for lang, table in _TABLES.items()}
_BY_LENGTH = {lang: sorted(words, key=len, reverse=True) for lang, words in _WORDS.items()}
_ANY_WORD = frozenset(w for words in _WORDS.values() for w, (k, _) in words.items() if k != JOIN)
# Words of one language that are articles, or words and names of English (Turkish "on",
# "bin"; Spanish "once", "quince"; Italian "due", "Otto"; French "Sept", "cents"): never a
# number when they are its only word.
_NEVER_ALONE = frozenset({"on", "bin", "null", "un", "une", "una", "uno", "ein", "eine",
                          "einen", "once", "quince", "sept", "due", "elf", "lima", "otto",
                          "cent", "cents", "mil"})
# Words after a number that make it a part or a multiple, not a count: "dos tercios", "deux
# tiers", "drei Viertel", "одна треть", "dos horas y media", "iki buçuk", "doce docenas".
_PARTS = ("terci", "cuart", "quint", "sext", "séptim", "octav", "medi", "terç", "quart",
          "meio", "meia", "terz", "mezz", "tiers", "demi", "moitié", "drittel", "viertel",
          "fünftel", "halb", "трет", "четверт", "полов", "пят", "buçuk", "yarım", "setengah",
          "sepertiga", "seperempat", "docen", "dúzi", "dozzin", "douzaine", "dutzend", "дюжин",
          "düzine", "lusin", "आधा", "साढ़े", "डेढ़", "ढाई", "نصف", "ربع", "ثلث", "درزن")
_EDGES = ".,;:!?¿¡«»\"'()[]*_।۔،"


def number_words(answer: str) -> Fraction | None:
    """The value of a number written in words in one of `_TABLES`' languages at the start of
    `answer`, with at most a few words after it that name what it counts; None for anything
    else (English, digits, a second number, an "or")."""
    tokens = [t.strip(_EDGES) for t in answer.lower().split()]
    tokens = [t for t in tokens if t]
    if not tokens:
        return None
    for lang, words in _WORDS.items():
        parts = _parts(tokens[0], lang)
        if parts is None:
            continue
        value = _read(tokens, lang, words)
        if value is not None:
            return value
    return None


def _read(tokens: list[str], lang: str, words: dict[str, tuple[str, int]]) -> Fraction | None:
    pieces: list[str] = []
    used = 0
    for token in tokens:
        parts = _parts(token, lang)
        if parts is None:
            break
        pieces.extend(parts)
        used += 1
    if not pieces or words[pieces[-1]][0] == JOIN:
        return None  # "y" alone, "dieciocho y"
    if used == 1 and (tokens[0] in _NEVER_ALONE or words[pieces[0]][0] == JOIN):
        # "on Monday", "un chien", "once", "due to rain", "event": a common word (an article,
        # a word of English), not a number, when it is the number's only word
        return None
    rest = tokens[used:]
    if len(rest) > _TAIL_WORDS or any(_names_number(t) for t in rest) or (
            rest and rest[0] in _OR) or any(t.startswith(_PARTS + _HEDGES) for t in rest):
        return None
    return _value([words[p] for p in pieces], lang)


def _parts(token: str, lang: str) -> list[str] | None:
    """`token` as words of `lang`'s table (hyphens split, compounds split longest first;
    Arabic's "و" before a word is its "and"), or None."""
    words = _WORDS[lang]
    if lang == "fr" and "quatre-vingt" in token:
        token = token.replace("quatre-vingt", "quatre_vingt")  # four twenties: eighty
    out: list[str] = []
    for piece in token.split("-"):
        if piece in words:
            out.append(piece)
        elif lang == "ar" and piece[:1] == "و" and piece[1:] in words:
            out += ["و", piece[1:]]  # "وأربعون": and forty
        elif lang in _COMPOUNDS and (split := _split(piece, lang)) is not None:
            out.extend(split)
        else:
            return None
    return out


def _split(word: str, lang: str, at: int = 0, failed: set[int] | None = None
           ) -> list[str] | None:
    """A compound as its table's words, longer ones tried first at each place and the
    next tried where the rest does not split ("tausendachtzig": tausend, achtzig;
    "centottanta": cent, ottanta, not cento and "ttanta"); None when it does not split.
    (`failed`: the places known not to split, so a long word costs its length times the
    table, never more.)"""
    if at == len(word):
        return []
    failed = set() if failed is None else failed
    if at in failed or len(word) > _LONGEST:
        return None
    for w in _BY_LENGTH[lang]:
        if word.startswith(w, at) and (rest := _split(word, lang, at + len(w), failed)) is not None:
            return [w, *rest]
    failed.add(at)
    return None


_LONGEST = 80  # characters of a compound number word ("zweihundertfünfundsiebzigtausend...")


def _value(words: list[tuple[str, int]], lang: str) -> Fraction | None:
    """The sum the words make, in the order the language writes them, else None: within a
    group below a thousand, each part fills a smaller place than the one before ("doscientos
    cuarenta y cinco"; German and Arabic put a unit before its tens, "fünfundvierzig"; French
    counts 70 and 90 as 60 and 80 and a teen, "soixante-dix"); a hundred multiplies the part
    before it (or one), Indonesian "belas" adds ten to it, a scale closes the group into the
    total ("mil doscientos", "iki bin beş yüz")."""
    total = 0
    scale = 0  # the last scale that closed a group ("mil" then "millones": a thousand millions)
    parts: list[int] = []
    joined = False  # whether "and" came right before: a unit before its tens needs it
    for kind, value in words:
        if kind == JOIN:
            joined = True
            continue
        if kind == SCALE:
            if scale and value > scale:
                total = (total + sum(parts)) * value  # "mil millones", "dos mil millones"
            else:
                total += (sum(parts) or 1) * value
            scale = value
            parts = []
        elif kind == HUNDRED:
            if parts and parts[-1] < value:
                parts[-1] *= value  # "dokuz yüz", "lima puluh", "quatre cents"
            else:
                parts.append(value)  # "cent vingt", "centottanta"
        elif kind == TEEN:
            if not parts or not 0 < parts[-1] < 10:
                return None
            parts[-1] += value  # "enam belas"
        elif not parts or value < _room(parts[-1]):
            parts.append(value)
        elif lang == "fr" and (parts[-1] % 100 in (60, 80) and 10 <= value <= 19 or (
                parts[-1] % 100 == 10 and value < 10)) or (
                lang in ("de", "ar") and joined and 0 < parts[-1] < 10 and value % 10 == 0
                and 20 <= value <= 90):
            parts[-1] += value  # "soixante-dix", "dix-huit", "siebenundzwanzig", "أربعة وأربعون"
        else:
            return None  # "dieciocho dos", "vingt trente": in no order the language has
        joined = False
    return Fraction(total + sum(parts))


def _room(part: int) -> int:
    """What a part after `part` must be below: 100 after hundreds, 10 after a ten, and
    nothing (1) after a unit or a teen."""
    if part >= 100 and part % 100 == 0:
        return 100
    return 10 if part >= 20 and part % 10 == 0 else 1


def _names_number(token: str) -> bool:
    """Whether a word after the number is a number too: digits, or a number word of any of
    the languages, compounds too ("einundzwanzig", "ventuno")."""
    return any(c.isdigit() for c in token) or token in _ANY_WORD or any(
        (parts := _parts(token, lang)) is not None and any(
            _WORDS[lang][p][0] != JOIN for p in parts) for lang in _COMPOUNDS)


NUMBER_REACH = 6  # words a number in words may take ("quatre-vingt-dix-neuf mille ...")


def in_digits(text: str) -> str:
    """`text` with its last number in words (`number_words`) written in digits: "En fait,
    c'est quarante-deux." is "En fait, c'est 42", for the rules that weigh the values a
    sentence states; `text` itself when it writes none. (What follows the number, a few
    words naming what it counts, is dropped with it.)"""
    tokens = text.split()
    words = [t.lower().strip(_EDGES) for t in tokens]
    last = next((k for k in range(len(words) - 1, -1, -1) if _a_number_word(words[k])), None)
    if last is None:
        return text
    first = last
    while first > 0 and (_a_number_word(words[first - 1]) or words[first - 1] in _JOINS):
        first -= 1  # ("tiga puluh tiga": the number's first word)
    for start in range(first, last + 1):
        for end in range(min(len(tokens), start + NUMBER_REACH), start, -1):
            value = number_words(" ".join(tokens[start:end]))
            if value is not None:
                return " ".join([*tokens[:start], str(value), *tokens[end:]])
    return text


def _a_number_word(word: str) -> bool:
    return bool(word) and word not in _NEVER_ALONE and not word.isdigit() and (
        _names_number(word) or any(_parts(word, lang) is not None for lang in _WORDS))


_JOINS = frozenset(w for words in _WORDS.values() for w, (k, _) in words.items() if k == JOIN)


__all__ = ["in_digits", "number_words"]
