#!/usr/bin/env bash
# Runs nnlab's benchmarks beside the numpy reference in the same run and prints ratios.
# Absolute times drift on shared machines; the ratios against the reference are what count.
set -euo pipefail
cd "$(dirname "$0")/.."
export NNLAB_REPO="$PWD"
swift build -c release --product nnlab-bench >/dev/null
swift build -c release --product nnlab >/dev/null
bin="$(swift build -c release --show-bin-path)/nnlab-bench"
python3 -c "import numpy" 2>/dev/null || python3 -m pip install --quiet numpy
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" export "$out"

value() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo "Training: relu, Adam lr 1e-2, 20 epochs, float64 (samples/s, fastest of 8×3 alternating runs; peak memory of nnlab)"
printf '%-4s %-22s %12s %12s %8s %8s %10s\n' "" "workload" "nnlab" "numpy" "ratio" "target" "nnlab MB"
declare -A target=([a]=4 [b]=2 [c]=1 [d]=2)
declare -A label=([a]="spiral 2-64-64-3 b32" [b]="spiral 2-64-64-3 b256" [c]="spiral 2-256-256-3 b256" [d]="digits 64-128-10 b32")
# The two programs take turns, three runs each, eight rounds; the fastest run of each counts. Taking
# turns puts both through the same slow and fast spells of a shared machine; a run of (b) lasts
# only a tenth of a second, so one process's first run (page faults, cold caches) must not count.
rounds=8
runs=3
for w in a b c d; do
  data="$out/spiral.csv"; [ "$w" = d ] && data="$out/digits.csv"
  s=0; n=0; mb=0
  for _ in $(seq "$rounds"); do
    swift_line="$("$bin" train "$w" "$runs")"
    numpy_line="$(OPENBLAS_NUM_THREADS=1 python3 bench/numpy_reference.py "$w" "$data" "$runs")"
    s="$(python3 -c "print(max($s, $(value samples_per_second "$swift_line")))")"
    n="$(python3 -c "print(max($n, $(value samples_per_second "$numpy_line")))")"
    mb="$(python3 -c "print(max($mb, $(value peak_mb "$swift_line")))")"
  done
  ratio="$(python3 -c "print(f'{$s/$n:.2f}')")"
  printf '%-4s %-22s %12.0f %12.0f %7sx %7sx %10s\n' "($w)" "${label[$w]}" "$s" "$n" "$ratio" "${target[$w]}" "$mb"
done
echo
echo "Rendering: a 200×60 dashboard frame (boundary of 2-16-16-3, loss chart of 10,000 points, histogram); target ≤ 8 ms"
"$bin" frame
echo
echo "Matrix products of one training step of (a), each timed alone"
"$bin" products
echo
bash bench/dashboard.sh
