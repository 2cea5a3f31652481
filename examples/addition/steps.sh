#!/usr/bin/env bash
# Process supervision on the miniature, an add-on to a finished run.sh directory:
# step labels from rollouts (star steps) against the exact step labels, and Best-of-k by a
# process reward model trained on them, next to the outcome verifier and majority voting.
#
#   examples/addition/steps.sh [--run DIR] [--out DIR] [--label N] [--measure N]
#                              [--rollouts M] [--temperature T] [--prm-steps N]
#
#   1. candidates  the run's V-STaR samples of the pool (4 per problem from the last model at
#                  temperature 1.5), or, after a --quick run, the same sampled here
#   2. labels      star steps --step-sep lines --checker numeric (rollouts judged by the final
#                  answer only, as where no step checker exists) with the last model: the full
#                  scan on the first --measure problems' candidates, the binary search on the
#                  first --label problems' (the PRM's training data, the measured ones in it)
#   3. PRM         star steps --from-labels --format stepwise, then prm.py: the base with a
#                  token-classification head trained on the rows; the same rows with the last
#                  step's label only (an outcome reward model); the same rows with the exact
#                  labels (what labels without noise would give)
#   4. selection   the run's held-out candidates (8 per problem at 1.5, scored by the DPO
#                  verifier and the base), or sampled here; star score --kind prm with each
#                  model, star select: Best-of-k by prm_min, prm_prod, prm_last
#   5. report      steps_report.py: DIR/steps.md and steps.json
#
# Options:
#   --run DIR          the run.sh directory (default runs/addition)
#   --out DIR          where this goes (default RUN/steps)
#   --label N          problems whose candidates the binary search labels (default 600)
#   --measure N        problems whose candidates the full scan labels too (default 150)
#   --rollouts M       completions per step prefix (default 8)
#   --temperature T    the rollouts' temperature (default 0.7, star generate's)
#   --prm-steps N      training steps of each reward model (default 300)
# Every step writes its own directory under OUT and is skipped when rerun after it finished.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
run=runs/addition out="" label=600 measure=150 rollouts=8 temperature=0.7 prm_steps=300
value() { [ $# -ge 2 ] || { echo "steps.sh: $1 needs a value (see --help)" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case $1 in
    --run) value "$@"; run=$2; shift ;;
    --out) value "$@"; out=$2; shift ;;
    --label) value "$@"; label=$2; shift ;;
    --measure) value "$@"; measure=$2; shift ;;
    --rollouts) value "$@"; rollouts=$2; shift ;;
    --temperature) value "$@"; temperature=$2; shift ;;
    --prm-steps) value "$@"; prm_steps=$2; shift ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "steps.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
out=${out:-$run/steps}
model=$(ls -d "$run"/it*/model 2>/dev/null | sort -V | while read -r m; do
  [ -e "$m/.star-done" ] && echo "$m"; done | tail -1)
[ -n "$model" ] || { echo "steps.sh: no trained model in $run (run run.sh first)" >&2; exit 2; }
seed=$(cat "$run/data/seed.txt" 2>/dev/null || echo 0)

export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 TOKENIZERS_PARALLELISM=false
export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_NO_ADVISORY_WARNINGS=1
export HF_HOME=${HF_HOME:-$run/.hf}
engine=(--engine transformers --batch-size 256 --max-tokens 72 --seed "$seed" -q)
mkdir -p "$out"
log() { echo "[steps $(date +%H:%M:%S)] $*" >&2; }

log "model $model; candidates"
cands=$run/vstar/samples
if [ ! -e "$cands/manifest.json" ]; then
  cands=$out/samples
  star generate "$run/data/pool.jsonl" --task addition --checker addition-steps \
    --model "$model" -n 4 --temperature 1.5 --few-shot 0 "${engine[@]}" -o "$cands"
fi

log "labels: the full scan on $measure problems, the binary search on $label"
# Problems in the order of a hash of their ids (the pool is sorted by digit count): --limit n
# takes a sample across digit counts, the measured set inside the labelled one.
[ -e "$out/candidates.jsonl" ] || \
  python "$here/subset.py" "$cands" "$out/candidates.jsonl" --problems "$label"
labels=(--task addition --checker numeric --model "$model" --rollouts "$rollouts"
        --temperature "$temperature" --step-sep lines "${engine[@]}")
star steps "$out/candidates.jsonl" "${labels[@]}" --search full --limit "$measure" \
  -o "$out/labels-full"
star steps "$out/candidates.jsonl" "${labels[@]}" --search binary -o "$out/labels-binary"
star steps "$out/labels-binary" --from-labels --format stepwise -q -o "$out/stepwise"

log "reward models: PRM, ORM (last step only), PRM on exact labels"
train() {  # train NAME FLAGS...
  local name=$1; shift
  if [ ! -e "$out/$name/.star-done" ]; then
    rm -rf "${out:?}/$name"
    python "$here/prm.py" "$out/stepwise" "$out/$name" --base "$run/base" \
      --steps "$prm_steps" --seed "$seed" "$@" > "$out/$name.log" 2>&1 \
      || { echo "training failed, see $out/$name.log" >&2; tail -5 "$out/$name.log" >&2; exit 1; }
    touch "$out/$name/.star-done"
  fi
}
train prm
train orm --last-step-only
train prm-exact --exact

log "selection on held-out candidates"
test=$run/vstar/scored
if [ ! -e "$test/manifest.json" ]; then
  test=$out/test
  star generate "$run/data/test.jsonl" --task addition --checker addition-steps \
    --model "$model" -n 8 --temperature 1.5 --few-shot 0 "${engine[@]}" -o "$test"
fi
for name in prm orm prm-exact; do
  star score "$test" --kind prm --verifier "$out/$name" --step-sep lines --batch-size 256 -q \
    -o "$out/scored-$name"
  by=prm_min; [ "$name" = orm ] && by=prm_last
  star select "$out/scored-$name" --by "$by" --k 1,2,4,8 -q -o "$out/best-$name"
done

log "report"
python "$here/steps_report.py" "$out"
log "done: $out/steps.md"
