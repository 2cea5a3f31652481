"""vLLM generation throughput with one engine seed vs. a seed per request (`--seed-mode`).

Needs a GPU machine with vllm installed; it measures vLLM alone, the way star's vllm engine
calls it (one `LLM.generate` per batch, a `SamplingParams` per prompt with `logprobs=0`):

    python bench/vllm_seed.py                                   # Qwen2.5-0.5B, 512 x 8
    python bench/vllm_seed.py --model Qwen/Qwen2.5-1.5B-Instruct --prompts 1024 -n 4
    python bench/vllm_seed.py --top-p 0.95       # top-p on: vLLM's FlashInfer kernel, where
                                                 # it uses one, is kept only in engine mode

- engine:  `LLM(seed=S)` and `SamplingParams(seed=None)`; the batch's noise is drawn at once.
- request: the same LLM, each request with its own seed; vLLM gives each its own generator
  and draws its noise one request at a time, with the PyTorch-native sampler.

One LLM serves both modes (star builds it with `seed` in both), after a warm-up in each mode;
the modes alternate for `--rounds` rounds and the best round of each is reported. Every
sample runs to `--max-tokens` (`ignore_eos`), so both modes decode the same number of tokens;
`--natural-stop` lets samples end at EOS instead. `--check` also reruns a part of the batch,
reordered, and counts how many samples each mode repeats.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import statistics
import sys
import time
from typing import Any

MODES = ("engine", "request")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--model", default="Qwen/Qwen2.5-0.5B-Instruct", help="name or local path")
    ap.add_argument("--prompts", type=int, default=512, help="N prompts per generate call")
    ap.add_argument("-n", "--samples", type=int, default=8, help="samples per prompt")
    ap.add_argument("--max-tokens", type=int, default=256)
    ap.add_argument("--temperature", type=float, default=0.7)
    ap.add_argument("--top-p", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=0, help="the engine seed; request seeds derive")
    ap.add_argument("--rounds", type=int, default=2, help="timed generate calls per mode")
    ap.add_argument("--natural-stop", action="store_true", help="let samples stop at EOS")
    ap.add_argument("--check", action="store_true", help="also check what reruns repeat")
    ap.add_argument("--gpu-memory-utilization", type=float, default=None)
    ap.add_argument("--max-model-len", type=int, default=2048)
    ap.add_argument("--tensor-parallel-size", type=int, default=None)
    ap.add_argument("--dtype", default=None)
    args = ap.parse_args(argv)
    if min(args.prompts, args.samples, args.max_tokens, args.rounds) < 1:
        ap.error("--prompts, -n, --max-tokens and --rounds must be at least 1")
    if args.temperature <= 0:
        ap.error("--temperature must be > 0: greedy decoding draws no noise, seeds play no part")
    if not 0 < args.top_p <= 1:
        ap.error("--top-p must be in (0, 1]")
    return args


def require_gpu_and_vllm() -> None:
    """Stop with a clear message where this benchmark cannot run."""
    if importlib.util.find_spec("vllm") is None:
        sys.exit("bench/vllm_seed.py needs vllm, which is not installed here: run it on a "
                 "machine with an NVIDIA GPU after `pip install vllm` (or `pip install -e "
                 "'.[vllm]'`)")
    try:
        import torch
    except ImportError:
        sys.exit("bench/vllm_seed.py needs torch (it comes with vllm): pip install vllm")
    if not torch.cuda.is_available():
        sys.exit("bench/vllm_seed.py needs a CUDA GPU, and torch sees none "
                 "(check nvidia-smi and CUDA_VISIBLE_DEVICES)")


def request_seed(seed: int, key: str) -> int:
    """A per-request seed as star derives each problem's (`steps.sampling.problem_seed`)."""
    digest = hashlib.blake2b(f"{seed}\x1f{key}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") & 0x7FFFFFFF


def make_prompts(count: int) -> list[str]:
    """Distinct GSM8K-style prompts, as star's completion prompts end ("Q: ...\\nA:")."""
    shot = ("Q: Tom has 3 boxes of 12 apples and eats 5. How many are left?\n"
            "A: 3 boxes of 12 is 36 apples. 36 - 5 = 31. The answer is 31.\n\n")
    return [f"{shot}Q: A shop sells {7 + i % 13} pens a day for {2 + i} days, then "
            f"{i % 5 + 1} more. How many pens does it sell?\nA:" for i in range(count)]


def sampling_params(vllm: Any, args: argparse.Namespace, mode: str, count: int) -> list[Any]:
    """One SamplingParams per prompt, as star's vllm engine builds them."""
    return [
        vllm.SamplingParams(
            n=args.samples, temperature=args.temperature, top_p=args.top_p,
            max_tokens=args.max_tokens, ignore_eos=not args.natural_stop, logprobs=0,
            seed=request_seed(args.seed, f"p{i}") if mode == "request" else None,
        )
        for i in range(count)
    ]


def generate(llm: Any, prompts: list[str], params: list[Any]) -> tuple[float, int, list[Any]]:
    """Seconds, completion tokens, and the outputs of one generate call."""
    t0 = time.perf_counter()
    outputs = llm.generate(prompts, sampling_params=params, use_tqdm=False)
    seconds = time.perf_counter() - t0
    tokens = sum(len(c.token_ids) for out in outputs for c in out.outputs)
    return seconds, tokens, outputs


def texts(outputs: list[Any]) -> list[list[str]]:
    return [[c.text for c in out.outputs] for out in outputs]


def check_repeats(vllm: Any, llm: Any, args: argparse.Namespace, prompts: list[str]) -> None:
    """Rerun the first half of the prompts, reversed, and count the samples that repeat."""
    half = max(1, len(prompts) // 2)
    for mode in MODES:
        params = sampling_params(vllm, args, mode, len(prompts))
        *_, full = generate(llm, prompts, params)
        *_, part = generate(llm, prompts[:half][::-1], params[:half][::-1])
        before, again = texts(full[:half]), texts(part[::-1])
        same = sum(a == b for x, y in zip(before, again, strict=True)
                   for a, b in zip(x, y, strict=True))
        total = half * args.samples
        hope = "all, but for rare numeric flips" if mode == "request" else "no guarantee"
        print(f"  {mode:<8} {same}/{total} samples repeated when rebatched ({hope})")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    require_gpu_and_vllm()
    import vllm

    options = {"seed": args.seed, "max_model_len": args.max_model_len}
    for name in ("gpu_memory_utilization", "tensor_parallel_size", "dtype"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    print(f"vllm {getattr(vllm, '__version__', '?')}, model {args.model}, {args.prompts} "
          f"prompts x n={args.samples}, max_tokens={args.max_tokens}, "
          f"temperature={args.temperature}, top_p={args.top_p}", flush=True)
    llm = vllm.LLM(model=args.model, **options)
    prompts = make_prompts(args.prompts)

    warm = prompts[: min(32, len(prompts))]
    for mode in MODES:  # compiles, captures and JITs whatever each sampler path needs
        generate(llm, warm, sampling_params(vllm, args, mode, len(warm)))

    rounds: dict[str, list[tuple[float, int]]] = {mode: [] for mode in MODES}
    for r in range(args.rounds):
        order = MODES if r % 2 == 0 else MODES[::-1]  # alternate, so neither always goes first
        for mode in order:
            seconds, tokens, _ = generate(llm, prompts, sampling_params(vllm, args, mode,
                                                                        len(prompts)))
            rounds[mode].append((seconds, tokens))
            print(f"  round {r + 1} {mode:<8} {tokens / seconds:>10,.0f} tokens/s "
                  f"({tokens:,} tokens in {seconds:.2f} s)", flush=True)

    print("mode      tokens/s (best)   tokens/s (median)   samples/s (best)")
    best = {}
    for mode in MODES:
        rates = [tokens / seconds for seconds, tokens in rounds[mode]]
        seconds, _ = min(rounds[mode])
        best[mode] = max(rates)
        print(f"{mode:<9} {best[mode]:>15,.0f}   {statistics.median(rates):>17,.0f}   "
              f"{args.prompts * args.samples / seconds:>16,.1f}")
    print(f"engine / request: {best['engine'] / best['request']:.2f}x")
    if args.check:
        print("reproducibility (same LLM, first half rerun in reverse order):")
        check_repeats(vllm, llm, args, prompts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
