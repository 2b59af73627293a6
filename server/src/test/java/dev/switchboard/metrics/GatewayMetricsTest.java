package dev.switchboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The counters the daemon feeds directly, read back from a scrape. */
class GatewayMetricsTest {
  @Test
  void reloadsAreCountedByResultAndBothResultsShowFromTheStart() throws Exception {
    GatewayMetrics metrics = new GatewayMetrics("test");
    assertThat(scrape(metrics)).contains("switchboard_config_reloads_total{result=\"applied\"} 0")
        .contains("switchboard_config_reloads_total{result=\"invalid\"} 0");

    metrics.reloaded(true);
    metrics.reloaded(true);
    metrics.reloaded(false);

    assertThat(scrape(metrics)).contains("switchboard_config_reloads_total{result=\"applied\"} 2")
        .contains("switchboard_config_reloads_total{result=\"invalid\"} 1");
  }

  @Test
  void introspectionsAreCountedByResultOnlyWhileOAuthIsOn() throws Exception {
    GatewayMetrics metrics = new GatewayMetrics("test");
    java.util.concurrent.atomic.AtomicReference<java.util.Map<String, Long>> counts =
        new java.util.concurrent.atomic.AtomicReference<>(java.util.Map.of());
    metrics.bindIntrospections(counts::get);
    assertThat(scrape(metrics)).doesNotContain("switchboard_oauth_introspections_total{");

    counts.set(java.util.Map.of("hit", 5L, "shared", 2L, "miss", 1L));

    assertThat(scrape(metrics)).contains("switchboard_oauth_introspections_total{result=\"hit\"} 5")
        .contains("switchboard_oauth_introspections_total{result=\"shared\"} 2")
        .contains("switchboard_oauth_introspections_total{result=\"miss\"} 1");
  }

  private static String scrape(GatewayMetrics metrics) throws Exception {
    return new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
  }
}
