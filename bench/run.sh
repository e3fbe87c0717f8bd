#!/usr/bin/env bash
# Runs nnlab's benchmarks beside the numpy reference (and PyTorch, when importable) in the same
# run and prints ratios. Absolute times drift on shared machines; the ratios measured in one run,
# the programs taking turns, are what count.
#
# Training is measured two ways: the `train` command as a learner runs it (through a Session,
# as `nnlab run` and the dashboard drive it, its per-epoch lines and summary included), and the
# engine's tight step loop. BENCH_ROUNDS (default 5) rounds, BENCH_RUNS (default 2) runs per
# program per round.
set -euo pipefail
cd "$(dirname "$0")/.."
export NNLAB_REPO="$PWD"
swift build -c release --product nnlab-bench >/dev/null
swift build -c release --product nnlab >/dev/null
bin="$(swift build -c release --show-bin-path)/nnlab-bench"
python3 -c "import numpy" 2>/dev/null || python3 -m pip install --quiet numpy
# PyTorch from bench/.venv (make bench-peers) or the system's python, when importable.
torch_python=""
for p in bench/.venv/bin/python3 python3; do
  if [ -x "$(command -v "$p")" ] && "$p" -c "import torch, numpy" 2>/dev/null; then torch_python="$p"; break; fi
done
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" export "$out"

value() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }
record() { # workload program round line
  echo "$1 $2 $3 $(value samples_per_second "$4") $(value peak_mb "$4")" >>"$out/results.txt"
}

rounds="${BENCH_ROUNDS:-5}"
runs="${BENCH_RUNS:-2}"
echo "Training: relu, Adam lr 1e-2, 20 epochs, float64 unless noted ($rounds rounds × $runs runs, taking turns)"
[ -n "$torch_python" ] || echo "(PyTorch is not importable: make bench-peers installs it into bench/.venv)"
# (e), the conv net, takes numpy ~15 s a run: BENCH_ROUNDS_E (default 3) rounds, numpy on one thread.
for w in a b c d e; do
  data="$out/spiral.csv"; [ "$w" = d ] || [ "$w" = e ] && data="$out/digits.csv"
  workload_rounds="$rounds"; [ "$w" = e ] && workload_rounds="${BENCH_ROUNDS_E:-3}"
  for r in $(seq "$workload_rounds"); do
    record "$w" train "$r" "$("$bin" session "$w" "$runs")"
    record "$w" loop "$r" "$("$bin" train "$w" "$runs")"
    record "$w" numpy "$r" "$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/numpy_reference.py "$w" "$data" "$runs")"
    [ "$w" = e ] || record "$w" numpy2 "$r" "$(OPENBLAS_NUM_THREADS=2 OMP_NUM_THREADS=2 python3 bench/numpy_reference.py "$w" "$data" "$runs")"
    if [ -n "$torch_python" ]; then
      record "$w" torch64 "$r" "$(TORCH_THREADS=2 "$torch_python" bench/torch_reference.py "$w" "$data" "$runs" float64)"
      record "$w" torch32 "$r" "$(TORCH_THREADS=2 "$torch_python" bench/torch_reference.py "$w" "$data" "$runs" float32)"
    fi
  done
done
python3 bench/table.py "$out/results.txt"
echo
echo "Workload (f): data seq sine n=2000 steps=20, lstm 32 seq=last, dense 1, mse, Adam, batch 32,"
echo "20 epochs, through the train command, against a numpy LSTM (float64, one thread); target ≥ 1.5×"
f_nnlab=0; f_numpy=0
for _ in $(seq "$rounds"); do
  f_nnlab="$(python3 -c "print(max($f_nnlab, $(value samples_per_second "$("$bin" sequence 1)")))")"
  f_numpy="$(python3 -c "print(max($f_numpy, $(value samples_per_second "$(OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python3 bench/numpy_lstm_reference.py 1)")))")"
done
python3 -c "print(f'  nnlab {$f_nnlab:,.0f}, numpy {$f_numpy:,.0f} samples/s: {$f_nnlab/$f_numpy:.2f}× numpy (target ≥ 1.5)')"
echo
threads="$(nproc)"; [ "$threads" -le 8 ] || threads=8
echo "Workload (c), tight loop, taking turns: one core (NNLAB_THREADS=1), the pool's $threads threads"
echo "always (NNLAB_THREADS=$threads), and the default (the pool, standing aside while the machine is busy)"
one=0; all=0; default=0
for _ in $(seq "$rounds"); do
  one="$(python3 -c "print(max($one, $(value samples_per_second "$(NNLAB_THREADS=1 "$bin" train c "$runs")")))")"
  all="$(python3 -c "print(max($all, $(value samples_per_second "$(NNLAB_THREADS="$threads" "$bin" train c "$runs")")))")"
  default="$(python3 -c "print(max($default, $(value samples_per_second "$("$bin" train c "$runs")")))")"
done
python3 -c "print(f'  one thread {$one:,.0f}, $threads threads {$all:,.0f} ({$all/$one:.2f}×), default {$default:,.0f} ({$default/$one:.2f}×) samples/s')"
echo "  load average now: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo
echo "Matrix products on one thread and shared over the pool, each timed again and again on warm caches."
echo "In training, sharing below the threshold lost (workload (a) sharing from 2^17 MACs: 0.3M samples/s,"
echo "not 1.16M): a core writing a line the other has read waits for the other's copy to be invalidated,"
echo "and each step rewrites what the other core read. Batches past 128 rows split by rows instead (README)."
"$bin" threads
echo
echo "Rendering: a 200×60 dashboard frame (boundary of 2-16-16-3, loss chart of 10,000 points, histogram); target ≤ 8 ms"
"$bin" frame
echo
echo "Matrix products of one training step of (a) and of (b), each timed alone"
"$bin" products a
"$bin" products b
echo
echo "Matrix products of one step of (e)'s convolutions (batch 32), per sample and per batch"
"$bin" conv
echo
bash bench/dashboard.sh
echo
DASHBOARD_NET=2-256-256-3 DASHBOARD_BATCH=256 DASHBOARD_EPOCHS="${DASHBOARD_EPOCHS_C:-60}" bash bench/dashboard.sh
