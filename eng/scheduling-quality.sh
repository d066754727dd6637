#!/usr/bin/env bash
# Replays a Philly trace under every scheduling policy and prints a Markdown table (mean/p99 JCT, makespan,
# utilization, preemptions, wall time). Usage: eng/scheduling-quality.sh [LIMIT] [extra aios simulate options]
#   eng/scheduling-quality.sh 10000                    the first 10,000 jobs of philly.csv on 16 nodes x 8 GPUs
#   eng/scheduling-quality.sh 0                        the whole trace
set -euo pipefail
cd "$(dirname "$0")/.."
limit=${1:-10000}; shift || true
trace=${AIOS_SHARED_DATA:-../shared/data}/traces/philly/philly.csv
[ -f "$trace" ] || { echo "no $trace: the shared data is needed" >&2; exit 1; }
dotnet build samples/Aios.Cli -c Release -v q -nologo >/dev/null
aios=(dotnet samples/Aios.Cli/bin/Release/net10.0/aios.dll)
limit_args=(); [ "$limit" != 0 ] && limit_args=(--limit "$limit")
echo "| policy | mean JCT (s) | p99 JCT (s) | makespan (s) | utilization | preemptions | completed | wall (s) | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
for run in fifo priority drf las srtf ftf hetero "fifo --backfill" "las --backfill" "srtf --backfill"; do
  out=$(mktemp); tim=$(mktemp)
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$tim" "${aios[@]}" simulate --trace "$trace" --trace-format philly "${limit_args[@]}" \
    --gpus v100=128 --gpus-per-node 8 --policy $run --json "$@" > "$out"
  python3 - "$run" "$out" "$tim" <<'PY'
import json, sys
run, out, tim = sys.argv[1:4]
r = json.load(open(out)); wall, rss = open(tim).read().split()[-2:]
print(f"| {run.replace(' --', ' + ')} | {r['meanJct']:,.0f} | {r['p99Jct']:,.0f} | {r['makespan']:,.0f} | {100*r['utilization']:.1f} % | {r['preemptions']:,} | {r['completed']:,} | {float(wall):.2f} | {int(rss)/1024:.0f} |")
PY
  rm -f "$out" "$tim"
done
