"""Numbers in CJK numerals and units, and Korean native number words (answers/numerals.py),
table-driven; and through the checker, as answers in those languages state them."""

from fractions import Fraction

import pytest

from star_cli.answers import check
from star_cli.answers.numerals import cjk_number, cjk_sentence_value, korean_native
from star_cli.answers.numeric import parse_number


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
    # several numbers with none after a copula, a negation, an alternative, an approximation,
    # a long paragraph
    ("甲乙两地相距四百二十千米", None), ("不是80瓶", None), ("80或90瓶", None), ("约80瓶", None),
    ("大约有80瓶左右", None), ("还剩80瓶" * 8, None), ("没有", None),
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
    # a percent in words, two values, two clauses
    ("百分之二十五", None), ("还剩600米没有修,大约还需要4天修完", None), ("3个和5个", None),
])
def test_a_cjk_sentence_in_numerals(text, value):
    assert cjk_sentence_value(text) == (Fraction(value) if value is not None else None)


# 千 before a unit of measure is its prefix (kilo), no thousand: "125千克" is 125 kg; before
# anything else it multiplies ("3千元" is 3000 yuan).
@pytest.mark.parametrize(("text", "value"), [
    ("125千克", 125), ("3千米", 3), ("还剩125千克大米", 125), ("2千瓦", 2),
    # after numerals a thousand ("两千米" is 2000 m as often as 2 km); other units, a thousand
    ("两千米", 2000), ("两千卡路里", 2000), ("3千元", 3000), ("两千", 2000), ("3千5百", 3500),
])
def test_kilo_is_a_unit_prefix(text, value):
    assert parse_number(text) == Fraction(value)


# A sentence that names numbers before its copula states the one after it; parts and yuan
# with jiao are one value each; "not A but B" states B; Korean counts in Sino-Korean Hangul
# and native words.
@pytest.mark.parametrize(("text", "value"), [
    ("3箱梨有一百零八个", 108), ("三科的平均分是93分", 93), ("1元硬币有十二枚", 12),
    ("2人で合計14個です", 14), ("一共需要2元8角", Fraction(14, 5)),
    ("应找回30元5角", Fraction(61, 2)),
    ("五分之二", Fraction(2, 5)), ("概率为六分之一", Fraction(1, 6)), ("8分の3", Fraction(3, 8)),
    ("8분의 3입니다", Fraction(3, 8)), ("利润率是25%", 25), ("现价是原价的96%", 96),
    ("全班不是24人,而是42人", 42), ("20이 아니라 84입니다", 84), ("20人ではなく、42人です", 42),
    ("의자는 모두 여덟 개입니다", 8), ("백칠십칠 명입니다", 177),
    # the copula's number is not the last, two counts of one thing, a verb's 得, a hedge before
    # "not A but B", two native counts, a negation alone, a Sino-Korean myriad beside a count
    ("有3个苹果和5个梨", None), ("小明有8个小红有12个", None),
    ("철수는 20개 영희는 25개입니다", None), ("需要8辆车才能坐得下40人", None),
    ("可能不是24，而是42", None), ("사과 세 개와 배 두 개", None), ("不是80瓶", None),
    ("사과 한 개는 만 원", None), ("他有3本 小红有15本", None), ("要是有5个人就要15元", None),
    ("是24的一半", None),
])
def test_what_a_cjk_sentence_states(text, value):
    assert cjk_sentence_value(text) == (Fraction(value) if value is not None else None)


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    ("125", "350 - 225 = 125（千克）\n**答：还剩125千克大米。**", True),
    ("125000", "答：还剩125千克。", False),
    ("108", "36 × 3 = 108（个）\n答：3箱梨有一百零八个。", True),
    ("93", "(92 + 98 + 89) ÷ 3 = 93（分）\n答：三科的平均分是93分。", True),
    ("3", "答：三科的平均分是93分。", False),
    ("2.8", "答：一共需要2元8角。", True),
    ("42", "答：全班不是24人,而是42人。", True),
    ("24", "答：全班不是24人,而是42人。", False),
    ("84", "따라서 답은 20이 아니라 84입니다.", True),
    ("16000", "합계: 10,000 + 6,000 = 16,000원\n\n따라서 입장료는 모두 1만 6천 원입니다.", True),
    ("253500", "25만 + 3,500 = 25만 3,500\n\n따라서 올해 인구는 25만 3,500명입니다.", True),
    ("6", "따라서 입장료는 모두 1만 6천 원입니다.", False),
    ("3", "答：3小时后两车相遇。", True),
    ("3.52", "答：一共3元5角2分。", True),
    ("42", "答：可能不是24，而是42。", False),
    ("24", "答：是24的一半。", False),
    ("10002", "每月工资1万 2个月共2万元", False),
    # the second review's: hedges and negations after the value, in the tail a unit is
    # stripped from and in the fallback's Korean sections; a possibility counted; 만큼
    ("42", "答：3个班共有42人左右。", False),
    ("120", "答：3个班一共有近120人。", False),
    ("100", "答え：3クラスで100人近くいます。", False),
    ("20", "답: 3반은 모두 20명 남짓입니다.", False),
    ("1", "답: 한 개도 없습니다.", False),
    ("16000", "따라서 입장료는 1만 6천 원이 아닙니다.", False),
    ("12000", "따라서 모두 1만 2천 원 이상입니다.", False),
    ("6", "3×2×1=6\n答：共有6种可能的排法。", True),
    ("12", "答え：可能な組み合わせは12通りです。", True),
    ("4", "따라서 빨간 구슬이 파란 구슬보다 4만큼 더 많습니다.", True),
    ("24", "答：他有24张五元的纸币。", True),
    ("24", "答：妈妈买了24个苹果给三个孩子。", True),
    ("20", "답: 20이 아니라 20의 두 배입니다.", False),
])
def test_cjk_answers_through_the_checker(gold, completion, correct):
    assert check(gold, completion, "gsm8k").correct is correct
