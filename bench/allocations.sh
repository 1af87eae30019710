#!/usr/bin/env bash
# Bytes allocated and server CPU per request, for builds side by side: a measure that does not move with the
# machine's speed (throughput on the 2-core bench machine swings up to 2x within minutes; allocations do not).
# Per build and round: fresh server on an empty SQLite database -> seed N users (sync, C=8) -> per workload an untimed
# warm-up run, then a run of OPS requests while dotnet-counters sums System.Runtime's dotnet.gc.heap.total_allocated.
# usage: bench/allocations.sh PROVISIO_DLL [PROVISIO_DLL...]     e.g. a build before and after a change, interleaved
# env: SCRATCH (default /tmp/bench), N (10000), OPS (20000), ROUNDS (2), WORKLOADS ("lookup patch"),
#      DURATION (seconds the counters are read per run, 45: longer than a run of OPS requests)
set -u
[ $# -ge 1 ] || { sed -n 2,8p "$0"; exit 2; }
N=${N:-10000}; OPS=${OPS:-20000}; ROUNDS=${ROUNDS:-2}; WORKLOADS=${WORKLOADS:-lookup patch}
SCRATCH=${SCRATCH:-/tmp/bench}; mkdir -p "$SCRATCH"
SHARED=$(cd "$(dirname "$0")/../../shared/bench" && pwd)
dotnet build "$SHARED/loadgen" -c Release --artifacts-path "$SCRATCH/artifacts" >"$SCRATCH/build-loadgen.log" 2>&1 \
  || { tail -5 "$SCRATCH/build-loadgen.log"; exit 1; }
COUNTERS=$SCRATCH/tools/dotnet-counters
[ -x "$COUNTERS" ] || dotnet tool install dotnet-counters --tool-path "$SCRATCH/tools" >/dev/null || exit 1
LOADGEN="dotnet $SCRATCH/artifacts/bin/LoadGen/release/scim-loadgen.dll"
BASE=http://127.0.0.1:7130/scim/v2/default

measure() { # dll workload token pid -> one line
  local csv; csv=$(mktemp "$SCRATCH/alloc.XXXX.csv"); rm -f "$csv"
  # Longer than the run; the run's requests are all that is allocated in between, apart from an idle server's trickle.
  "$COUNTERS" collect -p "$4" --counters "System.Runtime[dotnet.gc.heap.total_allocated]" --refresh-interval 1 \
    --format csv -o "$csv" --duration "00:00:${DURATION:-45}" >/dev/null 2>&1 & local collector=$!
  sleep 3
  local summary; summary=$($LOADGEN --base "$BASE" --token "$3" --pid "$4" -c 8 --n "$N" --workload "$2" --ops "$OPS" 2>&1 | grep "^# $2:")
  wait "$collector"
  python3 - "$csv" "$OPS" "$1" "$2" "$summary" <<'PY'
import csv, re, sys
path, ops, dll, workload, summary = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
allocated = sum(float(row[-1]) for row in csv.reader(open(path)) if len(row) >= 5 and "allocated" in row[2])
field = lambda name: float(re.search(name + r"=([0-9.]+)", summary).group(1))
print(f"{workload:7} {allocated / ops:9.0f} B/op  {field('server_cpu_s') * 1000 / ops:6.3f} CPU ms/op  "
      f"{field('ops_per_s'):8.0f} ops/s  p99 {field('p99_ms'):6.2f} ms  {dll}")
PY
  rm -f "$csv"
}

for round in $(seq 1 "$ROUNDS"); do
  for dll in "$@"; do
    dir=$(mktemp -d "$SCRATCH/alloc-run.XXXX")
    ( cd "$dir" && export Provisio__RateLimits__Enabled=false && exec dotnet "$dll" --urls http://127.0.0.1:7130 >"$dir/log" 2>&1 ) & pid=$!
    for _ in $(seq 1 120); do curl -fs "$BASE/ServiceProviderConfig" -o /dev/null 2>/dev/null && break; sleep 0.25; done
    token=$(grep -oE 'scim_[A-Za-z0-9_-]{20,}' "$dir/log" | head -1)
    $LOADGEN --base "$BASE" --token "$token" -c 8 --n "$N" --workload sync >/dev/null 2>&1
    for workload in $WORKLOADS; do
      $LOADGEN --base "$BASE" --token "$token" -c 8 --n "$N" --workload "$workload" --ops "$OPS" >/dev/null 2>&1
      echo "round $round  $(measure "$dll" "$workload" "$token" "$pid")"
    done
    kill "$pid"; wait "$pid" 2>/dev/null
    rm -rf "$dir"
  done
done
