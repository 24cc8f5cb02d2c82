#!/usr/bin/env bash
# Soak: SIGKILL the leader of a three-member cluster (node processes on loopback) N times under a
# Redis bank-transfer load and a PostgreSQL one (real transactions); after each failover checks that
# no acknowledged transfer or commit was lost and both banks' balances still sum up, restarts the
# killed member and waits until it caught up. Prints each failover's time (SIGKILL -> first
# acknowledged Redis write on the new leader) with the harness's timeline, and median / max.
# The members' logs (timestamped; Ratis' elections at INFO) and data are kept when a run fails.
# Usage: e2e/bench/failover-soak.sh [kills]   (node and e2e modules packaged)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
kills="${1:-20}"
work="$(mktemp -d)"
ok=0
trap 'if [ "$ok" = 1 ]; then rm -rf "$work"; else echo "member logs and data kept in $work"; fi' EXIT
cp="e2e/target/classes:$(ls e2e/target/lib/*.jar | tr '\n' ':')"
java -Dorbit.node.jar=node/target/orbit-node.jar -Dorbit.replica.ratisLog=info -cp "$cp" \
  dev.orbit.e2e.replication.Failovers "$work" "$kills"
ok=1
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
