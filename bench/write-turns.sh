#!/usr/bin/env bash
# How long SQLite writes hold this process's write gate, per build: throughput and p99 alone move up to a tenth from one
# fresh server to the next on the 2-core bench machine, while the gate's turns show where a write's time went (a turn
# of 10 ms or more is the writer's own checkpoint at SqliteCheckpointer.BackstopPages, docs/performance.md, 21st step).
# Per build and round: fresh server with Prometheus metrics on an empty database -> sync N users (C=8) -> the
# WORKLOADS in order, each OPS requests at C=8 -> the provisio.sqlite.write.hold histogram's change over the WORKLOADS,
# in buckets, and the WAL file's length (SQLite never shrinks it: the most the WAL held since the server started).
# usage: bench/write-turns.sh PROVISIO_DLL [PROVISIO_DLL...]   builds interleave per round
# env: SCRATCH (default /tmp/bench), N (10000), OPS (60000), ROUNDS (2), WORKLOADS ("patch groups"),
#      PROVISIO_ENV (extra VAR=value pairs for the server, e.g. to compare settings on one build)
set -u
[ $# -ge 1 ] || { sed -n 2,10p "$0"; exit 2; }
N=${N:-10000}; OPS=${OPS:-60000}; ROUNDS=${ROUNDS:-2}; WORKLOADS=${WORKLOADS:-patch groups}
SCRATCH=${SCRATCH:-/tmp/bench}; mkdir -p "$SCRATCH"
. "$(dirname "$0")/shared-tools.sh" loadgen
ROOT=http://127.0.0.1:7140

# The hold histogram's cumulative buckets, sum and count, one "name value" per line.
turns() { curl -s "$ROOT/metrics" | grep -E '^provisio_sqlite_write_hold_seconds_(bucket|sum|count)' \
  | sed -E 's/\{otel_scope_name="Provisio",?/{/' | sort; }

for round in $(seq 1 "$ROUNDS"); do
  for dll in "$@"; do
    dir=$(mktemp -d "$SCRATCH/turns-run.XXXX")
    ( cd "$dir" && export Provisio__RateLimits__Enabled=false Provisio__Metrics__Prometheus=true ${PROVISIO_ENV:-} \
      && exec dotnet "$dll" --urls "$ROOT" >"$dir/log" 2>&1 ) & pid=$!
    base=$ROOT/scim/v2/default
    for _ in $(seq 1 120); do curl -fs "$base/ServiceProviderConfig" -o /dev/null 2>/dev/null && break; sleep 0.25; done
    token=$(grep -oE 'scim_[A-Za-z0-9_-]{20,}' "$dir/log" | head -1)
    echo "== round $round  $dll ${PROVISIO_ENV:-}"
    $LOADGEN --base "$base" --token "$token" -c 8 --n "$N" --workload sync 2>&1 | grep -oE "^# sync: ops_per_s=[0-9.]+ p50_ms=[0-9.]+ p95_ms=[0-9.]+ p99_ms=[0-9.]+"
    turns >"$dir/before"
    for workload in $WORKLOADS; do
      $LOADGEN --base "$base" --token "$token" -c 8 --n "$N" --workload "$workload" --ops "$OPS" 2>&1 \
        | grep -oE "^# $workload: ops_per_s=[0-9.]+ p50_ms=[0-9.]+ p95_ms=[0-9.]+ p99_ms=[0-9.]+"
    done
    turns >"$dir/after"
    python3 - "$dir/before" "$dir/after" "$dir/data/provisio.db-wal" <<'PY'
import os, re, sys
read = lambda path: dict(line.split() for line in open(path))
before, after = read(sys.argv[1]), read(sys.argv[2])
change = {name: float(after[name]) - float(before.get(name, 0)) for name in after}
bound = lambda name: float(re.search(r'le="([^"]+)"', name).group(1).replace("+Inf", "inf"))
buckets = sorted(((bound(n), v) for n, v in change.items() if "_bucket" in n), key=lambda b: b[0])
count = next(v for n, v in change.items() if "_count" in n)
total = next(v for n, v in change.items() if "_sum" in n)
print(f"  turns {count:.0f}, held {total:.2f} s in all, {1000 * total / max(count, 1):.3f} ms each")
previous, lower = 0.0, 0.0
for le, cumulative in buckets:
    if le == 0.001:
        print(f"  under 1 ms: {cumulative:.0f}")
    elif le > 0.001 and cumulative > previous:
        span = f"over {lower * 1000:g} ms" if le == float("inf") else f"{lower * 1000:g}-{le * 1000:g} ms"
        print(f"  {span}: {cumulative - previous:.0f}")
    previous, lower = cumulative, le
wal = sys.argv[3]
print(f"  WAL file {os.path.getsize(wal) / 1e6:.1f} MB" if os.path.exists(wal) else "  no WAL file")
PY
    kill "$pid"; wait "$pid" 2>/dev/null
    rm -rf "$dir"
  done
done
