#!/usr/bin/env bash
# bench/run_step_bench.sh: ResNet Lab against PyTorch, one training step per configuration,
# on this machine in one run. For each configuration it runs resnetlab-bench, then
# bench/torch_reference.py (interleaved, so a drift in machine load hits both alike), and prints
# a table of median ms and the ratio ResNet Lab / PyTorch (< 1: ResNet Lab is faster).
# PyTorch gets its fastest set-up: OpenBLAS (pthread) with the kernels for this CPU
# (OPENBLAS_CORETYPE=SkylakeX with AVX-512, Haswell without), convolutions by oneDNN.
#
# Usage: bench/run_step_bench.sh [--bin PATH] [--threads 1,2] [--min-time-mlp S]
#                                [--min-time-conv S] [--repeat N] [--json FILE] [--force-threads]
#                                [CONFIG[,CONFIG...]]
#   --bin     the resnetlab-bench binary (default: build/bench/, then build-bench/bench/)
#   --repeat  run every pair N times (interleaved) and keep each engine's lowest median: on a
#             shared machine other jobs only ever add time, so the least disturbed run is the
#             best estimate of both (default 1)
#   --json    also keep the raw JSON lines of both engines in FILE
#   --force-threads  every product of ResNet Lab uses all the threads; by default it uses them
#             as training does, one thread for networks whose products are too small to pay
#             for a second (the MLPs): the table then says "(1 used)"
# Needs python3-torch, python3-numpy and libopenblas0-pthread.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$here")
bin=""
threads="1,2"
min_mlp=3
min_conv=8
json_out=""
repeat=1
configs=""
force=()
while [ $# -gt 0 ]; do
    case "$1" in
        --bin) bin=$2; shift 2 ;;
        --threads) threads=$2; shift 2 ;;
        --min-time-mlp) min_mlp=$2; shift 2 ;;
        --min-time-conv) min_conv=$2; shift 2 ;;
        --json) json_out=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        --force-threads) force=(--force-threads); shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
        -*) echo "unknown option $1" >&2; exit 2 ;;
        *) configs=$1; shift ;;
    esac
done

if [ -z "$bin" ]; then
    for candidate in "$root/build/bench/resnetlab-bench" "$root/build-bench/bench/resnetlab-bench"; do
        if [ -x "$candidate" ]; then bin=$candidate; break; fi
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
    echo "resnetlab-bench not found; build it (cmake ... -DRESNETLAB_BUILD_BENCH=ON && ninja resnetlab-bench)" \
         "or pass --bin PATH" >&2
    exit 1
fi

python=/usr/bin/python3
openblas_dir=/usr/lib/x86_64-linux-gnu/openblas-pthread
if [ ! -e "$openblas_dir/libblas.so.3" ]; then
    echo "OpenBLAS not found in $openblas_dir (apt-get install libopenblas0-pthread):" \
         "PyTorch would run on the reference BLAS and the comparison would mean nothing" >&2
    exit 1
fi
if grep -qw avx512f /proc/cpuinfo; then coretype=SkylakeX; else coretype=Haswell; fi

if [ -z "$configs" ]; then
    configs=$("$bin" --list | paste -sd, -)
fi

raw=$(mktemp)
trap 'rm -f "$raw"' EXIT

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
simd=$(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx2|fma|avx512f|avx512bw|avx512vl|avx512_bf16|amx_tile)$' \
       | paste -sd' ' -)
echo "# date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# cpu: $cpu ($(nproc) CPUs; $simd)"
echo "# resnetlab-bench: $bin"
echo "# torch: LD_LIBRARY_PATH=$openblas_dir OPENBLAS_CORETYPE=$coretype $python bench/torch_reference.py"
echo "# loadavg before: $(cat /proc/loadavg)"

echo "# repeat: $repeat (each engine's lowest median over the repeats)"
IFS=, read -r -a names <<< "$configs"
for ((rep = 1; rep <= repeat; ++rep)); do
    for name in "${names[@]}"; do
        "$bin" "${force[@]}" --threads "$threads" --min-time-mlp "$min_mlp" --min-time-conv "$min_conv" "$name" >> "$raw"
        LD_LIBRARY_PATH="$openblas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" OPENBLAS_CORETYPE=$coretype \
            "$python" "$here/torch_reference.py" --threads "$threads" \
            --min-time-mlp "$min_mlp" --min-time-conv "$min_conv" "$name" >> "$raw"
        echo "# done: $name (run $rep of $repeat)" >&2
    done
done
echo "# loadavg after: $(cat /proc/loadavg)"
grep -h '^# \(resnetlab-bench\|torch\) ' "$raw" | sort -u
if [ -n "$json_out" ]; then grep '^{' "$raw" > "$json_out"; fi

"$python" - "$raw" <<'EOF'
import json, sys
rows, cpu = {}, {}
for line in open(sys.argv[1]):
    if line.startswith("{"):
        r = json.loads(line)
        key = (r["config"], r["threads"], r.get("engine", "torch"))
        if key not in rows or r["median_ms"] < rows[key]["median_ms"]:
            rows[key] = r
        cpu[key] = min(cpu.get(key, float("inf")), r["median_cpu_ms"])
keys = sorted({(c, t) for c, t, _ in rows}, key=lambda k: (k[0], k[1]))
print()
print("Wall: median ms per step (p10); CPU: median process CPU ms per step (all threads).")
print()
print("| config | threads | MFLOP/step | ResNet Lab ms (p10) | PyTorch ms (p10) | ratio RL/PT |"
      " CPU ms RL / PT | ResNet Lab GFLOP/s | PyTorch GFLOP/s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
notes = []
for c, t in keys:
    a, b = rows.get((c, t, "resnetlab")), rows.get((c, t, "torch"))
    ms = lambda r: f"{r['median_ms']:.2f} ({r['p10_ms']:.2f})" if r else "-"
    gf = lambda r: f"{r['gflops']:.1f}" if r else "-"
    cp = lambda e: f"{cpu[(c, t, e)]:.2f}" if (c, t, e) in cpu else "-"
    ratio = f"{a['median_ms'] / b['median_ms']:.2f}" if a and b else "-"
    mflop = (a or b)["mflop_per_step"]
    used = f" ({a['threads_used']} used)" if a and a.get("threads_used", t) != t else ""
    print(f"| {c} | {t}{used} | {mflop:.1f} | {ms(a)} | {ms(b)} | {ratio} | {cp('resnetlab')} / {cp('torch')} |"
          f" {gf(a)} | {gf(b)} |")
    if a and b:
        if a["params"] != b["params"] or abs(a["mflop_per_step"] - b["mflop_per_step"]) > 0.1:
            notes.append(f"{c}: networks differ (params {a['params']} vs {b['params']}, "
                         f"MFLOP {a['mflop_per_step']} vs {b['mflop_per_step']})")
        for r in (a, b):
            if r.get("loss_end") is None:
                notes.append(f"{c}, {t} thread(s), {r['engine']}: the loss is not finite")
for n in notes:
    print("note:", n)
EOF
