// The fixed parts of the exported train.py (see torch_python_text.h). The data code ports
// core/random.cpp, core/data/synthetic_2d.cpp, core/data/shapes_dataset.cpp, the file readers
// and core/data/preprocess.cpp draw for draw, so a generated set comes out value for value as
// the engine makes it; tests/torch checks that it does.
#include "core/export/torch_python_text.h"

namespace core::torch_text {

const std::string_view kTrainImports = R"py(import argparse
import csv
import gzip
import math
import os
import sys
import time

import numpy as np
import torch
import torch.distributed as dist
from torch import nn
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

from model import (INPUT_SHAPE, Network, initialize, load_weights,
                   save_weights)
)py";

const std::string_view kTrainBody = R"py(HERE = os.path.dirname(os.path.abspath(__file__))

MASK64 = (1 << 64) - 1
POINTS_STREAM = 0x706F696E7473  # "points": the 2-D sets
SHAPES_STREAM = 0x736861706573  # "shapes"
SPLIT_STREAM = 0x73706C6974     # "split": the train/test shuffle
TWO_D_SETS = ("spiral", "circles", "xor", "gaussians", "moons", "checkerboard")
FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


# ---------------------------------------------------------------------------
# Random numbers: ResNet Lab's own (core/random.h), so that a generated data
# set is the same, value for value, as the one the app trained on.
# ---------------------------------------------------------------------------

class Rng:
    """std::mt19937_64 with ResNet Lab's uniform (53 random bits), normal
    (Box-Muller, both values used) and integers below n (modulo)."""

    N, M = 312, 156
    MATRIX_A = np.uint64(0xB5026F5AA96619E9)
    UPPER = np.uint64(0xFFFFFFFF80000000)
    LOWER = np.uint64(0x7FFFFFFF)

    def __init__(self, seed):
        state = [seed & MASK64]
        for i in range(1, self.N):
            prev = state[-1]
            state.append((6364136223846793005 * (prev ^ (prev >> 62)) + i)
                         & MASK64)
        self.state = np.array(state, dtype=np.uint64)
        self.block = np.empty(0, dtype=np.uint64)
        self.pos = 0
        self.spare = None

    @staticmethod
    def derive(seed, stream):
        """The seed of an independent stream: splitmix64 of the pair."""
        z = (seed + 0x9E3779B97F4A7C15 * (stream + 1)) & MASK64
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)

    def _twist(self, upper, lower):
        y = (upper & self.UPPER) | (lower & self.LOWER)
        odd = (y & np.uint64(1)).astype(bool)
        return (y >> np.uint64(1)) ^ np.where(odd, self.MATRIX_A,
                                              np.uint64(0))

    def _refill(self):
        # The generator's recurrence in three vectorised pieces: entries
        # 0..N-M-1 read old values only, N-M..N-2 read entries renewed M
        # places back, and the last one reads the renewed entry 0.
        n, m, mt = self.N, self.M, self.state
        mt[:n - m] = mt[m:] ^ self._twist(mt[:n - m], mt[1:n - m + 1])
        mt[n - m:n - 1] = mt[:m - 1] ^ self._twist(mt[n - m:n - 1],
                                                   mt[n - m + 1:])
        mt[n - 1:] = mt[m - 1:m] ^ self._twist(mt[n - 1:], mt[:1])
        y = mt.copy()  # tempering
        y ^= (y >> np.uint64(29)) & np.uint64(0x5555555555555555)
        y ^= (y << np.uint64(17)) & np.uint64(0x71D67FFFEDA60000)
        y ^= (y << np.uint64(37)) & np.uint64(0xFFF7EEE000000000)
        y ^= y >> np.uint64(43)
        self.block, self.pos = y, 0

    def raw(self, count):
        """The next `count` 64-bit outputs, as a uint64 array."""
        parts = []
        while count > 0:
            if self.pos == len(self.block):
                self._refill()
            take = min(count, len(self.block) - self.pos)
            parts.append(self.block[self.pos:self.pos + take])
            self.pos += take
            count -= take
        return np.concatenate(parts) if parts else np.empty(0, np.uint64)

    def next(self):
        if self.pos == len(self.block):
            self._refill()
        self.pos += 1
        return int(self.block[self.pos - 1])

    def uniform(self, lo=0.0, hi=1.0):
        """Uniform in [lo, hi)."""
        return lo + (hi - lo) * ((self.next() >> 11) * 2.0 ** -53)

    def below(self, n):
        """Uniform integer in [0, n)."""
        return self.next() % n if n else 0

    def normal(self):
        """Standard normal by Box-Muller: the cosine value now, the sine
        value at the next call."""
        if self.spare is not None:
            value, self.spare = self.spare, None
            return value
        u1 = self.uniform()
        while u1 <= 0.0:
            u1 = self.uniform()
        u2 = self.uniform()
        r = math.sqrt(-2.0 * math.log(u1))
        t = 2.0 * math.pi * u2
        self.spare = r * math.sin(t)
        return r * math.cos(t)

    def normals(self, count):
        """`count` calls of normal() at once, as an array."""
        out = np.empty(count)
        start = 0
        if count > 0 and self.spare is not None:
            out[0] = self.normal()
            start = 1
        pairs = (count - start) // 2
        u = (self.raw(2 * pairs) >> np.uint64(11)) * 2.0 ** -53
        if np.all(u[0::2] > 0.0):
            r = np.sqrt(-2.0 * np.log(u[0::2]))
            t = 2.0 * math.pi * u[1::2]
            out[start:start + 2 * pairs:2] = r * np.cos(t)
            out[start + 1:start + 2 * pairs:2] = r * np.sin(t)
        else:
            # normal() redraws a first uniform of exactly 0 (odds 2**-53):
            # replay these draws one at a time.
            pending = list(u)

            def draw():
                return pending.pop(0) if pending else self.uniform()
            for i in range(start, start + 2 * pairs, 2):
                u1 = draw()
                while u1 <= 0.0:
                    u1 = draw()
                r = math.sqrt(-2.0 * math.log(u1))
                t = 2.0 * math.pi * draw()
                out[i], out[i + 1] = r * math.cos(t), r * math.sin(t)
        if start + 2 * pairs < count:
            out[count - 1] = self.normal()
        return out


# ---------------------------------------------------------------------------
# Data sets, by ResNet Lab's rules (core/data).
# ---------------------------------------------------------------------------

def shuffled_indices(n, seed):
    """A permutation of 0..n-1: Fisher-Yates driven by Rng(seed)."""
    order = np.arange(n)
    draws = Rng(seed).raw(max(n - 1, 0))
    for k, i in enumerate(range(n - 1, 0, -1)):
        j = int(draws[k] % np.uint64(i + 1))
        order[i], order[j] = order[j], order[i]
    return order


def split_train_test(x, y, test_fraction, seed):
    """Shuffles the samples, then the last floor(n * test_fraction) of them
    form the test split."""
    n = len(y)
    n_test = int(math.floor(n * test_fraction))
    order = shuffled_indices(n, seed)
    train, test = order[:n - n_test], order[n - n_test:]
    return (x[train], y[train]), (x[test], y[test])


def class_sizes(size, classes):
    """size // classes samples per class, one more for the first
    size % classes classes."""
    return [size // classes + (1 if k < size % classes else 0)
            for k in range(classes)]


def linspace(lo, hi, m, i):
    return lo if m <= 1 else lo + (hi - lo) * i / (m - 1)


def spiral(c, rng):
    """Class k is one arm: r = linspace(0.05, 1, m),
    t = 2 pi (turns r + k / K) + noise N(0, 1), x = (r sin t, r cos t)."""
    points, labels = [], []
    classes = c["classes"]
    for k, m in enumerate(class_sizes(c["size"], classes)):
        for i in range(m):
            r = linspace(0.05, 1.0, m, i)
            t = (2.0 * math.pi * (c["turns"] * r + k / classes)
                 + rng.normal() * c["noise"])
            points.append((r * math.sin(t), r * math.cos(t)))
            labels.append(k)
    return points, labels


def circles(c, rng):
    """Class k lies on the ring of radius (k + 1) / K, jittered radially."""
    points, labels = [], []
    classes = c["classes"]
    for k, m in enumerate(class_sizes(c["size"], classes)):
        for _ in range(m):
            r = (k + 1) / classes + rng.normal() * 0.4 * c["noise"]
            t = rng.uniform(0.0, 2.0 * math.pi)
            points.append((r * math.cos(t), r * math.sin(t)))
            labels.append(k)
    return points, labels


def gaussians(c, rng):
    """Class k is a Gaussian blob at angle 2 pi k / K on the unit circle."""
    points, labels = [], []
    classes, sd = c["classes"], 2.0 * c["noise"]
    for k, m in enumerate(class_sizes(c["size"], classes)):
        a = 2.0 * math.pi * k / classes
        for _ in range(m):
            x = math.cos(a) + rng.normal() * sd
            y = math.sin(a) + rng.normal() * sd
            points.append((x, y))
            labels.append(k)
    return points, labels


def moons(c, rng):
    """scikit-learn's make_moons: two interleaved half circles."""
    points, labels = [], []
    for k, m in enumerate(class_sizes(c["size"], 2)):
        for i in range(m):
            t = linspace(0.0, math.pi, m, i)
            x = math.cos(t) if k == 0 else 1.0 - math.cos(t)
            y = math.sin(t) if k == 0 else 0.5 - math.sin(t)
            x += rng.normal() * c["noise"]
            y += rng.normal() * c["noise"]
            points.append((x, y))
            labels.append(k)
    return points, labels


def checkerboard(c, cells, rng):
    """[-1, 1]^2 in cells x cells squares, the class is the parity of the
    square; xor is the 2 x 2 board."""
    squares = [[], []]
    for row in range(cells):
        for col in range(cells):
            squares[(row + col) % 2].append((col, row))
    width, sd = 2.0 / cells, c["noise"] / cells
    points, labels = [], []
    for k, m in enumerate(class_sizes(c["size"], 2)):
        for _ in range(m):
            col, row = squares[k][rng.below(len(squares[k]))]
            x = -1.0 + (col + rng.uniform()) * width
            y = -1.0 + (row + rng.uniform()) * width
            x += rng.normal() * sd
            y += rng.normal() * sd
            points.append((x, y))
            labels.append(k)
    return points, labels


def synthetic_2d(name, c):
    """A 2-D set, standardised with its training split's statistics."""
    if name in ("spiral", "circles", "gaussians"):
        c = dict(c, classes=c["classes"] or 3)
    else:
        c = dict(c, classes=2)
    rng = Rng(Rng.derive(c["data_seed"], POINTS_STREAM))
    if name == "spiral":
        points, labels = spiral(c, rng)
    elif name == "circles":
        points, labels = circles(c, rng)
    elif name == "gaussians":
        points, labels = gaussians(c, rng)
    elif name == "moons":
        points, labels = moons(c, rng)
    else:
        points, labels = checkerboard(c, 2 if name == "xor" else c["cells"],
                                      rng)
    x = np.array(points, dtype=np.float64).astype(np.float32)
    y = np.array(labels, dtype=np.int64)
    train, test = split_train_test(x, y, c["test_fraction"],
                                   Rng.derive(c["data_seed"], SPLIT_STREAM))
    mean, sd = fit_normalization(train[0])
    return ((standardize(train[0], mean, sd), train[1]),
            (standardize(test[0], mean, sd), test[1]), c["classes"])


SHAPE_SIDE = 16


def segment_distance(px, py, ax, ay, bx, by):
    vx, vy, wx, wy = bx - ax, by - ay, px - ax, py - ay
    t = np.clip((wx * vx + wy * vy) / (vx * vx + vy * vy), 0.0, 1.0)
    return np.hypot(wx - t * vx, wy - t * vy)


def stroke(angle, half, thickness):
    """A bar through the centre: (signed distance function, half extent)."""
    dx, dy = math.cos(angle) * half, math.sin(angle) * half

    def distance(px, py, cx, cy):
        return (segment_distance(px, py, cx - dx, cy - dy, cx + dx, cy + dy)
                - thickness / 2)
    return distance, max(abs(dx), abs(dy)) + thickness / 2


def shape_drawing(k, rng):
    """A random instance of shape k: its signed distance (negative inside)
    from a pixel to the shape around a centre, and its half extent."""
    tilt = rng.uniform(-0.15, 0.15)
    if k < 4:  # bars and diagonals: the thickness is drawn first
        angle = (0.0, math.pi / 2, math.pi / 4, -math.pi / 4)[k] + tilt
        half = ((3.0, 6.5), (3.0, 6.5), (3.5, 7.0), (3.5, 7.0))[k]
        thickness = rng.uniform(1.2, 3.0 if k < 2 else 2.5)
        return stroke(angle, rng.uniform(*half), thickness)
    if k == 4:  # square outline
        s, t = rng.uniform(3.0, 6.0), rng.uniform(1.0, 2.0)
        return (lambda px, py, cx, cy: np.abs(
            np.maximum(np.abs(px - cx), np.abs(py - cy)) - s) - t / 2,
            s + t / 2)
    if k == 5:  # disc
        r = rng.uniform(2.5, 5.5)
        return (lambda px, py, cx, cy: np.hypot(px - cx, py - cy) - r), r
    if k == 6:  # cross
        h, t = rng.uniform(3.0, 6.0), rng.uniform(1.2, 2.5)
        a, extent_a = stroke(tilt, h, t)
        b, extent_b = stroke(math.pi / 2 + tilt, h, t)
        return (lambda px, py, cx, cy: np.minimum(a(px, py, cx, cy),
                                                  b(px, py, cx, cy)),
                max(extent_a, extent_b))
    r, t = rng.uniform(3.5, 6.0), rng.uniform(1.0, 2.0)  # ring
    return (lambda px, py, cx, cy: np.abs(np.hypot(px - cx, py - cy) - r)
            - t / 2, r + t / 2)


def shapes(c):
    """16 x 16 grey images of bars, diagonals, squares, discs, crosses and
    rings at random places, sizes and contrasts, with pixel noise."""
    classes = c["classes"] or 8
    rng = Rng(Rng.derive(c["data_seed"], SHAPES_STREAM))
    col, row = np.meshgrid(np.arange(SHAPE_SIDE), np.arange(SHAPE_SIDE))
    px, py = col.ravel() + 0.5, row.ravel() + 0.5
    middle = SHAPE_SIDE / 2.0
    x = np.empty((c["size"], 1, SHAPE_SIDE, SHAPE_SIDE), np.float32)
    y = np.arange(c["size"], dtype=np.int64) % classes
    for i in range(c["size"]):
        distance, extent = shape_drawing(int(y[i]), rng)
        room = max(0.0, middle - 0.5 - extent)
        cx = middle + rng.uniform(-room, room)
        cy = middle + rng.uniform(-room, room)
        background = rng.uniform(0.0, 0.2)
        ink = rng.uniform(0.55, 1.0)
        noise = rng.uniform(0.05, 0.15)
        # Anti-aliased: coverage 1 inside, 0 outside, linear over the edge.
        coverage = np.clip(0.5 - distance(px, py, cx, cy), 0.0, 1.0)
        value = (background + coverage * (ink - background)
                 + rng.normals(px.size) * noise)
        x[i, 0] = np.clip(value, 0.0, 1.0).reshape(SHAPE_SIDE, SHAPE_SIDE)
    train, test = split_train_test(x, y, c["test_fraction"],
                                   Rng.derive(c["data_seed"], SPLIT_STREAM))
    return train, test, classes


def open_maybe_gzip(path):
    with open(path, "rb") as f:
        compressed = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if compressed else open(path, "rb")


def read_idx(path):
    """An IDX file (MNIST's format, plain or gzip): images [n, 1, rows, cols]
    in [0, 1], or labels [n]."""
    with open_maybe_gzip(path) as f:
        data = f.read()
    dims = data[3]
    shape = np.frombuffer(data, ">u4", count=dims, offset=4).astype(int)
    values = np.frombuffer(data, np.uint8, count=int(np.prod(shape)),
                           offset=4 + 4 * dims)
    if dims == 1:
        return values.astype(np.int64)
    return (values.reshape(len(values) // (shape[1] * shape[2]), 1,
                           shape[1], shape[2]) / np.float32(255.0)
            ).astype(np.float32)


def find_file(directory, name):
    for candidate in (name + ".gz", name):
        path = os.path.join(directory, candidate)
        if os.path.isfile(path):
            return path
    raise FileNotFoundError(f"{name}(.gz) is not in {directory}")


def fashion_mnist(data_dir):
    directory = (data_dir or os.environ.get("RESNETLAB_FASHION_MNIST_DIR")
                 or FASHION_MNIST_DIR)
    files = [find_file(directory, name) for name in (
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")]
    train = (read_idx(files[0]), read_idx(files[1]))
    test = (read_idx(files[2]), read_idx(files[3]))
    return train, test, 10


def cifar10(directory):
    """The CIFAR-10 binary version: records of 1 label byte and 3 x 32 x 32
    pixel bytes (channel-major)."""
    if not os.path.isfile(os.path.join(directory, "test_batch.bin")):
        directory = os.path.join(directory, "cifar-10-batches-bin")

    def read(names):
        records = np.concatenate([np.fromfile(os.path.join(directory, name),
                                              np.uint8).reshape(-1, 3073)
                                  for name in names])
        images = records[:, 1:].reshape(-1, 3, 32, 32) / np.float32(255.0)
        return images.astype(np.float32), records[:, 0].astype(np.int64)
    train = read([f"data_batch_{b}.bin" for b in range(1, 6)])
    return train, read(["test_batch.bin"]), 10


def is_number(text):
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def read_csv(path, c):
    """One sample per row: numeric features and an integer label in the
    label column ("last", "first" or a header name); the first row is a
    header when none of its cells is a number."""
    with open(path, newline="") as f:
        rows = [[cell.strip() for cell in row] for row in csv.reader(f)
                if any(cell.strip() for cell in row)]
    label = {"last": len(rows[0]) - 1, "first": 0}.get(c["label_column"])
    if not any(is_number(cell) for cell in rows[0]):
        header = rows.pop(0)
        if label is None:
            label = header.index(c["label_column"])
    elif label is None:
        raise ValueError(f"{path} has no header to find the label column "
                         f"{c['label_column']!r} in")
    table = np.array(rows, dtype=np.float64)
    y = table[:, label].astype(np.int64)
    x = np.delete(table, label, axis=1).astype(np.float32)
    train, test = split_train_test(x, y, c["test_fraction"],
                                   Rng.derive(c["data_seed"], SPLIT_STREAM))
    return train, test, int(y.max()) + 1


def idx_pair(images, labels, c):
    x, y = read_idx(images), read_idx(labels)
    train, test = split_train_test(x, y, c["test_fraction"],
                                   Rng.derive(c["data_seed"], SPLIT_STREAM))
    return train, test, 10


def fit_normalization(x):
    """Mean and population standard deviation of the training split per
    feature (vectors) or per channel (images); 1 where it is constant."""
    groups = x.reshape(len(x), x.shape[1], -1).astype(np.float64)
    count = groups.shape[0] * groups.shape[2]
    mean = groups.sum(axis=(0, 2)) / count
    deviation = groups - mean.astype(np.float32)[None, :, None]
    sd = np.sqrt((deviation ** 2).sum(axis=(0, 2)) / count)
    return mean.astype(np.float32), np.where(sd > 1e-8, sd,
                                             1.0).astype(np.float32)


def standardize(x, mean, sd):
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return ((x - mean.reshape(shape)) / sd.reshape(shape)).astype(np.float32)


def load_data(c, data_dir=None):
    """The data set of config c as the app loads it: a dict with "train"
    and "test" (x float32 [n, *sample shape], y int64 [n]) and "classes"."""
    name = c["data"]
    if name in TWO_D_SETS:
        train, test, classes = synthetic_2d(name, c)
    elif name == "shapes":
        train, test, classes = shapes(c)
    elif name == "fashion-mnist":
        train, test, classes = fashion_mnist(data_dir)
    elif name.startswith("cifar10:"):
        train, test, classes = cifar10(data_dir or name[len("cifar10:"):])
    elif name.startswith("idx:"):
        images, labels = name[len("idx:"):].split(",")
        train, test, classes = idx_pair(images, labels, c)
    elif name.startswith("csv:"):
        train, test, classes = read_csv(name[len("csv:"):], c)
    else:
        raise ValueError(f"unknown data set {name!r}")
    keep_train, keep_test = c["max_train"] or None, c["max_test"] or None
    train = (train[0][:keep_train], train[1][:keep_train])
    test = (test[0][:keep_test], test[1][:keep_test])
    if c["normalize"] and name not in TWO_D_SETS:
        mean, sd = fit_normalization(train[0])
        train = (standardize(train[0], mean, sd), train[1])
        test = (standardize(test[0], mean, sd), test[1])
    return {"train": train, "test": test, "classes": classes}


# ---------------------------------------------------------------------------
# Training, as ResNet Lab's trainer does it (core/train/trainer.cpp).
# ---------------------------------------------------------------------------

def make_optimizer(model, c, lr):
    """SGD or Adam with the app's settings; PyTorch's and the app's update
    rules are the same, weight decay included (on every parameter)."""
    if c["optimizer"] == "adam":
        return torch.optim.Adam(model.parameters(), lr=lr,
                                betas=(c["beta1"], c["beta2"]), eps=c["eps"],
                                weight_decay=c["weight_decay"])
    return torch.optim.SGD(model.parameters(), lr=lr, momentum=c["momentum"],
                           weight_decay=c["weight_decay"],
                           nesterov=c["nesterov"] and c["momentum"] > 0)


def lr_factor(step, steps_per_epoch, epochs, c):
    """The learning rate of update `step` over the base rate: constant,
    step (times step_gamma every step_size_epochs) or cosine (to 0 over
    the run, stepped per batch), scaled by (step + 1) / warm-up steps
    during the linear warm-up."""
    total = max(1, steps_per_epoch * epochs)
    if c["schedule"] == "step":
        size = max(1, steps_per_epoch * c["step_size_epochs"])
        factor = c["step_gamma"] ** (step // size)
    elif c["schedule"] == "cosine":
        factor = 0.5 * (1.0 + math.cos(math.pi * min(step, total) / total))
    else:
        factor = 1.0
    warmup = steps_per_epoch * c["warmup_epochs"]
    if step < warmup:
        factor *= (step + 1) / warmup
    return factor


def steps_per_epoch(n, batch, max_steps):
    """Batches per epoch of n samples; a last batch of a single sample is
    dropped (batch norm needs two)."""
    steps = -(-n // batch)
    if n % batch == 1:
        steps -= 1
    return min(steps, max_steps) if max_steps > 0 else steps


@torch.no_grad()
def predict(model, x, device, batch=1024):
    """Logits of x in evaluation mode (batch norm uses its running
    statistics), as a float32 array [n, classes]."""
    was_training = model.training
    model.eval()
    out = [model(torch.from_numpy(x[i:i + batch]).to(device)).cpu()
           for i in range(0, len(x), batch)]
    model.train(was_training)
    if not out:
        return np.zeros((0, 0), np.float32)
    return torch.cat(out).numpy()


def evaluate(model, x, y, device):
    """Mean cross-entropy loss and error rate in evaluation mode."""
    if len(x) == 0:
        return 0.0, 0.0
    logits = torch.from_numpy(predict(model, x, device))
    labels = torch.from_numpy(y)
    loss = nn.functional.cross_entropy(logits, labels).item()
    return loss, (logits.argmax(1) != labels).float().mean().item()


def write_logits(path, logits, labels):
    """One row per sample: logit0..logitK-1, then the label."""
    with open(path, "w", newline="") as f:
        out = csv.writer(f)
        out.writerow([f"logit{k}" for k in range(logits.shape[1])]
                     + ["label"])
        for row, label in zip(logits, labels):
            out.writerow([f"{v:.9g}" for v in row] + [int(label)])


def setup_processes(args):
    """(rank, world size, device); joins the process group under torchrun
    with --distributed (NCCL on GPUs, Gloo on CPUs)."""
    cuda = torch.cuda.is_available() and args.device != "cpu"
    if not args.distributed:
        return 0, 1, torch.device(args.device or ("cuda" if cuda else "cpu"))
    if "RANK" not in os.environ:
        sys.exit("--distributed needs torchrun, e.g. torchrun --standalone "
                 "--nproc_per_node=2 train.py --distributed")
    dist.init_process_group("nccl" if cuda else "gloo")
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    if cuda:
        torch.cuda.set_device(local_rank)
    device = torch.device(f"cuda:{local_rank}" if cuda else "cpu")
    return dist.get_rank(), dist.get_world_size(), device


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--epochs", type=int, default=CONFIG["epochs"],
                   help="epochs to train (0: only --predict)")
    p.add_argument("--lr", type=float, default=CONFIG["lr"],
                   help="base learning rate")
    p.add_argument("--batch-size", type=int, default=CONFIG["batch_size"],
                   help="global batch size, shared by the processes")
    p.add_argument("--max-steps-per-epoch", type=int,
                   default=CONFIG["max_steps_per_epoch"],
                   help="0: the whole training split every epoch")
    p.add_argument("--seed", type=int, default=CONFIG["seed"],
                   help="initial weights (without weights.npz) and "
                        "batch order")
    p.add_argument("--weights", default=None,
                   help="initial weights (default: weights.npz beside "
                        "this script, if it is there)")
    p.add_argument("--no-weights", action="store_true",
                   help="start from the initialisation, not from weights")
    p.add_argument("--data-dir", default=None,
                   help="the folder of fashion-mnist or cifar10, if moved")
    p.add_argument("--distributed", action="store_true",
                   help="DistributedDataParallel (run under torchrun)")
    p.add_argument("--sync-bn", action="store_true",
                   help="batch statistics over all processes "
                        "(with --distributed)")
    p.add_argument("--device", default=None,
                   help="cpu or cuda (default: cuda when available)")
    p.add_argument("--history", default="history.csv",
                   help="per-epoch losses and errors, as ResNet Lab "
                        "writes them")
    p.add_argument("--save", default="trained.pt",
                   help="the trained state_dict (torch.save; .npz: "
                        "the format of weights.npz)")
    p.add_argument("--predict", metavar="FILE.csv", default=None,
                   help="write the test split's logits (evaluation mode)")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    rank, world, device = setup_processes(args)
    log = print if rank == 0 else (lambda *a, **k: None)
    torch.manual_seed(args.seed)

    data = load_data(CONFIG, args.data_dir)
    # One sample's values in the network's input shape (the app pairs a
    # network and a data set by their number of values per sample).
    train_x, train_y = data["train"]
    test_x, test_y = data["test"]
    train_x = train_x.reshape((len(train_x),) + INPUT_SHAPE)
    test_x = test_x.reshape((len(test_x),) + INPUT_SHAPE)
    model = Network()
    weights = args.weights or os.path.join(HERE, "weights.npz")
    if args.no_weights or (args.weights is None
                           and not os.path.exists(weights)):
        initialize(model, CONFIG["init"], CONFIG["zero_last_bn_gamma"])
        log(f"starting from {CONFIG['init']} initialisation")
    else:
        load_weights(model, weights)
        log(f"starting from {weights}")
    model.to(device)

    net = model
    if args.distributed:
        if args.sync_bn:
            model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
        device_ids = [device.index] if device.type == "cuda" else None
        net = DistributedDataParallel(model, device_ids=device_ids)
    train_set = TensorDataset(torch.from_numpy(train_x),
                              torch.from_numpy(train_y))
    sampler = None
    if args.distributed:
        sampler = DistributedSampler(train_set, world, rank, shuffle=True,
                                     seed=args.seed)
    local_samples = len(sampler) if sampler else len(train_set)
    batch = min(args.batch_size // world, local_samples)
    if batch < 2:
        sys.exit(f"a batch of {batch} per process: batch norm needs 2")
    loader = DataLoader(train_set, batch_size=batch, sampler=sampler,
                        shuffle=sampler is None,
                        generator=torch.Generator().manual_seed(args.seed),
                        pin_memory=device.type == "cuda")
    steps = steps_per_epoch(local_samples, batch, args.max_steps_per_epoch)
    optimizer = make_optimizer(model, CONFIG, args.lr)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: lr_factor(step, steps, args.epochs, CONFIG))
    loss_fn = nn.CrossEntropyLoss()

    log(f"{CONFIG['name']} on {CONFIG['data']}: {len(train_x)} training "
        f"and {len(test_x)} test samples, {args.epochs} epochs of {steps} "
        f"steps, batch {batch} x {world} process(es), {device}")
    history, step, start = [], 0, time.time()
    for epoch in range(args.epochs):
        if sampler is not None:
            sampler.set_epoch(epoch)
        net.train()
        loss_sum = error_sum = 0.0
        batches = iter(loader)
        for _ in range(steps):
            xb, yb = next(batches)
            xb, yb = xb.to(device), yb.to(device)
            logits = net(xb)
            loss = loss_fn(logits, yb)
            if not torch.isfinite(loss):
                log(f"training diverged at step {step + 1} (the loss is "
                    f"{loss.item()}): the learning rate is probably too high")
                return 4
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
            step += 1
            loss_sum += loss.item()
            error_sum += (logits.argmax(1) != yb).float().mean().item()
        if rank == 0:
            train_loss, train_error = evaluate(model, train_x, train_y, device)
            test_loss, test_error = evaluate(model, test_x, test_y, device)
            history.append((epoch + 1, step, loss_sum / steps,
                            error_sum / steps, train_loss, train_error,
                            test_loss, test_error, time.time() - start))
            log(f"epoch {epoch + 1}/{args.epochs}, step {step}: train loss "
                f"{train_loss:.4f}, error {train_error:.4f}; test loss "
                f"{test_loss:.4f}, error {test_error:.4f} "
                f"({time.time() - start:.1f} s)")

    if rank == 0:
        if history and args.history:
            with open(args.history, "w", newline="") as f:
                out = csv.writer(f)
                out.writerow(["epoch", "step", "batch_loss", "batch_error",
                              "train_loss", "train_error", "test_loss",
                              "test_error", "seconds"])
                out.writerows(history)
        if args.epochs > 0 and args.save:
            if args.save.endswith(".npz"):
                save_weights(model, args.save)
            else:
                torch.save(model.state_dict(), args.save)
            log(f"wrote {args.save}")
        if args.predict:
            write_logits(args.predict, predict(model, test_x, device), test_y)
            log(f"wrote {args.predict}")
    if args.distributed:
        dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
)py";

}  // namespace core::torch_text
