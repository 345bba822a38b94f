#!/usr/bin/env bash
# Prints the size of the payment Lambda artifact and its cold start: the time from JVM start to the
# first handler answer, against a bare handler that answers its input, measured in the same run.
# Budget: artifact under 2 MB, ratio under 1.5.
#
#   scripts/bench-runtime.sh [runs]        (default 21 runs of each, alternating)
# JAVA_HOME selects the JVM (the deployed function runs Java 25).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-21}
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java

./mvnw -q -B -pl runtime -am package -DskipTests
artifact=$(ls runtime/target/orderflow-runtime-*-lambda.zip)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && unzip -q "$OLDPWD/$artifact")

# The function's class path, as the Lambda runtime builds it, plus the driver from the test classes.
payment_cp="$work:$(ls "$work"/lib/*.jar | tr '\n' ':')runtime/target/test-classes"
bare_cp="$(ls "$work"/lib/aws-lambda-java-core-*.jar):runtime/target/test-classes"
# The JVM options the deployed function sets.
jvm_opts=(-XX:+TieredCompilation -XX:TieredStopAtLevel=1)
request='{"orderId":"order-1","customerId":"anonymous","name":"Pizza","quantity":6,"restaurantId":"Dominos Pizza"}'

run_ms() { # class path, handler class: wall milliseconds of one fresh JVM answering one request
  local start end
  start=$(date +%s%N)
  "$java_bin" "${jvm_opts[@]}" -cp "$1" dev.orderflow.runtime.bench.ColdStartDriver "$2" "$request" > /dev/null
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One warm-up run of each fills the OS file cache.
run_ms "$payment_cp" dev.orderflow.runtime.payment.PaymentHandler > /dev/null
run_ms "$bare_cp" dev.orderflow.runtime.bench.BareHandler > /dev/null
: > "$work/payment.ms"; : > "$work/bare.ms"
for _ in $(seq "$runs"); do
  run_ms "$bare_cp" dev.orderflow.runtime.bench.BareHandler >> "$work/bare.ms"
  run_ms "$payment_cp" dev.orderflow.runtime.payment.PaymentHandler >> "$work/payment.ms"
done

size=$(stat -c %s "$artifact")
bare=$(median < "$work/bare.ms")
payment=$(median < "$work/payment.ms")
ratio=$(awk -v p="$payment" -v b="$bare" 'BEGIN {printf "%.2f", p / b}')
budget_size=$(( 2 * 1024 * 1024 ))
"$java_bin" -version 2>&1 | head -1 | sed 's/^/jvm: /'
printf 'artifact: %s bytes (%.2f MiB, %.0f%% of the 2 MiB budget)\n' "$size" \
  "$(awk -v s="$size" 'BEGIN {print s / 1048576}')" "$(awk -v s="$size" -v b="$budget_size" 'BEGIN {print 100 * s / b}')"
echo "cold start, median of $runs runs: payment handler ${payment} ms, bare handler ${bare} ms"
echo "ratio payment/bare: $ratio (budget 1.5)"
awk -v r="$ratio" -v s="$size" -v b="$budget_size" 'BEGIN {exit !(r < 1.5 && s < b)}' \
  && echo "within budget" || { echo "OVER BUDGET"; exit 1; }
