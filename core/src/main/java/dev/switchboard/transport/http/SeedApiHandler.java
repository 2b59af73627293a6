package dev.switchboard.transport.http;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Refusal;
import dev.switchboard.gateway.TraceContext;
import dev.switchboard.protocol.Json;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.security.Principal;
import dev.switchboard.transport.Conversation;
import dev.switchboard.transport.OutboxWriter;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;

/**
 * The seed's own HTTP API: {@code POST /rpc} takes one JSON-RPC message ({@code X-Session-ID} picks the session, a
 * new one when absent) and answers {@code {"sessionId","message"}}; the JSON-RPC answers travel on {@code GET /sse}
 * ({@code event: connected} first, then one {@code event: message} each), which may attach before or after the POST
 * — messages wait in the session's bounded outbox; {@code DELETE /session} ends it. Sessions expire after
 * {@code gateway.sessions.rpcIdleTimeout} without use. Runs on the request's virtual thread.
 */
final class SeedApiHandler {
  static final String SESSION_HEADER = "X-Session-ID";

  private final Gateway gateway;
  private final BodyBudget bodies;
  private final ConversationTable table = new ConversationTable();

  SeedApiHandler(Gateway gateway, BodyBudget bodies) {
    this.gateway = gateway;
    this.bodies = bodies;
  }

  void rpc(String server, Principal principal, Request request, Response response) throws IOException {
    if (!StreamableHttpHandler.isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      throw StreamableHttpHandler.refuse(Refusal.UNSUPPORTED_CONTENT_TYPE, JsonRpcError.INVALID_REQUEST,
          "Unsupported Media Type: Content-Type must be application/json");
    }
    byte[] body = Bodies.read(request, gateway.config().gateway().limits().maxBodyBytes(), bodies);
    // malformed: 400, and no session is made for it
    var message = TraceContext.adopt(MessageCodec.parse(body), request.getHeaders().get(TraceContext.KEY));
    Conversation conversation = conversation(server, principal, request);
    conversation.receive(message, request.getBeginNanoTime()); // its gateway share runs from the POST's first byte
    String id = conversation.session().id();
    response.getHeaders().put(SESSION_HEADER, id);
    HttpReplies.json(response, 200, Json.object().put("sessionId", id)
        .put("message", "accepted; the answer arrives on GET /sse"));
  }

  void sse(String server, Principal principal, Request request, Response response)
      throws IOException, InterruptedException {
    Conversation conversation = conversation(server, principal, request);
    String id = conversation.session().id();
    response.getHeaders().put(SESSION_HEADER, id);
    SseFrames frames = new SseFrames(response, gateway.config().gateway().heartbeat(),
        "/sse stream of session " + conversation.session().logId());
    frames.open("connected", Json.text(Json.object().put("sessionId", id)));
    conversation.session().touch();
    // a reconnecting client's old connection may not be noticed gone yet: the new one takes over
    new OutboxWriter(conversation.outbox(), frames, () -> false).drain(true);
    conversation.session().touch(); // idle from when the client left, not from when it came
    frames.close();
  }

  void delete(String server, Principal principal, Request request, Response response) throws IOException {
    String id = sessionId(request);
    Conversation conversation = (id == null ? java.util.Optional.<Conversation>empty()
        : table.find(id, server, principal)).orElseThrow(SeedApiHandler::unknown);
    conversation.close("deleted by the client");
    table.remove(conversation);
    HttpReplies.json(response, 200, Json.object().put("message", "Session closed"));
  }

  /** The session the request names, or a new one when it names none; an unknown id is a 404 with -32004. */
  private Conversation conversation(String server, Principal principal, Request request) {
    String id = sessionId(request);
    if (id != null) {
      return table.find(id, server, principal).orElseThrow(SeedApiHandler::unknown);
    }
    Conversation created = Conversation.open(gateway, server, principal.name());
    AccessRequestLog.origin(created.session(), "seed", request);
    created.session().ownIdleTimeout(gateway.config().gateway().sessions().rpcIdleTimeout());
    table.put(created);
    return created;
  }

  private static @Nullable String sessionId(Request request) {
    String header = request.getHeaders().get(SESSION_HEADER);
    String id = header != null ? header : Request.extractQueryParameters(request).getValue("sessionId");
    return id == null || id.isBlank() ? null : id.strip();
  }

  private static dev.switchboard.gateway.GatewayException unknown() {
    return StreamableHttpHandler.refuse(Refusal.SESSION_UNKNOWN, JsonRpcError.SESSION_NOT_FOUND,
        "Session not found or expired");
  }
}
