#!/usr/bin/env bash
# Builds what is needed and starts the whole system on this machine:
# PostgreSQL (embedded unless RIG_POSTGRES_URL is set), a Kafka broker, the dev OIDC provider
# and the three services. Data is kept in .local-data/ at the repository root.
# Ctrl-C stops everything. Options: --instances N, --data-dir DIR. SKIP_BUILD=1 skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building (skip tests) ..."
  ./mvnw -B -q -DskipTests package
fi
exec java -Xmx512m -Dplatform.root="$root" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "deploy/local-stack/target/local-stack.jar:deploy/local-stack/target/lib/*" com.oauthconfig.localstack.LocalStack "$@"
