"""The transformers engine on a tiny random model built on the spot (no download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from star_cli.engines.base import Completion, Request, Sampling
from star_cli.errors import EngineError
from tests.tiny_model import tiny_model_dir  # noqa: F401  (the session fixture)

pytest.importorskip("torch")
pytest.importorskip("transformers")

from star_cli.engines.transformers import TransformersEngine, _cut_at_stop, _finish  # noqa: E402

CHAT = [{"role": "user", "content": "Q: What is 2 + 3?"}]
PROMPTS = ["Q: What is 2 + 3? A:", "Q: 7 - 2?", "The answer is", "Q: What is 100 / 4? A: 100", "A:"]


@pytest.fixture(scope="module")
def engine(tiny_model_dir: Path) -> TransformersEngine:  # noqa: F811
    return TransformersEngine(str(tiny_model_dir), device="cpu", batch_size=2)


def sampled(**kw) -> Sampling:
    return Sampling(**{"temperature": 1.0, "max_tokens": 8, "seed": 1, **kw})


def texts(completions: list[list[Completion]]) -> list[list[str]]:
    return [[c.text for c in cs] for cs in completions]


def test_text_prompt_gives_n_completions(engine: TransformersEngine) -> None:
    [completions] = engine.generate([Request(PROMPTS[0], sampled(n=3))])
    assert len(completions) == 3
    for c in completions:
        # A random model does not find eos within 8 tokens: every sample is cut by length.
        assert (c.finish_reason, c.tokens) == ("length", 8)
        assert isinstance(c.text, str) and c.text
        assert isinstance(c.logprob, float) and c.logprob < 0


def test_chat_prompt(engine: TransformersEngine) -> None:
    [completions] = engine.generate([Request(CHAT, sampled(n=2))])
    assert [c.tokens for c in completions] == [8, 8]


def test_more_requests_than_batch_size_keep_their_order(engine: TransformersEngine) -> None:
    greedy = Sampling(temperature=0.0, max_tokens=6)
    together = engine.generate([Request(p, greedy) for p in PROMPTS])
    alone = [engine.generate([Request(p, greedy)])[0] for p in PROMPTS]
    assert texts(together) == texts(alone)


def test_requests_with_different_sampling_in_one_call(engine: TransformersEngine) -> None:
    requests = [
        Request(PROMPTS[0], sampled(n=2, max_tokens=3)),
        Request(CHAT, sampled(n=1, max_tokens=5)),
        Request(PROMPTS[1], sampled(n=3, max_tokens=3, seed=2)),
        Request(PROMPTS[2], Sampling(n=2, temperature=0.0, max_tokens=4)),
    ]
    out = engine.generate(requests)
    assert [[c.tokens for c in cs] for cs in out] == [[3, 3], [5], [3, 3, 3], [4, 4]]
    assert out[3][0] == out[3][1]  # greedy: the same answer n times


def test_same_seed_same_samples(engine: TransformersEngine) -> None:
    def run(seed: int) -> list[list[str]]:
        return texts(engine.generate([Request(p, sampled(n=2, seed=seed)) for p in PROMPTS[:3]]))

    first = run(7)
    assert run(7) == first
    assert run(8) != first


def test_stop_string_cuts_the_text(engine: TransformersEngine) -> None:
    greedy = Sampling(temperature=0.0, max_tokens=8)
    [[free]] = engine.generate([Request(PROMPTS[0], greedy)])
    stop = next(ch for ch in free.text[1:] if ch.isascii() and ch.isprintable() and ch != " ")
    [[cut]] = engine.generate([Request(PROMPTS[0], Sampling(**{**vars(greedy), "stop": (stop,)}))])
    assert cut.text == free.text[: free.text.index(stop)]
    assert cut.finish_reason == "stop"
    assert cut.tokens is not None and cut.tokens < 8
    assert cut.logprob is not None and cut.logprob > free.logprob  # fewer tokens summed


def test_eos_ends_a_sample(tiny_model_dir: Path) -> None:  # noqa: F811
    import torch

    e = TransformersEngine(str(tiny_model_dir), device="cpu")
    # A head that always prefers eos: every sample is eos and nothing else.
    head = torch.nn.Linear(e.hf_model.config.hidden_size, e.hf_model.config.vocab_size)
    torch.nn.init.zeros_(head.weight)
    torch.nn.init.zeros_(head.bias)
    head.bias.data[e.tokenizer.eos_token_id] = 50.0
    e.hf_model.lm_head = head
    [completions] = e.generate([Request(PROMPTS[0], sampled(n=2))])
    assert [(c.text, c.finish_reason, c.tokens) for c in completions] == [("", "stop", 1)] * 2
    assert all(-1e-3 < (c.logprob or 0) <= 0 for c in completions)


def test_finish_counts_tokens_up_to_eos_or_stop() -> None:
    def decode(ids: list[int]) -> str:
        return "".join("abcdefgh"[i] for i in ids if i < 8)

    eos = [9]
    s = Sampling(max_tokens=6)
    assert _finish([0, 1, 2, 3, 4, 5], eos, s, decode) == (6, "length")
    assert _finish([0, 1, 9, 9, 9, 9], eos, s, decode) == (3, "stop")  # pad == eos
    with_stop = Sampling(max_tokens=6, stop=("cd",))
    # A stop string found, then padding (here also the eos token) after it.
    assert _finish([0, 1, 2, 3, 9, 9], eos, with_stop, decode) == (4, "stop")
    assert _finish([0, 1, 2, 4, 5, 6], eos, with_stop, decode) == (6, "length")
    assert _cut_at_stop("ab cd ef", ("ef", "cd")) == "ab "
    assert _cut_at_stop("abc", ()) == "abc"


def test_chat_without_template_refused(tiny_model_dir: Path) -> None:  # noqa: F811
    e = TransformersEngine(str(tiny_model_dir), device="cpu")
    e.tokenizer.chat_template = None
    with pytest.raises(EngineError, match="--chat"):
        e.generate([Request(CHAT, sampled())])


def test_missing_model_path(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match="does not exist"):
        TransformersEngine(str(tmp_path / "no-such-model"))


def test_hub_id_that_cannot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import transformers

    def offline(*args, **kwargs):
        raise OSError("We couldn't connect to 'https://huggingface.co' to load the files\nmore")

    monkeypatch.setattr(transformers.AutoTokenizer, "from_pretrained", offline)
    with pytest.raises(EngineError, match="HF_HUB_OFFLINE") as info:
        TransformersEngine("someone/some-model")
    assert "\n" not in str(info.value)


def test_bad_dtype(tiny_model_dir: Path) -> None:  # noqa: F811
    with pytest.raises(EngineError, match="dtype"):
        TransformersEngine(str(tiny_model_dir), device="cpu", dtype="float33")


def test_registry_finds_it() -> None:
    from star_cli.engines import resolve

    assert resolve("transformers") is TransformersEngine


def test_the_false_padding_warning_is_dropped_and_nothing_else(engine: TransformersEngine) -> None:
    """Cached decoding feeds a finished row's pad token without a mask, and transformers then
    warns about unmasked padding star never sends; other transformers warnings still show."""
    import logging

    logger = logging.getLogger("transformers.modeling_utils")
    [quiet] = [f for f in logger.filters if type(f).__name__ == "_FalsePaddingWarning"]

    def record(msg: str) -> logging.LogRecord:
        return logger.makeRecord(logger.name, logging.WARNING, __file__, 1, msg, (), None)

    assert not quiet.filter(record("We strongly recommend passing in an `attention_mask` since "
                                   "your input_ids may be padded. See https://..."))
    assert quiet.filter(record("Some weights of the model checkpoint were not used"))
    TransformersEngine(engine.model, device="cpu")  # a second engine adds no second filter
    assert sum(type(f).__name__ == "_FalsePaddingWarning" for f in logger.filters) == 1
