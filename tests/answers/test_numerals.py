"""Numbers in CJK numerals and units, and Korean native number words (answers/numerals.py),
table-driven; and through the checker, as answers in those languages state them."""

from fractions import Fraction

import pytest

from star_cli.answers import check
from star_cli.answers.numerals import cjk_number, cjk_sentence_value, korean_native


@pytest.mark.parametrize(("text", "value"), [
    ("四十二", 42), ("一百零五", 105), ("两千", 2000), ("三万五千", 35000), ("1.26万", 12600),
    ("3億", 300_000_000), ("三十五元です", 35),
    # digits in sections of units, as prices are written
    ("3万5千円", 35000), ("1万2000円", 12000), ("1만 6천 원", 16000),
    ("2억 8,800만 원입니다", 288_000_000), ("5천 원", 5000), ("3千5百", 3500),
    # no number: digits read out, units out of order, a part, an approximate count
    ("二零二四", None), ("5百3千", None), ("一半", None), ("四十多", None), ("3万3万", None),
])
def test_cjk_numbers(text, value):
    assert cjk_number(text) == (Fraction(value) if value is not None else None)


@pytest.mark.parametrize(("text", "value"), [
    ("서른한 자루입니다", 31), ("열두 개", 12), ("스무 살", 20), ("두 개입니다", 2),
    ("아흔아홉 명", 99), ("마흔", 40),
    # a lone short unit word needs its counter; other words are no number
    ("한", None), ("세계", None), ("열쇠", None), ("사과", None), ("", None),
])
def test_korean_native_numbers(text, value):
    assert korean_native(text) == (Fraction(value) if value is not None else None)


@pytest.mark.parametrize(("text", "value"), [
    ("还剩80瓶", 80), ("全部で12個あります", 12), ("모두 15개입니다", 15),
    # several numbers, a negation, an alternative, an approximation, a long paragraph
    ("1元硬币有十二枚", None), ("不是80瓶", None), ("80或90瓶", None), ("约80瓶", None),
    ("大约有80瓶左右", None), ("还剩80瓶" * 5, None), ("没有", None),
])
def test_the_one_number_in_a_cjk_sentence(text, value):
    assert cjk_sentence_value(text) == (Fraction(value) if value is not None else None)


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("80", "３６０－２８０＝８０（瓶）\n答：还剩８０瓶。", True),
    ("35000", "7000 × 5 = 35000\n答：3万5千円です。", True),
    ("16000", "8000 × 2 = 16000\n정답은 1만 6천 원입니다.", True),
    ("288000000", "정답: 2억 8,800만 원입니다.", True),
    ("31", "정답은 서른한 자루입니다.", True),
    # controls
    ("80", "答：不是80瓶，是75瓶。", False),
    ("35000", "答：3万6千円です。", False),
    ("31", "정답은 서른두 자루입니다.", False),
])
def test_answers_in_cjk_forms(gold, completion, correct):
    assert check(gold, completion, "gsm8k").correct is correct


# A digit right after a hundred, thousand or myriad, with no zero between, counts the next
# unit down: "三百八" is 380, as "三百零八" is 308. Sentences with a number in numerals, or
# with a duration before the value.
@pytest.mark.parametrize(("text", "value"), [
    ("三百八", 380), ("三百零八", 308), ("两千五", 2500), ("一万五", 15000), ("四千一百二十", 4120),
])
def test_a_digit_after_a_unit(text, value):
    assert cjk_number(text) == Fraction(value)


@pytest.mark.parametrize(("text", "value"), [
    ("现在买这台电脑要四千一百二十元", 4120), ("每个小组分到六本", 6), ("比原价便宜了3万元", 30000),
    ("两天共收入405美元", 405), ("合唱队一共有六十人", 60), ("两个月共生产2.65万个零件", 26500),
    ("5个月一共能存1万7千5百元", 17500), ("还需要4天", 4), ("需要四天", 4),
    # a share, a percent, two values, two clauses
    ("利润率是25%", None), ("五分之二", None), ("还剩600米没有修,大约还需要4天修完", None),
])
def test_a_cjk_sentence_in_numerals(text, value):
    assert cjk_sentence_value(text) == (Fraction(value) if value is not None else None)
