#!/usr/bin/env bash
# The side-by-side workloads (../shared/bench) against Provisio on PostgreSQL: a throwaway cluster from Debian's
# postgresql package (fsync and synchronous_commit on), a fresh database per run: sync C=1, then every workload at C=8.
# usage: bench/postgres-workloads.sh PROVISIO_DLL [N] [OUT.jsonl]      (run as root or as a user that may run initdb)
# env: SCRATCH (default /tmp/bench), MEMBERS (5000), OPS (30000), PG_PORT (5499)
set -u
[ $# -ge 1 ] || { sed -n 2,5p "$0"; exit 2; }
DLL=$1; N=${2:-10000}
SCRATCH=${SCRATCH:-/tmp/bench}; mkdir -p "$SCRATCH"
OUT=${3:-$SCRATCH/postgres-$(date +%Y%m%d-%H%M%S).jsonl}
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); PORT=${PG_PORT:-5499}; DATA=$SCRATCH/pg-data
. "$(dirname "$0")/shared-tools.sh" loadgen
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
rm -rf "$DATA"; mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
  -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
trap 'as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null' EXIT
sql() { as_postgres psql -h 127.0.0.1 -p "$PORT" -U postgres -qAt -c "$1"; }

run() { # loadgen arguments
  sql "DROP DATABASE IF EXISTS provisio"; sql "CREATE DATABASE provisio"
  local dir; dir=$(mktemp -d "$SCRATCH/pg-run.XXXX")
  ( cd "$dir" && export Provisio__RateLimits__Enabled=false Provisio__Storage__Provider=postgres \
      Provisio__Storage__ConnectionString="Host=127.0.0.1;Port=$PORT;Username=postgres;Database=provisio" \
    && exec dotnet "$DLL" --urls http://127.0.0.1:7140 >"$dir/log" 2>&1 ) & local pid=$!
  local base=http://127.0.0.1:7140/scim/v2/default
  for _ in $(seq 1 120); do curl -fs "$base/ServiceProviderConfig" -o /dev/null 2>/dev/null && break; sleep 0.25; done
  local token; token=$(grep -oE 'scim_[A-Za-z0-9_-]{20,}' "$dir/log" | head -1)
  $LOADGEN --base "$base" --token "$token" --pid "$pid" --label provisio-postgres --json-out "$OUT" "$@" | grep '^# '
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
echo "fsync=$(sql 'SHOW fsync') synchronous_commit=$(sql 'SHOW synchronous_commit')" >&2
run --workload sync -c 1 --n "$N"
run --workload all -c 8 --n "$N" --members "${MEMBERS:-5000}" --ops "${OPS:-30000}"
echo "results: $OUT" >&2
