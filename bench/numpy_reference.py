"""A from-scratch numpy (float64) MLP trainer: the reference nnlab's engine is measured against.

Same workloads as bench/Swift/main.swift: relu hidden layers, softmax + cross-entropy, Adam
(lr 1e-2, β₁ 0.9, β₂ 0.999, ε 1e-8), He initialization, shuffled minibatches, 20 epochs.
Usage: python3 numpy_reference.py WORKLOAD DATA.csv [RUNS]  → prints samples_per_second=… (fastest run) peak_mb=…
"""
import resource
import sys
import time

import numpy as np

WORKLOADS = {
    "a": ([2, 64, 64, 3], 32),
    "b": ([2, 64, 64, 3], 256),
    "c": ([2, 256, 256, 3], 256),
    "d": ([64, 128, 10], 32),
}


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return data[:, :-1].copy(), data[:, -1].astype(np.int64)


def train(widths, batch, x, y, epochs=20, lr=1e-2, b1=0.9, b2=0.999, eps=1e-8):
    rng = np.random.default_rng(1)
    weights = [rng.normal(0, np.sqrt(2 / i), (o, i)) for i, o in zip(widths[:-1], widths[1:])]
    biases = [np.zeros(o) for o in widths[1:]]
    params = weights + biases
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    n = len(x)
    t = 0
    samples = 0
    start = time.perf_counter()
    for _ in range(epochs):
        order = rng.permutation(n)
        for s in range(0, n, batch):
            rows = order[s:s + batch]
            xb, yb = x[rows], y[rows]
            # forward
            acts = [xb]
            zs = []
            for k, (w, b) in enumerate(zip(weights, biases)):
                z = acts[-1] @ w.T + b
                zs.append(z)
                acts.append(np.maximum(z, 0) if k < len(weights) - 1 else z)
            logits = acts[-1]
            logits = logits - logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            # backward
            delta = p
            delta[np.arange(len(yb)), yb] -= 1
            delta /= len(yb)
            grads_w = [None] * len(weights)
            grads_b = [None] * len(weights)
            for k in range(len(weights) - 1, -1, -1):
                grads_w[k] = delta.T @ acts[k]
                grads_b[k] = delta.sum(axis=0)
                if k > 0:
                    delta = (delta @ weights[k]) * (zs[k - 1] > 0)
            grads = grads_w + grads_b
            t += 1
            c1 = 1 - b1 ** t
            c2 = 1 - b2 ** t
            for i, g in enumerate(grads):
                m[i] *= b1
                m[i] += (1 - b1) * g
                v[i] *= b2
                v[i] += (1 - b2) * g * g
                params[i] -= lr * (m[i] / c1) / (np.sqrt(v[i] / c2) + eps)
            samples += len(rows)
    elapsed = time.perf_counter() - start
    return samples / elapsed


def main():
    widths, batch = WORKLOADS[sys.argv[1]]
    x, y = load(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    # The fastest run counts, as for nnlab: a shared machine only slows a run down.
    rate = max(train(widths, batch, x, y) for _ in range(runs))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"samples_per_second={rate:.0f} peak_mb={peak:.1f}")


if __name__ == "__main__":
    main()
