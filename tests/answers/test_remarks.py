"""Remarks after an answer (answers/extract.py `_REMARK`, answers/measures.py `names_asked`,
`names_other`): a closing paragraph that sets itself apart from the answer, or that names
another thing than the question asks for after a bold answer that names it, is not the
answer. Table-driven; every case written for these tests."""

import pytest

from star_cli.answers import check
from star_cli.answers.measures import names_asked, names_other

LITERS = "A van uses 8 liters of fuel per 100 km. How many liters does it use on a 250 km trip?"
HOURS = "Ana practises piano 45 minutes a day. How many hours does she practise in 8 days?"
PERCENT = "A shop sold 18 of its 24 lamps. What percent of the lamps did it sell?"
SEATS = "A hall has 12 rows of 15 seats. 164 people come. How many seats are empty?"
COST = "Tom buys 4 tickets at $12.50 each. How much does he pay?"


@pytest.mark.parametrize(("question", "gold", "completion", "correct"), [
    # a bold answer naming what was asked, then a remark in another unit or money
    (LITERS, "20", "250 ÷ 100 × 8 = **20 liters**\n\nAt $1.90 a liter, that trip would cost "
     "about $38.", True),
    (HOURS, "6", "45 × 8 = 360 minutes = **6 hours**\n\nAt $20 a lesson hour, that would cost "
     "$120.", True),
    # another unit of the asked kind, or a noun, is no other thing: the closing value is read
    # (the review's: "180 minutes, which is 3 hours" answers the question)
    (HOURS, "6", "45 × 8 = 360 minutes = **6 hours**\n\nThat's 360 minutes at the keyboard.",
     False),
    (PERCENT, "75", "18 ÷ 24 = 0.75, so **75%**.\n\nAt $30 a lamp that is $540 of sales.",
     True),
    # the same, with the bold wrong and the remark holding the gold's number
    (LITERS, "20", "250 ÷ 100 × 8 = **25 liters**\n\nThat is about 20 dollars of fuel.",
     False),
    (HOURS, "6", "45 × 8 = 320 minutes = **5 hours**\n\nThat's 6 days of practice a week.",
     False),
    # a remark that names what was asked, or nothing, is the answer as before
    (LITERS, "20", "Per 100 km: **8 liters**\n\nFor 250 km she uses 20 liters.", True),
    (LITERS, "8", "Per 100 km: **8 liters**\n\nFor 250 km she uses 20 liters.", False),
    (SEATS, "16", "Seats: 12 × 15 = **180**\n\nSo 16 seats are empty.", True),
    (SEATS, "16", "Seats: 12 × 15 = **180 seats**\n\nSo 16 are empty.", True),
    # a question that names nothing it asks for; a bold label is no answer
    ("A $1,200 laptop is 25% off, then taxed 8%. What is the final price?", "972",
     "**Step 2 – Tax:** 8% of $900 is $72.\n\n**Step 3 – Final price:** $900 + $72 = "
     "**$972.00**", True),
])
def test_a_remark_in_another_unit_after_a_bold_answer(question, gold, completion, correct):
    assert check(gold, completion, "gsm8k", question=question).correct is correct


@pytest.mark.parametrize(("gold", "completion", "correct"), [
    # an offer to work out something else is no statement of the answer
    ("50", "The total is $50.\n\nIf you'd like, I can also work out the cost for 10 tickets: "
     "$125.", True),
    ("50", "He pays **$50**.\n\nIf you want, I can also split it per person: $50 ÷ 4 = $12.50 "
     "each.", True),
    ("50", "The total is $48.\n\nIf you'd like, I can also work out the full price: $50.",
     False),
    # other remarks are read, as any closing statement is: two reviews found them changing the
    # answer ("BTW, don't forget the $5 fee: she pays $45") as often as beside it
    ("45", "4 tickets cost $40.\n\nBTW, don't forget the $5 booking fee: he pays $45.", True),
    ("40", "4 tickets cost $40.\n\nBTW, don't forget the $5 booking fee: he pays $45.", False),
    ("50", "He pays **$52**.\n\nFun fact: 4 tickets at $12.50 make $50 before the fee.", True),
    ("12", "Tom starts with 3 × 4 = 12 apples.\n\nFun fact: after giving Ann 2 apples, Tom has "
     "10 apples.", False),
    # a remark that finds fault is read, and may take the answer back
    ("40", "He pays **$50**.\n\nBy the way, I made a mistake: the tickets are $10, so "
     "$40.", True),
    ("50", "He pays **$50**.\n\nBy the way, I made a mistake: the tickets are $10, so "
     "$40.", False),
    # a case that is not the question's is no remark: GSM8K asks such questions (the review's)
    ("15", "Lisa paid 3 × $20 = $60.\nDuring the sale she would have paid 3 × $15 = $45.\n\n"
     "If she had bought them during the sale instead, she would have saved $60 - $45 = $15.",
     True),
    ("2", "With 4 boxes per trip, Mark needs 24 / 4 = 6 trips.\nWith 3 boxes per trip, he "
     "needs 24 / 3 = 8 trips.\n\nIf he could only carry 3 boxes per trip, he would need "
     "8 - 6 = 2 more trips.", True),
    ("45", "5 packs × $8 = $40, plus the $5 delivery fee.\n\nBy the way, that makes the "
     "total $45.", True),
    ("100", "She starts with 40 marbles and triples them: 40 × 3 = 120. She then gives away 20 "
     "marbles. Interestingly, that leaves her with exactly 100 marbles.", True),
    ("7.5", "Tip = 50 × 0.15 = $7.5", True),
])
def test_a_remark_set_apart_by_its_opening(gold, completion, correct):
    assert check(gold, completion, "gsm8k", question=COST).correct is correct


@pytest.mark.parametrize(("question", "answer", "asked", "other"), [
    (LITERS, "20 liters", True, False),
    (LITERS, "$38", False, True),
    ("How many kilometers does she run?", "60 km", True, False),
    (HOURS, "360 minutes", False, False),  # the asked kind: a conversion, not another thing
    (PERCENT, "75%", True, False),
    (PERCENT, "6 lamps", False, False),  # a noun: the asked thing may be named otherwise
    (PERCENT, "$540", False, True),
    (SEATS, "16", False, False),  # a bare number names nothing: neither
    (SEATS, "16 both ways", False, False),
    (SEATS, "16 seats", True, False),
    (SEATS, "12 rows", False, False),
    (SEATS, "$12", False, True),
])
def test_what_an_answer_names(question, answer, asked, other):
    assert names_asked(question, answer) is asked
    assert names_other(question, answer) is other
