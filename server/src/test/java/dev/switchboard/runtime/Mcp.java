package dev.switchboard.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.SseEvent;
import dev.switchboard.protocol.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Raw Streamable HTTP against one gateway endpoint, for the upstream-runtime tests: whole-body POSTs (JSON or SSE
 * answers), and {@link Exchange}s that read a POST's or GET's events as they arrive, so a test can react mid-stream
 * (cancel after the first progress, answer a sampling request). Every wait is bounded.
 */
final class Mcp {
  static final String VERSION = "2025-06-18";
  static final String BOTH = "application/json, text/event-stream";
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final String base;
  private final String url;

  /** {@code base} like {@code http://127.0.0.1:1234}; the endpoint is {@code /mcp/{server}}. */
  Mcp(String base, String server) {
    this.base = base;
    this.url = base + "/mcp/" + server;
  }

  /** An answer read to its end: status, headers, body and the JSON-RPC messages in it. */
  record Reply(int status, HttpHeaders headers, String body, List<JsonNode> messages) {
    /** The one response (result or error) in the answer. */
    JsonNode response() {
      List<JsonNode> responses = messages.stream().filter(Mcp::isResponse).toList();
      assertThat(responses).as("responses in %s", body).hasSize(1);
      return responses.get(0);
    }

    boolean isError() {
      return response().has("error");
    }

    String errorMessage() {
      return response().path("error").path("message").asString("");
    }

    /** The first text block of a tools/call result (asserts it is a result). */
    String text() {
      JsonNode r = response();
      assertThat(r.has("result")).as("a result, not %s", r).isTrue();
      return r.path("result").path("content").path(0).path("text").asString("");
    }

    List<JsonNode> notifications(String method) {
      return messages.stream().filter(m -> method.equals(m.path("method").asString(null)) && !m.has("id")).toList();
    }
  }

  /** A session opened with initialize + notifications/initialized. */
  final class Session {
    final String id;
    final String clientName;

    Session(String id, String clientName) {
      this.id = id;
      this.clientName = clientName;
    }

    Reply post(String body) throws IOException, InterruptedException {
      return Mcp.this.post(body, id);
    }

    Reply call(Object requestId, String tool, ObjectNode args) throws IOException, InterruptedException {
      return post(toolCall(requestId, tool, args, null));
    }

    /** A tools/call with {@code _meta.progressToken}. */
    Reply call(Object requestId, String tool, ObjectNode args, Object progressToken)
        throws IOException, InterruptedException {
      return post(toolCall(requestId, tool, args, progressToken));
    }

    /** A POST whose answer is read as it arrives. */
    Exchange start(String body) {
      return new Exchange(postRequest(body, id), "POST " + body);
    }

    /** The session's standalone GET stream. */
    Exchange listen() {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().header("Accept", "text/event-stream")
          .header("Mcp-Session-Id", id).header("MCP-Protocol-Version", VERSION).build();
      return new Exchange(request, "GET stream of " + clientName);
    }

    /** Posts a notification (or a response to a server request); the gateway answers 202. */
    void send(ObjectNode message) throws IOException, InterruptedException {
      Reply reply = post(Json.text(message));
      assertThat(reply.status()).as("POST of %s: %s", message, reply.body()).isEqualTo(202);
    }

    void cancel(Object requestId, String reason) throws IOException, InterruptedException {
      ObjectNode params = Json.object().put("reason", reason);
      params.set("requestId", Json.MAPPER.valueToTree(requestId));
      send(notification("notifications/cancelled", params));
    }

    long whoami(Object requestId) throws IOException, InterruptedException {
      Reply reply = call(requestId, "whoami", Json.object());
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      return Long.parseLong(reply.text());
    }

    /** The fixture's {@code client_info}: what its initialize carried. */
    JsonNode clientInfo(Object requestId) throws IOException, InterruptedException {
      return Json.parse(call(requestId, "client_info", Json.object()).text());
    }

    int delete() throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).DELETE()
          .header("Mcp-Session-Id", id).header("MCP-Protocol-Version", VERSION).build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  /**
   * One HTTP exchange whose JSON-RPC messages are parsed on a virtual thread as they arrive (from an SSE stream or a
   * JSON body). {@link #close} stops reading.
   */
  final class Exchange implements AutoCloseable {
    private static final JsonNode END = Json.object().put("end", true);
    private final String what;
    private final BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int status = -1;
    private volatile @Nullable InputStream body;
    private volatile boolean closed;
    private volatile @Nullable Throwable failure;

    private Exchange(HttpRequest request, String what) {
      this.what = what;
      Thread.ofVirtual().name("exchange").start(() -> read(request));
    }

    private void read(HttpRequest request) {
      try {
        HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        status = r.statusCode();
        body = r.body();
        if (closed) {
          r.body().close();
          return;
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        try (InputStream in = r.body()) {
          if (type.startsWith("text/event-stream")) {
            SseReader sse = new SseReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (SseEvent e; (e = sse.next()) != null;) {
              if (!e.data().isBlank()) {
                add(Json.parse(e.data()));
              }
            }
          } else {
            byte[] bytes = in.readAllBytes();
            if (bytes.length > 0 && type.startsWith("application/json")) {
              JsonNode node = Json.parse(bytes);
              if (node.isArray()) {
                node.forEach(this::add);
              } else {
                add(node);
              }
            }
          }
        }
      } catch (IOException | RuntimeException | InterruptedException e) {
        if (!closed) {
          failure = e;
        }
      } finally {
        queue.add(END);
        ended.countDown();
      }
    }

    private void add(JsonNode message) {
      seen.add(message);
      queue.add(message);
    }

    /** The next message, or null when the exchange ended or nothing came within {@code timeout}. */
    @Nullable JsonNode next(Duration timeout) throws InterruptedException {
      JsonNode m = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (m == END) {
        queue.add(END);
        return null;
      }
      return m;
    }

    /** The next message matching {@code test} (others are skipped but kept in {@link #seen}); asserts it came. */
    JsonNode await(Predicate<JsonNode> test, Duration timeout, String description) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        JsonNode m = left > 0 ? next(Duration.ofNanos(left)) : null;
        if (m == null) {
          throw new AssertionError("no " + description + " on " + what + " within " + timeout + " (status "
              + status + ", ended " + isEnded() + ", failure " + failure + "); seen: " + seen());
        }
        if (test.test(m)) {
          return m;
        }
      }
    }

    JsonNode awaitResponse(Duration timeout) throws InterruptedException {
      return await(Mcp::isResponse, timeout, "response");
    }

    /** Waits for the exchange to end; true if it did within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
      return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean isEnded() {
      return ended.getCount() == 0;
    }

    int status() {
      return status;
    }

    List<JsonNode> seen() {
      synchronized (seen) {
        return List.copyOf(seen);
      }
    }

    @Override
    public void close() {
      closed = true;
      InputStream in = body;
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          // closing anyway
        }
      }
    }
  }

  /** initialize (with {@code capabilities}) + notifications/initialized; asserts both succeed. */
  Session open(String clientName, ObjectNode capabilities) throws IOException, InterruptedException {
    Reply init = post(initialize(1, clientName, capabilities), null);
    assertThat(init.status()).as(init.body()).isEqualTo(200);
    assertThat(init.response().has("result")).as("initialize of %s: %s", clientName, init.body()).isTrue();
    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    Session session = new Session(id, clientName);
    session.send(notification("notifications/initialized", null));
    return session;
  }

  Session open(String clientName) throws IOException, InterruptedException {
    return open(clientName, Json.object());
  }

  /** A bare initialize, for tests that expect it to fail. */
  Reply initialize(String clientName) throws IOException, InterruptedException {
    return post(initialize(1, clientName, Json.object()), null);
  }

  /** {@code GET /health} as JSON (the gateway has no auth in these tests, so it is the detailed form). */
  JsonNode health() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).timeout(TIMEOUT).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  /** The {@code servers} entry of {@code /health} for {@code name}. */
  JsonNode serverHealth(String name) throws IOException, InterruptedException {
    for (JsonNode s : health().path("servers")) {
      if (name.equals(s.path("name").asString(""))) {
        return s;
      }
    }
    throw new AssertionError("no server " + name + " in /health");
  }

  Reply post(String body, @Nullable String session) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(postRequest(body, session), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.headers(), r.body(), messages(r));
  }

  private HttpRequest postRequest(String body, @Nullable String session) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Accept", BOTH);
    if (session != null) {
      b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION);
    }
    return b.build();
  }

  static boolean isResponse(JsonNode m) {
    return m.has("id") && !m.has("method") && (m.has("result") || m.has("error"));
  }

  static boolean isNotification(JsonNode m, String method) {
    return !m.has("id") && method.equals(m.path("method").asString(null));
  }

  static String initialize(Object id, String clientName, ObjectNode capabilities) {
    ObjectNode params = Json.object().put("protocolVersion", VERSION);
    params.set("capabilities", capabilities);
    params.putObject("clientInfo").put("name", clientName).put("version", "1.0");
    return request(id, "initialize", params);
  }

  static String toolCall(Object id, String tool, ObjectNode args, @Nullable Object progressToken) {
    ObjectNode params = Json.object().put("name", tool);
    params.set("arguments", args);
    if (progressToken != null) {
      params.putObject("_meta").set("progressToken", Json.MAPPER.valueToTree(progressToken));
    }
    return request(id, "tools/call", params);
  }

  static String request(Object id, String method, @Nullable ObjectNode params) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0");
    node.set("id", Json.MAPPER.valueToTree(id));
    node.put("method", method);
    if (params != null) {
      node.set("params", params);
    }
    return Json.text(node);
  }

  static ObjectNode notification(String method, @Nullable ObjectNode params) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0").put("method", method);
    if (params != null) {
      node.set("params", params);
    }
    return node;
  }

  static List<JsonNode> messages(HttpResponse<String> r) throws IOException {
    return dev.switchboard.testing.Replies.messages(r);
  }
}
