package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.parse;
import static dev.switchboard.gateway.Wire.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.switchboard.access.AccessLog;
import dev.switchboard.access.HttpExchange;
import dev.switchboard.config.AccessMode;
import dev.switchboard.config.Config;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.LogSettings;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The access log's lines from literal exchanges (here because sessions are made in this package): every fact but no
 * payload by default, redacted payloads on request, nothing when off, HTTP and wire-message lines by mode.
 */
class AccessLogTest {
  private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
      + "\"echo\",\"arguments\":{\"text\":\"hello\",\"apiKey\":\"sk-live-1\",\"url\":\"https://x/?api_key=k1&a=b\"},"
      + "\"_meta\":{\"traceparent\":\"" + TRACE + "\"}}}";
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final List<String> lines = new ArrayList<>();

  private AccessLog log(AccessMode mode, boolean payloads) {
    return AccessLog.to(new LogSettings(1 << 20, 2, true, "info", mode, payloads), lines::add);
  }

  private static Session session() {
    Session s = new Session("0123456789abcdef", "fixture", "alice", dev.switchboard.config.Limits.DEFAULTS, x -> {});
    s.origin("streamable-http", "10.1.2.3");
    return s;
  }

  private static RequestEvents.Exchange exchange(String answer, RequestEvents.Ending outcome) {
    return new RequestEvents.Exchange("fixture", session(), request(CALL), "echo", TRACE, parse(answer), outcome,
        2_345_678, 2_000_000);
  }

  private JsonNode only() {
    assertThat(lines).hasSize(1);
    return Json.parse(lines.get(0));
  }

  @Test
  void aRequestLineHasEveryFactButNeitherArgumentsNorResultsNorTheKey() {
    String answer = "{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}";
    log(AccessMode.REQUESTS, false).ended(exchange(answer, RequestEvents.Ending.OK));
    JsonNode line = only();
    assertThat(line.path("kind").asString()).isEqualTo("request");
    assertThat(line.path("client").asString()).isEqualTo("10.1.2.3");
    assertThat(line.path("key").asString()).isEqualTo("alice");
    assertThat(line.path("session").asString()).isEqualTo("01234567");
    assertThat(line.path("transport").asString()).isEqualTo("streamable-http");
    assertThat(line.path("era").asString()).isEqualTo(session().protocolVersion());
    assertThat(line.path("server").asString()).isEqualTo("fixture");
    assertThat(line.path("method").asString()).isEqualTo("tools/call");
    assertThat(line.path("tool").asString()).isEqualTo("echo");
    assertThat(line.path("outcome").asString()).isEqualTo("ok");
    assertThat(line.has("error")).isFalse();
    assertThat(line.path("durationMs").asDouble()).isEqualTo(2.346);
    assertThat(line.path("upstreamMs").asDouble()).as("of which in the server").isEqualTo(2.0);
    assertThat(line.path("bytesIn").asInt()).isEqualTo(CALL.length());
    assertThat(line.path("bytesOut").asInt()).isEqualTo(answer.length());
    assertThat(line.path("traceparent").asString()).isEqualTo(TRACE);
    assertThat(Instant.parse(line.path("time").asString())).isBeforeOrEqualTo(Instant.now());
    assertThat(lines.get(0)).doesNotContain("hello").doesNotContain("sk-live-1").doesNotContain("k1");
  }

  @Test
  void errorsCarryTheirJsonRpcCodeAndToolErrorsTheirOutcome() {
    AccessLog log = log(AccessMode.REQUESTS, false);
    log.ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32602,\"message\":\"Unknown tool\"}}",
        RequestEvents.Ending.ERROR));
    log.ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[],\"isError\":true}}",
        RequestEvents.Ending.TOOL_ERROR));
    log.ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32001,\"message\":\"timed out\"}}",
        RequestEvents.Ending.TIMEOUT));
    assertThat(lines.stream().map(Json::parse).map(l -> l.path("outcome").asString() + " " + l.path("error").asInt(0)))
        .containsExactly("error -32602", "tool_error 0", "timeout -32001");
  }

  /** The ends no server answered: the client cancelled, the child died with it in flight, it never reached one. */
  @Test
  void cancelledCrashedAndUnsentRequestsHaveTheirOwnOutcome() {
    AccessLog log = log(AccessMode.REQUESTS, false);
    log.ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32000,\"message\":\"Request cancelled by "
        + "the client\"}}", RequestEvents.Ending.CANCELLED));
    log.ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32603,\"message\":\"the server exited\"}}",
        RequestEvents.Ending.CRASH));
    log.ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":{\"code\":-32603,\"message\":\"not connected\"}}",
        RequestEvents.Ending.NOT_SENT));
    assertThat(lines.stream().map(Json::parse).map(l -> l.path("outcome").asString() + " " + l.path("error").asInt(0)))
        .containsExactly("cancelled -32000", "crash -32603", "not_sent -32603");
  }

  @Test
  void payloadsAppearOnlyWhenAskedAndThenRedacted() {
    log(AccessMode.REQUESTS, true).ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"token\":\"t-1\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}}", RequestEvents.Ending.OK));
    JsonNode line = only();
    assertThat(line.path("arguments").toString()).isEqualTo("{\"name\":\"echo\",\"arguments\":{\"text\":\"hello\","
        + "\"apiKey\":\"REDACTED\",\"url\":\"https://x/?api_key=REDACTED&a=b\"}}");
    assertThat(line.path("result").toString())
        .isEqualTo("{\"token\":\"REDACTED\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}");
  }

  @Test
  void offWritesNothing() {
    AccessLog log = log(AccessMode.OFF, true);
    log.ended(exchange("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", RequestEvents.Ending.OK));
    log.http(http(401));
    assertThat(lines).isEmpty();
  }

  @Test
  void requestsModeLogsRefusedExchangesAndMessagesModeEveryOne() {
    AccessLog log = log(AccessMode.REQUESTS, false);
    log.http(http(202));
    log.http(http(401));
    assertThat(only().path("status").asInt()).isEqualTo(401);
    assertThat(only().path("kind").asString()).isEqualTo("http");
    assertThat(only().path("path").asString()).isEqualTo("/mcp/fixture");
    log.settings(new LogSettings(1 << 20, 2, true, "info", AccessMode.MESSAGES, false));
    log.http(http(202));
    assertThat(lines).hasSize(2);
    assertThat(Json.parse(lines.get(1)).path("status").asInt()).isEqualTo(202);
  }

  /**
   * A message a socket or WebSocket carried has a line only in messages mode: which way it went, its type, method
   * and id, and the session's facts, but not its payload.
   */
  @Test
  void aCarriedMessageIsLoggedOnlyInMessagesModeWithItsDirectionTypeMethodAndId() {
    AccessLog log = log(AccessMode.REQUESTS, true);
    Session session = session();
    session.origin("socket", "tcp://127.0.0.1:7000");
    log.carried(session, request(CALL), true);
    assertThat(lines).as("not in requests mode").isEmpty();
    log.settings(new LogSettings(1 << 20, 2, true, "info", AccessMode.MESSAGES, false));
    log.carried(session, request(CALL), true);
    log.carried(session, parse("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{}}"), false);
    log.carried(session, parse("{\"jsonrpc\":\"2.0\",\"id\":\"s-1\",\"error\":{\"code\":-32601,\"message\":"
        + "\"no\"}}"), true);
    List<JsonNode> logged = lines.stream().map(Json::parse).toList();
    assertThat(logged).extracting(l -> l.path("direction").asString() + " " + l.path("type").asString() + " "
        + l.path("method").asString("-") + " " + l.path("id").asString("-") + " " + l.path("error").asInt(0))
        .containsExactly("in request tools/call 3 0", "out notification notifications/progress - 0",
            "in error - s-1 -32601");
    JsonNode first = logged.get(0);
    assertThat(first.path("kind").asString() + " " + first.path("transport").asString() + " "
        + first.path("client").asString() + " " + first.path("key").asString() + " " + first.path("session")
            .asString() + " " + first.path("server").asString()).isEqualTo("message socket tcp://127.0.0.1:7000 "
                + "alice 01234567 fixture");
    assertThat(first.path("bytesIn").asInt()).isEqualTo(CALL.length());
    assertThat(logged.get(1).has("bytesOut")).isTrue();
    assertThat(lines.get(0)).doesNotContain("hello").doesNotContain("sk-live-1");
  }

  /**
   * A tool call a group routed to a member runs in the member's session: its line still names the client's wire,
   * address, key and session, not an unknown transport.
   */
  @Test
  void aToolCallThroughAGroupNamesTheClientsWireAddressKeyAndSession() {
    List<String> seen = new CopyOnWriteArrayList<>(); // written on the member link's thread
    Config config = ConfigLoader.parse(("{\"mcpServers\":{\"switchboard\":{\"builtin\":\"switchboard\"}},"
        + "\"gateway\":{\"groups\":{\"g\":{\"servers\":\"*\"}},\"shutdownGrace\":\"100ms\"}}")
        .getBytes(StandardCharsets.UTF_8), null);
    AccessLog log = AccessLog.to(new LogSettings(1 << 20, 2, true, "info", AccessMode.REQUESTS, false), seen::add);
    try (Gateway gateway = new Gateway(config, "test", null, null, log)) {
      Session session = gateway.open("g", "alice");
      session.origin("websocket", "10.1.2.3");
      EventStream opened = session.openRequestStream(1);
      session.initialize(Message.request(RequestId.of(1), "initialize", Json.object()
          .put("protocolVersion", "2025-06-18")), opened);
      assertThat(Answers.await(opened, WAIT)).containsInstanceOf(Message.Response.class);
      EventStream called = session.openRequestStream(1);
      session.forward(Message.request(RequestId.of(2), "tools/call", Json.object()
          .put("name", "switchboard__list_servers")), called);
      assertThat(Answers.await(called, WAIT)).containsInstanceOf(Message.Response.class);

      await().atMost(WAIT).until(() -> seen.stream().anyMatch(l -> l.contains("\"tools/call\"")));
      JsonNode line = seen.stream().map(Json::parse).filter(l -> l.path("method").asString().equals("tools/call"))
          .findFirst().orElseThrow();
      assertThat(line.path("transport").asString() + " " + line.path("client").asString() + " "
          + line.path("key").asString() + " " + line.path("session").asString() + " " + line.path("server")
              .asString() + " " + line.path("tool").asString())
          .isEqualTo("websocket 10.1.2.3 alice " + session.logId() + " switchboard list_servers");
    }
  }

  private static HttpExchange http(int status) {
    return new HttpExchange(Instant.now(), "127.0.0.1", null, null, "streamable-http", null, "fixture", "POST",
        "/mcp/fixture", status, 1_000_000, 10, 20, null);
  }
}
