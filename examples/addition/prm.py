"""Train the miniature's process reward model on `star steps --format stepwise` rows.

    python examples/addition/prm.py DATA OUT --base MODEL [--steps 300] [--last-step-only]
                                    [--exact] [--seed 0]

TRL 1.x has no PRM trainer, so this is its former `PRMTrainer` in a few lines of
`transformers`: the base model with a token-classification head (two labels: the step holds
or not), each row tokenized as star scores it (`star_cli.engines.scoring.prm.encode_steps`:
the prompt, then each step followed by the separator, the step's label on the separator's
last token, every other position ignored), cross-entropy, `Trainer` on CPU.

`--last-step-only` keeps only the last step's label (TRL's `train_on_last_step_only`): an
outcome reward model trained on the same rows, the baseline that says what the step labels
add. `--exact` replaces the rollout labels by the exact ones (`exact.py`): what a PRM learns
from labels without noise. `star score --kind prm --verifier OUT` then scores with it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from exact import exact_labels, question_of  # noqa: E402

from star_cli.engines.scoring.prm import SEPARATOR, encode_steps  # noqa: E402
from star_cli.io.readers import read_records  # noqa: E402


def rows(data: Path, tokenizer, last_only: bool, exact: bool) -> list[dict[str, list[int]]]:
    out = []
    for row, _ in read_records([str(data)]):
        steps, labels = row["completions"], [bool(x) for x in row["labels"]]
        if exact:
            labels = exact_labels(question_of(row["prompt"]), steps)
        ids, ends = encode_steps(tokenizer, row["prompt"], steps, SEPARATOR)
        target = [-100] * len(ids)
        for i, (end, label) in enumerate(zip(ends, labels, strict=True)):
            if not last_only or i == len(ends) - 1:
                target[end] = int(label)
        out.append({"input_ids": ids, "labels": target})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="star steps --format stepwise output")
    parser.add_argument("out", type=Path)
    parser.add_argument("--base", required=True, help="the model the PRM starts from")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--last-step-only", action="store_true")
    parser.add_argument("--exact", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    import datasets
    import torch
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        DataCollatorForTokenClassification,
        Trainer,
        TrainingArguments,
    )

    torch.manual_seed(args.seed)
    tokenizer = AutoTokenizer.from_pretrained(args.base)
    train = datasets.Dataset.from_list(rows(args.data, tokenizer, args.last_step_only,
                                            args.exact))
    model = AutoModelForTokenClassification.from_pretrained(
        args.base, num_labels=2, id2label={0: "wrong", 1: "holds"},
        label2id={"wrong": 0, "holds": 1})
    model.config.pad_token_id = tokenizer.pad_token_id
    trainer = Trainer(
        model=model, train_dataset=train,
        data_collator=DataCollatorForTokenClassification(tokenizer),
        args=TrainingArguments(
            output_dir=str(args.out), max_steps=args.steps,
            per_device_train_batch_size=args.batch_size, learning_rate=args.lr,
            lr_scheduler_type="cosine", warmup_steps=min(30, args.steps // 10),
            use_cpu=True, report_to="none", save_strategy="no", logging_steps=50,
            dataloader_num_workers=0, seed=args.seed, disable_tqdm=True),
    )
    trainer.train()
    trainer.save_model(str(args.out))
    tokenizer.save_pretrained(str(args.out))
    labelled = sum(sum(x != -100 for x in r["labels"]) for r in train)
    holding = sum(sum(x == 1 for x in r["labels"]) for r in train)
    (args.out / "prm.json").write_text(json.dumps({
        "rows": len(train), "labels": labelled, "holding": holding,
        "last_step_only": args.last_step_only, "exact": args.exact, "steps": args.steps}) + "\n")
    print(f"PRM: {len(train)} rows, {labelled} step labels ({holding} holding) -> {args.out}")


if __name__ == "__main__":
    main()
