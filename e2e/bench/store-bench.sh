#!/usr/bin/env bash
# Store API vs plain rocksdbjni, same options, one run. Usage: e2e/bench/store-bench.sh [records] [valueBytes] [rounds]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -B -q -DskipTests -pl node,e2e -am install >/dev/null
cp="e2e/target/classes:$(ls node/target/lib/*.jar | tr '\n' ':')node/target/orbit-node.jar"
exec java -cp "$cp" dev.orbit.e2e.bench.StoreBench "$@"
