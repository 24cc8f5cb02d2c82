#!/usr/bin/env bash
# CQL through the Cassandra Java driver against orbit-node and Apache Cassandra (cassandra-all,
# version pinned in the parent pom), each in its own JVM on loopback with a 1 GiB heap, same run;
# prints both and the ratio. Both acknowledge a write only after an fsync shared by concurrent
# writers (orbit storage.durability=group, Cassandra commitlog_sync: batch); no auth on either.
# Usage: e2e/bench/cql-vs-orbit.sh [rows] [concurrency]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rows="${1:-100000}"
conc="${2:-64}"
work="$(mktemp -d)"
# stop both servers and wait for them, so a next run finds the ports free
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT

mvn -B -q -DskipTests -Dspotless.check.skip=true -pl node,e2e -am package >/dev/null
cassandra_version="$(sed -n 's:.*<cassandra.version>\(.*\)</cassandra.version>.*:\1:p' pom.xml)"
mvn -B -q -f e2e/bench/cassandra/pom.xml dependency:build-classpath \
  -Dcassandra.version="$cassandra_version" -Dmdep.outputFile="$work/cassandra.cp" >/dev/null

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
c_native=$(free_port); c_storage=$(free_port); o_cql=$(free_port); o_admin=$(free_port)

mkdir -p "$work/cassandra"
cat >"$work/cassandra.yaml" <<YAML
cluster_name: bench
num_tokens: 16
partitioner: org.apache.cassandra.dht.Murmur3Partitioner
authenticator: AllowAllAuthenticator
authorizer: AllowAllAuthorizer
commitlog_sync: batch
data_file_directories: [$work/cassandra/data]
commitlog_directory: $work/cassandra/commitlog
saved_caches_directory: $work/cassandra/saved_caches
hints_directory: $work/cassandra/hints
cdc_raw_directory: $work/cassandra/cdc_raw
seed_provider:
  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
    parameters:
      - seeds: "127.0.0.1:$c_storage"
listen_address: 127.0.0.1
rpc_address: 127.0.0.1
storage_port: $c_storage
native_transport_port: $c_native
start_native_transport: true
endpoint_snitch: SimpleSnitch
YAML
# the JVM options of Cassandra's conf/jvm17-server.options (module access it needs on Java 17)
opens=(--add-exports java.base/jdk.internal.misc=ALL-UNNAMED
  --add-exports java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED
  --add-exports java.rmi/sun.rmi.registry=ALL-UNNAMED --add-exports java.rmi/sun.rmi.server=ALL-UNNAMED
  --add-exports java.sql/java.sql=ALL-UNNAMED --add-exports java.base/java.lang.ref=ALL-UNNAMED
  --add-exports jdk.unsupported/sun.misc=ALL-UNNAMED
  --add-exports jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-exports jdk.attach/sun.tools.attach=ALL-UNNAMED
  --add-opens java.base/java.lang.module=ALL-UNNAMED --add-opens java.base/jdk.internal.loader=ALL-UNNAMED
  --add-opens java.base/jdk.internal.ref=ALL-UNNAMED --add-opens java.base/jdk.internal.reflect=ALL-UNNAMED
  --add-opens java.base/jdk.internal.math=ALL-UNNAMED --add-opens java.base/jdk.internal.module=ALL-UNNAMED
  --add-opens java.base/jdk.internal.util.jar=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED
  --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED
  --add-opens java.base/java.lang.reflect=ALL-UNNAMED --add-opens jdk.compiler/com.sun.tools.javac=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/java.util=ALL-UNNAMED)
java -Xms1g -Xmx1g -XX:+UseG1GC "${opens[@]}" -Djdk.attach.allowAttachSelf=true \
  -Dio.netty.tryReflectionSetAccessible=true \
  -Dcassandra.config="file://$work/cassandra.yaml" -Dcassandra-foreground=yes \
  -Dcassandra.storagedir="$work/cassandra" -Dcassandra.logdir="$work/cassandra" \
  -Dcassandra.skip_wait_for_gossip_to_settle=0 -Dcassandra.ring_delay_ms=0 \
  -cp "$(cat "$work/cassandra.cp")" org.apache.cassandra.service.CassandraDaemon \
  >"$work/cassandra.log" 2>&1 &
ORBIT_JAVA_OPTS="-Xms1g -Xmx1g" node/bin/orbit-node serve --data-dir "$work/orbit" \
  --set protocols.cql.enabled=true --set protocols.cql.port="$o_cql" --set admin.port="$o_admin" \
  --set protocols.postgres.enabled=false --set protocols.redis.enabled=false \
  --set auth.method=trust --set storage.durability=group >"$work/orbit.log" 2>&1 &

ready=""
for _ in $(seq 900); do
  if curl -sf "localhost:$o_admin/readyz" >/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$c_native") 2>/dev/null; then
    ready=yes
    break
  fi
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "servers did not start; logs:" >&2
  tail -30 "$work/cassandra.log" "$work/orbit.log" >&2
  exit 1
fi
cp="e2e/target/classes:$(ls e2e/target/lib/*.jar | tr '\n' ':')"
java -cp "$cp" dev.orbit.e2e.bench.CqlBench "$o_cql" "$c_native" "$rows" "$conc"
