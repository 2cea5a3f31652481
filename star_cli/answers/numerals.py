"""Numbers written with Chinese, Japanese or Korean numerals and units, and Korean native
number words: what `numeric.parse_number` reads when a value is not in digits alone.

"四十二" is 42, "三万五千" 35000, "1.26万" 12600; digits grouped by myriads and thousands,
as prices are written in Chinese, Japanese and Korean: "3万5千円" is 35000, "1만 6천 원"
16000, "2억 8,800만 원" 288,000,000; Korean native numbers count things: "서른한 자루" is 31.
A short CJK answer sentence that holds exactly one number states it ("还剩80瓶": 80 bottles
are left). Each reader returns None for anything else: digits read one by one ("二零二四"),
a part or a decimal in words ("一半", "三点五"), an approximate count ("四十多").
"""

from __future__ import annotations

import re
from fractions import Fraction

_CJK_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
               "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CJK_MYRIADS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# Units after digits, Chinese, Japanese or Korean (Sino-Korean 십, 백, 천, 만, 억, 조).
_SMALL_UNITS = {**_CJK_UNITS, "십": 10, "백": 100, "천": 1000}
_MYRIADS = {**_CJK_MYRIADS, "兆": 10**12, "만": 10**4, "억": 10**8, "조": 10**12}
# The unit or counter and the copula after a value: kana, Han, Hangul ("円です", "个", "원입니다").
_AFTER = r"(?:\s?[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3]+)?[。．.]?"
# A value in Chinese or Japanese numerals, or digits times a myriad ("1.26万"), and the unit
# and copula after it ("四十二个", "三十五元です"); not a part or a decimal ("一半", "三点五",
# "三分之一"), nor an approximate count ("四十多", "一些").
_CJK_NUMERALS = "零〇一二两兩三四五六七八九十拾百佰千仟万萬亿億"
# 千 between digits and a unit of measure is its prefix, kilo ("125千克" is 125 kg, "3千米"
# 3 km), no thousand; a numeral, then, is any but such a 千. (After numerals it stays a
# thousand: "两千米" is 2000 m as often as 2 km, the same length.)
KILO = "(?<=\\d)千(?=[克米瓦焦])"
NUMERAL = rf"(?:(?!{KILO})[{_CJK_NUMERALS}])"
_CJK_VALUE = re.compile(
    rf"([-−]?[\d.]+)?({NUMERAL}+)"
    rf"(?:(?!{NUMERAL}|[半些点點多余餘几幾之])[\u3040-\u30ff\u3400-\u9fff])*[。．.]?")
_UNIT_CHARS = "".join({**_SMALL_UNITS, **_MYRIADS})
# Digits and a unit, section after section ("3万5千", "2억 8,800만", "1만 6천"), maybe digits
# last ("1万2000円"), then the unit and copula.
_UNIT = rf"(?:(?!{KILO}|만큼)[{_UNIT_CHARS}])"  # (3만큼: "by 3", no myriad)
_SECTION = rf"\d{{1,4}}(?:,\d{{3}})*(?:\.\d+)?\s?{_UNIT}{{1,2}}"
_SECTIONS = re.compile(rf"((?:{_SECTION}\s?)+)(\d{{1,4}}(?:,\d{{3}})*)?(?![\d]|{_UNIT})"
                       + _AFTER)
# Such a number inside a sentence ("따라서 입장료는 모두 1만 6천 원입니다").
SECTIONS_IN = re.compile(rf"(?<![\d,.])(?:{_SECTION}\s?)+(?:\d{{1,4}}(?:,\d{{3}})*(?![\d,]))?")
_ONE_SECTION = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s?([{_UNIT_CHARS}])([{_UNIT_CHARS}])?")


def cjk_number(s: str) -> Fraction | None:
    """The value of Chinese or Japanese numerals ("四十二" is 42, "一百零五" 105, "两千" 2000,
    "三万五千" 35000), of digits times a myriad ("1.26万" is 12600, "3億" 300000000), or of
    digits in sections of units ("3万5千円" is 35000, "2억 8,800만 원" 288000000); None for
    anything else, digits read one by one included ("二零二四")."""
    s = s.strip()
    if (m := _SECTIONS.fullmatch(s)) is not None:
        return _sections(m.group(1), m.group(2))
    m = _CJK_VALUE.fullmatch(s)
    if m is None:
        return None
    digits, numerals = m.group(1), m.group(2)
    if digits:  # "1.26万": digits, then one myriad only
        factor = _CJK_MYRIADS.get(numerals)
        number = _digits(digits.replace("−", "-"))
        return number * factor if factor is not None and number is not None else None
    total = section = 0
    digit: int | None = None
    unit = 0  # the unit (or myriad) right before the digit, when nothing held a place between
    for ch in numerals:
        if ch in _CJK_DIGITS:
            if digit is not None:
                return None  # two digits in a row: digits read out, no number
            digit = _CJK_DIGITS[ch] if _CJK_DIGITS[ch] else None  # 零 holds a place
            unit = unit if _CJK_DIGITS[ch] else 0
        elif ch in _CJK_UNITS:
            section += (1 if digit is None else digit) * _CJK_UNITS[ch]
            digit, unit = None, _CJK_UNITS[ch]
        else:  # a myriad closes what came before it
            section += digit or 0
            if not section:
                return None
            total += section * _CJK_MYRIADS[ch]
            section, digit, unit = 0, None, _CJK_MYRIADS[ch]
    if digit is not None and unit >= 100:
        digit *= unit // 10  # "三百八" is 380, "两千五" 2500, "一万五" 15000: the next unit down
    return Fraction(total + section + (digit or 0))


def _sections(sections: str, rest: str | None) -> Fraction | None:
    """"3万5千" and the digits after it: each number times its unit, a myriad closing the
    sections before it; units in descending order ("5千3万" is no number)."""
    total = section = Fraction(0)
    last_myriad = last_small = None
    for number, unit, then in _ONE_SECTION.findall(sections):
        value = _digits(number)
        if value is None:
            return None
        if then:  # "3천만": a small unit, then the myriad it counts ("3천" of 만)
            if unit in _MYRIADS or then not in _MYRIADS:
                return None
            value, unit = value * _SMALL_UNITS[unit], then
        if unit in _MYRIADS:
            if last_myriad is not None and _MYRIADS[unit] >= last_myriad:
                return None
            total += (section + value) * _MYRIADS[unit]
            section, last_myriad, last_small = Fraction(0), _MYRIADS[unit], None
        else:
            if last_small is not None and _SMALL_UNITS[unit] >= last_small:
                return None
            section += value * _SMALL_UNITS[unit]
            last_small = _SMALL_UNITS[unit]
    if rest:
        tail = _digits(rest)
        if tail is None:
            return None
        section += tail
    return total + section


def _digits(text: str) -> Fraction | None:
    try:
        return Fraction(text.replace(",", ""))
    except (ValueError, ZeroDivisionError):
        return None


# Korean native numbers: tens, then units, each maybe in its short form before a counter
# ("한 개", "스무 살", "서른한 자루").
_NATIVE_TENS = {"열": 10, "스물": 20, "스무": 20, "서른": 30, "마흔": 40, "쉰": 50, "예순": 60,
                "일흔": 70, "여든": 80, "아흔": 90}
_NATIVE_UNITS = {"하나": 1, "한": 1, "둘": 2, "두": 2, "셋": 3, "세": 3, "석": 3, "넷": 4,
                 "네": 4, "넉": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9}
_NATIVE = re.compile(
    rf"({'|'.join(sorted(_NATIVE_TENS, key=len, reverse=True))})?"
    rf"({'|'.join(sorted(_NATIVE_UNITS, key=len, reverse=True))})?"
    r"(?:\s?[\uac00-\ud7a3]+)?[.。]?")


def korean_native(s: str) -> Fraction | None:
    """The value of a Korean native number and the counter after it ("서른한 자루입니다" is
    31, "열두 개" 12, "스무 살" 20, "마흔"); None for anything else. What follows the number
    is a space or a counter (한, 두, 세, 열 also begin common words), and a unit word alone
    needs one."""
    s = s.strip()
    if not s or not "\uac00" <= s[0] <= "\ud7a3":
        return None
    if (sino := _SINO.fullmatch(s)) is not None:  # "백칠십칠 명": Sino-Korean, in Hangul
        han = sino.group(1).translate(_HAN)
        return None if _NOT_ONE_VALUE.search(s) else cjk_number(
            f"一{han}" if han[0] in _CJK_MYRIADS else han)  # "만 원" is one myriad
    if (m := _NATIVE.fullmatch(s)) is None:
        return None
    tens, units = m.group(1), m.group(2)
    if not tens and not units or _NOT_ONE_VALUE.search(s):
        return None
    rest = s[m.end(2) if units else m.end(1) :].strip(" .。")
    if rest and not _COUNTED.fullmatch(rest) or not rest and not tens:
        return None  # "세대" (generation), "두개골" (skull), "네 맞습니다" (yes, right)
    return Fraction(_NATIVE_TENS.get(tens or "", 0) + _NATIVE_UNITS.get(units or "", 0))


# A Korean counter after a native number ("두 개", "서른한자루"), standing alone: then only a
# copula or a particle ("개입니다", "명이", "살이에요").
_COUNTED = re.compile(r"\s?(?:개|명|살|마리|권|자루|잔|장|번|병|송이|그루|켤레|벌|채|가지|곳|시간"
                      r"|달)(?:입니다|이다|이에요|예요|였습니다|이었습니다|씩|이|가|을|를|은|는|의|도|만"
                      r"|요|와|과|하고|랑)?")


# Sino-Korean numbers in Hangul, a count with its unit, then a counter ("백칠십칠 명입니다" is
# 177, "이십오 점" 25): each syllable a digit or a unit, and at least one unit among them (일,
# 이, 사, 구 alone are common words: day, this, four or buy, district).
_HAN = str.maketrans("일이삼사오육칠팔구십백천만억", "一二三四五六七八九十百千万亿")
_SINO = re.compile(r"([일이삼사오육칠팔구]?(?:[십백천만억][일이삼사오육칠팔구]?)+)"
                   r"\s?(?:명|개|원|점(?!\s?[일이삼사오육칠팔구영공])|년|분|초|권|장|번|마리|미터"
                   r"|킬로미터|킬로그램|그램|리터)"
                   r"(?:입니다|이다|이에요|예요|이|가|을|를|은|는|의|도|만|요)?[.。]?")


# A short answer sentence in Chinese, Japanese or Korean: CJK characters around exactly one
# number ("还剩80瓶", "现在买这台电脑要四千一百二十元", "比原价便宜了3万元"), in one clause, with
# no negation, bound, approximation, alternative, sign, multiple or ordinal in it. A duration
# or count in numerals before the number ("两天共收入405美元") is what it is over, no rival.
_CJK_CHARS = r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7a3 ]"
_CJK_SENTENCE = re.compile(rf"{_CJK_CHARS}*[。．.!！]?")
# A part in numerals or digits, its whole first: "五分之二" (Chinese), "8分の3" (Japanese), "8분의
# 3" (Korean) are 2/5, 3/8, 3/8; not a percent ("百分之二十五"). Yuan and jiao: "2元8角" is 2.8.
_PART = re.compile(rf"(?!百分)(\d+|{NUMERAL}+)(?:分之|分の|분의\s?)(\d+|{NUMERAL}+)")
_YUAN = re.compile(r"(\d+)元(\d)角(?:(\d)分)?")
_NUMBER_TOKEN = re.compile(
    rf"{_PART.pattern}|{_YUAN.pattern}"
    rf"|\d[\d,]*(?:\.\d+)?(?:\s?{_UNIT}{{1,2}}(?:\d[\d,]*(?:\.\d+)?\s?{_UNIT}{{0,2}})*)?[%％]?"
    rf"|{NUMERAL}+")
# What states the value in a sentence that names other numbers before it: a copula or a verb
# of having ("3箱梨有一百零八个", "三科的平均分是93分", "2人で合計14個です", "두 반은 모두 45명").
_STATES = re.compile(r"是|为|為|有|剩|共|等于|等於|要|は|で|が|[은는이가]\s|모두|총")
_OVER = re.compile(r"(?:\d+|[两兩二三四五六七八九十]+)(?:个)?(?:天|年|月|周|星期|小时|分钟|次)")
CJK_HEDGES = (
    # negations, alternatives, questions, conditions
    r"不|没|沒|非|未|或|还是|還是|または|か|吗|嗎|吧|如果|要是|假如|假设|假設|ない|ません|じゃ|아니|아닙|않"
    r"|안 |못|없|또는|이나|인지"
    # approximations, bounds and guesses
    r"|约|約|左右|上下|多|几|幾|余|餘|来(?=[个個人名元天])|出头|近|大概|差不多|几乎|估计|估計|(?<![种種个個])可能(?![性的な])|也许|也許"
    r"|好像|恐怕|应该|應該|将近|將近|至少|最少|最多|少于|多于|超过|超過|以上|以下|以内|未満|弱|足らず|超"
    r"|前後|程度|ぐらい|くらい|ほど|およそ|だいたい|ほぼ|たぶん|だろう|でしょう|最大|最低|少なくとも|쯤|정도"
    r"|약|대략|거의|아마(?!추)|가량|내외|이상|이하|미만|초과|최소|최대|이내|전후|남짓|안팎|가까이"
    r"|여 |넘|보다|같아|같습|수도|거예요"
    r"|지도|듯|겠"
    # signs, multiples, ordinals, shares
    r"|负|負|マイナス|마이너스|零下|倍|[두세네] ?배|第|百分之|百分の|퍼센트|半")
_NOT_ONE_VALUE = re.compile(CJK_HEDGES)
# "Not A but B": the value the sentence affirms follows ("全班不是24人，而是42人", "20이 아니라
# 84입니다", "20人ではなく42人です").
_NOT_BUT = re.compile(r"(?:不是|并不是|並不是|并非|並非)[^，,。、]*[，,、]?\s*而是"
                      r"|[이가]\s?아니라\s?|ではなく[、，,]?\s?")
CJK_SENTENCE_MAX = 32  # characters: a short statement of the answer, not a paragraph


def cjk_sentence_value(s: str) -> Fraction | None:
    """The number a short CJK answer sentence states ("还剩80瓶" is 80, "每个小组分到六本" 6,
    "比原价便宜了3万元" 30000, "概率为六分之一" 1/6, "利润率是25%" 25): its one number, or the one
    after its last copula when it names others before ("3箱梨有一百零八个" 108), or its one
    Korean native count ("의자는 모두 여덟 개입니다" 8); None when it holds no number or
    several, a second clause, a negation, a bound, an approximation or an alternative
    ("不是80", "80或90", "约80")."""
    s = s.strip()
    if len(s) <= CJK_SENTENCE_MAX and (but := _NOT_BUT.search(s)) is not None:
        # "不是24人，而是42人", "20이 아니라 84입니다" (not "可能不是24，而是42": a hedge before)
        return None if _NOT_ONE_VALUE.search(s, 0, but.start()) else cjk_sentence_value(
            s[but.end() :])
    if not _one_statement(s):
        return None
    text = s
    if _OVER.search(s) and _found(over := _OVER.sub("", s)):
        text = over  # "两天共收入405美元": the span is what the value is over
    found = _found(text)
    if len(found) > 1:
        found = _stated(text, found)
    if not found and "\uac00" <= max(s) <= "\ud7a3":
        return _native_count(s)
    return _value(found[0].group()) if len(found) == 1 else None


def stated_after_copula(s: str) -> Fraction | None:
    """The number a short CJK sentence states after its last copula, where it names other
    numbers before ("3箱梨有一百零八个" is 108, "1元硬币有十二枚" 12), read before its unit
    words are stripped (they tell whether two numbers count one thing); None otherwise."""
    s = s.strip()
    if not _one_statement(s):
        return None
    found = _found(s)
    if len(found) < 2 or len(stated := _stated(s, found)) != 1:
        return None
    return _value(stated[0].group())


def _one_statement(s: str) -> bool:
    """Whether `s` may state one value: short, one clause of CJK words around its numbers, and
    no hedge, bound, negation or alternative in it."""
    return len(s) <= CJK_SENTENCE_MAX and _CJK_SENTENCE.fullmatch(
        _NUMBER_TOKEN.sub("", s)) is not None and _NOT_ONE_VALUE.search(s) is None


def _found(text: str) -> list[re.Match[str]]:
    """The numbers in a CJK sentence; a lone 一 or 零 is a word's part ("一共", "零件")."""
    return [m for m in _NUMBER_TOKEN.finditer(text) if m.group() not in ("一", "零", "〇")]


def _stated(text: str, found: list[re.Match[str]]) -> list[re.Match[str]]:
    """The last number, when it alone follows the sentence's last copula and no number
    before counts what it counts ("小明有8个小红有12个" are two answers, not one)."""
    last = found[-1]
    copula = None
    for copula in _STATES.finditer(text, 0, last.start()):  # noqa: B007 - the last one
        pass
    if copula is None or copula.start() < found[-2].end() or any(
            _STATES.search(text, max(0, m.start() - 3), m.start()) for m in found[:-1]):
        return []  # (a number a copula states before it: "他有3本 小红有15本" states two)
    counter = text[last.end() : last.end() + 1]
    if counter and any(text[m.end() : m.end() + 1] == counter for m in found[:-1]):
        return []
    return [last]


def _native_count(s: str) -> Fraction | None:
    """The one Korean native count in a sentence ("의자는 모두 여덟 개입니다" is 8)."""
    words = s.rstrip(".。").split()
    values = []
    for k, word in enumerate(words):
        pair = korean_native(f"{word} {words[k + 1]}") if k + 1 < len(words) else None
        value = pair if pair is not None else korean_native(word)
        if value is not None:
            values.append(value)
    return values[0] if len(values) == 1 else None


def _value(token: str) -> Fraction | None:
    if (part := _PART.fullmatch(token)) is not None:
        whole, share = _value(part.group(1)), _value(part.group(2))
        return share / whole if whole and share is not None else None
    if (yuan := _YUAN.fullmatch(token)) is not None:
        return Fraction(yuan.group(1)) + Fraction(yuan.group(2)) / 10 + Fraction(
            yuan.group(3) or 0) / 100
    token = token.rstrip("%％")
    return _digits(token) if token[-1:].isdigit() else cjk_number(token)
