#!/usr/bin/env bash
# Prints the synth time of the pizza-orders example against an empty app made the way
# `cdk init app --language java` makes one, measured in the same run, as a ratio. Budget 1.3.
# Each run is a fresh JVM that synthesizes into its own folder, as `cdk synth` runs the app.
# It also prints the same comparison with aws-cdk-lib's template validation off on both sides
# (CDK_VALIDATION=false), and where the time of one synth goes, phase by phase.
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
  CDK_VALIDATION=${validation:-true} CDK_OUTDIR="$out" "$java_bin" -cp "$cp" "$@" > /dev/null 2>&1
  end=$(date +%s%N)
  [ -f "$out/manifest.json" ] || { echo "no cloud assembly from $1" >&2; exit 1; }
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

run_ms dev.orderflow.examples.bench.EmptyCdkApp > /dev/null   # warm the file cache
for validation in true false; do
  : > "$work/example.$validation"; : > "$work/empty.$validation"; : > "$work/queue.$validation"
  for _ in $(seq "$runs"); do
    run_ms dev.orderflow.examples.bench.EmptyCdkApp >> "$work/empty.$validation"
    run_ms dev.orderflow.examples.pizza.PizzaOrdersApp >> "$work/example.$validation"
    run_ms dev.orderflow.examples.bench.EmptyCdkApp queue >> "$work/queue.$validation"
  done
done

phases() { # app validation: median milliseconds of each phase over 3 runs
  local out lines
  lines=$(for _ in 1 2 3; do
    out=$(mktemp -d "$work/out.XXXX")
    CDK_VALIDATION=$2 CDK_OUTDIR="$out" "$java_bin" -cp "$cp" dev.orderflow.examples.bench.SynthPhases "$1" 2> /dev/null \
      | grep '^jvm '
  done)
  field() { echo "$lines" | awk -v f="$1" '{print $f}' | median; }
  echo "JVM start $(field 2) ms, App (Node.js, aws-cdk-lib) $(field 4) ms, construct $(field 6) ms," \
    "synth $(field 8) ms"
}

ratio() { awk -v e="$1" -v b="$2" 'BEGIN {printf "%.2f", e / b}'; }
"$java_bin" -version 2>&1 | head -1 | sed 's/^/jvm: /'
echo "node: $(node --version)"
for validation in true false; do
  empty=$(median < "$work/empty.$validation")
  queue=$(median < "$work/queue.$validation")
  example=$(median < "$work/example.$validation")
  [ "$validation" = true ] && echo "== as users run it (aws-cdk-lib's template validation on), median of $runs runs" \
    || echo "== template validation off on both sides (CDK_VALIDATION=false), median of $runs runs"
  echo "pizza-orders example ${example} ms, empty cdk-init app ${empty} ms, cdk-init app with its sample queue ${queue} ms"
  echo "ratio example/empty: $(ratio "$example" "$empty"), example/one-queue app: $(ratio "$example" "$queue")"
  [ "$validation" = true ] && headline=$(ratio "$example" "$empty")
done
echo "== phases, median of 3 runs each"
echo "empty app, validation on:   $(phases empty true)"
echo "example,   validation on:   $(phases example true)"
echo "empty app, validation off:  $(phases empty false)"
echo "example,   validation off:  $(phases example false)"
echo "headline ratio example/empty: $headline (budget 1.3)"
awk -v r="$headline" 'BEGIN {exit !(r < 1.3)}' && echo "within budget" || { echo "OVER BUDGET"; exit 1; }
