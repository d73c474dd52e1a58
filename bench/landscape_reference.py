#!/usr/bin/env python3
"""The loss landscape of the default spiral twins (Li et al. 2018), written in PyTorch, to check
`resnetlab-cli landscape` against an independent implementation.

Same experiment: the plain and residual spiral MLPs of `sweep_reference.py`, trained as the
default sweep trains them (SGD momentum 0.9, lr 0.05 cosine, batch 128, 40 epochs), then the
training loss on a grid over [-R, R]^2 along two Gaussian directions with filter normalisation
(each row of a weight matrix rescaled to the norm of the same row of the trained weights;
biases and batch-norm parameters zero), the same direction seed for both twins, batch norm in
evaluation mode (or, with --bn batch, batch statistics over batches of 128). It prints one JSON
line per surface with the statistics ResNet Lab reports (core/experiments/loss_landscape.h):
strict local minima among 8 neighbours (border excluded), the loss range, the excess variation
of log10 loss along grid lines ("roughness") and the share of outward grid steps that rise.
The random draws differ from ResNet Lab's, so compare the statistics, not the values.

    /usr/bin/python3 bench/landscape_reference.py --depth 56 --seeds 0,1 --threads 1
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sweep_reference import make_net, spiral  # noqa: E402


def train(depth, residual, seed, x, y, epochs=40, batch=128):
    torch.manual_seed(seed)
    net = make_net(depth, residual)
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    steps = math.ceil(len(x) / batch)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs * steps)
    gen = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        perm = torch.randperm(len(x), generator=gen)
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            loss = F.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
    return net


def direction(net, seed, stream):
    """Gaussian, filter-normalised; zero for biases and BN (every 1-D parameter)."""
    gen = torch.Generator().manual_seed(1000 * seed + stream)
    out = []
    for p in net.parameters():
        d = torch.randn(p.shape, generator=gen)
        if p.dim() <= 1:
            d.zero_()
        else:
            for row_d, row_w in zip(d, p.detach()):
                row_d.mul_(row_w.norm() / (row_d.norm() + 1e-10))
        out.append(d)
    return out


def surface(net, x, y, axis, bn, batch=128):
    origin = [p.detach().clone() for p in net.parameters()]
    dx, dy = direction(net, args.direction_seed, 0), direction(net, args.direction_seed, 1)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    loss = np.zeros((len(axis), len(axis)))
    net.train(bn == "batch")
    with torch.no_grad():
        for i, a in enumerate(axis):
            for j, b in enumerate(axis):
                for p, o, u, v in zip(net.parameters(), origin, dx, dy):
                    p.copy_(o + a * u + b * v)
                total = 0.0
                for s in range(0, len(x), batch):
                    total += F.cross_entropy(net(x[s:s + batch]), y[s:s + batch], reduction="sum").item()
                loss[i, j] = total / len(x)
    net.load_state_dict(state)
    return loss


def minima(f):
    n = 0
    for i in range(1, f.shape[0] - 1):
        for j in range(1, f.shape[1] - 1):
            v = f[i, j]
            if not np.isfinite(v):
                continue
            nb = f[i - 1:i + 2, j - 1:j + 2].copy()
            nb[1, 1] = np.inf
            nb = np.where(np.isfinite(nb), nb, np.inf)
            n += bool((v < nb).all())
    return n


def clamped_log(f):
    top = np.nanmax(np.where(np.isfinite(f), f, np.nan))
    return np.log10(np.maximum(np.where(np.isfinite(f), f, top), 1e-30))


def roughness(f):
    g = clamped_log(f)
    lines = list(g) + list(g.T)
    tv = sum(np.abs(np.diff(l)).sum() for l in lines)
    valley = sum((l[0] - l.min()) + (l[-1] - l.min()) for l in lines)
    return tv / valley - 1 if valley > 0 else 0.0


def rising(f):
    g = clamped_log(f)
    c = g.shape[0] // 2
    up = steps = 0
    for i in range(g.shape[0]):
        for j in range(g.shape[1]):
            if j != c:
                k = j - 1 if j > c else j + 1
                steps += 1
                up += g[i, j] > g[i, k]
            if i != c:
                k = i - 1 if i > c else i + 1
                steps += 1
                up += g[i, j] > g[k, j]
    return up / steps


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--depth", type=int, default=56)
    p.add_argument("--seeds", default="0")
    p.add_argument("--grid", type=int, default=41)
    p.add_argument("--range", type=float, default=1.0)
    p.add_argument("--bn", choices=["running", "batch"], default="running")
    p.add_argument("--direction-seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    x, y = spiral(1500)
    axis = np.array([args.range * (2 * i - (args.grid - 1)) / (args.grid - 1) for i in range(args.grid)])
    for seed in [int(s) for s in args.seeds.split(",")]:
        for family in ("plain", "residual"):
            net = train(args.depth, family == "residual", seed, x, y)
            net.eval()
            with torch.no_grad():
                err = (net(x).argmax(1) != y).float().mean().item()
            start = time.perf_counter()
            f = surface(net, x, y, axis, args.bn)
            secs = time.perf_counter() - start
            print(json.dumps({"family": family, "depth": args.depth, "seed": seed, "bn": args.bn,
                              "train_error": round(err, 4), "local_minima": minima(f),
                              "min_loss": float(np.nanmin(f)), "max_loss": float(np.nanmax(f)),
                              "roughness": round(roughness(f), 4), "rising_share": round(rising(f), 4),
                              "seconds": round(secs, 2)}), flush=True)
