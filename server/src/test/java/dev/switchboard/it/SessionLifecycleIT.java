package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
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
import java.time.Duration;
import java.util.Map;
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

  private static ObjectNode fixtureOnly() {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    return servers;
  }
}
