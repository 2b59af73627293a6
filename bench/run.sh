#!/bin/sh
# Switchboard benchmark: builds the bench module (and what it needs), then runs dev.switchboard.bench.Bench with a
# JDK >= 21. Arguments go to the bench; `bench/run.sh --help` lists them. The report is printed and written to
# docs/BENCHMARKS.md (relative to the repository root) unless --no-write or --out is given.
#
#   bench/run.sh                               # the full run: warm-up 3 s, 10 s per point, 1/8/64 sessions
#   bench/run.sh --warmup 1 --duration 2       # a short run to check the harness (numbers are then provisional)
#   bench/run.sh --phases policy-load,policy-start,churn,policy-memory --no-write   # only the sharing policies
#
# The policy-memory phase holds 100 sessions of the `session` policy open, i.e. 100 fixture child JVMs at once (about
# 70 MiB RSS each, so ~7 GiB); --memory-sessions lowers it.
#
# Environment:
#   SWITCHBOARD_JAVA_HOME  JDK to use (checked first; must be Java 21 or newer), as for bin/switchboard
#   BENCH_JAVA_OPTS        JVM options for the bench (client) JVM; default "-Xms1g -Xmx2g"
#   BENCH_NO_BUILD=1       skip the Maven build and run what is in bench/target
set -eu

die() {
  printf 'bench: %s\n' "$*" >&2
  exit 1
}

HERE=$(cd -P -- "$(dirname -- "$0")" && pwd)
ROOT=$(dirname -- "$HERE")

# --- Find a JDK >= 21: the same discovery as bin/switchboard (taken from it when it is there), else the newest
# JDK >= 21 under /usr/lib/jvm.
JAVA=
JDK_HOME=
JDK_MAJOR=
if [ -f "$ROOT/bin/switchboard" ]; then
  discovery=$(sed -n '/^# --- Find a JDK >= 21/,/^# --- Build on first use/p' "$ROOT/bin/switchboard" |
    sed '/^# --- Build on first use/d')
  if [ -n "$discovery" ]; then
    # It defines java_props/try_java and sets JAVA, JDK_HOME and JDK_MAJOR, or calls die.
    eval "$discovery" || :
  fi
fi
if [ -z "$JAVA" ]; then
  for candidate in /usr/lib/jvm/*/bin/java; do
    [ -x "$candidate" ] || continue
    major=$("$candidate" -XshowSettings:properties -version 2>&1 |
      awk -F' = ' '/^[ \t]*java\.specification\.version = / { v = $2; sub(/^1\./, "", v); sub(/\..*$/, "", v); print v }')
    case $major in '' | *[!0-9]*) continue ;; esac
    if [ "$major" -ge 21 ] && { [ -z "$JDK_MAJOR" ] || [ "$major" -gt "$JDK_MAJOR" ]; }; then
      JAVA=$candidate JDK_MAJOR=$major JDK_HOME=$(dirname -- "$(dirname -- "$candidate")")
    fi
  done
fi
[ -n "$JAVA" ] || die "the bench needs Java 21 or newer; set SWITCHBOARD_JAVA_HOME to a JDK 21+ installation"
printf 'bench: using %s (Java %s)\n' "$JAVA" "$JDK_MAJOR" >&2

# --- Build (no tests run; JAVA<n>_HOME lets the toolchains plugin find this JDK).
if [ "${BENCH_NO_BUILD:-}" != 1 ]; then
  (cd "$ROOT" && env "JAVA${JDK_MAJOR}_HOME=$JDK_HOME" mvn -B -q -DskipTests -Dmaven.test.skip=true \
    -Dspotless.check.skip=true install -pl bench -am) ||
    die "build failed; see above"
fi
JAR=$ROOT/bench/target/switchboard-bench.jar
LIB=$ROOT/bench/target/bench-lib
[ -f "$JAR" ] && [ -d "$LIB" ] || die "$JAR or $LIB is missing; run without BENCH_NO_BUILD=1"

# --- Run from the repository root, so the default --out and --log-dir land in docs/ and bench/target/.
invoked="bench/run.sh"
for arg in "$@"; do
  case $arg in
    *[!A-Za-z0-9_.,:/=+-]* | '') invoked="$invoked '$arg'" ;;
    *) invoked="$invoked $arg" ;;
  esac
done
cd "$ROOT"
# shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of options
exec "$JAVA" ${BENCH_JAVA_OPTS:--Xms1g -Xmx2g} -cp "$JAR:$LIB/*" dev.switchboard.bench.Bench --invoked-as "$invoked" "$@"
