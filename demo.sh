#!/usr/bin/env bash
# The main job, end to end: build and install the bridge, then let the example deployment repository
# (examples/deployment) resolve, verify and install a Slurm build with `mvn slurm:install`, and run the
# installed sinfo.
#
#   ./demo.sh                                  # from a local demo cache signed by a demo key (no network needed)
#   ./demo.sh slurm+https://slurm-factory-spack-binary-cache.vantagecompute.ai/   # from the real cache
#
# Everything lands in ./demo/ (the install prefix is ./demo/opt/slurm).
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
demo=$root/demo
mvnw=("$root/mvnw" -B -q)

echo "[demo] building and installing the bridge (./mvnw install -DskipTests)"
"${mvnw[@]}" install -DskipTests
# Where that install went: Maven's local repository as its settings say (not necessarily $HOME/.m2/repository).
bridge_repo=$("${mvnw[@]}" -N help:evaluate -Dexpression=settings.localRepository -DforceStdout)

props=()
if [ $# -ge 1 ]; then
  url=$1
else
  echo "[demo] making a signed demo cache in demo/cache"
  "${mvnw[@]}" -pl test-support exec:java -Dexec.mainClass=ai.vantage.maven.slurm.fixture.DemoCache \
    -Dexec.args="$demo"
  url="slurm+file://$demo/cache/"
  props+=("-Dslurm.pgp.fingerprints=$(cat "$demo/fingerprint.txt")")
fi

# The demo installs as a normal user into ./demo: the install script (which needs root and /opt/slurm) is not run.
# The host is detected unless it is no Slurm Factory toolchain (e.g. Debian): then the noble build is used.
toolchain=()
if ! grep -qE '^(VERSION_CODENAME=(noble|jammy|resolute)|ID="?(rocky|rhel|almalinux)"?)$' /etc/os-release 2>/dev/null; then
  toolchain=(-Dslurm.toolchain=noble)
fi
echo "[demo] mvn install in examples/deployment: slurm:install from $url into demo/opt/slurm"
# The demo's downloads go to a local repository of its own (demo/m2), reading the bridge from Maven's own: a Slurm
# build signed by the demo key must not sit in ~/.m2, where a later build against the real cache would refuse it.
"$root/mvnw" -B -f examples/deployment/pom.xml install \
  "-Dmaven.repo.local=$demo/m2" "-Dmaven.repo.local.tail=$bridge_repo" \
  "-Dslurm.repository.url=$url" "-Dslurm.prefix=$demo/opt/slurm" -Dslurm.runInstallScript=false \
  "${toolchain[@]}" "${props[@]}"

echo "[demo] the installed Slurm answers:"
sh -c ". '$demo/opt/slurm/slurm-env.sh' && sinfo --version"
