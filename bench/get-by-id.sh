#!/usr/bin/env bash
# GET /Users/{id} of a user in two groups (what Okta's apps send before each PUT), or with RESOURCE=Groups GET
# /Groups/{id} of a group of two members (Okta's group push reads its groups so), builds interleaved: a fresh
# server and database per build and round, one warm-up run, then three measured runs of h2load --h1 at C=8 (HTTP/1.1
# keep-alive, as IdPs connect: ab speaks HTTP/1.0, to which Kestrel closes the connection after every chunked answer).
# Prints the requests per second and the server's CPU per request (utime + stime of its process).
# usage: bench/get-by-id.sh PROVISIO_DLL [PROVISIO_DLL…]      (needs h2load, Debian's nghttp2-client)
# env: RESOURCE (Users | Groups), STORE (sqlite | postgres: a throwaway cluster as in postgres-workloads.sh), ROUNDS (3), N (40000 per run),
#      SCRATCH (default /tmp/bench), PG_PORT (5499)
set -u
[ $# -ge 1 ] || { sed -n 2,9p "$0"; exit 2; }
RESOURCE=${RESOURCE:-Users}; STORE=${STORE:-sqlite}; ROUNDS=${ROUNDS:-3}; N=${N:-40000}
SCRATCH=${SCRATCH:-/tmp/bench}; mkdir -p "$SCRATCH"
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1); PORT=${PG_PORT:-5499}; DATA=$SCRATCH/pg-data
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
sql() { as_postgres psql -h 127.0.0.1 -p "$PORT" -U postgres -qAt -c "$1"; }
if [ "$STORE" = postgres ]; then
  rm -rf "$DATA"; mkdir -p "$DATA"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$DATA"
  as_postgres "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  as_postgres "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
    -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB" start >/dev/null
  trap 'as_postgres "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null' EXIT
fi
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

for round in $(seq 1 "$ROUNDS"); do
  for dll in "$@"; do
    dir=$(mktemp -d "$SCRATCH/get-run.XXXX")
    storage=()
    if [ "$STORE" = postgres ]; then
      sql "DROP DATABASE IF EXISTS provisio" 2>/dev/null; sql "CREATE DATABASE provisio"
      storage=(Provisio__Storage__Provider=postgres
        "Provisio__Storage__ConnectionString=Host=127.0.0.1;Port=$PORT;Username=postgres;Database=provisio")
    fi
    ( cd "$dir" && export Provisio__RateLimits__Enabled=false "${storage[@]}" \
      && exec dotnet "$dll" --urls http://127.0.0.1:7140 >"$dir/log" 2>&1 ) & pid=$!
    base=http://127.0.0.1:7140/scim/v2
    for _ in $(seq 1 120); do curl -fs "$base/ServiceProviderConfig" -o /dev/null 2>/dev/null && break; sleep 0.25; done
    auth="Authorization: Bearer $(grep -oE 'scim_[A-Za-z0-9_-]{20,}' "$dir/log" | head -1)"; json="Content-Type: application/scim+json"
    users=()
    for name in ada grace; do
      users+=("$(curl -s -X POST -H "$auth" -H "$json" "$base/Users" \
        -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"$name@example.com\",\"emails\":[{\"value\":\"$name@example.com\",\"primary\":true}]}" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')")
    done
    groups=()
    for group in Engineering Everyone; do
      groups+=("$(curl -s -X POST -H "$auth" -H "$json" "$base/Groups" \
        -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"$group\",\"members\":[{\"value\":\"${users[0]}\"},{\"value\":\"${users[1]}\"}]}" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')")
    done
    if [ "$RESOURCE" = Groups ]; then url="$base/Groups/${groups[0]}"; else url="$base/Users/${users[0]}"; fi
    h2load --h1 -c 8 -n "$N" -H "$auth" "$url" >/dev/null 2>&1
    for run in 1 2 3; do
      before=$(cpu_ticks "$pid"); out=$(h2load --h1 -c 8 -n "$N" -H "$auth" "$url" 2>&1); after=$(cpu_ticks "$pid")
      rps=$(echo "$out" | awk '/^finished in/ {print $4}'); ok=$(echo "$out" | awk '/^status codes/ {print $3}')
      ms=$(awk -v t=$((after - before)) -v n="$N" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.3f", t * 1000 / hz / n}')
      echo "$STORE $RESOURCE round=$round $dll run=$run gets/s=$rps server_cpu_ms=$ms 2xx=$ok"
    done
    kill "$pid"; wait "$pid" 2>/dev/null || true
  done
done
