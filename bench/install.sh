#!/usr/bin/env bash
# Issue 11 benchmark: the manual path (curl, gpg --verify, tar -xzf) against a cold `mvn install` of
# examples/deployment (slurm:install), a warm no-op run and a bare `mvn validate`, for a realistic tarball (a Slurm-like
# view compressing about 2:1, thousands of files, hard links, symlinks) of each size given (default 1024 and 4096 MiB
# on the wire). Each figure is the median (min-max) of N runs (default 5, at least 5), each run from a fresh prefix and
# local repository; the cold run's timeline comes from the plugin's log. The bridge is staged in target/bench-repo
# (read from ~/.m2, never written to it).
#   bench/install.sh [--runs N | -Druns=N] [size MiB ...]
set -euo pipefail
runs=5
case "${1:-}" in
  --runs) runs=$2; shift 2 ;;
  -Druns=*) runs=${1#-Druns=}; shift ;;
esac
. "$(dirname "$0")/classpath.sh"
# Maven's local repository as its settings say: read-only here, for the build's dependencies and Maven's plugins.
outer_repo=$(./mvnw -q -B -N help:evaluate -Dexpression=settings.localRepository -DforceStdout)
staged=$PWD/target/bench-repo
echo "[bench] staging the bridge into $staged"
./mvnw -q -B install -DskipTests -pl slurm-bom,slurm-maven-plugin,resolver-transport -am \
  "-Dmaven.repo.local=$staged" "-Dmaven.repo.local.tail=$outer_repo"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1024 4096)
java -Xmx256m "-Druns=$runs" "-Dbench.jvm=${BENCH_JVM:-}" -cp "$BENCH_CP" ai.vantage.maven.slurm.bench.InstallBenchmark \
  "$PWD" "$staged" "$outer_repo" "$work" "${sizes[@]}"
