"""`--checker gym` (`--task gym`): a reasoning-gym family's own scorer decides, and only a
score of exactly 1.0 is correct (its partial credit is stored as `gym_score`, never a label).

The gold of a gym problem is JSON (`tasks/gym.py` writes it): the gold answer (null for the
families that have none) and the row's `gym` object, which the family's scorer needs. The
answer is the last `<answer>…</answer>` of the completion; the scorer runs in a worker
process under a deadline (`star_cli.gym.score`), so a scorer that hangs on model text costs
its own verdict (`timeout`), and one that raises is `error`. Families whose scorer is known
broken are refused with the reason (`star_cli.gym.BROKEN`).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from star_cli.answers.checker import Checker, Gold, Verdict
from star_cli.answers.pool import DEFAULT_TIMEOUT
from star_cli.checkers.gold import json_gold


def gym_gold(text: str) -> dict[str, Any]:
    """A gym problem's gold: the JSON `tasks/gym.py` writes; an InputError otherwise."""
    return json_gold(text, "gym", "a gym problem's gold (JSON with 'gym'): read problems made "
                     "by star problems gym:NAME with --task gym")


class GymChecker(Checker):
    name = "gym"
    local = False  # scorers run in worker processes: judge_batch keeps them all busy

    @classmethod
    def from_options(cls, timeout: float = DEFAULT_TIMEOUT, **options: Any) -> Checker:
        return cls(timeout)

    def spec(self) -> dict[str, Any]:
        raise TypeError("the gym checker runs in the calling process (local = False)")

    def prepare(self, gold: str, choices: Sequence[Any] | None = None,
                question: str | None = None) -> Gold:
        from star_cli.gym import refuse_broken

        spec = gym_gold(gold)
        refuse_broken(spec["gym"].get("family"))  # a broken scorer is no judge: exit 2
        answer = spec.get("answer")
        return Gold(answer if isinstance(answer, str) else "", "", None, None, spec,
                    question=question)

    def judge(self, gold: Gold, completion: str) -> Verdict:
        return self.judge_batch([(gold, completion)])[0]

    def judge_batch(self, items: Sequence[tuple[Gold, str]]) -> list[Verdict]:
        from star_cli.gym import default_workers, score_completion

        workers = default_workers()

        def one(item: tuple[Gold, str]) -> Verdict:
            gold, completion = item
            answer, score = score_completion(gold.structure["gym"], completion,
                                             timeout=self.timeout, workers=workers)
            return Verdict(answer, score.correct, score.reason, None, "gym",
                           "answer_tag" if answer is not None else None,
                           {"gym_score": score.score})

        if len(items) <= 1:
            return [one(i) for i in items]
        with ThreadPoolExecutor(workers.size) as threads:  # one calling thread per worker
            return list(threads.map(one, items))
