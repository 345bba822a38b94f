#!/bin/sh
# The app command of cdk.json: synthesizes the pizza-orders app into $CDK_OUTDIR (cdk.out when
# run by hand). cdk synth, diff, deploy and watch run it again and again, so it starts the compiled
# app straight from its saved class path, and runs Maven first only when the app's modules must be
# built: on the first run, after a source or build file of runtime/, constructs/ or this example
# (or the root pom, or Maven's settings in .mvn/) changed since the last build, or when a build
# output is gone. That build is lean: compile and package, without tests, Javadoc, sources, the
# Node.js tools or the enforcer checks. `./mvnw verify` runs those.
#
# The app's JVM starts from a class-data sharing archive of the app's classes, written by the
# second run after each build, and compiles with the JIT's first tier only: together about a tenth
# less CPU time for a synth (measured; see docs/performance.md).
#
#   sh synth.sh [app arguments]          (JAVA_HOME chooses the JVM, as for ./mvnw)
set -eu

example=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$example/../.." && pwd)
# The example's build folder: `./mvnw clean` removes the stamp and the class path with it.
state=$example/target/synth
stamp=$state/stamp
classpath_file=$state/classpath.txt
archive=$state/app.jsa
# The example's own jar (named by the synth profile), then its dependencies.
app_jar=$example/target/orderflow-example-pizza-orders.jar

# Prints the first input of the app's build that is newer than the last build, if any. Folders
# count too: deleting or adding a file changes its folder's time. Test sources do not count.
first_change() {
  (cd "$root" && find pom.xml .mvn \
      runtime/pom.xml runtime/src constructs/pom.xml constructs/src \
      examples/pizza-orders/pom.xml examples/pizza-orders/src examples/pizza-orders/synth.sh \
      -path '*/src/test' -prune -o -newer "$stamp" -print 2> /dev/null | head -n 1)
}

# Prints why the modules must be built, or nothing when the last build is current.
build_reason() {
  if [ ! -f "$stamp" ] || [ ! -f "$classpath_file" ]; then
    echo "no earlier build"
    return
  fi
  changed=$(first_change)
  if [ -n "$changed" ]; then
    echo "$changed changed"
    return
  fi
  # A clean of one module removes its jar while the stamp stays.
  entries=$app_jar:$(cat "$classpath_file")
  set -f
  old_ifs=$IFS
  IFS=:
  for entry in $entries; do
    if [ ! -e "$entry" ]; then
      IFS=$old_ifs
      set +f
      echo "$entry is missing"
      return
    fi
  done
  IFS=$old_ifs
  set +f
}

built=false
reason=$(build_reason)
if [ -n "$reason" ]; then
  built=true
  echo "pizza-orders: building the app's modules with Maven ($reason)" >&2
  mkdir -p "$state"
  # Stamped before the build starts, so that an edit made while it runs is seen next time.
  touch "$state/stamp.next"
  # maven.test.skip also drops the tests' dependencies on other modules (see the poms); the
  # synth profile writes the class path; exec.skip leaves running the app to this script. For a
  # build this short, the JIT's top tier and the parallel collector cost more CPU than they save
  # (measured: half the CPU time), unless the user chose Maven's JVM options.
  MAVEN_OPTS=${MAVEN_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC} \
    "$root/mvnw" -q -B -f "$root/pom.xml" -pl examples/pizza-orders -am -Psynth \
    -Dmaven.test.skip=true -DskipTests -Denforcer.skip=true -Dexec.skip=true package >&2
  mv "$state/stamp.next" "$stamp"
fi

# True when the class-data archive was written after every jar of the class path.
archive_current() {
  [ -f "$archive" ] || return 1
  set -f
  old_ifs=$IFS
  IFS=:
  for entry in $classpath; do
    if [ "$entry" -nt "$archive" ]; then
      IFS=$old_ifs
      set +f
      return 1
    fi
  done
  IFS=$old_ifs
  set +f
}

classpath=$app_jar:$(cat "$classpath_file")
# Writing the archive costs the run that writes it about a second, so a run that has just built
# (as under `cdk watch`, which builds on every save) leaves it to the next run without a change.
# An archive that does not fit this JVM or class path is skipped by the JVM; its notices are muted.
if [ "$built" = true ]; then
  rm -f "$archive"
  sharing=-Xshare:auto
elif archive_current; then
  sharing=-XX:SharedArchiveFile=$archive
else
  rm -f "$archive"
  sharing=-XX:ArchiveClassesAtExit=$archive
fi
cd "$example"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -XX:+IgnoreUnrecognizedVMOptions -XX:TieredStopAtLevel=1 \
  "$sharing" -Xlog:cds=off,cds+dynamic=off -cp "$classpath" dev.orderflow.examples.pizza.PizzaOrdersApp "$@"
