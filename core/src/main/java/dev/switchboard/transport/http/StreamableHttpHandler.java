package dev.switchboard.transport.http;

import dev.switchboard.config.GatewaySettings;
import dev.switchboard.gateway.EventStream;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.GatewayException;
import dev.switchboard.gateway.Refusal;
import dev.switchboard.gateway.Session;
import dev.switchboard.gateway.TraceContext;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.Message;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.security.Principal;
import dev.switchboard.upstream.UpstreamException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;

/**
 * One Streamable HTTP endpoint request: POST carries client messages, GET opens (or resumes) a stream, DELETE ends
 * the session. Every refusal is a {@link Refusal} (answered with its {@link HttpStatuses HTTP status}) plus a JSON-RPC
 * error body. Holds only the gateway-wide {@link BodyBudget}; runs on the request's virtual thread.
 */
final class StreamableHttpHandler {
  static final String SESSION_HEADER = "Mcp-Session-Id";
  static final String VERSION_HEADER = "MCP-Protocol-Version";

  private final Gateway gateway;
  private final GatewaySettings settings;
  private final BodyBudget bodies;
  private final StatelessHttp stateless;

  StreamableHttpHandler(Gateway gateway) {
    this(gateway, BodyBudget.forLimit(gateway.config().gateway().limits().maxBodyBytes()));
  }

  StreamableHttpHandler(Gateway gateway, BodyBudget bodies) {
    this(gateway, bodies, null);
  }

  /** With {@code forwarder} (a node of a cluster): a 2026-07-28 retry goes to the node that parked its call. */
  StreamableHttpHandler(Gateway gateway, BodyBudget bodies, @Nullable Forwarder forwarder) {
    this.gateway = gateway;
    this.settings = gateway.config().gateway();
    this.bodies = bodies;
    this.stateless = new StatelessHttp(gateway, forwarder);
  }

  void post(String server, Principal principal, Request request, Response response) throws Exception {
    if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      throw refuse(Refusal.UNSUPPORTED_CONTENT_TYPE, JsonRpcError.INVALID_REQUEST,
          "Unsupported Media Type: Content-Type must be application/json");
    }
    if (!accepts(request, "application/json") || !accepts(request, "text/event-stream")) {
      throw refuse(Refusal.NOT_ACCEPTABLE, JsonRpcError.INVALID_REQUEST,
          "Not Acceptable: Accept must list both application/json and text/event-stream");
    }
    byte[] bytes = Bodies.read(request, settings.limits().maxBodyBytes(), bodies);
    MessageCodec.Body body = MessageCodec.parseBody(bytes);
    if (StatelessHttp.isModern(request, body)) {
      stateless.post(server, principal, request, response, body, bytes);
      return;
    }
    checkVersionHeader(request);
    if (body instanceof MessageCodec.Body.Single(Message.Request r) && r.method().equals("initialize")) {
      initialize(server, principal, r, response);
      return;
    }
    Session session = session(server, principal, request);
    List<Message> messages = switch (body) {
      case MessageCodec.Body.Single single -> List.of(single.message());
      case MessageCodec.Body.Batch batch -> batchOf(session, batch);
    };
    dispatch(session, messages, body instanceof MessageCodec.Body.Batch, response);
  }

  void get(String server, Principal principal, Request request, Response response) throws Exception {
    if (!accepts(request, "text/event-stream")) {
      throw refuse(Refusal.NOT_ACCEPTABLE, JsonRpcError.INVALID_REQUEST,
          "Not Acceptable: Accept must list text/event-stream");
    }
    refuseStateless(request, "GET");
    checkVersionHeader(request);
    Session session = session(server, principal, request);
    String lastEventId = request.getHeaders().get("Last-Event-ID");
    EventStream stream = lastEventId == null ? null : session.stream(lastEventId);
    long cursor = stream == null ? -1 : Resume.cursor(lastEventId);
    if (stream == null) {
      stream = session.standalone();
    } else if (cursor >= 0 && stream.lostAfter(cursor)) {
      throw refuse(Refusal.EVENTS_LOST, JsonRpcError.INVALID_REQUEST, "Gone: the events after Last-Event-ID '"
          + lastEventId.strip() + "' were dropped: the stream was cut off (the client fell more than "
          + "gateway.limits.maxStreamEvents events behind) or, unread, made room under "
          + "gateway.limits.maxRetainedEvents; send the request again, or GET without Last-Event-ID");
    }
    // resuming means the client's old connection is gone, even if the server has not noticed yet
    int token = cursor >= 0 ? stream.takeOver() : stream.attach();
    if (token == 0) {
      throw refuse(Refusal.STREAM_BUSY, JsonRpcError.INVALID_REQUEST,
          "Conflict: this session already has a stream open here");
    }
    session.touch();
    long from = cursor >= 0 ? cursor : stream.deliveredSeq();
    new StreamResponder(response, stream, token, settings.heartbeat()).stream(from, false);
  }

  void delete(String server, Principal principal, Request request, Response response) throws IOException {
    refuseStateless(request, "DELETE");
    Session session = session(server, principal, request);
    session.close("deleted by the client");
    HttpReplies.empty(response, 200);
  }

  private void initialize(String server, Principal principal, Message.Request init, Response response)
      throws Exception {
    Session session = gateway.open(server, principal.name());
    AccessRequestLog.origin(session, "streamable-http", response.getRequest());
    EventStream stream = session.openRequestStream(1);
    int token = stream.attach();
    try {
      session.initialize(TraceContext.adopt(init, response.getRequest().getHeaders().get(TraceContext.KEY)), stream);
    } catch (UpstreamException e) {
      session.close(e.getMessage());
      HttpReplies.error(response, 200, e.toError(), init.id());
      return;
    }
    if (!refused(stream, token)) {
      response.getHeaders().put(SESSION_HEADER, session.id());
    }
    String requested = init.node().path("params").path("protocolVersion").asString("");
    boolean priming = ProtocolVersion.wantsPriming(ProtocolVersion.negotiate(requested));
    new StreamResponder(response, stream, token, settings.heartbeat()).answer(false, priming);
  }

  /**
   * Whether the handshake's answer, once it comes within a heartbeat (as the responder waits for it too), is a
   * refusal: that response gets no session id, since the session it would name has already ended.
   */
  private boolean refused(EventStream stream, int token) throws InterruptedException {
    List<EventStream.Event> first = stream.await(0, settings.heartbeat(), token).events();
    return !first.isEmpty() && first.get(0).message() instanceof Message.ErrorResponse;
  }

  private void dispatch(Session session, List<Message> messages, boolean batch, Response response)
      throws Exception {
    List<Message.Request> requests = new ArrayList<>(messages.size());
    for (Message m : messages) {
      if (m instanceof Message.Request request) {
        requests.add(request);
      } else {
        session.accept(m);
      }
    }
    int limit = settings.limits().maxInFlightPerSession();
    if (!requests.isEmpty() && session.inFlight() + requests.size() > limit) {
      throw refuse(Refusal.TOO_MANY_IN_FLIGHT, JsonRpcError.SERVER_ERROR, "Too Many Requests: this session already has "
          + session.inFlight() + " requests in flight (gateway.limits.maxInFlightPerSession = " + limit + ")");
    }
    if (!requests.isEmpty() && gateway.isDraining()) {
      throw refuse(Refusal.SHUTTING_DOWN, JsonRpcError.SERVER_ERROR,
          "Service Unavailable: Switchboard is shutting down");
    }
    if (requests.isEmpty()) {
      session.touch();
      HttpReplies.empty(response, 202);
      return;
    }
    EventStream stream = session.openRequestStream(requests.size());
    int token = stream.attach();
    stream.timeFrom(response.getRequest().getBeginNanoTime()); // the request's first byte, as Jetty saw it
    try {
      forwardAll(session, requests, stream, response);
      boolean priming = ProtocolVersion.wantsPriming(session.protocolVersion());
      new StreamResponder(response, stream, token, settings.heartbeat()).answer(batch, priming);
    } finally {
      stream.written(System.nanoTime()); // the gateway's share ends with the answer written (or the client gone)
    }
  }

  private static void forwardAll(Session session, List<Message.Request> requests, EventStream stream,
      Response response) {
    for (Message.Request r : requests) {
      if (r.method().equals("initialize")) {
        stream.offer(Message.error(r.id(), new JsonRpcError(JsonRpcError.INVALID_REQUEST,
            "Invalid Request: this session is already initialized")));
      } else {
        session.forward(TraceContext.adopt(r, response.getRequest().getHeaders().get(TraceContext.KEY)), stream);
      }
    }
  }

  private List<Message> batchOf(Session session, MessageCodec.Body.Batch batch) {
    if (!ProtocolVersion.allowsBatches(session.protocolVersion())) {
      throw refuse(Refusal.BAD_REQUEST, JsonRpcError.INVALID_REQUEST, "Invalid Request: JSON-RPC batches are only "
          + "allowed in protocol 2025-03-26; this session speaks " + session.protocolVersion());
    }
    return batch.messages();
  }

  private Session session(String server, Principal principal, Request request) {
    String id = request.getHeaders().get(SESSION_HEADER);
    if (id == null || id.isBlank()) {
      throw refuse(Refusal.BAD_REQUEST, JsonRpcError.INVALID_REQUEST,
          "Bad Request: Mcp-Session-Id header is required (send initialize first)");
    }
    // a session id is not a credential: another key, or another endpoint, finds nothing
    return gateway.session(id.strip()).filter(s -> s.server().equals(server) && s.principal().equals(principal.name()))
        .orElseThrow(() -> refuse(Refusal.SESSION_UNKNOWN, JsonRpcError.SESSION_NOT_FOUND,
            "Session not found or expired"));
  }

  /** 2026-07-28 has no streams to GET and no sessions to DELETE: 405, unless the request names a session. */
  private static void refuseStateless(Request request, String method) {
    String version = request.getHeaders().get(VERSION_HEADER);
    String session = request.getHeaders().get(SESSION_HEADER);
    if (version != null && ProtocolVersion.isModern(version.strip()) && (session == null || session.isBlank())) {
      throw refuse(Refusal.METHOD_NOT_ALLOWED, JsonRpcError.INVALID_REQUEST, "Method Not Allowed: protocol "
          + version.strip() + " has no " + method + " on this endpoint; POST each request");
    }
  }

  private static void checkVersionHeader(Request request) {
    String version = request.getHeaders().get(VERSION_HEADER);
    if (version != null && !ProtocolVersion.isLegacy(version.strip())) {
      throw refuse(Refusal.BAD_REQUEST, JsonRpcError.INVALID_REQUEST, "Bad Request: unsupported MCP-Protocol-Version '"
          + version + "'; supported: " + String.join(", ", ProtocolVersion.LEGACY));
    }
  }

  static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    return type.equals("application/json") || type.endsWith("+json");
  }

  static boolean accepts(Request request, String type) {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    if (accept == null) {
      return false;
    }
    String major = type.substring(0, type.indexOf('/'));
    for (String part : accept.toLowerCase(java.util.Locale.ROOT).split(",")) {
      String range = part.split(";", 2)[0].strip();
      if (range.equals(type) || range.equals("*/*") || range.equals(major + "/*")) {
        return true;
      }
    }
    return false;
  }

  static GatewayException refuse(Refusal refusal, int code, String message) {
    return new GatewayException(refusal, new JsonRpcError(code, message));
  }

  /** A refusal named by its HTTP status, for call sites not yet moved to {@link #refuse(Refusal, int, String)}. */
  static GatewayException refuse(int status, int code, String message) {
    return refuse(HttpStatuses.refusalFor(status), code, message);
  }

  /** Parses the sequence number out of a {@code Last-Event-ID} of the form {@code stream-seq}. */
  static final class Resume {
    private Resume() {}

    static long cursor(String lastEventId) {
      try {
        return Long.parseLong(lastEventId.substring(lastEventId.lastIndexOf('-') + 1).strip());
      } catch (RuntimeException e) {
        return -1;
      }
    }
  }
}
