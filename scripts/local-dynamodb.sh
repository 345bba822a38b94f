#!/usr/bin/env bash
# Runs the embedded DynamoDB engine in the foreground on 127.0.0.1 and prints its URL.
#
#   scripts/local-dynamodb.sh [--port N]      (default: a free port)
#
# Builds the engine first when its sources are newer than its jar, with a class-data archive of
# the classes it loads, which roughly halves its start-up. Ends on Ctrl-C or SIGTERM.
set -euo pipefail
cd "$(dirname "$0")/.."
module=local/dynamodb
jar=$(ls "$module"/target/orderflow-local-dynamodb-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
classpath_file="$module/target/runtime-classpath.txt"
if [ -z "$jar" ] || [ ! -s "$classpath_file" ] \
    || [ -n "$(find "$module/src/main" "$module/pom.xml" pom.xml -newer "$jar" -print -quit)" ]; then
  echo "building the engine..." >&2
  ./mvnw -q -B -pl "$module" -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
  ./mvnw -q -B -pl "$module" dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt \
    -DincludeScope=runtime >&2
  jar=$(ls "$module"/target/orderflow-local-dynamodb-*.jar | grep -v -e sources -e javadoc | head -n 1)
  rm -f "$module/target/engine.jsa"
fi
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
classpath="$jar:$(cat "$classpath_file")"
# A heap that follows the data rather than the machine: the serial collector gives memory back
# and keeps at most about a third more than is live, and starts faster than G1. scripts/bench-dynamodb.sh
# measures with the same options (it reads this line). Add or override options with
# ORDERFLOW_DYNAMODB_JAVA_OPTS.
jvm_options=(-XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -XX:TieredStopAtLevel=1 -Xss512k)
# shellcheck disable=SC2206
extra_options=(${ORDERFLOW_DYNAMODB_JAVA_OPTS:-})
archive="$module/target/engine.jsa"
if [ ! -s "$archive" ]; then
  "$java_bin" "${jvm_options[@]}" -XX:ArchiveClassesAtExit="$archive" -Xshare:auto -cp "$classpath" \
    dev.orderflow.local.dynamodb.Main --exit-after-start >/dev/null 2>&1 || rm -f "$archive"
fi
share=()
[ -s "$archive" ] && share=(-XX:SharedArchiveFile="$archive" -Xshare:auto)
exec "$java_bin" "${jvm_options[@]}" ${extra_options[@]+"${extra_options[@]}"} ${share[@]+"${share[@]}"} \
  -cp "$classpath" dev.orderflow.local.dynamodb.Main "$@"
