#!/usr/bin/env bash
# The miniature: STaR and V-STaR improve a tiny model at n-digit addition, on a laptop, offline.
#
#   examples/addition/run.sh [--quick] [--out DIR] [--seed N] [--iterations N]
#                            [--no-rationalize] [--checker addition-steps|numeric]
#
# From nothing to results.md, with star's own commands end to end:
#   1. data      problem sets by digit count (train and held-out pairs kept apart) and a seed
#                of scratchpad rationales: many 1-2 digit ones, a handful of longer ones
#   2. base      a character-level GPT-2 of 165k parameters built from scratch (model.py
#                prints the count), trained with TRL on the seed: it adds short numbers and
#                fails long ones
#   3. STaR      per iteration i: star generate (the pool, with M_i), star rationalize (the
#                failures, answer as hint), star filter (correct, leak-free), then TRL SFT of
#                the BASE on what was kept: M_{i+1}. Held-out accuracy of every M_i is
#                measured on the side (star generate on test.jsonl, greedy)
#   4. V-STaR    star pairs over every iteration's samples, a DPO verifier trained with TRL,
#                k samples per held-out problem from the last model, star score, star select
#   5. report    results.md, results.json and PNG plots in DIR
#
# Progress goes to stderr: each step, each iteration, and a line per tenth of every training
# run with its loss and the time left (the trainers' own output is in DIR/**/*.log).
#
# Options:
#   --quick            a smaller run, minutes where the full run takes tens of minutes: one
#                      STaR iteration, no V-STaR (docs/results/ has both runs' wall times)
#   --out DIR          where everything goes (default: runs/addition, or runs/addition-quick)
#   --seed N           the seed of the data, the model's initialisation and the sampling (0)
#   --iterations N     STaR iterations (full: 4, quick: 1)
#   --no-rationalize   the ablation: STaR without rationalization
#   --checker NAME     what "correct" means while training: addition-steps (default: every
#                      scratchpad step verified) or numeric (the final answer only)
#
# Environment (optional): FINETUNE and TRAIN_VERIFIER, the training commands, with {base},
# {data}, {out} and {steps} replaced (see the defaults below: `trl sft` and `trl dpo` on CPU,
# the same hook examples/star_loop.sh and examples/vstar_loop.sh use for real models).
#
# Every step writes its own directory under DIR and is skipped when rerun after it finished,
# so a killed run resumes where it stopped. Needs star with TRL: pip install -e '.[hf,test]'
# (`examples/run.sh demo` sets up .venv that way and runs --quick).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
quick=0 out="" seed=0 iterations="" rationalize=1 checker=addition-steps
# value OPTION "$@": the option's value, or exit 2 when it has none.
value() { [ $# -ge 2 ] || { echo "run.sh: $1 needs a value (see --help)" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --toy) quick=2 ;;  # the test suite's smoke run: every step, at a size that proves nothing
    --out) value "$@"; out=$2; shift ;;
    --seed) value "$@"; seed=$2; shift ;;
    --iterations) value "$@"; iterations=$2; shift ;;
    --no-rationalize) rationalize=0 ;;
    --checker) value "$@"; checker=$2; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
    *) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $checker in numeric|addition-steps) ;; *)
  echo "run.sh: --checker must be addition-steps or numeric, not $checker" >&2; exit 2 ;;
esac
for n in "$seed" "${iterations:-1}"; do
  [[ $n =~ ^[0-9]+$ ]] || { echo "run.sh: --seed and --iterations take whole numbers" >&2; exit 2; }
done

keep=(--correct) lr=${LR:-2e-3}
if [ "$quick" -eq 2 ]; then
  out=${out:-runs/addition-toy} iterations=${iterations:-1}
  base_steps=${BASE_STEPS:-8} iter_steps=${ITER_STEPS:-4} verifier_steps=${VERIFIER_STEPS:-2}
  samples=${SAMPLES:-2} test_samples=${TEST_SAMPLES:-4} data_size=--toy
  # A base trained 8 steps solves nothing: to run every step, the toy keeps every trace.
  keep=(--no-correct --no-finished)
elif [ "$quick" -eq 1 ]; then
  out=${out:-runs/addition-quick} iterations=${iterations:-1}
  # Fewer steps at a higher learning rate: a base as sure of 1-2 digits in half the time.
  base_steps=${BASE_STEPS:-500} iter_steps=${ITER_STEPS:-400} verifier_steps=${VERIFIER_STEPS:-60}
  lr=${LR:-4e-3}
  samples=${SAMPLES:-1} test_samples=${TEST_SAMPLES:-8} data_size=--quick
else
  out=${out:-runs/addition} iterations=${iterations:-4}
  base_steps=${BASE_STEPS:-1000} iter_steps=${ITER_STEPS:-600} verifier_steps=${VERIFIER_STEPS:-150}
  samples=${SAMPLES:-1} test_samples=${TEST_SAMPLES:-8} data_size=""
fi
# The pool is decoded greedily: a char-level model that samples errs at one character of ~50
# often enough that, at the frontier, greedy solves 2.5% of 3-digit problems where four
# samples at temperature 0.5 solve 0.03% (measured on seed 0's base when the miniature was
# written).
temperature=${TEMPERATURE:-0}
# V-STaR samples at temperature 1.5: a model fine-tuned for dozens of epochs on its own
# rationales is so sure of itself that at 0.7, even at 1.0, its 8 samples are nearly all one
# text (pass@8 within 2 points of pass@1), leaving a selector nothing to choose from.
vstar_temperature=${VSTAR_TEMPERATURE:-1.5}

# One thread per process: for a model this small a second thread costs more than it gives,
# and the held-out evaluation runs beside the loop on the other core.
export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_NO_ADVISORY_WARNINGS=1
export HF_HOME=${HF_HOME:-$out/.hf}  # nothing shared with other runs' caches
# No bars for loading and saving weights (the trainers' own step bars stay, in their logs).
export HF_HUB_DISABLE_PROGRESS_BARS=1
train_args="--use_cpu --bf16 false --report_to none --save_strategy no --logging_steps 50"
train_args+=" --dataloader_num_workers 0 --gradient_checkpointing false --seed $seed"
finetune=${FINETUNE:-"trl sft --model_name_or_path {base} --dataset_name {data} --output_dir {out} \
--max_steps {steps} --per_device_train_batch_size 64 --learning_rate $lr --lr_scheduler_type cosine \
--warmup_steps 30 --max_length 128 $train_args"}
# DPO plus the chosen side's NLL (TRL's loss_type "sigmoid sft", as RPO): plain DPO lowers the
# likelihood of the correct samples too, and unevenly, so log V(y|x), the score star ranks
# by, picked worse than majority voting; with the NLL term, better (docs/star.md has the
# figures).
train_verifier=${TRAIN_VERIFIER:-"trl dpo --model_name_or_path {base} --dataset_name {data} --output_dir {out} \
--max_steps {steps} --per_device_train_batch_size 32 --learning_rate 5e-4 --lr_scheduler_type cosine \
--warmup_steps 10 --beta 0.1 --loss_type sigmoid sft --max_length 128 $train_args"}
# The steps in the foreground report their progress (a line every few seconds); the held-out
# evaluations beside them (-q) do not.
engine=(--engine transformers --batch-size 256 --few-shot 0 --max-tokens 72 --seed "$seed")
mkdir -p "$out"
started=$SECONDS
log() { echo "[addition $(date +%H:%M:%S)] $*" >&2; }

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
  star generate "$out/data/test.jsonl" --task addition --model "$1" -n 1 --temperature 0 \
    "${engine[@]}" -q -o "$out/eval/$2" &
  evals+=($!)
}

# ks N: 1,2,4,...,N
ks() { local k=1 list=1; while [ $((k * 2)) -le "$1" ]; do k=$((k * 2)); list+=",$k"; done; echo "$list"; }

# Steps: 1 data, 2 base, 3 STaR (one per iteration), 4 V-STaR, 5 report.
fresh=1
[ ! -e "$out/data/seed.txt" ] || fresh=0  # a rerun resumes: its wall time is not the run's
log "1/5 data -> $out/data"
if [ ! -e "$out/data/seed.txt" ]; then
  python "$here/data.py" "$out/data" --seed "$seed" $data_size
  echo "$seed" > "$out/data/seed.txt"
fi
log "2/5 the base model: built from scratch, trained with TRL on the seed rationales"
[ -e "$out/init/config.json" ] || python "$here/model.py" "$out/init" --seed "$seed" --positions 128
train "$finetune" "$out/init" "$out/data/seed" "$out/base" "$base_steps" "base model"
log "held-out accuracy of the base: star generate on test.jsonl, in the background"
evaluate "$out/base" it0

model=$out/base
gens=()
for ((i = 0; i < iterations; i++)); do
  it=$out/it$i
  step="3/5 STaR iteration $((i + 1)) of $iterations"
  log "$step: star generate, the pool with the current model"
  star generate "$out/data/pool.jsonl" --task addition --checker "$checker" --model "$model" \
    -n "$samples" --temperature "$temperature" --iteration "$i" "${engine[@]}" -o "$it/gen"
  gens+=("$it/gen")
  kept=("$it/gen")
  if [ "$rationalize" -eq 1 ]; then
    log "$step: star rationalize, the failures with the answer as a hint"
    star rationalize "$it/gen" --problems "$out/data/pool.jsonl" --task addition \
      --checker "$checker" --model "$model" -n 1 --temperature 0 --iteration "$i" \
      "${engine[@]}" -o "$it/rat"
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

vs=$out/vstar
rc=0
if [ "$quick" -eq 1 ]; then
  # One greedy iteration gives each problem one sample: no (correct, incorrect) pair to
  # train a verifier on. The full run has four iterations' samples.
  log "4/5 V-STaR is left to the full run (--quick has one sample per problem: no pairs)"
  rc=-1
else
  log "4/5 V-STaR: pairs, a DPO verifier, $test_samples samples per held-out problem, score, select"
  # The verifier's data (V-STaR's D_VER): every iteration's samples, and 4 samples per pool
  # problem from the last generator at the temperature its test candidates are drawn at.
  star generate "$out/data/pool.jsonl" --task addition --checker "$checker" --model "$model" \
    -n 4 --temperature "$vstar_temperature" --iteration "$iterations" "${engine[@]}" \
    -o "$vs/samples"
  star pairs "${gens[@]}" "$vs/samples" --format dpo -q -o "$vs/pairs" || rc=$?
fi
if [ "$rc" -eq -1 ]; then
  :
elif [ "$rc" -eq 1 ]; then
  # star pairs exits 1 when no problem has both a correct and an incorrect sample: nothing
  # to train a verifier on (a model that solves all or nothing of the pool).
  log "V-STaR skipped: no problem has both a correct and an incorrect sample"
elif [ "$rc" -ne 0 ]; then
  exit "$rc"
else
  train "$train_verifier" "$out/base" "$vs/pairs" "$vs/verifier" "$verifier_steps" "verifier"
  log "4/5 V-STaR: $test_samples candidates per held-out problem, star score, star select"
  star generate "$out/data/test.jsonl" --task addition --checker "$checker" --model "$model" \
    -n "$test_samples" --temperature "$vstar_temperature" "${engine[@]}" -o "$vs/test"
  star score "$vs/test" --verifier "$vs/verifier" --reference "$out/base" --batch-size 256 -q \
    -o "$vs/scored"
  # Best-of-k by the verifier's log-likelihood (docs/verifier.md); select also reports it by
  # the base's (reference_score), majority@k and pass@k, for k = 1, 2, 4, 8 (report.py
  # draws vstar.png from its metrics.json).
  star select "$vs/scored" --by verifier_score --k "$(ks "$test_samples")" -q -o "$vs/best"
fi
log "waiting for the held-out evaluations"
for pid in "${evals[@]}"; do wait "$pid"; done

log "5/5 report"
python "$here/report.py" "$out" --rationalize "$rationalize" --checker "$checker" \
  --wall-seconds "$((SECONDS - started))" --fresh "$fresh"
log "done in $(((SECONDS - started) / 60)) min $(((SECONDS - started) % 60)) s: $out/results.md ($out/results.json, $out/*.png)"
