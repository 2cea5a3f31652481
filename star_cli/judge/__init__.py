"""An LLM judge behind any OpenAI-compatible server, guarded, cached and measured.

    from star_cli.judge import Judge, JudgeConfig, JudgeItem

    config = JudgeConfig(model="Qwen/Qwen2.5-7B-Instruct", urls=("http://gpu1:8000/v1",),
                         cache_path="judge.sqlite")
    with Judge(config) as judge:
        verdicts = judge.judge_many([JudgeItem(question, reference, completion), ...])

The judge sees the question, the reference answer and the response's final part (after any
thought); its reply must end with the contract (`Final Decision: Yes|No` by default, or any
pattern) or it is asked again and then recorded as `judge_error`, which is never a label.
Responses with no final answer never reach it (guard.py). `rule_then_judge` runs a rule
checker's undecided verdicts past the judge (`--checker math+judge`); `judge_eval` measures a
judge against labels and a battery of master keys (`star judge-eval`). docs/judge.md.

Importing this package loads no HTTP client: httpx is imported when a request is made.
"""

from __future__ import annotations

from star_cli.judge.battery import HEDGES, MASTER_KEYS, BatteryItem, battery
from star_cli.judge.cache import JudgeCache, cache_key
from star_cli.judge.client import Judge, JudgeItem, JudgeStats, JudgeUnavailable
from star_cli.judge.combine import Combined, Routing, combine, needs_judge, rule_then_judge
from star_cli.judge.config import (
    DEFAULT_PATTERN,
    DEFAULT_PROMPT,
    JudgeConfig,
    load_prompt,
    render,
)
from star_cli.judge.contract import Decision, decide
from star_cli.judge.evaluate import (
    EvalReport,
    LabelledItem,
    judge_eval,
    labelled_item,
    load_labelled,
)
from star_cli.judge.guard import final_part, has_final_answer, no_answer_reason
from star_cli.judge.metrics import (
    Confusion,
    agreement,
    cohen_kappa,
    confusion,
    false_positive_rate,
    precision,
    recall,
)
from star_cli.judge.verdict import JUDGE_ERROR, REASONS, JudgeVerdict, Usage

__all__ = [
    "DEFAULT_PATTERN",
    "DEFAULT_PROMPT",
    "HEDGES",
    "JUDGE_ERROR",
    "MASTER_KEYS",
    "REASONS",
    "BatteryItem",
    "Combined",
    "Confusion",
    "Decision",
    "EvalReport",
    "Judge",
    "JudgeCache",
    "JudgeConfig",
    "JudgeItem",
    "JudgeStats",
    "JudgeUnavailable",
    "JudgeVerdict",
    "LabelledItem",
    "Routing",
    "Usage",
    "agreement",
    "battery",
    "cache_key",
    "cohen_kappa",
    "combine",
    "confusion",
    "decide",
    "false_positive_rate",
    "final_part",
    "has_final_answer",
    "judge_eval",
    "labelled_item",
    "load_labelled",
    "load_prompt",
    "needs_judge",
    "no_answer_reason",
    "precision",
    "recall",
    "render",
    "rule_then_judge",
]
