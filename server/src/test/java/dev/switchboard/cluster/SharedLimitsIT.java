package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.LoopbackProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What Redis shares between three nodes: one rate-limit bucket per key for the whole cluster (a burst of 10 is 10
 * requests, not 10 per node), and a Redis that goes away leaves each node to its own bucket without refusing or
 * holding up a request; a key's session cap counted across nodes at admission, even under a burst, with the slots of a
 * killed node back once its registration expires; revocation and its undoing reaching every node.
 */
@Timeout(120)
class SharedLimitsIT {
  // HTTP/1.1 as the other cluster tests: no h2c upgrade attempt in the way of 30 concurrent initializes
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(java.time.Duration.ofSeconds(10)).build();

  @Test
  @SuppressWarnings("try") // Redis is stopped mid-test on purpose
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
  void sessionCapsCountEveryNodeAndARevokedKeyIsRefusedEverywhereUntilItIsLetInAgain() throws Exception {
    try (LoopbackProcess redis = ClusterSetUp.redis();
        Nodes nodes = new Nodes("redis://127.0.0.1:" + redis.port() + "/2", false, gw -> capped(gw, 2))) {
      assertThat(initialize(nodes, "n1", ALICE)).isEqualTo(200);
      assertThat(initialize(nodes, "n2", ALICE)).isEqualTo(200);
      // no waiting for a heartbeat: the count in Redis is taken at admission
      assertThat(initialize(nodes, "n3", ALICE)).as("alice's third session, on a node holding none").isEqualTo(429);
      assertThat(initialize(nodes, "n3", BOB)).isEqualTo(200);

      assertThat(java.util.Objects.requireNonNull(nodes.daemon("n1").cluster()).revoke("bob")).isTrue();
      Awaitility.await("bob refused on n2 and n3").until(() -> initialize(nodes, "n2", BOB) == 401
          && initialize(nodes, "n3", BOB) == 401);
      assertThat(initialize(nodes, "n3", ALICE)).as("alice is not revoked (still at her cap)").isEqualTo(429);

      assertThat(java.util.Objects.requireNonNull(nodes.daemon("n2").cluster()).unrevoke("bob")).hasValue(true);
      // let in again: past authentication (bob's second session is 200, a third 429 at his cap), never 401
      Awaitility.await("bob let in again on every node").until(() -> initialize(nodes, "n1", BOB) != 401
          && initialize(nodes, "n3", BOB) != 401);
      assertThat(java.util.Objects.requireNonNull(nodes.daemon("n3").cluster()).unrevoke("bob")).as(
          "lifted once, not twice").hasValue(false);
    }
  }

  @Test
  void concurrentInitializesOnEveryNodeNeverExceedTheKeysCap() throws Exception {
    try (LoopbackProcess redis = ClusterSetUp.redis();
        Nodes nodes = new Nodes("redis://127.0.0.1:" + redis.port() + "/3", false, gw -> capped(gw, 3));
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      var gate = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String node = Nodes.IDS.get(i % 3);
        statuses.add(threads.submit(() -> {
          gate.await();
          return initialize(nodes, node, ALICE);
        }));
      }
      gate.countDown();
      List<Integer> got = new ArrayList<>();
      for (var status : statuses) {
        got.add(status.get());
      }
      assertThat(got).as("30 initializes at once over 3 nodes, cap 3").filteredOn(s -> s == 200).hasSize(3);
      assertThat(got).filteredOn(s -> s != 200).containsOnly(429);
    }
  }

  @Test
  void theSessionsOfAKilledNodeStopCountingSoonAfterItsLastHeartbeat() throws Exception {
    try (LoopbackProcess redis = ClusterSetUp.redis();
        Nodes nodes = new Nodes("redis://127.0.0.1:" + redis.port() + "/4", false, true, gw -> capped(gw, 2))) {
      assertThat(initialize(nodes, "n3", ALICE)).isEqualTo(200);
      assertThat(initialize(nodes, "n3", ALICE)).isEqualTo(200);
      assertThat(initialize(nodes, "n1", ALICE)).as("n3 holds alice's two").isEqualTo(429);

      nodes.kill("n3"); // SIGKILL: nothing given back

      // each slot stops counting 10 s (the floor over 3 heartbeats) after its last renewal (a slot taken after the
      // last one: a little later)
      Awaitility.await("n3's first slot expires").atMost(Duration.ofSeconds(40))
          .until(() -> initialize(nodes, "n1", ALICE) == 200);
      Awaitility.await("n3's second slot expires").atMost(Duration.ofSeconds(40))
          .until(() -> initialize(nodes, "n2", ALICE) == 200);
      assertThat(initialize(nodes, "n2", ALICE)).as("alice at her cap again, on the survivors").isEqualTo(429);
    }
  }

  /** Keys alice and bob, each at most {@code cap} sessions. */
  private static void capped(tools.jackson.databind.node.ObjectNode gw, int cap) {
    var auth = gw.putObject("auth").put("maxSessionsPerKey", cap);
    auth.putArray("keys").addObject().put("name", "alice").put("key", ALICE);
    auth.withArray("keys").addObject().put("name", "bob").put("key", BOB);
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
