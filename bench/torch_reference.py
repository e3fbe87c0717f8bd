"""The numpy reference's training written for PyTorch (CPU), for the table of peers.

Same workloads and steps as numpy_reference.py (including (e), the conv net): relu hidden
layers, softmax + cross-entropy, Adam (lr 1e-2), He initialization, shuffled minibatches,
20 epochs; no autograd bookkeeping
beyond what a PyTorch user writes (nn.Linear layers, F.cross_entropy, torch.optim.Adam).
Usage: python3 torch_reference.py WORKLOAD DATA.csv [RUNS] [float64|float32]
       → prints samples_per_second=… (fastest run) peak_mb=…
Threads: torch.set_num_threads from TORCH_THREADS (default 2).
"""
import os
import resource
import sys
import time

import numpy as np
import torch

WORKLOADS = {
    "a": ([2, 64, 64, 3], 32),
    "b": ([2, 64, 64, 3], 256),
    "c": ([2, 256, 256, 3], 256),
    "d": ([64, 128, 10], 32),
    "e": (None, 32),
}


def conv_net(dtype):
    """Workload (e): digits as 1×8×8 images through two conv + max pool blocks and two dense layers."""
    layers = [torch.nn.Conv2d(1, 8, 3, padding=1, dtype=dtype), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
              torch.nn.Conv2d(8, 16, 3, padding=1, dtype=dtype), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
              torch.nn.Flatten(), torch.nn.Linear(64, 32, dtype=dtype), torch.nn.ReLU(), torch.nn.Linear(32, 10, dtype=dtype)]
    for layer in layers:
        if isinstance(layer, (torch.nn.Conv2d, torch.nn.Linear)):
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    return torch.nn.Sequential(*layers)


def train(widths, batch, x, y, dtype, epochs=20):
    torch.manual_seed(1)
    layers = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:]) if widths else []):
        linear = torch.nn.Linear(a, b, dtype=dtype)
        torch.nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
        torch.nn.init.zeros_(linear.bias)
        layers.append(linear)
        if i < len(widths) - 2:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers) if widths else conv_net(dtype)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    xs = torch.tensor(x, dtype=dtype)
    if not widths:
        xs = xs.reshape(-1, 1, 8, 8)
    ys = torch.tensor(y, dtype=torch.long)
    n = len(xs)
    generator = torch.Generator().manual_seed(1)
    samples = 0
    start = time.perf_counter()
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        for s in range(0, n, batch):
            rows = order[s:s + batch]
            optimizer.zero_grad(set_to_none=True)
            loss = torch.nn.functional.cross_entropy(model(xs[rows]), ys[rows])
            loss.backward()
            optimizer.step()
            samples += len(rows)
    return samples / (time.perf_counter() - start)


def main():
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "2")))
    widths, batch = WORKLOADS[sys.argv[1]]
    data = np.loadtxt(sys.argv[2], delimiter=",", skiprows=1)
    x, y = data[:, :-1].copy(), data[:, -1].astype(np.int64)
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    dtype = torch.float32 if len(sys.argv) > 4 and sys.argv[4] == "float32" else torch.float64
    rate = max(train(widths, batch, x, y, dtype) for _ in range(runs))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"samples_per_second={rate:.0f} peak_mb={peak:.1f}")


if __name__ == "__main__":
    main()
