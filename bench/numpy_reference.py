"""A from-scratch numpy (float64) trainer: the reference nnlab's engine is measured against.

Same workloads as bench/Swift/main.swift: relu hidden layers, softmax + cross-entropy, Adam
(lr 1e-2, β₁ 0.9, β₂ 0.999, ε 1e-8), He initialization, shuffled minibatches, 20 epochs.
Workloads (a)–(d) are dense nets; (e) is a conv net on digits as 1×8×8 images (conv 8 3×3
pad 1 relu, maxpool 2, conv 16 3×3 pad 1 relu, maxpool 2, dense 32 relu, dense 10), written
with im2col: one matrix product per layer over the whole batch, col2im by the K² shifted
slices, max pooling through reshaped 2×2 windows.
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
    "e": (None, 32),
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


def im2col(x, k, pad):
    """n×C×H×W → (C·K·K)×(n·H·W) patches of a stride-1 convolution with zero padding `pad`."""
    n, c, h, w = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    ho, wo = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    cols = np.empty((c, k, k, n, ho, wo))
    for u in range(k):
        for v in range(k):
            cols[:, u, v] = xp[:, :, u:u + ho, v:v + wo].transpose(1, 0, 2, 3)
    return cols.reshape(c * k * k, n * ho * wo)


def col2im(cols, shape, k, pad):
    """The adjoint of im2col: adds each patch entry back onto the padded image, then crops."""
    n, c, h, w = shape
    ho, wo = h + 2 * pad - k + 1, w + 2 * pad - k + 1
    cols = cols.reshape(c, k, k, n, ho, wo)
    xp = np.zeros((n, c, h + 2 * pad, w + 2 * pad))
    for u in range(k):
        for v in range(k):
            xp[:, :, u:u + ho, v:v + wo] += cols[:, u, v].transpose(1, 0, 2, 3)
    return xp[:, :, pad:pad + h, pad:pad + w]


def conv_forward(x, w, b, pad):
    n, _, h, wd = x.shape
    f, _, k, _ = w.shape
    cols = im2col(x, k, pad)
    y = w.reshape(f, -1) @ cols + b[:, None]
    ho, wo = h + 2 * pad - k + 1, wd + 2 * pad - k + 1
    return y.reshape(f, n, ho, wo).transpose(1, 0, 2, 3), cols


def conv_backward(g, x_shape, w, cols, pad):
    f, _, k, _ = w.shape
    g2 = g.transpose(1, 0, 2, 3).reshape(f, -1)
    dw = (g2 @ cols.T).reshape(w.shape)
    db = g2.sum(axis=1)
    dx = col2im(w.reshape(f, -1).T @ g2, x_shape, k, pad)
    return dx, dw, db


def pool_forward(x):
    """2×2 max pooling, stride 2: the maximum and a mask of the (first) winner of each window."""
    n, c, h, w = x.shape
    windows = x.reshape(n, c, h // 2, 2, w // 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(n, c, h // 2, w // 2, 4)
    winner = windows.argmax(axis=4)
    return np.take_along_axis(windows, winner[..., None], axis=4)[..., 0], winner


def pool_backward(g, winner, shape):
    n, c, h, w = shape
    windows = np.zeros((n, c, h // 2, w // 2, 4))
    np.put_along_axis(windows, winner[..., None], g[..., None], axis=4)
    return windows.reshape(n, c, h // 2, w // 2, 2, 2).transpose(0, 1, 2, 4, 3, 5).reshape(shape)


def train_conv(batch, x, y, epochs=20, lr=1e-2, b1=0.9, b2=0.999, eps=1e-8):
    rng = np.random.default_rng(1)
    x = x.reshape(-1, 1, 8, 8)
    w1 = rng.normal(0, np.sqrt(2 / 9), (8, 1, 3, 3))
    w2 = rng.normal(0, np.sqrt(2 / 72), (16, 8, 3, 3))
    w3 = rng.normal(0, np.sqrt(2 / 64), (32, 64))
    w4 = rng.normal(0, np.sqrt(2 / 32), (10, 32))
    params = [w1, w2, w3, w4, np.zeros(8), np.zeros(16), np.zeros(32), np.zeros(10)]
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
            w1, w2, w3, w4, b1_, b2_, b3, b4 = params
            # forward
            z1, cols1 = conv_forward(xb, w1, b1_, 1)
            a1 = np.maximum(z1, 0)
            p1, win1 = pool_forward(a1)
            z2, cols2 = conv_forward(p1, w2, b2_, 1)
            a2 = np.maximum(z2, 0)
            p2, win2 = pool_forward(a2)
            flat = p2.reshape(len(rows), -1)
            z3 = flat @ w3.T + b3
            a3 = np.maximum(z3, 0)
            logits = a3 @ w4.T + b4
            logits = logits - logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            # backward
            delta = p
            delta[np.arange(len(yb)), yb] -= 1
            delta /= len(yb)
            gw4, gb4 = delta.T @ a3, delta.sum(axis=0)
            delta = (delta @ w4) * (z3 > 0)
            gw3, gb3 = delta.T @ flat, delta.sum(axis=0)
            g = (delta @ w3).reshape(p2.shape)
            g = pool_backward(g, win2, a2.shape) * (z2 > 0)
            g, gw2, gb2 = conv_backward(g, p1.shape, w2, cols2, 1)
            g = pool_backward(g, win1, a1.shape) * (z1 > 0)
            _, gw1, gb1 = conv_backward(g, xb.shape, w1, cols1, 1)
            grads = [gw1, gw2, gw3, gw4, gb1, gb2, gb3, gb4]
            t += 1
            c1 = 1 - b1 ** t
            c2 = 1 - b2 ** t
            for i, gr in enumerate(grads):
                m[i] *= b1
                m[i] += (1 - b1) * gr
                v[i] *= b2
                v[i] += (1 - b2) * gr * gr
                params[i] -= lr * (m[i] / c1) / (np.sqrt(v[i] / c2) + eps)
            samples += len(rows)
    elapsed = time.perf_counter() - start
    # The final weights' training accuracy, as a check that the reference learns.
    w1, w2, w3, w4, b1_, b2_, b3, b4 = params
    a = pool_forward(np.maximum(conv_forward(x, w1, b1_, 1)[0], 0))[0]
    a = pool_forward(np.maximum(conv_forward(a, w2, b2_, 1)[0], 0))[0].reshape(n, -1)
    logits = np.maximum(a @ w3.T + b3, 0) @ w4.T + b4
    return samples / elapsed, float((logits.argmax(axis=1) == y).mean())


def main():
    widths, batch = WORKLOADS[sys.argv[1]]
    x, y = load(sys.argv[2])
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    # The fastest run counts, as for nnlab: a shared machine only slows a run down.
    if widths is None:
        results = [train_conv(batch, x, y) for _ in range(runs)]
        rate, accuracy = max(results)
        extra = f" train_acc={accuracy:.3f}"
    else:
        rate = max(train(widths, batch, x, y) for _ in range(runs))
        extra = ""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"samples_per_second={rate:.0f} peak_mb={peak:.1f}{extra}")


if __name__ == "__main__":
    main()
