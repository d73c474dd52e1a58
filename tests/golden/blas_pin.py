"""Imported by the golden generators before torch: one thread and one set of BLAS kernels, so
the same summation order, hence the same digits, on every run and every CPU.

OpenBLAS picks its kernels by CPU, and its AVX-512 ones (SkylakeX) sum float64 products in
another order than the AVX2 ones (Haswell, Zen) the files were written with: after the training
cases' steps one momentum buffer moved by 1.5e-12 of its largest value, past --check's 1e-12.
A CPU with AVX2 always uses the AVX2 kernels here, whatever OPENBLAS_CORETYPE said.
"""

import os


def pin():
    """Call before importing torch (OpenBLAS reads its environment when it loads)."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    try:
        with open("/proc/cpuinfo") as f:
            avx2 = " avx2" in f.read()
    except OSError:
        avx2 = False
    if avx2:
        os.environ["OPENBLAS_CORETYPE"] = "Haswell"
