#!/usr/bin/env bash
# How long `cdk synth` waits for the pizza-orders example, against the app that
# `cdk init app --language java` makes (with its sample queue), measured in one run on this machine.
# Each route is the project's cdk.json `app` command, run as the CDK CLI runs it: through /bin/sh,
# in the project's folder, with the CLI's CDK_* variables (context, output folder), into a fresh
# output folder. Pairs alternate which route goes first. The last line is the median ratio of the
# pairs, example / baseline: synth-ratio=<median>. Budget 1.3.
#
# Before that it prints where the time goes, from the same run: each app run bare from its class
# path with no JVM options (so the rest of its route is Maven, or the launcher), the example with
# aws-cdk-lib's template validation off, and each route right after a source changed (the script
# touches the baseline's stack, a construct source and an example source; the example's route
# then rebuilds the modules).
#
#   scripts/bench-synth.sh [pairs]       (default 5, at least 3; JAVA_HOME chooses the JVM)
#
# Needs Node.js (npx fetches the CDK CLI) and `mvn` on the PATH: the baseline's command is
# `mvn -e -q compile exec:java`. The example's route builds into this tree's target folders.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
pairs=${1:-5}
[ "$pairs" -ge 3 ] 2> /dev/null || { echo "pairs must be a number, at least 3; got '$pairs'" >&2; exit 2; }
command -v mvn > /dev/null || { echo "mvn is not on the PATH: the cdk init app runs 'mvn -e -q compile exec:java'" >&2; exit 2; }
cdk=(npx -y aws-cdk@2.1148.1)
java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
example=$root/examples/pizza-orders
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

now_ms() { # wall clock in milliseconds (bash 5 has it built in; macOS ships bash 3.2)
  if [ -n "${EPOCHREALTIME:-}" ]; then
    local t=${EPOCHREALTIME/[.,]/}
    echo $((t / 1000))
  else
    perl -MTime::HiRes=time -e 'printf "%d\n", time * 1000'
  fi
}
median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
app_command() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).app)' "$1/cdk.json"; }

# The baseline: a fresh `cdk init app --language java` project with its sample queue uncommented.
# It is pinned to the aws-cdk-lib of this library, so that both sides run the same aws-cdk-lib
# (its template range asks for a release newer than ours).
base=$work/init
mkdir "$base"
(cd "$base" && "${cdk[@]}" init app --language java --generate-only > /dev/null 2>&1)
stack_file=$base/src/main/java/com/myorg/InitStack.java
sed -e 's#^// import software.amazon.awscdk.Duration;#import software.amazon.awscdk.Duration;#' \
    -e 's#^// import software.amazon.awscdk.services.sqs.Queue;#import software.amazon.awscdk.services.sqs.Queue;#' \
    -e 's#^\( *\)// final Queue queue#\1final Queue queue#' \
    -e 's#^\( *\)//\( *\)\.visibilityTimeout#\1  \2.visibilityTimeout#' \
    -e 's#^\( *\)//\( *\)\.build();#\1  \2.build();#' "$stack_file" > "$work/InitStack.java"
mv "$work/InitStack.java" "$stack_file"
grep -q '^ *final Queue queue' "$stack_file" || { echo "could not uncomment the sample queue of $stack_file" >&2; exit 1; }
cdk_lib=$(sed -n 's#.*<aws-cdk-lib.version>\(.*\)</aws-cdk-lib.version>.*#\1#p' pom.xml)
sed "s#<cdk.version>.*</cdk.version>#<cdk.version>$cdk_lib</cdk.version>#" "$base/pom.xml" > "$work/pom.xml"
mv "$work/pom.xml" "$base/pom.xml"

# The CDK_* variables the CLI gives an app (context from cdk.json, CLI version, output files),
# captured once per project by letting the CLI run a command that saves them.
capture_env() { # project file
  (cd "$1" && "${cdk[@]}" synth --app "env > '$2.all'" > /dev/null 2>&1) || true
  grep '^CDK_' "$2.all" | grep -v -E '^CDK_(OUTDIR|ERROR_FILE|PERF_COUNTERS_FILE)=' > "$2" || true
  grep -q '^CDK_CONTEXT_JSON=' "$2" || { echo "the CDK CLI gave no context to the app in $1" >&2; exit 1; }
}
capture_env "$base" "$work/base.env"
capture_env "$example" "$work/example.env"

# One run of a command as the CLI runs an app; appends its wall milliseconds to $work/<name>.
run() { # name project env-file command [VAR=value ...]
  local name=$1 project=$2 env_file=$3 command=$4 out start end
  shift 4
  local vars=()
  while IFS= read -r line; do vars+=("$line"); done < "$env_file"
  out=$(mktemp -d "$work/out.XXXX")
  start=$(now_ms)
  if ! (cd "$project" && env "${vars[@]}" CDK_OUTDIR="$out" CDK_ERROR_FILE="$out/error.txt" \
      CDK_PERF_COUNTERS_FILE="$out/performance-counters.json" "$@" /bin/sh -c "$command") > "$out.log" 2>&1; then
    echo "$name failed:" >&2
    tail -n 30 "$out.log" >&2
    exit 1
  fi
  end=$(now_ms)
  [ -f "$out/manifest.json" ] || { echo "$name wrote no cloud assembly" >&2; exit 1; }
  echo $((end - start)) >> "$work/$name"
  if grep -q 'building the app.s modules' "$out.log"; then echo "$name" >> "$work/rebuilt"; fi
  rm -rf "$out" "$out.log"
}

base_route=$(app_command "$base")
example_route=$(app_command "$example")
echo "baseline route (cdk init app): $base_route"
echo "example route (cdk.json):      $example_route"

# Warm-up, untimed: the baseline compiles and resolves its dependencies; the example's first run
# builds its modules if they are not current.
run warm-base "$base" "$work/base.env" "$base_route"
run warm-example "$example" "$work/example.env" "$example_route"
rm -f "$work/rebuilt"

for i in $(seq "$pairs"); do
  if [ $((i % 2)) -eq 1 ]; then
    run base "$base" "$work/base.env" "$base_route"
    run example "$example" "$work/example.env" "$example_route"
  else
    run example "$example" "$work/example.env" "$example_route"
    run base "$base" "$work/base.env" "$base_route"
  fi
done
if [ -f "$work/rebuilt" ]; then
  echo "the example's route rebuilt during the timed pairs (did a source change?); run again" >&2
  exit 1
fi

# Where the time goes: the same apps run bare from their class paths, interleaved with their routes.
(cd "$base" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.outputFile="$work/base.classpath" > "$work/base.classpath.log" 2>&1) \
  || { cat "$work/base.classpath.log" >&2; exit 1; }
base_bare="'$java_bin' -cp 'target/classes:$(cat "$work/base.classpath")' com.myorg.InitApp"
example_bare="'$java_bin' -cp 'target/orderflow-example-pizza-orders.jar:$(cat "$example/target/synth/classpath.txt")' dev.orderflow.examples.pizza.PizzaOrdersApp"
for _ in 1 2 3 4 5; do
  run base-route "$base" "$work/base.env" "$base_route"
  run base-bare "$base" "$work/base.env" "$base_bare"
  run example-route "$example" "$work/example.env" "$example_route"
  run example-bare "$example" "$work/example.env" "$example_bare"
  run example-bare-novalidation "$example" "$work/example.env" "$example_bare" CDK_VALIDATION=false
done
# The launcher's own work (its checks and starting the JVM), with a stand-in java that exits at once.
mkdir -p "$work/no-jdk/bin"
printf '#!/bin/sh\nexit 0\n' > "$work/no-jdk/bin/java"
chmod +x "$work/no-jdk/bin/java"
start=$(now_ms)
for _ in 1 2 3 4 5 6 7 8 9 10; do
  (cd "$example" && JAVA_HOME="$work/no-jdk" /bin/sh -c "$example_route" > /dev/null 2>&1)
done
launcher_ms=$(awk -v t=$(($(now_ms) - start)) 'BEGIN {printf "%.0f", t / 10}')

# Each route right after a source changed, as `cdk watch` runs it on every save: the baseline's
# stack, and for the example (whose launcher then rebuilds the modules) a construct's source and
# the example's own.
construct_source=$(find constructs/src/main/java -name '*.java' | sort | head -n 1)
example_source=$(find examples/pizza-orders/src/main/java -name '*.java' | sort | head -n 1)
for _ in 1 2 3; do
  touch "$stack_file"
  run base-changed "$base" "$work/base.env" "$base_route"
  touch "$construct_source"
  run construct-changed "$example" "$work/example.env" "$example_route"
  touch "$example_source"
  run example-changed "$example" "$work/example.env" "$example_route"
done
[ "$(wc -l < "$work/rebuilt")" -eq 6 ] || { echo "the example's route did not rebuild after each change" >&2; exit 1; }

m() { median < "$work/$1"; }
echo "jvm: $("$java_bin" -version 2>&1 | head -n 1); node: $(node --version);" \
  "baseline maven: $(mvn -B -v 2> /dev/null | head -n 1 | tr -d '\033' | sed 's/\[[0-9;]*m//g'); aws-cdk-lib $cdk_lib on both sides"
echo "== routes, $pairs alternating pairs (ms)"
echo "baseline: $(paste -sd' ' "$work/base")"
echo "example:  $(paste -sd' ' "$work/example")"
paste -d' ' "$work/example" "$work/base" | awk '{printf "%.3f\n", $1 / $2}' > "$work/ratios"
echo "ratios:   $(paste -sd' ' "$work/ratios")"
echo "median: example $(m example) ms, baseline $(m base) ms"
echo "== where the time goes, median of 5 (ms)"
echo "baseline route $(m base-route), its app run bare $(m base-bare):" \
  "Maven (start, compile check, exec:java) adds $(($(m base-route) - $(m base-bare)))"
echo "example route $(m example-route), its app run bare (no JVM options) $(m example-bare):" \
  "the launcher's JVM options save $(($(m example-bare) - $(m example-route)));" \
  "its own check costs $launcher_ms (mean of 10)"
echo "example app run bare with CDK_VALIDATION=false $(m example-bare-novalidation):" \
  "aws-cdk-lib's template validation takes $(($(m example-bare) - $(m example-bare-novalidation)))"
echo "== right after a change, median of 3 (ms)"
echo "baseline, its stack's source touched: $(paste -sd' ' "$work/base-changed"), median $(m base-changed)"
for changed in construct example; do
  source_file=$construct_source
  [ "$changed" = example ] && source_file=$example_source
  echo "example, $source_file touched: $(paste -sd' ' "$work/$changed-changed")," \
    "median $(m "$changed-changed"), $(ratio "$(m "$changed-changed")" "$(m base-changed)") x the baseline's"
done
echo "synth-ratio=$(median < "$work/ratios")"
