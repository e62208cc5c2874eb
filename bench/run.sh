#!/usr/bin/env bash
# Runs every benchmark on this machine and prints one table; writes
# bench/results/latest.json (bench/results/smoke.json with --smoke).
#
#   bench/run.sh            full run (~25 minutes after the build, on 2 cores)
#   bench/run.sh --smoke    every benchmark for a few seconds (what the smoke test runs)
#   SKIP_BUILD=1 bench/run.sh ...   reuse what is already built
#   SKIP_BUILD=1 PLATFORM_ROOT=DIR bench/run.sh --only config-api   this harness against the
#                                   packaged build of another checkout DIR (to compare two builds)
#
# Starts PostgreSQL, Kafka, the dev OIDC provider and the three services through the local stack
# (deploy/local-stack), a local upstream HTTP server and the Spring peer (bench/peer-spring).
# All load goes to 127.0.0.1 only, with a fixed concurrency for a fixed time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building the platform and the benchmark harness (tests skipped), then the Spring peer ..."
  ./mvnw -B -q -DskipTests package
  ./mvnw -B -q -f bench/peer-spring/pom.xml -DskipTests package
fi
exec java -Xmx1g -XX:+UseSerialGC -Dplatform.root="${PLATFORM_ROOT:-$root}" \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -jar bench/target/bench.jar "$@"
