#!/usr/bin/env bash
# Whose CPU a request costs on this machine: the server's and the load generator's, per request, for the storage limit
# and for Provisio builds. The side-by-side yardstick runs both on the same 2 cores, so once they fill them a system's
# requests per second is about 2 cores / (server CPU + load generator CPU per request): the ratio the yardstick can
# show is bounded by the sum, not by the server alone (docs/performance.md, twenty-second step). The last lines print,
# per workload, the server CPU per request a build would need for 0.7x the limit measured in the same round.
# Per system and round: fresh server on an empty SQLite database -> one load generator: sync N users (C=8), then per
# workload OPS requests at C=8, each process's CPU read from /proc as the load generator reports the workload done.
# usage: bench/cpu-split.sh SYSTEM [SYSTEM...]   SYSTEM: a provisio.dll, or "limit"; systems interleave per round
# env: SCRATCH (default /tmp/bench), N (10000), OPS (40000: requests per lookup or patch workload), ROUNDS (2),
#      WORKLOADS ("lookup patch"; any of the load generator's but sync), TARGET (0.7)
set -u
[ $# -ge 1 ] || { sed -n 2,11p "$0"; exit 2; }
N=${N:-10000}; OPS=${OPS:-40000}; ROUNDS=${ROUNDS:-2}; WORKLOADS=${WORKLOADS:-lookup patch}; TARGET=${TARGET:-0.7}
SCRATCH=${SCRATCH:-/tmp/bench}; mkdir -p "$SCRATCH"
. "$(dirname "$0")/shared-tools.sh" loadgen baseline
ROOT=http://127.0.0.1:7150
RESULTS=$SCRATCH/cpu-split-$(date +%Y%m%d-%H%M%S).txt

trap 'kill ${pid:-} 2>/dev/null' EXIT # a server left behind would answer the next run on its port
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # user + system, in clock ticks of 10 ms

for round in $(seq 1 "$ROUNDS"); do
  for system in "$@"; do
    curl -s -o /dev/null "$ROOT" && { echo "something already listens on $ROOT"; exit 1; }
    dir=$(mktemp -d "$SCRATCH/split-run.XXXX")
    if [ "$system" = limit ]; then
      dotnet "$LIMIT" --port 7150 --store sqlite --token T --db "$dir/limit.db" >"$dir/log" 2>&1 & pid=$!
      base=$ROOT/scim/v2; token=T
      for _ in $(seq 1 120); do curl -fs -H "Authorization: Bearer T" "$base/Users?count=1" -o /dev/null 2>/dev/null && break; sleep 0.25; done
    else
      ( cd "$dir" && export Provisio__RateLimits__Enabled=false && exec dotnet "$system" --urls "$ROOT" >"$dir/log" 2>&1 ) & pid=$!
      base=$ROOT/scim/v2/default
      for _ in $(seq 1 120); do curl -fs "$base/ServiceProviderConfig" -o /dev/null 2>/dev/null && break; sleep 0.25; done
      token=$(grep -oE 'scim_[A-Za-z0-9_-]{20,}' "$dir/log" | head -1)
    fi
    # One load generator for the sync and the workloads, as in the yardstick: its own code is warm by the first
    # workload. Both processes' CPU is read as each workload's summary line appears (printed as it finishes); the
    # load generator's total at its exit, from /usr/bin/time, closes the last workload.
    coproc LG { exec /usr/bin/time -f "loadgen_cpu_s=%U %S" $LOADGEN --base "$base" --token "$token" -c 8 --n "$N" \
      --ops "$OPS" --workload "sync,${WORKLOADS// /,}" 2>&1; }
    exec {output}<&"${LG[0]}" # bash drops the coproc's own descriptors when it exits
    for _ in $(seq 1 100); do lg=$(pgrep -P "$LG_PID") && break; sleep 0.05; done
    names=(); rates=(); seconds=(); server=(); loadgen=(); total=
    server_before=$(cpu_ticks "$pid")
    while read -r line <&"$output"; do
      if [[ $line =~ ^#\ ([a-z]+):\ ops_per_s=([0-9.]+).*elapsed_s=([0-9.]+) ]]; then
        names+=("${BASH_REMATCH[1]}"); rates+=("${BASH_REMATCH[2]}"); seconds+=("${BASH_REMATCH[3]}")
        server_after=$(cpu_ticks "$pid"); server+=($((server_after - server_before))); server_before=$server_after
        loadgen+=("$(cpu_ticks "$lg" 2>/dev/null)") # its CPU since it started; empty once it has exited
      elif [[ $line =~ loadgen_cpu_s=([0-9.]+)\ ([0-9.]+) ]]; then
        total=$(python3 -c "import sys; print(round(100 * (float(sys.argv[1]) + float(sys.argv[2]))))" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")
      fi
    done
    exec {output}<&-
    for i in $(seq 1 $((${#names[@]} - 1))); do # 0 is the sync
      python3 -c "import sys; r, s, w, o, t, server, now, before = sys.argv[1:]; n = float(o) * float(t)
print(f'round {r}  {w:<7} {float(o):9.0f} ops/s  server {10 * float(server) / n:.4f} ms/op  load generator {10 * (float(now) - float(before)) / n:.4f} ms/op  {s}')" \
        "$round" "$system" "${names[$i]}" "${rates[$i]}" "${seconds[$i]}" "${server[$i]}" "${loadgen[$i]:-$total}" "${loadgen[$((i - 1))]}" | tee -a "$RESULTS"
    done
    kill "$pid"; wait "$pid" 2>/dev/null; rm -rf "$dir"
  done
done

# Per round and workload: with the load generator's CPU as measured, the server CPU per request that reaches TARGET x
# the limit's requests per second, beside what each build spent: at the CPU the build kept busy, requests/s = busy
# cores / (server + load generator CPU per request). That holds only where the build kept the cores nearly full; one
# batch at a time, as the groups workload sends, is paid in waiting as well.
python3 - "$RESULTS" "$TARGET" "$(nproc)" <<'PY'
import re, sys
rows = [re.match(r"round (\d+)\s+(\S+)\s+(\S+) ops/s\s+server (\S+) ms/op\s+load generator (\S+) ms/op\s+(.+)", line).groups()
        for line in open(sys.argv[1])]
target, cores = float(sys.argv[2]), int(sys.argv[3])
busy = lambda row: float(row[2]) * (float(row[3]) + float(row[4])) / 1000
for (round_, workload) in dict.fromkeys((r[0], r[1]) for r in rows):
    same = [r for r in rows if r[0] == round_ and r[1] == workload]
    limit = next((r for r in same if r[5] == "limit"), None)
    if limit is None:
        continue
    for build in (r for r in same if r[5] != "limit"):
        line = f"round {round_}  {workload:<7} {float(build[2]) / float(limit[2]):.2f}x the limit (cores busy: limit {busy(limit):.2f}, build {busy(build):.2f} of {cores}); "
        if busy(build) < 0.85 * cores:
            line += "the build left the cores idle part of the time, so CPU per request bounds nothing here"
        else:
            needed = busy(build) * 1000 / (target * float(limit[2])) - float(build[4])
            line += f"{target}x needs at most {needed:.4f} ms of server CPU per request, it spent {float(build[3]):.4f}"
        print(f"{line}  {build[5]}")
PY
echo "results: $RESULTS"
