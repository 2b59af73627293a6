package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The top-level {@code cluster} section: node id, peers, Redis URL, and what a missing section means. */
class ClusterConfigTest {
  private static final String SERVERS = "\"mcpServers\":{}";

  @Test
  void withoutTheSectionANodeIsAloneAndItsIdsCarryNoPrefix() {
    Config config = ConfigLoaderTest.parse("{" + SERVERS + "}");
    assertThat(config.cluster().enabled()).isFalse();
    assertThat(config.cluster().sessionPrefix()).isEmpty();
  }

  @Test
  void readsTheNodeItsPeersWithoutItselfAndRedis() {
    Config config = ConfigLoaderTest.parse("{" + SERVERS + ",\"cluster\":{\"node\":\"n2\",\"nodes\":{"
        + "\"n1\":\"http://10.0.0.1:7182\",\"n2\":\"http://10.0.0.2:7182\"},\"redis\":\"redis://r:6379/1\","
        + "\"heartbeat\":\"3s\"}}");
    ClusterSettings cluster = config.cluster();
    assertThat(cluster.sessionPrefix()).isEqualTo("n2.");
    assertThat(cluster.nodes()).containsExactly(java.util.Map.entry("n1", URI.create("http://10.0.0.1:7182")));
    assertThat(cluster.redis()).isEqualTo(URI.create("redis://r:6379/1"));
    assertThat(cluster.heartbeat()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void anIdWithADotOrABadUrlIsReportedByPath() {
    ConfigException e = ConfigLoaderTest.invalid("{" + SERVERS + ",\"cluster\":{\"node\":\"n.2\",\"nodes\":{"
        + "\"n1\":\"10.0.0.1:7182\"},\"redis\":\"http://r\",\"color\":1}}");
    assertThat(ConfigLoaderTest.paths(e)).contains("$.cluster.node", "$.cluster.nodes.n1", "$.cluster.redis",
        "$.cluster.color");
  }

  @Test
  void withoutANodeIdTheHostNameIsUsed() {
    Config config = ConfigLoaderTest.parse("{" + SERVERS + ",\"cluster\":{}}");
    assertThat(config.cluster().node()).matches(ClusterLoader.NODE_ID).isEqualTo(ClusterLoader.fromHostname());
  }
}
