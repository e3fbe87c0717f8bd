#!/usr/bin/env bash
# make check-export: installs PyTorch into a private virtual environment under
# .build/torch-venv (a download of ~200 MB and more; several GB with CUDA libraries unless
# TORCH_INDEX_URL names a CPU-only index) and checks `export pytorch` against nnlab:
# the outputs for every row of a CSV, before and after full-batch training (one epoch, or a
# few where a schedule changes the rate), and the last epoch's loss. Optional: `make test` never needs torch.
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY=.build/release/nnlab
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
PY="$VENV/bin/python"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export NNLAB_HOME="$WORK/home"
status=0

# check NAME SETUP [EPOCHS]: SETUP builds a state on datasets/iris.csv loaded with test=0 (so the CSV's
# rows are the training rows, in order) without shuffled batches or dropout.
check() {
    local name=$1 setup=$2 epochs=${3:-1}
    printf '%s\nexport pytorch %s/t.py\nexport numpy %s/before.py\ntrain epochs=%s\nexport numpy %s/after.py\n' \
        "$setup" "$WORK" "$WORK" "$epochs" "$WORK" | "$BINARY" run - >"$WORK/nnlab.txt"
    local nnlab_loss
    nnlab_loss=$(grep -E '^done:' "$WORK/nnlab.txt" | awk '{print $7}')
    "$PY" "$WORK/t.py" datasets/iris.csv >"$WORK/torch-before.txt"
    python3 "$WORK/before.py" datasets/iris.csv >"$WORK/np-before.txt"
    "$PY" "$WORK/t.py" datasets/iris.csv --train "$epochs" --print-outputs >"$WORK/torch-after.txt"
    python3 "$WORK/after.py" datasets/iris.csv >"$WORK/np-after.txt"
    "$PY" - "$name" "$nnlab_loss" "$WORK" <<'PYEOF' || status=1
import sys
name, nnlab_loss, work = sys.argv[1], float(sys.argv[2]), sys.argv[3]
def rows(path, skip_epochs=False):
    lines = open(path).read().split("\n")
    return [[float(v) for v in l.split(",")] for l in lines if l and not l.startswith("epoch")]
def worst(a, b):
    assert len(a) == len(b), (len(a), len(b))
    return max(abs(x - y) / max(1.0, abs(y)) for ra, rb in zip(a, b) for x, y in zip(ra, rb))
before = worst(rows(work + "/torch-before.txt"), rows(work + "/np-before.txt"))
after = worst(rows(work + "/torch-after.txt"), rows(work + "/np-after.txt"))
torch_loss = [float(l.split()[3]) for l in open(work + "/torch-after.txt") if l.startswith("epoch")][-1]
loss_gap = abs(torch_loss - nnlab_loss) / max(1.0, abs(nnlab_loss))
ok = before <= 1e-12 and after <= 1e-10 and loss_gap <= 5e-6
print("%-8s %s  outputs %.1e, after training %.1e, last loss torch %.9g nnlab %g"
      % (name, "ok  " if ok else "FAIL", before, after, torch_loss, nnlab_loss))
sys.exit(0 if ok else 1)
PYEOF
}

DATA="data load datasets/iris.csv test=0 seed=1"
check sgd      "$DATA; features x1 x2 x3 x4 x1*x2 sin(x3); net 6-8:gelu-6:mish-3:softmax seed=2; opt sgd lr=0.1; reg l2=0.001"
check momentum "$DATA; net 4-7:tanh-5:softplus-3:softmax seed=3; opt momentum lr=0.05 momentum=0.8; loss ce smoothing=0.1"
check nesterov "$DATA; net 4-6:elu-6:leaky_relu-3:softmax seed=4; opt nesterov lr=0.05; loss ce weights=[1, 2, 0.5]"
check rmsprop  "$DATA; net 4-6:swish-6:gelu_tanh-3:softmax seed=5; opt rmsprop lr=0.01 rho=0.8; clip norm=0.5"
check adagrad  "$DATA; net 4-6:sigmoid-3:softmax seed=6; opt adagrad lr=0.1; reg l1=0.001; clip value=0.05"
check adam     "$DATA; net 4-6:relu-6:tanh-3:softmax seed=7; batchnorm on; opt adam lr=0.01"
check adamw    "$DATA; net 4-8:identity-3:softmax seed=8; opt adamw lr=0.01 decay=0.05; sched warmup epochs=3" 4
check mse      "$DATA; net 4-5:tanh-3:softmax seed=9; loss mse; opt adam lr=0.02; sched exp gamma=0.9" 3
check step     "$DATA; net 4-6:tanh-3:softmax seed=10; opt momentum lr=0.1; sched step every=2 gamma=0.5" 5
check cosine   "$DATA; net 4-6:relu-3:softmax seed=11; opt sgd lr=0.2; sched cosine period=3 min=0.01" 5
exit $status
