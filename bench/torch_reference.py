#!/usr/bin/python3
"""ResNet Lab's own PyTorch reference for bench/step_bench.cpp (resnetlab-bench).

Times ONE training step (zero_grad, forward, cross-entropy, backward, SGD momentum 0.9, lr 0.01),
median over many steps after 10 warm-up steps, with 1 and 2 threads, for these networks:
  a   residual MLP: Linear(2,64)-ReLU, 20 units [Linear-ReLU-Linear (+x) ReLU], Linear(64,3); batch 128
  b   the same with BatchNorm1d after every Linear except the head (each Linear keeps its bias)
  bx  b without the bias of the Linears that BN follows: the engine's mlpNet preset
  c   CIFAR-style ResNet-20 (16/32/64 filters, BN) on 1x28x28, batch 32, 10 classes
  d   the same on 3x32x32
  shortcut where shapes change: A = stride-2 subsample + zero-padded channels, B = 1x1 conv + BN.
FLOPs/step = 3 x forward multiply-adds x 2 of Linear and Conv2d (counted with forward hooks).
Prints one JSON line per configuration and thread count (config, threads, steps, median_ms,
p10_ms, median_cpu_ms, mflop_per_step, gflops, params, loss_end and engine). Each thread count runs in its own process with OMP_NUM_THREADS and
OPENBLAS_NUM_THREADS set and torch.set_num_threads.

For a fair run load OpenBLAS with the right kernels (bench/run_step_bench.sh does this):
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_CORETYPE=SkylakeX \\
      /usr/bin/python3 bench/torch_reference.py [--threads 1,2] [CONFIG[,CONFIG...]]
(OPENBLAS_CORETYPE=Haswell on a CPU without AVX-512.)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResidualUnit(nn.Module):
    """out = relu(F(x) + x), F = Linear [BN] ReLU Linear [BN] (He et al. 2015 eq. 1)."""

    def __init__(self, width, bn, bias):
        super().__init__()
        self.l1, self.l2 = nn.Linear(width, width, bias=bias), nn.Linear(width, width, bias=bias)
        self.b1 = nn.BatchNorm1d(width) if bn else nn.Identity()
        self.b2 = nn.BatchNorm1d(width) if bn else nn.Identity()

    def forward(self, x):
        return F.relu(self.b2(self.l2(F.relu(self.b1(self.l1(x))))) + x)


def residual_mlp(bn, hidden_bias=True, width=64, units=20, inputs=2, classes=3):
    return nn.Sequential(nn.Linear(inputs, width), nn.BatchNorm1d(width) if bn else nn.Identity(), nn.ReLU(),
                         *[ResidualUnit(width, bn, hidden_bias) for _ in range(units)],
                         nn.Linear(width, classes))


class BasicBlock(nn.Module):
    """out = relu(BN(conv(relu(BN(conv(x))))) + S(x)); S = identity, option A or option B."""

    def __init__(self, cin, cout, stride, shortcut):
        super().__init__()
        self.c1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.b1 = nn.BatchNorm2d(cout)
        self.c2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.b2 = nn.BatchNorm2d(cout)
        self.kind = "identity" if (stride == 1 and cin == cout) else shortcut
        if self.kind == "B":
            self.projection = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))
        self.pad = cout - cin

    def forward(self, x):
        out = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        if self.kind == "identity":
            s = x
        elif self.kind == "B":
            s = self.projection(x)
        else:   # option A: subsample, zero channels split before and after
            s = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad // 2, self.pad - self.pad // 2))
        return F.relu(out + s)


def resnet_cifar(n=3, cin=3, classes=10, shortcut="A", widths=(16, 32, 64)):
    layers = [nn.Conv2d(cin, widths[0], 3, 1, 1, bias=False), nn.BatchNorm2d(widths[0]), nn.ReLU()]
    c = widths[0]
    for stage, w in enumerate(widths):
        for i in range(n):
            layers.append(BasicBlock(c, w, 2 if (stage > 0 and i == 0) else 1, shortcut))
            c = w
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(c, classes)]
    return nn.Sequential(*layers)


CONFIGS = {
    "a_resmlp_w64_u20_b128": lambda: (residual_mlp(False), (128, 2), 3),
    "b_resmlp_bn_w64_u20_b128": lambda: (residual_mlp(True), (128, 2), 3),
    "bx_resmlp_bn_nobias_w64_u20_b128": lambda: (residual_mlp(True, hidden_bias=False), (128, 2), 3),
    "c_resnet20A_1x28x28_b32": lambda: (resnet_cifar(3, 1, shortcut="A"), (32, 1, 28, 28), 10),
    "c_resnet20B_1x28x28_b32": lambda: (resnet_cifar(3, 1, shortcut="B"), (32, 1, 28, 28), 10),
    "d_resnet20A_3x32x32_b32": lambda: (resnet_cifar(3, 3, shortcut="A"), (32, 3, 32, 32), 10),
    "d_resnet20B_3x32x32_b32": lambda: (resnet_cifar(3, 3, shortcut="B"), (32, 3, 32, 32), 10),
}
WARMUP_STEPS, MIN_STEPS, MAX_STEPS = 10, 20, 2000


def forward_flops(model, x):
    macs = [0]

    def hook(m, inp, out):
        if isinstance(m, nn.Linear):
            macs[0] += inp[0].numel() // m.in_features * m.in_features * m.out_features
        elif isinstance(m, nn.Conv2d):
            macs[0] += out.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    hooks = [m.register_forward_hook(hook) for m in model.modules() if isinstance(m, (nn.Linear, nn.Conv2d))]
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    return 2 * macs[0]


def time_config(name, threads, min_time):
    torch.manual_seed(0)
    model, xshape, classes = CONFIGS[name]()
    model.train()
    x = torch.randn(*xshape)
    y = torch.randint(0, classes, (xshape[0],))
    flops = 3 * forward_flops(model, x)   # in train mode, so BN's running stats move once more: harmless
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(WARMUP_STEPS):
        step()
    wall, cpu = [], []
    t_end = time.perf_counter() + min_time
    loss = None
    while len(wall) < MIN_STEPS or time.perf_counter() < t_end:
        t0, c0 = time.perf_counter(), time.process_time()
        loss = step()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if len(wall) >= MAX_STEPS:
            break
    med = statistics.median(wall)
    loss_end = float(loss)
    return {"config": name, "threads": threads, "steps": len(wall), "median_ms": round(med * 1e3, 3),
            "p10_ms": round(sorted(wall)[len(wall) // 10] * 1e3, 3),
            "median_cpu_ms": round(statistics.median(cpu) * 1e3, 3),
            "mflop_per_step": round(flops / 1e6, 1), "gflops": round(flops / med / 1e9, 2),
            "params": sum(p.numel() for p in model.parameters()),
            "loss_end": round(loss_end, 4) if loss_end == loss_end and abs(loss_end) != float("inf") else None,
            "engine": "torch"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="?", default=",".join(CONFIGS), help="comma-separated config names")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--min-time-mlp", type=float, default=3.0)
    parser.add_argument("--min-time-conv", type=float, default=8.0)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.list:
        print("\n".join(CONFIGS))
        return
    names = [n for n in args.configs.split(",") if n]
    unknown = [n for n in names if n not in CONFIGS]
    if unknown:
        sys.exit(f"unknown config(s) {unknown}; known: {list(CONFIGS)}")

    if args.worker:
        torch.set_num_threads(args.worker)
        for name in names:
            mlp = name.startswith(("a", "b"))
            print(json.dumps(time_config(name, args.worker, args.min_time_mlp if mlp else args.min_time_conv)),
                  flush=True)
        return

    libs = sorted({line.split()[-1] for line in open("/proc/self/maps") if "blas" in line})
    print(f"# torch {torch.__version__} | BLAS: {libs} | OPENBLAS_CORETYPE="
          f"{os.environ.get('OPENBLAS_CORETYPE', '(unset)')} | mkldnn: {torch.backends.mkldnn.is_available()}",
          flush=True)
    for threads in (int(t) for t in args.threads.split(",") if t):
        env = dict(os.environ, OMP_NUM_THREADS=str(threads), OPENBLAS_NUM_THREADS=str(threads))
        cmd = [sys.executable, os.path.abspath(__file__), "--worker", str(threads),
               "--min-time-mlp", str(args.min_time_mlp), "--min-time-conv", str(args.min_time_conv), ",".join(names)]
        subprocess.run(cmd, env=env, check=True)


if __name__ == "__main__":
    main()
