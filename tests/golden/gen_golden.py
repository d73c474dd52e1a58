#!/usr/bin/env python3
"""The PyTorch reference cases of tests/golden: writes one <case>.json per case next to this
script, in the format of README.md, computed in float64 with PyTorch (torch.nn.functional for
the layers, autograd for the gradients, torch.optim for the updates).

    /usr/bin/python3 tests/golden/gen_golden.py             # (re)write every case file
    /usr/bin/python3 tests/golden/gen_golden.py dense relu  # only these cases
    /usr/bin/python3 tests/golden/gen_golden.py --check     # compare with the files, write nothing
    /usr/bin/python3 tests/golden/gen_golden.py --float32   # also: how far float32 drifts

Every case draws its random values from its own seeded generator, in a fixed order, so the
files come out the same on every run. Adding a case: see "Adding a case" in README.md.
"""

import blas_pin

blas_pin.pin()   # one thread and fixed BLAS kernels, before torch loads

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from typing import Callable  # noqa: E402

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
BN_EPS, BN_MOMENTUM = 1e-5, 0.1
RELU_MARGIN = 1e-3  # inputs are redrawn until every ReLU input z has |z| >= RELU_MARGIN
CHECK_RTOL = 1e-12  # --check: the numbers must agree this closely with the files


# =============================================================================================
# Cases and how their inputs are drawn
# =============================================================================================

@dataclass
class Case:
    """One reference file. `inputs` (written first) are drawn by draw(); compute(inputs, relu)
    returns (tensors, scalars), the outputs, and must work on float32 inputs too (--float32)."""
    name: str
    description: str
    inputs: dict
    compute: Callable
    absolute: dict = field(default_factory=dict)  # outputs compared absolutely: name -> atol


CASES = []


def case(builder):
    """Registers a function that returns a Case or a list of Cases."""
    CASES.append(builder)
    return builder


def normal(g, *shape, std=1.0):
    """float64 samples of N(0, std^2) from the generator g."""
    return torch.randn(*shape, generator=g, dtype=torch.float64) * std


class Relu:
    """F.relu that remembers how close its inputs came to the kink at 0."""

    def __init__(self):
        self.margin = math.inf

    def __call__(self, z):
        self.margin = min(self.margin, z.detach().abs().min().item())
        return F.relu(z)


def draw(seed, sample, compute):
    """sample(g) with a generator seeded `seed`, drawn again until compute() sees no ReLU input
    closer to 0 than RELU_MARGIN (float32 rounding then cannot switch a ReLU)."""
    g = torch.Generator().manual_seed(seed)
    for _ in range(10000):
        inputs = sample(g)
        relu = Relu()
        compute(inputs, relu)
        if relu.margin >= RELU_MARGIN:
            return inputs
    raise RuntimeError(f"seed {seed}: no sample keeps the ReLU inputs {RELU_MARGIN} away from 0")


def leaves(t, names):
    """Copies of t[name] that autograd tracks, in the order of `names`."""
    return {n: t[n].clone().requires_grad_(True) for n in names}


def with_grads(y, gy, wrt, extra=None):
    """y, then the `extra` outputs, then g<name> = dL/d<name> of L = sum(y * gy) for every
    tensor of `wrt`: the vector-Jacobian product the engine's backward(gy) computes."""
    out = {"y": y.detach()}
    out.update({k: v.detach() for k, v in (extra or {}).items()})
    grads = torch.autograd.grad((y * gy).sum(), list(wrt.values()))
    out.update({"g" + n: gr for n, gr in zip(wrt, grads)})
    return out


# =============================================================================================
# Layers, numbered like an nn.Sequential (a ReLU takes an index too), for blocks and networks
# =============================================================================================

class Layer:
    """One layer of a Sequential. params() lists its parameters as (name, shape), drawn N(0, 1)
    in that order; bns() its batch norms as (name, channels); run() applies it."""

    def params(self, name):
        return []

    def bns(self, name):
        return []

    def run(self, x, name, P, S, relu):
        raise NotImplementedError


class Linear(Layer):
    # No bias by default: inside blocks every Linear feeds a training-mode BN, whose mean
    # subtraction cancels a bias exactly, so its gradient would be analytically zero.
    def __init__(self, n_in, n_out, bias=False):
        self.n_in, self.n_out, self.bias = n_in, n_out, bias

    def params(self, name):
        return [(name + ".W", (self.n_out, self.n_in))] + (
            [(name + ".b", (self.n_out,))] if self.bias else [])

    def run(self, x, name, P, S, relu):
        return F.linear(x, P[name + ".W"], P.get(name + ".b"))


class Conv(Layer):
    def __init__(self, c_in, c_out, k, stride=1, pad=0, bias=False):
        self.c_in, self.c_out, self.k, self.stride, self.pad, self.bias = c_in, c_out, k, stride, pad, bias

    def params(self, name):
        return [(name + ".W", (self.c_out, self.c_in, self.k, self.k))] + (
            [(name + ".b", (self.c_out,))] if self.bias else [])

    def run(self, x, name, P, S, relu):
        return F.conv2d(x, P[name + ".W"], P.get(name + ".b"), stride=self.stride, padding=self.pad)


class BN(Layer):
    """Batch norm in training mode: batch statistics, running statistics updated in S."""

    def __init__(self, channels):
        self.channels = channels

    def params(self, name):
        return [(name + ".gamma", (self.channels,)), (name + ".beta", (self.channels,))]

    def bns(self, name):
        return [(name, self.channels)]

    def run(self, x, name, P, S, relu):
        return F.batch_norm(x, S[name + ".running_mean"], S[name + ".running_var"],
                            P[name + ".gamma"], P[name + ".beta"], training=True,
                            momentum=BN_MOMENTUM, eps=BN_EPS)


class ReLU(Layer):
    def run(self, x, name, P, S, relu):
        return relu(x)


class Sequential:
    """Layers named <prefix>.0, <prefix>.1, ... as in nn.Sequential."""

    def __init__(self, prefix, layers):
        self.prefix, self.layers = prefix, layers

    def named(self):
        return [(f"{self.prefix}.{i}", layer) for i, layer in enumerate(self.layers)]

    def params(self):
        return [p for name, layer in self.named() for p in layer.params(name)]

    def bns(self):
        return [b for name, layer in self.named() for b in layer.bns(name)]

    def __call__(self, x, P, S, relu):
        for name, layer in self.named():
            x = layer.run(x, name, P, S, relu)
        return x


def fresh_running_stats(bns, dtype):
    """PyTorch's initial running statistics: mean 0, var 1."""
    S = {}
    for name, c in bns:
        S[name + ".running_mean"] = torch.zeros(c, dtype=dtype)
        S[name + ".running_var"] = torch.ones(c, dtype=dtype)
    return S


def mlp_branch(width, span, prefix="branch"):
    """span x (Linear-BN) with a ReLU between them: the branch of an MLP block."""
    layers = []
    for k in range(span):
        layers += [Linear(width, width), BN(width)]
        if k < span - 1:
            layers.append(ReLU())
    return Sequential(prefix, layers)


# =============================================================================================
# Single layers
# =============================================================================================

def layer_case(name, seed, sample, forward, wrt, description):
    """A layer y = forward(p) of the leaves `wrt` (x and the parameters) for a random gy."""
    def compute(t, relu):
        p = leaves(t, wrt)
        return with_grads(forward(p, relu), t["gy"], p), {}

    return Case(name, description, draw(seed, sample, compute), compute)


@case
def dense():
    def sample(g):
        return {"x": normal(g, 3, 5), "W": normal(g, 3, 5), "b": normal(g, 3), "gy": normal(g, 3, 3)}

    return layer_case(
        "dense", 101, sample, lambda p, relu: F.linear(p["x"], p["W"], p["b"]), ["x", "W", "b"],
        "Fully connected layer, PyTorch nn.Linear(5, 3): y = x W^T + b, with x [B=3, 5], "
        "W [out=3, in=5] and b [3]; x, W, b and the upstream gradient gy [3, 3] are random "
        "N(0,1). Gradients are those of L = sum(y * gy), summed over the batch (not averaged): "
        "gx = gy W [3, 5], gW = gy^T x [3, 5], gb = sum over the batch of gy [3].")


def conv_case(name, seed, B, c_in, c_out, H, W, k, stride, pad, bias, note):
    Ho, Wo = (H + 2 * pad - k) // stride + 1, (W + 2 * pad - k) // stride + 1

    def sample(g):
        t = {"x": normal(g, B, c_in, H, W), "W": normal(g, c_out, c_in, k, k)}
        if bias:
            t["b"] = normal(g, c_out)
        t["gy"] = normal(g, B, c_out, Ho, Wo)
        return t

    bias_text = ("with bias b [Cout] added to every output pixel" if bias
                 else "WITHOUT bias (as before a BatchNorm in ResNets), so there is no b and no gb")
    pad_text = (f"x_padded is x with {pad} row(s) and column(s) of zeros added on each side"
                if pad else "x_padded is x itself (no padding)")
    return layer_case(
        name, seed, sample,
        lambda p, relu: F.conv2d(p["x"], p["W"], p.get("b"), stride=stride, padding=pad),
        ["x", "W"] + (["b"] if bias else []),
        f"2-D convolution, PyTorch F.conv2d, {k}x{k} kernel, stride {stride}, zero padding {pad}, "
        f"Cin={c_in} -> Cout={c_out}, {bias_text}. x [B={B}, {c_in}, H={H}, W={W}] -> "
        f"y [{B}, {c_out}, {Ho}, {Wo}], with H_out = floor((H + 2*pad - k) / stride) + 1 and the "
        f"same for W_out. It is a cross-correlation (no kernel flip): y[b, o, i, j] = "
        f"{'b[o] + ' if bias else ''}sum over c, u, v of W[o, c, u, v] * x_padded[b, c, "
        f"stride*i + u, stride*j + v], where {pad_text}. Weight layout W [Cout, Cin, kh, kw]. "
        f"{note}All values are random N(0,1). Gradients are those of L = sum(y * gy) for the "
        f"random upstream gradient gy, summed over the batch.")


@case
def conv2d():
    return [
        conv_case("conv2d_3x3_s1_p1", 201, 3, 3, 4, 6, 6, 3, 1, 1, True, "Same-size convolution. "),
        conv_case("conv2d_3x3_s2_p1", 202, 3, 3, 4, 7, 7, 3, 2, 1, True,
                  "Odd input size: H_out = floor((7 + 2 - 3) / 2) + 1 = 4 = ceil(7 / 2); the "
                  "windows start at padded rows (and columns) 0, 2, 4, 6, so both padding rows "
                  "are used. "),
        conv_case("conv2d_1x1_s2_p0", 203, 3, 4, 8, 6, 6, 1, 2, 0, True,
                  "The projection shortcut's convolution: it reads the pixels at even rows and "
                  "even columns. "),
        conv_case("conv2d_3x3_s1_p1_nobias", 204, 3, 3, 4, 5, 7, 3, 1, 1, False,
                  "The input is deliberately not square (H=5, W=7) to catch swapped H and W. "),
    ]


def bn_case(name, seed, x_shape, training):
    """BatchNorm1d/2d on x_shape, in training mode (batch statistics; the running statistics
    are updated) or in evaluation mode (the given running statistics, left unchanged)."""
    C, dims = x_shape[1], [0] + list(range(2, len(x_shape)))
    stats = ("running_mean_before", "running_var_before") if training else ("running_mean", "running_var")
    layer = "BatchNorm1d" if len(x_shape) == 2 else "BatchNorm2d"

    def sample(g):
        return {"x": normal(g, *x_shape), "gamma": normal(g, C), "beta": normal(g, C),
                stats[0]: normal(g, C), stats[1]: torch.exp(normal(g, C, std=0.5)),
                "gy": normal(g, *x_shape)}

    def compute(t, relu):
        p = leaves(t, ["x", "gamma", "beta"])
        mean, var = t[stats[0]].clone(), t[stats[1]].clone()
        y = F.batch_norm(p["x"], mean, var, p["gamma"], p["beta"], training=training,
                         momentum=BN_MOMENTUM, eps=BN_EPS)
        if not training:
            return with_grads(y, t["gy"], p), {}
        x = t["x"]
        out = with_grads(y, t["gy"], p, {"batch_mean": x.mean(dim=dims),
                                         "batch_var": x.var(dim=dims, unbiased=False)})
        out["running_mean_after"], out["running_var_after"] = mean, var
        return out, {}

    if training:
        n = x_shape[0] * math.prod(x_shape[2:])
        over = "the batch" if len(x_shape) == 2 else "the batch and all pixels (B, H, W)"
        description = (
            f"{layer}({C}) in TRAINING mode, eps={BN_EPS}, momentum={BN_MOMENTUM}, on x "
            f"{list(x_shape)}. For each channel c, mean and var are taken over {over}, "
            f"n = {n} values; var is the BIASED variance (divide by n). y = gamma * (x - mean) / "
            f"sqrt(var + eps) + beta. gx, ggamma, gbeta are the gradients of L = sum(y * gy) for the "
            f"random gy (gx includes the paths through mean and var). batch_mean and batch_var "
            f"(biased) are stored for debugging. The running statistics start from "
            f"running_mean_before / running_var_before and are updated once: running_mean_after = "
            f"(1 - momentum) * running_mean_before + momentum * mean, running_var_after = "
            f"(1 - momentum) * running_var_before + momentum * var * n / (n - 1); that is, PyTorch "
            f"normalises with the biased variance but puts the UNBIASED variance into running_var. "
            f"x, gamma, beta, gy and running_mean_before are random N(0,1); running_var_before is "
            f"exp(N(0, 0.25)), so positive.")
    else:
        view = [1, C] + [1] * (len(x_shape) - 2)
        description = (
            f"{layer}({C}) in EVALUATION mode, eps={BN_EPS}, on x {list(x_shape)}: y = gamma * "
            f"(x - running_mean) / sqrt(running_var + eps) + beta, per channel (broadcast with shape "
            f"{view}), using the given running statistics, which the call leaves unchanged; no "
            f"batch statistics are involved. Gradients of L = sum(y * gy) treat the running "
            f"statistics as constants: gx = gy * gamma / sqrt(running_var + eps), and ggamma, gbeta "
            f"are summed over the batch (and pixels). x, gamma, beta, running_mean and gy are random "
            f"N(0,1); running_var is exp(N(0, 0.25)).")
    return Case(name, description, draw(seed, sample, compute), compute)


@case
def batchnorm():
    return [bn_case("batchnorm1d_train", 301, (4, 5), True),
            bn_case("batchnorm1d_eval", 302, (4, 5), False),
            bn_case("batchnorm2d_train", 303, (3, 4, 4, 5), True),
            bn_case("batchnorm2d_eval", 304, (3, 4, 4, 5), False)]


def activation_case(name, seed, fn, std, formula):
    """fn(x, relu) element-wise on x [4, 6] ~ N(0, std^2)."""
    def sample(g):
        return {"x": normal(g, 4, 6, std=std), "gy": normal(g, 4, 6)}

    return layer_case(
        name, seed, sample, lambda p, relu: fn(p["x"], relu), ["x"],
        f"Element-wise {name} on x [4, 6] (x random N(0, {std ** 2:g}), gy random "
        f"N(0,1)): {formula} Gradient of L = sum(y * gy).")


@case
def activations():
    return [
        activation_case("relu", 401, lambda x, relu: relu(x), 1.0,
                        "y = max(x, 0), gx = gy where x > 0 and 0 elsewhere. Every |x| >= 1e-3, "
                        "so the derivative at 0 never matters."),
        activation_case("tanh", 402, lambda x, relu: torch.tanh(x), 2.0, "y = tanh(x), gx = gy * (1 - y^2)."),
        activation_case("sigmoid", 403, lambda x, relu: torch.sigmoid(x), 2.0,
                        "y = 1 / (1 + exp(-x)), gx = gy * y * (1 - y)."),
    ]


def cross_entropy_case(name, seed, logits_of, note):
    B, K = 4, 5

    def sample(g):
        return {"logits": logits_of(g, B, K), "labels": torch.randint(0, K, (B,), generator=g)}

    def compute(t, relu):
        logits = t["logits"].clone().requires_grad_(True)
        loss = F.cross_entropy(logits, t["labels"], reduction="mean")
        (glogits,) = torch.autograd.grad(loss, [logits])
        return {"probs": torch.softmax(logits.detach(), dim=1), "glogits": glogits}, {"loss": loss.item()}

    return Case(
        name,
        f"Softmax cross-entropy with MEAN reduction over the batch, PyTorch F.cross_entropy: "
        f"logits [B={B}, K={K}], labels [{B}] = class indices in 0..{K - 1} (integers stored as "
        f"JSON numbers). loss = (1/B) * sum over b of (logsumexp(logits[b, :]) - "
        f"logits[b, labels[b]]), a scalar. glogits = d loss / d logits = (probs - onehot(labels))"
        f" / B, where probs = softmax(logits) along K, also stored. {note}",
        draw(seed, sample, compute), compute)


@case
def cross_entropy():
    def large_logits(g, B, K):
        offsets = torch.tensor([-500.0, 0.0, 300.0, 800.0], dtype=torch.float64)[:B, None]
        return offsets + normal(g, B, K, std=20.0)

    return [
        cross_entropy_case("softmax_cross_entropy", 501, lambda g, B, K: normal(g, B, K, std=2.0),
                           "logits are random N(0, 4)."),
        cross_entropy_case("softmax_cross_entropy_large_logits", 502, large_logits,
                           "The rows of logits are offset by -500, 0, 300 and 800 plus N(0, 400) "
                           "noise, so a naive exp() overflows (float32 above 88, float64 above "
                           "709): this checks the max-subtraction (log-sum-exp) trick."),
    ]


@case
def global_avg_pool():
    return layer_case(
        "global_avg_pool", 601, lambda g: {"x": normal(g, 3, 4, 5, 5), "gy": normal(g, 3, 4)},
        lambda p, relu: p["x"].mean(dim=(2, 3)), ["x"],
        "Global average pooling: x [B=3, C=4, H=5, W=5] -> y [3, 4], y[b, c] = mean over h, w "
        "of x[b, c, h, w]. gx[b, c, h, w] = gy[b, c] / (H * W) for L = sum(y * gy). x and gy are "
        "random N(0,1).")


def zero_pad(x, channels, stride):
    """He et al.'s option A shortcut: every stride-th pixel, zero channels appended."""
    sub = x[:, :, ::stride, ::stride]
    zeros = sub.new_zeros((sub.shape[0], channels - sub.shape[1]) + tuple(sub.shape[2:]))
    return torch.cat([sub, zeros], dim=1)


@case
def zero_pad_shortcut():
    return layer_case(
        "zero_pad_shortcut", 701, lambda g: {"x": normal(g, 3, 4, 6, 6), "gy": normal(g, 3, 8, 3, 3)},
        lambda p, relu: zero_pad(p["x"], 8, 2), ["x"],
        "Parameter-free 'option A' shortcut (He et al. 2015) for a block that halves the "
        "resolution and doubles the channels: x [B=3, 4, 6, 6] -> y [3, 8, 3, 3]. "
        "y[b, c, i, j] = x[b, c, 2i, 2j] for c < 4 (stride-2 subsampling that keeps even rows "
        "and even columns, starting at 0, i.e. x[:, :, ::2, ::2]), and y[b, c, i, j] = 0 for "
        "4 <= c < 8: the new zero channels are appended AFTER the existing ones. For L = "
        "sum(y * gy): gx[b, c, 2i, 2j] = gy[b, c, i, j] for c < 4, all other entries of gx are "
        "0, and gy[:, 4:] is ignored. x and gy are random N(0,1).")


# =============================================================================================
# Blocks: y = out(branch(x), shortcut(x))
# =============================================================================================

IDENTITY = "identity"


def post_activation(f, s, relu):
    """He et al. 2015: y = relu(F(x) + S(x)), or relu(F(x)) without a shortcut."""
    return relu(f if s is None else f + s)


BLOCK_TEXT = (
    " Layers are numbered like an nn.Sequential, so a ReLU takes an index and has no "
    "parameters. Layers directly followed by BN have no bias. BN is in TRAINING mode (batch "
    "statistics, biased variance for normalisation, eps 1e-5, momentum 0.1); running "
    "statistics start at PyTorch's defaults (mean 0, var 1), and their values after this "
    "one forward pass (unbiased variance) are stored as <bn>.running_mean_after and "
    "<bn>.running_var_after. Gradients g<name> of L = sum(y * gy) are given for x and every "
    "parameter; branch.out (the branch output before the addition{also}) is stored for debugging.")

RANDOM_TEXT = (" x, all parameters and gy are random N(0,1); samples are redrawn until every ReLU "
               "input z has |z| >= 1e-3.")


def block_case(name, seed, x_shape, y_shape, branch, shortcut, description, out=post_activation,
               sample_x=None, overrides=None, constants=None):
    """A block in training mode: y = out(branch(x), shortcut(x), relu).

    branch: a Sequential named "branch"; shortcut: None (a plain block), IDENTITY, or a
    Sequential named "shortcut"; out(f, s, relu) joins them (s is None for a plain block).
    Drawn in this order: x (N(0, 1), or sample_x(g)), every parameter of the branch then of the
    shortcut (N(0, 1)), then constants(g) if given (inputs without a gradient, e.g. a dropout
    mask, which the layers read by name), then gy; `overrides` replaces some parameters after
    they are drawn. Stored: y, branch.out (and shortcut.out), the gradients of x and of every
    parameter, and every BN's running statistics after the pass."""
    layers = [branch] + ([shortcut] if isinstance(shortcut, Sequential) else [])
    shapes = [p for seq in layers for p in seq.params()]
    bns = [b for seq in layers for b in seq.bns()]

    def sample(g):
        t = {"x": sample_x(g) if sample_x else normal(g, *x_shape)}
        for n, s in shapes:
            t[n] = normal(g, *s)
        t.update(overrides or {})
        if constants:
            t.update(constants(g))
        t["gy"] = normal(g, *y_shape)
        return t

    wrt = ["x"] + [n for n, _ in shapes]

    def compute(t, relu):
        p = {**t, **leaves(t, wrt)}   # the constants too, without a gradient
        S = fresh_running_stats(bns, t["x"].dtype)
        f = branch(p["x"], p, S, relu)
        extra = {"branch.out": f}
        if shortcut is None:
            s = None
        elif shortcut == IDENTITY:
            s = p["x"]
        else:
            s = extra["shortcut.out"] = shortcut(p["x"], p, S, relu)
        result = with_grads(out(f, s, relu), t["gy"], {n: p[n] for n in wrt}, extra)
        for bn, _ in bns:
            result[bn + ".running_mean_after"] = S[bn + ".running_mean"]
            result[bn + ".running_var_after"] = S[bn + ".running_var"]
        return result, {}

    also = ", likewise shortcut.out" if isinstance(shortcut, Sequential) else ""
    return Case(name, description + BLOCK_TEXT.format(also=also), draw(seed, sample, compute), compute)


@case
def residual_blocks():
    conv_branch = Sequential("branch", [Conv(4, 4, 3, 1, 1), BN(4), ReLU(), Conv(4, 4, 3, 1, 1), BN(4)])
    projection_branch = Sequential("branch", [Conv(4, 8, 3, 2, 1), BN(8), ReLU(), Conv(8, 8, 3, 1, 1), BN(8)])
    projection = Sequential("shortcut", [Conv(4, 8, 1, 2, 0), BN(8)])
    bottleneck_branch = Sequential("branch", [Conv(8, 2, 1), BN(2), ReLU(),
                                              Conv(2, 2, 3, 1, 1), BN(2), ReLU(),
                                              Conv(2, 8, 1), BN(8)])
    return [
        block_case(
            "mlp_identity_block", 801, (4, 6), (4, 6), mlp_branch(6, 2), IDENTITY,
            "Residual MLP identity block, width 6, x [B=4, 6]: y = relu(branch(x) + x) with "
            "branch = branch.0 Linear(6, 6, no bias) -> branch.1 BatchNorm1d(6) -> branch.2 "
            "ReLU -> branch.3 Linear(6, 6, no bias) -> branch.4 BatchNorm1d(6)." + RANDOM_TEXT),
        block_case(
            "mlp_plain_block", 802, (4, 6), (4, 6), mlp_branch(6, 2), None,
            "The plain twin of mlp_identity_block (no skip), width 6, x [B=4, 6]: "
            "y = relu(branch(x)) with branch = branch.0 Linear(6, 6, no bias) -> branch.1 "
            "BatchNorm1d(6) -> branch.2 ReLU -> branch.3 Linear(6, 6, no bias) -> branch.4 "
            "BatchNorm1d(6)." + RANDOM_TEXT),
        block_case(
            "conv_identity_block", 803, (3, 4, 6, 6), (3, 4, 6, 6), conv_branch, IDENTITY,
            "Convolutional identity block (ResNet basic block), 4 channels, x [B=3, 4, 6, 6]: "
            "y = relu(branch(x) + x) with branch = branch.0 Conv2d(4, 4, 3x3, stride 1, pad 1, "
            "no bias) -> branch.1 BatchNorm2d(4) -> branch.2 ReLU -> branch.3 Conv2d(4, 4, 3x3, "
            "stride 1, pad 1, no bias) -> branch.4 BatchNorm2d(4)." + RANDOM_TEXT),
        block_case(
            "conv_projection_block", 804, (3, 4, 6, 6), (3, 8, 3, 3), projection_branch, projection,
            "Convolutional block with a projection shortcut (He et al. 2015 eq. 2), halving the "
            "resolution and doubling the channels: x [B=3, 4, 6, 6] -> y [3, 8, 3, 3], "
            "y = relu(branch(x) + shortcut(x)) with branch = branch.0 Conv2d(4, 8, 3x3, stride 2, "
            "pad 1, no bias) -> branch.1 BatchNorm2d(8) -> branch.2 ReLU -> branch.3 Conv2d(8, 8, "
            "3x3, stride 1, pad 1, no bias) -> branch.4 BatchNorm2d(8), and shortcut = shortcut.0 "
            "Conv2d(4, 8, 1x1, stride 2, pad 0, no bias) -> shortcut.1 BatchNorm2d(8)." + RANDOM_TEXT),
        block_case(
            "bottleneck_block", 805, (3, 8, 5, 5), (3, 8, 5, 5), bottleneck_branch, IDENTITY,
            "Bottleneck identity block (1x1 reduce, 3x3, 1x1 expand), 8 channels, x [B=3, 8, 5, 5]:"
            " y = relu(branch(x) + x) with branch = branch.0 Conv2d(8, 2, 1x1, no bias) -> "
            "branch.1 BatchNorm2d(2) -> branch.2 ReLU -> branch.3 Conv2d(2, 2, 3x3, stride 1, "
            "pad 1, no bias) -> branch.4 BatchNorm2d(2) -> branch.5 ReLU -> branch.6 Conv2d(2, 8, "
            "1x1, no bias) -> branch.7 BatchNorm2d(8)." + RANDOM_TEXT),
        block_case(
            "mlp_identity_block_span3", 806, (4, 6), (4, 6), mlp_branch(6, 3), IDENTITY,
            "Residual MLP identity block whose skip spans 3 layers, width 6, x [B=4, 6]: "
            "y = relu(branch(x) + x) with branch = branch.0 Linear(6, 6, no bias) -> branch.1 "
            "BatchNorm1d(6) -> branch.2 ReLU -> branch.3 Linear(6, 6, no bias) -> branch.4 "
            "BatchNorm1d(6) -> branch.5 ReLU -> branch.6 Linear(6, 6, no bias) -> branch.7 "
            "BatchNorm1d(6)." + RANDOM_TEXT),
    ]


@case
def zero_branch_identity():
    zeros = {"branch.3.W": torch.zeros(6, 6, dtype=torch.float64),
             "branch.4.gamma": torch.zeros(6, dtype=torch.float64),
             "branch.4.beta": torch.zeros(6, dtype=torch.float64)}
    c = block_case(
        "zero_branch_identity", 901, (4, 6), (4, 6), mlp_branch(6, 2), IDENTITY,
        "The identity property of a residual block. mlp_identity_block (width 6, x [B=4, 6]: "
        "y = relu(branch(x) + x), branch = branch.0 Linear(6, 6, no bias) -> branch.1 "
        "BatchNorm1d(6) -> branch.2 ReLU -> branch.3 Linear(6, 6, no bias) -> branch.4 "
        "BatchNorm1d(6)) with the end of its branch zeroed: branch.3.W = 0 and branch.4.gamma = "
        "branch.4.beta = 0 (these Linear layers have no bias, so there is no b to zero). "
        "branch.0.W, branch.1.gamma, branch.1.beta and gy are random N(0,1); x is non-negative "
        "(|N(0,1)|, each entry >= 1e-3). The last BN sees an all-zero input (mean 0, var 0, "
        "normalised value 0) and outputs exactly 0, so y = relu(0 + x) = x EXACTLY, bit for "
        "bit, in any precision: compare y with x for equality after converting both to the "
        "engine's type (scalars.max_abs_y_minus_x is 0). The gradients are exact too: gx = gy "
        "(the branch passes nothing back because branch.4.gamma = 0), gbranch.4.beta = sum over "
        "the batch of gy (the block can still learn to leave the identity), and every other "
        "parameter gradient is 0.",
        # x is a ReLU input here (y = relu(0 + x)), so the margin also keeps x >= 1e-3.
        sample_x=lambda g: normal(g, 4, 6).abs(), overrides=zeros)
    block = c.compute

    def compute(t, relu):
        out, scalars = block(t, relu)
        # Exact in any precision, float32 included.
        assert torch.equal(out["y"], t["x"]), "the zeroed block is not the identity"
        assert torch.equal(out["gx"], t["gy"]), "the zeroed branch passes a gradient back"
        for n, v in out.items():
            if n.startswith("g") and n not in ("gx", "gbranch.4.beta"):
                assert not v.any(), f"{n} is not exactly zero"
        scalars["max_abs_y_minus_x"] = (out["y"] - t["x"]).abs().max().item()
        return out, scalars

    c.compute = compute
    return c


# =============================================================================================
# Short training runs: a residual MLP and its plain twin, SGD with momentum and Adam
# =============================================================================================

WIDTH, N_IN, N_CLASSES, N_BLOCKS = 8, 2, 3, 2
STEPS, BATCH = 6, 8


class TrainingNet:
    """stem Linear(2, 8) with bias -> N_BLOCKS x (an identity block, or its plain twin) ->
    head Linear(8, 3) with bias. The stem and head parameters are named stem.W, stem.b,
    head.W, head.b; the blocks' blocks.<k>.branch.<i>.<param>."""

    def __init__(self):
        self.branches = [mlp_branch(WIDTH, 2, f"blocks.{k}.branch") for k in range(N_BLOCKS)]
        self.params = ([("stem.W", (WIDTH, N_IN)), ("stem.b", (WIDTH,))]
                       + [p for b in self.branches for p in b.params()]
                       + [("head.W", (N_CLASSES, WIDTH)), ("head.b", (N_CLASSES,))])
        self.bns = [bn for b in self.branches for bn in b.bns()]
        self.stats = [bn + s for bn, _ in self.bns for s in (".running_mean", ".running_var")]

    def __call__(self, x, P, S, relu, residual):
        h = F.linear(x, P["stem.W"], P["stem.b"])
        for branch in self.branches:
            f = branch(h, P, S, relu)
            h = relu(f + h) if residual else relu(f)
        return F.linear(h, P["head.W"], P["head.b"])


NET = TrainingNet()


def sample_training_inputs(g):
    """He-normal weights, gamma 1 + N(0, 0.01), biases and beta N(0, 0.01), fresh running
    statistics; then STEPS batches of points labelled by their 120-degree sector."""
    t = {}
    for n, shape in NET.params:
        if n.endswith(".W"):
            t["init." + n] = normal(g, *shape, std=math.sqrt(2.0 / shape[1]))
        elif n.endswith(".gamma"):
            t["init." + n] = 1.0 + normal(g, *shape, std=0.1)
        else:
            t["init." + n] = normal(g, *shape, std=0.1)
    for bn, c in NET.bns:
        t["init." + bn + ".running_mean"] = torch.zeros(c, dtype=torch.float64)
        t["init." + bn + ".running_var"] = torch.ones(c, dtype=torch.float64)
    x = normal(g, STEPS, BATCH, N_IN)
    angle = torch.atan2(x[..., 1], x[..., 0])  # in (-pi, pi]: three sectors of 120 degrees
    t["x"] = x
    t["labels"] = ((angle + math.pi) / (2 * math.pi / 3)).floor().clamp(0, 2).long()
    return t


def training_run(residual, make_optimizer, state_keys):
    def compute(t, relu):
        P = {n: t["init." + n].clone().requires_grad_(True) for n, _ in NET.params}
        S = {n: t["init." + n].clone() for n in NET.stats}
        optimizer = make_optimizer(list(P.values()))
        losses = []
        for k in range(STEPS):
            optimizer.zero_grad()
            loss = F.cross_entropy(NET(t["x"][k], P, S, relu, residual), t["labels"][k])
            loss.backward()
            optimizer.step()
            losses.append(loss.detach())
        out = {"losses": torch.stack(losses)}
        out.update({"final." + n: P[n].detach() for n, _ in NET.params})
        out.update({"final." + n: S[n] for n in NET.stats})
        for key in state_keys:
            out.update({f"{key}.{n}": optimizer.state[P[n]][key] for n, _ in NET.params})
        return out, {}
    return compute


def sgd(params):
    return torch.optim.SGD(params, lr=0.05, momentum=0.9, weight_decay=1e-4)


def adam(params):
    return torch.optim.Adam(params, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0)


def network_text(residual):
    block = ("an identity block y = relu(branch(h) + h)" if residual
             else "a plain block y = relu(branch(h)) (the same layers, no skip)")
    return (
        f"Network ({'residual' if residual else 'PLAIN twin, no skips'}): stem = Linear(2, 8) "
        f"with bias (stem.W, stem.b), no activation after it; blocks.0 and blocks.1, each "
        f"{block} with branch = blocks.k.branch.0 Linear(8, 8, no bias) -> blocks.k.branch.1 "
        f"BatchNorm1d(8) -> blocks.k.branch.2 ReLU -> blocks.k.branch.3 Linear(8, 8, no bias) -> "
        f"blocks.k.branch.4 BatchNorm1d(8) (k = 0, 1); head = "
        f"Linear(8, 3) with bias (head.W, head.b) giving the logits. Loss: softmax cross-entropy, "
        f"mean over the batch. ")


TRAINING_DATA_TEXT = (
    f"Data: x [{STEPS}, {BATCH}, 2] and labels [{STEPS}, {BATCH}] hold the {STEPS} mini-batches "
    f"of B={BATCH} in the order used (batch k is x[k], labels[k]; the label is the 120-degree "
    f"angular sector of the point, so the task is learnable). Initial parameters init.<param>: "
    f"weights He normal (std sqrt(2 / fan_in)), biases and BN beta N(0, 0.01), BN gamma "
    f"1 + N(0, 0.01); BN running statistics start at mean 0, var 1 (init.<bn>.running_mean / "
    f"running_var). Step k = 0..{STEPS - 1}: forward batch k in TRAINING mode (BN normalises "
    f"with the batch mean and the biased batch variance, eps 1e-5, and updates its running "
    f"statistics with momentum 0.1 and the unbiased variance), losses[k] = the loss of batch k "
    f"BEFORE the update, backward, then one optimizer update. "
    f"Stored after the {STEPS} steps: final.<param>, final.<bn>.running_mean / running_var, "
    f"and the optimizer state. train_sgd_momentum_residual, train_adam_residual and "
    f"train_sgd_momentum_plain share init.*, x and labels, and the ReLU inputs of all three runs "
    f"stay at |z| >= 1e-3. ")

SGD_TEXT = (
    "Optimizer: SGD with PyTorch semantics, lr 0.05, momentum 0.9, weight_decay 1e-4, no "
    "dampening, no Nesterov, applied to EVERY parameter (weights, biases, BN gamma and beta "
    "alike): g = dL/dp + weight_decay * p; v = momentum * v + g, with v = g on the first step "
    "(v starts at 0); p = p - lr * v. The velocities after the last step are stored as "
    "momentum_buffer.<param>.")

ADAM_TEXT = (
    "Optimizer: Adam with PyTorch semantics (torch.optim.Adam, not AdamW, amsgrad off), lr 0.01, "
    "betas (0.9, 0.999), eps 1e-8, no weight decay: at step t = 1..6, m = beta1 * m + (1 - "
    "beta1) * g; v = beta2 * v + (1 - beta2) * g^2 (m, v start at 0); p = p - lr * (m / (1 - "
    "beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps), eps added AFTER the square root and the bias "
    "correction. The moments after the last step are stored as exp_avg.<param> (m) and "
    "exp_avg_sq.<param> (v).")

DEAD_BIAS_TEXT = (
    " Note: in this plain twin stem.b receives NO gradient from the loss: the stem feeds only "
    "blocks.0.branch.0 (a Linear without bias) and then a BN, which removes any shift shared by "
    "all samples of the batch. stem.b therefore moves only by weight decay, and "
    "momentum_buffer.stem.b (about 1e-5) is weight decay plus rounding noise of an analytically "
    "zero gradient: compare that one tensor with an absolute tolerance (1e-5), not a relative "
    "one. final.stem.b is well conditioned.")


@case
def training_runs():
    runs = [
        ("train_sgd_momentum_residual", True, sgd, ["momentum_buffer"], SGD_TEXT,
         f"{STEPS} steps of SGD with momentum on a small residual MLP. ", {}),
        ("train_adam_residual", True, adam, ["exp_avg", "exp_avg_sq"], ADAM_TEXT,
         f"{STEPS} steps of Adam on the same small residual MLP. ", {}),
        ("train_sgd_momentum_plain", False, sgd, ["momentum_buffer"], SGD_TEXT + DEAD_BIAS_TEXT,
         f"{STEPS} steps of SGD with momentum on the PLAIN twin of the residual MLP of "
         f"train_sgd_momentum_residual, for a paired comparison. ", {"momentum_buffer.stem.b": 1e-5}),
    ]
    computes = [training_run(residual, opt, keys) for _, residual, opt, keys, _, _, _ in runs]

    def all_three(t, relu):  # one draw for the three runs: the margin holds in each of them
        for compute in computes:
            compute(t, relu)

    inputs = draw(1001, sample_training_inputs, all_three)
    return [Case(name, intro + network_text(residual) + TRAINING_DATA_TEXT + text, inputs, compute, absolute)
            for (name, residual, _, _, text, intro, absolute), compute in zip(runs, computes)]


# =============================================================================================
# He (Kaiming normal) initialisation: expected statistics, no random values
# =============================================================================================

@case
def he_init():
    scalars = {}
    for key, shape in (("linear", (32, 32)), ("conv", (16, 16, 3, 3))):
        fan_in, count = math.prod(shape[1:]), math.prod(shape)
        std = math.sqrt(2.0) / math.sqrt(fan_in)
        # The formula against PyTorch's own initialiser, on a large sample.
        w = torch.empty(4000, *shape[1:], dtype=torch.float64)
        torch.manual_seed(1101)
        torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
        assert abs(w.std().item() / std - 1.0) < 0.01, "kaiming_normal_ disagrees with sqrt(2 / fan_in)"
        scalars.update({f"{key}.fan_in": fan_in, f"{key}.count": count, f"{key}.std": std,
                        f"{key}.mean_standard_error": std / math.sqrt(count),
                        f"{key}.std_standard_error": std / math.sqrt(2.0 * count)})
    return Case(
        "he_init",
        "He (Kaiming) normal initialisation, mode fan_in, gain sqrt(2) for ReLU, as "
        "torch.nn.init.kaiming_normal_(W, mode='fan_in', nonlinearity='relu'): every weight is "
        "drawn from N(0, std^2) with std = sqrt(2) / sqrt(fan_in). No random values are stored, "
        "only the expected statistics. linear.*: Linear(32 -> 32), W [32, 32], fan_in = 32, "
        "std = 0.25. conv.*: Conv2d(16 -> 16, 3x3), W [16, 16, 3, 3], fan_in = 16 * 3 * 3 = 144, "
        "std = sqrt(2 / 144). For a test that initialises such a layer and checks its weights: "
        "with count = number of weights, the sample mean has standard error std / sqrt(count) "
        "(*.mean_standard_error) and the sample standard deviation about std / sqrt(2 * count) "
        "(*.std_standard_error); accept within 5 standard errors. Biases are not covered. Note "
        "that PyTorch's default nn.Linear / nn.Conv2d initialisation is different "
        "(kaiming_uniform_ with a = sqrt(5), std = 1 / sqrt(3 * fan_in)).",
        {}, lambda t, relu: ({}, dict(scalars)))


# =============================================================================================
# The files: writing, checking against the stored ones, and the float32 drift
# =============================================================================================

def case_text(c):
    """The file: the four keys, one line per tensor and per scalar, numbers as Python's repr of
    a float64 (the shortest text that reads back as the same double)."""
    tensors, scalars = c.compute(c.inputs, Relu())

    def section(entries):
        if not entries:
            return "{}"
        return "{\n" + ",\n".join(f"    {json.dumps(k)}: {v}" for k, v in entries) + "\n  }"

    def tensor(t):
        t = t.detach()
        return json.dumps({"shape": list(t.shape), "data": t.reshape(-1).tolist()}, allow_nan=False)

    text = ("{\n"
            f"  \"case\": {json.dumps(c.name)},\n"
            f"  \"description\": {json.dumps(c.description)},\n"
            f"  \"tensors\": {section([(k, tensor(v)) for k, v in {**c.inputs, **tensors}.items()])},\n"
            f"  \"scalars\": {section([(k, json.dumps(v, allow_nan=False)) for k, v in scalars.items()])}\n"
            "}\n")
    json.loads(text)
    return text, tensors, scalars


def max_error(got, ref, relative=True):
    """max |got - ref| / max |ref| (the absolute error when ref is all zeros, or with
    relative=False): the metric of README.md and of tests/support/golden.h."""
    got = torch.as_tensor(got, dtype=torch.float64)
    ref = torch.as_tensor(ref, dtype=torch.float64)
    if ref.numel() == 0:
        return 0.0
    diff = (got - ref).abs().max().item()
    scale = ref.abs().max().item() if relative else 0.0
    return diff / scale if scale > 0 else diff


def differences(new_text, path, absolute):
    """How the case file at `path` differs from new_text: [] when every key, shape and
    description agrees and every number within CHECK_RTOL (relative to the tensor's largest
    value, or absolutely for the tensors in `absolute`, as the tests compare them)."""
    if not os.path.exists(path):
        return ["the file does not exist"]
    with open(path, encoding="utf-8") as f:
        old = json.load(f)
    new = json.loads(new_text)
    problems = []
    for key in ("case", "description"):
        if old[key] != new[key]:
            problems.append(f"{key} differs")
    for kind in ("tensors", "scalars"):
        if list(old[kind]) != list(new[kind]):
            problems.append(f"{kind}: names {list(old[kind])} became {list(new[kind])}")
            continue
        for name in old[kind]:
            a, b = old[kind][name], new[kind][name]
            if kind == "tensors":
                if a["shape"] != b["shape"]:
                    problems.append(f"{name}: shape {a['shape']} became {b['shape']}")
                    continue
                a, b = a["data"], b["data"]
            error = max_error(b, a) if name not in absolute else max_error(b, a, relative=False)
            if error > CHECK_RTOL:
                problems.append(f"{name}: differs by {error:.1e} (relative to its largest value)")
    return problems


def float32_drift(c, tensors, scalars):
    """The case recomputed from its inputs rounded to float32, as the engine's tests use them:
    the worst error over the outputs (absolute for those in c.absolute) and where it is."""
    inputs32 = {k: v.float() if v.is_floating_point() else v for k, v in c.inputs.items()}
    tensors32, scalars32 = c.compute(inputs32, Relu())
    worst, where = 0.0, "-"
    for k, ref in list(tensors.items()) + list(scalars.items()):
        got = tensors32[k] if k in tensors32 else scalars32[k]
        if k in c.absolute:
            error = max_error(got, ref, relative=False)
            print(f"    {c.name}: {k} compared absolutely: {error:.1e} (atol {c.absolute[k]:.0e})")
            continue
        error = max_error(got, ref)
        if error >= worst:
            worst, where = error, k
    return worst, where


def all_cases():
    cases = []
    for builder in CASES:
        built = builder()
        cases += built if isinstance(built, list) else [built]
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only these cases (default: all)")
    parser.add_argument("--check", action="store_true",
                        help="compare with the stored files instead of writing them; exit 1 on a difference")
    parser.add_argument("--float32", action="store_true",
                        help="print the worst float32 error of each case, to choose its tolerance")
    parser.add_argument("--dir", default=HERE, help="where the case files are (default: beside this script)")
    args = parser.parse_args()

    cases = all_cases()
    known = {c.name for c in cases}
    unknown = [n for n in args.names if n not in known]
    if unknown:
        sys.exit(f"no such case: {', '.join(unknown)} (the cases: {', '.join(sorted(known))})")
    failed = 0
    for c in cases:
        if args.names and c.name not in args.names:
            continue
        text, tensors, scalars = case_text(c)
        path = os.path.join(args.dir, c.name + ".json")
        if args.check:
            problems = differences(text, path, c.absolute)
            with open(path, encoding="utf-8") as f:
                same = "byte for byte" if f.read() == text else "to 1e-12"
            print(f"{c.name}: " + ("; ".join(problems) if problems else f"agrees {same}"))
            failed += bool(problems)
        else:
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print(f"wrote {path} ({len(text.encode('utf-8'))} bytes)")
        if args.float32 and tensors.keys() | scalars.keys() and c.inputs:
            worst, where = float32_drift(c, tensors, scalars)
            print(f"    float32: worst error {worst:.1e} in {where}")
    if args.check:
        print(f"{failed} of {len(cases) if not args.names else len(args.names)} cases differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
