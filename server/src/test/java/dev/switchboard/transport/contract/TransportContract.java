package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.client.transport.Transport;
import dev.switchboard.gateway.Session;
import dev.switchboard.gateway.SessionState;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every wire into the gateway must do, written once: each subclass says how to reach a server over its wire
 * and gets the same tests against a real gateway and real fixture children. {@code fixture} is shared by every
 * session; {@code dedicated} gives each session its own child. Run once per wire: initialize, tools, progress, logging,
 * sampling and elicitation round trips, duplicate ids across eight connections, a child crash, idle expiry sparing a
 * held session, an unused session reaped though held, and a closed connection's child stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class TransportContract {
  private static final Duration UNUSED_GRACE = Duration.ofSeconds(5);

  protected TestGateway gateway;

  /** The {@code listen} entries {@code server} needs for this wire (none for HTTP). */
  abstract List<String> listen(String server) throws Exception;

  /** A new, unstarted connection to {@code server} over this wire. */
  abstract Transport connect(String server) throws Exception;

  @BeforeAll
  void startGateway() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", entry("fixture", "shared"));
    servers.set("dedicated", entry("dedicated", "session"));
    // a short heartbeat: a legacy SSE client that hangs up is noticed by the next write; a short grace for sessions
    // that make no request (every test but one makes its first at once)
    gateway = TestGateway.start(servers, gw -> gw.put("defaultServer", "fixture").put("heartbeat", "1s")
        .putObject("sessions").put("unusedGrace", UNUSED_GRACE.toSeconds() + "s"));
  }

  @AfterAll
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void initializeListAndCall() throws Exception {
    try (WireClient client = client("fixture")) {
      JsonNode init = client.initialize(Json.object());
      assertThat(init.path("serverInfo").path("name").asString()).isNotEmpty();
      JsonNode tools = WireClient.result(client.request("tools/list", null));
      assertThat(tools.path("tools").valueStream().map(t -> t.path("name").asString())).contains("echo");
      assertThat(text(client.request("tools/call", call("echo", "text", "hello over the wire"))))
          .isEqualTo("hello over the wire");
    }
  }

  @Test
  void progressCarriesTheClientsOwnToken() throws Exception {
    try (WireClient client = client("fixture")) {
      client.initialize(Json.object());
      ObjectNode params = call("test_tool_with_progress", null, null);
      params.putObject("_meta").put("progressToken", "my-token");
      client.request("tools/call", params);
      List<JsonNode> progress = client.seen().stream().filter(m -> m instanceof Message.Notification n
          && n.method().equals("notifications/progress")).map(m -> m.node().path("params")).toList();
      assertThat(progress).hasSize(3).allSatisfy(p -> assertThat(p.path("progressToken").asString())
          .isEqualTo("my-token"));
    }
  }

  @Test
  void logMessagesReachTheClient() throws Exception {
    try (WireClient client = client("dedicated")) {
      client.initialize(Json.object());
      client.request("logging/setLevel", Json.object().put("level", "info"));
      client.request("tools/call", call("test_tool_with_logging", null, null));
      assertThat(client.seen()).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Message.Notification.class,
          n -> assertThat(n.method()).isEqualTo("notifications/message")));
    }
  }

  @Test
  void samplingRoundTrip() throws Exception {
    try (WireClient client = client("fixture")) {
      client.onServerRequest(r -> {
        ObjectNode result = Json.object().put("role", "assistant").put("model", "contract-model");
        result.putObject("content").put("type", "text").put("text", "sampled for " + r.method());
        return result;
      });
      ObjectNode caps = Json.object();
      caps.putObject("sampling");
      client.initialize(caps);
      String answer = text(client.request("tools/call", call("test_sampling", "prompt", "say hi")));
      assertThat(answer).contains("sampled for sampling/createMessage");
    }
  }

  @Test
  void elicitationRoundTrip() throws Exception {
    try (WireClient client = client("fixture")) {
      client.onServerRequest(r -> {
        ObjectNode result = Json.object().put("action", "accept");
        result.putObject("content").put("username", "wire-user").put("email", "wire@example.com");
        return result;
      });
      ObjectNode caps = Json.object();
      caps.putObject("elicitation");
      client.initialize(caps);
      String answer = text(client.request("tools/call", call("test_elicitation", "message", "who is there?")));
      assertThat(answer).contains("action=accept", "wire-user", "wire@example.com");
      assertThat(client.seen()).anySatisfy(m -> assertThat(m).isInstanceOfSatisfying(Message.Request.class, r -> {
        assertThat(r.method()).isEqualTo("elicitation/create");
        assertThat(r.params().path("message").asString()).isEqualTo("who is there?");
      }));
    }
  }

  /**
   * Idle expiry spares a session its client holds: every wire keeps a stream or connection attached, so a sweep
   * with the session's idle time run out passes it over and the next call works (an unheld one is expired:
   * {@code SessionLifecycleIT}, {@code UnusedSessionTest}). The session has made a request: one that made none goes
   * after {@code sessions.unusedGrace}, held or not (below).
   */
  @Test
  void aHeldSessionOutlivesItsIdleTimeout() throws Exception {
    try (WireClient client = client("dedicated")) {
      client.initialize(Json.object(), "idle-contract");
      assertThat(text(client.request("tools/call", call("echo", "text", "used")))).isEqualTo("used");
      Session session = session("idle-contract");
      await("the wire holds the session").atMost(Duration.ofSeconds(30)).until(session::isBusy);
      session.ownIdleTimeout(Duration.ofNanos(1));
      gateway.daemon().gateway().sessionRegistry().sweep();
      assertThat(session.state()).isEqualTo(SessionState.OPEN);
      assertThat(text(client.request("tools/call", call("echo", "text", "after the sweep")))).isEqualTo(
          "after the sweep");
    }
  }

  /**
   * A session that made no request within {@code sessions.unusedGrace} of its {@code initialize} goes though its
   * client holds its stream or connection open ({@code mcp-remote}'s probe holds a GET stream for as long as it runs),
   * and its child stops. What the client sees then is its wire's: the stream or connection ends (a Streamable HTTP
   * session's id answers 404 after); the bridge opens a new session at its client's next message.
   */
  @Test
  void anUnusedSessionIsReapedThoughItsClientHoldsIt() throws Exception {
    java.util.Set<ProcessHandle> before = java.util.Set.copyOf(dedicatedChildren());
    try (WireClient client = client("dedicated")) {
      long asked = System.nanoTime(); // before the answer to initialize, from which the grace runs
      client.initialize(Json.object(), "unused-contract");
      Session session = session("unused-contract");
      ProcessHandle child = await("its child").atMost(Duration.ofSeconds(30)).until(() -> dedicatedChildren().stream()
          .filter(p -> !before.contains(p)).findFirst().orElse(null), java.util.Objects::nonNull);
      await("the wire holds the session").atMost(Duration.ofSeconds(30)).until(session::isBusy);

      await("the reaping").atMost(Duration.ofSeconds(60)).until(() -> session.state() == SessionState.CLOSED);
      assertThat(Duration.ofNanos(System.nanoTime() - asked)).as("not before the grace").isGreaterThan(UNUSED_GRACE);
      assertThat(gateway.daemon().gateway().sessionRegistry().find(session.id())).isEmpty();
      await("its child stops").atMost(Duration.ofSeconds(30)).until(() -> !child.isAlive());
    }
  }

  @Test
  void duplicateIdsAcrossEightConnections() throws Exception {
    List<CompletableFuture<String>> answers = new ArrayList<>();
    try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        String mine = "connection-" + i;
        answers.add(CompletableFuture.supplyAsync(() -> sameIdEcho(mine), threads));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(answers.get(i).get(60, TimeUnit.SECONDS)).isEqualTo("connection-" + i);
      }
    }
  }

  @Test
  void childCrashIsAnErrorForTheCaller() throws Exception {
    try (WireClient client = client("dedicated")) {
      client.initialize(Json.object());
      Message answer = client.request("tools/call", call("crash", null, null));
      assertThat(answer).isInstanceOfSatisfying(Message.ErrorResponse.class,
          e -> assertThat(e.error().message()).containsIgnoringCase("exit"));
    }
  }

  @Test
  void closingTheConnectionStopsItsChild() throws Exception {
    long pid;
    try (WireClient client = client("dedicated")) {
      client.initialize(Json.object());
      pid = Long.parseLong(text(client.request("tools/call", call("whoami", null, null))));
      assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
    }
    await().atMost(Duration.ofSeconds(30))
        .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
  }

  private String sameIdEcho(String text) {
    try (WireClient client = client("fixture")) {
      client.initialize(Json.object());
      return text(client.request(RequestId.of(7), "tools/call", call("echo", "text", text)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The open session whose client named itself {@code clientName} in its {@code initialize}. */
  private Session session(String clientName) {
    return await("the session").atMost(Duration.ofSeconds(30)).until(() -> gateway.daemon().gateway()
        .sessionRegistry().all().stream().filter(s -> s.clientInfo().path("name").asString().equals(clientName)
            && s.state() == SessionState.OPEN).findFirst().orElse(null), java.util.Objects::nonNull);
  }

  private List<ProcessHandle> dedicatedChildren() {
    return gateway.daemon().gateway().children().getOrDefault("dedicated", List.of());
  }

  private WireClient client(String server) throws Exception {
    return new WireClient(connect(server));
  }

  private ObjectNode entry(String server, String sharing) throws Exception {
    ObjectNode entry = Fixtures.server(Fixtures.CONFORMANCE).put("sharing", sharing);
    List<String> listen = listen(server);
    if (!listen.isEmpty()) {
      var array = entry.putArray("listen");
      listen.forEach(array::add);
    }
    return entry;
  }

  static ObjectNode call(String tool, String key, String value) {
    ObjectNode params = Json.object().put("name", tool);
    ObjectNode args = params.putObject("arguments");
    if (key != null) {
      args.put(key, value);
    }
    return params;
  }

  static String text(Message answer) {
    return WireClient.result(answer).path("content").path(0).path("text").asString();
  }
}
