package dev.switchboard.transport.http;

import dev.switchboard.gateway.Gateway;
import dev.switchboard.gateway.Refusal;
import dev.switchboard.gateway.TraceContext;
import dev.switchboard.protocol.JsonRpcError;
import dev.switchboard.protocol.MessageCodec;
import dev.switchboard.security.Principal;
import dev.switchboard.transport.Conversation;
import dev.switchboard.transport.OutboxWriter;
import java.io.IOException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 2024-11-05 HTTP+SSE transport: {@code GET /sse/NAME} opens a session and its stream, whose first event
 * ({@code endpoint}) names where to POST; each {@code POST /messages/NAME?sessionId=…} is answered {@code 202} and
 * its answer travels on the stream. The session lives as long as its stream. Runs on the request's virtual thread.
 */
final class LegacySseHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LegacySseHandler.class);

  private final Gateway gateway;
  private final BodyBudget bodies;
  private final ConversationTable table = new ConversationTable();

  LegacySseHandler(Gateway gateway, BodyBudget bodies) {
    this.gateway = gateway;
    this.bodies = bodies;
  }

  static String postPath(String server) {
    return "/messages/" + server;
  }

  void stream(String server, Principal principal, Request request, Response response)
      throws IOException, InterruptedException {
    Conversation conversation = Conversation.open(gateway, server, principal.name());
    AccessRequestLog.origin(conversation.session(), "sse", request);
    table.put(conversation);
    // Jetty notices a client that hangs up while the stream is quiet; the session ends then, not at the next write
    request.addFailureListener(failure -> conversation.close("the client closed its SSE stream"));
    SseFrames frames = new SseFrames(response, gateway.config().gateway().heartbeat(),
        "legacy SSE stream of session " + conversation.session().logId());
    try {
      frames.open("endpoint", postPath(server) + "?sessionId=" + conversation.session().id());
      OutboxWriter.Ending ending = new OutboxWriter(conversation.outbox(), frames, () -> false).drain();
      frames.close();
      LOG.debug("legacy SSE stream of session {} ended: {}", conversation.session().logId(), ending);
    } finally {
      conversation.close("the client closed its SSE stream");
      table.remove(conversation);
    }
  }

  void post(String server, Principal principal, Request request, Response response) throws IOException {
    if (!StreamableHttpHandler.isJson(request.getHeaders().get(org.eclipse.jetty.http.HttpHeader.CONTENT_TYPE))) {
      throw StreamableHttpHandler.refuse(Refusal.UNSUPPORTED_CONTENT_TYPE, JsonRpcError.INVALID_REQUEST,
          "Unsupported Media Type: Content-Type must be application/json");
    }
    String id = Request.extractQueryParameters(request).getValue("sessionId");
    Conversation conversation = (id == null ? java.util.Optional.<Conversation>empty()
        : table.find(id, server, principal)).orElseThrow(() -> StreamableHttpHandler.refuse(
            Refusal.SESSION_UNKNOWN, JsonRpcError.SESSION_NOT_FOUND, "Session not found or expired: open "
                + "GET /sse/" + server + " first and POST to the endpoint it names"));
    byte[] body = Bodies.read(request, gateway.config().gateway().limits().maxBodyBytes(), bodies);
    // malformed: 400 with -32700/-32600, nothing queued; a request's gateway share runs from the POST's first byte
    conversation.receive(TraceContext.adopt(MessageCodec.parse(body), request.getHeaders().get(TraceContext.KEY)),
        request.getBeginNanoTime());
    HttpReplies.empty(response, 202);
  }
}
