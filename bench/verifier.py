"""Verifier scoring throughput: `Verifier.score_pairs` against a bare forward pass.

A tiny-ish Llama (random weights; a BPE tokenizer trained on the GSM8K questions and
solutions) scores GSM8K worked solutions given their questions, as `star score` scores
rationales: text prompts `Q: ...\\nA:` (or, with --chat, the same as chat messages), each
solution followed by the EOS token. Two timings over the same pairs and batch size:

  star  Verifier.score_pairs(pairs), end to end: chat template, tokenization of prompt and
        prompt + completion, the boundary, batching, forward passes, log-softmax and gather
  bare  model(input_ids, attention_mask) on the very same token batches, tokenized
        beforehand, logits computed and nothing else (the floor of any scorer)

Throughput counts every token of every sequence (prompt and completion: what the forward
pass processes). Target: star's overhead at most 10% over the bare pass. star asks the model
for the logits of the completion's positions only (`logits_to_keep`), so it can beat the bare
pass; `--full-logits` makes it compute them all, to time its own work alone (templates,
tokenization, float32 log-softmax and gather over the vocabulary).

Figures on the 2-core CPU box (shared, so best of 5 alternated runs; 128 GSM8K pairs,
hidden 512 x 4 layers, vocab 8192, batch 16, float32):

    text   bare 3197 tok/s   star 3292 tok/s   -2.9%
    chat   bare 3337 tok/s   star 3339 tok/s   -0.0%
    text, --full-logits      bare 2885 tok/s   star 2773 tok/s   +4.0%
    text, --full-logits --hidden 256: +13.9% (a 256-wide lm_head costs little next to the
        log-softmax over 8192 logits; in a real model, 3-8k wide, the log-softmax is ~1%)

    python bench/verifier.py                        # 128 pairs, batch 16, CPU
    python bench/verifier.py --device cuda --dtype bfloat16 --pairs 4096 --batch-size 64
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

# The repository, not bench/ (a bench/select.py would shadow the standard library's select).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

from star_cli.verifier import Verifier  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gsm8k" / "train.jsonl"
EOS, PAD = "<|endoftext|>", "<|pad|>"
TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}<|end|>{% endfor %}"
            "{% if add_generation_prompt %}<|assistant|>{% endif %}")


def problems(limit: int) -> list[tuple[str, str]]:
    if DATA.exists():
        rows = [json.loads(line) for line in DATA.open(encoding="utf-8")][:limit]
        return [(r["question"], r["answer"]) for r in rows]
    # Without the shared data: synthetic arithmetic of varied length.
    return [(f"What is {i} + {i * 7} times {i % 13}?",
             " ".join(f"{i} + {k} = {i + k}." for k in range(i % 40 + 5)) + f"\n#### {i}")
            for i in range(limit)]


def build_model(path: Path, texts: list[str], hidden: int, layers: int, vocab: int) -> None:
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab, special_tokens=[EOS, PAD],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    raw.train_from_iterator(texts, trainer=trainer)
    tok = PreTrainedTokenizerFast(tokenizer_object=raw, eos_token=EOS, pad_token=PAD,
                                  chat_template=TEMPLATE)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=hidden, intermediate_size=4 * hidden,
                         num_hidden_layers=layers, num_attention_heads=max(1, hidden // 64),
                         num_key_value_heads=max(1, hidden // 64),
                         max_position_embeddings=4096, eos_token_id=tok.eos_token_id,
                         pad_token_id=tok.pad_token_id, bos_token_id=None)
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(path)
    tok.save_pretrained(path)


def bare(verifier: Verifier, pairs: list, batch_size: int) -> tuple[float, int]:
    """Seconds for plain forward passes over star's own token batches, and their tokens."""
    backend = verifier._backend
    torch, model, device = backend.torch, backend.model, backend.device
    items = backend.formatter.encode(pairs)
    order = sorted(range(len(items)), key=lambda i: -len(items[i].ids))
    batches = []
    for k in range(0, len(order), batch_size):
        chunk = [items[i].ids for i in order[k : k + batch_size]]
        width = len(chunk[0])
        ids = torch.tensor([c + [backend.pad] * (width - len(c)) for c in chunk], device=device)
        mask = torch.tensor([[1] * len(c) + [0] * (width - len(c)) for c in chunk],
                            device=device)
        batches.append((ids, mask))
    tokens = sum(len(it.ids) for it in items)
    sync()
    start = time.perf_counter()
    with torch.inference_mode():
        for ids, mask in batches:
            model(input_ids=ids, attention_mask=mask).logits  # noqa: B018
    sync()
    return time.perf_counter() - start, tokens


def star(verifier: Verifier, pairs: list) -> float:
    sync()
    start = time.perf_counter()
    verifier.score_pairs(pairs)
    sync()
    return time.perf_counter() - start


def sync() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=int, default=128)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--hidden", type=int, default=512)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--vocab", type=int, default=8192)
    ap.add_argument("--device", default=None)
    ap.add_argument("--dtype", default=None)
    ap.add_argument("--chat", action="store_true", help="chat prompts (the chat template)")
    ap.add_argument("--full-logits", action="store_true",
                    help="star computes every position's logits too, as the bare pass does "
                         "(by default it keeps only the completion's: logits_to_keep)")
    ap.add_argument("--repeats", type=int, default=5, help="best of N timings of each")
    args = ap.parse_args()

    import torch

    torch.manual_seed(0)
    rows = problems(args.pairs)
    with tempfile.TemporaryDirectory(prefix="star-bench-verifier-") as tmp:
        texts = [q for q, _ in rows] + [a for _, a in rows]
        build_model(Path(tmp), texts, args.hidden, args.layers, args.vocab)
        pairs = [([{"role": "user", "content": q}] if args.chat else f"Q: {q}\nA:", " " + a)
                 for q, a in rows]
        with Verifier(tmp, batch_size=args.batch_size, device=args.device,
                      dtype=args.dtype) as v:
            if args.full_logits:
                v._backend.keep_logits = False
            star(v, pairs[: args.batch_size])  # warm up both paths
            bare(v, pairs[: args.batch_size], args.batch_size)
            # Alternated, best of each: on a shared machine the slowest runs measure the
            # neighbours, not the scorer.
            star_times, bare_times = [], []
            for _ in range(args.repeats):
                star_times.append(star(v, pairs))
                seconds, tokens = bare(v, pairs, args.batch_size)
                bare_times.append(seconds)
            star_s, bare_s = min(star_times), min(bare_times)
            start = time.perf_counter()
            v._backend.formatter.encode(pairs)
            encode_s = time.perf_counter() - start
            device = v._backend.device
    print(f"verifier scoring: {len(pairs)} pairs ({'chat' if args.chat else 'text'}), "
          f"{tokens} tokens, batch {args.batch_size}, hidden {args.hidden} x {args.layers} "
          f"layers, vocab {args.vocab}, {device}, {torch.get_num_threads()} threads"
          f"{', full logits' if args.full_logits else ''}")
    print(f"  bare forward   {tokens / bare_s:10.0f} tok/s  ({bare_s:.3f} s)")
    print(f"  Verifier.score {tokens / star_s:10.0f} tok/s  ({star_s:.3f} s, of which "
          f"{encode_s:.3f} s templates and tokenization)")
    overhead = star_s / bare_s - 1
    print(f"  overhead       {overhead:+.1%}  (target: at most +10%)")


if __name__ == "__main__":
    main()
