package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A raw Streamable HTTP client for one gateway endpoint ({@code /mcp/{server}}), for tests that need full control over
 * requests and headers: whole-body POSTs, sessions opened by hand, {@code GET}s beside the endpoint. Thread-safe (the
 * JDK client is); every request is bounded by {@link #TIMEOUT}.
 */
public final class StreamableClient {
  /** The protocol version of tests that do not name one. */
  public static final String VERSION = "2025-06-18";
  public static final String BOTH = "application/json, text/event-stream";
  /** A bound against hangs, not a timing target: ten child JVMs starting at once on a loaded 2-core machine took 20 s. */
  public static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final URI url;
  private final Map<String, String> headers;

  /** {@code url} is the endpoint, like {@code http://127.0.0.1:1234/mcp/fixture}. */
  public StreamableClient(String url) {
    this(url, Map.of());
  }

  /** A client that sends {@code headers} (an {@code Authorization}, say) with every request. */
  public StreamableClient(String url, Map<String, String> headers) {
    this.url = URI.create(url);
    this.headers = Map.copyOf(headers);
  }

  /** The endpoint of {@code server} on the gateway at {@code base} (like {@code http://127.0.0.1:1234}). */
  public static StreamableClient at(String base, String server) {
    return new StreamableClient(base + "/mcp/" + server);
  }

  /** initialize as {@value Messages#CLIENT_NAME} + notifications/initialized; asserts both succeed. */
  public StreamableSession open(String version) throws IOException, InterruptedException {
    return open(version, Messages.CLIENT_NAME, Json.object());
  }

  public StreamableSession open(String version, String clientName) throws IOException, InterruptedException {
    return open(version, clientName, Json.object());
  }

  /** initialize (with {@code capabilities}) + notifications/initialized; asserts both succeed. */
  public StreamableSession open(String version, String clientName, ObjectNode capabilities)
      throws IOException, InterruptedException {
    Reply init = post(Messages.initialize(1, version, clientName, capabilities), Map.of());
    assertThat(init.status()).as(init.body()).isEqualTo(200);
    JsonNode response = init.response();
    assertThat(response.has("result")).as("initialize of %s: %s", clientName, init.body()).isTrue();
    assertThat(response.path("result").path("protocolVersion").asString()).isEqualTo(version);
    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    StreamableSession session = new StreamableSession(this, id, version, clientName);
    session.send(Messages.notification("notifications/initialized", null));
    return session;
  }

  /** A bare initialize, for tests that expect it to fail. */
  public Reply initialize(String version, String clientName) throws IOException, InterruptedException {
    return post(Messages.initialize(1, version, clientName, Json.object()), Map.of());
  }

  /** A POST without session headers. */
  public Reply post(String body) throws IOException, InterruptedException {
    return post(body, Map.of());
  }

  /** A POST with JSON content type, the two-type Accept and the client's headers, unless {@code extra} overrides them. */
  public Reply post(String body, Map<String, String> extra) throws IOException, InterruptedException {
    return Reply.of(http.send(postRequest(body, extra), HttpResponse.BodyHandlers.ofString()));
  }

  /** A GET of {@code path} resolved against the endpoint (so {@code /health} is the gateway's). */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url.resolve(path)).timeout(TIMEOUT).GET();
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET /health} as JSON; asserts a 200 (without auth in the config it is the detailed form). */
  public JsonNode health() throws IOException, InterruptedException {
    HttpResponse<String> r = get("/health");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body());
  }

  /** The {@code servers} entry of {@code /health} for {@code name}. */
  public JsonNode serverHealth(String name) throws IOException, InterruptedException {
    for (JsonNode s : health().path("servers")) {
      if (name.equals(s.path("name").asString(""))) {
        return s;
      }
    }
    throw new AssertionError("no server " + name + " in /health");
  }

  HttpRequest postRequest(String body, Map<String, String> extra) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Accept", BOTH);
    headers.forEach(b::setHeader);
    extra.forEach(b::setHeader);
    return b.build();
  }

  /** A request to the endpoint with the client's headers and {@code extra}, for a session's GET and DELETE. */
  HttpRequest.Builder request(Map<String, String> extra) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url);
    headers.forEach(b::setHeader);
    extra.forEach(b::setHeader);
    return b;
  }

  HttpClient http() {
    return http;
  }
}
