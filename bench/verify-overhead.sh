#!/usr/bin/env bash
# Issue 3 benchmark: time to fetch a large tarball from a loopback server through the transport's download path
# (upstream client, Maven checksums, file) with and without the streaming signature check, as a ratio.
# The JVM gets 256 MiB of heap: a 1 GiB tarball only fits by streaming.
#   bench/verify-overhead.sh [size MiB, default 1024] [runs, default 5]
set -euo pipefail
. "$(dirname "$0")/classpath.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Xmx256m -cp "$BENCH_CP" ai.vantage.maven.slurm.bench.VerifyOverheadBenchmark "$work" "${1:-1024}" "${2:-5}"
