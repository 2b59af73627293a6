package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.gateway.RequestEvents.Ending;
import org.junit.jupiter.api.Test;

/** Per-server figures from the request metrics: calls, failed calls and bucket-estimated quantiles. */
class ServerFiguresTest {
  private static final double[] BOUNDS = {.01, .1, 1, Double.POSITIVE_INFINITY};

  @Test
  void quantilesInterpolateWithinTheBucketThatHoldsTheRank() {
    long[] counts = {0, 10, 0, 0}; // ten observations between 10 and 100 ms
    assertThat(Quantiles.of(.5, BOUNDS, counts)).isCloseTo(.055, within(1e-9));
    assertThat(Quantiles.of(.99, BOUNDS, counts)).isCloseTo(.0991, within(1e-9));
    assertThat(Quantiles.of(.5, BOUNDS, new long[] {1, 0, 0, 0})).isCloseTo(.005, within(1e-9));
  }

  @Test
  void theInfiniteBucketGivesItsLowerBoundAndNoObservationsNaN() {
    assertThat(Quantiles.of(.99, BOUNDS, new long[] {0, 0, 0, 5})).isEqualTo(1.0);
    assertThat(Quantiles.of(.5, BOUNDS, new long[4])).isNaN();
  }

  @Test
  void figuresCountCallsAndFailuresButNotCancellationsPerServer() {
    GatewayMetrics metrics = new GatewayMetrics("test");
    for (int i = 0; i < 8; i++) {
      metrics.ended("a", "tools/call", "echo", Ending.OK, 30_000_000); // 30 ms: the (25, 50] ms bucket
    }
    metrics.ended("a", "tools/call", "echo", Ending.TOOL_ERROR, 30_000_000);
    metrics.ended("a", "tools/list", null, Ending.TIMEOUT, 30_000_000);
    metrics.ended("a", "tools/call", "echo", Ending.CANCELLED, 30_000_000);
    metrics.ended("b", "ping", null, Ending.ERROR, 200_000); // 0.2 ms: the first bucket

    var figures = metrics.figures();
    assertThat(figures.keySet()).containsExactly("a", "b");
    assertThat(figures.get("a").calls()).isEqualTo(11);
    assertThat(figures.get("a").errors()).isEqualTo(2);
    assertThat(figures.get("a").p50Seconds()).isCloseTo(.025 + .025 * 5.5 / 11, within(1e-9));
    assertThat(figures.get("b").errors()).isEqualTo(1);
    assertThat(figures.get("b").p99Seconds()).isCloseTo(.001 * .99, within(1e-9));
    assertThat(ServerFigures.json(figures).toString()).isEqualTo("{\"a\":{\"calls\":11,\"errors\":2,\"p50Ms\":37.5,"
        + "\"p99Ms\":49.8},\"b\":{\"calls\":1,\"errors\":1,\"p50Ms\":0.5,\"p99Ms\":1.0}}");
  }
}
