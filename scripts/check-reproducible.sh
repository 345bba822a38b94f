#!/usr/bin/env bash
# Builds the runtime and constructs jars twice from clean and fails unless every archive is
# byte-identical: the Lambda artifact's checksum (and so its CDK asset hash) depends only on the commit.
set -euo pipefail
# A failed build inside $(build) must stop the script, not leave the previous archives to compare.
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
archives=(runtime/target/orderflow-runtime-*-lambda.zip runtime/target/orderflow-runtime-*[0-9T].jar
          constructs/target/orderflow-constructs-*[0-9T].jar)

build() {
  # -am: constructs' tests depend on the table engine, which the reactor must build too.
  ./mvnw -q -B -pl runtime,constructs -am clean package -DskipTests
  # shellcheck disable=SC2086
  sha256sum ${archives[*]}
}

first=$(build)
sleep 1 # a build that stamped the clock into an archive would now differ
second=$(build)
echo "$first"
if [ "$first" != "$second" ]; then
  echo "NOT REPRODUCIBLE: the second build differs:"
  diff <(echo "$first") <(echo "$second") || true
  exit 1
fi
echo "reproducible: two clean builds gave byte-identical archives"
