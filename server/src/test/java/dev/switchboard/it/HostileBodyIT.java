package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Bodies that are not JSON-RPC a gateway can forward, sent as raw bytes over HTTP: numbers with exponents no decimal
 * type holds, and malformed UTF-8. Each is a 400 with a JSON-RPC parse error (or invalid request), the session
 * keeps working, and nothing is logged at ERROR (no stack trace per hostile request).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileBodyIT {
  private static TestGateway gateway;
  private static StreamableClient raw;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> logged = new dev.switchboard.testing.CapturedLog();

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.withFixture();
    raw = new StreamableClient(gateway.mcpUrl("fixture"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @BeforeEach
  void capture() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void release() {
    root.detachAppender(logged);
  }

  private record Answer(int status, JsonNode body) {
    int code() {
      return body.path("error").path("code").asInt();
    }
  }

  private static Answer post(StreamableSession session, byte[] body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.mcpUrl("fixture"))).timeout(
        StreamableClient.TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
        .header("Accept", StreamableClient.BOTH).header("Mcp-Session-Id", session.id())
        .header("MCP-Protocol-Version", session.version()).build();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body().isEmpty() ? Json.object() : Json.parse(r.body()));
  }

  private static byte[] bytes(String prefix, int[] raw, String suffix) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(prefix.getBytes(StandardCharsets.UTF_8));
    for (int b : raw) {
      out.write(b);
    }
    out.writeBytes(suffix.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private List<ILoggingEvent> errors() {
    return logged.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR)).toList();
  }

  @Test
  void hugeExponentsAre400WithAJsonRpcErrorAndNoStackTrace() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    String[] bodies = {
        "{\"jsonrpc\":\"2.0\",\"id\":1e-2147483648,\"method\":\"ping\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\"x\",\"n\":1e2147483648}}}",
        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":\"t\","
            + "\"progress\":1e2147483648}}",
        "{\"jsonrpc\":\"2.0\",\"id\":8,\"result\":{\"x\":-1.5e-2147483648}}"};
    for (String body : bodies) {
      Answer answer = post(session, body.getBytes(StandardCharsets.UTF_8));
      assertThat(answer.status()).as(body).isEqualTo(400);
      assertThat(answer.code()).as(body).isIn(-32700, -32600);
    }
    assertThat(errors()).as("logged at ERROR").isEmpty();
    assertThat(session.post(Messages.request(9, "ping", Json.object())).status()).as("the session goes on")
        .isEqualTo(200);
  }

  @Test
  void malformedUtf8Is400ParseError() throws Exception {
    StreamableSession session = raw.open("2025-06-18");
    String prefix = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
        + "\"arguments\":{\"text\":\"";
    int[][] malformed = {{0xC0, 0x80}, {0xED, 0xA0, 0x80}, {0xF4, 0x90, 0x80, 0x80}};
    for (int[] sequence : malformed) {
      Answer answer = post(session, bytes(prefix, sequence, "\"}}}"));
      assertThat(answer.status()).as("bytes %s", java.util.Arrays.toString(sequence)).isEqualTo(400);
      assertThat(answer.code()).isEqualTo(-32700);
    }
    assertThat(errors()).as("logged at ERROR").isEmpty();
    assertThat(session.call(4, "echo", Json.object().put("text", "é 🚀")).text()).isEqualTo("é 🚀");
  }
}
