#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan, replays the regression inputs that
# once crashed a reader, then fuzzes each target from its seed corpus. Prints the executions per
# target; any crash fails the run.
#   scripts/fuzz.sh            a fixed, reproducible budget (100,000 inputs per target from seed 1;
#                              FUZZ_RUNS and FUZZ_SEED change it; CI runs 30,000)
#   scripts/fuzz.sh SECONDS    explore for SECONDS per target from a random seed
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-}"
export CCACHE_BASEDIR="$PWD"
export CCACHE_NOHASHDIR=1
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRESNETLAB_FUZZ=ON -DRESNETLAB_SANITIZE=address,undefined -DRESNETLAB_OPENMP=OFF \
  -DRESNETLAB_BUILD_UI=OFF -DRESNETLAB_BUILD_TESTS=OFF -DRESNETLAB_BUILD_BENCH=OFF > /dev/null
cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)"
for dir in tests/fuzz/regressions/*/; do
  target=$(basename "$dir")
  echo "== replaying $(ls "$dir" | wc -l) regression input(s) for fuzz_$target"
  build-fuzz/tests/fuzz/fuzz_"$target" "$dir"* > /dev/null 2>&1 || { echo "regression input for $target crashes again"; exit 1; }
done
rm -rf build-fuzz/fuzz-work
tests/fuzz/run_fuzzers.sh build-fuzz ${seconds:+"$seconds"}
