"""What star serve picks is what `star select` picks on the same candidates: on random
candidate sets (answers equal by the checker but written differently, null answers, tied
scores), and end to end, `star select` over the traffic log of a running server."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from star_cli.answers import checker_for
from star_cli.serve.selection import equality_for, select
from star_cli.steps.select import SelectRun
from tests.conftest import read_out

MODES = {"best": "verifier_score", "majority": "majority",
         "weighted-majority": "weighted-majority"}
ANSWERS = ["5", "5.0", "10/2", "6", "7", " 7 ", None, "", "1,000", "1000"]


def candidates(rng: random.Random, n: int) -> tuple[list, list[float]]:
    answers = [rng.choice(ANSWERS) for _ in range(n)]
    # Few distinct scores, so ties happen; large gaps too, so exp weights underflow.
    scores = [rng.choice([-1.0, -2.5, -2.5, -40.0, -900.0, -3.25]) for _ in range(n)]
    return answers, scores


def write_traces(path: Path, problems: list[tuple[list, list[float]]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for p, (answers, scores) in enumerate(problems):
            # Written in shuffled order: star select sorts by sample, as serve ranks them.
            rows = list(enumerate(zip(answers, scores, strict=True)))
            random.Random(p).shuffle(rows)
            for i, (answer, score) in rows:
                f.write(json.dumps({"id": f"p{p}/serve/it0/s{i}", "problem_id": f"p{p:03d}",
                                    "source": "serve", "iteration": 0, "sample": i,
                                    "answer": answer, "correct": answer == "5",
                                    "checker": "numeric", "verifier_score": score}) + "\n")


@pytest.mark.parametrize("mode", list(MODES))
def test_same_pick_as_star_select(tmp_path, mode):
    rng = random.Random(7)
    problems = [candidates(rng, rng.randint(1, 9)) for _ in range(60)]
    path = tmp_path / "traces.jsonl"
    write_traces(path, problems)
    SelectRun(inputs=[str(path)], output=str(tmp_path / "out"), by=MODES[mode],
              task="gsm8k", quiet=True).execute()
    picked = {r["problem_id"]: r["sample"] for r in read_out(tmp_path / "out")}
    equal = equality_for(checker_for("gsm8k"))
    for p, (answers, scores) in enumerate(problems):
        chosen = select(answers, scores, mode, equal)
        assert chosen.chosen == picked[f"p{p:03d}"], (mode, answers, scores)
        assert chosen.order[0] == chosen.chosen
        assert sorted(chosen.order) == list(range(len(answers)))


def test_ranking_and_majority():
    equal = equality_for(checker_for("gsm8k"))
    answers = ["6", "5", "5.0", None, "7"]
    scores = [-1.0, -3.0, -2.0, -0.5, -4.0]
    best = select(answers, scores, "best", equal)
    assert best.order == [3, 0, 2, 1, 4] and best.chosen == 3
    assert best.majority == 1 and best.differs is True  # no answer is not the majority's
    vote = select(answers, scores, "majority", equal)
    # 5 and 5.0 are one group of two; then the singletons by score; no answer last.
    assert vote.chosen == 1 and vote.votes == 2 and vote.order == [1, 2, 0, 4, 3]
    assert vote.differs is False
    weighted = select(answers, scores, "weighted-majority", equal)
    # exp weights: 6 alone (e^0) outweighs 5 and 5.0 (e^-2 + e^-1).
    assert weighted.chosen == 0 and weighted.votes == 1
    assert weighted.weight == pytest.approx(1 / (1 + 2.718281828**-2 + 2.718281828**-1
                                                 + 2.718281828**-3), abs=1e-5)
    nothing = select([None, ""], [-1.0, -2.0], "majority", equal)
    assert nothing.chosen == 0 and nothing.majority is None and nothing.differs is None


PROMPTS = ["Q: What is 2 + 3?\nA:", "Q: What is 12 * 4?\nA:", "Q: What is 100 / 4?\nA:"]
SETS = [
    [" The answer is 5.", " 2 + 3 = 5. The answer is 5.", " The answer is 6.", " 7."],
    [" 12 * 4 = 48. The answer is 48.", " The answer is 48.0.", " The answer is 44.",
     " The answer is 44.", " Maybe."],
    [" 100 / 4 = 25. The answer is 25.", " The answer is 20.", " The answer is 25.",
     " 100 / 4 = 20. The answer is 20."],
]
GOLDS = ["5", "48", "25"]


@pytest.mark.parametrize("mode", list(MODES))
def test_served_pick_is_star_selects_over_the_log(serve, stub, tmp_path, mode):
    log = tmp_path / "log"
    running = serve(select=mode, k=5, log=str(log))
    served = {}
    for prompt, texts, gold in zip(PROMPTS, SETS, GOLDS, strict=True):
        stub.texts = texts
        reply = running.post("/completions", {"model": "m", "prompt": prompt, "star": {
            "return_candidates": True, "gold": gold}}).json()
        served[reply["id"]] = reply["star"]["chosen"]
        assert reply["choices"][0]["text"] == texts[reply["star"]["chosen"] % len(texts)]
    running.stop()
    traces = read_out(log)
    assert len(traces) == 15
    for t in traces:  # the log marks the served pick as star select would
        assert (t["served_rank"] == 0) == ("selected_by" in t)
    SelectRun(inputs=[str(log)], output=str(tmp_path / "sel"), by=MODES[mode], task="gsm8k",
              quiet=True).execute()
    picked = {r["problem_id"]: r["sample"] for r in read_out(tmp_path / "sel")}
    assert picked == served
