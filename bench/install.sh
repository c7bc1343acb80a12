#!/usr/bin/env bash
# Issue 11 and 21 benchmark: the manual path (curl, gpg --verify, tar -xzf) against a cold `mvn install` of
# examples/deployment (slurm:install), a warm no-op run and a bare `mvn validate`, for a realistic tarball of each
# shape and each size given (default 1024 and 4096 MiB on the wire). Shapes: `small` (a Slurm-like view compressing
# about 2:1, thousands of files, hard links, symlinks) and `large` (Slurm's files, then files of 2-8 MiB, every other
# one random: about 1.8:1); both by default. Each figure is the median (min-max) of N runs (default 5, at least 5), each
# run from a fresh prefix and local repository; the cold run's timeline comes from the plugin's log; one more cold run
# under Java Flight Recorder gives the CPU per thread role (target/bench-profiles/<shape>-<size>MiB.jfr). The bridge is
# staged in target/bench-repo (read from ~/.m2, never written to it).
#   bench/install.sh [--runs N | -Druns=N] [--shapes small,large] [size MiB ...]
set -euo pipefail
runs=5
shapes=small,large
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    -Druns=*) runs=${1#-Druns=}; shift ;;
    --shapes) shapes=$2; shift 2 ;;
    *) break ;;
  esac
done
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
java -Xmx256m "-Druns=$runs" "-Dshapes=$shapes" "-Dbench.jvm=${BENCH_JVM:-}" -cp "$BENCH_CP" \
  ai.vantage.maven.slurm.bench.InstallBenchmark \
  "$PWD" "$staged" "$outer_repo" "$work" "${sizes[@]}"
