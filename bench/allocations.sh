#!/usr/bin/env bash
# Bytes allocated and server CPU per request at steady state, for builds side by side and against the storage limit
# (../shared/bench/baseline --store sqlite): allocations do not move with the machine's speed (throughput on the 2-core
# bench machine swings up to 2x within minutes), and CPU per request is only comparable once the JIT is done.
# A fresh Provisio needs about 60,000 lookups before its CPU per lookup settles (0.53 -> 0.36 -> 0.20 -> 0.18 ms over
# four runs of 20,000): tiered compilation promotes hot methods late while new ones keep appearing. The limit, a few
# hundred lines, settles within 20,000. So each workload is warmed with WARMUP requests before it is measured.
# Per system and round: fresh server on an empty SQLite database -> seed N users (sync, C=8) -> per workload WARMUP
# untimed requests, then OPS requests while dotnet-counters sums System.Runtime's dotnet.gc.heap.total_allocated.
# usage: bench/allocations.sh SYSTEM [SYSTEM...]   SYSTEM: a provisio.dll, or "limit"; systems interleave per round
# env: SCRATCH (default /tmp/bench), N (10000), OPS (20000), WARMUP (60000), ROUNDS (2), WORKLOADS ("lookup patch"),
#      DURATION (seconds the counters are read per run, 45: longer than a run of OPS requests)
set -u
[ $# -ge 1 ] || { sed -n 2,12p "$0"; exit 2; }
N=${N:-10000}; OPS=${OPS:-20000}; WARMUP=${WARMUP:-60000}; ROUNDS=${ROUNDS:-2}; WORKLOADS=${WORKLOADS:-lookup patch}
SCRATCH=${SCRATCH:-/tmp/bench}; mkdir -p "$SCRATCH"
. "$(dirname "$0")/shared-tools.sh" loadgen baseline
COUNTERS=$SCRATCH/tools/dotnet-counters
[ -x "$COUNTERS" ] || dotnet tool install dotnet-counters --tool-path "$SCRATCH/tools" >/dev/null || exit 1
BASE=; TOKEN=; PID=

start() { # system dir -> sets BASE TOKEN PID
  if [ "$1" = limit ]; then
    dotnet "$LIMIT" --port 7131 --store sqlite --token T --db "$2/limit.db" >"$2/log" 2>&1 & PID=$!
    BASE=http://127.0.0.1:7131/scim/v2
  else
    ( cd "$2" && export Provisio__RateLimits__Enabled=false && exec dotnet "$1" --urls http://127.0.0.1:7130 >"$2/log" 2>&1 ) & PID=$!
    BASE=http://127.0.0.1:7130/scim/v2/default
  fi
  # Any answer will do: the limit serves no discovery and answers 401 before it routes.
  for _ in $(seq 1 120); do curl -s "$BASE/ServiceProviderConfig" -o /dev/null 2>/dev/null && break; sleep 0.25; done
  if [ "$1" = limit ]; then TOKEN=T; else TOKEN=$(grep -oE 'scim_[A-Za-z0-9_-]{20,}' "$2/log" | head -1); fi
}

measure() { # system workload token pid -> one line
  local csv; csv=$(mktemp "$SCRATCH/alloc.XXXX.csv"); rm -f "$csv"
  # Longer than the run; the run's requests are all that is allocated in between, apart from an idle server's trickle.
  "$COUNTERS" collect -p "$4" --counters "System.Runtime[dotnet.gc.heap.total_allocated]" --refresh-interval 1 \
    --format csv -o "$csv" --duration "00:00:${DURATION:-45}" >/dev/null 2>&1 & local collector=$!
  sleep 3
  local summary; summary=$($LOADGEN --base "$BASE" --token "$3" --pid "$4" -c 8 --n "$N" --workload "$2" --ops "$OPS" 2>&1 | grep "^# $2:")
  wait "$collector"
  python3 - "$csv" "$OPS" "$1" "$2" "$summary" <<'PY'
import csv, re, sys
path, ops, system, workload, summary = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
allocated = sum(float(row[-1]) for row in csv.reader(open(path)) if len(row) >= 5 and "allocated" in row[2])
field = lambda name: float(re.search(name + r"=([0-9.]+)", summary).group(1))
print(f"{workload:7} {allocated / ops:9.0f} B/op  {field('server_cpu_s') * 1000 / ops:6.3f} CPU ms/op  "
      f"{field('ops_per_s'):8.0f} ops/s  p99 {field('p99_ms'):6.2f} ms  {system}")
PY
  rm -f "$csv"
}

RESULTS=$SCRATCH/allocations-$(date +%Y%m%d-%H%M%S).txt
for round in $(seq 1 "$ROUNDS"); do
  for system in "$@"; do
    dir=$(mktemp -d "$SCRATCH/alloc-run.XXXX")
    start "$system" "$dir"
    $LOADGEN --base "$BASE" --token "$TOKEN" -c 8 --n "$N" --workload sync >/dev/null 2>&1
    for workload in $WORKLOADS; do
      $LOADGEN --base "$BASE" --token "$TOKEN" -c 8 --n "$N" --workload "$workload" --ops "$WARMUP" >/dev/null 2>&1
      echo "round $round  $(measure "$system" "$workload" "$TOKEN" "$PID")" | tee -a "$RESULTS"
    done
    kill "$PID"; wait "$PID" 2>/dev/null
    rm -rf "$dir"
  done
done
# Against the limit of the same round: the machine's speed moves between rounds, much less within one.
python3 - "$RESULTS" <<'PY'
import sys
rows = [l.split() for l in open(sys.argv[1])]
limit = {(r[1], r[2]): r for r in rows if r[-1] == "limit"}
for r in rows:
    if r[-1] != "limit" and (r[1], r[2]) in limit:
        l = limit[(r[1], r[2])]
        print(f"round {r[1]}  {r[2]:7} {float(r[8]) / float(l[8]):5.2f}x the limit's ops/s, "
              f"{float(r[5]) / float(l[5]):4.1f}x its CPU, {float(r[3]) / float(l[3]):4.1f}x its bytes per request  {r[-1]}")
PY
echo "results: $RESULTS"
