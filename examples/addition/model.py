"""Build the miniature's model: a character-level tokenizer and a tiny GPT-2 decoder, from
scratch, saved as a local Hugging Face model directory (no download).

    python examples/addition/model.py OUT_DIR [--layers 3] [--dim 64] [--heads 4] [--seed 0]

Every printable ASCII character and the newline is one token, so any prompt star builds
(instruction, question, hint) encodes without an unknown piece. Learned absolute positions
(GPT-2's): with operands zero-padded to one width, each digit of a problem sits at the same
position every time, which is what lets a model this small learn to add.
"""

from __future__ import annotations

import argparse
import string
from pathlib import Path

SPECIAL = ("<pad>", "<eos>", "<unk>")
CHARACTERS = "\n" + "".join(c for c in string.printable if c.isprintable())


def build_tokenizer():  # -> transformers.PreTrainedTokenizerFast
    from tokenizers import Regex, Tokenizer, decoders, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {tok: i for i, tok in enumerate(SPECIAL + tuple(dict.fromkeys(CHARACTERS)))}
    core = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    # Every character is a piece of its own ([\s\S]: the newline too); Fuse joins them back
    # without the spaces WordLevel's default decoding would put between pieces.
    core.pre_tokenizer = pre_tokenizers.Split(Regex(r"[\s\S]"), behavior="isolated")
    core.decoder = decoders.Fuse()
    return PreTrainedTokenizerFast(
        tokenizer_object=core, pad_token="<pad>", eos_token="<eos>", unk_token="<unk>",
        clean_up_tokenization_spaces=False, model_max_length=512,
    )


def build_model(vocab_size: int, *, layers: int, dim: int, heads: int, positions: int,
                pad: int, eos: int, dropout: float):  # -> transformers.GPT2LMHeadModel
    from transformers import GPT2Config, GPT2LMHeadModel

    config = GPT2Config(
        vocab_size=vocab_size, n_positions=positions, n_embd=dim, n_layer=layers, n_head=heads,
        # No attention dropout: with it, PyTorch's CPU attention falls back to its slow path
        # and a training step takes 3-4x longer.
        resid_pdrop=dropout, embd_pdrop=dropout, attn_pdrop=0.0, bos_token_id=eos,
        eos_token_id=eos,
        pad_token_id=pad,
    )
    return GPT2LMHeadModel(config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--positions", type=int, default=512)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import torch

    torch.manual_seed(args.seed)
    tokenizer = build_tokenizer()
    model = build_model(len(tokenizer), layers=args.layers, dim=args.dim, heads=args.heads,
                        positions=args.positions, pad=tokenizer.pad_token_id,
                        eos=tokenizer.eos_token_id, dropout=args.dropout)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    params = sum(p.numel() for p in model.parameters())
    print(f"model: {params:,} parameters, {len(tokenizer)} tokens -> {args.out}")


if __name__ == "__main__":
    main()
