#!/usr/bin/env python3
"""Writes a synthetic data set in the CIFAR-10 binary format, to measure memory and speed on
CIFAR-sized data without the real set: data_batch_1.bin .. data_batch_5.bin (10,000 images
each) and test_batch.bin (10,000), every record 1 label byte (0..9) + 3 x 32 x 32 pixel bytes,
channel-major, exactly as in Krizhevsky's files. The images are class-dependent colour
gradients plus noise, so a network can learn something from them; their content does not
matter for memory or time. Deterministic for a given --seed.

Usage: bench/make_synthetic_cifar10.py DIR [--per-batch N] [--seed S]
Then:  resnetlab-cli train resnet56 --data cifar10:DIR --batch 128
"""
import argparse
import os
import sys

import numpy as np

SIDE = 32
CLASSES = 10


def batch(count, rng):
    labels = rng.integers(0, CLASSES, size=count, dtype=np.uint8)
    ramp = np.linspace(0.0, 1.0, SIDE, dtype=np.float32)
    # Class c: channel k brightens down the rows or across the columns (by the parity of
    # c + k), fully or half (by bit k of c).
    images = np.empty((count, 3, SIDE, SIDE), dtype=np.float32)
    for c in range(CLASSES):
        chosen = labels == c
        for k in range(3):
            pattern = ramp[:, None] if (c + k) % 2 else ramp[None, :]
            bright = 1.0 if (c >> k) & 1 else 0.5
            images[chosen, k] = 255.0 * (0.2 + 0.6 * bright * pattern)
    images += rng.normal(0.0, 24.0, size=images.shape).astype(np.float32)
    pixels = np.clip(images, 0.0, 255.0).astype(np.uint8).reshape(count, 3 * SIDE * SIDE)
    records = np.empty((count, 1 + 3 * SIDE * SIDE), dtype=np.uint8)
    records[:, 0] = labels
    records[:, 1:] = pixels
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir")
    parser.add_argument("--per-batch", type=int, default=10000, help="images per file (default 10000)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if args.per_batch < 1:
        sys.exit("--per-batch must be at least 1")
    os.makedirs(args.dir, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    names = [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]
    for name in names:
        path = os.path.join(args.dir, name)
        batch(args.per_batch, rng).tofile(path)
        print(f"{path}: {args.per_batch} images")


if __name__ == "__main__":
    main()
