"""PyTorch eager on the same GPU, for comparison with Anneal's GpuBenchmark.

Same model (MLP 784-512-512-10, ReLU, cross-entropy), optimizer (SGD lr 0.01, momentum 0.9),
random data (32768 rows on the GPU), shuffled batches gathered on the GPU, float32 (TF32 off, as
PyTorch's default for matmul), and the loss summed on the GPU and read once per epoch, as the
Anneal trainer does. The first epoch is a warm-up; then epochs run until they have taken 3 seconds
(as in GpuBenchmark); prints steps per second at batch 256 and 4096.

    python3 torch_mlp.py [DEVICE]      (default cuda; cpu works too)
"""
import sys
import time

import torch
from torch import nn

ROWS = 32768


def measure(dev, batch, min_seconds=3.0):
    torch.manual_seed(1)
    x = torch.randn(ROWS, 784, device=dev)
    y = torch.randint(0, 10, (ROWS,), device=dev)
    model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10)).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    steps = (ROWS + batch - 1) // batch

    def epoch():
        order = torch.randperm(ROWS, device=dev)
        total = torch.zeros((), device=dev)
        for b in range(steps):
            idx = order[b * batch:(b + 1) * batch]
            loss = loss_fn(model(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.detach()
        return total.item()

    epoch()
    start = time.perf_counter()
    timed_epochs = 0
    while True:
        epoch()
        timed_epochs += 1
        seconds = time.perf_counter() - start
        if seconds >= min_seconds:
            break
    rate = timed_epochs * steps / seconds
    flop = 6.0 * batch * (784 * 512 + 512 * 512 + 512 * 10)
    name = torch.cuda.get_device_name(dev) if dev.startswith("cuda") else dev
    print(f"torch {torch.__version__} {name} batch {batch}: {rate:.0f} steps/s "
          f"({1e3 / rate:.2f} ms/step, {rate * flop / 1e12:.1f} TFLOP/s in the matrix products)")


if __name__ == "__main__":
    device = sys.argv[1] if len(sys.argv) > 1 else "cuda"
    torch.backends.cuda.matmul.allow_tf32 = False
    measure(device, 256)
    measure(device, 4096)
