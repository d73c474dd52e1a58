#!/usr/bin/env python3
"""The default depth sweep of ResNet Lab, written in PyTorch, for a side-by-side timing.

Same experiment as `resnetlab-cli sweep`: a 3-class two-turn spiral (1500 training points,
standardised), MLPs of width 32 with batch norm (stem Linear(2, 32)-BN-ReLU, units of two
Linear-BN layers with a ReLU between them and one after the (optional) identity skip, a
linear head), He initialisation, SGD momentum 0.9, lr 0.05 with per-batch cosine decay,
batch 128, 40 epochs; depths 4, 8, 16, 32, 56 (= 2 + 2 units); plain and residual.
It prints one JSON line per run and the total time. Run it with Debian's PyTorch:

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_CORETYPE=Haswell \\
        /usr/bin/python3 bench/sweep_reference.py --seeds 0 --threads 1
"""
import argparse
import json
import math
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def spiral(n_train, classes=3, turns=2.0, noise=0.1, seed=0):
    rng = np.random.RandomState(seed)
    m = n_train // classes
    xs, ys = [], []
    for k in range(classes):
        r = np.linspace(0.05, 1.0, m)
        t = 2 * np.pi * (turns * r + k / classes) + rng.randn(m) * noise
        xs.append(np.c_[r * np.sin(t), r * np.cos(t)])
        ys += [k] * m
    x = np.concatenate(xs)
    x = (x - x.mean(0)) / x.std(0)
    return torch.tensor(x, dtype=torch.float32), torch.tensor(ys, dtype=torch.int64)


class Unit(nn.Module):
    """Two Linear-BN layers; the skip (if any) joins before the last ReLU."""

    def __init__(self, width, residual):
        super().__init__()
        self.branch = nn.Sequential(nn.Linear(width, width, bias=False), nn.BatchNorm1d(width), nn.ReLU(),
                                    nn.Linear(width, width, bias=False), nn.BatchNorm1d(width))
        self.residual = residual

    def forward(self, x):
        z = self.branch(x)
        return F.relu(z + x) if self.residual else F.relu(z)


def make_net(depth, residual, width=32, classes=3):
    net = nn.Sequential(nn.Linear(2, width), nn.BatchNorm1d(width), nn.ReLU(),
                        *[Unit(width, residual) for _ in range((depth - 2) // 2)],
                        nn.Linear(width, classes))
    for m in net.modules():
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
    nn.init.kaiming_normal_(net[-1].weight, nonlinearity="linear")
    return net


def run(depth, residual, seed, x, y, epochs, batch):
    torch.manual_seed(seed)
    net = make_net(depth, residual)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    steps = math.ceil(len(x) / batch)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs * steps)
    gen = torch.Generator().manual_seed(seed)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            loss = F.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
        net.eval()
        with torch.no_grad():   # the per-epoch evaluation ResNet Lab does too
            out = net(x)
            F.cross_entropy(out, y)
        net.train()
    net.eval()
    with torch.no_grad():
        err = (net(x).argmax(1) != y).float().mean().item()
    return err, time.perf_counter() - start


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--depths", default="4,8,16,32,56")
    p.add_argument("--seeds", default="0")
    p.add_argument("--epochs", type=int, default=40)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    x, y = spiral(1500)
    total = time.perf_counter()
    for seed in [int(s) for s in args.seeds.split(",")]:
        for family in ("plain", "residual"):
            for depth in [int(d) for d in args.depths.split(",")]:
                err, secs = run(depth, family == "residual", seed, x, y, args.epochs, 128)
                print(json.dumps({"family": family, "depth": depth, "seed": seed, "train_error": round(err, 4),
                                  "seconds": round(secs, 3)}), flush=True)
    print(json.dumps({"total_seconds": round(time.perf_counter() - total, 3)}))


if __name__ == "__main__":
    main()
