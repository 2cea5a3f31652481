"""A tiny random causal LM and tokenizer, built offline in about a second.

Tests that need a real `transformers` model use the session fixture:

    from tests.tiny_model import tiny_model_dir  # noqa: F401
"""

from __future__ import annotations

from pathlib import Path

import pytest

EOS = "<|endoftext|>"
PAD = "<|pad|>"
# A plain template, enough for chat prompts to render without any Hub download.
CHAT_TEMPLATE = (
    "{% for m in messages %}{{ m['role'] }}: {{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}assistant:{% endif %}"
)
CORPUS = [
    "Q: What is 2 + 3? A: 2 + 3 = 5. The answer is 5.",
    "Q: What is 12 * 4? A: 12 * 4 = 48. The answer is 48.",
    "Q: Tom has 7 apples and eats 2. How many are left? A: 7 - 2 = 5. The answer is 5.",
    "Q: What is 100 / 4? A: 100 / 4 = 25. The answer is 25.",
    "user: system: assistant: 0 1 2 3 4 5 6 7 8 9 #### \\boxed{}",
]


def build_tiny_model(path: str | Path) -> Path:
    """Train a byte-level BPE tokenizer and save it with a random 2-layer Llama to `path`."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    path = Path(path)
    raw = Tokenizer(models.BPE())
    # Byte level, so that any text round-trips exactly through encode and decode.
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=320,
        special_tokens=[EOS, PAD],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    raw.train_from_iterator(CORPUS * 4, trainer=trainer)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=raw, eos_token=EOS, pad_token=PAD, chat_template=CHAT_TEMPLATE
    )
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=256,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None,
    )
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"))
