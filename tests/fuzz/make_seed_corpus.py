#!/usr/bin/env python3
"""Writes the fuzzers' seed corpora (small valid files) into tests/fuzz/corpus/<target>/.
Run once after changing a file format:  python3 tests/fuzz/make_seed_corpus.py build/app/resnetlab-cli
"""
import gzip
import os
import struct
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
cli = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../build/app/resnetlab-cli")


def out(target, name, data):
    d = os.path.join(here, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def idx_images(n, rows, cols):
    return struct.pack(">IIII", 0x803, n, rows, cols) + bytes((i * 37) % 256 for i in range(n * rows * cols))


def idx_labels(n):
    return struct.pack(">II", 0x801, n) + bytes(i % 10 for i in range(n))


out("idx", "images", idx_images(3, 4, 4))
out("idx", "labels", idx_labels(5))
out("idx_gz", "images.gz", gzip.compress(idx_images(3, 4, 4), mtime=0))
out("idx_gz", "labels.gz", gzip.compress(idx_labels(5), mtime=0))
out("cifar10", "batch.bin", b"".join(bytes([k]) + bytes((k * 7 + i) % 256 for i in range(3072)) for k in range(2)))
out("csv", "header.csv", b"x,y,label\n0.1,2.5,0\n-1,3e-2,1\n4,5,1\n7,8,0\n")
out("csv", "plain.csv", b"1,2,3,0\n4,5,6,1\n7,8,9,2\n1,1,1,0\n")
for preset in ("spiral-residual-8", "resnet20", "bottleneck-example"):
    spec = subprocess.run([cli, "preset", preset], check=True, capture_output=True).stdout
    out("spec_json", preset + ".json", spec)
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([cli, "train", "spiral-residual-4", "--epochs", "1", "--size", "100", "--quiet", "--out", tmp],
                   check=True, capture_output=True)
    with open(os.path.join(tmp, "weights.rnlw"), "rb") as f:
        out("weights_file", "spiral-residual-4.rnlw", f.read())
with tempfile.TemporaryDirectory() as tmp:
    bundle = os.path.join(tmp, "b.json")
    subprocess.run([cli, "lesion", "--depth", "4", "--epochs", "1", "--size", "60", "--draws", "1", "--quiet",
                    "--out", tmp, "--save-bundle", bundle], check=True, capture_output=True)
    with open(bundle, "rb") as f:
        out("run_bundle", "lesion-depth4.json", f.read())
for name in sorted(os.listdir(os.path.join(here, "../../resources/lessons"))):
    if name.endswith(".json"):
        with open(os.path.join(here, "../../resources/lessons", name), "rb") as f:
            out("lesson", name, f.read())
print("corpus written to", os.path.join(here, "corpus"))
