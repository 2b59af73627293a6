package dev.switchboard.cli;

import dev.switchboard.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** A minimal Streamable HTTP session for CLI tests: initialize, then {@code echo} calls answered as JSON. */
final class Mcp {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String url;
  private final String session;
  private final AtomicInteger ids = new AtomicInteger(1);

  private Mcp(String url, String session) {
    this.url = url;
    this.session = session;
  }

  static Mcp open(String url) throws Exception {
    HttpResponse<String> r = HTTP.send(post(url, null, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
        + "\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cli-it\","
        + "\"version\":\"1\"}}}"), HttpResponse.BodyHandlers.ofString());
    String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError(r.body()));
    return new Mcp(url, id);
  }

  String echo(String text) throws Exception {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\",\"params\":"
        + "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}}";
    HttpResponse<String> r = HTTP.send(post(url, session, body), HttpResponse.BodyHandlers.ofString());
    JsonNode answer = Json.parse(r.body());
    return answer.path("result").path("content").path(0).path("text").asString("(no text: " + r.body() + ")");
  }

  /** Calls {@code tool} without waiting; the future completes with the raw answer (or fails when cut off). */
  java.util.concurrent.CompletableFuture<String> callAsync(String tool, String argumentsJson) {
    String body = "{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet() + ",\"method\":\"tools/call\",\"params\":"
        + "{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}}";
    return HTTP.sendAsync(post(url, session, body), HttpResponse.BodyHandlers.ofString()).thenApply(HttpResponse::body);
  }

  private static HttpRequest post(String url, String session, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .header("MCP-Protocol-Version", "2025-06-18");
    if (session != null) {
      b.header("Mcp-Session-Id", session);
    }
    return b.build();
  }
}
