#!/usr/bin/env bash
# From a fresh clone to a result, offline: one command each.
#
#   examples/run.sh demo [ARGS...]   set up, then the addition miniature's quick run (STaR
#                                    improves a tiny model in minutes, docs/star.md); ARGS go
#                                    to examples/addition/run.sh (default: --quick)
#   examples/run.sh test [ARGS...]   set up, then the test suite: python -m pytest -q ARGS
#   examples/run.sh setup            set up only
#   examples/run.sh compile          set up, then compile the checker's hot modules in place
#                                    with mypyc (setup.py, STAR_COMPILE=1; some minutes): the
#                                    same verdicts, about twice as fast (docs/checking.md);
#                                    after an edit, run it again (star warns until then)
#   examples/run.sh compile --clean  remove that build: the modules run as Python again
#
# Setting up: a virtual environment ($VENV, default .venv) with the CPU build of torch and
# star (pip install -e '.[hf,test]'), from the package index pip is configured with; no other
# index is named. Every part is skipped when it is already there, so a second run starts
# at once.
#
# Environment (optional):
#   VENV=DIR          the virtual environment (default: .venv at the top of the clone)
#   PYTHON=python3    the Python that creates it (3.10 or newer)
#   STAR_TORCH=ARGS   pip's arguments for torch (default: torch==2.13.0, which resolves to a
#                     CPU build where the index has one). On a machine whose index serves
#                     CUDA builds, say: STAR_TORCH="torch --index-url <the CPU wheel index>".
#                     Nothing is installed when torch already imports in VENV.
#   STAR_SETUP=0      skip the setup: use VENV as it is
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv=${VENV:-$root/.venv}
say() { echo "[star $(date +%H:%M:%S)] $*" >&2; }

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

# pip_install ARGS: pip install, its output in $pip_log, shown when it fails.
pip_install() {
  if ! python -m pip install "$@" >> "$pip_log" 2>&1; then
    grep -v "^WARNING: Location" "$pip_log" | tail -20 >&2
    echo "examples/run.sh: pip install $* failed (see $pip_log)" >&2
    exit 1
  fi
}

setup() {
  local started=$SECONDS
  if [ "${STAR_SETUP:-1}" = 0 ]; then
    . "$venv/bin/activate"
    return
  fi
  if [ ! -x "$venv/bin/python" ]; then
    say "creating the virtual environment $venv"
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  . "$venv/bin/activate"
  export PIP_DISABLE_PIP_VERSION_CHECK=1
  local pip_log=$venv/pip.log
  local torch
  torch=$(python -c "import torch; print(torch.__version__)" 2>/dev/null) || torch=""
  if [ -z "$torch" ]; then
    say "installing torch: pip install ${STAR_TORCH:-torch==2.13.0} (log: $pip_log)"
    # shellcheck disable=SC2086  # STAR_TORCH is a list of pip arguments
    pip_install ${STAR_TORCH:-torch==2.13.0}
    torch=$(python -c "import torch; print(torch.__version__)")
  fi
  # star and its extras, again only when pyproject.toml changed since the last install.
  local stamp=$venv/.star-installed want
  want="$root $(cksum < pyproject.toml)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! python -c "import star_cli" 2>/dev/null; then
    say "installing star: pip install -e '.[hf,test]' (log: $pip_log)"
    pip_install -e '.[hf,test]'
    echo "$want" > "$stamp"
  fi
  say "environment ready: $venv (torch $torch, set up in $((SECONDS - started)) s)"
}

command=${1:-}
[ $# -gt 0 ] && shift
case $command in
  demo)
    setup
    args=("$@")
    [ ${#args[@]} -gt 0 ] || args=(--quick)
    say "the addition miniature: examples/addition/run.sh ${args[*]}"
    exec bash examples/addition/run.sh "${args[@]}"
    ;;
  test)
    setup
    say "the test suite: python -m pytest -q $*"
    # pytest exits 5 when it collected no test: that is a failure too.
    code=0
    python -m pytest -q "$@" || code=$?
    if [ "$code" -eq 5 ]; then
      echo "examples/run.sh: pytest collected no tests" >&2
      exit 1
    fi
    exit "$code"
    ;;
  setup) setup ;;
  compile)
    setup
    if [ "${1:-}" = --clean ]; then
      rm -rf build star_cli/answers/*.so ./*__mypyc*.so
      say "the compiled build removed: star_cli/answers runs as Python"
      exit 0
    fi
    pip_log=$venv/pip.log
    python -c "import mypyc" 2>/dev/null || pip_install "mypy>=1.13"
    say "compiling the checker with mypyc (STAR_COMPILE=1 python setup.py build_ext --inplace)"
    STAR_COMPILE=1 python setup.py -q build_ext --inplace
    python -c "from star_cli.answers.compiled import compiled; print('compiled:', *compiled())"
    ;;
  -h|--help|help) usage ;;
  *)
    usage >&2
    [ -z "$command" ] || echo "examples/run.sh: unknown command $command" >&2
    exit 2
    ;;
esac
