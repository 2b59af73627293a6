package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.LoopbackProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
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

  @Test
  void sessionCapsCountEveryNodeAndARevokedKeyIsRefusedEverywhere() throws Exception {
    try (LoopbackProcess redis = ClusterSetUp.redis();
        Nodes nodes = new Nodes("redis://127.0.0.1:" + redis.port() + "/2", false, gw -> {
          var auth = gw.putObject("auth").put("maxSessionsPerKey", 2);
          auth.putArray("keys").addObject().put("name", "alice").put("key", ALICE);
          auth.withArray("keys").addObject().put("name", "bob").put("key", BOB);
        })) {
      assertThat(initialize(nodes, "n1", ALICE)).isEqualTo(200);
      assertThat(initialize(nodes, "n2", ALICE)).isEqualTo(200);
      ClusterNode n3 = java.util.Objects.requireNonNull(nodes.daemon("n3").cluster());
      Awaitility.await("n3 heard of alice's sessions").until(() -> n3.sessionsElsewhere("alice") == 2);
      assertThat(initialize(nodes, "n3", ALICE)).as("alice's third session, on a node holding none").isEqualTo(429);
      assertThat(initialize(nodes, "n3", BOB)).isEqualTo(200);

      assertThat(java.util.Objects.requireNonNull(nodes.daemon("n1").cluster()).revoke("bob")).isTrue();
      Awaitility.await("bob refused on n2 and n3").until(() -> initialize(nodes, "n2", BOB) == 401
          && initialize(nodes, "n3", BOB) == 401);
      assertThat(initialize(nodes, "n3", ALICE)).as("alice is not revoked (still at her cap)").isEqualTo(429);
    }
  }

  private static final String ALICE = "alice-key-0123456789abcdef";
  private static final String BOB = "bob-key-0123456789abcdefgh";

  /** The status of an {@code initialize} with {@code key} at {@code node}. */
  private static int initialize(Nodes nodes, String node, String key) throws Exception {
    HttpRequest post = HttpRequest.newBuilder(URI.create(nodes.url(node) + "/mcp/switchboard"))
        .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}"))
        .build();
    return HTTP.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
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
