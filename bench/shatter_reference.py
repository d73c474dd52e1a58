#!/usr/bin/env python3
"""Shattered gradients (Balduzzi et al. 2017) in PyTorch, built exactly as
core/experiments/shattered_gradients.h builds them, to check `resnetlab-cli shatter`.

Depth L = L hidden layers of width 200: a first layer ReLU(W x + b) with W, b ~ N(0, 1) and no
batch norm, then L - 1 blocks of one Linear(200, 200, no bias)-BN unit, He initialised, with the
ReLU after the (optional) identity skip (post-activation, the engine's block), a Linear(200, 1)
head. Batch norm with frozen statistics: one training-mode pass over the 256 inputs with
momentum 1, then evaluation mode. dy/dx by autograd at 256 inputs on [-2, 2]; the lag-1 sample
autocorrelation, mean over initialisations. --block preact uses Balduzzi et al.'s
x + W ReLU(BN x) block instead, and a BN-ReLU before the head (pre-activation, He et al. 2016;
the engine does not have it yet).

    /usr/bin/python3 bench/shatter_reference.py --depths 1,2,4,8,16,24,50,100 --inits 10
"""
import argparse

import numpy as np
import torch
import torch.nn as nn

W = 200


def he(layer):
    nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
    return layer


class Block(nn.Module):
    def __init__(self, residual, preact):
        super().__init__()
        self.residual, self.preact = residual, preact
        if preact:
            self.f = nn.Sequential(nn.BatchNorm1d(W, momentum=1.0), nn.ReLU(), he(nn.Linear(W, W, bias=False)))
        else:
            self.f = nn.Sequential(he(nn.Linear(W, W, bias=False)), nn.BatchNorm1d(W, momentum=1.0))

    def forward(self, x):
        if self.preact:
            return x + self.f(x) if self.residual else self.f(x)
        return torch.relu(x + self.f(x)) if self.residual else torch.relu(self.f(x))


def make(depth, residual, preact):
    first = nn.Linear(1, W)
    nn.init.normal_(first.weight, 0, 1)
    nn.init.normal_(first.bias, 0, 1)
    head = nn.Linear(W, 1)
    nn.init.normal_(head.weight, 0, (1 / W) ** 0.5)
    nn.init.zeros_(head.bias)
    # A pre-activation net ends with the BN-ReLU its last block leaves out (He et al. 2016).
    tail = [nn.BatchNorm1d(W, momentum=1.0), nn.ReLU()] if preact and depth > 1 else []
    return nn.Sequential(first, nn.ReLU(), *[Block(residual, preact) for _ in range(depth - 1)], *tail, head)


def lag1(g):
    g = g - g.mean()
    return float((g[:-1] * g[1:]).sum() / (g * g).sum())


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--depths", default="1,8,24,50")
    p.add_argument("--inits", type=int, default=10)
    p.add_argument("--block", choices=["post", "preact"], default="post")
    args = p.parse_args()
    torch.set_num_threads(1)
    x = torch.linspace(-2, 2, 256).unsqueeze(1)
    for family in ("plain", "residual"):
        row = []
        for depth in [int(d) for d in args.depths.split(",")]:
            r = []
            for init in range(args.inits):
                torch.manual_seed(init)
                net = make(depth, family == "residual", args.block == "preact")
                net.train()
                with torch.no_grad():
                    net(x)
                net.eval()
                xx = x.clone().requires_grad_(True)
                net(xx).sum().backward()
                r.append(lag1(xx.grad[:, 0].double().numpy()))
            row.append(f"{depth}: {np.mean(r):.3f}")
        print(f"{family:9s} ({args.block}) " + "  ".join(row), flush=True)
