#!/usr/bin/env bash
# redis-benchmark against orbit-node (durability group) and redis-server (appendonly yes,
# appendfsync everysec), same machine, same run, many keys (-r); prints both and the ratio.
# Usage: e2e/bench/redis-vs-orbit.sh [requests]   (needs redis-server, redis-benchmark; node built)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
n="${1:-200000}"
tests="set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,lrange_100"
work="$(mktemp -d)"
pids=()
# stop both servers and wait for them, so nothing is left running
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port=$(free_port)
orbit_port=$(free_port)
admin_port=$(free_port)

redis-server --port "$redis_port" --bind 127.0.0.1 --appendonly yes --appendfsync everysec \
  --save "" --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
node/bin/orbit-node serve --data-dir "$work/orbit" --set bindAddress=127.0.0.1 \
  --set protocols.redis.port="$orbit_port" --set admin.port="$admin_port" \
  --set storage.durability=group --set protocols.postgres.enabled=false >"$work/orbit.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do
  curl -sf "localhost:$admin_port/readyz" >/dev/null 2>&1 \
    && redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
  sleep 0.2
done

# redis-benchmark spins forever when its server goes away: bound each pass
bench() {
  timeout 900 redis-benchmark -p "$1" -P 16 -c 50 -r 100000 -n "$n" -t "$tests" -q --csv \
    | tr -d '"'
}
# one unmeasured pass each first: the JVM compiles its hot paths during the first seconds
# (a node serves for days); redis-server gets the same pass so both start from the same data
bench "$redis_port" >/dev/null
bench "$orbit_port" >/dev/null
redis_out="$(bench "$redis_port")"
orbit_out="$(bench "$orbit_port")"
printf '%-28s %14s %14s %8s\n' test redis-server orbit-node ratio
echo "$redis_out" | awk -F, 'NR>1 {print $1}' | while read -r t; do
  r=$(echo "$redis_out" | awk -F, -v t="$t" '$1==t {print $2}')
  o=$(echo "$orbit_out" | awk -F, -v t="$t" '$1==t {print $2}')
  printf '%-28s %14.0f %14.0f %8.2f\n' "$t" "$r" "$o" "$(echo "$o / $r" | bc -l)"
done
echo "requests/s, -P 16 -c 50 -r 100000, n=$n, after one warm-up pass each"
echo "targets: GET >= 0.8, SET >= 0.7, collection writes >= 0.5, LRANGE_100 >= 0.5"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
