"""A prepared gold works out some of its readings on first use; a copy of it (pickled for
another process, deep-copied) must judge as the gold it was copied from."""

import copy
import pickle

import pytest

from star_cli.answers.checker import MathChecker

CASES = [  # (gold, completion): each right only through a reading the gold works out later
    (r"\frac{1}{2}", r"So the answer is $\boxed{0.5}$."),  # its number
    (r"\dfrac{1}{2}", r"$\boxed{\frac{1}{2}}$"),  # its key
    ("1,000", "The answer is 1000."),  # its number
    ("(1, 2)", r"$\boxed{(1,2)}$"),  # its key
    (r"x \in [2, 5]", r"$\boxed{[2, 5]}$"),  # its structure
]


@pytest.mark.parametrize("copier", [lambda g: pickle.loads(pickle.dumps(g)), copy.deepcopy,
                                    copy.copy], ids=["pickle", "deepcopy", "copy"])
@pytest.mark.parametrize(("gold", "completion"), CASES)
def test_a_copied_gold_judges_as_the_original(copier, gold, completion):
    checker = MathChecker()
    want = checker.judge(checker.prepare(gold), completion)
    fresh = copier(checker.prepare(gold))
    assert checker.judge(fresh, completion) == want
    used = checker.prepare(gold)  # copied after its readings were worked out
    checker.judge(used, completion)
    assert checker.judge(copier(used), completion) == want
    assert copier(used) == used
