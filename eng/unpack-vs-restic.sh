#!/usr/bin/env bash
# Times `aios data unpack` against `restic restore` of the same ~500 MB mixed folder (text, random, mostly-zero,
# float32 tensors, many small files), warm page cache, several runs each; prints a markdown table.
#
# Usage: eng/unpack-vs-restic.sh [WORKDIR] [RUNS]
#   AIOS_DLL           the aios.dll to time (default: a Release build of samples/Aios.Cli into WORKDIR/aios)
#   AIOS_BASELINE_DLL  optional second aios.dll (e.g. a build of main) timed as the "before" row
# Needs: dotnet, python3, restic (apt-get install -y restic). restic's repository is local and offline.
set -euo pipefail
work=${1:-/tmp/aios-unpack-bench}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$work"
if [ -z "${AIOS_DLL:-}" ]; then
  dotnet build -c Release "$root/samples/Aios.Cli" -o "$work/aios" >/dev/null
  AIOS_DLL=$work/aios/aios.dll
fi

data=$work/data
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data"; mkdir -p "$data"
  python3 - "$data" <<'EOF'
import array, os, random, sys
root = sys.argv[1]; rng = random.Random(42)
words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 10))) for _ in range(5000)]
def text(n): 
    s = " ".join(rng.choices(words, k=n // 5)).encode()
    return (s * (n // len(s) + 1))[:n] if len(s) < n else s[:n]
os.makedirs(f"{root}/text"); os.makedirs(f"{root}/random"); os.makedirs(f"{root}/sparse"); os.makedirs(f"{root}/tensors")
for i in range(40): open(f"{root}/text/shard-{i:02}.txt", "wb").write(text(3_000_000))
for i in range(20): open(f"{root}/random/blob-{i:02}.bin", "wb").write(os.urandom(5_000_000))
for i in range(10):
    b = bytearray(10_000_000)
    for j in range(0, len(b), 1_000_000): b[j:j + 50_000] = os.urandom(50_000)
    open(f"{root}/sparse/mostly-zero-{i:02}.bin", "wb").write(b)
for i in range(8):
    a = array.array("f", (rng.gauss(0, 0.02) for _ in range(3_125_000)))
    open(f"{root}/tensors/layer-{i:02}.f32", "wb").write(a.tobytes())
for d in range(20):
    os.makedirs(f"{root}/small/{d:02}")
    for i in range(100):
        open(f"{root}/small/{d:02}/item-{i:03}", "wb").write(text(40_000) if i % 2 else os.urandom(40_000))
EOF
  touch "$data/.complete"
fi
size=$(du -sb --exclude=.complete "$data" | cut -f1)
files=$(find "$data" -type f ! -name .complete | wc -l)

export RESTIC_PASSWORD=bench RESTIC_CACHE_DIR=$work/restic-cache
if [ ! -d "$work/restic-repo" ]; then
  restic init --repo "$work/restic-repo" >/dev/null
  restic backup --repo "$work/restic-repo" --quiet "$data" >/dev/null
fi
if [ ! -f "$work/manifest" ]; then
  dotnet "$AIOS_DLL" data pack "$data" --store "$work/store" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["manifest"])' > "$work/manifest"
fi
manifest=$(cat "$work/manifest")

# time_runs LABEL COMMAND...: one warm-up, then $runs timed runs into a fresh output folder each.
time_runs() {
  local label=$1; shift
  local times=()
  for i in $(seq 0 "$runs"); do
    rm -rf "$work/out"
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    [ "$i" -gt 0 ] && times+=("$(echo "$end - $start" | bc)")
  done
  printf '%s\n' "${times[@]}" | python3 -c "
import statistics, sys
t = [float(x) for x in sys.stdin]
print(f'| $label | {statistics.mean(t):.2f} | {min(t):.2f} | {max(t):.2f} | {statistics.stdev(t) if len(t) > 1 else 0:.2f} |')"
}

echo "Data: $files files, $((size / 1000000)) MB; $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)); runs: $runs (+1 warm-up)"
echo
echo "| command | mean s | min s | max s | stdev s |"
echo "|---|---|---|---|---|"
if [ -n "${AIOS_BASELINE_DLL:-}" ]; then
  time_runs "aios data unpack (baseline)" dotnet "$AIOS_BASELINE_DLL" data unpack "$manifest" --store "$work/store" --output "$work/out"
fi
time_runs "aios data unpack" dotnet "$AIOS_DLL" data unpack "$manifest" --store "$work/store" --output "$work/out"
time_runs "restic restore" restic restore latest --repo "$work/restic-repo" --target "$work/out" --quiet
diff -r "$data" "$work/out$data" >/dev/null 2>&1 && echo && echo "restic's restore matches the source." || true
