package dev.switchboard.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The result records and the percentile math (nearest rank on the sorted samples). Immutable. */
final class Stats {
  private Stats() {}

  /** Latency percentiles in milliseconds over {@code count} samples. */
  record Percentiles(int count, double p50, double p90, double p99, double max) {
    static final Percentiles EMPTY = new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /**
   * One throughput point: a target at a number of concurrent sessions. {@code cpuMicrosPerCall} is CPU microseconds
   * per recorded call by process group (server = gateway or floor JVM, children, client, and the whole machine).
   */
  record LoadResult(
      String target,
      int sessions,
      long calls,
      long errors,
      double seconds,
      Percentiles latency,
      Map<String, Double> cpuMicrosPerCall,
      @Nullable String failure) {
    double callsPerSecond() {
      return seconds <= 0 ? 0 : calls / seconds;
    }
  }

  /** Cold sessions: {@code total} is initialize → first tool result, {@code init} is initialize → its answer. */
  record ColdResult(String target, Percentiles total, Percentiles init, int failures, @Nullable String failure) {}

  /**
   * Gateway heap with {@code sessions} more sessions open (each having made {@code calls} requests), against the same
   * gateway just before.
   */
  record HeapResult(String label, int sessions, int calls, int live, long beforeBytes, long afterBytes) {
    double bytesPerSession() {
      return sessions == 0 ? Double.NaN : (afterBytes - beforeBytes) / (double) sessions;
    }
  }

  /**
   * A policy's new sessions: {@code total} is initialize → first tool result, {@code init} is initialize → its answer,
   * {@code rest} the wait after each session for the policy's children to be back at rest (pool refilled), with
   * {@code restTimeouts} waits that hit the bound.
   */
  record PolicyStartResult(String policy, Percentiles total, Percentiles init, Percentiles rest, int restTimeouts,
      int failures, @Nullable String failure) {}

  /** A throughput point of a policy (or the floor); {@code children} is the server's /health connections (-1: n/a). */
  record PolicyLoad(String policy, LoadResult load, int children) {}

  /**
   * Session churn: {@code loops} complete (initialize, initialized, echo, DELETE) loops by {@code workers} in
   * {@code seconds}; {@code leftOpen} sessions the gateway still held afterwards beyond those open before.
   */
  record ChurnResult(String policy, int workers, long loops, long errors, double seconds, Percentiles loop,
      int leftOpen, @Nullable String failure) {
    double perSecond() {
      return seconds <= 0 ? 0 : loops / seconds;
    }
  }

  /**
   * One policy with {@code sessions} sessions open: /health's gateway-wide {@code children} and the server's
   * {@code connections}, this server's child processes and their RSS (before the sessions and with them), the
   * gateway's used heap after GC before and with them, and the gateway JVM's RSS with them.
   */
  record MemoryResult(String policy, int sessions, int healthChildren, int connections, int processes,
      long rssBefore, long rssAfter, long heapBefore, long heapAfter, long gatewayRss, @Nullable String failure) {
    double heapPer100() {
      return sessions == 0 || heapBefore < 0 ? Double.NaN : (heapAfter - heapBefore) * 100.0 / sessions;
    }

    double rssPer100() {
      return sessions == 0 || processes < 0 ? Double.NaN : (rssAfter - rssBefore) * 100.0 / sessions;
    }
  }

  /** Everything the sharing-policy phases measured. */
  record PolicyResults(List<PolicyLoad> load, List<PolicyStartResult> start, List<ChurnResult> churn,
      List<MemoryResult> memory) {

    boolean failed() {
      return load.stream().anyMatch(l -> l.load().errors() > 0 || l.load().failure() != null)
          || start.stream().anyMatch(s -> s.failures() > 0) || churn.stream().anyMatch(c -> c.errors() > 0
              || c.failure() != null) || memory.stream().anyMatch(m -> m.failure() != null);
    }
  }

  /** Nearest-rank percentiles of nanosecond samples, reported in milliseconds. Sorts {@code nanos} in place. */
  static Percentiles percentiles(long[] nanos, int count) {
    if (count == 0) {
      return Percentiles.EMPTY;
    }
    Arrays.sort(nanos, 0, count);
    return new Percentiles(count, ms(rank(nanos, count, 50)), ms(rank(nanos, count, 90)), ms(rank(nanos, count, 99)),
        ms(nanos[count - 1]));
  }

  /** The nearest-rank percentile: the smallest sample with at least {@code p}% of samples at or below it. */
  static long rank(long[] sorted, int count, double p) {
    int index = (int) Math.ceil(p / 100.0 * count) - 1;
    return sorted[Math.max(0, Math.min(count - 1, index))];
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /** A growable array of longs, one per recording thread. */
  static final class Samples {
    private long[] values;
    private int size;

    Samples(int initial) {
      values = new long[Math.max(16, initial)];
    }

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    static long[] merge(Iterable<Samples> all) {
      int total = 0;
      for (Samples s : all) {
        total += s.size;
      }
      long[] out = new long[total];
      int at = 0;
      for (Samples s : all) {
        System.arraycopy(s.values, 0, out, at, s.size);
        at += s.size;
      }
      return out;
    }
  }
}
