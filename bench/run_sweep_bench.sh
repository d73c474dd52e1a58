#!/usr/bin/env bash
# The default depth sweep (one seed), ResNet Lab on both cores against the PyTorch reference
# (bench/sweep_reference.py) on one thread, on the same machine in one run. Prints both wall
# times and the ratio ResNet Lab / PyTorch (the aim: at most 0.5).
# Usage: bench/run_sweep_bench.sh [path/to/resnetlab-cli] [repeats]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cli="${1:-$here/../build/app/resnetlab-cli}"
repeats="${2:-3}"
[ -x "$cli" ] || { echo "no resnetlab-cli at $cli (build first: scripts/setup.sh)" >&2; exit 2; }
core=Haswell
grep -q avx512f /proc/cpuinfo && core=SkylakeX
torch_env=(env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_CORETYPE=$core)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

best() { sort -n | head -1; }
ours=(); theirs=()
for ((i = 0; i < repeats; i++)); do
  s=$(date +%s.%N); "$cli" sweep --seeds 0 --quiet --out "$out" > "$out/ours.txt" 2>/dev/null; e=$(date +%s.%N)
  ours+=("$(echo "$e - $s" | bc -l)")
  s=$(date +%s.%N); "${torch_env[@]}" /usr/bin/python3 "$here/sweep_reference.py" --seeds 0 --threads 1 > "$out/torch.txt"; e=$(date +%s.%N)
  theirs+=("$(echo "$e - $s" | bc -l)")
done
a=$(printf '%s\n' "${ours[@]}" | best)
b=$(printf '%s\n' "${theirs[@]}" | best)
echo "default sweep, one seed (best of $repeats):"
printf '  ResNet Lab, 2 jobs:       %6.2f s\n' "$a"
printf '  PyTorch, 1 thread:        %6.2f s\n' "$b"
printf '  ratio ResNet Lab/PyTorch: %6.3f\n' "$(echo "$a / $b" | bc -l)"
echo "final training errors, ResNet Lab:"; grep -E "^(plain|residual)" "$out/ours.txt" | awk '{print "  " $1, $2, $4}'
echo "final training errors, PyTorch:"; grep family "$out/torch.txt" | sed 's/^/  /'
