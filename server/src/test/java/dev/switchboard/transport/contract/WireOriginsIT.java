package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.switchboard.access.AccessLog;
import dev.switchboard.client.transport.SocketTransport;
import dev.switchboard.config.ListenAddress;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.Messages;
import dev.switchboard.testing.Reply;
import dev.switchboard.testing.StreamableClient;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * What an HTTP request says about its client reaches the session on every wire, as on Streamable HTTP: behind a
 * trusted proxy the access log names the {@code X-Forwarded-For} client of a 2026-07-28 request and of a WebSocket
 * session, and a {@code traceparent} header on a legacy SSE, seed API or 2026-07-28 POST reaches the child in the
 * request's {@code _meta}; and in messages mode the socket and WebSocket wires log every message, either way.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WireOriginsIT {
  private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String PROXIED = "203.0.113.7";
  private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
  private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
  private static final String META = Messages.toolCall(2, "meta", Json.object());
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

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
  void behindATrustedProxyTheStatelessAndWebSocketLinesNameTheForwardedClient() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.put("trustProxy", true))) {
      Reply modern = new StreamableClient(gateway.mcpUrl("fixture")).post(modernEcho(), Map.of(
          "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "echo",
          "X-Forwarded-For", "198.51.100.1, " + PROXIED));
      assertThat(modern.text()).as(modern.body()).isEqualTo("stateless");
      try (WireClient ws = new WireClient(new JdkWebSocketTransport(URI.create("ws://127.0.0.1:" + gateway.port()
          + "/ws/fixture"), Map.of("X-Forwarded-For", PROXIED)))) {
        ws.initialize(Json.object());
        ObjectNode params = Json.object().put("name", "echo");
        params.putObject("arguments").put("text", "over the socket");
        WireClient.result(ws.request("tools/call", params));
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> toolCalls().size() >= 2);
      assertThat(toolCalls()).extracting(l -> l.path("transport").asString() + " " + l.path("era").asString() + " "
          + l.path("client").asString()).containsExactlyInAnyOrder("streamable-http 2026-07-28 " + PROXIED,
              "websocket 2025-06-18 " + PROXIED);
    }
  }

  /**
   * In messages mode a socket or WebSocket session's messages each have a line, either way, as each Streamable HTTP
   * exchange has: the client's notification, the server's request to the client and the client's answer too.
   */
  @Test
  void inMessagesModeTheSocketAndWebSocketWiresLogEveryMessageEitherWay() throws Exception {
    ObjectNode servers = Json.object();
    ObjectNode fixture = Fixtures.server(Fixtures.CONFORMANCE);
    fixture.putArray("listen").add("tcp://127.0.0.1:0");
    servers.set("fixture", fixture);
    try (TestGateway gateway = TestGateway.start(servers, gw -> gw.putObject("logging").put("access", "messages"))) {
      var tcp = (ListenAddress.Tcp) gateway.daemon().listening("fixture").get(0);
      sample(new WireClient(SocketTransport.tcp(tcp.host(), tcp.port())));
      sample(new WireClient(new JdkWebSocketTransport(URI.create("ws://127.0.0.1:" + gateway.port()
          + "/ws/fixture"))));

      for (String wire : List.of("socket", "websocket")) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(messages(wire)).contains(
            "in request initialize", "out response -", "in notification notifications/initialized",
            "in request tools/call", "out request sampling/createMessage", "in response -"));
      }
      assertThat(toolCalls()).filteredOn(l -> !l.path("kind").asString("").equals("message"))
          .extracting(l -> l.path("transport").asString() + " " + l.path("client").asString())
          .as("the peer's address, not the listener's").containsExactlyInAnyOrder("socket 127.0.0.1",
              "websocket 127.0.0.1");
    }
  }

  @Test
  void aTraceparentHeaderOnALegacySsePostReachesTheChild() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture();
        SseFeed stream = SseFeed.open(HTTP, request(gateway, "GET", "/sse/fixture", null)
            .header("Accept", "text/event-stream").build())) {
      String endpoint = stream.next(e -> e.type().equals("endpoint")).data();
      assertThat(post(gateway, endpoint, INIT, Map.of()).statusCode()).isEqualTo(202);
      answer(stream, 1);
      assertThat(post(gateway, endpoint, INITIALIZED, Map.of()).statusCode()).isEqualTo(202);
      assertThat(post(gateway, endpoint, META, Map.of("traceparent", TRACE)).statusCode()).isEqualTo(202);
      assertThat(traceSeen(answer(stream, 2))).isEqualTo(TRACE);
    }
  }

  @Test
  void aTraceparentHeaderOnASeedRpcPostReachesTheChild() throws Exception {
    try (TestGateway gateway = TestGateway.withFixture()) {
      String id = post(gateway, "/rpc/fixture", INIT, Map.of()).headers().firstValue("X-Session-ID").orElseThrow();
      Map<String, String> session = Map.of("X-Session-ID", id);
      try (SseFeed stream = SseFeed.open(HTTP, request(gateway, "GET", "/sse/fixture", null)
          .header("X-Session-ID", id).build())) {
        answer(stream, 1);
        assertThat(post(gateway, "/rpc/fixture", INITIALIZED, session).statusCode()).isEqualTo(200);
        assertThat(post(gateway, "/rpc/fixture", META, Map.of("X-Session-ID", id, "traceparent", TRACE))
            .statusCode()).isEqualTo(200);
        assertThat(traceSeen(answer(stream, 2))).isEqualTo(TRACE);
      }
    }
  }

  /**
   * A 2026-07-28 request has no session, so its {@code traceparent} header is the only trace context the client gives:
   * it reaches the child's {@code _meta}, whether the child is an earlier revision's (the gateway's handshake made for
   * the request) or speaks 2026-07-28 itself, and it is the request's access-log line's.
   */
  @Test
  void aTraceparentHeaderOnAStatelessPostReachesTheChildAndTheAccessLog() throws Exception {
    String modernTrace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    servers.set("modern", Fixtures.server("dev.switchboard.fixture.StatelessServer").put("protocol", "2026-07-28")
        .put("sharing", "shared"));
    try (TestGateway gateway = TestGateway.start(servers, gw -> {})) {
      assertThat(statelessTrace(gateway, "fixture", TRACE)).isEqualTo(TRACE);
      assertThat(statelessTrace(gateway, "modern", modernTrace)).isEqualTo(modernTrace);

      await().atMost(Duration.ofSeconds(20)).until(() -> toolCalls().size() >= 2);
      assertThat(toolCalls()).extracting(l -> l.path("server").asString() + " " + l.path("era").asString() + " "
          + l.path("tool").asString() + " " + l.path("traceparent").asString())
          .containsExactlyInAnyOrder("fixture 2026-07-28 meta " + TRACE, "modern 2026-07-28 meta " + modernTrace);
    }
  }

  /** The {@code traceparent} the child saw in a 2026-07-28 {@code meta} call POSTed with {@code trace} as header. */
  private static String statelessTrace(TestGateway gateway, String server, String trace) throws Exception {
    Reply reply = new StreamableClient(gateway.mcpUrl(server)).post(modern("meta", Json.object()), Map.of(
        "MCP-Protocol-Version", "2026-07-28", "Mcp-Method", "tools/call", "Mcp-Name", "meta", "traceparent", trace));
    return Json.parse(reply.text()).path("traceparent").asString();
  }

  /** Initializes with sampling, and calls the tool that asks the client to sample; then hangs up. */
  private static void sample(WireClient client) throws Exception {
    try (client) {
      client.onServerRequest(r -> {
        ObjectNode result = Json.object().put("role", "assistant").put("model", "wire-origins");
        result.putObject("content").put("type", "text").put("text", "sampled");
        return result;
      });
      ObjectNode caps = Json.object();
      caps.putObject("sampling");
      client.initialize(caps);
      WireClient.result(client.request("tools/call", TransportContract.call("test_sampling", "prompt", "say hi")));
    }
  }

  /** The message lines of the wire's sessions so far: direction, type and method ({@code -} for none). */
  private List<String> messages(String transport) {
    return appender.list.stream().map(e -> Json.parse(e.getFormattedMessage()))
        .filter(l -> l.path("kind").asString("").equals("message") && l.path("transport").asString("")
            .equals(transport))
        .map(l -> l.path("direction").asString() + " " + l.path("type").asString() + " "
            + l.path("method").asString("-")).toList();
  }

  /** The access log's lines for tools/call requests so far. */
  private List<JsonNode> toolCalls() {
    return appender.list.stream().map(e -> Json.parse(e.getFormattedMessage()))
        .filter(l -> l.path("method").asString("").equals("tools/call")).toList();
  }

  /** The {@code traceparent} the meta tool saw in its request's {@code _meta}. */
  private static String traceSeen(JsonNode answer) {
    return Json.parse(answer.path("result").path("content").path(0).path("text").asString()).path("traceparent")
        .asString();
  }

  private static JsonNode answer(SseFeed stream, int id) throws InterruptedException {
    SseEvent event = stream.next(e -> e.type().equals("message") && Json.parse(e.data()).path("id").asInt() == id);
    return Json.parse(event.data());
  }

  private static String modernEcho() {
    return modern("echo", Json.object().put("text", "stateless"));
  }

  /** A 2026-07-28 tools/call of {@code tool}: the revision and the client in its {@code _meta}. */
  private static String modern(String tool, ObjectNode arguments) {
    ObjectNode params = Json.object().put("name", tool);
    params.set("arguments", arguments);
    ObjectNode meta = params.putObject("_meta").put("io.modelcontextprotocol/protocolVersion", "2026-07-28");
    meta.putObject("io.modelcontextprotocol/clientInfo").put("name", "wire-origins-it").put("version", "1");
    meta.putObject("io.modelcontextprotocol/clientCapabilities");
    return Messages.request(3, "tools/call", params);
  }

  private static HttpResponse<String> post(TestGateway gateway, String path, String body, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b = request(gateway, "POST", path, body);
    headers.forEach(b::header);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(TestGateway gateway, String method, String path, String body) {
    return HttpRequest.newBuilder(URI.create(gateway.baseUrl() + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").method(method, body == null
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
  }
}
