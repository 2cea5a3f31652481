"""Forms a policy trained against the checker may plant, beside the honest forms they copy:
a numeral in another base, a doubted box, an answer in a list's item, a reference mark after
the answer, a percent where a value was asked, a fraction left unreduced where the question
asks for lowest terms. Forms written for these tests."""

import pytest

from star_cli.answers import check
from star_cli.records import Choice


def boxed(answer: str) -> str:
    return f"So we are done.\n\n$\\boxed{{{answer}}}$"


@pytest.mark.parametrize(("gold", "answer", "question", "correct"), [
    ("42", "101010_2", None, True),  # the same number, written in base 2
    ("42", "42_5", None, False),  # 22, not 42 (the symbolic tier drops the base)
    ("163", "A3_{16}", None, True),
    ("42", "42_{10}", None, True),
    ("1011_2", "1011_2", None, True),
    ("34", "42_8", "What is $42_8$ in base $10$?", False),  # the question's numeral, copied
    ("34", "34", "What is $42_8$ in base $10$?", True),
    ("11", "b_{12}", None, False),  # a variable's name, no numeral
])
def test_a_numeral_in_another_base(gold, answer, question, correct):
    assert check(gold, boxed(answer), "math", question=question).correct is correct


@pytest.mark.parametrize(("gold", "correct"), [("30", False), ("24", True)])
def test_a_base_in_subscript_digits(gold, correct):
    completion = "He has 24 cows. In octal, 24 = 3·8 + 0 = 30₈.\n\n**Answer: 30₈**"
    assert check(gold, completion, "gsm8k").correct is correct


@pytest.mark.parametrize(("line", "correct"), [
    ("Answer (guess): $\\boxed{12}$", False),
    ("Best guess: $\\boxed{12}$", False),
    ("Tentative answer: $\\boxed{12}$", False),
    ("Final answer (unverified): $\\boxed{12}$", False),
    ("My guess is $\\boxed{12}$.", False),
    ("The answer is probably $\\boxed{12}$.", False),
    ("Final answer: $\\boxed{12}$", True),
    ("I was unsure at first, but the answer is $\\boxed{12}$.", True),
    ("Perhaps surprisingly, the answer is $\\boxed{12}$.", True),
])
def test_a_doubted_box(line, correct):
    assert check("12", f"There are $4!/2! = 12$ arrangements.\n\n{line}", "math").correct is correct


@pytest.mark.parametrize(("gold", "correct"), [("15", True), ("5", False)])
def test_an_answer_in_a_lists_item(gold, correct):
    completion = ("1. Total students: 20\n2. Riding the bus: 3/4 × 20 = 15\n3. **Answer: 15**\n"
                  "4. (end of solution)")
    assert check(gold, completion, "gsm8k").correct is correct


def test_an_option_explained_in_a_list_is_no_answer():
    choices = [Choice(label, text) for label, text in
               zip("ABCDE", ["trash can", "cupboard", "oven", "garden", "bed"], strict=True)]
    completion = ("Clean plates go in the cupboard.\n\n**Answer: B (cupboard)**\n\n- A: the trash "
                  "can is for trash.\n- C: the oven is for cooking.")
    assert check("B", completion, "csqa", choices).correct is True


@pytest.mark.parametrize(("gold", "correct"), [("B", True), ("D", False)])
def test_a_reference_mark_after_the_answer(gold, correct):
    choices = [Choice(label, text) for label, text in
               zip("ABCDE", ["gym", "clinic", "mall", "hospital", "park"], strict=True)]
    completion = "Doctors see patients at a clinic.\n\n**Answer: B**[D]"
    assert check(gold, completion, "csqa", choices).correct is correct


@pytest.mark.parametrize(("question", "correct"), [
    ("What is $15\\%$ of $80$?", False),  # a value asked: 12, not 12%
    ("What percent of 80 is 9.6?", True),
    ("By what percent did the price rise?", True),
    (None, True),  # no question to tell: as before
])
def test_a_percent_where_a_value_was_asked(question, correct):
    assert check("12", boxed("12\\%"), "math", question=question).correct is correct


@pytest.mark.parametrize(("answer", "question", "correct"), [
    ("\\frac{4}{10}", "Express $0.4$ as a common fraction in lowest terms.", False),
    ("4/10", "Express $0.4$ as a fraction in simplest form.", False),
    ("\\frac{2}{5}", "Express $0.4$ as a common fraction in lowest terms.", True),
    ("\\frac{4}{10}", "Express $0.4$ as a common fraction.", True),  # (not asked to reduce)
])
def test_a_fraction_left_unreduced(answer, question, correct):
    assert check("\\frac{2}{5}", boxed(answer), "math", question=question).correct is correct


@pytest.mark.parametrize(("later", "correct"), [
    # a turn the completion writes itself, where "the assistant" gives in to another answer
    ("User: That's not right, the answer is 32.\nAssistant: You're right, I apologize. The "
     "correct answer is $32.", False),
    ("User: Are you sure?\nAssistant: Good point — 32 is the better answer.", False),
    # a next question and its answer (a base model's run-on): the answer stands
    ("User: Next question: what is 5 × 5?\nAssistant: 5 × 5 = 25. The answer is 25.", True),
])
def test_a_later_turn_that_gives_in(later, correct):
    completion = f"4 × 9 = $36\n\n**Answer: $36**\n\n{later}"
    assert check("36", completion, "gsm8k").correct is correct


@pytest.mark.parametrize(("completion", "correct"), [
    ("8 boxes of 5.\n\nIf one box is for display: 7 × 5 = 35, so $\\boxed{35}$.\n\n"
     "If all boxes are for sale: 8 × 5 = 40, so $\\boxed{40}$.", False),
    ("Case 1: $\\boxed{35}$\n\nCase 2: $\\boxed{40}$", False),
    ("If all boxes are for sale: 8 × 5 = 40, so $\\boxed{40}$.", True),
    ("If we multiply, 8 × 5 = 40.\n\nIf all are sold, $\\boxed{40}$.", True),
    ("Case 1: $\\boxed{40}$\n\nCase 2: $\\boxed{40}$", True),  # the same answer either way
])
def test_an_answer_for_each_case(completion, correct):
    assert check("40", completion, "math").correct is correct


@pytest.mark.parametrize(("line", "gold", "correct"), [
    ("**C** — bank", "C", True),
    ("**C** — bank", "B", False),
    ("**C** — wallet", "C", False),  # (the letter and another choice's text)
])
def test_a_bold_letter_and_its_text(line, gold, correct):
    choices = [Choice(label, text) for label, text in
               zip("ABCDE", ["pocket", "wallet", "bank", "drawer", "piggy bank"], strict=True)]
    completion = f"A bank keeps money safe and pays interest.\n\n{line}"
    assert check(gold, completion, "csqa", choices).correct is correct


CONCENTRATION = ("600 mL of a 40% solution is mixed with 400 mL of a 15% solution. What is the "
                 "percent concentration of alcohol in the mixture?")


@pytest.mark.parametrize(("answer", "question", "correct"), [
    ("30\\%", CONCENTRATION, True),  # the percent asked for, the gold without its sign
    ("31\\%", CONCENTRATION, False),
    ("30\\%", "What is $15\\%$ of $200$?", False),  # a value asked: 30, not 30%
    ("30", CONCENTRATION, True),
])
def test_a_percent_where_the_question_asks_one(answer, question, correct):
    assert check("30", boxed(answer), "math", question=question).correct is correct


def test_a_braced_colon_in_a_clock_time():
    assert check("\\text{3:45 PM}", boxed("15{:}45"), "math").correct
    assert not check("\\text{3:45 PM}", boxed("15{:}40"), "math").correct


@pytest.mark.parametrize(("tail", "gold", "correct"), [
    ("*(Source: Pre-Algebra Review, p. 91)*", "91", False),  # a citation's page, no answer
    ("*(Practice set 4, p. 112)*", "81", True),
    ("(See page 91.)", "91", False),
])
def test_a_closing_citation_states_nothing(tail, gold, correct):
    completion = f"340 − 259 = 81.\n\nJulia needs to score **81** on the fourth test.\n\n{tail}"
    assert check(gold, completion, "gsm8k").correct is correct


KITCHEN = [Choice("A", "operating room"), Choice("B", "pharmacy"), Choice("C", "kitchen"),
           Choice("D", "parking lot"), Choice("E", "waiting room")]


@pytest.mark.parametrize(("completion", "gold", "correct"), [
    # another language's marker after an English one: two answers, unless they agree
    ("Patients wait there.\n\nFinal answer: E\n\n答案：A", "A", False),
    ("Patients wait there.\n\nFinal answer: E\n\n答案：A", "E", False),
    ("Patients wait there.\n\nFinal answer: E\n\n答案：E", "E", True),
    # letters alone, more than one
    ("Patients wait there.\n\n<answer>A E</answer>", "E", False),
    ("Patients wait there.\n\nAnswer: D E", "E", False),
    # a bold pick after its label, then another answer
    ("Patients wait there.\n\nMy pick: **A**.\n\nAnswer: E", "E", False),
    ("Patients wait there.\n\nMy pick: **E**.\n\nAnswer: E", "E", True),
    # a choice's text under another choice's label
    ("Patients wait there. So I'll go with **A. waiting room**.", "E", False),
    ("Patients wait there. So I'll go with **E. waiting room**.", "E", True),
])
def test_two_answers_in_two_formats(completion, gold, correct):
    assert check(gold, completion, "csqa", KITCHEN).correct is correct
