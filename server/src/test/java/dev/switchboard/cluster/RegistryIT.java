package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.LoopbackProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Three nodes that know each other only from the Redis registry, as the Kubernetes manifest runs them (no
 * {@code cluster.nodes}; {@code n2} and {@code n3} are processes of their own reading one config file through a
 * symlink, their ids from {@code HOSTNAME}): a session's requests sent to another node reach its owner, a reload of
 * one node reloads the others, and a node that is gone leaves the registry and its sessions answer 404/-32004. Needs
 * {@code redis-server} (skipped, saying so, without it).
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final String PING = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";

  private static LoopbackProcess redis;
  private static Nodes nodes;

  @BeforeAll
  static void start() throws Exception {
    redis = ClusterSetUp.redis();
    nodes = Nodes.discovering("redis://127.0.0.1:" + redis.port(), Set.of("n2", "n3"), gw -> {});
  }

  @AfterAll
  static void stop() {
    if (nodes != null) {
      nodes.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  /**
   * Only a separate node runs the daemon that hears the broadcast, and the file watcher does not see a change behind
   * the symlink: n3 takes the new server only because n2's reload told it to.
   */
  @Test
  @Order(1)
  void aReloadOfOneNodeReloadsTheOthersFromTheirOwnFile() throws Exception {
    assertThat(servers("n3")).as("n3 before").doesNotContain("added");
    nodes.edit(c -> ((ObjectNode) c.get("mcpServers")).set("added", Fixtures.server(Fixtures.CONFORMANCE)));

    JsonNode reloaded = nodes.reload("n2");

    assertThat(reloaded.path("ok").asBoolean()).as(reloaded.toString()).isTrue();
    assertThat(reloaded.path("added").toString()).isEqualTo("[\"added\"]");
    Awaitility.await("n3 serves the added server without a reload of its own").atMost(Duration.ofSeconds(20))
        .until(() -> servers("n3").contains("added"));
    assertThat(nodes.log("n3")).as("n3's log").contains("node 'n2' asked every node to reload its configuration")
        .doesNotContain("changed; reloading");
  }

  @Test
  @Order(2)
  void aSessionsRequestsAtAnotherNodeReachItsOwnerFoundInTheRegistry() throws Exception {
    assertThat(nodes.daemon("n1").gateway().config().cluster().nodes()).as("n1's cluster.nodes").isEmpty();
    String onN1 = Wire.open(nodes.url("n1"), "switchboard");
    // n2 and n3 started after n1 registered: each finds it in its first read of the registry
    for (String via : List.of("n2", "n3")) {
      Awaitility.await("n1's session answered at " + via).atMost(Duration.ofSeconds(10))
          .until(() -> ping(via, onN1), a -> a.status() == 200 && a.response().has("result"));
    }
    // n1 finds the later nodes at its next heartbeat
    Awaitility.await("n1 knows n2 and n3").atMost(Duration.ofSeconds(10))
        .until(() -> cluster("n1").peer("n2").isPresent() && cluster("n1").peer("n3").isPresent());
    for (String owner : List.of("n2", "n3")) {
      String session = Wire.open(nodes.url(owner), "switchboard");
      assertThat(session).startsWith(owner + ".");
      Wire.Answer a = ping("n1", session);
      assertThat(a.status()).as("%s's session asked at n1: %s", owner, a).isEqualTo(200);
      assertThat(a.response().has("result")).as(a.toString()).isTrue();
    }
  }

  @Test
  @Order(3)
  void theSessionsOfANodeThatIsGoneAnswer404Everywhere() throws Exception {
    String lost = Wire.open(nodes.url("n3"), "switchboard");
    assertThat(ping("n1", lost).status()).as("n3's session at n1 while n3 lives").isEqualTo(200);

    nodes.kill("n3"); // SIGKILL: its registry entry stays until it expires

    Awaitility.await("n3 gone from n1's view of the registry").atMost(Duration.ofSeconds(20))
        .until(() -> cluster("n1").peer("n3").isEmpty());
    for (String via : List.of("n1", "n2")) {
      Wire.Answer a = ping(via, lost);
      assertThat(a.status() + "/" + a.errorCode()).as("n3's session asked at %s: %s", via, a)
          .isEqualTo("404/-32004");
    }
    assertThat(ping("n2", Wire.open(nodes.url("n1"), "switchboard")).status()).as("n1's sessions at n2")
        .isEqualTo(200);
  }

  private static Wire.Answer ping(String via, String session) throws Exception {
    return Wire.post(nodes.url(via), "switchboard", session, PING);
  }

  private static ClusterNode cluster(String id) {
    return Objects.requireNonNull(nodes.daemon(id).cluster());
  }

  /** The server names node {@code id}'s {@code /health} lists (no keys configured: the detail is open). */
  private static List<String> servers(String id) throws Exception {
    HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(nodes.url(id) + "/health"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    return dev.switchboard.protocol.Json.parse(health.body()).path("servers").valueStream()
        .map(s -> s.path("name").asString()).toList();
  }
}
