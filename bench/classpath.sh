# Sourced by the benchmark scripts: compiles test-support's benchmark classes and sets BENCH_CP.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./mvnw -q -B -pl test-support -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
BENCH_CP="test-support/target/test-classes:test-support/target/classes:slurm-core/target/classes:$(cat test-support/target/bench-classpath.txt)"
