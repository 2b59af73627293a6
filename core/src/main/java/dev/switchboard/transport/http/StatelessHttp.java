package dev.switchboard.transport.http;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayException;
import dev.switchboard.gateway.StatelessExchange;
import dev.switchboard.gateway.Step;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.RequestMeta;
import dev.switchboard.protocol.SseWriter;
import dev.switchboard.security.Principal;
import java.io.IOException;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 POST on a Streamable HTTP endpoint: one request or notification, no session. Checks what that
 * revision requires of the envelope ({@code _meta}, the standard headers against the body), then writes the
 * gateway's {@link StatelessExchange}: a JSON body when the answer comes first, else an SSE stream of the request's
 * notifications ending with its answer. Closing that stream cancels the request. Every refusal carries a JSON-RPC
 * error with the request's id, so a client can tell a modern server from a legacy one. Runs on the request's thread.
 */
final class StatelessHttp {
  static final String METHOD_HEADER = "Mcp-Method";
  static final String NAME_HEADER = "Mcp-Name";

  private final Gateway gateway;
  private final Duration heartbeat;
  private final @Nullable Forwarder forwarder;
  private final ToolParams toolParams = new ToolParams();

  StatelessHttp(Gateway gateway, @Nullable Forwarder forwarder) {
    this.gateway = gateway;
    this.heartbeat = gateway.config().gateway().heartbeat();
    this.forwarder = forwarder;
  }

  /**
   * Whether a POST speaks 2026-07-28: its {@code _meta} names a revision, or its header names one without a handshake
   * and it names no session (a session's request with an odd header is the session's, refused as such).
   */
  static boolean isModern(Request request, MessageCodec.Body body) {
    if (body instanceof MessageCodec.Body.Single(Message m) && RequestMeta.claimsRevision(m)) {
      return true;
    }
    String version = request.getHeaders().get(StreamableHttpHandler.VERSION_HEADER);
    String session = request.getHeaders().get(StreamableHttpHandler.SESSION_HEADER);
    return version != null && !ProtocolVersion.isLegacy(version.strip()) && (session == null || session.isBlank());
  }

  void post(String server, Principal principal, Request request, Response response, MessageCodec.Body body,
      byte[] bytes) throws IOException, InterruptedException {
    if (!(body instanceof MessageCodec.Body.Single(Message message))) {
      HttpReplies.error(response, 400, JsonRpcError.INVALID_REQUEST, "Invalid Request: protocol "
          + ProtocolVersion.V2026_07_28 + " takes one JSON-RPC message per POST, not a batch");
      return;
    }
    if (message instanceof Message.Request r && forwarder != null && forwarder.forwardedRetry(request, response,
        Caller.of(request, gateway.config().gateway().security().trustProxy()), bytes,
        r.node().path("params").path("requestState").asString(null))) {
      return; // a retry of a call another node of the cluster parked: that node answered it
    }
    switch (message) {
      case Message.Request r -> request(server, principal, request, response, r);
      case Message.Notification n -> HttpReplies.empty(response, 202);
      default -> HttpReplies.error(response, 400, JsonRpcError.INVALID_REQUEST, "Invalid Request: in protocol "
          + ProtocolVersion.V2026_07_28 + " servers send no requests, so clients send no responses");
    }
  }

  private void request(String server, Principal principal, Request http, Response response, Message.Request r)
      throws IOException, InterruptedException {
    String header = http.getHeaders().get(StreamableHttpHandler.VERSION_HEADER);
    if (header != null && !ProtocolVersion.isModern(header.strip()) && !RequestMeta.claimsRevision(r)) {
      refuse(response, r, 400, unsupported(header.strip())); // neither era: name what is served
      return;
    }
    RequestMeta meta;
    try {
      meta = RequestMeta.of(r);
      StandardHeaders.check(http, r, meta);
      toolParams.check(server, r, http);
    } catch (StandardHeaders.Mismatch e) {
      refuse(response, r, 400, new JsonRpcError(JsonRpcError.HEADER_MISMATCH, String.valueOf(e.getMessage())));
      return;
    } catch (IllegalArgumentException e) {
      refuse(response, r, 400, new JsonRpcError(JsonRpcError.INVALID_PARAMS, String.valueOf(e.getMessage())));
      return;
    }
    if (!ProtocolVersion.isModern(meta.protocolVersion())) {
      refuse(response, r, 400, unsupported(meta.protocolVersion()));
      return;
    }
    StatelessExchange exchange;
    try {
      Message.Request traced = dev.switchboard.gateway.TraceContext.adopt(r, http.getHeaders().get(
          dev.switchboard.gateway.TraceContext.KEY));
      exchange = gateway.serveStateless(server, principal.name(), traced, meta,
          new dev.switchboard.gateway.Arrival(AccessRequestLog.remote(http), http.getBeginNanoTime()));
    } catch (GatewayException e) {
      refuse(response, r, HttpStatuses.of(e.refusal()), e.error());
      return;
    }
    try {
      write(server, r, exchange, response);
    } finally {
      exchange.written(System.nanoTime()); // the gateway's share ends with the answer written (or the client gone)
    }
  }

  /** Writes the exchange's steps; its answer is learnt from first (what a {@code tools/list} teaches). */
  private void write(String server, Message.Request r, StatelessExchange exchange, Response response)
      throws IOException, InterruptedException {
    Step first = exchange.next(heartbeat);
    if (first instanceof Step.Final(Message answer)) {
      toolParams.answered(server, r, answer);
      HttpReplies.json(response, statusOf(answer), answer.bytes());
      return;
    }
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache, no-transform");
    response.getHeaders().put("X-Accel-Buffering", "no");
    try {
      Step step = first;
      while (!(step instanceof Step.Final)) {
        send(response, step, false);
        step = exchange.next(heartbeat);
      }
      toolParams.answered(server, r, ((Step.Final) step).answer());
      send(response, step, true);
    } catch (IOException e) {
      exchange.abandon(); // this revision's cancellation: the client closed the stream
      throw e;
    }
  }

  private static void send(Response response, Step step, boolean last) throws IOException, InterruptedException {
    byte[] bytes = switch (step) {
      case Step.Notify(Message.Notification n) -> SseWriter.encodeJson(null, null, n.bytes());
      case Step.Final(Message m) -> SseWriter.encodeJson(null, null, m.bytes());
      case Step.Idle idle -> SseWriter.heartbeat();
    };
    ResponseWrites.write(response, last, bytes, StreamResponder.WRITE_TIMEOUT, "stateless response");
  }

  /** The HTTP status this revision gives an answer: 404 for an unknown method, 400 for its own envelope errors. */
  static int statusOf(Message answer) {
    if (!(answer instanceof Message.ErrorResponse e)) {
      return 200;
    }
    return switch (e.error().code()) {
      case JsonRpcError.METHOD_NOT_FOUND -> 404;
      case JsonRpcError.HEADER_MISMATCH, JsonRpcError.MISSING_CLIENT_CAPABILITY,
          JsonRpcError.UNSUPPORTED_PROTOCOL_VERSION -> 400;
      default -> 200;
    };
  }

  static JsonRpcError unsupported(@Nullable String requested) {
    ObjectNode data = Json.object();
    ProtocolVersion.ALL.forEach(data.putArray("supported")::add);
    data.put("requested", requested);
    return new JsonRpcError(JsonRpcError.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version '" + requested
        + "'; supported: " + String.join(", ", ProtocolVersion.ALL), data);
  }

  private static void refuse(Response response, Message.Request r, int status, JsonRpcError error) throws IOException {
    HttpReplies.error(response, status, error, r.id());
  }
}
