package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.config.ApiKey;
import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Fixtures;
import dev.switchboard.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shared pieces of the security ITs: well-known test keys, a gateway fronting the conformance fixture (twice, as
 * {@code fixture} and {@code other}, both {@code shared} so sessions do not each spawn a JVM) with those keys, and
 * HTTP over java.net.http or a raw socket (for headers HttpClient refuses to set, like {@code Host}). Every request
 * goes to 127.0.0.1 only.
 */
final class SecureHttp {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final String VERSION = "2025-06-18";
  static final String BOTH = "application/json, text/event-stream";

  static final String ALICE = "alice-secret-0123456789abcdef";
  static final String BOB = "bob-secret-0123456789abcdef";
  /** Configured as {@code sha256:<hex>} only; the gateway never sees it in clear. */
  static final String CAROL = "carol-secret-0123456789abcdef";
  /** Scoped to the {@code other} server only. */
  static final String NARROW = "narrow-secret-0123456789abcdef";
  static final String WRONG = "wrong-secret-0123456789abcdef";

  static final JsonNode UNAUTHORIZED_BODY = Json.parse("{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,"
      + "\"message\":\"Unauthorized: Invalid or missing API key\"},\"id\":null}");

  private SecureHttp() {}

  /** {@code fixture} and {@code other} (both the conformance fixture, shared), {@code fixture} the default. */
  static ObjectNode servers() {
    ObjectNode servers = Json.object();
    servers.set("fixture", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    servers.set("other", Fixtures.server(Fixtures.CONFORMANCE).put("sharing", "shared"));
    return servers;
  }

  /** The standard keys: alice and bob (all servers), carol (as a sha256 digest), narrow (only {@code other}). */
  static ObjectNode auth(ObjectNode gateway) {
    ObjectNode auth = gateway.putObject("auth");
    ArrayNode keys = auth.putArray("keys");
    keys.addObject().put("name", "alice").put("key", ALICE);
    keys.addObject().put("name", "bob").put("key", BOB).putArray("servers").add("*");
    keys.addObject().put("name", "carol").put("key", "sha256:" + ApiKey.ofSecret("x", CAROL, List.of()).sha256Hex()
        .toUpperCase(Locale.ROOT));
    keys.addObject().put("name", "narrow").put("key", NARROW).putArray("servers").add("other");
    return auth;
  }

  /** A gateway with {@link #servers()} and {@link #auth}; {@code tweak} adjusts the gateway section after. */
  static TestGateway gateway(Consumer<ObjectNode> tweak) throws Exception {
    return TestGateway.start(servers(), gw -> {
      gw.put("defaultServer", "fixture");
      auth(gw);
      tweak.accept(gw);
    });
  }

  static String bearer(String key) {
    return "Bearer " + key;
  }

  static String initialize(Object id) {
    ObjectNode params = Json.object().put("protocolVersion", VERSION);
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "security-it").put("version", "1");
    return request(id, "initialize", params);
  }

  static String echo(Object id, String text) {
    ObjectNode params = Json.object().put("name", "echo");
    params.putObject("arguments").put("text", text);
    return request(id, "tools/call", params);
  }

  static String slow(Object id, long ms) {
    ObjectNode params = Json.object().put("name", "slow");
    params.putObject("arguments").put("ms", ms).put("steps", 2);
    return request(id, "tools/call", params);
  }

  static String request(Object id, String method, ObjectNode params) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0");
    node.set("id", Json.MAPPER.valueToTree(id));
    node.put("method", method).set("params", params);
    return Json.text(node);
  }

  /** How often a request was sent again because its pooled connection had been closed by the server. */
  static final java.util.concurrent.atomic.AtomicInteger STALE_RETRIES =
      new java.util.concurrent.atomic.AtomicInteger();

  static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";

  /** An answer. For an SSE stream, only the headers are read (the body is closed, {@code sse} is true). */
  record Reply(int status, Map<String, List<String>> headers, String body, boolean sse) {
    Optional<String> header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst();
    }

    List<String> headerValues(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).toList();
    }

    JsonNode json() {
      assertThat(header("Content-Type")).as("content type of %s %s", status, body)
          .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
      return Json.parse(body);
    }

    int errorCode() {
      return json().path("error").path("code").asInt();
    }

    String errorMessage() {
      return json().path("error").path("message").asString("");
    }

    /** The status, headers and body, for assertion messages. */
    String describe() {
      return status + " " + headers + " " + body;
    }
  }

  /** java.net.http with full control over the headers it allows; one per base URL scheme/trust. */
  static final class Client {
    private final HttpClient http;
    private final String base;
    private volatile @Nullable String forwardedFor;

    Client(String base) {
      this(base, null);
    }

    Client(String base, @Nullable SSLContext ssl) {
      HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10));
      if (ssl != null) {
        b.sslContext(ssl);
      }
      this.http = b.build();
      this.base = base;
    }

    String base() {
      return base;
    }

    /**
     * Sends {@code X-Forwarded-For: address} with every later request that does not set it itself (null: none), for
     * a gateway with {@code trustProxy}: a fresh address per test keeps one test's authentication failures from
     * throttling the next (successes no longer reset the per-address count).
     */
    void forwardedFor(@Nullable String address) {
      this.forwardedFor = address;
    }

    /** {@code headers} values of null are left out. */
    Reply send(String method, String pathAndQuery, Map<String, String> headers, @Nullable String body)
        throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(TIMEOUT)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body));
      String forwarded = forwardedFor;
      if (forwarded != null && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("X-Forwarded-For"))) {
        b.setHeader("X-Forwarded-For", forwarded);
      }
      headers.forEach((k, v) -> {
        if (v != null) {
          b.setHeader(k, v);
        }
      });
      HttpRequest request = b.build();
      HttpResponse<InputStream> r;
      try {
        r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        if (!staleConnection(e)) {
          throw e;
        }
        // A refusal sent before the request body arrived makes Jetty close the connection without a
        // "Connection: close" header; the pooled connection is then dead for the next request (see
        // ConnectionReuseIT). The request never reached the handler, so sending it again is safe.
        STALE_RETRIES.incrementAndGet();
        r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
      }
      try (InputStream in = r.body()) {
        boolean sse = r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        String text = sse ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Reply(r.statusCode(), r.headers().map(), text, sse);
      }
    }

    private static boolean staleConnection(IOException e) {
      String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      return m.contains("received no bytes") || m.contains("connection reset") || m.contains("broken pipe");
    }

    Reply post(String path, @Nullable String authorization, String body, Map<String, String> extra)
        throws IOException, InterruptedException {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("Content-Type", "application/json");
      h.put("Accept", BOTH);
      if (authorization != null) {
        h.put("Authorization", authorization);
      }
      h.putAll(extra);
      return send("POST", path, h, body);
    }

    Reply post(String path, @Nullable String authorization, String body) throws IOException, InterruptedException {
      return post(path, authorization, body, Map.of());
    }

    Reply health(@Nullable String authorization) throws IOException, InterruptedException {
      Map<String, String> h = new LinkedHashMap<>();
      if (authorization != null) {
        h.put("Authorization", authorization);
      }
      return send("GET", "/health", h, null);
    }

    /** initialize + notifications/initialized with {@code key}; returns the session id. */
    String open(String path, String key) throws IOException, InterruptedException {
      Reply init = post(path, bearer(key), initialize(1));
      assertThat(init.status()).as(init.describe()).isEqualTo(200);
      String id = init.header("Mcp-Session-Id").orElseThrow();
      Reply initialized = post(path, bearer(key), INITIALIZED, session(id));
      assertThat(initialized.status()).as(initialized.describe()).isEqualTo(202);
      return id;
    }

    /** An echo on a session; asserts it answers with the text. */
    void assertEchoes(String path, String key, String session, String text) throws IOException,
        InterruptedException {
      Reply r = post(path, bearer(key), echo(7, text), session(session));
      assertThat(r.status()).as(r.describe()).isEqualTo(200);
      assertThat(r.json().path("result").path("content").path(0).path("text").asString()).isEqualTo(text);
    }
  }

  static Map<String, String> session(String id) {
    return Map.of("Mcp-Session-Id", id, "MCP-Protocol-Version", VERSION);
  }

  /**
   * A hand-written HTTP/1.1 exchange over a socket to 127.0.0.1: {@code head} is the request line plus headers,
   * each ending in CRLF, without the blank line; Content-Length and Connection: close are added.
   */
  static Reply raw(int port, String head, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      String request = head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0;) {
        out.write(buffer, 0, n);
      }
    } catch (java.net.SocketException e) {
      // the server may reset after answering an oversized request; keep what arrived
      if (out.size() == 0) {
        throw e;
      }
    }
    return out.toByteArray();
  }

  private static Reply parse(byte[] response) {
    String text = new String(response, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertThat(end).as("a complete response head in: %s", text).isPositive();
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new java.util.ArrayList<>())
          .add(lines[i].substring(colon + 1).strip());
    }
    String body = text.substring(end + 4);
    boolean chunked = headers.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("Transfer-Encoding")
        && e.getValue().stream().anyMatch(v -> v.equalsIgnoreCase("chunked")));
    if (chunked) {
      body = dechunk(body);
    }
    return new Reply(status, headers, new String(body.getBytes(StandardCharsets.ISO_8859_1),
        StandardCharsets.UTF_8), false);
  }

  private static String dechunk(String body) {
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (pos < body.length()) {
      int eol = body.indexOf("\r\n", pos);
      if (eol < 0) {
        break;
      }
      int size = Integer.parseInt(body.substring(pos, eol).split(";")[0].strip(), 16);
      if (size == 0) {
        break;
      }
      out.append(body, eol + 2, Math.min(body.length(), eol + 2 + size));
      pos = eol + 2 + size + 2;
    }
    return out.toString();
  }

  /** The standard head of a POST to {@code path} with the given Host and extra header lines. */
  static String postHead(String path, String host, String... extraLines) {
    StringBuilder b = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + host
        + "\r\nContent-Type: application/json\r\nAccept: " + BOTH + "\r\n");
    for (String line : extraLines) {
      b.append(line).append("\r\n");
    }
    return b.toString();
  }
}
