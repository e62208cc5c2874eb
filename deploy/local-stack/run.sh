#!/usr/bin/env bash
# Builds what the stack needs and starts the whole system on this machine:
# PostgreSQL (embedded unless RIG_POSTGRES_URL is set), a Kafka broker, the dev OIDC provider, a
# stand-in third-party API (echo) and the three services. Data is kept in .local-data/ at the
# repository root. Ctrl-C stops everything.
# Options: --instances N, --data-dir DIR, --port-offset N (shift every port by N when another
# program holds one). SKIP_BUILD=1 skips the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

usage() { echo "usage: deploy/local-stack/run.sh [--instances N] [--data-dir DIR] [--port-offset N]" >&2; exit 2; }
instances=1
offset=0
args=("$@")
while [[ $# -gt 0 ]]; do
  case "$1" in
    --instances) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || usage; instances="$2"; shift 2 ;;
    --port-offset) [[ $# -ge 2 && "$2" =~ ^[0-9]+$ ]] || usage; offset="$2"; shift 2 ;;
    --data-dir) [[ $# -ge 2 ]] || usage; shift 2 ;;
    *) usage ;;
  esac
done

# 1. A JDK 17 or newer (the only thing to install; Maven comes through the wrapper).
if ! command -v java >/dev/null 2>&1; then
  echo "run.sh: no 'java' on PATH. Install a JDK 17 or newer (e.g. Temurin) and try again." >&2
  exit 1
fi
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
java_major="${java_major#1.}"
if [[ -z "$java_major" || "$java_major" -lt 17 ]]; then
  echo "run.sh: java on PATH is version ${java_major:-unknown}; the services need 17 or newer (set JAVA_HOME/PATH)." >&2
  exit 1
fi
echo "[1/3] Checking ports (Java $java_major, $(uname -s)/$(uname -m)) ..."

# 2. Ports, before anything is built: the same fixed ports as LocalStack.Options.forPeople, each + offset.
ports=("Kafka:$((19092 + offset))" "dev OIDC provider:$((8090 + offset))" "echo API:$((8070 + offset))" "web console:$((8084 + offset))")
if [[ -z "${RIG_POSTGRES_URL:-}" ]]; then
  ports+=("PostgreSQL:$((15432 + offset))")
fi
for ((i = 0; i < instances; i++)); do
  for svc in "config-service:8081" "token-service:8082" "credential-alias-service:8083"; do
    name="${svc%%:*}"; base="${svc##*:}"
    ports+=("$name:$((base + offset + 100 * i))" "$name management:$((base + 1000 + offset + 100 * i))")
  done
done
busy=0
for entry in "${ports[@]}"; do
  name="${entry%:*}"; port="${entry##*:}"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "  port $port ($name) is already in use by another program" >&2
    busy=1
  fi
done
if [[ "$busy" == 1 ]]; then
  echo "run.sh: stop that program, or shift every port: deploy/local-stack/run.sh --port-offset 1000" >&2
  exit 1
fi
echo "  free: ${#ports[@]} ports from $((8070 + offset)) to $((19092 + offset))"

# Maven's log, reduced to one line per module ("[4/7] config-service"), the result and any error.
progress() {
  local module='^\[INFO\] Building ([^ :]+).*(\[[0-9]+/[0-9]+\])$' result='^\[INFO\] (BUILD (SUCCESS|FAILURE))'
  while IFS= read -r line; do
    if [[ "$line" =~ $module ]]; then echo "  ${BASH_REMATCH[2]} ${BASH_REMATCH[1]}"
    elif [[ "$line" =~ $result ]]; then echo "  ${BASH_REMATCH[1]}"
    elif [[ "$line" == "[ERROR]"* ]]; then echo "$line"
    fi
  done
}

# 3. Build only what the stack runs: the three services, the web console and the launcher (with their libraries).
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  log="$root/deploy/local-stack/target/run-build.log"
  mkdir -p "$(dirname "$log")"
  echo "[2/3] Building the services, the console and the launcher, tests skipped (full log: $log) ..."
  started=$SECONDS
  set +e
  ./mvnw -B -DskipTests package -pl config-service,token-service,credential-alias-service,console,deploy/local-stack -am 2>&1 \
    | tee "$log" | progress
  status=${PIPESTATUS[0]}
  set -e
  if [[ "$status" != 0 ]]; then
    echo "run.sh: the build failed (exit $status); the end of $log:" >&2
    tail -40 "$log" >&2
    exit "$status"
  fi
  echo "  built in $((SECONDS - started)) s"
else
  echo "[2/3] SKIP_BUILD=1: using the jars already built"
fi

echo "[3/3] Starting the stack ..."
exec java -Xmx512m -Dplatform.root="$root" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "deploy/local-stack/target/local-stack.jar:deploy/local-stack/target/lib/*" com.oauthconfig.localstack.LocalStack ${args[@]+"${args[@]}"}
