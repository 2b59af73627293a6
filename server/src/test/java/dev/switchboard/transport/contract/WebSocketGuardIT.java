package dev.switchboard.transport.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.RequestId;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket door is guarded like {@code /mcp}: a key is needed, a cross-site Origin is refused before the
 * upgrade, the subprotocol {@code mcp} is agreed, a binary or malformed frame gets a JSON-RPC error and the session
 * goes on, a quiet connection is pinged, and a frame over the body limit ends the connection with 1009.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WebSocketGuardIT {
  private static final String KEY = "ws-guard-secret-0123456789";
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    gateway = TestGateway.start(servers, gw -> {
      gw.putObject("auth").putArray("keys").addObject().put("name", "ws").put("key", KEY);
      gw.putObject("limits").put("maxBodyBytes", "64KB");
      gw.put("heartbeat", "500ms"); // the keep-alive ping's interval on a quiet WebSocket
    });
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void withoutAKeyTheUpgradeIsRefused() {
    assertThatThrownBy(() -> open(null, null).get(30, TimeUnit.SECONDS)).hasStackTraceContaining("401");
  }

  /** {@code ?api_key=} counts only where query keys are turned on ({@code auth.allowQueryKey}; off here). */
  @Test
  void aKeyInTheQueryIsRefusedWhileQueryKeysAreOff() {
    var socket = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mcp").buildAsync(
        URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/fixture?api_key=" + KEY), new Inbox());
    assertThatThrownBy(() -> socket.get(30, TimeUnit.SECONDS)).hasStackTraceContaining("401");
  }

  @Test
  void aCrossSiteOriginIsRefusedBeforeTheUpgrade() {
    assertThatThrownBy(() -> open(KEY, "https://evil.example").get(30, TimeUnit.SECONDS))
        .hasStackTraceContaining("403");
  }

  @Test
  void subprotocolBinaryFramesAndHugeFrames() throws Exception {
    Inbox inbox = new Inbox();
    WebSocket socket = open(KEY, null, inbox).get(30, TimeUnit.SECONDS);
    assertThat(socket.getSubprotocol()).isEqualTo("mcp");
    socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(30, TimeUnit.SECONDS);
    assertThat(inbox.next().path("error").path("message").asString()).contains("binary frames");
    ObjectNode params = Json.object().put("protocolVersion", "2025-06-18");
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "guard").put("version", "1");
    socket.sendText(Json.text(Message.request(RequestId.of(1), "initialize", params).node()), true)
        .get(30, TimeUnit.SECONDS);
    assertThat(inbox.next().path("result").path("protocolVersion").asString()).isEqualTo("2025-06-18");
    socket.sendText("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(70_000)
        + "\"}}", true).get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> inbox.closedWith.isDone());
    assertThat(inbox.closedWith.get()).isEqualTo(1009);
  }

  @Test
  void malformedTextFramesGetErrorsAndTheConnectionGoesOn() throws Exception {
    Inbox inbox = new Inbox();
    WebSocket socket = open(KEY, null, inbox).get(30, TimeUnit.SECONDS);
    initialize(socket, inbox);
    socket.sendText("{not json", true).get(30, TimeUnit.SECONDS);
    var parseError = inbox.next();
    assertThat(parseError.path("error").path("code").asInt()).isEqualTo(-32700);
    assertThat(parseError.path("id").isNull()).isTrue();
    socket.sendText("[1,2]", true).get(30, TimeUnit.SECONDS);
    assertThat(inbox.next().path("error").path("code").asInt()).isEqualTo(-32600);
    ObjectNode echo = Json.object().put("name", "echo");
    echo.putObject("arguments").put("text", "still here");
    socket.sendText(Json.text(Message.request(RequestId.of(2), "tools/call", echo).node()), true)
        .get(30, TimeUnit.SECONDS);
    var answer = inbox.next();
    assertThat(answer.path("id").asInt()).isEqualTo(2);
    assertThat(answer.path("result").path("content").path(0).path("text").asString()).isEqualTo("still here");
    assertThat(inbox.closedWith).isNotDone();
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
  }

  /** A quiet connection gets pings (every {@code gateway.heartbeat}), which keep it from looking dead. */
  @Test
  void aQuietConnectionIsPinged() throws Exception {
    Inbox inbox = new Inbox();
    WebSocket socket = open(KEY, null, inbox).get(30, TimeUnit.SECONDS);
    initialize(socket, inbox);
    assertThat(inbox.pinged.get(30, TimeUnit.SECONDS)).isTrue();
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(30, TimeUnit.SECONDS);
  }

  private static void initialize(WebSocket socket, Inbox inbox) throws Exception {
    ObjectNode params = Json.object().put("protocolVersion", "2025-06-18");
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "guard").put("version", "1");
    socket.sendText(Json.text(Message.request(RequestId.of(1), "initialize", params).node()), true)
        .get(30, TimeUnit.SECONDS);
    assertThat(inbox.next().path("result").path("protocolVersion").asString()).isEqualTo("2025-06-18");
  }

  private static CompletableFuture<WebSocket> open(String key, String origin) {
    return open(key, origin, new Inbox());
  }

  private static CompletableFuture<WebSocket> open(String key, String origin, Inbox inbox) {
    WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("mcp");
    if (key != null) {
      builder.header("Authorization", "Bearer " + key);
    }
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return builder.buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/ws/fixture"), inbox);
  }

  /** What arrives: text messages in order, and the close code. */
  private static final class Inbox implements WebSocket.Listener {
    private final java.util.concurrent.BlockingQueue<String> texts = new java.util.concurrent.LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
    final CompletableFuture<Boolean> pinged = new CompletableFuture<>();

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
      pinged.complete(true);
      webSocket.request(1);
      return null; // the JDK answers with the pong itself
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        texts.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closedWith.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closedWith.complete(-1);
    }

    tools.jackson.databind.JsonNode next() throws InterruptedException {
      String text = texts.poll(30, TimeUnit.SECONDS);
      assertThat(text).as("a message from the gateway").isNotNull();
      return Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
