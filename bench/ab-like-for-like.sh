#!/bin/sh
# Copied from the run recorded in docs/BENCHMARKS.md ("Like for like"): build each worktree with
#   mvn -B -q -o -DskipTests -Dmaven.test.skip=true -Dswitchboard.aot.skip package -pl bench -am
# Interleaved A/B: a7c02f8 (before the single-owner Link, and before metrics/access log/trace context) against HEAD
# with metrics and the access log off; 3 rounds, the order flipping each round.
NEWJSON='{"metrics":{"enabled":false},"logging":{"access":"off"}}'
run() {
  t=$1
  echo "=== $t round $2 $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  if [ "$t" = bench-new ]; then export BENCH_GATEWAY_JSON="$NEWJSON"; else unset BENCH_GATEWAY_JSON; fi
  (cd /tmp/$t && BENCH_NO_BUILD=1 sh bench/run.sh --phases throughput,policy-load --sessions 64 --targets gateway \
    --server-warmup 5 --warmup 3 --duration 10 --no-write 2>&1 | grep -E "calls/s|^\|" )
}
for round in 1 2 3; do
  if [ $((round % 2)) = 1 ]; then run bench-old $round; run bench-new $round; else run bench-new $round; run bench-old $round; fi
done
