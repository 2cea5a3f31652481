"""Thinking models in exports: how an exported row writes a trace's thought.

The assistant text is the rationale, which holds the thought (docs/thinking.md). `keep` (the
default) writes it as R1-style SFT recipes train on it, `START thought END answer`, in the
model's delimiters (a completion that started inside the thought, its START in the chat
template's generation prompt, gets its START back, so every row has one shape); `drop` writes
the answer part alone; `tokens` rewrites the delimiters into another pair (Quiet-STaR's
`<|startofthought|>` / `<|endofthought|>`). Where the thought is comes from
`answers.thinking` (the run's --thinking and --think-tags), the rule the checker judged the
trace by.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from star_cli.answers.thinking import ThinkingOptions, ThinkTags, Thought, tag_pair
from star_cli.errors import InputError, UsageError

log = logging.getLogger("star_cli")

THOUGHT_MODES = ("keep", "drop")  # --thoughts of star filter and star pairs


@dataclass(frozen=True)
class Thoughts:
    """How an export writes a thought: `mode` keep | drop; `tokens`, the delimiters to write
    instead of the model's (None: the model's own); `reading`, how thoughts are found (the
    run's --thinking and --think-tags, as its filters read them)."""

    mode: str = "keep"
    tokens: ThinkTags | None = None
    reading: ThinkingOptions = ThinkingOptions()

    @property
    def changes(self) -> bool:
        """Whether rows differ from the plain rationale's (drop, or other delimiters)."""
        return self.mode == "drop" or self.tokens is not None


KEEP = Thoughts()


def thoughts_for(mode: str = "keep", tokens: list[str] | tuple[str, str] | None = None,
                    reading: ThinkingOptions = ThinkingOptions()) -> Thoughts:
    """`--thoughts keep|drop` and `--thought-tokens START END` of an export, checked against
    each other and the reading: a UsageError (exit 2) naming the option."""
    if mode not in THOUGHT_MODES:
        raise UsageError(f"--thoughts must be one of {', '.join(THOUGHT_MODES)}, got {mode!r}")
    pair = tag_pair(tokens or None, "--thought-tokens")
    if pair is not None and mode == "drop":
        raise UsageError("--thought-tokens rewrites the thought's delimiters, and --thoughts "
                         "drop leaves the thought out: choose one")
    if reading.off and (pair is not None or mode == "drop"):
        raise UsageError("--thinking off reads no thoughts, so none can be dropped or "
                         "rewritten: leave out --thinking off")
    return Thoughts(mode, pair, reading)


def _rationale(trace: dict[str, Any]) -> str:
    value = trace.get("rationale") or trace.get("completion") or ""
    return str(value).strip()


def assistant_text(trace: dict[str, Any], thoughts: Thoughts = KEEP) -> str:
    """What the model is trained to write: the rationale, its thought (if any) written the
    way `thoughts` says."""
    text = _rationale(trace)
    thought = thoughts.reading.split(text)
    if not thought.present:
        if thoughts.changes and isinstance(trace.get("thinking"), str):
            # Judged with a thought that these delimiters do not find: dropping or rewriting
            # nothing would pass the thought on silently.
            raise ValueError("the trace has a thought, but the delimiters "
                             f"{thoughts.reading.tags.start!r} {thoughts.reading.tags.end!r} "
                             "find none in its rationale")
        return text
    if thoughts.mode == "drop":
        return thought.answer_part(text).strip()
    tags = thoughts.reading.tags
    return _rewrite(text, thought, tags, thoughts.tokens or tags)


def check_exportable(trace: dict[str, Any], thoughts: Thoughts, *, path: str,
                     line: int | None) -> None:
    """An InputError naming the trace when it cannot be exported as `thoughts` says (its
    thought the delimiters do not find), for the step that validates its input before
    writing anything."""
    if not thoughts.changes:
        return
    try:
        assistant_text(trace, thoughts)
    except ValueError as e:
        raise InputError(str(e), path=path, line=line, field="thinking",
                         fix="give --think-tags START END (and --thinking) as the traces "
                         "were sampled with") from None


def _rewrite(text: str, thought: Thought, tags: ThinkTags, out: ThinkTags) -> str:
    """`text` with its thought between `out`'s delimiters: the text before the opening tag,
    the thought as written (whitespace kept), the closing tag only where it closed, then the
    answer. The delimiters' places follow from the split: the thought (stripped) ends before
    the closing tag, and the opening tag, if the completion has one, comes right before it."""
    close = thought.answer_start - len(tags.end) if thought.closed else len(text)
    inner_end = len(text[:close].rstrip())
    begin = inner_end - len(thought.thinking or "")
    head = text[:begin].rstrip()
    if head.endswith(tags.start):
        before, inner = head[: -len(tags.start)], text[len(head):close]
    else:  # started inside the thought: the opening tag was in the generation prompt,
        # as R1's and Qwen3's templates write it, followed by a newline
        before, inner = "", text[:close]
        inner = inner if inner[:1].isspace() else "\n" + inner
    closing = out.end if thought.closed else ""
    return before + out.start + inner + closing + thought.answer_part(text)


# -- the tokenizer a thought-token export is for ---------------------------------------------


def check_thought_tokens(tokenizer: str | None, thoughts: Thoughts) -> None:
    """Say so before exporting delimiters a tokenizer cannot encode as they are meant.

    With `--thought-tokens` the pair is meant to be the model's own two tokens (Quiet-STaR's
    learned start/end of thought, a reserved pair): each must be one token of `tokenizer`,
    also between other text, else the run is refused (exit 2), since training would teach
    the pieces instead. The model's own delimiters (keep) that are not single tokens are
    only warned about: R1-style recipes train them as text. Without a tokenizer nothing can
    be checked, and a --thought-tokens export says that it was not."""
    if thoughts.mode == "drop" or thoughts.reading.off:
        return
    if tokenizer is None:
        if thoughts.tokens is not None:
            log.warning("--thought-tokens %s %s: not checked against a tokenizer; give "
                        "--tokenizer PATH to check that each is one token of the model",
                        thoughts.tokens.start, thoughts.tokens.end)
        return
    tok = load_tokenizer(tokenizer)
    pair = thoughts.tokens or thoughts.reading.tags
    for tag in (pair.start, pair.end):
        problem = _encoding_problem(tok, tag)
        if problem is None:
            continue
        if thoughts.tokens is None:
            log.warning("%r: the tokenizer of %s %s; the thoughts are exported with it as "
                        "text", tag, tokenizer, problem)
            continue
        raise UsageError(
            f"--thought-tokens {tag!r}: the tokenizer of {tokenizer} {problem}. Add the pair "
            "to the tokenizer first (tokenizer.add_special_tokens({'additional_special_tokens'"
            ": [START, END]}), model.resize_token_embeddings(len(tokenizer)), save both), or "
            "give --tokenizer the model that has them")


# Tokens with a role of their own: a thought delimiter that is one of them would be masked out
# of the loss (pad), end generation (eos), or be read as something else by the trainer.
_ROLE_TOKENS = ("bos_token", "eos_token", "pad_token", "unk_token", "sep_token", "cls_token",
                "mask_token")


def _encoding_problem(tok: Any, tag: str) -> str | None:
    """How `tokenizer` fails to encode `tag` as one token of its own (None: it does), alone
    and between other text (a vocabulary token that is no added token may merge with its
    neighbours); a token with another role (eos, pad, ...) is no thought token either."""
    for role in _ROLE_TOKENS:
        if getattr(tok, role, None) == tag:
            return (f"has it as its {role}, which training and generation treat as such (pad "
                    "is masked out of the loss, eos ends the sample), not as a thought token")
    alone = list(tok(tag, add_special_tokens=False)["input_ids"])
    unk = getattr(tok, "unk_token_id", None)
    if unk is not None and unk in alone:
        return "cannot encode it (unknown pieces)"
    if len(alone) != 1:
        return f"encodes it as {len(alone)} pieces, not as one token"
    around = list(tok(f"x{tag}\n", add_special_tokens=False)["input_ids"])
    if alone[0] not in around:
        return "merges it with the text around it, so it is no token of its own"
    return None


def load_tokenizer(name: str) -> Any:
    """`--tokenizer`: a local model directory or a Hub id (offline: the cache); exit 2 when
    it cannot be loaded."""
    try:
        from transformers import AutoTokenizer
    except ImportError as e:
        raise UsageError(f"--tokenizer needs the transformers package ({e}); install it with: "
                         "pip install 'star-cli[hf]'") from None
    from star_cli.errors import EngineError
    from star_cli.io.hub import resolve_hub_model

    path = os.path.expanduser(name)
    try:
        local = os.path.exists(path) or resolve_hub_model(name)
        return AutoTokenizer.from_pretrained(path if os.path.exists(path) else name,
                                             local_files_only=local)
    except (EngineError, OSError, ValueError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise UsageError(f"--tokenizer {name}: cannot load a tokenizer ({first})") from None
