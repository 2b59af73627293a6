package dev.switchboard.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Closed-loop load: one platform thread per session, each issuing its next call as soon as the last one is answered
 * — or, given a rate, paced: each session starts its calls on a fixed schedule (the rate shared evenly, the sessions'
 * schedules staggered), never sooner, and a session that falls behind starts its next call at once without
 * catching up (so a point that cannot keep the rate runs closed-loop and reports what it reached). All threads start
 * together, run unrecorded for the warm-up, then record every call that starts and ends inside
 * the measurement window. A point ends at the window's end or once {@code maxCalls} calls are recorded, whichever
 * comes first; a session whose call fails stops and is counted. Platform threads (not virtual) keep the client's
 * wake-ups the same for sockets and pipes.
 */
final class LoadGenerator {
  private static final long START_DELAY_NANOS = Duration.ofMillis(100).toNanos();
  private static final long JOIN_GRACE_MILLIS = 60_000;

  private LoadGenerator() {}

  static Stats.LoadResult run(String target, List<? extends EchoSession> sessions, Duration warmup,
      Duration duration, long maxCalls, CpuMeter cpu) throws InterruptedException {
    return run(target, sessions, warmup, duration, maxCalls, cpu, 0);
  }

  /** As above, paced at {@code rate} calls per second across all sessions; 0 is closed-loop. */
  static Stats.LoadResult run(String target, List<? extends EchoSession> sessions, Duration warmup,
      Duration duration, long maxCalls, CpuMeter cpu, double rate) throws InterruptedException {
    int n = sessions.size();
    long period = rate > 0 ? (long) (n * 1e9 / rate) : 0;
    long start = System.nanoTime() + START_DELAY_NANOS;
    long from = start + warmup.toNanos();
    long to = from + duration.toNanos();
    AtomicLong recorded = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong capReachedAt = new AtomicLong(Long.MAX_VALUE);
    AtomicReference<@Nullable String> failure = new AtomicReference<>();
    List<Stats.Samples> samples = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      EchoSession session = sessions.get(i);
      Stats.Samples mine = new Stats.Samples(4096);
      samples.add(mine);
      long first = start + period * i / n;
      threads.add(Thread.ofPlatform().name("load-" + target + "-" + i).daemon().start(() -> {
        long next = first;
        long id = 1;
        while (true) {
          sleepUntil(Math.min(next, to));
          long s = System.nanoTime();
          next = Math.max(next + period, s);
          if (s >= to || s >= capReachedAt.get()) {
            return;
          }
          try {
            session.echo(id++);
          } catch (IOException | RuntimeException e) {
            errors.incrementAndGet();
            failure.compareAndSet(null, e.toString());
            return;
          }
          long e = System.nanoTime();
          if (s >= from && e <= to) {
            mine.add(e - s);
            if (recorded.incrementAndGet() >= maxCalls) {
              capReachedAt.compareAndSet(Long.MAX_VALUE, e);
            }
          }
        }
      }));
    }
    sleepUntil(from);
    Map<String, Long> cpuBefore = cpu.sample();
    while (System.nanoTime() < to && capReachedAt.get() == Long.MAX_VALUE) {
      LockSupport.parkNanos(Math.min(10_000_000L, Math.max(1, to - System.nanoTime())));
    }
    Map<String, Long> cpuAfter = cpu.sample();
    long end = Math.min(to, capReachedAt.get());
    for (Thread t : threads) {
      t.join(JOIN_GRACE_MILLIS);
      if (t.isAlive()) {
        failure.compareAndSet(null, t.getName() + " still blocked " + JOIN_GRACE_MILLIS / 1000 + " s after the end");
      }
    }
    long[] all = Stats.Samples.merge(samples);
    Stats.Percentiles latency = Stats.percentiles(all, all.length);
    return new Stats.LoadResult(target, n, all.length, errors.get(), (end - from) / 1e9, latency,
        CpuMeter.perCall(cpuBefore, cpuAfter, all.length), failure.get());
  }

  private static void sleepUntil(long deadline) {
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
