#!/usr/bin/env bash
# make check-export: installs PyTorch into a private virtual environment under
# .build/torch-venv (a download of ~200 MB and more; several GB with CUDA libraries unless
# TORCH_INDEX_URL names a CPU-only index) and runs the test suite's PyTorch comparisons
# (ExportTorchTests) with it: `export pytorch` scripts give nnlab's outputs to 1e-10 for every
# layer type, and `--train EPOCHS` continues exactly where nnlab stopped. `make test` runs the same
# tests only where torch is importable and skips them otherwise: it never needs torch.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
VENV=.build/torch-venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import torch, numpy' 2>/dev/null; then
    echo "Installing numpy and torch (CPU) into $VENV ..."
    "$VENV/bin/python" -m pip install --quiet numpy
    # TORCH_INDEX_URL may name PyTorch's CPU-only wheel index (a much smaller download).
    "$VENV/bin/python" -m pip install --quiet torch ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"}
fi
"$VENV/bin/python" -c 'import torch; print("PyTorch", torch.__version__, "in '"$VENV"'")'
$SWIFT build -c release --build-tests
LOG=.build/check-export.log
status=0
NNLAB_TORCH_PYTHON="$PWD/$VENV/bin/python" $SWIFT test -c release --disable-testable-imports --skip-build \
    --filter ExportTorchTests >"$LOG" 2>&1 || status=$?
grep -E "^export check:|Test Case .*(passed|failed|skipped)|error:|Executed" "$LOG" || true
if grep -q "skipped" "$LOG"; then
    echo "check-export: a PyTorch comparison was skipped although torch is installed (see $LOG)"
    status=1
fi
echo "full log: $LOG"
exit $status
