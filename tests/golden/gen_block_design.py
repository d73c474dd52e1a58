#!/usr/bin/python3
"""PyTorch reference cases for the block-design variants (He et al. 2016, "Identity
Mappings in Deep Residual Networks", Fig. 2 and 4; ReZero, Bachlechner et al. 2020;
SkipInit, De & Smith 2020; Fixup, Zhang, Dauphin, Ma 2019).

Writes one JSON file per case into this directory, in the format every golden case
uses: {"case", "description", "tensors": {name: {"shape", "data"}}, "scalars"},
data flattened row-major in PyTorch's shape, computed in float64. Tensor names are
the engine's parameter names (W, b, gamma, beta, alpha), activations are [B, ...].

    /usr/bin/python3 tests/golden/gen_block_design.py          # every case
    /usr/bin/python3 tests/golden/gen_block_design.py NAME...  # some of them
    /usr/bin/python3 tests/golden/gen_block_design.py --check  # compare, write nothing

Each case is a function registered in CASES, so the project's golden generator can
import this module and call them.
"""

import blas_pin

blas_pin.pin()   # one thread and fixed BLAS kernels, before torch loads

import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

import torch  # noqa: E402
from torch import nn  # noqa: E402

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
MARGIN = 1e-3   # every ReLU input keeps |z| >= MARGIN, so a float32 engine sees no kink

BN_TEXT = ("BN is in TRAINING mode (batch statistics, biased variance for normalisation, "
           "eps 1e-5, momentum 0.1); running statistics start at PyTorch's defaults "
           "(mean 0, var 1), and their values after this one forward pass (unbiased "
           "variance) are stored as <bn>.running_mean_after and <bn>.running_var_after. ")
BLOCK_TEXT = ("x, all parameters and gy are random N(0,1); samples are redrawn until "
              "every ReLU input z has |z| >= 1e-3. Layers are numbered like an "
              "nn.Sequential, so a ReLU takes an index and has no parameters. Layers "
              "directly followed by BN have no bias. " + BN_TEXT +
              "Gradients g<name> of L = sum(y * gy) are given for x and every "
              "parameter; branch.out (the branch output before the addition) is "
              "stored for debugging.")


# ------------------------------------------------------------------ modules


class ScalarMultiplier(nn.Module):
    """y = alpha x (ReZero, SkipInit, Fixup's multiplier)."""

    def __init__(self, alpha=1.0):
        super().__init__()
        self.alpha = nn.Parameter(torch.tensor([alpha]))

    def forward(self, x):
        return self.alpha * x


class ScalarBias(nn.Module):
    """y = x + b (Fixup)."""

    def __init__(self):
        super().__init__()
        self.b = nn.Parameter(torch.zeros(1))

    def forward(self, x):
        return x + self.b


class ConstantScaling(nn.Module):
    """y = lambda x, fixed (He et al. 2016, Fig. 2b)."""

    def __init__(self, lam):
        super().__init__()
        self.lam = lam

    def forward(self, x):
        return self.lam * x


class FixedMaskDropout(nn.Module):
    """Inverted dropout with a given mask of 0 and 1 / (1 - p) (Fig. 2f)."""

    def __init__(self):
        super().__init__()
        self.mask = None

    def forward(self, x):
        return x * self.mask


class Block(nn.Module):
    """A residual block as the engine composes it: branch, shortcut, an optional
    gate g(x) = sigmoid(W_g x + b_g), an optional BN after the addition and an
    optional activation after it.
      no gate:        sum = F + S
      exclusive:      sum = g F + (1 - g) S
      shortcut-only:  sum = F + (1 - g) S"""

    def __init__(self, branch, shortcut=None, gate=None, gating=None,
                 post_bn=None, out=True):
        super().__init__()
        self.branch = branch
        self.shortcut = shortcut if shortcut is not None else nn.Identity()
        if gate is not None:
            self.gate = gate
        self.gating = gating
        if post_bn is not None:
            self.post_bn = post_bn
        self.out = nn.ReLU() if out else None
        self.branch_out = None

    def forward(self, x):
        f = self.branch(x)
        self.branch_out = f
        s = self.shortcut(x)
        if self.gating == "exclusive":
            g = self.gate(x)
            total = g * f + (1 - g) * s
        elif self.gating == "shortcut-only":
            g = self.gate(x)
            total = f + (1 - g) * s
        else:
            total = f + s
        if hasattr(self, "post_bn"):
            total = self.post_bn(total)
        return self.out(total) if self.out is not None else total


def linear(d, bias):
    return nn.Linear(d, d, bias=bias)


def conv(c, bias):
    return nn.Conv2d(c, c, 3, stride=1, padding=1, bias=bias)


def bn(c, image=False):
    return nn.BatchNorm2d(c) if image else nn.BatchNorm1d(c)


def gate_of(c, image=False):
    weighted = nn.Conv2d(c, c, 1) if image else nn.Linear(c, c)
    return nn.Sequential(weighted, nn.Sigmoid())


# ------------------------------------------------------------------ names and data


def engine_name(module, name):
    """PyTorch's parameter or buffer name as the engine calls it."""
    parent_name, _, leaf = name.rpartition(".")
    parent = module.get_submodule(parent_name) if parent_name else module
    if isinstance(parent, (nn.BatchNorm1d, nn.BatchNorm2d)):
        return parent_name + "." + {"weight": "gamma", "bias": "beta"}.get(leaf, leaf)
    if isinstance(parent, (nn.Linear, nn.Conv2d)):
        return parent_name + "." + {"weight": "W", "bias": "b"}[leaf]
    return name


def tensor(t):
    t = t.detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def relu_inputs(module, run):
    """Runs `run()` and returns every ReLU input it produced."""
    seen = []
    hooks = [m.register_forward_hook(lambda mod, inp, out: seen.append(inp[0].detach()))
             for m in module.modules() if isinstance(m, nn.ReLU)]
    try:
        run()
    finally:
        for h in hooks:
            h.remove()
    return seen


def randomize(module, generator):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=generator))


CHECK_RTOL = 1e-12   # --check: the numbers must agree this closely with the files
CHECK = {"on": False, "failed": 0}


def differences(case, path):
    """How the stored case at `path` differs from `case`: [] when the keys, shapes and
    description agree and every number is within CHECK_RTOL of the tensor's largest value
    (the metric of tests/golden/README.md)."""
    if not os.path.exists(path):
        return ["the file does not exist"]
    with open(path, encoding="utf-8") as f:
        old = json.load(f)
    problems = []
    for key in ("case", "description"):
        if old[key] != case[key]:
            problems.append(key + " differs")
    for kind in ("tensors", "scalars"):
        if list(old[kind]) != list(case[kind]):
            problems.append(f"{kind}: names {list(old[kind])} became {list(case[kind])}")
            continue
        for name in old[kind]:
            a, b = old[kind][name], case[kind][name]
            if kind == "tensors":
                if a["shape"] != b["shape"]:
                    problems.append(f"{name}: shape {a['shape']} became {b['shape']}")
                    continue
                a, b = a["data"], b["data"]
            a = torch.as_tensor(a, dtype=torch.float64)
            b = torch.as_tensor(b, dtype=torch.float64)
            if a.numel() == 0:
                continue
            scale = a.abs().max().item()
            error = (a - b).abs().max().item() / (scale if scale > 0 else 1.0)
            if error > CHECK_RTOL:
                problems.append(f"{name}: differs by {error:.1e} (relative to its largest value)")
    return problems


def write(name, description, tensors, scalars=None):
    path = os.path.join(HERE, name + ".json")
    case = {"case": name, "description": description,
            "tensors": {k: tensor(v) for k, v in tensors.items()},
            "scalars": scalars or {}}
    if CHECK["on"]:
        problems = differences(case, path)
        print(name + ": " + ("; ".join(problems) if problems else "agrees"))
        CHECK["failed"] += bool(problems)
        return
    with open(path, "w") as f:
        json.dump(case, f)
        f.write("\n")
    print("wrote", path)


def block_case(name, description, make, x_shape, seed, prepare=None):
    """Forward, backward and parameter gradients of one block, in training mode."""
    for attempt in range(1000):
        g = torch.Generator().manual_seed(seed * 1000 + attempt)
        block = make()
        randomize(block, g)
        x = torch.randn(x_shape, generator=g)
        extra = prepare(block, x, g) if prepare else {}
        state = {k: v.clone() for k, v in block.state_dict().items()}   # the check moves BN's statistics
        ins = relu_inputs(block, lambda: block(x))
        block.load_state_dict(state)
        if all(bool((z.abs() >= MARGIN).all()) for z in ins):
            break
    else:
        raise RuntimeError(name + ": no sample away from the ReLU kinks")
    x = x.clone().requires_grad_(True)
    y = block(x)
    gy = torch.randn(y.shape, generator=g)
    (y * gy).sum().backward()
    tensors = {"x": x, "gy": gy, "y": y, "gx": x.grad, "branch.out": block.branch_out}
    tensors.update(extra)
    for pname, p in block.named_parameters():
        tensors[engine_name(block, pname)] = p
        tensors["g" + engine_name(block, pname)] = p.grad
    for bname, buf in block.named_buffers():
        if bname.endswith("running_mean") or bname.endswith("running_var"):
            tensors[engine_name(block, bname) + "_after"] = buf
    write(name, description + " " + BLOCK_TEXT, tensors)


# ------------------------------------------------------------------ block cases

CASES = {}


def case(fn):
    CASES[fn.__name__] = fn
    return fn


@case
def mlp_bn_after_addition_block():
    block_case(
        "mlp_bn_after_addition_block",
        "BN after addition (He et al. 2016, Fig. 4b), width 6, x [B=4, 6]: y = "
        "relu(post_bn(branch(x) + x)) with branch = branch.0 Linear(6, 6, no bias) -> "
        "branch.1 BatchNorm1d(6) -> branch.2 ReLU -> branch.3 Linear(6, 6, no bias), and "
        "post_bn a BatchNorm1d(6) after the addition.",
        lambda: Block(nn.Sequential(linear(6, False), bn(6), nn.ReLU(), linear(6, False)),
                      post_bn=bn(6)),
        (4, 6), 1)


@case
def mlp_relu_before_addition_block():
    block_case(
        "mlp_relu_before_addition_block",
        "ReLU before addition (He et al. 2016, Fig. 4c), width 6, x [B=4, 6]: y = "
        "branch(x) + x, nothing after the addition, with branch = branch.0 Linear(6, 6, "
        "no bias) -> branch.1 BatchNorm1d(6) -> branch.2 ReLU -> branch.3 Linear(6, 6, "
        "no bias) -> branch.4 BatchNorm1d(6) -> branch.5 ReLU.",
        lambda: Block(nn.Sequential(linear(6, False), bn(6), nn.ReLU(), linear(6, False), bn(6),
                                    nn.ReLU()), out=False),
        (4, 6), 2)


@case
def mlp_relu_only_preact_block():
    block_case(
        "mlp_relu_only_preact_block",
        "ReLU-only pre-activation (He et al. 2016, Fig. 4d), width 6, x [B=4, 6]: y = "
        "branch(x) + x, with branch = branch.0 ReLU -> branch.1 Linear(6, 6, no bias) -> "
        "branch.2 BatchNorm1d(6) -> branch.3 ReLU -> branch.4 Linear(6, 6, no bias) -> "
        "branch.5 BatchNorm1d(6).",
        lambda: Block(nn.Sequential(nn.ReLU(), linear(6, False), bn(6), nn.ReLU(), linear(6, False),
                                    bn(6)), out=False),
        (4, 6), 3)


def full_preact_branch(c, image=False):
    weighted = conv if image else linear
    return nn.Sequential(bn(c, image), nn.ReLU(), weighted(c, False), bn(c, image), nn.ReLU(),
                         weighted(c, False))


@case
def mlp_full_preact_block():
    block_case(
        "mlp_full_preact_block",
        "Full pre-activation (He et al. 2016, Fig. 4e; ResNet v2), width 6, x [B=4, 6]: "
        "y = branch(x) + x, nothing after the addition, with branch = branch.0 "
        "BatchNorm1d(6) -> branch.1 ReLU -> branch.2 Linear(6, 6, no bias) -> branch.3 "
        "BatchNorm1d(6) -> branch.4 ReLU -> branch.5 Linear(6, 6, no bias).",
        lambda: Block(full_preact_branch(6), out=False),
        (4, 6), 4)


@case
def conv_full_preact_block():
    block_case(
        "conv_full_preact_block",
        "Full pre-activation convolutional block (He et al. 2016, Fig. 4e), 3 channels, "
        "x [B=2, 3, 4, 4]: y = branch(x) + x with branch = branch.0 BatchNorm2d(3) -> "
        "branch.1 ReLU -> branch.2 Conv2d(3, 3, 3x3, stride 1, pad 1, no bias) -> "
        "branch.3 BatchNorm2d(3) -> branch.4 ReLU -> branch.5 Conv2d(3, 3, 3x3, stride 1, "
        "pad 1, no bias).",
        lambda: Block(full_preact_branch(3, True), out=False),
        (2, 3, 4, 4), 5)


def original_branch(c, tail=()):
    return nn.Sequential(linear(c, False), bn(c), nn.ReLU(), linear(c, False), bn(c), *tail)


@case
def mlp_scaling_shortcut_block():
    block_case(
        "mlp_scaling_shortcut_block",
        "Constant scaling of the shortcut only (He et al. 2016, Fig. 2b, lambda = 0.5, F "
        "not scaled), width 6, x [B=4, 6]: y = relu(branch(x) + 0.5 x) with branch = "
        "branch.0 Linear(6, 6, no bias) -> branch.1 BatchNorm1d(6) -> branch.2 ReLU -> "
        "branch.3 Linear(6, 6, no bias) -> branch.4 BatchNorm1d(6).",
        lambda: Block(original_branch(6), shortcut=ConstantScaling(0.5)),
        (4, 6), 6)


@case
def mlp_scaling_both_block():
    block_case(
        "mlp_scaling_both_block",
        "Constant scaling of shortcut and branch (He et al. 2016, Fig. 2b, lambda = 0.3 "
        "on the shortcut, 1 - lambda = 0.7 on F), width 6, x [B=4, 6]: y = relu(branch(x) "
        "+ 0.3 x) with branch = branch.0 Linear(6, 6, no bias) -> branch.1 BatchNorm1d(6) "
        "-> branch.2 ReLU -> branch.3 Linear(6, 6, no bias) -> branch.4 BatchNorm1d(6) -> "
        "branch.5 times 0.7 (no parameters).",
        lambda: Block(original_branch(6, (ConstantScaling(0.7),)), shortcut=ConstantScaling(0.3)),
        (4, 6), 7)


@case
def mlp_exclusive_gating_block():
    block_case(
        "mlp_exclusive_gating_block",
        "Exclusive gating (He et al. 2016, Fig. 2c), width 6, x [B=4, 6]: g = gate(x) = "
        "sigmoid(gate.0 Linear(6, 6, with bias)(x)), y = relu(g * branch(x) + (1 - g) * x) "
        "with branch = branch.0 Linear(6, 6, no bias) -> branch.1 BatchNorm1d(6) -> "
        "branch.2 ReLU -> branch.3 Linear(6, 6, no bias) -> branch.4 BatchNorm1d(6).",
        lambda: Block(original_branch(6), gate=gate_of(6), gating="exclusive"),
        (4, 6), 8)


@case
def mlp_shortcut_only_gating_block():
    block_case(
        "mlp_shortcut_only_gating_block",
        "Shortcut-only gating (He et al. 2016, Fig. 2d), width 6, x [B=4, 6]: g = gate(x) "
        "= sigmoid(gate.0 Linear(6, 6, with bias)(x)), y = relu(branch(x) + (1 - g) * x) "
        "with branch = branch.0 Linear(6, 6, no bias) -> branch.1 BatchNorm1d(6) -> "
        "branch.2 ReLU -> branch.3 Linear(6, 6, no bias) -> branch.4 BatchNorm1d(6).",
        lambda: Block(original_branch(6), gate=gate_of(6), gating="shortcut-only"),
        (4, 6), 9)


@case
def conv_exclusive_gating_block():
    block_case(
        "conv_exclusive_gating_block",
        "Exclusive gating on images (He et al. 2016, Fig. 2c), 3 channels, x [B=2, 3, 4, "
        "4]: g = sigmoid(gate.0 Conv2d(3, 3, 1x1, with bias)(x)), y = relu(g * branch(x) + "
        "(1 - g) * x) with branch = branch.0 Conv2d(3, 3, 3x3, pad 1, no bias) -> branch.1 "
        "BatchNorm2d(3) -> branch.2 ReLU -> branch.3 Conv2d(3, 3, 3x3, pad 1, no bias) -> "
        "branch.4 BatchNorm2d(3).",
        lambda: Block(nn.Sequential(conv(3, False), bn(3, True), nn.ReLU(), conv(3, False),
                                    bn(3, True)),
                      gate=gate_of(3, True), gating="exclusive"),
        (2, 3, 4, 4), 10)


def set_mask(block, x, generator):
    keep = (torch.rand(x.shape, generator=generator) >= 0.5).to(x.dtype)
    block.shortcut.mask = keep / 0.5
    return {"shortcut.mask": block.shortcut.mask}


@case
def mlp_dropout_shortcut_block():
    block_case(
        "mlp_dropout_shortcut_block",
        "Dropout shortcut (He et al. 2016, Fig. 2f, rate 0.5), width 6, x [B=4, 6]: y = "
        "relu(branch(x) + x * shortcut.mask) in TRAINING mode, where shortcut.mask [4, 6] "
        "holds PyTorch's inverted-dropout mask, 0 or 1 / (1 - 0.5) = 2 per value (the "
        "engine is given the same mask), and branch = branch.0 Linear(6, 6, no bias) -> "
        "branch.1 BatchNorm1d(6) -> branch.2 ReLU -> branch.3 Linear(6, 6, no bias) -> "
        "branch.4 BatchNorm1d(6).",
        lambda: Block(original_branch(6), shortcut=FixedMaskDropout()),
        (4, 6), 11, prepare=set_mask)


@case
def mlp_rezero_block():
    block_case(
        "mlp_rezero_block",
        "ReZero (Bachlechner et al. 2020) on a full pre-activation branch, width 6, x [B=4, "
        "6]: y = x + alpha * F(x), nothing after the addition, with branch = branch.0 "
        "BatchNorm1d(6) -> branch.1 ReLU -> branch.2 Linear(6, 6, no bias) -> branch.3 "
        "BatchNorm1d(6) -> branch.4 ReLU -> branch.5 Linear(6, 6, no bias) -> branch.6 "
        "times alpha (branch.6.alpha, one value; random here, so every gradient is "
        "non-zero; ReZero initialises it to 0).",
        lambda: Block(nn.Sequential(*full_preact_branch(6), ScalarMultiplier()), out=False),
        (4, 6), 12)


@case
def mlp_skipinit_block():
    block_case(
        "mlp_skipinit_block",
        "SkipInit (De & Smith 2020), no batch norm, width 6, x [B=4, 6]: y = relu(F(x) + "
        "x) with branch = branch.0 Linear(6, 6, with bias) -> branch.1 ReLU -> branch.2 "
        "Linear(6, 6, with bias) -> branch.3 times alpha (branch.3.alpha, one value).",
        lambda: Block(nn.Sequential(linear(6, True), nn.ReLU(), linear(6, True), ScalarMultiplier())),
        (4, 6), 13)


@case
def mlp_fixup_block():
    block_case(
        "mlp_fixup_block",
        "Fixup (Zhang, Dauphin, Ma 2019, sec. 3), no batch norm, width 6, x [B=4, 6]: y = "
        "relu(F(x) + x) with branch = branch.0 + b -> branch.1 Linear(6, 6, no bias) -> "
        "branch.2 + b -> branch.3 ReLU -> branch.4 + b -> branch.5 Linear(6, 6, no bias) "
        "-> branch.6 times alpha -> branch.7 + b, each b and alpha one learnable value.",
        lambda: Block(nn.Sequential(ScalarBias(), linear(6, False), ScalarBias(), nn.ReLU(),
                                    ScalarBias(), linear(6, False), ScalarMultiplier(), ScalarBias())),
        (4, 6), 14)


# ------------------------------------------------------------------ training runs

TRAIN_STEPS, TRAIN_BATCH = 6, 8


def training_data(seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(TRAIN_STEPS, TRAIN_BATCH, 2, generator=g)
    angle = torch.atan2(x[..., 1], x[..., 0]) % (2 * math.pi)
    labels = torch.div(angle, 2 * math.pi / 3, rounding_mode="floor").clamp(max=2)
    return x, labels, g


def preact_net(rezero):
    # One alpha per block: each block gets its own ScalarMultiplier.
    def tail():
        return (ScalarMultiplier(0.0),) if rezero else ()
    blocks = nn.ModuleList([Block(nn.Sequential(*full_preact_branch(8), *tail()), out=False)
                            for _ in range(2)])
    net = nn.Module()
    net.stem = nn.Sequential(nn.Linear(2, 8))
    net.blocks = blocks
    net.head = nn.Sequential(bn(8), nn.ReLU(), nn.Linear(8, 3))
    return net


def net_forward(net, x):
    h = net.stem(x)
    for block in net.blocks:
        h = block(h)
    return net.head(h)


def train_case(name, rezero, seed):
    x, labels, g = training_data(seed)
    for attempt in range(1000):
        net = preact_net(rezero)
        with torch.no_grad():
            for pname, p in net.named_parameters():
                leaf = pname.rsplit(".", 1)[-1]
                parent = net.get_submodule(pname.rsplit(".", 1)[0])
                if isinstance(parent, (nn.BatchNorm1d,)):
                    p.copy_((1.0 if leaf == "weight" else 0.0) + 0.01 * torch.randn(p.shape, generator=g))
                elif leaf == "weight":
                    p.copy_(torch.randn(p.shape, generator=g) * math.sqrt(2.0 / p.shape[1]))
                elif leaf == "bias":
                    p.copy_(0.01 * torch.randn(p.shape, generator=g))
        init = {k: v.clone() for k, v in net.state_dict().items()}
        optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
        losses, smooth = [], True
        for k in range(TRAIN_STEPS):
            optimizer.zero_grad()
            ins = relu_inputs(net, lambda: losses.append(
                nn.functional.cross_entropy(net_forward(net, x[k]), labels[k].long())))
            smooth &= all(bool((z.abs() >= MARGIN).all()) for z in ins)
            losses[-1].backward()
            optimizer.step()
        if smooth:
            break
    else:
        raise RuntimeError(name + ": no run away from the ReLU kinks")
    tensors = {"x": x, "labels": labels, "losses": torch.stack([l.detach() for l in losses])}
    for key, value in init.items():
        if not key.endswith("num_batches_tracked"):
            tensors["init." + engine_name(net, key)] = value
    for key, value in net.state_dict().items():
        if not key.endswith("num_batches_tracked"):
            tensors["final." + engine_name(net, key)] = value
    for pname, p in net.named_parameters():
        tensors["momentum_buffer." + engine_name(net, pname)] = optimizer.state[p]["momentum_buffer"]
    block = ("blocks.k: y = h + branch(h)" + (" with branch ending in blocks.k.branch.6 times "
                                                "alpha (ReZero, alpha initialised to 0)" if rezero else "")
             + ", branch = blocks.k.branch.0 BatchNorm1d(8) -> .1 ReLU -> .2 Linear(8, 8, no bias) -> "
             ".3 BatchNorm1d(8) -> .4 ReLU -> .5 Linear(8, 8, no bias) (full pre-activation, He et al. "
             "2016, Fig. 4e), k = 0, 1")
    write(name,
          "6 steps of SGD (lr 0.05, momentum 0.9, weight decay 1e-4) on a small "
          + ("ReZero " if rezero else "") + "pre-activation MLP, parameters named as in the engine. "
          "Network: stem.0 Linear(2, 8) with bias; " + block + "; head = head.0 BatchNorm1d(8) -> "
          "head.1 ReLU -> head.2 Linear(8, 3) (the final BN-ReLU of a pre-activation network). Loss: "
          "softmax cross-entropy, mean over the batch. Data: x [6, 8, 2] and labels [6, 8], batch k "
          "is x[k], labels[k]; the label is the 120-degree angular sector of the point. Initial "
          "parameters init.<param>: weights He normal (std sqrt(2 / fan_in)), biases and BN beta "
          "N(0, 0.01), BN gamma 1 + N(0, 0.01)" + (", alpha 0" if rezero else "") + "; BN running "
          "statistics start at mean 0, var 1. Step k: forward batch k in TRAINING mode, losses[k] "
          "= the loss BEFORE the update, backward, one SGD step. Stored after the 6 steps: "
          "final.<param>, final.<bn>.running_mean / running_var, momentum_buffer.<param>. Every "
          "ReLU input of the run keeps |z| >= 1e-3.",
          tensors)


@case
def train_sgd_full_preact():
    train_case("train_sgd_full_preact", False, 21)


@case
def train_sgd_rezero():
    train_case("train_sgd_rezero", True, 22)


if __name__ == "__main__":
    torch.set_num_threads(1)
    args = sys.argv[1:]
    CHECK["on"] = "--check" in args
    names = [a for a in args if a != "--check"] or list(CASES)
    for n in names:
        if n not in CASES:
            sys.exit("unknown case " + n + "; known: " + ", ".join(CASES))
        CASES[n]()
    if CHECK["on"]:
        print(f"{CHECK['failed']} of {len(names)} cases differ")
        sys.exit(1 if CHECK["failed"] else 0)
