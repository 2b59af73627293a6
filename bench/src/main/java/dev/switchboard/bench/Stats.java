package dev.switchboard.bench;

import java.util.Arrays;
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
