"""An answer whose unit its own work contradicts (answers/measures.py), table-driven."""

from fractions import Fraction

import pytest

from star_cli.answers.measures import stated_unit, unit_contradicted


@pytest.mark.parametrize(("answer", "stated"), [
    ("155 meters", (Fraction(155), "meter", "length")),
    ("155 km.", (Fraction(155), "km", "length")),
    ("$65.50", (Fraction(131, 2), "$", "money")),
    ("**$1,225**", (Fraction(1225), "$", "money")),
    ("65.5 cents", (Fraction(131, 2), "cent", "money")),
    ("8 \\text{ tablespoons}", (Fraction(8), "tablespoon", "volume")),
    ("2.5 hours", (Fraction(5, 2), "hour", "time")),
    # no unit of measure: a count's noun, a bare number, a variable, a word
    ("33 pizzas", None), ("42", None), ("5 m", None), ("12 apples", None), ("x + 2", None),
])
def test_the_unit_an_answer_states(answer, stated):
    assert stated_unit(answer) == stated


@pytest.mark.parametrize(("work", "answer", "contradicted"), [
    ("In total it travels 90 + 65 = 155 km.\n\nSo, the answer is ", "155 meters", True),
    ("The change is 100 - 34.5 = $65.50.\n\n**Answer:** ", "65.5 cents", True),
    ("She needs 10.5 - 2.5 = 8 \\text{ more cups}. The answer is ", "8 tablespoons", True),
    ("It takes 90 minutes, that is 1.5 hours. So ", "1.5 days", True),
    # the same unit, another spelling; the unit given in the work; another number; no unit
    ("In total it travels 155 km.\nSo, the answer is ", "155 kilometers", False),
    ("It is 155 km, or 155 000 meters: 155 meters per ... no. The answer is ", "155 meters",
     False),
    ("It travels 150 km in all. The answer is ", "155 meters", False),
    ("The total is 155. The answer is ", "155 meters", False),
    ("The slices left are 48 - 15 = 33 slices. The answer is ", "33 pizzas", False),
    ("He pays $12 and gets 12 cents back. The answer is ", "12 cents", False),
])
def test_an_answer_whose_unit_its_work_contradicts(work, answer, contradicted):
    assert unit_contradicted(work, answer) is contradicted


# The unit the question asks for, against the answer's: the same number in another unit of
# the same kind is another quantity ("How many hours ...?" answered "18 minutes"). Controls:
# the asked unit in another spelling, no unit, a unit of another kind, two numbers (a
# conversion the answer gives itself), a question that asks for no unit of measure, a count's
# noun (never weighed: "10 singers" for "How many people").
HOURS = "Tom drives for 3 hours and stops for 30 minutes. How many hours does he drive in total?"
METERS = "A snail crawls 2 meters an hour. How far does it go in 9 hours, in meters?"
CENTS = "Ann has $3 in dimes. How many cents does she have?"
PEOPLE = "A choir has 30 singers in 3 rows. How many people are in a row?"


FAHRENHEIT = "It is 14°F at dawn and warms 3 degrees an hour. What is the temperature after 6 " \
    "hours, in degrees Fahrenheit?"
DOZENS = "A bakery packs 144 eggs into cartons of 12. How many dozen eggs is that?"
EGGS = "She has 12 dozen eggs. How many eggs does she have?"
POUNDS = "A puppy gains 16 ounces a week. How many pounds does it gain in 6 weeks?"


@pytest.mark.parametrize(("question", "gold", "completion", "correct", "reason"), [
    (HOURS, "18", "The answer is 18 minutes.", False, "ambiguous"),
    (HOURS, "18", "He drives 18 minutes in total.", False, "ambiguous"),
    (METERS, "18", "So it goes $18$ km.\n\nAnswer: 18 km", False, "ambiguous"),
    (CENTS, "300", "She has 3 × 100 = 300.\n\nThe answer is $300.", False, "ambiguous"),
    # controls
    (HOURS, "18", "The answer is 18 hours.", True, "match"),
    (HOURS, "18", "So he drives 18 more hrs.", True, "match"),
    (HOURS, "18", "Answer: 18", True, "match"),
    (HOURS, "18", "The answer is 18 hours (1080 minutes).", True, "match"),
    (METERS, "18", "The answer is 18 meters.", True, "match"),
    (CENTS, "300", "The answer is 300 cents.", True, "match"),
    (PEOPLE, "10", "The answer is 10 singers.", True, "match"),
    ("How far is it, in meters?", "18", "The answer is 18 kg.", False, "ambiguous"),
    (None, "18", "The answer is 18 minutes.", True, "match"),
    # temperatures, masses in ounces; dozens asked for
    (FAHRENHEIT, "32", "Rise: 3 × 6 = 18 degrees\n14 + 18 = 32\n\nThe answer is 32°C.", False,
     "ambiguous"),
    (POUNDS, "6", "6 × 16 = 96 ounces\n96 ÷ 16 = 6\n\nThe answer is 6 ounces.", False, "ambiguous"),
    (DOZENS, "12", "144 ÷ 12 = 12\n\nThe answer is 12 dozen.", True, "match"),
    # controls
    (FAHRENHEIT, "32", "The answer is 32°F.", True, "match"),
    (POUNDS, "6", "The puppy will gain 6 pounds (96 ounces).", True, "match"),
    (EGGS, "144", "The answer is 12 dozen.", True, "match"),
    (None, "12", "The answer is 12 dozen.", False, "mismatch"),
    # a unit of measure of another kind than asked, or where a count is asked; a percent for
    # a count; the things counted where their dozens are asked
    (HOURS, "18", "The answer is $18.", False, "ambiguous"),
    ("A candle burns 2 cm an hour. How many hours will a 30 cm candle burn?", "15",
     "30 ÷ 2 = 15\n\nThe answer is 15 cm.", False, "ambiguous"),
    ("She runs 6 km on a 400 m track. How many laps does she run?", "15",
     "6,000 ÷ 400 = 15\n\nThe answer is 15 kilometers.", False, "ambiguous"),

    ("A bottle holds 1.5 liters. How many glasses of 250 ml can be filled?", "6",
     "1,500 ÷ 250 = 6\nSo 6 liters.", False, "ambiguous"),
    ("The battery loses 8% an hour. How many hours until it is at 20%?", "10",
     "80 ÷ 8 = 10\n\nThe answer is 10%.", False, "ambiguous"),
    ("A café sold 156 bagels. How many dozen bagels did it sell?", "13",
     "156 ÷ 12 = 13\n\nThe answer is 13 bagels.", False, "ambiguous"),
    ("A bottle holds 2 liters. How many cups of 250 ml can be filled?", "8",
     "2,000 ÷ 250 = 8\n\nThe answer is 8 liters.", False, "ambiguous"),
    # controls: a count in money, time or cups (payments by months, glasses by cups, dozens
    # by boxes)
    ("Tom borrowed $600 and pays back $50 each month. How many payments will he make?", "12",
     "600 ÷ 50 = 12\n\nSo the final answer is 12 months.", True, "match"),
    ("A jug holds 3 liters of lemonade. How many glasses of 250 ml can she pour?", "12",
     "3,000 ÷ 250 = 12\n\nThe answer is 12 cups.", True, "match"),
    ("Each box holds a dozen donuts. How many dozen donuts does she need for 36 guests?", "3",
     "36 ÷ 12 = 3\n\nThe answer is 3 boxes.", True, "match"),
    ("A farmer has 144 kg of hay and his goats eat 12 kg a day. How many days will it last?",
     "12", "The goats eat 12 kg of hay per day.", False, "ambiguous"),
    # controls: what was asked named beside the unit, a pregnant cow is a cow, an area asked
    # (the answer may drop "square"), money for a count (coins), the last ask decides, LaTeX's
    # dollar, dozens named, a percent asked
    ("A vine gives 24 kg of grapes a week. How many grapes does it give in 9 weeks?", "216",
     "The answer is 216 kilograms of grapes.", True, "match"),
    ("Of 20 cows, 11 are pregnant. How many pregnant cows are there?", "11",
     "The answer is 11 cows.", True, "match"),
    ("A room is 12 ft by 15 ft. How many square feet is its floor?", "180",
     "The answer is 180 feet.", True, "match"),
    ("She has 8 quarters. How many quarters does she give away if she keeps 3?", "5",
     "So she gives away $5.", True, "match"),
    ("First find how many gallons the pool holds. At $0.10 a gallon, how much will it cost?",
     "826", "The cost is $0.10 x 8,260 gallons = $826.", True, "match"),
    ("How many laps does she run?", "15", "She runs $15$ laps.\n\nAnswer: $15$", True,
     "match"),
    (DOZENS, "12", "The answer is 12 dozen eggs.", True, "match"),
    ("A price went from $50 to $60. By how many percent did it rise?", "20",
     "The answer is 20%.", True, "match"),
    # a compound quantity in the work is no other unit for its second part's number
    ("A playlist has 12 songs of 3 minutes 45 seconds. How many minutes long is it?", "45",
     "3 minutes 45 seconds = 3.75 minutes\n12 × 3.75 = 45\n\n**Answer:** 45 min", True, "match"),
])
def test_the_unit_the_question_asks_for(question, gold, completion, correct, reason):
    from star_cli.answers import check

    verdict = check(gold, completion, "gsm8k", question=question)
    assert (verdict.correct, verdict.reason) == (correct, reason), verdict
