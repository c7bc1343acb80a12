#!/usr/bin/env bash
# Issue 9 benchmark: N concurrent slurm:install-equivalent clients (each fetches the .asc and streams the tarball
# through the signature check) through a real Nexus 3 maven2 proxy -> the bridge server (runnable jar, -Xmx256m) ->
# the fixture cache, all on loopback, next to the same clients reading the same files from the JDK's HTTP server.
# Prints, per fleet size, the median and min-max of the runs: throughput, wall time, the 503s Nexus answered and the
# clients retried as Maven does (past 100 requests waiting for one download: nexus.proxy.cooperation.threadsPerKey),
# the cache's tarball downloads (must be 1), the bridge's peak RSS and its heap after a full GC. Every measurement has
# fresh state (a new bridge process and cache folder, a new Nexus repository); one that did not do the work prints no
# figure and fails.
# It is FleetIT with other parameters (./mvnw verify runs 20 clients, 10 MiB, once). Nexus needs ~1 GB of memory.
#   bench/fleet.sh [clients, default 50,100,200] [tarball MiB, default 64] [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -pl it -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=FleetIT \
  -Dfleet.clients="${1:-50,100,200}" -Dfleet.sizeMib="${2:-64}" -Dfleet.runs="${3:-3}" \
  | grep -E '^\[fleet\]|Tests run:|BUILD|ERROR'
