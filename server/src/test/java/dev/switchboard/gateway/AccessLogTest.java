package dev.switchboard.gateway;

import static dev.switchboard.gateway.Wire.parse;
import static dev.switchboard.gateway.Wire.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.access.AccessLog;
import dev.switchboard.access.HttpExchange;
import dev.switchboard.config.AccessMode;
import dev.switchboard.config.LogSettings;
import dev.switchboard.protocol.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The access log's lines from literal exchanges (here because sessions are made in this package): every fact but no
 * payload by default, redacted payloads on request, nothing when off, HTTP lines by mode.
 */
class AccessLogTest {
  private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":"
      + "\"echo\",\"arguments\":{\"text\":\"hello\",\"apiKey\":\"sk-live-1\",\"url\":\"https://x/?api_key=k1&a=b\"},"
      + "\"_meta\":{\"traceparent\":\"" + TRACE + "\"}}}";
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

  private static HttpExchange http(int status) {
    return new HttpExchange(Instant.now(), "127.0.0.1", null, null, "streamable-http", null, "fixture", "POST",
        "/mcp/fixture", status, 1_000_000, 10, 20, null);
  }
}
