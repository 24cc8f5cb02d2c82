#!/usr/bin/env bash
# Replication costs and failover, in one run, printed side by side:
#  - pgbench TPC-B (-c 8) and redis-benchmark -t set -P 16 -r 100000 against
#      (a) the node before the replicated log: commit 0fad477, built here in a temporary git
#          worktree (its own target/, nothing installed),
#      (b) this build as a one-member group, (c) this build as a three-member cluster on loopback
#          (three processes on the same cores; the benchmark talks to the leader);
#    each after one unmeasured warm-up pass; all with storage.durability=group.
#  - failover time: SIGKILL of the leader -> first acknowledged write on the new leader, median
#    and max over N kills under a Redis transfer load (dev.orbit.e2e.replication.Failovers).
# Usage: e2e/bench/replication-bench.sh [seconds] [requests] [kills] [pgbench scale]
# Needs: pgbench, psql (pg_isready), redis-benchmark, redis-cli, curl; the node and e2e modules
# packaged (mvn -B -DskipTests package).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
secs="${1:-20}"
n="${2:-300000}"
kills="${3:-10}"
scale="${4:-10}"
pgbin="${PGBIN:-/usr/lib/postgresql/15/bin}"
root="$(pwd)"
work="$(mktemp -d)"
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  wait 2>/dev/null || true
  git -C "$root" worktree remove --force "$work/base" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "building the pre-log node (0fad477) in a temporary worktree ..." >&2
git worktree add -q --detach "$work/base" 0fad477
(cd "$work/base" && mvn -B -q -DskipTests -Dspotless.check.skip=true -pl node -am package >/dev/null)
base_jar="$work/base/node/target/orbit-node.jar"
new_jar="$root/node/target/orbit-node.jar"

pids=()
# start_node JAR DIR PG REDIS ADMIN [--set k=v ...]
start_node() {
  local jar="$1" dir="$2" pg="$3" redis="$4" admin="$5"
  shift 5
  java -Xmx1g -jar "$jar" serve --data-dir "$dir" --set bindAddress=127.0.0.1 \
    --set protocols.postgres.port="$pg" --set protocols.redis.port="$redis" \
    --set admin.port="$admin" --set auth.method=trust --set storage.durability=group \
    --set tiering.enabled=false "$@" >"$dir.log" 2>&1 &
  pids+=($!)
}
stop_nodes() { kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; pids=(); }
await_ready() { # PG REDIS
  for _ in $(seq 600); do
    "$pgbin/pg_isready" -q -h 127.0.0.1 -p "$1" && redis-cli -p "$2" set bench:ready 1 2>/dev/null | grep -q OK && return 0
    sleep 0.2
  done
  echo "node on $1/$2 did not become ready" >&2; return 1
}

rbench() { timeout 600 redis-benchmark -p "$1" -t set -P 16 -c 50 -r 100000 -n "$n" -q --csv | tr -d '"' | awk -F, '$1=="SET" {print $2}'; }
pbench() { pgbench -h 127.0.0.1 -p "$1" -U orbit -c 8 -j 2 -T "$2" orbit 2>/dev/null | awk '/^tps/ {print $3}'; }

# measure LABEL PG REDIS: warm-up, then measured passes; sets r_<label>, p_<label>
measure() {
  local label="$1" pg="$2" redis="$3"
  pgbench -h 127.0.0.1 -p "$pg" -U orbit -i -q -s "$scale" orbit >/dev/null 2>&1
  rbench "$redis" >/dev/null
  pbench "$pg" 5 >/dev/null
  eval "r_$label=$(rbench "$redis")"
  eval "p_$label=$(pbench "$pg" "$secs")"
  echo "$label: SET $(eval echo \$r_$label)/s, TPC-B $(eval echo \$p_$label) tps (load: $(cut -d' ' -f1-3 /proc/loadavg))" >&2
}

# (a) the pre-log node
pg=$(free_port); rd=$(free_port); ad=$(free_port)
start_node "$base_jar" "$work/a" "$pg" "$rd" "$ad"
await_ready "$pg" "$rd"; measure prelog "$pg" "$rd"; stop_nodes

# (b) one-member group
pg=$(free_port); rd=$(free_port); ad=$(free_port)
start_node "$new_jar" "$work/b" "$pg" "$rd" "$ad"
await_ready "$pg" "$rd"; measure one "$pg" "$rd"; stop_nodes

# (c) three members
declare -a PG RD AD RF
peers=()
for i in 0 1 2; do
  PG[$i]=$(free_port); RD[$i]=$(free_port); AD[$i]=$(free_port); RF[$i]=$(free_port)
  peers+=(--set "replication.peers.n$i=127.0.0.1:${RF[$i]}")
done
for i in 0 1 2; do
  start_node "$new_jar" "$work/c$i" "${PG[$i]}" "${RD[$i]}" "${AD[$i]}" "${peers[@]}" \
    --set replication.nodeId=n$i --set replication.port="${RF[$i]}"
done
# each store's group elects its own leader: benchmark Redis on the Redis leader, pgbench on the
# PostgreSQL leader
leader_of() {
  for _ in $(seq 600); do
    for i in 0 1 2; do
      if curl -sf "127.0.0.1:${AD[$i]}/v1/status" | tr -d ' \n' | grep -q "\"$1\":{\"role\":\"leader\""; then
        echo "$i"; return 0
      fi
    done
    sleep 0.2
  done
  echo "no leader of $1" >&2; return 1
}
rl=$(leader_of redis); pl=$(leader_of postgres)
await_ready "${PG[$pl]}" "${RD[$rl]}"; measure three "${PG[$pl]}" "${RD[$rl]}"; stop_nodes

# failover time
cp="$root/e2e/target/classes:$(ls "$root"/e2e/target/lib/*.jar | tr '\n' ':')"
failover=$(java -Dorbit.node.jar="$new_jar" -cp "$cp" dev.orbit.e2e.replication.Failovers "$work/fo" "$kills" | tail -1)

printf '\n%-34s %12s %12s %12s\n' test pre-log 1-member 3-member
printf '%-34s %12.0f %12.0f %12.0f\n' "redis SET -P 16 -r 100000 (req/s)" "$r_prelog" "$r_one" "$r_three"
printf '%-34s %12.0f %12.0f %12.0f\n' "pgbench TPC-B -c 8 (tps)" "$p_prelog" "$p_one" "$p_three"
printf '%-34s %12s %12.2f %12.2f\n' "SET ratio (1/pre-log, 3/1)" "" "$(echo "$r_one / $r_prelog" | bc -l)" "$(echo "$r_three / $r_one" | bc -l)"
printf '%-34s %12s %12.2f %12.2f\n' "TPC-B ratio (1/pre-log, 3/1)" "" "$(echo "$p_one / $p_prelog" | bc -l)" "$(echo "$p_three / $p_one" | bc -l)"
echo "$failover"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "targets: 1-member >= 0.9 x pre-log; 3-member >= 0.5 x 1-member; failover median <= 3 s"
