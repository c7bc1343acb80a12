#!/usr/bin/env bash
# Issue 3 benchmark: time to fetch a large tarball from a loopback server through the transport's download path
# (upstream client, the checksums Maven computes, file) with and without the streaming signature check, as a ratio.
# The JVM gets 256 MiB of heap: a 1 GiB tarball only fits by streaming.
#   bench/verify-overhead.sh [size MiB, default 1024] [runs, default 5]
set -euo pipefail
. "$(dirname "$0")/classpath.sh"
# The tarball and the download go to memory (/dev/shm) where there is one: the figure is what verification costs,
# and a disk's writeback (seconds per GiB, varying from run to run) would drown it. Needs twice the size free.
work=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$work"' EXIT
java -Xmx256m -cp "$BENCH_CP" ai.vantage.maven.slurm.bench.VerifyOverheadBenchmark "$work" "${1:-1024}" "${2:-5}"
