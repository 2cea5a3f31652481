#!/usr/bin/env bash
# STaR on a reasoning-gym family: a tiny model learns to spell longer words backward, on a
# laptop, offline.
#
#   examples/gym/run.sh [--quick] [--out DIR] [--seed N] [--iterations N]
#                       [--family NAME] [--no-rationalize] [--data-only]
#
# The addition miniature's loop (examples/addition/run.sh) on a family that is not
# arithmetic, with star's gym support end to end:
#   1. data      star problems gym:FAMILY, one problem set per difficulty level
#                (spell_backward: words of 3 to 8 letters), a train draw and a held-out draw
#                far apart in seed (no held-out question is in the train draw); data.py
#                splits them and writes a seed of scratchpad rationales (families.py): many
#                short words, a handful of long ones
#   2. base      the miniature's character-level GPT-2 built from scratch, with star's gym
#                instruction as one token (model.py), trained with TRL on the seed: it
#                reverses short words and fails long ones
#   3. STaR      per iteration i: star generate --task gym (the pool, with M_i), star
#                rationalize (the failures, the answer as the hint), star filter (correct by
#                the family's own scorer, leak-free), then TRL SFT of the BASE on what was
#                kept: M_{i+1}. Held-out accuracy of every M_i is measured on the side (star
#                generate on test.jsonl, greedy)
#   4. report    results.md, results.json and accuracy.png in DIR
#
# Progress goes to stderr: each step, each iteration, and a line per tenth of every training
# run with its loss and the time left (the trainers' own output is in DIR/**/*.log).
#
# Options:
#   --quick            a smaller run: two STaR iterations on 40 held-out words per length,
#                      about 6 minutes on 2 shared cores (docs/results/gym-quick-seed0.json)
#   --out DIR          where everything goes (default: runs/gym-FAMILY, or runs/gym-FAMILY-quick)
#   --seed N           the seed of the data, the model's initialisation and the sampling (0)
#   --iterations N     STaR iterations (full: 3, quick: 2; the full run takes about 14 minutes
#                      on 2 shared cores, docs/results/gym-seed0.json)
#   --family NAME      the reasoning-gym family: spell_backward (default), or one added to
#                      families.py (its levels, its scratchpad)
#   --no-rationalize   the ablation: STaR without rationalization
#   --data-only        stop after step 1: the problem sets, for the loop with a served model
#                      (examples/gym/README.md)
#
# Environment (optional): FINETUNE, the training command, with {base}, {data}, {out} and
# {steps} replaced (default: `trl sft` on CPU, the hook examples/star_loop.sh uses for real
# models); BASE_STEPS, ITER_STEPS, LR, SAMPLES. The same loop with a model behind any
# OpenAI-compatible server is in examples/gym/README.md.
#
# Every step writes its own directory under DIR and is skipped when rerun after it finished,
# so a killed run resumes where it stopped. Needs star with TRL and reasoning-gym:
# pip install -e '.[hf,gym,test]'.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
quick=0 out="" seed=0 iterations="" rationalize=1 family=spell_backward data_only=0
# value OPTION "$@": the option's value, or exit 2 when it has none.
value() { [ $# -ge 2 ] || { echo "run.sh: $1 needs a value (see --help)" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --toy) quick=2 ;;  # the test suite's smoke run: every step, at a size that proves nothing
    --out) value "$@"; out=$2; shift ;;
    --seed) value "$@"; seed=$2; shift ;;
    --iterations) value "$@"; iterations=$2; shift ;;
    --family) value "$@"; family=$2; shift ;;
    --no-rationalize) rationalize=0 ;;
    --data-only) data_only=1 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in "$seed" "${iterations:-1}"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "run.sh: --seed and --iterations take whole numbers" >&2; exit 2; }
done
# The family's completion length, sequence length and levels (one line of options each).
if ! spec=$(python "$here/families.py" "$family" 2>&1); then
  echo "run.sh: --family must be one of $(python -c "
import sys; sys.path.insert(0, '$here'); from families import FAMILIES
print(', '.join(sorted(FAMILIES)))"), not $family" >&2
  exit 2
fi
read -r max_tokens max_length <<< "$(head -1 <<< "$spec")"
mapfile -t level_options < <(tail -n +2 <<< "$spec")

keep=(--correct) lr=${LR:-4e-3}
if [ "$quick" -eq 2 ]; then
  out=${out:-runs/gym-$family-toy} iterations=${iterations:-1} size=--toy
  base_steps=${BASE_STEPS:-8} iter_steps=${ITER_STEPS:-4} samples=${SAMPLES:-1}
  # A base trained 8 steps solves nothing: to run every step, the toy keeps every trace.
  keep=(--no-correct --no-finished)
  max_tokens=24
elif [ "$quick" -eq 1 ]; then
  out=${out:-runs/gym-$family-quick} iterations=${iterations:-2} size=--quick
  base_steps=${BASE_STEPS:-600} iter_steps=${ITER_STEPS:-400} samples=${SAMPLES:-1}
else
  out=${out:-runs/gym-$family} iterations=${iterations:-3} size=""
  base_steps=${BASE_STEPS:-1000} iter_steps=${ITER_STEPS:-600} samples=${SAMPLES:-1}
fi
# The pool is decoded greedily, as in the miniature: a character-level model that samples
# errs at one character in many often enough to spoil a long scratchpad.
temperature=${TEMPERATURE:-0}

# One thread per process: for a model this small a second thread costs more than it gives,
# and the held-out evaluation runs beside the loop on the other core.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_NO_ADVISORY_WARNINGS=1
export HF_HOME=${HF_HOME:-$out/.hf}  # nothing shared with other runs' caches
export HF_HUB_DISABLE_PROGRESS_BARS=1
train_args="--use_cpu --bf16 false --report_to none --save_strategy no --logging_steps 50"
train_args+=" --dataloader_num_workers 0 --gradient_checkpointing false --seed $seed"
# Batches of problems of like length: a batch is padded to its longest.
train_args+=" --train_sampling_strategy group_by_length"
finetune=${FINETUNE:-"trl sft --model_name_or_path {base} --dataset_name {data} --output_dir {out} \
--max_steps {steps} --per_device_train_batch_size 64 --learning_rate $lr --lr_scheduler_type cosine \
--warmup_steps 30 --max_length $max_length $train_args"}
engine=(--engine transformers --batch-size 256 --few-shot 0 --max-tokens "$max_tokens"
        --seed "$seed")
mkdir -p "$out"
started=$SECONDS
log() { echo "[gym $(date +%H:%M:%S)] $*" >&2; }

# train COMMAND BASE DATA OUT STEPS LABEL: run a training command once (OUT/.star-done marks it
# done); its output goes to OUT.log, and a line per tenth of its steps to stderr.
train() {
  if [ -e "$4/.star-done" ]; then
    log "$6: done before ($4), skipped"
    return
  fi
  local cmd=${1//\{base\}/$2}
  cmd=${cmd//\{data\}/$3}
  cmd=${cmd//\{out\}/$4}
  cmd=${cmd//\{steps\}/$5}
  rm -rf "$4"
  log "$6: training $5 steps (log: $4.log)"
  (eval "$cmd") 2>&1 | python "$here/progress.py" "$4.log" --steps "$5" --label "$6" \
    || { echo "training failed, see $4.log" >&2; tail -5 "$4.log" >&2; return 1; }
  touch "$4/.star-done"
}

# evaluate MODEL NAME: greedy answers to every held-out problem, in the background.
evals=()
# The background evaluations end with the run, however it ends (an error, Ctrl-C, a kill).
trap 'left=$(jobs -p); [ -z "$left" ] || kill $left 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
evaluate() {
  star generate "$out/data/test.jsonl" --task gym --model "$1" -n 1 --temperature 0 \
    "${engine[@]}" -q -o "$out/eval/$2" &
  evals+=($!)
}

fresh=1
[ ! -e "$out/data/seed.txt" ] || fresh=0  # a rerun resumes: its wall time is not the run's
log "1/4 data: star problems gym:$family, ${#level_options[@]} levels -> $out/data"
if [ ! -e "$out/data/seed.txt" ]; then
  read -r -a sizes <<< "$(python "$here/data.py" - - --family "$family" $size --sizes)"
  mkdir -p "$out/raw"
  for i in "${!level_options[@]}"; do
    read -r -a options <<< "${level_options[$i]}"
    # Item k of seed s is drawn with Random(s + k): draws a million apart never meet.
    star problems "gym:$family" --size "${sizes[$i]}" --seed "$((seed * 2000000))" \
      "${options[@]}" -q -o "$out/raw/train-$i.jsonl"
    star problems "gym:$family" --size "${sizes[$i]}" --seed "$((seed * 2000000 + 1000000))" \
      "${options[@]}" -q -o "$out/raw/test-$i.jsonl"
  done
  python "$here/data.py" "$out/raw" "$out/data" --family "$family" --seed "$seed" $size
  echo "$seed" > "$out/data/seed.txt"
fi
if [ "$data_only" -eq 1 ]; then
  log "done: the problem sets are in $out/data (pool.jsonl, test.jsonl, levels.json)"
  exit 0
fi
log "2/4 the base model: built from scratch, trained with TRL on the seed rationales"
[ -e "$out/init/config.json" ] || python "$here/model.py" "$out/init" --family "$family" \
  --seed "$seed" --positions "$max_length"
train "$finetune" "$out/init" "$out/data/seed" "$out/base" "$base_steps" "base model"
log "held-out accuracy of the base: star generate on test.jsonl, in the background"
evaluate "$out/base" it0

model=$out/base
for ((i = 0; i < iterations; i++)); do
  it=$out/it$i
  step="3/4 STaR iteration $((i + 1)) of $iterations"
  log "$step: star generate, the pool with the current model"
  star generate "$out/data/pool.jsonl" --task gym --model "$model" -n "$samples" \
    --temperature "$temperature" --iteration "$i" "${engine[@]}" -o "$it/gen"
  kept=("$it/gen")
  if [ "$rationalize" -eq 1 ]; then
    log "$step: star rationalize, the failures with the answer as a hint"
    star rationalize "$it/gen" --problems "$out/data/pool.jsonl" --task gym --model "$model" \
      -n 1 --temperature 0 --iteration "$i" "${engine[@]}" -o "$it/rat"
    kept+=("$it/rat")
  fi
  # One copy of each distinct rationale: a problem solved by all its samples counts once.
  rc=0
  star filter "${kept[@]}" "${keep[@]}" --dedup exact --format prompt-completion -q \
    -o "$it/sft" || rc=$?
  if [ "$rc" -eq 1 ]; then  # star filter exits 1 when it kept nothing
    log "iteration $i kept no rationale: nothing to fine-tune on, the loop stops here"
    break
  elif [ "$rc" -ne 0 ]; then
    exit "$rc"
  fi
  log "$step: star filter kept $(cat "$it"/sft/data/*.jsonl | wc -l) rationales"
  # From the base every time, as STaR does, with 20% more steps each iteration (as STaR).
  train "$finetune" "$out/base" "$it/sft" "$it/model" "$((iter_steps * 6 ** i / 5 ** i))" \
    "M$((i + 1)) (the base fine-tuned on them)"
  model=$it/model
  log "held-out accuracy of M$((i + 1)): in the background"
  evaluate "$model" "it$((i + 1))"
done

log "waiting for the held-out evaluations"
for pid in "${evals[@]}"; do wait "$pid"; done

log "4/4 report"
python "$here/report.py" "$out" --rationalize "$rationalize" \
  --wall-seconds "$((SECONDS - started))" --fresh "$fresh"
log "done in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s: $out/results.md ($out/results.json, $out/accuracy.png)"
