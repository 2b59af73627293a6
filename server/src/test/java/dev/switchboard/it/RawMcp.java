package dev.switchboard.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Raw Streamable HTTP for the integration tests: POSTs with full control over headers, answers parsed whether they
 * come back as JSON or as SSE, plus process checks and an SDK client factory. One instance per endpoint URL.
 */
final class RawMcp {
  static final String BOTH = "application/json, text/event-stream";
  /** A bound against hangs, not a timing target: ten child JVMs starting at once on a loaded 2-core machine took 20 s. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String url;

  RawMcp(String url) {
    this.url = url;
  }

  /** An answer: status, headers, raw body and the JSON-RPC messages in it (from a JSON body or SSE events). */
  record Reply(int status, HttpHeaders headers, String body, List<JsonNode> messages) {
    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    /** The one response (result or error) in the answer. */
    JsonNode response() {
      List<JsonNode> responses = messages.stream().filter(m -> m.has("result") || m.has("error")).toList();
      assertThat(responses).as("responses in %s", body).hasSize(1);
      return responses.get(0);
    }

    int errorCode() {
      return response().path("error").path("code").asInt();
    }

    String errorMessage() {
      return response().path("error").path("message").asString("");
    }

    /** The first text block of a tools/call result. */
    String text() {
      return response().path("result").path("content").path(0).path("text").asString("");
    }
  }

  /** A session opened with a raw initialize (and notifications/initialized). */
  final class Session {
    final String id;
    final String version;

    Session(String id, String version) {
      this.id = id;
      this.version = version;
    }

    Reply post(String body) throws IOException, InterruptedException {
      return post(body, Map.of());
    }

    Reply post(String body, Map<String, String> headers) throws IOException, InterruptedException {
      Map<String, String> all = new LinkedHashMap<>();
      all.put("Mcp-Session-Id", id);
      if (!version.equals("2025-03-26")) {
        all.put("MCP-Protocol-Version", version);
      }
      all.putAll(headers);
      return RawMcp.this.post(body, all);
    }

    Reply call(Object id, String tool, ObjectNode args) throws IOException, InterruptedException {
      return post(toolCall(id, tool, args));
    }

    long whoami() throws IOException, InterruptedException {
      Reply reply = call(90_001, "whoami", Json.object());
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      return Long.parseLong(reply.text());
    }

    Reply delete() throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).DELETE()
          .header("Mcp-Session-Id", id).header("MCP-Protocol-Version", version).build();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body(), List.of());
    }

    /** Opens the standalone GET stream; the caller closes the body. */
    HttpResponse<InputStream> openStream() throws IOException, InterruptedException {
      return http.send(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The same, completing when the response headers arrive. */
    CompletableFuture<HttpResponse<InputStream>> openStreamAsync() {
      return http.sendAsync(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private HttpRequest streamRequest() {
      return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().header("Accept", "text/event-stream")
          .header("Mcp-Session-Id", id).header("MCP-Protocol-Version", version).build();
    }
  }

  /** initialize + notifications/initialized; asserts both succeed. */
  Session open(String version) throws IOException, InterruptedException {
    Reply init = post(initialize(1, version), Map.of());
    assertThat(init.status()).as(init.body()).isEqualTo(200);
    assertThat(init.response().path("result").path("protocolVersion").asString()).isEqualTo(version);
    String id = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
    Session session = new Session(id, version);
    Reply initialized = session.post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    assertThat(initialized.status()).isEqualTo(202);
    return session;
  }

  /** A POST with JSON content type and the two-type Accept unless {@code headers} override them. */
  Reply post(String body, Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Accept", BOTH);
    headers.forEach(b::setHeader);
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.headers(), r.body(), messages(r));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI base = URI.create(url);
    return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String initialize(Object id, String version) {
    ObjectNode params = Json.object().put("protocolVersion", version);
    params.putObject("capabilities");
    params.putObject("clientInfo").put("name", "raw-it").put("version", "1");
    return request(id, "initialize", params);
  }

  static String toolCall(Object id, String tool, ObjectNode args) {
    ObjectNode params = Json.object().put("name", tool);
    params.set("arguments", args);
    return request(id, "tools/call", params);
  }

  static String request(Object id, String method, ObjectNode params) {
    ObjectNode node = Json.object().put("jsonrpc", "2.0");
    node.set("id", Json.MAPPER.valueToTree(id));
    node.put("method", method).set("params", params);
    return Json.text(node);
  }

  static List<JsonNode> messages(HttpResponse<String> r) throws IOException {
    return dev.switchboard.testing.Replies.messages(r);
  }

  /** Sends a hand-written HTTP/1.1 request (for headers HttpClient will not set, like Host) and returns the status. */
  static int rawStatus(int port, String head, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) TIMEOUT.toMillis());
      String request = head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }

  /**
   * Whether a process is alive and not a zombie. The sandbox's PID 1 does not reap orphans, and Java reports an
   * unreaped zombie as alive, so /proc is consulted on Linux.
   */
  static boolean running(long pid) {
    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Path stat = Path.of("/proc/" + pid + "/stat");
      try {
        String s = Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
      } catch (IOException e) {
        return !Files.isDirectory(Path.of("/proc/self"));
      }
    }
    return false;
  }

  /** An SDK client builder for {@code baseUrl}'s endpoint {@code /mcp/{server}}. */
  static McpClient.SyncSpec sdk(String baseUrl, String server) {
    var transport = HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp/" + server)
        .connectTimeout(Duration.ofSeconds(5)).build();
    return McpClient.sync(transport).requestTimeout(TIMEOUT).initializationTimeout(TIMEOUT)
        .clientInfo(new McpSchema.Implementation("switchboard-it", "1.0"));
  }

  static String text(McpSchema.CallToolResult result) {
    assertThat(result.content()).as("content of %s", result).isNotEmpty();
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }
}
