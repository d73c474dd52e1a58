#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR for SECONDS seconds each, starting from its seed corpus,
# and prints the executions per target. A crash leaves crash-* files in the work folder and
# makes this script fail. Usage: tests/fuzz/run_fuzzers.sh BUILD_DIR [SECONDS]
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:?usage: run_fuzzers.sh BUILD_DIR [SECONDS]}" && pwd)"
seconds="${2:-60}"
work="${FUZZ_WORK_DIR:-$build/fuzz-work}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
status=0
for bin in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  name=$(basename "$bin"); target=${name#fuzz_}
  corpus="$work/corpus-$target"
  mkdir -p "$corpus"
  cp -n "$here/corpus/$target"/* "$corpus/" 2>/dev/null || true
  log="$work/$name.log"
  (cd "$work" && "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/$name-" "$corpus" > "$log" 2>&1)
  rc=$?
  execs=$(grep -m1 "stat::number_of_executed_units" "$log" | awk '{print $2}')
  if [ $rc -ne 0 ]; then
    echo "FUZZ $name: FAILED after ${execs:-?} executions (see $log)"; tail -30 "$log"; status=1
  else
    echo "FUZZ $name: ${execs:-?} executions in ${seconds} s, no crash"
  fi
done
exit $status
