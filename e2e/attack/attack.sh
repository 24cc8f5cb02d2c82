#!/usr/bin/env bash
# The attacks of issue 15 against one orbit-node with bystander clients on every event loop.
# Prints per attack: survived, bystander max stall, data intact. Not a CI test: it takes about ten
# minutes, needs root for the full-disk attack (a tmpfs), and loads the machine.
# Usage: e2e/attack/attack.sh [attack ...]   (default: all; names are printed in the output)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mvn -B -q -DskipTests -Dspotless.check.skip=true -pl node,e2e -am package >/dev/null
cp="e2e/target/classes:$(ls node/target/lib/*.jar | tr '\n' ':')node/target/orbit-node.jar"
exec java -Xmx4g -cp "$cp" dev.orbit.e2e.attack.AttackMain node/target/orbit-node.jar "$@"
