package dev.switchboard.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.testing.ChildProcesses;
import dev.switchboard.testing.Interop;
import dev.switchboard.testing.LoopbackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes behind HAProxy running the shipped {@code deploy/haproxy/haproxy.cfg} (its addresses from the
 * environment), with a Redis registry: sessions spread over the nodes and each client gets only its own answers,
 * a session's requests sent to any node are forwarded to its owner, the conformance suite passes through the load
 * balancer, and a node that stops takes only its own sessions with it. Needs {@code haproxy} and
 * {@code redis-server} (skipped, saying so, without them).
 */
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
  private static LoopbackProcess redis;
  private static Nodes nodes;
  private static LoopbackProcess haproxy;
  private static String lb;

  @BeforeAll
  static void start() throws Exception {
    redis = ClusterSetUp.redis();
    nodes = new Nodes("redis://127.0.0.1:" + redis.port(), true, gw -> {});
    haproxy = ClusterSetUp.haproxy(nodes);
    lb = "http://127.0.0.1:" + haproxy.port();
  }

  @AfterAll
  static void stop() {
    for (AutoCloseable c : new AutoCloseable[] {haproxy, nodes, redis}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A new session through the load balancer, retried while the stopping node still answers 503. */
  private static String reopen() {
    java.util.concurrent.atomic.AtomicReference<String> session = new java.util.concurrent.atomic.AtomicReference<>();
    Awaitility.await("a new session on a live node").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
          session.set(Wire.open(lb, "echo"));
          return true;
        });
    return session.get();
  }

  @Test
  @Order(1)
  void thirtyTwoClientsThroughTheLoadBalancerGetOnlyTheirOwnAnswers() throws Exception {
    Map<String, String> sessions = new ConcurrentHashMap<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 32; c++) {
        String client = "client-" + c;
        done.add(clients.submit(() -> {
          String session = Wire.open(lb, "echo");
          sessions.put(client, session);
          for (int i = 1; i <= 5; i++) {
            Wire.Answer a = Wire.echo(lb, session, i, client + "/" + i);
            assertThat(a.status()).as("%s call %d: %s", client, i, a).isEqualTo(200);
            assertThat(a.text()).isEqualTo("echo:" + client + "/" + i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    Set<String> owners = sessions.values().stream().map(s -> ClusterNode.ownerOf(s).orElseThrow())
        .collect(Collectors.toSet());
    assertThat(owners).as("the nodes that own the 32 sessions").containsExactlyInAnyOrderElementsOf(Nodes.IDS);
  }

  @Test
  @Order(2)
  void aSessionsRequestsSentRoundRobinAreForwardedToItsOwner() throws Exception {
    for (int c = 0; c < 6; c++) {
      String first = Nodes.IDS.get(c % 3);
      String session = Wire.open(nodes.url(first), "echo");
      assertThat(session).startsWith(first + ".");
      for (int i = 1; i <= 3; i++) {
        String elsewhere = Nodes.IDS.get((c + i) % 3);
        Wire.Answer a = Wire.echo(nodes.url(elsewhere), session, i, "rr-" + c + "-" + i);
        assertThat(a.status()).as("%s's session asked at %s: %s", first, elsewhere, a).isEqualTo(200);
        assertThat(a.text()).isEqualTo("echo:rr-" + c + "-" + i);
      }
    }
  }

  @Test
  @Order(2)
  void aSessionsStandaloneStreamAndItsDeleteSentToOtherNodesReachItsOwner() throws Exception {
    String session = Wire.open(nodes.url("n1"), "echo");
    // its headers before the first heartbeat (15 s), as when the owner is asked
    var stream = Wire.stream(nodes.url("n2"), "echo", session, Duration.ofSeconds(10));
    try (java.io.InputStream events = stream.body()) {
      assertThat(stream.statusCode()).as("GET at n2").isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("text/event-stream"));
      var second = Wire.stream(nodes.url("n1"), "echo", session, Duration.ofSeconds(10));
      second.body().close();
      assertThat(second.statusCode()).as("a second stream at the owner: n2's GET holds the session's one there")
          .isEqualTo(409);

      assertThat(Wire.delete(nodes.url("n3"), "echo", session)).as("DELETE at n3").isEqualTo(200);

      var ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return events.readAllBytes().length;
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      assertThat(ended.get(20, java.util.concurrent.TimeUnit.SECONDS)).as("the forwarded stream ends with the "
          + "session").isNotNegative();
    }
    for (String via : Nodes.IDS) {
      Wire.Answer a = Wire.echo(nodes.url(via), session, 1, "after delete");
      assertThat(a.status() + "/" + a.errorCode()).as("the deleted session asked at %s", via).isEqualTo("404/-32004");
    }
  }

  @Test
  @Order(2)
  void aForwardedAnswerStreamsAsServerSentEvents() throws Exception {
    String session = Wire.open(nodes.url("n1"), "fixture");
    Wire.Answer a = Wire.post(nodes.url("n3"), "fixture", session, "{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":"
        + "\"tools/call\",\"params\":{\"name\":\"slow\",\"arguments\":{\"ms\":600,\"steps\":3},\"_meta\":"
        + "{\"progressToken\":\"p9\"}}}");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).startsWith("text/event-stream");
    assertThat(a.messages()).as("progress before the result, through n3")
        .anyMatch(m -> m.path("method").asString("").equals("notifications/progress"));
    assertThat(a.response().path("result").path("content").path(0).path("text").asString()).isEqualTo("done");
  }

  @Test
  @Order(3)
  void aForwardedRequestIsNeverForwardedAgain() throws Exception {
    String session = Wire.open(nodes.url("n1"), "echo");
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(nodes.url("n2") + "/mcp/echo"))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("Mcp-Session-Id", session).header("Switchboard-Forwarded-By", "n3")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}"))
        .build();
    var answer = java.net.http.HttpClient.newHttpClient().send(request,
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(answer.body()).contains("-32004");
  }

  @Test
  @Order(4)
  void theShippedNginxConfigRoutesBySessionPrefix() throws Exception {
    try (LoopbackProcess nginx = ClusterSetUp.nginx(nodes)) {
      String front = "http://127.0.0.1:" + nginx.port();
      Set<String> owners = new java.util.HashSet<>();
      for (int c = 0; c < 6; c++) {
        String session = Wire.open(front, "echo");
        owners.add(ClusterNode.ownerOf(session).orElseThrow());
        for (int i = 1; i <= 3; i++) {
          Wire.Answer a = Wire.echo(front, session, i, "nginx-" + c + "-" + i);
          assertThat(a.status()).as("through nginx: %s", a).isEqualTo(200);
          assertThat(a.text()).isEqualTo("echo:nginx-" + c + "-" + i);
        }
      }
      assertThat(owners).as("nginx spreads new sessions").hasSizeGreaterThan(1);
    }
  }

  @Test
  @Order(5)
  void theConformanceSuitePassesThroughTheLoadBalancer() throws Exception {
    Path out = Path.of("target/conformance/cluster").toAbsolutePath();
    Files.createDirectories(out);
    Path log = out.resolve("conformance.log");
    int exit = Interop.run(List.of("conformance", "server", "--url", lb + "/mcp", "--suite", "all", "-o",
        out.toString()), log, 240);
    String text = Files.readString(log);
    long passed = text.lines().filter(l -> l.startsWith("✓")).count();
    long failed = text.lines().filter(l -> l.startsWith("✗")).count();
    assertThat(failed).as("failed scenarios through HAProxy and 3 nodes:%n%s", text).isZero();
    assertThat(passed).as("scenarios run").isEqualTo(32);
    assertThat(exit).as("conformance exit code").isZero();
  }

  @Test
  @Order(6)
  void aNodeKilledMidTrafficTakesOnlyItsOwnSessionsAndItsClientsRecover() throws Exception {
    Map<String, Set<String>> failures = new ConcurrentHashMap<>();
    Map<String, Integer> afterKill = new ConcurrentHashMap<>();
    Map<String, String> firstOwner = new ConcurrentHashMap<>();
    Map<String, String> firstSession = new ConcurrentHashMap<>();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 12; c++) {
        String client = "k" + c;
        done.add(clients.submit(() -> {
          String session = Wire.open(lb, "echo");
          firstSession.put(client, session);
          firstOwner.put(client, ClusterNode.ownerOf(session).orElseThrow());
          for (int i = 1; !stop.get(); i++) {
            boolean wasKilled = killed.get();
            String outcome;
            try {
              Wire.Answer a = Wire.echo(lb, session, i, client + "/" + i);
              outcome = a.status() == 200 && a.text().equals("echo:" + client + "/" + i) ? "ok"
                  : a.status() + "/" + a.errorCode();
            } catch (java.io.IOException e) {
              outcome = "io: " + e;
            }
            if (outcome.equals("ok")) {
              if (wasKilled) {
                afterKill.merge(client, 1, Integer::sum);
              }
              continue;
            }
            failures.computeIfAbsent(client, k -> ConcurrentHashMap.newKeySet()).add(outcome);
            session = reopen(); // what a client does on 404: a new session, which lands on a live node
          }
          return null;
        }));
      }
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> firstOwner.size() == 12);
      assertThat(Set.copyOf(firstOwner.values())).as("owners").contains("n3");
      assertThat(ChildProcesses.matching(Nodes.marker("n3"))).as("n3's echo child").isNotEmpty();
      nodes.kill("n3");
      killed.set(true);
      Awaitility.await("every client answered 5 times after the kill").atMost(Duration.ofSeconds(60))
          .until(() -> afterKill.size() == 12 && afterKill.values().stream().allMatch(n -> n >= 5));
      stop.set(true);
      for (Future<?> f : done) {
        f.get();
      }
    }
    Set<String> onN3 = firstOwner.entrySet().stream().filter(e -> e.getValue().equals("n3")).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
    // n3 (a process of its own) got SIGKILL: its clients saw failed calls; its sessions are 404/-32004 everywhere
    assertThat(failures.keySet()).as("clients that saw a failure").isSubsetOf(onN3);
    String lost = firstSession.get(onN3.iterator().next());
    for (String via : List.of(lb, nodes.url("n1"), nodes.url("n2"))) {
      Wire.Answer a = Wire.echo(via, lost, 99, "after");
      assertThat(a.status() + "/" + a.errorCode()).as("n3's session asked at %s", via).isEqualTo("404/-32004");
    }
    Awaitility.await("n3's child stopped").atMost(Duration.ofSeconds(30))
        .until(() -> ChildProcesses.matching(Nodes.marker("n3")).isEmpty());
    assertThat(ChildProcesses.matching(Nodes.marker("n1"))).as("n1's child lives on").isNotEmpty();
  }

  @Test
  @Order(7)
  void aStatelessRetryLandingOnAnotherNodeReachesTheCallItContinues() throws Exception {
    // 2026-07-28 requests go to any node; the call that asked for input is parked on the node that took it
    var first = new dev.switchboard.testing.StreamableClient(nodes.url("n1") + "/mcp/fixture");
    var other = new dev.switchboard.testing.StreamableClient(nodes.url("n2") + "/mcp/fixture");
    var round = first.post(modernCall(1, null, null), modernHeaders()).response().path("result");
    assertThat(round.path("resultType").asString()).as(round.toString()).isEqualTo("input_required");
    assertThat(round.path("requestState").asString()).as("the state names its node").startsWith("n1.");
    var answers = dev.switchboard.protocol.Json.object();
    answers.putObject("user_name").put("action", "accept").putObject("content").put("name", "Alice");

    var done = other.post(modernCall(2, answers, round.path("requestState").asString()), modernHeaders());

    assertThat(done.response().path("result").path("resultType").asString()).as(done.body()).isEqualTo("complete");
    assertThat(done.text()).isEqualTo("Hello, Alice!");
  }

  private static String modernCall(int id, tools.jackson.databind.node.ObjectNode answers, String state) {
    var params = dev.switchboard.protocol.Json.object().put("name", "test_input_required_result_elicitation");
    params.putObject("arguments");
    if (answers != null) {
      params.set("inputResponses", answers);
      params.put("requestState", state);
    }
    var meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "cluster-it").put("version", "1");
    var caps = meta.putObject("io.modelcontextprotocol/clientCapabilities");
    caps.putObject("sampling");
    caps.putObject("elicitation");
    caps.putObject("roots");
    return dev.switchboard.testing.Messages.request(id, "tools/call", params);
  }

  private static Map<String, String> modernHeaders() {
    return Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name",
        "test_input_required_result_elicitation");
  }
}
