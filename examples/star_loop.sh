#!/usr/bin/env bash
# The STaR loop (Zelikman et al. 2022) with star: for each iteration i,
#   1. star generate     sample rationales for every training problem with model M_i
#   2. star rationalize  give the unsolved problems their answer as a hint; store hint-free
#   3. star filter       keep the correct, finished, leak-free traces as SFT chat messages
#   4. fine-tune         the BASE model (never M_i, as in the paper) on them: M_{i+1}
#
# Usage:
#   examples/star_loop.sh TRAIN TASK BASE_MODEL [ITERATIONS] [RUNS_DIR]
#   examples/star_loop.sh train.jsonl csqa Qwen/Qwen2.5-0.5B-Instruct 3 runs
#
# Environment (all optional):
#   STAR_SAMPLES   samples per problem for generate (default 4; V-STaR uses 16)
#   STAR_ARGS      extra options for generate and rationalize, e.g. "--engine vllm --chat"
#   FINETUNE       the fine-tuning command; {base}, {data} and {out} are replaced by the base
#                  model, the SFT dataset directory and the new model's directory. Default:
#                  trl sft --model_name_or_path {base} --dataset_name {data} --output_dir {out}
#
# Every step writes its own directory under RUNS_DIR/it<i>/ and resumes when rerun, so the
# whole script can be rerun after a crash or a preemption: finished steps are skipped.
# When an iteration keeps no trace (star filter exits 1), the script stops with exit 1.
# On a machine without a GPU, add trl's CPU flags:
#   FINETUNE="trl sft ... --use_cpu --bf16 false"
set -euo pipefail

if [ $# -lt 3 ]; then
  sed -n '2,23p' "$0" >&2
  exit 2
fi
train=$1 task=$2 base=$3 iterations=${4:-3} runs=${5:-runs}
samples=${STAR_SAMPLES:-4}
read -r -a extra <<< "${STAR_ARGS:-}"
finetune=${FINETUNE:-"trl sft --model_name_or_path {base} --dataset_name {data} --output_dir {out}"}

model=$base
for ((i = 0; i < iterations; i++)); do
  it=$runs/it$i
  echo "== STaR iteration $i with model $model ==" >&2
  star generate "$train" --task "$task" --model "$model" -n "$samples" --iteration "$i" \
    -o "$it/gen" "${extra[@]}"
  star rationalize "$it/gen" --problems "$train" --task "$task" --model "$model" -n 1 \
    --iteration "$i" -o "$it/rat" "${extra[@]}"
  rc=0
  star filter "$it/gen" "$it/rat" --correct --format messages -o "$it/sft" || rc=$?
  if [ "$rc" -eq 1 ]; then
    # star filter exits 1 when it kept nothing: fine-tuning on an empty set would fail or
    # silently train on nothing, so the loop stops here.
    echo "star_loop: iteration $i: no correct traces to train on in $it/gen and $it/rat;" \
      "stopping before fine-tuning (more samples: STAR_SAMPLES, or a stronger model)" >&2
    exit 1
  elif [ "$rc" -ne 0 ]; then
    exit "$rc"
  fi
  if [ ! -e "$it/model/.star-done" ]; then
    cmd=${finetune//\{base\}/$base}
    cmd=${cmd//\{data\}/$it/sft}
    cmd=${cmd//\{out\}/$it/model}
    echo "+ $cmd" >&2
    eval "$cmd"
    touch "$it/model/.star-done"
  fi
  model=$it/model
done
echo "== done: $model ==" >&2
