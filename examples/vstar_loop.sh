#!/usr/bin/env bash
# The V-STaR loop (Hosseini et al. 2024) with star: for each iteration i,
#   1. star generate  sample k rationales per training problem with generator G_i, labelled
#   2. star filter    the correct, finished ones of every iteration so far (D_GEN)
#   3. fine-tune      the BASE model (never G_i) on them: G_{i+1}
# every generate output is kept (D_VER); then, once:
#   4. star pairs     every (correct, incorrect) pair of a problem, pooled over all iterations
#   5. train          the verifier with DPO from the SFT model
#   6. star generate  many candidates per test problem with the last generator
#   7. star score     each candidate's log-likelihood under the verifier (and the reference)
#   8. star select    Best-of-k by verifier_score; pass@k, majority@k, metrics.json, a plot
#
# Usage:
#   examples/vstar_loop.sh TRAIN TEST TASK BASE_MODEL [ITERATIONS] [RUNS_DIR]
#   examples/vstar_loop.sh train.jsonl test.jsonl gsm8k Qwen/Qwen2.5-0.5B-Instruct 3 runs
#
# Environment (all optional):
#   STAR_SAMPLES    samples per training problem and iteration (default 16, as the paper)
#   TEST_SAMPLES    candidates per test problem (default 64)
#   STAR_ARGS       extra options for both star generate runs, e.g. "--engine vllm --chat"
#   PAIRS_ARGS      extra options for star pairs (default: every pair, as the paper), e.g.
#                   "--max-pairs-per-problem 64"
#   SCORE_ARGS      extra options for star score, e.g. "--engine vllm" or "--batch-size 32"
#   FINETUNE        the generator's fine-tuning command; {base}, {data}, {out} are replaced.
#                   Default: trl sft --model_name_or_path {base} --dataset_name {data} --output_dir {out}
#   TRAIN_VERIFIER  the verifier's training command, same placeholders.
#                   Default: trl dpo --model_name_or_path {base} --dataset_name {data} --output_dir {out}
#                   --loss_type sigmoid sft (DPO plus the chosen side's NLL, so that the
#                   verifier's likelihood, the score star ranks by, still ranks correct
#                   solutions first; docs/verifier.md)
#   VERIFIER_BASE   the model DPO starts from (default RUNS_DIR/it0/model, the first SFT model;
#                   give the paper's G_SFT here if you have one)
#   REFERENCE       scored beside the verifier as reference_score (default VERIFIER_BASE;
#                   empty: none)
#
# Every step writes its own directory under RUNS_DIR and resumes when rerun; a finished
# training (marked by .star-done) is not redone. When an iteration keeps no correct trace
# (star filter exits 1) or no problem has both a correct and an incorrect trace (star pairs
# exits 1), the script stops with exit 1. On a machine without a GPU, add trl's CPU flags:
#   FINETUNE="trl sft ... --use_cpu --bf16 false" TRAIN_VERIFIER="trl dpo ... --use_cpu --bf16 false"
set -euo pipefail

if [ $# -lt 4 ]; then
  sed -n '2,40p' "$0" >&2
  exit 2
fi
train=$1 test=$2 task=$3 base=$4 iterations=${5:-3} runs=${6:-runs}
samples=${STAR_SAMPLES:-16}
test_samples=${TEST_SAMPLES:-64}
read -r -a extra <<< "${STAR_ARGS:-}"
read -r -a pairs_extra <<< "${PAIRS_ARGS:-}"
read -r -a score_extra <<< "${SCORE_ARGS:-}"
finetune=${FINETUNE:-"trl sft --model_name_or_path {base} --dataset_name {data} --output_dir {out}"}
train_verifier=${TRAIN_VERIFIER:-"trl dpo --model_name_or_path {base} --dataset_name {data} --output_dir {out} --loss_type sigmoid sft"}
verifier_base=${VERIFIER_BASE:-$runs/it0/model}
reference=${REFERENCE-$verifier_base}

# train COMMAND BASE DATA OUT: run a training command once (OUT/.star-done marks it done).
train() {
  if [ ! -e "$4/.star-done" ]; then
    local cmd=${1//\{base\}/$2}
    cmd=${cmd//\{data\}/$3}
    cmd=${cmd//\{out\}/$4}
    echo "+ $cmd" >&2
    eval "$cmd"
    touch "$4/.star-done"
  fi
}

model=$base
gens=()
for ((i = 0; i < iterations; i++)); do
  it=$runs/it$i
  echo "== V-STaR iteration $i with generator $model ==" >&2
  star generate "$train" --task "$task" --model "$model" -n "$samples" --iteration "$i" \
    -o "$it/gen" "${extra[@]}"
  gens+=("$it/gen")
  rc=0
  star filter "${gens[@]}" --correct --format messages -o "$it/sft" || rc=$?
  if [ "$rc" -eq 1 ]; then
    echo "vstar_loop: iteration $i: no correct traces to train on in ${gens[*]};" \
      "stopping before fine-tuning (more samples: STAR_SAMPLES, or a stronger model)" >&2
    exit 1
  elif [ "$rc" -ne 0 ]; then
    exit "$rc"
  fi
  train "$finetune" "$base" "$it/sft" "$it/model"
  model=$it/model
done

echo "== verifier: DPO from $verifier_base on every iteration's traces ==" >&2
rc=0
star pairs "${gens[@]}" -o "$runs/verifier-data" "${pairs_extra[@]}" || rc=$?
if [ "$rc" -eq 1 ]; then
  echo "vstar_loop: no problem has both a correct and an incorrect trace in ${gens[*]};" \
    "stopping before training the verifier (more samples: STAR_SAMPLES)" >&2
  exit 1
elif [ "$rc" -ne 0 ]; then
  exit "$rc"
fi
train "$train_verifier" "$verifier_base" "$runs/verifier-data" "$runs/verifier"

echo "== test: $test_samples candidates per problem from $model, Best-of-k by the verifier ==" >&2
star generate "$test" --task "$task" --model "$model" -n "$test_samples" \
  -o "$runs/test/cands" "${extra[@]}"
ref=()
if [ -n "$reference" ]; then
  ref=(--reference "$reference")
fi
star score "$runs/test/cands" --verifier "$runs/verifier" "${ref[@]}" \
  -o "$runs/test/scored" "${score_extra[@]}"
star select "$runs/test/scored" --by verifier_score -o "$runs/test/best" \
  --plot "$runs/curves.png"
echo "== done: $runs/test/best (metrics.json), $runs/curves.png ==" >&2
