#!/usr/bin/env bash
# Measures the embedded DynamoDB engine on this machine and prints its figures:
#  - PutItem, GetItem and conditional UpdateItem per second with 8 client threads, through the AWS
#    SDK for Java v2 over HTTP (its Apache 5 client) and in-process, with p50, p99 and processor
#    time per request;
#  - start-up to the first answered request, in fresh JVMs, against a bare JVM (and with a CDS archive);
#  - heap used by 100,000 items of 1 KB, after a full GC, in a fresh JVM, and what the records of a
#    NEW_AND_OLD_IMAGES stream of those writes add to it;
#  - resident memory of the command line (with the JVM options of scripts/local-dynamodb.sh) after
#    the same 100,000 items were put into it over HTTP.
# Goals: >= 5,000 conditional updates/s over HTTP, start-up <= 300 ms, <= 300 MB of heap, <= 350 MB
# resident.
# The last line is for machines: update-ops/s=<n> startup-ms=<n> heap-mb=<n> rss-mb=<n> stream-mb=<n>
#
#   scripts/bench-dynamodb.sh [-Dbench.seconds=10] [-Dbench.warmup=5] [-Dbench.runs=9] [-Dbench.stream=true]
#                             [-Dbench.client=apache5|urlconnection] [-Dbench.parts=startup,heap,rss,throughput]
#
# JAVA_HOME selects the JVM; ORDERFLOW_TARGET the module's build folder (default: target).
# Takes about four minutes with the defaults.
set -euo pipefail
cd "$(dirname "$0")/.."
module=local/dynamodb
target=${ORDERFLOW_TARGET:-target}
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

./mvnw -q -B -Dorderflow.target="$target" -pl "$module" test-compile jar:jar dependency:build-classpath \
  -Dmdep.outputFile="$target/test-classpath.txt" -DincludeScope=test
./mvnw -q -B -Dorderflow.target="$target" -pl "$module" dependency:build-classpath \
  -Dmdep.outputFile="$target/runtime-classpath.txt" -DincludeScope=runtime
jar=$(ls "$module/$target"/orderflow-local-dynamodb-*.jar | grep -v -e sources -e javadoc | head -n 1)
classpath="$module/$target/test-classes:$jar:$(cat "$module/$target/test-classpath.txt")"
# Start-up is measured on what the command line runs: the engine's jar and its runtime dependencies.
runtime_classpath="$jar:$(cat "$module/$target/runtime-classpath.txt")"

# The command line's JVM options, from the one line of scripts/local-dynamodb.sh that sets them.
eval "$(grep '^jvm_options=' scripts/local-dynamodb.sh)"

# A fixed heap for the measuring JVM, so that GC sizing does not vary from run to run.
exec "$java_bin" -Xms2g -Xmx2g -cp "$classpath" -Dbench.runtimeClasspath="$runtime_classpath" \
  -Dbench.engineJvmOptions="${jvm_options[*]}" "$@" \
  dev.orderflow.local.dynamodb.bench.EngineBenchmark
