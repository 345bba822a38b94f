#!/usr/bin/env bash
# The whole order pipeline on the local system (orderflow-local): orders pushed through the queue
# of a synthesized stack, end to end to the final row and the email, at the maximum rate and at
# half of it; and, in the same run, the table engine's raw conditional-write rate, with the share
# of that limit the pipeline reaches. The last line is for machines:
#   orders/s=<n> limit-share=<ratio> p95-email-ms=<n at half rate>
#
#   scripts/bench-local.sh [orders] [concurrency] [pizza|blocks]     (default 1000 8 pizza)
set -euo pipefail
cd "$(dirname "$0")/.."
orders=${1:-1000}
concurrency=${2:-8}
stack=${3:-pizza}
build=target-bench-local

# One reactor run builds the modules and writes each one's test class path into its build folder.
./mvnw -q -B -Dorderflow.target="$build" -pl examples/pizza-orders -am package dependency:build-classpath \
  -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true \
  -Dmdep.outputFile="$build/bench-classpath.txt" -DincludeScope=test
classpath_file="examples/pizza-orders/$build/bench-classpath.txt"
cp="examples/pizza-orders/$build/test-classes:examples/pizza-orders/$build/classes:$(cat "$classpath_file")"
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

assembly=$("$java_bin" -cp "$cp" dev.orderflow.examples.pizza.local.bench.SynthesizeForBenchmark "$stack" | tail -n 1)
trap 'rm -rf "$assembly"' EXIT
name=PizzaOrders
[ "$stack" = blocks ] && name=OrderBlocks
echo "stack $name, $orders orders, $concurrency senders, $(nproc) cores"
"$java_bin" -Xmx2g -cp "$cp" dev.orderflow.examples.pizza.local.bench.LocalBenchmark "$assembly" "$name" "$orders" "$concurrency"
