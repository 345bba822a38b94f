#!/usr/bin/env bash
# Regenerates docs/licences.md from the build: builds every module without tests into its own
# build folder, where the licence check records each module's Maven dependencies and npm
# packages with their licences instead of checking them, then renders the page from those
# records. Run it after changing a dependency, a package-lock.json or a rule in build/licences/,
# and commit the page. It exits non-zero (after writing the page) while a dependency is under a
# licence that the allow-list refuses, naming it.
set -euo pipefail
cd "$(dirname "$0")/.."
build=target-licences

# Records of a module that is gone must not linger.
find . -name node_modules -prune -o -type d -name "$build" -prune -exec rm -rf {} +

./mvnw -q -B -Dorderflow.target="$build" -Dorderflow.licences.update=true \
  -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true verify

mapfile -t records < <(find . -name node_modules -prune -o -path "*/$build/licences/licences.json" -print | sort)
node scripts/licences.mjs render --out=docs/licences.md "${records[@]}"
