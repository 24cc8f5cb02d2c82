#!/usr/bin/env bash
# redis-benchmark against orbit-node (durability group) and redis-server (appendonly yes,
# appendfsync everysec), same machine, same run; prints both and the ratio.
# Usage: e2e/bench/redis-vs-orbit.sh [requests]   (needs redis-server, redis-benchmark; node built)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
n="${1:-200000}"
work="$(mktemp -d)"
# stop both servers and wait for them, so a next run finds the ports free
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

redis-server --port 16390 --appendonly yes --appendfsync everysec --save "" --dir "$work" \
  --daemonize no >"$work/redis.log" 2>&1 &
node/bin/orbit-node serve --data-dir "$work/orbit" --set protocols.redis.port=16391 \
  --set admin.port=18091 --set storage.durability=group --set protocols.postgres.enabled=false \
  >"$work/orbit.log" 2>&1 &
for _ in $(seq 100); do
  curl -sf localhost:18091/readyz >/dev/null && redis-cli -p 16390 ping >/dev/null 2>&1 && break
  sleep 0.2
done

# redis-benchmark spins forever when its server goes away: bound each pass
bench() { timeout 600 redis-benchmark -p "$1" -P 16 -c 50 -n "$n" -t set,get -q --csv | tr -d '"' ; }
# one unmeasured pass each first: the JVM compiles its hot paths during the first seconds
# (a node serves for days); redis-server gets the same pass so both start from the same data
bench 16390 >/dev/null
bench 16391 >/dev/null
redis_out="$(bench 16390)"
orbit_out="$(bench 16391)"
printf '%-6s %14s %14s %8s\n' test redis-server orbit-node ratio
for t in SET GET; do
  r=$(echo "$redis_out" | awk -F, -v t="$t" '$1==t {print $2}')
  o=$(echo "$orbit_out" | awk -F, -v t="$t" '$1==t {print $2}')
  printf '%-6s %14.0f %14.0f %8.2f\n' "$t" "$r" "$o" "$(echo "$o / $r" | bc -l)"
done
echo "targets: SET >= 0.70, GET >= 0.80 (requests/s, -P 16 -c 50, n=$n, after one warm-up pass each)"
