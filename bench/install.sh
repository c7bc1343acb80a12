#!/usr/bin/env bash
# Issue 4 benchmark: the manual path (curl, gpg --verify, tar -xzf) against a cold `mvn install` of
# examples/deployment (slurm:install), a warm no-op run and a bare `mvn validate`, with peak memory, for each
# tarball size given (default 256 and 1024 MiB, to show memory stays flat). Installs the bridge into ~/.m2 first.
#   bench/install.sh [size MiB ...]
set -euo pipefail
. "$(dirname "$0")/classpath.sh"
./mvnw -q -B install -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(256 1024)
java -cp "$BENCH_CP" ai.vantage.maven.slurm.bench.InstallBenchmark "$PWD" "$work" "${sizes[@]}"
