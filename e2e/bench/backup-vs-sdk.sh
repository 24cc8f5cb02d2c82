#!/usr/bin/env bash
# Backup of a node holding N GiB (default 2) to s3proxy on loopback vs uploading the same files
# with the AWS SDK directly; restore vs downloading them directly. Prints MB/s of both.
# Usage: backup-vs-sdk.sh [GiB] [node config key=value ...]  (e.g. backup.partSize=128Mi)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -B -q -DskipTests -pl node,e2e -am package >/dev/null
cp="e2e/target/orbit-sandbox.jar:$(ls e2e/target/lib/*.jar | tr '\n' ':')"
uptime
gib="${1:-2}"
shift || true
exec java -Xmx2g -cp "$cp" dev.orbit.e2e.bench.BackupBench "$gib" "$@"
