#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan (in build-asan, beside the sanitized
# test suite: scripts/asan_build.sh), replays the regression inputs that once crashed a reader,
# then fuzzes each target from its seed corpus. Prints the executions per target; any crash fails
# the run.
#   scripts/fuzz.sh            a fixed, reproducible budget (100,000 inputs per target from seed 1;
#                              FUZZ_RUNS and FUZZ_SEED change it; CI runs 30,000)
#   scripts/fuzz.sh SECONDS    explore for SECONDS per target from a random seed
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-}"
. scripts/asan_build.sh
# The sanitizer build's fuzz targets (scripts/asan_build.sh); after scripts/sanitize.sh asan they
# are already built.
configure_asan_build
targets=$(cd tests/fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//')
cmake --build "$asan_build" -j "$(nproc 2>/dev/null || echo 2)" --target $targets
for dir in tests/fuzz/regressions/*/; do
  target=$(basename "$dir")
  echo "== replaying $(ls "$dir" | wc -l) regression input(s) for fuzz_$target"
  "$asan_build"/tests/fuzz/fuzz_"$target" "$dir"* > /dev/null 2>&1 || { echo "regression input for $target crashes again"; exit 1; }
done
rm -rf "$asan_build"/fuzz-work
tests/fuzz/run_fuzzers.sh "$asan_build" ${seconds:+"$seconds"}
