package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session that a {@link StreamableClient} opened: every request carries its {@code Mcp-Session-Id} and (after
 * 2025-03-26) its {@code MCP-Protocol-Version}. Immutable and thread-safe; each call is bounded by
 * {@link StreamableClient#TIMEOUT}, and an {@link Exchange}'s waits by the timeouts given to it.
 */
public final class StreamableSession {
  private final StreamableClient client;
  private final String id;
  private final String version;
  private final String clientName;

  StreamableSession(StreamableClient client, String id, String version, String clientName) {
    this.client = client;
    this.id = id;
    this.version = version;
    this.clientName = clientName;
  }

  public String id() {
    return id;
  }

  public String version() {
    return version;
  }

  public Reply post(String body) throws IOException, InterruptedException {
    return post(body, Map.of());
  }

  /** A POST with the session's headers, then {@code headers} (which may override them). */
  public Reply post(String body, Map<String, String> headers) throws IOException, InterruptedException {
    Map<String, String> all = new LinkedHashMap<>(sessionHeaders());
    all.putAll(headers);
    return client.post(body, all);
  }

  public Reply call(Object requestId, String tool, ObjectNode args) throws IOException, InterruptedException {
    return post(Messages.toolCall(requestId, tool, args));
  }

  /** A tools/call with {@code _meta.progressToken}. */
  public Reply call(Object requestId, String tool, ObjectNode args, Object progressToken)
      throws IOException, InterruptedException {
    return post(Messages.toolCall(requestId, tool, args, progressToken));
  }

  /** Posts a notification (or a response to a server request); asserts the gateway answers 202. */
  public void send(ObjectNode message) throws IOException, InterruptedException {
    Reply reply = post(Json.text(message));
    assertThat(reply.status()).as("POST of %s: %s", message, reply.body()).isEqualTo(202);
  }

  public void cancel(Object requestId, String reason) throws IOException, InterruptedException {
    ObjectNode params = Json.object().put("reason", reason);
    params.set("requestId", Json.MAPPER.valueToTree(requestId));
    send(Messages.notification("notifications/cancelled", params));
  }

  /** {@link #whoami(Object)} with a request id of its own. */
  public long whoami() throws IOException, InterruptedException {
    return whoami(90_001);
  }

  /** The fixture's {@code whoami}: the pid of the child serving the session; asserts a 200. */
  public long whoami(Object requestId) throws IOException, InterruptedException {
    Reply reply = call(requestId, "whoami", Json.object());
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    return Long.parseLong(reply.text());
  }

  /** The fixture's {@code client_info}: what the initialize its child saw carried. */
  public JsonNode clientInfo(Object requestId) throws IOException, InterruptedException {
    return Json.parse(call(requestId, "client_info", Json.object()).text());
  }

  public Reply delete() throws IOException, InterruptedException {
    HttpRequest request = client.request(sessionHeaders()).timeout(StreamableClient.TIMEOUT).DELETE().build();
    return Reply.of(client.http().send(request, HttpResponse.BodyHandlers.ofString()));
  }

  /** A POST whose answer is read as it arrives; the caller closes it. */
  public Exchange start(String body) {
    return new Exchange(client.http(), client.postRequest(body, sessionHeaders()), "POST " + body);
  }

  /** The session's standalone GET stream, read as it arrives; the caller closes it. */
  public Exchange listen() {
    return new Exchange(client.http(), streamRequest(), "GET stream of " + clientName);
  }

  /** Opens the standalone GET stream raw; the caller closes the body. */
  public HttpResponse<InputStream> openStream() throws IOException, InterruptedException {
    return client.http().send(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** The same, completing when the response headers arrive. */
  public CompletableFuture<HttpResponse<InputStream>> openStreamAsync() {
    return client.http().sendAsync(streamRequest(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private HttpRequest streamRequest() {
    return client.request(sessionHeaders()).timeout(StreamableClient.TIMEOUT).GET()
        .header("Accept", "text/event-stream").build();
  }

  /** 2025-03-26 predates the protocol-version header, so such a session does not send it. */
  private Map<String, String> sessionHeaders() {
    return version.equals("2025-03-26") ? Map.of("Mcp-Session-Id", id)
        : Map.of("Mcp-Session-Id", id, "MCP-Protocol-Version", version);
  }

  @Override
  public String toString() {
    return "session " + id + " (" + clientName + ", " + version + ")";
  }
}
