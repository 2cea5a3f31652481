"""Build the gym example's model: the miniature's character-level tokenizer and tiny GPT-2
(examples/addition/model.py), with one more token, star's gym instruction, whole.

    python examples/gym/model.py OUT_DIR [--family NAME] [--layers 3] [--dim 64] [--heads 4]
                                 [--positions 128]

star's gym prompt (text, `--few-shot 0`) is reasoning-gym's default system prompt, 424
characters, then `Q: question` / `A:`: character by character, the instruction alone would be
four fifths of every sequence, and attention is paid on every position. A tokenizer may give
any text a token of its own (BPE vocabularies hold long words whole); this one gives the
instruction one, so the model reads star's prompt unchanged, the instruction at the cost of a
single position; and the same for the constant phrases of the family's questions
(families.py: `Spell this word backward (example: sun -> nus): `). Everything else is one token per
character, as in the miniature.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path

# examples/addition/model.py, loaded by its path (its module name is this file's too)
_spec = importlib.util.spec_from_file_location(
    "addition_model", Path(__file__).resolve().parents[1] / "addition" / "model.py")
assert _spec is not None and _spec.loader is not None
addition_model = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(addition_model)


def instruction() -> str:
    """The text star's gym task puts before `\\n\\nQ: ` in every text prompt."""
    from star_cli.tasks import get_task

    return get_task("gym").instruction


def build_tokenizer(phrases: tuple[str, ...] = ()):  # -> transformers.PreTrainedTokenizerFast
    from tokenizers import AddedToken

    tokenizer = addition_model.build_tokenizer()
    # normalized=False: matched on the raw text, before the one-character split
    tokenizer.add_tokens([AddedToken(text, normalized=False, single_word=False, lstrip=False,
                                     rstrip=False) for text in (instruction(), *phrases)])
    return tokenizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--family", default="spell_backward")
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--heads", type=int, default=4)
    parser.add_argument("--positions", type=int, default=128)
    parser.add_argument("--dropout", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import torch
    from families import FAMILIES

    torch.manual_seed(args.seed)
    tokenizer = build_tokenizer(FAMILIES[args.family].phrases)
    model = addition_model.build_model(
        len(tokenizer), layers=args.layers, dim=args.dim, heads=args.heads,
        positions=args.positions, pad=tokenizer.pad_token_id, eos=tokenizer.eos_token_id,
        dropout=args.dropout)
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    params = sum(p.numel() for p in model.parameters())
    print(f"model: {params:,} parameters, {len(tokenizer)} tokens (star's gym instruction "
          f"and gym:{args.family}'s phrases among them) -> {args.out}")


if __name__ == "__main__":
    main()
