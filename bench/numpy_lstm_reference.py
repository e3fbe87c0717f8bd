"""A from-scratch numpy (float64) LSTM trainer: the reference for nnlab's workload (f).

Workload (f): sequences of a noisy sine (n=2000, 20 steps, 1 feature; 1600 train, 400 test as
`data seq sine n=2000 steps=20` splits them), an LSTM of 32 units (PyTorch's gates i, f, g, o,
zero initial states, U(−1/√H, 1/√H) initialization) handing on its last state to a dense layer
of 1, mse, Adam (lr 1e-2), batch 32, 20 epochs, backpropagation through time by hand, and the
test loss after every epoch (as the `train` command reports it).
Usage: python3 numpy_lstm_reference.py [RUNS]  → prints samples_per_second=… (fastest run) peak_mb=…
"""
import resource
import sys
import time

import numpy as np

N, T, F, H, BATCH, EPOCHS = 2000, 20, 1, 32, 32, 20


def data(rng):
    phase = rng.uniform(0, 2 * np.pi, (N, 1))
    t = np.arange(T)[None, :]
    x = np.sin(phase + 0.3 * t) + rng.normal(0, 0.05, (N, T))
    y = np.sin(phase + 0.3 * T)
    test = N // 5
    return x[test:, :, None].copy(), y[test:], x[:test, :, None].copy(), y[:test]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(params, x):
    wih, whh, b, wd, bd = params
    n = x.shape[0]
    h = np.zeros((n, H))
    c = np.zeros((n, H))
    cache = []
    for t in range(T):
        a = x[:, t, :] @ wih.T + h @ whh.T + b
        i = sigmoid(a[:, :H])
        f = sigmoid(a[:, H:2 * H])
        g = np.tanh(a[:, 2 * H:3 * H])
        o = sigmoid(a[:, 3 * H:])
        c_new = f * c + i * g
        tc = np.tanh(c_new)
        cache.append((h, c, i, f, g, o, tc))
        h, c = o * tc, c_new
    return h @ wd.T + bd, h, cache


def train(xtr, ytr, xte, yte, rng, lr=1e-2, b1=0.9, b2=0.999, eps=1e-8):
    k = 1 / np.sqrt(H)
    params = [rng.uniform(-k, k, (4 * H, F)), rng.uniform(-k, k, (4 * H, H)), rng.uniform(-k, k, 4 * H),
              rng.uniform(-k, k, (1, H)), np.zeros(1)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    n = len(xtr)
    step = 0
    samples = 0
    start = time.perf_counter()
    for _ in range(EPOCHS):
        order = rng.permutation(n)
        for s in range(0, n, BATCH):
            rows = order[s:s + BATCH]
            xb, yb = xtr[rows], ytr[rows]
            wih, whh, b, wd, bd = params
            out, h, cache = forward(params, xb)
            d = 2 * (out - yb) / out.size
            g_wd = d.T @ h
            g_bd = d.sum(axis=0)
            dh = d @ wd
            dc = np.zeros_like(dh)
            g_wih = np.zeros_like(wih)
            g_whh = np.zeros_like(whh)
            g_b = np.zeros_like(b)
            for t in range(T - 1, -1, -1):
                h_prev, c_prev, i, f, g, o, tc = cache[t]
                dc = dc + dh * o * (1 - tc * tc)
                da = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                                     dc * i * (1 - g * g), dh * tc * o * (1 - o)], axis=1)
                g_wih += da.T @ xb[:, t, :]
                g_whh += da.T @ h_prev
                g_b += da.sum(axis=0)
                dh = da @ whh
                dc = dc * f
            grads = [g_wih, g_whh, g_b, g_wd, g_bd]
            step += 1
            c1 = 1 - b1 ** step
            c2 = 1 - b2 ** step
            for j, gr in enumerate(grads):
                m[j] *= b1
                m[j] += (1 - b1) * gr
                v[j] *= b2
                v[j] += (1 - b2) * gr * gr
                params[j] -= lr * (m[j] / c1) / (np.sqrt(v[j] / c2) + eps)
            samples += len(rows)
        test_out, _, _ = forward(params, xte)
        test_loss = float(np.mean((test_out - yte) ** 2))
    elapsed = time.perf_counter() - start
    return samples / elapsed, test_loss


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rng = np.random.default_rng(1)
    xtr, ytr, xte, yte = data(rng)
    results = [train(xtr, ytr, xte, yte, rng) for _ in range(runs)]
    rate = max(r for r, _ in results)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"samples_per_second={rate:.0f} peak_mb={peak:.1f} test_loss={results[-1][1]:.5f}")


if __name__ == "__main__":
    main()
