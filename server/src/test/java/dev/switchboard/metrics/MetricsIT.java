package dev.switchboard.metrics;

import static dev.switchboard.testing.Scrape.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.client.transport.StreamableHttpTransport;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Scrape;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code GET /metrics} on a real gateway: requests by server, method, tool and outcome, latency buckets, sessions,
 * server states and JVM metrics; OpenMetrics on request; with keys, only a key scoped to {@code metrics} reads it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void aRequestsDurationSplitsIntoTheServersTimeAndTheGatewaysShare() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(); var client = new Calls(gateway.mcpUrl("fixture"))) {
      client.call("log_echo", Json.object().put("text", "slow").put("delayMs", 300));

      String labels = "{method=\"tools/call\",server=\"fixture\"}";
      // the gateway's share is told once the answer is written, so it may come just after the client has it
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> sample(get(gateway,
          "/metrics", null, null).body(), "switchboard_request_gateway_seconds_count" + labels) == 1);
      String body = get(gateway, "/metrics", null, null).body();
      assertThat(sample(body, "switchboard_request_upstream_seconds_count" + labels)).isEqualTo(1);
      double upstream = sample(body, "switchboard_request_upstream_seconds_sum" + labels);
      assertThat(upstream).as("the tool waited 300 ms in the child").isGreaterThanOrEqualTo(0.3);
      assertThat(sample(body, "switchboard_notifications_total{method=\"notifications/message\",server=\"fixture\"}"))
          .as("log_echo's log message").isEqualTo(1);
      assertThat(upstream + sample(body, "switchboard_request_gateway_seconds_sum" + labels))
          .as("the two parts cover the whole, and the HTTP exchange around it")
          .isGreaterThanOrEqualTo(sample(body, "switchboard_request_duration_seconds_sum" + labels));
    }
  }

  @Test
  void onStreamableHttpTheGatewaysShareRunsFromTheRequestsFirstByteToItsAnswerWritten() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture()) {
      var session = dev.switchboard.testing.StreamableClient.at(gateway.baseUrl(), "fixture")
          .open(dev.switchboard.testing.StreamableClient.VERSION);
      java.time.Duration pause = java.time.Duration.ofMillis(500);

      String answer = postWithBodyAfter(gateway.port(), session.id(), pause,
          dev.switchboard.testing.Messages.toolCall(2, "echo", Json.object().put("text", "late body")));
      assertThat(answer).startsWith("HTTP/1.1 200").contains("late body");

      String labels = "{method=\"tools/call\",server=\"fixture\"}";
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> sample(get(gateway,
          "/metrics", null, null).body(), "switchboard_request_gateway_seconds_count" + labels) == 1);
      assertThat(sample(get(gateway, "/metrics", null, null).body(), "switchboard_request_gateway_seconds_sum"
          + labels)).as("the client's pause between its headers and its body (less the time its head took to be "
              + "parsed, which the pause also covers and a loaded machine stretches; without the first byte as the "
              + "start the share is a few ms)")
          .isGreaterThanOrEqualTo(pause.toNanos() / 1e9 * 0.5);
    }
  }

  /** A POST over a raw socket: the head, then {@code body} after {@code pause}; the whole answer, head included. */
  private static String postWithBodyAfter(int port, String session, java.time.Duration pause, String body)
      throws Exception {
    return postWithHeadersAndBodyAfter(port, "Mcp-Session-Id: " + session + "\r\nMCP-Protocol-Version: "
        + dev.switchboard.testing.StreamableClient.VERSION + "\r\n", pause, body);
  }

  /** As above, with {@code headers} (each line ending in CRLF) beside the standard ones. */
  private static String postWithHeadersAndBodyAfter(int port, String headers, java.time.Duration pause,
      String body) throws Exception {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      String head = "POST /mcp/fixture HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
          + "Accept: " + dev.switchboard.testing.StreamableClient.BOTH + "\r\n" + headers + "Content-Length: "
          + bytes.length + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Thread.sleep(pause.toMillis()); // the pause the gateway's share must include: imposed, not awaited
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A 2026-07-28 request (no session) is timed from its first byte too, less the handshake made for it. */
  @Test
  void onTheStatelessPathTheGatewaysShareRunsFromTheRequestsFirstByteToo() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"))) {
      java.time.Duration pause = java.time.Duration.ofMillis(500);
      ObjectNode params = Json.object().put("name", "echo");
      params.putObject("arguments").put("text", "late modern body");
      ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
      meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "metrics-it").put("version", "1");
      meta.putObject("io.modelcontextprotocol/clientCapabilities");
      String headers = "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: echo\r\n";

      String answer = postWithHeadersAndBodyAfter(gateway.port(), headers, pause,
          dev.switchboard.testing.Messages.request(3, "tools/call", params));
      assertThat(answer).startsWith("HTTP/1.1 200").contains("late modern body");

      String labels = "{method=\"tools/call\",server=\"fixture\"}";
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> sample(get(gateway,
          "/metrics", null, null).body(), "switchboard_request_gateway_seconds_count" + labels) == 1);
      assertThat(sample(get(gateway, "/metrics", null, null).body(), "switchboard_request_gateway_seconds_sum"
          + labels)).as("the pause, less the head's parse (a few ms without the first byte as the start)")
          .isGreaterThanOrEqualTo(pause.toNanos() / 1e9 * 0.5);
    }
  }

  /** A 2026-07-28 request waiting for its answer is in flight too, though no session is registered for it. */
  @Test
  void aStatelessRequestWaitingForItsAnswerIsInFlight() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"));
        var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      ObjectNode params = Json.object().put("name", "log_echo");
      params.putObject("arguments").put("text", "held").put("delayMs", 3000);
      ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
      meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "metrics-it").put("version", "1");
      meta.putObject("io.modelcontextprotocol/clientCapabilities");
      String headers = "MCP-Protocol-Version: 2026-07-28\r\nMcp-Method: tools/call\r\nMcp-Name: log_echo\r\n";
      var answer = threads.submit(() -> postWithHeadersAndBodyAfter(gateway.port(), headers,
          java.time.Duration.ZERO, dev.switchboard.testing.Messages.request(4, "tools/call", params)));

      String series = "switchboard_requests_in_flight{server=\"fixture\"}";
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> Scrape.sampleOr(get(
          gateway, "/metrics", null, null).body(), series, 0) == 1);
      assertThat(answer.get(30, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").contains("held");
      org.awaitility.Awaitility.await("none in flight once answered").atMost(java.time.Duration.ofSeconds(30))
          .until(() -> Scrape.sampleOr(get(gateway, "/metrics", null, null).body(), series, 0) == 0);
    }
  }

  /**
   * A call the client cancels is counted as cancelled, and its {@code call}-policy child is stopped: with metrics
   * on, the cancellation once stopped at the wrapper that observes each request, and the child stayed busy.
   */
  @Test
  void aCancelledCallIsCountedAndItsCallChildIsFreed() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "call"));
    try (TestGateway gateway = TestGateway.start(servers,
        gw -> gw.putObject("limits").put("maxInFlightPerSession", 1))) {
      var mcp = dev.switchboard.testing.StreamableClient.at(gateway.baseUrl(), "fixture");
      var session = mcp.open(dev.switchboard.testing.StreamableClient.VERSION);
      try (var call = session.start(dev.switchboard.testing.Messages.toolCall(7, "slow", Json.object()
          .put("ms", 30_000).put("steps", 60), "p-7"))) {
        call.await(m -> dev.switchboard.testing.Messages.isNotification(m, "notifications/progress"),
            java.time.Duration.ofSeconds(60), "first progress");
        session.cancel(7, "the test cancels it");
        assertThat(call.awaitEnd(java.time.Duration.ofSeconds(30))).as("the answer stream ends").isTrue();
      }
      String cancelled = "switchboard_requests_total{method=\"tools/call\",outcome=\"cancelled\",server=\"fixture\","
          + "tool=\"slow\"}";
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> get(gateway,
          "/metrics", null, null).body().lines().anyMatch(l -> l.startsWith(cancelled + " 1")));
      // the session's one request in flight (maxInFlightPerSession 1) is over: a next call is taken
      var next = session.call(8, "echo", Json.object().put("text", "after the cancel"));
      assertThat(next.body()).contains("after the cancel");
    }
  }

  /**
   * A call its server does not answer before the timeout is counted as {@code timeout}, and one whose child dies with
   * it in flight as {@code crash}: in the scrape and on their access-log lines alike.
   */
  @Test
  void aTimedOutCallAndOneWhoseChildCrashedAreCountedAsSuch() throws Exception {
    try (var access = new dev.switchboard.testing.AccessLines();
        TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared").putObject("timeouts")
            .putObject("methods").put("tools/call", "1s"))) {
      var session = dev.switchboard.testing.StreamableClient.at(gateway.baseUrl(), "fixture")
          .open(dev.switchboard.testing.StreamableClient.VERSION);
      var late = session.call(2, "log_echo", Json.object().put("text", "too late").put("delayMs", 20_000));
      assertThat(late.errorMessage()).as(late.body()).contains("did not answer");
      var crashed = session.call(3, "crash", Json.object());
      assertThat(crashed.isError()).as(crashed.body()).isTrue();

      String calls = "switchboard_requests_total{method=\"tools/call\",outcome=";
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> {
        String body = get(gateway, "/metrics", null, null).body();
        assertThat(Scrape.sampleOr(body, calls + "\"timeout\",server=\"fixture\",tool=\"log_echo\"}", 0))
            .isEqualTo(1);
        assertThat(Scrape.sampleOr(body, calls + "\"crash\",server=\"fixture\",tool=\"crash\"}", 0))
            .isEqualTo(1);
      });
      assertThat(access.awaitLine("tool", "log_echo").path("outcome").asString()).isEqualTo("timeout");
      assertThat(access.awaitLine("tool", "crash").path("outcome").asString()).isEqualTo("crash");
    }
  }

  @Test
  void childrenAndTheWarmPoolAreCounted() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.putObject("pool").put("warm", 1))) {
      String ready = "switchboard_warm_pool_ready{server=\"fixture\"}";
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
          .until(() -> sample(get(gateway, "/metrics", null, null).body(), ready) == 1);
      try (var client = new Calls(gateway.mcpUrl("fixture"))) {
        client.call("echo", Json.object().put("text", "warm"));
      }
      // the session took the waiting child, and the pool started another in its place
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
          .until(() -> sample(get(gateway, "/metrics", null, null).body(), ready) == 1);
      String body = get(gateway, "/metrics", null, null).body();
      assertThat(sample(body, "switchboard_warm_pool_claims_total{result=\"hit\",server=\"fixture\"}")).isEqualTo(1);
      assertThat(sample(body, "switchboard_warm_pool_claims_total{result=\"miss\",server=\"fixture\"}")).isZero();
      assertThat(sample(body, "switchboard_children_started_total{server=\"fixture\"}")).isEqualTo(2);
      assertThat(sample(body, "switchboard_children_ended_total{cause=\"crashed\",server=\"fixture\"}")).isZero();
    }
  }

  /** A shared child killed and replaced is a restart, in the scrape and on the status page's data. */
  @Test
  void aCrashedChildsReplacementIsARestart() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(e -> e.put("sharing", "shared"))) {
      var session = dev.switchboard.testing.StreamableClient.at(gateway.baseUrl(), "fixture")
          .open(dev.switchboard.testing.StreamableClient.VERSION);
      long first = session.whoami(2);
      String restarts = "switchboard_children_restarts_total{server=\"fixture\"}";
      assertThat(sample(get(gateway, "/metrics", null, null).body(), restarts)).isZero();

      assertThat(ProcessHandle.of(first).map(ProcessHandle::destroyForcibly)).hasValue(true);
      org.awaitility.Awaitility.await("the replacement").atMost(java.time.Duration.ofSeconds(60))
          .ignoreExceptions().until(() -> session.whoami(3) != first);
      String body = get(gateway, "/metrics", null, null).body();
      assertThat(sample(body, restarts)).isEqualTo(1);
      assertThat(sample(body, "switchboard_children_ended_total{cause=\"crashed\",server=\"fixture\"}"))
          .isEqualTo(1);
      assertThat(Json.parse(get(gateway, "/ui/status.json", null, null).body()).path("servers").path(0)
          .path("restarts").asLong()).isEqualTo(1);
    }
  }

  @Test
  void timeANewChildWaitedForRoomIsCounted() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("a", Fixtures.server(Fixtures.CONFORMANCE));
    servers.set("b", Fixtures.server(Fixtures.CONFORMANCE));
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("upstreams").put("maxChildren", 1)
        .put("acquireTimeout", "1s"))) {
      var a = dev.switchboard.testing.StreamableClient.at(gateway.baseUrl(), "a")
          .open(dev.switchboard.testing.StreamableClient.VERSION);
      // a's session holds the gateway's only child, busy for 3 s; b's first session waits for room, then gives up
      try (var slow = a.start(dev.switchboard.testing.Messages.toolCall(2, "log_echo",
          Json.object().put("text", "hold").put("delayMs", 3000), null))) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> sample(get(gateway,
            "/metrics", null, null).body(), "switchboard_requests_in_flight{server=\"a\"}") == 1);
        var refused = dev.switchboard.testing.StreamableClient.at(gateway.baseUrl(), "b")
            .initialize(dev.switchboard.testing.StreamableClient.VERSION, "metrics-it");
        assertThat(refused.body()).contains("cannot start another child");

        assertThat(sample(get(gateway, "/metrics", null, null).body(),
            "switchboard_children_acquire_wait_seconds_total{server=\"b\"}")).isGreaterThanOrEqualTo(1.0);
        assertThat(slow.awaitResponse(java.time.Duration.ofSeconds(30)).has("result")).isTrue();
      }
    }
  }

  @Test
  void withMetricsOffThereIsNoEndpointAndRequestsStillWork() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("metrics").put("enabled", false));
        var client = new Calls(gateway.mcpUrl("fixture"))) {
      Message answer = client.call("echo", Json.object().put("text", "unmetered"));
      assertThat(answer.node().path("result").toString()).contains("unmetered");

      assertThat(get(gateway, "/metrics", null, null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void requestsOutcomesSessionsAndTheJvmAreCounted() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture(); var client = new Calls(gateway.mcpUrl("fixture"))) {
      client.call("echo", Json.object().put("text", "one"));
      client.call("echo", Json.object().put("text", "two"));
      client.call("test_error_handling", Json.object());
      client.call("no_such_tool", Json.object());

      HttpResponse<String> metrics = get(gateway, "/metrics", null, null);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body())
          .contains(
              "switchboard_requests_total{method=\"tools/call\",outcome=\"ok\",server=\"fixture\",tool=\"echo\"} 2")
          .contains("outcome=\"tool_error\",server=\"fixture\",tool=\"test_error_handling\"} 1")
          .contains("outcome=\"error\",server=\"fixture\",tool=\"no_such_tool\"} 1")
          .contains(
              "switchboard_request_duration_seconds_bucket{method=\"tools/call\",server=\"fixture\",le=\"+Inf\"} 4")
          .contains("switchboard_sessions{era=\"2025-06-18\",server=\"fixture\",transport=\"streamable-http\"} 1")
          .contains("switchboard_server_state{server=\"fixture\",state=\"running\"} 1")
          .contains("switchboard_build_info{version=")
          .contains("switchboard_key_requests_total{key=\"anonymous\",outcome=\"tool_error\",server=\"fixture\"} 1")
          .contains("switchboard_key_requests_total{key=\"anonymous\",outcome=\"error\",server=\"fixture\"} 1")
          .contains("jvm_memory_used_bytes");
      assertThat(sample(metrics.body(), "switchboard_sessions_opened_total{server=\"fixture\"}")).isEqualTo(1);
      assertThat(sample(metrics.body(), "switchboard_sessions_ended_total{server=\"fixture\"}")).isZero();
      assertThat(sample(metrics.body(), "switchboard_children_resident_bytes{server=\"fixture\"}"))
          .as("the session's child JVM is resident").isGreaterThan(1 << 20);
      assertThat(sample(metrics.body(), "switchboard_children_cpu_seconds{server=\"fixture\"}"))
          .as("the child JVM has run").isGreaterThan(0);

      HttpResponse<String> open = get(gateway, "/metrics", "application/openmetrics-text; version=1.0.0", null);
      assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
      assertThat(open.body()).endsWith("# EOF\n");
    }
  }

  @Test
  void withKeysOnlyAKeyScopedToMetricsReadsThem() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      var keys = gw.putObject("auth").putArray("keys");
      keys.addObject().put("name", "user").put("key", "user-secret-0123456789ab").putArray("servers").add("fixture");
      keys.addObject().put("name", "scraper").put("key", "scraper-secret-0123456789").putArray("servers")
          .add("metrics");
    })) {
      assertThat(get(gateway, "/metrics", null, null).statusCode()).isEqualTo(401);
      assertThat(get(gateway, "/metrics", null, "user-secret-0123456789ab").statusCode()).isEqualTo(403);
      HttpResponse<String> scraped = get(gateway, "/metrics", null, "scraper-secret-0123456789");
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("switchboard_security_events_total{reason=\"authFailures\"} 1");
    }
  }

  @Test
  void metricsPublicOpensThemWithoutAKeyAndNothingElse() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {
      gw.putObject("metrics").put("public", true);
      gw.putObject("auth").putArray("keys").addObject().put("name", "user").put("key", "user-secret-0123456789ab")
          .putArray("servers").add("fixture");
    })) {
      HttpResponse<String> scraped = get(gateway, "/metrics", null, null);
      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.body()).contains("switchboard_build_info");
      assertThat(get(gateway, "/mcp/fixture", null, null).statusCode()).as("MCP still needs a key").isEqualTo(401);
    }
  }

  private static HttpResponse<String> get(TestGateway gateway, String path, String accept, String key)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A minimal session over the client module's Streamable HTTP transport. */
  static final class Calls implements AutoCloseable {
    private final StreamableHttpTransport transport;
    private final java.util.Map<RequestId, CompletableFuture<Message>> answers =
        new java.util.concurrent.ConcurrentHashMap<>();
    private int nextId = 1;

    Calls(String url) throws Exception {
      transport = StreamableHttpTransport.builder(URI.create(url)).build();
      transport.start(new dev.switchboard.client.transport.Transport.Receiver() {
        @Override
        public void onMessage(Message message) {
          RequestId id = message instanceof Message.Response r ? r.id()
              : message instanceof Message.ErrorResponse e ? e.id() : null;
          if (id != null) {
            answers.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(message);
          }
        }

        @Override
        public void onClosed(Throwable cause) {}
      });
      ObjectNode params = Json.object().put("protocolVersion", "2025-06-18");
      params.putObject("capabilities");
      params.putObject("clientInfo").put("name", "metrics-it").put("version", "1");
      send("initialize", params);
      transport.initialized("2025-06-18");
      transport.send(Message.notification("notifications/initialized", null));
    }

    Message call(String tool, ObjectNode args) throws Exception {
      ObjectNode params = Json.object().put("name", tool);
      params.set("arguments", args);
      return send("tools/call", params);
    }

    private Message send(String method, ObjectNode params) throws Exception {
      RequestId id = RequestId.of(nextId++);
      transport.send(Message.request(id, method, params));
      return answers.computeIfAbsent(id, k -> new CompletableFuture<>()).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      transport.close();
    }
  }
}
