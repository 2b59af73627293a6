package dev.switchboard.metrics;

/**
 * A quantile estimated from classic histogram buckets the way Prometheus's {@code histogram_quantile} does: linear
 * within the bucket that holds the rank, the lower bound of the last bucket when that one is {@code +Inf}.
 * Stateless.
 */
final class Quantiles {
  private Quantiles() {}

  /**
   * The {@code q} quantile of the observations counted in {@code counts}.
   *
   * @param upperBounds ascending, the last one {@code +Inf}
   * @param counts observations per bucket (not cumulative)
   * @return NaN when there are no observations
   */
  static double of(double q, double[] upperBounds, long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < counts.length; i++) {
      if (below + counts[i] >= rank && counts[i] > 0) {
        double lower = i == 0 ? 0 : upperBounds[i - 1];
        double upper = upperBounds[i];
        return Double.isInfinite(upper) ? lower : lower + (upper - lower) * (rank - below) / counts[i];
      }
      below += counts[i];
    }
    return upperBounds[Math.max(0, upperBounds.length - 2)];
  }
}
