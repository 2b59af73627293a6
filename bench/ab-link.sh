#!/bin/sh
# Usage: git worktree add /tmp/bench-old a7c02f8; git worktree add /tmp/bench-new <after>; build each with
#   mvn -B -q -DskipTests -Dmaven.test.skip=true package -pl bench -am   (in each worktree), then run this script.
# Interleaved A/B: the tree before the single-owner Link (a7c02f8) and after, same flags, same machine.
for round in 1 2; do
  for t in bench-old bench-new; do
    echo "=== $t round $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd /tmp/$t && BENCH_NO_BUILD=1 sh bench/run.sh --phases throughput,policy-load --sessions 64 --targets gateway \
      --server-warmup 5 --warmup 3 --duration 10 --no-write 2>&1 | grep -E "calls/s|^\|" )
  done
done
