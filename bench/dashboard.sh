#!/usr/bin/env bash
# The training dashboard under load, driven through tmux like a person would: a 200×60
# terminal, workload (a) of the engine benchmark (spiral 3000, 2-64-64-3 relu, Adam 1e-2,
# batch 32) trained live. Prints the frames per second the view drew and the training
# throughput inside the view as a share of the same training in plain mode, measured in the
# same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${NNLAB_BINARY:-$(swift build -c release --show-bin-path)/nnlab}"
epochs="${DASHBOARD_EPOCHS:-200}"
command -v tmux >/dev/null || { echo "dashboard: tmux is not installed (make deps)"; exit 1; }
home="$(mktemp -d)"
server="nnlab-bench-$$"
trap 'tmux -L "$server" kill-server 2>/dev/null || true; rm -rf "$home"' EXIT

setup="seed 1; data spiral n=3000 classes=3 test=0; net 2-64-64-3 act=relu out=softmax; loss ce; opt adam lr=0.01"
number() { sed -n "s/.*$1.*/\1/p" | head -1 | tr -d ','; }

# Plain mode: the same training with nothing drawn.
plain="$(printf '%s\ntrain epochs=%s batch=32\n' "$setup" "$epochs" | NNLAB_HOME="$home" "$bin" run - | grep 'samples/s')"
plain_rate="$(number ' \([0-9,]*\) samples\/s' <<<"$plain")"

# The dashboard in a 200×60 tmux pane.
tmux -L "$server" new-session -d -x 200 -y 60 "NNLAB_VIEW_STATS=1 NNLAB_HOME='$home' TERM=xterm-256color LANG=C.UTF-8 '$bin'; sleep 600"
wait_for() { # pattern, seconds
  for _ in $(seq 1 $(($2 * 10))); do
    if tmux -L "$server" capture-pane -p -S -200 | grep -q -- "$1"; then return 0; fi
    sleep 0.1
  done
  echo "dashboard: timed out waiting for '$1'"; tmux -L "$server" capture-pane -p | tail -5; exit 1
}
wait_for 'nnlab>' 20
tmux -L "$server" send-keys -l "$setup"; tmux -L "$server" send-keys Enter
tmux -L "$server" send-keys -l "train epochs=$epochs batch=32 live"; tmux -L "$server" send-keys Enter
wait_for ' DONE$' 600
tmux -L "$server" send-keys q
wait_for 'frames/s' 20
after="$(tmux -L "$server" capture-pane -p -J -S -300)"
fps="$(number 'while working [0-9]* frames in [0-9.]* s, \([0-9.]*\) frames\/s' <<<"$after")"
live_rate="$(number ' \([0-9,]*\) samples\/s' <<<"$(grep '^dashboard:' <<<"$after")")"
share="$(python3 -c "print(f'{100*$live_rate/$plain_rate:.0f}')")"
echo "Dashboard: 200×60, workload (a) for $epochs epochs, trained live"
printf '  %-34s %10s   target ≥ 30\n' "frames per second while training" "$fps"
printf '  %-34s %10s\n' "ms to render and draw a frame" "$(number ', \([0-9.]*\) ms a frame' <<<"$after")"
printf '  %-34s %10s   (plain mode %s samples/s)\n' "samples/s in the dashboard" "$live_rate" "$plain_rate"
printf '  %-34s %9s%%   target ≥ 80%%\n' "share of plain-mode throughput" "$share"
