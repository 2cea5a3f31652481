"""Reward functions for TRL's GRPO trainer, judged by star's own checker.

`accuracy_reward` is a drop-in for `trl.rewards.accuracy_reward`: same call, same return
(one float per completion, 1.0 right and 0.0 wrong, None where the row has no usable gold), but
the verdict is star's, so a GRPO run rewards exactly what `star check` and `star filter`
accept. Build one for another task, deadline or log name with `make_accuracy_reward`:

    from trl import GRPOTrainer
    from star_cli.rewards import make_accuracy_reward

    trainer = GRPOTrainer(..., reward_funcs=[make_accuracy_reward("gsm8k")])

GRPOTrainer calls a reward function with keyword arguments only: `prompts`, `completions`,
`completion_ids`, `trainer_state`, `log_extra`, `log_metric` and one list per dataset column,
each holding a value per completion. This module reads the columns `gold`, `solution`,
`task` and `choices` and ignores the rest.

`think_format_reward` is a drop-in for `trl.rewards.think_format_reward` (1.0 when the
completion is `<think>...</think>...`, a thought first and closed, no second `<think>`);
`make_think_format_reward(start, end)` checks another pair of delimiters (Quiet-STaR's).

`verifier_reward` / `make_verifier_reward(model, ...)` reward a completion by its score under
a verifier instead (`star_cli.verifier`: log V(y|x), V-STaR's score, or a reward model's
scalar, or with a reference model the DPO reward beta * (log V - log ref)). Nothing here
imports torch or trl until a verifier is loaded.
"""

from __future__ import annotations

import atexit
import os
import re
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from star_cli.answers import DEFAULT_TIMEOUT, BatchChecker, Pair, Verdict
from star_cli.answers.extract import MAX_ANSWER
from star_cli.answers.thinking import DEFAULT_MODE, UNFINISHED, reading
from star_cli.errors import InputError
from star_cli.records import Choice, Location
from star_cli.tasks import Task, get_task
from star_cli.tasks.csqa import read_choices

__all__ = ["AccuracyReward", "ThinkFormatReward", "VerifierReward", "accuracy_reward",
           "gold_from_solution", "make_accuracy_reward", "make_think_format_reward",
           "make_verifier_reward", "think_format_reward", "verifier_reward"]

DEFAULT_TASK = "math"  # what trl's accuracy_reward targets: LaTeX answers, \boxed{} first
DEFAULT_NAME = "accuracy_reward"  # trl logs `rewards/<name>/mean`: the same key as trl's own
THINK_FORMAT_NAME = "think_format_reward"
# Checker processes per task. The reward runs beside a trainer that needs its cores and memory,
# and a GRPO batch is small enough that the in-process tiers decide almost all of it.
MAX_WORKERS = 8

Message = Mapping[str, Any]
CompletionLike = str | Sequence[Message]
Logger = Callable[[str, list], None]


class AccuracyReward:
    """A GRPO reward: 1.0 when star's checker for the row's task accepts the completion's
    final answer, 0.0 when it does not (wrong, no answer, a thought that never closed, or a
    symbolic check that ran past `timeout`), None when the row has no usable gold. Only the
    answer after a closed thought is judged (`thinking`, `think_tags`).

    A class, not a closure, so that it pickles (TRL's async GRPO runs rewards in a child
    process); the checker processes start on first use and are not part of the pickle.
    """

    def __init__(
        self,
        task: str = DEFAULT_TASK,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        name: str = DEFAULT_NAME,
        workers: int | None = None,
        task_column: bool = True,
        thinking: str = DEFAULT_MODE,
        think_tags: tuple[str, str] | None = None,
    ) -> None:
        self.task = get_task(task).name  # fail now, not mid-training, on an unknown task
        self.thinking = reading(thinking, think_tags)  # fail now on a bad mode or tag pair
        self.timeout = timeout
        self.__name__ = self.__qualname__ = name  # TRL names the reward (and its logs) by this
        self.workers = workers or min(os.cpu_count() or 1, MAX_WORKERS)
        self.task_column = task_column
        self._setup()

    def _setup(self) -> None:
        self._tasks: dict[str, Task] = {}
        self._batches: dict[str, BatchChecker] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_tasks", "_batches", "_lock")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def __repr__(self) -> str:
        return (f"AccuracyReward(task={self.task!r}, timeout={self.timeout}, "
                f"name={self.__name__!r}, thinking={self.thinking.mode!r})")

    def __call__(
        self,
        completions: Sequence[CompletionLike],
        solution: Sequence[Any] | None = None,
        *,
        gold: Sequence[Any] | None = None,
        task: Sequence[Any] | None = None,
        choices: Sequence[Any] | None = None,
        log_extra: Logger | None = None,
        log_metric: Callable[[str, float], None] | None = None,
        **kwargs: Any,
    ) -> list[float | None]:
        """One reward per completion; `solution`, `gold`, `task` and `choices` are dataset
        columns (a value per completion), `log_*` the trainer's loggers, the rest ignored."""
        n = len(completions)
        tasks = self._row_tasks(task, n)
        golds = [
            self._gold(g, s, t)
            for g, s, t in zip(_column(gold, n), _column(solution, n), tasks, strict=True)
        ]
        rows = [_choices(c) for c in _column(choices, n)]
        texts = [completion_text(c) for c in completions]
        verdicts = self._judge(tasks, golds, rows, texts)
        rewards = [None if v is None else float(v.correct) for v in verdicts]
        self._log(golds, verdicts, log_extra, log_metric)
        return rewards

    # -- golds and tasks -------------------------------------------------------------------
    def _row_tasks(self, column: Sequence[Any] | None, n: int) -> list[str]:
        """Each row's task: the dataset's `task` column where it names one, else ours."""
        if not self.task_column:
            return [self.task] * n
        return [str(t).strip() if t not in (None, "") else self.task for t in _column(column, n)]

    def _get_task(self, name: str) -> Task:
        with self._lock:
            if name not in self._tasks:
                self._tasks[name] = get_task(name)  # UsageError on a name that is no preset
            return self._tasks[name]

    def _gold(self, gold: Any, solution: Any, task: str) -> str | None:
        """The row's gold answer: `gold` as given, else the final answer of `solution`."""
        text = _text(gold)
        if text:
            return text
        text = _text(solution)
        return gold_from_solution(text, self._get_task(task)) if text else None

    # -- judging ---------------------------------------------------------------------------
    def _judge(
        self,
        tasks: list[str],
        golds: list[str | None],
        choices: list[tuple[Choice, ...] | None],
        texts: list[str],
    ) -> list[Verdict | None]:
        """Verdicts in row order, one batch per task so that each task keeps its checker."""
        out: list[Verdict | None] = [None] * len(texts)
        by_task: dict[str, list[int]] = {}
        for k, g in enumerate(golds):
            if g is not None:
                by_task.setdefault(tasks[k], []).append(k)
        for name, rows in by_task.items():
            pairs = [Pair(golds[k], texts[k], choices[k]) for k in rows]  # type: ignore[arg-type]
            verdicts = self._batch(name).check(pairs, self.thinking)
            for k, verdict in zip(rows, verdicts, strict=True):
                out[k] = verdict
        return out

    def _batch(self, name: str) -> BatchChecker:
        """The task's batch checker, made on first use: a gold is prepared once per run of
        consecutive equal golds (GRPO's generations of one prompt are consecutive)."""
        task = self._get_task(name)
        with self._lock:
            if name not in self._batches:
                batch = BatchChecker(task.checker.with_timeout(self.timeout), self.workers)
                atexit.register(batch.close)
                self._batches[name] = batch
            return self._batches[name]

    def close(self) -> None:
        """Stop the checker processes now (they also stop at exit); later calls restart them."""
        with self._lock:
            batches, self._batches = list(self._batches.values()), {}
        for batch in batches:
            batch.close()

    # -- logging ---------------------------------------------------------------------------
    def _log(
        self,
        golds: list[str | None],
        verdicts: list[Verdict | None],
        log_extra: Logger | None,
        log_metric: Callable[[str, float], None] | None,
    ) -> None:
        """Gold, extracted answer and reason into TRL's completions table, and how often
        there was no final answer (a format problem, not a wrong answer) as a metric.
        Columns carry our name, so two star rewards in one trainer never share one."""
        name = self.__name__
        if log_extra is not None:
            log_extra(f"{name}/gold", list(golds))
            log_extra(f"{name}/answer", [v.answer if v else None for v in verdicts])
            log_extra(f"{name}/reason", [v.reason if v else "no_gold" for v in verdicts])
        judged = [v for v in verdicts if v is not None]
        if log_metric is not None and judged:
            for reason in ("no_answer", "timeout", UNFINISHED):
                share = sum(v.reason == reason for v in judged) / len(judged)
                log_metric(f"{name}/{reason}", share)


def make_accuracy_reward(
    task: str = DEFAULT_TASK,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    name: str = DEFAULT_NAME,
    workers: int | None = None,
    task_column: bool = True,
    thinking: str = DEFAULT_MODE,
    think_tags: tuple[str, str] | None = None,
) -> AccuracyReward:
    """A GRPO accuracy reward judged with the checker of the star preset `task`.

    - `task`: `math` (default, as trl's accuracy_reward: LaTeX, last `\\boxed{}` first),
      `gsm8k` (one number, exact), `csqa` (a lettered choice; give a `choices` column) or
      `generic` (numeric). A row's `task` column overrides it unless `task_column=False`.
    - `timeout`: seconds one symbolic (math-verify/sympy) check may take, in a worker
      process; past it the completion scores 0.0. Safe in any thread, unlike signal alarms.
    - `name`: the function's `__name__`, which TRL logs as `rewards/<name>/mean`; give each
      reward in one trainer its own.
    - `workers`: checker processes (default: the cores, at most 8).
    - `thinking`, `think_tags`: how thoughts are read, as `star check --thinking`: by
      default (`auto`) a completion with a `<think>` thought is judged on the answer after
      it, and one whose thought never closed scores 0.0 (`on`: every completion starts
      inside a thought; `off`: the whole text is judged).
    """
    return AccuracyReward(
        task, timeout=timeout, name=name, workers=workers, task_column=task_column,
        thinking=thinking, think_tags=think_tags,
    )


_DEFAULT = AccuracyReward()


def accuracy_reward(
    completions: Sequence[CompletionLike],
    solution: Sequence[Any] | None = None,
    **kwargs: Any,
) -> list[float | None]:
    """star's drop-in for `trl.rewards.accuracy_reward`: the math checker, a 5 s symbolic
    deadline, the gold from a `gold` column or else the final answer of `solution`.

    Returns one float per completion (1.0 right, 0.0 wrong or no answer) and None for a row
    whose gold is missing or empty, which GRPO leaves out of that reward. Other columns:
    `task` (a preset name per row) and `choices` (for csqa); see `make_accuracy_reward`.

    >>> accuracy_reward([[{"role": "assistant", "content": r"So \\boxed{\\frac{1}{3}}"}]],
    ...                 [r"\\frac{1}{3}"])
    [1.0]
    """
    return _DEFAULT(completions, solution, **kwargs)


# -- reading the inputs --------------------------------------------------------------------
class ThinkFormatReward:
    """A GRPO format reward: 1.0 when a completion opens with `start`, closes the thought
    with `end`, and opens no second thought; else 0.0. TRL's `think_format_reward` rule
    (the regex `^<think>(?!.*<think>)(.*?)</think>.*$`, dot matching newlines), with any
    pair of delimiters. A completion is a string, or messages whose first one's content is
    judged (as TRL reads it); one of another shape earns 0.0 instead of failing the step.

    Note that TRL's rule wants the opening tag in the completion: with a chat template that
    puts `<think>` into the generation prompt (R1's), every completion scores 0.0.
    """

    def __init__(self, start: str = "<think>", end: str = "</think>",
                 name: str = THINK_FORMAT_NAME) -> None:
        if not (isinstance(start, str) and start and isinstance(end, str) and end):
            raise ValueError("think_format_reward: the tags must be non-empty strings")
        self.start, self.end = start, end
        self.__name__ = self.__qualname__ = name  # TRL logs rewards/<name>/mean
        s, e = re.escape(start), re.escape(end)
        self._pattern = re.compile(f"^{s}(?!.*{s})(.*?){e}.*$", re.DOTALL | re.MULTILINE)

    def __repr__(self) -> str:
        return f"ThinkFormatReward(start={self.start!r}, end={self.end!r})"

    def __call__(self, completions: Sequence[CompletionLike], **kwargs: Any) -> list[float]:
        return [1.0 if self._pattern.match(_first_content(c)) else 0.0 for c in completions]


def _first_content(completion: Any) -> str:
    """What TRL's format rewards read: the text, or the first message's content."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, Sequence) and completion and isinstance(completion[0], Mapping):
        return _content(completion[0].get("content"))
    return ""


_THINK_FORMAT = ThinkFormatReward()


def think_format_reward(completions: Sequence[CompletionLike], **kwargs: Any) -> list[float]:
    """TRL's `think_format_reward`, same call and return: one float per completion, 1.0
    when the reasoning is enclosed in `<think>` and `</think>` at its start, else 0.0.

        >>> think_format_reward([[{"content": "<think>\\nHm.\\n</think>\\nIt is 4."}],
        ...                      [{"content": "<think>\\nHm.\\nIt is 4."}]])
        [1.0, 0.0]
    """
    return _THINK_FORMAT(completions, **kwargs)


def make_think_format_reward(start: str = "<think>", end: str = "</think>", *,
                             name: str = THINK_FORMAT_NAME) -> ThinkFormatReward:
    """`think_format_reward` for another pair of delimiters, e.g. Quiet-STaR's:
    `make_think_format_reward("<|startofthought|>", "<|endofthought|>")`."""
    return ThinkFormatReward(start, end, name)


def gold_from_solution(solution: str, task: Task) -> str | None:
    """The final answer of a worked solution, read as the task reads its golds
    (`Task.gold_from_solution`: GSM8K's `#### N`, MATH's last `\\boxed{}`, else an explicit
    final-answer statement). A solution with no such marker is taken as the answer itself
    when it is one short line (`\\frac{1}{3}`, as in trl's examples); otherwise there is no
    gold (None)."""
    text = solution.strip()
    if not text:
        return None
    found = task.gold_from_solution(text)
    if found is None and "\n" not in text and len(text) <= MAX_ANSWER:
        found = text
    return found or None


def completion_text(completion: CompletionLike) -> str:
    """The text to judge: a standard completion as is; a conversational one (a list of
    messages, possibly with tool calls and results) the content of its last assistant
    message, which is what the model finally said (an empty one is no answer: an earlier
    turn's answer was not the final one)."""
    if isinstance(completion, str):
        return completion
    spoken = [m for m in completion if isinstance(m, Mapping)
              and m.get("role", "assistant") == "assistant"]
    return _content(spoken[-1].get("content")) if spoken else ""


def _content(content: Any) -> str:
    """Message content as text: a string, or the text parts of a multimodal list."""
    if isinstance(content, str):
        return content
    if isinstance(content, Sequence):
        parts = [p.get("text") for p in content if isinstance(p, Mapping)]
        return "".join(p for p in parts if isinstance(p, str))
    return ""


def _column(values: Sequence[Any] | None, n: int) -> Sequence[Any]:
    """A dataset column, one value per completion; a missing column reads as all None."""
    if values is None:
        return [None] * n
    if len(values) != n:
        raise ValueError(f"a column has {len(values)} values for {n} completions")
    return values


def _text(value: Any) -> str:
    """A gold cell as text: numbers (a parquet int column) written out, None and blanks ''."""
    if value is None or isinstance(value, bool) or value != value:  # None, a flag, NaN
        return ""
    return str(value).strip() if isinstance(value, str | int | float) else ""


def _choices(raw: Any) -> tuple[Choice, ...] | None:
    """A `choices` cell as star's choices: `[{label, text}]`, `{label: [...], text: [...]}`
    (CommonsenseQA on the Hub), `Choice`s, or bare texts lettered A, B, ...; None if absent
    or unreadable (then only a letter can match)."""
    if not raw:
        return None
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        if all(isinstance(c, Choice) for c in raw):
            return tuple(raw)
        if all(isinstance(c, str) for c in raw):
            return tuple(Choice(chr(ord("A") + k), c) for k, c in enumerate(raw[:26]))
    try:
        return read_choices(raw, Location("<reward>"), "choices")
    except InputError:
        return None


# -- a verifier as the reward ----------------------------------------------------------------
VERIFIER_NAME = "verifier_reward"
VERIFIER_ENV = "STAR_VERIFIER"  # the model `verifier_reward` scores with
REDUCTIONS = ("sum", "mean")


class VerifierReward:
    """A GRPO reward: each completion's score under a verifier (`star_cli.verifier`).

    The reward is the verifier's `Score.value` for (prompt, completion) as a trainer sees it:
    V-STaR's log V(y|x) (`reduction="sum"`) or its per-token mean (`"mean"`, which does not
    favour short completions), or with `kind="reward-model"` a reward model's scalar. With a
    `reference` model it is the DPO implicit reward beta * (log V - log ref) instead (beta
    also scales the plain score). Prompts and completions may be standard (strings) or
    conversational (message lists), as GRPOTrainer passes them; other columns are ignored.

    A class, so that it pickles (TRL's async GRPO runs rewards in a child process): the
    models load on first use and are not part of the pickle.
    """

    def __init__(
        self,
        model: str,
        *,
        engine: str = "transformers",
        kind: str = "logprob",
        reference: str | None = None,
        beta: float = 1.0,
        reduction: str = "sum",
        name: str = VERIFIER_NAME,
        **options: Any,
    ) -> None:
        from star_cli.errors import UsageError
        from star_cli.verifier import ENGINES, KINDS

        if kind not in KINDS or engine not in ENGINES or reduction not in REDUCTIONS:
            raise UsageError(
                f"verifier reward: kind must be one of {KINDS}, engine one of {ENGINES}, "
                f"reduction one of {REDUCTIONS}; got {kind!r}, {engine!r}, {reduction!r}")
        self.model, self.engine, self.kind = model, engine, kind
        self.reference, self.beta, self.reduction = reference, float(beta), reduction
        self.options = options  # batch_size, device, dtype, eos, base_url, ...
        self.__name__ = self.__qualname__ = name  # TRL logs `rewards/<name>/mean`
        self._setup()

    def _setup(self) -> None:
        self._verifiers: list[Any] | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_verifiers", "_lock")}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._setup()

    def __repr__(self) -> str:
        return (f"VerifierReward({self.model!r}, engine={self.engine!r}, kind={self.kind!r}, "
                f"reference={self.reference!r}, name={self.__name__!r})")

    def _models(self) -> list[Any]:
        with self._lock:
            if self._verifiers is None:
                from star_cli.verifier import Verifier

                made = [Verifier(self.model, self.engine, kind=self.kind, **self.options)]
                if self.reference is not None:
                    made.append(Verifier(self.reference, self.engine, kind=self.kind,
                                         **self.options))
                self._verifiers = made
            return self._verifiers

    def __call__(
        self,
        prompts: Sequence[Any],
        completions: Sequence[CompletionLike],
        completion_ids: Sequence[Any] | None = None,
        trainer_state: Any = None,
        *,
        log_metric: Callable[[str, float], None] | None = None,
        **columns: Any,
    ) -> list[float | None]:
        """One float per completion: the (scaled) score of the completion given its prompt."""
        if len(prompts) != len(completions):
            raise ValueError(f"{len(prompts)} prompts for {len(completions)} completions")
        pairs = list(zip(prompts, completions, strict=True))
        models = self._models()
        scores = [m.score_pairs(pairs) for m in models]
        out = []
        for k in range(len(pairs)):
            value = self._value(scores[0][k])
            if len(scores) > 1:
                value -= self._value(scores[1][k])
            out.append(self.beta * value)
        if log_metric is not None and out:
            tokens = [s.tokens for s in scores[0]]
            log_metric(f"{self.__name__}/tokens", sum(tokens) / len(tokens))
        return out

    def _value(self, score: Any) -> float:
        return score.mean if self.reduction == "mean" else score.value

    def close(self) -> None:
        """Free the models now; a later call loads them again."""
        with self._lock:
            verifiers, self._verifiers = self._verifiers or [], None
        for v in verifiers:
            v.close()


def make_verifier_reward(
    model: str,
    *,
    engine: str = "transformers",
    kind: str = "logprob",
    reference: str | None = None,
    beta: float = 1.0,
    reduction: str = "sum",
    name: str = VERIFIER_NAME,
    **options: Any,
) -> VerifierReward:
    """A GRPO reward that scores completions with the verifier `model`:

        trainer = GRPOTrainer(..., reward_funcs=[make_verifier_reward("runs/verifier",
                                                                      device="cuda:1")])

    - `engine`: transformers (default), vllm or openai (a `vllm serve` of the verifier:
      `base_url=`); `kind`: logprob or reward-model (a sequence-classification head).
    - `reference`, `beta`: the DPO reward beta * (log V - log ref); `reduction`: the summed
      log-probability (V-STaR's score) or its per-token mean.
    - `name`: the function's `__name__`, which TRL logs as `rewards/<name>/mean`.
    - `options`: the Verifier's (`batch_size`, `device`, `dtype`, `eos`, `base_url`, ...).
    """
    return VerifierReward(model, engine=engine, kind=kind, reference=reference, beta=beta,
                          reduction=reduction, name=name, **options)


_VERIFIER_DEFAULTS: dict[str, VerifierReward] = {}
_VERIFIER_LOCK = threading.Lock()


def verifier_reward(
    prompts: Sequence[Any],
    completions: Sequence[CompletionLike],
    completion_ids: Sequence[Any] | None = None,
    trainer_state: Any = None,
    **columns: Any,
) -> list[float | None]:
    """A GRPO reward function: each completion's log-likelihood under the verifier named by
    the `STAR_VERIFIER` environment variable (a model directory or Hub id; transformers
    engine), given its prompt, as V-STaR scores candidates. One float per completion.

    For another engine, a reference model, a per-token mean or a device, build one with
    `make_verifier_reward(model, ...)`.
    """
    model = os.environ.get(VERIFIER_ENV)
    if not model:
        from star_cli.errors import UsageError

        raise UsageError(f"verifier_reward needs a verifier: set {VERIFIER_ENV}=MODEL, or "
                         "use make_verifier_reward(MODEL, ...)")
    with _VERIFIER_LOCK:
        reward = _VERIFIER_DEFAULTS.get(model)
        if reward is None:
            reward = _VERIFIER_DEFAULTS[model] = VerifierReward(model)
    return reward(prompts, completions, completion_ids, trainer_state, **columns)
