#!/usr/bin/env bash
# pgbench against orbit-node and PostgreSQL 15 on the same machine in the same run, fsync on for
# both (orbit: storage.durability=group; PostgreSQL: fsync=on, synchronous_commit=on).
# Prints pgbench -i load time, select-only TPS (-S -M prepared) and TPC-B TPS for both, and ratios.
# The load runs twice on each server: the first on a fresh server (for orbit-node a fresh JVM, which
# compiles its hot code while it loads), the second on the warmed server; both are printed, and
# the load-time target is checked on the second. Each load starts after a sync, so neither server
# pays for writing back the pages the other (or its own earlier load) left dirty.
# Usage: e2e/bench/pg-vs-orbit.sh [scale] [seconds]   (needs postgresql-15 server + client; node built)
# Runs PostgreSQL as the 'postgres' user when started as root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scale="${1:-10}"
secs="${2:-30}"
pgbin="${PGBIN:-/usr/lib/postgresql/15/bin}"
work="$(mktemp -d)"
chmod 777 "$work"
# pg_ctl stops the postmaster itself (killing runuser may leave it running on the port)
trap 'as_pg "$pgbin/pg_ctl" -D "$work/pg" -m fast -w stop >/dev/null 2>&1 || true
  kill $(jobs -p) 2>/dev/null || true; sleep 1; rm -rf "$work"' EXIT

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$pgbin/initdb" -D "$work/pg" -U orbit --auth=trust >/dev/null
as_pg "$pgbin/postgres" -D "$work/pg" -p 15432 -k "$work" -c fsync=on -c synchronous_commit=on \
  -c listen_addresses=127.0.0.1 >"$work/pg.log" 2>&1 &
node/bin/orbit-node serve --data-dir "$work/orbit" --set protocols.postgres.port=15433 \
  --set protocols.redis.port=16392 --set admin.port=18092 --set auth.method=trust \
  --set storage.durability=group >"$work/orbit.log" 2>&1 &
for _ in $(seq 100); do
  "$pgbin/pg_isready" -q -h 127.0.0.1 -p 15432 && "$pgbin/pg_isready" -q -h 127.0.0.1 -p 15433 && break
  sleep 0.2
done
as_pg "$pgbin/createdb" -h 127.0.0.1 -p 15432 -U orbit orbit 2>/dev/null || true

load() { local t0 t1; sync; t0=$(date +%s.%N); pgbench -h 127.0.0.1 -p "$1" -U orbit -i -q -s "$scale" orbit >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
tps() { pgbench -h 127.0.0.1 -p "$1" -U orbit "${@:2}" -T "$secs" orbit 2>/dev/null | awk '/^tps/ {print $3}'; }

pg_first=$(load 15432); pg_load=$(load 15432); orbit_first=$(load 15433); orbit_load=$(load 15433)
pg_s=$(tps 15432 -S -M prepared -c 8 -j 2); orbit_s=$(tps 15433 -S -M prepared -c 8 -j 2)
pg_b=$(tps 15432 -c 8 -j 2); orbit_b=$(tps 15433 -c 8 -j 2)
printf '%-28s %12s %12s %8s\n' test postgresql orbit-node ratio
printf '%-28s %12.2f %12.2f %8.2f\n' "pgbench -i -s $scale, 1st (s)" "$pg_first" "$orbit_first" "$(echo "$orbit_first / $pg_first" | bc -l)"
printf '%-28s %12.2f %12.2f %8.2f\n' "pgbench -i -s $scale, 2nd (s)" "$pg_load" "$orbit_load" "$(echo "$orbit_load / $pg_load" | bc -l)"
printf '%-28s %12.0f %12.0f %8.2f\n' "select-only -M prepared" "$pg_s" "$orbit_s" "$(echo "$orbit_s / $pg_s" | bc -l)"
printf '%-28s %12.0f %12.0f %8.2f\n' "TPC-B (simple)" "$pg_b" "$orbit_b" "$(echo "$orbit_b / $pg_b" | bc -l)"
echo "targets: select-only >= 1.0, TPC-B >= 0.7 (TPS ratios); load time ratio <= 1.5 (2nd load)"
