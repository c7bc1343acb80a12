#!/usr/bin/env bash
# Throughput of a stored build (default 256 MiB) from the bridge server's runnable jar (-Xmx256m) next to nginx
# serving the same file (sendfile on), both on loopback: 1, 6 and 32 clients at once each downloading the whole
# tarball, the median and min-max of the runs (default 5) in MiB/s, the ratio of the medians, and the bridge's peak
# RSS after each client count with its anonymous and file-backed (mapped tarball) parts. nginx comes from the OS
# packages (apt-get install nginx-light); without it, only the bridge is measured and the script says so.
#   bench/bridge.sh [MiB, default 256] [runs, default 5] [clients, default 1,6,32]
set -euo pipefail
cd "$(dirname "$0")/.."
mib="${1:-256}"; runs="${2:-5}"; clients="${3:-1,6,32}"
nginx="$(command -v nginx || true)"
[ -z "$nginx" ] && [ -x /usr/sbin/nginx ] && nginx=/usr/sbin/nginx
if [ -z "$nginx" ]; then
  echo "[bench] nginx not found (apt-get install nginx-light): measuring the bridge only"
fi
./mvnw -q -B -pl slurm-bridge-server -am package -DskipTests
source bench/classpath.sh
jar="slurm-bridge-server/target/slurm-bridge-server-$(./mvnw -q -B help:evaluate -Dexpression=project.version \
  -DforceStdout -pl slurm-bridge-server).jar"
work="$(mktemp -d "${TMPDIR:-/tmp}/bridge-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
java -cp "$BENCH_CP" ai.vantage.maven.slurm.bench.BridgeBenchmark "$jar" "$work" "$mib" "$runs" "$clients" $nginx
