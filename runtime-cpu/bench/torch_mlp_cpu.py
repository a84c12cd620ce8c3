"""PyTorch eager on one CPU thread, for comparison with Anneal's TrainingBenchmark.

Same models (MLP 20-64-2 at batch 32, MLP 784-512-512-10 at batch 256; ReLU, cross-entropy),
optimizer (SGD lr 0.01, Nesterov momentum 0.9), float32, random data of 50 batches cycled as the
Java benchmark does. Warm-up steps first; prints steps per second for each model.

    python3 runtime-cpu/bench/torch_mlp_cpu.py      # e.g. Debian's python3-torch
"""
import time

import torch
from torch import nn


def measure(sizes, batch, warmup, steps):
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

    for i in range(warmup):
        step(i)
    start = time.perf_counter()
    for i in range(steps):
        step(i)
    rate = steps / (time.perf_counter() - start)
    name = "-".join(str(s) for s in sizes)
    print(f"torch {torch.__version__} MLP {name}, batch {batch}: {rate:.1f} steps/s")


if __name__ == "__main__":
    torch.set_num_threads(1)
    measure([20, 64, 2], 32, 2000, 20000)
    measure([784, 512, 512, 10], 256, 20, 100)
