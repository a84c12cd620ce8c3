"""PyTorch eager on the CPU, for comparison with Anneal's TrainingBenchmark.

Same models (MLP 20-64-2 at batch 32, MLP 784-512-512-10 at batch 256; ReLU, cross-entropy),
optimizer (SGD lr 0.01, Nesterov momentum 0.9), float32, random data of 50 batches cycled as the
Java benchmark does. Warm-up steps first, then the best of 3 timed runs, in steps per second.
`sgemm` times a step's matrix products alone (torch.mm of the shapes the step multiplies).
Prints one line per result: `RESULT peer model threads steps/s peak-RSS-MiB`.

    /usr/bin/python3 runtime-cpu/bench/torch_mlp_cpu.py [small|large|both] [threads] [train|sgemm]
"""
import resource
import sys
import time

import torch
from torch import nn

REPEATS = 3


def best_rate(step, warmup, steps):
    for i in range(warmup):
        step(i)
    best = 0.0
    for _ in range(REPEATS):
        start = time.perf_counter()
        for i in range(steps):
            step(i)
        best = max(best, steps / (time.perf_counter() - start))
    return best


def train(sizes, batch, warmup, steps):
    torch.manual_seed(1)
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    model = nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, nesterov=True)
    loss_fn = nn.CrossEntropyLoss()
    xs = [torch.randn(batch, sizes[0]) for _ in range(50)]
    ys = [torch.randint(0, sizes[-1], (batch,)) for _ in range(50)]

    def step(i):
        loss = loss_fn(model(xs[i % 50]), ys[i % 50])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()

    return best_rate(step, warmup, steps)


def sgemm(sizes, batch, warmup, steps):
    torch.manual_seed(1)
    n = len(sizes) - 1
    a = [torch.randn(batch, s) for s in sizes]
    g = [torch.randn(batch, s) for s in sizes]
    w = [torch.randn(sizes[l], sizes[l + 1]) for l in range(n)]
    dw = [torch.empty(sizes[l], sizes[l + 1]) for l in range(n)]

    def step(_):
        for l in range(n):
            torch.mm(a[l], w[l], out=a[l + 1])
        for l in reversed(range(n)):
            torch.mm(a[l].t(), g[l + 1], out=dw[l])
            if l > 0:
                torch.mm(g[l + 1], w[l].t(), out=g[l])

    return best_rate(step, warmup, steps)


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "both"
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    what = sys.argv[3] if len(sys.argv) > 3 else "train"
    torch.set_num_threads(threads)
    print(f"# torch {torch.__version__}, {threads} thread(s), {torch.__config__.parallel_info().splitlines()[0]}")
    cases = []
    if which != "large":
        cases.append(("small", [20, 64, 2], 32, 1000, 5000))
    if which != "small":
        cases.append(("large", [784, 512, 512, 10], 256, 20, 100))
    for key, sizes, batch, warmup, steps in cases:
        rate = (train if what == "train" else sgemm)(sizes, batch, warmup, steps)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
        peer = "torch" if what == "train" else "torch-sgemm"
        print(f"RESULT {peer} {key} {threads} {rate:.1f} {rss:.0f}", flush=True)


if __name__ == "__main__":
    main()
