package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.RawHttp;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The Streamable HTTP rules, checked with raw requests: statuses, error bodies, batches, origins, streams, health. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamableHttpIT {
  private static final String PING = Messages.request(9, "ping", Json.object());

  private static TestGateway gateway;
  private static StreamableClient raw;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    servers.putObject("broken").put("command", "/nonexistent/cmd");
    gateway = TestGateway.start(servers, gw -> {
      gw.put("defaultServer", "fixture").put("heartbeat", "1s");
      gw.putObject("limits").put("maxBodyBytes", 1024);
    });
    raw = new StreamableClient(gateway.mcpUrl("fixture"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void missingSessionHeaderOnANonInitializeRequestIs400() throws Exception {
    Reply reply = raw.post(PING, Map.of());
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo(-32600);
    assertThat(reply.errorMessage()).contains("Mcp-Session-Id");
  }

  @Test
  void unsupportedProtocolVersionHeaderIs400() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    Reply reply = session.post(PING, Map.of("MCP-Protocol-Version", "1999-01-01"));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorMessage()).contains("1999-01-01");
    assertThat(session.post(PING).status()).as("the session itself is fine").isEqualTo(200);
  }

  @Test
  void wrongContentTypeIs415() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    assertThat(session.post(PING, Map.of("Content-Type", "text/plain")).status()).isEqualTo(415);
  }

  @Test
  void acceptWithoutEventStreamIs406() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    assertThat(session.post(PING, Map.of("Accept", "application/json")).status()).isEqualTo(406);
  }

  @Test
  void bodyOverMaxBodyBytesIs413() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    Reply reply = session.call(4, "echo", Json.object().put("text", "x".repeat(2000)));
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.errorMessage()).contains("1024");
    assertThat(session.call(5, "echo", Json.object().put("text", "small")).text()).isEqualTo("small");
  }

  @Test
  void malformedJsonIs400WithParseError() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    Reply reply = session.post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo(-32700);
  }

  @Test
  void notificationIs202WithAnEmptyBody() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    Reply reply = session.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/roots/list_changed\"}");
    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.body()).isEmpty();
  }

  @Test
  void batchIsRejectedIn2025_06_18() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    Reply reply = session.post(batch());
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.errorCode()).isEqualTo(-32600);
  }

  @Test
  void batchIsAnsweredIn2025_03_26() throws Exception {
    StreamableSession session = raw.open("2025-03-26");
    Reply reply = session.post(batch());
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.messages()).hasSize(2);
    Map<Integer, String> byId = new java.util.HashMap<>();
    for (JsonNode m : reply.messages()) {
      byId.put(m.path("id").asInt(), m.path("result").path("content").path(0).path("text").asString());
    }
    assertThat(byId).containsExactlyInAnyOrderEntriesOf(Map.of(11, "first", 12, "second"));
  }

  @Test
  void foreignHostIs403() throws Exception {
    String body = Messages.initialize(1, "2025-06-18");
    String head = "POST /mcp/fixture HTTP/1.1\r\nContent-Type: application/json\r\nAccept: " + StreamableClient.BOTH
        + "\r\n";
    assertThat(RawHttp.status(gateway.port(), head + "Host: evil.example.com\r\n", body)).isEqualTo(403);
    assertThat(RawHttp.status(gateway.port(), head + "Host: 127.0.0.1:" + gateway.port() + "\r\n", body))
        .as("the same request with our own Host").isEqualTo(200);
  }

  @Test
  void foreignOriginIs403ButALoopbackOriginIsAllowed() throws Exception {
    String init = Messages.initialize(1, "2025-06-18");
    Reply evil = raw.post(init, Map.of("Origin", "http://evil.example.com"));
    assertThat(evil.status()).isEqualTo(403);
    assertThat(evil.headers().firstValue("Mcp-Session-Id")).isEmpty();
    Reply local = raw.post(init, Map.of("Origin", "http://localhost:1234"));
    assertThat(local.status()).isEqualTo(200);
    assertThat(local.headers().firstValue("Mcp-Session-Id")).isPresent();
  }

  @Test
  @SuppressWarnings("try") // the streams are held open, not read
  void standaloneStreamOpensAsEventStreamAndASecondConcurrentOneIs409() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    HttpResponse<InputStream> first = session.openStream();
    try (InputStream body = first.body()) {
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("text/event-stream"));
      HttpResponse<InputStream> second = session.openStream();
      try (InputStream ignored = second.body()) {
        assertThat(second.statusCode()).isEqualTo(409);
      }
    }
  }

  @Test
  void standaloneStreamHeadersArriveWithoutWaitingForAHeartbeat() throws Exception {
    try (TestGateway defaults = TestGateway.withFixture()) {
      StreamableSession session = new StreamableClient(defaults.mcpUrl("fixture")).open("2025-06-18");
      CompletableFuture<HttpResponse<InputStream>> stream = session.openStreamAsync();
      try {
        HttpResponse<InputStream> response = stream.get(5, TimeUnit.SECONDS);
        response.body().close();
        assertThat(response.statusCode()).isEqualTo(200);
      } finally {
        stream.thenAccept(r -> closeQuietly(r.body()));
      }
    }
  }

  @Test
  void healthReportsStatusVersionUptimeSessionsAndServers() throws Exception {
    raw.open("2025-06-18");
    HttpResponse<String> response = raw.get("/health");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/json"));
    JsonNode health = Json.parse(response.body());
    assertThat(health.path("status").asString()).isEqualTo("ok");
    assertThat(health.path("version").asString()).isNotBlank();
    assertThat(health.path("uptimeSeconds").isIntegralNumber()).isTrue();
    assertThat(health.path("uptimeSeconds").asLong()).isNotNegative();
    assertThat(health.path("activeSessions").asInt()).isPositive();
    assertThat(health.path("servers").valueStream().map(s -> s.path("name").asString()))
        .contains("fixture", "broken");
    assertThat(health.path("servers").valueStream()).allSatisfy(s -> assertThat(s.path("state").asString())
        .isIn("ready", "running", "failed"));
    assertThat(server(health, "fixture").path("state").asString()).isEqualTo("running");
  }

  @Test
  void missingCommandFailsInitializeWithTheCauseAndHealthSaysFailedWhileFixtureWorks() throws Exception {
    StreamableClient broken = new StreamableClient(gateway.mcpUrl("broken"));
    Reply init = broken.post(Messages.initialize(1, "2025-06-18"), Map.of());
    assertThat(init.response().path("id").asInt()).isEqualTo(1);
    assertThat(init.response().has("error")).as(init.body()).isTrue();
    assertThat(init.errorMessage()).contains("broken").contains("/nonexistent/cmd");
    assertThat(init.headers().firstValue("Mcp-Session-Id")).isEmpty();

    JsonNode health = Json.parse(raw.get("/health").body());
    assertThat(server(health, "broken").path("state").asString()).isEqualTo("failed");
    assertThat(server(health, "broken").path("error").asString()).contains("/nonexistent/cmd");

    StreamableSession session = raw.open("2025-06-18");
    assertThat(session.call(2, "echo", Json.object().put("text", "fine")).text()).isEqualTo("fine");
    assertThat(server(Json.parse(raw.get("/health").body()), "fixture").path("state").asString())
        .isEqualTo("running");
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (java.io.IOException e) {
      // already gone
    }
  }

  private static JsonNode server(JsonNode health, String name) {
    return health.path("servers").valueStream().filter(s -> name.equals(s.path("name").asString())).findFirst()
        .orElseThrow();
  }

  private static String batch() {
    return "[" + Messages.toolCall(11, "echo", Json.object().put("text", "first")) + ","
        + Messages.toolCall(12, "echo", Json.object().put("text", "second")) + "]";
  }
}
