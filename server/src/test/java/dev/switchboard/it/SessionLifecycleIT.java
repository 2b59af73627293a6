package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import dev.switchboard.testing.ChildProcesses;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.SdkClients;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** How sessions end (DELETE, idle expiry, a crashing child) and that their children end with them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionLifecycleIT {
  private static final String PING = Messages.request(7, "ping", Json.object());

  private static TestGateway gateway;
  private static StreamableClient raw;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture();
    raw = new StreamableClient(gateway.mcpUrl("fixture"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void deletedSessionAnswers404AndItsChildIsGone() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    long pid = session.whoami();
    assertThat(ChildProcesses.running(pid)).isTrue();

    assertThat(session.delete().status()).isEqualTo(200);

    Reply after = session.post(PING);
    assertSessionNotFound(after);
    await().atMost(Duration.ofSeconds(15)).until(() -> !ChildProcesses.running(pid));
  }

  @Test
  void idleSessionExpiresAnswers404AndItsChildIsGone() throws Exception {
    try (TestGateway idle = TestGateway.start(fixtureOnly(),
        gw -> gw.put("defaultServer", "fixture").putObject("sessions").put("idleTimeout", "3s"))) {
      StreamableSession session = new StreamableClient(idle.mcpUrl("fixture")).open("2025-06-18");
      long pid = session.whoami();
      long lastUse = System.nanoTime();
      assertThat(ChildProcesses.running(pid)).isTrue();

      await().atMost(Duration.ofSeconds(20)).until(() -> !ChildProcesses.running(pid));
      assertThat(Duration.ofNanos(System.nanoTime() - lastUse)).as("not expired before the idle timeout")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
      assertSessionNotFound(session.post(PING));
      assertThat(idle.daemon().gateway().health().path("activeSessions").asInt()).isZero();
    }
  }

  /** mcp-remote and inspectors open a probe session they never use nor close; under session sharing it holds a child. */
  @Test
  void sessionThatOnlyInitializedIsReapedWithItsChildWhileAUsedOneStays() throws Exception {
    try (TestGateway grace = TestGateway.start(fixtureOnly(),
        gw -> gw.put("defaultServer", "fixture").putObject("sessions").put("unusedGrace", "2s"))) {
      StreamableClient fixture = new StreamableClient(grace.mcpUrl("fixture"));
      StreamableSession used = fixture.open("2025-06-18");
      long pid = used.whoami();
      StreamableSession probe = fixture.open("2025-06-18");
      assertThat(grace.daemon().gateway().health().path("children").asInt()).isEqualTo(2);

      await().atMost(Duration.ofSeconds(30)).until(() -> grace.daemon().gateway().health().path("children")
          .asInt() == 1);
      assertSessionNotFound(probe.post(PING));
      assertThat(used.whoami()).as("the session that made a call keeps its child").isEqualTo(pid);
      assertThat(grace.daemon().gateway().health().path("activeSessions").asInt()).isEqualTo(1);
    }
  }

  /**
   * The TS SDK opens the standalone GET stream right after {@code notifications/initialized}, and {@code mcp-remote}'s
   * probe keeps it for as long as it runs: held open, an unused session goes after the grace even so. Its client sees
   * the stream end, then its id answers 404; the child stops.
   */
  @Test
  void anUnusedSessionHoldingItsGetStreamIsReapedTheStreamEndsAndItsIdAnswers404() throws Exception {
    try (TestGateway grace = TestGateway.start(fixtureOnly(),
        gw -> gw.put("defaultServer", "fixture").putObject("sessions").put("unusedGrace", "2s"))) {
      StreamableSession probe = new StreamableClient(grace.mcpUrl("fixture")).open("2025-06-18");
      assertThat(grace.daemon().gateway().health().path("children").asInt()).isEqualTo(1);
      HttpResponse<InputStream> stream = probe.openStream();
      assertThat(stream.statusCode()).isEqualTo(200);

      assertThat(within30s(stream.body(), () -> stream.body().readAllBytes())).as("the stream ends").isNotNull();
      assertSessionNotFound(probe.post(PING));
      await().atMost(Duration.ofSeconds(30)).until(() -> grace.daemon().gateway().health().path("children")
          .asInt() == 0);
    }
  }

  /**
   * A legacy SSE session is its stream: one that sends no request after {@code initialize} but holds the stream open
   * (a probe, an inspector left open) goes after the grace too, as its stream ends; its endpoint then answers 404.
   */
  @Test
  void anUnusedLegacySseSessionIsReapedItsStreamEndsAndItsEndpointAnswers404() throws Exception {
    try (TestGateway grace = TestGateway.start(fixtureOnly(),
        gw -> gw.put("defaultServer", "fixture").putObject("sessions").put("unusedGrace", "2s"))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(grace.baseUrl() + "/sse/fixture"))
          .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      SseReader events = new SseReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
      SseEvent endpoint = events.next();
      assertThat(endpoint).isNotNull();
      assertThat(endpoint.type()).isEqualTo("endpoint");
      URI post = URI.create(grace.baseUrl() + endpoint.data().strip());
      assertThat(postTo(http, post, Messages.initialize(1, "2024-11-05")).statusCode()).isEqualTo(202);
      SseEvent answer = events.next();
      assertThat(answer).isNotNull();
      assertThat(Json.parse(answer.data()).path("result").isObject()).as(answer.data()).isTrue();
      assertThat(postTo(http, post, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode())
          .isEqualTo(202);
      assertThat(grace.daemon().gateway().health().path("children").asInt()).isEqualTo(1);

      assertThat(within30s(stream.body(), () -> {
        while (events.next() != null) {
          // whatever the child says meanwhile: the stream's end is what counts
        }
        return true;
      })).as("the stream ends").isTrue();
      HttpResponse<String> after = postTo(http, post, PING);
      assertThat(after.statusCode()).as(after.body()).isEqualTo(404);
      assertThat(Json.parse(after.body()).path("error").path("code").asInt()).isEqualTo(-32004);
      await().atMost(Duration.ofSeconds(30)).until(() -> grace.daemon().gateway().health().path("children")
          .asInt() == 0);
    }
  }

  /** Crash tests get a fresh gateway, so no earlier crash in the class can supply the expected last words. */
  @Test
  void crashMidCallFailsThePendingCallEndsTheSessionAndANewSessionWorks() throws Exception {
    try (TestGateway own = TestGateway.withFixture()) {
      StreamableClient fixture = new StreamableClient(own.mcpUrl("fixture"));
      StreamableSession session = fixture.open("2025-06-18");
      long pid = session.whoami();
      long t0 = System.nanoTime();
      Reply crash = session.call(2, "crash", Json.object().put("code", 3));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

      assertThat(crash.status()).isEqualTo(200);
      JsonNode error = crash.response().path("error");
      assertThat(crash.response().path("id").asInt()).isEqualTo(2);
      assertThat(error.path("code").asInt()).isEqualTo(-32000);
      assertThat(error.path("message").asString()).contains("'fixture'").contains("exit code 3")
          .contains("fixture crashing");
      assertThat(error.path("data").path("server").asString()).isEqualTo("fixture");
      assertThat(error.path("data").path("exitCode").asInt()).isEqualTo(3);
      assertThat(error.path("data").path("stderrTail").asString()).contains("fixture crashing");
      assertThat(ChildProcesses.running(pid)).isFalse();
      assertThat(own.daemon().gateway().childCounts().get("fixture")
          .ended(dev.switchboard.upstream.ChildCounts.Ending.CRASHED)).as("counted as a crash").isEqualTo(1);

      assertSessionNotFound(session.post(PING));

      StreamableSession fresh = fixture.open("2025-06-18");
      assertThat(fresh.call(3, "echo", Json.object().put("text", "still here")).text()).isEqualTo("still here");
      assertThat(fresh.whoami()).isNotEqualTo(pid);
    }
  }

  @Test
  void crashMidCallReachesTheSdkClientAsAnErrorNamingServerCodeAndStderr() throws Exception {
    try (TestGateway own = TestGateway.withFixture();
        McpSyncClient client = SdkClients.sdk(own.baseUrl(), "fixture").build()) {
      client.initialize();
      McpError error = catchThrowableOfType(McpError.class,
          () -> client.callTool(new CallToolRequest("crash", Map.of("code", 3))));
      assertThat(error).isNotNull();
      assertThat(error.getJsonRpcError().code()).isEqualTo(-32000);
      assertThat(error.getJsonRpcError().message()).contains("'fixture'").contains("exit code 3")
          .contains("fixture crashing");
    }
  }

  @Test
  void crashErrorCarriesOnlyTheCrashingChildsOwnStderr() throws Exception {
    try (TestGateway own = TestGateway.withFixture()) {
      StreamableClient fixture = new StreamableClient(own.mcpUrl("fixture"));
      StreamableSession other = fixture.open("2025-06-18");
      assertThat(other.call(2, "log_to_stderr", Json.object().put("text", "secret-of-another-session")).text())
          .isEqualTo("ok");
      StreamableSession crashing = fixture.open("2025-06-18");
      Reply crash = crashing.call(2, "crash", Json.object().put("code", 3));

      JsonNode error = crash.response().path("error");
      assertThat(error.path("data").path("stderrTail").asString()).contains("fixture crashing")
          .doesNotContain("secret-of-another-session");
      assertThat(error.path("message").asString()).doesNotContain("secret-of-another-session");
    }
  }

  private static void assertSessionNotFound(Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(404);
    assertThat(reply.errorCode()).isEqualTo(-32004);
    assertThat(reply.errorMessage()).isEqualTo("Session not found or expired");
  }

  /** What {@code read} (of {@code body}) returns within 30 s; the body is closed after, which ends a read left waiting. */
  private static <T> T within30s(InputStream body, Callable<T> read) throws Exception {
    ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();
    try {
      return reader.submit(read).get(30, TimeUnit.SECONDS);
    } finally {
      body.close();
      reader.shutdown();
    }
  }

  private static HttpResponse<String> postTo(HttpClient http, URI endpoint, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static ObjectNode fixtureOnly() {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    return servers;
  }
}
