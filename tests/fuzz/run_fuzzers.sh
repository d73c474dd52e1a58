#!/usr/bin/env bash
# Runs every fuzz target in BUILD_DIR, starting from its seed corpus, and prints the executions
# per target. A crash leaves crash-* files in the work folder and makes this script fail.
#   tests/fuzz/run_fuzzers.sh BUILD_DIR            a fixed budget: FUZZ_RUNS inputs (default
#                                                  100000) from seed FUZZ_SEED (default 1), so a
#                                                  run that passes here passes on any machine
#   tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS    explore: SECONDS each from a random seed
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
build="$(cd "${1:?usage: run_fuzzers.sh BUILD_DIR [SECONDS]}" && pwd)"
seconds="${2:-}"
if [ -n "$seconds" ]; then
  budget=(-max_total_time="$seconds")
  what="in ${seconds} s"
else
  # The time cap only guards against a pathologically slow machine.
  budget=(-runs="${FUZZ_RUNS:-100000}" -seed="${FUZZ_SEED:-1}" -max_total_time=300)
  what="from seed ${FUZZ_SEED:-1}"
fi
work="${FUZZ_WORK_DIR:-$build/fuzz-work}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
status=0
for bin in "$build"/tests/fuzz/fuzz_*; do
  [ -f "$bin" ] && [ -x "$bin" ] || continue
  name=$(basename "$bin"); target=${name#fuzz_}
  corpus="$work/corpus-$target"
  mkdir -p "$corpus"
  cp -n "$here/corpus/$target"/* "$corpus/" 2>/dev/null || true
  log="$work/$name.log"
  (cd "$work" && "$bin" "${budget[@]}" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
      -artifact_prefix="$work/$name-" "$corpus" > "$log" 2>&1)
  rc=$?
  execs=$(grep -m1 "stat::number_of_executed_units" "$log" | awk '{print $2}')
  if [ $rc -ne 0 ]; then
    echo "FUZZ $name: FAILED after ${execs:-?} executions (see $log)"; tail -30 "$log"; status=1
  else
    echo "FUZZ $name: ${execs:-?} executions $what, no crash"
  fi
done
exit $status
