#!/usr/bin/env bash
# Runs the pizza-order system (or any cloud assembly) on this machine, in the foreground, until
# Ctrl-C or SIGTERM.
#
#   scripts/run-local.sh [--app DIR [--stack NAME]] [--port N] [--email ADDRESS] [--iam MODE]
#                        [--redelivery-delay D] [--data DIR]
#
#   --app DIR       run this cloud assembly (the cdk.out that your cdk synth wrote) instead of
#                   synthesizing the example; --email does not apply to it
#   --stack NAME    the stack of --app to run (default: its only stack)
#   --port N        the GraphQL port (default: a free one)
#   --email ADDRESS the notification address written into the stack, so that every finished
#                   order puts an email in the outbox (default: pizza@example.com)
#   --iam MODE      enforce (default), warn or off: what a call that the stack's IAM policies do
#                   not allow does
#   --allow-origin ORIGIN  a browser origin besides loopback ones that may call the endpoint
#                   (repeatable), passed on to orderflow-local
#   --redelivery-delay D   passed on to orderflow-local (e.g. 2s)
#   --prices FILE   prices for the bill (GET /_orderflow/bill) that replace the shipped ones
#   --data DIR      keep the tables, queues, executions and outbox in DIR between runs (a
#                   relative DIR is taken from the folder you run the script in); without it,
#                   they are gone at exit
#
# It synthesizes the example when its cloud assembly is missing, older than the sources, or made
# for another address (through the example's own app command, synth.sh, into
# examples/pizza-orders/target/run-local/cdk.out); builds orderflow-local when its jar is missing or
# older than its sources (compile and package only); then runs the orderflow-local command line,
# which prints the GraphQL URL, the API key, the GraphiQL page and the email outbox. Needs JDK 17+
# and Node.js 22 or 24 (20 with a warning); the Maven wrapper fetches the rest on the first run.
set -euo pipefail
caller_dir=$PWD
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

usage="usage: scripts/run-local.sh [--app DIR [--stack NAME]] [--port N] [--email ADDRESS] [--iam MODE] [--allow-origin ORIGIN] [--redelivery-delay D] [--data DIR] [--prices FILE]"
port=0
email=pizza@example.com
app=""
stack=""
passed=()
# A folder the user names is theirs: relative to where they ran the script, not to the project.
absolute() {
  case "$1" in
    /*) printf '%s' "$1" ;;
    *) printf '%s' "$caller_dir/$1" ;;
  esac
}
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || { echo "run-local: --port needs a number, e.g. --port 8080" >&2; exit 2; }
      port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --email) [ $# -ge 2 ] || { echo "run-local: --email needs an address, e.g. --email you@example.com" >&2; exit 2; }
      email=$2; shift 2 ;;
    --email=*) email=${1#--email=}; shift ;;
    --app) [ $# -ge 2 ] || { echo "run-local: --app needs a cloud assembly folder, e.g. --app cdk.out" >&2; exit 2; }
      app=$2; shift 2 ;;
    --app=*) app=${1#--app=}; shift ;;
    --stack) [ $# -ge 2 ] || { echo "run-local: --stack needs a stack name, e.g. --stack PizzaOrders" >&2; exit 2; }
      stack=$2; shift 2 ;;
    --stack=*) stack=${1#--stack=}; shift ;;
    --iam) [ $# -ge 2 ] || { echo "run-local: --iam needs enforce, warn or off" >&2; exit 2; }
      passed+=(--iam "$2"); shift 2 ;;
    --iam=*) passed+=("$1"); shift ;;
    --allow-origin) [ $# -ge 2 ] || { echo "run-local: --allow-origin needs an origin, e.g. http://localhost:5173" >&2; exit 2; }
      passed+=(--allow-origin "$2"); shift 2 ;;
    --allow-origin=*) passed+=("$1"); shift ;;
    --redelivery-delay) [ $# -ge 2 ] || { echo "run-local: --redelivery-delay needs a duration, e.g. 2s" >&2; exit 2; }
      passed+=(--redelivery-delay "$2"); shift 2 ;;
    --redelivery-delay=*) passed+=("$1"); shift ;;
    --data) [ $# -ge 2 ] || { echo "run-local: --data needs a folder, e.g. --data .orderflow-data" >&2; exit 2; }
      passed+=(--data "$(absolute "$2")"); shift 2 ;;
    --data=*) passed+=(--data "$(absolute "${1#--data=}")"); shift ;;
    --prices) [ $# -ge 2 ] || { echo "run-local: --prices needs a JSON file, e.g. --prices my-prices.json" >&2; exit 2; }
      passed+=(--prices "$(absolute "$2")"); shift 2 ;;
    --prices=*) passed+=(--prices "$(absolute "${1#--prices=}")"); shift ;;
    -h|--help) echo "$usage"; exit 0 ;;
    *) echo "run-local: unknown option '$1'; $usage" >&2; exit 2 ;;
  esac
done
case "$port" in
  ''|*[!0-9]*) echo "run-local: --port takes a number from 0 to 65535, but '$port' was given" >&2; exit 2 ;;
esac
case "$email" in
  *@*.*) ;;
  *) echo "run-local: --email takes an address such as you@example.com, but '$email' was given" >&2; exit 2 ;;
esac
case "$email" in
  *[\"\\\ ]*) echo "run-local: --email takes an address such as you@example.com, but '$email' was given" >&2; exit 2 ;;
esac

java_bin=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v "$java_bin" >/dev/null 2>&1 || { echo "run-local: java was not found: install JDK 17 or newer" >&2; exit 1; }
command -v node >/dev/null 2>&1 || {
  echo "run-local: Node.js was not found: install Node.js 22 or 24 (https://nodejs.org) and put it on the PATH" >&2
  exit 1
}
# The state machines and resolver code run on Node.js: 22 or 24 as the README asks; 20 still works
# (with a polyfill), older does not.
node_version=$(node --version 2>/dev/null || true)
node_major=${node_version#v}
node_major=${node_major%%.*}
case "$node_major" in
  ''|*[!0-9]*) echo "run-local: could not read the version of Node.js ('node --version' answered '$node_version'): install Node.js 22 or 24" >&2
    exit 1 ;;
esac
if [ "$node_major" -lt 20 ]; then
  echo "run-local: Node.js $node_version is too old: install Node.js 22 or 24 (https://nodejs.org) and put it on the PATH" >&2
  exit 1
elif [ "$node_major" -lt 22 ]; then
  echo "run-local: Node.js $node_version works, but 22 or 24 is the one to use: install it when you can" >&2
fi

# Prints the first file under the given paths that is newer than $1, if any; test sources do not count.
newer_than() {
  local reference=$1
  shift
  find "$@" -path '*/src/test' -prune -o -newer "$reference" -print 2>/dev/null | head -n 1
}

if [ -n "$stack" ] && [ -z "$app" ]; then
  echo "run-local: --stack chooses a stack of --app; give --app too (the example runs its PizzaOrders stack)" >&2
  exit 2
fi
if [ -n "$app" ]; then
  [ -d "$app" ] || { echo "run-local: --app $app is not a folder: give the cdk.out that cdk synth wrote" >&2; exit 2; }
  [ -f "$app/manifest.json" ] || { echo "run-local: --app $app has no manifest.json: run cdk synth first" >&2; exit 2; }
  app=$(cd "$app" && pwd)
fi

# 1. The example's cloud assembly, with the notification address (unless --app gives one).
example=examples/pizza-orders
assembly=$example/target/run-local/cdk.out
template=$assembly/PizzaOrders.template.json
synth_reason=""
if [ -n "$app" ]; then
  synth_reason=""
elif [ ! -s "$template" ]; then
  synth_reason="no cloud assembly yet"
elif ! grep -q "\"$email\"" "$template"; then
  synth_reason="the address is now $email"
else
  changed=$(newer_than "$template" pom.xml .mvn runtime/pom.xml runtime/src constructs/pom.xml constructs/src \
    "$example/pom.xml" "$example/src" "$example/synth.sh")
  [ -z "$changed" ] || synth_reason="$changed changed"
fi
if [ -n "$synth_reason" ]; then
  echo "run-local: synthesizing the example ($synth_reason)..." >&2
  rm -rf "$assembly"
  mkdir -p "$assembly"
  # As the CDK CLI runs the app command: the output folder and the context in the environment.
  CDK_OUTDIR="$root/$assembly" CDK_CONTEXT_JSON="{\"notificationEmail\":\"$email\"}" sh "$example/synth.sh" >&2
  [ -s "$template" ] || { echo "run-local: the synthesis wrote no $template" >&2; exit 1; }
fi

# 2. orderflow-local and its class path.
module=local/stack
state=$module/target/run-local
jar=$(ls "$module"/target/orderflow-local-*.jar 2>/dev/null | grep -v -e sources -e javadoc -e tests | head -n 1 || true)
classpath_file=$state/classpath.txt
if [ -z "$jar" ] || [ ! -s "$classpath_file" ] \
    || [ -n "$(newer_than "$classpath_file" pom.xml .mvn "$module/pom.xml" "$module/src" local/dynamodb/pom.xml local/dynamodb/src)" ] \
    || [ -n "$(newer_than "$jar" "$module/src/main")" ]; then
  echo "run-local: building orderflow-local (compile and package only)..." >&2
  mkdir -p "$state"
  # One reactor, so that the class path names the table engine's jar just built; the table
  # engine's module writes its own class path first, then orderflow-local's replaces it.
  ./mvnw -q -B -pl "$module" -am -Dmaven.test.skip=true -DskipTests -Dmaven.javadoc.skip=true \
    -Dmaven.source.skip=true -Denforcer.skip=true package dependency:build-classpath \
    -DincludeScope=runtime -Dmdep.outputFile="$root/$classpath_file" >&2
  jar=$(ls "$module"/target/orderflow-local-*.jar | grep -v -e sources -e javadoc -e tests | head -n 1)
fi

# 3. The command line, in this process's place: Ctrl-C and SIGTERM reach the JVM, whose shutdown
# hook stops everything it started.
if [ -n "$app" ]; then
  target=(--app "$app")
  [ -z "$stack" ] || target+=(--stack "$stack")
else
  target=(--app "$root/$assembly" --stack PizzaOrders)
fi
exec "$java_bin" -cp "$root/$jar:$(cat "$classpath_file")" dev.orderflow.local.cli.LocalCommand \
  "${target[@]}" --port "$port" ${passed[@]+"${passed[@]}"}
