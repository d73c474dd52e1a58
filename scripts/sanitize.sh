#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer + UndefinedBehaviorSanitizer (every test but the
# PyTorch comparison, which spends its time in Python), and the tests that involve threads
# (training worker and controller, depth sweep, twin runs, the landscape's and the shattered
# gradients' thread pools) under ThreadSanitizer. Any report
# fails the run. Expects scripts/setup.sh to have installed the packages.
# Usage: scripts/sanitize.sh [asan|tsan|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
jobs=$(nproc 2>/dev/null || echo 2)
export QT_QPA_PLATFORM=offscreen
. scripts/asan_build.sh

if [ "$what" = asan ] || [ "$what" = all ]; then
  echo "== ASan + UBSan build ($(date +%T))"
  configure_asan_build
  cmake --build "$asan_build" -j "$jobs"
  echo "== ASan + UBSan tests ($(date +%T))"
  # Qt's own libraries are not instrumented; leak checks on them would report Qt's caches.
  ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$asan_build" --output-on-failure -j "$jobs" -LE torch
fi

if [ "$what" = tsan ] || [ "$what" = all ]; then
  echo "== TSan build, threaded tests ($(date +%T))"
  # Without OpenMP: libgomp is not instrumented and would report false races.
  cmake -S . -B build-tsan "${sanitizer_cmake_args[@]}" -DRESNETLAB_SANITIZE=thread -DRESNETLAB_OPENMP=OFF > /dev/null
  threaded="test_depth_sweep test_job_runner test_lesion_study test_loss_landscape test_shattered_gradients test_task_pool test_training_controller test_training_workspace test_views_depth test_worker_faults"
  cmake --build build-tsan -j "$jobs" --target $threaded
  regex=$(echo $threaded | tr ' ' '|')
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tests/tsan.supp" \
    ctest --test-dir build-tsan --output-on-failure -j "$jobs" -R "\\.($regex)\$"
fi
