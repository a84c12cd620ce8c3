#!/usr/bin/env python3
"""The README's 16-trial sweep in Optuna + PyTorch: the peer of `anneal sweep` in bench/sweep_compare.sh.

The same grid and the same trainings as

    anneal sweep --schedule 'warmup({w}) then cosine(etaMin={eta})' --hole 'w in [0, 2.epochs]' \
        --hole 'eta in [0, 1e-3]' --lr 0.01,0.03,0.1,0.3 --epochs 20 --parallel 1 --hidden 64 --data CSV

set up as a PyTorch user would at their best: one process, Optuna's GridSampler, an MLP 20-64-2
(ReLU), SGD with momentum 0.9, batch 32, a warmup-then-cosine LambdaLR stepped every batch, features
standardised with the training rows' statistics, a stratified 80/20 split, one thread
(torch.set_num_threads(1); run it with OMP_NUM_THREADS=1 MKL_NUM_THREADS=1). Prints the best trial
and the seconds inside study.optimize; the caller times the whole process (interpreter start included).

    python3 bench/sweep_peer.py --data ../shared/data/synth-1000x20.csv [--parallel N]
"""
import argparse
import math
import time

import numpy as np
import optuna
import torch
from torch import nn

WARMUPS = [0, 2]            # epochs
ETA_MINS = [0.0, 1e-3]
LRS = [0.01, 0.03, 0.1, 0.3]


def load(path, label="label", seed=1):
    header = open(path).readline().strip().split(",")
    raw = np.genfromtxt(path, delimiter=",", skip_header=1, dtype=str)
    y_col = header.index(label)
    x = np.delete(raw, y_col, axis=1).astype(np.float32)
    names, y = np.unique(raw[:, y_col], return_inverse=True)
    rng = np.random.default_rng(seed)
    train, val = [], []
    for c in range(len(names)):
        idx = np.flatnonzero(y == c)
        rng.shuffle(idx)
        cut = int(round(len(idx) * 0.2))
        val.extend(idx[:cut])
        train.extend(idx[cut:])
    train, val = np.sort(train), np.sort(val)
    mean, std = x[train].mean(0), x[train].std(0)
    std[std == 0] = 1
    x = (x - mean) / std
    return (torch.tensor(x[train]), torch.tensor(y[train])), (torch.tensor(x[val]), torch.tensor(y[val]))


def train(data, lr, warmup_epochs, eta_min, epochs=20, batch=32, seed=1):
    (xt, yt), (xv, yv) = data
    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(xt.shape[1], 64), nn.ReLU(), nn.Linear(64, 2))
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9)
    steps_per_epoch = math.ceil(len(xt) / batch)
    total = epochs * steps_per_epoch
    warmup = warmup_epochs * steps_per_epoch

    def factor(step):
        if step < warmup:
            return step / warmup
        t = step - warmup
        span = total - warmup
        return (eta_min + (lr - eta_min) * (1 + math.cos(math.pi * min(t, span) / span)) / 2) / lr

    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    loss_fn = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(seed)
    val_loss = float("nan")
    for _ in range(epochs):
        model.train()
        for idx in torch.randperm(len(xt), generator=g).split(batch):
            opt.zero_grad(set_to_none=True)
            loss_fn(model(xt[idx]), yt[idx]).backward()
            opt.step()
            sched.step()
        model.eval()
        with torch.no_grad():
            val_loss = loss_fn(model(xv), yv).item()
    return val_loss


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--parallel", type=int, default=1, help="Optuna's n_jobs (threads)")
    args = p.parse_args()
    torch.set_num_threads(1)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    data = load(args.data)
    space = {"w": WARMUPS, "eta": ETA_MINS, "lr": LRS}
    study = optuna.create_study(sampler=optuna.samplers.GridSampler(space, seed=0), direction="minimize")

    def objective(trial):
        return train(data, trial.suggest_categorical("lr", LRS), trial.suggest_categorical("w", WARMUPS),
                     trial.suggest_categorical("eta", ETA_MINS))

    start = time.perf_counter()
    study.optimize(objective, n_trials=len(WARMUPS) * len(ETA_MINS) * len(LRS), n_jobs=args.parallel)
    inside = time.perf_counter() - start
    print(f"best: {study.best_params} val loss {study.best_value:.4f}; {len(study.trials)} trials, "
          f"{inside:.2f} s inside study.optimize")


if __name__ == "__main__":
    main()
