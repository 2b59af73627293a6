package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.access.AccessLog;
import dev.switchboard.gateway.TraceContext;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.StreamableSession;
import dev.switchboard.testing.TestGateway;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The access log and trace context on a real gateway: a child sees the HTTP request's {@code traceparent} (or a
 * fresh one) in {@code _meta}, and each request — ok, JSON-RPC error, refused — leaves its line with that value.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AccessLogIT {
  private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private final ListAppender<ILoggingEvent> appender = new dev.switchboard.testing.CapturedLog();
  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private Level before;

  @BeforeEach
  void capture() {
    before = logger.getLevel();
    logger.setLevel(Level.INFO);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(before);
  }

  @Test
  void theChildSeesTheTraceparentAndEveryRequestIsLogged() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture()) {
      StreamableClient raw = new StreamableClient(gateway.mcpUrl("fixture"));
      StreamableSession session = raw.open("2025-06-18");

      Reply traced = session.post(Messages.toolCall(2, "meta", Json.object()), Map.of("traceparent", TRACE));
      assertThat(Json.parse(traced.text()).path("traceparent").asString()).isEqualTo(TRACE);
      String fresh = Json.parse(session.call(3, "meta", Json.object()).text()).path("traceparent").asString();
      assertThat(TraceContext.isValid(fresh)).as(fresh).isTrue();
      assertThat(fresh).isNotEqualTo(TRACE);
      assertThat(session.call(4, "no_such_tool", Json.object()).errorCode()).isEqualTo(-32602);
      assertThat(raw.post(Messages.toolCall(5, "meta", Json.object()), Map.of("Mcp-Session-Id", "nope")).status())
          .isEqualTo(404);

      List<JsonNode> lines = awaitLines(5);
      JsonNode first = line(lines, "traceparent", TRACE);
      assertThat(first.path("kind").asString()).isEqualTo("request");
      assertThat(first.path("client").asString()).isEqualTo("127.0.0.1");
      assertThat(first.path("key").asString()).isEqualTo("anonymous");
      assertThat(first.path("session").asString()).isEqualTo(session.id().substring(0, 8));
      assertThat(first.path("transport").asString()).isEqualTo("streamable-http");
      assertThat(first.path("era").asString()).isEqualTo("2025-06-18");
      assertThat(first.path("server").asString() + " " + first.path("method").asString() + " "
          + first.path("tool").asString() + " " + first.path("outcome").asString())
          .isEqualTo("fixture tools/call meta ok");
      assertThat(first.path("bytesOut").asInt()).isPositive();
      assertThat(line(lines, "traceparent", fresh).path("tool").asString()).isEqualTo("meta");
      JsonNode error = line(lines, "tool", "no_such_tool");
      assertThat(error.path("outcome").asString() + " " + error.path("error").asInt()).isEqualTo("error -32602");
      JsonNode refused = line(lines, "kind", "http");
      assertThat(refused.path("status").asInt()).isEqualTo(404);
      assertThat(refused.path("path").asString()).isEqualTo("/mcp/fixture");
      assertThat(refused.path("session").asString()).isEqualTo("nope");
      assertThat(line(lines, "method", "initialize").path("outcome").asString()).isEqualTo("ok");
      assertThat(lines).as("one line per request, initialize too, and one for the refusal; none for the 202")
          .hasSize(5);
    }
  }

  private List<JsonNode> awaitLines(int count) {
    await().atMost(Duration.ofSeconds(20)).until(() -> appender.list.size() >= count);
    return appender.list.stream().map(e -> Json.parse(e.getFormattedMessage())).toList();
  }

  private static JsonNode line(List<JsonNode> lines, String field, String value) {
    return lines.stream().filter(l -> l.path(field).asString("").equals(value)).findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + field + "=" + value + " in " + lines));
  }
}
