package dev.switchboard.cluster;

import dev.switchboard.protocol.Json;
import dev.switchboard.testing.Replies;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Raw Streamable HTTP for the cluster tests: a session's requests may be sent to any node's URL. */
final class Wire {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final String VERSION = "2025-06-18";

  /** An answer: the status, the session header, and the one JSON-RPC response in it (null for 202). */
  record Answer(int status, String session, JsonNode response, String contentType, List<JsonNode> messages) {
    String text() {
      return response.path("result").path("content").path(0).path("text").asString("");
    }

    int errorCode() {
      return response.path("error").path("code").asInt();
    }
  }

  private Wire() {}

  /** Opens a session on {@code server} at {@code base} (initialize, then notifications/initialized); its id. */
  static String open(String base, String server) throws IOException, InterruptedException {
    Answer init = post(base, server, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":"
        + "{\"protocolVersion\":\"" + VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cluster-it\","
        + "\"version\":\"1\"}}}");
    if (init.status() != 200 || init.session().isEmpty()) {
      throw new IOException("initialize at " + base + " answered " + init);
    }
    Answer done = post(base, server, init.session(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    if (done.status() != 202) {
      throw new IOException("notifications/initialized answered " + done);
    }
    return init.session();
  }

  static Answer echo(String base, String session, int id, String text) throws IOException, InterruptedException {
    return post(base, "echo", session, "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":"
        + "{\"name\":\"echo\",\"arguments\":{\"text\":" + Json.MAPPER.writeValueAsString(text) + "}}}");
  }

  /**
   * The session's standalone GET stream at {@code base}, read as it arrives, once its headers came within
   * {@code within} (a stream must not wait for its first event or heartbeat to open); the caller closes its body.
   */
  static HttpResponse<java.io.InputStream> stream(String base, String server, String session, Duration within)
      throws Exception {
    var headers = HTTP.sendAsync(sessionRequest(base, server, session).header("Accept", "text/event-stream").GET()
        .build(), HttpResponse.BodyHandlers.ofInputStream());
    try {
      return headers.get(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      headers.thenAccept(r -> {
        try {
          r.body().close();
        } catch (IOException ignored) {
          // closing only to let the connection go
        }
      });
      throw new AssertionError("no headers for the GET stream at " + base + " within " + within, e);
    }
  }

  /** Ends the session with a DELETE at {@code base}; the status. */
  static int delete(String base, String server, String session) throws IOException, InterruptedException {
    return HTTP.send(sessionRequest(base, server, session).DELETE().build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static HttpRequest.Builder sessionRequest(String base, String server, String session) {
    return HttpRequest.newBuilder(URI.create(base + "/mcp/" + server)).timeout(Duration.ofSeconds(60))
        .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION);
  }

  static Answer post(String base, String server, String session, String body) throws IOException,
      InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/mcp/" + server))
        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").POST(HttpRequest.BodyPublishers.ofString(body));
    if (session != null) {
      request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION);
    }
    HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    List<JsonNode> messages = r.statusCode() == 202 || r.body().isBlank() ? List.of() : Replies.messages(r);
    JsonNode response = messages.stream().filter(m -> m.has("result") || m.has("error")).findFirst()
        .orElse(Json.object());
    return new Answer(r.statusCode(), r.headers().firstValue("Mcp-Session-Id").orElse(""), response,
        r.headers().firstValue("Content-Type").orElse(""), messages);
  }
}
