#!/usr/bin/env bash
# Time to /readyz for a node holding nothing, 1 GiB and 5 GiB of data (or the sizes given, in GiB).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -B -q -DskipTests -pl node,e2e -am install >/dev/null
cp="e2e/target/classes:$(ls node/target/lib/*.jar | tr '\n' ':')node/target/orbit-node.jar"
exec java -cp "$cp" dev.orbit.e2e.bench.ReadyTimeBench node/target/orbit-node.jar "${@:-1 5}"
