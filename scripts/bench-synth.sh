#!/usr/bin/env bash
# Prints the synth time of the pizza-orders example against an empty app made the way
# `cdk init app --language java` makes one, measured in the same run, as a ratio. Budget 1.3.
# Each run is a fresh JVM that synthesizes into its own folder, as `cdk synth` runs the app.
#
#   scripts/bench-synth.sh [runs]        (default 7 runs of each, alternating)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

./mvnw -q -B -pl examples/pizza-orders -am install -DskipTests
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./mvnw -q -B -pl examples/pizza-orders dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt"
cp="examples/pizza-orders/target/classes:examples/pizza-orders/target/test-classes:$(cat "$work/classpath.txt")"

run_ms() { # main class [argument]: wall milliseconds of one synthesis in a fresh JVM
  local out start end
  out=$(mktemp -d "$work/out.XXXX")
  start=$(date +%s%N)
  CDK_OUTDIR="$out" "$java_bin" -cp "$cp" "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  [ -f "$out/manifest.json" ] || { echo "no cloud assembly from $1" >&2; exit 1; }
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_ms dev.orderflow.examples.bench.EmptyCdkApp > /dev/null   # warm the file cache
: > "$work/example.ms"; : > "$work/empty.ms"; : > "$work/queue.ms"
for _ in $(seq "$runs"); do
  run_ms dev.orderflow.examples.bench.EmptyCdkApp >> "$work/empty.ms"
  run_ms dev.orderflow.examples.pizza.PizzaOrdersApp >> "$work/example.ms"
  run_ms dev.orderflow.examples.bench.EmptyCdkApp queue >> "$work/queue.ms"
done
empty=$(median < "$work/empty.ms")
queue=$(median < "$work/queue.ms")
example=$(median < "$work/example.ms")
ratio=$(awk -v e="$example" -v b="$empty" 'BEGIN {printf "%.2f", e / b}')
"$java_bin" -version 2>&1 | head -1 | sed 's/^/jvm: /'
echo "node: $(node --version)"
echo "synth, median of $runs runs: pizza-orders example ${example} ms, empty cdk-init app ${empty} ms," \
  "cdk-init app with its sample queue ${queue} ms"
echo "ratio example/one-queue app: $(awk -v e="$example" -v b="$queue" 'BEGIN {printf "%.2f", e / b}')"
echo "ratio example/empty: $ratio (budget 1.3)"
awk -v r="$ratio" 'BEGIN {exit !(r < 1.3)}' && echo "within budget" || { echo "OVER BUDGET"; exit 1; }
