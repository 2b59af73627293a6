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

  private static String scrape(GatewayMetrics metrics) throws Exception {
    return new String(metrics.scrape(null).body(), StandardCharsets.UTF_8);
  }
}
