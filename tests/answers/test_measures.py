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
