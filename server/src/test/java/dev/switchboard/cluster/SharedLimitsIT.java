package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.LoopbackProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What Redis shares between three nodes: one rate-limit bucket per key for the whole cluster (a burst of 10 is 10
 * requests, not 10 per node), and a Redis that goes away leaves each node to its own bucket without refusing or
 * holding up a request.
 */
@Timeout(120)
class SharedLimitsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void theRateLimitHoldsAcrossNodesAndFallsBackToEachNodesOwnWithoutRedis() throws Exception {
    try (LoopbackProcess redis = ClusterSetUp.redis();
        Nodes nodes = new Nodes("redis://127.0.0.1:" + redis.port() + "/1", false, gw -> gw.putObject("auth")
            .putObject("rateLimit").put("perMinute", 0.06).put("burst", 10))) {
      assertThat(admitted(nodes, 30)).as("requests admitted of 30 spread over 3 nodes").isEqualTo(10);
      redis.close();
      // each node's own full bucket of 10: none of it was spent while Redis counted
      assertThat(admitted(nodes, 60)).as("admitted of 60 by 3 nodes on their own").isEqualTo(30);
    }
  }

  /** How many of {@code n} GETs sent round-robin were admitted (any status but 429). */
  private static int admitted(Nodes nodes, int n) throws Exception {
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpRequest get = HttpRequest.newBuilder(URI.create(nodes.url(Nodes.IDS.get(i % 3)) + "/mcp"))
          .header("Accept", "text/event-stream").GET().build();
      statuses.add(HTTP.send(get, HttpResponse.BodyHandlers.discarding()).statusCode());
    }
    return (int) statuses.stream().filter(s -> s != 429).count();
  }
}
